package io.helctic.kernel.host;

import static io.helctic.abi.uapi.Sched.IOPRIO_WHO_PROCESS;
import static io.helctic.abi.uapi.Sched.PRIO_PROCESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The host's scheduling calls on one host thread, by its host tid: what the kernel applies to the
 * JVM thread that runs a guest thread (each guest thread runs on one host thread for its whole
 * life), after deciding itself, with the guest's credentials, whether the guest may. Linux x86-64
 * hosts only, through HostFs's host call (libc's {@code syscall(2)}); elsewhere every call answers
 * -ENOSYS and the kernel keeps its own record only.
 *
 * <p>Every method answers the host call's value or -errno (Linux's numbers: the host is Linux).
 */
public final class HostSched {
    private HostSched() {}

    // Linux x86-64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl)
    private static final int SYS_GETPRIORITY = 140, SYS_SETPRIORITY = 141, SYS_SCHED_RR_GET_INTERVAL = 148,
            SYS_GETTID = 186, SYS_SCHED_SETAFFINITY = 203, SYS_SCHED_GETAFFINITY = 204, SYS_IOPRIO_SET = 251,
            SYS_IOPRIO_GET = 252, SYS_GETCPU = 309, SYS_SCHED_SETATTR = 314, SYS_SCHED_GETATTR = 315;
    /** struct sched_attr as this kernel knows it: SCHED_ATTR_SIZE_VER1. */
    public static final int SCHED_ATTR_SIZE = 56;
    /** The largest CPU mask the host calls take here: 1024 CPUs. */
    public static final int MASK_BYTES = 128;

    /** Native memory for one JVM thread's calls. */
    private static final class Scratch {
        final MemorySegment buf = Arena.ofAuto().allocate(MASK_BYTES, 8);
        /**
         * A byte-buffer view of it, through which the calls' bytes go in and out: MemorySegment's
         * copies, fills and toArray run cold method-handle paths at every new thread's first call
         * (a process leader's exit reads its mask: ~2.7 % of a fork-and-wait loop's guest thread).
         */
        final java.nio.ByteBuffer view = buf.asByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);

        void zero(int n) {
            for (int i = 0; i < n; i += 8) view.putLong(i, 0);
        }

