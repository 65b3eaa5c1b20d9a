package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;

/**
 * FreeBSD's _umtx_op(obj, op, val, uaddr, uaddr2) on the kernel's futexes and its atomic
 * compare-exchange of a user word: the waits and wakes, libthr's mutexes (struct umutex: normal,
 * priority-inheriting as the kernel's PI futexes, whose word protocol is the same, and
 * priority-protecting ones without the priorities), condition variables (struct ucond),
 * reader-writer locks (struct urwlock) and semaphores (struct _usem2), with the word protocols of
 * FreeBSD's sys/sys/umtx.h and sys/kern/kern_umtx.c. FreeBSD keeps its sleepers in queues it can
 * count; a futex cannot say how many remain, so a contested bit (UMUTEX_CONTESTED,
 * USEM_HAS_WAITERS, a condition variable's c_has_waiters) stays set while waiters may remain and
 * is cleared when a wake finds none: correct, at the cost of an extra call at the last unlock.
 * A condition variable's c_has_waiters is its futex word: nonzero while there may be waiters,
 * changed by every signal so that a waiter that has released the mutex but not yet slept sees it.
 */
final class FreeBsdUmtx {
    private FreeBsdUmtx() {}

    static final int UMTX_OP_WAIT = 2, UMTX_OP_WAKE = 3, UMTX_OP_MUTEX_TRYLOCK = 4, UMTX_OP_MUTEX_LOCK = 5,
            UMTX_OP_MUTEX_UNLOCK = 6, UMTX_OP_SET_CEILING = 7, UMTX_OP_CV_WAIT = 8, UMTX_OP_CV_SIGNAL = 9,
            UMTX_OP_CV_BROADCAST = 10, UMTX_OP_WAIT_UINT = 11, UMTX_OP_RW_RDLOCK = 12, UMTX_OP_RW_WRLOCK = 13,
            UMTX_OP_RW_UNLOCK = 14, UMTX_OP_WAIT_UINT_PRIVATE = 15, UMTX_OP_WAKE_PRIVATE = 16, UMTX_OP_MUTEX_WAIT = 17,
            UMTX_OP_MUTEX_WAKE = 18, UMTX_OP_NWAKE_PRIVATE = 21, UMTX_OP_MUTEX_WAKE2 = 22, UMTX_OP_SEM2_WAIT = 23,
            UMTX_OP_SEM2_WAKE = 24, UMTX_OP_ROBUST_LISTS = 26, UMTX_OP_GET_MIN_TIMEOUT = 27, UMTX_OP_SET_MIN_TIMEOUT = 28;
    static final int UMTX_ABSTIME = 1;
    static final int USYNC_PROCESS_SHARED = 0x1, UMUTEX_PRIO_INHERIT = 0x4, UMUTEX_PRIO_PROTECT = 0x8, UMUTEX_NONCONSISTENT = 0x20;
    static final int UMUTEX_CONTESTED = 0x80000000, UMUTEX_RB_OWNERDEAD = UMUTEX_CONTESTED | 0x10,
            UMUTEX_RB_NOTRECOV = UMUTEX_CONTESTED | 0x11;
    static final int CVWAIT_ABSTIME = 0x2, CVWAIT_CLOCKID = 0x4;
    static final int URWLOCK_WRITE_OWNER = 0x80000000, URWLOCK_WRITE_WAITERS = 0x40000000,
            URWLOCK_READ_WAITERS = 0x20000000, URWLOCK_MAX_READERS = 0x1fffffff, URWLOCK_PREFER_READER = 0x2;
    static final int USEM_HAS_WAITERS = 0x80000000, USEM_MAX_COUNT = 0x7fffffff;
    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8,
            FUTEX_WAIT_BITSET = 9, FUTEX_LOCK_PI2 = 13, FUTEX_PRIVATE = 128, FUTEX_CLOCK_REALTIME = 256;

    /** A wait's end: none, or a time (absolute or relative) on one of the kernel's clocks. */
    private record Deadline(long sec, long nsec, boolean absolute, int clock) {}

