package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Poll.*;
import static io.helctic.abi.uapi.Socket.*;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A UDP socket (SOCK_DGRAM of AF_INET or AF_INET6) over a JDK {@link DatagramChannel}. Datagrams
 * wait in the host's buffer (which drops them when full, as Linux's would) until the guest asks:
 * a receive, poll or FIONREAD takes the next one whole (into a 64 KiB buffer, so the kernel knows
 * its real length: MSG_TRUNC, FIONREAD) with its source into the socket's queue, from which
 * MSG_PEEK reads. When the host has none, the selector watches for one and wakes the waiters; it
 * reads nothing itself. connect() connects the host channel too (the host then filters what
 * arrives and reports an ICMP port unreachable as ECONNREFUSED), having first taken in what was
 * already waiting (Linux keeps those; the JDK's connect would drop them).
 *
 * <p>Two sends the JDK refuses on a connected channel are made by letting go of the peer for the
 * moment of the send: a sendto another address (which Linux allows) and an empty datagram. What
 * arrives from others meanwhile is dropped, as the connected socket would have dropped it.
 */
final class UdpSocket extends InetSocket {
    /** A received datagram and its source. */
    private record Datagram(byte[] data, SockAddr from) {}

    /** Each thread's buffer for a whole datagram (the JDK receives into a direct buffer without a copy). */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(65536));

    private final DatagramChannel ch;
    private final ArrayDeque<Datagram> rx = new ArrayDeque<>();
    private SockAddr peer;
    private boolean rcvShut, sndShut, writeBlocked;
    /** The host had no datagram at the last look: the selector watches for one. */
    private boolean readArmed;

    private UdpSocket(Network net, int domain, DatagramChannel ch) {
        super(net, domain, SOCK_DGRAM, IPPROTO_UDP, Sysctl.RMEM_DEFAULT, Sysctl.WMEM_DEFAULT);
        this.ch = ch;
    }

    static Result<Socket> create(Network net, int domain) {
        Result<DatagramChannel> ch = open(domain, DatagramChannel::open);
        return ch.failed() ? ch.cast() : Result.ok(new UdpSocket(net, domain, ch.value()));
    }

    @Override
    NetworkChannel channel() {
        return ch;
    }

    /** The host channel's local address, or null when unbound (lock held). */
    private SocketAddress hostLocal() {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    boolean bound() {
        synchronized (lock) {
            return hostLocal() != null;
        }
    }

    // ---- names ---------------------------------------------------------------------------------

    @Override
    long bindHost(InetSocketAddress at) throws IOException {
        ch.bind(at);
        readArmed = true; // the first datagram wakes the waiters
        updateInterest();
        return 0;
    }

    /**
     * Linux's autobind before a first send or connect (lock held): under --net=loopback the host
     * socket is bound to the loopback address (shown as the wildcard), else the JDK binds it to
     * the wildcard as Linux would.
     */
    private long autobind(SockAddr toward) {
        if (hostLocal() != null) return 0;
        InetSocketAddress a = autobindAddress(toward);
        try {
            ch.bind(a);
        } catch (IOException | RuntimeException e) {
            return HostNetErrors.negative(e);
        }
        wildcardShown = a != null;
        readArmed = true;
        updateInterest();
        return 0;
    }

    @Override
    public SockAddr localAddress() {
        synchronized (lock) {
            SocketAddress a = hostLocal();
            return a == null ? any(0) : shownLocal(a);
        }
    }

    @Override
    public SockAddr peerAddress() {
        synchronized (lock) {
            return peer;
        }
    }

    @Override
    public long connect(SockAddr addr, boolean nonblocking) {
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            if (addr instanceof SockAddr.Unspec) {
                try {
                    if (ch.isConnected()) ch.disconnect();
                } catch (IOException | RuntimeException e) {
                    return HostNetErrors.negative(e);
                }
                peer = null;
                return 0;
            }
            long r = reachable(addr);
            if (r < 0) return r;
            if (port(addr) == 0) return Errno.EINVAL.negative(); // the JDK cannot connect to port 0
            r = autobind(addr);
            if (r < 0) return r;
            pull(Integer.MAX_VALUE, null); // what waits stays, as Linux's queue keeps it (the JDK's connect drops it)
            try {
                if (ch.isConnected()) ch.disconnect();
                ch.connect(host(addr));
            } catch (IOException | RuntimeException e) {
                peer = null;
                return HostNetErrors.negative(e);
            }
            peer = addr;
            updateInterest();
        }
        changed(POLLOUT | POLLWRNORM);
        return 0;
    }

    // ---- the selector ----------------------------------------------------------------------------

    private void updateInterest() {
        if (hostLocal() == null) return;
        watch(ch, (readArmed ? OP_READ : 0) | (writeBlocked ? OP_WRITE : 0));
    }

    @Override
    public void ready(SelectionKey k, int ops) {
        int events = 0;
        synchronized (lock) {
            if (released || k != key) return;
            if ((ops & OP_READ) != 0 && readArmed) { // a datagram or an error arrived: the waiters look
                readArmed = false;
                events |= POLLIN | POLLRDNORM | POLLERR;
            }
            if ((ops & OP_WRITE) != 0 && writeBlocked) {
                writeBlocked = false;
                events |= POLLOUT | POLLWRNORM | POLLWRBAND;
            }
            updateInterest();
        }
        if (events != 0) changed(events);
        // sk_data_ready / sk_write_space as the host's selector sees them: once per arrival after the
        // socket was drained (not per segment), and room again after a send found none
        if ((events & POLLIN) != 0) wakeAsync(io.helctic.abi.uapi.Signal.POLL_IN);
        if ((events & POLLOUT) != 0) wakeAsync(io.helctic.abi.uapi.Signal.POLL_OUT);
    }

    /**
     * Takes up to {@code count} datagrams the host holds into the queue (lock held), keeping only
     * those from {@code only} when it is given; when the host has no more, the selector watches
     * for one. A host error (an ICMP port unreachable on a connected socket) becomes SO_ERROR.
     * Returns the poll bits that changed.
     */
    private int pull(int count, SockAddr only) {
        if (released || hostLocal() == null) return 0;
        int events = 0;
        for (int taken = 0; taken < count; taken++) {
            ByteBuffer b = SCRATCH.get().clear();
            SocketAddress from;
            try {
                from = ch.receive(b);
            } catch (IOException | RuntimeException e) {
                error = HostNetErrors.errno(e).number();
                events |= POLLERR;
                break;
            }
            if (from == null) {
                readArmed = true;
                updateInterest();
                break;
            }
            b.flip();
            byte[] d = new byte[b.remaining()];
            b.get(d);
            SockAddr src = guest(from);
            if (only != null && !only.equals(src)) continue;
            rx.add(new Datagram(d, src));
            events |= POLLIN | POLLRDNORM;
        }
        return events;
    }

    @Override
    void hostNews() {
        pull(1, null); // an ICMP error comes before any datagram
    }

    // ---- data ----------------------------------------------------------------------------------

    @Override
    public long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control) {
        if ((flags & MSG_OOB) != 0) return Errno.EOPNOTSUPP.negative();
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        if (to instanceof SockAddr.Unspec) to = null; // as Linux's udpv6_sendmsg: no address
        long timeout = sendTimeoutNs();
        while (true) {
            synchronized (lock) {
                if (released) return Errno.EBADF.negative();
                SockAddr target = to != null ? to : peer;
                if (target == null) return Errno.EDESTADDRREQ.negative();
                long r = reachable(target);
                if (r < 0) return r;
                if (port(target) == 0) return Errno.EINVAL.negative();
                if (error != 0) {
                    int e = error;
                    error = 0;
                    return -e;
                }
                if (sndShut) return Errno.EPIPE.negative();
                r = autobind(target);
                if (r < 0) return r;
                ByteBuffer b = ByteBuffer.wrap(data, off, len);
                int n;
                try {
                    if (peer != null && (!target.equals(peer) || len == 0)) n = sendAround(b, target);
                    else if (peer != null) n = ch.write(b);
                    else n = ch.send(b, host(target));
                } catch (IOException | RuntimeException e) {
                    updateInterest();
                    return HostNetErrors.negative(e);
                }
                if (n > 0 || len == 0) {
                    updateInterest();
                    return len;
                }
                writeBlocked = true;
                updateInterest();
            }
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(() -> {
                synchronized (lock) {
                    return !writeBlocked || error != 0 || sndShut || released;
                }
            }, timeout);
            if (w != 0) return w;
        }
    }

    /**
     * A send the JDK refuses on a connected channel (lock held): the host channel lets go of the
     * peer for the moment of the send, then connects again; what waits is taken in first, and
     * what arrives from others meanwhile is dropped as the connected socket would have dropped it.
     */
    private int sendAround(ByteBuffer b, SockAddr target) throws IOException {
        pull(Integer.MAX_VALUE, null);
        ch.disconnect();
        try {
            return ch.send(b, host(target));
        } finally {
            pull(Integer.MAX_VALUE, peer);
            ch.connect(host(peer));
        }
    }

    @Override
    public long receive(byte[] buf, int off, int len, int flags, Received info) {
        if ((flags & MSG_ERRQUEUE) != 0) return recvErrQueue();
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        boolean peek = (flags & MSG_PEEK) != 0;
        long timeout = receiveTimeoutNs();
        while (true) {
            synchronized (lock) {
                if (rx.isEmpty()) pull(1, null);
                if (error != 0) {
                    int e = error;
                    error = 0;
                    return -e;
                }
                Datagram d = peek ? rx.peek() : rx.poll();
                if (d != null) {
                    int n = Math.min(len, d.data().length);
                    System.arraycopy(d.data(), 0, buf, off, n);
                    if (n < d.data().length) info.msgFlags |= MSG_TRUNC;
                    info.from = d.from();
                    return (flags & MSG_TRUNC) != 0 ? d.data().length : n;
                }
                if (rcvShut) return 0;
            }
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(() -> {
                synchronized (lock) {
                    if (rx.isEmpty()) pull(1, null);
                    return !rx.isEmpty() || error != 0 || rcvShut || released;
                }
            }, timeout);
            if (w != 0) return w;
        }
    }

    /** Linux's inet_shutdown for a datagram socket: ENOTCONN when unconnected, and the flags set all the same. */
    @Override
    public long shutdown(int how) {
        if (how < SHUT_RD || how > SHUT_RDWR) return Errno.EINVAL.negative();
        long r;
        synchronized (lock) {
            if (how != SHUT_WR) rcvShut = true;
            if (how != SHUT_RD) sndShut = true;
            r = peer == null ? Errno.ENOTCONN.negative() : 0;
        }
        changed(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
        return r;
    }

    // ---- the file ------------------------------------------------------------------------------

    /** Linux's datagram_poll. */
    @Override
    public int poll(int events) {
        selector.bind(); // a sleep that follows may watch the host for this socket
        int mask = 0;
        synchronized (lock) {
            if (rx.isEmpty()) pull(1, null);
            if (error != 0) mask |= POLLERR;
            if (rcvShut) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
            if (rcvShut && sndShut) mask |= POLLHUP;
            if (!rx.isEmpty()) mask |= POLLIN | POLLRDNORM;
            if (!writeBlocked) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
        }
        return mask & (events | POLLERR | POLLHUP);
    }

    /** FIONREAD: the first datagram's length (0 when none waits). */
    @Override
    public long available() {
        synchronized (lock) {
            if (rx.isEmpty()) pull(1, null);
            Datagram d = rx.peek();
            return d == null ? 0 : d.data().length;
        }
    }

    @Override
    protected void release() {
        SelectionKey k;
        synchronized (lock) {
            if (released) return;
            released = true;
            k = key;
            key = null;
            rx.clear();
        }
        closeWatched(k, ch);
        selector.leave();
        queue.release();
    }
}
