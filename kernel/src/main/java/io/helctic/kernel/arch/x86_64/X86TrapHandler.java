package io.helctic.kernel.arch.x86_64;

import io.helctic.abi.Personality;
import io.helctic.abi.SyscallResult;
import io.helctic.kernel.context.Context;
import io.helctic.machine.cpu.x86_64.X86Cpu;

/**
 * The x86-64 syscall trap: reads the number (rax) and the six argument registers (rdi,
 * rsi, rdx, r10, r8, r9), calls the personality layer with the context's personality,
 * and applies the result. It never interprets a syscall (DESIGN §1 rule 1).
 */
public final class X86TrapHandler {
    private final Personality personality;

    public X86TrapHandler(Personality personality) {
        this.personality = personality;
    }

    public void syscall(Context ctx) {
        X86Cpu cpu = ctx.cpu();
        SyscallResult r = personality.syscall(cpu.reg(X86Cpu.RAX),
                cpu.reg(X86Cpu.RDI), cpu.reg(X86Cpu.RSI), cpu.reg(X86Cpu.RDX),
                cpu.reg(X86Cpu.R10), cpu.reg(X86Cpu.R8), cpu.reg(X86Cpu.R9),
                ctx.personality());
        apply(cpu, r);
    }

    static void apply(X86Cpu cpu, SyscallResult r) {
        cpu.setReg(X86Cpu.RAX, r.rax());
        if (r.writesRdx()) cpu.setReg(X86Cpu.RDX, r.rdx());
        switch (r.carry()) {
            case CLEAR -> cpu.setRflags(cpu.rflags() & ~X86Cpu.FLAG_CF);
            case SET -> cpu.setRflags(cpu.rflags() | X86Cpu.FLAG_CF);
            case UNCHANGED -> { }
        }
    }
}
