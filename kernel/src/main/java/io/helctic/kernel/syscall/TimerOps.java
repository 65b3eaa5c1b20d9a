package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Event.*;
import static io.helctic.abi.uapi.Signal.*;
import static io.helctic.abi.uapi.Time.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTimers;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.TimerFd;
import io.helctic.kernel.time.IntervalTimer;
import io.helctic.kernel.time.PosixTimer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;

/**
 * Timers: the interval timers (setitimer, alarm), POSIX timers, timerfds and CPU accounting
 * (getrusage). Every timer is an {@link IntervalTimer} on the kernel's one timer thread, or, on a
 * CPU clock, polled by the process's running threads.
 */
final class TimerOps {
    private static final long PAGE_SIZE = io.helctic.kernel.memory.AddressSpace.PAGE;
    private static final long NS = 1_000_000_000L;
    private final Spawner spawner;
    private final SystemOps system;

    TimerOps(Spawner spawner, SystemOps system) {
        this.spawner = spawner;
        this.system = system;
    }

    // ---- struct reading and writing -------------------------------------------------------

    /** An itimerspec or itimerval {interval ns, value ns}; null for EFAULT, {-1, -1} when not valid. */
    private static long[] readTimer(long ptr, long unit) {
        long[] v = UserAccess.getLongs(ptr, 4);
        if (v == null) return null;
        long max = NS / unit;
        for (int i = 0; i < 4; i += 2) {
            if (v[i] < 0 || v[i + 1] < 0 || v[i + 1] >= max) return new long[] {-1, -1};
        }
        return new long[] {nanos(v[0], v[1] * unit), nanos(v[2], v[3] * unit)};
    }

    private static long nanos(long sec, long ns) {
        return sec > (Long.MAX_VALUE - ns) / NS ? Long.MAX_VALUE : sec * NS + ns;
    }

    /** Writes {remaining, interval} as an itimerspec (unit 1) or itimerval (unit 1000). */
    private static boolean writeTimer(long ptr, long[] t, long unit) {
        if (ptr == 0) return true;
        long value = t[0], interval = t[1];
        if (unit > 1 && value > 0 && value < unit) value = unit; // at least 1 µs while armed, as Linux
        return UserAccess.putLongs(ptr, interval / NS, interval % NS / unit, value / NS, value % NS / unit);
    }

    // ---- interval timers ------------------------------------------------------------------

    private IntervalTimer itimer(Process p, int which) {
        ProcessTimers timers = p.timers();
        return timers.itimer(which, () -> switch (which) {
            case ITIMER_REAL -> new IntervalTimer(() -> system.now(CLOCK_MONOTONIC), false,
                    n -> Delivery.send(p, null, SignalInfo.kernel(SIGALRM), spawner));
            case ITIMER_VIRTUAL -> polled(timers, () -> p.cpuTimes()[1],
                    n -> Delivery.send(p, null, SignalInfo.kernel(SIGVTALRM), spawner));
            default -> polled(timers, () -> p.cpuTimes()[0],
                    n -> Delivery.send(p, null, SignalInfo.kernel(SIGPROF), spawner));
        });
    }

    private static IntervalTimer polled(ProcessTimers timers, LongSupplier clock, IntervalTimer.Action action) {
        IntervalTimer t = new IntervalTimer(clock, true, action);
        timers.poll(t);
        return t;
    }

    long getitimer(long which, long cur) {
        if (which < ITIMER_REAL || which > ITIMER_PROF) return Errno.EINVAL.negative();
        long[] t = itimer(Context.current().process(), (int) which).get();
        return writeTimer(cur, t, 1000) ? 0 : Errno.EFAULT.negative();
    }

    long setitimer(long which, long next, long old) {
        if (which < ITIMER_REAL || which > ITIMER_PROF) return Errno.EINVAL.negative();
        long[] v = next == 0 ? new long[] {0, 0} : readTimer(next, 1000);
        if (v == null) return Errno.EFAULT.negative();
        if (v[0] < 0) return Errno.EINVAL.negative();
        long[] prev = itimer(Context.current().process(), (int) which).set(v[1], v[0], false);
        return writeTimer(old, prev, 1000) ? 0 : Errno.EFAULT.negative();
    }

    long alarm(long seconds) {
        long s = seconds & 0xffffffffL;
        long[] prev = itimer(Context.current().process(), ITIMER_REAL).set(s * NS, 0, false);
        long sec = prev[0] / NS, usec = prev[0] % NS / 1000;
        if ((sec == 0 && prev[0] > 0) || usec >= 500_000) sec++;
        return sec;
    }

