package io.helctic.machine.cpu.x86_64.translate;

import io.helctic.machine.cpu.jit.Translation;
import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.GuestFault;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.exec.Interpreter;

/**
 * A decoded block translated to JVM bytecode by {@link Translator}: one hidden class per block,
 * run by {@code X86Cpu.run} instead of interpreting the block's instructions one by one, with
 * exactly their semantics.
 *
 * <p>{@link #run} executes the whole block (the caller has checked that the budget covers it)
 * and returns {@code (k << 4) | exit}: with {@code exit} {@link Exit#CONTINUE}, k
 * instructions completed and {@code core.rip} is the next one; with any other exit code,
 * instruction k ended the block with that code, as {@link Interpreter#exec} would have
 * returned it ({@code core.rip} set as the interpreter sets it). A {@link GuestFault} (or a
 * defect's exception) unwinds with {@link Core#bk} = the index of the instruction that threw,
 * every earlier one completed and nothing of it done.
 *
 * <p>A block exit to a constant target (a taken or untaken Jcc, JMP or CALL rel, the end of
 * the block) calls the next block's translation directly when it is linked (see
 * {@link Translation#link}; the link is valid while {@link Mmu#gen} is the generation it was
 * made under), up to {@link io.helctic.machine.cpu.jit.TranslationQueue#MAX_CHAIN} blocks per
 * call from the run loop; then {@link Core#cur} names the block that finally returned or
 * threw, and {@link Core#entry} is the budget it was entered with: the blocks before it
 * completed the difference from the budget the run loop gave. {@code depth} counts the blocks
 * chained so far.
 */
public abstract class Compiled extends Translation {
    /** The block this translates. */
    public final Block block;
    /**
     * The instructions translated: the block's, or a region's — the block's followed by those of
     * blocks its exits continue to ({@code X86Cpu}); those the translation hands to the
     * interpreter read theirs here, and the run loop's instruction indexes refer to this array.
     */
    public final Insn[] insns;

    /**
     * Direct chaining: per direct exit (a taken or untaken Jcc, JMP/CALL rel, the end), the
     * translation that followed it, set by the run loop when it saw one follow ({@link #link}).
     */
    final Compiled[] links;
    /**
     * For the indirect exits (JMP/CALL r/m, a RET): the translations their targets ran, direct-mapped
     * by target address ({@link Block#target}), each checked by address — an interpreter's
     * dispatch, a switch's jump table or a function's returns to its callers stay in translated
     * code for every target seen. Null when the translation has no indirect exit.
     */
    final Compiled[] targets;

    Compiled(Block block, Insn[] insns, int sites, boolean indirect) {
        super(block.vaddr);
        this.block = block;
        this.insns = insns;
        this.links = new Compiled[sites];
        this.targets = indirect ? new Compiled[Block.TARGETS] : null;
    }

    @Override
    protected final void clearLinks() {
        java.util.Arrays.fill(links, null);
        if (targets != null) java.util.Arrays.fill(targets, null);
    }

    @Override
    protected final void setLink(int slot, Translation next) {
        Compiled c = (Compiled) next; // (a CPU's translations are all x86's)
        if (slot == IC) targets[Block.target(c.vaddr)] = c;
        else links[slot] = c;
    }

    /**
     * How deep in a chain an indirect exit still calls its target's translation itself; deeper, it
     * hands the translation to the run loop, which starts it at depth 0 ({@code helctic.jit.nest}).
     * Nesting every indirect exit as deep as direct chaining goes (64) left busybox awk 11-17 %
     * slower than with no target table: with its RETs chaining too, chains ran 64 JVM frames deep
     * all the time (the profile's extra time was on the returns, those beyond the host's
     * return-stack buffer mispredicted; a chain limit of 12 instead of 64 took it back). Handing
     * every one to the run loop made interp slower than nesting a few; 8 and 16 measured best
     * (2026-12-07, interleaved runs against no table: interp 2.55 -> 2.13 s, python 3.50 ->
     * 3.36 s, lua 1.0 -> 0.98 s, a C loop calling one function from three sites 3.2 -> 2.2 s; awk
     * and sh the same).
     */
    static final int NEST = Integer.getInteger("helctic.jit.nest", 8);

    /**
     * An indirect exit (JMP/CALL r/m, RET; rip already {@code target}, the flags written) of
     * {@code from} with {@code left} instructions of budget after it, at chaining depth
     * {@code depth}. When {@link #targets} holds a translation for the target that may run (as a
     * direct exit's chaining checks it: same mapping generation, valid), it runs: chained, when
     * the depth is below {@link #NEST} and the budget covers any block, else from the run loop
     * ({@link Core#next}); otherwise {@code value} goes back to the run loop, which finds the
     * target's block and links its translation here. One method for every translation's indirect
     * exits: the translations stay smaller, and HotSpot's profile of these branches (kept per
     * bytecode of this method, also where it is inlined) is everyone's, so a target not seen
     * before is a branch already taken, not a never-taken one compiled as an uncommon trap.
     */
    public static int indirect(Compiled from, long target, Core c, Interpreter in, int left, int depth, int value) {
        Compiled next = from.targets[Block.target(target)];
        if (next != null && next.vaddr == target && from.linkGen == c.mmu.gen && next.valid) {
            if (depth < NEST && left >= Block.MAX_BLOCK) {
                // plain stores only: the run loop derives what was completed from the last entry budget
                c.depth = depth + 1;
                c.entry = left;
                c.cur = next;
                return next.run(c, in, left, depth + 1);
            }
            c.next = next;
            return value;
        }
        c.linkSlot = IC;
        return value;
    }

    /**
     * Runs the block; a block that jumps back to its own start runs again while {@code budget}
     * (at least the block's length) allows, {@link Core#loops} counting the completed passes.
     */
    public abstract int run(Core c, Interpreter in, int budget, int depth);

    /**
     * Loads two subclasses that are never instantiated, before anything is compiled (X86Cpu's
     * class initialisation), so that HotSpot's class-hierarchy analysis never finds this class
     * to be a leaf or to have a single concrete subclass. Otherwise C2 compiles the run loop
     * under that assumption, and the first and second translations' hidden classes each
     * invalidate it — a deoptimisation, compilations that fail with "concurrent class
     * loading", and the loop compiled again: 2026-12-07, the HTTP server benchmark's run loop
     * compiled by C2 six times, 270 ms of a 2 s run (LogCompilation: {@code dependency_failed
     * type='leaf_type' ctxk='...Compiled'}).
     */
    public static void loadSubclasses() {
        if (Unused.class.getSuperclass() != Unused2.class.getSuperclass()) throw new AssertionError();
    }

    /** See {@link #loadSubclasses}. */
    private static final class Unused extends Compiled {
        private Unused() {
            super(null, null, 0, false);
        }

        @Override
        public int run(Core c, Interpreter in, int budget, int depth) {
            throw new IllegalStateException("never instantiated");
        }
    }

    /** See {@link #loadSubclasses}. */
    private static final class Unused2 extends Compiled {
        private Unused2() {
            super(null, null, 0, false);
        }

        @Override
        public int run(Core c, Interpreter in, int budget, int depth) {
            throw new IllegalStateException("never instantiated");
        }
    }
}
