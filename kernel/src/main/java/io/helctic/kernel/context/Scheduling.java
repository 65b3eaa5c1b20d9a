package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Sched.SCHED_BATCH;
import static io.helctic.abi.uapi.Sched.SCHED_DEADLINE;
import static io.helctic.abi.uapi.Sched.SCHED_FIFO;
import static io.helctic.abi.uapi.Sched.SCHED_IDLE;
import static io.helctic.abi.uapi.Sched.SCHED_OTHER;
import static io.helctic.abi.uapi.Sched.SCHED_RR;

/**
 * A thread's scheduling attributes as Linux's task_struct holds them: the policy, the real-time
 * priority, the nice value (static_prio), sched_reset_on_fork, and the SCHED_DEADLINE parameters and
 * flags (the utilisation clamps and a fair task's slice are the host's own record, read back from it). Immutable, swapped whole. The kernel decides every
 * change with the guest's credentials and applies it to the host thread running the guest thread.
 */
public record Scheduling(int policy, int priority, int nice, boolean resetOnFork, long runtime, long deadline,
                         long period, long dlFlags) {
    /** A first thread's: SCHED_OTHER, nice 0, no clamps. */
    public static final Scheduling DEFAULT = new Scheduling(SCHED_OTHER, 0, 0, false, 0, 0, 0, 0);

    public boolean realtime() { return policy == SCHED_FIFO || policy == SCHED_RR; }

    public boolean deadlineTask() { return policy == SCHED_DEADLINE; }

    public boolean fair() { return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE; }

    /**
     * What a child of fork or clone starts with (sched_fork): the same, unless reset-on-fork is set,
     * which brings a real-time or deadline policy back to SCHED_OTHER at nice 0, a negative nice to 0,
     * and does not pass the flag on.
     */
    public Scheduling forked() {
        if (!resetOnFork) return this;
        boolean rtOrDl = realtime() || deadlineTask();
        return new Scheduling(rtOrDl ? SCHED_OTHER : policy, 0, rtOrDl || nice < 0 ? 0 : nice, false, 0, 0, 0, 0);
    }

    public Scheduling withNice(int n) {
        return new Scheduling(policy, priority, n, resetOnFork, runtime, deadline, period, dlFlags);
    }
}
