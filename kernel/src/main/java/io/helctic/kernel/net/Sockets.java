package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;

/** Makes sockets: the family and type checks of Linux's __sock_create, then each family's own. */
public final class Sockets {
    private Sockets() {}

    /** Linux's SOCK_MAX and AF_MAX. */
    private static final int SOCK_MAX = 11, AF_MAX = 46;

    public static Result<Socket> create(Network net, int domain, int type, int protocol) {
        if (domain < 0 || domain >= AF_MAX) return Result.err(Errno.EAFNOSUPPORT);
        if (type < 0 || type >= SOCK_MAX) return Result.err(Errno.EINVAL);
        return switch (domain) {
            case AF_UNIX -> {
                if (protocol != 0 && protocol != AF_UNIX) yield Result.err(Errno.EPROTONOSUPPORT);
                yield switch (type) {
                    case SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET -> Result.ok(UnixSocket.create(net, type));
                    case SOCK_RAW -> Result.ok(UnixSocket.create(net, SOCK_DGRAM)); // as Linux's unix_create
                    default -> Result.err(Errno.ESOCKTNOSUPPORT);
                };
            }
            case AF_INET, AF_INET6 -> {
                if (net.policy() == Network.Policy.NONE) yield Result.err(Errno.EACCES);
                if (type == SOCK_RAW) yield Result.err(Errno.EPERM); // raw sockets need CAP_NET_RAW
                yield InetSockets.create(net, domain, type, protocol);
            }
            case AF_NETLINK -> NetlinkSockets.create(net, type, protocol);
            case AF_PACKET -> Result.err(Errno.EPERM); // CAP_NET_RAW
            default -> Result.err(Errno.EAFNOSUPPORT);
        };
    }

    /** socketpair: AF_UNIX only (EOPNOTSUPP for the internet families, as Linux). */
    public static Result<Socket[]> pair(Network net, int domain, int type, int protocol) {
        if (domain < 0 || domain >= AF_MAX) return Result.err(Errno.EAFNOSUPPORT);
        if (type < 0 || type >= SOCK_MAX) return Result.err(Errno.EINVAL);
        if (domain == AF_INET || domain == AF_INET6) { // Linux makes the socket, then sock_no_socketpair refuses
            if (net.policy() == Network.Policy.NONE) return Result.err(Errno.EACCES);
            return Result.err(type == SOCK_RAW ? Errno.EPERM : Errno.EOPNOTSUPP);
        }
        if (domain == AF_NETLINK) return Result.err(Errno.EOPNOTSUPP);
        if (domain != AF_UNIX) return Result.err(Errno.EAFNOSUPPORT);
        if (protocol != 0 && protocol != AF_UNIX) return Result.err(Errno.EPROTONOSUPPORT);
        int t = type == SOCK_RAW ? SOCK_DGRAM : type;
        if (t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET) return Result.err(Errno.ESOCKTNOSUPPORT);
        return Result.ok(UnixSocket.pair(net, t));
    }

    /** A guest's struct sockaddr for a socket of {@code domain} (see {@link SockAddr#decode}). */
    public static Result<SockAddr> decode(byte[] b, int domain) {
        return SockAddr.decode(b, domain);
    }
}
