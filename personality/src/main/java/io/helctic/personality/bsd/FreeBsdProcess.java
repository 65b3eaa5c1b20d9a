package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;

/**
 * FreeBSD's calls about a process and its threads that differ from the kernel's in a value or a
 * convention: getgroups (the effective gid first, as FreeBSD 14 returns it), the nice value
 * getpriority returns as itself, SCHED_OTHER numbered 2, sigpending's 128-bit set, sigwait and
 * clock_nanosleep (their error as the value, as POSIX and FreeBSD's kern_posix_error have it),
 * sigqueue, thr_kill2, thr_suspend and thr_wake (the kernel's per-thread park token: a wake
 * before the suspend ends it at once, as TDF_THRWAKEUP), thr_set_name.
 */
final class FreeBsdProcess {
    private FreeBsdProcess() {}

    private static final int[] SIGNALS = BsdSignals.freeBsd();

    /** getgroups(size, list): FreeBSD 14 puts the effective gid first, then the supplementary groups. */
    static long getgroups(KernelOps ops, long size, long list) {
        long n = ops.call(GETGROUPS, 0, 0);
        if (n < 0) return n;
        if (size == 0) return n + 1;
        if (size < n + 1) return Errno.EINVAL.negative();
        long ids = ops.call(USER_SCRATCH, 16);
        if (ids < 0) return ids;
        long r = ops.call(GET_IDS, 1, ids, ids + 4, ids + 8);
        if (r < 0) return r;
        GuestMemory.store(ops, list, GuestMemory.load(ops, ids + 4, 4), 4);
        if (n > 0) {
            r = ops.call(GETGROUPS, n, list + 4);
            if (r < 0) return r;
        }
        return n + 1;
    }

    /** getpriority(which, who): the nice value itself (-20..20), which the kernel's call gives as 20 - nice. */
    static long getpriority(KernelOps ops, long which, long who) {
        long r = ops.call(GETPRIORITY, (int) which, (int) who);
        return r < 0 ? r : 20 - r;
    }

    // sys/sys/sched.h: SCHED_FIFO 1, SCHED_OTHER 2, SCHED_RR 3; the kernel's (Linux's) 1, 0, 2
    static int kernelPolicy(long p) {
        return switch ((int) p) {
            case 1 -> 1;
            case 2 -> 0;
            case 3 -> 2;
            default -> -1;
        };
    }

    static long guestPolicy(long k) {
        return switch ((int) k) {
            case 0, 3, 5 -> 2; // SCHED_OTHER; the kernel's BATCH and IDLE are FreeBSD's timesharing too
            case 1 -> 1;
            case 2 -> 3;
            default -> k;
        };
    }

    static long schedGetscheduler(KernelOps ops, long pid) {
        long r = ops.call(SCHED_GETSCHEDULER, (int) pid);
        return r < 0 ? r : guestPolicy(r);
    }

    static long schedSetscheduler(KernelOps ops, long pid, long policy, long param) {
        int k = kernelPolicy(policy);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(SCHED_SETSCHEDULER, (int) pid, k, param);
    }

    /** sigpending(set): the pending signals the caller blocks, as FreeBSD's 128-bit set. */
    static long sigpending(KernelOps ops, long set) {
        return BsdSignals.sigpending(ops, set, SIGNALS);
    }

    /**
     * sigwait(set, sig): a pending signal of set taken, its FreeBSD number to *sig; the error
     * (EINTR for another signal's handler) as the call's value, never errno.
     */
    static long sigwait(KernelOps ops, long set, long sig) {
        long r = FreeBsdWaits.sigtimedwait(ops, set, 0, 0);
        if (r < 0) return asValue(r);
        GuestMemory.store(ops, sig, r, 4);
        return 0;
    }

    /** sigqueue(pid, signum, value): the signal with si_code SI_QUEUE and the value, from the caller. */
    static long sigqueue(KernelOps ops, long pid, long signum, long value) {
        int k = signum == 0 ? 0 : FreeBsdShims.toKernel(signum);
        if (signum != 0 && k == 0) return Errno.EINVAL.negative();
        long info = ops.call(USER_SCRATCH, 128);
        if (info < 0) return info;
        for (int i = 0; i < 128; i += 8) GuestMemory.store(ops, info + i, 0, 8);
        GuestMemory.store(ops, info, k, 4);
        GuestMemory.store(ops, info + 8, -1, 4); // SI_QUEUE
        GuestMemory.store(ops, info + 16, ops.call(GETPID), 4);
        GuestMemory.store(ops, info + 20, ops.call(GET_ID, 0), 4);
        GuestMemory.store(ops, info + 24, value, 8);
        return ops.call(SIGQUEUE, (int) pid, 0, k, info);
    }

    /** thr_kill2(pid, id, sig): a signal to thread id of process pid. */
    static long thrKill2(KernelOps ops, long pid, long id, long sig) {
        int k = sig == 0 ? 0 : FreeBsdShims.toKernel(sig);
        if (sig != 0 && k == 0) return Errno.EINVAL.negative();
        return ops.call(TGKILL, (int) pid, (int) id, k);
    }

    /** thr_suspend(timeout): sleeps until thr_wake (one before the call ends it at once), a signal, or the relative timeout. */
    static long thrSuspend(KernelOps ops, long timeout) {
        long r = ops.call(THREAD_PARK, 1, 0, timeout);
        return r == Errno.EALREADY.negative() ? 0 : r;
    }

    /** thr_wake(id): the thread's suspension ended, or its next one. */
    static long thrWake(KernelOps ops, long id) {
        return ops.call(THREAD_UNPARK, (int) id, 0);
    }

    /** thr_set_name(id, name): the calling thread's name (the kernel names only the caller: another thread's is EPERM). */
    static long thrSetName(KernelOps ops, long id, long name) {
        if (id != -1 && id != ops.call(GETTID)) return Errno.EPERM.negative();
        return ops.call(PRCTL, 15, name, 0, 0, 0); // PR_SET_NAME
    }

    /** clock_nanosleep(clock, flags, rqtp, rmtp): FreeBSD's clock ids; the error as the call's value (kern_posix_error). */
    static long clockNanosleep(KernelOps ops, long clock, long flags, long rqtp, long rmtp) {
        int k = FreeBsdRuntime.kernelClock(clock);
        if (k < 0) return BsdErrnoNames.FREEBSD.translateResult(Errno.EINVAL.negative());
        long r = ops.call(CLOCK_NANOSLEEP, k, flags & 1, rqtp, rmtp);
        return r < 0 ? asValue(r) : r;
    }

    /** An error as the call's value in FreeBSD's numbering; a sleep a signal ended is EINTR (never restarted). */
    static long asValue(long r) {
        return BsdErrnoNames.FREEBSD.translateResult(io.helctic.abi.KernelCode.of(r) != null ? Errno.EINTR.negative() : r);
    }

    /** sched_getcpu(): the CPU the kernel says the caller runs on. */
    static long schedGetcpu(KernelOps ops) {
        long k = ops.call(USER_SCRATCH, 8);
        if (k < 0) return k;
        long r = ops.call(GETCPU, k, 0);
        return r < 0 ? r : GuestMemory.load(ops, k, 4);
    }

    /** swapcontext(oucp, ucp): the caller's context saved at oucp (resumed, the call returns 0), then ucp's taken. */
    static long swapcontext(KernelOps ops, long oucp, long ucp) {
        if (oucp == 0 || ucp == 0) return Errno.EINVAL.negative();
        long r = ops.call(SAVE_CONTEXT, oucp);
        return r < 0 ? r : ops.call(SIGRETURN, ucp);
    }
}
