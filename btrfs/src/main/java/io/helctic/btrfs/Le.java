package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian scalar access to a segment; btrfs stores every integer little-endian. */
final class Le {
    private Le() {}

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static int u8(MemorySegment s, long off) { return s.get(ValueLayout.JAVA_BYTE, off) & 0xff; }
    static int u16(MemorySegment s, long off) { return s.get(U16, off) & 0xffff; }
    static long u32(MemorySegment s, long off) { return s.get(U32, off) & 0xffffffffL; }
    static int i32(MemorySegment s, long off) { return s.get(U32, off); }
    static long u64(MemorySegment s, long off) { return s.get(U64, off); }

    static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static byte[] bytes(MemorySegment s, long off, int n) {
        return s.asSlice(off, n).toArray(ValueLayout.JAVA_BYTE);
    }

    static String string(MemorySegment s, long off, int n) {
        return new String(bytes(s, off, n), StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string of at most {@code max} bytes. */
    static String cstring(MemorySegment s, long off, int max) {
        int n = 0;
        while (n < max && s.get(ValueLayout.JAVA_BYTE, off + n) != 0) n++;
        return string(s, off, n);
    }

    static String uuid(MemorySegment s, long off) {
        StringBuilder b = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) b.append('-');
            b.append(String.format("%02x", u8(s, off + i)));
        }
        return b.toString();
    }
}
