package io.helctic.kernel.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's one timer facility: a single daemon thread that runs each timer's expiry when it
 * is due (Linux's hrtimer base). Every timer of every guest — itimers, POSIX timers, timerfds —
 * is an entry in its queue; none has a thread of its own. Expiry actions only queue a signal or
 * bump a counter and wake a queue, so they never block the thread.
 */
public final class KernelTimers {
    private static final ScheduledThreadPoolExecutor EXECUTOR = singleDaemon("helctic-timers");

    private KernelTimers() {}

    /** One daemon thread named {@code name} running scheduled work of the kernel's (cancelled tasks leave at once). */
    public static ScheduledThreadPoolExecutor singleDaemon(String name) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** Runs {@code action} on the timer thread after {@code delayNanos} (at once when not positive). */
    static ScheduledFuture<?> after(long delayNanos, Runnable action) {
        return EXECUTOR.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}
