package io.helctic.kernel.arch.x86_64;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelCode;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.kernel.arch.CpuExit;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.cpu.x86_64.disasm.X86Disassembler;

/**
 * An x86-64 guest thread's CPU as the kernel uses it. The syscall trap: the number in rax, the
 * arguments in rdi, rsi, rdx, r10, r8, r9 (rcx and r11 hold SYSCALL's return rip and rflags), the
 * result to rax (and rdx), the carry flag as the personality says. A restart steps rip back over
 * the two-byte SYSCALL with the number in rax again; the arguments were never touched.
 */
public final class X86Thread implements GuestCpu {
    /** SYSCALL's encoding is 0F 05. */
    static final int SYSCALL_LENGTH = 2;

    private final X86Cpu cpu;
    private long syscallNr;

    X86Thread(X86Cpu cpu) {
        this.cpu = cpu;
    }

    /** The machine's CPU (this package's frames and tests use its registers). */
    X86Cpu cpu() { return cpu; }

    @Override
    public Isa isa() { return Isa.X86_64; }

    @Override
    public CpuExit run(long budget) {
        // instanceof tests, not a pattern switch: its SwitchBootstraps class is spun at the first
        // run of every JVM (the AOT cache holds none), ~1-2 ms of start-up; the commonest first
        Trap t = cpu.run(budget);
        if (t instanceof Trap.Syscall) return CpuExit.SYSCALL;
        if (t instanceof Trap.TimerExpired) return CpuExit.PREEMPTED;
        if (t instanceof Trap.PageFault f) return new CpuExit.PageFault(f.address(), f.write(), f.execute());
        if (t instanceof Trap.InvalidOpcode u) return new CpuExit.Fault(SIGILL, ILL_ILLOPN, u.rip(),
                "illegal or unimplemented instruction\n" + codeAtPc());
        if (t instanceof Trap.DivideError d) return new CpuExit.Fault(SIGFPE, FPE_INTDIV, d.rip(), null);
        if (t instanceof Trap.FloatingPointError m) return new CpuExit.Fault(SIGFPE,
                fpeCode(cpu.fpuStatusWord() & ~cpu.fpuControlWord() & 0x3f), m.rip(), null);
        if (t instanceof Trap.SimdFloatingPoint x) return new CpuExit.Fault(SIGFPE,
                fpeCode(cpu.mxcsr() & ~(cpu.mxcsr() >> 7) & 0x3f), x.rip(), null);
        if (t instanceof Trap.Breakpoint) return new CpuExit.Fault(SIGTRAP, SI_KERNEL, 0, null);
        if (t instanceof Trap.GeneralProtection) return new CpuExit.Fault(SIGSEGV, SI_KERNEL, 0, null);
        throw new IllegalStateException("a trap this thread does not know: " + t); // a kind added to Trap
    }

    /** Linux's si_code for an x87 or SSE exception, from the unmasked exception bits (IE, ZE, OE, UE|DE, PE). */
    static int fpeCode(int unmasked) {
        if ((unmasked & 0x01) != 0) return FPE_FLTINV;
        if ((unmasked & 0x04) != 0) return FPE_FLTDIV;
        if ((unmasked & 0x08) != 0) return FPE_FLTOVF;
        if ((unmasked & 0x12) != 0) return FPE_FLTUND;
        if ((unmasked & 0x20) != 0) return FPE_FLTRES;
        return 0;
    }

    // ---- the syscall trap ----------------------------------------------------------------------

    @Override
    public SyscallResult syscall(Personality layer, PersonalityId personality) {
        syscallNr = cpu.reg(X86Cpu.RAX);
        return layer.syscall(syscallNr, cpu.reg(X86Cpu.RDI), cpu.reg(X86Cpu.RSI), cpu.reg(X86Cpu.RDX),
                cpu.reg(X86Cpu.R10), cpu.reg(X86Cpu.R8), cpu.reg(X86Cpu.R9), personality, Isa.X86_64);
    }

    @Override
    public long syscallNumber() { return syscallNr; }

    @Override
    public long[] pendingSyscall() {
        return new long[] {cpu.reg(X86Cpu.RAX), cpu.reg(X86Cpu.RDI), cpu.reg(X86Cpu.RSI), cpu.reg(X86Cpu.RDX),
                cpu.reg(X86Cpu.R10), cpu.reg(X86Cpu.R8), cpu.reg(X86Cpu.R9), cpu.rip()};
    }

    @Override
    public void complete(SyscallResult r) {
        if (r.code() == KernelCode.EJUSTRETURN) return;
        cpu.setReg(X86Cpu.RAX, r.value());
        if (r.writesSecond()) cpu.setReg(X86Cpu.RDX, r.second());
        switch (r.carry()) {
            case CLEAR -> cpu.setRflags(cpu.rflags() & ~X86Cpu.FLAG_CF);
            case SET -> cpu.setRflags(cpu.rflags() | X86Cpu.FLAG_CF);
            case UNCHANGED -> { }
        }
    }

    @Override
    public void restart(long nr) {
        cpu.setRip(cpu.rip() - SYSCALL_LENGTH);
        cpu.setReg(X86Cpu.RAX, nr);
    }

