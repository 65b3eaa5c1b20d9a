package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.KernelOps;

/** FreeBSD's socket calls: {@link BsdSockets} in FreeBSD's numbers ({@link BsdSockets#FREEBSD}). */
final class FreeBsdSockets {
    private FreeBsdSockets() {}

    private static final BsdSockets.Dialect D = BsdSockets.FREEBSD;

    static long socket(KernelOps ops, long domain, long type, long protocol) {
        return BsdSockets.socket(ops, D, domain, type, protocol);
    }

    static long socketpair(KernelOps ops, long domain, long type, long protocol, long sv) {
        return BsdSockets.socketpair(ops, D, domain, type, protocol, sv);
    }

    static long bind(KernelOps ops, long fd, long addr, long len) {
        return BsdSockets.address(ops, D, BIND, fd, addr, len);
    }

    static long connect(KernelOps ops, long fd, long addr, long len) {
        return BsdSockets.address(ops, D, CONNECT, fd, addr, len);
    }

    static long accept(KernelOps ops, long fd, long addr, long lenp) {
        return BsdSockets.accept(ops, D, fd, addr, lenp, 0, true);
    }

    static long accept4(KernelOps ops, long fd, long addr, long lenp, long flags) {
        return BsdSockets.accept(ops, D, fd, addr, lenp, flags, false);
    }

    static long getsockname(KernelOps ops, long fd, long addr, long lenp) {
        return BsdSockets.name(ops, D, GETSOCKNAME, fd, addr, lenp);
    }

    static long getpeername(KernelOps ops, long fd, long addr, long lenp) {
        return BsdSockets.name(ops, D, GETPEERNAME, fd, addr, lenp);
    }

    static long sendto(KernelOps ops, long fd, long buf, long len, long flags, long to, long tolen) {
        return BsdSockets.sendto(ops, D, fd, buf, len, flags, to, tolen);
    }

    static long recvfrom(KernelOps ops, long fd, long buf, long len, long flags, long from, long lenp) {
        return BsdSockets.recvfrom(ops, D, fd, buf, len, flags, from, lenp);
    }

    static long sendmsg(KernelOps ops, long fd, long msg, long flags) {
        return BsdSockets.sendmsg(ops, D, fd, msg, flags);
    }

    static long recvmsg(KernelOps ops, long fd, long msg, long flags) {
        return BsdSockets.recvmsg(ops, D, fd, msg, flags);
    }

    static long setsockopt(KernelOps ops, long fd, long level, long name, long val, long len) {
        return BsdSockets.setsockopt(ops, D, fd, level, name, val, len);
    }

    static long getsockopt(KernelOps ops, long fd, long level, long name, long val, long lenp) {
        return BsdSockets.getsockopt(ops, D, fd, level, name, val, lenp);
    }
}
