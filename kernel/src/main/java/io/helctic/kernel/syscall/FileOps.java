package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Event.IN_ACCESS;
import static io.helctic.abi.uapi.Event.IN_MODIFY;
import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_COLLAPSE_RANGE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_INSERT_RANGE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_KEEP_SIZE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_PUNCH_HOLE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_UNSHARE_RANGE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_ZERO_RANGE;
import static io.helctic.abi.uapi.Fs.SEEK_HOLE;
import static io.helctic.abi.uapi.Fs.SEEK_CUR;
import static io.helctic.abi.uapi.Fs.SEEK_END;
import static io.helctic.abi.uapi.Fs.SEEK_SET;
import static io.helctic.abi.uapi.Ioctl.*;

import io.helctic.abi.Errno;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileLocks;
import io.helctic.kernel.vfs.Notify;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.HostTty;

/** Descriptor operations: read, write, seek, dup, fstat, ioctl, fcntl, close. */
final class FileOps {
    /** Linux caps one transfer at this many bytes. */
    static final long MAX_RW = 0x7fff_f000L;
    private static final int CHUNK = 64 * 1024;
    /** Status flags F_SETFL may change (O_ASYNC only through the file's fasync). */
    private static final int SETFL_MASK = O_APPEND | O_DIRECT | O_NOATIME | O_NONBLOCK;

    /**
     * Each host thread's bounce buffer for read and write, grown to the largest transfer it made
     * (at most {@link #CHUNK}): a new one per call was zeroed every time (an 8 KiB read of a
     * socket, 64 KiB of a file), ~7 % of an HTTP server's thread. Taken while in use, so a nested
     * transfer on the same thread makes its own. Every handle's read and write copies
     * synchronously, on the calling thread, and keeps no reference to the array.
     */
    private static final ThreadLocal<byte[]> BOUNCE = new ThreadLocal<>();

    /** A bounce buffer of at least {@code n} bytes (n ≤ CHUNK), taken from the thread. */
    static byte[] bounce(int n) {
        byte[] b = BOUNCE.get();
        if (b == null || b.length < n) return new byte[Math.max(n, 4096)];
        BOUNCE.set(null);
        return b;
    }

    /** Gives a bounce buffer back to the thread (the larger one stays). */
    static void unbounce(byte[] b) {
        byte[] held = BOUNCE.get();
        if (held == null || held.length < b.length) BOUNCE.set(b);
    }

    /** Who signal-driven I/O signals, for this kernel. */
    private final Sigio sigio;

    FileOps(Sigio sigio) {
        this.sigio = sigio;
    }

    static long read(long fd, long buf, long count) {
        return readAt(fd, buf, count, -1);
    }

    static long write(long fd, long buf, long count) {
        return writeAt(fd, buf, count, -1);
    }

    static long pread(long fd, long buf, long count, long off) {
        return off < 0 ? Errno.EINVAL.negative() : readAt(fd, buf, count, off);
    }

    static long pwrite(long fd, long buf, long count, long off) {
        return off < 0 ? Errno.EINVAL.negative() : writeAt(fd, buf, count, off);
    }

    static long close(long fd) {
        return files().close(fd);
    }

    /** How many references hold fd's open file description: descriptors in every table (dup, fork), SCM_RIGHTS in flight. */
    static long fileRefs(long fd) {
        Handle h = files().get(fd);
        return h == null ? Errno.EBADF.negative() : files().descriptions().references(h);
    }

    /** CLOSE_ON_FORK: the descriptor's close-on-fork flag set (1), cleared (0) or only read (-1); its old value. */
    static long closeOnFork(long fd, long on) {
        if (on < -1 || on > 1) return Errno.EINVAL.negative();
        return files().closeOnFork(fd, (int) on);
    }

