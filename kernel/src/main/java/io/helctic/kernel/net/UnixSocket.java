package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Poll.*;
import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.WaitQueue;
import io.helctic.kernel.vfs.Result;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AF_UNIX in the kernel: SOCK_STREAM, SOCK_SEQPACKET and SOCK_DGRAM, as Linux's net/unix/af_unix.c
 * behaves. Each socket has a receive queue of segments (the bytes of one send, with the sender's
 * address and credentials and any descriptors in flight); a sender appends to its peer's queue,
 * waiting while it is full, and wakes the peer; a receiver takes from its own and wakes the
 * sender. Names are abstract (in the {@link Network}), paths (socket files of the guest's
 * filesystems, found by inode), or none; a listening socket's queue holds the server ends of
 * connections not yet accepted.
 */
public final class UnixSocket extends Socket {
    /** SO_SNDBUF and SO_RCVBUF of a new socket (net.core.wmem_default). */
    private static final int DEFAULT_BUF = 212_992;

    /** The bytes of one send (or a piece of a stream's), what rides with them, and how much is consumed. */
    private static final class Segment {
        final byte[] data;
        int pos;
        final SockAddr.Unix from;
        final int[] creds;
        List<Ancillary> rights;
        /** The connected sender whose send buffer these bytes fill (null for a datagram). */
        final UnixSocket sender;
        /** A datagram's sender, whose {@link #dgramCharge} it counts in until it is read. */
        UnixSocket charged;

        Segment(byte[] data, SockAddr.Unix from, int[] creds, List<Ancillary> rights, UnixSocket sender) {
            this.data = data;
            this.from = from;
            this.creds = creds;
            this.rights = rights;
            this.sender = sender;
        }

        int left() { return data.length - pos; }
    }

    private enum State { UNCONNECTED, LISTENING, CONNECTED }

    /** Guards every socket's state and queues: connections join two sockets, and one lock keeps their moves atomic. */
    private final Object lock;
    private State state = State.UNCONNECTED;
    private SockAddr.Unix name = SockAddr.Unix.UNNAMED;
    private UnixSocket peer;
    /** Bytes this socket sent that wait in its peer's queue (SIOCOUTQ, and the send buffer's fill). */
    private int unread;
    private final ArrayDeque<Segment> rx = new ArrayDeque<>();
    /** What this socket's datagrams not yet read take of its send buffer (an atomic: the receiver's lock is not ours). */
    private final java.util.concurrent.atomic.AtomicInteger dgramCharge = new java.util.concurrent.atomic.AtomicInteger();

    /** A datagram's charge to its sender's buffer: the bytes and, as Linux's skb truesize, an overhead. */
    private static int charge(int len) {
        return len + 512;
    }
    private int rxBytes;
    /** A listening socket's connections not yet accepted. */
    private final ArrayDeque<UnixSocket> backlog = new ArrayDeque<>();
    private int maxBacklog;
    private boolean rcvShut, sndShut, closed;
    /** SO_ERROR: ECONNRESET when the peer closed with bytes unread, for instance. */
    private int error;
    /** A stream connected to a host program's socket file (null for a peer in the kernel), and that file's name. */
    private volatile HostUnixConnection host;
    private SockAddr.Unix hostName;
    /** The peer's credentials when the connection was made (SO_PEERCRED), and this socket's own from listen(). */
    private int[] peerCred, listenCred;

    private UnixSocket(Network net, int type, Object lock) {
        super(net, AF_UNIX, type, 0, DEFAULT_BUF, DEFAULT_BUF);
        this.lock = lock;
    }

    /** A new unconnected socket. */
    public static UnixSocket create(Network net, int type) {
        return new UnixSocket(net, type, new Object());
    }

    /** socketpair: two connected sockets, each the other's peer, with the caller's credentials. */
    public static UnixSocket[] pair(Network net, int type) {
        Object lock = new Object();
        UnixSocket a = new UnixSocket(net, type, lock), b = new UnixSocket(net, type, lock);
        int[] me = net.credentials();
        a.peer = b;
        b.peer = a;
        a.peerCred = me;
        b.peerCred = me;
        a.state = State.CONNECTED;
        b.state = State.CONNECTED;
        return new UnixSocket[] {a, b};
    }

