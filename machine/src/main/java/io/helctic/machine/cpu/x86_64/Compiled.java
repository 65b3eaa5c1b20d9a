package io.helctic.machine.cpu.x86_64;

/**
 * A decoded block translated to JVM bytecode by {@link Translator}: one hidden class per block,
 * run by {@link X86Cpu#run} instead of interpreting the block's instructions one by one, with
 * exactly their semantics.
 *
 * <p>{@link #run} executes the whole block (the caller has checked that the budget covers it)
 * and returns {@code (k << 4) | exit}: with {@code exit} {@link Interpreter#CONTINUE}, k
 * instructions completed and {@code core.rip} is the next one; with any other exit code,
 * instruction k ended the block with that code, as {@link Interpreter#exec} would have
 * returned it ({@code core.rip} set as the interpreter sets it). A {@link GuestFault} (or a
 * defect's exception) unwinds with {@link Core#bk} = the index of the instruction that threw,
 * every earlier one completed and nothing of it done.
 */
abstract class Compiled {
    /** The block's instructions: those the translation hands to the interpreter read theirs here. */
    final Insn[] insns;

    Compiled(Insn[] insns) {
        this.insns = insns;
    }

    /**
     * Runs the block; a block that jumps back to its own start runs again while {@code budget}
     * (at least the block's length) allows, {@link Core#loops} counting the completed passes.
     */
    abstract int run(Core c, Interpreter in, int budget);
}
