package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.abi.uapi.Socket;
import io.helctic.personality.ErrnoTable;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * The socket calls of FreeBSD and NetBSD on amd64 onto the kernel's (Linux's) socket ops. What differs,
 * from each OS's sys/sys/socket.h, sys/sys/un.h, netinet/in.h, netinet6/in6.h and netinet/tcp.h:
 *
 * <ul>
 * <li>struct sockaddr starts with a one-byte sa_len and a one-byte sa_family (Linux: a u16 family);
 *     AF_INET6 is 28 on FreeBSD, 24 on NetBSD (Linux 10); sockaddr_in and sockaddr_in6 are otherwise
 *     Linux's; sun_path holds 104 bytes (Linux 108). A returned address's length is the smaller of
 *     the room given and the BSD address's own (Linux reports the full length).
 * <li>socket type flags SOCK_CLOEXEC 0x10000000, SOCK_NONBLOCK 0x20000000 (NetBSD's SOCK_NOSIGPIPE
 *     0x40000000); accept(2) inherits the listener's O_NONBLOCK, accept4 and paccept do not.
 * <li>SOL_SOCKET is 0xffff and the SO_ numbers differ; FreeBSD reports a set boolean option as its
 *     own bit (SO_REUSEADDR reads 4), NetBSD as 1; NetBSD's struct timeval has an int tv_usec.
 * <li>MSG_ flags differ; struct msghdr has an int msg_iovlen and a socklen_t msg_controllen (48
 *     bytes, Linux 56); struct cmsghdr is {socklen_t len; int level; int type} with its data at 16 (as
 *     Linux's, whose header is 16 bytes with a size_t len), so CMSG_LEN and CMSG_SPACE agree and a
 *     control message is translated by rewriting its header.
 * </ul>
 *
 * Structures the kernel takes in Linux's layout are built in USER_SCRATCH: a msghdr at 0, an address
 * at {@link #NAME} and (sendmsg) control messages from {@link #CONTROL}.
 */
final class BsdSockets {
    private BsdSockets() {}

    // sys/sys/socket.h (the same numbers on both)
    static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2;
    static final int SOCK_CLOEXEC = 0x10000000, SOCK_NONBLOCK = 0x20000000, SOCK_NOSIGPIPE = 0x40000000;
    static final int SOL_SOCKET = 0xffff, SCM_RIGHTS = 1;
    static final int SO_DEBUG = 0x1, SO_ACCEPTCONN = 0x2, SO_REUSEADDR = 0x4, SO_KEEPALIVE = 0x8, SO_DONTROUTE = 0x10,
            SO_BROADCAST = 0x20, SO_LINGER = 0x80, SO_OOBINLINE = 0x100, SO_REUSEPORT = 0x200, SO_SNDBUF = 0x1001,
            SO_RCVBUF = 0x1002, SO_SNDLOWAT = 0x1003, SO_RCVLOWAT = 0x1004, SO_ERROR = 0x1007, SO_TYPE = 0x1008;
    static final int MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_DONTROUTE = 0x4, MSG_EOR = 0x8, MSG_TRUNC = 0x10,
            MSG_CTRUNC = 0x20, MSG_WAITALL = 0x40, MSG_DONTWAIT = 0x80;
    /** The longest address a call takes (SOCK_MAXADDRLEN). */
    static final int SOCK_MAXADDRLEN = 255;
    /** sun_len, sun_family and sun_path[104]. */
    static final int SOCKADDR_UN_SIZE = 106;
    static final int IOV_MAX = 1024;
    // netinet/in.h, netinet6/in6.h, netinet/tcp.h (the same numbers on both)
    static final int IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_IPV6 = 41;
    static final int IP_TOS = 3, IP_TTL = 4, IP_MULTICAST_TTL = 10, IP_MULTICAST_LOOP = 11;
    static final int IPV6_UNICAST_HOPS = 4, IPV6_MULTICAST_HOPS = 10, IPV6_MULTICAST_LOOP = 11, IPV6_V6ONLY = 27,
            IPV6_TCLASS = 61;
    static final int TCP_NODELAY = 1, TCP_MAXSEG = 2;

    /** struct msghdr on amd64: name at 0, u32 namelen at 8, iov at 16, int iovlen at 24, control at 32, u32 controllen at 40, flags at 44. */
    static final int M_NAMELEN = 8, M_IOV = 16, M_IOVLEN = 24, M_CONTROL = 32, M_CONTROLLEN = 40, M_FLAGS = 44;
    /** Linux's struct msghdr: the same to iov, then u64 iovlen at 24, control at 32, u64 controllen at 40, flags at 48; 56 bytes. */
    static final int K_MSGHDR = 56, K_FLAGS = 48;
    /** Scratch layout: the kernel's msghdr at 0, an address (sockaddr_storage, 128 bytes) at NAME, its length at NAMELEN, control data from CONTROL. */
    static final int NAME = 64, NAME_ROOM = 128, NAMELEN = NAME + NAME_ROOM, CONTROL = NAMELEN + 8, SCRATCH = 4096;

    /** How a SOL_SOCKET, IP, IPv6 or TCP option's value is translated. */
    enum Kind {
        /** an int, passed as is. */
        INT,
        /** a boolean int: as is in, read back as the option's bit (FreeBSD) or 1 (NetBSD). */
        FLAG,
        /** struct linger (the same layout); l_onoff read back as FLAG is. */
        LINGER,
        /** struct timeval (NetBSD's tv_usec is an int). */
        TIMEVAL,
        /** an errno, read back in the OS's numbering (SO_ERROR). */
        ERROR,
        /** an address family, read back in the OS's numbering (SO_DOMAIN). */
        FAMILY
    }

    /** An option as the kernel knows it. */
    record Option(int level, int name, Kind kind) {}

    /**
     * What differs between FreeBSD and NetBSD: AF_INET6; the socket type flags taken; MSG_ flags in
     * (OS bit, kernel bit; a kernel bit of -1 refuses the flag with EOPNOTSUPP) and MSG_EOF; SO_SNDTIMEO
     * and SO_RCVTIMEO and whether tv_usec is an int; whether boolean options read back as their bit;
     * TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; SO_PROTOCOL and SO_DOMAIN (0: none); an unnamed
     * AF_UNIX address's length; the error of a too long address; the errno table.
     */
    record Dialect(String name, int afInet6, int typeFlags, long[][] msgIn, int sndTimeo, int rcvTimeo, boolean intUsec,
                   boolean optionBits, int[][] tcp, int soProtocol, int soDomain, int unnamedUnixLen, Errno longAddress,
                   ErrnoTable errno) {}

    /** Linux's MSG_ flags of a recvmsg result the BSDs have (kernel bit, OS bit). */
    private static final long[][] MSG_OUT = {
        {Socket.MSG_OOB, MSG_OOB}, {Socket.MSG_EOR, MSG_EOR}, {Socket.MSG_TRUNC, MSG_TRUNC}, {Socket.MSG_CTRUNC, MSG_CTRUNC},
    };

    private static final long[][] MSG_COMMON = {
        {MSG_OOB, Socket.MSG_OOB}, {MSG_PEEK, Socket.MSG_PEEK}, {MSG_DONTROUTE, Socket.MSG_DONTROUTE},
        {MSG_EOR, Socket.MSG_EOR}, {MSG_TRUNC, Socket.MSG_TRUNC}, {MSG_CTRUNC, 0}, {MSG_WAITALL, Socket.MSG_WAITALL},
        {MSG_DONTWAIT, Socket.MSG_DONTWAIT},
    };

    private static long[][] msgFlags(long[]... own) {
        long[][] all = java.util.Arrays.copyOf(MSG_COMMON, MSG_COMMON.length + own.length);
        System.arraycopy(own, 0, all, MSG_COMMON.length, own.length);
        return all;
    }

    /**
     * FreeBSD 14: AF_INET6 28; MSG_EOF 0x100 (refused), MSG_NBIO 0x4000 (as MSG_DONTWAIT), MSG_NOSIGNAL
     * 0x20000, MSG_CMSG_CLOEXEC 0x40000, MSG_WAITFORONE 0x80000; SO_SNDTIMEO 0x1005, SO_RCVTIMEO 0x1006;
     * TCP_KEEPIDLE 0x100, TCP_KEEPINTVL 0x200, TCP_KEEPCNT 0x400; SO_PROTOCOL 0x1016, SO_DOMAIN 0x1019;
     * an unnamed AF_UNIX socket's address is a 16-byte struct sockaddr (uipc_usrreq.c's sun_noname).
     */
    static final Dialect FREEBSD = new Dialect("FreeBSD", 28, SOCK_CLOEXEC | SOCK_NONBLOCK,
        msgFlags(new long[] {0x100, -1}, new long[] {0x4000, Socket.MSG_DONTWAIT}, new long[] {0x20000, Socket.MSG_NOSIGNAL},
                 new long[] {0x40000, Socket.MSG_CMSG_CLOEXEC}, new long[] {0x80000, Socket.MSG_WAITFORONE}),
        0x1005, 0x1006, false, true,
        new int[][] {{0x100, Socket.TCP_KEEPIDLE}, {0x200, Socket.TCP_KEEPINTVL}, {0x400, Socket.TCP_KEEPCNT}},
        0x1016, 0x1019, 16, Errno.ENAMETOOLONG, BsdErrnoNames.FREEBSD);

    /**
     * NetBSD 10: AF_INET6 24; SOCK_NOSIGPIPE; MSG_NOSIGNAL 0x400, MSG_CMSG_CLOEXEC 0x800, MSG_NBIO 0x1000
     * (as MSG_DONTWAIT); SO_SNDTIMEO 0x100b, SO_RCVTIMEO 0x100c (0x1005 and 0x1006 are the old
     * timeval50 ones); TCP_KEEPIDLE 3, TCP_KEEPINTVL 5, TCP_KEEPCNT 6; an unnamed AF_UNIX socket's
     * address is sun_len 2 (uipc_usrreq.c's sun_noname).
     */
    static final Dialect NETBSD = new Dialect("NetBSD", 24, SOCK_CLOEXEC | SOCK_NONBLOCK | SOCK_NOSIGPIPE,
        msgFlags(new long[] {0x400, Socket.MSG_NOSIGNAL}, new long[] {0x800, Socket.MSG_CMSG_CLOEXEC},
                 new long[] {0x1000, Socket.MSG_DONTWAIT}),
        0x100b, 0x100c, true, false,
        new int[][] {{3, Socket.TCP_KEEPIDLE}, {5, Socket.TCP_KEEPINTVL}, {6, Socket.TCP_KEEPCNT}},
        0, 0, 2, Errno.EINVAL, BsdErrnoNames.NETBSD);

    // ---- numbers -------------------------------------------------------------------------------

    /** The OS's address family as the kernel's, or -1 for one the kernel has no counterpart of. */
    static int family(Dialect d, int f) {
        if (f == AF_UNSPEC || f == AF_UNIX || f == AF_INET) return f;
        if (f == d.afInet6()) return Socket.AF_INET6;
        return -1;
    }

    /** The kernel's address family as the OS's. */
    static int guestFamily(Dialect d, int k) {
        return k == Socket.AF_INET6 ? d.afInet6() : k;
    }

    /** The OS's socket type with its flags as the kernel's, or -1 for a flag the OS does not take. */
    static long type(Dialect d, long type) {
        int t = (int) type, flags = t & (SOCK_CLOEXEC | SOCK_NONBLOCK | SOCK_NOSIGPIPE);
        if ((flags & ~d.typeFlags()) != 0) return t & ~d.typeFlags(); // left in the type: the kernel refuses it
        return (t & ~flags) | ((flags & SOCK_CLOEXEC) != 0 ? Socket.SOCK_CLOEXEC : 0)
                | ((flags & SOCK_NONBLOCK) != 0 ? Socket.SOCK_NONBLOCK : 0);
    }

    /** The OS's MSG_ flags as the kernel's; -1 for one refused (FreeBSD's MSG_EOF). Bits the OS does not define are ignored. */
    static long msgFlags(Dialect d, long flags) {
        int f = (int) flags;
        long k = 0;
        for (long[] p : d.msgIn()) {
            if ((f & p[0]) == 0) continue;
            if (p[1] < 0) return -1;
            k |= p[1];
        }
        return k;
    }

    static int guestMsgFlags(long kflags) {
        int f = 0;
        for (long[] p : MSG_OUT) if ((kflags & p[0]) != 0) f |= (int) p[1];
        return f;
    }

    // ---- addresses -----------------------------------------------------------------------------

    /**
     * The OS's address at {@code addr} ({@code len} bytes) written as the kernel's at {@code k}; its
     * length, or -errno. sa_len is ignored (both OSes take the length argument); an AF_UNIX path ends
     * at its first NUL or at the length and is NUL-terminated for the kernel; an empty one is ENOENT.
     */
    static long sockaddrIn(KernelOps ops, Dialect d, long addr, long len, long k) {
        if (len < 0 || len > SOCK_MAXADDRLEN) return d.longAddress().negative();
        int n = (int) len;
        if (n < 2) return Errno.EINVAL.negative();
        int f = (int) GuestMemory.load(ops, addr + 1, 1), kf = family(d, f);
        if (kf < 0) return Errno.EAFNOSUPPORT.negative();
        GuestMemory.store(ops, k, kf, 2);
        if (kf == Socket.AF_UNIX) {
            if (n > SOCKADDR_UN_SIZE) return Errno.EINVAL.negative();
            int path = 0;
            for (long b; 2 + path < n && (b = GuestMemory.load(ops, addr + 2 + path, 1)) != 0; path++) {
                GuestMemory.store(ops, k + 2 + path, b, 1);
            }
            if (path == 0) return Errno.ENOENT.negative();
            GuestMemory.store(ops, k + 2 + path, 0, 1);
            return 2 + path + 1;
        }
        n = Math.min(n, NAME_ROOM);
        copy(ops, addr + 2, k + 2, n - 2);
        return n;
    }

    /**
     * The kernel's address at {@code k} ({@code klen} bytes, 0 for none) to the OS's at {@code addr}
     * with the OS's length rules: {@code room} bytes at most are written and the length stored at
     * {@code lenp} is the smaller of the room and the address's own (sa_len).
     */
    static void sockaddrOut(KernelOps ops, Dialect d, long k, long klen, long addr, long lenp, long room) {
        int n = 0;
        if (klen > 0 && room > 0) {
            int kf = klen >= 2 ? (int) GuestMemory.load(ops, k, 2) : AF_UNSPEC;
            int own = switch (kf) {
                case Socket.AF_INET -> 16;
                case Socket.AF_INET6 -> 28;
                case Socket.AF_UNIX -> klen <= 2 ? d.unnamedUnixLen() : (int) Math.min(klen, SOCKADDR_UN_SIZE);
                default -> (int) Math.min(klen, SOCK_MAXADDRLEN);
            };
            n = (int) Math.min(room, own);
            GuestMemory.store(ops, addr, own, 1);
            if (n > 1) GuestMemory.store(ops, addr + 1, guestFamily(d, kf) & 0xff, 1);
            for (int i = 2; i < n; i++) GuestMemory.store(ops, addr + i, i < klen ? GuestMemory.load(ops, k + i, 1) : 0, 1);
        }
        GuestMemory.store(ops, lenp, n, 4);
    }

    /** Copies {@code count} bytes of guest memory, a word at a time where it can, lowest address first. */
    static void copy(KernelOps ops, long from, long to, long count) {
        long i = 0;
        for (; i + 4 <= count; i += 4) GuestMemory.store(ops, to + i, GuestMemory.load(ops, from + i, 4), 4);
        for (; i < count; i++) GuestMemory.store(ops, to + i, GuestMemory.load(ops, from + i, 1), 1);
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /** The room an output address pointer offers: *lenp as the OS's socklen_t, or -EINVAL when it is negative. */
    private static long room(KernelOps ops, long lenp) {
        long r = (int) GuestMemory.load(ops, lenp, 4);
        return r < 0 ? Errno.EINVAL.negative() : r;
    }

    // ---- calls ---------------------------------------------------------------------------------

    /** socket(domain, type, protocol). */
    static long socket(KernelOps ops, Dialect d, long domain, long type, long protocol) {
        int f = family(d, (int) domain);
        if (f < 0) return Errno.EAFNOSUPPORT.negative();
        return ops.call(SOCKET, f, type(d, type), (int) protocol);
    }

    /** socketpair(domain, type, protocol, sv): int sv[2] is the same on both sides. */
    static long socketpair(KernelOps ops, Dialect d, long domain, long type, long protocol, long sv) {
        int f = family(d, (int) domain);
        if (f < 0) return Errno.EAFNOSUPPORT.negative();
        return ops.call(SOCKETPAIR, f, type(d, type), (int) protocol, sv);
    }

    /** bind or connect (op) of fd to the OS's address. */
    static long address(KernelOps ops, Dialect d, KernelOp op, long fd, long addr, long len) {
        try {
            long s = ops.call(USER_SCRATCH, NAME_ROOM);
            if (s < 0) return s;
            long klen = sockaddrIn(ops, d, addr, (int) len, s);
            if (klen < 0) return klen;
            return ops.call(op, (int) fd, s, klen);
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /**
     * accept(fd, addr, lenp) ({@code inherit}: the new socket takes the listener's O_NONBLOCK, as both
     * OSes' accept(2) does) and accept4/paccept with the OS's SOCK_ flags. A peer address that cannot
     * be stored closes the new descriptor (EFAULT), as FreeBSD's accept1.
     */
    static long accept(KernelOps ops, Dialect d, long fd, long addr, long lenp, long flags, boolean inherit) {
        int f = (int) flags;
        if ((f & ~d.typeFlags()) != 0) return Errno.EINVAL.negative();
        long kflags = type(d, f);
        if (inherit) {
            long fl = ops.call(FCNTL, (int) fd, Fcntl.F_GETFL, 0);
            if (fl < 0) return fl;
            if ((fl & Fcntl.O_NONBLOCK) != 0) kflags |= Socket.SOCK_NONBLOCK;
        }
        long s, room;
        try {
            if (addr == 0) return ops.call(ACCEPT, (int) fd, 0, 0, kflags);
            room = room(ops, lenp);
            if (room < 0) return room;
            s = ops.call(USER_SCRATCH, NAMELEN + 8);
            if (s < 0) return s;
            GuestMemory.store(ops, s + NAMELEN, NAME_ROOM, 4);
        } catch (GuestFault e) {
            return e.result();
        }
        long r = ops.call(ACCEPT, (int) fd, s + NAME, s + NAMELEN, kflags);
        if (r < 0) return r;
        try {
            sockaddrOut(ops, d, s + NAME, GuestMemory.load(ops, s + NAMELEN, 4), addr, lenp, room);
            return r;
        } catch (GuestFault e) {
            ops.call(CLOSE, r);
            return e.result();
        }
    }

    /** getsockname or getpeername (op): the address in the OS's layout and length rules. */
    static long name(KernelOps ops, Dialect d, KernelOp op, long fd, long addr, long lenp) {
        try {
            long room = room(ops, lenp);
            if (room < 0) return room;
            long s = ops.call(USER_SCRATCH, NAMELEN + 8);
            if (s < 0) return s;
            GuestMemory.store(ops, s + NAMELEN, NAME_ROOM, 4);
            long r = ops.call(op, (int) fd, s + NAME, s + NAMELEN);
            if (r < 0) return r;
            sockaddrOut(ops, d, s + NAME, GuestMemory.load(ops, s + NAMELEN, 4), addr, lenp, room);
            return r;
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /** sendto(fd, buf, len, flags, to, tolen). */
    static long sendto(KernelOps ops, Dialect d, long fd, long buf, long len, long flags, long to, long tolen) {
        long k = msgFlags(d, flags);
        if (k < 0) return Errno.EOPNOTSUPP.negative();
        if (to == 0) return ops.call(SENDTO, (int) fd, buf, len, k, 0, 0);
        try {
            long s = ops.call(USER_SCRATCH, NAME_ROOM);
            if (s < 0) return s;
            long klen = sockaddrIn(ops, d, to, (int) tolen, s);
            if (klen < 0) return klen;
            return ops.call(SENDTO, (int) fd, buf, len, k, s, klen);
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /** recvfrom(fd, buf, len, flags, from, fromlenp): the sender's address in the OS's layout and length rules. */
    static long recvfrom(KernelOps ops, Dialect d, long fd, long buf, long len, long flags, long from, long lenp) {
        long k = msgFlags(d, flags);
        if (k < 0) return Errno.EOPNOTSUPP.negative();
        if (from == 0 || lenp == 0) return ops.call(RECVFROM, (int) fd, buf, len, k, 0, 0);
        long s, room;
        try {
            room = room(ops, lenp);
            if (room < 0) return room;
            s = ops.call(USER_SCRATCH, NAMELEN + 8);
            if (s < 0) return s;
            GuestMemory.store(ops, s + NAMELEN, NAME_ROOM, 4);
        } catch (GuestFault e) {
            return e.result();
        }
        long r = ops.call(RECVFROM, (int) fd, buf, len, k, s + NAME, s + NAMELEN);
        if (r < 0) return r;
        try {
            sockaddrOut(ops, d, s + NAME, GuestMemory.load(ops, s + NAMELEN, 4), from, lenp, room);
            return r;
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /**
     * sendmsg(fd, msg, flags): the OS's msghdr, address and control messages as the kernel's in scratch
     * space; the iovecs (the same layout) stay where they are. Only SOL_SOCKET/SCM_RIGHTS control
     * messages are taken; any other is EINVAL.
     */
    static long sendmsg(KernelOps ops, Dialect d, long fd, long msg, long flags) {
        long kf = msgFlags(d, flags);
        if (kf < 0) return Errno.EOPNOTSUPP.negative();
        try {
            long s = ops.call(USER_SCRATCH, SCRATCH);
            if (s < 0) return s;
            long r = header(ops, msg, s);
            if (r < 0) return r;
            long name = GuestMemory.load64(ops, msg), control = GuestMemory.load64(ops, msg + M_CONTROL);
            if (name != 0) {
                long klen = sockaddrIn(ops, d, name, GuestMemory.load(ops, msg + M_NAMELEN, 4), s + NAME);
                if (klen < 0) return klen;
                GuestMemory.store(ops, s, s + NAME, 8);
                GuestMemory.store(ops, s + M_NAMELEN, klen, 4);
            }
            long clen = GuestMemory.load(ops, msg + M_CONTROLLEN, 4);
            if (control != 0 && clen > 0) {
                long k = controlIn(ops, control, clen, s + CONTROL, SCRATCH - CONTROL);
                if (k < 0) return k;
                GuestMemory.store(ops, s + M_CONTROL, s + CONTROL, 8);
                GuestMemory.store(ops, s + M_CONTROLLEN, k, 8);
            }
            return ops.call(SENDMSG, (int) fd, s, kf);
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /**
     * The kernel's msghdr at {@code s} from the OS's at {@code msg}: no name, no control, the same
     * iovecs (msg_iovlen, an int, above IOV_MAX is EMSGSIZE as both OSes answer).
     */
    private static long header(KernelOps ops, long msg, long s) {
        long iovlen = GuestMemory.load(ops, msg + M_IOVLEN, 4);
        if (iovlen > IOV_MAX) return Errno.EMSGSIZE.negative();
        for (int i = 0; i < K_MSGHDR; i += 8) GuestMemory.store(ops, s + i, 0, 8);
        GuestMemory.store(ops, s + M_IOV, GuestMemory.load64(ops, msg + M_IOV), 8);
        GuestMemory.store(ops, s + M_IOVLEN, iovlen, 8);
        return 0;
    }

    /**
     * The OS's control messages ({@code len} bytes at {@code c}) as the kernel's at {@code k}, at most
     * {@code room} bytes; their length, or -errno: a malformed header is EINVAL (as both OSes'
     * sendit/unp_internalize), so is a level or type other than SOL_SOCKET/SCM_RIGHTS; ENOBUFS when
     * they do not fit.
     */
    static long controlIn(KernelOps ops, long c, long len, long k, int room) {
        if (len < 12) return Errno.EINVAL.negative();
        long off = 0, out = 0;
        while (off + 12 <= len) {
            long clen = GuestMemory.load(ops, c + off, 4);
            long level = GuestMemory.load(ops, c + off + 4, 4), type = GuestMemory.load(ops, c + off + 8, 4);
            if (clen < 12 || off + clen > len) return Errno.EINVAL.negative();
            if (level != SOL_SOCKET || type != SCM_RIGHTS) return Errno.EINVAL.negative();
            long data = Math.max(0, clen - 16), klen = 16 + data;
            if (out + klen > room) return Errno.ENOBUFS.negative();
            GuestMemory.store(ops, k + out, klen, 8);
            GuestMemory.store(ops, k + out + 8, Socket.SOL_SOCKET, 4);
            GuestMemory.store(ops, k + out + 12, Socket.SCM_RIGHTS, 4);
            copy(ops, c + off + 16, k + out + 16, data);
            out += Math.min(align8(klen), room - out);
            off += align8(clen);
        }
        return out;
    }

    /**
     * recvmsg(fd, msg, flags): the kernel's msghdr in scratch space with the guest's own iovecs and
     * control buffer; then the sender's address in the OS's layout, the control messages rewritten in
     * place as the OS's (SCM_RIGHTS; any other is dropped with MSG_CTRUNC), msg_controllen and
     * msg_flags in the OS's bits.
     */
    static long recvmsg(KernelOps ops, Dialect d, long fd, long msg, long flags) {
        long kf = msgFlags(d, flags);
        if (kf < 0) return Errno.EOPNOTSUPP.negative();
        long s, name, room = 0, control, clen;
        try {
            s = ops.call(USER_SCRATCH, NAMELEN + 8);
            if (s < 0) return s;
            long h = header(ops, msg, s);
            if (h < 0) return h;
            name = GuestMemory.load64(ops, msg);
            if (name != 0) {
                room = (int) GuestMemory.load(ops, msg + M_NAMELEN, 4);
                GuestMemory.store(ops, s, s + NAME, 8);
                GuestMemory.store(ops, s + M_NAMELEN, NAME_ROOM, 4);
            }
            control = GuestMemory.load64(ops, msg + M_CONTROL);
            clen = GuestMemory.load(ops, msg + M_CONTROLLEN, 4);
            if (control != 0) {
                GuestMemory.store(ops, s + M_CONTROL, control, 8);
                GuestMemory.store(ops, s + M_CONTROLLEN, clen, 8);
            }
        } catch (GuestFault e) {
            return e.result();
        }
        long r = ops.call(RECVMSG, (int) fd, s, kf);
        if (r < 0) return r;
        try {
            long kflags = GuestMemory.load(ops, s + K_FLAGS, 4);
            if (name != 0) {
                long klen = GuestMemory.load(ops, s + M_NAMELEN, 4);
                sockaddrOut(ops, d, s + NAME, klen, name, msg + M_NAMELEN, Math.max(0, room));
            }
            if (control != 0) {
                long used = GuestMemory.load64(ops, s + M_CONTROLLEN);
                long out = controlOut(ops, control, Math.min(used, clen));
                if (out < 0) {
                    out = -out - 1;
                    kflags |= Socket.MSG_CTRUNC;
                }
                GuestMemory.store(ops, msg + M_CONTROLLEN, out, 4);
            }
            GuestMemory.store(ops, msg + M_FLAGS, guestMsgFlags(kflags), 4);
            return r;
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /**
     * Rewrites the kernel's control messages ({@code len} bytes at {@code c}) in place as the OS's:
     * SCM_RIGHTS keeps its place and length (the header is 16 bytes either way); others are dropped and
     * what follows moves down. Returns the length used, or {@code -(length + 1)} when one was dropped.
     */
    static long controlOut(KernelOps ops, long c, long len) {
        long r = 0, w = 0;
        boolean dropped = false;
        while (r + 16 <= len) {
            long klen = GuestMemory.load64(ops, c + r);
            long level = GuestMemory.load(ops, c + r + 8, 4), type = GuestMemory.load(ops, c + r + 12, 4);
            if (klen < 16 || r + klen > len) break;
            if (level == Socket.SOL_SOCKET && type == Socket.SCM_RIGHTS) {
                if (w != r) copy(ops, c + r + 16, c + w + 16, klen - 16);
                GuestMemory.store(ops, c + w, klen, 4);
                GuestMemory.store(ops, c + w + 4, SOL_SOCKET, 4);
                GuestMemory.store(ops, c + w + 8, SCM_RIGHTS, 4);
                GuestMemory.store(ops, c + w + 12, 0, 4);
                w += Math.min(align8(klen), len - w);
            } else {
                dropped = true;
            }
            r += align8(klen);
        }
        return dropped ? -(w + 1) : w;
    }

    // ---- options -------------------------------------------------------------------------------

    /** The OS's option as the kernel's, or null (ENOPROTOOPT). */
    static Option option(Dialect d, int level, int name) {
        switch (level) {
            case SOL_SOCKET -> {
                if (name == d.sndTimeo()) return new Option(Socket.SOL_SOCKET, Socket.SO_SNDTIMEO, Kind.TIMEVAL);
                if (name == d.rcvTimeo()) return new Option(Socket.SOL_SOCKET, Socket.SO_RCVTIMEO, Kind.TIMEVAL);
                if (name != 0 && name == d.soProtocol()) return new Option(Socket.SOL_SOCKET, Socket.SO_PROTOCOL, Kind.INT);
                if (name != 0 && name == d.soDomain()) return new Option(Socket.SOL_SOCKET, Socket.SO_DOMAIN, Kind.FAMILY);
                int[] k = switch (name) {
                    case SO_DEBUG -> new int[] {Socket.SO_DEBUG, 1};
                    case SO_ACCEPTCONN -> new int[] {Socket.SO_ACCEPTCONN, 1};
                    case SO_REUSEADDR -> new int[] {Socket.SO_REUSEADDR, 1};
                    case SO_KEEPALIVE -> new int[] {Socket.SO_KEEPALIVE, 1};
                    case SO_DONTROUTE -> new int[] {Socket.SO_DONTROUTE, 1};
                    case SO_BROADCAST -> new int[] {Socket.SO_BROADCAST, 1};
                    case SO_OOBINLINE -> new int[] {Socket.SO_OOBINLINE, 1};
                    case SO_REUSEPORT -> new int[] {Socket.SO_REUSEPORT, 1};
                    case SO_LINGER -> new int[] {Socket.SO_LINGER, 2};
                    case SO_SNDBUF -> new int[] {Socket.SO_SNDBUF, 0};
                    case SO_RCVBUF -> new int[] {Socket.SO_RCVBUF, 0};
                    case SO_SNDLOWAT -> new int[] {Socket.SO_SNDLOWAT, 0};
                    case SO_RCVLOWAT -> new int[] {Socket.SO_RCVLOWAT, 0};
                    case SO_ERROR -> new int[] {Socket.SO_ERROR, 3};
                    case SO_TYPE -> new int[] {Socket.SO_TYPE, 0};
                    default -> null;
                };
                if (k == null) return null;
                Kind kind = switch (k[1]) {
                    case 1 -> Kind.FLAG;
                    case 2 -> Kind.LINGER;
                    case 3 -> Kind.ERROR;
                    default -> Kind.INT;
                };
                return new Option(Socket.SOL_SOCKET, k[0], kind);
            }
            case IPPROTO_IP -> {
                int k = switch (name) {
                    case IP_TOS -> Socket.IP_TOS;
                    case IP_TTL -> Socket.IP_TTL;
                    case IP_MULTICAST_TTL -> Socket.IP_MULTICAST_TTL;
                    case IP_MULTICAST_LOOP -> Socket.IP_MULTICAST_LOOP;
                    default -> -1;
                };
                return k < 0 ? null : new Option(Socket.IPPROTO_IP, k, Kind.INT);
            }
            case IPPROTO_IPV6 -> {
                int k = switch (name) {
                    case IPV6_V6ONLY -> Socket.IPV6_V6ONLY;
                    case IPV6_UNICAST_HOPS -> Socket.IPV6_UNICAST_HOPS;
                    case IPV6_MULTICAST_HOPS -> Socket.IPV6_MULTICAST_HOPS;
                    case IPV6_MULTICAST_LOOP -> Socket.IPV6_MULTICAST_LOOP;
                    case IPV6_TCLASS -> Socket.IPV6_TCLASS;
                    default -> -1;
                };
                return k < 0 ? null : new Option(Socket.IPPROTO_IPV6, k, Kind.INT);
            }
            case IPPROTO_TCP -> {
                if (name == TCP_NODELAY) return new Option(Socket.IPPROTO_TCP, Socket.TCP_NODELAY, Kind.INT);
                if (name == TCP_MAXSEG) return new Option(Socket.IPPROTO_TCP, Socket.TCP_MAXSEG, Kind.INT);
                for (int[] p : d.tcp()) if (p[0] == name) return new Option(Socket.IPPROTO_TCP, p[1], Kind.INT);
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** setsockopt(fd, level, name, val, len). */
    static long setsockopt(KernelOps ops, Dialect d, long fd, long level, long name, long val, long len) {
        Option o = option(d, (int) level, (int) name);
        if (o == null) return Errno.ENOPROTOOPT.negative();
        if (o.kind() != Kind.TIMEVAL || !d.intUsec()) return ops.call(SETSOCKOPT, (int) fd, o.level(), o.name(), val, (int) len);
        try {
            if ((int) len < 16) return Errno.EINVAL.negative();
            long s = ops.call(USER_SCRATCH, 16);
            if (s < 0) return s;
            GuestMemory.store(ops, s, GuestMemory.load64(ops, val), 8);
            GuestMemory.store(ops, s + 8, (int) GuestMemory.load(ops, val + 8, 4), 8);
            return ops.call(SETSOCKOPT, (int) fd, o.level(), o.name(), s, 16);
        } catch (GuestFault e) {
            return e.result();
        }
    }

    /** getsockopt(fd, level, name, val, lenp): the value read back in the OS's terms. */
    static long getsockopt(KernelOps ops, Dialect d, long fd, long level, long name, long val, long lenp) {
        Option o = option(d, (int) level, (int) name);
        if (o == null) return Errno.ENOPROTOOPT.negative();
        try {
            if (o.kind() == Kind.TIMEVAL && d.intUsec()) {
                long room = room(ops, lenp);
                if (room < 0) return room;
                long s = ops.call(USER_SCRATCH, 24);
                if (s < 0) return s;
                GuestMemory.store(ops, s + 16, 16, 4);
                long r = ops.call(GETSOCKOPT, (int) fd, o.level(), o.name(), s, s + 16);
                if (r < 0) return r;
                int n = (int) Math.min(room, 16);
                long usec = GuestMemory.load(ops, s + 8, 4);
                for (int i = 0; i < n; i++) {
                    long b = i < 8 ? GuestMemory.load(ops, s + i, 1) : i < 12 ? (usec >>> (8 * (i - 8))) & 0xff : 0;
                    GuestMemory.store(ops, val + i, b, 1);
                }
                GuestMemory.store(ops, lenp, n, 4);
                return 0;
            }
            long r = ops.call(GETSOCKOPT, (int) fd, o.level(), o.name(), val, lenp);
            if (r < 0 || o.kind() == Kind.INT || o.kind() == Kind.TIMEVAL) return r;
            if (GuestMemory.load(ops, lenp, 4) < 4) return r;
            long v = (int) GuestMemory.load(ops, val, 4);
            long g = switch (o.kind()) {
                case FLAG, LINGER -> v == 0 ? 0 : d.optionBits() ? name : 1;
                case ERROR -> {
                    Errno e = Errno.of(v);
                    yield e == null ? v : d.errno().translate(e);
                }
                case FAMILY -> guestFamily(d, (int) v);
                default -> v;
            };
            if (g != v) GuestMemory.store(ops, val, g, 4);
            return r;
        } catch (GuestFault e) {
            return e.result();
        }
    }
}
