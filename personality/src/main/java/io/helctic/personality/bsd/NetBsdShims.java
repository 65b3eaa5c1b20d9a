package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.abi.uapi.Signal;
import io.helctic.abi.uapi.Wait;
import io.helctic.personality.GuestMemory;
import java.util.List;

/**
 * NetBSD calls translated onto the kernel's: signals (__sigaction_sigtramp with the program's
 * trampoline, 128-bit sets), LWPs (_lwp_create from a ucontext, park and unpark on the hint
 * word), sysctl, clocks, mmap, its open flags, struct stat (__stat50) and struct dirent. Values
 * from NetBSD 10's sys/sys/{signal,lwp,sysctl,time,mman,fcntl,stat,dirent}.h.
 */
final class NetBsdShims {
    private NetBsdShims() {}

    static final int[] SIGNALS = BsdSignals.netBsd();

    static int toKernel(long signal) {
        return signal > 0 && signal <= 128 ? BsdSignals.toKernel(SIGNALS, (int) signal) : 0;
    }

    // ---- signals -------------------------------------------------------------------------------

    static final int SA_ONSTACK = 0x1, SA_RESTART = 0x2, SA_RESETHAND = 0x4, SA_NOCLDSTOP = 0x8, SA_NODEFER = 0x10,
            SA_NOCLDWAIT = 0x20, SA_SIGINFO = 0x40, SA_NOKERNINFO = 0x80;
    static final long L_SA_RESTORER = 0x04000000L;
    private static final long[][] FLAGS = {
        {SA_ONSTACK, Signal.SA_ONSTACK}, {SA_RESTART, Signal.SA_RESTART}, {SA_RESETHAND, Signal.SA_RESETHAND},
        {SA_NOCLDSTOP, Signal.SA_NOCLDSTOP}, {SA_NODEFER, Signal.SA_NODEFER}, {SA_NOCLDWAIT, Signal.SA_NOCLDWAIT},
        {SA_SIGINFO, Signal.SA_SIGINFO},
    };

    static long loadSet(KernelOps ops, long addr) {
        return BsdSignals.loadSet(ops, addr, SIGNALS);
    }

    static void storeSet(KernelOps ops, long addr, long mask) {
        BsdSignals.storeSet(ops, addr, mask, SIGNALS);
    }

    /**
     * __sigaction_sigtramp(sig, act, oact, tramp, vers): NetBSD's struct sigaction (handler,
     * sa_mask, int sa_flags: 32 bytes); the trampoline the handler returns into becomes the
     * kernel's sa_restorer. Version 2 (siginfo) only.
     */
    static long sigaction(KernelOps ops, long sig, long act, long oact, long tramp, long vers) {
        int k = toKernel((int) sig);
        if (k == 0) return Errno.EINVAL.negative();
        if (act != 0 && (int) vers != 2 && GuestMemory.load64(ops, act) > 1) return Errno.EINVAL.negative();
        long scratch = ops.call(USER_SCRATCH, 64);
        if (scratch < 0) return scratch;
        long kact = 0, kold = oact != 0 ? scratch + 32 : 0;
        if (act != 0) {
            long handler = GuestMemory.load64(ops, act);
            int flags = (int) GuestMemory.load(ops, act + 24, 4) & ~SA_NOKERNINFO;
            long kflags = 0;
            for (long[] f : FLAGS) {
                if ((flags & f[0]) != 0) kflags |= f[1];
                flags &= (int) ~f[0];
            }
            if (flags != 0) return Errno.EINVAL.negative();
            if (handler > 1) kflags |= L_SA_RESTORER;
            GuestMemory.store(ops, scratch, handler, 8);
            GuestMemory.store(ops, scratch + 8, kflags, 8);
            GuestMemory.store(ops, scratch + 16, handler > 1 ? tramp : 0, 8);
            GuestMemory.store(ops, scratch + 24, loadSet(ops, act + 8), 8);
            kact = scratch;
        }
        long r = ops.call(SIGACTION, k, kact, kold, 8);
        if (r < 0 || oact == 0) return r;
        long kflags = GuestMemory.load64(ops, kold + 8);
        int flags = 0;
        for (long[] f : FLAGS) if ((kflags & f[1]) != 0) flags |= (int) f[0];
        GuestMemory.store(ops, oact, GuestMemory.load64(ops, kold), 8);
        storeSet(ops, oact + 8, GuestMemory.load64(ops, kold + 24));
        GuestMemory.store(ops, oact + 24, flags, 4);
        GuestMemory.store(ops, oact + 28, 0, 4);
        return 0;
    }

