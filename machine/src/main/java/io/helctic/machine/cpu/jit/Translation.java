package io.helctic.machine.cpu.jit;

/**
 * The ISA-neutral part of a block's translation to JVM bytecode (one hidden class per block,
 * made by an ISA's translator): its validity and its links to the translations that followed
 * its exits (direct chaining).
 *
 * <p>A link is used by the translated code itself only while {@link #linkGen} equals the
 * generation of the MMU's mappings that the CPU's MMU keeps (no mapping changed since the link
 * was made) and the target is still {@link #valid}; the first {@link #link} under a new
 * generation drops every old link. Links are owned by the CPU thread whose cache holds the block.
 */
public abstract class Translation {
    /** The block's start (what an inline cache compares) and validity, copied here so a chained exit reads one object. */
    public final long vaddr;
    public volatile boolean valid = true;
    /**
     * Direct chaining: per direct exit (a taken or untaken conditional branch, a direct jump or
     * call, the end), the translation that followed it, set by the run loop when it saw one follow.
     */
    public final Translation[] links;
    /** For an indirect exit (jump, call or return through a register or memory): the translation its last target ran (an inline cache, checked by address). */
    public Translation ic;
    /** The MMU generation the links were made under. */
    public int linkGen;
    /** The link slot of the indirect exit ({@link #ic}); direct exits are numbered from 0. */
    public static final int IC = 1 << 16;

    protected Translation(long vaddr, int sites) {
        this.vaddr = vaddr;
        this.links = new Translation[sites];
    }

    /** Records that {@code next} followed exit {@code slot} ({@link #IC}: the indirect exit) under mapping generation {@code gen}. */
    public final void link(int slot, Translation next, int gen) {
        if (linkGen != gen) {
            java.util.Arrays.fill(links, null);
            ic = null;
            linkGen = gen;
        }
        if (slot == IC) ic = next;
        else links[slot] = next;
    }
}
