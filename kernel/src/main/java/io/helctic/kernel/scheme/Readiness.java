package io.helctic.kernel.scheme;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The wake-up for threads waiting in poll, select or pause: a handle whose readiness changes
 * (a pipe written, read or closed) says so here, and every waiting thread looks again, so an idle
 * waiter sleeps instead of rechecking on a timer. A waiter reads the epoch before it checks its
 * handles and sleeps only if the epoch has not moved since: no change is lost between its check
 * and its sleep. Handles that cannot say so ({@link Handle#pollRechecks()}, the host's console)
 * make their waiters recheck every few milliseconds, as before.
 *
 * <p>One epoch for all handles: a change wakes every waiter, which is cheap while waiters are
 * few; per-handle wait queues come with the event ABI (epoll).
 */
public final class Readiness {
    private static final AtomicLong EPOCH = new AtomicLong();
    private static final Set<Thread> WAITING = ConcurrentHashMap.newKeySet();

    private Readiness() {}

    /** The current epoch: read it before checking readiness. */
    public static long epoch() {
        return EPOCH.get();
    }

    /** Something's readiness changed: every waiter looks again. */
    public static void changed() {
        EPOCH.incrementAndGet();
        for (Thread t : WAITING) LockSupport.unpark(t);
    }

    /** The current thread is about to wait for a change. */
    public static void enter() {
        WAITING.add(Thread.currentThread());
    }

    /** ... and is done waiting. */
    public static void leave() {
        WAITING.remove(Thread.currentThread());
    }
}
