package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/** semtimedop: its relative struct timespec (NULL: forever) → SEMOP's nanoseconds. */
final class IpcShims {
    private IpcShims() {}

    /** Linux's order: the count, then the timespec (EFAULT, EINVAL), then the operations themselves. */
    static long semtimedop(KernelOps ops, long semid, long sops, long nsops, long tsp) {
        if (nsops < 1 || (int) semid < 0) return Errno.EINVAL.negative();
        long ns = PollShims.timespec(ops, tsp);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        if (ns < -1) return Errno.EINVAL.negative();
        return ops.call(KernelOp.SEMOP, semid, sops, nsops, ns);
    }
}
