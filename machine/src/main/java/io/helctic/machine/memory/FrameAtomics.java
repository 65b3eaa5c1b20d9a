package io.helctic.machine.memory;

import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * Host-atomic access to aligned 32- and 64-bit little-endian words of a frame's
 * {@code byte[]}: what LOCK-prefixed instructions and the kernel's futex operations need.
 *
 * <p>Since JDK 22 neither {@code byteArrayViewVarHandle} nor heap memory segments offer
 * atomic access modes on {@code byte[]} (a heap byte array is not guaranteed to be 8-aligned
 * by the platform), so this uses {@code sun.misc.Unsafe}'s compare-and-swap on the array
 * (HotSpot aligns array bodies to 8 bytes; checked at start-up). The launcher runs with
 * {@code --sun-misc-unsafe-memory-access=allow}. On a big-endian host the native order
 * would not be the guest's, so that case is refused at class initialisation.
 */
public final class FrameAtomics {
    private static final sun.misc.Unsafe U;
    private static final long BASE;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        BASE = U.arrayBaseOffset(byte[].class);
        if ((BASE & 7) != 0 || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("host-atomic frame access needs a little-endian host with 8-aligned "
                    + "array bodies (byte[] base offset " + BASE + ")");
        }
    }

    private FrameAtomics() {}

    private static long at(byte[] frame, int offset, int size) {
        if ((offset & (size - 1)) != 0 || offset < 0 || offset + size > frame.length) {
            throw new IllegalArgumentException("unaligned or out-of-frame atomic access at " + offset);
        }
        return BASE + offset;
    }

    public static boolean compareAndSetLong(byte[] frame, int offset, long expect, long update) {
        return U.compareAndSwapLong(frame, at(frame, offset, 8), expect, update);
    }

    public static boolean compareAndSetInt(byte[] frame, int offset, int expect, int update) {
        return U.compareAndSwapInt(frame, at(frame, offset, 4), expect, update);
    }

    public static long getLongVolatile(byte[] frame, int offset) {
        return U.getLongVolatile(frame, at(frame, offset, 8));
    }

    public static int getIntVolatile(byte[] frame, int offset) {
        return U.getIntVolatile(frame, at(frame, offset, 4));
    }
}
