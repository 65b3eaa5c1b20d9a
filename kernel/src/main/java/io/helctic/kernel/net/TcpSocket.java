package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Poll.*;
import static io.helctic.abi.uapi.Socket.*;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.helctic.abi.Errno;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP socket (SOCK_STREAM of AF_INET or AF_INET6) over a host connection: a JDK
 * {@link SocketChannel} until it listens, a {@link ServerSocketChannel} after. Its states are
 * Linux's two: the protocol's ({@link Tcp}: CLOSE, LISTEN, SYN_SENT, ESTABLISHED and what follows
 * it) and the socket's ({@link Sock}, struct socket's SS_*), so connect, poll, shutdown and the
 * errors follow net/ipv4/af_inet.c and tcp.c step by step (a second connect after a non-blocking
 * one completed answers 0, the third EISCONN; a failed one leaves SO_ERROR and SHUTDOWN_MASK).
 *
 * <p>What arrives is taken in by whoever watches the host (a sleeping guest thread or the
 * selector's own thread, see {@link HostSelector}) as soon as the host reports it, into a buffer
 * of the kernel's (64 KiB), from which receive, MSG_PEEK, FIONREAD and poll are answered: the
 * channel stays watched for reading while that buffer has room, so a connection costs no
 * interest changes and no selector wake-ups. Poll, FIONREAD and a receive that wants more than
 * the buffer holds still read the host first, since what it holds but no one has reported yet
 * counts (Linux's loopback delivers during the sender's call). When the buffer is full the host
 * is no longer read, and TCP's window holds the peer back as on Linux. A listening socket leaves
 * connections in the host's queue until accept or poll asks. A send goes to the host at once;
 * when the host's buffer is full the sender sleeps until the selector sees room.
 */
final class TcpSocket extends InetSocket {
    /** The kernel's share of a connection's receive buffer. */
    private static final int RX_CAP = 64 * 1024, TX_CAP = 16 * 1024;

    /** The protocol's state (sk_state). ESTABLISHED stands for every synchronized state. */
    private enum Tcp { CLOSE, LISTEN, SYN_SENT, ESTABLISHED }

    /** The socket's state (struct socket's state). */
    private enum Sock { UNCONNECTED, CONNECTING, CONNECTED }

    private Tcp tcp = Tcp.CLOSE;
    private Sock sock = Sock.UNCONNECTED;
    /** The connection's channel (null once listening, or after a failed connect closed it). */
    private SocketChannel ch;
    private ServerSocketChannel server;
    /** Where bind put the host socket (with its real port), kept for a channel opened later. */
    private InetSocketAddress boundHost;
    private SockAddr peer;
    /** Bytes taken from the host and not yet received (write mode: position = bytes held). */
    private ByteBuffer rx;
    /** What a send hands the host, chunk by chunk (made at the first send, lock held). */
    private ByteBuffer tx;
    /** FIN received (SOCK_DONE); RCV_SHUTDOWN and SEND_SHUTDOWN of sk_shutdown; this end's FIN sent. */
    private boolean fin, rcvShut, sndShut, finSent;
    /** The host's send buffer was full at the last send: no POLLOUT until the selector sees room. */
    private boolean writeBlocked;
    /** The host had no connection to accept at the last look: the selector watches for one. */
    private boolean readArmed;
    /** Connections taken from the host, not yet accepted. */
    private final ArrayDeque<SocketChannel> pending = new ArrayDeque<>();
    /** What the host's accept last failed with (EMFILE, ...), for accept to answer. */
    private Errno acceptFailure;
    /** The guest set SO_RCVBUF / SO_SNDBUF (the host's own values are not shown then). */
    private volatile boolean rcvbufSet, sndbufSet;

    /** A connection's host ends, the key of {@link Network#connections}. */
    record Ends(SocketAddress local, SocketAddress remote) {
        Ends reversed() {
            return new Ends(remote, local);
        }

        // written out: a record's own equals and hashCode spin method-handle classes at first use
        @Override public boolean equals(Object o) {
            return o instanceof Ends e && java.util.Objects.equals(e.local, local) && java.util.Objects.equals(e.remote, remote);
        }

        @Override public int hashCode() {
            return java.util.Objects.hashCode(local) * 31 + java.util.Objects.hashCode(remote);
        }
    }

    /** This connection's host ends while it is in {@link Network#connections}, and the other side's. */
    private Ends ends, theirs;
    /** The other end, when it is a socket of this kernel (found at the first send that looks). */
    private volatile TcpSocket here;
    /**
     * What the host may hold that no watching thread has seen ({@link #NOTHING}, {@link #BYTES}
     * or {@link #END}): bytes on a new connection, after a partial read or a full buffer, or
     * after a send by the other end in this kernel (the host's loopback delivered them during
     * that call); the end (a FIN or a reset) when that end shut down or closed. Poll and receive
     * then read the host channel themselves, through to the end when one may be there.
     * Otherwise, while a thread watches the host, what arrives is taken in as soon as it is
     * reported, and what the host holds unreported is still on its way, as on a wire.
     */
    private volatile int unreported = BYTES;
    private static final int NOTHING = 0, BYTES = 1, END = 2;

    private TcpSocket(Network net, int domain, SocketChannel ch) {
        super(net, domain, SOCK_STREAM, IPPROTO_TCP, Sysctl.TCP_RMEM[1], Sysctl.TCP_WMEM[1]);
        this.ch = ch;
    }

    /** socket(): a new socket with an unbound host channel. */
    static Result<Socket> create(Network net, int domain) {
        Result<SocketChannel> ch = open(domain, SocketChannel::open);
        return ch.failed() ? ch.cast() : Result.ok(new TcpSocket(net, domain, ch.value()));
    }

    /** A connection accept() takes: established, inheriting the listener's options. */
    private static TcpSocket accepted(TcpSocket listener, SocketChannel c) {
        TcpSocket s = new TcpSocket(listener.net, listener.domain, c);
        s.inherit(listener);
        synchronized (s.lock) {
            s.sock = Sock.CONNECTED;
            s.established();
        }
        return s;
    }

    @Override
    NetworkChannel channel() {
        return server != null ? server : ch;
    }

    @Override
    boolean bound() {
        synchronized (lock) {
            return server != null || boundHost != null || hostLocal() != null;
        }
    }

    /** The host channel's local address, or null (lock held). */
    private SocketAddress hostLocal() {
        try {
            NetworkChannel c = channel();
            return c == null ? null : c.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected long optionChanged(int name, int value) {
        if (name == SO_RCVBUF) rcvbufSet = true;
        if (name == SO_SNDBUF) sndbufSet = true;
        return super.optionChanged(name, value);
    }

    // ---- names ---------------------------------------------------------------------------------

    @Override
    long bindHost(InetSocketAddress at) throws IOException {
        long r = openChannel();
        if (r < 0) return r;
        ch.bind(at);
        boundHost = (InetSocketAddress) ch.getLocalAddress();
        return 0;
    }

    /** A connection channel when there is none (lock held): bound again where bind put the last one. */
    private long openChannel() {
        if (ch != null && ch.isOpen()) return 0;
        Result<SocketChannel> opened = open(domain, SocketChannel::open);
        if (opened.failed()) return opened.negative();
        SocketChannel c = opened.value();
        applyOptions(c);
        if (boundHost != null) {
            try {
                c.bind(boundHost);
            } catch (IOException | RuntimeException e) {
                try {
                    c.close();
                } catch (IOException x) {
                    // nothing held
                }
                return HostNetErrors.negative(e);
            }
        }
        ch = c;
        return 0;
    }

    @Override
    public SockAddr localAddress() {
        synchronized (lock) {
            SocketAddress a = hostLocal();
            if (a == null) a = boundHost;
            return a == null ? any(0) : shownLocal(a);
        }
    }

    @Override
    public SockAddr peerAddress() {
        synchronized (lock) {
            return tcp == Tcp.ESTABLISHED ? peer : null;
        }
    }

    // ---- listening -----------------------------------------------------------------------------

    @Override
    public long listen(int backlog) {
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            if (sock != Sock.UNCONNECTED) return Errno.EINVAL.negative();
            int max = (int) Math.min(Integer.toUnsignedLong(backlog), net.somaxconn());
            if (tcp == Tcp.LISTEN) return 0; // the host's queue keeps the length it was given

            if (tcp != Tcp.CLOSE) return Errno.EINVAL.negative();
            SocketAddress local = hostLocal();
            if (local == null) local = boundHost;
            if (local == null) local = autobindAddress(null);
            if (local == null) local = (InetSocketAddress) host(any(0));
            Result<ServerSocketChannel> opened = open(domain, ServerSocketChannel::open);
            if (opened.failed()) return opened.negative();
            ServerSocketChannel s = opened.value();
            try {
                s.setOption(StandardSocketOptions.SO_REUSEADDR, recorded(SO_REUSEADDR) != 0); // the JDK's default is on
            } catch (IOException | RuntimeException e) {
                // as the host has it
            }
            applyOptions(s);
            // its port goes to the listening channel; an unconnected channel is never watched, so
            // its close is the host's at once (and never waits for the selector under this lock)
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed anyway
                }
            }
            ch = null;
            key = null;
            try {
                s.bind(local, Math.max(max, 1));
            } catch (IOException | RuntimeException e) {
                try {
                    s.close();
                } catch (IOException x) {
                    // nothing held
                }
                openChannel(); // bound again where it was, as far as the host lets it
                return HostNetErrors.negative(e);
            }
            server = s;
            tcp = Tcp.LISTEN;
            readArmed = true; // the first connection wakes the waiters
            updateInterest();
            return 0;
        }
    }

    @Override
    public boolean listening() {
        synchronized (lock) {
            return tcp == Tcp.LISTEN;
        }
    }

    /**
     * Takes one of the host's waiting connections into the queue when it is empty (lock held):
     * POLLIN when there is one; when the host has none, the selector watches for one. A v6-only
     * socket refuses an IPv4 peer (reset), which Linux would never have matched with it.
     */
    private int acceptPending() {
        if (tcp != Tcp.LISTEN || server == null) return 0;
        for (int tries = 0; pending.isEmpty() && tries < 16; tries++) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                Errno en = HostNetErrors.errno(e);
                if (en != Errno.ECONNABORTED) acceptFailure = en; // EMFILE, ENOBUFS: the caller's to see
                continue; // an aborted connection: Linux never shows it to accept either
            }
            if (c == null) {
                readArmed = true;
                updateInterest();
                break;
            }
            try {
                c.configureBlocking(false);
                if (v6only && c.getRemoteAddress() instanceof InetSocketAddress r && r.getAddress() instanceof java.net.Inet4Address) {
                    c.setOption(StandardSocketOptions.SO_LINGER, 0);
                    c.close();
                    continue;
                }
            } catch (IOException e) {
                continue;
            }
            pending.add(c);
        }
        return pending.isEmpty() ? 0 : POLLIN | POLLRDNORM;
    }

    @Override
    public Result<Socket> accept(int flags, boolean nonblocking) {
        long timeout = receiveTimeoutNs();
        while (true) {
            SocketChannel c;
            synchronized (lock) {
                if (tcp != Tcp.LISTEN) return Result.err(Errno.EINVAL);
                acceptPending();
                c = pending.poll();
                if (c == null && acceptFailure != null) {
                    Errno e = acceptFailure;
                    acceptFailure = null;
                    return Result.err(e);
                }
            }
            if (c != null) {
                TcpSocket s = accepted(this, c);
                if ((flags & SOCK_NONBLOCK) != 0) s.setStatusFlags(Fcntl.O_NONBLOCK);
                return Result.ok(s);
            }
            if (nonblocking) return Result.err(Errno.EAGAIN);
            long w = await(() -> {
                synchronized (lock) {
                    acceptPending();
                    return tcp != Tcp.LISTEN || !pending.isEmpty() || acceptFailure != null;
                }
            }, timeout);
            if (w != 0) return Result.err(w);
        }
    }

    // ---- connecting ----------------------------------------------------------------------------

    /**
     * Linux's inet_stream_connect: EISCONN when connected (or listening), EALREADY while a
     * connection is under way (a blocking call then waits for it), EINPROGRESS for a non-blocking
     * one just begun; when the wait ends with the connection refused or reset, its error (or
     * ECONNABORTED when SO_ERROR took it) and the socket is unconnected again.
     */
    @Override
    public long connect(SockAddr addr, boolean nonblocking) {
        if (addr instanceof SockAddr.Unspec) return disconnect();
        long err;
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            switch (sock) {
                case CONNECTED -> {
                    return Errno.EISCONN.negative();
                }
                case CONNECTING -> err = Errno.EALREADY.negative();
                default -> {
                    if (tcp != Tcp.CLOSE) return Errno.EISCONN.negative();
                    long r = reachable(addr);
                    if (r < 0) return r;
                    rcvShut = sndShut = fin = finSent = false;
                    error = 0;
                    if (port(addr) == 0) { // the host's refusal, which the JDK will not ask for
                        sock = Sock.CONNECTING;
                        failed(Errno.ECONNREFUSED);
                    } else {
                        r = openChannel();
                        if (r < 0) return r;
                        try {
                            boolean now = ch.connect(host(addr));
                            sock = Sock.CONNECTING;
                            if (now) established();
                            else tcp = Tcp.SYN_SENT;
                            updateInterest();
                        } catch (IOException | RuntimeException e) {
                            ch = null; // the JDK closed it
                            key = null;
                            return HostNetErrors.negative(e);
                        }
                    }
                    err = Errno.EINPROGRESS.negative();
                    if (nonblocking) return err;
                }
            }
        }
        java.util.function.BooleanSupplier settled = () -> {
            synchronized (lock) {
                if (tcp == Tcp.SYN_SENT) finish();
                return tcp != Tcp.SYN_SENT || sock != Sock.CONNECTING;
            }
        };
        if (nonblocking) {
            if (!settled.getAsBoolean()) return err;
        } else {
            long w = await(settled, sendTimeoutNs());
            if (w == Errno.EAGAIN.negative()) return err; // SO_SNDTIMEO passed: still under way
            if (w != 0) return w;
        }
        synchronized (lock) {
            if (sock == Sock.CONNECTED) return Errno.EISCONN.negative();
            if (sock != Sock.CONNECTING) return err;
            if (tcp == Tcp.CLOSE) { // refused, reset or timed out: unconnected again (tcp_disconnect)
                int e = error;
                error = 0;
                sock = Sock.UNCONNECTED;
                rcvShut = sndShut = fin = finSent = false;
                return e != 0 ? -e : Errno.ECONNABORTED.negative();
            }
            sock = Sock.CONNECTED;
            return 0;
        }
    }

    @Override
    void hostNews() {
        if (tcp == Tcp.SYN_SENT) finish();
        pull(RX_CAP);
    }

    /** A connection attempt failed (lock held): tcp_done with sk_err set. */
    private void failed(Errno e) {
        error = e.number();
        tcp = Tcp.CLOSE;
        rcvShut = sndShut = true;
        if (ch != null && !ch.isOpen()) {
            ch = null;
            key = null;
        }
    }

    /** Completes a connection under way if the host has (lock held): the poll bits that changed. */
    private int finish() {
        if (tcp != Tcp.SYN_SENT || ch == null) return 0;
        try {
            if (!ch.finishConnect()) return 0;
        } catch (IOException | RuntimeException e) {
            failed(HostNetErrors.errno(e));
            return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP | POLLRDHUP;
        }
        established();
        return POLLOUT | POLLWRNORM;
    }

    /** The connection is up (lock held). */
    private void established() {
        tcp = Tcp.ESTABLISHED;
        try {
            peer = guest(ch.getRemoteAddress());
            if (!rcvbufSet) rcvbuf = ch.getOption(StandardSocketOptions.SO_RCVBUF);
            if (!sndbufSet) sndbuf = ch.getOption(StandardSocketOptions.SO_SNDBUF);
        } catch (IOException | RuntimeException e) {
            // shown as it was
        }
        if (rx == null) rx = ByteBuffer.allocateDirect(RX_CAP); // (a heap buffer is read through a temporary direct one)
        try {
            ends = new Ends(ch.getLocalAddress(), ch.getRemoteAddress());
            theirs = ends.reversed();
            net.connections().put(ends, this);
        } catch (IOException | RuntimeException e) {
            ends = theirs = null; // the other end, if here, reads its host socket on each look
        }
        unreported = BYTES;
        updateInterest(); // from now on the selector takes in what arrives
    }

    /** This end sent bytes ({@link #BYTES}) or its end ({@link #END}): the other end, if it is in this kernel, must look at its host socket. */
    private void told(Ends other, int what) {
        if (other == null) return;
        TcpSocket p = here;
        if (p == null) here = p = net.connections().get(other);
        if (p != null && p.unreported < what) p.unreported = what;
    }

    /** The connection's host socket was closed (lock not held): it leaves the kernel's table, and the other end looks. */
    private void gone(Ends mine, Ends other) {
        if (mine != null) net.connections().remove(mine, this);
        told(other, END);
        here = null;
    }

    /**
     * Whether the host channel must be read before an answer (lock held): when it may hold what
     * the other end sent in this kernel (see {@link #unreported}), or when nothing is buffered
     * and no thread watches the host (so nothing else would ever take it in). With bytes
     * buffered, what else the host holds only arrived later, as far as anyone can tell.
     */
    private boolean mayHold() {
        return rx != null && (unreported != NOTHING || rx.position() == 0 && !selector.watched());
    }

    /** connect(AF_UNSPEC): tcp_disconnect, a reset for a connection, and an unconnected socket. */
    private long disconnect() {
        SelectableChannel old = null;
        SelectionKey k;
        Ends mine, other;
        List<SocketChannel> dropped = new ArrayList<>();
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            k = key;
            if (tcp == Tcp.LISTEN) {
                old = server;
                server = null;
                dropped.addAll(pending);
                pending.clear();
            } else if (tcp != Tcp.CLOSE) {
                old = ch;
                ch = null;
                error = Errno.ECONNRESET.number();
                try {
                    ((SocketChannel) old).setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException | RuntimeException e) {
                    // closed anyway
                }
            } else if (ch != null && ch.isConnected()) {
                old = ch; // a connection that ended (reset, both FINs): a new channel for the next connect
                ch = null;
            }
            if (old != null) key = null;
            tcp = Tcp.CLOSE;
            sock = Sock.UNCONNECTED;
            rcvShut = sndShut = fin = finSent = writeBlocked = false;
            if (rx != null) rx.clear();
            peer = null;
            mine = ends;
            other = theirs;
            ends = theirs = null;
        }
        for (SocketChannel c : dropped) reset(c);
        if (old != null) closeWatched(k, old);
        gone(mine, other);
        changed(POLLIN | POLLOUT | POLLHUP | POLLERR | POLLRDHUP);
        return 0;
    }

    /** Closes a host connection with a reset. */
    private static void reset(SocketChannel c) {
        try {
            c.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // closed anyway
        }
        try {
            c.close();
        } catch (IOException e) {
            // gone
        }
    }

    // ---- the selector ----------------------------------------------------------------------------

    /** What the host channel is watched for now (lock held). */
    private void updateInterest() {
        switch (tcp) {
            case LISTEN -> watch(server, readArmed ? OP_ACCEPT : 0);
            case SYN_SENT -> watch(ch, OP_CONNECT);
            case ESTABLISHED -> watch(ch, (!fin && error == 0 && rx.position() < RX_CAP ? OP_READ : 0) | (writeBlocked ? OP_WRITE : 0));
            case CLOSE -> {
                if (key != null && key.isValid()) selector.interest(key, 0);
            }
        }
    }

    @Override
    public void ready(SelectionKey k, int ops) {
        int events = 0;
        synchronized (lock) {
            if (released || k != key) return;
            if ((ops & OP_ACCEPT) != 0 && readArmed) {
                // a connection arrived: the waiters look (accept takes it from the host)
                readArmed = false;
                events |= POLLIN | POLLRDNORM;
            }
            if ((ops & OP_READ) != 0 && tcp == Tcp.ESTABLISHED && pull(RX_CAP) != 0) {
                // bytes, a FIN or a reset arrived and were taken in: the waiters look
                events |= POLLIN | POLLRDNORM | POLLRDHUP | POLLHUP | POLLERR;
            }
            if ((ops & OP_CONNECT) != 0) events |= finish();
            if ((ops & OP_WRITE) != 0 && writeBlocked) {
                writeBlocked = false;
                events |= POLLOUT | POLLWRNORM;
            }
            updateInterest();
        }
        if (events != 0) changed(events);
        // sk_data_ready / sk_write_space as the host's selector sees them: once per arrival the selector
        // reports (not per segment), and room again after a send found none
        if ((events & POLLIN) != 0) wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN);
        if ((events & POLLOUT) != 0) wakeAsync(io.helctic.abi.uapi.Signal.POLL_OUT);
    }

    /**
     * Takes what the host has received into the buffer until it holds {@code want} bytes more, or
     * the host has no more (lock held): one read, unless it filled what was asked and the host may
     * hold more (a short read took all there was). Returns the poll bits that changed.
     */
    private int pull(int want) {
        if (tcp != Tcp.ESTABLISHED || fin || error != 0 || ch == null) return 0;
        int before = rx.position();
        int until = (int) Math.min(RX_CAP, (long) before + Math.max(want, 1));
        boolean end = unreported == END; // the other end in this kernel shut down: its FIN counts
        unreported = NOTHING; // before the read: a send by the other end after it sets it again
        try {
            while (rx.position() < until) {
                int space = until - rx.position();
                rx.limit(until);
                int n;
                try {
                    n = ch.read(rx);
                } finally {
                    rx.limit(RX_CAP);
                }
                if (n < 0) {
                    fin = true;
                    rcvShut = true;
                    if (finSent) closedBothWays();
                    else updateInterest();
                    break;
                }
                if (n == 0 || n < space && !end) break; // the host has no more: the selector watches for it
            }
            if (!fin && rx.position() >= until) unreported = end ? END : BYTES; // stopped where the host may hold more
            if (rx.position() == RX_CAP) updateInterest(); // full: no more until the guest takes some
        } catch (IOException | RuntimeException e) {
            Errno en = HostNetErrors.errno(e);
            reset(en == Errno.EBADF ? Errno.ECONNRESET : en);
            return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP | POLLRDHUP;
        }
        int events = rx.position() > before ? POLLIN | POLLRDNORM : 0;
        if (fin) events |= POLLIN | POLLRDNORM | POLLRDHUP;
        return events;
    }

    /**
     * Both ends sent their FIN (lock held): the connection goes to TIME_WAIT or LAST_ACK and the
     * socket to CLOSE, as Linux's (getpeername then answers ENOTCONN, poll POLLHUP).
     */
    private void closedBothWays() {
        tcp = Tcp.CLOSE;
        updateInterest();
    }

    /** The connection was reset (lock held): tcp_reset's error and tcp_done's closed state. */
    private void reset(Errno e) {
        error = e.number();
        tcp = Tcp.CLOSE;
        rcvShut = sndShut = true;
        writeBlocked = false;
        updateInterest();
    }

    // ---- data ----------------------------------------------------------------------------------

    @Override
    public long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control) {
        if ((flags & MSG_OOB) != 0) return Errno.EOPNOTSUPP.negative(); // no urgent data through the JDK
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        long timeout = sendTimeoutNs();
        int done = 0;
        while (true) {
            synchronized (lock) {
                if (tcp == Tcp.SYN_SENT) finish();
                if (tcp == Tcp.CLOSE || tcp == Tcp.LISTEN) { // sk_stream_wait_connect
                    if (done > 0) return done;
                    int e = error;
                    error = 0;
                    return e != 0 ? -e : Errno.EPIPE.negative();
                }
                if (tcp == Tcp.ESTABLISHED) {
                    if (error != 0 || sndShut) {
                        if (done > 0) return done;
                        int e = error;
                        error = 0;
                        return e != 0 ? -e : Errno.EPIPE.negative();
                    }
                    if (len == 0) return 0;
                    try {
                        // through the socket's own direct buffer: a heap buffer would be copied into a
                        // temporary direct one of the JDK's per-thread cache, after a wrapper's allocation
                        if (tx == null) tx = ByteBuffer.allocateDirect(TX_CAP);
                        while (done < len) {
                            int n = Math.min(len - done, TX_CAP);
                            tx.clear();
                            tx.put(data, off + done, n).flip();
                            int w = ch.write(tx);
                            done += w;
                            if (w < n) break;
                        }
                        told(theirs, BYTES);
                    } catch (IOException | RuntimeException e) {
                        Errno en = HostNetErrors.errno(e);
                        reset(en);
                        error = 0; // this send reports it
                        changed(POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP);
                        return done > 0 ? done : -en.number();
                    }
                    if (done == len) return done;
                    writeBlocked = true;
                    updateInterest();
                }
            }
            if (nonblocking) return done > 0 ? done : Errno.EAGAIN.negative();
            long w = await(() -> {
                synchronized (lock) {
                    if (tcp == Tcp.SYN_SENT) finish();
                    return tcp != Tcp.SYN_SENT && (tcp != Tcp.ESTABLISHED || !writeBlocked || error != 0 || sndShut);
                }
            }, timeout);
            if (w != 0) return done > 0 ? done : w;
        }
    }

    @Override
    public long receive(byte[] buf, int off, int len, int flags, Received info) {
        if ((flags & MSG_ERRQUEUE) != 0) return recvErrQueue();
        if ((flags & MSG_OOB) != 0) return Errno.EINVAL.negative(); // no urgent data is ever waiting
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        boolean peek = (flags & MSG_PEEK) != 0;
        boolean waitall = (flags & MSG_WAITALL) != 0 && !peek;
        long timeout = receiveTimeoutNs();
        int done = 0;
        while (true) {
            synchronized (lock) {
                if (tcp == Tcp.LISTEN) return Errno.ENOTCONN.negative();
                if (tcp == Tcp.SYN_SENT) finish();
                if (rx != null && rx.position() < len - done && mayHold()) pull(RX_CAP); // what the host holds counts too, as on Linux
                int avail = rx == null ? 0 : rx.position();
                if (avail > 0 && (done < len || len == 0)) {
                    int n = Math.min(len - done, avail);
                    rx.get(0, buf, off + done, n);
                    if (!peek) consume(n);
                    done += n;
                    if (done >= len || !waitall) return done;
                    continue;
                }
                if (fin) return done;
                if (error != 0) {
                    if (done > 0) return done;
                    int e = error;
                    error = 0;
                    return -e;
                }
                if (rcvShut) return done;
                if (tcp == Tcp.CLOSE) return done > 0 ? done : Errno.ENOTCONN.negative();
            }
            if (nonblocking) return done > 0 ? done : Errno.EAGAIN.negative();
            long w = await(() -> {
                synchronized (lock) {
                    if (tcp == Tcp.SYN_SENT) finish();
                    if (mayHold()) pull(RX_CAP);
                    return (rx != null && rx.position() > 0) || fin || error != 0 || rcvShut || tcp == Tcp.CLOSE
                            || tcp == Tcp.LISTEN;
                }
            }, timeout);
            if (w != 0) return done > 0 ? done : w;
        }
    }

    /** Drops the first n buffered bytes (lock held). */
    private void consume(int n) {
        boolean full = rx.position() == RX_CAP;
        rx.flip();
        rx.position(n);
        rx.compact();
        if (full) {
            if (unreported == NOTHING) unreported = BYTES; // the host was not read while the buffer was full
            updateInterest(); // room again: the selector takes more in
        }
    }

    @Override
    public long shutdown(int how) {
        if (how < SHUT_RD || how > SHUT_RDWR) return Errno.EINVAL.negative();
        boolean rd = how != SHUT_WR, wr = how != SHUT_RD;
        long r = 0;
        SelectableChannel old = null;
        SelectionKey k = null;
        List<SocketChannel> dropped = List.of();
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            if (sock == Sock.CONNECTING) sock = tcp == Tcp.ESTABLISHED ? Sock.CONNECTED : Sock.UNCONNECTED;
            switch (tcp) {
                case CLOSE -> {
                    r = Errno.ENOTCONN.negative(); // and the flags are set anyway, as Linux
                    rcvShut |= rd;
                    sndShut |= wr;
                }
                case ESTABLISHED -> {
                    rcvShut |= rd;
                    if (wr && !sndShut) {
                        sndShut = true;
                        try {
                            ch.shutdownOutput(); // the FIN
                            finSent = true;
                            told(theirs, END);
                        } catch (IOException | RuntimeException e) {
                            // the connection is gone: a send will say so
                        }
                        if (fin) closedBothWays();
                    }
                }
                case LISTEN -> {
                    if (rd) { // stops listening
                        old = server;
                        k = key;
                        server = null;
                        key = null;
                        dropped = new ArrayList<>(pending);
                        pending.clear();
                        tcp = Tcp.CLOSE;
                        sock = Sock.UNCONNECTED;
                    }
                }
                case SYN_SENT -> { // the attempt is abandoned
                    old = ch;
                    k = key;
                    ch = null;
                    key = null;
                    tcp = Tcp.CLOSE;
                    sock = Sock.UNCONNECTED;
                    error = Errno.ECONNRESET.number();
                }
            }
        }
        for (SocketChannel c : dropped) reset(c);
        if (old != null) closeWatched(k, old);
        changed(POLLIN | POLLOUT | POLLHUP | POLLRDHUP | POLLERR);
        return r;
    }

    // ---- the file ------------------------------------------------------------------------------

    /** Linux's tcp_poll. */
    @Override
    public int poll(int events) {
        selector.bind(); // a sleep that follows may watch the host for this socket
        int mask = 0;
        synchronized (lock) {
            if (tcp == Tcp.LISTEN) {
                acceptPending();
                return pending.isEmpty() ? 0 : (POLLIN | POLLRDNORM) & events;
            }
            if (tcp == Tcp.SYN_SENT) finish();
            if (mayHold()) pull(RX_CAP); // what the host holds unreported counts: loopback delivers at once on Linux
            if (rcvShut && sndShut || tcp == Tcp.CLOSE) mask |= POLLHUP;
            if (rcvShut) mask |= POLLIN | POLLRDNORM | POLLRDHUP;
            if (tcp != Tcp.SYN_SENT) {
                if (rx != null && rx.position() > 0) mask |= POLLIN | POLLRDNORM;
                if (sndShut || !writeBlocked) mask |= POLLOUT | POLLWRNORM;
            }
            if (error != 0) mask |= POLLERR;
        }
        return mask & (events | POLLERR | POLLHUP);
    }

    @Override
    public long available() {
        synchronized (lock) {
            if (tcp == Tcp.LISTEN) return Errno.EINVAL.negative();
            if (mayHold()) pull(RX_CAP);
            return rx == null ? 0 : rx.position();
        }
    }

    /** SIOCOUTQ: the kernel holds no unsent bytes (each send goes to the host); the host's own count is not visible. */
    @Override
    public long unsent() {
        synchronized (lock) {
            return tcp == Tcp.LISTEN ? Errno.EINVAL.negative() : 0;
        }
    }

    @Override
    protected void release() {
        SelectableChannel c;
        SelectionKey k;
        Ends mine, other;
        List<SocketChannel> dropped;
        synchronized (lock) {
            if (released) return;
            released = true;
            c = server != null ? server : ch;
            k = key;
            dropped = new ArrayList<>(pending);
            pending.clear();
            // unread bytes make Linux's close a reset
            if (ch != null && tcp == Tcp.ESTABLISHED && rx.position() > 0) {
                try {
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException | RuntimeException e) {
                    // closed anyway
                }
            }
            tcp = Tcp.CLOSE;
            server = null;
            ch = null;
            key = null;
            mine = ends;
            other = theirs;
            ends = theirs = null;
        }
        for (SocketChannel d : dropped) reset(d);
        if (c != null) closeWatched(k, c);
        gone(mine, other);
        selector.leave();
        queue.release();
    }
}
