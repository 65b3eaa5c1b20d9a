package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Signal.NSIG;
import static io.helctic.abi.uapi.Signal.SIGRTMIN;

import io.helctic.kernel.arch.SignalInfo;
import java.util.ArrayDeque;

/**
 * Pending signals with their siginfo, as Linux's struct sigpending: a standard signal is pending
 * once however often it is sent; a real-time signal (SIGRTMIN and up) queues every instance, in
 * order, up to a limit. A thread has one for signals sent to it, its process one for signals
 * sent to the process, which any thread that does not block them may take.
 */
public final class SignalQueue {
    private final SignalInfo[] standard = new SignalInfo[SIGRTMIN];
    @SuppressWarnings("unchecked")
    private final ArrayDeque<SignalInfo>[] realtime = new ArrayDeque[NSIG + 1];
    private volatile long mask;
    private int queued;

    /** Bit n-1 set for each pending signal n. */
    public long mask() { return mask; }

    /** What {@link #add} did. */
    public enum Added { QUEUED, ALREADY_PENDING, FULL }

    /**
     * Makes a signal pending. A standard signal already pending is not queued again; a real-time
     * signal beyond {@code limit} queued instances is refused.
     */
    public synchronized Added add(SignalInfo info, long limit) {
        int sig = info.signo();
        long bit = 1L << (sig - 1);
        if (sig < SIGRTMIN) {
            if ((mask & bit) != 0) return Added.ALREADY_PENDING;
            standard[sig] = info;
            mask |= bit;
            return Added.QUEUED;
        }
        if (queued >= limit) return Added.FULL;
        if (realtime[sig] == null) realtime[sig] = new ArrayDeque<>();
        realtime[sig].add(info);
        queued++;
        mask |= bit;
        return Added.QUEUED;
    }

    /** Takes the lowest pending signal in {@code allowed} (its first instance), or null. */
    public synchronized SignalInfo take(long allowed) {
        long ready = mask & allowed;
        if (ready == 0) return null;
        int sig = Long.numberOfTrailingZeros(ready) + 1;
        long bit = 1L << (sig - 1);
        if (sig < SIGRTMIN) {
            SignalInfo i = standard[sig];
            standard[sig] = null;
            mask &= ~bit;
            return i;
        }
        SignalInfo i = realtime[sig].poll();
        queued--;
        if (realtime[sig].isEmpty()) mask &= ~bit;
        return i;
    }

    /** Forgets every pending instance of the signals in {@code set} (ignored, or a stop against a continue). */
    public synchronized void discard(long set) {
        long hit = mask & set;
        while (hit != 0) {
            int sig = Long.numberOfTrailingZeros(hit) + 1;
            hit &= hit - 1;
            if (sig < SIGRTMIN) {
                standard[sig].resolve();
                standard[sig] = null;
            } else {
                queued -= realtime[sig].size();
                for (SignalInfo i : realtime[sig]) i.resolve();
                realtime[sig].clear();
            }
            mask &= ~(1L << (sig - 1));
        }
    }
}
