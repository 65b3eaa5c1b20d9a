package io.helctic.kernel.arch.x86_64;

import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The x86-64 Linux signal frame (struct rt_sigframe): the return address (sa_restorer),
 * a ucontext whose sigcontext holds every register, the siginfo, and the CPU's 512-byte
 * FXSAVE image (x87, MXCSR, XMM), below the red zone of the interrupted stack; and rt_sigreturn, which
 * puts it all back.
 */
final class LinuxSignalFrame {
    static final int FP_SIZE = 512, UC_OFFSET = 8, MCONTEXT = UC_OFFSET + 40, SIGMASK = UC_OFFSET + 296,
            INFO = UC_OFFSET + 304, FRAME = INFO + 128;
    /** Registers in sigcontext order. */
    static final int[] ORDER = {X86Cpu.R8, X86Cpu.R9, X86Cpu.R10, X86Cpu.R11, X86Cpu.R12, X86Cpu.R13, X86Cpu.R14,
            X86Cpu.R15, X86Cpu.RDI, X86Cpu.RSI, X86Cpu.RBP, X86Cpu.RBX, X86Cpu.RDX, X86Cpu.RAX, X86Cpu.RCX, X86Cpu.RSP};
    static final long UC_SIGCONTEXT_SS = 2, UC_STRICT_RESTORE_SS = 4;

    private LinuxSignalFrame() {}

    /**
     * Builds the frame on the context's stack and points the CPU at the handler; returns
     * false when the frame cannot be written (the caller then kills with SIGSEGV).
     */
    static boolean push(Context ctx, X86Cpu cpu, Signals.Action action, SignalInfo info, long oldMask) {
        AddressSpace space = ctx.space();
        long[] alt = ctx.altStack();
        boolean onAlt = ctx.onAltStack(cpu.reg(X86Cpu.RSP));
        long fp = (X86Thread.frameTop(ctx, cpu, action) - FP_SIZE) & ~63L;
        long frame = ((fp - FRAME) & ~15L) - 8;

        ByteBuffer f = ByteBuffer.allocate(FRAME).order(ByteOrder.LITTLE_ENDIAN);
        f.putLong(0, action.restorer());
        f.putLong(UC_OFFSET, UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
        f.putLong(UC_OFFSET + 16, alt[0]);       // uc_stack.ss_sp
        f.putInt(UC_OFFSET + 24, alt[2] == 1 ? (onAlt ? 1 : 0) : 2); // SS_ONSTACK, 0, or SS_DISABLE
        f.putLong(UC_OFFSET + 32, alt[1]);       // ss_size
        for (int i = 0; i < ORDER.length; i++) f.putLong(MCONTEXT + 8 * i, cpu.reg(ORDER[i]));
        f.putLong(MCONTEXT + 128, cpu.rip());
        f.putLong(MCONTEXT + 136, cpu.rflags());
        f.putShort(MCONTEXT + 144, (short) 0x33); // cs
        f.putShort(MCONTEXT + 150, (short) 0x2b); // ss
        f.putLong(MCONTEXT + 160, info.signo() == Signal.SIGSEGV || info.signo() == Signal.SIGBUS ? 14 : 0); // trapno
        f.putLong(MCONTEXT + 168, oldMask);      // oldmask
        f.putLong(MCONTEXT + 176, info.addr());  // cr2
        f.putLong(MCONTEXT + 184, fp);           // fpstate
        f.putLong(SIGMASK, oldMask);
        f.put(INFO, info.linuxBytes());
        if (!space.write(fp, cpu.fxsave(), 0, FP_SIZE) || !space.write(frame, f.array(), 0, FRAME)) return false;

        cpu.setReg(X86Cpu.RSP, frame);
        cpu.setReg(X86Cpu.RDI, info.signo());
        cpu.setReg(X86Cpu.RSI, frame + INFO);
        cpu.setReg(X86Cpu.RDX, frame + UC_OFFSET);
        cpu.setReg(X86Cpu.RAX, 0);
        cpu.setRip(action.handler());
        cpu.setRflags(cpu.rflags() & ~(X86Cpu.FLAG_DF | 0x100L /* TF */));
        return true;
    }

    /**
     * rt_sigreturn: the frame sits just above the return address the handler's ret
     * consumed. Restores the registers (rax included: the call returns EJUSTRETURN), the XMM
     * state and the mask; false if the frame is unreadable.
     */
    static boolean restore(Context ctx, X86Cpu cpu) {
        long frame = cpu.reg(X86Cpu.RSP) - 8;
        byte[] raw = new byte[FRAME];
        if (!ctx.space().read(frame, raw, 0, FRAME)) return false;
        ByteBuffer f = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long fp = f.getLong(MCONTEXT + 184);
        if (fp != 0) {
            byte[] fx = new byte[FP_SIZE];
            if (!ctx.space().read(fp, fx, 0, FP_SIZE) || !cpu.fxrstor(fx)) return false;
        }
        for (int i = 0; i < ORDER.length; i++) cpu.setReg(ORDER[i], f.getLong(MCONTEXT + 8 * i));
        cpu.setRip(f.getLong(MCONTEXT + 128));
        cpu.setRflags(f.getLong(MCONTEXT + 136));
        ctx.setBlocked(f.getLong(SIGMASK));
        return true;
    }
}