    static long lseek(long fd, long off, long whence) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (whence < SEEK_SET || whence > SEEK_HOLE) return Errno.EINVAL.negative();
        return h.seek(off, (int) whence);
    }

    static long dup(long fd) {
        Handle h = files().get(fd);
        return h == null ? Errno.EBADF.negative() : files().install(h, 0, false);
    }

    static long dup3(long oldfd, long newfd, long flags) {
        Handle h = files().get(oldfd);
        if ((flags & ~(long) O_CLOEXEC) != 0) return Errno.EINVAL.negative();
        if (h == null) return Errno.EBADF.negative();
        if (oldfd == newfd) return Errno.EINVAL.negative();
        if (newfd < 0 || newfd >= FileTable.MAX_FDS) return Errno.EBADF.negative();
        return files().installAt(h, (int) newfd, (flags & O_CLOEXEC) != 0);
    }

    static long fstat(long fd, long statbuf) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        return UserAccess.put(statbuf, h.stat().toBytes(Context.current().cpu().isa())) ? 0 : Errno.EFAULT.negative();
    }

    static long getdents(long fd, long buf, long count) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        int len = (int) Math.min(count, CHUNK);
        byte[] tmp = bounce(len);
        try {
            long n = h.getdents(tmp, len);
            if (n <= 0) return n;
            return UserAccess.space().write(buf, tmp, 0, (int) n) ? n : Errno.EFAULT.negative();
        } finally {
            unbounce(tmp);
        }
    }

    static long ftruncate(long fd, long len) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (len < 0) return Errno.EINVAL.negative();
        long r = h.truncate(len);
        if (r == 0) Notify.through(h, IN_MODIFY);
        return r;
    }

    /** fsync/fdatasync: EINVAL for a file without an fsync method (a pipe, a socket, a terminal, /proc), as Linux's vfs_fsync_range. */
    static long fsync(long fd) {
        Handle h = files().get(fd);
        if (h == null || (h.statusFlags() & O_PATH) != 0) return Errno.EBADF.negative();
        return h.canFsync() ? h.sync() : Errno.EINVAL.negative();
    }

    /** Terminal and descriptor ioctls; anything else goes to the handle (ENOTTY by default). */
    long ioctl(long fd, long requestArg, long arg) {
        int request = (int) requestArg;
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
                h.setStatusFlags(on != 0 ? h.statusFlags() | O_NONBLOCK : h.statusFlags() & ~O_NONBLOCK);
                return 0;
            }
            case FIONREAD -> {
                long n = h.available();
                return n < 0 ? n : putInt(arg, (int) n);
            }
            case FIOASYNC -> { // ioctl_fioasync: ENOTTY for a file without fasync
                byte[] v = UserAccess.get(arg, 4);
                if (v == null) return Errno.EFAULT.negative();
                boolean on = (v[0] | v[1] | v[2] | v[3]) != 0;
                if (on == ((h.statusFlags() & O_ASYNC) != 0)) return 0;
                return h.fasync((int) fd, on) ? 0 : Errno.ENOTTY.negative();
            }
            case FIOSETOWN, SIOCSPGRP -> { // sock_ioctl's (no other file has them): F_SETOWN with an int in memory
                if (!(h instanceof io.helctic.kernel.net.Socket)) break;
                byte[] v = UserAccess.get(arg, 4);
                if (v == null) return Errno.EFAULT.negative();
                return Fcntls.setOwn(sigio, h, (v[0] & 0xff) | (v[1] & 0xff) << 8 | (v[2] & 0xff) << 16 | v[3] << 24);
            }
            case FIOGETOWN, SIOCGPGRP -> {
                if (!(h instanceof io.helctic.kernel.net.Socket)) break;
                return putInt(arg, Fcntls.getOwn(sigio, h));
            }
            case io.helctic.abi.uapi.Socket.SIOCOUTQ -> {
                if (!(h instanceof io.helctic.kernel.net.Socket s)) break;
                long n = s.unsent();
                return n < 0 ? n : putInt(arg, (int) n);
            }
            default -> { }
        }
        if (h instanceof io.helctic.kernel.scheme.SeccompListener l) return SeccompOps.listenerIoctl(l, request, arg);
        if (request == TCGETS || request == TCSETS || request == TCSETSW
                || request == TCSETSF || request == TIOCGWINSZ || request == TIOCSWINSZ
                || request == TIOCGPGRP || request == TIOCSPGRP || request == TIOCSCTTY || request == TIOCNOTTY) {
            if (t == null) return Errno.ENOTTY.negative();
            switch (request) {
                case TCGETS -> {
                    byte[] termios = HostTty.getAttr(t.hostFd());
                    if (termios == null) return Errno.EIO.negative();
                    return UserAccess.put(arg, termios) ? 0 : Errno.EFAULT.negative();
                }
                case TIOCGWINSZ -> {
                    byte[] ws = HostTty.windowSize(t.hostFd());
                    if (ws == null) return Errno.EIO.negative();
                    return UserAccess.put(arg, ws) ? 0 : Errno.EFAULT.negative();
                }
                case TIOCSWINSZ -> {
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
                    return HostTty.setAttr(t.hostFd(), request - TCSETS, termios) ? 0 : Errno.EIO.negative();
                }
            }
        }
        return h.ioctl(request, arg);
    }

    private static long putInt(long addr, int v) {
        return UserAccess.put(addr, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)})
                ? 0 : Errno.EFAULT.negative();
    }

    static long pipe2(long fds, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flagsArg & ~(long) (O_CLOEXEC | O_NONBLOCK | O_DIRECT)) != 0) return Errno.EINVAL.negative();
        Handle[] ends = io.helctic.kernel.scheme.Pipe.create(flags);
        boolean cloexec = (flags & O_CLOEXEC) != 0;
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

    static long sendfile(long outFd, long inFd, long offPtr, long count) {
        Handle out = files().get(outFd), in = files().get(inFd);
        if (out == null || in == null) return Errno.EBADF.negative();
        if ((in.statusFlags() & O_ACCMODE) == O_WRONLY || (out.statusFlags() & O_ACCMODE) == O_RDONLY) {
            return Errno.EBADF.negative();
        }
        if (count < 0) return Errno.EINVAL.negative();
        long pos = -1;
        if (offPtr != 0) {
            long[] p = UserAccess.getLongs(offPtr, 1);
            if (p == null) return Errno.EFAULT.negative();
            if (p[0] < 0) return Errno.EINVAL.negative();
            pos = p[0];
        }
        long total = Math.min(count, MAX_RW), done = 0;
        byte[] tmp = bounce((int) Math.min(Math.max(total, 1), CHUNK));
        try {
            while (done < total && !Context.current().finished()) { // a fatal signal ends a long copy
                int want = (int) Math.min(total - done, tmp.length);
                long got = pos < 0 ? in.read(tmp, 0, want) : in.pread(tmp, 0, want, pos + done);
                if (got < 0) return done > 0 ? done : got;
                if (got == 0) break;
                long put = out.write(tmp, 0, (int) got);
                if (put < 0) return done > 0 ? done : epipe(put);
                done += put;
                if (put < got) break;
            }
        } finally {
            unbounce(tmp);
        }
        if (offPtr != 0 && !UserAccess.putLongs(offPtr, pos + done)) return Errno.EFAULT.negative();
        return done;
    }

    private static FileTable files() {
        return Context.current().files();
    }

    private static long readAt(long fd, long buf, long count, long position) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if ((h.statusFlags() & O_ACCMODE) == O_WRONLY) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        long total = Math.min(count, MAX_RW);
        byte[] tmp = bounce((int) Math.min(total, CHUNK));
        try {
            return readInto(h, tmp, buf, total, position);
        } finally {
            unbounce(tmp);
        }
    }

    private static long readInto(Handle h, byte[] tmp, long buf, long total, long position) {
        long done = 0;
        // one chunk, unless the file's reads fill the buffer as Linux's do (a regular file, a memory
        // device): then on until the count, the end or a short read
        boolean fill = h.readsFill();
        do {
            int n = (int) Math.min(total - done, tmp.length);
            long got = position < 0 ? h.read(tmp, 0, n) : h.pread(tmp, 0, n, position + done);
            if (got < 0) return done > 0 ? done : got;
            if (got == 0) break;
            if (!UserAccess.space().write(buf + done, tmp, 0, (int) got)) return done > 0 ? done : Errno.EFAULT.negative();
            done += got;
            if (got < n) break;
        } while (fill && done < total && !Context.current().finished());
        if (done > 0) Notify.through(h, IN_ACCESS);
        return done;
    }

    /** EPIPE from a write also raises SIGPIPE for the writer (whose default action ends it: status 141). */
    static long epipe(long result) {
        if (result == Errno.EPIPE.negative()) {
            Context ctx = Context.current();
            Delivery.send(ctx.process(), ctx, Signal.SIGPIPE, null);
        }
        return result;
    }

    private static long writeAt(long fd, long buf, long count, long position) {
        return epipe(writeOnce(fd, buf, count, position));
    }

    private static long writeOnce(long fd, long buf, long count, long position) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if ((h.statusFlags() & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
        if (count < 0) return Errno.EINVAL.negative();
        long total = Math.min(count, MAX_RW);
        byte[] tmp = bounce((int) Math.min(total, CHUNK));
        try {
            return writeFrom(h, tmp, buf, total, position);
        } finally {
            unbounce(tmp);
        }
    }

    private static long writeFrom(Handle h, byte[] tmp, long buf, long total, long position) {
        long done = 0;
        while (done < total && !Context.current().finished()) { // a fatal signal ends a long write
            int n = (int) Math.min(total - done, tmp.length);
            if (!UserAccess.space().read(buf + done, tmp, 0, n)) {
                return done > 0 ? done : Errno.EFAULT.negative();
            }
            long put = position < 0 ? h.write(tmp, 0, n) : h.pwrite(tmp, 0, n, position + done);
            if (put < 0) return done > 0 ? done : put;
            done += put;
            if (put < n) break;
        }
        if (done > 0) Notify.through(h, IN_MODIFY);
        return done;
    }

    long fcntl(long fd, long cmdArg, long arg) {
        int cmd = (int) cmdArg;
        FileTable t = files();
        Handle h = t.get(fd);
        if (h == null) return Errno.EBADF.negative();
        if ((h.statusFlags() & O_PATH) != 0 && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_DUPFD_QUERY
                && cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL && cmd != F_CREATED_QUERY) {
            return Errno.EBADF.negative(); // check_fcntl_cmd
        }
        return switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> arg < 0 || arg >= FileTable.MAX_FDS
                    ? Errno.EINVAL.negative() : t.install(h, (int) arg, cmd == F_DUPFD_CLOEXEC);
            case F_GETFD -> t.closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                t.setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> h.statusFlags();
            case F_GET_SEALS -> h.seals();
            case F_ADD_SEALS -> h.seals() < 0 ? h.seals()
                    : (h.statusFlags() & O_ACCMODE) == O_RDONLY ? Errno.EPERM.negative() : h.addSeals((int) arg);
            case F_SETFL -> {
                // setfl: O_NOATIME only for the owner (or CAP_FOWNER), O_DIRECT only where direct I/O
                // exists (a regular file; a pipe takes it as packet mode), the file's fasync decides O_ASYNC
                int now = h.statusFlags();
                Handle.Stat st = h.stat();
                if ((arg & O_NOATIME) != 0 && (now & O_NOATIME) == 0) {
                    io.helctic.kernel.context.Credentials c = Context.current().process().credentials();
                    if (st == null || st.uid() != c.fsuid() && !c.capable(io.helctic.abi.uapi.Proc.CAP_FOWNER)) {
                        yield Errno.EPERM.negative();
                    }
                }
                if ((arg & O_DIRECT) != 0 && (st == null || st.type() != Handle.S_IFIFO && st.type() != Handle.S_IFREG)) {
                    yield Errno.EINVAL.negative();
                }
                if (((arg ^ now) & O_ASYNC) != 0) h.fasync((int) fd, (arg & O_ASYNC) != 0); // it sets the flag itself
                h.setStatusFlags((h.statusFlags() & ~SETFL_MASK) | ((int) arg & SETFL_MASK));
                yield 0;
            }
            case F_GETLK, F_OFD_GETLK, F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW -> recordLock(t, h, cmd, arg);
            default -> Fcntls.other(sigio, t, h, (int) fd, cmd, arg);
        };
    }

    /**
     * The record-lock commands on a struct flock {short l_type, l_whence; off_t l_start, l_len;
     * pid_t l_pid}: process-owned (F_GETLK/F_SETLK/F_SETLKW) or owned by the open file
     * description (F_OFD_*, whose l_pid must be 0).
     */
    private static long recordLock(FileTable t, Handle h, int cmd, long arg) {
        byte[] fl = UserAccess.get(arg, 32);
        if (fl == null) return Errno.EFAULT.negative();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fl).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(0), whence = b.getShort(2);
        long start = b.getLong(8), len = b.getLong(16);
        boolean ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) return Errno.EINVAL.negative();
        if (ofd && b.getInt(24) != 0) return Errno.EINVAL.negative();
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> Math.max(0, h.seek(0, SEEK_CUR)); // a pipe's position is 0, as Linux's f_pos
            case SEEK_END -> {
                Handle.Stat st = h.stat();
                yield st == null ? Errno.EINVAL.negative() : st.size();
            }
            default -> Errno.EINVAL.negative();
        };
        if (base < 0) return base;
        long from = base + start, to;
        if (len > 0) {
            to = from + len - 1 < from ? Long.MAX_VALUE : from + len - 1;
        } else if (len == 0) {
            to = Long.MAX_VALUE;
        } else {
            to = from - 1;
            from = from + len;
        }
        if (from < 0) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        Object owner = ofd ? h : t;
        FileLocks locks = t.locks();
        if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
            if (type == F_UNLCK) return Errno.EINVAL.negative();
            FileLocks.Range c = locks.conflict(h, owner, type == F_WRLCK, from, to);
            if (c == null) {
                b.putShort(0, (short) F_UNLCK);
            } else {
                b.putShort(0, (short) (c.write() ? F_WRLCK : F_RDLCK)).putShort(2, (short) SEEK_SET);
                b.putLong(8, c.start()).putLong(16, c.end() == Long.MAX_VALUE ? 0 : c.end() - c.start() + 1);
                b.putInt(24, c.pid());
            }
            return UserAccess.put(arg, fl) ? 0 : Errno.EFAULT.negative();
        }
        int acc = h.statusFlags() & O_ACCMODE;
        if ((type == F_RDLCK && acc == O_WRONLY) || (type == F_WRLCK && acc == O_RDONLY)) return Errno.EBADF.negative();
        boolean wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
        return locks.lock(h, owner, ofd ? -1 : ctx.pid(), type == F_UNLCK ? -1 : type == F_WRLCK ? 1 : 0, from, to, wait,
                !ofd);
    }

    /** flock: LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB not to wait; the lock belongs to the open file description. */
    static long flock(long fd, long operation) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        int op = (int) operation & ~LOCK_NB;
        int type = switch (op) {
            case LOCK_SH -> 0;
            case LOCK_EX -> 1;
            case LOCK_UN -> -1;
            default -> -2;
        };
        if (type == -2 || operation != (int) operation) return Errno.EINVAL.negative();
        return files().locks().flock(h, h, type, (operation & LOCK_NB) == 0);
    }

    /**
     * close_range: closes (or with CLOSE_RANGE_CLOEXEC marks close-on-exec) every open
     * descriptor in [first, last]. CLOSE_RANGE_UNSHARE is accepted; the table is the process's,
     * shared by its threads, so they see the closes too.
     */
    static long closeRange(long first, long last, long flags) {
        if ((flags & ~(long) (io.helctic.abi.uapi.Fs.CLOSE_RANGE_UNSHARE | io.helctic.abi.uapi.Fs.CLOSE_RANGE_CLOEXEC)) != 0) {
            return Errno.EINVAL.negative();
        }
        long lo = first & 0xffffffffL, hi = last & 0xffffffffL;
        if (lo > hi) return Errno.EINVAL.negative();
        FileTable t = files();
        for (long fd = lo; fd <= Math.min(hi, FileTable.MAX_FDS - 1); fd++) {
            if (t.get(fd) == null) continue;
            if ((flags & io.helctic.abi.uapi.Fs.CLOSE_RANGE_CLOEXEC) != 0) t.setCloseOnExec(fd, true);
            else t.close(fd);
        }
        return 0;
    }

    /** FALLOC_FL_MODE_MASK: the exclusive modes (allocate is none of the bits). */
    private static final int FALLOC_MODES = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE
            | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | 0x80; // 0x80: FALLOC_FL_WRITE_ZEROES (6.17)

    /**
     * fallocate as Linux's vfs_fallocate: the range, then the mode's form (one mode; PUNCH_HOLE
     * only with KEEP_SIZE, COLLAPSE/INSERT/WRITE_ZEROES never with it: EOPNOTSUPP), write access,
     * ESPIPE for a pipe, EISDIR, ENODEV for anything not a regular file, EFBIG past the largest
     * size; then the file's own: a host file the host's fallocate, a memfd tmpfs's.
     */
    static long fallocate(long fd, long modeArg, long offset, long len) {
        Handle h = files().get(fd);
        if (h == null || (h.statusFlags() & O_PATH) != 0) return Errno.EBADF.negative();
        int mode = (int) modeArg;
        if (offset < 0 || len <= 0) return Errno.EINVAL.negative();
        if ((modeArg & ~(long) (FALLOC_MODES | FALLOC_FL_KEEP_SIZE)) != 0) return Errno.EOPNOTSUPP.negative();
        boolean keep = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        switch (mode & FALLOC_MODES) {
            case 0, FALLOC_FL_UNSHARE_RANGE, FALLOC_FL_ZERO_RANGE -> { }
            case FALLOC_FL_PUNCH_HOLE -> {
                if (!keep) return Errno.EOPNOTSUPP.negative();
            }
            case FALLOC_FL_COLLAPSE_RANGE, FALLOC_FL_INSERT_RANGE, 0x80 -> {
                if (keep) return Errno.EOPNOTSUPP.negative();
            }
            default -> {
                return Errno.EOPNOTSUPP.negative();
            }
        }
        if ((h.statusFlags() & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
        Handle.Stat st = h.stat();
        int type = st == null ? 0 : st.type();
        if (type == Handle.S_IFIFO) return Errno.ESPIPE.negative();
        if (type == Handle.S_IFDIR) return Errno.EISDIR.negative();
        if (type != Handle.S_IFREG && type != Handle.S_IFBLK) return Errno.ENODEV.negative();
        if (offset + len < 0) return Errno.EFBIG.negative();
        return h.allocate(mode, offset, len);
    }

    /**
     * fadvise64 as Linux's generic_fadvise (EBADF; ESPIPE for a pipe or FIFO; EINVAL for a negative
     * length or unknown advice), or readahead (EBADF unless open for reading; EINVAL unless a
     * regular file; then POSIX_FADV_WILLNEED). A host file takes the advice on its host descriptor.
     */
    static long fadvise(long fd, long offset, long len, long advice, long readahead) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        Handle.Stat st = h.stat();
        if (readahead != 0) {
            int fl = h.statusFlags();
            if ((fl & O_PATH) != 0 || (fl & O_ACCMODE) == O_WRONLY) return Errno.EBADF.negative();
            if (st == null || st.type() != Handle.S_IFREG) return Errno.EINVAL.negative();
            advice = POSIX_FADV_WILLNEED;
        } else if ((h.statusFlags() & O_PATH) != 0) {
            return Errno.EBADF.negative();
        }
        if (st != null && st.type() == Handle.S_IFIFO) return Errno.ESPIPE.negative();
        if (len < 0 || advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE) return Errno.EINVAL.negative();
        return h.advise((int) advice, offset, len);
    }

    /**
     * sync_file_range as Linux's: EBADF, EINVAL for unknown flags or a range that is negative or
     * overflows, ESPIPE unless a regular file, directory or link; a host file's range is written
     * back by the host's own call.
     */
    static long syncFileRange(long fd, long offset, long nbytes, long flags) {
        Handle h = files().get(fd);
        if (h == null || (h.statusFlags() & O_PATH) != 0) return Errno.EBADF.negative();
        if ((flags & ~(long) (SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER)) != 0) {
            return Errno.EINVAL.negative();
        }
        long end = offset + nbytes;
        if (offset < 0 || end < 0 || end < offset) return Errno.EINVAL.negative();
        Handle.Stat st = h.stat();
        int type = st == null ? 0 : st.type();
        if (type != Handle.S_IFREG && type != Handle.S_IFDIR && type != Handle.S_IFLNK && type != Handle.S_IFBLK) {
            return Errno.ESPIPE.negative();
        }
        return h.syncRange(offset, nbytes, (int) flags);
    }

    /** syncfs (fd): the filesystem holding fd is written back; fd -1 is sync(2): every filesystem. */
    static long syncfs(long fd) {
        if (fd == -1) {
            long images = io.helctic.kernel.scheme.BtrfsScheme.syncAll();
            long host = io.helctic.kernel.scheme.HostFs.available() ? Math.min(0, io.helctic.kernel.scheme.HostFs.syncAll()) : 0;
            return Math.min(images, host);
        }
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        return h.syncFilesystem();
    }
}
