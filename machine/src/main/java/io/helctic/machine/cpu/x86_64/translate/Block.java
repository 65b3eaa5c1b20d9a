package io.helctic.machine.cpu.x86_64.translate;

import io.helctic.machine.cpu.jit.CodeBlock;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * A decoded straight-line run of x86-64 instructions, ending at a control transfer, a trap,
 * the end of the page after its first one's or a length cap ({@link #MAX_BLOCK}); cached, chained and translated
 * as a {@link CodeBlock}.
 */
public final class Block extends CodeBlock<Block> {
    /** The length cap: instructions per block (and per translated region). */
    public static final int MAX_BLOCK = 64;

    public final Insn[] insns;

    public Block(long vaddr, long paddr, long pfn2, Insn[] insns) {
        super(vaddr, paddr, pfn2, indirect(insns[insns.length - 1].op) ? new Block[TARGETS] : null);
        this.insns = insns;
    }

    /** Whether a block ending in {@code op} has many successors (an indirect JMP or CALL, a RET). */
    private static boolean indirect(int op) {
        return op == Op.JMP_E || op == Op.CALL_E || op == Op.RET;
    }
}