    private boolean stream() { return type == SOCK_STREAM; }

    private boolean connectionBased() { return type != SOCK_DGRAM; }

    // ---- names ---------------------------------------------------------------------------------

    @Override
    public long bind(SockAddr addr) {
        if (!(addr instanceof SockAddr.Unix u)) return Errno.EINVAL.negative();
        boolean bound;
        synchronized (lock) {
            bound = !name.unnamed() || closed;
        }
        if (bound) {
            // Linux makes a path's node first (EADDRINUSE when the name is taken), then finds the socket bound
            Network.Filesystem fs = net.filesystem();
            if (!u.unnamed() && !u.isAbstract() && fs != null && fs.find(u.path()).errno() != Errno.ENOENT.number()) {
                return Errno.EADDRINUSE.negative();
            }
            return Errno.EINVAL.negative();
        }
        if (u.unnamed()) return autobind() ? 0 : Errno.ENOSPC.negative();
        if (u.isAbstract()) {
            if (!net.bindAbstract(u, this)) return Errno.EADDRINUSE.negative();
            return named(u);
        }
        Network.Filesystem fs = net.filesystem();
        if (fs == null) return Errno.EOPNOTSUPP.negative();
        Result<Network.NodeKey> made = fs.make(u.path());
        if (made.failed()) return made.negative();
        net.bindNode(made.value(), this);
        return named(u);
    }

    private long named(SockAddr.Unix u) {
        synchronized (lock) {
            if (!name.unnamed()) { // another thread bound it meanwhile
                net.unbind(this);
                return Errno.EINVAL.negative();
            }
            name = u;
        }
        return 0;
    }

    /** Linux's autobind: an abstract name of five hex digits, for an unnamed socket. */
    private boolean autobind() {
        SockAddr.Unix a = net.autobind(this);
        return a != null && named(a) == 0;
    }

    /** The socket bound to {@code addr}: ECONNREFUSED when none is (or the file is not a socket), ENOENT for a missing file. */
    private Result<UnixSocket> find(SockAddr addr) {
        if (!(addr instanceof SockAddr.Unix u) || u.unnamed()) return Result.err(Errno.EINVAL);
        if (u.isAbstract()) { // found by name and type: another type's socket is not there
            UnixSocket s = net.findAbstract(u);
            return s != null && s.type == type ? Result.ok(s) : Result.err(Errno.ECONNREFUSED);
        }
        Network.Filesystem fs = net.filesystem();
        if (fs == null) return Result.err(Errno.ECONNREFUSED);
        Result<Network.NodeKey> key = fs.find(u.path());
        if (key.failed()) return key.cast();
        UnixSocket s = net.findNode(key.value());
        return s != null ? Result.ok(s) : Result.err(Errno.ECONNREFUSED);
    }

    @Override
    public SockAddr localAddress() {
        synchronized (lock) {
            return name;
        }
    }

    @Override
    public SockAddr peerAddress() {
        UnixSocket p;
        synchronized (lock) {
            if (state != State.CONNECTED) return null;
            if (host != null) return hostName;
            p = peer;
        }
        if (p == null) return null;
        return p.localAddress();
    }

    // ---- connections ---------------------------------------------------------------------------

    @Override
    public long listen(int backlog) {
        if (!connectionBased()) return Errno.EOPNOTSUPP.negative();
        synchronized (lock) {
            if (name.unnamed() || state == State.CONNECTED) return Errno.EINVAL.negative();
            maxBacklog = (int) Math.min(Integer.toUnsignedLong(backlog), net.somaxconn());
            if (state != State.LISTENING) listenCred = net.credentials();
            state = State.LISTENING;
        }
        changed(POLLIN | POLLOUT);
        return 0;
    }

