package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/**
 * semtimedop: its relative struct timespec (NULL: forever) → SEMOP's nanoseconds; mq_timedsend and
 * mq_timedreceive: their absolute CLOCK_REALTIME timespec → the deadline in nanoseconds (-1: none).
 */
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

    /** Linux reads and checks the deadline before anything else: EFAULT, then EINVAL even when no wait is needed. */
    private static long deadline(KernelOps ops, KernelOp op, long fd, long msg, long len, long prio, long tsp) {
        long ns = PollShims.timespec(ops, tsp);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        if (ns < -1) return Errno.EINVAL.negative();
        return ops.call(op, fd, msg, len, prio, ns);
    }

    static long mqTimedsend(KernelOps ops, long fd, long msg, long len, long prio, long tsp) {
        return deadline(ops, KernelOp.MQ_SEND, fd, msg, len, prio, tsp);
    }

    static long mqTimedreceive(KernelOps ops, long fd, long buf, long len, long prio, long tsp) {
        return deadline(ops, KernelOp.MQ_RECEIVE, fd, buf, len, prio, tsp);
    }
}
