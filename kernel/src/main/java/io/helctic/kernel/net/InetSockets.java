package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;

/**
 * AF_INET and AF_INET6 sockets, backed by the host's network stack through the JDK's channels
 * ({@link TcpSocket}, {@link UdpSocket}), watched by the kernel's one {@link HostSelector}.
 */
final class InetSockets {
    private InetSockets() {}

    /** Linux's IPPROTO_MAX. */
    private static final int IPPROTO_MAX = 263;

    /**
     * Linux's inet_create, for the protocols the host can carry: TCP and UDP. Ping sockets
     * (SOCK_DGRAM with IPPROTO_ICMP/ICMPV6), UDP-Lite and SCTP answer EPROTONOSUPPORT: the JDK
     * has no channel for them.
     */
    static Result<Socket> create(Network net, int domain, int type, int protocol) {
        if (protocol < 0 || protocol >= IPPROTO_MAX) return Result.err(Errno.EINVAL);
        return switch (type) {
            case SOCK_STREAM -> protocol == 0 || protocol == IPPROTO_TCP ? TcpSocket.create(net, domain)
                    : Result.err(Errno.EPROTONOSUPPORT);
            case SOCK_DGRAM -> protocol == 0 || protocol == IPPROTO_UDP ? UdpSocket.create(net, domain)
                    : Result.err(Errno.EPROTONOSUPPORT);
            default -> Result.err(Errno.ESOCKTNOSUPPORT);
        };
    }
}
