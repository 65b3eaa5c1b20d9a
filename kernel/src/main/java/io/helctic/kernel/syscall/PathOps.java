package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.*;

import io.helctic.abi.Errno;
import io.helctic.abi.Struct;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;

/**
 * Operations on names: open, stat, mkdir, unlink, rename, link, symlink, readlink,
 * access, chmod, chown, utimens, truncate, statfs, chdir and getcwd, all relative to a
 * directory descriptor or the working directory, through the namespace's confined
 * resolution.
 */
final class PathOps {
    private final Namespace ns;
    private final int uid, gid;

    /** {@code uid} and {@code gid} are the effective ids access(2) checks against. */
    PathOps(Namespace ns, int uid, int gid) {
        this.ns = ns;
        this.uid = uid;
        this.gid = gid;
    }

    long removexattr(long dirfd, long path, long name, long flags) {
        Result<Namespace.Resolved> r = target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        Result<String> n = xattrName(name);
        return n.failed() ? n.negative() : r.value().scheme().removexattr(r.value().rel(), n.value());
    }

    long truncate(long path, long len) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, true);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        return r.value().scheme().truncate(r.value().rel(), len);
    }

    long statfs(long path, long buf) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, true);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        return statfsTo(r.value(), buf);
    }

    long fstatfs(long fd, long buf) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        String p = h.path() != null && h.path().startsWith("/") ? h.path() : "/";
        Result<Namespace.Resolved> r = ns.resolve("/", p, true);
        if (r.failed() || !r.value().exists()) r = ns.resolve("/", "/", true);
        return statfsTo(r.value(), buf);
    }

    static long umask(long mask) {
        Process p = Context.current().process();
        int old = p.umask();
        p.setUmask((int) mask);
        return old;
    }

    long chdir(long path) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, true);
        if (r.failed()) return r.negative();
        return chdirTo(r.value());
    }

    static long fchdir(long fd) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (!h.stat().isDirectory() || h.path() == null) return Errno.ENOTDIR.negative();
        Context.current().process().setCwd(h.path());
        return 0;
    }

    static long getcwd(long buf, long size) {
        byte[] cwd = (Context.current().process().cwd() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (size < cwd.length) return Errno.ERANGE.negative();
        return UserAccess.put(buf, cwd) ? cwd.length : Errno.EFAULT.negative();
    }

    private long chdirTo(Namespace.Resolved r) {
        if (!r.exists()) return Errno.ENOENT.negative();
        if (!r.isDirectory()) return Errno.ENOTDIR.negative();
        Context.current().process().setCwd(r.path());
        return 0;
    }

    private long statfsTo(Namespace.Resolved r, long buf) {
        Result<byte[]> s = r.scheme().statfs(r.rel());
        if (s.failed()) return s.negative();
        return UserAccess.put(buf, s.value()) ? 0 : Errno.EFAULT.negative();
    }

    /** The directory a relative path starts from: the cwd, or dirfd's directory. */
    private static Result<String> base(long dirfd) {
        if ((int) dirfd == (int) AT_FDCWD) return Result.ok(Context.current().process().cwd());
        Handle h = Context.current().files().get((int) dirfd);
        if (h == null) return Result.err(Errno.EBADF);
        if (h.path() == null || !h.stat().isDirectory()) return Result.err(Errno.ENOTDIR);
        return Result.ok(h.path());
    }

    /** Reads the path argument and resolves it against dirfd. */
    private Result<Namespace.Resolved> lookup(long dirfd, long pathPtr, boolean followLast) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.cast();
        return lookup(dirfd, path.value(), followLast);
    }

    private Result<Namespace.Resolved> lookup(long dirfd, String path, boolean followLast) {
        if (path.isEmpty()) return Result.err(Errno.ENOENT);
        String start = "/";
        if (!path.startsWith("/")) {
            Result<String> b = base(dirfd);
            if (b.failed()) return b.cast();
            start = b.value();
        }
        return ns.resolve(start, path, followLast);
    }

    long openat(long dirfd, long pathPtr, long flagsArg, long modeArg) {
        int flags = (int) flagsArg, mode = (int) modeArg;
        boolean creat = (flags & O_CREAT) != 0, excl = (flags & O_EXCL) != 0;
        boolean follow = (flags & O_NOFOLLOW) == 0 && !(creat && excl);
        if ((flags & O_TMPFILE) == O_TMPFILE) return Errno.EOPNOTSUPP.negative();
        Result<Namespace.Resolved> r = lookup(dirfd, pathPtr, follow);
        if (r.failed()) return r.negative();
        Namespace.Resolved res = r.value();
        if (res.exists()) {
            if (creat && excl) return Errno.EEXIST.negative();
            if (res.type() == Handle.S_IFLNK && (flags & O_PATH) == 0) return Errno.ELOOP.negative();
            if ((flags & O_DIRECTORY) != 0 && !res.isDirectory()) return Errno.ENOTDIR.negative();
        } else if (!creat) {
            return Errno.ENOENT.negative();
        } else if ((flags & O_DIRECTORY) != 0) {
            return Errno.EINVAL.negative();
        }
        int umask = Context.current().process().umask();
        Result<Handle> h;
        if ((flags & O_PATH) != 0 && res.exists()) {
            Result<Handle.Stat> st = res.stat();
            h = st.failed() ? st.cast() : Result.ok(new PathHandle(res.path(), st.value()));
        } else {
            h = res.scheme().open(res.rel(), res.path(), flags, mode & ~umask & 07777);
        }
        if (h.failed()) return h.negative();
        return Context.current().files().install(h.value(), 0, (flags & O_CLOEXEC) != 0);
    }

    /** statx: the same exact stat, in struct statx (STATX_BASIC_STATS; no birth time). */
    long statx(long dirfd, long pathPtr, long flagsArg, long mask, long buf) {
        int flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) != 0) {
            return Errno.EINVAL.negative();
        }
        Result<Handle.Stat> st = stat(dirfd, pathPtr, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
        if (st.failed()) return st.negative();
        Handle.Stat s = st.value();
        Struct.Layout l = Struct.STATX.layout(Context.current().cpu().isa());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(l.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        l.put(b, "stx_mask", 0x7ff); // STATX_BASIC_STATS
        l.put(b, "stx_blksize", s.blksize());
        l.put(b, "stx_nlink", s.nlink());
        l.put(b, "stx_uid", s.uid());
        l.put(b, "stx_gid", s.gid());
        l.put(b, "stx_mode", s.mode());
        l.put(b, "stx_ino", s.ino());
        l.put(b, "stx_size", s.size());
        l.put(b, "stx_blocks", s.blocks());
        String[] names = {"stx_atime", "stx_ctime", "stx_mtime"}; // no birth time
        long[] times = {s.atimeNanos(), s.ctimeNanos(), s.mtimeNanos()};
        for (int i = 0; i < 3; i++) {
            l.put(b, names[i] + ".tv_sec", Math.floorDiv(times[i], 1_000_000_000L));
            l.put(b, names[i] + ".tv_nsec", Math.floorMod(times[i], 1_000_000_000L));
        }
        l.put(b, "stx_rdev_major", major(s.rdev()));
        l.put(b, "stx_rdev_minor", minor(s.rdev()));
        l.put(b, "stx_dev_major", major(s.dev()));
        l.put(b, "stx_dev_minor", minor(s.dev()));
        return UserAccess.put(buf, b.array()) ? 0 : Errno.EFAULT.negative();
    }

    static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }

    static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }

    /** The stat fstatat and statx describe: a path, or dirfd itself with AT_EMPTY_PATH and an empty path. */
    private Result<Handle.Stat> stat(long dirfd, long pathPtr, int flags) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed() && !(pathPtr == 0 && (flags & AT_EMPTY_PATH) != 0)) return path.cast();
        if ((flags & AT_EMPTY_PATH) != 0 && (path.failed() || path.value().isEmpty())) {
            if ((int) dirfd == (int) AT_FDCWD) {
                Result<Namespace.Resolved> r = ns.resolve("/", Context.current().process().cwd(), true);
                return r.failed() ? r.cast() : r.value().stat();
            }
            Handle h = Context.current().files().get((int) dirfd);
            return h == null ? Result.err(Errno.EBADF) : Result.ok(h.stat());
        }
        Result<Namespace.Resolved> r = lookup(dirfd, path.value(), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.cast();
        return r.value().stat();
    }

    long fstatat(long dirfd, long pathPtr, long buf, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) != 0) return Errno.EINVAL.negative();
        Result<Handle.Stat> st = stat(dirfd, pathPtr, flags);
        if (st.failed()) return st.negative();
        return UserAccess.put(buf, st.value().toBytes(Context.current().cpu().isa())) ? 0 : Errno.EFAULT.negative();
    }

    long mkdirat(long dirfd, long pathPtr, long modeArg) {
        int mode = (int) modeArg;
        Result<Namespace.Resolved> r = lookup(dirfd, pathPtr, false);
        if (r.failed()) return r.negative();
        if (r.value().exists()) return Errno.EEXIST.negative();
        int umask = Context.current().process().umask();
        return r.value().scheme().mkdir(r.value().rel(), mode & ~umask & 07777);
    }

    long unlinkat(long dirfd, long pathPtr, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~AT_REMOVEDIR) != 0) return Errno.EINVAL.negative();
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        String p = path.value();
        if ((flags & AT_REMOVEDIR) != 0) {
            String trimmed = p.replaceAll("/+$", "");
            if (trimmed.endsWith("/.") || trimmed.equals(".")) return Errno.EINVAL.negative();
            if (trimmed.endsWith("/..") || trimmed.equals("..")) return Errno.ENOTEMPTY.negative();
        }
        Result<Namespace.Resolved> r = lookup(dirfd, p, false);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        return (flags & AT_REMOVEDIR) != 0 ? r.value().scheme().rmdir(r.value().rel()) : r.value().scheme().unlink(r.value().rel());
    }

    long renameat(long od, long op, long nd, long np, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~RENAME_NOREPLACE) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> from = lookup(od, op, false);
        if (from.failed()) return from.negative();
        Result<Namespace.Resolved> to = lookup(nd, np, false);
        if (to.failed()) return to.negative();
        if (!from.value().exists()) return Errno.ENOENT.negative();
        if (from.value().mount() != to.value().mount()) return Errno.EXDEV.negative();
        return from.value().scheme().rename(from.value().rel(), to.value().rel(), (flags & RENAME_NOREPLACE) != 0);
    }

    long linkat(long od, long op, long nd, long np, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> from = lookup(od, op, (flags & AT_SYMLINK_FOLLOW) != 0);
        if (from.failed()) return from.negative();
        Result<Namespace.Resolved> to = lookup(nd, np, false);
        if (to.failed()) return to.negative();
        if (!from.value().exists()) return Errno.ENOENT.negative();
        if (to.value().exists()) return Errno.EEXIST.negative();
        if (from.value().mount() != to.value().mount()) return Errno.EXDEV.negative();
        return from.value().scheme().link(from.value().rel(), to.value().rel());
    }

    long symlinkat(long targetPtr, long nd, long np) {
        Result<String> target = UserAccess.path(targetPtr);
        if (target.failed()) return target.negative();
        Result<Namespace.Resolved> r = lookup(nd, np, false);
        if (r.failed()) return r.negative();
        if (r.value().exists()) return Errno.EEXIST.negative();
        return r.value().scheme().symlink(target.value(), r.value().rel());
    }

    long readlinkat(long dirfd, long pathPtr, long buf, long size) {
        if (size <= 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> r = lookup(dirfd, pathPtr, false);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        if (r.value().type() != Handle.S_IFLNK) return Errno.EINVAL.negative();
        Result<String> t = r.value().scheme().readlink(r.value().rel());
        if (t.failed()) return t.negative();
        byte[] bytes = t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = (int) Math.min(size, bytes.length);
        return UserAccess.put(buf, java.util.Arrays.copyOf(bytes, n)) ? n : Errno.EFAULT.negative();
    }

    long faccessat(long dirfd, long pathPtr, long modeArg, long flagsArg) {
        int mode = (int) modeArg, flags = (int) flagsArg;
        if ((mode & ~7) != 0) return Errno.EINVAL.negative();
        if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> r = lookup(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        Result<Handle.Stat> st = r.value().stat();
        return st.failed() ? st.negative() : Access.check(st.value(), mode, uid, gid);
    }

    private Result<Namespace.Resolved> target(long dirfd, long pathPtr, boolean follow) {
        if (pathPtr == 0) {
            Handle h = Context.current().files().get((int) dirfd);
            if (h == null) return Result.err(Errno.EBADF);
            if (h.path() == null || !h.path().startsWith("/")) return Result.err(Errno.EPERM);
            return ns.resolve("/", h.path(), true);
        }
        return lookup(dirfd, pathPtr, follow);
    }

    long fchmodat(long dirfd, long pathPtr, long modeArg, long flagsArg) {
        int mode = (int) modeArg, flags = (int) flagsArg;
        if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> r = target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        if (r.value().type() == Handle.S_IFLNK) return Errno.EOPNOTSUPP.negative();
        return r.value().scheme().chmod(r.value().rel(), mode & 07777);
    }

    long fchownat(long dirfd, long pathPtr, long uidArg, long gidArg, long flagsArg) {
        int uid = (int) uidArg, gid = (int) gidArg, flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> r = target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        return r.value().scheme().chown(r.value().rel(), uid, gid);
    }

    long utimensat(long dirfd, long pathPtr, long times, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        long now = System.currentTimeMillis() * 1_000_000L;
        long atime = now, mtime = now;
        if (times != 0) {
            long[] t = UserAccess.getLongs(times, 4);
            if (t == null) return Errno.EFAULT.negative();
            long[] r = new long[2];
            for (int i = 0; i < 2; i++) {
                long sec = t[2 * i], nsec = t[2 * i + 1];
                if (nsec == UTIME_NOW) r[i] = now;
                else if (nsec == UTIME_OMIT) r[i] = -1;
                else if (nsec < 0 || nsec >= 1_000_000_000L) return Errno.EINVAL.negative();
                else r[i] = sec * 1_000_000_000L + nsec;
            }
            atime = r[0];
            mtime = r[1];
            if (atime == -1 && mtime == -1) return 0;
        }
        Result<Namespace.Resolved> r = target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        return r.value().scheme().utimens(r.value().rel(), atime, mtime);
    }

    private static Result<String> xattrName(long ptr) {
        Result<String> n = UserAccess.string(ptr, XATTR_NAME_MAX + 1);
        if (n.failed()) return n.errno() == Errno.ENAMETOOLONG.number() ? Result.err(Errno.ERANGE) : n;
        return n.value().isEmpty() ? Result.err(Errno.ERANGE) : n;
    }

    long getxattr(long dirfd, long path, long name, long value, long size, long flagsArg) {
        int flags = (int) flagsArg;
        Result<Namespace.Resolved> r = target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        Result<String> n = xattrName(name);
        if (n.failed()) return n.negative();
        Result<byte[]> v = r.value().scheme().getxattr(r.value().rel(), n.value());
        if (v.failed()) return v.negative();
        if (size == 0) return v.value().length;
        if (size < v.value().length) return Errno.ERANGE.negative();
        return UserAccess.put(value, v.value()) ? v.value().length : Errno.EFAULT.negative();
    }

    long listxattr(long dirfd, long path, long list, long size, long flagsArg) {
        int flags = (int) flagsArg;
        Result<Namespace.Resolved> r = target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        Result<java.util.List<String>> names = r.value().scheme().listxattr(r.value().rel());
        if (names.failed()) return names.negative();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String n : names.value()) {
            out.writeBytes(n.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(0);
        }
        byte[] b = out.toByteArray();
        if (size == 0) return b.length;
        if (size < b.length) return Errno.ERANGE.negative();
        return b.length == 0 || UserAccess.put(list, b) ? b.length : Errno.EFAULT.negative();
    }

    long setxattr(long dirfd, long path, long name, long value, long size, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(1 | 2 | AT_SYMLINK_NOFOLLOW)) != 0 || (flags & 3) == 3) return Errno.EINVAL.negative();
        if (size < 0 || size > XATTR_SIZE_MAX) return Errno.E2BIG.negative();
        Result<Namespace.Resolved> r = target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.negative();
        if (!r.value().exists()) return Errno.ENOENT.negative();
        Result<String> n = xattrName(name);
        if (n.failed()) return n.negative();
        byte[] v = size == 0 ? new byte[0] : UserAccess.get(value, (int) size);
        if (v == null) return Errno.EFAULT.negative();
        return r.value().scheme().setxattr(r.value().rel(), n.value(), v, flags & 3);
    }

    /** An O_PATH descriptor: it names a file for *at calls, fstat and fchdir, and does no I/O. */
    record PathHandle(String path, Handle.Stat stat) implements Handle {
        @Override public long read(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }
        @Override public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }
        @Override public long ioctl(long request, long arg) { return Errno.EBADF.negative(); }
        @Override public int statusFlags() { return O_PATH; }
    }
}
