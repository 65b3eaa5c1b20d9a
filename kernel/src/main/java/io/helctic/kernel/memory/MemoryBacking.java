package io.helctic.kernel.memory;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes that live only in the kernel (Linux's shmem): the backing of a System V shared memory
 * segment or a memfd. Pages are kept sparsely, as the host's heap gives them; a page never
 * written reads as zeros. Its {@link SharedPages} caches the frames that mappings use and writes
 * them back here when the last mapping of a page goes, so the bytes outlive every attach.
 */
public final class MemoryBacking implements SharedPages.Backing {
    private static final int PAGE = (int) AddressSpace.PAGE;

    private final Map<Long, byte[]> pages = new TreeMap<>();
    private long size;

    public MemoryBacking(long size) {
        this.size = size;
    }

    /** The indexes of the pages written at least once (the rest read as zeros and take no memory). */
    public synchronized java.util.Set<Long> storedIndexes() {
        return new java.util.HashSet<>(pages.keySet());
    }

    @Override
    public synchronized long size() {
        return size;
    }

    /** A new size: bytes past it are dropped, so growing again reads zeros. */
    public synchronized void resize(long newSize) {
        if (newSize < size) {
            pages.keySet().removeIf(index -> index * PAGE >= newSize);
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
