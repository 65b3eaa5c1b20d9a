package io.helctic.kernel.loader;

import java.lang.foreign.MemorySegment;

/**
 * Integer reads from a mapped file, copied out through a byte-buffer view of the bytes instead
 * of read through a ValueLayout's VarHandle or MemorySegment.copy: making those VarHandles, and
 * the copy's pattern switch over array types, spins classes that the AOT cache cannot hold (~10
 * ms of the first exec in a cold JVM, more than parsing the headers takes). A read out of range
 * throws IndexOutOfBoundsException, as MemorySegment.get does.
 */
final class FileBytes {
    private FileBytes() {}

    /** The unsigned little-endian value of the {@code n} (at most 8) bytes at {@code at}. */
    static long le(MemorySegment file, long at, int n) {
        byte[] b = bytes(file, at, n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    /** The {@code n} bytes at {@code at}, copied out. */
    static byte[] bytes(MemorySegment file, long at, int n) {
        byte[] b = new byte[n];
        copy(file, at, b, n);
        return b;
    }

    /** Copies the {@code n} bytes at {@code at} to the start of {@code dst}. */
    static void copy(MemorySegment file, long at, byte[] dst, int n) {
        file.asSlice(at, n).asByteBuffer().get(0, dst, 0, n);
    }

    /** The big-endian 32-bit value at {@code at}. */
    static int be32(MemorySegment file, long at) {
        return Integer.reverseBytes((int) le(file, at, 4));
    }
}
