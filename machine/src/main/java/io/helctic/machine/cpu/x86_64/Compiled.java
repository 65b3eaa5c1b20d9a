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
 *
 * <p>A block exit to a constant target (a taken or untaken Jcc, JMP or CALL rel, the end of
 * the block) calls the next block's translation directly when it is linked (see
 * {@link #link}), up to {@link Translator#MAX_CHAIN} blocks per call from the run loop; then
 * {@link Core#cur} names the block that finally returned or threw, and {@link Core#entry} is
 * the budget it was entered with: the blocks before it completed the difference from the
 * budget the run loop gave. {@code depth} counts the blocks chained so far.
 */
abstract class Compiled {
    /** The block this translates. */
    final Block block;
    /**
     * The instructions translated: the block's, or a region's — the block's followed by those of
     * blocks its exits continue to ({@link X86Cpu}); those the translation hands to the
     * interpreter read theirs here, and the run loop's instruction indexes refer to this array.
     */
    final Insn[] insns;
    /** The block's start (what an inline cache compares) and validity, copied here so a chained exit reads one object. */
    final long vaddr;
    volatile boolean valid = true;
    /**
     * Direct chaining: per direct exit (a taken or untaken Jcc, JMP/CALL rel, the end), the
     * translation that followed it, set by the run loop when it saw one follow, and used by the
     * translated code itself while {@link #linkGen} equals the MMU's {@link Mmu#gen} (no mapping
     * changed since) and the target is still valid. Owned by the CPU thread whose cache holds the block.
     */
    final Compiled[] links;
    /** For an indirect exit (JMP/CALL r/m, RET): the translation its last target ran (an inline cache, checked by address). */
    Compiled ic;
    int linkGen;
    /** The link slot of the indirect exit ({@link #ic}); direct exits are numbered from 0. */
    static final int IC = 1 << 16;

    Compiled(Block block, Insn[] insns, int sites) {
        this.block = block;
        this.insns = insns;
        this.vaddr = block.vaddr;
        this.links = new Compiled[sites];
    }

    /** Records that {@code next} followed exit {@code slot} ({@link #IC}: the indirect exit) under mapping generation {@code gen}. */
    void link(int slot, Compiled next, int gen) {
        if (linkGen != gen) {
            java.util.Arrays.fill(links, null);
            ic = null;
            linkGen = gen;
        }
        if (slot == IC) ic = next;
        else links[slot] = next;
    }

    /**
     * Runs the block; a block that jumps back to its own start runs again while {@code budget}
     * (at least the block's length) allows, {@link Core#loops} counting the completed passes.
     */
    abstract int run(Core c, Interpreter in, int budget, int depth);
}
