package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.Sleeper;
import io.helctic.kernel.scheme.WaitQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Waiting for descriptors: poll and select. Readiness comes from each handle; a wait registers
 * on the {@link WaitQueue} of every handle it watches and sleeps until one announces a change,
 * the timeout passes, or a signal wakes the thread (a restart code: the kernel restarts or ends
 * the call with EINTR). Only a wait on a handle that cannot announce its changes (the host's
 * console) checks again every few milliseconds.
 */
final class PollOps {
    static final long RECHECK_NS = 2_000_000;

    /**
     * Waits until ready() is positive (its result is returned), the timeout passes (0) or a signal
     * comes ({@code interrupted}'s negative: the call's restart code).
     */
    static long waitFor(long timeoutNs, java.util.function.LongSupplier ready, KernelCode interrupted) {
        return waitFor(timeoutNs, ready, interrupted, List.of());
    }

    /**
     * The same, watching {@code watched}: a waiter on each one's queue unparks this thread when
     * its readiness may have changed. It is registered before the first check, so no change
     * between a check and the sleep is lost.
     */
    static long waitFor(long timeoutNs, java.util.function.LongSupplier ready, KernelCode interrupted,
                        List<Handle> watched) {
        boolean recheck = false;
        List<WaitQueue> queues = new ArrayList<>();
        for (Handle h : watched) {
            WaitQueue q = h.waitQueue();
            if (q != null && !queues.contains(q)) queues.add(q);
            recheck |= h.pollRechecks();
        }
        return waitOn(timeoutNs, ready, interrupted, queues, recheck);
    }

    /** The same, woken by these kernel objects' queues (a semaphore set, a message queue). */
    static long waitOn(long timeoutNs, java.util.function.LongSupplier ready, KernelCode interrupted, WaitQueue queue) {
        return waitOn(timeoutNs, ready, interrupted, List.of(queue), false);
    }

    private static long waitOn(long timeoutNs, java.util.function.LongSupplier ready, KernelCode interrupted,
                               List<WaitQueue> queues, boolean recheck) {
        long deadline = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        Context ctx = Context.current();
        Thread me = Thread.currentThread();
        Sleeper sleep = new Sleeper();
        WaitQueue.Waiter w = events -> sleep.wake();
        for (WaitQueue q : queues) q.add(w);
        try {
            while (true) {
                sleep.reset();
                long n = ready.getAsLong();
                if (n != 0) return n;
                long left = deadline - System.nanoTime();
                if (timeoutNs >= 0 && left <= 0) return 0;
                if (me.isInterrupted() || ctx.finished() || (ctx.pending() & ~ctx.blocked()) != 0) {
                    return interrupted.negative();
                }
                sleep.sleep(recheck ? Math.min(left, RECHECK_NS) : left); // at once when a change came while we looked
            }
        } finally {
            for (WaitQueue q : queues) q.remove(w);
        }
    }

    /** The handles of these descriptors that are open. */
    private static List<Handle> handles(FileTable files, int[] fds) {
        List<Handle> out = new ArrayList<>();
        for (int fd : fds) {
            Handle h = fd >= 0 ? files.get(fd) : null;
            if (h != null) out.add(h);
        }
        return out;
    }

    static long poll(long fds, long nfds, long timeout, long sigmask, long sigsetsize) {
        long deadline = timeout < 0 ? -1 : System.nanoTime() + timeout;
        if (sigmask == 0) return pollUntil(fds, nfds, deadline, KernelCode.ERESTART_RESTARTBLOCK);
        // ppoll: the mask is the caller's until the call ends; a signal it lets in ends the call
        // with ERESTARTNOHAND (restarted whole, mask and all, when no handler runs)
        long bad = suspend(sigmask, sigsetsize);
        if (bad != 0) return bad;
        return endSuspension(pollUntil(fds, nfds, deadline, KernelCode.ERESTARTNOHAND));
    }

    /**
     * A temporary blocked mask for the length of a wait (ppoll, pselect6, epoll_pwait), as
     * sigsuspend's: 0, or -EINVAL for a size other than 8, -EFAULT for an unreadable mask.
     */
    static long suspend(long sigmask, long sigsetsize) {
        if (sigsetsize != 8) return Errno.EINVAL.negative();
        long[] m = UserAccess.getLongs(sigmask, 1);
        if (m == null) return Errno.EFAULT.negative();
        Context.current().suspendWith(m[0]);
        return 0;
    }

    /**
     * The wait under a temporary mask is over with result {@code r}: unless a signal ended it (its
     * handler runs with the temporary mask and its frame restores the caller's), the caller's
     * mask comes back now.
     */
    static long endSuspension(long r) {
        if (r != KernelCode.ERESTARTNOHAND.negative() && r != Errno.EINTR.negative()) Context.current().endSuspension();
        return r;
    }

