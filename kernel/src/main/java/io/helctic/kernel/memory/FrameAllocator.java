package io.helctic.kernel.memory;

import io.helctic.machine.memory.PhysicalMemory;

/**
 * Hands out physical page frames and counts their references (shared frames come with
 * copy-on-write fork). Frame 0 is never handed out. Freed frames are released so the
 * host can reclaim their storage.
 */
public final class FrameAllocator {
    private final PhysicalMemory memory;
    /**
     * References per frame, grown as fresh frames are handed out (they are, from the bottom up):
     * a table for the whole of a default 2 GiB (2 MiB) cost every boot ~1 ms.
     */
    private int[] refs = new int[4096];
    private final long frameCount;
    private long[] free = new long[1024];
    private int freeTop;
    private long nextFresh = 1;
    private long inUse;

    public FrameAllocator(PhysicalMemory memory) {
        this.memory = memory;
        long n = memory.frameCount();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many frames: " + n);
        this.frameCount = n;
    }

    public PhysicalMemory memory() { return memory; }

    /** A zero-filled frame with one reference, or -1 when physical memory is exhausted. */
    public synchronized long allocate() {
        long pfn;
        if (freeTop > 0) pfn = free[--freeTop];
        else if (nextFresh < frameCount) pfn = nextFresh++;
        else return -1;
        if (pfn >= refs.length) refs = java.util.Arrays.copyOf(refs, (int) Math.min(frameCount, 2L * refs.length));
        refs[(int) pfn] = 1;
        inUse++;
        return pfn;
    }

    public synchronized void retain(long pfn) {
        check(pfn);
        refs[(int) pfn]++;
    }

    /** Drops one reference; the last one frees the frame (and zeroes it for reuse). */
    public synchronized void release(long pfn) {
        check(pfn);
        if (--refs[(int) pfn] > 0) return;
        memory.release(pfn);
        inUse--;
        if (pfn == nextFresh - 1) {
            nextFresh--;
        } else {
            if (freeTop == free.length) free = java.util.Arrays.copyOf(free, free.length * 2);
            free[freeTop++] = pfn;
        }
    }

    public synchronized int references(long pfn) {
        return pfn >= 0 && pfn < refs.length ? refs[(int) pfn] : 0;
    }

    public synchronized long framesInUse() { return inUse; }

    private void check(long pfn) {
        if (pfn <= 0 || pfn >= refs.length || refs[(int) pfn] <= 0) {
            throw new IllegalStateException("frame " + pfn + " is not allocated");
        }
    }
}
