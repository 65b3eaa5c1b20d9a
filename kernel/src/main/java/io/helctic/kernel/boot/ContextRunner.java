package io.helctic.kernel.boot;

import io.helctic.kernel.arch.x86_64.X86TrapHandler;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.Trap;
import java.io.PrintStream;

/**
 * Runs one context on the current JVM thread: the CPU runs until it traps, the kernel
 * handles the trap, and so on until the context ends. CPU faults the kernel cannot
 * resolve become signals for the guest, whose default action ends the process.
 */
final class ContextRunner {
    /** Instructions between preemption points. */
    static final long TIME_SLICE = 1 << 20;

    private final X86TrapHandler syscalls;
    private final PrintStream trace;
    private final PrintStream err;

    ContextRunner(X86TrapHandler syscalls, PrintStream trace, PrintStream err) {
        this.syscalls = syscalls;
        this.trace = trace;
        this.err = err;
    }

    void run(Context ctx) {
        var cpu = ctx.cpu();
        while (!ctx.finished()) {
            Trap trap = cpu.run(TIME_SLICE);
            switch (trap) {
                case Trap.Syscall s -> syscalls.syscall(ctx);
                case Trap.PageFault f -> pageFault(ctx, f);
                case Trap.InvalidOpcode u -> {
                    err.print("helctic: pid " + ctx.pid() + ": illegal or unimplemented instruction\n"
                            + KernelPanic.disassembly(cpu));
                    signal(ctx, Signals.SIGILL, "ILL_ILLOPN", u.rip());
                }
                case Trap.DivideError d -> signal(ctx, Signals.SIGFPE, "FPE_INTDIV", d.rip());
                case Trap.Breakpoint b -> signal(ctx, Signals.SIGTRAP, "SI_KERNEL", 0);
                case Trap.GeneralProtection g -> signal(ctx, Signals.SIGSEGV, "SI_KERNEL", 0);
                case Trap.TimerExpired t -> Thread.yield();
            }
        }
        if (trace != null) {
            Termination t = ctx.termination();
            trace.println(t.bySignal() ? "+++ killed by " + Signals.name(t.signal()) + " +++"
                                       : "+++ exited with " + t.code() + " +++");
        }
    }

    private void pageFault(Context ctx, Trap.PageFault f) {
        AddressSpace.Fault r = ctx.space().fault(f.address(), f.write(), f.execute());
        switch (r) {
            case RESOLVED -> { }
            case NOT_MAPPED -> signal(ctx, Signals.SIGSEGV, "SEGV_MAPERR", f.address());
            case ACCESS -> signal(ctx, Signals.SIGSEGV, "SEGV_ACCERR", f.address());
            case OUT_OF_MEMORY -> {
                err.println("helctic: pid " + ctx.pid() + ": out of emulated memory, killed");
                signal(ctx, Signals.SIGKILL, "SI_KERNEL", 0);
            }
        }
    }

    /** Delivers a fault signal. Without handlers (they arrive with signals) the default action ends the process. */
    private void signal(Context ctx, int sig, String code, long address) {
        if (trace != null) {
            trace.printf("--- %s {si_signo=%s, si_code=%s, si_addr=%s} ---%n", Signals.name(sig), Signals.name(sig),
                    code, address == 0 ? "NULL" : "0x" + Long.toHexString(address));
        }
        ctx.terminate(Termination.killed(sig));
    }
}