    // ---- POSIX timers ---------------------------------------------------------------------

    /** The clock a timer on {@code clock} reads, polled when it is a CPU clock; null when no timer can use it. */
    private record Clock(LongSupplier now, boolean cpu) {}

    private Clock clockFor(int clock, Context ctx) {
        switch (clock) {
            case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM -> {
                return new Clock(() -> system.now(clock), false);
            }
            case CLOCK_PROCESS_CPUTIME_ID -> {
                Process p = ctx.process();
                return new Clock(() -> p.cpuTimes()[0], true);
            }
            case CLOCK_THREAD_CPUTIME_ID -> {
                return new Clock(() -> ctx.cpuTimes()[0], true);
            }
            default -> {
                if (clock >= 0 || system.now(clock) < 0) return null;
                return new Clock(() -> Math.max(0, system.cpuClock(clock, ctx)), true);
            }
        }
    }

    long timerCreate(long clockArg, long sevp, long idPtr) {
        int clock = (int) clockArg;
        Context ctx = Context.current();
        if (clock == CLOCK_MONOTONIC_RAW || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE) {
            return Errno.EOPNOTSUPP.negative(); // clocks that can be read but carry no timers, as Linux's
        }
        Clock c = clockFor(clock, ctx);
        if (c == null) return Errno.EINVAL.negative();
        int notify = SIGEV_SIGNAL, signo = SIGALRM;
        long value = -1; // the id, once known
        Context target = null;
        if (sevp != 0) {
            byte[] raw = UserAccess.get(sevp, 64);
            if (raw == null) return Errno.EFAULT.negative();
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            value = b.getLong(0);
            signo = b.getInt(8);
            notify = b.getInt(12);
            switch (notify) {
                case SIGEV_THREAD_ID -> {
                    int tid = b.getInt(16);
                    for (Context t : ctx.process().threads()) if (t.tid() == tid) target = t;
                    if (target == null) return Errno.EINVAL.negative();
                    if (signo <= 0 || signo > NSIG) return Errno.EINVAL.negative();
                }
                case SIGEV_SIGNAL, SIGEV_THREAD -> {
                    if (signo <= 0 || signo > NSIG) return Errno.EINVAL.negative();
                }
                case SIGEV_NONE -> signo = 0;
                default -> { return Errno.EINVAL.negative(); }
            }
        }
        if (!UserAccess.writable(idPtr, 4)) return Errno.EFAULT.negative();
        Process p = ctx.process();
        Context to = target;
        int sig = signo;
        long v = value;
        PosixTimer timer = p.timers().addPosix(id -> new PosixTimer(id, sig, v == -1 && sevp == 0 ? id : v,
                info -> Delivery.post(p, to, info, spawner) == Delivery.Outcome.QUEUED));
        if (timer == null) return Errno.EAGAIN.negative();
        IntervalTimer it = new IntervalTimer(c.now(), c.cpu(), timer::expired);
        timer.drive(it);
        if (c.cpu()) p.timers().poll(it);
        if (!UserAccess.put(idPtr, intBytes(timer.id()))) {
            p.timers().deletePosix(timer.id());
            return Errno.EFAULT.negative();
        }
        return 0;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static PosixTimer posix(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) return null;
        return Context.current().process().timers().posix((int) id);
    }

    long timerSettime(long id, long flags, long next, long old) {
        if ((flags & ~(long) TIMER_ABSTIME) != 0) return Errno.EINVAL.negative();
        long[] v = readTimer(next, 1);
        if (v == null) return Errno.EFAULT.negative();
        PosixTimer t = posix(id);
        if (t == null || v[0] < 0) return Errno.EINVAL.negative();
        long[] prev = t.timer().set(v[1], v[0], (flags & TIMER_ABSTIME) != 0);
        return writeTimer(old, prev, 1) ? 0 : Errno.EFAULT.negative();
    }

    long timerGettime(long id, long cur) {
        PosixTimer t = posix(id);
        if (t == null) return Errno.EINVAL.negative();
        return writeTimer(cur, t.timer().get(), 1) ? 0 : Errno.EFAULT.negative();
    }

    long timerGetoverrun(long id) {
        PosixTimer t = posix(id);
        return t == null ? Errno.EINVAL.negative() : t.overrun();
    }

