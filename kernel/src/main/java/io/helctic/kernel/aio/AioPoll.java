package io.helctic.kernel.aio;

import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.WaitQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * IOCB_CMD_POLL (fs/aio.c's aio_poll): a one-shot poll whose result is an io_event. It completes
 * at submission when the file is ready; otherwise it waits on the file's wait queue, and each wake
 * has the kernel's AIO worker (Linux's aio_poll_complete_work) ask the file again, off the waking
 * thread, which may hold the file's locks. io_cancel and io_destroy cancel it: it then completes
 * with 0. A file with no wait queue (a regular file: no poll method) is ready for what it can be
 * at once, or refuses the request (EINVAL) when it can never be.
 */
public final class AioPoll {
    private AioPoll() {}

    /** The kernel's one AIO worker thread (Linux's system workqueue, for this). */
    private static final ScheduledThreadPoolExecutor WORK = io.helctic.kernel.time.KernelTimers.singleDaemon("helctic-aio");

    /** Runs {@code r} on the AIO worker (an FSYNC request's work). */
    public static void later(Runnable r) {
        WORK.execute(r);
    }

    /** How often a file that cannot announce its readiness (the host console) is asked again. */
    private static final long RECHECK_MS = 2;

    /**
     * Starts the poll of {@code file} for {@code events} (POLLERR and POLLHUP included by the
     * caller) as {@code req}: 0 (it completed or waits), or -EINVAL when the file can never answer.
     */
    public static long start(AioContext.Request req, Handle file, int events) {
        WaitQueue q = file.waitQueue();
        boolean recheck = file.pollRechecks();
        if (q == null && !recheck) {
            int mask = file.poll(events) & events;
            if (mask == 0) return Errno.EINVAL.negative();
            req.complete(mask, 0);
            return 0;
        }
        Pending p = new Pending(req, file, events, q);
        if (q != null) q.add(p);
        int mask = file.poll(events) & events;
        if (mask != 0) {
            if (q != null) q.remove(p);
            req.complete(mask, 0);
            return 0;
        }
        req.cancellable(p::cancel);
        if (recheck) WORK.scheduleWithFixedDelay(p::recheck, RECHECK_MS, RECHECK_MS, TimeUnit.MILLISECONDS);
        p.look(); // a wake between the first look and the registration of the cancel
        return 0;
    }

    /** A poll waiting on its file. */
    private static final class Pending implements WaitQueue.Waiter {
        private final AioContext.Request req;
        private final Handle file;
        private final int events;
        private final WaitQueue queue;
        private volatile boolean cancelled, done, woken;
        private boolean scheduled, again; // under this

        Pending(AioContext.Request req, Handle file, int events, WaitQueue queue) {
            this.req = req;
            this.file = file;
            this.events = events;
            this.queue = queue;
        }

        @Override
        public void wake(int changed) {
            if (changed != WaitQueue.RELEASED && changed != 0 && (changed & events) == 0) return;
            woken = true;
            schedule();
        }

        private void schedule() {
            synchronized (this) {
                if (scheduled) {
                    again = true;
                    return;
                }
                scheduled = true;
            }
            WORK.execute(this::work);
        }

        void cancel() {
            cancelled = true;
            schedule();
        }

        /** The scheduled look (aio_poll_complete_work). */
        private void work() {
            while (true) {
                look();
                synchronized (this) {
                    if (!again || done) {
                        scheduled = false;
                        return;
                    }
                    again = false;
                }
            }
        }

        /** The periodic look at a file that cannot announce its readiness; ends (by throwing) once the poll is over. */
        void recheck() {
            if (done) throw new java.util.concurrent.CancellationException();
            look();
        }

        /** Asks the file; completes the request when it is ready or cancelled. */
        void look() {
            if (done) return;
            int mask = cancelled ? 0 : file.poll(events) & events;
            if (mask == 0 && !cancelled) return;
            synchronized (this) {
                if (done) return;
                done = true;
            }
            if (queue != null) queue.remove(this);
            req.complete(woken && !cancelled ? key(file, mask) : mask, 0);
        }
    }

    /**
     * What a poll completed by its file's wake reports: Linux's aio_poll_wake takes the waker's key
     * as the result, which is the file type's whole class of readiness (a pipe's writer wakes
     * readers with POLLIN|POLLRDNORM, a socket's data comes with POLLIN|POLLPRI|POLLRDNORM|POLLRDBAND),
     * not just the bits asked for.
     */
    static int key(Handle file, int mask) {
        if (file instanceof io.helctic.kernel.scheme.Pipe.End) {
            if ((mask & POLLIN) != 0) return POLLIN | POLLRDNORM;
            if ((mask & POLLOUT) != 0) return POLLOUT | POLLWRNORM;
        } else if (file instanceof io.helctic.kernel.net.Socket) {
            if ((mask & POLLIN) != 0) return POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND;
            if ((mask & POLLOUT) != 0) return POLLOUT | POLLWRNORM | POLLWRBAND;
        }
        return mask;
    }
}