    /** __sigprocmask14(how, set, oset): how 1-3; 128-bit sets. */
    static long sigprocmask(KernelOps ops, long how, long set, long oset) {
        return BsdSignals.sigprocmask(ops, how, set, oset, SIGNALS);
    }

    static long kill(KernelOps ops, long pid, long sig) {
        int k = sig == 0 ? 0 : toKernel(sig);
        if (sig != 0 && k == 0) return Errno.EINVAL.negative();
        return ops.call(KILL, (int) pid, k);
    }

    // ---- LWPs ----------------------------------------------------------------------------------

    /** _lwp_create(ucp, flags, new_lwp): a thread started from the ucontext; its id to *new_lwp. */
    static long lwpCreate(KernelOps ops, long ucp, long flags, long newLwp) {
        long tid = ops.call(THREAD_FROM_CONTEXT, ucp, newLwp);
        return tid < 0 ? tid : 0;
    }

    static long lwpKill(KernelOps ops, long lwp, long sig) {
        int k = sig == 0 ? 0 : toKernel(sig);
        if (sig != 0 && k == 0) return Errno.EINVAL.negative();
        return ops.call(TGKILL, ops.call(GETPID), (int) lwp, k);
    }

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_PRIVATE = 128, FUTEX_CLOCK_REALTIME = 256;

    /** _lwp_unpark(lwp, hint): lwp's park token (its next or current park ends); the hint is only a hint. */
    static long lwpUnpark(KernelOps ops, long lwp, long hint) {
        return ops.call(THREAD_UNPARK, (int) lwp, 0);
    }

    /** _lwp_unpark_all(targets, ntargets, hint): each of them unparked; with no targets, how many one call takes. */
    static long lwpUnparkAll(KernelOps ops, long targets, long ntargets, long hint) {
        if (targets == 0) return UNPARK_MAX;
        if (ntargets < 0 || ntargets > UNPARK_MAX) return Errno.EINVAL.negative();
        for (long i = 0; i < ntargets; i++) ops.call(THREAD_UNPARK, (int) GuestMemory.load(ops, targets + 4 * i, 4), 0);
        return 0;
    }

    /** NetBSD's LWP_UNPARK_MAX. */
    static final int UNPARK_MAX = 1024;

    /** _lwp_wakeup(lwp): its park interrupted (EINTR there); EBUSY when it does not sleep in one. */
    static long lwpWakeup(KernelOps ops, long lwp) {
        return ops.call(THREAD_UNPARK, (int) lwp, 1);
    }

    /**
     * ___lwp_park60(clock, flags, ts, unpark, hint, unparkhint): unparks unpark first, then
     * sleeps until unparked (EALREADY when a token was waiting), interrupted (EINTR) or ts
     * passes (relative, or absolute with TIMER_ABSTIME; ETIMEDOUT). The hints are only hints.
     */
    static long lwpPark(KernelOps ops, long clock, long flags, long ts, long unpark, long hint, long unparkHint) {
        if (unpark != 0) ops.call(THREAD_UNPARK, (int) unpark, 0);
        int k = kernelClock(clock);
        if (k != 0 && k != 1) return Errno.EINVAL.negative();
        long kts = 0;
        if (ts != 0) {
            kts = ops.call(USER_SCRATCH, 16);
            if (kts < 0) return kts;
            GuestMemory.store(ops, kts, GuestMemory.load64(ops, ts), 8);
            GuestMemory.store(ops, kts + 8, GuestMemory.load64(ops, ts + 8), 8);
        }
        return ops.call(THREAD_PARK, k, flags & 1, kts);
    }

    /** NetBSD's wait option bits (sys/wait.h). */
    static final int WNOHANG = 0x1, WUNTRACED = 0x2, WALTSIG = 0x4, WALLSIG = 0x8, WCONTINUED = 0x10, WEXITED = 0x20,
            WNOWAIT = 0x10000;

