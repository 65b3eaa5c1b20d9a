package io.helctic.kernel.boot;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.KernelCode;
import io.helctic.abi.Personality;
import io.helctic.abi.SyscallResult;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.arch.CpuExit;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.syscall.Delivery;
import java.io.PrintStream;

/**
 * Runs one context on the current JVM thread: pending signals are taken, the CPU runs
 * until it stops, the kernel handles why, and so on until the context ends. CPU
 * faults the kernel cannot resolve become signals for the guest. A call a signal
 * interrupted is completed here, before the guest sees it: restarted or ended with EINTR
 * as its {@link KernelCode} and the handler's SA_RESTART say, the same for every personality.
 */
final class ContextRunner {
    /** Instructions between preemption points. */
    static final long TIME_SLICE = 1 << 20;

    private final Personality layer;
    private final PrintStream trace;
    private final PrintStream err;

    /** {@code layer} is the personality layer (boundary 1) the CPUs' syscall traps call. */
    ContextRunner(Personality layer, PrintStream trace, PrintStream err) {
        this.layer = layer;
        this.trace = trace;
        this.err = err;
    }

    void run(Context ctx, Spawner spawner) {
        GuestCpu cpu = ctx.cpu();
        SyscallResult interrupted = null;
        while (!ctx.finished()) {
            if (ctx.process().stopped()) parkWhileStopped(ctx);
            if (ctx.pending() != 0 || interrupted != null) {
                Thread.interrupted(); // the wake-up has done its job
                takeSignals(ctx, interrupted, spawner);
                interrupted = null;
                ctx.endSuspension();
                if (ctx.finished()) break;
            }
            CpuExit exit = RunStats.ON ? RunStats.run(cpu, TIME_SLICE) : cpu.run(TIME_SLICE);
            // instanceof tests, not a pattern switch (see X86Thread.run); the commonest first, and a
            // fault's class last, so that a run without one never loads it
            if (exit instanceof CpuExit.Syscall) {
                if (ctx.seccomp().mode() == 0 || !filtered(ctx)) {
                    SyscallResult r = cpu.syscall(layer, ctx.personality());
                    if (RunStats.ON) RunStats.syscall(ctx.personality(), cpu.syscallNumber());
                    if (r.interrupted()) interrupted = r;
                    else cpu.complete(r);
                }
            } else if (exit instanceof CpuExit.PageFault f) {
                pageFault(ctx, f);
            } else if (exit instanceof CpuExit.Preempted) {
                Thread.yield();
            } else {
                CpuExit.Fault f = (CpuExit.Fault) exit;
                fault(ctx, f.signal(), f.code(), f.address(), f.diagnostic());
            }
            ctx.process().timers().pollCpu(); // timers on CPU clocks
        }
        if (trace != null) {
            Termination t = ctx.termination();
            trace.println(prefix(ctx) + (t.bySignal() ? "+++ killed by " + Signals.name(t.signal()) + " +++"
                                                      : "+++ exited with " + t.code() + " +++"));
        }
    }

    /**
     * Runs the thread's syscall filters over the call it trapped for; true when they decided its
     * fate (skipped with a result, a SIGSYS, or the thread or process ended) and it is not made.
     */
    private boolean filtered(Context ctx) {
        switch (io.helctic.kernel.syscall.SeccompOps.verdict(ctx)) {
            case io.helctic.kernel.syscall.SeccompOps.Verdict.Proceed p -> {
                return false;
            }
            case io.helctic.kernel.syscall.SeccompOps.Verdict.Skip k -> ctx.cpu().complete(k.result());
            case io.helctic.kernel.syscall.SeccompOps.Verdict.Trap t -> {
                ctx.cpu().complete(t.result());
                if (!signalFault(ctx, t.info())) ctx.terminate(Termination.killed(t.info().signo()));
            }
            case io.helctic.kernel.syscall.SeccompOps.Verdict.EndThread e -> ctx.terminate(Termination.exited(0));
            case io.helctic.kernel.syscall.SeccompOps.Verdict.Kill k -> {
                if (trace != null) trace.println(prefix(ctx) + "--- " + Signals.name(k.signal()) + " (syscall filter) ---");
                ctx.terminate(Termination.killed(k.signal()));
            }
        }
        return true;
    }

