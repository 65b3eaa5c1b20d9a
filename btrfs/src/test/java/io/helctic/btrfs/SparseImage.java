package io.helctic.btrfs;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A mostly-empty image kept small: its length and its non-zero 4 KiB pages, gzipped. The format
 * is "HSPARSE1", the image length (u64), the page count (u32), then per page its offset (u64)
 * and 4096 bytes, all big-endian.
 */
record SparseImage(long length, List<Page> pages) {
    static final int PAGE = 4096;
    private static final String MAGIC = "HSPARSE1";

    record Page(long offset, byte[] data) {}

    /** The non-zero pages of the image file {@code img}. */
    static SparseImage of(Path img) throws IOException {
        List<Page> pages = new ArrayList<>();
        byte[] zero = new byte[PAGE];
        long len = Files.size(img);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            for (long off = 0; off < len; off += PAGE) {
                byte[] b = new byte[PAGE];
                f.seek(off);
                f.readFully(b, 0, (int) Math.min(PAGE, len - off));
                if (!Arrays.equals(b, zero)) pages.add(new Page(off, b));
            }
        }
        return new SparseImage(len, List.copyOf(pages));
    }

    static SparseImage read(InputStream in) throws IOException {
        try (DataInputStream d = new DataInputStream(new GZIPInputStream(in))) {
            byte[] magic = new byte[MAGIC.length()];
            d.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII)))
                throw new IOException("not a sparse image");
            long len = d.readLong();
            int n = d.readInt();
            List<Page> pages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long off = d.readLong();
                byte[] b = new byte[PAGE];
                d.readFully(b);
                pages.add(new Page(off, b));
            }
            return new SparseImage(len, List.copyOf(pages));
        }
    }

    void write(OutputStream out) throws IOException {
        try (DataOutputStream d = new DataOutputStream(new GZIPOutputStream(out))) {
            d.writeBytes(MAGIC);
            d.writeLong(length);
            d.writeInt(pages.size());
            for (Page p : pages) {
                d.writeLong(p.offset());
                d.write(p.data());
            }
        }
    }

    /** Writes the image to {@code img} as a sparse file. */
    void materialize(Path img) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(length);
            for (Page p : pages) {
                f.seek(p.offset());
                f.write(p.data(), 0, (int) Math.min(PAGE, length - p.offset()));
            }
        }
    }
}
