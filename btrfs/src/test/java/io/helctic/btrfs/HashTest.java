package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The hashes against published vectors and values read from real images. */
class HashTest {
    static MemorySegment seg(String s) {
        return MemorySegment.ofArray(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nameHashIsCrc32cSeededWithNotOne() {
        // DIR_ITEM key offsets printed by btrfs inspect-internal dump-tree for an mkfs.btrfs image
        assertThat(Crc32c.nameHash("a.txt".getBytes())).isEqualTo(792872284L);
        assertThat(Crc32c.nameHash("link".getBytes())).isEqualTo(2885771098L);
        assertThat(Crc32c.nameHash("fifo".getBytes())).isEqualTo(3215739802L);
        assertThat(Crc32c.nameHash("d".getBytes())).isEqualTo(4189400016L);
        assertThat(Crc32c.nameHash("default".getBytes())).isEqualTo(0x8dbfc2d2L);
    }

    @Test
    void xxhash64Vectors() {
        assertThat(XxHash64.hash(seg(""), 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(XxHash64.hash(seg("abc"), 0)).isEqualTo(0x44BC2CF5AD770999L);
    }

    @Test
    void blake2bVectors() {
        HexFormat h = HexFormat.of();
        assertThat(h.formatHex(Blake2b.digest(seg("abc"), 64))).isEqualTo(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
        assertThat(h.formatHex(Blake2b.digest(seg("abc"), 32)))
                .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        assertThat(h.formatHex(Blake2b.digest(seg(""), 32)))
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void checksumTypesHaveTheirSizes() {
        for (ChecksumType t : ChecksumType.values())
            assertThat(t.compute(seg("some block"))).hasSize(t.size());
        assertThat(HexFormat.of().formatHex(ChecksumType.CRC32C.compute(seg("123456789"))))
                .isEqualTo("839206e3"); // 0xE3069283, little-endian
    }
}
