package io.helctic.kernel.net;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The one thread of a kernel that watches its host sockets: a JDK {@link Selector} over the
 * non-blocking channels behind the guest's internet sockets. It does no I/O of its own making: a
 * channel that turns ready is handed to its socket ({@link Watcher#ready}), which takes in what
 * arrived or notes what changed and wakes the kernel's wait queues. Guest threads never block in
 * a channel: they sleep on their socket's wait queue ({@code Socket.await}) and this thread wakes
 * them, as a network card's interrupt would.
 *
 * <p>The thread starts with the first socket that needs it and ends a second after the last
 * internet socket of its kernel is released (a kernel that never makes one never has it).
 * Interest changes and registrations come from any thread: the JDK queues them, and a wake-up
 * makes the selector take them at once.
 */
final class HostSelector {
    /** A socket this thread watches. */
    interface Watcher {
        /** Its channel is ready for {@code readyOps} (called on the selector thread). */
        void ready(SelectionKey key, int readyOps);

        /** {@link #ready} failed unexpectedly: the channel is no longer watched, the socket must fail its waiters. */
        void lost(RuntimeException e);
    }

    private static final long IDLE_MS = 1000;

    private final Object lock = new Object();
    private Selector selector;
    private Thread thread;
    /** Internet sockets open in this kernel (the thread lives while there are any). */
    private int users;
    /** Select passes completed (a close waits for two, see {@link #close}). */
    private long passes;

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

    /** The selector, its thread started when there is none. */
    private Selector running() throws IOException {
        synchronized (lock) {
            if (selector == null) {
                selector = Selector.open();
                Selector s = selector;
                thread = Thread.ofPlatform().daemon().name("helctic-net").unstarted(() -> loop(s));
                thread.start();
            }
            return selector;
        }
    }

    /** Watches {@code ch} for {@code ops} on behalf of {@code w}: its key. */
    SelectionKey register(SelectableChannel ch, int ops, Watcher w) throws IOException {
        Selector s = running();
        SelectionKey k = ch.register(s, ops, w);
        s.wakeup();
        return k;
    }

    /** Sets what {@code key}'s channel is watched for (no-op when unchanged or cancelled). */
    void interest(SelectionKey key, int ops) {
        try {
            if (!key.isValid() || key.interestOps() == ops) return;
            key.interestOps(ops);
        } catch (CancelledKeyException e) {
            return;
        }
        if (Thread.currentThread() != thread) key.selector().wakeup();
    }

    /**
     * Closes a watched channel: the key is cancelled, the selector lets go of it, and then the
     * channel is closed, so the host's close(2) happens now and is Linux's own (a reset when bytes
     * were left unread, SO_LINGER honoured). The JDK would otherwise defer the close of a
     * registered channel to the selector's next pass, after a shutdown of its own making. The
     * selector has let go once two passes have ended after the cancel: the second began after it.
     */
    void close(SelectionKey key, SelectableChannel ch) {
        if (key != null && Thread.currentThread() != thread) {
            key.cancel();
            deregistered(key.selector());
        }
        try {
            ch.close();
        } catch (IOException e) {
            // the host closed it anyway
        }
    }

    /** Waits until {@code s} has ended two select passes (or is gone). */
    private void deregistered(Selector s) {
        synchronized (lock) {
            if (selector != s) return; // that selector is closed, and its keys with it
            long until = passes + 2;
            boolean interrupted = false;
            while (passes < until && selector == s) {
                s.wakeup();
                try {
                    lock.wait(10);
                } catch (InterruptedException e) {
                    interrupted = true; // a wake-up for the guest: delivered when this short wait ends
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void loop(Selector s) {
        try {
            while (true) {
                boolean idle;
                synchronized (lock) {
                    idle = users == 0;
                }
                s.select(HostSelector::dispatch, idle ? IDLE_MS : 0);
                synchronized (lock) {
                    passes++;
                    lock.notifyAll();
                    if (users == 0 && idle && s.keys().isEmpty()) {
                        selector = null;
                        thread = null;
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                if (selector == s) {
                    selector = null;
                    thread = null;
                }
                lock.notifyAll();
            }
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
