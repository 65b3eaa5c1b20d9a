package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fs.UIO_MAXIOV;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * readv / writev over READ / WRITE. As Linux does, the whole {@code struct iovec} array
 * (16 bytes per element: base, length) is read first, so an unreadable array fails with
 * EFAULT before any transfer, and negative lengths or a count outside 0..UIO_MAXIOV fail
 * with EINVAL. Then one op call per non-empty element, stopping at the first short
 * transfer; an error after some bytes moved returns the bytes moved. Departure from
 * Linux: the elements are separate op calls, so the transfer is not atomic with respect
 * to other threads using the same file.
 */
final class IoVecShims {
    private IoVecShims() {}


    static long readv(KernelOps ops, long fd, long iov, long iovcnt) {
        return transfer(ops, KernelOp.READ, fd, iov, iovcnt);
    }

    static long writev(KernelOps ops, long fd, long iov, long iovcnt) {
        return transfer(ops, KernelOp.WRITE, fd, iov, iovcnt);
    }

    private static long transfer(KernelOps ops, KernelOp op, long fdReg, long iov, long iovcnt) {
        // vlen is an unsigned long in Linux: a "negative" count is a huge one.
        if (iovcnt < 0 || iovcnt > UIO_MAXIOV) return Errno.EINVAL.negative();
        int count = (int) iovcnt;
        if (count == 0) return 0;
        long fd = ArgKind.normalize(ArgKind.Basic.FD, fdReg);
        long[] base = new long[count];
        long[] len = new long[count];
        long total = 0;
        try {
            for (int i = 0; i < count; i++) {
                base[i] = GuestMemory.load64(ops, iov + 16L * i);
                len[i] = GuestMemory.load64(ops, iov + 16L * i + 8);
                if (len[i] < 0) return Errno.EINVAL.negative();
                total += len[i];
                if (total < 0) return Errno.EINVAL.negative();
            }
        } catch (GuestFault f) {
            return f.result();
        }
        long done = 0;
        for (int i = 0; i < count; i++) {
            if (len[i] == 0) continue;
            long r = ops.call(op, fd, base[i], len[i]);
            if (r < 0) return done > 0 ? done : r;
            done += r;
            if (r < len[i]) break;
        }
        return done;
    }
}
