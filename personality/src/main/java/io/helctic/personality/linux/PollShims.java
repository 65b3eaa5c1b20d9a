package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Time.CLOCK_MONOTONIC;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * poll, ppoll, select and pselect6: each timeout format (milliseconds, struct timespec,
 * struct timeval) becomes the kernel's nanoseconds (-1 forever).
 */
final class PollShims {
    private PollShims() {}

    static long poll(KernelOps ops, long fds, long nfds, long timeoutMs) {
        int ms = (int) timeoutMs;
        return ops.call(KernelOp.POLL, fds, nfds, ms < 0 ? -1 : ms * 1_000_000L, 0, 0);
    }

    static long ppoll(KernelOps ops, long fds, long nfds, long tsp, long sigmask, long sigsetsize) {
        long ns = timespec(ops, tsp);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        if (ns < -1) return Errno.EINVAL.negative();
        long start = ns >= 0 ? ops.call(KernelOp.CLOCK_READ, CLOCK_MONOTONIC) : 0;
        long r = ops.call(KernelOp.POLL, fds, nfds, ns, sigmask, sigsetsize);
        if (ns >= 0) writeLeft(ops, tsp, ns, start, 1);
        return r;
    }

    /**
     * Linux writes the time left back to a select, pselect6 or ppoll timeout when the call ends
     * however it ends (so a restarted call waits only the rest); a timeout in memory it cannot
     * write is left alone, as Linux's poll_select_finish does. {@code unit} 1000 for a timeval.
     */
    private static void writeLeft(KernelOps ops, long ptr, long ns, long start, long unit) {
        long elapsed = ops.call(KernelOp.CLOCK_READ, CLOCK_MONOTONIC) - start;
        long left = Math.max(0, ns - Math.max(0, elapsed));
        try {
            GuestMemory.store(ops, ptr, left / 1_000_000_000L, 8);
            GuestMemory.store(ops, ptr + 8, left % 1_000_000_000L / unit, 8);
        } catch (GuestFault f) {
            // not written, as Linux
        }
    }

    static long select(KernelOps ops, long nfds, long r, long w, long e, long tvp) {
        long ns;
        if (tvp == 0) {
            ns = -1;
        } else {
            try {
                long sec = GuestMemory.load64(ops, tvp), usec = GuestMemory.load64(ops, tvp + 8);
                if (sec < 0 || usec < 0 || usec >= 1_000_000) return Errno.EINVAL.negative();
                ns = sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + usec * 1000;
            } catch (GuestFault f) {
                return Errno.EFAULT.negative();
            }
        }
        long start = ns >= 0 ? ops.call(KernelOp.CLOCK_READ, CLOCK_MONOTONIC) : 0;
        long n = ops.call(KernelOp.SELECT, nfds, r, w, e, ns, 0);
        if (ns >= 0) writeLeft(ops, tvp, ns, start, 1000);
        return n;
    }

    /** pselect6's sixth argument points at {const sigset_t *ss; size_t ss_len} (or is NULL). */
    static long pselect6(KernelOps ops, long nfds, long r, long w, long e, long tsp, long sig) {
        long ns = timespec(ops, tsp);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        if (ns < -1) return Errno.EINVAL.negative();
        long mask = 0;
        if (sig != 0) {
            try {
                mask = GuestMemory.load64(ops, sig);
                long len = GuestMemory.load64(ops, sig + 8);
                if (mask != 0 && len != 8) return Errno.EINVAL.negative();
            } catch (GuestFault f) {
                return Errno.EFAULT.negative();
            }
        }
        long start = ns >= 0 ? ops.call(KernelOp.CLOCK_READ, CLOCK_MONOTONIC) : 0;
        long n = ops.call(KernelOp.SELECT, nfds, r, w, e, ns, mask);
        if (ns >= 0) writeLeft(ops, tsp, ns, start, 1);
        return n;
    }

    /** A struct timespec as nanoseconds; NULL is -1 (forever), a bad one -2, an unreadable one MIN_VALUE. */
    static long timespec(KernelOps ops, long tsp) {
        if (tsp == 0) return -1;
        try {
            long sec = GuestMemory.load64(ops, tsp), nsec = GuestMemory.load64(ops, tsp + 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return -2;
            return sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
        } catch (GuestFault f) {
            return Long.MIN_VALUE;
        }
    }
}
