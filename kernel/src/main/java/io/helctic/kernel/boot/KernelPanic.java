package io.helctic.kernel.boot;

import io.helctic.abi.Personality;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.syscall.SyscallHistory;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.cpu.x86_64.X86Disassembler;
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
            X86Cpu cpu = ctx.cpu();
            s.append("guest registers (").append(ctx.personality()).append(" personality):\n");
            cpu.registerDump().lines().forEach(l -> s.append("    ").append(l).append('\n'));
            String code;
            try {
                code = disassembly(cpu);
            } catch (RuntimeException | LinkageError again) { // the machine may be what broke: the report goes on
                code = "    (not readable: " + again + ")\n";
            }
            s.append("code at rip:\n").append(code);
        }
        s.append("last syscalls (oldest first):\n");
        var entries = history.entries();
        if (entries.isEmpty()) s.append("    (none)\n");
        for (var e : entries) {
            String line;
            try {
                line = personality.describe(e.nr(), e.args(), e.result(), e.personality());
            } catch (RuntimeException again) {
                line = "syscall " + e.nr() + " (not describable: " + again + ")";
            }
            s.append("    [tid ").append(e.tid()).append("] ").append(line).append(e.result() == null ? "   <- in flight" : "").append('\n');
        }
        err.print(s);
        err.flush();
    }

    static String disassembly(X86Cpu cpu) {
        StringBuilder s = new StringBuilder();
        byte[] code = new byte[64];
        long rip = cpu.rip();
        int n = cpu.fetchCode(rip, code);
        int at = 0;
        for (int i = 0; i < 4 && at < n; i++) {
            int len = X86Disassembler.length(code, at);
            if (len <= 0 || at + len > n) {
                s.append(String.format("    %#x: %s (undecodable)%n", rip + at, hex(code, at, Math.min(n - at, 15))));
                break;
            }
            s.append(String.format("    %#x: %-30s %s%n", rip + at, hex(code, at, len),
                    X86Disassembler.disassemble(code, at, rip + at)));
            at += len;
        }
        if (n == 0) s.append(String.format("    %#x: (not mapped)%n", rip));
        return s.toString();
    }

    static String hex(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (i > 0) s.append(' ');
            s.append(String.format("%02x", b[off + i] & 0xff));
        }
        return s.toString();
    }
}
