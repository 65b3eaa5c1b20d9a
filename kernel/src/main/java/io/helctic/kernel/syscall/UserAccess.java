package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small typed helpers over the calling context's user memory; false/null means EFAULT. */
final class UserAccess {
    private UserAccess() {}

    static AddressSpace space() {
        return Context.current().space();
    }

    /** A NUL-terminated path from user memory: EFAULT, or ENAMETOOLONG when there is no NUL within PATH_MAX. */
    static Result<String> path(long va) {
        return string(va, io.helctic.abi.uapi.Fs.PATH_MAX);
    }

    /** A NUL-terminated string of at most max bytes (NUL included): EFAULT or ENAMETOOLONG. */
    static Result<String> string(long va, int max) {
        if (va == 0) return Result.err(Errno.EFAULT);
        // read in growing pieces, never past the page the NUL is on: most names are short, and a
        // whole PATH_MAX buffer (zeroed, then filled to the page's end) cost a stat ~2 µs
        byte[] buf = new byte[Math.min(max, 128)];
        int have = 0;
        while (true) {
            if (have == buf.length) {
                if (have >= max) return Result.err(Errno.ENAMETOOLONG);
                buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 4));
            }
            int chunk = (int) Math.min(buf.length - have, AddressSpace.PAGE - ((va + have) & (AddressSpace.PAGE - 1)));
            if (!space().read(va + have, buf, have, chunk)) return Result.err(Errno.EFAULT);
            for (int i = have; i < have + chunk; i++) {
                // the guest's bytes, one char each: every distinct name stays distinct
                if (buf[i] == 0) return Result.ok(new String(buf, 0, i, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            have += chunk;
        }
    }

    static boolean put(long va, byte[] bytes) {
        return space().write(va, bytes, 0, bytes.length);
    }

    /** Linux's access_ok: the range lies in user space (whether it is mapped shows when it is used). */
    static boolean writable(long va, long len) {
        return va >= 0 && len >= 0 && len <= AddressSpace.USER_TOP - va;
    }

    static byte[] get(long va, int len) {
        byte[] b = new byte[len];
        return space().read(va, b, 0, len) ? b : null;
    }

    static boolean putLongs(long va, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return put(va, b.array());
    }

    /** Reads n little-endian 64-bit words, or null. */
    static long[] getLongs(long va, int n) {
        byte[] b = get(va, n * 8);
        if (b == null) return null;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = bb.getLong();
        return out;
    }
}
