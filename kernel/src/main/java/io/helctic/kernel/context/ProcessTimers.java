package io.helctic.kernel.context;

import io.helctic.kernel.time.IntervalTimer;
import io.helctic.kernel.time.PosixTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A process's timers: its three interval timers (setitimer), its POSIX timers by id, and those
 * of them on CPU clocks, which its threads poll as they run. A fork's child starts with none;
 * exec keeps the interval timers and deletes the POSIX timers; the end of the process cancels all.
 */
public final class ProcessTimers {
    /** Linux's default limit is RLIMIT_SIGPENDING; a process here may hold this many POSIX timers. */
    static final int MAX_POSIX = 32_768;
    private static final long POLL_NANOS = 1_000_000;

    private final IntervalTimer[] itimers = new IntervalTimer[3];
    private final Map<Integer, PosixTimer> posix = new TreeMap<>();
    private final List<IntervalTimer> polled = new CopyOnWriteArrayList<>();
    private int nextId;
    private volatile long lastPoll;

    /** Interval timer {@code which}, made by {@code create} the first time it is asked for. */
    public synchronized IntervalTimer itimer(int which, Supplier<IntervalTimer> create) {
        if (itimers[which] == null) itimers[which] = create.get();
        return itimers[which];
    }

    /** Adds a POSIX timer made for the next free id; null when the process holds too many. */
    public synchronized PosixTimer addPosix(IntFunction<PosixTimer> make) {
        if (posix.size() >= MAX_POSIX) return null;
        while (posix.containsKey(nextId)) nextId = (nextId + 1) & Integer.MAX_VALUE;
        PosixTimer t = make.apply(nextId);
        posix.put(nextId, t);
        nextId = (nextId + 1) & Integer.MAX_VALUE;
        return t;
    }

    public synchronized PosixTimer posix(int id) {
        return posix.get(id);
    }

    public PosixTimer deletePosix(int id) {
        PosixTimer t;
        synchronized (this) {
            t = posix.remove(id);
        }
        if (t != null) {
            polled.remove(t.timer());
            t.delete();
        }
        return t;
    }

    /** A timer on a CPU clock: polled by the process's threads from now on. */
    public void poll(IntervalTimer t) {
        if (!polled.contains(t)) polled.add(t);
    }

    /** Fires the CPU-clock timers that are due; called by running threads, at most once a millisecond. */
    public void pollCpu() {
        if (polled.isEmpty()) return;
        long now = System.nanoTime();
        if (now - lastPoll < POLL_NANOS) return;
        lastPoll = now;
        for (IntervalTimer t : polled) t.poll();
    }

    /** exec: the POSIX timers go; the interval timers stay. */
    public void execed() {
        List<Integer> ids;
        synchronized (this) {
            ids = new ArrayList<>(posix.keySet());
        }
        for (int id : ids) deletePosix(id);
    }

    /** The process ended: nothing fires any more. */
    public void cancelAll() {
        execed();
        synchronized (this) {
            for (IntervalTimer t : itimers) if (t != null) t.cancel();
        }
        polled.clear();
    }
}
