package io.helctic.kernel.time;

import io.helctic.kernel.arch.SignalInfo;
import java.util.function.Predicate;

/**
 * A POSIX timer (timer_create): an {@link IntervalTimer} that notifies by a signal carrying
 * SI_TIMER, its id and sigev_value — or not at all (SIGEV_NONE). As Linux, one signal per timer
 * is queued at a time: expiries while it waits to be taken are counted as overruns, which the
 * siginfo and timer_getoverrun report once it is taken.
 */
public final class PosixTimer implements SignalInfo.Source {
    private final int id;
    private final int signo;
    private final long value;
    private final Predicate<SignalInfo> sender;
    private IntervalTimer timer;
    private boolean queued, deleted;
    private long overrun, lastOverrun;

    /**
     * {@code signo} 0 notifies nothing (SIGEV_NONE); {@code sender} queues a siginfo and says
     * whether it is now pending (false: discarded or refused).
     */
    public PosixTimer(int id, int signo, long value, Predicate<SignalInfo> sender) {
        this.id = id;
        this.signo = signo;
        this.value = value;
        this.sender = sender;
    }

    /** Sets the timer that drives it (made with {@link #expired} as its action). */
    public void drive(IntervalTimer t) {
        this.timer = t;
    }

    public int id() { return id; }

    public IntervalTimer timer() { return timer; }

    /** The expiry action: queue the signal, or count an overrun while one is queued. */
    public void expired(long periods) {
        synchronized (this) {
            if (deleted || signo == 0) return;
            if (queued) {
                overrun += periods;
                return;
            }
            overrun += periods - 1;
            queued = true;
        }
        if (!sender.test(SignalInfo.timer(signo, id, 0, value, this))) {
            synchronized (this) {
                queued = false;
            }
        }
    }

    @Override
    public synchronized SignalInfo taken(SignalInfo q) {
        queued = false;
        if (deleted) return null;
        lastOverrun = Math.min(overrun, Integer.MAX_VALUE);
        overrun = 0;
        return SignalInfo.timer(signo, id, (int) lastOverrun, value, null);
    }

    /** The overrun count of the last signal taken (DELAYTIMER_MAX at most). */
    public synchronized int overrun() {
        return (int) lastOverrun;
    }

    /** timer_delete: disarmed, and a signal it has queued is void. */
    public synchronized void delete() {
        deleted = true;
        timer.cancel();
    }
}