    long timerDelete(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) return Errno.EINVAL.negative();
        return Context.current().process().timers().deletePosix((int) id) == null ? Errno.EINVAL.negative() : 0;
    }

    // ---- timerfd --------------------------------------------------------------------------

    long timerfdCreate(long clockArg, long flags) {
        int clock = (int) clockArg;
        if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME
                && clock != CLOCK_REALTIME_ALARM && clock != CLOCK_BOOTTIME_ALARM) {
            return Errno.EINVAL.negative();
        }
        if ((flags & ~(long) (TFD_CLOEXEC | TFD_NONBLOCK)) != 0) return Errno.EINVAL.negative();
        if ((clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM)
                && !Context.current().process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_WAKE_ALARM)) {
            return Errno.EPERM.negative();
        }
        TimerFd t = new TimerFd(() -> system.now(clock), (flags & TFD_NONBLOCK) != 0);
        long fd = Context.current().files().install(t, 0, (flags & TFD_CLOEXEC) != 0);
        if (fd < 0) t.close();
        return fd;
    }

    private static TimerFd timerfd(long fd, long[] error) {
        Handle h = Context.current().files().get(fd);
        if (h == null) error[0] = Errno.EBADF.negative();
        else if (!(h instanceof TimerFd t)) error[0] = Errno.EINVAL.negative();
        else return t;
        return null;
    }

    long timerfdSettime(long fd, long flags, long next, long old) {
        long[] v = readTimer(next, 1);
        if (v == null) return Errno.EFAULT.negative();
        long[] error = new long[1];
        TimerFd t = timerfd(fd, error);
        if (t == null) return error[0];
        if ((flags & ~(long) (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0 || v[0] < 0) {
            return Errno.EINVAL.negative();
        }
        long[] prev = t.set(v[1], v[0], (flags & TFD_TIMER_ABSTIME) != 0);
        return writeTimer(old, prev, 1) ? 0 : Errno.EFAULT.negative();
    }

    long timerfdGettime(long fd, long cur) {
        long[] error = new long[1];
        TimerFd t = timerfd(fd, error);
        if (t == null) return error[0];
        return writeTimer(cur, t.get(), 1) ? 0 : Errno.EFAULT.negative();
    }

    // ---- CPU accounting -------------------------------------------------------------------

    /**
     * A struct rusage (144 bytes): the CPU times ({total, user} in ns), ru_maxrss (from pages) and ru_minflt;
     * the counters Helctic does not keep are 0.
     */
    static byte[] rusage(long[] cpu, long peakPages, long minorFaults) {
        long user = cpu[1], sys = Math.max(0, cpu[0] - cpu[1]);
        ByteBuffer b = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, user / NS).putLong(8, user % NS / 1000).putLong(16, sys / NS).putLong(24, sys % NS / 1000);
        b.putLong(32, peakPages * (PAGE_SIZE / 1024)).putLong(64, minorFaults); // ru_maxrss is in kB
        return b.array();
    }

    long getrusage(long who, long usage) {
        Context ctx = Context.current();
        long[] cpu = switch ((int) who) {
            case RUSAGE_SELF -> ctx.process().cpuTimes();
            case RUSAGE_CHILDREN -> ctx.process().childCpuTimes();
            case RUSAGE_THREAD -> ctx.cpuTimes();
            default -> null;
        };
        if (cpu == null || who != (int) who) return Errno.EINVAL.negative();
        Process p = ctx.process();
        long peak = who == RUSAGE_CHILDREN ? p.childPeakResidentPages() : p.peakResidentPages(); // a thread's: its process's, as Linux's
        // (faults are counted per address space, so a thread's are its process's)
        long faults = who == RUSAGE_CHILDREN ? p.childMinorFaults() : p.minorFaults();
        return UserAccess.put(usage, rusage(cpu, peak, faults)) ? 0 : Errno.EFAULT.negative();
    }

    /** times: struct tms in clock ticks (USER_HZ 100) — the process's and its reaped children's — and the ticks since boot. */
    long times(long buf) {
        Process p = Context.current().process();
        long[] t = p.cpuTimes(), c = p.childCpuTimes();
        long tick = NS / 100;
        if (buf != 0 && !UserAccess.putLongs(buf, t[1] / tick, (t[0] - t[1]) / tick, c[1] / tick, (c[0] - c[1]) / tick)) {
            return Errno.EFAULT.negative();
        }
        return system.now(CLOCK_BOOTTIME) / tick;
    }
}
