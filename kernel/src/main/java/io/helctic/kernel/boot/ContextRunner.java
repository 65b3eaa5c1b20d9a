package io.helctic.kernel.boot;

import io.helctic.abi.Errno;
import io.helctic.kernel.arch.x86_64.SignalFrames;
import io.helctic.kernel.arch.x86_64.X86TrapHandler;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.syscall.Delivery;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.io.PrintStream;

/**
 * Runs one context on the current JVM thread: pending signals are taken, the CPU runs
 * until it traps, the kernel handles the trap, and so on until the context ends. CPU
 * faults the kernel cannot resolve become signals for the guest.
 */
final class ContextRunner {
    /** Instructions between preemption points. */
    static final long TIME_SLICE = 1 << 20;
    static final long SA_RESTART = 0x10000000L, SA_NODEFER = 0x40000000L, SA_RESETHAND = 0x80000000L;
    static final int SI_USER = 0, SI_KERNEL = 0x80, SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPN = 2, FPE_INTDIV = 1,
            TRAP_BRKPT = 1, BUS_ADRERR = 2;

    private final X86TrapHandler syscalls;
    private final PrintStream trace;
    private final PrintStream err;

    ContextRunner(X86TrapHandler syscalls, PrintStream trace, PrintStream err) {
        this.syscalls = syscalls;
        this.trace = trace;
        this.err = err;
    }

    void run(Context ctx, Spawner spawner) {
        X86Cpu cpu = ctx.cpu();
        long restartNr = -1;
        while (!ctx.finished()) {
            if (ctx.process().stopped()) parkWhileStopped(ctx);
            if (ctx.pending() != 0) {
                Thread.interrupted(); // the wake-up has done its job
                takeSignals(ctx, restartNr, spawner);
                ctx.endSuspension();
                if (ctx.finished()) break;
            }
            restartNr = -1;
            Trap trap = RunStats.ON ? RunStats.run(cpu, TIME_SLICE) : cpu.run(TIME_SLICE);
            switch (trap) {
                case Trap.Syscall s -> {
                    long nr = cpu.reg(X86Cpu.RAX);
                    if (RunStats.ON) RunStats.syscall(ctx.personality(), nr);
                    syscalls.syscall(ctx);
                    if (cpu.reg(X86Cpu.RAX) == Errno.EINTR.negative() && ctx.pending() != 0) restartNr = nr;
                }
                case Trap.PageFault f -> pageFault(ctx, f);
                case Trap.InvalidOpcode u -> {
                    err.print("helctic: pid " + ctx.pid() + ": illegal or unimplemented instruction\n"
                            + KernelPanic.disassembly(cpu));
                    fault(ctx, Signals.SIGILL, ILL_ILLOPN, u.rip());
                }
                case Trap.DivideError d -> fault(ctx, Signals.SIGFPE, FPE_INTDIV, d.rip());
                case Trap.FloatingPointError m -> fault(ctx, Signals.SIGFPE,
                        fpeCode(cpu.fpuStatusWord() & ~cpu.fpuControlWord() & 0x3f), m.rip());
                case Trap.SimdFloatingPoint x -> fault(ctx, Signals.SIGFPE,
                        fpeCode(cpu.mxcsr() & ~(cpu.mxcsr() >> 7) & 0x3f), x.rip());
                case Trap.Breakpoint b -> fault(ctx, Signals.SIGTRAP, SI_KERNEL, 0);
                case Trap.GeneralProtection g -> fault(ctx, Signals.SIGSEGV, SI_KERNEL, 0);
                case Trap.TimerExpired t -> Thread.yield();
            }
        }
        if (trace != null) {
            Termination t = ctx.termination();
            trace.println(prefix(ctx) + (t.bySignal() ? "+++ killed by " + Signals.name(t.signal()) + " +++"
                                                      : "+++ exited with " + t.code() + " +++"));
        }
    }

    private static String prefix(Context ctx) {
        return ctx.pid() == 1 ? "" : "[pid " + ctx.pid() + "] ";
    }

    private void pageFault(Context ctx, Trap.PageFault f) {
        AddressSpace.Fault r = ctx.space().fault(f.address(), f.write(), f.execute());
        switch (r) {
            case RESOLVED -> { }
            case NOT_MAPPED -> fault(ctx, Signals.SIGSEGV, SEGV_MAPERR, f.address());
            case ACCESS -> fault(ctx, Signals.SIGSEGV, SEGV_ACCERR, f.address());
            case BEYOND_FILE -> fault(ctx, Signals.SIGBUS, BUS_ADRERR, f.address());
            case OUT_OF_MEMORY -> {
                err.println("helctic: pid " + ctx.pid() + ": out of emulated memory, killed");
                ctx.terminate(Termination.killed(Signals.SIGKILL));
            }
        }
    }

