package io.helctic.kernel.scheme;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who waits for an open file's readiness to change (Linux's wait_queue_head): poll, select and
 * epoll register a {@link Waiter} on the queue of every file they watch and sleep; the file calls
 * {@link #wake} with the poll bits that may have changed whenever its state moves (data in or
 * out, an end closed, a counter changed), and each waiter looks again. A waiter is called on the
 * waking thread, under none of the file's locks it must not take itself: it only notes and
 * unparks.
 */
public final class WaitQueue {
    /** Passed to waiters when the file is finally released: they forget it (epoll drops its items). */
    public static final int RELEASED = 1 << 30;

    /** What waits: told which poll bits may have changed. */
    @FunctionalInterface
    public interface Waiter {
        void wake(int events);
    }

    private final CopyOnWriteArrayList<Waiter> waiters = new CopyOnWriteArrayList<>();

    public void add(Waiter w) {
        waiters.add(w);
    }

    public void remove(Waiter w) {
        waiters.remove(w);
    }

    /** The file's readiness may have changed in {@code events}: every waiter looks again. */
    public void wake(int events) {
        for (Waiter w : waiters) w.wake(events);
    }

    /** The file is released: waiters are told and forgotten. */
    public void release() {
        for (Waiter w : waiters) w.wake(RELEASED);
        waiters.clear();
    }
}
