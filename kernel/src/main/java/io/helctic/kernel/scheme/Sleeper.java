package io.helctic.kernel.scheme;

import java.util.concurrent.locks.LockSupport;

/**
 * One thread's sleep in a wait for files (poll, select, epoll_wait, a blocking socket call): it
 * ends when a waiter calls {@link #wake}, when the thread is interrupted (a signal, its end), or
 * when the time passes — and may end early for no reason, so every caller looks again in a loop:
 * <pre>
 *   s.reset(); if (ready()) return; s.sleep(nanos);
 * </pre>
 * A sleeping thread does not merely park. When the kernel watches host sockets, the sleeper
 * watches them itself while it sleeps (it leads the kernel's {@link Host} selector), so that a
 * packet for it wakes it straight from the host's epoll_wait, as a native program's read is
 * woken, instead of waking a selector thread that then wakes it: one thread switch instead of
 * two or three. What it takes from the host for others it hands on to their wait queues.
 */
public final class Sleeper {
    /** What watches a kernel's host sockets: a sleeping thread lends itself to it. */
    public interface Host {
        /**
         * Sleeps as {@link LockSupport#parkNanos} would, ended by {@link #wake}; meanwhile watches
         * the host when no other thread does. With no sockets to watch, it only parks.
         */
        void sleep(Sleeper s, long nanos);
    }

    /** The host selector of the kernel whose sockets this thread used last (unset: it only parks). */
    private static final ThreadLocal<Host> HOST = new ThreadLocal<>();

    /** Marks the current thread as one that waits for {@code host}'s sockets. */
    public static void bind(Host host) {
        if (HOST.get() != host) HOST.set(host);
    }

    private final Thread thread = Thread.currentThread();
    private volatile boolean woken;
    /** How to end this sleep while the thread watches the host (the selector's wakeup), else null. */
    private volatile Runnable leading;

    /** Forgets earlier wakes: called before each look at the condition. */
    public void reset() {
        woken = false;
    }

    /** Whether a wake came since the last {@link #reset}. */
    public boolean woken() {
        return woken;
    }

    /** Ends the sleep (or the next one, when the thread is not asleep yet). Any thread may call it. */
    public void wake() {
        woken = true;
        if (Thread.currentThread() == thread) return; // its own dispatch: it looks again when that ends
        Runnable l = leading;
        if (l != null) l.run();
        else LockSupport.unpark(thread);
    }

    /** Sleeps at most {@code nanos} (any value; Long.MAX_VALUE for no limit) unless woken since the last reset. */
    public void sleep(long nanos) {
        if (woken || nanos <= 0) return;
        Host h = HOST.get();
        if (h != null) h.sleep(this, nanos);
        else LockSupport.parkNanos(this, nanos);
    }

    /**
     * For a {@link Host}: the thread is about to watch the host, ended by {@code wakeup}; false
     * when a wake came first (then it must not sleep at all).
     */
    public boolean lead(Runnable wakeup) {
        leading = wakeup;
        return !woken; // read after the write: a waker that missed `leading` set `woken` before we looked
    }

    /** For a {@link Host}: the thread no longer watches the host. */
    public void follow() {
        leading = null;
    }

    /** For a {@link Host}: the sleeping thread. */
    public Thread thread() {
        return thread;
    }
}
