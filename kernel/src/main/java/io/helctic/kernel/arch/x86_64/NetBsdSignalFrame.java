package io.helctic.kernel.arch.x86_64;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Conventions;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NetBSD's amd64 signal frame (struct sigframe_siginfo: the return address, a siginfo_t, a
 * ucontext_t) and its setcontext(2) and getcontext(2), from NetBSD's
 * sys/arch/amd64/include/{mcontext,frame}.h, sys/sys/{ucontext,siginfo}.h and amd64's
 * sendsig_siginfo and cpu_{get,set}mcontext. The handler returns into the trampoline the
 * program gave __sigaction_sigtramp (the action's restorer), which calls setcontext on the
 * frame's ucontext. Signal numbers and masks are NetBSD's, translated with the
 * personality's {@link Conventions}.
 */
final class NetBsdSignalFrame {
    private NetBsdSignalFrame() {}

    // struct sigframe_siginfo: sf_ra at 0, sf_si at 8 (128 bytes), sf_uc at 136 (784 bytes)
    static final int SI = 8, UC = 136, FRAME = 920;
    // ucontext_t: uc_flags 0, uc_link 8, uc_sigmask 16 (16 bytes), uc_stack 32 (24), uc_mcontext 56
    static final int UC_FLAGS = 0, UC_SIGMASK = 16, UC_STACK = 32, MC = 56, UC_SIZE = 784;
    // mcontext_t: __gregs[26] at 0, _mc_tlsbase at 208, __fpregs (fxsave) at 216
    static final int MC_TLSBASE = 208, MC_FPREGS = 216;
    static final int REG_GS = 15, REG_FS = 16, REG_ES = 17, REG_DS = 18, REG_TRAPNO = 19, REG_ERR = 20, REG_RIP = 21,
            REG_CS = 22, REG_RFLAGS = 23, REG_RSP = 24, REG_SS = 25;
    /** The general registers __gregs[0..14] hold, in order. */
    static final int[] ORDER = {X86Cpu.RDI, X86Cpu.RSI, X86Cpu.RDX, X86Cpu.RCX, X86Cpu.R8, X86Cpu.R9, X86Cpu.R10,
            X86Cpu.R11, X86Cpu.R12, X86Cpu.R13, X86Cpu.R14, X86Cpu.R15, X86Cpu.RBP, X86Cpu.RBX, X86Cpu.RAX};
    static final int UC_SIGMASK_FLAG = 0x1, UC_STACK_FLAG = 0x2, UC_CPU = 0x4, UC_FPU = 0x8, UC_SETSTACK = 0x10000,
            UC_CLRSTACK = 0x20000, UC_TLSBASE = 0x80000;
    static final int NB_SS_ONSTACK = 1, NB_SS_DISABLE = 4;
    static final int NB_SI_LWP = -5, NB_SI_NOINFO = 32767;
    static final int UCODE_SEL = 0x33, UDATA_SEL = 0x2b;
    static final long FLAG_TF = 0x100, FLAG_AC = 0x40000;
    /** The flags a ucontext may change (PSL_USERSTATIC's complement on amd64: the arithmetic flags, DF, TF and AC). */
    static final long USER_FLAGS = 0xcd5 | FLAG_TF | 0x400 | FLAG_AC;

    /** The thread's machine state as a NetBSD ucontext (784 bytes), flags saying which parts it holds. */
    private static ByteBuffer context(Context ctx, X86Cpu cpu, Conventions c, long mask, boolean onAlt) {
        ByteBuffer u = ByteBuffer.allocate(UC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long[] alt = ctx.altStack();
        u.putInt(UC_FLAGS, UC_SIGMASK_FLAG | UC_STACK_FLAG | UC_CPU | UC_FPU | UC_TLSBASE | (onAlt ? UC_SETSTACK : UC_CLRSTACK));
        putMask(u, UC_SIGMASK, mask, c);
        u.putLong(UC_STACK, alt[0]);
        u.putLong(UC_STACK + 8, alt[1]);
        u.putInt(UC_STACK + 16, alt[2] == 1 ? (onAlt ? NB_SS_ONSTACK : 0) : NB_SS_DISABLE);
        for (int i = 0; i < ORDER.length; i++) u.putLong(MC + 8 * i, cpu.reg(ORDER[i]));
        u.putLong(MC + 8 * REG_GS, UDATA_SEL);
        u.putLong(MC + 8 * REG_FS, UDATA_SEL);
        u.putLong(MC + 8 * REG_ES, UDATA_SEL);
        u.putLong(MC + 8 * REG_DS, UDATA_SEL);
        u.putLong(MC + 8 * REG_RIP, cpu.rip());
        u.putLong(MC + 8 * REG_CS, UCODE_SEL);
        u.putLong(MC + 8 * REG_RFLAGS, cpu.rflags());
        u.putLong(MC + 8 * REG_RSP, cpu.reg(X86Cpu.RSP));
        u.putLong(MC + 8 * REG_SS, UDATA_SEL);
        u.putLong(MC + MC_TLSBASE, cpu.fsBase());
        u.put(MC + MC_FPREGS, cpu.fxsave(), 0, 512);
        return u;
    }

    /** Builds the frame and enters the handler; false when the frame cannot be written. */
    static boolean push(Context ctx, X86Cpu cpu, Conventions c, Signals.Action action, SignalInfo info, long oldMask) {
        long rsp = cpu.reg(X86Cpu.RSP);
        boolean onAlt = ctx.onAltStack(rsp);
        long frame = ((X86Thread.frameTop(ctx, cpu, action) - FRAME) & ~15L) - 8; // the handler sees a call's alignment
        int signo = c.guestSignal(info.signo());
        ByteBuffer u = context(ctx, cpu, c, oldMask, onAlt);
        u.putLong(MC + 8 * REG_TRAPNO, info.signo() == SIGSEGV || info.signo() == SIGBUS ? 6 : 0); // T_PAGEFLT
        ByteBuffer f = ByteBuffer.allocate(FRAME).order(ByteOrder.LITTLE_ENDIAN);
        f.putLong(0, action.restorer());
        f.putInt(SI, signo);
        f.putInt(SI + 4, siCode(info.code()));
        boolean fault = info.signo() == SIGSEGV || info.signo() == SIGBUS || info.signo() == SIGILL || info.signo() == SIGFPE;
        if (fault) {
            f.putLong(SI + 16, info.addr());
        } else {
            f.putInt(SI + 16, info.pid());
            f.putInt(SI + 20, info.uid());
        }
        f.put(UC, u.array(), 0, UC_SIZE);
        if (!ctx.space().write(frame, f.array(), 0, FRAME)) return false;
        cpu.setReg(X86Cpu.RDI, signo);
        cpu.setReg(X86Cpu.RSI, frame + SI);
        cpu.setReg(X86Cpu.RDX, frame + UC);
        cpu.setReg(X86Cpu.R15, frame + UC); // buildcontext's: the trampoline hands r15 to setcontext
        cpu.setReg(X86Cpu.RSP, frame);
        cpu.setRip(action.handler());
        cpu.setRflags(cpu.rflags() & ~(X86Cpu.FLAG_DF | FLAG_TF | FLAG_AC));
        return true;
    }

    /** NetBSD's si_code for one of the kernel's (Linux's): a thread-directed kill is SI_LWP, the kernel's own SI_NOINFO. */
    static int siCode(int code) {
        if (code == SI_TKILL) return NB_SI_LWP;
        if (code == SI_KERNEL) return NB_SI_NOINFO;
        return code;
    }

    /** getcontext: the thread's state as it returns from the call (rax 0, carry clear) at ucontext; false when it cannot be written. */
    static boolean save(Context ctx, X86Cpu cpu, Conventions c, long ucontext) {
        ByteBuffer u = context(ctx, cpu, c, ctx.blocked(), ctx.onAltStack(cpu.reg(X86Cpu.RSP)));
        u.putLong(MC + 8 * 14, 0); // rax: getcontext's 0
        u.putLong(MC + 8 * REG_RFLAGS, cpu.rflags() & ~1L); // carry clear
        return ctx.space().write(ucontext, u.array(), 0, UC_SIZE);
    }

    /** setcontext(ucp): what uc_flags says the ucontext holds; false when it cannot be read or is unusable. */
    static boolean restore(Context ctx, X86Cpu cpu, Conventions c, long ucontext) {
        byte[] raw = new byte[UC_SIZE];
        if (!ctx.space().read(ucontext, raw, 0, UC_SIZE)) return false;
        ByteBuffer u = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int flags = u.getInt(UC_FLAGS);
        if ((flags & UC_FPU) != 0) {
            byte[] fx = new byte[512];
            u.get(MC + MC_FPREGS, fx, 0, 512);
            if (!cpu.fxrstor(fx)) return false;
        }
        if ((flags & UC_CPU) != 0) {
            for (int i = 0; i < ORDER.length; i++) cpu.setReg(ORDER[i], u.getLong(MC + 8 * i));
            cpu.setRip(u.getLong(MC + 8 * REG_RIP));
            cpu.setReg(X86Cpu.RSP, u.getLong(MC + 8 * REG_RSP));
            cpu.setRflags((cpu.rflags() & ~USER_FLAGS) | (u.getLong(MC + 8 * REG_RFLAGS) & USER_FLAGS));
        }
        if ((flags & UC_TLSBASE) != 0) cpu.setFsBase(u.getLong(MC + MC_TLSBASE));
        if ((flags & UC_SIGMASK_FLAG) != 0) ctx.setBlocked(mask(u, UC_SIGMASK, c));
        return true;
    }

    /** Writes the kernel mask as NetBSD's sigset_t (four 32-bit words, bit s-1 for NetBSD signal s). */
    static void putMask(ByteBuffer f, int at, long kernelMask, Conventions c) {
        FreeBsdSignalFrame.putMask(f, at, kernelMask, c);
    }

    static long mask(ByteBuffer u, int at, Conventions c) {
        return FreeBsdSignalFrame.mask(u, at, c);
    }
}
