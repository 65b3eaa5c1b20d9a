package io.helctic.machine.cpu.jit;

/**
 * The ISA-neutral part of a decoded block: a straight-line run of guest instructions, cached by
 * the physical address of its first one ({@link CodeCache}), with its translation once it has
 * one ({@link #code}) and its successors (block chaining). An ISA's front end subclasses it with
 * its decoded instructions; {@code B} is that subclass.
 *
 * <p>A block starts in one page and may run on into the next ({@link #pfn2} then names that
 * page's frame: the block is cached under both frames, so a write to either drops it, and every
 * entry checks that the next page still maps to it).
 */
public abstract class CodeBlock<B extends CodeBlock<B>> {
    public final long vaddr;   // virtual address of the first instruction
    public final long paddr;   // physical address of the first instruction
    public final long pfn2;    // the next page's frame when the block runs on into it, or -1
    public volatile boolean valid = true; // cleared by whichever thread writes the code (see invalidate)
    /**
     * The last two blocks run after this one (block chaining), owned by the CPU thread whose
     * cache holds this block: a hint, re-checked on use against the TLB and {@link #valid}.
     */
    public B succA, succB;
    /**
     * For a block ending in an indirect branch (an interpreter's dispatch, a switch, a call
     * through a pointer) or a return (a function called from many places), which has more
     * successors than two: the last ones seen, direct-mapped by target address
     * ({@link #target}), used instead of {@link #succA}/{@link #succB}; else null.
     */
    public final B[] targets;
    /** Entries while interpreted (counting up to {@link TranslationQueue#THRESHOLD}); the CPU thread's own counter. */
    public int heat;
    /** The block's translation, once one has been made (from any thread), else null. */
    public volatile Translation code;
    public static final int TARGET_BITS = 6, TARGETS = 1 << TARGET_BITS;
    /** The multiplier of {@link #target}'s hash (translated code computes it inline). */
    public static final long TARGET_HASH = 0x9E37_79B9_7F4A_7C15L;

    /** {@code targets}: an array of {@link #TARGETS} for a block that ends in an indirect branch, else null. */
    protected CodeBlock(long vaddr, long paddr, long pfn2, B[] targets) {
        this.vaddr = vaddr;
        this.paddr = paddr;
        this.pfn2 = pfn2;
        this.targets = targets;
    }

    /** The slot of {@link #targets} for a target address. */
    public static int target(long pc) {
        return (int) ((pc * TARGET_HASH) >>> (64 - TARGET_BITS));
    }

    /** The code changed: this block, and its translation if it has one, must not run again. */
    public final void invalidate() {
        valid = false;
        Translation c = code;
        if (c != null) c.valid = false;
    }
}
