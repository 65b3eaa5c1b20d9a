package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.memory.AddressSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The interface ioctls any socket answers (Linux's dev_ioctl, dev_ifconf and, on an AF_INET
 * socket, devinet_ioctl), on struct ifreq (x86-64: a 16-byte name, then a 24-byte union) and
 * struct ifconf, from the host's interfaces as {@link HostNetwork} reads them: SIOCGIFCONF,
 * SIOCGIFNAME, SIOCGIFINDEX, SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFTXQLEN, SIOCGIFHWADDR, and on AF_INET
 * sockets SIOCGIFADDR, SIOCGIFNETMASK and SIOCGIFBRDADDR (ENOTTY elsewhere, as Linux). Any other
 * request is ENOTTY, the setting ones included.
 */
final class InterfaceRequests {
    private InterfaceRequests() {}

    /** sizeof(struct ifreq) and sizeof(struct ifconf) on x86-64. */
    private static final int IFREQ = 40, IFCONF = 16;

    static long ioctl(Socket s, int request, long arg) {
        return switch (request) {
            case SIOCGIFCONF -> ifconf(arg);
            case SIOCGIFNAME -> ifname(arg);
            case SIOCGIFINDEX, SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFTXQLEN, SIOCGIFHWADDR -> device(request, arg);
            case SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR ->
                s.domain() == AF_INET ? inet(request, arg) : Errno.ENOTTY.negative();
            default -> Errno.ENOTTY.negative();
        };
    }

    private static AddressSpace space() {
        return Context.current().space();
    }

    private static byte[] get(long va, int len) {
        byte[] b = new byte[len];
        return space().read(va, b, 0, len) ? b : null;
    }

    private static long put(long va, byte[] b) {
        return space().write(va, b, 0, b.length) ? 0 : Errno.EFAULT.negative();
    }

    /** ifr_name up to its NUL (the 16th byte is taken as one). */
    private static String name(byte[] ifr) {
        int n = 0;
        while (n < IFNAMSIZ - 1 && ifr[n] != 0) n++;
        return new String(ifr, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The interface a name or an alias's label ("eth0:1") names, or null. */
    private static HostNetwork.Link deviceOf(String name) {
        int colon = name.indexOf(':');
        return HostNetwork.link(colon < 0 ? name : name.substring(0, colon));
    }

    /** dev_ifname: the name of ifr_ifindex's interface. */
    private static long ifname(long arg) {
        byte[] ifr = get(arg, IFREQ);
        if (ifr == null) return Errno.EFAULT.negative();
        int index = ByteBuffer.wrap(ifr).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        HostNetwork.Link l = HostNetwork.link(index);
        if (l == null) return Errno.ENODEV.negative();
        byte[] name = new byte[IFNAMSIZ];
        byte[] n = l.name().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, name, 0, Math.min(n.length, IFNAMSIZ - 1));
        return put(arg, name);
    }

    /** dev_ifsioc_locked and dev_get_mac_address: a fact of the interface ifr_name names (an alias's ":n" ignored). */
    private static long device(int request, long arg) {
        byte[] ifr = get(arg, IFREQ);
        if (ifr == null) return Errno.EFAULT.negative();
        HostNetwork.Link l = deviceOf(name(ifr));
        if (l == null) return Errno.ENODEV.negative();
        ByteBuffer u = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        switch (request) {
            case SIOCGIFINDEX -> u.putInt(l.index());
            case SIOCGIFMTU -> u.putInt(Math.max(l.mtu(), 0));
            case SIOCGIFTXQLEN -> u.putInt(Math.max(l.txqlen(), 0));
            case SIOCGIFFLAGS -> {
                return put(arg + 16, new byte[] {(byte) l.flags(), (byte) (l.flags() >>> 8)}); // a short: IFF_LOWER_UP falls off
            }
            default -> { // SIOCGIFHWADDR: sa_family is the hardware type, sa_data the address (its first 14 bytes)
                byte[] sa = new byte[16];
                System.arraycopy(ifr, 16, sa, 0, 16);
                sa[0] = (byte) l.type();
                sa[1] = (byte) (l.type() >>> 8);
                byte[] hw = l.address();
                if (hw == null || hw.length == 0) java.util.Arrays.fill(sa, 2, 16, (byte) 0);
                else System.arraycopy(hw, 0, sa, 2, Math.min(14, hw.length));
                return put(arg + 16, sa);
            }
        }
        return put(arg + 16, u.array());
    }

    /** struct sockaddr_in of an IPv4 address. */
    private static byte[] sockaddrIn(byte[] addr) {
        byte[] sin = new byte[16];
        sin[0] = (byte) AF_INET;
        System.arraycopy(addr, 0, sin, 4, 4);
        return sin;
    }

    /**
     * devinet_ioctl: the address whose label is ifr_name (and whose address is the one given, when
     * the caller gave an AF_INET one: 4.4BSD's form), EADDRNOTAVAIL when the device has none.
     */
    private static long inet(int request, long arg) {
        byte[] ifr = get(arg, IFREQ);
        if (ifr == null) return Errno.EFAULT.negative();
        String label = name(ifr);
        HostNetwork.Link l = deviceOf(label);
        if (l == null) return Errno.ENODEV.negative();
        boolean tryMatch = (ifr[16] & 0xff | (ifr[17] & 0xff) << 8) == AF_INET;
        byte[] given = java.util.Arrays.copyOfRange(ifr, 20, 24);
        List<HostNetwork.Address> mine = HostNetwork.addresses(AF_INET).stream()
                .filter(a -> a.index() == l.index() && label.equals(a.label())).toList();
        HostNetwork.Address found = null;
        if (tryMatch) {
            for (HostNetwork.Address a : mine) {
                if (java.util.Arrays.equals(a.address(), given)) {
                    found = a;
                    break;
                }
            }
        }
        if (found == null && !mine.isEmpty()) found = mine.get(0);
        if (found == null) return Errno.EADDRNOTAVAIL.negative();
        byte[] v = switch (request) {
            case SIOCGIFADDR -> found.address();
            case SIOCGIFNETMASK -> HostNetwork.netmask(found.prefix(), 4);
            default -> found.broadcast() != null ? found.broadcast() : new byte[4];
        };
        return put(arg + 16, sockaddrIn(v));
    }

    /**
     * dev_ifconf: one struct ifreq (label and IPv4 address) per IPv4 address, as many as whole
     * ones fit in ifc_len; with a null buffer, the room all of them need. ifc_len gets what was written.
     */
    private static long ifconf(long arg) {
        byte[] ifc = get(arg, IFCONF);
        if (ifc == null) return Errno.EFAULT.negative();
        ByteBuffer b = ByteBuffer.wrap(ifc).order(ByteOrder.LITTLE_ENDIAN);
        int len = b.getInt(0);
        long buf = b.getLong(8);
        int total = 0;
        for (HostNetwork.Address a : HostNetwork.addresses(AF_INET)) {
            if (buf == 0) {
                total += IFREQ;
                continue;
            }
            if (len - total < IFREQ) break;
            byte[] ifr = new byte[IFREQ];
            byte[] n = a.label().getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(n, 0, ifr, 0, Math.min(n.length, IFNAMSIZ - 1));
            System.arraycopy(sockaddrIn(a.address()), 0, ifr, 16, 16);
            if (put(buf + total, ifr) < 0) return Errno.EFAULT.negative();
            total += IFREQ;
        }
        return put(arg, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(total).array());
    }
}
