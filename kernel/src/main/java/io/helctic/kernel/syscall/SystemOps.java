package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Proc.GRND_INSECURE;
import static io.helctic.abi.uapi.Proc.GRND_NONBLOCK;
import static io.helctic.abi.uapi.Proc.GRND_RANDOM;
import static io.helctic.abi.uapi.Time.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Clocks, sleeping, uname and randomness. */
final class SystemOps {
    private final String[] utsname;

    private final long bootNanos = System.nanoTime();
    private final java.util.function.Supplier<long[]> memory;

    private final io.helctic.kernel.context.ProcessTable processes;

    /**
     * {@code machine} is uname's machine field; {@code memory} gives {total RAM bytes, free RAM
     * bytes, process count}; {@code processes} finds the processes whose CPU clocks are read.
     */
    SystemOps(String machine, java.util.function.Supplier<long[]> memory, io.helctic.kernel.context.ProcessTable processes) {
        this.memory = memory;
        this.processes = processes;
        this.utsname = new String[] {io.helctic.kernel.context.UtsNamespace.SYSNAME, null,
                io.helctic.kernel.context.UtsNamespace.RELEASE, io.helctic.kernel.context.UtsNamespace.VERSION, machine,
                                     null}; // the node and domain names are the caller's UtsNamespace's
    }

    long clockGettime(long clock, long tp) {
        long ns = now((int) clock);
        if (ns < 0) return ns;
        return UserAccess.putLongs(tp, ns / 1_000_000_000L, ns % 1_000_000_000L) ? 0 : Errno.EFAULT.negative();
    }

    long clockRead(long clock) {
        return now((int) clock);
    }

    long sysinfo(long info) {
        long[] m = memory.get();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(112).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putLong(0, (System.nanoTime() - bootNanos) / 1_000_000_000L + 1);
        long[] loads = processes.load().averages(); // FSHIFT fixed point, as SI_LOAD_SHIFT wants them: << 5
        for (int i = 0; i < 3; i++) bb.putLong(8 + 8 * i, loads[i] << 5);
        bb.putLong(32, m[0]).putLong(40, m[1]);
        int threads = 0;
        for (io.helctic.kernel.context.Process p : processes.all()) threads += p.threads().size();
        bb.putShort(80, (short) Math.min(threads, 0xffff)); // Linux's nr_threads
        bb.putInt(104, 1); // mem_unit
        return UserAccess.put(info, bb.array()) ? 0 : Errno.EFAULT.negative();
    }

    long clockNanosleep(long clock, long flags, long req, long rem) {
        int c = (int) clock;
        // Sleeping on a CPU clock: EINVAL (Linux sleeps on a process's, not a thread's; not here).
        if (c == CLOCK_THREAD_CPUTIME_ID || c == CLOCK_PROCESS_CPUTIME_ID || c < 0 || now(c) < 0) return Errno.EINVAL.negative();
        if ((flags & ~(long) TIMER_ABSTIME) != 0) return Errno.EINVAL.negative();
        if ((flags & TIMER_ABSTIME) == 0) return nanosleep(req, rem);
        long[] ts = UserAccess.getLongs(req, 2);
        if (ts == null) return Errno.EFAULT.negative();
        if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return Errno.EINVAL.negative();
        long target = ts[0] > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : ts[0] * 1_000_000_000L + ts[1];
        long r = sleepFor(Math.max(0, target - now(c)), 0);
        // An absolute sleep runs again as it was asked (Linux: ERESTARTNOHAND), to the same time.
        return r == KernelCode.ERESTART_RESTARTBLOCK.negative() ? KernelCode.ERESTARTNOHAND.negative() : r;
    }

    /** uname: the fixed fields, with the node and domain names of the caller's UTS namespace. */
    long uname(long buf) {
        byte[] u = new byte[6 * 65];
        for (int i = 0; i < 6; i++) {
            byte[] s = i == 1 ? Context.current().uts().nodename() : i == 5 ? Context.current().uts().domainname()
                    : utsname[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, u, i * 65, Math.min(64, s.length));
        }
        return UserAccess.put(buf, u) ? 0 : Errno.EFAULT.negative();
    }

    /** sethostname: CAP_SYS_ADMIN (EPERM), then 0 <= len <= 64 (EINVAL), then the bytes (EFAULT). */
    long sethostname(long name, long len) {
        return setUtsName(name, len, false);
    }

    /** setdomainname: as sethostname, for the domain name. */
    long setdomainname(long name, long len) {
        return setUtsName(name, len, true);
    }

