package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.POLL;
import static io.helctic.abi.KernelOp.SELECT;
import static io.helctic.abi.KernelOp.USER_SCRATCH;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;

/**
 * poll(2) and select(2) with the BSDs' values: struct pollfd is the kernel's, but POLLWRNORM is
 * POLLOUT (4) and POLLWRBAND 0x100 on both BSDs, POLLRDHUP 0x4000 on FreeBSD (NetBSD has none),
 * where the kernel's (Linux's) are 0x100, 0x200 and 0x2000 (sys/sys/poll.h of each). The events
 * are translated in the guest's own array for the call and put back after it, with the
 * translated revents. select and pselect too: NetBSD's struct timeval has an int tv_usec.
 */
final class BsdPoll {
    private BsdPoll() {}

    static final int POLLOUT = 0x4, BSD_WRBAND = 0x100, FREEBSD_RDHUP = 0x4000;
    static final int K_WRNORM = 0x100, K_WRBAND = 0x200, K_RDHUP = 0x2000;
    /** The bits both number alike: IN, PRI, OUT, ERR, HUP, NVAL, RDNORM, RDBAND. */
    static final int SAME = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80;

    static int toKernel(int e, boolean freeBsd) {
        int k = e & SAME;
        if ((e & BSD_WRBAND) != 0) k |= K_WRBAND;
        if (freeBsd && (e & FREEBSD_RDHUP) != 0) k |= K_RDHUP;
        return k;
    }

    static int toGuest(int k, boolean freeBsd) {
        int e = k & SAME;
        if ((k & K_WRNORM) != 0) e |= POLLOUT;
        if ((k & K_WRBAND) != 0) e |= BSD_WRBAND;
        if (freeBsd && (k & K_RDHUP) != 0) e |= FREEBSD_RDHUP;
        return e;
    }

    /** The poll: events translated in place, the kernel's POLL with timeout (ns, -1 forever) and mask, then put back. */
    static long poll(KernelOps ops, long fds, long nfds, long timeoutNs, long mask, boolean freeBsd) {
        if (nfds < 0 || nfds > 65536) return Errno.EINVAL.negative();
        short[] events = new short[(int) nfds];
        for (int i = 0; i < nfds; i++) {
            long at = fds + 8L * i + 4;
            events[i] = (short) GuestMemory.load(ops, at, 2);
            GuestMemory.store(ops, at, toKernel(events[i] & 0xffff, freeBsd), 2);
        }
        long r = ops.call(POLL, fds, nfds, timeoutNs, mask, 8);
        for (int i = 0; i < nfds; i++) {
            long at = fds + 8L * i + 4;
            int rev = (int) GuestMemory.load(ops, at + 2, 2);
            GuestMemory.store(ops, at, events[i] & 0xffff, 2);
            GuestMemory.store(ops, at + 2, r >= 0 ? toGuest(rev, freeBsd) : 0, 2);
        }
        return r;
    }

    /** poll(fds, nfds, timeout) for FreeBSD: milliseconds, negative for none. */
    static long pollFreeBsd(KernelOps ops, long fds, long nfds, long timeoutMs) {
        int t = (int) timeoutMs;
        return poll(ops, fds, nfds, t < 0 ? -1 : t * 1_000_000L, 0, true);
    }

    static long pollNetBsd(KernelOps ops, long fds, long nfds, long timeoutMs) {
        int t = (int) timeoutMs;
        return poll(ops, fds, nfds, t < 0 ? -1 : t * 1_000_000L, 0, false);
    }

    /** A struct timespec's nanoseconds (NULL: -1, forever), or Long.MIN_VALUE when it is invalid. */
    static long nanos(KernelOps ops, long ts) {
        if (ts == 0) return -1;
        long sec = GuestMemory.load64(ops, ts), nsec = GuestMemory.load64(ops, ts + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return Long.MIN_VALUE;
        return sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
    }

    /** A BSD 128-bit signal set as the kernel's mask in scratch (0 for NULL), or a negative errno. */
    static long mask(KernelOps ops, long set, int[] signals) {
        if (set == 0) return 0;
        long k = ops.call(USER_SCRATCH, 8);
        if (k < 0) return k;
        GuestMemory.store(ops, k, BsdSignals.loadSet(ops, set, signals), 8);
        return k;
    }

    /** ppoll(fds, nfds, ts, set) for FreeBSD. */
    static long ppollFreeBsd(KernelOps ops, long fds, long nfds, long ts, long set) {
        long ns = nanos(ops, ts);
        if (ns == Long.MIN_VALUE) return Errno.EINVAL.negative();
        long m = mask(ops, set, BsdSignals.freeBsd());
        return m < 0 ? m : poll(ops, fds, nfds, ns, m, true);
    }

    /** __pollts50(fds, nfds, ts, set) for NetBSD. */
    static long pollts(KernelOps ops, long fds, long nfds, long ts, long set) {
        long ns = nanos(ops, ts);
        if (ns == Long.MIN_VALUE) return Errno.EINVAL.negative();
        long m = mask(ops, set, BsdSignals.netBsd());
        return m < 0 ? m : poll(ops, fds, nfds, ns, m, false);
    }

    /**
     * select(nd, in, ou, ex, tv): the fd_set bitmaps are the kernel's; the struct timeval is read
     * (tv_usec a long on FreeBSD, an int on NetBSD) and not written back, as the BSDs leave it.
     */
    static long select(KernelOps ops, long nd, long in, long ou, long ex, long tv, int usecWidth) {
        long ns = -1;
        if (tv != 0) {
            long sec = GuestMemory.load64(ops, tv);
            long usec = usecWidth == 4 ? (int) GuestMemory.load(ops, tv + 8, 4) : GuestMemory.load64(ops, tv + 8);
            if (sec < 0 || usec < 0 || usec >= 1_000_000L) return Errno.EINVAL.negative();
            ns = sec * 1_000_000_000L + usec * 1000;
        }
        return ops.call(SELECT, (int) nd, in, ou, ex, ns, 0);
    }

    static long selectFreeBsd(KernelOps ops, long nd, long in, long ou, long ex, long tv) {
        return select(ops, nd, in, ou, ex, tv, 8);
    }

    /** __select50: NetBSD's struct timeval has an int tv_usec. */
    static long selectNetBsd(KernelOps ops, long nd, long in, long ou, long ex, long tv) {
        return select(ops, nd, in, ou, ex, tv, 4);
    }

    /** pselect(nd, in, ou, ex, ts, set): a struct timespec and the OS's 128-bit mask for the wait. */
    static long pselect(KernelOps ops, long nd, long in, long ou, long ex, long ts, long set, int[] signals) {
        long ns = nanos(ops, ts);
        if (ns == Long.MIN_VALUE) return Errno.EINVAL.negative();
        long m = mask(ops, set, signals);
        return m < 0 ? m : ops.call(SELECT, (int) nd, in, ou, ex, ns, m);
    }

    static long pselectFreeBsd(KernelOps ops, long nd, long in, long ou, long ex, long ts, long set) {
        return pselect(ops, nd, in, ou, ex, ts, set, BsdSignals.freeBsd());
    }

    /** __pselect50 for NetBSD. */
    static long pselectNetBsd(KernelOps ops, long nd, long in, long ou, long ex, long ts, long set) {
        return pselect(ops, nd, in, ou, ex, ts, set, BsdSignals.netBsd());
    }
}
