package io.helctic.machine.cpu.x86_64;

/**
 * One instruction-oracle case: the instruction (placed at {@link NativeInsnOracle#CODE} +
 * {@link NativeInsnOracle#INSN_OFFSET}), the code-page offsets it may leave through, the input
 * registers (rax..r15), rflags and memory window, and what the comparison ignores: the flags
 * the SDM leaves undefined for this instruction and these inputs, and registers whose value is
 * undefined.
 */
final class OracleCase {
    final String form;
    final byte[] code;
    final int[] exits;
    final long[] regs;
    final long flags;
    final byte[] window;
    final long undefinedFlags;
    final int undefinedRegs; // bit per GPR

    OracleCase(String form, byte[] code, int[] exits, long[] regs, long flags, byte[] window, long undefinedFlags,
               int undefinedRegs) {
        this.form = form;
        this.code = code;
        this.exits = exits;
        this.regs = regs;
        this.flags = flags;
        this.window = window;
        this.undefinedFlags = undefinedFlags;
        this.undefinedRegs = undefinedRegs;
    }
}
