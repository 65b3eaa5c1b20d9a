package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.Notify.Inode;
import io.helctic.kernel.vfs.SharedFd;
import io.helctic.kernel.vfs.Result;
import java.lang.foreign.MemorySegment;

/**
 * An open host file (regular file or FIFO) of the file: scheme: a host descriptor of the inode it
 * was opened on. A regular file knows its identity, so that reads and writes stay coherent with
 * the {@link PageCache}'s shared mappings of it: a read first writes back what mappings changed,
 * a write updates the cached pages it covers. fstat describes the open file, wherever it has
 * been renamed and whether or not it is still linked.
 */
final class HostFileHandle implements Handle {
    private final FileScheme scheme;
    /** The host descriptor: each call holds it, so a close on another thread waits for the call. */
    private final SharedFd fd;
    private final String rel;
    private final String guestPath;
    private volatile int flags;
    private final PageCache cache;
    private final Inode key;

    /** {@code key} is null for what cannot be mapped shared (FIFOs). */
    HostFileHandle(FileScheme scheme, int fd, String rel, String guestPath, int flags, PageCache cache,
                   Inode key) {
        this.scheme = scheme;
        this.fd = new SharedFd(fd, HostFs::close); // close errors are not reported (as Linux for most filesystems)
        this.rel = rel;
        this.guestPath = guestPath;
        this.flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_CLOEXEC);
        this.cache = cache;
        this.key = key;
    }

    /** Writes back what shared mappings of this file changed, before the file is read. */
    private void flushMappings() {
        SharedPages p = cache.find(key);
        if (p != null) p.flush();
    }

    /** The cached pages of this file take bytes just written at pos. */
    private void updateMappings(long pos, byte[] buf, int off, long n) {
        if (n <= 0) return;
        SharedPages p = cache.find(key);
        if (p != null) p.written(pos, buf, off, (int) n);
    }

    @Override
    public String path() { return guestPath; }

    /** A host regular file: reads fill the buffer. */
    @Override
    public boolean readsFill() { return true; }

    /** The open file itself (name ""), for the f* calls: chmod, chown, utimens, xattrs act on this inode. */
    @Override
    public Dir dir() { return new Dir(scheme, rel, fd); }

    /** A call on the host descriptor, holding it; EBADF when the file was closed on another thread meanwhile. */
    private long call(java.util.function.IntToLongFunction c) {
        return fd.call(c);
    }

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
        flushMappings();
        return call(d -> HostFs.read(d, buf, off, len, -1));
    }

    @Override
    public synchronized long write(byte[] buf, int off, int len) {
        return call(d -> {
            if ((flags & O_APPEND) != 0) HostFs.lseek(d, 0, 2);
            long pos = HostFs.lseek(d, 0, 1);
            long n = writeFully(d, buf, off, len, -1);
            updateMappings(pos, buf, off, n);
            return n;
        });
    }

    /** Writes all of it, or as much as the host takes; -errno when nothing could be written. */
    private static long writeFully(int fd, byte[] buf, int off, int len, long at) {
        long done = 0;
        while (done < len) {
            long n = HostFs.write(fd, buf, off + (int) done, len - (int) done, at < 0 ? -1 : at + done);
            if (n < 0) return done > 0 ? done : n;
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    @Override
    public long pread(byte[] buf, int off, int len, long position) {
        flushMappings();
        return call(d -> HostFs.read(d, buf, off, len, position));
    }

    @Override
    public long pwrite(byte[] buf, int off, int len, long position) {
        return call(d -> {
            long n = writeFully(d, buf, off, len, position);
            updateMappings(position, buf, off, n);
            return n;
        });
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        return call(d -> HostFs.lseek(d, offset, whence));
    }

    @Override
    public Stat stat() {
        Result<Stat> s = hostStat();
        return s.failed() ? new Stat(0, 0, 1, S_IFREG | 0600, 0, 0, 0, 0, 4096, 0, 0, 0, 0) : s.value();
    }

    @Override
    public byte[] hostStatx(int mask, int syncFlags) {
        return HostFs.statx(fd, syncFlags, mask);
    }

    private Result<Stat> hostStat() {
        if (!fd.acquire()) return Result.err(Errno.EBADF);
        try {
            return HostFs.lstat(fd.fd(), new byte[0]);
        } finally {
            fd.release();
        }
    }

    private long size() {
        Result<Stat> s = hostStat();
        return s.failed() ? 0 : s.value().size();
    }

    @Override
    public synchronized long available() {
        long pos = call(d -> HostFs.lseek(d, 0, 1));
        return pos < 0 ? pos : Math.max(0, size() - pos);
    }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int f) { flags = f; }

    @Override
    public long truncate(long length) {
        if ((flags & O_ACCMODE) == O_RDONLY) return Errno.EINVAL.negative();
        return call(d -> resize(d, length, cache.find(key)));
    }

    /**
     * truncate/ftruncate of a file whose shared mappings ({@code cached}, or null) stay coherent:
     * what they changed reaches the file first, and afterwards they see zeros past the new end.
     */
    static long resize(int fd, long length, SharedPages cached) {
        if (length < 0) return Errno.EINVAL.negative();
        if (cached != null) cached.flush();
        long r = HostFs.ftruncate(fd, length);
        if (r == 0 && cached != null) cached.truncated(length);
        return r;
    }

    private MemorySegment mapped;

    @Override
    public synchronized MemorySegment mapping() {
        flushMappings();
        long size = size();
        if (mapped == null || mapped.byteSize() != size) {
            // A fresh read-only mapping of the current length, unmapped when collected.
            if (!fd.acquire()) return null;
            try {
                mapped = HostFs.map(fd.fd(), size);
            } finally {
                fd.release();
            }
        }
        return mapped;
    }

    @Override
    public long sync() {
        return call(HostFs::fsync);
    }

    /** The host's own fadvise64 on the host descriptor (after the kernel's mapped pages are written to it). */
    @Override
    public long advise(int advice, long offset, long length) {
        flushMappings();
        return call(d -> HostFs.fadvise(d, offset, length, advice));
    }

    /** The host's own sync_file_range on the host descriptor, after the kernel's mapped pages reach it. */
    @Override
    public long syncRange(long offset, long nbytes, int flags) {
        flushMappings();
        return call(d -> HostFs.syncFileRange(d, offset, nbytes, flags));
    }

    @Override
    public long syncFilesystem() {
        return call(HostFs::syncfs);
    }

    @Override
    public long allocate(int mode, long offset, long length) {
        if ((flags & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
        SharedPages cached = key == null ? null : cache.find(key);
        if (cached != null) cached.flush();
        long r = call(d -> HostFs.fallocate(d, mode, offset, length));
        if (r == 0 && cached != null) cached.truncated(size()); // a size it grew to shows in the mappings
        return r;
    }

    @Override
    public SharedPages sharedPages() {
        return key == null ? null : cache.pagesFor(key, this::backing, guestPath);
    }

    /** This file as the backing of its page cache; it keeps the descriptor open until released. */
    private SharedPages.Backing backing() {
        if (!fd.acquire()) throw new IllegalStateException("a closed file cannot back a mapping");
        boolean writable = (flags & O_ACCMODE) == O_RDWR;
        return new SharedPages.Backing() {
            @Override
            public long size() {
                return HostFileHandle.this.size();
            }

            @Override
            public void read(long pos, byte[] dst, int len) {
                // what cannot be read stays zero, as a page past a short read would
                for (int done = 0; done < len; ) {
                    long n = HostFs.read(fd.fd(), dst, done, len - done, pos + done);
                    if (n <= 0) break;
                    done += (int) n;
                }
            }

            @Override
            public boolean write(long pos, byte[] src, int len) {
                return writeFully(fd.fd(), src, 0, len, pos) == len;
            }

            @Override
            public boolean writable() { return writable; }

            @Override
            public void release() { fd.release(); }
        };
    }

    @Override
    public void close() {
        fd.release();
    }
}
