package io.helctic.kernel.net;

import io.helctic.kernel.scheme.Sleeper;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What watches a kernel's host sockets: a JDK {@link Selector} over the non-blocking channels
 * behind the guest's internet sockets. It does no I/O of its own making: a channel that turns
 * ready is handed to its socket ({@link Watcher#ready}), which takes in what arrived or notes what
 * changed and wakes the kernel's wait queues. Guest threads never block in a channel: they sleep
 * on their socket's wait queue ({@code Socket.await}, poll, epoll_wait) as on a network card's
 * interrupt.
 *
 * <p>Who selects: a leader, one thread at a time. A guest thread that goes to sleep in a wait
 * ({@link Sleeper}) leads when no one else does: it selects itself, so a packet for it ends its
 * sleep straight from the host's epoll_wait, as a native program's is, and what it finds for
 * others it hands on. When it wakes it leaves the selector to the first thread that slept while
 * it led (its follower), or to no one. The selector's own thread leads only when no guest thread
 * has for a whole {@link #VACANT_MS} while a socket is signal-driven (a guest that computes while
 * waiting for SIGIO), or {@link #UNNEEDED_MS} otherwise (a wait that is not a sleeper's), and
 * gives way as soon as a sleeping guest thread asks. The thread starts
 * with the first socket that needs it and ends a second after the last internet socket of its
 * kernel is released (a kernel that never makes one never has it).
 *
 * <p>Interest changes and registrations come from any thread: the JDK queues them for the next
 * select, and a wake-up makes a leader in the middle of one take them at once.
 */
final class HostSelector implements Sleeper.Host {
    /** A socket this selector watches. */
    interface Watcher {
        /** Its channel is ready for {@code readyOps} (called on the leading thread). */
        void ready(SelectionKey key, int readyOps);

        /** {@link #ready} failed unexpectedly: the channel is no longer watched, the socket must fail its waiters. */
        void lost(RuntimeException e);
    }

    private static final long IDLE_MS = 1000;
    /** How long the selector must go unled before its own thread takes it, when a socket is signal-driven. */
    private static final long VACANT_MS = 1;
    /**
     * The same when none is. Every wait for a socket is a sleeper's, which leads itself: the own
     * thread is a safety net then, for a wait that is not (an AIO poll), and stays away from a
     * busy program that sleeps seldom (where it would only be woken by every interest change).
     */
    private static final long UNNEEDED_MS = 20;
    /** How often the own thread looks whether a guest thread still leads. */
    private static final long BUSY_MS = 10;

    private final Object lock = new Object();
    private Selector selector;
    /** The selector's wakeup, made with it. */
    private Runnable wakeSelector;
    /** The selector's own thread. */
    private Thread thread;
    /** Internet sockets open in this kernel (the thread lives while there are any). */
    private int users;
    /** Select passes completed (a close waits for two, see {@link #close}). */
    private long passes;
    /** The thread selecting now (the own thread, a sleeping guest thread, a closer), or null. */
    private volatile Thread leader;
    /** Counts changes of leader: the own thread takes a vacant selector only when it has not moved for a period. */
    private long epoch;
    /** The own thread was asked to give way to a sleeping guest thread. */
    private boolean giveWay;
    /** Guest threads asleep while another thread led: the first takes over when the leader leaves. */
    private final ArrayDeque<Sleeper> followers = new ArrayDeque<>();

    /** Sockets with O_ASYNC set: their SIGIO cannot wait for a sleeper. */
    private int signalDriven;

    /** A socket's O_ASYNC was set by a first description or cleared by the last. */
    void signalDriven(boolean on) {
        Thread t;
        synchronized (lock) {
            signalDriven += on ? 1 : -1;
            t = thread;
        }
        if (on && t != null) LockSupport.unpark(t); // it looks at once
    }

    /** An internet socket was made. */
    void join() {
        synchronized (lock) {
            users++;
        }
    }

    /** An internet socket was released. */
    void leave() {
        synchronized (lock) {
            users--;
            if (users == 0 && selector != null) selector.wakeup();
        }
    }

    /** The current thread waits for this kernel's sockets: its sleeps may lead the selector. */
    void bind() {
        Sleeper.bind(this);
    }

    /** The selector, its thread started when there is none. */
    private Selector running() throws IOException {
        synchronized (lock) {
            if (selector == null) {
                selector = Selector.open();
                Selector s = selector;
                wakeSelector = s::wakeup;
                thread = Thread.ofPlatform().daemon().name("helctic-net").unstarted(() -> loop(s));
                thread.start();
            }
            return selector;
        }
    }

    /** Makes a leader in the middle of a select look at a change another thread made. */
    private void nudge(Selector s) {
        Thread l = leader;
        if (l != null && l != Thread.currentThread()) s.wakeup();
    }

    /** Watches {@code ch} for {@code ops} on behalf of {@code w}: its key. */
    SelectionKey register(SelectableChannel ch, int ops, Watcher w) throws IOException {
        Selector s = running();
        bind();
        SelectionKey k = ch.register(s, ops, w);
        nudge(s);
        return k;
    }

    /** Sets what {@code key}'s channel is watched for (no-op when unchanged or cancelled). */
    void interest(SelectionKey key, int ops) {
        bind();
        try {
            if (!key.isValid() || key.interestOps() == ops) return;
            key.interestOps(ops);
        } catch (CancelledKeyException e) {
            return;
        }
        nudge(key.selector());
    }

    /**
     * Whether a thread watches the host or is about to (a leader, or a follower woken to take
     * over): what reaches a watched channel is then taken in as soon as the host reports it, and
     * a socket need not read its host channel to answer poll or receive.
     */
    boolean watched() {
        if (leader != null) return true;
        synchronized (lock) {
            return leader != null || !followers.isEmpty();
        }
    }

    // ---- sleeping guest threads ---------------------------------------------------------------

    @Override
    public void sleep(Sleeper s, long nanos) {
        Thread me = Thread.currentThread();
        Selector sel;
        Runnable wake;
        boolean follows = false;
        synchronized (lock) {
            sel = selector;
            wake = wakeSelector;
            // a sleep shorter than the selector's millisecond only parks
            if (sel == null || users == 0 || nanos < 1_000_000) {
                sel = null;
            } else if (leader == null) {
                leader = me;
                epoch++;
            } else {
                followers.addLast(s);
                follows = true;
                if (leader == thread && !giveWay) {
                    giveWay = true;
                    sel.wakeup();
                }
                sel = null;
            }
        }
        if (sel == null) {
            try {
                LockSupport.parkNanos(s, nanos);
            } finally {
                if (follows) unfollow(s);
            }
            return;
        }
        boolean failed = false;
        try {
            if (s.lead(wake) && !me.isInterrupted()) {
                long ms = nanos / 1_000_000 >= Integer.MAX_VALUE ? 0 : (nanos + 999_999) / 1_000_000;
                sel.select(HostSelector::dispatch, ms);
            }
        } catch (IOException | ClosedSelectorException e) {
            failed = true; // the selector failed: its own thread reports that to the sockets
        } finally {
            s.follow();
            resign();
        }
        if (failed) LockSupport.parkNanos(s, nanos);
    }

    /** A select pass ended (lock held): closers waiting for it look. */
    private void passed() {
        passes++;
        lock.notifyAll();
    }

    /** No one leads any more (lock held): the follower to hand the selector to, or null. */
    private Sleeper vacate() {
        leader = null;
        epoch++;
        return followers.peekFirst();
    }

    /** The current thread's pass as leader ended: it leaves the selector to the first follower. */
    private void resign() {
        Sleeper next;
        synchronized (lock) {
            passed();
            next = vacate();
        }
        if (next != null) next.wake();
    }

    /** A follower's sleep ended: when no one leads, the next follower is woken to. */
    private void unfollow(Sleeper s) {
        Sleeper next = null;
        synchronized (lock) {
            followers.remove(s);
            if (leader == null) next = followers.peekFirst();
        }
        if (next != null) next.wake();
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Closes a watched channel: the key is cancelled, the selector lets go of it, and then the
     * channel is closed, so the host's close(2) happens now and is Linux's own (a reset when bytes
     * were left unread, SO_LINGER honoured). The JDK would otherwise defer the close of a
     * registered channel to the selector's next pass, after a shutdown of its own making.
     */
    void close(SelectionKey key, SelectableChannel ch) {
        if (key != null && Thread.currentThread() != leader) {
            key.cancel();
            deregistered(key.selector());
        }
        try {
            ch.close();
        } catch (IOException e) {
            // the host closed it anyway
        }
    }

    /**
     * Waits until {@code s} has let go of the keys cancelled so far: two select passes ended after
     * the cancel (the second began after it), or one made here when no one leads.
     */
    private void deregistered(Selector s) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        boolean lead = false;
        synchronized (lock) {
            if (selector != s) return; // that selector is closed, and its keys with it
            long until = passes + 2;
            while (passes < until && selector == s) {
                if (leader == null) {
                    leader = me;
                    epoch++;
                    lead = true;
                    break;
                }
                s.wakeup();
                try {
                    lock.wait(10);
                } catch (InterruptedException e) {
                    interrupted = true; // a wake-up for the guest: delivered when this short wait ends
                }
            }
        }
        if (lead) {
            try {
                s.selectNow(); // no ready key is taken: level-triggered, the next select sees them again
                s.selectedKeys().clear();
            } catch (IOException | ClosedSelectorException e) {
                // the selector is gone, and its keys with it
            } finally {
                resign();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    // ---- the own thread -----------------------------------------------------------------------

    private void loop(Selector s) {
        Thread me = Thread.currentThread();
        long seen = -1;
        try {
            while (true) {
                boolean idle;
                long nap;
                synchronized (lock) {
                    if (leader == null && epoch == seen) {
                        leader = me; // no one led for a whole period
                        epoch++;
                        nap = 0;
                    } else {
                        // a guest leads (look again later), or one led a moment ago (look again soon)
                        nap = leader != null ? BUSY_MS : signalDriven > 0 ? VACANT_MS : UNNEEDED_MS;
                        seen = leader == null ? epoch : -1;
                    }
                    idle = users == 0;
                }
                if (nap > 0) {
                    LockSupport.parkNanos(this, nap * 1_000_000);
                    continue;
                }
                seen = -1;
                while (true) { // leads until it ends or a sleeping guest thread asks
                    s.select(HostSelector::dispatch, idle ? IDLE_MS : 0);
                    Sleeper next;
                    synchronized (lock) {
                        passed();
                        if (users == 0 && idle && s.keys().isEmpty()) {
                            selector = null;
                            thread = null;
                            leader = null;
                            return;
                        }
                        if (!giveWay) {
                            idle = users == 0;
                            continue;
                        }
                        giveWay = false;
                        next = vacate();
                    }
                    if (next != null) next.wake();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            List<Sleeper> waiting;
            synchronized (lock) {
                if (selector == s) {
                    selector = null;
                    thread = null;
                }
                if (leader == me) leader = null;
                waiting = new ArrayList<>(followers);
                lock.notifyAll();
            }
            for (Sleeper f : waiting) f.wake();
        } finally {
            try {
                s.close();
            } catch (IOException e) {
                // nothing more to let go of
            }
        }
    }

    private static void dispatch(SelectionKey key) {
        if (!(key.attachment() instanceof Watcher w)) return;
        try {
            if (key.isValid()) w.ready(key, key.readyOps());
        } catch (CancelledKeyException e) {
            // closed meanwhile
        } catch (RuntimeException e) {
            key.cancel(); // never again, or a ready channel would spin this thread
            w.lost(e);
        }
    }
}