    /** __wait450(pid, status, options, rusage): NetBSD's options as the kernel's; signal numbers in the status made NetBSD's. */
    static long wait4(KernelOps ops, long pid, long status, long options, long rusage) {
        int o = (int) options;
        if ((o & ~(WNOHANG | WUNTRACED | WALTSIG | WALLSIG | WCONTINUED | WEXITED | WNOWAIT)) != 0) return Errno.EINVAL.negative();
        long k = ((o & WNOHANG) != 0 ? Wait.WNOHANG : 0) | ((o & WUNTRACED) != 0 ? Wait.WUNTRACED : 0)
                | ((o & WCONTINUED) != 0 ? Wait.WCONTINUED : 0) | ((o & WNOWAIT) != 0 ? Wait.WNOWAIT : 0)
                | ((o & WALTSIG) != 0 ? Wait.__WCLONE : 0) | ((o & WALLSIG) != 0 ? Wait.__WALL : 0);
        return FreeBsdShims.waitWith(ops, pid, status, k, rusage, SIGNALS, 0xffff);
    }

    // ---- sysctl --------------------------------------------------------------------------------

    private static final List<FreeBsdRuntime.Var> VARS = List.of(
        new FreeBsdRuntime.Var("kern.ostype", new int[] {1, 1}, o -> FreeBsdRuntime.cstring("NetBSD")),
        new FreeBsdRuntime.Var("kern.osrelease", new int[] {1, 2}, o -> FreeBsdRuntime.cstring("10.0")),
        new FreeBsdRuntime.Var("kern.osrevision", new int[] {1, 3}, o -> FreeBsdRuntime.int32(1000000000)),
        new FreeBsdRuntime.Var("kern.version", new int[] {1, 4}, o -> FreeBsdRuntime.cstring("NetBSD 10.0 (Helctic)\n")),
        new FreeBsdRuntime.Var("kern.hostname", new int[] {1, 10}, FreeBsdRuntime::hostname),
        new FreeBsdRuntime.Var("kern.arandom", new int[] {1, 81}, FreeBsdRuntime::random),
        new FreeBsdRuntime.Var("hw.machine", new int[] {6, 1}, o -> FreeBsdRuntime.cstring("amd64")),
        new FreeBsdRuntime.Var("hw.ncpu", new int[] {6, 3}, o -> FreeBsdRuntime.int32(FreeBsdRuntime.cpus(o))),
        new FreeBsdRuntime.Var("hw.pagesize", new int[] {6, 7}, o -> FreeBsdRuntime.int32(4096)),
        new FreeBsdRuntime.Var("hw.ncpuonline", new int[] {6, 16}, o -> FreeBsdRuntime.int32(FreeBsdRuntime.cpus(o))));

    /** __sysctl(name, namelen, old, oldlenp, new, newlen): the variables above, by number, read-only. */
    static long sysctl(KernelOps ops, long name, long namelen, long old, long oldlenp, long neu, long newlen) {
        if (namelen < 2 || namelen > 24) return Errno.EINVAL.negative();
        int[] mib = new int[(int) namelen];
        for (int i = 0; i < mib.length; i++) mib[i] = (int) GuestMemory.load(ops, name + 4L * i, 4);
        if (neu != 0) return Errno.EPERM.negative();
        for (FreeBsdRuntime.Var v : VARS) {
            if (!java.util.Arrays.equals(v.mib(), mib)) continue;
            byte[] value = v.value().apply(ops);
            if (mib[0] == 1 && mib[1] == 81 && old != 0 && oldlenp != 0) // kern.arandom: as much as asked, up to 256
                value = java.util.Arrays.copyOf(value, (int) Math.min(value.length, GuestMemory.load64(ops, oldlenp)));
            return FreeBsdRuntime.answer(ops, value, old, oldlenp);
        }
        return Errno.ENOENT.negative();
    }

    // ---- time and memory -----------------------------------------------------------------------

    static int kernelClock(long clock) {
        return switch ((int) clock) {
            case 0 -> 0;           // REALTIME
            case 3 -> 1;           // MONOTONIC
            case 2, 0x40000000 -> 2; // PROF, PROCESS_CPUTIME_ID
            case 0x20000000 -> 3;  // THREAD_CPUTIME_ID
            default -> -1;
        };
    }

