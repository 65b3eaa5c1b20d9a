package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;

/**
 * An open file description served by a scheme. Every method has a default that
 * answers as Linux does for an object that cannot do it, so a scheme implements only
 * what it supports. Buffers are kernel byte arrays; results are counts or -errno.
 */
public interface Handle {
    /** Linux st_mode file-type bits. */
    int S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFDIR = 0040000, S_IFBLK = 0060000, S_IFREG = 0100000,
        S_IFLNK = 0120000, S_IFSOCK = 0140000, S_IFMT = 0170000;
    /** Linux open flags the kernel looks at. */

    default long read(byte[] buf, int off, int len) { return Errno.EINVAL.negative(); }

    default long write(byte[] buf, int off, int len) { return Errno.EINVAL.negative(); }

    default long seek(long offset, int whence) { return Errno.ESPIPE.negative(); }

    default long pread(byte[] buf, int off, int len, long position) { return Errno.ESPIPE.negative(); }

    default long pwrite(byte[] buf, int off, int len, long position) { return Errno.ESPIPE.negative(); }

    default long ioctl(long request, long arg) { return Errno.ENOTTY.negative(); }

    /** Fills the fields of a Linux struct stat this handle knows. */
    Stat stat();

    /** O_ACCMODE and status flags (O_APPEND, O_NONBLOCK, …) as Linux numbers. */
    int statusFlags();

    default void setStatusFlags(int flags) { }

    default void close() { }

    /**
     * Linux's fasync method: O_ASYNC set ({@code on}, signals naming descriptor {@code fd}) or
     * cleared on this description, which adjusts the flag itself ({@link Fasync.Registrations#set}).
     * False for a file without one (pipes, sockets, inotify have
     * one; regular files, eventfd, timerfd, signalfd, epoll do not): F_SETFL then keeps the flag
     * off and FIOASYNC answers ENOTTY, as Linux.
     */
    default boolean fasync(int fd, boolean on) { return false; }

    /**
     * A descriptor of this description left {@code closer}'s table (close, dup2 over it, exit,
     * exec): Linux's flush, called on every close, before the last one's {@link #close}.
     */
    default void flushed(io.helctic.kernel.context.FileTable closer) { }

    /** The absolute guest path this description was opened by, when it has one (for *at calls, fchdir, /proc). */
    default String path() { return null; }

    /** Fills buf with struct linux_dirent64 records; returns the bytes used or -errno. */
    default long getdents(byte[] buf, int len) { return Errno.ENOTDIR.negative(); }

    /** For an open directory of a filesystem, the directory itself, borrowed, for a dirfd-relative walk; else null. */
    default io.helctic.kernel.vfs.Dir dir() { return null; }

    default long truncate(long length) { return Errno.EINVAL.negative(); }

    /**
     * The file's bytes for a private mapping (read-only, mapped from the host, so pages are
     * read on first touch), or null when this object cannot be mapped (mmap answers ENODEV).
     */
    default java.lang.foreign.MemorySegment mapping() { return null; }

    /**
     * The shared-memory object (page cache) MAP_SHARED mappings of this file use, or null when
     * this object cannot be mapped shared (mmap answers ENODEV).
     */
    default io.helctic.kernel.memory.SharedPages sharedPages() { return null; }

    default long sync() { return 0; }

    /**
     * The host's own struct statx of this file, for {@code mask} with the AT_STATX_* sync flags, when
     * it is a host file (its birth time, attributes, mount id and direct-I/O alignment are the
     * host's); null for the kernel's own files.
     */
    default byte[] hostStatx(int mask, int syncFlags) { return null; }

    /** When the file was made (statx's btime) for a file of a filesystem that keeps it, else -1. */
    default long birthNanos() { return -1; }

    /**
     * Whether a read never waits and Linux fills the whole buffer when the bytes are there (a
     * regular file, /proc's text, a memory device): the kernel then reads on past its own chunk
     * size. A pipe, a socket or a terminal returns what it has, and a second look could wait.
     */
    default boolean readsFill() { return false; }

    /** Whether the file is shmem's (a memfd, a tmpfs file): statx then answers as Linux's shmem does. */
    default boolean shmem() { return false; }

    /**
     * Whether the file has an fsync method (AIO's FSYNC refuses the others with EINVAL): regular
     * files and directories of a filesystem, not pipes, sockets, devices or anonymous files.
     */
    default boolean canFsync() {
        Stat s = stat();
        return s != null && (s.type() == S_IFREG || s.type() == S_IFDIR);
    }

    /** syncfs: the filesystem holding this file is written back (nothing to do for a kernel-made file). */
    default long syncFilesystem() { return sync(); }

    /**
     * fadvise's advice (POSIX_FADV_*, checked) for this range: 0 where the file keeps no pages of
     * its own to advise (Linux's noop backing device: a kernel-made file, a socket), or -errno.
     */
    default long advise(int advice, long offset, long length) { return 0; }

