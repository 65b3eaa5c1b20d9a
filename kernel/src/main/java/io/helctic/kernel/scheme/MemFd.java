package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_KEEP_SIZE;
import static io.helctic.abi.uapi.Fs.FALLOC_FL_PUNCH_HOLE;
import static io.helctic.abi.uapi.Fs.SEEK_CUR;
import static io.helctic.abi.uapi.Fs.SEEK_END;
import static io.helctic.abi.uapi.Fs.SEEK_SET;

import io.helctic.abi.Errno;
import io.helctic.kernel.memory.MemoryBacking;
import io.helctic.kernel.memory.SharedPages;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memfd: a regular file that lives only in the kernel (Linux's shmem file), named
 * {@code /memfd:NAME (deleted)}. Its bytes are a {@link MemoryBacking} whose {@link SharedPages}
 * MAP_SHARED mappings use, so reads and writes through any descriptor and every shared mapping
 * see the same bytes; a MAP_PRIVATE mapping copies the file as it is when it is made. Seals
 * (F_ADD_SEALS) forbid what they name with EPERM; a file created without MFD_ALLOW_SEALING is
 * born with F_SEAL_SEAL.
 */
public final class MemFd implements Handle {
    private static final AtomicLong INODES = new AtomicLong(40_000);
    private static final int ALL_SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE
            | F_SEAL_EXEC;

    private final long ino = INODES.incrementAndGet();
    private final String path;
    private final MemoryBacking data = new MemoryBacking(0);
    private final SharedPages pages;
    private final int mode;
    private final long created = System.currentTimeMillis() * 1_000_000L;
    private volatile int flags = O_RDWR;
    private long position;
    private int seals;

    /** A new memfd called name; {@code seals} is F_SEAL_SEAL when sealing is not allowed, else 0 or F_SEAL_EXEC. */
    public MemFd(String name, int seals, int mode) {
        this.path = "/memfd:" + name + " (deleted)";
        this.pages = SharedPages.of(data, path);
        this.seals = seals;
        this.mode = mode;
    }

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
        long n = pread(buf, off, len, position);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public synchronized long write(byte[] buf, int off, int len) {
        if ((flags & O_APPEND) != 0) position = data.size();
        long n = pwrite(buf, off, len, position);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public long pread(byte[] buf, int off, int len, long pos) {
        if (pos < 0) return Errno.EINVAL.negative();
        pages.flush(); // what shared mappings wrote
        synchronized (data) {
            long n = Math.max(0, Math.min(len, data.size() - pos));
            if (n > 0) data.read(pos, buf, off, (int) n);
            return n;
        }
    }

    @Override
    public long pwrite(byte[] buf, int off, int len, long pos) {
        if (pos < 0) return Errno.EINVAL.negative();
        synchronized (this) {
            if ((seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0) return Errno.EPERM.negative();
            if ((seals & F_SEAL_GROW) != 0 && pos + len > data.size()) return Errno.EPERM.negative();
        }
        if (len == 0) return 0;
        pages.flush();
        data.write(pos, buf, off, len);
        pages.written(pos, buf, off, len);
        return len;
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> position;
            case SEEK_END -> data.size();
            default -> -1;
        };
        if (base < 0 || base + offset < 0) return Errno.EINVAL.negative();
        return position = base + offset;
    }

    @Override
    public long truncate(long length) {
        if (length < 0) return Errno.EINVAL.negative();
        synchronized (this) {
            long size = data.size();
            if (length < size && (seals & F_SEAL_SHRINK) != 0) return Errno.EPERM.negative();
            if (length > size && (seals & F_SEAL_GROW) != 0) return Errno.EPERM.negative();
        }
        pages.flush();
        data.resize(length);
        pages.truncated(length);
        return 0;
    }

    /**
     * fallocate as tmpfs's shmem_fallocate: allocation (growing the size unless KEEP_SIZE; F_SEAL_GROW
     * refuses growth) and PUNCH_HOLE (zeroes within the size; the write seals refuse it); the
     * other modes are EOPNOTSUPP.
     */
    @Override
    public long allocate(int mode, long offset, long length) {
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) return Errno.EOPNOTSUPP.negative();
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
            synchronized (this) {
                if ((seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0) return Errno.EPERM.negative();
            }
            pages.flush();
            long end = Math.min(offset + length, data.size());
            byte[] zeros = new byte[64 * 1024];
            for (long at = offset; at < end; ) {
                int n = (int) Math.min(zeros.length, end - at);
                data.write(at, zeros, 0, n);
                pages.written(at, zeros, 0, n);
                at += n;
            }
            return 0;
        }
        long end = offset + length;
        synchronized (this) {
            if ((mode & FALLOC_FL_KEEP_SIZE) != 0 || end <= data.size()) return 0;
            if ((seals & F_SEAL_GROW) != 0) return Errno.EPERM.negative();
        }
        pages.flush();
        data.resize(end);
        pages.truncated(end);
        return 0;
    }

    @Override
    public Stat stat() {
        long size = data.size();
        return new Stat(0x1, ino, 1, S_IFREG | mode, 0, 0, 0, size, 4096, (size + 511) / 512, created, created, created);
    }

    @Override
    public int statusFlags() {
        return flags;
    }

    @Override
    public void setStatusFlags(int f) {
        flags = O_RDWR | (f & (O_APPEND | O_NONBLOCK));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean shmem() { return true; }

    @Override
    public boolean readsFill() { return true; }

    @Override
    public SharedPages sharedPages() {
        return pages;
    }

    /** MAP_PRIVATE: the file's bytes as they are now. */
    @Override
    public java.lang.foreign.MemorySegment mapping() {
        pages.flush();
        synchronized (data) {
            byte[] copy = new byte[(int) Math.min(Integer.MAX_VALUE - 8, data.size())];
            data.read(0, copy, 0, copy.length);
            return java.lang.foreign.MemorySegment.ofArray(copy);
        }
    }

    @Override
    public synchronized int mapShared(boolean writable) {
        return writable && (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0 ? (int) Errno.EPERM.negative() : 0;
    }

    @Override
    public synchronized long seals() {
        return seals;
    }

    /** F_ADD_SEALS: EPERM once F_SEAL_SEAL is set, EBUSY for F_SEAL_WRITE while a shared mapping may write. */
    @Override
    public long addSeals(int more) {
        if ((more & ~ALL_SEALS) != 0) return Errno.EINVAL.negative();
        synchronized (this) {
            if ((seals & F_SEAL_SEAL) != 0) return Errno.EPERM.negative();
        }
        if ((more & F_SEAL_WRITE) != 0 && pages.mappedWritable()) return Errno.EBUSY.negative();
        synchronized (this) {
            if ((seals & F_SEAL_SEAL) != 0) return Errno.EPERM.negative();
            seals |= more;
            return 0;
        }
    }

    /** A memfd lives in Linux's internal tmpfs, which keeps birth times. */
    @Override
    public long birthNanos() { return created; }
}
