package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Futex.*;

import io.helctic.abi.Errno;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The kernel's futex wait queues. A futex is named by a {@link Key}; waiters sleep in one of
 * a fixed set of hash buckets, each guarded by its own monitor. FUTEX_WAIT reads the user
 * word and enqueues itself under the bucket's monitor, and every wake takes the same monitor,
 * so "compare and block" is atomic with respect to wakes: a waker that changed the word before
 * calling wake either finds the waiter queued or the waiter sees the new value.
 *
 * <p>Keys are (address space, virtual address) for private operations (FUTEX_PRIVATE_FLAG,
 * FUTEX2_PRIVATE); for the others (shared object, offset in it) in MAP_SHARED memory, so that
 * processes mapping it at different addresses meet, and (address space, virtual address, marked
 * shared) elsewhere, as Linux's get_futex_key (see FutexOps.key).
 */
public final class Futexes {
    /**
     * A futex's identity: the address space or shared object (compared by identity) and the word's
     * address in it. {@code mmShared} marks a non-private operation on a word in private memory:
     * Linux keys it apart from a FUTEX_PRIVATE_FLAG/FUTEX2_PRIVATE operation on the same word
     * (FUT_OFF_MMSHARED), so the two never meet.
     */
    public record Key(Object space, long address, boolean mmShared) {
        public Key(Object space, long address) {
            this(space, address, false);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.space == space && k.address == address && k.mmShared == mmShared;
        }

        @Override public int hashCode() {
            return System.identityHashCode(space) * 31 + Long.hashCode(address) + (mmShared ? 17 : 0);
        }
    }

    /** Wakes every waiter whatever its bitset. */
    /** No deadline. */
    public static final long FOREVER = Long.MAX_VALUE;

    private static final int BUCKETS = 256;

    private static final class Waiter {
        volatile Key key;
        final int bitset;
        final Thread thread;
        /** A FUTEX_LOCK_PI waiter: only an unlock (handing it the word) wakes it, never FUTEX_WAKE. */
        final boolean pi;
        /** The waiting thread's tid (PI waiters). */
        final int tid;
        volatile boolean woken;

        Waiter(Key key, int bitset, Thread thread) {
            this(key, bitset, thread, false, 0);
        }

        Waiter(Key key, int bitset, Thread thread, boolean pi, int tid) {
            this.key = key;
            this.bitset = bitset;
            this.thread = thread;
            this.pi = pi;
            this.tid = tid;
        }
    }

    private static final class Bucket {
        final List<Waiter> waiters = new ArrayList<>();
    }

    private final Bucket[] buckets = new Bucket[BUCKETS];

    public Futexes() {
        for (int i = 0; i < BUCKETS; i++) buckets[i] = new Bucket();
    }

    private int index(Key k) {
        int h = k.hashCode();
        h ^= h >>> 16;
        return (h * 0x9E3779B9) >>> 24; // 8 bits: BUCKETS = 256
    }

