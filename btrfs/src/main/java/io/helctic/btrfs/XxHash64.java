package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;

/** XXH64 (seed 0 in btrfs), over a memory segment. */
final class XxHash64 {
    private XxHash64() {}

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long merge(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }

    static long hash(MemorySegment s, long seed) {
        long len = s.byteSize();
        long p = 0;
        long h;
        if (len >= 32) {
            long v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
            for (; p + 32 <= len; p += 32) {
                v1 = round(v1, Le.u64(s, p));
                v2 = round(v2, Le.u64(s, p + 8));
                v3 = round(v3, Le.u64(s, p + 16));
                v4 = round(v4, Le.u64(s, p + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += len;
        for (; p + 8 <= len; p += 8) {
            h ^= round(0, Le.u64(s, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= len) {
            h ^= Le.u32(s, p) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < len; p++) {
            h ^= Le.u8(s, p) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }
}