    private static String prefix(Context ctx) {
        return ctx.pid() == 1 ? "" : "[pid " + ctx.pid() + "] ";
    }

    private void pageFault(Context ctx, CpuExit.PageFault f) {
        AddressSpace.Fault r = ctx.space().fault(f.address(), f.write(), f.execute());
        switch (r) {
            case RESOLVED -> { }
            case NOT_MAPPED -> fault(ctx, SIGSEGV, SEGV_MAPERR, f.address(), null);
            case ACCESS -> fault(ctx, SIGSEGV, SEGV_ACCERR, f.address(), null);
            case BEYOND_FILE -> fault(ctx, SIGBUS, BUS_ADRERR, f.address(), null);
            case OUT_OF_MEMORY -> {
                err.println("helctic: pid " + ctx.pid() + ": out of emulated memory, killed");
                ctx.terminate(Termination.killed(SIGKILL));
            }
        }
    }

    /**
     * A synchronous fault: the guest's handler runs if it has one and does not block it; otherwise
     * it dies, and only then is {@code diagnostic} (what the CPU could not execute, or null)
     * printed: a guest that handles its own faults (a fuzzer, a JIT probing for instructions)
     * prints nothing on the host's stderr, as under Linux.
     */
    private void fault(Context ctx, int sig, int code, long address, String diagnostic) {
        SignalInfo info = SignalInfo.fault(sig, code, address);
        if (signalFault(ctx, info)) return;
        if (diagnostic != null) err.print("helctic: pid " + ctx.pid() + ": " + diagnostic);
        ctx.terminate(Termination.killed(sig));
    }

    /**
     * A signal forced on the thread (Linux's force_sig): its handler runs if it has one and does
     * not block it (true); otherwise the thread's process dies of it (false, the caller ends it).
     */
    private boolean signalFault(Context ctx, SignalInfo info) {
        int sig = info.signo();
        if (trace != null) trace.println(prefix(ctx) + describe(info));
        Signals.Action a = ctx.process().dispositions().get(sig);
        boolean blocked = (ctx.blocked() & (1L << (sig - 1))) != 0;
        if (a.handler() > Signal.SIG_IGN && !blocked) {
            return handle(ctx, sig, a, info);
        }
        return false;
    }

    /** A signal as strace shows it: {@code --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=2, si_uid=0} ---}. */
    static String describe(SignalInfo i) {
        String name = Signals.name(i.signo());
        StringBuilder b = new StringBuilder("--- ").append(name).append(" {si_signo=").append(name)
                .append(", si_code=").append(codeName(i.signo(), i.code()));
        if (i.isFault()) {
            b.append(", si_addr=").append(i.addr() == 0 ? "NULL" : "0x" + Long.toHexString(i.addr()));
        } else if (i.code() == SI_TIMER) {
            b.append(", si_timerid=").append(i.timerId()).append(", si_overrun=").append(i.overrun());
        } else if (i.code() != SI_KERNEL) {
            b.append(", si_pid=").append(i.pid()).append(", si_uid=").append(i.uid());
            if (i.signo() == SIGCHLD && i.code() > 0) b.append(", si_status=").append(i.status());
        }
        return b.append("} ---").toString();
    }