    static long umtxOp(KernelOps ops, long obj, long opArg, long val, long uaddr, long uaddr2) {
        int op = (int) opArg;
        return switch (op) {
            case UMTX_OP_WAKE, UMTX_OP_WAKE_PRIVATE ->
                    wake(ops, obj, op == UMTX_OP_WAKE_PRIVATE, (int) Math.min(val, Integer.MAX_VALUE));
            case UMTX_OP_WAIT, UMTX_OP_WAIT_UINT, UMTX_OP_WAIT_UINT_PRIVATE -> {
                Deadline d = umtxTime(ops, uaddr, uaddr2);
                if (d == INVALID) yield Errno.EINVAL.negative();
                if (op == UMTX_OP_WAIT && GuestMemory.load64(ops, obj) != val) yield 0;
                long r = futexWait(ops, obj, (int) val, op == UMTX_OP_WAIT_UINT_PRIVATE, d);
                yield r == Errno.EAGAIN.negative() ? 0 : r;
            }
            case UMTX_OP_NWAKE_PRIVATE -> {
                for (long i = 0; i < val; i++) wake(ops, GuestMemory.load64(ops, obj + 8 * i), true, Integer.MAX_VALUE);
                yield 0;
            }
            case UMTX_OP_MUTEX_TRYLOCK -> mutexLock(ops, obj, null, true);
            case UMTX_OP_MUTEX_LOCK -> {
                Deadline d = umtxTime(ops, uaddr, uaddr2);
                yield d == INVALID ? Errno.EINVAL.negative() : mutexLock(ops, obj, d, false);
            }
            case UMTX_OP_MUTEX_UNLOCK -> mutexUnlock(ops, obj);
            case UMTX_OP_MUTEX_WAIT -> mutexWait(ops, obj);
            case UMTX_OP_MUTEX_WAKE, UMTX_OP_MUTEX_WAKE2 -> {
                wake2(ops, obj, shared(ops, obj + 4));
                yield 0;
            }
            case UMTX_OP_SET_CEILING -> {
                int flags = (int) GuestMemory.load(ops, obj + 4, 4);
                if ((flags & UMUTEX_PRIO_PROTECT) == 0 || val < 0 || val > 31) yield Errno.EINVAL.negative();
                long old = GuestMemory.load(ops, obj + 8, 4);
                GuestMemory.store(ops, obj + 8, val, 4);
                if (uaddr != 0) GuestMemory.store(ops, uaddr, old, 4);
                yield 0;
            }
            case UMTX_OP_CV_WAIT -> cvWait(ops, obj, (int) val, uaddr, uaddr2);
            case UMTX_OP_CV_SIGNAL, UMTX_OP_CV_BROADCAST -> cvWake(ops, obj, op == UMTX_OP_CV_BROADCAST);
            case UMTX_OP_RW_RDLOCK, UMTX_OP_RW_WRLOCK -> {
                Deadline d = umtxTime(ops, uaddr, uaddr2);
                yield d == INVALID ? Errno.EINVAL.negative() : rwLock(ops, obj, (int) val, op == UMTX_OP_RW_WRLOCK, d);
            }
            case UMTX_OP_RW_UNLOCK -> rwUnlock(ops, obj);
            case UMTX_OP_SEM2_WAIT -> {
                Deadline d = umtxTime(ops, uaddr, uaddr2);
                yield d == INVALID ? Errno.EINVAL.negative() : semWait(ops, obj, d);
            }
            case UMTX_OP_SEM2_WAKE -> semWake(ops, obj);
            // the lists are taken; an owner's death does not yet mark its robust mutexes OWNERDEAD
            case UMTX_OP_ROBUST_LISTS -> uaddr >= 24 ? 0 : Errno.EINVAL.negative();
            case UMTX_OP_GET_MIN_TIMEOUT -> {
                GuestMemory.store(ops, uaddr, 0, 8);
                yield 0;
            }
            case UMTX_OP_SET_MIN_TIMEOUT -> val < 0 ? Errno.EINVAL.negative() : 0;
            default -> Errno.EINVAL.negative(); // the deprecated SEM_WAIT/SEM_WAKE and the process-shared SHM registry
        };
    }

    // ---- the words ------------------------------------------------------------------------------

