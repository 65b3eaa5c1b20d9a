package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The host side of an AF_UNIX stream a guest connected to a socket file that a program outside
 * the kernel bound (the host's X11 or a database socket in a host-directory root): a JDK
 * UNIX-domain channel in non-blocking mode, watched by the kernel's host selector, which only
 * wakes the guest socket's queue. Bytes only: descriptors and credentials do not cross to a host
 * program. What arrives stays in the host's buffer until the guest reads or polls (a poll takes
 * up to 64 KiB into {@link #inbox} to answer).
 */
final class HostUnixConnection implements HostSelector.Watcher {
    /** How the guest socket sleeps: its own {@code Socket.await}. */
    interface Sleeper {
        long await(BooleanSupplier ready, long timeoutNs);
    }

    private final Object lock = new Object();
    private final HostSelector selector;
    private final SocketChannel ch;
    private final IntConsumer wake;
    private final ByteBuffer inbox = ByteBuffer.allocate(64 * 1024).flip();
    private SelectionKey key;
    private boolean eof, released, readable, writable = true, sndShut;
    private int error;

    HostUnixConnection(Network net, SocketChannel ch, IntConsumer wake) throws IOException {
        this.selector = net.hostSelector();
        this.ch = ch;
        this.wake = wake;
        ch.configureBlocking(false);
        selector.join();
        key = selector.register(ch, SelectionKey.OP_READ, this);
    }

    @Override
    public void ready(SelectionKey k, int ops) {
        synchronized (lock) {
            if ((ops & SelectionKey.OP_READ) != 0) readable = true;
            if ((ops & SelectionKey.OP_WRITE) != 0) writable = true;
            selector.interest(k, 0); // armed again when a reader or writer finds nothing to do
        }
        wake.accept(POLLIN | POLLOUT | POLLHUP);
    }

    @Override
    public void lost(RuntimeException e) {
        synchronized (lock) {
            error = Errno.EIO.number();
        }
        wake.accept(POLLERR);
    }

    private void arm(int ops) {
        if (key != null) selector.interest(key, key.interestOps() | ops);
    }

    /** Takes what the host has into the inbox (lock held): false when nothing came. */
    private boolean fill() {
        if (eof || inbox.hasRemaining()) return inbox.hasRemaining();
        try {
            inbox.clear();
            int n = ch.read(inbox);
            inbox.flip();
            if (n < 0) eof = true;
            if (n == 0) {
                readable = false;
                arm(SelectionKey.OP_READ);
            }
            return n > 0;
        } catch (IOException e) {
            inbox.clear().flip();
            error = HostNetErrors.errno(e).number();
            eof = true;
            return false;
        }
    }

    long receive(byte[] buf, int off, int len, boolean peek, boolean nonblocking, long timeout, Sleeper s) {
        while (true) {
            synchronized (lock) {
                if (released) return Errno.EBADF.negative();
                if (fill()) {
                    int n = Math.min(len, inbox.remaining());
                    if (peek) {
                        inbox.get(inbox.position(), buf, off, n);
                    } else {
                        inbox.get(buf, off, n);
                    }
                    return n;
                }
                if (error != 0) {
                    int e = error;
                    error = 0;
                    return -e;
                }
                if (eof || len == 0) return 0;
            }
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = s.await(() -> {
                synchronized (lock) {
                    return readable || eof || released || error != 0 || inbox.hasRemaining();
                }
            }, timeout);
            if (w != 0) return w;
        }
    }

    long send(byte[] data, int off, int len, boolean nonblocking, long timeout, Sleeper s) {
        int done = 0;
        while (true) {
            synchronized (lock) {
                if (released) return Errno.EBADF.negative();
                if (sndShut) return done > 0 ? done : Errno.EPIPE.negative();
                try {
                    int n = ch.write(ByteBuffer.wrap(data, off + done, len - done));
                    done += n;
                    if (done == len) return done;
                    if (n == 0) {
                        writable = false;
                        arm(SelectionKey.OP_WRITE);
                    }
                } catch (IOException e) {
                    Errno errno = HostNetErrors.errno(e);
                    return done > 0 ? done : (errno == Errno.ECONNRESET ? Errno.EPIPE : errno).negative();
                }
            }
            if (nonblocking) return done > 0 ? done : Errno.EAGAIN.negative();
            long w = s.await(() -> {
                synchronized (lock) {
                    return writable || released;
                }
            }, timeout);
            if (w != 0) return done > 0 ? done : w;
        }
    }

    long shutdown(boolean read, boolean write) {
        synchronized (lock) {
            try {
                if (write && !sndShut) {
                    sndShut = true;
                    ch.shutdownOutput();
                }
                if (read) {
                    eof = true;
                    ch.shutdownInput();
                }
            } catch (IOException e) {
                return 0; // already gone: Linux's unix_shutdown succeeds all the same
            }
        }
        wake.accept(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
        return 0;
    }

    int poll() {
        synchronized (lock) {
            int mask = 0;
            if (error != 0) mask |= POLLERR;
            if (fill() || eof) mask |= POLLIN | POLLRDNORM;
            if (eof) mask |= POLLRDHUP;
            if (eof && sndShut) mask |= POLLHUP;
            if (writable && !sndShut) {
                mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
            } else if (!writable) {
                arm(SelectionKey.OP_WRITE);
            }
            return mask;
        }
    }

    long available() {
        synchronized (lock) {
            fill();
            return inbox.remaining();
        }
    }

    void release() {
        SelectionKey k;
        synchronized (lock) {
            if (released) return;
            released = true;
            k = key;
        }
        selector.close(k, ch);
        selector.leave();
    }
}
