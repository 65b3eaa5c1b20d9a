package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Poll.*;
import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An AF_NETLINK socket of protocol NETLINK_ROUTE (SOCK_RAW or SOCK_DGRAM, which netlink does not
 * tell apart), as Linux's net/netlink/af_netlink.c behaves: a port id (bound explicitly, or the
 * process's pid for its first socket and a negative number after, as netlink_autobind picks
 * them), a receive queue of datagrams, and the kernel at port 0 answering requests through
 * {@link Rtnetlink}. A request is processed during the send; a dump's messages are packed into
 * datagrams as the reader reads (the first at most NLMSG_GOODSIZE, later ones as large as the
 * largest read so far, up to 32 KiB less overhead; NLMSG_DONE its own), each datagram a
 * recvmsg whole, truncated with MSG_TRUNC, sized first with MSG_PEEK|MSG_TRUNC.
 *
 * <p>Between user sockets, unicast and group sends need CAP_NET_ADMIN (rtnetlink has no
 * NL_CFG_F_NONROOT_SEND): uid 0 holds it here, since such messages stay inside this kernel.
 * Joining groups (bind's nl_groups, NETLINK_ADD_MEMBERSHIP) works, but this kernel never sends
 * rtnetlink's notifications: it does not watch the host's network change.
 */
public final class NetlinkSocket extends Socket {
    /** SO_RCVBUF and SO_SNDBUF of a new socket (net.core.rmem_default, wmem_default). */
    private static final int DEFAULT_BUF = 212_992;
    /** NLMSG_GOODSIZE: SKB_WITH_OVERHEAD(PAGE_SIZE), the size of a dump's datagrams until larger reads are seen. */
    private static final int GOODSIZE = 4096 - 320;
    /** SKB_WITH_OVERHEAD(32768): the most a dump's datagram grows to. */
    private static final int MAX_DUMP = 32768 - 320;

    /** One datagram: its bytes, its sender's port and group, the sender's credentials. */
    private record Datagram(byte[] data, int fromPort, int fromGroup, int[] creds) {}

    private final Object lock = new Object();
    /** Guarded by {@link NetlinkSockets#PORTS}: the port id and whether it is bound. */
    private volatile int port;
    private volatile boolean bound;
    private int dstPort, dstGroup;
    /** Group memberships: bit n is group n + 1. */
    private long groups;
    private final ArrayDeque<Datagram> rx = new ArrayDeque<>();
    private int rxBytes;
    /** The dump in progress: messages not yet queued, then its NLMSG_DONE. */
    private ArrayDeque<byte[]> dump;
    private byte[] dumpDone;
    private int maxRecvLen;
    /** sk_err: ENOBUFS when the kernel dropped a message for want of room. */
    private int error;
    private boolean extAck, strict, capAck, noEnobufs, pktinfo, broadcastError, listenAllNsid, closed;

    NetlinkSocket(Network net, int type) {
        super(net, AF_NETLINK, type, NETLINK_ROUTE, DEFAULT_BUF, DEFAULT_BUF);
    }

    int port() { return port; }

    boolean bound() { return bound; }

    boolean member(int group) {
        synchronized (lock) {
            return group >= 1 && group <= 64 && (groups & 1L << (group - 1)) != 0;
        }
    }

    /** CAP_NET_ADMIN for what stays inside this kernel: uid 0. */
    private boolean privileged() {
        return net.credentials()[1] == 0;
    }

    private static int ffs(int groups) {
        return groups == 0 ? 0 : Integer.numberOfTrailingZeros(groups) + 1;
    }

    private static int mask(int group) {
        return group == 0 || group > 32 ? 0 : 1 << (group - 1);
    }

    // ---- names ---------------------------------------------------------------------------------

    @Override
    public long bind(SockAddr addr) {
        if (!(addr instanceof SockAddr.Netlink nl)) return Errno.EINVAL.negative();
        synchronized (NetlinkSockets.PORTS) {
            if (bound) {
                if (nl.pid() != port) return Errno.EINVAL.negative();
            } else if (nl.pid() != 0) {
                if (NetlinkSockets.find(net, nl.pid()) != null) return Errno.EADDRINUSE.negative();
                port = nl.pid();
                bound = true;
            } else {
                port = NetlinkSockets.freePort(net, net.credentials()[0]);
                bound = true;
            }
        }
        synchronized (lock) {
            groups = (groups & ~0xffffffffL) | Integer.toUnsignedLong(nl.groups());
        }
        return 0;
    }

    /** netlink_autobind, for a send or connect on an unbound socket. */
    private void autobind() {
        synchronized (NetlinkSockets.PORTS) {
            if (bound) return;
            port = NetlinkSockets.freePort(net, net.credentials()[0]);
            bound = true;
        }
    }

    @Override
    public long connect(SockAddr addr, boolean nonblocking) {
        if (addr instanceof SockAddr.Unspec) {
            synchronized (lock) {
                dstPort = 0;
                dstGroup = 0;
            }
            return 0;
        }
        if (!(addr instanceof SockAddr.Netlink nl)) return Errno.EINVAL.negative();
        if ((nl.groups() != 0 || nl.pid() != 0) && !privileged()) return Errno.EPERM.negative();
        autobind();
        synchronized (lock) {
            dstPort = nl.pid();
            dstGroup = ffs(nl.groups());
        }
        return 0;
    }

    @Override
    public SockAddr localAddress() {
        synchronized (lock) {
            return new SockAddr.Netlink(port, (int) groups);
        }
    }

    /** Netlink's getpeername never fails: the default destination, the kernel (0) unless connected elsewhere. */
    @Override
    public SockAddr peerAddress() {
        synchronized (lock) {
            return new SockAddr.Netlink(dstPort, mask(dstGroup));
        }
    }

    // ---- sending -------------------------------------------------------------------------------

    @Override
    public long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control) {
        Ancillary.drop(control);
        if ((flags & MSG_OOB) != 0) return Errno.EOPNOTSUPP.negative();
        int toPort, toGroup;
        if (to != null) {
            if (!(to instanceof SockAddr.Netlink nl)) return Errno.EINVAL.negative();
            toPort = nl.pid();
            toGroup = ffs(nl.groups());
            if ((toGroup != 0 || toPort != 0) && !privileged()) return Errno.EPERM.negative();
        } else {
            synchronized (lock) {
                toPort = dstPort;
                toGroup = dstGroup;
            }
        }
        autobind();
        if (len > sndbuf - 32) return Errno.EMSGSIZE.negative();
        byte[] msg = Arrays.copyOfRange(data, off, off + len);
        int[] creds = net.credentials();
        if (toGroup != 0) {
            for (NetlinkSocket s : NetlinkSockets.members(net, toGroup)) {
                if (s != this) s.deliver(new Datagram(msg, port, toGroup, creds));
            }
        }
        if (toPort == 0) {
            kernelReceives(msg);
            return len;
        }
        NetlinkSocket target = NetlinkSockets.find(net, toPort);
        if (target == null) return Errno.ECONNREFUSED.negative();
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        while (true) {
            if (target.deliverIfRoom(new Datagram(msg, port, 0, creds))) return len;
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(target.queue, () -> target.hasRoom(), sendTimeoutNs());
            if (w != 0) return w;
        }
    }

    private boolean hasRoom() {
        synchronized (lock) {
            return closed || rxBytes <= rcvbuf;
        }
    }

    /** A user's unicast: queued while the receive queue is within its buffer. */
    private boolean deliverIfRoom(Datagram d) {
        synchronized (lock) {
            if (closed) return true; // gone meanwhile: the message is dropped, as an unhashed socket's
            if (rxBytes > rcvbuf) return false;
            rx.add(d);
            rxBytes += d.data().length;
        }
        changed(POLLIN | POLLRDNORM);
        return true;
    }

    /** A message the kernel or a group send puts here: dropped, with ENOBUFS pending, when the queue is full. */
    private void deliver(Datagram d) {
        synchronized (lock) {
            if (closed) return;
            if (rxBytes > rcvbuf) {
                if (noEnobufs) return;
                error = Errno.ENOBUFS.number();
            } else {
                rx.add(d);
                rxBytes += d.data().length;
            }
        }
        changed(POLLIN | POLLRDNORM | POLLERR);
    }

    private void fromKernel(byte[] message) {
        deliver(new Datagram(message, 0, 0, new int[] {0, 0, 0}));
    }

    /**
     * netlink_rcv_skb: each message of the buffer in turn. A request (NLM_F_REQUEST, not a control
     * type) goes to rtnetlink; an error, or NLM_F_ACK, is acknowledged with NLMSG_ERROR; a dump's
     * start is not. A length shorter than a header or past the buffer ends the walk.
     */
    private void kernelReceives(byte[] msg) {
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (msg.length - at >= NLMSG_HDRLEN) {
            int len = b.getInt(at);
            if (len < NLMSG_HDRLEN || len > msg.length - at) break;
            int type = b.getShort(at + 4) & 0xffff, flags = b.getShort(at + 6) & 0xffff, seq = b.getInt(at + 8);
            int err = 0;
            String text = null;
            boolean acknowledge = true;
            if ((flags & NLM_F_REQUEST) != 0 && type >= NLMSG_MIN_TYPE) {
                Rtnetlink.Request r = new Rtnetlink.Request(type, flags, seq, Arrays.copyOfRange(msg, at + NLMSG_HDRLEN, at + len));
                boolean strictNow, extAckNow;
                synchronized (lock) {
                    strictNow = strict;
                    extAckNow = extAck;
                }
                switch (Rtnetlink.answer(r, port, strictNow, extAckNow)) {
                    case Rtnetlink.Reply reply -> {
                        for (byte[] m : reply.messages()) fromKernel(m);
                    }
                    case Rtnetlink.Failure f -> {
                        err = f.errno();
                        text = f.text();
                    }
                    case Rtnetlink.Dump d -> {
                        if (!startDump(d)) err = -Errno.EBUSY.number();
                        else acknowledge = false;
                    }
                    case Rtnetlink.Silent s -> { }
                }
            }
            if (acknowledge && ((flags & NLM_F_ACK) != 0 || err != 0)) fromKernel(ack(msg, at, len, seq, err, text));
            at += Math.min((len + 3) & ~3, msg.length - at);
        }
    }

    /** netlink_ack: NLMSG_ERROR with the request's header (and, for an error, its payload unless NETLINK_CAP_ACK). */
    private byte[] ack(byte[] msg, int at, int len, int seq, int err, String text) {
        boolean capped, tlv;
        synchronized (lock) {
            capped = err == 0 || capAck;
            tlv = err != 0 && extAck && text != null;
        }
        NlMessage m = new NlMessage(NLMSG_ERROR, (capped ? NLM_F_CAPPED : 0) | (tlv ? NLM_F_ACK_TLVS : 0), seq, port);
        m.u32(err).raw(msg, at, capped ? NLMSG_HDRLEN : len);
        if (tlv) m.attrString(NLMSGERR_ATTR_MSG, text);
        return m.bytes();
    }

    /** Starts a dump and queues its first datagram: false (EBUSY) when one is already running. */
    private boolean startDump(Rtnetlink.Dump d) {
        boolean queued;
        synchronized (lock) {
            if (dump != null) return false;
            dump = new ArrayDeque<>(d.messages());
            dumpDone = d.done();
            queued = dumpMore();
        }
        if (queued) changed(POLLIN | POLLRDNORM);
        return true;
    }

    /** netlink_dump (lock held): the next datagram of the dump in progress, if the queue has room. */
    private boolean dumpMore() {
        if (dump == null || closed || rxBytes >= rcvbuf) return false;
        byte[] next;
        if (dump.isEmpty()) {
            next = dumpDone;
            dump = null;
            dumpDone = null;
        } else {
            int limit = Math.max(GOODSIZE, maxRecvLen);
            List<byte[]> pack = new ArrayList<>();
            int total = 0;
            while (!dump.isEmpty() && (pack.isEmpty() || total + dump.peek().length <= limit)) {
                byte[] m = dump.poll();
                pack.add(m);
                total += m.length;
            }
            next = new byte[total];
            int at = 0;
            for (byte[] m : pack) {
                System.arraycopy(m, 0, next, at, m.length);
                at += m.length;
            }
        }
        rx.add(new Datagram(next, 0, 0, new int[] {0, 0, 0}));
        rxBytes += next.length;
        return true;
    }

    // ---- receiving -----------------------------------------------------------------------------

    @Override
    public long receive(byte[] buf, int off, int len, int flags, Received info) {
        if ((flags & MSG_OOB) != 0) return Errno.EOPNOTSUPP.negative();
        boolean nonblocking = nonblocking() || (flags & MSG_DONTWAIT) != 0;
        boolean peek = (flags & MSG_PEEK) != 0;
        while (true) {
            long result = -1;
            boolean more = false;
            synchronized (lock) {
                if (error != 0) {
                    int e = error;
                    error = 0;
                    return -e;
                }
                if (closed) return 0; // released under a sleeping reader: nothing more will come
                Datagram d = peek ? rx.peek() : rx.poll();
                if (d != null) {
                    if (!peek) rxBytes -= d.data().length;
                    maxRecvLen = Math.min(Math.max(maxRecvLen, len), MAX_DUMP);
                    int n = Math.min(len, d.data().length);
                    System.arraycopy(d.data(), 0, buf, off, n);
                    if (n < d.data().length) info.msgFlags |= MSG_TRUNC;
                    info.from = new SockAddr.Netlink(d.fromPort(), mask(d.fromGroup()));
                    if (passcred()) info.control = List.of(new Ancillary.Credentials(d.creds()[0], d.creds()[1], d.creds()[2]));
                    if (dump != null && rxBytes <= rcvbuf / 2) more = dumpMore();
                    result = (flags & MSG_TRUNC) != 0 ? d.data().length : n;
                }
            }
            if (result >= 0) {
                if (more) changed(POLLIN | POLLRDNORM);
                if (!peek) changed(POLLOUT | POLLWRNORM); // a sender waiting for room
                return result;
            }
            if (nonblocking) return Errno.EAGAIN.negative();
            long w = await(() -> {
                synchronized (lock) {
                    return !rx.isEmpty() || error != 0 || closed;
                }
            }, receiveTimeoutNs());
            if (w != 0) return w;
        }
    }

    // ---- options -------------------------------------------------------------------------------

    @Override
    protected Result<byte[]> familyOption(int level, int name) {
        if (level == SOL_SOCKET) return super.familyOption(level, name);
        if (level != SOL_NETLINK) return Result.err(Errno.ENOPROTOOPT);
        synchronized (lock) {
            return switch (name) {
                case NETLINK_PKTINFO -> intValue(pktinfo ? 1 : 0);
                case NETLINK_BROADCAST_ERROR -> intValue(broadcastError ? 1 : 0);
                case NETLINK_NO_ENOBUFS -> intValue(noEnobufs ? 1 : 0);
                case NETLINK_LISTEN_ALL_NSID -> intValue(listenAllNsid ? 1 : 0);
                case NETLINK_CAP_ACK -> intValue(capAck ? 1 : 0);
                case NETLINK_EXT_ACK -> intValue(extAck ? 1 : 0);
                case NETLINK_GET_STRICT_CHK -> intValue(strict ? 1 : 0);
                case NETLINK_LIST_MEMBERSHIPS -> Result.ok(ByteBuffer.allocate((RTNLGRP_MAX + 31) / 32 * 4)
                        .order(ByteOrder.LITTLE_ENDIAN).putInt((int) groups).putInt((int) (groups >>> 32)).array());
                default -> Result.err(Errno.ENOPROTOOPT);
            };
        }
    }

    @Override
    protected long setFamilyOption(int level, int name, byte[] value) {
        if (level == SOL_SOCKET) return super.setFamilyOption(level, name, value);
        if (level != SOL_NETLINK) return Errno.ENOPROTOOPT.negative();
        int val = value.length >= 4 ? ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(0) : 0;
        boolean on = val != 0;
        synchronized (lock) {
            switch (name) {
                case NETLINK_PKTINFO -> pktinfo = on;
                case NETLINK_BROADCAST_ERROR -> broadcastError = on;
                case NETLINK_NO_ENOBUFS -> noEnobufs = on;
                case NETLINK_LISTEN_ALL_NSID -> {
                    if (!privileged()) return Errno.EPERM.negative(); // CAP_NET_BROADCAST
                    listenAllNsid = on;
                }
                case NETLINK_CAP_ACK -> capAck = on;
                case NETLINK_EXT_ACK -> extAck = on;
                case NETLINK_GET_STRICT_CHK -> strict = on;
                case NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP -> {
                    if (val <= 0 || val > RTNLGRP_MAX) return Errno.EINVAL.negative();
                    if (name == NETLINK_ADD_MEMBERSHIP) groups |= 1L << (val - 1);
                    else groups &= ~(1L << (val - 1));
                }
                default -> {
                    return Errno.ENOPROTOOPT.negative();
                }
            }
        }
        return 0;
    }

    // ---- the file ------------------------------------------------------------------------------

    @Override
    public int poll(int events) {
        int mask = POLLOUT | POLLWRNORM | POLLWRBAND;
        synchronized (lock) {
            if (!rx.isEmpty()) mask |= POLLIN | POLLRDNORM;
            if (error != 0) mask |= POLLERR;
        }
        return mask & (events | POLLERR | POLLHUP);
    }

    /** FIONREAD: netlink has no ioctls of its own (ENOTTY, as Linux). */
    @Override
    public long available() { return Errno.ENOTTY.negative(); }

    /** SIOCOUTQ: ENOTTY, as Linux. */
    @Override
    public long unsent() { return Errno.ENOTTY.negative(); }

    @Override
    protected int takeError() {
        synchronized (lock) {
            int e = error;
            error = 0;
            return e;
        }
    }

    @Override
    protected void release() {
        synchronized (NetlinkSockets.PORTS) {
            bound = false;
        }
        synchronized (lock) {
            if (closed) return;
            closed = true;
            rx.clear();
            rxBytes = 0;
            dump = null;
            dumpDone = null;
        }
        changed(POLLIN | POLLOUT | POLLHUP);
        queue.release();
    }
}
