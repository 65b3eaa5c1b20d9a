package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;
import io.helctic.personality.StraceText;
import java.util.Map;

/**
 * strace's rendering of the socket calls' arguments: address families, socket types, MSG_*
 * flags, struct sockaddr_{un,in,in6,nl}, struct msghdr with its iovecs and control messages,
 * option levels, names and values. Memory is read through USER_LOAD; what cannot be read
 * prints as its address, as strace does.
 */
final class SocketTrace {
    private SocketTrace() {}

    private static final Map<Integer, String> FAMILIES = Map.of(AF_UNSPEC, "AF_UNSPEC", AF_UNIX, "AF_UNIX", AF_INET,
            "AF_INET", AF_INET6, "AF_INET6", AF_NETLINK, "AF_NETLINK", AF_PACKET, "AF_PACKET");
    private static final Map<Integer, String> TYPES = Map.of(SOCK_STREAM, "SOCK_STREAM", SOCK_DGRAM, "SOCK_DGRAM",
            SOCK_RAW, "SOCK_RAW", SOCK_RDM, "SOCK_RDM", SOCK_SEQPACKET, "SOCK_SEQPACKET");
    private static final long[][] MSG = {{MSG_OOB, 0}, {MSG_PEEK, 1}, {MSG_DONTROUTE, 2}, {MSG_CTRUNC, 3}, {0x10, 4},
            {MSG_TRUNC, 5}, {MSG_DONTWAIT, 6}, {MSG_EOR, 7}, {MSG_WAITALL, 8}, {0x200, 9}, {0x400, 10}, {0x800, 11},
            {0x1000, 12}, {0x2000, 13}, {MSG_NOSIGNAL, 14}, {MSG_MORE, 15}, {MSG_WAITFORONE, 16}, {0x20000, 17},
            {0x4000000, 18}, {0x20000000, 19}, {MSG_CMSG_CLOEXEC, 20}};
    private static final String[] MSG_NAMES = {"MSG_OOB", "MSG_PEEK", "MSG_DONTROUTE", "MSG_CTRUNC", "MSG_PROXY",
        "MSG_TRUNC", "MSG_DONTWAIT", "MSG_EOR", "MSG_WAITALL", "MSG_FIN", "MSG_SYN", "MSG_CONFIRM", "MSG_RST",
        "MSG_ERRQUEUE", "MSG_NOSIGNAL", "MSG_MORE", "MSG_WAITFORONE", "MSG_BATCH", "MSG_ZEROCOPY", "MSG_FASTOPEN",
        "MSG_CMSG_CLOEXEC"};
    private static final Map<Integer, String> SOL_SOCKET_NAMES = Map.ofEntries(Map.entry(SO_DEBUG, "SO_DEBUG"),
            Map.entry(SO_REUSEADDR, "SO_REUSEADDR"), Map.entry(SO_TYPE, "SO_TYPE"), Map.entry(SO_ERROR, "SO_ERROR"),
            Map.entry(SO_DONTROUTE, "SO_DONTROUTE"), Map.entry(SO_BROADCAST, "SO_BROADCAST"), Map.entry(SO_SNDBUF, "SO_SNDBUF"),
            Map.entry(SO_RCVBUF, "SO_RCVBUF"), Map.entry(SO_KEEPALIVE, "SO_KEEPALIVE"), Map.entry(SO_OOBINLINE, "SO_OOBINLINE"),
            Map.entry(SO_NO_CHECK, "SO_NO_CHECK"), Map.entry(SO_PRIORITY, "SO_PRIORITY"), Map.entry(SO_LINGER, "SO_LINGER"),
            Map.entry(SO_REUSEPORT, "SO_REUSEPORT"), Map.entry(SO_PASSCRED, "SO_PASSCRED"), Map.entry(SO_PEERCRED, "SO_PEERCRED"),
            Map.entry(SO_RCVLOWAT, "SO_RCVLOWAT"), Map.entry(SO_SNDLOWAT, "SO_SNDLOWAT"),
            Map.entry(SO_RCVTIMEO, "SO_RCVTIMEO_OLD"), Map.entry(SO_SNDTIMEO, "SO_SNDTIMEO_OLD"),
            Map.entry(SO_BINDTODEVICE, "SO_BINDTODEVICE"), Map.entry(SO_TIMESTAMP, "SO_TIMESTAMP_OLD"),
            Map.entry(SO_ACCEPTCONN, "SO_ACCEPTCONN"), Map.entry(SO_PEERSEC, "SO_PEERSEC"),
            Map.entry(SO_SNDBUFFORCE, "SO_SNDBUFFORCE"), Map.entry(SO_RCVBUFFORCE, "SO_RCVBUFFORCE"),
            Map.entry(SO_PASSSEC, "SO_PASSSEC"), Map.entry(SO_MARK, "SO_MARK"), Map.entry(SO_PROTOCOL, "SO_PROTOCOL"),
            Map.entry(SO_DOMAIN, "SO_DOMAIN"), Map.entry(SO_PEEK_OFF, "SO_PEEK_OFF"), Map.entry(SO_BUSY_POLL, "SO_BUSY_POLL"),
            Map.entry(SO_INCOMING_CPU, "SO_INCOMING_CPU"), Map.entry(SO_COOKIE, "SO_COOKIE"),
            Map.entry(SO_PEERGROUPS, "SO_PEERGROUPS"));
    private static final Map<Integer, String> TCP_NAMES = Map.of(TCP_NODELAY, "TCP_NODELAY", TCP_MAXSEG, "TCP_MAXSEG",
            TCP_CORK, "TCP_CORK", TCP_KEEPIDLE, "TCP_KEEPIDLE", TCP_KEEPINTVL, "TCP_KEEPINTVL", TCP_KEEPCNT, "TCP_KEEPCNT",
            TCP_INFO, "TCP_INFO", TCP_QUICKACK, "TCP_QUICKACK", TCP_CONGESTION, "TCP_CONGESTION", TCP_USER_TIMEOUT,
            "TCP_USER_TIMEOUT");
    private static final Map<Integer, String> IP_NAMES = Map.of(IP_TOS, "IP_TOS", IP_TTL, "IP_TTL", IP_HDRINCL, "IP_HDRINCL",
            IP_OPTIONS, "IP_OPTIONS", IP_PKTINFO, "IP_PKTINFO", IP_RECVERR, "IP_RECVERR", IP_MTU_DISCOVER, "IP_MTU_DISCOVER",
            IP_MULTICAST_TTL, "IP_MULTICAST_TTL", IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", IP_ADD_MEMBERSHIP,
            "IP_ADD_MEMBERSHIP");
    private static final Map<Integer, String> IPV6_NAMES = Map.of(IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS",
            IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF", IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", IPV6_MULTICAST_LOOP,
            "IPV6_MULTICAST_LOOP", IPV6_RECVERR, "IPV6_RECVERR", IPV6_V6ONLY, "IPV6_V6ONLY", IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO", IPV6_TCLASS, "IPV6_TCLASS");

    static String family(int v) {
        String n = FAMILIES.get(v);
        return n != null ? n : StraceText.hex(v) + " /* AF_??? */";
    }

    static String type(int v) {
        int flags = v & (SOCK_CLOEXEC | SOCK_NONBLOCK), base = v & ~flags;
        String n = TYPES.get(base);
        StringBuilder s = new StringBuilder(n != null ? n : StraceText.hex(base) + " /* SOCK_??? */");
        if ((v & SOCK_CLOEXEC) != 0) s.append("|SOCK_CLOEXEC");
        if ((v & SOCK_NONBLOCK) != 0) s.append("|SOCK_NONBLOCK");
        return s.toString();
    }

    static String sockFlags(int v) {
        if (v == 0) return "0";
        StringBuilder s = new StringBuilder();
        if ((v & SOCK_CLOEXEC) != 0) s.append("SOCK_CLOEXEC");
        if ((v & SOCK_NONBLOCK) != 0) s.append(s.isEmpty() ? "" : "|").append("SOCK_NONBLOCK");
        int rest = v & ~(SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (rest != 0) s.append(s.isEmpty() ? "" : "|").append(StraceText.hex(rest));
        return s.toString();
    }

    static String msgFlags(long v) {
        if (v == 0) return "0";
        StringBuilder s = new StringBuilder();
        long rest = v;
        for (long[] m : MSG) {
            if ((v & m[0]) != 0) {
                if (!s.isEmpty()) s.append('|');
                s.append(MSG_NAMES[(int) m[1]]);
                rest &= ~m[0];
            }
        }
        if (rest != 0) s.append(s.isEmpty() ? "" : "|").append(StraceText.hex(rest));
        return s.toString();
    }

    static String shutHow(int v) {
        return switch (v) {
            case SHUT_RD -> "SHUT_RD";
            case SHUT_WR -> "SHUT_WR";
            case SHUT_RDWR -> "SHUT_RDWR";
            default -> StraceText.hex(v) + " /* SHUT_??? */";
        };
    }

    static String level(int v) {
        return switch (v) {
            case SOL_SOCKET -> "SOL_SOCKET";
            case IPPROTO_IP -> "SOL_IP";
            case IPPROTO_TCP -> "SOL_TCP";
            case IPPROTO_UDP -> "SOL_UDP";
            case IPPROTO_IPV6 -> "SOL_IPV6";
            default -> StraceText.hex(v) + " /* SOL_?? */";
        };
    }

    static String optionName(int level, int name) {
        Map<Integer, String> names = switch (level) {
            case SOL_SOCKET -> SOL_SOCKET_NAMES;
            case IPPROTO_TCP -> TCP_NAMES;
            case IPPROTO_IP -> IP_NAMES;
            case IPPROTO_IPV6 -> IPV6_NAMES;
            default -> Map.of();
        };
        String n = names.get(name);
        if (n != null) return n;
        String prefix = switch (level) {
            case SOL_SOCKET -> "SO";
            case IPPROTO_TCP -> "TCP";
            case IPPROTO_IP -> "IP";
            case IPPROTO_IPV6 -> "IPV6";
            default -> null;
        };
        return prefix == null ? Integer.toString(name) : StraceText.hex(name) + " /* " + prefix + "_??? */";
    }

    /** An option value of len bytes: [int] for an int, {pid=, uid=, gid=} for SO_PEERCRED, else the bytes. */
    static String optionValue(KernelOps ops, long addr, int len, int level, int name) {
        if (addr == 0) return "NULL";
        if (level == SOL_SOCKET && name == SO_PEERCRED && len >= 12) {
            byte[] b = read(ops, addr, 12);
            if (b != null) return "{pid=" + le(b, 0) + ", uid=" + le(b, 4) + ", gid=" + le(b, 8) + "}";
        }
        if (len == 4) {
            byte[] b = read(ops, addr, 4);
            if (b != null) return "[" + le(b, 0) + "]";
        }
        return len < 0 ? StraceText.pointer(addr) : StraceText.buffer(ops, addr, len);
    }

    /** A setsockopt value: under an int's size strace shows only the address. */
    static String optionIn(KernelOps ops, long addr, int len, int level, int name) {
        return len >= 0 && len < 4 ? StraceText.pointer(addr) : optionValue(ops, addr, len, level, name);
    }

    /** An option value getsockopt filled: its length is at lenPtr. */
    static String optionOut(KernelOps ops, long addr, long lenPtr, int level, int name) {
        byte[] l = read(ops, lenPtr, 4);
        return l == null ? StraceText.pointer(addr) : optionValue(ops, addr, le(l, 0), level, name);
    }

    /** struct timespec *: {tv_sec=, tv_nsec=}. */
    static String timespec(KernelOps ops, long addr) {
        if (addr == 0) return "NULL";
        byte[] b = read(ops, addr, 16);
        return b == null ? StraceText.hex(addr) : "{tv_sec=" + le64(b, 0) + ", tv_nsec=" + le64(b, 8) + "}";
    }

    /** int *: [n]. */
    static String intBox(KernelOps ops, long addr) {
        if (addr == 0) return "NULL";
        byte[] b = read(ops, addr, 4);
        return b == null ? StraceText.hex(addr) : "[" + le(b, 0) + "]";
    }

    static String fdPair(KernelOps ops, long addr) {
        byte[] b = read(ops, addr, 8);
        return b == null ? StraceText.pointer(addr) : "[" + le(b, 0) + ", " + le(b, 4) + "]";
    }

    /** A sockaddr the call filled, its length at lenPtr (0: the pointer, as strace shows an empty one). */
    static String sockaddrOut(KernelOps ops, long addr, long lenPtr) {
        if (addr == 0) return "NULL";
        byte[] l = read(ops, lenPtr, 4);
        if (l == null || le(l, 0) <= 0) return StraceText.hex(addr);
        return sockaddr(ops, addr, le(l, 0));
    }

    /** struct sockaddr_* of len bytes. */
    static String sockaddr(KernelOps ops, long addr, int len) {
        if (addr == 0) return "NULL";
        if (len < 2) return StraceText.hex(addr);
        byte[] b = read(ops, addr, Math.min(len, SOCKADDR_STORAGE_SIZE));
        if (b == null) return StraceText.hex(addr);
        int family = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        StringBuilder s = new StringBuilder("{sa_family=").append(family(family));
        switch (family) {
            case AF_UNIX -> {
                if (b.length > 2) {
                    boolean abs = b[2] == 0;
                    int start = abs ? 3 : 2, end = start;
                    while (end < b.length && (abs || b[end] != 0)) end++;
                    s.append(", sun_path=").append(abs ? "@" : "")
                            .append(StraceText.quote(java.util.Arrays.copyOfRange(b, start, end), end - start, false));
                }
            }
            case AF_INET -> {
                if (b.length >= 8) {
                    s.append(", sin_port=htons(").append((b[2] & 0xff) << 8 | (b[3] & 0xff)).append("), sin_addr=inet_addr(\"")
                            .append(b[4] & 0xff).append('.').append(b[5] & 0xff).append('.').append(b[6] & 0xff).append('.')
                            .append(b[7] & 0xff).append("\")");
                }
            }
            case AF_INET6 -> {
                if (b.length >= 24) {
                    s.append(", sin6_port=htons(").append((b[2] & 0xff) << 8 | (b[3] & 0xff)).append("), sin6_flowinfo=htonl(")
                            .append(Integer.toUnsignedLong(be(b, 4))).append("), inet_pton(AF_INET6, \"")
                            .append(ipv6(java.util.Arrays.copyOfRange(b, 8, 24))).append("\", &sin6_addr)");
                    if (b.length >= 28) s.append(", sin6_scope_id=").append(Integer.toUnsignedLong(le(b, 24)));
                }
            }
            case AF_NETLINK -> {
                if (b.length >= 12) {
                    s.append(", nl_pid=").append(le(b, 4)).append(", nl_groups=")
                            .append(String.format("%08x", le(b, 8)));
                }
            }
            default -> {
                if (b.length > 2) {
                    s.append(", sa_data=").append(StraceText.quote(java.util.Arrays.copyOfRange(b, 2, b.length), b.length - 2, false));
                }
            }
        }
        return s.append('}').toString();
    }

    /** An IPv6 address as inet_ntop writes it: the longest run of zero groups (two or more) as "::". */
    static String ipv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        if (mapped) return "::ffff:" + (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
        int bestAt = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i >= 2) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /**
     * struct msghdr: a send's iovecs in full (up to strace's limit), a receive's up to the
     * {@code received} bytes; control messages decoded (SCM_RIGHTS, SCM_CREDENTIALS).
     */
    static String msghdr(KernelOps ops, long addr, long received, boolean send) {
        if (addr == 0) return "NULL";
        byte[] h = read(ops, addr, MSGHDR_SIZE);
        if (h == null) return StraceText.hex(addr);
        long name = le64(h, 0), iov = le64(h, 16), iovlen = le64(h, 24), control = le64(h, 32), controllen = le64(h, 40);
        int namelen = le(h, 8), flags = le(h, 48);
        StringBuilder s = new StringBuilder("{msg_name=");
        s.append(name == 0 || namelen == 0 ? StraceText.pointer(name) : sockaddr(ops, name, namelen));
        s.append(", msg_namelen=").append(namelen).append(", msg_iov=");
        if (iovlen < 0 || iovlen > 1024) {
            s.append(StraceText.pointer(iov));
        } else {
            byte[] v = iovlen == 0 ? new byte[0] : read(ops, iov, (int) iovlen * 16);
            if (v == null) {
                s.append(StraceText.pointer(iov));
            } else {
                s.append('[');
                long left = send ? Long.MAX_VALUE : received;
                for (int i = 0; i < iovlen; i++) {
                    long base = le64(v, 16 * i), len = le64(v, 16 * i + 8);
                    if (i > 0) s.append(", ");
                    long show = Math.max(0, Math.min(len, left));
                    s.append("{iov_base=").append(StraceText.buffer(ops, base, show)).append(", iov_len=").append(len).append('}');
                    left -= show;
                }
                s.append(']');
            }
        }
        s.append(", msg_iovlen=").append(iovlen);
        if (controllen > 0 && control != 0) s.append(", msg_control=").append(cmsgs(ops, control, controllen));
        s.append(", msg_controllen=").append(controllen).append(", msg_flags=").append(msgFlags(Integer.toUnsignedLong(flags)));
        return s.append('}').toString();
    }

    /** struct mmsghdr[n]: each msghdr (a receive's up to its msg_len) and msg_len. */
    static String mmsghdrs(KernelOps ops, long addr, long n, boolean send) {
        if (addr == 0) return "NULL";
        if (n <= 0 || n > 1024) return StraceText.hex(addr);
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            long m = addr + (long) i * MMSGHDR_SIZE;
            byte[] len = read(ops, m + MSGHDR_SIZE, 4);
            if (len == null) return StraceText.hex(addr);
            if (i > 0) s.append(", ");
            s.append("{msg_hdr=").append(msghdr(ops, m, Integer.toUnsignedLong(le(len, 0)), send)).append(", msg_len=")
                    .append(Integer.toUnsignedLong(le(len, 0))).append('}');
        }
        return s.append(']').toString();
    }

    private static String cmsgs(KernelOps ops, long addr, long len) {
        byte[] c = read(ops, addr, (int) Math.min(len, 4096));
        if (c == null) return StraceText.hex(addr);
        StringBuilder s = new StringBuilder("[");
        int at = 0;
        while (at + 16 <= c.length) {
            long l = le64(c, at);
            int level = le(c, at + 8), type = le(c, at + 12);
            if (at > 0) s.append(", ");
            s.append("{cmsg_len=").append(l).append(", cmsg_level=").append(level(level)).append(", cmsg_type=");
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                s.append("SCM_RIGHTS, cmsg_data=[");
                for (int i = 0; 16 + 4 * i + 4 <= l && at + 16 + 4 * i + 4 <= c.length; i++) {
                    if (i > 0) s.append(", ");
                    s.append(le(c, at + 16 + 4 * i));
                }
                s.append("]}");
            } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && at + 28 <= c.length) {
                s.append("SCM_CREDENTIALS, cmsg_data={pid=").append(le(c, at + 16)).append(", uid=").append(le(c, at + 20))
                        .append(", gid=").append(le(c, at + 24)).append("}}");
            } else if (level == SOL_SOCKET) {
                s.append(StraceText.hex(type)).append(" /* SCM_??? */}");
            } else {
                s.append(type).append(level == IPPROTO_IP ? " /* IP_??? */" : "").append('}');
            }
            if (l < 16) {
                s.append(", ... /* ").append(StraceText.hex(addr + at + 16)).append(" */");
                break;
            }
            at += (int) ((l + 7) & ~7L);
        }
        return s.append(']').toString();
    }

    private static byte[] read(KernelOps ops, long addr, int len) {
        if (ops == null || addr == 0 || len < 0) return null;
        byte[] b = GuestMemory.readUpTo(ops, addr, len);
        return b.length == len ? b : null;
    }

    private static int le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static int be(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static long le64(byte[] b, int at) {
        return (le(b, at) & 0xFFFF_FFFFL) | (long) le(b, at + 4) << 32;
    }
}
