package io.helctic.personality.linux;

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
        return ns == Long.MIN_VALUE ? Errno.EFAULT.negative() : ns < -1 ? Errno.EINVAL.negative()
                : ops.call(KernelOp.POLL, fds, nfds, ns, sigmask, sigsetsize);
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
        return ops.call(KernelOp.SELECT, nfds, r, w, e, ns, 0);
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
        return ops.call(KernelOp.SELECT, nfds, r, w, e, ns, mask);
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
