package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.v3.lzo.LzoCompressor;
import io.airlift.compress.v3.zstd.ZstdJavaCompressor;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The decompressors against the JDK's and aircompressor's compressors and btrfs's framing rules. */
class DecompressTest {
    static final int SECTOR = 4096;

    /** Compressible but not trivial: words from a small vocabulary plus some noise. */
    static byte[] sample(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"btrfs ", "extent ", "tree ", "chunk ", "inode ", "\n", "0123 "};
        byte[] b = new byte[n];
        int i = 0;
        while (i < n) {
            byte[] w = words[r.nextInt(words.length)].getBytes();
            for (int k = 0; k < w.length && i < n; k++) b[i++] = r.nextInt(50) == 0 ? (byte) r.nextInt() : w[k];
        }
        return b;
    }

    @Test
    void zlib() throws Exception {
        for (int n : new int[] {1, 100, 4096, 128 * 1024}) {
            byte[] data = sample(n, n);
            Deflater d = new Deflater(3);
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[n + 1024];
            int len = d.deflate(buf);
            assertThat(Decompress.decompress(Decompress.ZLIB, Arrays.copyOf(buf, len), n, SECTOR)).isEqualTo(data);
        }
        assertThatThrownBy(() -> Decompress.zlib(new byte[] {0x78, (byte) 0x9c, 1, 2, 3, 4, 5}, 100))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("zlib");
    }

    /** btrfs's LZO framing, written here as the kernel's lzo_compress_folios does. */
    static byte[] lzoFrame(byte[] data, int sector) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[4], 0, 4);
        LzoCompressor c = new LzoCompressor();
        for (int off = 0; off < data.length; off += sector) {
            int n = Math.min(sector, data.length - off);
            byte[] seg = new byte[c.maxCompressedLength(n)];
            int len = c.compress(data, off, n, seg, 0, seg.length);
            int left = sector - out.size() % sector;
            if (left < 4) out.write(new byte[left], 0, left);
            out.write(le(len), 0, 4);
            out.write(seg, 0, len);
        }
        byte[] b = out.toByteArray();
        System.arraycopy(le(b.length), 0, b, 0, 4);
        return b;
    }

    static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    @Test
    void lzoFramingAcrossSectors() throws Exception {
        for (int n : new int[] {1, 4095, 4096, 4097, 70_000, 128 * 1024}) {
            byte[] data = sample(n, n + 7);
            byte[] framed = lzoFrame(data, SECTOR);
            byte[] padded = Arrays.copyOf(framed, (framed.length + SECTOR - 1) / SECTOR * SECTOR);
            assertThat(Decompress.decompress(Decompress.LZO, padded, n, SECTOR)).as("size %d", n).isEqualTo(data);
        }
    }

    @Test
    void lzoSegmentHeaderSkipsToTheNextSector() throws Exception {
        // find random data whose first segment ends 1..3 bytes before a sector boundary
        Random r = new Random(1);
        int hits = 0;
        for (int attempt = 0; attempt < 4000 && hits < 3; attempt++) {
            byte[] data = new byte[3 * SECTOR];
            int noise = 3000 + r.nextInt(1100);
            for (int i = 0; i < noise; i++) data[i] = (byte) r.nextInt();
            byte[] framed = lzoFrame(data, SECTOR);
            int firstLen = Le.u32(framed, 4);
            int end = 8 + firstLen;
            if (end < SECTOR && SECTOR - end < 4) {
                hits++;
                assertThat(Arrays.copyOfRange(framed, end, SECTOR)).containsOnly(0);
                assertThat(Decompress.lzo(framed, data.length, SECTOR)).isEqualTo(data);
            }
        }
        assertThat(hits).as("cases where the rule applies").isPositive();
    }

    @Test
    void lzoErrors() {
        byte[] data = sample(10_000, 3);
        byte[] f = lzoFrame(data, SECTOR);
        byte[] badTotal = f.clone();
        System.arraycopy(le(f.length + 100), 0, badTotal, 0, 4);
        assertThatThrownBy(() -> Decompress.lzo(badTotal, data.length, SECTOR)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("header length");
        byte[] badSeg = f.clone();
        System.arraycopy(le(1 << 20), 0, badSeg, 4, 4);
        assertThatThrownBy(() -> Decompress.lzo(badSeg, data.length, SECTOR)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("bad length");
        byte[] garbage = f.clone();
        for (int i = 8; i < 40; i++) garbage[i] = (byte) 0xff;
        assertThatThrownBy(() -> Decompress.lzo(garbage, data.length, SECTOR)).isInstanceOf(BtrfsException.class);
    }

    @Test
    void zstdWithZeroPaddingAfterTheFrame() throws Exception {
        ZstdJavaCompressor c = new ZstdJavaCompressor();
        for (int n : new int[] {1, 4096, 100_000, 128 * 1024}) {
            byte[] data = sample(n, n + 11);
            byte[] buf = new byte[c.maxCompressedLength(n)];
            int len = c.compress(data, 0, n, buf, 0, buf.length);
            assertThat(Decompress.zstdFrameEnd(buf, 0)).isEqualTo(len);
            byte[] padded = Arrays.copyOf(buf, (len + SECTOR - 1) / SECTOR * SECTOR + SECTOR);
            assertThat(Decompress.decompress(Decompress.ZSTD, padded, n, SECTOR)).isEqualTo(data);
        }
    }

    @Test
    void zstdErrors() {
        assertThatThrownBy(() -> Decompress.zstd(new byte[] {1, 2, 3, 4, 5, 6}, 10)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("magic");
        byte[] data = sample(50_000, 5);
        ZstdJavaCompressor c = new ZstdJavaCompressor();
        byte[] buf = new byte[c.maxCompressedLength(data.length)];
        int len = c.compress(data, 0, data.length, buf, 0, buf.length);
        byte[] cut = Arrays.copyOf(buf, len / 2);
        assertThatThrownBy(() -> Decompress.zstd(cut, data.length)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void absurdSizesAreRefused() {
        assertThatThrownBy(() -> Decompress.decompress(Decompress.ZLIB, new byte[10], Integer.MAX_VALUE, SECTOR))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("absurd");
        assertThatThrownBy(() -> Decompress.decompress(9, new byte[10], 10, SECTOR))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("unknown compression");
    }
}
