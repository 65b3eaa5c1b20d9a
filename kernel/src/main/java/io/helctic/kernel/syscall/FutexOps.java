package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Futex.*;
import static io.helctic.abi.uapi.Time.CLOCK_MONOTONIC;
import static io.helctic.abi.uapi.Time.CLOCK_REALTIME;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.memory.FrameAtomics;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * futex(2) on Linux's numbering: FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP, FUTEX_WAIT_BITSET and
 * FUTEX_WAKE_BITSET, with FUTEX_PRIVATE_FLAG (accepted; see {@link Futexes} on keys) and
 * FUTEX_CLOCK_REALTIME (FUTEX_WAIT_BITSET and FUTEX_LOCK_PI2, as Linux); and the priority-inheritance
 * locks FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI and FUTEX_UNLOCK_PI on the PI word protocol (owner tid,
 * FUTEX_WAITERS, FUTEX_OWNER_DIED; see {@link Futexes#lockPi}). Every guest thread has the
 * same priority, so there is no priority to inherit: the lock hands the word to waiters in
 * arrival order. FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI and the long-gone FUTEX_FD answer ENOSYS.
 *
 * <p>Preconditions: the word is 4-aligned (EINVAL), readable (EFAULT); a timeout is a valid
 * struct timespec (EINVAL). User words are read and updated with host atomics on the frame,
 * so they agree with the guest's LOCK-prefixed instructions on other CPUs.
 */
final class FutexOps {

    private final Futexes futexes;
    /** Nanoseconds on a Linux clock (the same clocks clock_gettime reads). */
    private final IntToLongFunction clock;

    FutexOps(Futexes futexes, IntToLongFunction clock) {
        this.futexes = futexes;
        this.clock = clock;
    }

    /**
     * A futex's name, as Linux's get_futex_key: for a private operation (FUTEX_PRIVATE_FLAG,
     * FUTEX2_PRIVATE) the address space and address, whatever the memory; for the others, in
     * shared memory the object and offset in it, so that processes mapping it meet whatever their
     * addresses, elsewhere the address space and address marked shared (they never meet a private
     * operation on the same word). A non-private key needs the page: null when it cannot be read (EFAULT).
     */
    static Futexes.Key key(AddressSpace space, long uaddr, boolean priv) {
        if (priv) return new Futexes.Key(space, uaddr);
        if (space.frameAt(uaddr, false) == null) return null;
        if (space.grantAt(uaddr) instanceof io.helctic.kernel.memory.Grant g
                && g.provider() instanceof io.helctic.kernel.memory.Grant.Provider.Shared s) {
            return new Futexes.Key(s.pages(), s.index(uaddr) * AddressSpace.PAGE + (uaddr & (AddressSpace.PAGE - 1)));
        }
        return new Futexes.Key(space, uaddr, true);
    }

    /** The 32-bit word at uaddr, zero-extended, or -1 when it cannot be read. */
    static long load(AddressSpace space, long uaddr) {
        byte[] f = space.frameAt(uaddr, false);
        return f == null ? -1 : FrameAtomics.getIntVolatile(f, (int) (uaddr & (AddressSpace.PAGE - 1))) & 0xffff_ffffL;
    }

    /** Whether an interrupt of the calling thread means EINTR: a signal it can take now, or its end. */
    static boolean signalled(Context ctx) {
        return ctx.finished() || (ctx.pending() & ~ctx.blocked()) != 0;
    }

    long futex(long uaddr, long opArg, long valArg, long timeout, long uaddr2, long val3Arg) {
        int op = (int) opArg, val = (int) valArg, val3 = (int) val3Arg;
        int cmd = op & FUTEX_CMD_MASK;
        boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2) return Errno.ENOSYS.negative();
        if ((uaddr & 3) != 0) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        AddressSpace space = ctx.space();
        boolean priv = (op & FUTEX_PRIVATE_FLAG) != 0;
        Futexes.Key k = null;
        if (cmd == FUTEX_WAKE || cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP
                || cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_TRYLOCK_PI || cmd == FUTEX_UNLOCK_PI
                || cmd == FUTEX_WAKE_BITSET && val3 != 0) {
            k = key(space, uaddr, priv);
            if (k == null) return Errno.EFAULT.negative();
        }
        return switch (cmd) {
            case FUTEX_WAIT -> wait(ctx, space, uaddr, priv, val, timeout, false, false, FUTEX_BITSET_MATCH_ANY);
            case FUTEX_WAIT_BITSET -> val3 == 0 ? Errno.EINVAL.negative()
                    : wait(ctx, space, uaddr, priv, val, timeout, true, realtime, val3);
            // Linux's futex_wake wakes one before it counts: a count of 0 or less wakes one
            case FUTEX_WAKE -> futexes.wake(k, Math.max(val, 1), FUTEX_BITSET_MATCH_ANY);
            case FUTEX_WAKE_BITSET -> val3 == 0 ? Errno.EINVAL.negative() : futexes.wake(k, Math.max(val, 1), val3);
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                int nRequeue = (int) timeout; // val2 travels in the timeout register
                if (val < 0 || nRequeue < 0) yield Errno.EINVAL.negative();
                if ((uaddr2 & 3) != 0) yield Errno.EINVAL.negative();
                Futexes.Key k2 = key(space, uaddr2, priv);
                if (k2 == null) yield Errno.EFAULT.negative();
                LongSupplier check = cmd == FUTEX_CMP_REQUEUE ? () -> load(space, uaddr) : null;
                yield futexes.requeue(k, k2, val, nRequeue, check, val3);
            }
            case FUTEX_WAKE_OP -> wakeOp(space, k, uaddr2, priv, val, (int) timeout, val3);
            case FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI -> lockPi(ctx, space, k, uaddr, cmd, timeout, realtime);
            case FUTEX_UNLOCK_PI -> futexes.unlockPi(k, word(space, uaddr), ctx.tid());
            default -> Errno.ENOSYS.negative(); // FD, FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI
        };
    }

    /**
     * USER_COMPARE_EXCHANGE: the word at uaddr replaced by desired if it holds expected, atomically
     * against the guest's own locked instructions and the other futex ops (the same frame
     * atomics); a copy-on-write page is first made the process's own. The old value, zero-extended.
     */
    long compareExchange(long uaddr, long expected, long desired) {
        if ((uaddr & 3) != 0) return Errno.EINVAL.negative();
        byte[] f = Context.current().space().frameAt(uaddr, true);
        if (f == null) return Errno.EFAULT.negative();
        int off = (int) (uaddr & (AddressSpace.PAGE - 1));
        while (true) {
            int old = FrameAtomics.getIntVolatile(f, off);
            if (old != (int) expected) return old & 0xffff_ffffL;
            if (FrameAtomics.compareAndSetInt(f, off, old, (int) desired)) return old & 0xffff_ffffL;
        }
    }

    // ---- THREAD_PARK and THREAD_UNPARK ----------------------------------------------------------

    /** The futex key a parked thread sleeps on: its context, at an address no guest word has. */
    private static Futexes.Key parkKey(Context c) {
        return new Futexes.Key(c, -1);
    }

    /**
     * THREAD_PARK: a token already left ends the call (-EALREADY) and is used up; else the thread
     * sleeps while its state has neither token nor interrupt, and takes what ended it.
     */
    long park(long clockArg, long flags, long timeout) {
        Context ctx = Context.current();
        int clockId = (int) clockArg;
        if (clockId != CLOCK_REALTIME && clockId != CLOCK_MONOTONIC) return Errno.EINVAL.negative();
        long deadline = Futexes.FOREVER;
        if (timeout != 0) {
            deadline = deadline(timeout, (flags & 1) != 0, clockId == CLOCK_REALTIME);
            if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
            if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        }
        java.util.concurrent.atomic.AtomicInteger state = ctx.park();
        if ((state.getAndUpdate(s -> s & ~Context.PARK_TOKEN) & Context.PARK_TOKEN) != 0) return Errno.EALREADY.negative();
        state.getAndUpdate(s -> (s & ~Context.PARK_INTERRUPT) | Context.PARKED);
        long r = futexes.await(parkKey(ctx), () -> state.get() & (Context.PARK_TOKEN | Context.PARK_INTERRUPT), 0,
                FUTEX_BITSET_MATCH_ANY, deadline, () -> signalled(ctx));
        int was = state.getAndUpdate(s -> s & ~(Context.PARK_TOKEN | Context.PARK_INTERRUPT | Context.PARKED));
        if ((was & Context.PARK_TOKEN) != 0) return 0;
        if ((was & Context.PARK_INTERRUPT) != 0) return Errno.EINTR.negative();
        return r == 0 || r == Errno.EAGAIN.negative() ? 0 : r;
    }

    /** THREAD_UNPARK: the token (or, interrupting, the interrupt of a parked thread) and a wake of its park. */
    long unpark(long tidArg, long interrupt) {
        Context ctx = Context.current();
        Context target = null;
        for (Context c : ctx.process().threads()) {
            if (c.tid() == (int) tidArg) target = c;
        }
        if (target == null || target.finished()) return Errno.ESRCH.negative();
        java.util.concurrent.atomic.AtomicInteger state = target.park();
        if (interrupt != 0) {
            if ((state.getAndUpdate(s -> (s & Context.PARKED) != 0 ? s | Context.PARK_INTERRUPT : s) & Context.PARKED) == 0) {
                return Errno.EBUSY.negative();
            }
        } else {
            state.getAndUpdate(s -> s | Context.PARK_TOKEN);
        }
        futexes.wake(parkKey(target), 1, FUTEX_BITSET_MATCH_ANY);
        return 0;
    }

    // ---- futex2: futex_wait, futex_wake, futex_waitv, futex_requeue ------------------------

    /** Linux's FUTEX2_VALID_MASK. */
    private static final int FUTEX2_VALID = FUTEX2_SIZE_MASK | FUTEX2_NUMA | FUTEX2_MPOL | FUTEX2_PRIVATE;

    /** Whether futex2 flags are ones Linux accepts (futex_flags_valid): known bits, and 32-bit words, the only size implemented. */
    private static boolean flags2Valid(int flags) {
        return (flags & ~FUTEX2_VALID) == 0 && (flags & FUTEX2_SIZE_MASK) == FUTEX2_SIZE_U32;
    }

    /**
     * A futex2 word's key (Linux's get_futex_key with futex2 flags): naturally aligned (a
     * FUTEX2_NUMA futex is the word and a node word after it, 8-aligned), else EINVAL; the node
     * word must be FUTEX_NO_NODE, which becomes 0, this machine's one node, or 0 (else EINVAL);
     * EFAULT when the node word or, for a non-private futex, the page cannot be reached.
     */
    private static Object key2(AddressSpace space, long uaddr, int flags) {
        boolean numa = (flags & FUTEX2_NUMA) != 0;
        if ((uaddr & (numa ? 7 : 3)) != 0) return Errno.EINVAL.negative();
        if (numa) {
            long node = load(space, uaddr + 4);
            if (node < 0) return Errno.EFAULT.negative();
            if ((int) node == FUTEX_NO_NODE) {
                byte[] f = space.frameAt(uaddr + 4, true);
                if (f == null) return Errno.EFAULT.negative();
                FrameAtomics.compareAndSetInt(f, (int) ((uaddr + 4) & (AddressSpace.PAGE - 1)), FUTEX_NO_NODE, 0);
            } else if (node != 0) {
                return Errno.EINVAL.negative();
            }
        }
        Futexes.Key k = key(space, uaddr, (flags & FUTEX2_PRIVATE) != 0);
        return k != null ? k : Errno.EFAULT.negative();
    }

    /**
     * The deadline of a futex2 timeout: absolute on {@code clockid}, CLOCK_MONOTONIC or
     * CLOCK_REALTIME (else EINVAL, before the timespec is read); FOREVER without one.
     */
    private long deadline2(long timeout, int clockid) {
        if (timeout == 0) return Futexes.FOREVER;
        if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME) return BAD_TIMESPEC;
        return deadline(timeout, true, clockid == CLOCK_REALTIME);
    }

    /** futex_wake(uaddr, mask, nr, flags): wakes up to nr waiters whose bitset meets mask (none for nr 0, one for nr < 0, as Linux). */
    long futexWake(long uaddr, long mask, long nrArg, long flagsArg) {
        int flags = (int) flagsArg, nr = (int) nrArg;
        if (!flags2Valid(flags) || (mask >>> 32) != 0 || mask == 0) return Errno.EINVAL.negative();
        Object k = key2(Context.current().space(), uaddr, flags);
        if (!(k instanceof Futexes.Key key)) return (Long) k;
        if (nr == 0) return 0;
        return futexes.wake(key, Math.max(nr, 1), (int) mask);
    }

    /**
     * futex_wait(uaddr, val, mask, flags, timeout, clockid): sleeps while the word holds val until
     * a wake whose bitset meets mask, the absolute timeout on clockid, or a signal (ERESTARTSYS: the
     * restarted call waits to the same absolute time).
     */
    long futexWait(long uaddr, long val, long mask, long flagsArg, long timeout, long clockid) {
        int flags = (int) flagsArg;
        if (!flags2Valid(flags) || (val >>> 32) != 0 || (mask >>> 32) != 0) return Errno.EINVAL.negative();
        long deadline = deadline2(timeout, (int) clockid);
        if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
        if (deadline == BAD_TIMESPEC || mask == 0) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        AddressSpace space = ctx.space();
        Object k = key2(space, uaddr, flags);
        if (!(k instanceof Futexes.Key key)) return (Long) k;
        long r = futexes.await(key, () -> load(space, uaddr), (int) val, (int) mask, deadline, () -> signalled(ctx));
        return r == Errno.EINTR.negative() ? KernelCode.ERESTARTSYS.negative() : r;
    }

    /** The parsed entries of a struct futex_waitv array: addresses, values, keys' flags; or an errno. */
    private record Waitv(long[] uaddr, int[] val, int[] flags) {}

    /** Reads n struct futex_waitv (EFAULT), each with valid futex2 flags, a zero reserved word and a 32-bit value (EINVAL). */
    private static Object parseWaitv(long va, int n) {
        byte[] b = UserAccess.get(va, n * FUTEX_WAITV_SIZE);
        if (b == null) return Errno.EFAULT.negative();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Waitv w = new Waitv(new long[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++) {
            long val = bb.getLong(i * FUTEX_WAITV_SIZE), uaddr = bb.getLong(i * FUTEX_WAITV_SIZE + 8);
            int flags = bb.getInt(i * FUTEX_WAITV_SIZE + 16), reserved = bb.getInt(i * FUTEX_WAITV_SIZE + 20);
            if (reserved != 0 || !flags2Valid(flags) || (val >>> 32) != 0) return Errno.EINVAL.negative();
            w.uaddr[i] = uaddr;
            w.val[i] = (int) val;
            w.flags[i] = flags;
        }
        return w;
    }

    /**
     * futex_waitv(waiters, nr, flags, timeout, clockid): waits on up to 128 futexes at once;
     * returns the index of one woken (the highest when several were), EAGAIN when a word differed.
     */
    long futexWaitv(long waiters, long nrArg, long flagsArg, long timeout, long clockid) {
        int nr = (int) nrArg;
        if ((int) flagsArg != 0) return Errno.EINVAL.negative();
        if (nr == 0 || Integer.compareUnsigned(nr, FUTEX_WAITV_MAX) > 0 || waiters == 0) return Errno.EINVAL.negative();
        long deadline = deadline2(timeout, (int) clockid);
        if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
        if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        Object parsed = parseWaitv(waiters, nr);
        if (!(parsed instanceof Waitv w)) return (Long) parsed;
        Context ctx = Context.current();
        AddressSpace space = ctx.space();
        Futexes.Key[] keys = new Futexes.Key[nr];
        LongSupplier[] loads = new LongSupplier[nr];
        for (int i = 0; i < nr; i++) {
            Object k = key2(space, w.uaddr[i], w.flags[i]);
            if (!(k instanceof Futexes.Key key)) return (Long) k;
            keys[i] = key;
            long ua = w.uaddr[i];
            loads[i] = () -> load(space, ua);
        }
        long r = futexes.awaitAny(keys, loads, w.val, deadline, () -> signalled(ctx));
        return r == Errno.EINTR.negative() ? KernelCode.ERESTARTSYS.negative() : r;
    }

    /**
     * futex_requeue(waiters, flags, nr_wake, nr_requeue): waiters[0] is the futex whose word must
     * still hold its val (EAGAIN), waiters[1] the one to move up to nr_requeue waiters to after
     * waking nr_wake; both with the same flags (EINVAL). Returns woken + requeued.
     */
    long futexRequeue(long waiters, long flagsArg, long nrWakeArg, long nrRequeueArg) {
        if ((int) flagsArg != 0 || waiters == 0) return Errno.EINVAL.negative();
        Object parsed = parseWaitv(waiters, 2);
        if (!(parsed instanceof Waitv w)) return (Long) parsed;
        if (w.flags[0] != w.flags[1]) return Errno.EINVAL.negative();
        int nrWake = (int) nrWakeArg, nrRequeue = (int) nrRequeueArg;
        if (nrWake < 0 || nrRequeue < 0) return Errno.EINVAL.negative();
        AddressSpace space = Context.current().space();
        Object k1 = key2(space, w.uaddr[0], w.flags[0]);
        if (!(k1 instanceof Futexes.Key from)) return (Long) k1;
        Object k2 = key2(space, w.uaddr[1], w.flags[1]);
        if (!(k2 instanceof Futexes.Key to)) return (Long) k2;
        long ua = w.uaddr[0];
        return futexes.requeue(from, to, nrWake, nrRequeue, () -> load(space, ua), w.val[0]);
    }

    /** A user word for the PI operations: read and compare-and-set on its (writable) frame. */
    static Futexes.Word word(AddressSpace space, long uaddr) {
        int off = (int) (uaddr & (AddressSpace.PAGE - 1));
        return new Futexes.Word() {
            @Override public long load() {
                byte[] f = space.frameAt(uaddr, true);
                return f == null ? -1 : FrameAtomics.getIntVolatile(f, off) & 0xffff_ffffL;
            }

            @Override public boolean compareAndSet(int expected, int value) {
                byte[] f = space.frameAt(uaddr, true);
                return f != null && FrameAtomics.compareAndSetInt(f, off, expected, value);
            }
        };
    }

    /**
     * FUTEX_LOCK_PI (an absolute CLOCK_REALTIME timeout), FUTEX_LOCK_PI2 (absolute, CLOCK_MONOTONIC unless
     * FUTEX_CLOCK_REALTIME) and FUTEX_TRYLOCK_PI (no timeout, EAGAIN when held). Linux restarts an
     * interrupted FUTEX_LOCK_PI after the signal's handler whatever SA_RESTART says: ERESTARTNOINTR.
     */
    private long lockPi(Context ctx, AddressSpace space, Futexes.Key key, long uaddr, int cmd, long timeout, boolean realtime) {
        long deadline = Futexes.FOREVER;
        if (cmd != FUTEX_TRYLOCK_PI && timeout != 0) {
            deadline = deadline(timeout, true, cmd == FUTEX_LOCK_PI || realtime);
            if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
            if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        }
        Process p = ctx.process();
        long r = futexes.lockPi(key, word(space, uaddr), ctx.tid(), cmd == FUTEX_TRYLOCK_PI, deadline,
                tid -> {
                    for (Context t : p.threads()) {
                        if (t.tid() == tid) return t.finished() ? Futexes.Owner.EXITING : Futexes.Owner.ALIVE;
                    }
                    return Futexes.Owner.GONE;
                }, () -> signalled(ctx));
        return r == Errno.EINTR.negative() ? KernelCode.ERESTARTNOINTR.negative() : r;
    }

    private static final long BAD_ADDRESS = Long.MIN_VALUE, BAD_TIMESPEC = Long.MIN_VALUE + 1;

    /**
     * The {@link System#nanoTime} deadline of a struct timespec timeout (absolute on CLOCK_REALTIME
     * or CLOCK_MONOTONIC, or relative), {@link Futexes#FOREVER} for one too far to matter,
     * {@link #BAD_ADDRESS} or {@link #BAD_TIMESPEC}.
     */
    private long deadline(long timeout, boolean absolute, boolean realtime) {
        long[] ts = UserAccess.getLongs(timeout, 2);
        if (ts == null) return BAD_ADDRESS;
        if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return BAD_TIMESPEC;
        long ns = ts[0] > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : ts[0] * 1_000_000_000L + ts[1];
        long rel = absolute ? ns - clock.applyAsLong(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC) : ns;
        long now = System.nanoTime();
        return rel > Long.MAX_VALUE / 4 ? Futexes.FOREVER : now + Math.max(rel, 0);
    }

    private long wait(Context ctx, AddressSpace space, long uaddr, boolean priv, int val, long timeout, boolean absolute,
                      boolean realtime, int bitset) {
        long deadline = Futexes.FOREVER;
        if (timeout != 0) {
            deadline = deadline(timeout, absolute, realtime);
            if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
            if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        }
        Futexes.Key k = key(space, uaddr, priv);
        if (k == null) return Errno.EFAULT.negative();
        return waitUntil(ctx, space, k, uaddr, val, bitset, deadline);
    }

    /**
     * A wait a signal interrupts ends with ERESTARTSYS when it has no timeout; with one, with
     * ERESTART_RESTARTBLOCK and a restart block that waits on to the same deadline (Linux's
     * futex_wait_restart).
     */
    private long waitUntil(Context ctx, AddressSpace space, Futexes.Key key, long uaddr, int val, int bitset, long deadline) {
        long r = futexes.await(key, () -> load(space, uaddr), val, bitset, deadline, () -> signalled(ctx));
        if (r != Errno.EINTR.negative()) return r;
        if (deadline == Futexes.FOREVER) return KernelCode.ERESTARTSYS.negative();
        ctx.setRestartBlock(() -> waitUntil(ctx, space, key, uaddr, val, bitset, deadline));
        return KernelCode.ERESTART_RESTARTBLOCK.negative();
    }

    // ---- FUTEX_WAKE_OP ---------------------------------------------------------------------

    private long wakeOp(AddressSpace space, Futexes.Key first, long uaddr2, boolean priv, int n1, int n2, int encoded) {
        if ((uaddr2 & 3) != 0) return Errno.EINVAL.negative();
        Futexes.Key second = key(space, uaddr2, priv);
        if (second == null) return Errno.EFAULT.negative();
        if (n1 < 0 || n2 < 0) return Errno.EINVAL.negative();
        int op = (encoded >>> 28) & 0xf, cmp = (encoded >>> 24) & 0xf;
        int oparg = (encoded << 8) >> 20, cmparg = (encoded << 20) >> 20; // 12-bit signed fields
        if ((op & FUTEX_OP_OPARG_SHIFT) != 0) {
            oparg = 1 << (oparg & 31); // Linux warns about shifts outside 0..31 and masks them the same way
            op &= ~FUTEX_OP_OPARG_SHIFT;
        }
        if (op > FUTEX_OP_XOR || cmp > FUTEX_OP_CMP_GE) return Errno.ENOSYS.negative();
        final int fop = op, farg = oparg;
        IntPredicate condition = old -> switch (cmp) {
            case FUTEX_OP_CMP_EQ -> old == cmparg;
            case FUTEX_OP_CMP_NE -> old != cmparg;
            case FUTEX_OP_CMP_LT -> old < cmparg;
            case FUTEX_OP_CMP_LE -> old <= cmparg;
            case FUTEX_OP_CMP_GT -> old > cmparg;
            default -> old >= cmparg;
        };
        return futexes.wakeOp(first, second, n1, n2, () -> {
            byte[] f = space.frameAt(uaddr2, true);
            if (f == null) return -1;
            int off = (int) (uaddr2 & (AddressSpace.PAGE - 1));
            while (true) {
                int old = FrameAtomics.getIntVolatile(f, off);
                int nv = switch (fop) {
                    case FUTEX_OP_SET -> farg;
                    case FUTEX_OP_ADD -> old + farg;
                    case FUTEX_OP_OR -> old | farg;
                    case FUTEX_OP_ANDN -> old & ~farg;
                    default -> old ^ farg;
                };
                if (FrameAtomics.compareAndSetInt(f, off, old, nv)) return old & 0xffff_ffffL;
            }
        }, condition);
    }
}