    private static String codeName(int sig, int code) {
        switch (code) {
            case SI_KERNEL: return "SI_KERNEL";
            case SI_USER: return "SI_USER";
            case SI_TKILL: return "SI_TKILL";
            case SI_QUEUE: return "SI_QUEUE";
            case SI_TIMER: return "SI_TIMER";
            case SI_MESGQ: return "SI_MESGQ";
            case SI_ASYNCIO: return "SI_ASYNCIO";
            case SI_SIGIO: return "SI_SIGIO";
            default: break;
        }
        if (sig == SIGCHLD) {
            return switch (code) {
                case CLD_EXITED -> "CLD_EXITED";
                case CLD_KILLED -> "CLD_KILLED";
                case CLD_DUMPED -> "CLD_DUMPED";
                case CLD_STOPPED -> "CLD_STOPPED";
                case CLD_CONTINUED -> "CLD_CONTINUED";
                default -> Integer.toString(code);
            };
        }
        return switch (sig) {
            case SIGSEGV -> code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR";
            case SIGILL -> "ILL_ILLOPN";
            case SIGBUS -> "BUS_ADRERR";
            case SIGFPE -> switch (code) {
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

    /** A stopped process's threads wait here until SIGCONT or the end; the syscall they left restarts. */
    private static void parkWhileStopped(Context ctx) {
        Process p = ctx.process();
        synchronized (p) {
            while (p.stopped() && !ctx.finished()) {
                try {
                    p.wait(); // woken by SIGCONT (Process.resume) or the end (an interrupt)
                } catch (InterruptedException e) {
                    // woken: look again
                }
            }
        }
        Thread.interrupted();
    }

    /**
     * Takes every deliverable pending signal: ignore it, apply its default action, or enter its
     * handler. {@code interrupted} (may be null) is the call a signal interrupted: it restarts or
     * ends with EINTR before the first handler's frame saves the registers, and restarts when no
     * handler runs at all.
     */
    private void takeSignals(Context ctx, SyscallResult interrupted, Spawner spawner) {
        SignalInfo info;
        while ((info = ctx.takeDeliverable()) != null) {
            int sig = info.signo();
            Signals.Action a = ctx.process().dispositions().get(sig);
            if (a.handler() == Signal.SIG_IGN) continue;
            if (a.handler() == Signal.SIG_DFL) {
                switch (Signals.defaultAction(sig)) {
                    case IGNORE, CONTINUE -> { continue; }
                    case STOP -> {
                        if (trace != null) trace.println(prefix(ctx) + describe(info));
                        Process p = ctx.process();
                        p.stop(sig);
                        for (Context other : p.threads()) if (other != ctx) spawner.wake(other);
                        Delivery.notifyParent(p, spawner, CLD_STOPPED, sig);
                        parkWhileStopped(ctx);
                        continue;
                    }
                    case TERMINATE -> {
                        if (trace != null) trace.println(prefix(ctx) + describe(info));
                        ctx.terminate(Termination.killed(sig));
                        return;
                    }
                }
            }
            if (trace != null) trace.println(prefix(ctx) + describe(info));
            if (interrupted != null) {
                completeBeforeHandler(ctx, interrupted, a);
                interrupted = null;
            }
            if (!handle(ctx, sig, a, info)) {
                ctx.terminate(Termination.killed(SIGSEGV));
                return;
            }
        }
        if (interrupted != null) restartWithoutHandler(ctx, interrupted);
    }

    /** A handler is about to run: the interrupted call restarts (SA_RESTART, or always) or ends with EINTR. */
    static void completeBeforeHandler(Context ctx, SyscallResult interrupted, Signals.Action a) {
        boolean restart = switch (interrupted.code()) {
            case ERESTARTSYS -> (a.flags() & SA_RESTART) != 0;
            case ERESTARTNOINTR -> true;
            case ERESTARTNOHAND, ERESTART_RESTARTBLOCK, EJUSTRETURN -> false;
        };
        ctx.takeRestartBlock();
        if (restart) ctx.cpu().restart(ctx.cpu().syscallNumber());
        else ctx.cpu().complete(interrupted);
    }

    /**
     * No handler ran (the signals were ignored, stopped and continued the process, or another
     * thread took them): Linux would not have interrupted the call, so it runs again — through
     * the personality's restart call when it kept a restart block, or, where the OS has none,
     * ends with EINTR.
     */
    static void restartWithoutHandler(Context ctx, SyscallResult interrupted) {
        if (interrupted.code() == KernelCode.ERESTART_RESTARTBLOCK) {
            long nr = ctx.conventions().restartSyscall();
            if (nr >= 0) {
                ctx.cpu().restart(nr);
            } else {
                ctx.takeRestartBlock();
                ctx.cpu().complete(interrupted);
            }
            return;
        }
        ctx.cpu().restart(ctx.cpu().syscallNumber());
    }

    private static boolean handle(Context ctx, int sig, Signals.Action a, SignalInfo info) {
        long old = ctx.maskForFrame();
        if (!ctx.cpu().enterHandler(ctx, ctx.conventions(), a, info, old)) return false;
        long add = a.mask() | ((a.flags() & SA_NODEFER) != 0 ? 0 : 1L << (sig - 1));
        ctx.setBlocked(old | add);
        if ((a.flags() & SA_RESETHAND) != 0) ctx.process().dispositions().set(sig, Signals.Action.DEFAULT);
        return true;
    }
}
