package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;

/**
 * A filesystem mounted in the namespace. Paths are relative to the mount point, already
 * resolved by the {@link Namespace}: no ".", "..", or symlink in any component but the
 * last. Every method has a default that answers as Linux does for a filesystem that
 * cannot do it, so a scheme implements only what it supports. Mode and flag values are
 * Linux's; results are 0 or -errno.
 */
public interface Scheme {
    /** Scheme name, as in {@code file:}, {@code dev:}, {@code proc:}. */
    String name();

    /** Describes rel without following a final symlink. */
    Result<Handle.Stat> lstat(String rel);

    /**
     * rel's st_mode (file type and permission bits) without following a final symlink: all
     * that path resolution needs of each component. A scheme whose exact lstat is costly
     * answers this more cheaply; the exact stat is asked for only where a caller needs it.
     */
    default Result<Integer> lmode(String rel) {
        Result<Handle.Stat> s = lstat(rel);
        return s.failed() ? s.cast() : Result.ok(s.value().mode());
    }

    default Result<String> readlink(String rel) { return Result.err(Errno.EINVAL); }

    /** Opens rel (existing, or to be created with O_CREAT); mode already has the umask applied. */
    Result<Handle> open(String rel, String guestPath, int flags, int mode);

    default long mkdir(String rel, int mode) { return Errno.EROFS.negative(); }

    default long unlink(String rel) { return Errno.EROFS.negative(); }

    default long rmdir(String rel) { return Errno.EROFS.negative(); }

    default long rename(String from, String to, boolean noReplace) { return Errno.EROFS.negative(); }

    default long link(String from, String to) { return Errno.EROFS.negative(); }

    default long symlink(String target, String rel) { return Errno.EROFS.negative(); }

    default long chmod(String rel, int mode) { return Errno.EROFS.negative(); }

    default long chown(String rel, int uid, int gid) { return Errno.EROFS.negative(); }

    /** Sets times in nanoseconds since the epoch; -1 leaves one unchanged. */
    default long utimens(String rel, long atimeNanos, long mtimeNanos) { return Errno.EROFS.negative(); }

    default long truncate(String rel, long length) { return Errno.EROFS.negative(); }

    /** An extended attribute's value (ENODATA when absent). */
    default Result<byte[]> getxattr(String rel, String name) { return Result.err(Errno.ENODATA); }

    /** The extended attribute names of rel. */
    default Result<java.util.List<String>> listxattr(String rel) { return Result.ok(java.util.List.of()); }

    /** flags: XATTR_CREATE (1) fails if it exists, XATTR_REPLACE (2) if it does not. */
    default long setxattr(String rel, String name, byte[] value, int flags) { return Errno.EOPNOTSUPP.negative(); }

    default long removexattr(String rel, String name) { return Errno.EOPNOTSUPP.negative(); }

    /** The 120-byte Linux struct statfs for the filesystem holding rel. */
    default Result<byte[]> statfs(String rel) { return Result.err(Errno.ENOSYS); }
}
