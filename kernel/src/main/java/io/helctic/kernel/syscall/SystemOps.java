package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Clocks, sleeping, uname and randomness. */
final class SystemOps {
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7,
            CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11;
    static final String[] UTSNAME = {"Linux", "helctic", "6.1.0-helctic", "#1 SMP PREEMPT_DYNAMIC Helctic 0.1",
                                     "x86_64", "(none)"};
    private static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

    private final long bootNanos = System.nanoTime();
    private final java.util.function.Supplier<long[]> memory;

    /** {@code memory} gives {total RAM bytes, free RAM bytes, process count}. */
    SystemOps(java.util.function.Supplier<long[]> memory) {
        this.memory = memory;
    }
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    void install(KernelOps.Builder b) {
        b.set(KernelOp.CLOCK_GETTIME, (clock, tp, a3, a4, a5, a6) -> {
            long ns = now((int) clock);
            if (ns < 0) return ns;
            return UserAccess.putLongs(tp, ns / 1_000_000_000L, ns % 1_000_000_000L) ? 0 : Errno.EFAULT.negative();
        });
        b.set(KernelOp.CLOCK_READ, (clock, a2, a3, a4, a5, a6) -> now((int) clock));
        b.set(KernelOp.NANOSLEEP, (req, rem, a3, a4, a5, a6) -> nanosleep(req, rem));
        b.set(KernelOp.SYSINFO, (info, a2, a3, a4, a5, a6) -> {
            long[] m = memory.get();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(112).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bb.putLong(0, (System.nanoTime() - bootNanos) / 1_000_000_000L + 1);
            bb.putLong(32, m[0]).putLong(40, m[1]);
            bb.putShort(80, (short) Math.min(m[2], 0xffff));
            bb.putInt(104, 1); // mem_unit
            return UserAccess.put(info, bb.array()) ? 0 : Errno.EFAULT.negative();
        });
        b.set(KernelOp.CLOCK_NANOSLEEP, (clock, flags, req, rem, a5, a6) -> {
            int c = (int) clock;
            if (c == CLOCK_THREAD_CPUTIME_ID || c == CLOCK_PROCESS_CPUTIME_ID || now(c) < 0) return Errno.EINVAL.negative();
            if ((flags & ~1L) != 0) return Errno.EINVAL.negative();
            if ((flags & 1) == 0) return nanosleep(req, rem);
            long[] ts = UserAccess.getLongs(req, 2);
            if (ts == null) return Errno.EFAULT.negative();
            if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return Errno.EINVAL.negative();
            long target = ts[0] > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : ts[0] * 1_000_000_000L + ts[1];
            return sleepFor(Math.max(0, target - now(c)), 0);
        });
        b.set(KernelOp.UNAME, (buf, a2, a3, a4, a5, a6) -> {
            byte[] u = new byte[6 * 65];
            for (int i = 0; i < 6; i++) {
                byte[] s = UTSNAME[i].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, u, i * 65, Math.min(64, s.length));
            }
            return UserAccess.put(buf, u) ? 0 : Errno.EFAULT.negative();
        });
        b.set(KernelOp.GETRANDOM, (buf, count, flags, a4, a5, a6) -> {
            if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0) return Errno.EINVAL.negative();
            if ((flags & GRND_RANDOM) != 0 && (flags & GRND_INSECURE) != 0) return Errno.EINVAL.negative();
            int n = (int) Math.min(Math.max(count, 0), 1 << 25);
            byte[] bytes = new byte[n];
            io.helctic.kernel.scheme.HostRandom.fill(bytes);
            return UserAccess.put(buf, bytes) ? n : Errno.EFAULT.negative();
        });
    }

    /** Nanoseconds on the clock, or -EINVAL. */
    long now(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_REALTIME_ALARM, CLOCK_TAI -> {
                Instant t = Instant.now();
                yield t.getEpochSecond() * 1_000_000_000L + t.getNano() + (clock == CLOCK_TAI ? 37_000_000_000L : 0);
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM ->
                System.nanoTime() - bootNanos + 1_000_000_000L;
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> Math.max(0, threads.getCurrentThreadCpuTime());
            default -> Errno.EINVAL.negative();
        };
    }

    private static long nanosleep(long req, long rem) {
        long[] ts = UserAccess.getLongs(req, 2);
        if (ts == null) return Errno.EFAULT.negative();
        if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return Errno.EINVAL.negative();
        long total = ts[0] > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : ts[0] * 1_000_000_000L + ts[1];
        return sleepFor(total, rem);
    }

    /** Sleeps; -EINTR (with the time left written to rem, when given) if a signal wakes the thread. */
    private static long sleepFor(long total, long rem) {
        long start = System.nanoTime();
        long deadline = total > Long.MAX_VALUE - start - 1 ? Long.MAX_VALUE : start + total;
        for (long left = total; left > 0; left = deadline - System.nanoTime()) {
            if (Thread.currentThread().isInterrupted()) {
                // woken for a signal: EINTR, with the time that was left
                if (rem != 0) UserAccess.putLongs(rem, left / 1_000_000_000L, left % 1_000_000_000L);
                return Errno.EINTR.negative();
            }
            LockSupport.parkNanos(left);
        }
        return 0;
    }
}
