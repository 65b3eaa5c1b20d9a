package io.helctic.machine.cpu.x86_64;

/**
 * A decoded straight-line run of instructions, ending at a control transfer, a trap, the end
 * of its page or a length cap. A block lies within one page, except a block made of a single
 * instruction that straddles two pages ({@link #pfn2} then names the second frame, checked on
 * every entry).
 */
final class Block {
    final long vaddr;   // virtual address of the first instruction
    final long paddr;   // physical address of the first instruction
    final long pfn2;    // second frame of a straddling instruction, or -1
    final Insn[] insns;
    volatile boolean valid = true; // cleared by whichever thread writes the code (see invalidate)
    /**
     * The last two blocks run after this one (block chaining), owned by the CPU thread whose
     * cache holds this block: a hint, re-checked on use against the TLB and {@link #valid}.
     */
    Block succA, succB;
    /**
     * For a block ending in an indirect JMP or CALL (an interpreter's dispatch, a switch, a
     * call through a pointer) or a RET (a function called from many places), which has more successors than two: the last ones seen, direct-mapped
     * by target address ({@link #target}), used instead of {@link #succA}/{@link #succB}; else null.
     */
    final Block[] targets;
    /** Entries while interpreted (counting up to {@link Translator#THRESHOLD}); the CPU thread's own counter. */
    int heat;
    /** The block's translation, once {@link Translator} has made it (from any thread), else null. */
    volatile Compiled code;
    static final int TARGETS = 64;

    Block(long vaddr, long paddr, long pfn2, Insn[] insns) {
        this.vaddr = vaddr;
        this.paddr = paddr;
        this.pfn2 = pfn2;
        this.insns = insns;
        int last = insns[insns.length - 1].op;
        this.targets = last == Op.JMP_E || last == Op.CALL_E || last == Op.RET ? new Block[TARGETS] : null;
    }

    /** The slot of {@link #targets} for a target address. */
    static int target(long rip) {
        return (int) ((rip * 0x9E37_79B9_7F4A_7C15L) >>> 58);
    }

    /** The code changed: this block, and its translation if it has one, must not run again. */
    void invalidate() {
        valid = false;
        Compiled c = code;
        if (c != null) c.valid = false;
    }
}
