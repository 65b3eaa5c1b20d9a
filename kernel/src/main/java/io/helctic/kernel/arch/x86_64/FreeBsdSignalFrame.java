package io.helctic.kernel.arch.x86_64;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Conventions;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.Grant;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FreeBSD's amd64 signal frame (struct sigframe: the handler, a ucontext_t, a siginfo_t) and its
 * sigreturn(2), from FreeBSD's sys/x86/include/sigframe.h, ucontext.h and amd64's sendsig and
 * sys_sigreturn. The handler is entered through the kernel's signal trampoline ("sigcode", mapped
 * into every FreeBSD process at {@link #SIGCODE}): it calls the handler, then sigreturn(&uc).
 * Signal numbers, masks and si_code are FreeBSD's, translated with the personality's
 * {@link Conventions}.
 */
final class FreeBsdSignalFrame {
    private FreeBsdSignalFrame() {}

    /** Where the trampoline is mapped: a page above the vDSO's, in the gap below the stack. */
    static final long SIGCODE = AddressSpace.MMAP_BASE + (16L << 12);
    static final String NAME = "[sigcode]";

    /**
     * call *0(%rsp); lea 0x10(%rsp),%rdi; pushq $0; mov $417,%rax (SYS_sigreturn); syscall;
     * hlt; jmp back to the hlt — assembled here from FreeBSD's sigtramp.S description.
     */
    static final byte[] TRAMPOLINE = {
        (byte) 0xff, 0x14, 0x24,
        0x48, (byte) 0x8d, 0x7c, 0x24, 0x10,
        0x6a, 0x00,
        0x48, (byte) 0xc7, (byte) 0xc0, (byte) 0xa1, 0x01, 0x00, 0x00,
        0x0f, 0x05,
        (byte) 0xf4,
        (byte) 0xeb, (byte) 0xfd,
    };
    private static final MemorySegment IMAGE = MemorySegment.ofArray(TRAMPOLINE);

    // struct sigframe: sf_ahu at 0, sf_uc at 16 (880 bytes), sf_si at 896 (80 bytes)
    static final int UC = 16, SI = 896, FRAME = 976;
    // ucontext_t: uc_sigmask (16), uc_mcontext at 16 (800), uc_link 816, uc_stack 824 (24), uc_flags 848
    static final int UC_SIGMASK = 0, MC = 16, UC_STACK = 824, UC_SIZE = 880;
    // mcontext_t offsets
    static final int MC_ONSTACK = 0, MC_TRAPNO = 128, MC_ADDR = 136, MC_FLAGS = 144, MC_ERR = 152, MC_RIP = 160,
            MC_CS = 168, MC_RFLAGS = 176, MC_RSP = 184, MC_SS = 192, MC_LEN = 200, MC_FPFORMAT = 208,
            MC_OWNEDFP = 216, MC_FPSTATE = 224, MC_FSBASE = 736, MC_GSBASE = 744, MC_SIZE = 800;
    /** The general registers from mc_rdi (offset 8) on, in mcontext order. */
    static final int[] ORDER = {X86Cpu.RDI, X86Cpu.RSI, X86Cpu.RDX, X86Cpu.RCX, X86Cpu.R8, X86Cpu.R9, X86Cpu.RAX,
            X86Cpu.RBX, X86Cpu.RBP, X86Cpu.R10, X86Cpu.R11, X86Cpu.R12, X86Cpu.R13, X86Cpu.R14, X86Cpu.R15};
    static final long MC_FPFMT_XMM = 0x10002, MC_FPOWNED_NONE = 0x20000, MC_FPOWNED_FPU = 0x20001;
    static final int MC_HASSEGS = 1, UCODE_SEL = 0x43, UDATA_SEL = 0x3b;
    static final int BSD_SS_ONSTACK = 1, BSD_SS_DISABLE = 4;
    static final int BSD_SI_USER = 0x10001, BSD_SI_KERNEL = 0x10006, BSD_FPE_INTOVF = 1, BSD_FPE_INTDIV = 2;
    static final long FLAG_TF = 0x100;

    /** Maps the trampoline into a FreeBSD process's fresh address space. */
    static void mapTrampoline(AddressSpace space) {
        var provider = new Grant.Provider.FileImage(IMAGE, SIGCODE, 0, TRAMPOLINE.length, NAME);
        space.insert(new Grant(SIGCODE, SIGCODE + AddressSpace.PAGE, io.helctic.abi.uapi.Mman.PROT_READ
                | io.helctic.abi.uapi.Mman.PROT_EXEC, provider, NAME));
    }

    /** Builds the frame and points the CPU at the trampoline; false when the frame cannot be written. */
    static boolean push(Context ctx, X86Cpu cpu, Conventions c, Signals.Action action, SignalInfo info, long oldMask) {
        AddressSpace space = ctx.space();
        long rsp = cpu.reg(X86Cpu.RSP);
        long frame = (X86Thread.frameTop(ctx, cpu, action) - FRAME) & ~15L;
        int signo = c.guestSignal(info.signo());
        int code = siCode(info.signo(), info.code());

        ByteBuffer f = ByteBuffer.allocate(FRAME).order(ByteOrder.LITTLE_ENDIAN);
        f.putLong(0, action.handler());
        putContext(f, UC, ctx, cpu, c, oldMask, rsp, info.signo() == SIGSEGV || info.signo() == SIGBUS ? 12 : 0, info.addr());
        f.putInt(SI, signo);
        f.putInt(SI + 8, code);
        f.putInt(SI + 12, info.pid());
        f.putInt(SI + 16, info.uid());
        f.putLong(SI + 24, info.addr());
        if (!space.write(frame, f.array(), 0, FRAME)) return false;

        boolean siginfo = (action.flags() & SA_SIGINFO) != 0;
        cpu.setReg(X86Cpu.RDI, signo);
        cpu.setReg(X86Cpu.RSI, siginfo ? frame + SI : code);
        cpu.setReg(X86Cpu.RDX, frame + UC);
        cpu.setReg(X86Cpu.RCX, info.addr());
        cpu.setReg(X86Cpu.RSP, frame);
        cpu.setRip(SIGCODE);
        cpu.setRflags(cpu.rflags() & ~(X86Cpu.FLAG_DF | FLAG_TF));
        return true;
    }

    /**
     * The ucontext_t (880 bytes at {@code at} in f) of the thread as it stands: signal mask
     * {@code mask}, the registers with {@code rsp}, the FPU, thread pointers and alternate stack.
     */
    private static void putContext(ByteBuffer f, int at, Context ctx, X86Cpu cpu, Conventions c, long mask, long rsp,
                                   int trapno, long addr) {
        long[] alt = ctx.altStack();
        boolean onAlt = ctx.onAltStack(rsp);
        putMask(f, at + UC_SIGMASK, mask, c);
        int mc = at + MC;
        f.putLong(mc + MC_ONSTACK, onAlt ? 1 : 0);
        for (int i = 0; i < ORDER.length; i++) f.putLong(mc + 8 + 8 * i, cpu.reg(ORDER[i]));
        f.putInt(mc + MC_TRAPNO, trapno); // T_PAGEFLT for a fault
        f.putLong(mc + MC_ADDR, addr);
        f.putInt(mc + MC_FLAGS, MC_HASSEGS);
        f.putShort(mc + 148, (short) UDATA_SEL); // mc_es
        f.putShort(mc + 150, (short) UDATA_SEL); // mc_ds
        f.putLong(mc + MC_ERR, 2);               // after a syscall, as FreeBSD's frame holds
        f.putLong(mc + MC_RIP, cpu.rip());
        f.putLong(mc + MC_CS, UCODE_SEL);
        f.putLong(mc + MC_RFLAGS, cpu.rflags());
        f.putLong(mc + MC_RSP, rsp);
        f.putLong(mc + MC_SS, UDATA_SEL);
        f.putLong(mc + MC_LEN, MC_SIZE);
        f.putLong(mc + MC_FPFORMAT, MC_FPFMT_XMM);
        f.putLong(mc + MC_OWNEDFP, MC_FPOWNED_FPU);
        f.put(mc + MC_FPSTATE, cpu.fxsave(), 0, 512);
        f.putLong(mc + MC_FSBASE, cpu.fsBase());
        f.putLong(mc + MC_GSBASE, cpu.gsBase());
        f.putLong(at + UC_STACK, alt[0]);
        f.putLong(at + UC_STACK + 8, alt[1]);
        f.putInt(at + UC_STACK + 16, alt[2] == 1 ? (onAlt ? BSD_SS_ONSTACK : 0) : BSD_SS_DISABLE);
    }

    /**
     * getcontext(ucp): the thread's context as the call returns, as FreeBSD's get_mcontext with
     * GET_MC_CLEAR_RET leaves it (rax and rdx 0, carry clear), with its signal mask.
     */
    static boolean save(Context ctx, X86Cpu cpu, Conventions c, long ucontext) {
        ByteBuffer u = ByteBuffer.allocate(UC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        putContext(u, 0, ctx, cpu, c, ctx.blocked(), cpu.reg(X86Cpu.RSP), 0, 0);
        for (int i = 0; i < ORDER.length; i++) {
            if (ORDER[i] == X86Cpu.RAX || ORDER[i] == X86Cpu.RDX) u.putLong(MC + 8 + 8 * i, 0);
        }
        u.putLong(MC + MC_RFLAGS, cpu.rflags() & ~1L);
        return ctx.space().write(ucontext, u.array(), 0, UC_SIZE);
    }

    /** FreeBSD's si_code for one of the kernel's (Linux's): SI_USER and SI_KERNEL move, FPE_INTDIV and FPE_INTOVF swap. */
    static int siCode(int signo, int code) {
        if (code == SI_USER) return BSD_SI_USER;
        if (code == SI_KERNEL) return BSD_SI_KERNEL;
        if (signo == SIGFPE && code == FPE_INTDIV) return BSD_FPE_INTDIV;
        if (signo == SIGFPE && code == FPE_INTOVF) return BSD_FPE_INTOVF;
        return code;
    }

    /** sigreturn(ucp): the registers, the FPU state and the mask from the ucontext; false when it cannot be read. */
    static boolean restore(Context ctx, X86Cpu cpu, Conventions c, long ucontext) {
        byte[] raw = new byte[UC_SIZE];
        if (!ctx.space().read(ucontext, raw, 0, UC_SIZE)) return false;
        ByteBuffer u = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int mc = MC;
        long owned = u.getLong(mc + MC_OWNEDFP);
        long format = u.getLong(mc + MC_FPFORMAT);
        if (format != MC_FPFMT_XMM && format != 0x10000 /* _MC_FPFMT_NODEV */) return false;
        if (format == MC_FPFMT_XMM && owned != MC_FPOWNED_NONE) {
            byte[] fx = new byte[512];
            u.get(mc + MC_FPSTATE, fx, 0, 512);
            if (!cpu.fxrstor(fx)) return false;
        }
        for (int i = 0; i < ORDER.length; i++) cpu.setReg(ORDER[i], u.getLong(mc + 8 + 8 * i));
        cpu.setRip(u.getLong(mc + MC_RIP));
        cpu.setRflags(u.getLong(mc + MC_RFLAGS));
        cpu.setReg(X86Cpu.RSP, u.getLong(mc + MC_RSP));
        cpu.setFsBase(u.getLong(mc + MC_FSBASE));
        cpu.setGsBase(u.getLong(mc + MC_GSBASE));
        ctx.setBlocked(mask(u, UC_SIGMASK, c));
        return true;
    }

    /** Writes the kernel mask as FreeBSD's sigset_t (four 32-bit words, bit s-1 for FreeBSD signal s). */
    static void putMask(ByteBuffer f, int at, long kernelMask, Conventions c) {
        int[] words = new int[4];
        for (int k = 1; k <= NSIG; k++) {
            if ((kernelMask & (1L << (k - 1))) == 0) continue;
            int s = c.guestSignal(k);
            if (s > 0 && s <= 128) words[(s - 1) >> 5] |= 1 << ((s - 1) & 31);
        }
        for (int i = 0; i < 4; i++) f.putInt(at + 4 * i, words[i]);
    }

    /** A FreeBSD sigset_t as the kernel's mask. */
    static long mask(ByteBuffer u, int at, Conventions c) {
        long m = 0;
        for (int k = 1; k <= NSIG; k++) {
            int s = c.guestSignal(k);
            if (s > 0 && s <= 128 && (u.getInt(at + 4 * ((s - 1) >> 5)) & (1 << ((s - 1) & 31))) != 0) m |= 1L << (k - 1);
        }
        return m;
    }
}
