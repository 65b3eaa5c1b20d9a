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
     * A futex's name: in shared memory the object and offset in it, so that processes mapping
     * it meet whatever their addresses; elsewhere the address space and address.
     */
    static Futexes.Key key(AddressSpace space, long uaddr) {
        if (space.grantAt(uaddr) instanceof io.helctic.kernel.memory.Grant g
                && g.provider() instanceof io.helctic.kernel.memory.Grant.Provider.Shared s) {
            return new Futexes.Key(s.pages(), s.index(uaddr) * AddressSpace.PAGE + (uaddr & (AddressSpace.PAGE - 1)));
        }
        return new Futexes.Key(space, uaddr);
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
        return switch (cmd) {
            case FUTEX_WAIT -> wait(ctx, space, uaddr, val, timeout, false, false, FUTEX_BITSET_MATCH_ANY);
            case FUTEX_WAIT_BITSET -> val3 == 0 ? Errno.EINVAL.negative()
                    : wait(ctx, space, uaddr, val, timeout, true, realtime, val3);
            case FUTEX_WAKE -> val < 0 ? Errno.EINVAL.negative() : futexes.wake(key(space, uaddr), val, FUTEX_BITSET_MATCH_ANY);
            case FUTEX_WAKE_BITSET -> val3 == 0 ? Errno.EINVAL.negative()
                    : val < 0 ? Errno.EINVAL.negative() : futexes.wake(key(space, uaddr), val, val3);
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                int nRequeue = (int) timeout; // val2 travels in the timeout register
                if (val < 0 || nRequeue < 0) yield Errno.EINVAL.negative();
                if ((uaddr2 & 3) != 0) yield Errno.EINVAL.negative();
                LongSupplier check = cmd == FUTEX_CMP_REQUEUE ? () -> load(space, uaddr) : null;
                yield futexes.requeue(key(space, uaddr), key(space, uaddr2), val, nRequeue, check, val3);
            }
            case FUTEX_WAKE_OP -> wakeOp(space, uaddr, uaddr2, val, (int) timeout, val3);
            case FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI -> lockPi(ctx, space, uaddr, cmd, timeout, realtime);
            case FUTEX_UNLOCK_PI -> futexes.unlockPi(key(space, uaddr), word(space, uaddr), ctx.tid());
            default -> Errno.ENOSYS.negative(); // FD, FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI
        };
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
    private long lockPi(Context ctx, AddressSpace space, long uaddr, int cmd, long timeout, boolean realtime) {
        long deadline = Futexes.FOREVER;
        if (cmd != FUTEX_TRYLOCK_PI && timeout != 0) {
            deadline = deadline(timeout, true, cmd == FUTEX_LOCK_PI || realtime);
            if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
            if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        }
        Process p = ctx.process();
        long r = futexes.lockPi(key(space, uaddr), word(space, uaddr), ctx.tid(), cmd == FUTEX_TRYLOCK_PI, deadline,
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

    private long wait(Context ctx, AddressSpace space, long uaddr, int val, long timeout, boolean absolute,
                      boolean realtime, int bitset) {
        long deadline = Futexes.FOREVER;
        if (timeout != 0) {
            deadline = deadline(timeout, absolute, realtime);
            if (deadline == BAD_ADDRESS) return Errno.EFAULT.negative();
            if (deadline == BAD_TIMESPEC) return Errno.EINVAL.negative();
        }
        return waitUntil(ctx, space, uaddr, val, bitset, deadline);
    }

    /**
     * A wait a signal interrupts ends with ERESTARTSYS when it has no timeout; with one, with
     * ERESTART_RESTARTBLOCK and a restart block that waits on to the same deadline (Linux's
     * futex_wait_restart).
     */
    private long waitUntil(Context ctx, AddressSpace space, long uaddr, int val, int bitset, long deadline) {
        long r = futexes.await(key(space, uaddr), () -> load(space, uaddr), val, bitset, deadline, () -> signalled(ctx));
        if (r != Errno.EINTR.negative()) return r;
        if (deadline == Futexes.FOREVER) return KernelCode.ERESTARTSYS.negative();
        ctx.setRestartBlock(() -> waitUntil(ctx, space, uaddr, val, bitset, deadline));
        return KernelCode.ERESTART_RESTARTBLOCK.negative();
    }

    // ---- FUTEX_WAKE_OP ---------------------------------------------------------------------

    private long wakeOp(AddressSpace space, long uaddr, long uaddr2, int n1, int n2, int encoded) {
        if ((uaddr2 & 3) != 0) return Errno.EINVAL.negative();
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
        return futexes.wakeOp(key(space, uaddr), key(space, uaddr2), n1, n2, () -> {
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
