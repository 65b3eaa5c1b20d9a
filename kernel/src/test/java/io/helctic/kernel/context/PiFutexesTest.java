package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Futex.FUTEX_OWNER_DIED;
import static io.helctic.abi.uapi.Futex.FUTEX_WAITERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The priority-inheritance futex operations: lock, trylock, unlock, hand-over, timeouts, owner death. */
class PiFutexesTest {
    private final Futexes f = new Futexes();
    private final Object space = new Object();
    private final Futexes.Key a = new Futexes.Key(space, 0x1000);
    private final AtomicInteger word = new AtomicInteger();
    private final Futexes.Word w = new Futexes.Word() {
        @Override public long load() { return word.get() & 0xffff_ffffL; }
        @Override public boolean compareAndSet(int expected, int value) { return word.compareAndSet(expected, value); }
    };
    private final IntFunction<Futexes.Owner> alive = tid -> Futexes.Owner.ALIVE;

    private long lock(int tid) {
        return f.lockPi(a, w, tid, false, Futexes.FOREVER, alive, () -> true);
    }

    private CompletableFuture<Long> locker(int tid, long timeoutNanos) {
        CompletableFuture<Long> r = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> r.complete(f.lockPi(a, w, tid, false,
                timeoutNanos < 0 ? Futexes.FOREVER : System.nanoTime() + timeoutNanos, alive, () -> true)));
        return r;
    }

    private void awaitWaiters(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.waiters(a) != n && System.nanoTime() < end) Thread.sleep(1);
        assertThat(f.waiters(a)).isEqualTo(n);
    }

    @Test
    void aFreeWordIsTakenAndUnlockFreesIt() {
        assertThat(lock(100)).isZero();
        assertThat(word.get()).isEqualTo(100);
        assertThat(f.unlockPi(a, w, 100)).isZero();
        assertThat(word.get()).isZero();
        assertThat(f.lockPi(a, w, 200, true, Futexes.FOREVER, alive, () -> true)).as("trylock").isZero();
        assertThat(word.get()).isEqualTo(200);
    }

    @Test
    void theOwnerLockingAgainIsEdeadlkAndOthersTryingIsEagain() {
        word.set(100);
        assertThat(lock(100)).isEqualTo(Errno.EDEADLK.negative());
        assertThat(f.lockPi(a, w, 100, true, Futexes.FOREVER, alive, () -> true)).isEqualTo(Errno.EDEADLK.negative());
        assertThat(f.lockPi(a, w, 200, true, Futexes.FOREVER, alive, () -> true)).isEqualTo(Errno.EAGAIN.negative());
        assertThat(word.get()).isEqualTo(100);
        assertThat(f.waiters(a)).isZero();
    }

    @Test
    void unlockByANonOwnerIsEpermAndAnUnreadableWordEfault() {
        word.set(100 | FUTEX_WAITERS);
        assertThat(f.unlockPi(a, w, 200)).isEqualTo(Errno.EPERM.negative());
        assertThat(word.get()).isEqualTo(100 | FUTEX_WAITERS);
        Futexes.Word gone = new Futexes.Word() {
            @Override public long load() { return -1; }
            @Override public boolean compareAndSet(int expected, int value) { return false; }
        };
        assertThat(f.unlockPi(a, gone, 100)).isEqualTo(Errno.EFAULT.negative());
        assertThat(f.lockPi(a, gone, 100, false, Futexes.FOREVER, alive, () -> true)).isEqualTo(Errno.EFAULT.negative());
    }

    @Test
    void anOwnerThatDoesNotExistIsEsrch() {
        word.set(4242);
        assertThat(f.lockPi(a, w, 100, false, Futexes.FOREVER, tid -> Futexes.Owner.GONE, () -> true))
                .isEqualTo(Errno.ESRCH.negative());
        assertThat(word.get()).isEqualTo(4242);
    }

    @Test
    void unlockHandsTheWordToWaitersInTurn() throws Exception {
        word.set(100);
        var w200 = locker(200, -1);
        awaitWaiters(1);
        assertThat(word.get()).as("a waiter sets FUTEX_WAITERS").isEqualTo(100 | FUTEX_WAITERS);
        var w300 = locker(300, -1);
        awaitWaiters(2);
        assertThat(f.wake(a, 10, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).as("FUTEX_WAKE leaves PI waiters alone").isZero();
        assertThat(f.unlockPi(a, w, 100)).isZero();
        assertThat(w200.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(word.get()).as("the first waiter owns it; another waits").isEqualTo(200 | FUTEX_WAITERS);
        assertThat(w300.isDone()).isFalse();
        assertThat(f.unlockPi(a, w, 200)).isZero();
        assertThat(w300.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(word.get()).isEqualTo(300);
        assertThat(f.unlockPi(a, w, 300)).isZero();
        assertThat(word.get()).isZero();
    }

    @Test
    void aTimeoutIsEtimedout() throws Exception {
        word.set(100);
        long t0 = System.nanoTime();
        var r = locker(200, TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(Errno.ETIMEDOUT.negative());
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(f.waiters(a)).isZero();
        assertThat(f.unlockPi(a, w, 100)).as("the owner's unlock finds nobody").isZero();
        assertThat(word.get()).isZero();
    }

    @Test
    void anInterruptForASignalIsEintrAndTheWaiterLeaves() throws Exception {
        word.set(100);
        CompletableFuture<Long> r = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> r.complete(f.lockPi(a, w, 200, false, Futexes.FOREVER, alive, () -> true)));
        awaitWaiters(1);
        t.interrupt();
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(Errno.EINTR.negative());
        assertThat(f.waiters(a)).isZero();
    }

    @Test
    void anOwnerThatDiesHandsTheWordOverWithOwnerDied() throws Exception {
        word.set(100);
        var w200 = locker(200, -1);
        awaitWaiters(1);
        f.ownerDied(a, w, 100);
        assertThat(w200.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(word.get()).isEqualTo(200 | FUTEX_OWNER_DIED);
        f.ownerDied(a, w, 100);
        assertThat(word.get()).as("another thread's death changes nothing").isEqualTo(200 | FUTEX_OWNER_DIED);
        f.ownerDied(a, w, 200);
        assertThat(word.get()).as("no waiter: only the flag").isEqualTo(FUTEX_OWNER_DIED);
        assertThat(lock(300)).isZero();
        assertThat(word.get()).as("the next locker takes it, still marked").isEqualTo(300 | FUTEX_OWNER_DIED);
    }

    @Test
    void anOwnerThatEndsOffTheRobustListHandsTheWordOver() throws Exception {
        word.set(100);
        var w200 = locker(200, -1);
        awaitWaiters(1);
        f.exitPi(new Object(), 100, k -> w);
        assertThat(w200.isDone()).as("another address space").isFalse();
        f.exitPi(space, 100, k -> w);
        assertThat(w200.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(word.get()).isEqualTo(200);
    }

    @Test
    void anExitingOwnerIsWaitedOutThenJudgedAgain() throws Exception {
        word.set(100);
        AtomicInteger calls = new AtomicInteger();
        long r = f.lockPi(a, w, 200, false, Futexes.FOREVER, tid -> {
            if (calls.incrementAndGet() < 3) return Futexes.Owner.EXITING;
            word.set(FUTEX_OWNER_DIED); // its robust list was walked meanwhile
            return Futexes.Owner.GONE;
        }, () -> true);
        assertThat(r).isZero();
        assertThat(word.get()).isEqualTo(200 | FUTEX_OWNER_DIED);
    }

    @Test
    void threadsCountingUnderAPiLockLoseNothing() throws Exception {
        int threads = 4, rounds = 3000;
        long[] counter = {0};
        List<Thread> ts = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            int tid = 1000 + i;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < rounds; k++) {
                    // glibc's fast paths: CAS 0 -> tid to lock, tid -> 0 to unlock; the kernel otherwise
                    if (!word.compareAndSet(0, tid) && lock(tid) != 0) errors.incrementAndGet();
                    counter[0]++;
                    if (!word.compareAndSet(tid, 0) && f.unlockPi(a, w, tid) != 0) errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : ts) t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(errors.get()).isZero();
        assertThat(counter[0]).isEqualTo((long) threads * rounds);
        assertThat(word.get()).isZero();
        assertThat(f.waiters(a)).isZero();
    }
}
