package io.helctic.kernel.scheme;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A per-thread scratch object for host calls (native memory the calls read and write), kept by
 * a pool when its thread ends so that the next thread takes it instead of making one: a new
 * one is native memory allocated and zeroed, with a cleaner registered per allocation
 * ({@code Arena.ofAuto}), and every guest thread — a fork's child among them — needs one at
 * its first host call.
 */
public final class ThreadScratch<T> {
    private final ThreadLocal<T> mine = new ThreadLocal<>();
    private final ConcurrentLinkedDeque<T> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final int keep;
    private final Supplier<T> make;

    /** At most {@code keep} retired objects are kept (the rest left to their cleaners). */
    public ThreadScratch(int keep, Supplier<T> make) {
        this.keep = keep;
        this.make = make;
    }

    /** The calling thread's: its own, a retired one, or a new one. */
    public T get() {
        T s = mine.get();
        if (s == null) {
            s = free.pollFirst();
            if (s != null) freeCount.decrementAndGet();
            else s = make.get();
            mine.set(s);
        }
        return s;
    }

    /**
     * The calling thread makes no more host calls through this (its end): its object, if it has
     * one, goes to the next thread that needs one. A later call on this thread takes another.
     */
    public void threadEnded() {
        T s = mine.get();
        if (s == null) return;
        mine.remove();
        if (freeCount.incrementAndGet() <= keep) free.addFirst(s);
        else freeCount.decrementAndGet();
    }
}
