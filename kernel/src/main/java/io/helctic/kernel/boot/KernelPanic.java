package io.helctic.kernel.boot;

import io.helctic.abi.Personality;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.syscall.SyscallHistory;
import io.helctic.kernel.arch.GuestCpu;
import java.io.PrintStream;

/**
 * A kernel bug, reported as a panic with the guest's context instead of a JVM stack
 * trace: the failure, the guest registers, the instructions at rip and the last syscalls.
 */
public final class KernelPanic {
    /** The exit status after a panic (EX_SOFTWARE). */
    public static final int STATUS = 70;
    private static final int KERNEL_FRAMES = 8;

    private KernelPanic() {}

    static void report(PrintStream err, Context ctx, Throwable bug, SyscallHistory history, Personality personality) {
        StringBuilder s = new StringBuilder();
        s.append("helctic: KERNEL PANIC");
        if (ctx != null) s.append(" in pid ").append(ctx.pid()).append(" tid ").append(ctx.tid());
        s.append(": ").append(bug).append('\n');
        StackTraceElement[] frames = bug.getStackTrace();
        for (int i = 0; i < Math.min(KERNEL_FRAMES, frames.length); i++) {
            s.append("    at ").append(frames[i]).append('\n');
        }
        if (ctx != null) {
            GuestCpu cpu = ctx.cpu();
            s.append("guest registers (").append(ctx.personality()).append(" personality):\n");
            cpu.registerDump().lines().forEach(l -> s.append("    ").append(l).append('\n'));
            String code;
            try {
                code = cpu.codeAtPc();
            } catch (RuntimeException | LinkageError again) { // the machine may be what broke: the report goes on
                code = "    (not readable: " + again + ")\n";
            }
            s.append("code at the program counter:\n").append(code);
        }
        s.append("last syscalls (oldest first):\n");
        var entries = history.entries();
        if (entries.isEmpty()) s.append("    (none)\n");
        for (var e : entries) {
            String line;
            try {
                line = personality.describe(e.nr(), e.args(), e.result(), e.personality(), e.isa());
            } catch (RuntimeException again) {
                line = "syscall " + e.nr() + " (not describable: " + again + ")";
            }
            s.append("    [tid ").append(e.tid()).append("] ").append(line).append(e.result() == null ? "   <- in flight" : "").append('\n');
        }
        err.print(s);
        err.flush();
    }
}
