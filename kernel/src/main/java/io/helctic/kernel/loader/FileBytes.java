package io.helctic.kernel.loader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Integer reads from a mapped file, copied out of the segment instead of read through a
 * ValueLayout's VarHandle: making those VarHandles spins method-handle classes that the AOT
 * cache cannot hold, ~10 ms of the first exec in a cold JVM, more than parsing the headers
 * takes. A read out of range throws IndexOutOfBoundsException, as MemorySegment.get does.
 */
final class FileBytes {
    private FileBytes() {}

    /** The unsigned little-endian value of the {@code n} (at most 8) bytes at {@code at}. */
    static long le(MemorySegment file, long at, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at, b, 0, n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    /** The big-endian 32-bit value at {@code at}. */
    static int be32(MemorySegment file, long at) {
        return Integer.reverseBytes((int) le(file, at, 4));
    }
}
