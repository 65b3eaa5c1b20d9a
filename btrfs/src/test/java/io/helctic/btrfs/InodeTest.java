package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** INODE_ITEM fields the kernel writes but mkfs.btrfs 6.2 does not: nanoseconds, device numbers. */
class InodeTest {
    @Test
    void nanosecondTimesAndDeviceNumbers() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(Inode.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 7).putLong(16, 4096).putInt(40, 2).putInt(44, 1000).putInt(48, 100).putInt(52, 060640)
                .putLong(56, (8L << 20) | 17);
        b.putLong(136, 1_700_000_000L).putInt(144, 999_999_999); // mtime
        b.putLong(112, -1L).putInt(120, 5);                        // atime before the epoch
        Inode i = Inode.parse(new Node(5, 257), MemorySegment.ofArray(b.array()));
        assertThat(i.mtime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 999_999_999));
        assertThat(i.atime()).isEqualTo(Instant.ofEpochSecond(-1, 5));
        assertThat(i.type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(i.permissions()).isEqualTo(0640);
        assertThat(i.major()).isEqualTo(8);
        assertThat(i.minor()).isEqualTo(17);
        assertThat(i.nlink()).isEqualTo(2);
    }

    @Test
    void timesBeyondInstantAreClamped() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(Inode.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(136, Long.MAX_VALUE).putLong(112, Long.MIN_VALUE);
        Inode i = Inode.parse(new Node(5, 257), MemorySegment.ofArray(b.array()));
        assertThat(i.mtime().getEpochSecond()).isEqualTo(Instant.MAX.getEpochSecond());
        assertThat(i.atime().getEpochSecond()).isEqualTo(Instant.MIN.getEpochSecond());
    }

    @Test
    void shortItemIsAnError() {
        assertThatThrownBy(() -> Inode.parse(new Node(5, 300), MemorySegment.ofArray(new byte[100])))
                .isInstanceOf(BtrfsException.class).hasMessageContaining("inode 5:300");
    }
}
