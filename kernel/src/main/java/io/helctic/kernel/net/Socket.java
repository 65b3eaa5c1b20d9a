package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.Sleeper;
import io.helctic.kernel.scheme.WaitQueue;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * An open socket: a file whose reads and writes are receives and sends. This class holds what
 * every family shares — the type, the file flags, the wait queue, the SOL_SOCKET options the
 * kernel answers itself — and each family ({@link UnixSocket}, the host-backed internet sockets,
 * netlink) implements the operations it has. An operation a family lacks answers as Linux's
 * {@code sock_no_*}: EOPNOTSUPP.
 *
 * <p>Every operation returns a count, {@code -errno}, or a {@link KernelCode} when a signal ended
 * a wait ({@link #await}: ERESTARTSYS without a timeout, EINTR with SO_RCVTIMEO/SO_SNDTIMEO, as
 * Linux's sock_intr_errno).
 */
public abstract class Socket implements Handle {
    private static final AtomicLong INODES = new AtomicLong(40_000);
    private static final AtomicLong COOKIES = new AtomicLong(1);

    protected final Network net;
    protected final int domain, type, protocol;
    /** Every change of this socket's readiness is announced here. */
    protected final WaitQueue queue = new WaitQueue();
    private final long ino = INODES.incrementAndGet(), cookie = COOKIES.getAndIncrement();
    private final long created = System.currentTimeMillis() * 1_000_000L;
    private final int ownerUid, ownerGid;
    private volatile int flags = O_RDWR;
    /** SO_RCVTIMEO and SO_SNDTIMEO in ns; 0 waits forever. */
    private volatile long rcvTimeoutNs, sndTimeoutNs;
    private volatile boolean passcred;
    /** SO_RCVBUF and SO_SNDBUF as getsockopt reports them (Linux doubles what is set). */
    protected volatile int rcvbuf, sndbuf;
    /** Boolean and integer SOL_SOCKET options the kernel only records (SO_KEEPALIVE, SO_REUSEADDR, ...). */
    private final ConcurrentHashMap<Integer, Integer> recorded = new ConcurrentHashMap<>();
    /** SO_LINGER: {l_onoff, l_linger}. */
    private volatile int[] linger = {0, 0};

    protected Socket(Network net, int domain, int type, int protocol, int rcvbuf, int sndbuf) {
        this.net = net;
        this.domain = domain;
        this.type = type;
        this.protocol = protocol;
        this.rcvbuf = rcvbuf;
        this.sndbuf = sndbuf;
        int[] ids = net.credentials();
        this.ownerUid = ids[1];
        this.ownerGid = ids[2];
        net.opened(this);
    }

    /** The owner's uid (/proc/net's uid column). */
    public int ownerUid() { return ownerUid; }

    /**
     * Releases the socket: each family's {@link #release}, then it leaves the kernel's list. A
     * family does its own work in release, never here.
     */
    @Override
    public final void close() {
        try {
            release();
        } finally {
            net.closed(this);
        }
    }

    /** The family's part of close: its peer told, its names and queues let go. */
    protected abstract void release();

    public int domain() { return domain; }

    public int type() { return type; }

    public int protocol() { return protocol; }

    public long inode() { return ino; }

    public boolean passcred() { return passcred; }

    public boolean nonblocking() { return (flags & O_NONBLOCK) != 0; }

    // ---- the operations, each family's own --------------------------------------------------

    public long bind(SockAddr addr) { return Errno.EOPNOTSUPP.negative(); }

    public long listen(int backlog) { return Errno.EOPNOTSUPP.negative(); }

    /** A connected socket from the queue (flags: its SOCK_NONBLOCK), waiting unless {@code nonblocking}. */
    public Result<Socket> accept(int flags, boolean nonblocking) { return Result.err(Errno.EOPNOTSUPP); }

    public long connect(SockAddr addr, boolean nonblocking) { return Errno.EOPNOTSUPP.negative(); }

    /**
     * Sends {@code len} bytes of {@code data} to {@code to} (null: the peer) with ancillary
     * {@code control} (the socket takes the rights' references whether or not it sends them).
     * Returns the bytes sent or -errno (EPIPE is the caller's to turn into SIGPIPE).
     */
    public abstract long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control);

    /** What a receive found beside the bytes. */
    public static final class Received {
        public SockAddr from;
        public List<Ancillary> control = List.of();
        /** MSG_TRUNC, MSG_CTRUNC (set by the caller), MSG_EOR. */
        public int msgFlags;
    }

    /**
     * Receives up to {@code len} bytes into {@code buf}; returns the count (with MSG_TRUNC on a
     * datagram socket: the datagram's real length), 0 at end of stream, or -errno.
     */
    public abstract long receive(byte[] buf, int off, int len, int flags, Received info);

    public long shutdown(int how) { return Errno.EOPNOTSUPP.negative(); }

    /** The socket's own address (getsockname). */
    public abstract SockAddr localAddress();

    /** The peer's address, or null when not connected (getpeername's ENOTCONN). */
    public abstract SockAddr peerAddress();

    public boolean listening() { return false; }

    /** SIOCOUTQ: bytes sent and not yet read by the peer (or acknowledged). */
    public long unsent() { return 0; }

    /** SO_ERROR: the pending error, cleared by the reading (0 when none). */
    protected int takeError() { return 0; }

    /** SO_PEERCRED: {pid, uid, gid} of the peer when it connected (Linux's for a socket without one: 0, -1, -1 as overflow ids). */
    protected int[] peerCredentials() { return new int[] {0, 65534, 65534}; }

    /** getsockopt at a level other than SOL_SOCKET (or a SOL_SOCKET option the base does not know). */
    protected Result<byte[]> familyOption(int level, int name) {
        return Result.err(level == SOL_SOCKET ? Errno.ENOPROTOOPT : Errno.EOPNOTSUPP);
    }

    /** setsockopt at a level other than SOL_SOCKET (or a SOL_SOCKET option the base does not know). */
    protected long setFamilyOption(int level, int name, byte[] value) {
        return (level == SOL_SOCKET ? Errno.ENOPROTOOPT : Errno.EOPNOTSUPP).negative();
    }

    /** A recorded SOL_SOCKET option changed (a host-backed socket applies it to its channel). */
    protected long optionChanged(int name, int value) { return 0; }

    // ---- options -----------------------------------------------------------------------------

    /** getsockopt: the option's bytes (the caller truncates them to the room given). */
    public final Result<byte[]> getOption(int level, int name) {
        if (level != SOL_SOCKET) return familyOption(level, name);
        return switch (name) {
            case SO_TYPE -> intValue(type);
            case SO_DOMAIN -> intValue(domain);
            case SO_PROTOCOL -> intValue(protocol);
            case SO_ERROR -> intValue(takeError());
            case SO_ACCEPTCONN -> intValue(listening() ? 1 : 0);
            case SO_PASSCRED -> intValue(passcred ? 1 : 0);
            case SO_RCVBUF -> intValue(rcvbuf);
            case SO_SNDBUF -> intValue(sndbuf);
            case SO_RCVTIMEO -> Result.ok(timeval(rcvTimeoutNs));
            case SO_SNDTIMEO -> Result.ok(timeval(sndTimeoutNs));
            case SO_PEERCRED -> {
                int[] c = peerCredentials();
                yield Result.ok(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(c[0]).putInt(c[1]).putInt(c[2]).array());
            }
            case SO_LINGER -> Result.ok(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(linger[0]).putInt(linger[1]).array());
            case SO_COOKIE -> Result.ok(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(cookie).array());
            case SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST, SO_OOBINLINE, SO_DONTROUTE, SO_TIMESTAMP,
                 SO_DEBUG, SO_NO_CHECK, SO_PASSSEC, SO_BUSY_POLL -> intValue(recorded.getOrDefault(name, 0));
            case SO_PRIORITY, SO_MARK -> intValue(recorded.getOrDefault(name, 0));
            case SO_RCVLOWAT, SO_SNDLOWAT -> intValue(recorded.getOrDefault(name, 1));
            case SO_INCOMING_CPU -> intValue(-1);
            default -> familyOption(level, name);
        };
    }

    /** setsockopt: 0 or -errno. */
    public final long setOption(int level, int name, byte[] v) {
        if (level != SOL_SOCKET) return setFamilyOption(level, name, v);
        switch (name) {
            case SO_RCVTIMEO, SO_SNDTIMEO -> {
                if (v.length < 16) return Errno.EINVAL.negative();
                ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
                long sec = b.getLong(0), usec = b.getLong(8);
                if (usec < 0 || usec >= 1_000_000) return Errno.EDOM.negative();
                long ns = sec < 0 ? 0 : sec >= Long.MAX_VALUE / 1_000_000_000L ? 0 : sec * 1_000_000_000L + usec * 1000;
                if (name == SO_RCVTIMEO) rcvTimeoutNs = ns;
                else sndTimeoutNs = ns;
                return 0;
            }
            case SO_LINGER -> {
                if (v.length < 8) return Errno.EINVAL.negative();
                ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
                linger = new int[] {b.getInt(0) != 0 ? 1 : 0, b.getInt(4)};
                return optionChanged(SO_LINGER, linger[0] != 0 ? Math.max(0, linger[1]) : -1);
            }
            default -> { }
        }
        if (v.length < 4) return Errno.EINVAL.negative();
        int val = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        switch (name) {
            case SO_PASSCRED -> {
                passcred = val != 0;
                return 0;
            }
            case SO_RCVBUF, SO_SNDBUF, SO_RCVBUFFORCE, SO_SNDBUFFORCE -> {
                // Linux: at most net.core.[rw]mem_max (the host's), doubled, at least its minimum
                boolean rcv = name == SO_RCVBUF || name == SO_RCVBUFFORCE;
                long want = Math.min(Integer.toUnsignedLong(val), rcv ? net.rmemMax() : net.wmemMax()) * 2;
                if (rcv) {
                    rcvbuf = (int) Math.max(want, 2304);
                    return optionChanged(SO_RCVBUF, rcvbuf / 2);
                }
                sndbuf = (int) Math.max(want, 4608);
                return optionChanged(SO_SNDBUF, sndbuf / 2);
            }
            case SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST, SO_OOBINLINE, SO_DONTROUTE, SO_TIMESTAMP,
                 SO_DEBUG, SO_NO_CHECK, SO_PASSSEC, SO_BUSY_POLL -> {
                recorded.put(name, val != 0 ? 1 : 0);
                return optionChanged(name, val != 0 ? 1 : 0);
            }
            case SO_PRIORITY -> {
                if (val < 0 || val > 6) return Errno.EPERM.negative(); // 7 and up need CAP_NET_ADMIN
                recorded.put(name, val);
                return 0;
            }
            case SO_RCVLOWAT -> {
                recorded.put(name, Math.max(val, 1));
                return 0;
            }
            case SO_MARK -> {
                return Errno.EPERM.negative(); // CAP_NET_ADMIN
            }
            case SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ERROR, SO_ACCEPTCONN, SO_PEERCRED, SO_COOKIE, SO_SNDLOWAT -> {
                return Errno.ENOPROTOOPT.negative();
            }
            default -> {
                return setFamilyOption(level, name, v);
            }
        }
    }

    /** An option's recorded value (0 when never set). */
    protected int recorded(int name) {
        return recorded.getOrDefault(name, 0);
    }

    protected static Result<byte[]> intValue(int v) {
        return Result.ok(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static byte[] timeval(long ns) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(ns / 1_000_000_000L)
                .putLong(ns % 1_000_000_000L / 1000).array();
    }

    public long receiveTimeoutNs() { return rcvTimeoutNs; }

    public long sendTimeoutNs() { return sndTimeoutNs; }

    // ---- waiting -----------------------------------------------------------------------------

    /**
     * Sleeps on this socket's wait queue until {@code ready} holds: 0, -EAGAIN when
     * {@code timeoutNs} (> 0) passes first, or — a signal — ERESTARTSYS when there was no
     * timeout and EINTR when there was one. The condition is checked after the waiter is
     * registered, so a change between the check and the sleep is never lost.
     */
    protected final long await(BooleanSupplier ready, long timeoutNs) {
        return await(queue, ready, timeoutNs);
    }

    /** {@link #await(BooleanSupplier, long)} on another file's queue (a listening socket's, a peer's). */
    protected static long await(WaitQueue on, BooleanSupplier ready, long timeoutNs) {
        if (ready.getAsBoolean()) return 0;
        Thread me = Thread.currentThread();
        Sleeper sleep = new Sleeper();
        WaitQueue.Waiter w = events -> sleep.wake();
        WaitQueue queue = on;
        queue.add(w);
        try {
            long deadline = timeoutNs > 0 ? System.nanoTime() + timeoutNs : 0;
            while (true) {
                sleep.reset();
                if (ready.getAsBoolean()) return 0;
                if (me.isInterrupted()) return timeoutNs > 0 ? Errno.EINTR.negative() : KernelCode.ERESTARTSYS.negative();
                if (timeoutNs > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return Errno.EAGAIN.negative();
                    sleep.sleep(left);
                } else {
                    sleep.sleep(Long.MAX_VALUE);
                }
            }
        } finally {
            queue.remove(w);
        }
    }

    /** The descriptions that set O_ASYNC on this socket (its socket_wq's fasync_list). */
    private final io.helctic.kernel.scheme.Fasync.Registrations async = new io.helctic.kernel.scheme.Fasync.Registrations();

    /** sock_fasync. */
    @Override
    public boolean fasync(int fd, boolean on) {
        synchronized (async) {
            boolean had = !async.isEmpty();
            async.set(this, fd, on);
            if (had != !async.isEmpty()) signalDriven(!had);
        }
        return true;
    }

    /** O_ASYNC was set on this socket by a first description ({@code true}) or cleared by the last. */
    protected void signalDriven(boolean on) {}

    /** sk_wake_async: the owners of the descriptions that set O_ASYNC are told {@code reason} (POLL_IN, POLL_HUP...). */
    protected final void wakeAsync(int reason) {
        async.kill(reason);
    }

    /** Announces a change of this socket's readiness to pollers and sleepers. */
    protected final void changed(int events) {
        queue.wake(events);
    }

    // ---- the file ----------------------------------------------------------------------------

    @Override
    public long read(byte[] buf, int off, int len) {
        return receive(buf, off, len, 0, new Received());
    }

    @Override
    public long write(byte[] buf, int off, int len) {
        return send(buf, off, len, 0, null, List.of());
    }

    @Override
    public WaitQueue waitQueue() { return queue; }

    @Override
    public Stat stat() {
        return new Stat(0x8, ino, 1, S_IFSOCK | 0777, ownerUid, ownerGid, 0, 0, 4096, 0, created, created, created);
    }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int f) { flags = (flags & O_ACCMODE) | (f & ~O_ACCMODE); }

    @Override
    public String path() { return "socket:[" + ino + "]"; }

    @Override
    public long truncate(long length) { return Errno.EINVAL.negative(); }

    @Override
    public long allocate(int mode, long offset, long length) { return Errno.ENODEV.negative(); }

    /** The interface ioctls every socket answers (SIOCGIFCONF, SIOCGIFFLAGS, ...: {@link InterfaceRequests}); ENOTTY otherwise. */
    @Override
    public long ioctl(long request, long arg) { return InterfaceRequests.ioctl(this, (int) request, arg); }
}
