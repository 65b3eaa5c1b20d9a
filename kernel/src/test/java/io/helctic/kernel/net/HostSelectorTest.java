package io.helctic.kernel.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.scheme.Sleeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who watches the host (HostSelector): a sleeping thread leads and hands what it finds for others
 * on; a thread that slept meanwhile takes over when the leader wakes; the selector's own thread
 * steps in when no one sleeps; a close while a guest thread leads is the host's close at once.
 * Every wait here is bounded, so a lost wake fails the test instead of hanging it.
 */
class HostSelectorTest {
    private final HostSelector selector = new HostSelector();
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** A connected pair: [0] the end the selector watches (non-blocking), [1] the test's end. */
    private SocketChannel[] pair() throws IOException {
        SocketChannel a = SocketChannel.open(server.getLocalAddress());
        SocketChannel b = server.accept();
        b.configureBlocking(false);
        return new SocketChannel[] {b, a};
    }

    /** One thread's wait: the condition its watcher sets, and its sleeper. */
    private static final class Wait {
        final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        volatile Sleeper sleeper;
    }

    /** A watcher that fires {@code w} when its channel turns readable (and stops watching it). */
    private static HostSelector.Watcher waking(Wait w, AtomicInteger readies) {
        return new HostSelector.Watcher() {
            @Override
            public void ready(SelectionKey key, int readyOps) {
                readies.incrementAndGet();
                key.interestOps(0);
                w.fired.set(true);
                Sleeper s = w.sleeper;
                if (s != null) s.wake();
            }

            @Override
            public void lost(RuntimeException e) {
                throw e;
            }
        };
    }

    /** Sleeps on the selector, as the kernel's waits do, until {@code w} fires (at most 10 s). */
    private void await(Wait w, CountDownLatch asleep) {
        Sleeper s = new Sleeper();
        w.sleeper = s;
        Sleeper.bind(selector);
        asleep.countDown();
        long t0 = System.nanoTime();
        while (true) {
            s.reset();
            long left = 10_000_000_000L - (System.nanoTime() - t0);
            if (w.fired.get() || left <= 0) return;
            s.sleep(left);
        }
    }

    @Test
    void aSleepingThreadLeadsAndHandsOnWhatItFindsForAnother() throws Exception {
        selector.join();
        SocketChannel[] p1 = pair(), p2 = pair();
        Wait w1 = new Wait(), w2 = new Wait();
        AtomicInteger r1 = new AtomicInteger(), r2 = new AtomicInteger();
        selector.register(p1[0], SelectionKey.OP_READ, waking(w1, r1));
        selector.register(p2[0], SelectionKey.OP_READ, waking(w2, r2));
        CountDownLatch asleep = new CountDownLatch(2), woke1 = new CountDownLatch(1), woke2 = new CountDownLatch(1);
        Thread t1 = Thread.ofPlatform().start(() -> {
            await(w1, asleep);
            woke1.countDown();
        });
        Thread t2 = Thread.ofPlatform().start(() -> {
            await(w2, asleep);
            woke2.countDown();
        });
        assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50); // both asleep: one leads, the other follows
        p2[1].write(ByteBuffer.wrap(new byte[] {2}));
        assertThat(woke2.await(5, TimeUnit.SECONDS)).as("the second sleeper is woken by whoever leads").isTrue();
        assertThat(woke1.getCount()).as("the first sleeps on").isEqualTo(1);
        p1[1].write(ByteBuffer.wrap(new byte[] {1}));
        assertThat(woke1.await(5, TimeUnit.SECONDS)).as("and is woken in turn").isTrue();
        t1.join(5000);
        t2.join(5000);
        assertThat(r1.get()).isEqualTo(1);
        assertThat(r2.get()).isEqualTo(1);
        for (SocketChannel c : new SocketChannel[] {p1[0], p1[1], p2[0], p2[1]}) c.close();
        selector.leave();
    }

    @Test
    void withNoSleeperTheOwnThreadWatchesForASignalDrivenSocket() throws Exception {
        selector.join();
        selector.signalDriven(true);
        SocketChannel[] p = pair();
        CountDownLatch seen = new CountDownLatch(1);
        selector.register(p[0], SelectionKey.OP_READ, new HostSelector.Watcher() {
            @Override
            public void ready(SelectionKey key, int readyOps) {
                key.interestOps(0);
                seen.countDown();
            }

            @Override
            public void lost(RuntimeException e) {}
        });
        p[1].write(ByteBuffer.wrap(new byte[] {1}));
        assertThat(seen.await(5, TimeUnit.SECONDS)).as("no guest thread sleeps: the own thread takes over").isTrue();
        selector.signalDriven(false);
        p[0].close();
        p[1].close();
        selector.leave();
    }

    @Test
    void aCloseWhileAGuestThreadLeadsIsTheHostsCloseAtOnce() throws Exception {
        selector.join();
        SocketChannel[] watched = pair(), idle = pair();
        Wait w = new Wait();
        SelectionKey key = selector.register(watched[0], SelectionKey.OP_READ, waking(new Wait(), new AtomicInteger()));
        selector.register(idle[0], SelectionKey.OP_READ, waking(w, new AtomicInteger()));
        CountDownLatch asleep = new CountDownLatch(1), woke = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            await(w, asleep);
            woke.countDown();
        });
        assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        // SO_LINGER 0: the host's close(2) resets the connection; the JDK's deferred close of a
        // channel still registered would only shut it down (the peer would see an orderly end)
        watched[0].setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        long t0 = System.nanoTime();
        selector.close(key, watched[0]);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("close waits for the leader's pass, not longer").isLessThan(2000);
        assertThat(watched[0].isOpen()).isFalse();
        String seen = "nothing";
        watched[1].configureBlocking(false);
        for (long end = System.nanoTime() + 2_000_000_000L; seen.equals("nothing") && System.nanoTime() < end; Thread.sleep(1)) {
            try {
                int got = watched[1].read(ByteBuffer.allocate(1));
                if (got != 0) seen = "read " + got;
            } catch (IOException e) {
                seen = "reset";
            }
        }
        assertThat(seen).as("the peer sees the host's close(2) with SO_LINGER 0: a reset").isEqualTo("reset");
        idle[1].write(ByteBuffer.wrap(new byte[] {1}));
        assertThat(woke.await(5, TimeUnit.SECONDS)).as("the leader still watches the rest").isTrue();
        t.join(5000);
        for (SocketChannel c : new SocketChannel[] {watched[1], idle[0], idle[1]}) c.close();
        selector.leave();
    }

    @Test
    void anInterruptEndsALeadersSleep() throws Exception {
        selector.join();
        SocketChannel[] p = pair();
        selector.register(p[0], SelectionKey.OP_READ, waking(new Wait(), new AtomicInteger()));
        AtomicReference<Long> slept = new AtomicReference<>();
        CountDownLatch asleep = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            Sleeper s = new Sleeper();
            Sleeper.bind(selector);
            asleep.countDown();
            long t0 = System.nanoTime();
            s.sleep(10_000_000_000L);
            slept.set((System.nanoTime() - t0) / 1_000_000);
        });
        assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        t.interrupt(); // a signal for the guest thread
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(slept.get()).as("a signal ends the select at once").isLessThan(5000);
        p[0].close();
        p[1].close();
        selector.leave();
    }
}
