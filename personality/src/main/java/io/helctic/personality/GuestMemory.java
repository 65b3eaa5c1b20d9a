package io.helctic.personality;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/**
 * Guest memory as the personality layer sees it: through the USER_LOAD (1, 2 or 4 bytes,
 * zero-extended) and USER_STORE ops only. A 64-bit field is two 4-byte loads, low half
 * first (x86-64 is little-endian).
 */
public final class GuestMemory {
    private GuestMemory() {}

    /** Loads 1, 2 or 4 bytes, zero-extended; throws {@link GuestFault} on failure. */
    public static long load(KernelOps ops, long addr, int width) {
        long v = ops.call(KernelOp.USER_LOAD, addr, width);
        if (v < 0) throw new GuestFault(Errno.ofResult(v) != null ? v : Errno.EFAULT.negative());
        return v;
    }

    public static long load64(KernelOps ops, long addr) {
        long lo = load(ops, addr, 4);
        long hi = load(ops, addr + 4, 4);
        return (lo & 0xFFFF_FFFFL) | (hi << 32);
    }

    /** Stores 1, 2, 4 or 8 bytes; throws {@link GuestFault} on failure. */
    public static void store(KernelOps ops, long addr, long value, int width) {
        long r = ops.call(KernelOp.USER_STORE, addr, value, width);
        if (r < 0) throw new GuestFault(Errno.ofResult(r) != null ? r : Errno.EFAULT.negative());
    }

    /**
     * Reads up to {@code max} bytes, stopping early at a fault. Returns the bytes read
     * (possibly none). For trace output only.
     */
    public static byte[] readUpTo(KernelOps ops, long addr, int max) {
        byte[] buf = new byte[Math.max(0, max)];
        int n = 0;
        if (ops == null) return new byte[0];
        while (n < buf.length) {
            long v = ops.call(KernelOp.USER_LOAD, addr + n, 1);
            if (v < 0) break;
            buf[n++] = (byte) v;
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }
}
