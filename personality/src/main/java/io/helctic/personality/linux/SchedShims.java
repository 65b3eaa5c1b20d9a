package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Sched.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/** The scheduling calls that are arithmetic on a policy, or on what SCHED_GETSCHEDULER answers. */
final class SchedShims {
    private SchedShims() {}

    static long priorityMax(KernelOps ops, long policy) {
        return switch ((int) policy) {
            case SCHED_FIFO, SCHED_RR -> policy == (int) policy ? 99 : Errno.EINVAL.negative();
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE -> policy == (int) policy ? 0 : Errno.EINVAL.negative();
            default -> Errno.EINVAL.negative();
        };
    }

    static long priorityMin(KernelOps ops, long policy) {
        long max = priorityMax(ops, policy);
        return max == 99 ? 1 : max;
    }

    /**
     * sched_rr_get_interval: SCHED_RR's quantum is Linux's default 100 ms, SCHED_FIFO's 0; a
     * normal thread is given the 4 ms of a CFS slice on an idle machine (Linux computes it from the load).
     */
    static long rrInterval(KernelOps ops, long pid, long tp) {
        long policy = ops.call(KernelOp.SCHED_GETSCHEDULER, pid);
        if (policy < 0) return policy;
        long ns = policy == SCHED_RR ? 100_000_000L : policy == SCHED_FIFO ? 0 : 4_000_000L;
        try {
            GuestMemory.store(ops, tp, 0, 8);
            GuestMemory.store(ops, tp + 8, ns, 8);
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
        return 0;
    }
}