    /** sync_file_range's write-back of a range (flags checked): 0 where there is nothing to write back. */
    default long syncRange(long offset, long nbytes, int flags) { return 0; }

    /**
     * fallocate on a regular file (the kernel has checked the mode's form, the access and the
     * type, as Linux's vfs_fallocate): EOPNOTSUPP for a file whose filesystem has no fallocate.
     */
    default long allocate(int mode, long offset, long length) { return Errno.EOPNOTSUPP.negative(); }

    /** Whether a MAP_SHARED mapping (writable or not) may be made: 0, or -errno (a sealed memfd's EPERM). */
    default int mapShared(boolean writable) { return 0; }

    /** F_GET_SEALS: the file's seals, or -EINVAL for a file that cannot have any. */
    default long seals() { return io.helctic.abi.Errno.EINVAL.negative(); }

    /** F_ADD_SEALS: 0 or -errno (-EINVAL for a file that cannot have any). */
    default long addSeals(int seals) { return io.helctic.abi.Errno.EINVAL.negative(); }

    /** The controlling terminal this handle is, or null (terminal ioctls then answer ENOTTY). */
    default Terminal terminal() { return null; }

    /** Bytes a read would return without blocking (FIONREAD), or -errno. */
    default long available() { return Errno.ENOTTY.negative(); }

    /** poll(2) event bits. */

    /** Which of the asked events are ready now (plus POLLERR/POLLHUP, always reported). Files are always ready. */
    default int poll(int events) {
        return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
    }

    /**
     * The queue this file's readiness changes are announced on ({@link #poll} may answer
     * differently after each {@link WaitQueue#wake}), or null: the file is always ready (a
     * regular file, a directory, /dev/null), and poll answers at once while epoll refuses it
     * (EPERM, as Linux for a file without a poll method), unless {@link #pollRechecks()}.
     */
    default WaitQueue waitQueue() {
        return null;
    }

    /**
     * Whether {@link #poll} can turn ready unannounced (the host's console, whose input arrives
     * without a word): a wait on it checks again every few milliseconds.
     */
    default boolean pollRechecks() {
        return false;
    }

    /** What stat reports; times in nanoseconds since the epoch. */
    record Stat(long dev, long ino, long nlink, int mode, int uid, int gid, long rdev, long size,
                long blksize, long blocks, long atimeNanos, long mtimeNanos, long ctimeNanos) {

        public int type() { return mode & S_IFMT; }

        /** An anonymous inode's (epoll, eventfd, timerfd, signalfd): no file type, mode 0600, on device 0xd. */
        public static Stat anonymous(long ino) {
            return new Stat(0xd, ino, 1, 0600, 0, 0, 0, 0, 4096, 0, 0, 0, 0);
        }

        public boolean isDirectory() { return type() == S_IFDIR; }

        /** Linux's struct stat on {@code isa} (x86-64's own 144 bytes, the generic 128 elsewhere). */
        public byte[] toBytes(io.helctic.abi.Isa isa) {
            io.helctic.abi.Struct.Field[] f = Fields.of(isa);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(io.helctic.abi.Struct.STAT.layout(isa).size())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long[] v = {dev, ino, nlink, mode, uid, gid, rdev, size, blksize, blocks,
                        Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
                        Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L),
                        Math.floorDiv(ctimeNanos, 1_000_000_000L), Math.floorMod(ctimeNanos, 1_000_000_000L)};
            for (int i = 0; i < f.length; i++) f[i].put(b, v[i]);
            return b.array();
        }

        /** struct stat's fields in {@link #toBytes}'s order, looked up once per ISA (a stat-heavy guest asks per call). */
        private static final class Fields {
            private Fields() {}

            private static final String[] NAMES = {"st_dev", "st_ino", "st_nlink", "st_mode", "st_uid", "st_gid", "st_rdev",
                "st_size", "st_blksize", "st_blocks", "st_atime", "st_atime_nsec", "st_mtime", "st_mtime_nsec", "st_ctime",
                "st_ctime_nsec"};
            private static final io.helctic.abi.Struct.Field[][] BY_ISA = new io.helctic.abi.Struct.Field[io.helctic.abi.Isa.values().length][];

            static io.helctic.abi.Struct.Field[] of(io.helctic.abi.Isa isa) {
                io.helctic.abi.Struct.Field[] f = BY_ISA[isa.ordinal()];
                if (f == null) { // a racing second copy is the same
                    io.helctic.abi.Struct.Layout l = io.helctic.abi.Struct.STAT.layout(isa);
                    f = new io.helctic.abi.Struct.Field[NAMES.length];
                    for (int i = 0; i < f.length; i++) f[i] = l.field(NAMES[i]);
                    BY_ISA[isa.ordinal()] = f;
                }
                return f;
            }
        }
    }
}