    @Override
    public boolean listening() {
        synchronized (lock) {
            return state == State.LISTENING;
        }
    }

    @Override
    public long connect(SockAddr addr, boolean nonblocking) {
        if (addr instanceof SockAddr.Unspec) return connectionBased() ? Errno.EINVAL.negative() : disconnect();
        if (!(addr instanceof SockAddr.Unix)) return Errno.EINVAL.negative();
        if (!connectionBased()) return connectDatagram(addr);
        synchronized (lock) {
            if (state == State.CONNECTED) return Errno.EISCONN.negative();
            if (state == State.LISTENING) return Errno.EINVAL.negative();
        }
        if (passcred() && localAddress().equals(SockAddr.Unix.UNNAMED) && !autobind()) return Errno.ENOSPC.negative();
        Result<UnixSocket> found = find(addr);
        if (found.failed() && found.errno() == Errno.ECONNREFUSED.number() && type == SOCK_STREAM
                && addr instanceof SockAddr.Unix u && !u.isAbstract() && net.filesystem() != null) {
            return connectHost(u); // no socket of this kernel is bound there: perhaps a host program's
        }
        if (found.failed()) return found.negative();
        UnixSocket listener = found.value();
        if (listener.type != type) return Errno.EPROTOTYPE.negative();
        long timeout = sendTimeoutNs();
        while (true) {
            // the server's end of the connection is made here, as Linux's unix_stream_connect
            synchronized (listener.lock) {
                if (listener.closed || listener.state != State.LISTENING) return Errno.ECONNREFUSED.negative();
                if (listener.backlog.size() <= listener.maxBacklog) {
                    UnixSocket server = new UnixSocket(net, type, lock); // a connected pair shares one lock
                    synchronized (lock) {
                        if (state == State.CONNECTED) return Errno.EISCONN.negative();
                        join(server);
                        server.name = listener.name;
                        server.peerCred = net.credentials();
                        peerCred = listener.listenCred;
                    }
                    listener.backlog.add(server);
                    break;
                }
            }
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(listener.queue, () -> {
                synchronized (listener.lock) {
                    return listener.closed || listener.state != State.LISTENING || listener.backlog.size() <= listener.maxBacklog;
                }
            }, timeout);
            if (w != 0) return w;
        }
        listener.changed(POLLIN);
        listener.wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN); // the listener's sk_data_ready
        changed(POLLOUT);
        return 0;
    }

    /** A stream to a socket file a host program bound (ECONNREFUSED when nobody listens there either). */
    private long connectHost(SockAddr.Unix u) {
        Result<java.nio.channels.SocketChannel> ch = net.filesystem().connectHost(u.path());
        if (ch.failed()) return ch.negative();
        HostUnixConnection c;
        try {
            c = new HostUnixConnection(net, ch.value(), this::changed);
        } catch (java.io.IOException e) {
            try {
                ch.value().close();
            } catch (java.io.IOException ignored) {
                // never watched
            }
            return Errno.ENOBUFS.negative();
        }
        synchronized (lock) {
            if (state == State.CONNECTED || closed) {
                c.release();
                return Errno.EISCONN.negative();
            }
            state = State.CONNECTED;
            hostName = u;
            host = c;
        }
        changed(POLLOUT);
        return 0;
    }

    /** Makes {@code server} (which shares this socket's lock) this socket's peer. */
    private void join(UnixSocket server) {
        server.peer = this;
        server.state = State.CONNECTED;
        peer = server;
        state = State.CONNECTED;
    }

    @Override
    public Result<Socket> accept(int flags, boolean nonblocking) {
        if (!connectionBased()) return Result.err(Errno.EOPNOTSUPP);
        while (true) {
            synchronized (lock) {
                if (state != State.LISTENING) return Result.err(Errno.EINVAL);
                UnixSocket s = backlog.poll();
                if (s != null) {
                    s.setStatusFlags((flags & SOCK_NONBLOCK) != 0 ? io.helctic.abi.uapi.Fcntl.O_NONBLOCK : 0);
                    changed(POLLOUT); // a connector waiting for room
                    return Result.ok(s);
                }
            }
            if (nonblocking) return Result.err(Errno.EAGAIN);
            long w = await(queue, () -> {
                synchronized (lock) {
                    return state != State.LISTENING || !backlog.isEmpty();
                }
            }, receiveTimeoutNs());
            if (w != 0) return Result.err(w);
        }
    }

    /** A datagram socket's connect: its default destination, which alone may then send to it. */
    private long connectDatagram(SockAddr addr) {
        if (passcred() && localAddress().equals(SockAddr.Unix.UNNAMED) && !autobind()) return Errno.ENOSPC.negative();
        Result<UnixSocket> found = find(addr);
        if (found.failed()) return found.negative();
        UnixSocket target = found.value();
        if (target.type != type) return Errno.EPROTOTYPE.negative();
        synchronized (lock) {
            peer = target;
            state = State.CONNECTED;
            peerCred = net.credentials();
        }
        changed(POLLOUT);
        return 0;
    }

    private long disconnect() {
        synchronized (lock) {
            peer = null;
            state = State.UNCONNECTED;
        }
        changed(POLLOUT);
        return 0;
    }

    @Override
    protected int[] peerCredentials() {
        synchronized (lock) {
            return peerCred != null ? peerCred : new int[] {0, 65534, 65534};
        }
    }

    @Override
    protected int takeError() {
        synchronized (lock) {
            int e = error;
            error = 0;
            return e;
        }
    }

    // ---- data ----------------------------------------------------------------------------------

    @Override
    public long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control) {
        List<Ancillary> rights = control.stream().filter(a -> a instanceof Ancillary.Rights).toList();
        int[] creds = net.credentials();
        for (Ancillary a : control) {
            if (a instanceof Ancillary.Credentials c) creds = new int[] {c.pid(), c.uid(), c.gid()};
        }
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        HostUnixConnection h = host;
        if (h != null) { // a host program's socket: bytes only
            Ancillary.drop(rights);
            if (to != null) return Errno.EISCONN.negative();
            return h.send(data, off, len, nonblocking, sendTimeoutNs(), this::await);
        }
        long r = connectionBased() ? sendConnected(data, off, len, to, rights, creds, nonblocking)
                : sendDatagram(data, off, len, to, rights, creds, nonblocking);
        if (r < 0 || r == 0 && len > 0) Ancillary.drop(rights);
        return r;
    }

    /**
     * A stream or seqpacket send: into the peer's queue while this socket's bytes there stay under
     * its send buffer (Linux charges them to the sender's sk_wmem_alloc), waiting for the peer to
     * read otherwise. A stream send is split into pieces of at most half the buffer; a seqpacket
     * record goes whole. The descriptors ride with the first piece.
     */
    private long sendConnected(byte[] data, int off, int len, SockAddr to, List<Ancillary> rights, int[] creds,
                               boolean nonblocking) {
        if (type == SOCK_SEQPACKET && len > sndbuf - 32) return Errno.EMSGSIZE.negative();
        int done = 0;
        long timeout = sendTimeoutNs();
        UnixSocket p;
        do {
            synchronized (lock) {
                if (to != null) return (state == State.CONNECTED ? Errno.EISCONN : Errno.EOPNOTSUPP).negative();
                if (state != State.CONNECTED) return done > 0 ? done : Errno.ENOTCONN.negative();
                p = peer;
                if (sndShut || p.closed || p.rcvShut) return done > 0 ? done : Errno.EPIPE.negative();
                if (unread < sndbuf) {
                    int n = stream() ? Math.min(len - done, Math.max(sndbuf / 2 - 64, 1)) : len;
                    Segment s = new Segment(Arrays.copyOfRange(data, off + done, off + done + n), name, creds,
                            done == 0 ? rights : List.of(), this);
                    p.rx.add(s);
                    p.rxBytes += n;
                    unread += n;
                    done += n;
                    if (done == n || done == len) p.changed(POLLIN | POLLRDNORM);
                    p.wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN); // sk_data_ready for each segment queued
                    continue;
                }
            }
            nospace = true; // SOCKWQ_ASYNC_NOSPACE: the next room returned tells the owners
            if (nonblocking) return done > 0 ? done : Errno.EAGAIN.negative();
            UnixSocket peerNow = p;
            long w = await(queue, () -> {
                synchronized (lock) {
                    return unread < sndbuf || sndShut || peerNow.closed || peerNow.rcvShut;
                }
            }, timeout);
            if (w != 0) return done > 0 ? done : w;
        } while (done < len);
        if (p != null) p.changed(POLLIN | POLLRDNORM);
        return done;
    }

    private long sendDatagram(byte[] data, int off, int len, SockAddr to, List<Ancillary> rights, int[] creds,
                              boolean nonblocking) {
        if (len > sndbuf - 32) return Errno.EMSGSIZE.negative();
        UnixSocket target;
        if (to != null) {
            Result<UnixSocket> found = find(to);
            if (found.failed()) return found.negative();
            target = found.value();
        } else {
            synchronized (lock) {
                target = peer;
                if (sndShut) return Errno.EPIPE.negative();
            }
            if (target == null) return Errno.ENOTCONN.negative();
        }
        if (target.type != type) return Errno.EPROTOTYPE.negative();
        if (passcred() && localAddress().equals(SockAddr.Unix.UNNAMED)) autobind();
        SockAddr.Unix from = (SockAddr.Unix) localAddress();
        while (true) {
            synchronized (target.lock) {
                if (target.closed) return Errno.ECONNREFUSED.negative();
                if (target.peer != null && target.peer != this) return Errno.EPERM.negative();
                if (target.rcvShut) return Errno.EPIPE.negative();
                // a receiver connected back to the sender is limited by the sender's buffer only (Linux's unix_peer check)
                boolean queueRoom = target.peer == this || target.rx.size() <= net.maxDgramQlen();
                if (queueRoom && dgramCharge.get() < sndbuf) {
                    Segment seg = new Segment(Arrays.copyOfRange(data, off, off + len), from, creds, rights, null);
                    seg.charged = this;
                    dgramCharge.addAndGet(charge(len));
                    target.rx.add(seg);
                    target.rxBytes += len;
                    break;
                }
            }
            nospace = true;
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(target.queue, () -> {
                synchronized (target.lock) {
                    return target.closed || (target.peer == this || target.rx.size() <= net.maxDgramQlen())
                            && dgramCharge.get() < sndbuf;
                }
            }, sendTimeoutNs());
            if (w != 0) return w;
        }
        target.changed(POLLIN | POLLRDNORM);
        target.wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN);
        return len;
    }

    @Override
    public long receive(byte[] buf, int off, int len, int flags, Received info) {
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        boolean peek = (flags & MSG_PEEK) != 0;
        HostUnixConnection h = host;
        if (h != null) return h.receive(buf, off, len, peek, nonblocking, receiveTimeoutNs(), this::await);
        long timeout = receiveTimeoutNs();
        int done = 0;
        List<Ancillary> got = new ArrayList<>();
        int[] firstCreds = null;
        while (true) {
            UnixSocket wake = null;
            synchronized (lock) {
                if (state == State.LISTENING) return Errno.EINVAL.negative();
                if (connectionBased() && state != State.CONNECTED && rx.isEmpty()) return Errno.EINVAL.negative();
                if (!rx.isEmpty()) {
                    if (!stream()) {
                        Segment s = peek ? rx.peek() : rx.poll();
                        long n = takeRecord(s, buf, off, len, flags, info, peek);
                        if (!peek) wake = s.sender != null ? s.sender : s.charged;
                        if (wake != null) wake.roomAgain();
                        return n;
                    }
                    // a stream: bytes from consecutive segments, ending after one that carries descriptors
                    var it = rx.iterator();
                    boolean stop = false;
                    int skip = 0; // with MSG_PEEK, bytes of earlier passes already copied
                    while (done < len && it.hasNext() && !stop) {
                        Segment s = it.next();
                        if (passcred() && firstCreds != null && !Arrays.equals(firstCreds, s.creds)) break;
                        if (firstCreds == null) firstCreds = s.creds;
                        if (info.from == null && !s.from.unnamed()) info.from = s.from;
                        int n = Math.min(len - done, s.left());
                        System.arraycopy(s.data, s.pos, buf, off + done, n);
                        done += n;
                        if (!s.rights.isEmpty()) {
                            if (!peek) {
                                got.addAll(s.rights);
                                s.rights = List.of();
                            }
                            stop = true;
                        }
                        if (!peek) {
                            s.pos += n;
                            rxBytes -= n;
                            if (s.sender != null) {
                                s.sender.unread -= n;
                                wake = s.sender;
                            }
                            if (s.left() == 0) it.remove();
                        }
                    }
                    if (stop || done >= len || (flags & MSG_WAITALL) == 0 || peek) {
                        if (wake != null) wake.roomAgain();
                        return finish(done, info, got, firstCreds);
                    }
                }
                if (error != 0 && done == 0) {
                    int e = error;
                    error = 0;
                    return -e;
                }
                if (rcvShut || connectionBased() && (peer == null || peer.closed || peer.sndShut)) {
                    if (wake != null) wake.roomAgain();
                    return finish(done, info, got, firstCreds);
                }
            }
            if (wake != null) wake.roomAgain();
            if (nonblocking) return done > 0 ? finish(done, info, got, firstCreds) : Errno.EAGAIN.negative();
            long w = await(queue, () -> {
                synchronized (lock) {
                    return !rx.isEmpty() || rcvShut || error != 0 || state == State.LISTENING
                            || connectionBased() && (peer == null || peer.closed || peer.sndShut);
                }
            }, timeout);
            if (w != 0) return done > 0 ? finish(done, info, got, firstCreds) : w;
        }
    }

    private long finish(int done, Received info, List<Ancillary> got, int[] creds) {
        List<Ancillary> c = new ArrayList<>(got);
        if (passcred() && creds != null) c.add(new Ancillary.Credentials(creds[0], creds[1], creds[2]));
        info.control = c;
        return done;
    }

    /** One datagram or seqpacket record (lock held): truncated to len, with MSG_TRUNC in msg_flags. */
    private long takeRecord(Segment s, byte[] buf, int off, int len, int flags, Received info, boolean peek) {
        int n = Math.min(len, s.data.length);
        System.arraycopy(s.data, 0, buf, off, n);
        if (n < s.data.length) info.msgFlags |= MSG_TRUNC;
        List<Ancillary> c = new ArrayList<>();
        if (!peek) {
            c.addAll(s.rights);
            rxBytes -= s.data.length;
            if (s.sender != null) s.sender.unread -= s.data.length; // a seqpacket peer: the same lock
            if (s.charged != null) s.charged.dgramCharge.addAndGet(-charge(s.data.length));
        }
        if (passcred()) c.add(new Ancillary.Credentials(s.creds[0], s.creds[1], s.creds[2]));
        info.control = c;
        info.from = s.from.unnamed() ? null : s.from; // an unnamed sender: msg_namelen 0, as Linux
        return (flags & MSG_TRUNC) != 0 ? s.data.length : n;
    }

    /** Whether a send found no room since the owners last heard of room (SOCKWQ_ASYNC_NOSPACE). */
    private volatile boolean nospace;

    /**
     * Room came back to this sender (unix_write_space): pollers and sleepers look again, and, once
     * no more than a quarter of the send buffer is in use (unix_writable) after a send had found
     * none, the owners of O_ASYNC descriptions hear POLL_OUT.
     */
    private void roomAgain() {
        changed(POLLOUT | POLLWRNORM);
        long used = stream() ? unread : dgramCharge.get();
        if (nospace && used * 4 <= sndbuf) {
            nospace = false;
            wakeAsync(io.helctic.abi.uapi.Signal.POLL_OUT);
        }
    }

    @Override
    public long shutdown(int how) {
        if (how < SHUT_RD || how > SHUT_RDWR) return Errno.EINVAL.negative();
        HostUnixConnection h = host;
        if (h != null) return h.shutdown(how != SHUT_WR, how != SHUT_RD);
        UnixSocket p;
        synchronized (lock) {
            if (how != SHUT_WR) rcvShut = true;
            if (how != SHUT_RD) sndShut = true;
            p = connectionBased() && state == State.CONNECTED ? peer : null;
        }
        if (p != null) {
            synchronized (p.lock) {
                if (how != SHUT_WR) p.sndShut = true;
                if (how != SHUT_RD) p.rcvShut = true;
            }
            p.changed(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
            // unix_shutdown: the peer hears HUP when both directions closed, IN when only its receiving
            if (how == SHUT_RDWR) p.wakeAsync(io.helctic.abi.uapi.Signal.POLL_HUP);
            else if (how == SHUT_WR) p.wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN);
        }
        changed(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
        return 0;
    }

    // ---- the file ------------------------------------------------------------------------------

    @Override
    public int poll(int events) {
        HostUnixConnection h = host;
        if (h != null) return h.poll() & (events | POLLERR | POLLHUP);
        int mask = 0;
        UnixSocket p;
        boolean writable;
        synchronized (lock) {
            if (error != 0) mask |= POLLERR;
            if (rcvShut && sndShut) mask |= POLLHUP;
            if (rcvShut) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
            if (!rx.isEmpty() || !backlog.isEmpty()) mask |= POLLIN | POLLRDNORM;
            if (connectionBased() && state == State.UNCONNECTED) mask |= POLLHUP;
            p = connectionBased() ? null : peer;
            writable = state != State.LISTENING && (long) (unread + dgramCharge.get()) * 4 <= sndbuf;
        }
        if (writable && p != null) { // a datagram peer's own lock, taken after ours is let go
            synchronized (p.lock) {
                if (p.peer != this && p.rx.size() > net.maxDgramQlen()) writable = false;
            }
        }
        if (writable) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
        return mask & (events | POLLERR | POLLHUP);
    }

    @Override
    public long available() {
        HostUnixConnection h = host;
        if (h != null) return h.available();
        synchronized (lock) {
            if (state == State.LISTENING) return Errno.EINVAL.negative();
            if (stream()) return rxBytes;
            Segment s = rx.peek();
            return s == null ? 0 : s.data.length;
        }
    }

    /** SIOCOUTQ: bytes this socket sent that its peer has not read. */
    public long unsent() {
        synchronized (lock) {
            return state == State.LISTENING ? Errno.EINVAL.negative() : unread;
        }
    }

    @Override
    protected void release() {
        HostUnixConnection h = host;
        if (h != null) h.release();
        List<Segment> dropped;
        List<UnixSocket> embryos;
        UnixSocket p;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            rcvShut = sndShut = true;
            dropped = new ArrayList<>(rx);
            boolean unreadData = !rx.isEmpty();
            rx.clear();
            rxBytes = 0;
            embryos = new ArrayList<>(backlog);
            backlog.clear();
            p = peer;
            if (p != null && connectionBased()) {
                synchronized (p.lock) {
                    p.rcvShut = p.sndShut = true;
                    if (unreadData) p.error = Errno.ECONNRESET.number();
                }
            }
        }
        net.unbind(this);
        for (Segment s : dropped) {
            Ancillary.drop(s.rights);
            if (s.charged != null) {
                s.charged.dgramCharge.addAndGet(-charge(s.data.length));
                s.charged.roomAgain();
            }
        }
        for (UnixSocket e : embryos) e.close();
        if (p != null) p.changed(POLLIN | POLLOUT | POLLHUP | POLLRDHUP | POLLERR);
        if (p != null && connectionBased()) p.wakeAsync(io.helctic.abi.uapi.Signal.POLL_HUP); // unix_release_sock
        queue.release();
    }
}
