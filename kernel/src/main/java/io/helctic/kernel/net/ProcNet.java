package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of /proc/net, in Linux's formats. The kernel's own sockets make {@code unix},
 * {@code tcp}, {@code tcp6}, {@code udp} and {@code udp6} (from {@link Network#sockets()});
 * {@code dev}, {@code route}, {@code ipv6_route} and {@code if_inet6} are the host's own files, as
 * rtnetlink's answers are the host's network: {@code dev}'s counters are the host's interfaces',
 * every process's traffic included.
 *
 * <p>What the kernel's sockets do not know prints as Linux prints a socket that has just
 * reached its state: kernel pointers as %pK prints them to an unprivileged reader (zeros), the
 * reference counts Linux's sockets usually show (2, 3 when connected), TCP's timers and windows
 * at their initial values (retransmission timeout 1 s, congestion window 10), and the rows in
 * inode order where Linux walks its hash tables (UDP's first column is that row's number, not a
 * hash bucket).
 */
public final class ProcNet {
    private ProcNet() {}

    /** The files of /proc/net, as its listing shows them. */
    public static final List<String> FILES = List.of("arp", "dev", "dev_mcast", "if_inet6", "igmp", "igmp6", "ipv6_route",
            "route", "tcp", "tcp6", "udp", "udp6", "unix");

    private static final String KERNEL_POINTER = "0000000000000000";
    private static final int SS_UNCONNECTED = 1, SS_CONNECTED = 3, SO_ACCEPTCON = 1 << 16;
    private static final int TCP_ESTABLISHED = 1, TCP_CLOSE = 7, TCP_LISTEN = 10;

    /** The contents of /proc/net/{@code name} (one of {@link #FILES}); a null network has no sockets. */
    public static String file(Network net, String name) {
        return switch (name) {
            case "unix" -> unix(net);
            case "tcp" -> tcp(net, AF_INET);
            case "tcp6" -> tcp(net, AF_INET6);
            case "udp" -> udp(net, AF_INET);
            case "udp6" -> udp(net, AF_INET6);
            case "dev" -> dev();
            default -> host(name);
        };
    }

    private static List<Socket> sockets(Network net, int domain, int type) {
        List<Socket> out = new ArrayList<>();
        if (net == null) return out;
        for (Socket s : net.sockets()) if (s.domain() == domain && (type == 0 || s.type() == type)) out.add(s);
        out.sort(Comparator.comparingLong(Socket::inode));
        return out;
    }

    /** A host file of /proc/net, as it is (empty when it cannot be read). */
    private static String host(String name) {
        String s = HostNetwork.read(java.nio.file.Path.of("/proc/net", name));
        return s == null ? "" : s + "\n";
    }

    /** unix_seq_show. */
    private static String unix(Network net) {
        StringBuilder b = new StringBuilder("Num       RefCount Protocol Flags    Type St Inode Path\n");
        for (Socket s : sockets(net, AF_UNIX, 0)) {
            boolean connected = s.peerAddress() != null;
            b.append(KERNEL_POINTER).append(": ").append(String.format("%08X %08X %08X %04X %02X %5d", connected ? 3 : 2, 0,
                    s.listening() ? SO_ACCEPTCON : 0, s.type(), connected ? SS_CONNECTED : SS_UNCONNECTED, s.inode()));
            if (s.localAddress() instanceof SockAddr.Unix u && !u.unnamed()) {
                b.append(' ');
                byte[] n = u.name();
                // an abstract name starts with '@', and each NUL in it prints as '@'
                for (byte c : n) b.append(c == 0 ? '@' : (char) (c & 0xff));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** An address as /proc/net prints it: each 32-bit word of network-order bytes as a little-endian int. */
    private static String hexAddress(byte[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i += 4) {
            b.append(String.format("%02X%02X%02X%02X", a[i + 3] & 0xff, a[i + 2] & 0xff, a[i + 1] & 0xff, a[i] & 0xff));
        }
        return b.toString();
    }

    /** The address and port of a socket of {@code domain}, or null when it has none of that family. */
    private static String endpoint(SockAddr a, int domain) {
        if (domain == AF_INET && a instanceof SockAddr.Inet4 i) return hexAddress(i.addr()) + String.format(":%04X", i.port());
        if (domain == AF_INET6 && a instanceof SockAddr.Inet6 i) return hexAddress(i.addr()) + String.format(":%04X", i.port());
        return null;
    }

    private static String none(int domain) {
        return domain == AF_INET ? "00000000:0000" : "00000000000000000000000000000000:0000";
    }

    private static String pad(String line, int width) {
        StringBuilder b = new StringBuilder(line);
        while (b.length() < width) b.append(' ');
        return b.append('\n').toString();
    }

    /** tcp4_seq_show and tcp6_seq_show: listening and connected sockets. */
    private static String tcp(Network net, int domain) {
        StringBuilder b = new StringBuilder();
        if (domain == AF_INET) {
            b.append(pad("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", 149));
        } else {
            b.append("  sl  local_address                         remote_address                        st tx_queue rx_queue"
                    + " tr tm->when retrnsmt   uid  timeout inode\n");
        }
        int i = 0;
        for (Socket s : sockets(net, domain, SOCK_STREAM)) {
            boolean listening = s.listening();
            SockAddr peer = s.peerAddress();
            if (!listening && peer == null) continue; // neither in the listening nor the established table
            String local = endpoint(s.localAddress(), domain);
            if (local == null) continue;
            String remote = peer != null && endpoint(peer, domain) != null ? endpoint(peer, domain) : none(domain);
            int state = listening ? TCP_LISTEN : TCP_ESTABLISHED;
            long tx = listening ? 0 : Math.max(0, s.unsent()), rx = listening ? 0 : Math.max(0, s.available());
            String line = String.format("%4d: %s %s %02X %08X:%08X %02X:%08X %08X %5d %8d %d %d %s %d %d %d %d %d", i++, local,
                    remote, state, tx, rx, 0, 0, 0, s.ownerUid(), 0, s.inode(), 1, KERNEL_POINTER, 100, 0, 0, 10,
                    listening ? 0 : -1);
            b.append(domain == AF_INET ? pad(line, 149) : line + "\n");
        }
        return b.toString();
    }

    /** udp4_seq_show and udp6_seq_show: bound or connected sockets. */
    private static String udp(Network net, int domain) {
        StringBuilder b = new StringBuilder();
        if (domain == AF_INET) {
            b.append(pad("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
                    + " ref pointer drops", 127));
        } else {
            b.append("  sl  local_address                         remote_address                        st tx_queue rx_queue"
                    + " tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
        }
        int i = 0;
        for (Socket s : sockets(net, domain, SOCK_DGRAM)) {
            SockAddr local = s.localAddress(), peer = s.peerAddress();
            String l = endpoint(local, domain);
            boolean bound = l != null && !l.endsWith(":0000");
            if (l == null || !bound && peer == null) continue; // not in the table
            String remote = peer != null && endpoint(peer, domain) != null ? endpoint(peer, domain) : none(domain);
            String line = String.format("%5d: %s %s %02X %08X:%08X %02X:%08X %08X %5d %8d %d %d %s %d", i++, l, remote,
                    peer != null ? TCP_ESTABLISHED : TCP_CLOSE, Math.max(0, s.unsent()), Math.max(0, s.available()), 0, 0, 0,
                    s.ownerUid(), 0, s.inode(), 2, KERNEL_POINTER, 0);
            b.append(domain == AF_INET ? pad(line, 127) : line + "\n");
        }
        return b.toString();
    }

    /** The host's /proc/net/dev; where it cannot be read, dev_seq_show's lines from sysfs's counters. */
    private static String dev() {
        String host = HostNetwork.read(java.nio.file.Path.of("/proc/net/dev"));
        if (host != null) return host + "\n";
        StringBuilder b = new StringBuilder("Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls"
                + " carrier compressed\n");
        for (HostNetwork.Link l : HostNetwork.links()) {
            long[] s = l.statistics();
            if (s == null) continue;
            // rtnl_link_stats64's order: see HostNetwork.STATISTICS
            b.append(String.format("%6s: %7d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d", l.name(),
                    s[2], s[0], s[4], s[6] + s[15], s[14], s[10] + s[11] + s[12] + s[13], s[21], s[8], s[3], s[1], s[5], s[7],
                    s[18], s[9], s[17] + s[16] + s[20] + s[19], s[22])).append('\n');
        }
        return b.toString();
    }
}