    /**
     * FUTEX_WAIT: if the word ({@code load}: its value zero-extended, or -1 when it cannot be
     * read) still holds {@code expected}, sleeps until woken by a wake whose bitset meets
     * {@code bitset}, until {@code deadline} ({@link System#nanoTime} scale, or {@link #FOREVER}),
     * or until the thread is interrupted and {@code signalled} says it is for a signal (or the
     * end of the thread). Returns 0, -EAGAIN, -EFAULT, -ETIMEDOUT or -EINTR.
     */
    public long await(Key key, LongSupplier load, int expected, int bitset, long deadline, BooleanSupplier signalled) {
        Waiter w = new Waiter(key, bitset, Thread.currentThread());
        Bucket b = buckets[index(key)];
        synchronized (b) {
            long v = load.getAsLong();
            if (v < 0) return Errno.EFAULT.negative();
            if ((int) v != expected) return Errno.EAGAIN.negative();
            b.waiters.add(w);
        }
        while (true) {
            if (w.woken) return 0;
            if (Thread.currentThread().isInterrupted()) {
                if (signalled.getAsBoolean()) return remove(w) ? Errno.EINTR.negative() : 0;
                Thread.interrupted(); // a wake-up for nothing this thread can take now: keep sleeping
            }
            if (deadline == FOREVER) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return remove(w) ? Errno.ETIMEDOUT.negative() : 0;
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /**
     * futex_waitv: queues the calling thread on every key in order while its word ({@code loads[i]})
     * still holds {@code expected[i]}, then sleeps until a wake on any of them, {@code deadline}, or
     * a signal. Returns the highest index among those woken (Linux's futex_unqueue_multiple), or,
     * when nothing was woken: -EAGAIN (a word differed while queueing), -EFAULT, -ETIMEDOUT or -EINTR.
     */
    public long awaitAny(Key[] keys, LongSupplier[] loads, int[] expected, long deadline, BooleanSupplier signalled) {
        Thread me = Thread.currentThread();
        Waiter[] ws = new Waiter[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Waiter w = new Waiter(keys[i], FUTEX_BITSET_MATCH_ANY, me);
            Bucket b = buckets[index(keys[i])];
            long fail = 0;
            synchronized (b) {
                long v = loads[i].getAsLong();
                if (v < 0) fail = Errno.EFAULT.negative();
                else if ((int) v != expected[i]) fail = Errno.EAGAIN.negative();
                else {
                    b.waiters.add(w);
                    ws[i] = w;
                }
            }
            if (fail != 0) {
                int woken = removeAll(ws, i);
                return woken >= 0 ? woken : fail;
            }
        }
        while (true) {
            for (Waiter w : ws) {
                if (w.woken) return removeAll(ws, ws.length);
            }
            if (me.isInterrupted()) {
                if (signalled.getAsBoolean()) {
                    int woken = removeAll(ws, ws.length);
                    return woken >= 0 ? woken : Errno.EINTR.negative();
                }
                Thread.interrupted();
            }
            if (deadline == FOREVER) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    int woken = removeAll(ws, ws.length);
                    return woken >= 0 ? woken : Errno.ETIMEDOUT.negative();
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /** Takes the first n waiters out of their queues; the highest index of one a wake got first, or -1. */
    private int removeAll(Waiter[] ws, int n) {
        int woken = -1;
        for (int i = 0; i < n; i++) if (!remove(ws[i])) woken = i;
        return woken;
    }

    /** Takes a waiter out of its queue; false when a wake got there first. */
    private boolean remove(Waiter w) {
        while (true) {
            Key k = w.key;
            Bucket b = buckets[index(k)];
            synchronized (b) {
                if (w.woken) return false;
                if (w.key != k) continue; // requeued meanwhile
                b.waiters.remove(w);
                return true;
            }
        }
    }

    /** FUTEX_WAKE / FUTEX_WAKE_BITSET: wakes up to n waiters on key whose bitset meets {@code bitset}; returns how many. */
    public int wake(Key key, int n, int bitset) {
        Bucket b = buckets[index(key)];
        synchronized (b) {
            return wakeLocked(b, key, n, bitset);
        }
    }

    private static int wakeLocked(Bucket b, Key key, int n, int bitset) {
        int woken = 0;
        for (Iterator<Waiter> it = b.waiters.iterator(); it.hasNext() && woken < n; ) {
            Waiter w = it.next();
            if (w.pi || !w.key.equals(key) || (w.bitset & bitset) == 0) continue;
            it.remove();
            w.woken = true;
            LockSupport.unpark(w.thread);
            woken++;
        }
        return woken;
    }

    /**
     * FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wakes up to nWake waiters on {@code from} and moves up
     * to nRequeue of the rest to {@code to}. With a {@code load}, the word must still hold
     * {@code expected} (else -EAGAIN; -EFAULT when unreadable). Returns woken + requeued.
     */
    public long requeue(Key from, Key to, int nWake, int nRequeue, LongSupplier load, int expected) {
        Bucket a = buckets[index(from)], b = buckets[index(to)];
        Bucket first = index(from) <= index(to) ? a : b, second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (load != null) {
                    long v = load.getAsLong();
                    if (v < 0) return Errno.EFAULT.negative();
                    if ((int) v != expected) return Errno.EAGAIN.negative();
                }
                int woken = wakeLocked(a, from, nWake, FUTEX_BITSET_MATCH_ANY);
                int moved = 0;
                for (Iterator<Waiter> it = a.waiters.iterator(); it.hasNext() && moved < nRequeue; ) {
                    Waiter w = it.next();
                    if (w.pi || !w.key.equals(from)) continue;
                    w.key = to;
                    if (a != b) {
                        it.remove();
                        b.waiters.add(w);
                    }
                    moved++;
                }
                return woken + moved;
            }
        }
    }

    /** What FUTEX_WAKE_OP does to the second word, under both buckets' monitors: its old value, or -1 (EFAULT). */
    @FunctionalInterface
    public interface WordUpdate {
        long apply();
    }

    /**
     * FUTEX_WAKE_OP: updates the word at {@code second} (atomically, by {@code update}), wakes up
     * to n1 waiters on {@code first}, and when {@code condition} holds for the old value, up to
     * n2 waiters on {@code second}. Returns how many were woken, or -EFAULT.
     */
    public long wakeOp(Key first, Key second, int n1, int n2, WordUpdate update,
                       java.util.function.IntPredicate condition) {
        Bucket a = buckets[index(first)], b = buckets[index(second)];
        Bucket lo = index(first) <= index(second) ? a : b, hi = lo == a ? b : a;
        synchronized (lo) {
            synchronized (hi) {
                long old = update.apply();
                if (old < 0) return Errno.EFAULT.negative();
                int woken = wakeLocked(a, first, n1, FUTEX_BITSET_MATCH_ANY);
                if (condition.test((int) old)) woken += wakeLocked(b, second, n2, FUTEX_BITSET_MATCH_ANY);
                return woken;
            }
        }
    }

    // ---- priority-inheritance futexes ------------------------------------------------------

    // The PI futex word protocol: the owner's tid in the low 30 bits (FUTEX_TID_MASK), and two
    // flags (FUTEX_WAITERS, FUTEX_OWNER_DIED), from io.helctic.abi.uapi.Futex.

    /** A user futex word the kernel reads and compare-and-sets with host atomics. */
    public interface Word {
        /** The word zero-extended, or -1 when it cannot be read and written. */
        long load();

        /** Atomically replaces {@code expected} with {@code value}; false when the word held something else (or is gone). */
        boolean compareAndSet(int expected, int value);
    }

    /** What became of the thread a PI futex word names as its owner. */
    public enum Owner { ALIVE, EXITING, GONE }

    /**
     * FUTEX_LOCK_PI / LOCK_PI2 / TRYLOCK_PI for thread {@code tid}: takes a word without an owner
     * (keeping FUTEX_OWNER_DIED; with FUTEX_WAITERS when PI waiters are queued); otherwise, unless
     * {@code tryOnly}, sets FUTEX_WAITERS and sleeps until an unlock (or the owner's death) hands it
     * the word, until {@code deadline} ({@link System#nanoTime} scale, or {@link #FOREVER}), or an
     * interrupt that {@code signalled} says is for a signal or the thread's end. Returns 0, -EFAULT,
     * -EDEADLK (the caller owns it), -EAGAIN (tryOnly, held), -ESRCH (the owner does not exist),
     * -ETIMEDOUT or -EINTR (interrupted; Linux restarts the call).
     */
    public long lockPi(Key key, Word word, int tid, boolean tryOnly, long deadline, IntFunction<Owner> owners,
                       BooleanSupplier signalled) {
        Bucket b = buckets[index(key)];
        Waiter w = new Waiter(key, 0, Thread.currentThread(), true, tid);
        while (true) {
            synchronized (b) {
                long v = word.load();
                if (v < 0) return Errno.EFAULT.negative();
                int val = (int) v, owner = val & FUTEX_TID_MASK;
                if (owner == tid) return Errno.EDEADLK.negative();
                if (owner == 0) {
                    int nv = tid | (val & FUTEX_OWNER_DIED) | (piWaiters(b, key) > 0 ? FUTEX_WAITERS : 0);
                    if (word.compareAndSet(val, nv)) return 0;
                    continue; // the word moved: look again
                }
                if (tryOnly) return Errno.EAGAIN.negative();
                Owner o = owners.apply(owner);
                if (o == Owner.GONE) {
                    if (word.load() != v) continue; // the word moved meanwhile (its owner's exit): look again
                    return Errno.ESRCH.negative();
                }
                if (o == Owner.ALIVE) {
                    if ((val & FUTEX_WAITERS) == 0 && !word.compareAndSet(val, val | FUTEX_WAITERS)) continue;
                    b.waiters.add(w);
                    break;
                }
            }
            // the owner is on its way out: its robust list and PI futexes are being released
            if (deadline != FOREVER && deadline - System.nanoTime() <= 0) return Errno.ETIMEDOUT.negative();
            LockSupport.parkNanos(this, 1_000_000);
        }
        while (true) {
            if (w.woken) return 0;
            if (Thread.currentThread().isInterrupted()) {
                if (signalled.getAsBoolean()) return remove(w) ? Errno.EINTR.negative() : 0;
                Thread.interrupted();
            }
            if (deadline == FOREVER) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return remove(w) ? Errno.ETIMEDOUT.negative() : 0;
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /**
     * FUTEX_UNLOCK_PI by thread {@code tid}: the word must name it (else -EPERM). The first PI
     * waiter gets the word — its tid, with FUTEX_WAITERS when others remain — and is woken; with
     * none, the word becomes 0. Returns 0, -EPERM or -EFAULT.
     */
    public long unlockPi(Key key, Word word, int tid) {
        Bucket b = buckets[index(key)];
        synchronized (b) {
            while (true) {
                long v = word.load();
                if (v < 0) return Errno.EFAULT.negative();
                if (((int) v & FUTEX_TID_MASK) != tid) return Errno.EPERM.negative();
                if (handOverLocked(b, key, word, 0)) return 0;
                if (word.compareAndSet((int) v, 0)) return 0;
            }
        }
    }

    /**
     * A thread that ends holding the robust futex at {@code key} (its tid in the word): a PI
     * waiter, if any, is handed the word with FUTEX_OWNER_DIED; otherwise the word keeps only
     * FUTEX_WAITERS and gets FUTEX_OWNER_DIED, and one FUTEX_WAIT waiter is woken when it had
     * FUTEX_WAITERS.
     */
    public void ownerDied(Key key, Word word, int tid) {
        Bucket b = buckets[index(key)];
        synchronized (b) {
            while (true) {
                long v = word.load();
                if (v < 0 || ((int) v & FUTEX_TID_MASK) != tid) return;
                if (handOverLocked(b, key, word, FUTEX_OWNER_DIED)) return;
                int nv = ((int) v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
                if (word.compareAndSet((int) v, nv)) {
                    if (((int) v & FUTEX_WAITERS) != 0) wakeLocked(b, key, 1, FUTEX_BITSET_MATCH_ANY);
                    return;
                }
            }
        }
    }

    /**
     * A thread that ends: every PI futex in {@code space} that still names {@code tid} and has
     * waiters is handed to its first waiter, as an unlock would ({@code words} gives the word of a key).
     */
    public void exitPi(Object space, int tid, Function<Key, Word> words) {
        for (Bucket b : buckets) {
            synchronized (b) {
                // (every thread's exit looks through all the buckets: no set made for one without a PI waiter)
                java.util.Set<Key> keys = null;
                for (Waiter w : b.waiters) {
                    if (!w.pi || w.key.space() != space) continue;
                    if (keys == null) keys = new java.util.LinkedHashSet<>();
                    keys.add(w.key);
                }
                if (keys == null) continue;
                for (Key k : keys) {
                    Word word = words.apply(k);
                    long v = word.load();
                    if (v >= 0 && ((int) v & FUTEX_TID_MASK) == tid) handOverLocked(b, k, word, 0);
                }
            }
        }
    }

    /** Gives the word to the first PI waiter on key (with {@code extra} flags); false when there is none. */
    private static boolean handOverLocked(Bucket b, Key key, Word word, int extra) {
        Waiter next = null;
        for (Waiter w : b.waiters) {
            if (w.pi && w.key.equals(key)) {
                next = w;
                break;
            }
        }
        if (next == null) return false;
        b.waiters.remove(next);
        int nv = next.tid | extra | (piWaiters(b, key) > 0 ? FUTEX_WAITERS : 0);
        while (true) {
            long v = word.load();
            if (v < 0 || word.compareAndSet((int) v, nv)) break; // a vanished word: the waiter is released all the same
        }
        next.woken = true;
        LockSupport.unpark(next.thread);
        return true;
    }

    private static int piWaiters(Bucket b, Key key) {
        int n = 0;
        for (Waiter w : b.waiters) if (w.pi && w.key.equals(key)) n++;
        return n;
    }

    /** How many threads wait on key (tests and /proc). */
    public int waiters(Key key) {
        Bucket b = buckets[index(key)];
        synchronized (b) {
            int n = 0;
            for (Waiter w : b.waiters) if (w.key.equals(key)) n++;
            return n;
        }
    }
}