    @Override
    public SyscallResult resultRegisters(SyscallResult like) {
        SyscallResult.Carry carry = like.carry() == SyscallResult.Carry.UNCHANGED ? SyscallResult.Carry.UNCHANGED
                : (cpu.rflags() & X86Cpu.FLAG_CF) != 0 ? SyscallResult.Carry.SET : SyscallResult.Carry.CLEAR;
        return new SyscallResult(cpu.reg(X86Cpu.RAX), cpu.reg(X86Cpu.RDX), like.writesSecond(), carry, null);
    }

    // ---- the thread ----------------------------------------------------------------------------

    @Override
    public long stackPointer() { return cpu.reg(X86Cpu.RSP); }

    /** The SysV x86-64 ABI's red zone: 128 bytes below rsp a leaf function may use without moving it. */
    static final int RED_ZONE = 128;

    /**
     * Where a signal frame goes below: the top of the alternate stack when the handler asked for
     * it (SA_ONSTACK) and the thread is not on it already, else below the interrupted stack's red
     * zone. Both Linux's and FreeBSD's sendsig choose so.
     */
    static long frameTop(Context ctx, X86Cpu cpu, Signals.Action action) {
        long rsp = cpu.reg(X86Cpu.RSP);
        long[] alt = ctx.altStack();
        boolean useAlt = (action.flags() & SA_ONSTACK) != 0 && alt[2] == 1 && !ctx.onAltStack(rsp);
        return useAlt ? alt[0] + alt[1] : rsp - RED_ZONE;
    }

    @Override
    public long belowStack(long size) {
        return (cpu.reg(X86Cpu.RSP) - RED_ZONE - size) & ~15L;
    }

    @Override
    public long threadPointer(int which) {
        return switch (which) {
            case 0 -> cpu.fsBase();
            case 1 -> cpu.gsBase();
            default -> io.helctic.abi.Errno.EINVAL.negative();
        };
    }

    @Override
    public boolean setThreadPointer(int which, long value) {
        switch (which) {
            case 0 -> cpu.setFsBase(value);
            case 1 -> cpu.setGsBase(value);
            default -> { return false; }
        }
        return true;
    }

    @Override
    public GuestCpu forkChild(SyscallResult childReturn, long pageTable, long stack, boolean setTls, long tls) {
        X86Cpu c = new X86Cpu(cpu.memory());
        c.copyStateFrom(cpu);
        c.setCr3(pageTable);
        if (stack != 0) c.setReg(X86Cpu.RSP, stack);
        if (setTls) c.setFsBase(tls);
        X86Thread t = new X86Thread(c);
        t.complete(childReturn);
        return t;
    }

    @Override
    public void startProgram(long pageTable, long entry, long stack) {
        cpu.resetState();
        cpu.setCr3(pageTable);
        cpu.setRip(entry);
        cpu.setReg(X86Cpu.RSP, stack);
    }

    @Override
    public void enterAt(long entry, long stack, long argument) {
        cpu.setRip(entry);
        cpu.setReg(X86Cpu.RSP, stack);
        cpu.setReg(X86Cpu.RDI, argument);
    }

    @Override
    public void startProgram(long pageTable, long entry, long stack, long firstArgument) {
        startProgram(pageTable, entry, stack);
        cpu.setReg(X86Cpu.RDI, firstArgument);
    }

    // ---- signals -------------------------------------------------------------------------------

    @Override
    public boolean enterHandler(Context ctx, Conventions conventions, Signals.Action action, SignalInfo info, long oldMask) {
        return switch (conventions.frames()) {
            case LINUX -> LinuxSignalFrame.push(ctx, cpu, action, info, oldMask);
            case FREEBSD -> FreeBsdSignalFrame.push(ctx, cpu, conventions, action, info, oldMask);
            case NETBSD -> NetBsdSignalFrame.push(ctx, cpu, conventions, action, info, oldMask);
            case NONE -> false;
        };
    }

    @Override
    public boolean returnFromHandler(Context ctx, Conventions conventions, long ucontext) {
        return switch (conventions.frames()) {
            case LINUX -> LinuxSignalFrame.restore(ctx, cpu);
            case FREEBSD -> FreeBsdSignalFrame.restore(ctx, cpu, conventions, ucontext);
            case NETBSD -> NetBsdSignalFrame.restore(ctx, cpu, conventions, ucontext);
            case NONE -> false;
        };
    }

    @Override
    public boolean saveContext(Context ctx, Conventions conventions, long ucontext) {
        return switch (conventions.frames()) {
            case NETBSD -> NetBsdSignalFrame.save(ctx, cpu, conventions, ucontext);
            case FREEBSD -> FreeBsdSignalFrame.save(ctx, cpu, conventions, ucontext);
            case LINUX, NONE -> false;
        };
    }

    // ---- TLB and caches ------------------------------------------------------------------------

    @Override
    public void invalidatePage(long va) { cpu.invalidatePage(va); }

    @Override
    public void flushTlb() { cpu.flushTlb(); }

    @Override
    public void requestTlbFlush() { cpu.requestTlbFlush(); }

    @Override
    public void dispose() { cpu.dispose(); }

    // ---- diagnostics ---------------------------------------------------------------------------

    @Override
    public String registerDump() { return cpu.registerDump(); }

    @Override
    public String codeAtPc() {
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

    @Override
    public Stats stats() {
        return new Stats(cpu.instructionsRetired(), cpu.blockLookups(), cpu.blockDecodes(), cpu.translatedRuns(),
                cpu.tlbMisses(), cpu.tlbLookups(), cpu.translationExits());
    }
}