    private static long pollUntil(long fds, long nfds, long deadline, KernelCode interrupted) {
        long timeout = deadline < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
        if (nfds < 0 || nfds > FileTable.MAX_FDS) return Errno.EINVAL.negative();
        int n = (int) nfds;
        byte[] raw = n == 0 ? new byte[0] : UserAccess.get(fds, n * 8);
        if (raw == null) return Errno.EFAULT.negative();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        FileTable files = Context.current().files();
        int[] asked = new int[n];
        for (int i = 0; i < n; i++) asked[i] = b.getInt(8 * i);
        long r = waitFor(timeout, () -> {
            int ready = 0;
            for (int i = 0; i < n; i++) {
                int fd = b.getInt(8 * i);
                int events = b.getShort(8 * i + 4) & 0xffff;
                int revents = 0;
                if (fd >= 0) {
                    Handle h = files.get(fd);
                    revents = h == null ? POLLNVAL
                            : h.poll(events) & (events | POLLERR | POLLHUP);
                }
                b.putShort(8 * i + 6, (short) revents);
                if (revents != 0) ready++;
            }
            return ready;
        }, interrupted, handles(files, asked));
        if (r == KernelCode.ERESTART_RESTARTBLOCK.negative()) {
            Context.current().setRestartBlock(() -> pollUntil(fds, nfds, deadline, KernelCode.ERESTART_RESTARTBLOCK));
        }
        if (r < 0) return r;
        return n == 0 || UserAccess.put(fds, raw) ? r : Errno.EFAULT.negative();
    }

    static long select(long nfds, long rp, long wp, long ep, long timeout, long sigmask) {
        if (sigmask == 0) return selectOnce(nfds, rp, wp, ep, timeout);
        long bad = suspend(sigmask, 8); // pselect6: the personality checked the size
        if (bad != 0) return bad;
        return endSuspension(selectOnce(nfds, rp, wp, ep, timeout));
    }

    private static long selectOnce(long nfds, long rp, long wp, long ep, long timeout) {
        if (nfds < 0 || nfds > FileTable.MAX_FDS) return Errno.EINVAL.negative();
        int words = (int) ((nfds + 63) / 64);
        long[][] sets = new long[3][];
        long[] ptrs = {rp, wp, ep};
        for (int k = 0; k < 3; k++) {
            sets[k] = ptrs[k] == 0 || words == 0 ? new long[words] : UserAccess.getLongs(ptrs[k], words);
            if (sets[k] == null) return Errno.EFAULT.negative();
        }
        FileTable files = Context.current().files();
        for (int fd = 0; fd < nfds; fd++) {
            boolean asked = false;
            for (int k = 0; k < 3; k++) asked |= (sets[k][fd >> 6] & (1L << (fd & 63))) != 0;
            if (asked && files.get(fd) == null) return Errno.EBADF.negative();
        }
        long[][] result = new long[3][words];
        int[] asked = java.util.stream.IntStream.range(0, (int) nfds)
                .filter(fd -> ((sets[0][fd >> 6] | sets[1][fd >> 6] | sets[2][fd >> 6]) & (1L << (fd & 63))) != 0).toArray();
        long r = waitFor(timeout, () -> {
            int ready = 0;
            for (int k = 0; k < 3; k++) java.util.Arrays.fill(result[k], 0);
            for (int fd = 0; fd < nfds; fd++) {
                long bit = 1L << (fd & 63);
                int w = fd >> 6;
                Handle h = files.get(fd);
                if (h == null) continue;
                if ((sets[0][w] & bit) != 0 && (h.poll(POLLIN) & (POLLIN | POLLHUP | POLLERR)) != 0) {
                    result[0][w] |= bit;
                    ready++;
                }
                if ((sets[1][w] & bit) != 0 && (h.poll(POLLOUT) & (POLLOUT | POLLERR)) != 0) {
                    result[1][w] |= bit;
                    ready++;
                }
                if ((sets[2][w] & bit) != 0 && (h.poll(POLLPRI) & POLLPRI) != 0) {
                    result[2][w] |= bit;
                    ready++;
                }
            }
            return ready;
        }, KernelCode.ERESTARTNOHAND, handles(files, asked));
        if (r < 0) return r;
        for (int k = 0; k < 3; k++) {
            if (ptrs[k] != 0 && words > 0 && !UserAccess.putLongs(ptrs[k], result[k])) return Errno.EFAULT.negative();
        }
        return r;
    }
}
