package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.Result;
import io.helctic.kernel.vfs.SharedFd;

/**
 * An open host directory: a host descriptor of the directory it was opened on, so getdents64
 * lists that directory wherever it has been moved since, in the host's own order (tools that
 * print in directory order match native runs); the records are the host's, which are the
 * guest's layout. At the guest root, ".." is the root itself, as in a chroot. It is also where a
 * dirfd-relative walk starts ({@link #dir}).
 */
final class HostDirHandle implements Handle {
    private final FileScheme scheme;
    /** The host descriptor: each call holds it, so a close on another thread waits for the call. */
    private final SharedFd fd;
    private final String rel;
    private final String guestPath;
    private volatile int flags;
    /** The root's inode when this is the guest root (its ".." is patched to it), else 0. */
    private final long rootIno;

    HostDirHandle(FileScheme scheme, int fd, String rel, String guestPath, int flags, long rootIno) {
        this.scheme = scheme;
        this.fd = new SharedFd(fd, HostFs::close);
        this.rel = rel;
        this.guestPath = guestPath;
        this.flags = flags & (O_ACCMODE | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW);
        this.rootIno = rootIno;
    }

    @Override
    public String path() { return guestPath; }

    @Override
    public Dir dir() { return new Dir(scheme, rel, fd); }

    @Override
    public long read(byte[] buf, int off, int len) { return Errno.EISDIR.negative(); }

    @Override
    public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }

    @Override
    public synchronized long seek(long offset, int whence) {
        return fd.call(d -> HostFs.lseek(d, offset, whence));
    }

    @Override
    public synchronized long getdents(byte[] buf, int len) {
        long n = fd.call(d -> HostFs.getdents64(d, buf, len));
        if (n <= 0) return n;
        if (rootIno != 0) patchDotDot(buf, (int) n);
        return n;
    }

    /** At the guest root, the ".." record names the root itself. */
    private void patchDotDot(byte[] b, int n) {
        for (int at = 0; at + 19 < n; ) {
            int reclen = (b[at + 16] & 0xff) | (b[at + 17] & 0xff) << 8;
            if (reclen <= 0) break;
            if (b[at + 19] == '.' && b[at + 20] == '.' && b[at + 21] == 0) {
                for (int i = 0; i < 8; i++) b[at + i] = (byte) (rootIno >>> (8 * i));
            }
            at += reclen;
        }
    }

    @Override
    public byte[] hostStatx(int mask, int syncFlags) {
        return HostFs.statx(fd, syncFlags, mask);
    }

    @Override
    public Stat stat() {
        Result<Stat> s;
        if (!fd.acquire()) return new Stat(0, 0, 2, S_IFDIR | 0755, 0, 0, 0, 4096, 4096, 8, 0, 0, 0);
        try {
            s = HostFs.lstat(fd.fd(), new byte[0]);
        } finally {
            fd.release();
        }
        return s.failed() ? new Stat(0, 0, 2, S_IFDIR | 0755, 0, 0, 0, 4096, 4096, 8, 0, 0, 0) : s.value();
    }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int f) { flags = (flags & O_ACCMODE) | (f & ~O_ACCMODE); }

    @Override
    public long sync() {
        return fd.call(HostFs::fsync);
    }

    @Override
    public void close() {
        fd.release();
    }
}
