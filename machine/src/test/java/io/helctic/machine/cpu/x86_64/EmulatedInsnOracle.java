package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.NativeInsnOracle.*;

import io.helctic.machine.cpu.Trap;
import java.util.Arrays;

/**
 * Helctic's CPU on the same cases as {@link NativeInsnOracle}: the same code page and data pages
 * at the same virtual addresses, one instruction per case ({@code run(1)}), the outcome in the
 * native side's terms (a trap becomes the signal Linux would deliver for it).
 */
final class EmulatedInsnOracle {
    private final TestMachine m = new TestMachine(8L << 20);
    private final long codePfn, dataPfn0, dataPfn1;

    /**
     * Puts {@code insns} at the case's code address (the rest of the page INT3), the case's
     * memory window, registers and flags in place; returns the CPU, at the code.
     */
    X86Cpu load(OracleCase c, byte[] insns) {
        byte[] code = m.mem.frame(codePfn);
        Arrays.fill(code, (byte) 0xcc);
        System.arraycopy(insns, 0, code, INSN_OFFSET, insns.length);
        m.mem.frameWritten(codePfn);
        byte[] d0 = m.mem.frame(dataPfn0), d1 = m.mem.frame(dataPfn1);
        Arrays.fill(d0, (byte) 0);
        Arrays.fill(d1, (byte) 0);
        for (int i = 0; i < WINDOW; i++) {
            int off = WINDOW_OFFSET + i;
            (off < 4096 ? d0 : d1)[off & 0xfff] = c.window[i];
        }
        X86Cpu cpu = m.cpu;
        for (int k = 0; k < 16; k++) cpu.setReg(k, c.regs[k]);
        cpu.setRflags(c.flags);
        cpu.setRip(CODE + INSN_OFFSET);
        return cpu;
    }

    /** Byte i of the memory window as it is now. */
    byte window(int i) {
        int off = WINDOW_OFFSET + i;
        return (off < 4096 ? m.mem.frame(dataPfn0) : m.mem.frame(dataPfn1))[off & 0xfff];
    }

    EmulatedInsnOracle() {
        this(false);
    }

    /** With {@code translate}, the CPU translates every block at its first entry (see Translator). */
    EmulatedInsnOracle(boolean translate) {
        m.cpu.translateAll = translate;
        codePfn = m.map(CODE, TestMachine.RX);
        dataPfn0 = m.map(DATA, TestMachine.RWNX);
        dataPfn1 = m.map(DATA + 4096, TestMachine.RWNX);
    }

    NativeInsnOracle.Outcome run(OracleCase c) {
        X86Cpu cpu = load(c, c.code);
        Trap t = cpu.run(1);
        int status = switch (t) {
            case Trap.TimerExpired x -> exitIndex(c, cpu.rip());
            case Trap.DivideError x -> 8; // SIGFPE
            case Trap.FloatingPointError x -> 8; // SIGFPE (x87 #MF)
            case Trap.SimdFloatingPoint x -> 8; // SIGFPE (#XM)
            case Trap.InvalidOpcode x -> 4; // SIGILL
            case Trap.Breakpoint x -> 5; // SIGTRAP
            case Trap.PageFault x -> 11; // SIGSEGV
            case Trap.GeneralProtection x -> 11;
            case Trap.Syscall x -> -1;
        };
        long[] regs = new long[16];
        for (int k = 0; k < 16; k++) regs[k] = cpu.reg(k);
        byte[] w = new byte[WINDOW];
        for (int i = 0; i < WINDOW; i++) w[i] = window(i);
        return new NativeInsnOracle.Outcome(status, regs, cpu.rflags(), cpu.rip(), w);
    }

    private static int exitIndex(OracleCase c, long rip) {
        for (int k = 0; k < c.exits.length; k++) {
            if (rip == CODE + c.exits[k]) return EXITED + k;
        }
        return 5; // anywhere else in the INT3-filled page: SIGTRAP natively
    }
}
