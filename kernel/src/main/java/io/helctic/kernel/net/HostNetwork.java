package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;

/**
 * What a guest sees of the host's network: its interfaces, addresses and routes, read afresh each
 * time they are asked for (rtnetlink's dumps, the SIOCGIF* ioctls). The guest sees what a native
 * program on the host would see; the --net policy limits what it may reach, not what it may see.
 *
 * <p>The sources are the host's own files where Linux has them and the JDK otherwise:
 * <ul>
 *   <li>interfaces: {@code /sys/class/net/<if>/} (ifindex, type, flags, mtu, tx_queue_len,
 *       operstate, link_mode, netdev_group, address, broadcast, carrier and its counts,
 *       proto_down, iflink, master, ifalias, queues, statistics); where there is no sysfs,
 *       {@link NetworkInterface} (index, name, MTU, hardware address, up, loopback);</li>
 *   <li>IPv4 addresses: {@link NetworkInterface} (address, prefix length, broadcast, label);
 *       IPv6 addresses: {@code /proc/net/if_inet6} (address, prefix, scope, flags);</li>
 *   <li>routes: {@code /proc/net/route} (IPv4's main table), the IPv4 local table derived from
 *       the addresses as Linux's fib_add_ifaddr makes it, and {@code /proc/net/ipv6_route}.</li>
 * </ul>
 * What these sources do not say is left out rather than made up: the queueing discipline, the
 * MTU bounds, promiscuity counts, link kinds and the IPv6 flags above bit 7 (if_inet6 prints
 * one byte). Some facts are derived, each as Linux itself decides it: an IPv4 address's scope
 * (host for 127.0.0.0/8, else global) and its secondary flag (a second address in a subnet), its
 * lifetimes (an IPv4 address is taken as permanent), a route's protocol (a prefix route of an
 * address is "kernel", an IPv6 route of metric 256 without gateway too, an IPv6 default route
 * learned from a router advertisement "ra", the others "boot") and an IPv6 route's table (local
 * for RTF_LOCAL, anycast and multicast routes, main otherwise: /proc/net/ipv6_route names no
 * table, so a route of a policy-routing table shows as main). Nothing here ever throws: a file
 * that cannot be read is a fact left out.
 */
public final class HostNetwork {
    private HostNetwork() {}

    private static final Path SYS = Path.of("/sys/class/net");
    private static final Path PROC = Path.of("/proc/net");

    /** rtnetlink's field values for a value the sources do not give. */
    public static final int UNKNOWN = -1;

    /** The statistics files, in struct rtnl_link_stats64's order (rx_otherhost_dropped has no file). */
    static final String[] STATISTICS = {"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
        "rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors", "rx_over_errors", "rx_crc_errors",
        "rx_frame_errors", "rx_fifo_errors", "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors",
        "tx_fifo_errors", "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed", "rx_nohandler"};

    /**
     * One interface. {@code flags} are what rtnetlink's ifi_flags say (dev_get_flags: the
     * device's flags with IFF_RUNNING, IFF_LOWER_UP and IFF_DORMANT from its state); an int field
     * is {@link #UNKNOWN} and an array null when the host does not say.
     */
    public record Link(int index, String name, int type, int flags, int mtu, int txqlen, int operstate, int linkMode,
                       int group, byte[] address, byte[] broadcast, int carrier, int carrierChanges, int carrierUp,
                       int carrierDown, int protoDown, int txQueues, int rxQueues, int iflink, int master, String alias) {
        /** The host's counters (24, in struct rtnl_link_stats64's order), or null. */
        public long[] statistics() {
            Path dir = SYS.resolve(name).resolve("statistics");
            if (!Files.isDirectory(dir)) return null;
            long[] s = new long[STATISTICS.length];
            for (int i = 0; i < s.length; i++) s[i] = Math.max(0, readLong(dir.resolve(STATISTICS[i]), 0));
            return s;
        }
    }

    /** One address: IPv4 (with its label and broadcast) or IPv6 (with its if_inet6 flags). */
    public record Address(int family, int index, byte[] address, int prefix, byte[] broadcast, String label, int scope,
                          int flags) {}

