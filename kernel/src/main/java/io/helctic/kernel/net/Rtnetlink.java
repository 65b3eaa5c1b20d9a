package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NETLINK_ROUTE's requests, answered as Linux's rtnetlink_rcv_msg answers them, from the host's
 * network as {@link HostNetwork} reads it: RTM_GETLINK (a dump, or one link by index or name),
 * RTM_GETADDR (dumps of AF_INET, AF_INET6 or both; one IPv6 address), RTM_GETROUTE (dumps of either
 * family or both), with NETLINK_GET_STRICT_CHK's checks and filters. RTM_NEW*, RTM_DEL* and
 * RTM_SET* are EPERM: the guest holds no CAP_NET_ADMIN over the host's network. A GET this kernel
 * does not answer (a single route lookup, neighbours, rules, qdiscs, ...) is EOPNOTSUPP, as Linux
 * answers a request no family registered.
 */
final class Rtnetlink {
    private Rtnetlink() {}

    /** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg), sizeof(struct rtmsg). */
    private static final int IFINFOMSG = 16, IFADDRMSG = 8, RTMSG = 12;
    /** struct ifa_cacheinfo's "forever". */
    private static final int INFINITY_LIFE_TIME = 0xffffffff;

    /** A request: its header fields and its payload (what follows struct nlmsghdr). */
    record Request(int type, int flags, int seq, byte[] payload) {
        ByteBuffer body() { return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN); }

