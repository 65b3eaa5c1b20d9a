package io.helctic.kernel.vfs;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;

/**
 * A filesystem mounted in the namespace. The namespace walks a path through it one name at a
 * time ({@link #lookup}), following symlinks itself, so every operation here gets an open parent
 * {@link Dir} and one final name ("" for the directory itself) — never a path to look up again.
 * Every operation has a default that answers as Linux does for a filesystem that cannot do it,
 * so a scheme implements only what it supports. Mode and flag values are Linux's; results are 0
 * or -errno. Names are the guest's bytes, held as ISO-8859-1 strings (one char per byte).
 */
public interface Scheme {
    /** Scheme name, as in {@code file:}, {@code dev:}, {@code proc:}. */
    String name();

    /** The root directory, open for the scheme's life (borrowed: closing it does nothing). */
    Dir root();

    /** What a lookup found: the name's st_mode and, when it is a directory and was asked for, it opened. */
    record Entry(int mode, Dir dir, Handle.Stat stat) {
        /** Without the stat (a scheme that did not read it, or a directory opened to walk on). */
        public Entry(int mode, Dir dir) {
            this(mode, dir, null);
        }
    }

    /**
     * Looks {@code name} up in {@code dir} without following it: its st_mode and, when it is a
     * directory and {@code open}, an owned {@link Dir} of it to walk on from.
     */
    Result<Entry> lookup(Dir dir, String name, boolean open);

    /**
     * The directory reached from {@code dir} through {@code names} (plain names, none "." or
     * "..", one at least, each followed by the next after one '/'), opened, in one step — only
     * when that is exactly what looking each name up in turn would reach: every one an existing
     * directory, no symlink among them, no move out of {@code dir}. Null when the scheme cannot
     * or the names are not so (a missing one, a symlink, a refusal): the namespace then walks
     * them one at a time, which decides.
     */
    default Dir descendAll(Dir dir, String names) {
        return null;
    }

    /**
     * Directory {@code name} of {@code dir} ("" is dir itself), opened to be kept beyond one call
     * (a working directory): a Dir whose close releases it, which can be {@link Dir#borrowed()}
     * by other threads and processes meanwhile. By default a directory with nothing to hold.
     */
    default Result<Dir> openDir(Dir dir, String name) {
        return Result.ok(new Dir(this, dir.child(name), -1, false));
    }

    /** Releases what an owned Dir of this scheme holds. */
    default void release(Dir dir) { }

    /** Describes the name (the directory itself for "") without following a final symlink. */
    Result<Handle.Stat> lstat(Dir dir, String name);

    default Result<String> readlink(Dir dir, String name) { return Result.err(Errno.EINVAL); }

    /** Whether symlink {@code name} is a "magic link" (procfs's fd/N, exe, cwd, root: Linux jumps to the file itself). */
    default boolean magicLink(Dir dir, String name) { return false; }

    /**
     * Where a walk that follows symlink {@code name} goes: its target, as readlink gives it, unless
     * the scheme leads there otherwise (a magic link to a file that has no path, such as a pipe,
     * goes to a name of the scheme's own that stands for the file itself).
     */
    default Result<String> followLink(Dir dir, String name) { return readlink(dir, name); }

    /** Opens the name (existing, or to be created with O_CREAT); mode already has the umask applied. */
    Result<Handle> open(Dir dir, String name, String guestPath, int flags, int mode);

    default long mkdir(Dir dir, String name, int mode) { return Errno.EROFS.negative(); }

    /** mknod: a FIFO, socket or regular file (the type in mode); EPERM for what the scheme does not make. */
    default long mknod(Dir dir, String name, int mode) { return Errno.EPERM.negative(); }

    /** mknod of a character or block device node numbered {@code rdev}; EPERM where the scheme makes none. */
    default long mknodDevice(Dir dir, String name, int mode, long rdev) { return Errno.EPERM.negative(); }

    default long unlink(Dir dir, String name) { return Errno.EROFS.negative(); }

    default long rmdir(Dir dir, String name) { return Errno.EROFS.negative(); }

    /** rename with flags 0, RENAME_NOREPLACE or RENAME_EXCHANGE. */
    default long rename(Dir from, String fromName, Dir to, String toName, int flags) {
        return Errno.EROFS.negative();
    }

    default long link(Dir from, String fromName, Dir to, String toName) { return Errno.EROFS.negative(); }

    default long symlink(String target, Dir dir, String name) { return Errno.EROFS.negative(); }

    /** chmod of the name itself (never through a symlink: on one, EOPNOTSUPP as Linux's lchmod). */
    default long chmod(Dir dir, String name, int mode) { return Errno.EROFS.negative(); }

    /** chown of the name itself (a symlink is changed, not followed). */
    default long chown(Dir dir, String name, int uid, int gid) { return Errno.EROFS.negative(); }

    /** Sets times in nanoseconds since the epoch of the name itself; -1 leaves one unchanged. */
    default long utimens(Dir dir, String name, long atimeNanos, long mtimeNanos) { return Errno.EROFS.negative(); }

    default long truncate(Dir dir, String name, long length) { return Errno.EROFS.negative(); }

    /** An extended attribute's value (ENODATA when absent) of the name itself. */
    default Result<byte[]> getxattr(Dir dir, String name, String attr) { return Result.err(Errno.ENODATA); }

    /** The extended attribute names of the name itself. */
    default Result<java.util.List<String>> listxattr(Dir dir, String name) { return Result.ok(java.util.List.of()); }

    /** flags: XATTR_CREATE (1) fails if it exists, XATTR_REPLACE (2) if it does not. */
    default long setxattr(Dir dir, String name, String attr, byte[] value, int flags) { return Errno.EOPNOTSUPP.negative(); }

    default long removexattr(Dir dir, String name, String attr) { return Errno.EOPNOTSUPP.negative(); }

    /**
     * A stream connection to the socket file {@code name} bound by a program outside this kernel
     * (a host program's socket in a host directory): ECONNREFUSED where the scheme has none.
     */
    default Result<java.nio.channels.SocketChannel> connectHostSocket(Dir dir, String name) {
        return Result.err(Errno.ECONNREFUSED);
    }

    /**
     * The host's struct statx (256 bytes) of name in dir (never following a final symlink; "": dir
     * itself) for a scheme that serves host files, with the AT_STATX_* sync flags; null for others.
     */
    default Result<byte[]> hostStatx(Dir dir, String name, int syncFlags, int mask) { return null; }

    /** The birth time (statx's btime) of name in dir in nanoseconds since the epoch, or -1 when the scheme keeps none. */
    default long birthNanos(Dir dir, String name) { return -1; }

    /** Whether the scheme is a shmem filesystem (tmpfs): statx answers as Linux's shmem does. */
    default boolean shmem() { return false; }

    /** The struct statfs (120 bytes) of the filesystem holding dir. */
    default Result<byte[]> statfs(Dir dir) { return Result.err(Errno.ENOSYS); }
}
