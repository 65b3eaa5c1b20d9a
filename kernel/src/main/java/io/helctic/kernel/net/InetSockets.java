package io.helctic.kernel.net;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;

/** AF_INET and AF_INET6 sockets, backed by the host's network stack. */
final class InetSockets {
    private InetSockets() {}

    static Result<Socket> create(Network net, int domain, int type, int protocol) {
        return Result.err(Errno.EAFNOSUPPORT); // not yet: the internet families come next
    }
}