        int u8(int at) { return at < payload.length ? payload[at] & 0xff : 0; }
    }

    /** What a request gets back. */
    sealed interface Answer {}

    /** Messages to queue now, one datagram each (a single GET's reply); then the acknowledgement if asked. */
    record Reply(List<byte[]> messages) implements Answer {}

    /** An error acknowledgement (-errno), with the extended acknowledgement's text or null. */
    record Failure(int errno, String text) implements Answer {}

    /** A dump: messages handed out as the reader reads, then NLMSG_DONE (its own datagram, as rtnetlink's are). */
    record Dump(List<byte[]> messages, byte[] done) implements Answer {}

    /** Accepted and nothing to say (a payload shorter than struct rtgenmsg): only an asked-for acknowledgement. */
    record Silent() implements Answer {}

    static Answer answer(Request r, int port, boolean strict, boolean extAck) {
        if (r.type() > RTM_MAX) return new Failure(-Errno.EOPNOTSUPP.number(), null);
        if (r.payload().length < 1) return new Silent();
        int family = r.u8(0);
        int kind = (r.type() - RTM_BASE) & 3;
        if (kind != 2) return new Failure(-Errno.EPERM.number(), null); // RTM_NEW*, RTM_DEL*, RTM_SET*: CAP_NET_ADMIN
        boolean dump = (r.flags() & NLM_F_DUMP) != 0;
        return switch (r.type()) {
            case RTM_GETLINK -> !dump ? getLink(r, port, strict)
                    : family == AF_INET6 ? link6Dump(r, port, strict, extAck) : linkDump(r, port, strict, extAck);
            case RTM_GETADDR -> dump ? addrDump(r, port, strict, extAck, family)
                    : family == AF_INET6 ? getAddr6(r, port) : new Failure(-Errno.EOPNOTSUPP.number(), null);
            case RTM_GETROUTE -> dump ? routeDump(r, port, strict, extAck, family) : new Failure(-Errno.EOPNOTSUPP.number(), null);
            default -> new Failure(-Errno.EOPNOTSUPP.number(), null);
        };
    }

    /** NLMSG_DONE carrying {@code error} (0, or a dump's -errno with its text as NLMSGERR_ATTR_MSG). */
    private static byte[] done(Request r, int port, int flags, int error, String text, boolean extAck) {
        boolean tlv = text != null && extAck;
        NlMessage m = new NlMessage(NLMSG_DONE, NLM_F_MULTI | flags | (tlv ? NLM_F_ACK_TLVS : 0), r.seq(), port).u32(error);
        if (tlv) m.attrString(NLMSGERR_ATTR_MSG, text);
        return m.bytes();
    }

    private static Dump failedDump(Request r, int port, Errno e, String text, boolean extAck) {
        return new Dump(List.of(), done(r, port, 0, -e.number(), text, extAck));
    }

    /** The attributes after a fixed header of {@code hdr} bytes: type (less NLA_F_NESTED and NLA_F_NET_BYTEORDER) → payload. */
    private static java.util.Map<Integer, byte[]> attrs(Request r, int hdr) {
        java.util.Map<Integer, byte[]> m = new java.util.HashMap<>();
        byte[] p = r.payload();
        int at = (hdr + 3) & ~3;
        while (at + 4 <= p.length) {
            int len = (p[at] & 0xff) | (p[at + 1] & 0xff) << 8;
            int type = ((p[at + 2] & 0xff) | (p[at + 3] & 0xff) << 8) & 0x3fff;
            if (len < 4 || at + len > p.length) break;
            m.putIfAbsent(type, Arrays.copyOfRange(p, at + 4, at + len));
            at += (len + 3) & ~3;
        }
        return m;
    }

    private static int u32(byte[] b) {
        return b == null || b.length < 4 ? 0 : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static String string(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---- links -----------------------------------------------------------------------------------

    private static Answer linkDump(Request r, int port, boolean strict, boolean extAck) {
        int extMask = 0, master = 0;
        int answerFlags = 0;
        if (strict) {
            if (r.payload().length < IFINFOMSG) return failedDump(r, port, Errno.EINVAL, "Invalid header for link dump", extAck);
            ByteBuffer b = r.body();
            if (b.get(1) != 0 || b.getShort(2) != 0 || b.getInt(8) != 0 || b.getInt(12) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Invalid values in header for link dump request", extAck);
            }
            if (b.getInt(4) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Filter by device index not supported for link dumps", extAck);
            }
        }
        if (r.payload().length >= IFINFOMSG) {
            var a = attrs(r, IFINFOMSG);
            extMask = u32(a.get(IFLA_EXT_MASK));
            if (strict && a.containsKey(IFLA_MASTER)) {
                master = u32(a.get(IFLA_MASTER));
                answerFlags = NLM_F_DUMP_FILTERED;
            }
            if (strict && a.containsKey(IFLA_LINKINFO)) {
                return failedDump(r, port, Errno.EOPNOTSUPP, "Link kinds of the host are not known", extAck);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (HostNetwork.Link l : HostNetwork.links()) {
            if (master != 0 && l.master() != master) continue;
            out.add(link(l, RTM_NEWLINK, NLM_F_MULTI | answerFlags, r.seq(), port, extMask));
        }
        return new Dump(out, done(r, port, answerFlags, 0, null, extAck));
    }

    /**
     * inet6_dump_ifinfo (RTM_GETLINK of AF_INET6): IPv6's view of each interface that has IPv6
     * (a /proc/sys/net/ipv6/conf directory), without IFLA_PROTINFO (IPv6's per-interface
     * configuration and counters are not given).
     */
    private static Answer link6Dump(Request r, int port, boolean strict, boolean extAck) {
        if (strict) {
            if (r.payload().length < IFINFOMSG) return failedDump(r, port, Errno.EINVAL, "Invalid header for link dump", extAck);
            ByteBuffer b = r.body();
            if (b.get(1) != 0 || b.getShort(2) != 0 || b.getInt(4) != 0 || b.getInt(8) != 0 || b.getInt(12) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Invalid values in header for link dump request", extAck);
            }
            if (!attrs(r, IFINFOMSG).isEmpty()) return failedDump(r, port, Errno.EINVAL, "Invalid data after header", extAck);
        }
        List<byte[]> out = new ArrayList<>();
        for (HostNetwork.Link l : HostNetwork.links()) {
            if (!HostNetwork.hasIpv6(l.name())) continue;
            NlMessage m = new NlMessage(RTM_NEWLINK, NLM_F_MULTI, r.seq(), port);
            m.u8(AF_INET6).u8(0).u16(l.type()).u32(l.index()).u32(l.flags()).u32(0);
            m.attrString(IFLA_IFNAME, l.name());
            if (l.address() != null) m.attr(IFLA_ADDRESS, l.address());
            if (l.mtu() >= 0) m.attrU32(IFLA_MTU, l.mtu());
            if (l.iflink() > 0 && l.iflink() != l.index()) m.attrU32(IFLA_LINK, l.iflink());
            if (l.operstate() >= 0) m.attrU8(IFLA_OPERSTATE, (l.flags() & IFF_UP) != 0 ? l.operstate() : 2); // IF_OPER_DOWN
            out.add(m.bytes());
        }
        return new Dump(out, done(r, port, 0, 0, null, extAck));
    }

    private static Answer getLink(Request r, int port, boolean strict) {
        if (r.payload().length < IFINFOMSG) return new Failure(-Errno.EINVAL.number(), strict ? "Invalid header for get link" : null);
        ByteBuffer b = r.body();
        if (strict && (b.get(1) != 0 || b.getShort(2) != 0 || b.getInt(8) != 0 || b.getInt(12) != 0)) {
            return new Failure(-Errno.EINVAL.number(), "Invalid values in header for get link request");
        }
        var a = attrs(r, IFINFOMSG);
        int index = b.getInt(4);
        HostNetwork.Link l;
        if (index > 0) {
            l = HostNetwork.link(index);
        } else if (a.containsKey(IFLA_IFNAME) || a.containsKey(IFLA_ALT_IFNAME)) {
            byte[] name = a.containsKey(IFLA_IFNAME) ? a.get(IFLA_IFNAME) : a.get(IFLA_ALT_IFNAME);
            l = HostNetwork.link(string(name));
        } else {
            return new Failure(-Errno.EINVAL.number(), null);
        }
        if (l == null) return new Failure(-Errno.ENODEV.number(), null);
        return new Reply(List.of(link(l, RTM_NEWLINK, 0, r.seq(), port, u32(a.get(IFLA_EXT_MASK)))));
    }

    /** RTM_NEWLINK for one interface, its attributes in rtnl_fill_ifinfo's order (those the host's files give). */
    static byte[] link(HostNetwork.Link l, int type, int flags, int seq, int port, int extMask) {
        NlMessage m = new NlMessage(type, flags, seq, port);
        m.u8(AF_UNSPEC).u8(0).u16(l.type()).u32(l.index()).u32(l.flags()).u32(0);
        m.attrString(IFLA_IFNAME, l.name());
        if (l.txqlen() >= 0) m.attrU32(IFLA_TXQLEN, l.txqlen());
        if (l.operstate() >= 0) m.attrU8(IFLA_OPERSTATE, l.operstate());
        if (l.linkMode() >= 0) m.attrU8(IFLA_LINKMODE, l.linkMode());
        if (l.mtu() >= 0) m.attrU32(IFLA_MTU, l.mtu());
        if (l.group() >= 0) m.attrU32(IFLA_GROUP, l.group());
        if (l.txQueues() > 0) m.attrU32(IFLA_NUM_TX_QUEUES, l.txQueues());
        if (l.rxQueues() > 0) m.attrU32(IFLA_NUM_RX_QUEUES, l.rxQueues());
        if (l.iflink() > 0 && l.iflink() != l.index()) m.attrU32(IFLA_LINK, l.iflink());
        if (l.master() > 0) m.attrU32(IFLA_MASTER, l.master());
        if (l.carrier() >= 0) m.attrU8(IFLA_CARRIER, l.carrier());
        if (l.carrierChanges() >= 0) m.attrU32(IFLA_CARRIER_CHANGES, l.carrierChanges());
        if (l.carrierUp() >= 0) m.attrU32(IFLA_CARRIER_UP_COUNT, l.carrierUp());
        if (l.carrierDown() >= 0) m.attrU32(IFLA_CARRIER_DOWN_COUNT, l.carrierDown());
        if (l.protoDown() >= 0) m.attrU8(IFLA_PROTO_DOWN, l.protoDown());
        if (l.alias() != null) m.attrString(IFLA_IFALIAS, l.alias());
        if (l.address() != null) m.attr(IFLA_ADDRESS, l.address());
        if (l.broadcast() != null) m.attr(IFLA_BROADCAST, l.broadcast());
        long[] stats = (extMask & RTEXT_FILTER_SKIP_STATS) != 0 ? null : l.statistics();
        if (stats != null) {
            // struct rtnl_link_stats64 as Linux before 5.19 sent it (no rx_otherhost_dropped: sysfs has no file for it)
            ByteBuffer s64 = ByteBuffer.allocate(8 * stats.length).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer s32 = ByteBuffer.allocate(4 * stats.length).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : stats) {
                s64.putLong(v);
                s32.putInt((int) v);
            }
            m.attr(IFLA_STATS64, s64.array());
            m.attr(IFLA_STATS, s32.array());
        }
        return m.bytes();
    }

    // ---- addresses -------------------------------------------------------------------------------

    private static Answer addrDump(Request r, int port, boolean strict, boolean extAck, int family) {
        int index = 0, answerFlags = 0;
        if (strict) {
            if (r.payload().length < IFADDRMSG) {
                return failedDump(r, port, Errno.EINVAL, "Invalid header for address dump request", extAck);
            }
            if (r.u8(1) != 0 || r.u8(2) != 0 || r.u8(3) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Invalid values in header for address dump request", extAck);
            }
            index = r.body().getInt(4);
            if (index != 0) {
                if (HostNetwork.link(index) == null) return failedDump(r, port, Errno.ENODEV, null, extAck);
                answerFlags = NLM_F_DUMP_FILTERED;
            }
        }
        int which = family == AF_INET || family == AF_INET6 ? family : AF_UNSPEC;
        List<byte[]> out = new ArrayList<>();
        for (HostNetwork.Address a : HostNetwork.addresses(which)) {
            if (index != 0 && a.index() != index) continue;
            out.add(address(a, NLM_F_MULTI | answerFlags, r.seq(), port));
        }
        return new Dump(out, done(r, port, answerFlags, 0, null, extAck));
    }

    /** inet6_rtm_getaddr: the address IFA_ADDRESS (or IFA_LOCAL) names, on ifa_index's device if one is given. */
    private static Answer getAddr6(Request r, int port) {
        if (r.payload().length < IFADDRMSG) return new Failure(-Errno.EINVAL.number(), null);
        var a = attrs(r, IFADDRMSG);
        byte[] want = a.containsKey(IFA_LOCAL) ? a.get(IFA_LOCAL) : a.get(IFA_ADDRESS);
        if (want == null || want.length < 16) return new Failure(-Errno.EINVAL.number(), null);
        byte[] addr = Arrays.copyOf(want, 16);
        int index = r.body().getInt(4);
        for (HostNetwork.Address x : HostNetwork.addresses(AF_INET6)) {
            if ((index == 0 || x.index() == index) && Arrays.equals(x.address(), addr)) {
                return new Reply(List.of(address(x, 0, r.seq(), port)));
            }
        }
        return new Failure(-Errno.EADDRNOTAVAIL.number(), null);
    }

    /** RTM_NEWADDR, as inet_fill_ifaddr and inet6_fill_ifaddr write it. */
    static byte[] address(HostNetwork.Address a, int flags, int seq, int port) {
        NlMessage m = new NlMessage(RTM_NEWADDR, flags, seq, port);
        m.u8(a.family()).u8(a.prefix()).u8(a.flags() & 0xff).u8(a.scope()).u32(a.index());
        boolean permanent = (a.flags() & IFA_F_PERMANENT) != 0;
        // lifetimes: forever for a permanent address; the host's files give no others (nor the time stamps)
        byte[] cacheinfo = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(INFINITY_LIFE_TIME)
                .putInt(INFINITY_LIFE_TIME).putInt(0).putInt(0).array();
        if (a.family() == AF_INET) {
            m.attr(IFA_ADDRESS, a.address()).attr(IFA_LOCAL, a.address());
            if (a.broadcast() != null && HostNetwork.int32(a.broadcast()) != 0) m.attr(IFA_BROADCAST, a.broadcast());
            if (a.label() != null && !a.label().isEmpty()) m.attrString(IFA_LABEL, a.label());
            m.attrU32(IFA_FLAGS, a.flags());
            if (permanent) m.attr(IFA_CACHEINFO, cacheinfo);
        } else {
            m.attr(IFA_ADDRESS, a.address());
            if (permanent) m.attr(IFA_CACHEINFO, cacheinfo);
            m.attrU32(IFA_FLAGS, a.flags());
        }
        return m.bytes();
    }

    // ---- routes ----------------------------------------------------------------------------------

    private static Answer routeDump(Request r, int port, boolean strict, boolean extAck, int family) {
        int which = family == AF_INET || family == AF_INET6 ? family : AF_UNSPEC;
        int table = 0, protocol = 0, type = 0, oif = 0, answerFlags = 0;
        boolean cloned = false;
        if (strict) {
            if (r.payload().length < RTMSG) return failedDump(r, port, Errno.EINVAL, "Invalid header for FIB dump request", extAck);
            ByteBuffer b = r.body();
            if (r.u8(1) != 0 || r.u8(2) != 0 || r.u8(3) != 0 || r.u8(6) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Invalid values in header for FIB dump request", extAck);
            }
            int rtmFlags = b.getInt(8);
            if ((rtmFlags & ~(RTM_F_CLONED | RTM_F_PREFIX)) != 0) {
                return failedDump(r, port, Errno.EINVAL, "Invalid flags for FIB dump request", extAck);
            }
            cloned = (rtmFlags & RTM_F_CLONED) != 0;
            table = r.u8(4);
            protocol = r.u8(5);
            type = r.u8(7);
            var a = attrs(r, RTMSG);
            for (int t : a.keySet()) {
                if (t != RTA_TABLE && t != RTA_OIF) {
                    return failedDump(r, port, Errno.EINVAL, "Unsupported attribute in dump request", extAck);
                }
            }
            if (a.containsKey(RTA_TABLE)) table = u32(a.get(RTA_TABLE));
            if (a.containsKey(RTA_OIF)) {
                oif = u32(a.get(RTA_OIF));
                if (HostNetwork.link(oif) == null) return failedDump(r, port, Errno.ENODEV, null, extAck);
            }
            if (rtmFlags != 0 || protocol != 0 || type != 0 || table != 0 || oif != 0) answerFlags = NLM_F_DUMP_FILTERED;
            if (table != 0 && table != RT_TABLE_MAIN && table != RT_TABLE_LOCAL && which != AF_UNSPEC) {
                return failedDump(r, port, Errno.ENOENT, which == AF_INET ? "ipv4: FIB table does not exist"
                        : "ipv6: FIB table does not exist", extAck);
            }
        } else if (r.payload().length >= RTMSG) {
            cloned = (r.body().getInt(8) & RTM_F_CLONED) != 0;
        }
        List<byte[]> out = new ArrayList<>();
        // the host's cached routes (exceptions) are not visible through its files: a dump of them is empty
        if (!cloned) {
            for (HostNetwork.Route rt : HostNetwork.routes(which)) {
                if (table != 0 && rt.table() != table) continue;
                if (protocol != 0 && rt.protocol() != protocol) continue;
                if (type != 0 && rt.type() != type) continue;
                if (oif != 0 && rt.oif() != oif) continue;
                // an IPv6 dump leaves the exceptions out, and says so (rt6_dump_route)
                int f = NLM_F_MULTI | answerFlags | (rt.family() == AF_INET6 ? NLM_F_DUMP_FILTERED : 0);
                out.add(route(rt, f, r.seq(), port));
            }
        }
        return new Dump(out, done(r, port, answerFlags, 0, null, extAck));
    }

    /** RTM_NEWROUTE, as fib_dump_info (IPv4) and rt6_fill_node (IPv6) write it. */
    static byte[] route(HostNetwork.Route rt, int flags, int seq, int port) {
        NlMessage m = new NlMessage(RTM_NEWROUTE, flags, seq, port);
        m.u8(rt.family()).u8(rt.dstLen()).u8(0).u8(0).u8(rt.table() < 256 ? rt.table() : 252)
         .u8(rt.protocol()).u8(rt.scope()).u8(rt.type()).u32(rt.flags());
        m.attrU32(RTA_TABLE, rt.table());
        if (rt.dstLen() > 0) m.attr(RTA_DST, rt.dst());
        if (rt.family() == AF_INET) {
            if (rt.priority() >= 0) m.attrU32(RTA_PRIORITY, (int) rt.priority());
            if (rt.prefsrc() != null) m.attr(RTA_PREFSRC, rt.prefsrc());
            if (rt.gateway() != null) m.attr(RTA_GATEWAY, rt.gateway());
            m.attrU32(RTA_OIF, rt.oif());
        } else {
            m.attrU32(RTA_PRIORITY, (int) rt.priority());
            if (rt.gateway() != null) m.attr(RTA_GATEWAY, rt.gateway());
            m.attrU32(RTA_OIF, rt.oif());
            m.attr(RTA_CACHEINFO, new byte[32]); // struct rta_cacheinfo: no use counts or expiry known
            m.attrU8(RTA_PREF, Math.max(rt.pref(), 0));
        }
        return m.bytes();
    }
}