    /** One route, in rtnetlink's terms (struct rtmsg and its attributes; priority and pref -1 when absent). */
    public record Route(int family, int table, int protocol, int scope, int type, int flags, byte[] dst, int dstLen,
                        byte[] gateway, int oif, long priority, byte[] prefsrc, int pref) {}

    // ---- interfaces ------------------------------------------------------------------------------

    /** Every interface, by index. */
    public static List<Link> links() {
        List<Link> out = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(SYS)) {
            for (Path p : d) {
                Link l = sysLink(p.getFileName().toString());
                if (l != null) out.add(l);
            }
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        if (out.isEmpty()) out.addAll(jdkLinks());
        out.sort(Comparator.comparingInt(Link::index));
        return out;
    }

    /** The interface of that index, or null. */
    public static Link link(int index) {
        for (Link l : links()) if (l.index() == index) return l;
        return null;
    }

    /** The interface of that name, or null. */
    public static Link link(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) return null;
        Link l = sysLink(name);
        if (l != null) return l;
        for (Link j : jdkLinks()) if (j.name().equals(name)) return j;
        return null;
    }

    /** Whether the interface has IPv6 (Linux's inet6_dev: a /proc/sys/net/ipv6/conf directory). */
    static boolean hasIpv6(String name) {
        try {
            return Files.isDirectory(Path.of("/proc/sys/net/ipv6/conf", name));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Link sysLink(String name) {
        try {
            return sysfs(name);
        } catch (RuntimeException e) { // a name no path can hold
            return null;
        }
    }

    private static Link sysfs(String name) {
        Path d = SYS.resolve(name);
        int index = (int) readLong(d.resolve("ifindex"), UNKNOWN);
        if (index <= 0) return null;
        int raw = (int) readLong(d.resolve("flags"), 0);
        int operstate = operstate(read(d.resolve("operstate")));
        int carrier = (int) readLong(d.resolve("carrier"), UNKNOWN);
        int dormant = (int) readLong(d.resolve("dormant"), 0);
        // dev_get_flags: IFF_RUNNING, IFF_LOWER_UP and IFF_DORMANT are the device's state, not its flags
        int flags = raw & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT);
        if ((raw & IFF_UP) != 0) {
            if (operstate == 6 || operstate == 0) flags |= IFF_RUNNING;
            if (carrier == 1) flags |= IFF_LOWER_UP;
            if (dormant == 1) flags |= IFF_DORMANT;
        }
        int addrLen = (int) readLong(d.resolve("addr_len"), 0);
        byte[] address = addrLen > 0 ? mac(read(d.resolve("address")), addrLen) : null;
        byte[] broadcast = addrLen > 0 ? mac(read(d.resolve("broadcast")), addrLen) : null;
        int master = UNKNOWN;
        try {
            Path m = d.resolve("master");
            if (Files.isSymbolicLink(m)) master = (int) readLong(d.resolve(Files.readSymbolicLink(m)).resolve("ifindex"), UNKNOWN);
        } catch (IOException | RuntimeException e) {
            master = UNKNOWN;
        }
        String alias = read(d.resolve("ifalias"));
        return new Link(index, name, (int) readLong(d.resolve("type"), ARPHRD_NONE), flags,
                (int) readLong(d.resolve("mtu"), UNKNOWN), (int) readLong(d.resolve("tx_queue_len"), UNKNOWN), operstate,
                (int) readLong(d.resolve("link_mode"), UNKNOWN), (int) readLong(d.resolve("netdev_group"), UNKNOWN),
                address, broadcast, carrier, (int) readLong(d.resolve("carrier_changes"), UNKNOWN),
                (int) readLong(d.resolve("carrier_up_count"), UNKNOWN),
                (int) readLong(d.resolve("carrier_down_count"), UNKNOWN), (int) readLong(d.resolve("proto_down"), UNKNOWN),
                queues(d, "tx-"), queues(d, "rx-"), (int) readLong(d.resolve("iflink"), UNKNOWN), master,
                alias == null || alias.isEmpty() ? null : alias);
    }

    /** IF_OPER_* from sysfs's names (UNKNOWN when unreadable). */
    private static int operstate(String s) {
        if (s == null) return UNKNOWN;
        return switch (s) {
            case "unknown" -> 0;
            case "notpresent" -> 1;
            case "down" -> 2;
            case "lowerlayerdown" -> 3;
            case "testing" -> 4;
            case "dormant" -> 5;
            case "up" -> 6;
            default -> UNKNOWN;
        };
    }

    private static int queues(Path dev, String prefix) {
        int n = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dev.resolve("queues"))) {
            for (Path p : d) if (p.getFileName().toString().startsWith(prefix)) n++;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return n;
    }

    /** The JDK's view, where there is no sysfs: fewer facts, none made up. */
    private static List<Link> jdkLinks() {
        List<Link> out = new ArrayList<>();
        for (NetworkInterface ni : interfaces()) {
            try {
                int flags = 0;
                if (ni.isUp()) flags |= IFF_UP | IFF_RUNNING;
                if (ni.isLoopback()) flags |= IFF_LOOPBACK;
                if (ni.isPointToPoint()) flags |= IFF_POINTOPOINT;
                if (ni.supportsMulticast()) flags |= IFF_MULTICAST;
                byte[] hw = ni.getHardwareAddress();
                int type = ni.isLoopback() ? ARPHRD_LOOPBACK : hw != null && hw.length == 6 ? ARPHRD_ETHER : ARPHRD_NONE;
                out.add(new Link(ni.getIndex(), ni.getName(), type, flags, ni.getMTU(), UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN,
                        hw, null, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, null));
            } catch (IOException | RuntimeException e) {
                // an interface that went away meanwhile
            }
        }
        return out;
    }

    private static List<NetworkInterface> interfaces() {
        List<NetworkInterface> out = new ArrayList<>();
        try {
            Enumeration<NetworkInterface> e = NetworkInterface.getNetworkInterfaces();
            while (e != null && e.hasMoreElements()) out.add(e.nextElement());
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    // ---- addresses -------------------------------------------------------------------------------

    /** The addresses of {@code family} (AF_INET, AF_INET6, or AF_UNSPEC for both), in rtnetlink's dump order. */
    public static List<Address> addresses(int family) {
        List<Address> out = new ArrayList<>();
        if (family != AF_INET6) out.addAll(ipv4());
        if (family != AF_INET) out.addAll(ipv6());
        return out;
    }

    /**
     * IPv4 addresses: the JDK reads them with SIOCGIFCONF (one entry per address, named by its
     * label) and keeps each device's addresses newest first, an alias's ("eth0:1") both in its own
     * sub-interface and in its device's, so a device's list turned around is the kernel's order and
     * the sub-interfaces give the labels. An address whose subnet an earlier one of its device
     * covers is secondary.
     */
    private static List<Address> ipv4() {
        List<Address> out = new ArrayList<>();
        for (NetworkInterface ni : interfaces()) {
            java.util.Map<InetAddress, String> labels = new java.util.HashMap<>();
            try {
                for (Enumeration<NetworkInterface> subs = ni.getSubInterfaces(); subs.hasMoreElements(); ) {
                    NetworkInterface sub = subs.nextElement();
                    for (InterfaceAddress ia : sub.getInterfaceAddresses()) labels.putIfAbsent(ia.getAddress(), sub.getName());
                }
            } catch (RuntimeException e) {
                labels.clear();
            }
            addIpv4(ni, ni.getIndex(), labels, out);
        }
        out.sort(Comparator.comparingInt(Address::index));
        List<Address> marked = new ArrayList<>();
        for (Address a : out) {
            boolean secondary = false;
            for (Address b : marked) {
                if (b.index() == a.index() && b.prefix() == a.prefix() && (b.flags() & IFA_F_SECONDARY) == 0
                        && sameNetwork(a.address(), b.address(), a.prefix())) {
                    secondary = true;
                }
            }
            marked.add(secondary ? new Address(a.family(), a.index(), a.address(), a.prefix(), a.broadcast(), a.label(),
                    a.scope(), a.flags() | IFA_F_SECONDARY) : a);
        }
        return marked;
    }

    private static void addIpv4(NetworkInterface ni, int index, java.util.Map<InetAddress, String> labels, List<Address> out) {
        List<InterfaceAddress> list;
        try {
            list = new ArrayList<>(ni.getInterfaceAddresses());
        } catch (RuntimeException e) {
            return;
        }
        java.util.Collections.reverse(list);
        for (InterfaceAddress ia : list) {
            if (!(ia.getAddress() instanceof Inet4Address a)) continue;
            byte[] addr = a.getAddress();
            InetAddress brd = ia.getBroadcast();
            int scope = (addr[0] & 0xff) == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
            out.add(new Address(AF_INET, index, addr, ia.getNetworkPrefixLength(), brd == null ? null : brd.getAddress(),
                    labels.getOrDefault(a, ni.getName()), scope, IFA_F_PERMANENT));
        }
    }

    /**
     * IPv6 addresses from /proc/net/if_inet6, ordered as each device's list is (by source scope,
     * global first). The file's scope is Linux's IPV6_ADDR_* type: 0x10 loopback, 0x20 link, 0x40 site.
     */
    private static List<Address> ipv6() {
        List<Address> out = new ArrayList<>();
        String text = read(PROC.resolve("if_inet6"));
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || f[0].length() != 32) continue;
                try {
                    int scopeType = Integer.parseInt(f[3], 16);
                    int scope = (scopeType & 0x10) != 0 ? RT_SCOPE_HOST : (scopeType & 0x20) != 0 ? RT_SCOPE_LINK
                            : (scopeType & 0x40) != 0 ? RT_SCOPE_SITE : RT_SCOPE_UNIVERSE;
                    out.add(new Address(AF_INET6, Integer.parseInt(f[1], 16), hex(f[0]), Integer.parseInt(f[2], 16), null,
                            f[5], scope, Integer.parseInt(f[4], 16)));
                } catch (RuntimeException e) {
                    // a line this kernel prints differently
                }
            }
        } else {
            for (NetworkInterface ni : interfaces()) {
                List<InterfaceAddress> list;
                try {
                    list = ni.getInterfaceAddresses();
                } catch (RuntimeException e) {
                    continue;
                }
                for (InterfaceAddress ia : list) {
                    if (!(ia.getAddress() instanceof Inet6Address a)) continue;
                    int scope = a.isLoopbackAddress() ? RT_SCOPE_HOST : a.isLinkLocalAddress() ? RT_SCOPE_LINK
                            : a.isSiteLocalAddress() ? RT_SCOPE_SITE : RT_SCOPE_UNIVERSE;
                    out.add(new Address(AF_INET6, ni.getIndex(), a.getAddress(), ia.getNetworkPrefixLength(), null,
                            ni.getName(), scope, IFA_F_PERMANENT));
                }
            }
        }
        out.sort(Comparator.comparingInt(Address::index).thenComparingInt(a -> -sourceScope(a.scope())));
        return out;
    }

    /** ipv6_addr_src_scope's order: global above site above link above host. */
    private static int sourceScope(int rtScope) {
        return switch (rtScope) {
            case RT_SCOPE_HOST -> 1;
            case RT_SCOPE_LINK -> 2;
            case RT_SCOPE_SITE -> 5;
            default -> 14;
        };
    }

    // ---- routes ----------------------------------------------------------------------------------

    /** The routes of {@code family} (AF_INET, AF_INET6, or AF_UNSPEC for both), in rtnetlink's dump order. */
    public static List<Route> routes(int family) {
        List<Link> links = links();
        List<Route> out = new ArrayList<>();
        if (family != AF_INET6) out.addAll(ipv4Routes(links));
        if (family != AF_INET) out.addAll(ipv6Routes(links));
        return out;
    }

    private static int indexOf(List<Link> links, String name) {
        for (Link l : links) if (l.name().equals(name)) return l.index();
        return UNKNOWN;
    }

    private static int linkFlags(List<Link> links, int index) {
        for (Link l : links) if (l.index() == index) return l.flags();
        return 0;
    }

    /** RTNH_F_LINKDOWN for a route through a device that is up without a carrier. */
    private static int nexthopFlags(List<Link> links, int oif) {
        int f = linkFlags(links, oif);
        return (f & IFF_UP) != 0 && (f & IFF_LOWER_UP) == 0 ? RTNH_F_LINKDOWN : 0;
    }

    /** IPv4: the main table of /proc/net/route, then the local table Linux makes of the addresses. */
    private static List<Route> ipv4Routes(List<Link> links) {
        List<Address> addrs = ipv4();
        List<Route> out = new ArrayList<>();
        String text = read(PROC.resolve("route"));
        if (text != null) {
            String[] lines = text.split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split("\\s+");
                if (f.length < 8) continue;
                try {
                    int oif = indexOf(links, f[0]);
                    if (oif == UNKNOWN) continue;
                    byte[] dst = le(f[1]), gw = le(f[2]), mask = le(f[7]);
                    int flags = Integer.parseInt(f[3], 16);
                    long metric = Long.parseLong(f[6]);
                    int len = Integer.bitCount(int32(mask));
                    boolean viaGateway = (flags & RTF_GATEWAY) != 0 || int32(gw) != 0;
                    int protocol = RTPROT_BOOT, scope = viaGateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
                    byte[] prefsrc = null;
                    if (!viaGateway && metric == 0) {
                        for (Address a : addrs) {
                            if (a.index() == oif && a.prefix() == len && (a.flags() & IFA_F_SECONDARY) == 0
                                    && Arrays.equals(network(a.address(), len), dst)) {
                                protocol = RTPROT_KERNEL;
                                prefsrc = a.address();
                                break;
                            }
                        }
                    }
                    int type = (flags & RTF_REJECT) != 0 ? RTN_UNREACHABLE : RTN_UNICAST;
                    out.add(new Route(AF_INET, RT_TABLE_MAIN, protocol, scope, type, nexthopFlags(links, oif), dst, len,
                            viaGateway ? gw : null, oif, metric == 0 ? -1 : metric, prefsrc, -1));
                } catch (RuntimeException e) {
                    // a line this kernel prints differently
                }
            }
        }
        // the local table (fib_add_ifaddr): each address, its subnet's broadcast, a loopback's whole prefix
        List<Route> local = new ArrayList<>();
        for (Address a : addrs) {
            int oif = a.index();
            boolean loopback = (linkFlags(links, oif) & IFF_LOOPBACK) != 0;
            byte[] prim = a.address();
            if ((a.flags() & IFA_F_SECONDARY) != 0) {
                for (Address p : addrs) {
                    if (p.index() == oif && p.prefix() == a.prefix() && (p.flags() & IFA_F_SECONDARY) == 0
                            && sameNetwork(p.address(), a.address(), a.prefix())) {
                        prim = p.address();
                        break;
                    }
                }
            }
            addLocal(local, new Route(AF_INET, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_HOST, RTN_LOCAL, 0, a.address(), 32,
                    null, oif, -1, prim, -1));
            if ((linkFlags(links, oif) & IFF_UP) == 0) continue; // a device that is down has only its local routes
            if (a.broadcast() != null && int32(a.broadcast()) != 0 && int32(a.broadcast()) != -1) {
                addLocal(local, new Route(AF_INET, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_LINK, RTN_BROADCAST, 0,
                        a.broadcast(), 32, null, oif, -1, prim, -1));
            }
            byte[] net = network(a.address(), a.prefix());
            boolean zeronet = (net[0] & 0xff) == 0;
            if ((a.flags() & IFA_F_SECONDARY) == 0 && !zeronet && (!Arrays.equals(net, a.address()) || a.prefix() < 32)) {
                if (loopback) {
                    addLocal(local, new Route(AF_INET, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_HOST, RTN_LOCAL, 0, net,
                            a.prefix(), null, oif, -1, prim, -1));
                }
                if (a.prefix() < 31) {
                    byte[] brd = net.clone();
                    int host = a.prefix() == 0 ? -1 : (int) (0xffffffffL >>> a.prefix());
                    int v = int32(brd) | host;
                    brd = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
                    addLocal(local, new Route(AF_INET, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_LINK, RTN_BROADCAST, 0, brd,
                            32, null, oif, -1, prim, -1));
                }
            }
        }
        // the trie's order: by destination, a longer prefix first
        local.sort(Comparator.<Route>comparingLong(r -> Integer.toUnsignedLong(int32(r.dst())))
                .thenComparing(Comparator.comparingInt(Route::dstLen).reversed()));
        out.addAll(local);
        return out;
    }

    private static void addLocal(List<Route> local, Route r) {
        for (Route o : local) if (o.dstLen() == r.dstLen() && Arrays.equals(o.dst(), r.dst()) && o.type() == r.type()) return;
        local.add(r);
    }

    /** IPv6: /proc/net/ipv6_route (already in the dump's order: main's tree walk, then local's), less the null entry and cached clones. */
    private static List<Route> ipv6Routes(List<Link> links) {
        List<Route> out = new ArrayList<>();
        String text = read(PROC.resolve("ipv6_route"));
        if (text == null) return out;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].length() != 32) continue;
            try {
                byte[] dst = hex(f[0]), gw = hex(f[4]);
                int len = Integer.parseInt(f[1], 16);
                long metric = Long.parseLong(f[5], 16);
                int flags = (int) Long.parseLong(f[8], 16);
                int oif = indexOf(links, f[9]);
                if (oif == UNKNOWN || (flags & RTF_CACHE) != 0) continue;
                if ((flags & RTF_REJECT) != 0 && len == 0 && metric == 0xffffffffL) continue; // ip6_null_entry
                boolean multicast = len >= 8 && (dst[0] & 0xff) == 0xff;
                boolean viaGateway = (flags & RTF_GATEWAY) != 0;
                int type = (flags & RTF_LOCAL) != 0 ? RTN_LOCAL : (flags & RTF_ANYCAST) != 0 ? RTN_ANYCAST
                        : multicast ? RTN_MULTICAST : (flags & RTF_REJECT) != 0 ? RTN_UNREACHABLE : RTN_UNICAST;
                int table = type == RTN_LOCAL || type == RTN_ANYCAST || type == RTN_MULTICAST ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
                int protocol;
                if (table == RT_TABLE_LOCAL) protocol = RTPROT_KERNEL;
                else if ((flags & RTF_ADDRCONF) != 0 && ((flags & RTF_DEFAULT) != 0 || viaGateway)) protocol = RTPROT_RA;
                else if (!viaGateway && metric == 256) protocol = RTPROT_KERNEL;
                else protocol = RTPROT_BOOT;
                int pref = (flags & RTF_PREF_MASK) >>> 27;
                out.add(new Route(AF_INET6, table, protocol, RT_SCOPE_UNIVERSE, type, nexthopFlags(links, oif), dst, len,
                        viaGateway ? gw : null, oif, metric, null, pref));
            } catch (RuntimeException e) {
                // a line this kernel prints differently
            }
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A file's contents without the final newline, or null. */
    static String read(Path p) {
        try {
            String s = Files.readString(p, StandardCharsets.ISO_8859_1);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long readLong(Path p, long fallback) {
        String s = read(p);
        if (s == null) return fallback;
        try {
            s = s.trim();
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** "02:fc:00:00:00:01" as bytes (null when it is not addrLen of them). */
    private static byte[] mac(String s, int addrLen) {
        if (s == null) return null;
        String[] parts = s.trim().split(":");
        if (parts.length != addrLen) return null;
        byte[] b = new byte[addrLen];
        try {
            for (int i = 0; i < addrLen; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        } catch (RuntimeException e) {
            return null;
        }
        return b;
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
        return b;
    }

    /** /proc/net/route's hex words: a network-order address printed as a little-endian int. */
    private static byte[] le(String s) {
        int v = (int) Long.parseLong(s, 16);
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    /** Four network-order bytes as an int (big-endian). */
    static int int32(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The first {@code prefix} bits of an address, the rest cleared. */
    static byte[] network(byte[] addr, int prefix) {
        byte[] n = addr.clone();
        for (int i = 0; i < n.length * 8; i++) {
            if (i >= prefix) n[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        }
        return n;
    }

    private static boolean sameNetwork(byte[] a, byte[] b, int prefix) {
        return Arrays.equals(network(a, prefix), network(b, prefix));
    }

    /** An IPv4 netmask of {@code prefix} bits. */
    static byte[] netmask(int prefix, int bytes) {
        byte[] m = new byte[bytes];
        for (int i = 0; i < prefix && i < bytes * 8; i++) m[i / 8] |= (byte) (0x80 >>> (i % 8));
        return m;
    }
}