    private static int load(KernelOps ops, long addr) {
        return (int) GuestMemory.load(ops, addr, 4);
    }

    /** The word's old value (as an int; equal to expected when it was replaced), or a negative errno as a long. */
    private static long cas(KernelOps ops, long addr, int expected, int desired) {
        return ops.call(USER_COMPARE_EXCHANGE, addr, expected & 0xffffffffL, desired & 0xffffffffL);
    }

    private static boolean shared(KernelOps ops, long flagsAddr) {
        return (load(ops, flagsAddr) & USYNC_PROCESS_SHARED) != 0;
    }

    private static long wake(KernelOps ops, long addr, boolean priv, int n) {
        return ops.call(FUTEX, addr, FUTEX_WAKE | (priv ? FUTEX_PRIVATE : 0), n, 0, 0, 0);
    }

    /** Sleeps while the word at addr is expected: 0 when woken, -EAGAIN when it was not, -ETIMEDOUT, -EINTR or a restart. */
    private static long futexWait(KernelOps ops, long addr, int expected, boolean priv, Deadline d) {
        int p = priv ? FUTEX_PRIVATE : 0;
        if (d == null) return ops.call(FUTEX, addr, FUTEX_WAIT | p, expected & 0xffffffffL, 0, 0, 0);
        long ts = ops.call(USER_SCRATCH, 16);
        if (ts < 0) return ts;
        GuestMemory.store(ops, ts, d.sec, 8);
        GuestMemory.store(ops, ts + 8, d.nsec, 8);
        if (!d.absolute) return ops.call(FUTEX, addr, FUTEX_WAIT | p, expected & 0xffffffffL, ts, 0, 0);
        boolean realtime = d.clock == 0 || d.clock == 5;
        return ops.call(FUTEX, addr, FUTEX_WAIT_BITSET | p | (realtime ? FUTEX_CLOCK_REALTIME : 0), expected & 0xffffffffL, ts, 0, -1);
    }

    /** A sleep a signal ended: FreeBSD's lock and wait calls end with EINTR (libthr retries), never restarted half done. */
    private static long interrupted(long r) {
        return KernelCode.of(r) != null ? Errno.EINTR.negative() : r;
    }

    private static final Deadline INVALID = new Deadline(0, 0, false, -1);

