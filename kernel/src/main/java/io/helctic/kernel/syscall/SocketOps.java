package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Socket.*;

import io.helctic.abi.Errno;
import io.helctic.abi.uapi.Fs;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.net.Ancillary;
import io.helctic.kernel.net.Network;
import io.helctic.kernel.net.SockAddr;
import io.helctic.kernel.net.Socket;
import io.helctic.kernel.net.Sockets;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket calls: what crosses the boundary (struct sockaddr, msghdr, iovecs, cmsghdr, option
 * values, in Linux's x86-64 layouts) is read and written here; the sockets themselves are in
 * {@code kernel/net}, one class per family.
 */
final class SocketOps {
    /** A stream send or receive moves at most this much per pass (a recv of 1 GiB does not allocate 1 GiB). */
    private static final int STREAM_CHUNK = 1 << 20;
    /** The largest datagram a send gathers (larger ones are EMSGSIZE for every family anyway). */
    private static final int MAX_DATAGRAM = 16 << 20;

    private final Network net;

    SocketOps(Network net, PathOps paths) {
        this.net = net;
        net.filesystem(new Network.Filesystem() {
            @Override
            public Result<Network.NodeKey> make(String path) { return paths.makeSocketNode(path); }

            @Override
            public Result<Network.NodeKey> find(String path) { return paths.findSocketNode(path); }

            @Override
            public Result<java.nio.channels.SocketChannel> connectHost(String path) { return paths.connectHostSocket(path); }
        });
    }

    private static FileTable files() {
        return Context.current().files();
    }

    /** The socket on fd: EBADF, ENOTSOCK. */
    private static Result<Socket> socket(long fd) {
        Handle h = files().get(fd);
        if (h == null) return Result.err(Errno.EBADF);
        if (!(h instanceof Socket s)) return Result.err(Errno.ENOTSOCK);
        return Result.ok(s);
    }

    private static long install(Handle h, boolean cloexec) {
        long fd = files().install(h, 0, cloexec);
        if (fd < 0) h.close();
        return fd;
    }

    // ---- creation ------------------------------------------------------------------------------

    long socket(long domain, long typeArg, long protocol) {
        int type = (int) typeArg & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (((int) typeArg & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf)) != 0 || typeArg < 0) return Errno.EINVAL.negative();
        Result<Socket> s = Sockets.create(net, (int) domain, type, (int) protocol);
        if (s.failed()) return s.negative();
        if (((int) typeArg & SOCK_NONBLOCK) != 0) s.value().setStatusFlags(io.helctic.abi.uapi.Fcntl.O_NONBLOCK);
        return install(s.value(), ((int) typeArg & SOCK_CLOEXEC) != 0);
    }

    long socketpair(long domain, long typeArg, long protocol, long sv) {
        int type = (int) typeArg & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (((int) typeArg & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf)) != 0 || typeArg < 0) return Errno.EINVAL.negative();
        Result<Socket[]> pair = Sockets.pair(net, (int) domain, type, (int) protocol);
        if (pair.failed()) return pair.negative();
        Socket a = pair.value()[0], b = pair.value()[1];
        if (((int) typeArg & SOCK_NONBLOCK) != 0) {
            a.setStatusFlags(io.helctic.abi.uapi.Fcntl.O_NONBLOCK);
            b.setStatusFlags(io.helctic.abi.uapi.Fcntl.O_NONBLOCK);
        }
        boolean cloexec = ((int) typeArg & SOCK_CLOEXEC) != 0;
        FileTable t = files();
        long fa = t.install(a, 0, cloexec);
        if (fa < 0) {
            a.close();
            b.close();
            return fa;
        }
        long fb = t.install(b, 0, cloexec);
        if (fb < 0) {
            t.close(fa);
            b.close();
            return fb;
        }
        ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) fa).putInt((int) fb);
        if (!UserAccess.put(sv, out.array())) {
            t.close(fa);
            t.close(fb);
            return Errno.EFAULT.negative();
        }
        return 0;
    }

    // ---- addresses -----------------------------------------------------------------------------

    /** A guest's struct sockaddr of len bytes (move_addr_to_kernel: EINVAL beyond sockaddr_storage, EFAULT). */
    private static Result<byte[]> addressBytes(long addr, long len) {
        if (len < 0 || len > SOCKADDR_STORAGE_SIZE) return Result.err(Errno.EINVAL);
        if (len == 0) return Result.ok(new byte[0]);
        byte[] b = UserAccess.get(addr, (int) len);
        return b == null ? Result.err(Errno.EFAULT) : Result.ok(b);
    }

    private static Result<SockAddr> address(Socket s, long addr, long len) {
        Result<byte[]> b = addressBytes(addr, len);
        if (b.failed()) return b.cast();
        return Sockets.decode(b.value(), s.domain());
    }

    /**
     * move_addr_to_user: the address (null: none, length 0) truncated to the room *lenPtr gives,
     * and its whole length to *lenPtr. EINVAL for a negative room, EFAULT.
     */
    private static long putAddress(SockAddr a, long addr, long lenPtr) {
        if (lenPtr == 0) return 0;
        byte[] l = UserAccess.get(lenPtr, 4);
        if (l == null) return Errno.EFAULT.negative();
        int room = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (room < 0) return Errno.EINVAL.negative();
        byte[] bytes = a == null ? new byte[0] : a.encode();
        int n = Math.min(room, bytes.length);
        if (n > 0 && !UserAccess.space().write(addr, bytes, 0, n)) return Errno.EFAULT.negative();
        return putInt(lenPtr, bytes.length);
    }

    private static long putInt(long va, int v) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
        return UserAccess.put(va, b) ? 0 : Errno.EFAULT.negative();
    }

    long bind(long fd, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        Result<SockAddr> a = address(s.value(), addr, addrlen);
        if (a.failed()) return a.negative();
        return s.value().bind(a.value());
    }

    long listen(long fd, long backlog) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        return s.value().listen((int) backlog);
    }

    long accept(long fd, long addr, long addrlen, long flags) {
        if ((flags & ~(long) (SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) return Errno.EINVAL.negative();
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        Result<Socket> got = s.value().accept((int) flags, s.value().nonblocking());
        if (got.failed()) return got.negative();
        Socket c = got.value();
        if (addr != 0) {
            long r = putAddress(c.peerAddress(), addr, addrlen);
            if (r < 0) {
                c.close();
                return r;
            }
        }
        return install(c, (flags & SOCK_CLOEXEC) != 0);
    }

    long connect(long fd, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        Result<SockAddr> a = address(s.value(), addr, addrlen);
        if (a.failed()) return a.negative();
        return s.value().connect(a.value(), s.value().nonblocking());
    }

    long getsockname(long fd, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        return putAddress(s.value().localAddress(), addr, addrlen);
    }

    long getpeername(long fd, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        SockAddr p = s.value().peerAddress();
        if (p == null) return Errno.ENOTCONN.negative();
        return putAddress(p, addr, addrlen);
    }

    long shutdown(long fd, long how) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        return s.value().shutdown((int) how);
    }

    // ---- options -------------------------------------------------------------------------------

    long getsockopt(long fd, long level, long name, long optval, long optlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        byte[] l = UserAccess.get(optlen, 4);
        if (l == null) return Errno.EFAULT.negative();
        int room = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (room < 0) return Errno.EINVAL.negative();
        Result<byte[]> v = s.value().getOption((int) level, (int) name);
        if (v.failed()) return v.negative();
        int n = Math.min(room, v.value().length);
        if (n > 0 && !UserAccess.space().write(optval, v.value(), 0, n)) return Errno.EFAULT.negative();
        return putInt(optlen, n);
    }

    long setsockopt(long fd, long level, long name, long optval, long optlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        if ((int) optlen < 0) return Errno.EINVAL.negative();
        int n = (int) Math.min((int) optlen, 4096);
        byte[] v = n == 0 ? new byte[0] : UserAccess.get(optval, n);
        if (v == null) return Errno.EFAULT.negative();
        return s.value().setOption((int) level, (int) name, v);
    }

    // ---- data ----------------------------------------------------------------------------------

    /** A send's data as (address, length) pieces. */
    private record Piece(long base, long len) {}

    /** What one sendmsg/recvmsg describes: its buffers, its name and its control buffer. */
    private record MsgHdr(long name, int namelen, List<Piece> iov, long total, long control, long controllen, int flags) {}

    /** Reads a struct msghdr and its iovecs: EFAULT, EMSGSIZE for too many iovecs, EINVAL for a negative length. */
    private static Result<MsgHdr> msghdr(long msg) {
        long[] w = UserAccess.getLongs(msg, 7);
        if (w == null) return Result.err(Errno.EFAULT);
        long iovBase = w[2], iovlen = w[3];
        if (iovlen < 0 || iovlen > Fs.UIO_MAXIOV) return Result.err(Errno.EMSGSIZE);
        List<Piece> pieces = new ArrayList<>();
        long total = 0;
        if (iovlen > 0) {
            long[] v = UserAccess.getLongs(iovBase, (int) iovlen * 2);
            if (v == null) return Result.err(Errno.EFAULT);
            for (int i = 0; i < iovlen; i++) {
                long len = v[2 * i + 1];
                if (len < 0) return Result.err(Errno.EINVAL);
                len = Math.min(len, Integer.MAX_VALUE - 4096 - total);
                if (len > 0) pieces.add(new Piece(v[2 * i], len));
                total += len;
            }
        }
        return Result.ok(new MsgHdr(w[0], (int) w[1], pieces, total, w[4], w[5], (int) w[6]));
    }

    /** Gathers up to max bytes of the pieces, from byte {@code skip} on: null on EFAULT. */
    private static byte[] gather(List<Piece> pieces, long skip, int max) {
        byte[] out = new byte[max];
        int have = 0;
        long at = 0;
        for (Piece p : pieces) {
            if (have == max) break;
            long end = at + p.len();
            if (end > skip) {
                long from = Math.max(skip, at) - at;
                int n = (int) Math.min(p.len() - from, max - have);
                if (!UserAccess.space().read(p.base() + from, out, have, n)) return null;
                have += n;
            }
            at = end;
        }
        return out;
    }

    /** Scatters n bytes over the pieces: false on EFAULT. */
    private static boolean scatter(List<Piece> pieces, byte[] data, int n) {
        int done = 0;
        for (Piece p : pieces) {
            if (done == n) break;
            int k = (int) Math.min(p.len(), n - done);
            if (!UserAccess.space().write(p.base(), data, done, k)) return false;
            done += k;
        }
        return true;
    }

    long sendto(long fd, long buf, long len, long flags, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        SockAddr to = null;
        if (addr != 0 && addrlen != 0) {
            Result<SockAddr> a = address(s.value(), addr, addrlen);
            if (a.failed()) return a.negative();
            to = a.value();
        } else if (addr != 0 && (addrlen < 0 || addrlen > SOCKADDR_STORAGE_SIZE)) {
            return Errno.EINVAL.negative();
        }
        if (len < 0) len = Integer.MAX_VALUE;
        return send(s.value(), List.of(new Piece(buf, len)), len, (int) flags, to, List.of());
    }

    long sendmsg(long fd, long msg, long flags) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        return sendmsg(s.value(), msg, (int) flags);
    }

    private long sendmsg(Socket s, long msg, int flags) {
        Result<MsgHdr> m = msghdr(msg);
        if (m.failed()) return m.negative();
        MsgHdr h = m.value();
        SockAddr to = null;
        if (h.namelen() != 0) {
            Result<SockAddr> a = address(s, h.name(), Integer.toUnsignedLong(h.namelen()));
            if (a.failed()) return a.negative();
            to = a.value();
        }
        Result<List<Ancillary>> control = control(s, h.control(), h.controllen());
        if (control.failed()) return control.negative();
        return send(s, h.iov(), h.total(), flags, to, control.value());
    }

    /**
     * The send itself: a stream socket's bytes go in passes of at most {@link #STREAM_CHUNK}; a
     * datagram goes whole. EPIPE on a connection raises SIGPIPE unless MSG_NOSIGNAL.
     */
    private static long send(Socket s, List<Piece> pieces, long total, int flags, SockAddr to, List<Ancillary> control) {
        long r;
        if (s.type() == SOCK_STREAM) {
            long done = 0;
            List<Ancillary> rights = control;
            r = 0;
            do {
                int n = (int) Math.min(total - done, STREAM_CHUNK);
                byte[] data = gather(pieces, done, n);
                if (data == null) {
                    Ancillary.drop(rights);
                    r = done > 0 ? done : Errno.EFAULT.negative();
                    break;
                }
                long put = s.send(data, 0, n, flags, to, rights);
                rights = List.of();
                if (put < 0) {
                    r = done > 0 ? done : put;
                    break;
                }
                done += put;
                r = done;
                if (put < n) break;
            } while (done < total);
        } else {
            if (total > MAX_DATAGRAM) {
                Ancillary.drop(control);
                return Errno.EMSGSIZE.negative();
            }
            byte[] data = gather(pieces, 0, (int) total);
            if (data == null) {
                Ancillary.drop(control);
                return Errno.EFAULT.negative();
            }
            r = s.send(data, 0, data.length, flags, to, control);
        }
        if (r == Errno.EPIPE.negative() && (flags & MSG_NOSIGNAL) == 0 && s.type() != SOCK_DGRAM) {
            Context ctx = Context.current();
            Delivery.send(ctx.process(), ctx, Signal.SIGPIPE, null);
        }
        return r;
    }

    /**
     * A sendmsg's control buffer: SCM_RIGHTS (each descriptor's description, one reference more
     * for its flight) and SCM_CREDENTIALS (the caller's own ids only: EPERM otherwise). EINVAL
     * for a malformed header or another level or type, EBADF for a bad descriptor.
     */
    private Result<List<Ancillary>> control(Socket s, long control, long controllen) {
        if (controllen == 0) return Result.ok(List.of());
        if (controllen < 0 || controllen > Integer.MAX_VALUE) return Result.err(Errno.ENOBUFS);
        if (controllen < 16) return Result.err(Errno.EINVAL);
        byte[] c = UserAccess.get(control, (int) Math.min(controllen, 1 << 20));
        if (c == null) return Result.err(Errno.EFAULT);
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        List<Ancillary> out = new ArrayList<>();
        FileTable t = files();
        int at = 0;
        while (at + 16 <= c.length) {
            long len = b.getLong(at);
            int level = b.getInt(at + 8), type = b.getInt(at + 12);
            if (len < 16 || len > c.length - at) {
                Ancillary.drop(out);
                return Result.err(Errno.EINVAL);
            }
            int data = (int) len - 16;
            // SOL_SOCKET messages are AF_UNIX's, and netlink's (scm_send, which then drops descriptors)
            if (level != SOL_SOCKET || s.domain() != AF_UNIX && s.domain() != AF_NETLINK) {
                Ancillary.drop(out);
                return Result.err(Errno.EINVAL);
            }
            switch (type) {
                case SCM_RIGHTS -> {
                    int n = data / 4;
                    if (n > SCM_MAX_FD || n == 0) {
                        Ancillary.drop(out);
                        return Result.err(Errno.EINVAL);
                    }
                    List<Handle> hs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        Handle h = t.get(b.getInt(at + 16 + 4 * i));
                        if (h == null) {
                            Ancillary.drop(out);
                            return Result.err(Errno.EBADF);
                        }
                        hs.add(h);
                    }
                    for (Handle h : hs) t.descriptions().retain(h);
                    out.add(new Ancillary.Rights(List.copyOf(hs), t.descriptions()));
                }
                case SCM_CREDENTIALS -> {
                    if (data != 12) {
                        Ancillary.drop(out);
                        return Result.err(Errno.EINVAL);
                    }
                    int pid = b.getInt(at + 16), uid = b.getInt(at + 20), gid = b.getInt(at + 24);
                    int[] me = net.credentials();
                    // Linux's scm_check_creds: one's own pid, real/effective/saved ids, or CAP_SYS_ADMIN/SETUID/SETGID
                    io.helctic.kernel.context.Credentials cr = Context.current().process().credentials();
                    if (!((pid == me[0] || cr.capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN))
                            && (uid == cr.ruid() || uid == cr.euid() || uid == cr.suid() || cr.capable(io.helctic.abi.uapi.Proc.CAP_SETUID))
                            && (gid == cr.rgid() || gid == cr.egid() || gid == cr.sgid() || cr.capable(io.helctic.abi.uapi.Proc.CAP_SETGID)))) {
                        Ancillary.drop(out);
                        return Result.err(Errno.EPERM);
                    }
                    out.add(new Ancillary.Credentials(pid, uid, gid));
                }
                default -> {
                    Ancillary.drop(out);
                    return Result.err(Errno.EINVAL);
                }
            }
            at += (int) ((len + 7) & ~7L);
        }
        if (s.domain() == AF_NETLINK) { // netlink carries no descriptors: checked, then let go
            Ancillary.drop(out);
            out.removeIf(a -> a instanceof Ancillary.Rights);
        }
        return Result.ok(out);
    }

    long recvfrom(long fd, long buf, long len, long flags, long addr, long addrlen) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        if (len < 0) len = Integer.MAX_VALUE;
        Socket.Received info = new Socket.Received();
        long r = receive(s.value(), List.of(new Piece(buf, len)), len, (int) flags, info);
        Ancillary.drop(info.control);
        if (r < 0) return r;
        if (addr != 0) {
            long a = putAddress(info.from, addr, addrlen);
            if (a < 0) return a;
        }
        return r;
    }

    long recvmsg(long fd, long msg, long flags) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        return recvmsg(s.value(), msg, (int) flags);
    }

    private long recvmsg(Socket s, long msg, int flags) {
        Result<MsgHdr> m = msghdr(msg);
        if (m.failed()) return m.negative();
        MsgHdr h = m.value();
        if (h.namelen() < 0) return Errno.EINVAL.negative();
        Socket.Received info = new Socket.Received();
        long r = receive(s, h.iov(), h.total(), flags & ~MSG_CMSG_CLOEXEC, info);
        if (r < 0) {
            Ancillary.drop(info.control);
            return r;
        }
        // msg_name and msg_namelen
        byte[] name = info.from == null ? new byte[0] : info.from.encode();
        if (h.name() != 0 && name.length > 0) {
            int n = Math.min(h.namelen(), name.length);
            if (n > 0 && !UserAccess.space().write(h.name(), name, 0, n)) {
                Ancillary.drop(info.control);
                return Errno.EFAULT.negative();
            }
        }
        int namelen = h.name() != 0 ? name.length : 0;
        int[] used = {0};
        // Linux's msg_flags start as the MSG_CMSG_CLOEXEC the call was given
        int msgFlags = (flags & MSG_CMSG_CLOEXEC) | info.msgFlags | putControl(info.control, h.control(), h.controllen(),
                (flags & MSG_CMSG_CLOEXEC) != 0, used);
        ByteBuffer back = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(namelen);
        if (!UserAccess.put(msg + 8, back.array()) || !UserAccess.putLongs(msg + 40, used[0])
                || putInt(msg + 48, msgFlags) < 0) {
            return Errno.EFAULT.negative();
        }
        return r;
    }

    /**
     * Writes what arrived beside the bytes into a recvmsg's control buffer, as Linux's scm_recv:
     * SCM_CREDENTIALS first, then SCM_RIGHTS (each description installed as a new descriptor, as
     * many as fit; the rest closed). Returns MSG_CTRUNC when something did not fit; used[0] gets
     * the bytes written.
     */
    private static int putControl(List<Ancillary> control, long buf, long room, boolean cloexec, int[] used) {
        int flags = 0;
        long at = 0;
        if (room < 0) room = 0;
        for (Ancillary a : control) {
            if (!(a instanceof Ancillary.Credentials c)) continue;
            if (buf == 0 || room - at < 16) {
                flags |= MSG_CTRUNC;
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(28).putInt(SOL_SOCKET).putInt(SCM_CREDENTIALS).putInt(c.pid()).putInt(c.uid()).putInt(c.gid());
            int n = (int) Math.min(28, room - at);
            if (n < 28) flags |= MSG_CTRUNC;
            UserAccess.space().write(buf + at, b.array(), 0, n);
            at += Math.min(32, room - at);
        }
        FileTable t = files();
        for (Ancillary a : control) {
            if (!(a instanceof Ancillary.Rights r)) continue;
            int fit = buf == 0 || room - at < 16 ? 0 : (int) Math.min(r.files().size(), (room - at - 16) / 4);
            if (fit < r.files().size()) flags |= MSG_CTRUNC;
            List<Integer> fds = new ArrayList<>();
            for (int i = 0; i < fit; i++) {
                long fd = t.install(r.files().get(i), 0, cloexec);
                if (fd < 0) {
                    flags |= MSG_CTRUNC;
                    break;
                }
                fds.add((int) fd);
            }
            r.release(); // the installed ones hold their own references now
            if (fds.isEmpty()) continue;
            int len = 16 + 4 * fds.size();
            ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(len).putInt(SOL_SOCKET).putInt(SCM_RIGHTS);
            for (int fd : fds) b.putInt(fd);
            UserAccess.space().write(buf + at, b.array(), 0, len);
            at += Math.min((len + 7) & ~7, room - at);
        }
        used[0] = (int) at;
        return flags;
    }

    /** The receive itself, into the pieces: at most {@link #STREAM_CHUNK} a stream pass; a datagram whole. */
    private static long receive(Socket s, List<Piece> pieces, long total, int flags, Socket.Received info) {
        int max = (int) Math.min(total, s.type() == SOCK_STREAM ? STREAM_CHUNK : MAX_DATAGRAM);
        byte[] buf = new byte[max];
        long r = s.receive(buf, 0, max, flags, info);
        if (r <= 0) return r;
        int copied = (int) Math.min(r, max);
        if (!scatter(pieces, buf, copied)) return Errno.EFAULT.negative();
        return r;
    }

    long sendmmsg(long fd, long vec, long vlen, long flags) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        int n = (int) Math.min(Math.max(vlen, 0), Fs.UIO_MAXIOV);
        int sent = 0;
        for (; sent < n; sent++) {
            long m = vec + (long) sent * MMSGHDR_SIZE;
            long r = sendmsg(s.value(), m, (int) flags);
            if (r < 0) return sent > 0 ? sent : r;
            if (putInt(m + MSGHDR_SIZE, (int) r) < 0) return sent > 0 ? sent : Errno.EFAULT.negative();
        }
        return sent;
    }

    long recvmmsg(long fd, long vec, long vlen, long flags, long timeout) {
        Result<Socket> s = socket(fd);
        if (s.failed()) return s.negative();
        long deadline = 0;
        if (timeout != 0) {
            long[] ts = UserAccess.getLongs(timeout, 2);
            if (ts == null) return Errno.EFAULT.negative();
            if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1_000_000_000L) return Errno.EINVAL.negative();
            deadline = System.nanoTime() + Math.min(ts[0], Long.MAX_VALUE / 2_000_000_000L) * 1_000_000_000L + ts[1];
        }
        int n = (int) Math.min(Math.max(vlen, 0), Fs.UIO_MAXIOV);
        int got = 0;
        int f = (int) flags;
        for (; got < n; got++) {
            long m = vec + (long) got * MMSGHDR_SIZE;
            long r = recvmsg(s.value(), m, f);
            if (r < 0) {
                if (got > 0) break;
                return r;
            }
            if (putInt(m + MSGHDR_SIZE, (int) r) < 0) return got > 0 ? got : Errno.EFAULT.negative();
            if ((f & MSG_WAITFORONE) != 0) f |= MSG_DONTWAIT;
            if (timeout != 0 && System.nanoTime() - deadline >= 0) {
                got++;
                break;
            }
        }
        if (timeout != 0) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!UserAccess.putLongs(timeout, left / 1_000_000_000L, left % 1_000_000_000L)) return Errno.EFAULT.negative();
        }
        return got;
    }
}
