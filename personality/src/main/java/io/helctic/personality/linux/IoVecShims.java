package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.F_GETFL;
import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Fs.SPLICE_F_GIFT;
import static io.helctic.abi.uapi.Fs.SPLICE_F_MORE;
import static io.helctic.abi.uapi.Fs.SPLICE_F_MOVE;
import static io.helctic.abi.uapi.Fs.SPLICE_F_NONBLOCK;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/**
 * The positioned vector calls and vmsplice over READV / WRITEV. preadv and pwritev take an
 * offset that must not be negative (on x86-64 pos_l holds all of it; pos_h is ignored, as
 * Linux's pos_from_hilo does); their v2 forms also take -1 for the file's position, and flags.
 */
final class IoVecShims {
    private IoVecShims() {}

    static long preadv(KernelOps ops, long fd, long iov, long iovcnt, long posL, long posH) {
        return posL < 0 ? Errno.EINVAL.negative() : ops.call(KernelOp.READV, fd, iov, iovcnt, posL, 0);
    }

    static long pwritev(KernelOps ops, long fd, long iov, long iovcnt, long posL, long posH) {
        return posL < 0 ? Errno.EINVAL.negative() : ops.call(KernelOp.WRITEV, fd, iov, iovcnt, posL, 0);
    }

    /**
     * vmsplice: the pipe's write end takes the user buffers as a writev, its read end fills them
     * as a readv (copies: pages are never gifted or moved).
     */
    static long vmsplice(KernelOps ops, long fd, long iov, long nrSegs, long flags) {
        if ((flags & ~(long) (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)) != 0) {
            return Errno.EINVAL.negative();
        }
        long fl = ops.call(KernelOp.FCNTL, fd, F_GETFL, 0);
        if (fl < 0) return fl;
        return ops.call((fl & O_ACCMODE) == O_WRONLY ? KernelOp.WRITEV : KernelOp.READV, fd, iov, nrSegs, -1, 0);
    }
}