    /**
     * The timeout at ptr (NULL: none) given size bytes: a struct timespec (relative, on the
     * monotonic clock) or a struct _umtx_time {timeout, flags, clockid}.
     */
    private static Deadline umtxTime(KernelOps ops, long size, long ptr) {
        if (ptr == 0) return null;
        long sec = GuestMemory.load64(ops, ptr), nsec = GuestMemory.load64(ops, ptr + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return INVALID;
        if (size <= 16) return new Deadline(sec, nsec, false, 1);
        int flags = load(ops, ptr + 16), clock = FreeBsdRuntime.kernelClock(load(ops, ptr + 20));
        if (clock < 0) return INVALID;
        return new Deadline(sec, nsec, (flags & UMTX_ABSTIME) != 0, clock);
    }

    // ---- mutexes --------------------------------------------------------------------------------

    /**
     * MUTEX_LOCK and MUTEX_TRYLOCK: a priority-inheriting mutex through the kernel's PI futex
     * (UMUTEX_CONTESTED is FUTEX_WAITERS); the others by the owner word, sleeping with the
     * contested bit set. EBUSY for a held mutex tried, EDEADLK for the owner's own.
     */
    private static long mutexLock(KernelOps ops, long m, Deadline d, boolean tryOnly) {
        int flags = load(ops, m + 4);
        boolean priv = (flags & USYNC_PROCESS_SHARED) == 0;
        int tid = (int) ops.call(GETTID);
        if ((flags & UMUTEX_PRIO_INHERIT) != 0) {
            int p = priv ? FUTEX_PRIVATE : 0;
            if ((load(ops, m) & ~UMUTEX_CONTESTED) == tid) return Errno.EDEADLK.negative();
            if (tryOnly) {
                long r = ops.call(FUTEX, m, FUTEX_TRYLOCK_PI | p, 0, 0, 0, 0);
                return r == Errno.EAGAIN.negative() ? Errno.EBUSY.negative() : r;
            }
            long ts = 0;
            int cmd = FUTEX_LOCK_PI2;
            if (d != null) {
                ts = ops.call(USER_SCRATCH, 16);
                if (ts < 0) return ts;
                long sec = d.sec, nsec = d.nsec;
                int clock = d.absolute ? d.clock : 1;
                if (!d.absolute) {
                    ops.call(CLOCK_GETTIME, 1, ts);
                    nsec += GuestMemory.load64(ops, ts + 8);
                    sec += GuestMemory.load64(ops, ts) + nsec / 1_000_000_000L;
                    nsec %= 1_000_000_000L;
                }
                GuestMemory.store(ops, ts, sec, 8);
                GuestMemory.store(ops, ts + 8, nsec, 8);
                if (clock == 0 || clock == 5) cmd |= FUTEX_CLOCK_REALTIME;
            }
            return interrupted(ops.call(FUTEX, m, cmd | p, 0, ts, 0, 0));
        }
        boolean protect = (flags & UMUTEX_PRIO_PROTECT) != 0;
        while (true) {
            int o = load(ops, m);
            if (o == 0 || o == UMUTEX_CONTESTED) {
                int nv = o == 0 && !protect ? tid : tid | UMUTEX_CONTESTED;
                long old = cas(ops, m, o, nv);
                if (old < 0 && old > -4096) return old;
                if ((int) old == o) return 0;
                continue;
            }
            if ((o & ~UMUTEX_CONTESTED) == tid) return Errno.EDEADLK.negative();
            if (o == UMUTEX_RB_OWNERDEAD) {
                if ((int) cas(ops, m, o, tid | UMUTEX_CONTESTED) == o) return Errno.EOWNERDEAD.negative();
                continue;
            }
            if (o == UMUTEX_RB_NOTRECOV) return Errno.ENOTRECOVERABLE.negative();
            if (tryOnly) return Errno.EBUSY.negative();
            if ((o & UMUTEX_CONTESTED) == 0) {
                long old = cas(ops, m, o, o | UMUTEX_CONTESTED);
                if (old < 0 && old > -4096) return old;
                if ((int) old != o) continue;
            }
            long r = futexWait(ops, m, o | UMUTEX_CONTESTED, priv, d);
            if (r == Errno.ETIMEDOUT.negative()) return r;
            if (r < 0 && r != Errno.EAGAIN.negative()) return interrupted(r);
        }
    }

    /** MUTEX_UNLOCK: EPERM unless the caller owns it; a PI mutex through the kernel, the others by the word and a wake. */
    private static long mutexUnlock(KernelOps ops, long m) {
        int flags = load(ops, m + 4);
        boolean priv = (flags & USYNC_PROCESS_SHARED) == 0;
        int tid = (int) ops.call(GETTID);
        if ((flags & UMUTEX_PRIO_INHERIT) != 0) return ops.call(FUTEX, m, FUTEX_UNLOCK_PI | (priv ? FUTEX_PRIVATE : 0), 0, 0, 0, 0);
        int free = (flags & UMUTEX_PRIO_PROTECT) != 0 ? UMUTEX_CONTESTED
                : (flags & UMUTEX_NONCONSISTENT) != 0 ? UMUTEX_RB_NOTRECOV : 0;
        while (true) {
            int o = load(ops, m);
            if ((o & ~UMUTEX_CONTESTED) != tid) return Errno.EPERM.negative();
            long old = cas(ops, m, o, free);
            if (old < 0 && old > -4096) return old;
            if ((int) old != o) continue;
            if ((o & UMUTEX_CONTESTED) != 0) wake2(ops, m, !priv);
            return 0;
        }
    }

    /**
     * MUTEX_WAIT (libthr's slow path of a normal mutex): returns at once when the mutex is free,
     * else marks it contested and sleeps once; libthr then tries the word again.
     */
    private static long mutexWait(KernelOps ops, long m) {
        boolean priv = !shared(ops, m + 4);
        while (true) {
            int o = load(ops, m);
            if ((o & ~UMUTEX_CONTESTED) == 0) return 0;
            if ((o & UMUTEX_CONTESTED) == 0) {
                long old = cas(ops, m, o, o | UMUTEX_CONTESTED);
                if (old < 0 && old > -4096) return old;
                if ((int) old != o) continue;
            }
            long r = futexWait(ops, m, o | UMUTEX_CONTESTED, priv, null);
            return r == Errno.EAGAIN.negative() ? 0 : interrupted(r);
        }
    }

    /**
     * MUTEX_WAKE2 after an unlock that found the mutex contested: the contested bit set first (so
     * that whoever takes the mutex next wakes the waiters that remain), one waiter woken, and the
     * bit taken back when none was there and the mutex is still free.
     */
    private static void wake2(KernelOps ops, long m, boolean shared) {
        while (true) {
            int o = load(ops, m);
            if ((o & UMUTEX_CONTESTED) != 0) break;
            long old = cas(ops, m, o, o | UMUTEX_CONTESTED);
            if (old < 0 && old > -4096) return;
            if ((int) old == o) break;
        }
        if (wake(ops, m, !shared, 1) == 0) cas(ops, m, UMUTEX_CONTESTED, 0);
    }

    // ---- condition variables --------------------------------------------------------------------

    /**
     * CV_WAIT(cv, flags, mutex, timeout): c_has_waiters made nonzero, the mutex unlocked (as
     * MUTEX_UNLOCK), then a sleep while c_has_waiters keeps the value seen; the mutex is not
     * taken again (libthr does). The timeout is a struct timespec, absolute with CVWAIT_ABSTIME,
     * on c_clockid with CVWAIT_CLOCKID (else CLOCK_REALTIME).
     */
    private static long cvWait(KernelOps ops, long cv, int flags, long mutex, long timeout) {
        boolean priv = !shared(ops, cv + 4);
        Deadline d = null;
        if (timeout != 0) {
            long sec = GuestMemory.load64(ops, timeout), nsec = GuestMemory.load64(ops, timeout + 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return Errno.EINVAL.negative();
            int clock = FreeBsdRuntime.kernelClock((flags & CVWAIT_CLOCKID) != 0 ? load(ops, cv + 8) : 0);
            if (clock < 0) return Errno.EINVAL.negative();
            d = new Deadline(sec, nsec, (flags & CVWAIT_ABSTIME) != 0, clock);
        }
        int g;
        while (true) {
            g = load(ops, cv);
            if (g != 0) break;
            long old = cas(ops, cv, 0, 1);
            if (old < 0 && old > -4096) return old;
            if ((int) old == 0) {
                g = 1;
                break;
            }
        }
        long r = mutexUnlock(ops, mutex);
        if (r < 0) return r;
        r = futexWait(ops, cv, g, priv, d);
        if (r == Errno.EAGAIN.negative()) return 0;
        return interrupted(r);
    }

    /**
     * CV_SIGNAL and CV_BROADCAST: a signal changes c_has_waiters (keeping it nonzero: others may
     * still sleep) and wakes one; a broadcast clears it and wakes all.
     */
    private static long cvWake(KernelOps ops, long cv, boolean all) {
        boolean priv = !shared(ops, cv + 4);
        while (true) {
            int g = load(ops, cv);
            if (g == 0) return 0;
            int next = all ? 0 : g + 2 == 0 ? 1 : g + 2;
            long old = cas(ops, cv, g, next);
            if (old < 0 && old > -4096) return old;
            if ((int) old == g) break;
        }
        wake(ops, cv, priv, all ? Integer.MAX_VALUE : 1);
        return 0;
    }

    // ---- reader-writer locks --------------------------------------------------------------------

    /**
     * RW_RDLOCK and RW_WRLOCK: take the lock as libthr's fast path would, else set the waiters
     * bit and sleep on rw_state; readers give way to waiting writers unless the lock (or the
     * call) prefers readers. EAGAIN when the readers would overflow.
     */
    private static long rwLock(KernelOps ops, long rw, int fflag, boolean write, Deadline d) {
        int flags = load(ops, rw + 4);
        boolean priv = (flags & USYNC_PROCESS_SHARED) == 0;
        int blocking = write ? URWLOCK_WRITE_OWNER | URWLOCK_MAX_READERS
                : ((flags | fflag) & URWLOCK_PREFER_READER) != 0 ? URWLOCK_WRITE_OWNER
                : URWLOCK_WRITE_OWNER | URWLOCK_WRITE_WAITERS;
        int waiters = write ? URWLOCK_WRITE_WAITERS : URWLOCK_READ_WAITERS;
        while (true) {
            int s = load(ops, rw);
            if ((s & blocking) == 0) {
                if (!write && (s & URWLOCK_MAX_READERS) == URWLOCK_MAX_READERS) return Errno.EAGAIN.negative();
                long old = cas(ops, rw, s, write ? s | URWLOCK_WRITE_OWNER : s + 1);
                if (old < 0 && old > -4096) return old;
                if ((int) old == s) return 0;
                continue;
            }
            if ((s & waiters) == 0) {
                long old = cas(ops, rw, s, s | waiters);
                if (old < 0 && old > -4096) return old;
                if ((int) old != s) continue;
            }
            long r = futexWait(ops, rw, s | waiters, priv, d);
            if (r == Errno.ETIMEDOUT.negative()) return r;
            if (r < 0 && r != Errno.EAGAIN.negative()) return interrupted(r);
        }
    }

    /** RW_UNLOCK: the writer's bit or one reader released; when that frees the lock, its waiters bits go and all waiters wake. */
    private static long rwUnlock(KernelOps ops, long rw) {
        boolean priv = !shared(ops, rw + 4);
        while (true) {
            int s = load(ops, rw);
            int ns;
            if ((s & URWLOCK_WRITE_OWNER) != 0) ns = s & ~URWLOCK_WRITE_OWNER;
            else if ((s & URWLOCK_MAX_READERS) == 0) return Errno.EPERM.negative();
            else ns = s - 1;
            boolean free = (ns & (URWLOCK_WRITE_OWNER | URWLOCK_MAX_READERS)) == 0;
            int bits = ns & (URWLOCK_WRITE_WAITERS | URWLOCK_READ_WAITERS);
            if (free) ns &= ~(URWLOCK_WRITE_WAITERS | URWLOCK_READ_WAITERS);
            long old = cas(ops, rw, s, ns);
            if (old < 0 && old > -4096) return old;
            if ((int) old != s) continue;
            if (free && bits != 0) wake(ops, rw, priv, Integer.MAX_VALUE);
            return 0;
        }
    }

    // ---- semaphores -----------------------------------------------------------------------------

    /** SEM2_WAIT: 0 at once when the count is not zero (libc takes it), else USEM_HAS_WAITERS set and one sleep. */
    private static long semWait(KernelOps ops, long sem, Deadline d) {
        boolean priv = !shared(ops, sem + 4);
        while (true) {
            int c = load(ops, sem);
            if ((c & USEM_MAX_COUNT) != 0) return 0;
            if ((c & USEM_HAS_WAITERS) == 0) {
                long old = cas(ops, sem, c, c | USEM_HAS_WAITERS);
                if (old < 0 && old > -4096) return old;
                if ((int) old != c) continue;
            }
            long r = futexWait(ops, sem, c | USEM_HAS_WAITERS, priv, d);
            return r == Errno.EAGAIN.negative() ? 0 : interrupted(r);
        }
    }

    /**
     * SEM2_WAKE (after a post that saw USEM_HAS_WAITERS): one waiter woken; when none was asleep
     * and the count is not zero (so none can be falling asleep on it), the bit goes.
     */
    private static long semWake(KernelOps ops, long sem) {
        boolean priv = !shared(ops, sem + 4);
        if (wake(ops, sem, priv, 1) != 0) return 0;
        while (true) {
            int c = load(ops, sem);
            if ((c & USEM_HAS_WAITERS) == 0 || (c & USEM_MAX_COUNT) == 0) return 0;
            long old = cas(ops, sem, c, c & ~USEM_HAS_WAITERS);
            if (old < 0 && old > -4096) return old;
            if ((int) old == c) return 0;
        }
    }
}