    /** A synchronous fault: the guest's handler runs if it has one and does not block it; otherwise it dies. */
    private void fault(Context ctx, int sig, int code, long address) {
        if (trace != null) {
            trace.printf("%s--- %s {si_signo=%s, si_code=%s, si_addr=%s} ---%n", prefix(ctx), Signals.name(sig),
                    Signals.name(sig), codeName(sig, code), address == 0 ? "NULL" : "0x" + Long.toHexString(address));
        }
        Signals.Action a = ctx.process().dispositions().get(sig);
        boolean blocked = (ctx.blocked() & (1L << (sig - 1))) != 0;
        if (a.handler() > Signals.SIG_IGN && !blocked) {
            if (handle(ctx, sig, a, new SignalFrames.Info(sig, code, address, 0, 0))) return;
        }
        ctx.terminate(Termination.killed(sig));
    }

    /** Linux's si_code for an x87 exception, from the unmasked exception bits. */
    static int fpeCode(int unmasked) {
        if ((unmasked & 0x01) != 0) return 7;  // FPE_FLTINV
        if ((unmasked & 0x04) != 0) return 3;  // FPE_FLTDIV
        if ((unmasked & 0x08) != 0) return 4;  // FPE_FLTOVF
        if ((unmasked & 0x12) != 0) return 5;  // FPE_FLTUND
        if ((unmasked & 0x20) != 0) return 6;  // FPE_FLTRES
        return 0;
    }

    private static String codeName(int sig, int code) {
        if (code == SI_KERNEL) return "SI_KERNEL";
        return switch (sig) {
            case Signals.SIGSEGV -> code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR";
            case Signals.SIGILL -> "ILL_ILLOPN";
            case Signals.SIGBUS -> "BUS_ADRERR";
            case Signals.SIGFPE -> switch (code) {
                case 1 -> "FPE_INTDIV";
                case 3 -> "FPE_FLTDIV";
                case 4 -> "FPE_FLTOVF";
                case 5 -> "FPE_FLTUND";
                case 6 -> "FPE_FLTRES";
                case 7 -> "FPE_FLTINV";
                default -> Integer.toString(code);
            };
            default -> Integer.toString(code);
        };
    }

    /** Takes every deliverable pending signal: ignore it, apply its default action, or enter its handler. */
    /** A stopped process's threads wait here until SIGCONT or the end; the syscall they left restarts. */
    private static void parkWhileStopped(Context ctx) {
        Process p = ctx.process();
        synchronized (p) {
            while (p.stopped() && !ctx.finished()) {
                try {
                    p.wait(50);
                } catch (InterruptedException e) {
                    // woken: look again
                }
            }
        }
        Thread.interrupted();
    }

    private void takeSignals(Context ctx, long restartNr, Spawner spawner) {
        int sig;
        while ((sig = ctx.takeDeliverable()) != 0) {
            Signals.Action a = ctx.process().dispositions().get(sig);
            if (a.handler() == Signals.SIG_IGN) continue;
            if (a.handler() == Signals.SIG_DFL) {
                switch (Signals.defaultAction(sig)) {
                    case IGNORE, CONTINUE -> { continue; }
                    case STOP -> {
                        if (trace != null) trace.printf("%s--- %s {si_signo=%s, si_code=SI_USER} ---%n", prefix(ctx),
                                Signals.name(sig), Signals.name(sig));
                        Process p = ctx.process();
                        p.stop(sig);
                        for (Context other : p.threads()) if (other != ctx) spawner.wake(other);
                        Delivery.notifyParent(p, spawner);
                        parkWhileStopped(ctx);
                        continue;
                    }
                    case TERMINATE -> {
                        if (trace != null) trace.printf("%s--- %s {si_signo=%s, si_code=SI_USER} ---%n", prefix(ctx),
                                Signals.name(sig), Signals.name(sig));
                        ctx.terminate(Termination.killed(sig));
                        return;
                    }
                }
            }
            if (trace != null) trace.printf("%s--- %s {si_signo=%s, si_code=SI_USER} ---%n", prefix(ctx),
                    Signals.name(sig), Signals.name(sig));
            if (restartNr >= 0 && (a.flags() & SA_RESTART) != 0) {
                ctx.cpu().setRip(ctx.cpu().rip() - 2); // back onto the syscall instruction
                ctx.cpu().setReg(X86Cpu.RAX, restartNr);
            }
            restartNr = -1;
            if (!handle(ctx, sig, a, new SignalFrames.Info(sig, SI_USER, 0, 0, 0))) {
                ctx.terminate(Termination.killed(Signals.SIGSEGV));
                return;
            }
        }
        if (restartNr >= 0) {
            // Only ignored signals came: Linux would not have interrupted the call at all.
            ctx.cpu().setRip(ctx.cpu().rip() - 2);
            ctx.cpu().setReg(X86Cpu.RAX, restartNr);
        }
    }

    private static boolean handle(Context ctx, int sig, Signals.Action a, SignalFrames.Info info) {
        long old = ctx.maskForFrame();
        if (!SignalFrames.push(ctx, a, info, old)) return false;
        long add = a.mask() | ((a.flags() & SA_NODEFER) != 0 ? 0 : 1L << (sig - 1));
        ctx.setBlocked(old | add);
        if ((a.flags() & SA_RESETHAND) != 0) ctx.process().dispositions().set(sig, Signals.Action.DEFAULT);
        return true;
    }
}
