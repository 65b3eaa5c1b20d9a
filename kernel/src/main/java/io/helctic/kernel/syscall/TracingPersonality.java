package io.helctic.kernel.syscall;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelCode;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.kernel.context.Context;
import java.io.PrintStream;

/**
 * Wraps the personality layer on the kernel's side of boundary 1: records every call in
 * the history kept for panic reports and, with --strace, prints it as strace does, in the
 * personality's own names. The trap handler stays free of tracing.
 */
public final class TracingPersonality implements Personality {
    private final Personality inner;
    private final SyscallHistory history;
    private final PrintStream trace;

    public TracingPersonality(Personality inner, SyscallHistory history, PrintStream trace) {
        this.inner = inner;
        this.history = history;
        this.trace = trace;
    }

    @Override
    public void init(KernelOps ops) {
        inner.init(ops);
    }

    @Override
    public SyscallResult syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, PersonalityId p, Isa isa) {
        Context ctx = Context.current();
        long seq = history.add(ctx.tid(), nr, a1, a2, a3, a4, a5, a6, p, isa);
        // A call that replaces the address space (execve) is shown with its arguments as they
        // were on entry, as strace shows it: afterwards its strings are gone.
        var space = trace != null ? ctx.space() : null;
        long[] args = trace != null ? new long[] {a1, a2, a3, a4, a5, a6} : null;
        String atEntry = trace != null ? inner.describe(nr, args, null, p, isa) : null;
        SyscallResult r = inner.syscall(nr, a1, a2, a3, a4, a5, a6, p, isa);
        // A call that set the registers itself (sigreturn, execve) is shown with what they hold.
        SyscallResult shown = r.code() == KernelCode.EJUSTRETURN ? ctx.cpu().resultRegisters(r) : r;
        history.complete(seq, shown);
        if (trace != null) {
            // A call that ended its context never returns: strace shows "= ?".
            String line = inner.describe(nr, args, ctx.finished() ? null : shown, p, isa);
            int result = line.lastIndexOf(" = ");
            if (ctx.space() != space && atEntry.endsWith(" = ?") && result >= 0) {
                line = atEntry.substring(0, atEntry.length() - 4) + line.substring(result);
            }
            trace.println(ctx.pid() == 1 ? line : "[pid " + ctx.pid() + "] " + line);
        }
        return r;
    }

    @Override
    public String describe(long nr, long[] args, SyscallResult result, PersonalityId p, Isa isa) {
        return inner.describe(nr, args, result, p, isa);
    }

    @Override
    public Conventions conventions(PersonalityId p, Isa isa) {
        return inner.conventions(p, isa);
    }
}
