package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_RDONLY;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Fs.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.Pipe;

/**
 * Moving data in more than one piece or between files: readv/writev and their positioned forms
 * (preadv, pwritev, preadv2, pwritev2), copy_file_range and splice. A vector transfer is one
 * transfer on the file (so a writev of a pipe message or of an O_APPEND file is atomic, as
 * Linux's), made of up to 1 MiB at a time.
 */
final class TransferOps {
    private TransferOps() {}

    private static final int VECTOR_CHUNK = 1 << 20;
    private static final int RWF_KNOWN = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND;

    static long readv(long fd, long iov, long iovcnt, long offset, long flags) {
        return vector(fd, iov, iovcnt, offset, flags, false);
    }

    static long writev(long fd, long iov, long iovcnt, long offset, long flags) {
        return FileOps.epipe(vector(fd, iov, iovcnt, offset, flags, true));
    }

    /** The iovec array {base, length, ...}, or null (EFAULT); lengths are checked by the caller. */
    private static long vector(long fd, long iov, long iovcnt, long offset, long flags, boolean write) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        int acc = h.statusFlags() & O_ACCMODE;
        if (write ? acc == O_RDONLY : acc == O_WRONLY) return Errno.EBADF.negative();
        if (iovcnt < 0 || iovcnt > UIO_MAXIOV) return Errno.EINVAL.negative();
        if ((flags & ~(long) RWF_KNOWN) != 0) return Errno.EOPNOTSUPP.negative();
        if (offset < -1) return Errno.EINVAL.negative();
        int n = (int) iovcnt;
        if (n == 0) return 0;
        long[] v = UserAccess.getLongs(iov, 2 * n);
        if (v == null) return Errno.EFAULT.negative();
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (v[2 * i + 1] < 0) return Errno.EINVAL.negative();
            total += v[2 * i + 1];
            if (total < 0) return Errno.EINVAL.negative();
        }
        total = Math.min(total, FileOps.MAX_RW);
        // RWF_APPEND: this write goes to the end, whatever the offset (Linux ignores the position then).
        boolean append = write && (flags & RWF_APPEND) != 0;
        return transfer(h, v, n, total, append ? -1 : offset, append, write);
    }

    /**
     * One transfer of {@code total} bytes between h and the n user segments {base, length} of v:
     * at {@code pos}, or through the file's position when pos is -1 ({@code append}: at the end
     * of a regular file). The bytes moved, or -errno when none moved.
     */
    static long transfer(Handle h, long[] v, int n, long total, long pos, boolean append, boolean write) {
        long done = 0;
        int seg = 0;
        long segOff = 0;
        while (done < total) {
            int want = (int) Math.min(total - done, VECTOR_CHUNK);
            byte[] buf = new byte[want];
            long r;
            if (write) {
                int filled = 0;
                int s = seg;
                long so = segOff;
                while (filled < want) {
                    int take = (int) Math.min(want - filled, v[2 * s + 1] - so);
                    if (take > 0 && !UserAccess.space().read(v[2 * s] + so, buf, filled, take)) {
                        return done > 0 ? done : Errno.EFAULT.negative();
                    }
                    filled += take;
                    so += take;
                    if (so == v[2 * s + 1]) {
                        s++;
                        so = 0;
                    }
                }
                r = pos < 0 ? (append ? appendTo(h, buf) : h.write(buf, 0, want)) : h.pwrite(buf, 0, want, pos + done);
            } else {
                r = pos < 0 ? h.read(buf, 0, want) : h.pread(buf, 0, want, pos + done);
            }
            if (r < 0) return done > 0 ? done : r;
            if (!write) { // scatter what came
                int given = 0;
                while (given < r) {
                    int put = (int) Math.min(r - given, v[2 * seg + 1] - segOff);
                    if (put > 0 && !UserAccess.space().write(v[2 * seg] + segOff, buf, given, put)) {
                        return done + given > 0 ? done + given : Errno.EFAULT.negative();
                    }
                    given += put;
                    segOff += put;
                    if (segOff == v[2 * seg + 1] && seg + 1 < n) {
                        seg++;
                        segOff = 0;
                    }
                }
            } else { // move the cursor past what went
                long moved = r;
                while (moved > 0) {
                    long step = Math.min(moved, v[2 * seg + 1] - segOff);
                    moved -= step;
                    segOff += step;
                    if (segOff == v[2 * seg + 1] && seg + 1 < n) {
                        seg++;
                        segOff = 0;
                    }
                }
            }
            done += r;
            if (r < want) break;
        }
        if (done > 0) io.helctic.kernel.vfs.Notify.through(h, write ? io.helctic.abi.uapi.Event.IN_MODIFY
                : io.helctic.abi.uapi.Event.IN_ACCESS);
        return done;
    }

    /** A write at the end of the file (pwritev2 with RWF_APPEND). */
    private static long appendTo(Handle h, byte[] buf) {
        Handle.Stat st = h.stat();
        if (st == null || st.type() != Handle.S_IFREG) return h.write(buf, 0, buf.length);
        return h.pwrite(buf, 0, buf.length, st.size());
    }

    /**
     * copy_file_range: copies between two regular files, at the given offsets (each pointer NULL:
     * the file's position, which then moves) — EXDEV never, EINVAL for non-regular files or flags,
     * EBADF for the wrong access mode, EINVAL for overlapping ranges of one file.
     */
    static long copyFileRange(long fdIn, long offIn, long fdOut, long offOut, long len, long flags) {
        Handle in = Context.current().files().get(fdIn), out = Context.current().files().get(fdOut);
        if (in == null || out == null) return Errno.EBADF.negative();
        if (flags != 0) return Errno.EINVAL.negative();
        if ((in.statusFlags() & O_ACCMODE) == O_WRONLY || (out.statusFlags() & O_ACCMODE) == O_RDONLY
                || (out.statusFlags() & io.helctic.abi.uapi.Fcntl.O_APPEND) != 0) {
            return Errno.EBADF.negative();
        }
        Handle.Stat si = in.stat(), so = out.stat();
        if (si == null || so == null) return Errno.EINVAL.negative();
        if (si.isDirectory() || so.isDirectory()) return Errno.EISDIR.negative();
        if (si.type() != Handle.S_IFREG || so.type() != Handle.S_IFREG) return Errno.EINVAL.negative();
        long[] pi = offIn == 0 ? null : UserAccess.getLongs(offIn, 1), po = offOut == 0 ? null : UserAccess.getLongs(offOut, 1);
        if ((offIn != 0 && pi == null) || (offOut != 0 && po == null)) return Errno.EFAULT.negative();
        long from = pi != null ? pi[0] : in.seek(0, SEEK_CUR), to = po != null ? po[0] : out.seek(0, SEEK_CUR);
        if (from < 0 || to < 0) return Errno.EINVAL.negative();
        if (si.dev() == so.dev() && si.ino() == so.ino() && from < to + len && to < from + len) {
            return Errno.EINVAL.negative();
        }
        long n = copy(in, out, from, to, Math.min(len, FileOps.MAX_RW));
        if (n <= 0) return n;
        if (pi != null) { if (!UserAccess.putLongs(offIn, from + n)) return Errno.EFAULT.negative(); }
        else in.seek(from + n, SEEK_SET);
        if (po != null) { if (!UserAccess.putLongs(offOut, to + n)) return Errno.EFAULT.negative(); }
        else out.seek(to + n, SEEK_SET);
        return n;
    }

    /** Copies up to len bytes from in at {@code from} (-1: its position) to out at {@code to} (-1: its position). */
    private static long copy(Handle in, Handle out, long from, long to, long len) {
        long done = 0;
        byte[] buf = FileOps.bounce((int) Math.min(Math.max(len, 1), 64 * 1024));
        try {
            while (done < len && !Context.current().finished()) {
                int want = (int) Math.min(len - done, buf.length); // (a bounce buffer: at most 64 KiB)
                long got = from < 0 ? in.read(buf, 0, want) : in.pread(buf, 0, want, from + done);
                if (got < 0) return done > 0 ? done : got;
                if (got == 0) break;
                long put = to < 0 ? out.write(buf, 0, (int) got) : out.pwrite(buf, 0, (int) got, to + done);
                if (put < 0) return done > 0 ? done : FileOps.epipe(put);
                done += put;
                if (put < got || from < 0) break; // a pipe gives what it has: one piece
            }
        } finally {
            FileOps.unbounce(buf);
        }
        return done;
    }

    /**
     * splice: moves up to len bytes between a pipe and another file (or two pipes), as a copy.
     * The pipe's side takes no offset (ESPIPE); the other's offset pointer, when given, is used
     * and advanced instead of its position.
     */
    static long splice(long fdIn, long offIn, long fdOut, long offOut, long len, long flags) {
        Handle in = Context.current().files().get(fdIn), out = Context.current().files().get(fdOut);
        if (in == null || out == null) return Errno.EBADF.negative();
        if ((flags & ~(long) (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)) != 0) {
            return Errno.EINVAL.negative();
        }
        if ((in.statusFlags() & O_ACCMODE) == O_WRONLY || (out.statusFlags() & O_ACCMODE) == O_RDONLY) {
            return Errno.EBADF.negative();
        }
        boolean inPipe = in instanceof Pipe.End, outPipe = out instanceof Pipe.End;
        if (!inPipe && !outPipe) return Errno.EINVAL.negative();
        if ((inPipe && offIn != 0) || (outPipe && offOut != 0)) return Errno.ESPIPE.negative();
        if (in == out) return Errno.EINVAL.negative();
        long[] pi = offIn == 0 ? null : UserAccess.getLongs(offIn, 1), po = offOut == 0 ? null : UserAccess.getLongs(offOut, 1);
        if ((offIn != 0 && pi == null) || (offOut != 0 && po == null)) return Errno.EFAULT.negative();
        if ((pi != null && pi[0] < 0) || (po != null && po[0] < 0)) return Errno.EINVAL.negative();
        if (len == 0) return 0;
        long n = copy(in, out, pi != null ? pi[0] : -1, po != null ? po[0] : -1, Math.min(len, FileOps.MAX_RW));
        if (n > 0 && pi != null && !UserAccess.putLongs(offIn, pi[0] + n)) return Errno.EFAULT.negative();
        if (n > 0 && po != null && !UserAccess.putLongs(offOut, po[0] + n)) return Errno.EFAULT.negative();
        return n;
    }

    /** tee: duplicates up to len bytes from one pipe into another without consuming them (EINVAL unless both are pipes). */
    static long tee(long fdIn, long fdOut, long len, long flags) {
        Handle in = Context.current().files().get(fdIn), out = Context.current().files().get(fdOut);
        if (in == null || out == null) return Errno.EBADF.negative();
        if ((flags & ~(long) (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)) != 0) {
            return Errno.EINVAL.negative();
        }
        if (!(in instanceof Pipe.End a) || !(out instanceof Pipe.End b)) return Errno.EINVAL.negative();
        if (len == 0) return 0;
        return a.teeInto(b, (int) Math.min(len, Integer.MAX_VALUE), (flags & SPLICE_F_NONBLOCK) != 0);
    }
}
