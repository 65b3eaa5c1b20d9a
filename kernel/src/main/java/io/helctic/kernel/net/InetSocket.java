package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What AF_INET and AF_INET6 sockets share: a host channel of the JDK behind each (non-blocking,
 * watched by the kernel's {@link HostSelector}), the translation of addresses between Linux's
 * sockaddr and the JDK's, the network policy, and the options: those the host can take are set
 * on the channel (and set again on every channel the socket opens later: a TCP socket's listening
 * channel, a new one after a failed connect), those it cannot are kept and answered here with
 * Linux's checks and defaults.
 *
 * <p>The JDK cannot express three things this class therefore emulates: IPV6_V6ONLY (a JDK
 * channel of the IPv6 family is always dual-stack: a v6-only socket refuses v4-mapped addresses
 * here, but its port still holds the IPv4 port on the host), IP_TTL (kept and reported, not put on
 * the packets) and SO_LINGER on a datagram socket (kept, as Linux, which ignores it there).
 */
abstract sealed class InetSocket extends Socket implements HostSelector.Watcher permits TcpSocket, UdpSocket {
    /** Guards the socket's state and its channel; the selector thread takes it too, never the other way round. */
    protected final Object lock = new Object();
    protected final HostSelector selector;
    protected final boolean v6;
    /** IPV6_V6ONLY. */
    protected volatile boolean v6only;
    /** SO_ERROR, pending (guarded by lock). */
    protected int error;
    /** The key of the channel being watched, or null (guarded by lock). */
    protected SelectionKey key;
    /** Released: no more host calls (guarded by lock). */
    protected boolean released;
    /**
     * The guest asked for a wildcard address and, under --net=loopback, the host socket was bound
     * to the loopback address instead: getsockname reports the wildcard the guest asked for.
     */
    protected boolean wildcardShown;

    /** Host options the guest set, in order, to put on every channel this socket opens. */
    private final Map<SocketOption<?>, Object> hostOptions = new LinkedHashMap<>();
    /** Options set at the IP, IPv6 and TCP levels, as the kernel answers them ((level << 32 | name) to value). */
    private final Map<Long, Integer> familyValues = new LinkedHashMap<>();
    /** What setsockopt set, for a connection accept() makes to inherit ((level << 32 | name) to the bytes). */
    private final Map<Long, byte[]> setLog = new LinkedHashMap<>();

    InetSocket(Network net, int domain, int type, int protocol, int rcvbuf, int sndbuf) {
        super(net, domain, type, protocol, rcvbuf, sndbuf);
        this.selector = net.hostSelector();
        this.v6 = domain == AF_INET6;
        selector.join();
    }

    /** How a host channel of a family is opened (SocketChannel::open, DatagramChannel::open, ...). */
    @FunctionalInterface
    interface Opener<C> {
        C open(ProtocolFamily family) throws IOException;
    }

    /**
     * A new non-blocking host channel for a socket of {@code domain}: EAFNOSUPPORT when the host
     * has no such family, else the host's error (EMFILE, ENOBUFS, ...).
     */
    static <C extends SelectableChannel> Result<C> open(int domain, Opener<C> how) {
        try {
            C ch = how.open(domain == AF_INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.configureBlocking(false);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return Result.ok(ch);
        } catch (UnsupportedOperationException e) {
            return Result.err(Errno.EAFNOSUPPORT);
        } catch (IOException e) {
            return Result.err(HostNetErrors.errno(e));
        }
    }

    // ---- addresses -----------------------------------------------------------------------------

    /** The JDK's address for a guest's sockaddr of this socket's family. */
    static InetSocketAddress host(SockAddr a) {
        try {
            return switch (a) {
                case SockAddr.Inet4 i -> new InetSocketAddress(InetAddress.getByAddress(i.addr()), i.port());
                case SockAddr.Inet6 i when i.scopeId() != 0 && !mapped(i.addr()) ->
                        new InetSocketAddress(Inet6Address.getByAddress(null, i.addr(), i.scopeId()), i.port());
                case SockAddr.Inet6 i -> new InetSocketAddress(InetAddress.getByAddress(i.addr()), i.port());
                default -> throw new IllegalArgumentException("not an internet address: " + a);
            };
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a wrong length, which a decoded address never has
        }
    }

    /** The guest's sockaddr for a host address: an IPv4 one as v4-mapped on an AF_INET6 socket. */
    SockAddr guest(SocketAddress sa) {
        if (!(sa instanceof InetSocketAddress a) || a.getAddress() == null) return any(0);
        byte[] b = a.getAddress().getAddress();
        if (!v6) return new SockAddr.Inet4(b.length == 4 ? b : java.util.Arrays.copyOfRange(b, 12, 16), a.getPort());
        if (b.length == 4) {
            byte[] m = new byte[16];
            m[10] = m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            return new SockAddr.Inet6(m, a.getPort(), 0, 0);
        }
        int scope = a.getAddress() instanceof Inet6Address i6 ? i6.getScopeId() : 0;
        return new SockAddr.Inet6(b, a.getPort(), 0, scope);
    }

    /** The wildcard address of this socket's family (an unbound socket's name). */
    SockAddr any(int port) {
        return v6 ? new SockAddr.Inet6(new byte[16], port, 0, 0) : SockAddr.Inet4.any(port);
    }

    static boolean mapped(byte[] a) {
        if (a.length != 16) return false;
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] bytes(SockAddr a) {
        return a instanceof SockAddr.Inet4 i ? i.addr() : ((SockAddr.Inet6) a).addr();
    }

    static int port(SockAddr a) {
        return a instanceof SockAddr.Inet4 i ? i.port() : ((SockAddr.Inet6) a).port();
    }

    /** 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104. */
    static boolean loopback(SockAddr a) {
        byte[] b = bytes(a);
        if (b.length == 4) return b[0] == 127;
        if (mapped(b)) return b[12] == 127;
        for (int i = 0; i < 15; i++) if (b[i] != 0) return false;
        return b[15] == 1;
    }

    /** 0.0.0.0, :: or ::ffff:0.0.0.0. */
    static boolean wildcard(SockAddr a) {
        byte[] b = bytes(a);
        int from = mapped(b) ? 12 : 0;
        for (int i = from; i < b.length; i++) if (b[i] != 0) return false;
        return true;
    }

    /** Whether this is a v4-mapped address (on an AF_INET6 socket). */
    static boolean mappedAddress(SockAddr a) {
        return a instanceof SockAddr.Inet6 i && mapped(i.addr());
    }

    /** The loopback address the host socket takes for a guest's wildcard under --net=loopback. */
    InetSocketAddress loopbackFor(SockAddr wildcard) {
        int port = port(wildcard);
        if (!v6 || mappedAddress(wildcard)) return new InetSocketAddress(v4Loopback(), port);
        return new InetSocketAddress(v6Loopback(), port);
    }

    private static InetAddress v4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress v6Loopback() {
        try {
            byte[] b = new byte[16];
            b[15] = 1;
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whether the guest may reach {@code to} (connect, sendto): 0, ENETUNREACH under --net=loopback
     * for an address off this host's loopback, or for a v4-mapped address on a v6-only socket (as
     * Linux), EAFNOSUPPORT for another family.
     */
    long reachable(SockAddr to) {
        if (!(to instanceof SockAddr.Inet4) && !(to instanceof SockAddr.Inet6)) return Errno.EAFNOSUPPORT.negative();
        if (v6only && mappedAddress(to)) return Errno.ENETUNREACH.negative();
        if (net.policy() == Network.Policy.LOOPBACK && !loopback(to) && !wildcard(to)) return Errno.ENETUNREACH.negative();
        return 0;
    }

    /**
     * The host address a bind to {@code at} takes: EINVAL for a v4-mapped address on a v6-only
     * socket, EADDRNOTAVAIL under --net=loopback for an address off the loopback (a wildcard is
     * bound to the loopback address instead, and shown as asked).
     */
    Result<InetSocketAddress> bindAddress(SockAddr at) {
        if (!(at instanceof SockAddr.Inet4) && !(at instanceof SockAddr.Inet6)) return Result.err(Errno.EAFNOSUPPORT);
        if (v6only && mappedAddress(at)) return Result.err(Errno.EINVAL);
        if (net.policy() == Network.Policy.LOOPBACK) {
            if (wildcard(at)) return Result.ok(loopbackFor(at));
            if (!loopback(at)) return Result.err(Errno.EADDRNOTAVAIL);
        }
        return Result.ok(host(at));
    }

    /**
     * bind(): Linux's checks (EINVAL once bound, the policy's and IPV6_V6ONLY's), then the host's
     * bind of the family's channel (EADDRINUSE, EADDRNOTAVAIL, EACCES are the host's).
     */
    @Override
    public final long bind(SockAddr addr) {
        Result<InetSocketAddress> at = bindAddress(addr);
        if (at.failed()) return at.negative();
        synchronized (lock) {
            if (released) return Errno.EBADF.negative();
            if (bound()) return Errno.EINVAL.negative();
            try {
                long r = bindHost(at.value());
                if (r < 0) return r;
            } catch (IOException | RuntimeException e) {
                return HostNetErrors.negative(e);
            }
            wildcardShown = net.policy() == Network.Policy.LOOPBACK && wildcard(addr);
            return 0;
        }
    }

    /** Binds the family's host channel to {@code at} (lock held): 0 or -errno. */
    abstract long bindHost(InetSocketAddress at) throws IOException;

    /** Where an implicit bind (listen on an unbound socket, a datagram's first send) puts the host socket. */
    InetSocketAddress autobindAddress(SockAddr toward) {
        if (net.policy() != Network.Policy.LOOPBACK) return null;
        if (v6 && toward != null && mappedAddress(toward)) return new InetSocketAddress(v4Loopback(), 0);
        return loopbackFor(any(0));
    }

    /** The guest's view of a host socket's local address. */
    SockAddr shownLocal(SocketAddress hostLocal) {
        SockAddr a = guest(hostLocal);
        if (wildcardShown) return any(port(a));
        return a;
    }

    // ---- options -------------------------------------------------------------------------------

    /** The channel options go to now, or null when there is none. */
    abstract NetworkChannel channel();

    /** Sets {@code o} on the host channel (and remembers it for later channels): 0 or -errno. */
    protected final <T> long setHost(SocketOption<T> o, T value) {
        synchronized (lock) {
            hostOptions.put(o, value);
            NetworkChannel ch = channel();
            if (ch == null || !ch.supportedOptions().contains(o)) return 0;
            try {
                ch.setOption(o, value);
                return 0;
            } catch (IOException | RuntimeException e) {
                return HostNetErrors.negative(e);
            }
        }
    }

    /** Puts every option the guest set on a channel this socket just opened. */
    protected final void applyOptions(NetworkChannel ch) {
        for (Map.Entry<SocketOption<?>, Object> e : hostOptions.entrySet()) {
            if (!ch.supportedOptions().contains(e.getKey())) continue;
            try {
                set(ch, e.getKey(), e.getValue());
            } catch (IOException | RuntimeException x) {
                // as far as the host takes it
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(NetworkChannel ch, SocketOption<T> o, Object v) throws IOException {
        ch.setOption(o, (T) v);
    }

    /** The host option a recorded SOL_SOCKET option is, for this kind of socket (null: kept here only). */
    private SocketOption<?> hostOption(int name) {
        boolean stream = type == SOCK_STREAM;
        return switch (name) {
            case SO_REUSEADDR -> StandardSocketOptions.SO_REUSEADDR;
            case SO_REUSEPORT -> StandardSocketOptions.SO_REUSEPORT;
            case SO_KEEPALIVE -> stream ? StandardSocketOptions.SO_KEEPALIVE : null;
            case SO_BROADCAST -> stream ? null : StandardSocketOptions.SO_BROADCAST;
            case SO_LINGER -> stream ? StandardSocketOptions.SO_LINGER : null;
            case SO_RCVBUF -> StandardSocketOptions.SO_RCVBUF;
            case SO_SNDBUF -> StandardSocketOptions.SO_SNDBUF;
            default -> null;
        };
    }

    @Override
    protected long optionChanged(int name, int value) {
        logSet(SOL_SOCKET, name, name == SO_LINGER ? linger(value) : intBytes(value));
        SocketOption<?> o = hostOption(name);
        if (o == null) return 0;
        if (o.type() == Boolean.class) return setHost(booleanOption(o), value != 0);
        return setHost(integerOption(o), value);
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> booleanOption(SocketOption<?> o) { return (SocketOption<Boolean>) o; }

    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> integerOption(SocketOption<?> o) { return (SocketOption<Integer>) o; }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] linger(int seconds) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(seconds < 0 ? 0 : 1)
                .putInt(Math.max(seconds, 0)).array();
    }

    private void logSet(int level, int name, byte[] v) {
        synchronized (setLog) {
            setLog.put((long) level << 32 | name, v.clone());
        }
    }

    /** A connection accept() made inherits what was set on its listener, as Linux's clone of the listening sock. */
    protected final void inherit(InetSocket listener) {
        List<Map.Entry<Long, byte[]>> log;
        synchronized (listener.setLog) {
            log = new ArrayList<>(listener.setLog.entrySet());
        }
        v6only = listener.v6only;
        for (Map.Entry<Long, byte[]> e : log) {
            int level = (int) (e.getKey() >>> 32), name = (int) (long) e.getKey();
            if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) continue;
            setOption(level, name, e.getValue());
        }
    }

    /** Linux's reading of an IP-level integer option: an int, or one unsigned byte when shorter (0 when empty). */
    private static int ipInt(byte[] v) {
        if (v.length >= 4) return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        return v.length >= 1 ? v[0] & 0xff : 0;
    }

    private static int intOf(byte[] v) {
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    private int familyValue(int level, int name, int fallback) {
        synchronized (familyValues) {
            return familyValues.getOrDefault((long) level << 32 | name, fallback);
        }
    }

    private void keep(int level, int name, int value, byte[] raw) {
        synchronized (familyValues) {
            familyValues.put((long) level << 32 | name, value);
        }
        logSet(level, name, raw);
    }

    @Override
    protected Result<byte[]> familyOption(int level, int name) {
        switch (level) {
            case IPPROTO_IP -> {
                return switch (name) {
                    case IP_TOS -> intValue(familyValue(level, name, 0));
                    case IP_TTL -> intValue(familyValue(level, name, -1) < 0 ? Sysctl.IP_DEFAULT_TTL : familyValue(level, name, -1));
                    case IP_MULTICAST_TTL -> intValue(familyValue(level, name, 1));
                    case IP_MULTICAST_LOOP -> intValue(familyValue(level, name, 1));
                    case IP_RECVERR -> intValue(familyValue(level, name, 0));
                    default -> Result.err(Errno.ENOPROTOOPT);
                };
            }
            case IPPROTO_IPV6 -> {
                if (!v6) return Result.err(otherLevel(level));
                if (name == IPV6_V6ONLY) return intValue(v6only ? 1 : 0);
                if (name == IPV6_RECVERR) return intValue(familyValue(level, name, 0));
                return Result.err(Errno.ENOPROTOOPT);
            }
            case IPPROTO_TCP -> {
                if (type != SOCK_STREAM) return Result.err(otherLevel(level));
                return switch (name) {
                    case TCP_NODELAY -> intValue(familyValue(level, name, 0));
                    case TCP_KEEPIDLE -> intValue(familyValue(level, name, Sysctl.TCP_KEEPALIVE_TIME));
                    case TCP_KEEPINTVL -> intValue(familyValue(level, name, Sysctl.TCP_KEEPALIVE_INTVL));
                    case TCP_KEEPCNT -> intValue(familyValue(level, name, Sysctl.TCP_KEEPALIVE_PROBES));
                    default -> Result.err(Errno.ENOPROTOOPT);
                };
            }
            default -> {
                return Result.err(otherLevel(level));
            }
        }
    }

    /**
     * recvmsg(MSG_ERRQUEUE): Linux's ip_recv_error with nothing queued, EAGAIN, never blocking.
     * The host's ICMP errors do not reach the kernel through the JDK's channels, so the queue is
     * always empty; a connected socket still learns of an unreachable port as ECONNREFUSED, as
     * on Linux with or without IP_RECVERR.
     */
    protected static long recvErrQueue() {
        return Errno.EAGAIN.negative();
    }

    /**
     * getsockopt at a level the socket does not have: Linux's ip_getsockopt answers EOPNOTSUPP
     * (an AF_INET socket's last resort), ipv6_getsockopt ENOPROTOOPT; SOL_SOCKET's unknown ENOPROTOOPT.
     */
    private Errno otherLevel(int level) {
        return v6 || level == SOL_SOCKET ? Errno.ENOPROTOOPT : Errno.EOPNOTSUPP;
    }

    @Override
    protected long setFamilyOption(int level, int name, byte[] v) {
        switch (level) {
            case IPPROTO_IP -> {
                int val = ipInt(v);
                switch (name) {
                    case IP_TOS -> {
                        int tos = val & 0xff;
                        if (type == SOCK_STREAM) tos = (tos & ~3) | (familyValue(level, name, 0) & 3); // the ECN bits stay TCP's
                        keep(level, name, tos, v);
                        return setHost(StandardSocketOptions.IP_TOS, tos);
                    }
                    case IP_TTL -> {
                        if (v.length < 1 || val != -1 && (val < 1 || val > 255)) return Errno.EINVAL.negative();
                        keep(level, name, val, v); // kept and reported: the JDK has no option for it
                        return 0;
                    }
                    case IP_MULTICAST_TTL -> {
                        if (type == SOCK_STREAM || v.length < 1) return Errno.EINVAL.negative();
                        if (val == -1) val = 1;
                        if (val < 0 || val > 255) return Errno.EINVAL.negative();
                        keep(level, name, val, v);
                        return setHost(StandardSocketOptions.IP_MULTICAST_TTL, val);
                    }
                    case IP_MULTICAST_LOOP -> {
                        if (v.length < 1) return Errno.EINVAL.negative();
                        keep(level, name, val != 0 ? 1 : 0, v);
                        return type == SOCK_STREAM ? 0 : setHost(StandardSocketOptions.IP_MULTICAST_LOOP, val != 0);
                    }
                    case IP_RECVERR -> { // kept and reported; the error queue stays empty (see recvErrQueue)
                        keep(level, name, val != 0 ? 1 : 0, v);
                        return 0;
                    }
                    default -> {
                        return Errno.ENOPROTOOPT.negative();
                    }
                }
            }
            case IPPROTO_IPV6 -> {
                if (!v6) return Errno.ENOPROTOOPT.negative();
                if (name == IPV6_RECVERR) {
                    if (v.length < 4) return Errno.EINVAL.negative();
                    keep(level, name, intOf(v) != 0 ? 1 : 0, v);
                    return 0;
                }
                if (name != IPV6_V6ONLY) return Errno.ENOPROTOOPT.negative();
                if (v.length < 4 || bound()) return Errno.EINVAL.negative();
                v6only = intOf(v) != 0;
                return 0;
            }
            case IPPROTO_TCP -> {
                if (type != SOCK_STREAM) return Errno.ENOPROTOOPT.negative();
                if (v.length < 4) return Errno.EINVAL.negative();
                int val = intOf(v);
                switch (name) {
                    case TCP_NODELAY -> {
                        keep(level, name, val != 0 ? 1 : 0, v);
                        return setHost(StandardSocketOptions.TCP_NODELAY, val != 0);
                    }
                    case TCP_KEEPIDLE, TCP_KEEPINTVL -> {
                        if (val < 1 || val > 32767) return Errno.EINVAL.negative();
                        keep(level, name, val, v);
                        return setHost(name == TCP_KEEPIDLE ? jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE
                                : jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, val);
                    }
                    case TCP_KEEPCNT -> {
                        if (val < 1 || val > 127) return Errno.EINVAL.negative();
                        keep(level, name, val, v);
                        return setHost(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, val);
                    }
                    default -> {
                        return Errno.ENOPROTOOPT.negative();
                    }
                }
            }
            default -> {
                return Errno.ENOPROTOOPT.negative();
            }
        }
    }

    /** Whether the socket has a local port (IPV6_V6ONLY can no longer change). */
    abstract boolean bound();

    // ---- the selector and errors ----------------------------------------------------------------

    /** Watches {@code ch} for {@code ops} (lock held): registers it the first time. */
    /** A SIGIO must come even while no guest thread sleeps: the selector's own thread watches at once then. */
    @Override
    protected void signalDriven(boolean on) {
        selector.signalDriven(on);
    }

    protected final void watch(SelectableChannel ch, int ops) {
        if (released) return;
        try {
            if (key == null || key.channel() != ch || !key.isValid()) {
                if (ops == 0) return;
                key = selector.register(ch, ops, this);
            } else {
                selector.interest(key, ops);
            }
        } catch (IOException | RuntimeException e) {
            // the channel is closed: nothing to watch
        }
    }

    /** Lets go of the channel being watched and closes it, waiting until the host socket is closed. */
    protected final void closeWatched(SelectionKey k, SelectableChannel ch) {
        selector.close(k, ch);
    }

    @Override
    public void lost(RuntimeException e) {
        synchronized (lock) {
            if (error == 0) error = Errno.EIO.number();
            key = null;
        }
        changed(io.helctic.abi.uapi.Poll.POLLERR | io.helctic.abi.uapi.Poll.POLLIN | io.helctic.abi.uapi.Poll.POLLOUT);
    }

    /**
     * Lets the host tell what went wrong meanwhile (lock held): a reset, an ICMP error, the end of
     * a connection under way. The host keeps its error until a read or write reports it, and the
     * kernel reads only when asked: SO_ERROR asks.
     */
    abstract void hostNews();

    @Override
    protected int takeError() {
        synchronized (lock) {
            if (!released) hostNews();
            int e = error;
            error = 0;
            return e;
        }
    }

    /** The kernel's own view of a few host sysctls (what a native program would be told). */
    static final class Sysctl {
        static final int IP_DEFAULT_TTL = Network.sysctl("net/ipv4/ip_default_ttl", 64);
        static final int TCP_KEEPALIVE_TIME = Network.sysctl("net/ipv4/tcp_keepalive_time", 7200);
        static final int TCP_KEEPALIVE_INTVL = Network.sysctl("net/ipv4/tcp_keepalive_intvl", 75);
        static final int TCP_KEEPALIVE_PROBES = Network.sysctl("net/ipv4/tcp_keepalive_probes", 9);
        static final int[] TCP_RMEM = triple("net/ipv4/tcp_rmem", 131072);
        static final int[] TCP_WMEM = triple("net/ipv4/tcp_wmem", 16384);
        static final int RMEM_DEFAULT = Network.sysctl("net/core/rmem_default", 212992);
        static final int WMEM_DEFAULT = Network.sysctl("net/core/wmem_default", 212992);

        private static int[] triple(String name, int middle) {
            String text = Network.sysctlText(name);
            try {
                String[] f = text.split("\\s+");
                return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])};
            } catch (RuntimeException e) {
                return new int[] {4096, middle, middle};
            }
        }

        private Sysctl() {}
    }
}
