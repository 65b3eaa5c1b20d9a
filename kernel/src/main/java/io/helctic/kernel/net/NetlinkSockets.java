package io.helctic.kernel.net;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;

/** AF_NETLINK sockets. */
final class NetlinkSockets {
    private NetlinkSockets() {}

    static Result<Socket> create(Network net, int type, int protocol) {
        return Result.err(Errno.EAFNOSUPPORT); // not yet: NETLINK_ROUTE comes next
    }
}