    static long clockGettime(KernelOps ops, long clock, long tp) {
        int k = kernelClock(clock);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(CLOCK_GETTIME, k, tp);
    }

    static final int MAP_SHARED = 0x1, MAP_PRIVATE = 0x2, MAP_FIXED = 0x10, MAP_NORESERVE = 0x40, MAP_INHERIT = 0x80,
            MAP_TRYFIXED = 0x400, MAP_WIRED = 0x800, MAP_ANON = 0x1000, MAP_STACK = 0x2000, MAP_ALIGNMENT_MASK = 0xff000000;

    /**
     * mmap(addr, len, prot, flags, fd, PAD, pos): anonymous mappings with NetBSD's flags; a file's
     * offset is the seventh argument, on the stack, which is not read: file mappings are EINVAL.
     */
    static long mmap(KernelOps ops, long addr, long len, long prot, long flags, long fdArg, long pad) {
        int f = (int) flags, fd = (int) fdArg;
        int known = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_NORESERVE | MAP_INHERIT | MAP_TRYFIXED | MAP_WIRED | MAP_ANON
                | MAP_STACK | MAP_ALIGNMENT_MASK;
        if ((f & ~known) != 0) return Errno.EINVAL.negative();
        long k = (f & MAP_SHARED) != 0 ? 0x1 : 0x2;
        if ((f & MAP_FIXED) != 0) k |= 0x10;
        if ((f & MAP_NORESERVE) != 0) k |= 0x4000;
        if ((f & MAP_ANON) != 0) return ops.call(MMAP, addr, len, prot, k | 0x20, -1, 0); // MAP_ANONYMOUS
        long pos = seventhArgument(ops);
        if (pos == Long.MIN_VALUE) return Errno.EFAULT.negative();
        return ops.call(MMAP, addr, len, prot, k, fd, pos);
    }

    /**
     * A call's seventh argument, which NetBSD's amd64 convention passes on the user stack just
     * above the return address (at rsp + 8; mmap's off_t after its pad): the stack pointer read
     * from the thread's saved context. Long.MIN_VALUE when it cannot be read.
     */
    static long seventhArgument(KernelOps ops) {
        long uc = ops.call(USER_SCRATCH, 784);
        if (uc < 0 || ops.call(SAVE_CONTEXT, uc) < 0) return Long.MIN_VALUE;
        try {
            long rsp = GuestMemory.load64(ops, uc + 56 + 24 * 8); // uc_mcontext.__gregs[_REG_RSP]
            return GuestMemory.load64(ops, rsp + 8);
        } catch (io.helctic.personality.GuestFault f) {
            return Long.MIN_VALUE;
        }
    }

    static long madvise(KernelOps ops, long addr, long len, long advice) {
        int a = (int) advice;
        return switch (a) {
            case 0, 1, 2, 3, 4 -> ops.call(MADVISE, addr, len, a);
            case 5 -> 0;                                  // SPACEAVAIL: a hint
            case 6 -> ops.call(MADVISE, addr, len, 8);     // FREE
            default -> Errno.EINVAL.negative();
        };
    }

    // ---- files ---------------------------------------------------------------------------------

    static final int O_NONBLOCK = 0x4, O_APPEND = 0x8, O_SHLOCK = 0x10, O_EXLOCK = 0x20, O_ASYNC = 0x40, O_SYNC = 0x80,
            O_NOFOLLOW = 0x100, O_CREAT = 0x200, O_TRUNC = 0x400, O_EXCL = 0x800, O_NOCTTY = 0x8000, O_DSYNC = 0x10000,
            O_RSYNC = 0x20000, O_ALT_IO = 0x40000, O_DIRECT = 0x80000, O_DIRECTORY = 0x200000, O_CLOEXEC = 0x400000,
            O_SEARCH = 0x800000, O_NOSIGPIPE = 0x1000000, O_REGULAR = 0x2000000;
    private static final int[][] OPEN = {
        {O_NONBLOCK, Fcntl.O_NONBLOCK}, {O_APPEND, Fcntl.O_APPEND}, {O_ASYNC, 020000}, {O_SYNC, Fcntl.O_SYNC},
        {O_NOFOLLOW, Fcntl.O_NOFOLLOW}, {O_CREAT, Fcntl.O_CREAT}, {O_TRUNC, Fcntl.O_TRUNC}, {O_EXCL, Fcntl.O_EXCL},
        {O_NOCTTY, Fcntl.O_NOCTTY}, {O_DSYNC, 010000}, {O_DIRECT, 040000}, {O_DIRECTORY, Fcntl.O_DIRECTORY},
        {O_CLOEXEC, Fcntl.O_CLOEXEC},
    };

