package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * FreeBSD calls a program's runtime makes before and beside its own work (Go's runtime and
 * libthr among them): the thread pointer (sysarch), sysctl by number and by name, the CPU set,
 * _umtx_op's waits and wakes, thr_new and its fellows, memory mapping with FreeBSD's flags,
 * FreeBSD's clock ids and stack_t. Values from FreeBSD's sys/sys/{sysctl,umtx,thr,mman,time,
 * signal}.h and sys/x86/include/sysarch.h, translated onto the kernel's (Linux's) ops.
 */
final class FreeBsdRuntime {
    private FreeBsdRuntime() {}

    /** issetugid(): no program runs set-id under Helctic (exec does not honour the bits). */
    static long issetugid(KernelOps ops) {
        return 0;
    }

    // ---- sysarch -------------------------------------------------------------------------------

    static final int AMD64_GET_FSBASE = 128, AMD64_SET_FSBASE = 129, AMD64_GET_GSBASE = 130, AMD64_SET_GSBASE = 131;

    /** sysarch(op, parms): the FS and GS bases, read into or set from *parms. */
    static long sysarch(KernelOps ops, long op, long parms) {
        int which = switch ((int) op) {
            case AMD64_GET_FSBASE, AMD64_SET_FSBASE -> 0;
            case AMD64_GET_GSBASE, AMD64_SET_GSBASE -> 1;
            default -> -1;
        };
        if (which < 0) return Errno.EINVAL.negative();
        if (op == AMD64_SET_FSBASE || op == AMD64_SET_GSBASE) return ops.call(SET_TLS, which, GuestMemory.load64(ops, parms));
        long base = ops.call(GET_TLS, which);
        if (base < 0 && base >= -4095) return base;
        GuestMemory.store(ops, parms, base, 8);
        return 0;
    }

    // ---- sysctl --------------------------------------------------------------------------------

    /** A sysctl variable: its name, its number and how to produce its value. */
    record Var(String name, int[] mib, java.util.function.Function<KernelOps, byte[]> value) {}

    static final int CTL_KERN = 1, CTL_HW = 6, KERN_PROC = 14, KERN_PROC_PATHNAME = 12;
    /** Where FreeBSD numbers the variables it registers at run time (CTL_AUTO_START). */
    static final int CTL_AUTO_START = 0x100;
    static final int MAXCPUS = 256;

    private static final List<Var> VARS = List.of(
        new Var("kern.ostype", new int[] {CTL_KERN, 1}, o -> cstring("FreeBSD")),
        new Var("kern.osrelease", new int[] {CTL_KERN, 2}, o -> cstring("14.0-RELEASE")),
        new Var("kern.osrevision", new int[] {CTL_KERN, 3}, o -> int32(199506)),
        new Var("kern.version", new int[] {CTL_KERN, 4}, o -> cstring("FreeBSD 14.0-RELEASE (Helctic)\n")),
        new Var("kern.hostname", new int[] {CTL_KERN, 10}, FreeBsdRuntime::hostname),
        new Var("kern.osreldate", new int[] {CTL_KERN, 24}, o -> int32((int) FreeBsdStartup.OSRELDATE)),
        new Var("kern.usrstack", new int[] {CTL_KERN, 33}, o -> int64(0x7fff_ffff_f000L)),
        new Var("kern.arandom", new int[] {CTL_KERN, 37}, FreeBsdRuntime::random),
        new Var("kern.smp.maxcpus", new int[] {CTL_KERN, CTL_AUTO_START}, o -> int32(MAXCPUS)),
        new Var("hw.machine", new int[] {CTL_HW, 1}, o -> cstring("amd64")),
        new Var("hw.ncpu", new int[] {CTL_HW, 3}, o -> int32(cpus(o))),
        new Var("hw.pagesize", new int[] {CTL_HW, 7}, o -> int32(4096)),
        new Var("hw.machine_arch", new int[] {CTL_HW, 11}, o -> cstring("amd64")),
        new Var("hw.pagesizes", new int[] {CTL_HW, CTL_AUTO_START}, o -> concat(int64(4096), int64(2 << 20), int64(1 << 30))));

