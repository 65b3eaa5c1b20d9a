package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.HostTty;

/** Descriptor operations: read, write, seek, dup, fstat, ioctl, fcntl, close. */
final class FileOps {
    /** Linux caps one transfer at this many bytes. */
    static final long MAX_RW = 0x7fff_f000L;
    private static final int CHUNK = 64 * 1024;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
    private static final int FD_CLOEXEC = 1;
    /** Status flags F_SETFL may change: O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME, O_NONBLOCK. */
    private static final int SETFL_MASK = 0x400 | 0x2000 | 0x4000 | 0x40000 | 0x800;

    void install(KernelOps.Builder b) {
        b.set(KernelOp.READ, (fd, buf, count, a4, a5, a6) -> read(fd, buf, count, -1));
        b.set(KernelOp.WRITE, (fd, buf, count, a4, a5, a6) -> write(fd, buf, count, -1));
        b.set(KernelOp.PREAD, (fd, buf, count, off, a5, a6) -> off < 0 ? Errno.EINVAL.negative() : read(fd, buf, count, off));
        b.set(KernelOp.PWRITE, (fd, buf, count, off, a5, a6) -> off < 0 ? Errno.EINVAL.negative() : write(fd, buf, count, off));
        b.set(KernelOp.CLOSE, (fd, a2, a3, a4, a5, a6) -> files().close(fd));
        b.set(KernelOp.LSEEK, (fd, off, whence, a4, a5, a6) -> {
            Handle h = files().get(fd);
            if (h == null) return Errno.EBADF.negative();
            if (whence < 0 || whence > 4) return Errno.EINVAL.negative();
            return h.seek(off, (int) whence);
        });
        b.set(KernelOp.DUP, (fd, a2, a3, a4, a5, a6) -> {
            Handle h = files().get(fd);
            return h == null ? Errno.EBADF.negative() : files().install(h, 0, false);
        });
        b.set(KernelOp.DUP3, (oldfd, newfd, flags, a4, a5, a6) -> {
            Handle h = files().get(oldfd);
            if ((flags & ~O_CLOEXEC) != 0) return Errno.EINVAL.negative();
            if (h == null) return Errno.EBADF.negative();
            if (oldfd == newfd) return Errno.EINVAL.negative();
            if (newfd < 0 || newfd >= FileTable.MAX_FDS) return Errno.EBADF.negative();
            return files().installAt(h, (int) newfd, (flags & O_CLOEXEC) != 0);
        });
        b.set(KernelOp.FSTAT, (fd, statbuf, a3, a4, a5, a6) -> {
            Handle h = files().get(fd);
            if (h == null) return Errno.EBADF.negative();
            return UserAccess.put(statbuf, h.stat().toLinuxBytes()) ? 0 : Errno.EFAULT.negative();
        });
        b.set(KernelOp.IOCTL, (fd, request, arg, a4, a5, a6) -> ioctl(fd, (int) request, arg));
        b.set(KernelOp.FCNTL, (fd, cmd, arg, a4, a5, a6) -> fcntl(fd, (int) cmd, arg));
        b.set(KernelOp.GETDENTS, (fd, buf, count, a4, a5, a6) -> {
            Handle h = files().get(fd);
            if (h == null) return Errno.EBADF.negative();
            if (count < 0) return Errno.EINVAL.negative();
            byte[] tmp = new byte[(int) Math.min(count, CHUNK)];
            long n = h.getdents(tmp, tmp.length);
            if (n <= 0) return n;
            return UserAccess.space().write(buf, tmp, 0, (int) n) ? n : Errno.EFAULT.negative();
        });
        b.set(KernelOp.FTRUNCATE, (fd, len, a3, a4, a5, a6) -> {
            Handle h = files().get(fd);
            if (h == null) return Errno.EBADF.negative();
            return len < 0 ? Errno.EINVAL.negative() : h.truncate(len);
        });
        b.set(KernelOp.FSYNC, (fd, a2, a3, a4, a5, a6) -> {
            Handle h = files().get(fd);
            return h == null ? Errno.EBADF.negative() : h.sync();
        });
        b.set(KernelOp.PIPE2, (fds, flags, a3, a4, a5, a6) -> pipe2(fds, (int) flags));
        b.set(KernelOp.SENDFILE, (out, in, offPtr, count, a5, a6) -> sendfile(out, in, offPtr, count));
    }

    static final int TIOCSCTTY = 0x540E, TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410, TIOCNOTTY = 0x5422,
            FIONREAD = 0x541B, FIONBIO = 0x5421, FIONCLEX = 0x5450, FIOCLEX = 0x5451;