    static long kernelFlags(long flags) {
        int f = (int) flags;
        long k = f & 3;
        f &= ~(3 | O_RSYNC | O_ALT_IO | O_NOSIGPIPE);
        for (int[] p : OPEN) {
            if ((f & p[0]) != 0) k |= p[1];
            f &= ~p[0];
        }
        return f != 0 ? -1 : k;
    }

    static long guestFlags(long kflags) {
        long f = kflags & 3;
        for (int[] p : OPEN) if ((kflags & p[1]) == p[1]) f |= p[0];
        return f;
    }

    static long open(KernelOps ops, long path, long flags, long mode) {
        return openat(ops, -100, path, flags, mode);
    }

    static long openat(KernelOps ops, long dirfd, long path, long flags, long mode) {
        long k = kernelFlags(flags);
        if (k < 0) return Errno.EINVAL.negative();
        return ops.call(OPENAT, (int) dirfd, path, k, (int) mode & 07777);
    }

    /** pipe2(fds, flags): O_CLOEXEC, O_NONBLOCK and O_NOSIGPIPE (the kernel's pipes raise no SIGPIPE only with it: ignored). */
    static long pipe2(KernelOps ops, long fds, long flags) {
        int f = (int) flags;
        if ((f & ~(O_CLOEXEC | O_NONBLOCK | O_NOSIGPIPE)) != 0) return Errno.EINVAL.negative();
        return ops.call(PIPE2, fds, ((f & O_CLOEXEC) != 0 ? Fcntl.O_CLOEXEC : 0) | ((f & O_NONBLOCK) != 0 ? Fcntl.O_NONBLOCK : 0));
    }

    static long fcntl(KernelOps ops, long fd, long cmd, long arg) {
        int f = (int) fd;
        return switch ((int) cmd) {
            case 0 -> ops.call(FCNTL, f, Fcntl.F_DUPFD, (int) arg);
            case 12 -> ops.call(FCNTL, f, Fcntl.F_DUPFD_CLOEXEC, (int) arg);
            case 1 -> ops.call(FCNTL, f, Fcntl.F_GETFD, 0);
            case 2 -> ops.call(FCNTL, f, Fcntl.F_SETFD, (int) arg & 1);
            case 3 -> {
                long r = ops.call(FCNTL, f, Fcntl.F_GETFL, 0);
                yield r < 0 ? r : guestFlags(r);
            }
            case 4 -> ops.call(FCNTL, f, Fcntl.F_SETFL, kernelFlags(arg & (O_NONBLOCK | O_APPEND | O_ASYNC | O_DIRECT)));
            default -> Errno.EINVAL.negative();
        };
    }

    /** The kernel's struct stat (144 bytes at k) as NetBSD's __stat50 (152 bytes at sb). */
    private static void toNetBsd(KernelOps ops, long k, long sb) {
        FreeBsdFiles.KernelStat st = FreeBsdFiles.KernelStat.read(ops, k);
        for (int i = 0; i < 152; i += 8) GuestMemory.store(ops, sb + i, 0, 8);
        GuestMemory.store(ops, sb, st.dev(), 8);
        GuestMemory.store(ops, sb + 8, st.mode(), 4);
        GuestMemory.store(ops, sb + 16, st.ino(), 8);
        GuestMemory.store(ops, sb + 24, st.nlink(), 4);
        st.storeRest(ops, sb, 28);
    }

    static long fstat(KernelOps ops, long fd, long sb) {
        long k = FreeBsdFiles.kernelStat(ops, true, fd, 0, 0);
        if (k < 0) return k;
        toNetBsd(ops, k, sb);
        return 0;
    }

