package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.WakeGate;
import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An open host file (regular file or FIFO) of the file: scheme. A regular file knows its
 * identity, so that reads and writes stay coherent with the {@link PageCache}'s shared
 * mappings of it: a read first writes back what mappings changed, a write updates the
 * cached pages it covers. Every operation on the channel runs under {@link WakeGate#uninterruptibly}:
 * the channel is the open file description, shared by dup and fork, and a wake-up interrupt would
 * close it for every holder.
 */
final class HostFileHandle implements Handle {
    private final FileChannel ch;
    private final Path host;
    private final String guestPath;
    private volatile int flags;
    private final PageCache cache;
    private final PageCache.FileKey key;
    /** Descriptors plus shared mappings using the channel: the last one closes it. */
    private int users = 1;

    /**
     * {@code host} is used by fstat: a file renamed or unlinked afterwards is described by its
     * old name. {@code key} is null for what cannot be mapped shared (FIFOs).
     */
    HostFileHandle(FileChannel ch, Path host, String guestPath, int flags, PageCache cache, PageCache.FileKey key) {
        this.ch = ch;
        this.host = host;
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

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
        try {
            return WakeGate.uninterruptibly(() -> {
                flushMappings();
                int n = ch.read(ByteBuffer.wrap(buf, off, len));
                return n < 0 ? 0 : n;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    @Override
    public synchronized long write(byte[] buf, int off, int len) {
        try {
            return WakeGate.uninterruptibly(() -> {
                if ((flags & O_APPEND) != 0) ch.position(ch.size());
                long pos = ch.position();
                long n = writeFully(buf, off, len, -1);
                updateMappings(pos, buf, off, n);
                return n;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    private long writeFully(byte[] buf, int off, int len, long at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        long done = 0;
        while (b.hasRemaining()) {
            int n = at < 0 ? ch.write(b) : ch.write(b, at + done);
            if (n <= 0) break;
            done += n;
        }
        return done;
    }

    @Override
    public long pread(byte[] buf, int off, int len, long position) {
        try {
            return WakeGate.uninterruptibly(() -> {
                flushMappings();
                int n = ch.read(ByteBuffer.wrap(buf, off, len), position);
                return n < 0 ? 0 : n;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    @Override
    public long pwrite(byte[] buf, int off, int len, long position) {
        try {
            return WakeGate.uninterruptibly(() -> {
                long n = writeFully(buf, off, len, position);
                updateMappings(position, buf, off, n);
                return n;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        try {
            return WakeGate.uninterruptibly(() -> reposition(offset, whence));
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    private long reposition(long offset, int whence) throws IOException {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> ch.position();
            case 2 -> ch.size();
            default -> -1; // SEEK_DATA/SEEK_HOLE: the whole file is data
        };
        if (whence == 3 || whence == 4) {
            long size = ch.size();
            if (offset < 0 || offset >= size) return Errno.ENXIO.negative();
            long to = whence == 3 ? offset : size;
            ch.position(to);
            return to;
        }
        long to = base + offset;
        if (to < 0) return Errno.EINVAL.negative();
        ch.position(to);
        return to;
    }

    @Override
    public Stat stat() {
        Result<Stat> s = HostStat.lstat(host);
        return s.failed() ? new Stat(0, 0, 1, S_IFREG | 0600, 0, 0, 0, sizeOrZero(), 4096, 0, 0, 0, 0) : s.value();
    }

    private long sizeOrZero() {
        try {
            return WakeGate.uninterruptibly(ch::size);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized long available() {
        try {
            return WakeGate.uninterruptibly(() -> Math.max(0, ch.size() - ch.position()));
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int f) { flags = f; }

    @Override
    public long truncate(long length) {
        if ((flags & O_ACCMODE) == O_RDONLY) return Errno.EINVAL.negative();
        return resize(ch, length, cache.find(key));
    }

    /**
     * truncate/ftruncate of a file whose shared mappings ({@code cached}, or null) stay coherent:
     * what they changed reaches the file first, and afterwards they see zeros past the new end.
     */
    static long resize(FileChannel ch, long length, SharedPages cached) {
        if (cached != null) cached.flush();
        long r = setLength(ch, length);
        if (r == 0 && cached != null) cached.truncated(length);
        return r;
    }

    static long setLength(FileChannel ch, long length) {
        if (length < 0) return Errno.EINVAL.negative();
        try {
            return WakeGate.uninterruptibly(() -> {
                long size = ch.size();
                if (length < size) ch.truncate(length);
                else if (length > size) ch.write(ByteBuffer.wrap(new byte[1]), length - 1);
                return 0;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    private java.lang.foreign.MemorySegment mapped;

    @Override
    public synchronized java.lang.foreign.MemorySegment mapping() {
        try {
            return WakeGate.uninterruptiblyGet(() -> {
                flushMappings();
                long size = ch.size();
                if (mapped == null || mapped.byteSize() != size) {
                    // A fresh read-only mapping of the current length; the arena is collected with it.
                    try (FileChannel ro = FileChannel.open(host, java.nio.file.StandardOpenOption.READ)) {
                        mapped = size == 0 ? java.lang.foreign.MemorySegment.NULL
                                : ro.map(FileChannel.MapMode.READ_ONLY, 0, size, java.lang.foreign.Arena.ofAuto());
                    }
                }
                return mapped;
            });
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public long sync() {
        try {
            return WakeGate.uninterruptibly(() -> {
                ch.force(true);
                return 0;
            });
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    @Override
    public SharedPages sharedPages() {
        return key == null ? null : cache.pagesFor(key, this::backing, guestPath);
    }

    /** This file as the backing of its page cache; it keeps the channel open until released. */
    private SharedPages.Backing backing() {
        synchronized (this) {
            users++;
        }
        boolean writable = (flags & O_ACCMODE) == O_RDWR;
        return new SharedPages.Backing() {
            @Override
            public long size() {
                return sizeOrZero();
            }

            @Override
            public void read(long pos, byte[] dst, int len) {
                try {
                    ByteBuffer b = ByteBuffer.wrap(dst, 0, len);
                    WakeGate.uninterruptibly(() -> {
                        while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) { }
                        return 0;
                    });
                } catch (IOException e) {
                    // what could not be read stays zero, as a page past a short read would
                }
            }

            @Override
            public boolean write(long pos, byte[] src, int len) {
                try {
                    return WakeGate.uninterruptibly(() -> writeFully(src, 0, len, pos)) == len;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public boolean writable() { return writable; }

            @Override
            public void release() { close(); }
        };
    }

    @Override
    public void close() {
        synchronized (this) {
            if (--users > 0) return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // close errors are not reported to the guest (as Linux for most filesystems)
        }
    }
}
