package io.helctic.machine.cpu.jit;

/**
 * The ISA-neutral part of a block's translation to JVM bytecode (one hidden class per block,
 * made by an ISA's translator): its validity and the rule that keeps its links to the
 * translations that followed its exits (direct chaining) valid.
 *
 * <p>A link is used by the translated code itself only while {@link #linkGen} equals the
 * generation of the mappings that the CPU's MMU keeps (no mapping changed since the link was
 * made) and the target is still {@link #valid}; the first {@link #link} under a new generation
 * drops every old link. Links are owned by the CPU thread whose cache holds the block.
 *
 * <p>The links themselves are the subclass's, in fields of its own type: translated code reads
 * them and calls the linked translation's entry method, which it can then do without a cast.
 */
public abstract class Translation {
    /** The block's start (what an indirect exit's table of targets compares) and validity, copied here so a chained exit reads one object. */
    public final long vaddr;
    public volatile boolean valid = true;
    /** The MMU generation the links were made under. */
    public int linkGen;
    /** The link slot of the indirect exits (a table of targets, each checked by address); direct exits are numbered from 0. */
    public static final int IC = 1 << 16;

    protected Translation(long vaddr) {
        this.vaddr = vaddr;
    }

    /** Records that {@code next} followed exit {@code slot} ({@link #IC}: an indirect exit) under mapping generation {@code gen}. */
    public final void link(int slot, Translation next, int gen) {
        if (linkGen != gen) {
            clearLinks();
            linkGen = gen;
        }
        setLink(slot, next);
    }

    /** Drops every link (the mappings changed). */
    protected abstract void clearLinks();

    /** Links exit {@code slot} ({@link #IC}: an indirect exit) to {@code next}, a translation of the same ISA. */
    protected abstract void setLink(int slot, Translation next);
}
