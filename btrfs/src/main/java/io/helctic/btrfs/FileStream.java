package io.helctic.btrfs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;

/**
 * A file's bytes as a stream over its extents, fetched from the tree a batch at a time, so a
 * large file is never held whole: uncompressed data is copied straight from the mapping one
 * checksummed sector run at a time, a compressed extent (≤ 128 KiB) is decompressed alone.
 * Gaps between extents and after the last one read as zeros (holes, explicit or no-holes).
 * Faults surface as {@link IOException}s whose cause is the {@link BtrfsException}.
 */
final class FileStream extends InputStream {
    private static final int BATCH = 64;
    private static final int CHUNK = 256 * 1024;

    private final Btrfs fs;
    private final Inode inode;
    private final boolean verify;
    private final ArrayDeque<FileExtent> pending = new ArrayDeque<>();
    private long nextKey = 0;
    private boolean exhausted;
    private long pos;
    private FileExtent current;
    private byte[] buf = new byte[0];
    private int bufPos, bufLen;

    FileStream(Btrfs fs, Inode inode) {
        this.fs = fs;
        this.inode = inode;
        this.verify = (inode.flags() & Inode.FLAG_NODATASUM) == 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (bufPos == bufLen && !fill()) return -1;
        int n = Math.min(len, bufLen - bufPos);
        System.arraycopy(buf, bufPos, b, off, n);
        bufPos += n;
        return n;
    }

    private boolean fill() throws IOException {
        if (pos >= inode.size()) return false;
        try {
            FileExtent e = extentAt(pos);
            long limit = inode.size();
            long n;
            if (e == null || e.fileOffset() > pos) { // hole
                long end = e == null ? limit : Math.min(limit, e.fileOffset());
                n = Math.min(CHUNK, end - pos);
                ensure((int) n);
                java.util.Arrays.fill(buf, 0, (int) n, (byte) 0);
            } else {
                long end = Math.min(limit, e.fileOffset() + e.length());
                n = Math.min(CHUNK, end - pos);
                ensure((int) n);
                fs.readExtent(inode.node(), e, pos - e.fileOffset(), buf, (int) n, verify);
            }
            bufPos = 0;
            bufLen = (int) n;
            pos += n;
            return true;
        } catch (BtrfsException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    private void ensure(int n) {
        if (buf.length < n) buf = new byte[Math.max(n, Math.min(CHUNK, 2 * buf.length))];
    }

    /** The extent covering {@code at}, else the next one after it, else null. */
    private FileExtent extentAt(long at) throws BtrfsException {
        while (true) {
            if (current != null && at < current.fileOffset() + current.length()) return current;
            if (pending.isEmpty() && !exhausted) fetch();
            if (pending.isEmpty()) return current = null;
            current = pending.poll();
        }
    }

    private void fetch() throws BtrfsException {
        int[] count = {0};
        Node node = inode.node();
        fs.scanItems(node.tree(), new Key(node.ino(), Key.EXTENT_DATA, nextKey), Key.max(node.ino(), Key.EXTENT_DATA), (k, d) -> {
            pending.add(FileExtent.parse(node, k.offset(), d));
            if (k.offset() == -1L) {
                exhausted = true;
                return false;
            }
            nextKey = k.offset() + 1;
            return ++count[0] < BATCH;
        });
        if (count[0] < BATCH) exhausted = true;
    }

    static void copy(MemorySegment from, long off, byte[] to, int n) {
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, off, to, 0, n);
    }
}
