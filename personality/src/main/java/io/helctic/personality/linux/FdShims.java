package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.F_GETFD;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/** Descriptor calls that need more than one op. */
final class FdShims {
    private FdShims() {}

    /**
     * dup2: when old == new Linux returns the descriptor if it is open (checked with
     * FCNTL(fd, F_GETFD)) and EBADF otherwise; DUP3 would reject that case with EINVAL.
     * Otherwise it is DUP3(old, new, 0).
     */
    static long dup2(KernelOps ops, long oldReg, long newReg) {
        long oldfd = ArgKind.normalize(ArgKind.Basic.FD, oldReg);
        long newfd = ArgKind.normalize(ArgKind.Basic.FD, newReg);
        if (oldfd == newfd) {
            long r = ops.call(KernelOp.FCNTL, oldfd, F_GETFD, 0);
            return r < 0 ? r : oldfd;
        }
        return ops.call(KernelOp.DUP3, oldfd, newfd, 0);
    }
}