        byte[] bytes(int n) {
            byte[] out = new byte[n];
            view.get(0, out, 0, n);
            return out;
        }
    }

    /** Pooled when a guest thread ends (a process leader's exit reads its mask: each fork's child made one). */
    private static final io.helctic.kernel.scheme.ThreadScratch<Scratch> SCRATCH = new io.helctic.kernel.scheme.ThreadScratch<>(32, Scratch::new);

    /** The calling thread makes no more scheduling calls (a guest thread's end): its scratch goes to the next thread. */
    public static void threadEnded() {
        SCRATCH.threadEnded();
    }

    /**
     * Whether the host lets this process raise a thread's priority, set a real-time policy or a
     * lower nice value (CAP_SYS_NICE, as root): when not, a refusal of the host (EPERM, EACCES) is
     * not the guest's error, and the kernel keeps its own record of what the guest was allowed.
     */
    public static boolean privileged() {
        return HostIds.host().capable(io.helctic.abi.uapi.Proc.CAP_SYS_NICE);
    }

    /** Whether this host has the calls (Linux x86-64). */
    public static boolean available() {
        return io.helctic.kernel.scheme.HostFs.available();
    }

    private static long call(Scratch s, long nr, long a1, long a2, long a3, long a4) {
        return io.helctic.kernel.scheme.HostFs.syscall(nr, a1, a2, a3, a4, 0, 0); // s: the buffer a1..a4 point into
    }

    private static long call(long nr, long a1, long a2, long a3) {
        return call(SCRATCH.get(), nr, a1, a2, a3, 0);
    }

    /**
     * The calling host thread's tid from /proc/thread-self (no host call: the first one would cost
     * start-up the linking of the host calls), or 0 where there is none.
     */
    public static int currentTid() {
        try {
            String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).toString();
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The calling host thread's tid, or -ENOSYS. */
    public static int gettid() {
        return (int) call(SYS_GETTID, 0, 0, 0);
    }

    /** The nice value of host thread tid (-20..19), or -errno (the raw call's 20 - nice decoded). */
    public static int nice(int tid) {
        long r = call(SYS_GETPRIORITY, PRIO_PROCESS, tid, 0);
        return r < 0 ? (int) r : 20 - (int) r;
    }

    /** How much lower than the guest's threads the JIT compilers' and the translator's host priority is (nice). */
    static final int COMPILERS_BEHIND = 5, TRANSLATOR_BEHIND = 10;

    /**
     * Puts the JVM's JIT compiler threads and the machine's translator behind the guest's threads
     * on the host: their nice values raised by {@link #COMPILERS_BEHIND} and
     * {@link #TRANSLATOR_BEHIND} from what they are (never lowered, so a `nice`d run stays as
     * nice; no privilege is needed to raise one's own nice value). On a 2-core host a start-up
     * otherwise has its guest thread preempted for whole time slices by compilations it does not
     * wait for (measured 2026-12-07, medians of nine interleaved runs: `ls -la /` 299 -> 240 ms,
     * `python3 -c pass` 1,798 -> 1,570 ms, a static glibc hello 149 -> 130 ms; busybox awk's
     * 6.7 s unchanged). The compilers are found by name in /proc/self/task on a thread of its
     * own, off the boot's path; the translator lowers itself as it starts. No-op elsewhere, and
     * with -Dhelctic.helpers.samepriority (to measure it). Once per JVM: a later boot in the same
     * JVM (the tests boot many) must not lower them again.
     */
    public static void helpersBehindGuests() {
        if (!available() || Boolean.getBoolean("helctic.helpers.samepriority")) return;
        if (!HELPERS_BEHIND.compareAndSet(false, true)) return;
        io.helctic.machine.HelperThreads.onStart(() -> lower(gettid(), TRANSLATOR_BEHIND));
        Thread t = new Thread(HostSched::compilersBehind, "helctic-renice");
        t.setDaemon(true);
        t.start();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean HELPERS_BEHIND = new java.util.concurrent.atomic.AtomicBoolean();

    private static void compilersBehind() {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (var dir = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (java.nio.file.Path task : dir) {
                String comm;
                try {
                    comm = new String(java.nio.file.Files.readAllBytes(task.resolve("comm")),
                            java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    continue; // the thread ended meanwhile
                }
                // HotSpot's "C1 CompilerThreadN" / "C2 CompilerThreadN", cut to 15 bytes by the host
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    lower(Integer.parseInt(task.getFileName().toString()), COMPILERS_BEHIND);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc: the compilers keep the guest's priority
        }
    }

    /** Raises host thread tid's nice value by {@code by}, to 19 at most. */
    private static void lower(int tid, int by) {
        int n = nice(tid);
        if (n >= -20 && tid > 0) call(SYS_SETPRIORITY, PRIO_PROCESS, tid, Math.min(19, n + by)); // (not a guest's: see changed)
    }

    private static volatile boolean changed;

    /**
     * Whether a guest thread's host thread has been given other scheduling than it started with
     * (nice, policy, affinity, io priority) in this JVM: host threads are then not handed from
     * an ended guest thread to a new one (the new one would inherit what it never asked for).
     */
    public static boolean changed() {
        return changed;
    }

    /** setpriority(PRIO_PROCESS, tid, nice) on the host. */
    public static int setNice(int tid, int nice) {
        changed = true;
        return (int) call(SYS_SETPRIORITY, PRIO_PROCESS, tid, nice);
    }

    /** sched_setattr(tid, attr, 0) on the host with a struct sched_attr of {@link #SCHED_ATTR_SIZE} bytes. */
    public static int setattr(int tid, byte[] attr) {
        changed = true;
        Scratch s = SCRATCH.get();
        s.view.put(0, attr, 0, SCHED_ATTR_SIZE);
        return (int) call(s, SYS_SCHED_SETATTR, tid, s.buf.address(), 0, 0);
    }

    /** sched_getattr(tid) on the host: its struct sched_attr ({@link #SCHED_ATTR_SIZE} bytes), or null. */
    public static byte[] getattr(int tid) {
        Scratch s = SCRATCH.get();
        s.zero(SCHED_ATTR_SIZE);
        if (call(s, SYS_SCHED_GETATTR, tid, s.buf.address(), SCHED_ATTR_SIZE, 0) < 0) return null;
        return s.bytes(SCHED_ATTR_SIZE);
    }

    /** sched_setaffinity(tid) on the host with this mask (at most {@link #MASK_BYTES} bytes). */
    public static int setAffinity(int tid, byte[] mask) {
        changed = true;
        Scratch s = SCRATCH.get();
        int n = Math.min(mask.length, MASK_BYTES);
        s.view.put(0, mask, 0, n);
        return (int) call(s, SYS_SCHED_SETAFFINITY, tid, n, s.buf.address(), 0);
    }

    /**
     * The host's CPU mask of thread tid: the bytes sched_getaffinity wrote (the host's cpumask size,
     * at most {@link #MASK_BYTES}), or null when the call failed.
     */
    public static byte[] affinity(int tid) {
        Scratch s = SCRATCH.get();
        s.zero(MASK_BYTES);
        long n = call(s, SYS_SCHED_GETAFFINITY, tid, MASK_BYTES, s.buf.address(), 0);
        if (n < 0) return null;
        return s.bytes((int) n);
    }

    /** The host CPU the calling thread runs on, or -errno. */
    public static int cpu() {
        long r = cpuAndNode();
        return (int) r; // -errno, or the CPU in the low bits
    }

    /** getcpu on the host for the calling thread: its CPU in the low 32 bits, its NUMA node in the high; or -errno. */
    public static long cpuAndNode() {
        Scratch s = SCRATCH.get();
        long r = call(s, SYS_GETCPU, s.buf.address(), s.buf.address() + 4, 0, 0);
        if (r < 0) return r;
        return Integer.toUnsignedLong(s.view.getInt(0)) | (long) s.view.getInt(4) << 32;
    }

    /** sched_rr_get_interval(tid) on the host: nanoseconds, or -errno. */
    public static long rrInterval(int tid) {
        Scratch s = SCRATCH.get();
        long r = call(s, SYS_SCHED_RR_GET_INTERVAL, tid, s.buf.address(), 0, 0);
        if (r < 0) return r;
        return s.view.getLong(0) * 1_000_000_000L + s.view.getLong(8);
    }

    /** ioprio_set(IOPRIO_WHO_PROCESS, tid, ioprio) on the host. */
    public static int setIoprio(int tid, int ioprio) {
        changed = true;
        return (int) call(SYS_IOPRIO_SET, IOPRIO_WHO_PROCESS, tid, ioprio);
    }

    /** ioprio_get(IOPRIO_WHO_PROCESS, tid) on the host. */
    public static int ioprio(int tid) {
        return (int) call(SYS_IOPRIO_GET, IOPRIO_WHO_PROCESS, tid, 0);
    }
}
