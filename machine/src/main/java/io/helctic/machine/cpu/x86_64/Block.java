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
    volatile boolean valid = true; // cleared by whichever thread writes the code
    /**
     * The last two blocks run after this one (block chaining), owned by the CPU thread whose
     * cache holds this block: a hint, re-checked on use against the TLB and {@link #valid}.
     */
    Block succA, succB;

    Block(long vaddr, long paddr, long pfn2, Insn[] insns) {
        this.vaddr = vaddr;
        this.paddr = paddr;
        this.pfn2 = pfn2;
        this.insns = insns;
    }
}
