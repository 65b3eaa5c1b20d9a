package io.helctic.kernel.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Wait, wake, requeue, wake-op, bitsets, timeouts and interruption of the kernel's futex queues. */
class FutexesTest {
    private final Futexes f = new Futexes();
    private final Object space = new Object();
    private final Futexes.Key a = new Futexes.Key(space, 0x1000), b = new Futexes.Key(space, 0x2000);
    private final AtomicInteger word = new AtomicInteger();

    private CompletableFuture<Long> waiter(Futexes.Key key, int expected, int bitset, long timeoutNanos) {
        CompletableFuture<Long> r = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> r.complete(f.await(key, () -> word.get() & 0xffff_ffffL, expected, bitset,
                timeoutNanos < 0 ? Futexes.FOREVER : System.nanoTime() + timeoutNanos, () -> true)));
        return r;
    }

    private void awaitWaiters(Futexes.Key key, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.waiters(key) != n && System.nanoTime() < end) Thread.sleep(1);
        assertThat(f.waiters(key)).isEqualTo(n);
    }

    @Test
    void aChangedWordIsEagainAndAnUnreadableOneEfault() {
        word.set(5);
        assertThat(f.await(a, () -> 5, 4, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, Futexes.FOREVER, () -> true))
                .isEqualTo(Errno.EAGAIN.negative());
        assertThat(f.await(a, () -> -1, 4, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, Futexes.FOREVER, () -> true))
                .isEqualTo(Errno.EFAULT.negative());
        assertThat(f.waiters(a)).isZero();
    }

    @Test
    void wakeWakesAtMostNAndCountsThem() throws Exception {
        var w1 = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        var w2 = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        var w3 = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        awaitWaiters(a, 3);
        assertThat(f.wake(b, 10, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).as("another futex").isZero();
        assertThat(f.wake(a, 2, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(2);
        awaitWaiters(a, 1);
        assertThat(f.wake(a, Integer.MAX_VALUE, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        for (var w : java.util.List.of(w1, w2, w3)) assertThat(w.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void bitsetsSelectWaiters() throws Exception {
        var odd = waiter(a, 0, 0b01, -1);
        var even = waiter(a, 0, 0b10, -1);
        awaitWaiters(a, 2);
        assertThat(f.wake(a, 10, 0b10)).isEqualTo(1);
        assertThat(even.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(odd.isDone()).isFalse();
        assertThat(f.wake(a, 10, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        assertThat(odd.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aTimeoutIsEtimedout() throws Exception {
        long t0 = System.nanoTime();
        var w = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(Errno.ETIMEDOUT.negative());
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(f.waiters(a)).isZero();
    }

    @Test
    void anInterruptForASignalIsEintr() throws Exception {
        CompletableFuture<Long> r = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> r.complete(
                f.await(a, () -> 0, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, Futexes.FOREVER, () -> true)));
        awaitWaiters(a, 1);
        t.interrupt();
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(Errno.EINTR.negative());
        assertThat(f.waiters(a)).isZero();
    }

    @Test
    void anInterruptForNothingKeepsWaiting() throws Exception {
        CompletableFuture<Long> r = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> r.complete(
                f.await(a, () -> 0, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, Futexes.FOREVER, () -> false)));
        awaitWaiters(a, 1);
        t.interrupt();
        Thread.sleep(20);
        assertThat(r.isDone()).isFalse();
        assertThat(f.wake(a, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        assertThat(r.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void requeueWakesSomeAndMovesTheRest() throws Exception {
        var ws = java.util.List.of(waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1), waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1),
                waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1), waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1));
        awaitWaiters(a, 4);
        assertThat(f.requeue(a, b, 1, 2, null, 0)).isEqualTo(3);
        assertThat(f.waiters(a)).isEqualTo(1);
        assertThat(f.waiters(b)).isEqualTo(2);
        assertThat(f.wake(b, 10, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(2);
        assertThat(f.wake(a, 10, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        for (var w : ws) assertThat(w.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void cmpRequeueChecksTheWordFirst() throws Exception {
        var w = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        awaitWaiters(a, 1);
        assertThat(f.requeue(a, b, 0, 1, () -> 7, 6)).isEqualTo(Errno.EAGAIN.negative());
        assertThat(f.waiters(a)).isEqualTo(1);
        assertThat(f.requeue(a, b, 0, 1, () -> 7, 7)).isEqualTo(1);
        assertThat(f.waiters(b)).isEqualTo(1);
        assertThat(w.isDone()).isFalse();
        assertThat(f.wake(b, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        assertThat(w.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aRequeuedWaiterTimesOutFromItsNewQueue() throws Exception {
        var w = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, TimeUnit.MILLISECONDS.toNanos(200));
        awaitWaiters(a, 1);
        assertThat(f.requeue(a, b, 0, 1, null, 0)).isEqualTo(1);
        assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(Errno.ETIMEDOUT.negative());
        assertThat(f.waiters(a)).isZero();
        assertThat(f.waiters(b)).isZero();
    }

    @Test
    void wakeOpUpdatesThenWakesOnTheCondition() throws Exception {
        var wa = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        var wb = waiter(b, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        awaitWaiters(a, 1);
        awaitWaiters(b, 1);
        AtomicInteger second = new AtomicInteger(1);
        assertThat(f.wakeOp(a, b, 1, 1, () -> second.getAndAdd(1), old -> old > 5)).isEqualTo(1);
        assertThat(second.get()).isEqualTo(2);
        assertThat(wa.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(wb.isDone()).isFalse();
        assertThat(f.wakeOp(a, b, 1, 1, () -> second.getAndAdd(1), old -> old == 2)).isEqualTo(1);
        assertThat(wb.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(f.wakeOp(a, b, 1, 1, () -> -1, old -> true)).isEqualTo(Errno.EFAULT.negative());
    }

    @Test
    void noWakeIsLostBetweenTheCheckAndTheSleep() throws Exception {
        // A classic lost-wake-up race, many times: the waker changes the word, then wakes.
        for (int i = 0; i < 2000; i++) {
            word.set(0);
            var w = waiter(a, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
            word.set(1);
            f.wake(a, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY);
            long r = w.get(10, TimeUnit.SECONDS);
            assertThat(r).isIn(0L, (long) Errno.EAGAIN.negative());
        }
    }

    // ---- futex_waitv ---------------------------------------------------------------------

    private final Futexes.Key c = new Futexes.Key(space, 0x3000);

    private CompletableFuture<Long> waitv(long timeoutNanos, int... expected) {
        CompletableFuture<Long> r = new CompletableFuture<>();
        Futexes.Key[] keys = {a, b, c};
        java.util.function.LongSupplier[] loads = {() -> word.get() & 0xffff_ffffL, () -> word.get() & 0xffff_ffffL,
                                                   () -> word.get() & 0xffff_ffffL};
        Thread.ofPlatform().start(() -> r.complete(f.awaitAny(keys, loads, expected,
                timeoutNanos < 0 ? Futexes.FOREVER : System.nanoTime() + timeoutNanos, () -> true)));
        return r;
    }

    @Test
    void waitvAnswersTheIndexWokenAndLeavesNoWaiterBehind() throws Exception {
        var w = waitv(-1, 0, 0, 0);
        awaitWaiters(c, 1);
        awaitWaiters(a, 1);
        assertThat(f.wake(b, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(f.waiters(a) + f.waiters(b) + f.waiters(c)).as("the other queues are left").isZero();
    }

    @Test
    void waitvWithAChangedWordIsEagainAndUnqueuesWhatItQueued() throws Exception {
        word.set(0);
        assertThat(waitv(-1, 0, 0, 7).get(10, TimeUnit.SECONDS)).isEqualTo(Errno.EAGAIN.negative());
        assertThat(f.waiters(a) + f.waiters(b)).isZero();
    }

    @Test
    void waitvTimesOut() throws Exception {
        assertThat(waitv(TimeUnit.MILLISECONDS.toNanos(20), 0, 0, 0).get(10, TimeUnit.SECONDS))
                .isEqualTo(Errno.ETIMEDOUT.negative());
        assertThat(f.waiters(a) + f.waiters(b) + f.waiters(c)).isZero();
    }

    @Test
    void aSharedKeyNeverMeetsThePrivateOneOfTheSameWord() throws Exception {
        Futexes.Key shared = new Futexes.Key(space, 0x1000, true);
        var w = waiter(shared, 0, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY, -1);
        awaitWaiters(shared, 1);
        assertThat(f.wake(a, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isZero();
        assertThat(f.wake(shared, 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY)).isEqualTo(1);
        assertThat(w.get(10, TimeUnit.SECONDS)).isZero();
    }
}
