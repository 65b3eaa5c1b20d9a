package io.helctic.kernel.time;

import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * One armable timer on one clock, with Linux's itimerspec semantics: a value (the first expiry,
 * relative or absolute on the clock) and an interval (0: one shot). On a clock that runs with
 * time (REALTIME, MONOTONIC, BOOTTIME) the expiry is an entry of {@link KernelTimers}; on a CPU
 * clock, which only moves while the guest runs, the owner calls {@link #poll} from the threads
 * that use it (at preemption points), so such a timer fires within one time slice of its expiry.
 * Each expiry calls the action with the number of periods that passed since the last call
 * (more than 1 when the timer thread or a slice ran late: those are the overruns).
 */
public final class IntervalTimer {
    /** What an expiry does; called outside the timer's lock, on the timer thread or a polling one. */
    @FunctionalInterface
    public interface Action {
        void expired(long periods);
    }

    private final LongSupplier clock;
    private final boolean polled;
    private final Action action;
    private long next;      // the expiry on the clock; 0: disarmed
    private long interval;
    private long generation; // bumped by every set(): a stale scheduled run does nothing
    private ScheduledFuture<?> scheduled;

    /**
     * {@code clock} reads the timer's clock in nanoseconds; {@code polled} when it is a CPU
     * clock, to be polled rather than scheduled.
     */
    public IntervalTimer(LongSupplier clock, boolean polled, Action action) {
        this.clock = clock;
        this.polled = polled;
        this.action = action;
    }

    /** {time to the next expiry (0: disarmed; at least 1 when armed), interval}, in nanoseconds. */
    public synchronized long[] get() {
        if (next == 0) return new long[] {0, interval};
        return new long[] {Math.max(1, next - clock.getAsLong()), interval};
    }

    public synchronized boolean armed() {
        return next != 0;
    }

    /**
     * Arms the timer to expire at {@code value} (absolute on the clock, or from now) and every
     * {@code interval} after; a value of 0 disarms it (the interval is still kept). Returns the previous setting as {@link #get}.
     */
    public long[] set(long value, long interval, boolean absolute) {
        boolean expiredNow = false;
        long[] old;
        synchronized (this) {
            old = get();
            if (scheduled != null) scheduled.cancel(false);
            scheduled = null;
            generation++;
            this.interval = interval; // kept even while disarmed, as Linux's getters show it
            if (value == 0) {
                next = 0;
                return old;
            }
            long now = clock.getAsLong();
            next = absolute ? value : saturatingAdd(now, value);
            if (next <= 0) next = 1;
            if (!polled) schedule(next - now);
            else expiredNow = next <= now;
        }
        if (expiredNow) poll();
        return old;
    }

    /** Disarms for good (the timer's owner is gone). */
    public synchronized void cancel() {
        if (scheduled != null) scheduled.cancel(false);
        scheduled = null;
        generation++;
        next = 0;
    }

    private void schedule(long delay) {
        long g = generation;
        scheduled = KernelTimers.after(delay, () -> fire(g));
    }

    private void fire(long g) {
        long periods;
        synchronized (this) {
            if (g != generation || next == 0) return;
            long now = clock.getAsLong();
            if (now < next) { // the host's timer ran early, or a wall clock moved: wait the rest
                schedule(next - now);
                return;
            }
            periods = advance(now);
            if (next != 0) schedule(next - now);
        }
        action.expired(periods);
    }

    /** A CPU-clock timer: fires when its clock has reached the expiry. */
    public void poll() {
        long periods;
        synchronized (this) {
            if (next == 0) return;
            long now = clock.getAsLong();
            if (now < next) return;
            periods = advance(now);
        }
        action.expired(periods);
    }

    /** Moves past {@code now}: the periods that have passed, and the next expiry (0 for a one-shot). */
    private long advance(long now) {
        if (interval == 0) {
            next = 0;
            return 1;
        }
        long periods = 1 + (now - next) / interval;
        next = saturatingAdd(next, Math.multiplyHigh(periods, interval) != 0 ? Long.MAX_VALUE : periods * interval);
        return periods;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
