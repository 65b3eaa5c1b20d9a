package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** EXTENT_DATA items whose ranges only add up by overflowing are errors, not wrapped reads. */
class FileExtentTest {
    static final Node N = new Node(5, 257);

    static MemorySegment regular(int compression, long ram, long bytenr, long diskNum, long off, long num) {
        ByteBuffer b = ByteBuffer.allocate(FileExtent.HEADER + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 7).putLong(8, ram).put(16, (byte) compression).put(20, (byte) FileExtent.REGULAR);
        b.putLong(21, bytenr).putLong(29, diskNum).putLong(37, off).putLong(45, num);
        return MemorySegment.ofArray(b.array());
    }

    @Test
    void validExtentsParse() throws Exception {
        FileExtent e = FileExtent.parse(N, 0, regular(0, 8192, 1 << 20, 8192, 4096, 4096));
        assertThat(e.length()).isEqualTo(4096);
        FileExtent z = FileExtent.parse(N, 0, regular(Decompress.ZSTD, 131072, 1 << 20, 4096, 0, 131072));
        assertThat(z.ramBytes()).isEqualTo(131072);
    }

    @Test
    void compressedRangeThatOverflows() {
        long big = (1L << 62) + (1L << 31);
        assertThatThrownBy(() -> FileExtent.parse(N, 0, regular(Decompress.ZLIB, 131072, 1 << 20, 4096, big, big)))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("inode 5:257 extent at file offset 0")
                .hasMessageContaining("outside its 131072 bytes");
    }

    @Test
    void uncompressedRangeThatOverflows() {
        long big = (1L << 62) + (1L << 31);
        assertThatThrownBy(() -> FileExtent.parse(N, 0, regular(0, 8192, 1 << 20, 8192, big, big)))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("outside its 8192-byte disk extent");
    }

    @Test
    void negativeDiskSizes() {
        assertThatThrownBy(() -> FileExtent.parse(N, 0, regular(0, 8192, 1 << 20, -4096, 0, 4096)))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("disk extent");
        assertThatThrownBy(() -> FileExtent.parse(N, 0, regular(Decompress.LZO, 8192, 1 << 20, -4096, 0, 4096)))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("compressed extent");
    }

    @Test
    void compressedInlineWithAbsurdSize() {
        ByteBuffer b = ByteBuffer.allocate(FileExtent.HEADER + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, 1L << 40).put(16, (byte) Decompress.ZLIB).put(20, (byte) FileExtent.INLINE);
        assertThatThrownBy(() -> FileExtent.parse(N, 0, MemorySegment.ofArray(b.array())))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("inode 5:257").hasMessageContaining("absurd");
    }
}
