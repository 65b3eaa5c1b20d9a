package io.helctic.abi.uapi;

/** Clock ids and clock_nanosleep flags: Linux's {@code <linux/time.h>}. */
public final class Time {
    private Time() {}

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;
    public static final int CLOCK_MONOTONIC_RAW = 4;
    public static final int CLOCK_REALTIME_COARSE = 5;
    public static final int CLOCK_MONOTONIC_COARSE = 6;
    public static final int CLOCK_BOOTTIME = 7;
    public static final int CLOCK_REALTIME_ALARM = 8;
    public static final int CLOCK_BOOTTIME_ALARM = 9;
    public static final int CLOCK_TAI = 11;
    /** The kernel's tick in nanoseconds (HZ 250, as Debian's kernels): the _COARSE clocks' resolution. */
    public static final long TICK_NSEC = 4_000_000;

    public static final int TIMER_ABSTIME = 1;

    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;

    public static final int SIGEV_SIGNAL = 0;
    public static final int SIGEV_NONE = 1;
    public static final int SIGEV_THREAD = 2;
    public static final int SIGEV_THREAD_ID = 4;

    public static final int RUSAGE_SELF = 0;
    public static final int RUSAGE_CHILDREN = -1;
    public static final int RUSAGE_THREAD = 1;
}
