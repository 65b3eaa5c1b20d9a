package io.helctic.kernel.net;

import io.helctic.kernel.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * One kernel's network: its policy toward the host's network (--net), the AF_UNIX names bound in
 * it (abstract names, and socket files of the guest's filesystems by inode) and the host
 * selector that serves its internet sockets. Each kernel has its own, so two kernels in one JVM
 * never meet in the abstract namespace.
 */
public final class Network {
    /** What the guest may reach through the host's network stack. */
    public enum Policy {
        /** The host's network, as a native program would use it. */
        HOST,
        /** Only the loopback addresses (127.0.0.0/8 and ::1): any other answers ENETUNREACH. */
        LOOPBACK,
        /** No internet sockets at all (EACCES); AF_UNIX still works, inside the kernel. */
        NONE
    }

    /** A socket file: the filesystem holding it and its inode there. */
    public record NodeKey(Object filesystem, long dev, long ino) {
        // written out: a record's own equals and hashCode spin method-handle classes at first use
        @Override public boolean equals(Object o) {
            return o instanceof NodeKey k && java.util.Objects.equals(k.filesystem, filesystem) && k.dev == dev && k.ino == ino;
        }

        @Override public int hashCode() {
            return (java.util.Objects.hashCode(filesystem) * 31 + Long.hashCode(dev)) * 31 + Long.hashCode(ino);
        }
    }

    /** How AF_UNIX path names meet the guest's filesystems (given by the syscall layer, which resolves guest paths). */
    public interface Filesystem {
        /** Makes the socket file at path (EADDRINUSE when the name exists), mode 0777 less the umask: its inode. */
        io.helctic.kernel.vfs.Result<NodeKey> make(String path);

        /** The socket file path names (following symlinks): ENOENT, or ECONNREFUSED when it is no socket. */
        io.helctic.kernel.vfs.Result<NodeKey> find(String path);

        /** A stream connection to the socket file at path that a program outside the kernel bound. */
        io.helctic.kernel.vfs.Result<java.nio.channels.SocketChannel> connectHost(String path);
    }

    private volatile Filesystem filesystem;
    /** The thread watching this kernel's host sockets (it runs only while there are internet sockets). */
    private final HostSelector hostSelector = new HostSelector();

    HostSelector hostSelector() { return hostSelector; }

    /**
     * This kernel's TCP connections by their host ends, so that a sender finds a receiver in the
     * same kernel (a loopback connection between two guest programs): Linux's loopback delivers
     * during the sender's call, and the receiver must then look at its host socket at once.
     */
    private final Map<TcpSocket.Ends, TcpSocket> connections = new java.util.concurrent.ConcurrentHashMap<>();

    Map<TcpSocket.Ends, TcpSocket> connections() { return connections; }

    public void filesystem(Filesystem fs) { this.filesystem = fs; }

    Filesystem filesystem() { return filesystem; }

    private final Policy policy;
    private final int gid;
    private final Map<SockAddr.Unix, UnixSocket> abstractNames = new HashMap<>();
    private final Map<NodeKey, UnixSocket> nodes = new HashMap<>();
    private int nextAutobind;
    /** Every socket open in this kernel (/proc/net lists them). */
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The host sysctls the guest's sockets follow, read at the first use (the holder's class
     * initialisation): four /proc/sys files cost every boot ~1 ms, and most guests open no socket.
     */
    private static final class HostSysctls {
        static final int RMEM_MAX = sysctl("net/core/rmem_max", 212_992), WMEM_MAX = sysctl("net/core/wmem_max", 212_992),
                MAX_DGRAM_QLEN = sysctl("net/unix/max_dgram_qlen", 10), SOMAXCONN = sysctl("net/core/somaxconn", 4096);
    }

    /** A host sysctl the guest's sockets follow (the host's Linux decides what a native program would see). */
    static int sysctl(String name, int fallback) {
        String text = sysctlText(name);
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * A host sysctl's text, trimmed, or null. Read as a stream: the JDK's Files.readString trusts
     * the size stat gives, and a /proc/sys file's is 0 (it returned one byte: "4" for 4194304).
     */
    static String sysctlText(String name) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys/" + name))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    public int rmemMax() { return HostSysctls.RMEM_MAX; }

    public int wmemMax() { return HostSysctls.WMEM_MAX; }

    /** net.unix.max_dgram_qlen: how many datagrams wait in a receive queue before senders wait. */
    public int maxDgramQlen() { return HostSysctls.MAX_DGRAM_QLEN; }

    /** net.core.somaxconn: listen's limit on a backlog. */
    public int somaxconn() { return HostSysctls.SOMAXCONN; }

    public Network(Policy policy, int gid) {
        this.policy = policy;
        this.gid = gid;
    }

    public Policy policy() { return policy; }

    /** The caller's {pid, euid, egid}: what a socket records as its owner and SCM_CREDENTIALS send (Linux's cred_to_ucred). */
    public int[] credentials() {
        if (!Context.CURRENT.isBound()) return new int[] {0, 0, gid};
        Context ctx = Context.current();
        io.helctic.kernel.context.Credentials c = ctx.process().credentials();
        return new int[] {ctx.process().pid(), c.euid(), c.egid()};
    }

    /** A socket was made in this kernel. */
    void opened(Socket s) { open.add(s); }

    /** A socket was released. */
    void closed(Socket s) { open.remove(s); }

    /** The sockets open now, in no order (/proc/net/{unix,tcp,tcp6,udp,udp6}). */
    public java.util.List<Socket> sockets() { return java.util.List.copyOf(open); }

    // ---- AF_UNIX names ---------------------------------------------------------------------

    /** Binds an abstract name: false when it is taken (EADDRINUSE). */
    synchronized boolean bindAbstract(SockAddr.Unix name, UnixSocket s) {
        return abstractNames.putIfAbsent(name, s) == null;
    }

    /** Linux's autobind: a free abstract name of five hex digits. */
    synchronized SockAddr.Unix autobind(UnixSocket s) {
        for (int tries = 0; tries < 0x100000; tries++) {
            int n = nextAutobind++ & 0xfffff;
            byte[] name = String.format("\0%05x", n).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            SockAddr.Unix a = new SockAddr.Unix(name);
            if (abstractNames.putIfAbsent(a, s) == null) return a;
        }
        return null;
    }

    synchronized UnixSocket findAbstract(SockAddr.Unix name) {
        return abstractNames.get(name);
    }

    synchronized void bindNode(NodeKey key, UnixSocket s) {
        nodes.put(key, s);
    }

    synchronized UnixSocket findNode(NodeKey key) {
        return nodes.get(key);
    }

    /** A socket closed: its names go (a socket file stays in its directory, as Linux's). */
    synchronized void unbind(UnixSocket s) {
        abstractNames.values().removeIf(v -> v == s);
        nodes.values().removeIf(v -> v == s);
    }
}
