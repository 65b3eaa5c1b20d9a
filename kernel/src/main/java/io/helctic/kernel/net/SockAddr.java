package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A socket address as the kernel holds it, decoded from and encoded to Linux's struct sockaddr_*
 * (x86-64 layouts: sockaddr_un 110 bytes, sockaddr_in 16, sockaddr_in6 28, sockaddr_nl 12).
 */
public sealed interface SockAddr {
    int family();

    /** The Linux bytes of this address, exactly as getsockname/accept/recvfrom give them (the length is theirs). */
    byte[] encode();

    /**
     * An AF_UNIX address: unnamed (no bytes), a path (no NUL; bound sockets report it with one
     * NUL after), or an abstract name (its first byte 0, every byte significant).
     */
    record Unix(byte[] name) implements SockAddr {
        public static final Unix UNNAMED = new Unix(new byte[0]);

        public int family() { return AF_UNIX; }

        public boolean unnamed() { return name.length == 0; }

        public boolean isAbstract() { return name.length > 0 && name[0] == 0; }

        /** The path as the kernel holds guest names (one char a byte). */
        public String path() { return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1); }

        public byte[] encode() {
            boolean nul = !unnamed() && !isAbstract() && name.length < SOCKADDR_UN_SIZE - 2;
            byte[] b = new byte[2 + name.length + (nul ? 1 : 0)];
            b[0] = (byte) AF_UNIX;
            System.arraycopy(name, 0, b, 2, name.length);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unix u && Arrays.equals(name, u.name);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(name); }

        @Override
        public String toString() {
            if (unnamed()) return "unnamed";
            return isAbstract() ? "@" + new String(name, 1, name.length - 1, java.nio.charset.StandardCharsets.ISO_8859_1) : path();
        }
    }

    /** AF_INET: four address bytes (network order) and a port. */
    record Inet4(byte[] addr, int port) implements SockAddr {
        public static Inet4 any(int port) { return new Inet4(new byte[4], port); }

        public int family() { return AF_INET; }

        public byte[] encode() {
            byte[] b = new byte[SOCKADDR_IN_SIZE];
            b[0] = (byte) AF_INET;
            b[2] = (byte) (port >>> 8);
            b[3] = (byte) port;
            System.arraycopy(addr, 0, b, 4, 4);
            return b;
        }

        @Override
        public boolean equals(Object o) { return o instanceof Inet4 i && port == i.port && Arrays.equals(addr, i.addr); }

        @Override
        public int hashCode() { return Arrays.hashCode(addr) * 31 + port; }
    }

    /** AF_INET6: sixteen address bytes, a port, the flow label and the scope id. */
    record Inet6(byte[] addr, int port, int flowinfo, int scopeId) implements SockAddr {
        public int family() { return AF_INET6; }

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN6_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) AF_INET6);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(flowinfo).put(addr);
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(scopeId);
            return b.array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inet6 i && port == i.port && scopeId == i.scopeId && Arrays.equals(addr, i.addr);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(addr) * 31 + port; }
    }

    /** AF_NETLINK: the port id and the multicast groups. */
    record Netlink(int pid, int groups) implements SockAddr {
        public int family() { return AF_NETLINK; }

        public byte[] encode() {
            return ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups).array();
        }
    }

    /** AF_UNSPEC (connect's "dissolve the association" on a datagram socket). */
    record Unspec() implements SockAddr {
        public int family() { return AF_UNSPEC; }

        public byte[] encode() { return new byte[] {0, 0}; }
    }

    /**
     * Decodes {@code len} bytes of a guest's struct sockaddr for a socket of {@code domain}: EINVAL
     * for a length its family cannot have, EAFNOSUPPORT for another family (as Linux's bind and
     * connect; AF_UNSPEC is given back for the caller to judge).
     */
    static Result<SockAddr> decode(byte[] b, int domain) {
        if (b.length < 2) return Result.err(Errno.EINVAL);
        int family = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        if (family == AF_UNSPEC) return Result.ok(new Unspec());
        switch (domain) {
            case AF_UNIX -> {
                if (family != AF_UNIX) return Result.err(Errno.EINVAL);
                if (b.length > SOCKADDR_UN_SIZE) return Result.err(Errno.EINVAL);
                int n = b.length - 2;
                if (n > 0 && b[2] != 0) { // a path ends at its first NUL
                    int end = 2;
                    while (end < b.length && b[end] != 0) end++;
                    n = end - 2;
                }
                return Result.ok(new Unix(Arrays.copyOfRange(b, 2, 2 + n)));
            }
            case AF_INET -> {
                if (b.length < SOCKADDR_IN_SIZE) return Result.err(Errno.EINVAL);
                if (family != AF_INET) return Result.err(Errno.EAFNOSUPPORT);
                return Result.ok(new Inet4(Arrays.copyOfRange(b, 4, 8), (b[2] & 0xff) << 8 | (b[3] & 0xff)));
            }
            case AF_INET6 -> {
                if (b.length < 24) return Result.err(Errno.EINVAL); // SIN6_LEN_RFC2133 is still accepted
                if (family != AF_INET6) return Result.err(Errno.EAFNOSUPPORT);
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
                int port = bb.getShort(2) & 0xffff, flow = bb.getInt(4);
                int scope = b.length >= SOCKADDR_IN6_SIZE ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(24) : 0;
                return Result.ok(new Inet6(Arrays.copyOfRange(b, 8, 24), port, flow, scope));
            }
            case AF_NETLINK -> {
                if (b.length < SOCKADDR_NL_SIZE) return Result.err(Errno.EINVAL);
                if (family != AF_NETLINK) return Result.err(Errno.EINVAL);
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                return Result.ok(new Netlink(bb.getInt(4), bb.getInt(8)));
            }
            default -> {
                return Result.err(Errno.EAFNOSUPPORT);
            }
        }
    }
}