    private static long setUtsName(long name, long lenArg, boolean domain) {
        int len = (int) lenArg; // an int in Linux's signature
        if (!Context.current().process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN)) {
            return Errno.EPERM.negative();
        }
        if (len < 0 || len > io.helctic.kernel.context.UtsNamespace.NAME_MAX) return Errno.EINVAL.negative();
        byte[] b = UserAccess.get(name, len);
        if (b == null) return Errno.EFAULT.negative();
        if (domain) Context.current().uts().setDomainname(b);
        else Context.current().uts().setNodename(b);
        return 0;
    }

    long getrandom(long buf, long count, long flags) {
        if ((flags & ~(long) (GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0) return Errno.EINVAL.negative();
        if ((flags & GRND_RANDOM) != 0 && (flags & GRND_INSECURE) != 0) return Errno.EINVAL.negative();
        int n = (int) Math.min(Math.max(count, 0), 1 << 25);
        byte[] bytes = new byte[n];
        io.helctic.kernel.scheme.HostRandom.fill(bytes);
        return UserAccess.put(buf, bytes) ? n : Errno.EFAULT.negative();
    }

    /** Nanoseconds on the clock, or -EINVAL. */
    long now(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_ALARM, CLOCK_TAI -> {
                Instant t = Instant.now();
                yield t.getEpochSecond() * 1_000_000_000L + t.getNano() + (clock == CLOCK_TAI ? 37_000_000_000L : 0);
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM ->
                System.nanoTime() - bootNanos + 1_000_000_000L;
            // the coarse clocks read the time of the last tick, as Linux's (clock_getres gives the tick)
            case CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE -> {
                long t = now(clock == CLOCK_REALTIME_COARSE ? CLOCK_REALTIME : CLOCK_MONOTONIC);
                yield t - Math.floorMod(t, io.helctic.abi.uapi.Time.TICK_NSEC);
            }
            case CLOCK_PROCESS_CPUTIME_ID -> Context.current().process().cpuTimes()[0];
            case CLOCK_THREAD_CPUTIME_ID -> Context.current().cpuTimes()[0];
            default -> clock < 0 ? cpuClock(clock, Context.current()) : Errno.EINVAL.negative();
        };
    }

    /**
     * A CPU clock id as clock_getcpuclockid and pthread_getcpuclockid make them: (~pid << 3) | type,
     * type 0 (PROF: user + system), 1 (VIRT: user) or 2 (SCHED: all), plus 4 for a thread's clock.
     * pid 0 is the caller; a thread's clock is only readable within its process, as Linux's.
     */
    long cpuClock(int clock, Context me) {
        int type = clock & 3;
        if (type == 3) return Errno.EINVAL.negative();
        int id = ~(clock >> 3);
        long[] t = null;
        if ((clock & 4) != 0) {
            if (id == 0) t = me.cpuTimes();
            else for (Context c : me.process().threads()) if (c.tid() == id) t = c.cpuTimes();
        } else {
            io.helctic.kernel.context.Process p = id == 0 ? me.process() : processes.get(id);
            if (p != null && !p.zombie()) t = p.cpuTimes();
        }
        if (t == null) return Errno.EINVAL.negative();
        return type == 1 ? t[1] : t[0];
    }

    static long nanosleep(long req, long rem) {
        long[] ts = UserAccess.getLongs(req, 2);
        if (ts == null) return Errno.EFAULT.negative();
        if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return Errno.EINVAL.negative();
        long total = ts[0] > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : ts[0] * 1_000_000_000L + ts[1];
        return sleepFor(total, rem);
    }

    /**
     * Sleeps. A signal that wakes the thread ends it with ERESTART_RESTARTBLOCK, the time left
     * written to rem (when given) and a restart block that sleeps on to the same deadline: if no
     * handler runs, the kernel continues it through the restart syscall; a handler makes it EINTR.
     */
    private static long sleepFor(long total, long rem) {
        long start = System.nanoTime();
        return sleepUntil(total > Long.MAX_VALUE - start - 1 ? Long.MAX_VALUE : start + total, rem);
    }

    private static long sleepUntil(long deadline, long rem) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            if (Thread.currentThread().isInterrupted()) {
                if (rem != 0) UserAccess.putLongs(rem, left / 1_000_000_000L, left % 1_000_000_000L);
                Context.current().setRestartBlock(() -> sleepUntil(deadline, rem));
                return KernelCode.ERESTART_RESTARTBLOCK.negative();
            }
            LockSupport.parkNanos(left);
        }
        return 0;
    }
}