    static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] int64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] hostname(KernelOps ops) {
        long buf = ops.call(USER_SCRATCH, 6 * 65);
        if (buf < 0 || ops.call(UNAME, buf) < 0) return cstring("localhost");
        byte[] name = GuestMemory.readUpTo(ops, buf + 65, 65);
        int n = 0;
        while (n < name.length && name[n] != 0) n++;
        return cstring(new String(name, 0, n, StandardCharsets.UTF_8));
    }

    static byte[] random(KernelOps ops) {
        long buf = ops.call(USER_SCRATCH, 256);
        if (buf < 0 || ops.call(GETRANDOM, buf, 256, 0) != 256) return new byte[0];
        return GuestMemory.readUpTo(ops, buf, 256);
    }

    static int cpus(KernelOps ops) {
        long buf = ops.call(USER_SCRATCH, 128);
        long n = buf < 0 ? -1 : ops.call(SCHED_GETAFFINITY, 0, 128, buf);
        if (n <= 0) return 1;
        int count = 0;
        for (byte b : GuestMemory.readUpTo(ops, buf, (int) n)) count += Integer.bitCount(b & 0xff);
        return Math.max(1, count);
    }

    /** The executable's path (kern.proc.pathname of the caller). */
    private static byte[] pathname(KernelOps ops) {
        long buf = ops.call(USER_SCRATCH, 1024);
        long path = ops.call(USER_SCRATCH, 16);
        if (buf < 0 || path < 0) return cstring("");
        byte[] p = "/proc/self/exe\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < p.length; i++) GuestMemory.store(ops, path + i, p[i], 1);
        long n = ops.call(READLINKAT, -100, path, buf, 1023);
        if (n < 0) return cstring("");
        return cstring(new String(GuestMemory.readUpTo(ops, buf, (int) n), StandardCharsets.ISO_8859_1));
    }

    private static final Map<String, Var> BY_NAME = new java.util.HashMap<>();
    static {
        for (Var v : VARS) BY_NAME.put(v.name(), v);
    }

    private static Var byMib(int[] mib) {
        for (Var v : VARS) if (java.util.Arrays.equals(v.mib(), mib)) return v;
        return null;
    }

    /**
     * __sysctl(name, namelen, old, oldlenp, new, newlen): the variables above by number, name2oid
     * ({0, 3}: a name to its number), kern.proc.pathname ({1, 14, 12, -1}). Read-only: a new
     * value is EPERM. Too small a buffer gets what fits and ENOMEM, as FreeBSD does.
     */
    static long sysctl(KernelOps ops, long name, long namelen, long old, long oldlenp, long neu, long newlen) {
        if (namelen < 2 || namelen > 24) return Errno.EINVAL.negative();
        int[] mib = new int[(int) namelen];
        for (int i = 0; i < mib.length; i++) mib[i] = (int) GuestMemory.load(ops, name + 4L * i, 4);
        byte[] value;
        if (mib[0] == 0 && mib[1] == 3) { // name2oid
            if (neu == 0 || newlen <= 0 || newlen > 256) return Errno.ENOENT.negative();
            byte[] n = GuestMemory.readUpTo(ops, neu, (int) newlen);
            int len = 0;
            while (len < n.length && n[len] != 0) len++;
            Var v = BY_NAME.get(new String(n, 0, len, StandardCharsets.UTF_8));
            if (v == null) return Errno.ENOENT.negative();
            value = new byte[4 * v.mib().length];
            for (int i = 0; i < v.mib().length; i++) System.arraycopy(int32(v.mib()[i]), 0, value, 4 * i, 4);
        } else {
            if (neu != 0) return Errno.EPERM.negative();
            if (mib.length == 4 && mib[0] == CTL_KERN && mib[1] == KERN_PROC && mib[2] == KERN_PROC_PATHNAME && mib[3] == -1) {
                value = pathname(ops);
            } else {
                Var v = byMib(mib);
                if (v == null) return Errno.ENOENT.negative();
                value = v.value().apply(ops);
            }
        }
        return answer(ops, value, old, oldlenp);
    }

    /** __sysctlbyname(name, namelen, old, oldlenp, new, newlen). */
    static long sysctlbyname(KernelOps ops, long name, long namelen, long old, long oldlenp, long neu, long newlen) {
        if (namelen <= 0 || namelen > 256) return Errno.ENOENT.negative();
        byte[] n = GuestMemory.readUpTo(ops, name, (int) namelen);
        int len = 0;
        while (len < n.length && n[len] != 0) len++;
        String key = new String(n, 0, len, StandardCharsets.UTF_8);
        if (neu != 0) return Errno.EPERM.negative();
        if (key.equals("kern.proc.pathname")) return answer(ops, pathname(ops), old, oldlenp);
        Var v = BY_NAME.get(key);
        if (v == null) return Errno.ENOENT.negative();
        return answer(ops, v.value().apply(ops), old, oldlenp);
    }

    static long answer(KernelOps ops, byte[] value, long old, long oldlenp) {
        if (oldlenp == 0) return old == 0 ? 0 : Errno.EINVAL.negative();
        long room = GuestMemory.load64(ops, oldlenp);
        if (old == 0) {
            GuestMemory.store(ops, oldlenp, value.length, 8);
            return 0;
        }
        int n = (int) Math.min(room, value.length);
        for (int i = 0; i < n; i++) GuestMemory.store(ops, old + i, value[i], 1);
        GuestMemory.store(ops, oldlenp, n, 8);
        return n < value.length ? Errno.ENOMEM.negative() : 0;
    }

    // ---- CPU sets ------------------------------------------------------------------------------

    static final int CPU_LEVEL_ROOT = 1, CPU_LEVEL_CPUSET = 2, CPU_LEVEL_WHICH = 3;
    static final int CPU_WHICH_TID = 1, CPU_WHICH_PID = 2;

    /** cpuset_getaffinity(level, which, id, setsize, mask): the CPUs a thread or process may use (id -1: the caller). */
    static long cpusetGetaffinity(KernelOps ops, long level, long which, long id, long setsize, long mask) {
        if (level < CPU_LEVEL_ROOT || level > CPU_LEVEL_WHICH) return Errno.EINVAL.negative();
        if (which != CPU_WHICH_TID && which != CPU_WHICH_PID) return Errno.EINVAL.negative();
        if (setsize <= 0 || setsize > MAXCPUS / 8) return Errno.ERANGE.negative();
        long buf = ops.call(USER_SCRATCH, 128);
        if (buf < 0) return buf;
        long n = ops.call(SCHED_GETAFFINITY, id == -1 ? 0 : id, 128, buf);
        if (n < 0) return n;
        byte[] bits = GuestMemory.readUpTo(ops, buf, (int) n);
        for (int i = 0; i < setsize; i++) GuestMemory.store(ops, mask + i, i < bits.length ? bits[i] : 0, 1);
        return 0;
    }

    // ---- threads -------------------------------------------------------------------------------

    /** struct thr_param (104 bytes): start_func, arg, stack_base, stack_size, tls_base, tls_size, child_tid, parent_tid, flags, rtp. */
    static long thrNew(KernelOps ops, long param, long size) {
        if (size < 72) return Errno.EINVAL.negative();
        long start = GuestMemory.load64(ops, param), arg = GuestMemory.load64(ops, param + 8);
        long stackBase = GuestMemory.load64(ops, param + 16), stackSize = GuestMemory.load64(ops, param + 24);
        long tls = GuestMemory.load64(ops, param + 32);
        long childTid = GuestMemory.load64(ops, param + 48), parentTid = GuestMemory.load64(ops, param + 56);
        // cpu_set_upcall: the stack's top aligned to 16, less a return address's 8 bytes
        long sp = ((stackBase + stackSize) & ~15L) - 8;
        long tid = ops.call(THREAD_START, start, arg, sp, tls, childTid, parentTid);
        return tid < 0 ? tid : 0;
    }

    /** thr_exit(state): *state (a long) set to 1 and its waiters woken, then the thread ends. */
    static long thrExit(KernelOps ops, long state) {
        if (state != 0) {
            GuestMemory.store(ops, state, 1, 8);
            ops.call(FUTEX, state, FreeBsdUmtx.FUTEX_WAKE, Integer.MAX_VALUE, 0, 0, 0);
        }
        return ops.call(EXIT_THREAD, 0);
    }

    /** thr_self(id): the thread's id as a long at id. */
    static long thrSelf(KernelOps ops, long id) {
        GuestMemory.store(ops, id, ops.call(GETTID), 8);
        return 0;
    }

    /** thr_kill(id, sig): a signal to a thread of the caller's process. */
    static long thrKill(KernelOps ops, long id, long sig) {
        int k = sig == 0 ? 0 : FreeBsdShims.toKernel(sig);
        if (sig != 0 && k == 0) return Errno.EINVAL.negative();
        return ops.call(TGKILL, ops.call(GETPID), id, k);
    }

    // ---- memory --------------------------------------------------------------------------------

    static final int MAP_SHARED = 0x1, MAP_PRIVATE = 0x2, MAP_FIXED = 0x10, MAP_STACK = 0x400, MAP_NOSYNC = 0x800,
            MAP_ANON = 0x1000, MAP_GUARD = 0x2000, MAP_EXCL = 0x4000, MAP_NOCORE = 0x20000, MAP_PREFAULT_READ = 0x40000,
            MAP_32BIT = 0x80000, MAP_ALIGNMENT_MASK = 0xff000000;
    static final int L_MAP_SHARED = 0x1, L_MAP_PRIVATE = 0x2, L_MAP_FIXED = 0x10, L_MAP_ANONYMOUS = 0x20,
            L_MAP_32BIT = 0x40, L_MAP_NORESERVE = 0x4000, L_MAP_FIXED_NOREPLACE = 0x100000;

    /** mmap with FreeBSD's flags (MAP_ALIGNED and MAP_GUARD as plain reservations; NOSYNC, NOCORE, PREFAULT ignored). */
    static long mmap(KernelOps ops, long addr, long len, long prot, long flags, long fdArg, long pos) {
        int f = (int) flags, fd = (int) fdArg;
        int known = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_STACK | MAP_NOSYNC | MAP_ANON | MAP_GUARD | MAP_EXCL | MAP_NOCORE
                | MAP_PREFAULT_READ | MAP_32BIT | MAP_ALIGNMENT_MASK;
        if ((f & ~known) != 0) return Errno.EINVAL.negative();
        long k = 0;
        if ((f & MAP_GUARD) != 0) {
            if ((f & ~(MAP_GUARD | MAP_FIXED | MAP_EXCL)) != 0 || prot != 0 || fd != -1 || pos != 0) return Errno.EINVAL.negative();
            k = L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_NORESERVE;
        } else {
            if ((f & MAP_SHARED) != 0) k |= L_MAP_SHARED;
            if ((f & MAP_PRIVATE) != 0) k |= L_MAP_PRIVATE;
            if ((f & (MAP_SHARED | MAP_PRIVATE)) == 0) k |= (f & MAP_ANON) != 0 ? L_MAP_PRIVATE : L_MAP_SHARED;
            if ((f & MAP_ANON) != 0) {
                if (fd != -1 || pos != 0) return Errno.EINVAL.negative();
                k |= L_MAP_ANONYMOUS;
            }
        }
        if ((f & MAP_FIXED) != 0) k |= (f & MAP_EXCL) != 0 ? L_MAP_FIXED_NOREPLACE : L_MAP_FIXED;
        else if ((f & MAP_EXCL) != 0) return Errno.EINVAL.negative();
        if ((f & MAP_32BIT) != 0) k |= L_MAP_32BIT;
        long r = ops.call(MMAP, addr, len, prot, k, (k & L_MAP_ANONYMOUS) != 0 ? -1 : fd, pos);
        return r == Errno.EEXIST.negative() ? Errno.ENOMEM.negative() : r;
    }

    /** madvise with FreeBSD's advice: MADV_FREE (5) as Linux's; NOSYNC, AUTOSYNC, NOCORE, CORE, PROTECT are hints kept by nothing. */
    static long madvise(KernelOps ops, long addr, long len, long advice) {
        int a = (int) advice;
        int k = switch (a) {
            case 0, 1, 2, 3, 4 -> a; // NORMAL, RANDOM, SEQUENTIAL, WILLNEED, DONTNEED
            case 5 -> 8; // FREE
            case 6, 7, 8, 9, 10 -> -1;
            default -> -2;
        };
        if (k == -2) return Errno.EINVAL.negative();
        if (k == -1) return 0;
        return ops.call(MADVISE, addr, len, k);
    }

    // ---- time ----------------------------------------------------------------------------------

    /** FreeBSD's clock id as the kernel's (Linux's), or -1. */
    static int kernelClock(long clock) {
        return switch ((int) clock) {
            case 0, 9 -> 0;          // REALTIME, REALTIME_PRECISE
            case 10, 13 -> 5;        // REALTIME_FAST, SECOND: the coarse clock
            case 4, 11, 5, 7 -> 1;   // MONOTONIC, MONOTONIC_PRECISE, UPTIME, UPTIME_PRECISE
            case 12, 8 -> 6;         // MONOTONIC_FAST, UPTIME_FAST: the coarse monotonic clock
            case 14 -> 3;            // THREAD_CPUTIME_ID
            case 15 -> 2;            // PROCESS_CPUTIME_ID
            case 2 -> 2;             // PROF: the process's CPU time
            default -> -1;
        };
    }

    static long clockGettime(KernelOps ops, long clock, long tp) {
        int k = kernelClock(clock);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(CLOCK_GETTIME, k, tp);
    }

    // ---- signals -------------------------------------------------------------------------------

    static final int SS_ONSTACK = 1, SS_DISABLE = 4, L_SS_ONSTACK = 1, L_SS_DISABLE = 2;

    /** sigaltstack: FreeBSD's stack_t {ss_sp, ss_size, int ss_flags} as Linux's {ss_sp, int ss_flags, ss_size}. */
    static long sigaltstack(KernelOps ops, long ss, long oss) {
        long scratch = ops.call(USER_SCRATCH, 48);
        if (scratch < 0) return scratch;
        long kss = 0, koss = oss != 0 ? scratch + 24 : 0;
        if (ss != 0) {
            long sp = GuestMemory.load64(ops, ss), size = GuestMemory.load64(ops, ss + 8);
            int flags = (int) GuestMemory.load(ops, ss + 16, 4);
            if ((flags & ~SS_DISABLE) != 0) return Errno.EINVAL.negative();
            GuestMemory.store(ops, scratch, sp, 8);
            GuestMemory.store(ops, scratch + 8, (flags & SS_DISABLE) != 0 ? L_SS_DISABLE : 0, 8);
            GuestMemory.store(ops, scratch + 16, size, 8);
            kss = scratch;
        }
        long r = ops.call(SIGALTSTACK, kss, koss);
        if (r < 0 || oss == 0) return r;
        long sp = GuestMemory.load64(ops, koss), size = GuestMemory.load64(ops, koss + 16);
        int kf = (int) GuestMemory.load(ops, koss + 8, 4);
        GuestMemory.store(ops, oss, sp, 8);
        GuestMemory.store(ops, oss + 8, size, 8);
        GuestMemory.store(ops, oss + 16, ((kf & L_SS_ONSTACK) != 0 ? SS_ONSTACK : 0) | ((kf & L_SS_DISABLE) != 0 ? SS_DISABLE : 0), 4);
        return 0;
    }
}