    /** Terminal and descriptor ioctls; anything else goes to the handle (ENOTTY by default). */
    private static long ioctl(long fd, int request, long arg) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        io.helctic.kernel.scheme.Terminal t = h.terminal();
        switch (request) {
            case FIOCLEX, FIONCLEX -> {
                files().setCloseOnExec(fd, request == FIOCLEX);
                return 0;
            }
            case FIONBIO -> {
                byte[] v = UserAccess.get(arg, 4);
                if (v == null) return Errno.EFAULT.negative();
                int on = v[0] | v[1] | v[2] | v[3];
                h.setStatusFlags(on != 0 ? h.statusFlags() | Handle.O_NONBLOCK : h.statusFlags() & ~Handle.O_NONBLOCK);
                return 0;
            }
            case FIONREAD -> {
                long n = h.available();
                return n < 0 ? n : putInt(arg, (int) n);
            }
            default -> { }
        }
        if (request == HostTty.TCGETS || request == HostTty.TCSETS || request == HostTty.TCSETSW
                || request == HostTty.TCSETSF || request == HostTty.TIOCGWINSZ || request == HostTty.TIOCSWINSZ
                || request == TIOCGPGRP || request == TIOCSPGRP || request == TIOCSCTTY || request == TIOCNOTTY) {
            if (t == null) return Errno.ENOTTY.negative();
            switch (request) {
                case HostTty.TCGETS -> {
                    byte[] termios = HostTty.getAttr(t.hostFd());
                    if (termios == null) return Errno.EIO.negative();
                    return UserAccess.put(arg, termios) ? 0 : Errno.EFAULT.negative();
                }
                case HostTty.TIOCGWINSZ -> {
                    byte[] ws = HostTty.windowSize(t.hostFd());
                    if (ws == null) return Errno.EIO.negative();
                    return UserAccess.put(arg, ws) ? 0 : Errno.EFAULT.negative();
                }
                case HostTty.TIOCSWINSZ -> {
                    byte[] ws = UserAccess.get(arg, HostTty.WINSIZE);
                    if (ws == null) return Errno.EFAULT.negative();
                    return HostTty.setWindowSize(t.hostFd(), ws) ? 0 : Errno.EIO.negative();
                }
                case TIOCGPGRP -> {
                    return putInt(arg, t.foreground());
                }
                case TIOCSPGRP -> {
                    byte[] v = UserAccess.get(arg, 4);
                    if (v == null) return Errno.EFAULT.negative();
                    int pgid = (v[0] & 0xff) | (v[1] & 0xff) << 8 | (v[2] & 0xff) << 16 | (v[3] & 0xff) << 24;
                    if (pgid < 0) return Errno.EINVAL.negative();
                    t.setForeground(pgid);
                    return 0;
                }
                case TIOCSCTTY, TIOCNOTTY -> {
                    return 0;
                }
                default -> {
                    byte[] termios = UserAccess.get(arg, HostTty.TERMIOS);
                    if (termios == null) return Errno.EFAULT.negative();
                    return HostTty.setAttr(t.hostFd(), request, termios) ? 0 : Errno.EIO.negative();
                }
            }
        }
        return h.ioctl(request, arg);
    }

    private static long putInt(long addr, int v) {
        return UserAccess.put(addr, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)})
                ? 0 : Errno.EFAULT.negative();
    }

    private static long pipe2(long fds, int flags) {
        if ((flags & ~(Handle.O_CLOEXEC | Handle.O_NONBLOCK | 040000 /* O_DIRECT */)) != 0) return Errno.EINVAL.negative();
        Handle[] ends = io.helctic.kernel.scheme.Pipe.create(flags);
        boolean cloexec = (flags & Handle.O_CLOEXEC) != 0;
        FileTable t = files();
        long r = t.install(ends[0], 0, cloexec);
        if (r < 0) {
            ends[0].close();
            ends[1].close();
            return r;
        }
        long w = t.install(ends[1], 0, cloexec);
        if (w < 0) {
            t.close(r);
            ends[1].close();
            return w;
        }
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (r >>> (8 * i));
            b[4 + i] = (byte) (w >>> (8 * i));
        }
        if (!UserAccess.put(fds, b)) {
            t.close(r);
            t.close(w);
            return Errno.EFAULT.negative();
        }
        return 0;
    }

    private static long sendfile(long outFd, long inFd, long offPtr, long count) {
        Handle out = files().get(outFd), in = files().get(inFd);
        if (out == null || in == null) return Errno.EBADF.negative();
        if ((in.statusFlags() & 3) == 1 || (out.statusFlags() & 3) == 0) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        long pos = -1;
        if (offPtr != 0) {
            long[] p = UserAccess.getLongs(offPtr, 1);
            if (p == null) return Errno.EFAULT.negative();
            if (p[0] < 0) return Errno.EINVAL.negative();
            pos = p[0];
        }
        long total = Math.min(count, MAX_RW), done = 0;
        byte[] tmp = new byte[(int) Math.min(Math.max(total, 1), CHUNK)];
        while (done < total) {
            int want = (int) Math.min(total - done, tmp.length);
            long got = pos < 0 ? in.read(tmp, 0, want) : in.pread(tmp, 0, want, pos + done);
            if (got < 0) return done > 0 ? done : got;
            if (got == 0) break;
            long put = out.write(tmp, 0, (int) got);
            if (put < 0) return done > 0 ? done : epipe(put);
            done += put;
            if (put < got) break;
        }
        if (offPtr != 0 && !UserAccess.putLongs(offPtr, pos + done)) return Errno.EFAULT.negative();
        return done;
    }

    private static FileTable files() {
        return Context.current().files();
    }

    private static long read(long fd, long buf, long count, long position) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if ((h.statusFlags() & 3) == 1) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        int n = (int) Math.min(Math.min(count, MAX_RW), CHUNK);
        byte[] tmp = new byte[n];
        long got = position < 0 ? h.read(tmp, 0, n) : h.pread(tmp, 0, n, position);
        if (got <= 0) return got;
        return UserAccess.space().write(buf, tmp, 0, (int) got) ? got : Errno.EFAULT.negative();
    }

    /** EPIPE from a write also raises SIGPIPE for the writer (whose default action ends it: status 141). */
    static long epipe(long result) {
        if (result == Errno.EPIPE.negative()) {
            Context ctx = Context.current();
            Delivery.send(ctx.process(), ctx, io.helctic.kernel.context.Signals.SIGPIPE, null);
        }
        return result;
    }

    private static long write(long fd, long buf, long count, long position) {
        return epipe(writeOnce(fd, buf, count, position));
    }

    private static long writeOnce(long fd, long buf, long count, long position) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if ((h.statusFlags() & 3) == 0) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        long total = Math.min(count, MAX_RW), done = 0;
        byte[] tmp = new byte[(int) Math.min(total, CHUNK)];
        while (done < total) {
            int n = (int) Math.min(total - done, tmp.length);
            if (!UserAccess.space().read(buf + done, tmp, 0, n)) {
                return done > 0 ? done : Errno.EFAULT.negative();
            }
            long put = position < 0 ? h.write(tmp, 0, n) : h.pwrite(tmp, 0, n, position + done);
            if (put < 0) return done > 0 ? done : put;
            done += put;
            if (put < n) break;
        }
        return done;
    }

    private static long fcntl(long fd, int cmd, long arg) {
        FileTable t = files();
        Handle h = t.get(fd);
        if (h == null) return Errno.EBADF.negative();
        return switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> arg < 0 || arg >= FileTable.MAX_FDS
                    ? Errno.EINVAL.negative() : t.install(h, (int) arg, cmd == F_DUPFD_CLOEXEC);
            case F_GETFD -> t.closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                t.setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> h.statusFlags();
            case F_SETFL -> {
                h.setStatusFlags((h.statusFlags() & ~SETFL_MASK) | ((int) arg & SETFL_MASK));
                yield 0;
            }
            case F_GETLK, F_OFD_GETLK -> {
                // Record locks are advisory no-ops (documented): nothing is ever locked, so report F_UNLCK.
                byte[] fl = UserAccess.get(arg, 32);
                if (fl == null) yield Errno.EFAULT.negative();
                int type = (fl[0] & 0xff) | (fl[1] & 0xff) << 8;
                if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) yield Errno.EINVAL.negative();
                fl[0] = F_UNLCK;
                fl[1] = 0;
                yield UserAccess.put(arg, fl) ? 0 : Errno.EFAULT.negative();
            }
            case F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW -> {
                byte[] fl = UserAccess.get(arg, 32);
                if (fl == null) yield Errno.EFAULT.negative();
                int type = (fl[0] & 0xff) | (fl[1] & 0xff) << 8;
                if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) yield Errno.EINVAL.negative();
                int acc = h.statusFlags() & Handle.O_ACCMODE;
                if ((type == F_RDLCK && acc == Handle.O_WRONLY) || (type == F_WRLCK && acc == Handle.O_RDONLY)) {
                    yield Errno.EBADF.negative();
                }
                yield 0;
            }
            default -> Errno.EINVAL.negative();
        };
    }

    static final int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
    static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
}
