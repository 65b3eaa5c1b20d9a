package io.helctic.kernel.memory;

import static io.helctic.machine.memory.PageTableEntry.ADDRESS_MASK;
import static io.helctic.machine.memory.PageTableEntry.PRESENT;
import static io.helctic.machine.memory.PageTableEntry.USER;
import static io.helctic.machine.memory.PageTableEntry.WRITABLE;

import io.helctic.machine.memory.PhysicalMemory;

/**
 * Real x86-64 four-level page tables (PML4 → PDPT → PD → PT, 4 KiB pages) kept in
 * emulated physical memory, where the CPU's MMU walks them.
 */
public final class PageTables {
    private static final int SHIFT = PhysicalMemory.PAGE_SHIFT;

    private final FrameAllocator frames;
    private final PhysicalMemory memory;
    private final long root;

    public PageTables(FrameAllocator frames) {
        this.frames = frames;
        this.memory = frames.memory();
        long pfn = frames.allocate();
        if (pfn < 0) throw new OutOfMemoryError("no frame for a page table root");
        this.root = pfn << SHIFT;
    }

    /** The physical address of the PML4: the CR3 value. */
    public long root() { return root; }

    private static int index(long va, int level) {
        return (int) ((va >>> (SHIFT + 9 * level)) & 511);
    }

    /** The physical address of the leaf entry for va, creating tables when asked; -1 if absent. */
    private long leafSlot(long va, boolean create) {
        long table = root;
        for (int level = 3; level > 0; level--) {
            long slot = table + index(va, level) * 8L;
            long entry = memory.read64(slot);
            if ((entry & PRESENT) == 0) {
                if (!create) return -1;
                long pfn = frames.allocate();
                if (pfn < 0) return -2;
                entry = (pfn << SHIFT) | PRESENT | WRITABLE | USER;
                memory.write64(slot, entry);
            }
            table = entry & ADDRESS_MASK;
        }
        return table + index(va, 0) * 8L;
    }

    /** The leaf entry mapping va, or 0. */
    public long lookup(long va) {
        long slot = leafSlot(va, false);
        return slot < 0 ? 0 : memory.read64(slot);
    }

    /** The present leaf entries, and the most there have been (the resident set and its peak, in pages). */
    private final java.util.concurrent.atomic.AtomicLong present = new java.util.concurrent.atomic.AtomicLong(),
            peak = new java.util.concurrent.atomic.AtomicLong();

    /** The most pages these tables have mapped at once (getrusage's ru_maxrss). */
    public long peakPresent() { return peak.get(); }

    /** Maps the page at va to frame pfn with the given entry flags; false when out of memory. */
    public boolean map(long va, long pfn, long flags) {
        long slot = leafSlot(va, true);
        if (slot < 0) return false;
        long old = memory.read64(slot);
        memory.write64(slot, (pfn << SHIFT) | flags | PRESENT);
        if ((old & PRESENT) == 0) {
            long n = present.incrementAndGet(), p;
            while ((p = peak.get()) < n && !peak.compareAndSet(p, n)) Thread.onSpinWait(); // (no lambda: start-up)
        }
        return true;
    }

    /** Replaces the flags of a present entry; returns false if va is not mapped. */
    public boolean protect(long va, long flags) {
        long slot = leafSlot(va, false);
        if (slot < 0) return false;
        long entry = memory.read64(slot);
        if ((entry & PRESENT) == 0) return false;
        memory.write64(slot, (entry & ADDRESS_MASK) | flags | PRESENT);
        return true;
    }

    /**
     * Sets the dirty bit of a present entry, as a CPU's write through it would: atomically, against
     * a CPU setting ACCESSED or DIRTY in the same entry.
     */
    public void markDirty(long va) {
        long slot = leafSlot(va, false);
        if (slot < 0) return;
        for (;;) {
            long entry = memory.read64(slot);
            if ((entry & PRESENT) == 0 || (entry & io.helctic.machine.memory.PageTableEntry.DIRTY) != 0) return;
            if (memory.compareAndSet64(slot, entry, entry | io.helctic.machine.memory.PageTableEntry.DIRTY)) return;
        }
    }

    /** Clears the entry for va and returns the frame it mapped, or -1. */
    public long unmap(long va) {
        long slot = leafSlot(va, false);
        if (slot < 0) return -1;
        long entry = memory.read64(slot);
        if ((entry & PRESENT) == 0) return -1;
        memory.write64(slot, 0);
        present.decrementAndGet();
        return (entry & ADDRESS_MASK) >>> SHIFT;
    }

    /** Visits every present leaf entry whose page lies in [start, end). */
    public void forEachPresent(long start, long end, LeafVisitor v) {
        walk(root, 3, 0, start, end, v);
    }

    /** A present page: its address and leaf entry. */
    @FunctionalInterface
    public interface LeafVisitor {
        void visit(long va, long entry);
    }

    /** A table's entries read straight from its frame: a walk reads all 512 of each table it visits (fork, exit). */
    private static final java.lang.invoke.VarHandle ENTRIES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private void walk(long table, int level, long base, long start, long end, LeafVisitor v) {
        if (end <= base) return;
        int shift = SHIFT + 9 * level;
        long span = 1L << shift;
        // the entries that overlap [start, end): a tight scan of those, no range test per entry
        int from = start <= base ? 0 : (int) Math.min(512, (start - base) >>> shift);
        int to = (int) Math.min(512, (end - base + span - 1) >>> shift); // (an overflow is huge: 512)
        byte[] t = memory.frame(table >>> SHIFT);
        for (int i = from; i < to; i++) {
            long entry = (long) ENTRIES.get(t, i << 3);
            if ((entry & PRESENT) == 0) continue;
            long lo = base + i * span;
            if (level == 0) v.visit(lo, entry);
            else walk(entry & ADDRESS_MASK, level - 1, lo, start, end, v);
        }
    }

    /** Frees every table frame (not the mapped frames: unmap those first). */
    public void destroy() {
        present.set(0);
        destroy(root, 3);
    }

    private void destroy(long table, int level) {
        if (level > 0) {
            byte[] t = memory.frame(table >>> SHIFT);
            for (int i = 0; i < 512; i++) {
                long entry = (long) ENTRIES.get(t, i << 3);
                if ((entry & PRESENT) != 0) destroy(entry & ADDRESS_MASK, level - 1);
            }
        }
        frames.release(table >>> SHIFT);
    }
}
