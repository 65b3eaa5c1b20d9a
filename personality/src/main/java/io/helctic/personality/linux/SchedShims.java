package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Sched.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;

/** The scheduling calls that are arithmetic on a policy. */
final class SchedShims {
    private SchedShims() {}

    static long priorityMax(KernelOps ops, long policy) {
        return switch ((int) policy) {
            case SCHED_FIFO, SCHED_RR -> policy == (int) policy ? 99 : Errno.EINVAL.negative();
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE -> policy == (int) policy ? 0 : Errno.EINVAL.negative();
            default -> Errno.EINVAL.negative();
        };
    }

    static long priorityMin(KernelOps ops, long policy) {
        long max = priorityMax(ops, policy);
        return max == 99 ? 1 : max;
    }
}