    static long fstatat(KernelOps ops, long dirfd, long path, long sb, long flags) {
        long k = FreeBsdFiles.kernelStat(ops, false, dirfd, path, flags);
        if (k < 0) return k;
        toNetBsd(ops, k, sb);
        return 0;
    }

    static long stat(KernelOps ops, long path, long sb) {
        return fstatat(ops, -100, path, sb, 0);
    }

    static long lstat(KernelOps ops, long path, long sb) {
        return fstatat(ops, -100, path, sb, FreeBsdFiles.AT_SYMLINK_NOFOLLOW);
    }

    /** __getdents30(fd, buf, count): the kernel's dirent64 records as NetBSD's struct dirent (d_fileno, d_reclen, d_namlen, d_type, d_name). */
    static long getdents(KernelOps ops, long fd, long buf, long nbytes) {
        int n = (int) Math.min(nbytes, 4096);
        if (n < 32) return Errno.EINVAL.negative();
        long out = 0;
        for (FreeBsdFiles.KernelDirent e : FreeBsdFiles.kernelDirents(ops, (int) fd, n / 2)) {
            if (e.error() < 0) return e.error();
            int len = e.name().length, rec = (13 + len + 1 + 7) & ~7;
            for (int i = 0; i < rec; i += 8) GuestMemory.store(ops, buf + out + i, 0, 8);
            GuestMemory.store(ops, buf + out, e.ino(), 8);
            GuestMemory.store(ops, buf + out + 8, rec, 2);
            GuestMemory.store(ops, buf + out + 10, len, 2);
            GuestMemory.store(ops, buf + out + 12, e.type(), 1);
            for (int i = 0; i < len; i++) GuestMemory.store(ops, buf + out + 13 + i, e.name()[i], 1);
            out += rec;
        }
        return out;
    }

    // ---- timers and pending signals ---------------------------------------------------------

    /** NetBSD's struct itimerval (two struct timeval, each an int tv_usec after its time_t) at g as the kernel's at k. */
    private static long itimerToKernel(KernelOps ops, long g, long k) {
        for (int i = 0; i < 2; i++) {
            long sec = GuestMemory.load64(ops, g + 16L * i), usec = (int) GuestMemory.load(ops, g + 16L * i + 8, 4);
            if (sec < 0 || usec < 0 || usec >= 1_000_000L) return Errno.EINVAL.negative();
            GuestMemory.store(ops, k + 16L * i, sec, 8);
            GuestMemory.store(ops, k + 16L * i + 8, usec, 8);
        }
        return 0;
    }

    private static void itimerToNetBsd(KernelOps ops, long k, long g) {
        for (int i = 0; i < 2; i++) {
            GuestMemory.store(ops, g + 16L * i, GuestMemory.load64(ops, k + 16L * i), 8);
            GuestMemory.store(ops, g + 16L * i + 8, GuestMemory.load64(ops, k + 16L * i + 8), 4);
            GuestMemory.store(ops, g + 16L * i + 12, 0, 4);
        }
    }

    /** __setitimer50(which, new, old): NetBSD's struct itimerval (an int tv_usec) both ways. */
    static long setitimer(KernelOps ops, long which, long nv, long old) {
        long k = ops.call(USER_SCRATCH, 64);
        if (k < 0) return k;
        if (nv != 0) {
            long r = itimerToKernel(ops, nv, k);
            if (r < 0) return r;
        }
        long r = ops.call(SETITIMER, (int) which, nv == 0 ? 0 : k, old == 0 ? 0 : k + 32);
        if (r < 0) return r;
        if (old != 0) itimerToNetBsd(ops, k + 32, old);
        return 0;
    }

    /** __getitimer50(which, cur). */
    static long getitimer(KernelOps ops, long which, long cur) {
        long k = ops.call(USER_SCRATCH, 32);
        if (k < 0) return k;
        long r = ops.call(GETITIMER, (int) which, k);
        if (r < 0) return r;
        itimerToNetBsd(ops, k, cur);
        return 0;
    }

    /** __sigpending14(set): the pending signals the caller blocks, as NetBSD's 128-bit set. */
    static long sigpending(KernelOps ops, long set) {
        return BsdSignals.sigpending(ops, set, SIGNALS);
    }
}
