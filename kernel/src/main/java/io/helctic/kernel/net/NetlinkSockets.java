package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * AF_NETLINK: the checks of Linux's netlink_create, and the port ids of each kernel's netlink
 * sockets (found among the kernel's open sockets). Only NETLINK_ROUTE is served; any other
 * protocol is EPROTONOSUPPORT, as Linux answers a protocol no kernel module registered.
 */
final class NetlinkSockets {
    private NetlinkSockets() {}

    /** Guards every netlink socket's port id and bound flag: binds are rare, and a bind must see every other. */
    static final Object PORTS = new Object();

    static Result<Socket> create(Network net, int type, int protocol) {
        if (type != SOCK_RAW && type != SOCK_DGRAM) return Result.err(Errno.ESOCKTNOSUPPORT);
        if (protocol < 0 || protocol >= MAX_LINKS) return Result.err(Errno.EPROTONOSUPPORT);
        if (protocol != NETLINK_ROUTE) return Result.err(Errno.EPROTONOSUPPORT); // NETLINK_ROUTE only, so far
        return Result.ok(new NetlinkSocket(net, type));
    }

    /** The socket bound to {@code port} in this kernel, or null. */
    static NetlinkSocket find(Network net, int port) {
        synchronized (PORTS) {
            for (Socket s : net.sockets()) {
                if (s instanceof NetlinkSocket n && n.bound() && n.port() == port) return n;
            }
            return null;
        }
    }

    /** The sockets that joined {@code group}. */
    static List<NetlinkSocket> members(Network net, int group) {
        List<NetlinkSocket> out = new ArrayList<>();
        for (Socket s : net.sockets()) if (s instanceof NetlinkSocket n && n.member(group)) out.add(n);
        return out;
    }

    /**
     * netlink_autobind's choice (PORTS held): the process's pid, or when that is taken a free
     * negative port id below -4096.
     */
    static int freePort(Network net, int pid) {
        if (pid > 0 && find(net, pid) == null) return pid;
        while (true) {
            int p = ThreadLocalRandom.current().nextInt(Integer.MIN_VALUE, -4096);
            if (find(net, p) == null) return p;
        }
    }
}
