package io.helctic.kernel.context;

import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's load averages, as Linux's calc_global_load keeps them (kernel/sched/loadavg.c):
 * every LOAD_FREQ (5 s and a tick) the guest threads that are runnable or in uninterruptible work
 * are counted — a context whose JVM thread is running (guest code, a call in progress, host I/O)
 * or waiting for a kernel monitor, not one parked in a wait — and three fixed-point averages
 * (FSHIFT 11) decay towards that count with Linux's factors for 1, 5 and 15 minutes.
 */
public final class LoadAverage {
    static final int FSHIFT = 11, FIXED_1 = 1 << FSHIFT;
    static final long EXP_1 = 1884, EXP_5 = 2014, EXP_15 = 2037;
    /** LOAD_FREQ: 5 s and one tick (Linux's 5 * HZ + 1, at HZ 250). */
    static final long PERIOD_MS = 5004;

    private static final ScheduledThreadPoolExecutor TICK = io.helctic.kernel.time.KernelTimers.singleDaemon("helctic-loadavg");

    private final long[] avenrun = new long[3];
    private volatile int running;

    /** Starts sampling the threads of {@code processes} (until that table is no longer used). */
    static LoadAverage of(ProcessTable processes) {
        LoadAverage l = new LoadAverage();
        WeakReference<ProcessTable> ref = new WeakReference<>(processes);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = TICK.scheduleAtFixedRate(() -> {
            ProcessTable t = ref.get();
            if (t == null) {
                task[0].cancel(false);
                return;
            }
            l.sample(t);
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return l;
    }

    private void sample(ProcessTable t) {
        int n = 0;
        for (Process p : t.all()) {
            for (Context c : p.threads()) if (c.running()) n++;
        }
        running = n;
        long active = (long) n * FIXED_1;
        synchronized (avenrun) {
            avenrun[0] = calcLoad(avenrun[0], EXP_1, active);
            avenrun[1] = calcLoad(avenrun[1], EXP_5, active);
            avenrun[2] = calcLoad(avenrun[2], EXP_15, active);
        }
    }

    /** Linux's calc_load: one step of the exponential decay, rounding up while the load grows. */
    static long calcLoad(long load, long exp, long active) {
        long newload = load * exp + active * (FIXED_1 - exp);
        if (active >= load) newload += FIXED_1 - 1;
        return newload / FIXED_1;
    }

    /** The three averages in FSHIFT fixed point (sysinfo shifts them to SI_LOAD_SHIFT). */
    public long[] averages() {
        synchronized (avenrun) {
            return avenrun.clone();
        }
    }

    /** Threads runnable at the last sample (/proc/loadavg's first count). */
    public int running() { return running; }
}
