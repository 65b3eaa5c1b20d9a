package io.helctic.kernel.memory;

import java.util.TreeMap;

/**
 * Bytes that live only in the kernel (Linux's shmem): the backing of a System V shared memory
 * segment or a memfd. Pages are kept sparsely, as the host's heap gives them; a page never
 * written reads as zeros. Its {@link SharedPages} caches the frames that mappings use and writes
 * them back here when the last mapping of a page goes, so the bytes outlive every attach.
 */
public final class MemoryBacking implements SharedPages.Backing {
    private static final int PAGE = (int) AddressSpace.PAGE;

    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    /** Pages fallocate stored that nothing has written yet: counted as stored, but holes to SEEK_DATA (shmem's !uptodate folios). */
    private final java.util.Set<Long> unwritten = new java.util.HashSet<>();
    private long size;

    public MemoryBacking(long size) {
        this.size = size;
    }

    /** The indexes of the pages written at least once (the rest read as zeros and take no memory). */
    public synchronized java.util.Set<Long> storedIndexes() {
        return new java.util.HashSet<>(pages.keySet());
    }

    /** How many of the pages that [from, to) touches are not stored yet (what writing there would add). */
    public synchronized long missingPages(long from, long to) {
        long n = 0;
        for (long index = from / PAGE; index * PAGE < to; index++) if (!pages.containsKey(index)) n++;
        return n;
    }

    /** How many pages are stored (st_blocks of a tmpfs file counts them). */
    public synchronized int storedPages() {
        return pages.size();
    }

    /**
     * SEEK_DATA ({@code data}) or SEEK_HOLE from {@code pos} (within the size): the first byte at
     * or after pos in a stored page, or -1 when none is; the first byte of an unstored page at or
     * after pos, or the size.
     */
    public synchronized long seek(long pos, boolean data) {
        long index = pos / PAGE;
        if (data) {
            Long k = pages.ceilingKey(index);
            while (k != null && unwritten.contains(k)) k = pages.higherKey(k);
            return k == null || k * PAGE >= size ? -1 : Math.max(pos, k * PAGE);
        }
        while (pages.containsKey(index) && !unwritten.contains(index) && index * PAGE < size) index++;
        return Math.min(size, Math.max(pos, index * PAGE));
    }

    /** fallocate: the pages of [from, to) stored (as zeros where new), the size unchanged. */
    public synchronized void allocate(long from, long to) {
        for (long index = from / PAGE; index * PAGE < to; index++) {
            if (pages.putIfAbsent(index, new byte[PAGE]) == null) unwritten.add(index);
        }
    }

    /** FALLOC_FL_PUNCH_HOLE: [from, to) reads as zeros; whole pages in it are let go of. */
    public synchronized void punch(long from, long to) {
        for (long index = from / PAGE; index * PAGE < to; index++) {
            long start = index * PAGE, end = start + PAGE;
            if (from <= start && end <= to) {
                pages.remove(index);
                unwritten.remove(index);
            } else {
                byte[] page = pages.get(index);
                if (page != null) java.util.Arrays.fill(page, (int) (Math.max(from, start) - start), (int) (Math.min(to, end) - start), (byte) 0);
            }
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    /** A new size: bytes past it are dropped, so growing again reads zeros. */
    public synchronized void resize(long newSize) {
        if (newSize < size) {
            pages.keySet().removeIf(index -> index * PAGE >= newSize);
            unwritten.removeIf(index -> index * PAGE >= newSize);
            byte[] last = pages.get(newSize / PAGE);
            if (last != null) java.util.Arrays.fill(last, (int) (newSize % PAGE), PAGE, (byte) 0);
        }
        size = newSize;
    }

    @Override
    public synchronized void read(long pos, byte[] dst, int len) {
        copy(pos, dst, 0, len, false);
    }

    /** Reads len bytes at pos into dst at off (the caller keeps within the size). */
    public synchronized void read(long pos, byte[] dst, int off, int len) {
        copy(pos, dst, off, len, false);
    }

    @Override
    public synchronized boolean write(long pos, byte[] src, int len) {
        copy(pos, src, 0, len, true);
        return true;
    }

    /** Writes len bytes of src at off to pos, growing the size to cover them. */
    public synchronized void write(long pos, byte[] src, int off, int len) {
        copy(pos, src, off, len, true);
        size = Math.max(size, pos + len);
    }

    private void copy(long pos, byte[] buf, int off, int len, boolean store) {
        int done = 0;
        while (done < len) {
            long at = pos + done;
            long index = at / PAGE;
            int in = (int) (at % PAGE), n = Math.min(len - done, PAGE - in);
            byte[] page = pages.get(index);
            if (store) {
                if (page == null) pages.put(index, page = new byte[PAGE]);
                unwritten.remove(index);
                System.arraycopy(buf, off + done, page, in, n);
            } else if (page == null) {
                java.util.Arrays.fill(buf, off + done, off + done + n, (byte) 0);
            } else {
                System.arraycopy(page, in, buf, off + done, n);
            }
            done += n;
        }
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void release() {
        // the heap takes the pages back
    }
}
