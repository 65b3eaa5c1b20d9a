package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Event.*;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.*;

import io.helctic.abi.Errno;
import io.helctic.abi.Struct;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Notify;
import io.helctic.kernel.vfs.Result;
import java.nio.charset.StandardCharsets;

/**
 * Operations on names: open, stat, mkdir, unlink, rename, link, symlink, readlink,
 * access, chmod, chown, utimens, truncate, statfs, chdir and getcwd, all relative to a
 * directory descriptor or the working directory, through the namespace's confined
 * resolution. Each resolves its path to an open parent directory and a final name, acts on
 * that one name there and closes the resolution; the f* forms (a NULL path or AT_EMPTY_PATH)
 * act on the open file itself.
 */
final class PathOps {
    private final Namespace ns;

    PathOps(Namespace ns) {
        this.ns = ns;
    }

    // ---- resolution ------------------------------------------------------------------------

    /** Where a relative path starts: the cwd, or dirfd's directory (its own open directory when it has one). */
    static Result<Namespace.Location> base(long dirfd) {
        if ((int) dirfd == AT_FDCWD) return Result.ok(Context.current().process().workingDir());
        Handle h = Context.current().files().get((int) dirfd);
        if (h == null) return Result.err(Errno.EBADF);
        if (h.path() == null || !h.stat().isDirectory()) return Result.err(Errno.ENOTDIR);
        return Result.ok(new Namespace.Location(h.path(), h.dir()));
    }

    /** Reads the path argument and resolves it against dirfd. */
    private Result<Namespace.Resolved> lookup(long dirfd, long pathPtr, boolean followLast) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.cast();
        return lookup(dirfd, path.value(), followLast);
    }

    private Result<Namespace.Resolved> lookup(long dirfd, String path, boolean followLast) {
        return lookup(dirfd, path, followLast, 0);
    }

    /** With openat2's RESOLVE_* rules (a scoped walk starts at dirfd whatever the path). */
    private Result<Namespace.Resolved> lookup(long dirfd, String path, boolean followLast, int resolve) {
        if (path.isEmpty()) return Result.err(Errno.ENOENT);
        Namespace.Location start = Namespace.Location.of("/");
        boolean scoped = (resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0;
        if (!path.startsWith("/") || scoped) {
            Result<Namespace.Location> b = base(dirfd);
            if (b.failed()) return b.cast();
            start = b.value();
        }
        Result<Namespace.Resolved> r = ns.resolve(start, path, followLast, resolve);
        for (int tries = 0; r.failed() && r.errno() == Errno.EBADF.number() && (int) dirfd == AT_FDCWD && tries < 8; tries++) {
            // another thread changed the working directory (and let the old one go) as the walk began
            r = ns.resolve(Context.current().process().workingDir(), path, followLast, resolve);
        }
        return r;
    }

    /** An open file as the target of an f* call: its own descriptor where it has one, else its path again. */
    private Result<Namespace.Resolved> self(Handle h) {
        if (h.dir() != null) {
            return Namespace.Resolved.of(ns, h.path(), h.dir(), h.stat().mode());
        }
        if (h.path() == null || !h.path().startsWith("/")) return Result.err(Errno.EPERM);
        return ns.resolve("/", h.path(), true);
    }

    /** A path, or dirfd itself when the path pointer is NULL (the f* forms of chmod, chown, utimens, xattrs). */
    private Result<Namespace.Resolved> target(long dirfd, long pathPtr, boolean follow) {
        if (pathPtr == 0) {
            Handle h = Context.current().files().get((int) dirfd);
            if (h == null) return Result.err(Errno.EBADF);
            return self(h);
        }
        return lookup(dirfd, pathPtr, follow);
    }

    /** Something to do with an existing name (ENOENT when it is missing); the resolution is closed afterwards. */
    @FunctionalInterface
    private interface Existing {
        long apply(Namespace.Resolved r);
    }

    private static long onExisting(Result<Namespace.Resolved> r, Existing op) {
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return Errno.ENOENT.negative();
            return op.apply(res);
        }
    }

    // ---- permission (Linux's may_open, may_create, may_delete with the filesystem ids) -------------

    /** The directory res's name is in, as it is now (null when it cannot be read). */
    private static Handle.Stat dirStat(Namespace.Resolved res) {
        Result<Handle.Stat> d = res.scheme().lstat(res.dir(), "");
        return d.failed() ? null : d.value();
    }

    /** Making a name in res's directory: w and x on it. */
    private static long mayCreate(Namespace.Resolved res) {
        io.helctic.kernel.context.Credentials c = Access.current();
        // CAP_DAC_OVERRIDE grants w and x on any directory whatever its bits: not even read
        if (c.capable(io.helctic.abi.uapi.Proc.CAP_DAC_OVERRIDE)) return 0;
        Handle.Stat d = dirStat(res);
        return d == null ? 0 : Access.check(d, Access.MAY_WRITE | Access.MAY_EXEC, c);
    }

    /** Removing (or renaming away) res's name: w and x on its directory, and in a sticky one owning it or the directory. */
    private static long mayDelete(Namespace.Resolved res) {
        io.helctic.kernel.context.Credentials c = Access.current();
        // with CAP_DAC_OVERRIDE (w and x on any directory) and CAP_FOWNER (any name in a sticky
        // one) nothing below can refuse: the directory's stat is not even read
        if (c.capable(io.helctic.abi.uapi.Proc.CAP_DAC_OVERRIDE) && c.capable(io.helctic.abi.uapi.Proc.CAP_FOWNER)) return 0;
        Handle.Stat d = dirStat(res);
        if (d == null) return 0;
        long ok = Access.check(d, Access.MAY_WRITE | Access.MAY_EXEC, c);
        if (ok < 0 || (d.mode() & S_ISVTX) == 0 || !res.exists()) return ok;
        Result<Handle.Stat> st = res.stat();
        if (st.failed() || st.value().uid() == c.fsuid() || d.uid() == c.fsuid()
                || c.capable(io.helctic.abi.uapi.Proc.CAP_FOWNER)) {
            return 0;
        }
        return Errno.EPERM.negative();
    }

    /**
     * A name just made belongs to the caller's filesystem uid and gid (the directory's gid in a
     * set-group-id directory, which the host applies itself): the host file is chowned when its
     * owner differs, which works only when the host process may chown (root); otherwise the file
     * keeps the host user as its owner.
     */
    private static void own(Namespace.Resolved res) {
        io.helctic.kernel.context.Credentials c = Access.current();
        io.helctic.kernel.context.Credentials host = io.helctic.kernel.host.HostIds.host();
        if (res.scheme() instanceof io.helctic.kernel.scheme.FileScheme && c.fsuid() == host.fsuid() && c.fsgid() == host.fsgid()) {
            return; // the host made it with these ids (the directory's gid in a set-group-id one), as below would
        }
        Result<Handle.Stat> st = res.scheme().lstat(res.dir(), res.name());
        if (st.failed()) return;
        Handle.Stat d = dirStat(res);
        boolean setgidDir = d != null && (d.mode() & S_ISGID) != 0;
        int u = st.value().uid() != c.fsuid() ? c.fsuid() : -1;
        int g = !setgidDir && st.value().gid() != c.fsgid() ? c.fsgid() : -1;
        if (u == -1 && g == -1) return;
        int mode = st.value().mode();
        res.scheme().chown(res.dir(), res.name(), u, g);
        // a chown clears the set-id bits of a file; the new file keeps the mode it was made with
        if ((mode & (S_ISUID | S_ISGID)) != 0 && (mode & Handle.S_IFMT) != Handle.S_IFLNK) {
            res.scheme().chmod(res.dir(), res.name(), mode & 07777);
        }
    }

    // ---- the calls ---------------------------------------------------------------------------

    long openat(long dirfd, long pathPtr, long flagsArg, long modeArg) {
        return open(dirfd, pathPtr, (int) flagsArg, (int) modeArg, 0);
    }

    /** O_TMPFILE's own bit (Linux's __O_TMPFILE; O_TMPFILE is it with O_DIRECTORY). */
    private static final int O_TMPFILE_BIT = O_TMPFILE & ~O_DIRECTORY;

    /** Linux's VALID_OPEN_FLAGS on x86-64: every bit openat2 accepts (O_TMPFILE's own bit among them). */
    private static final long VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
            | O_SYNC | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC
            | O_PATH | O_TMPFILE;
    private static final long VALID_RESOLVE = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS
            | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED;

    /**
     * openat2(dirfd, path, how, size): struct open_how {flags, mode, resolve} of size bytes (at
     * least OPEN_HOW_SIZE_VER0, at most a page; bytes past the ones known must be zero: E2BIG),
     * checked more strictly than openat (an unknown flag or resolve bit, a mode without O_CREAT or
     * O_TMPFILE, a mode beyond 07777, O_CREAT with O_DIRECTORY, O_PATH with other than O_DIRECTORY,
     * O_NOFOLLOW, O_CLOEXEC: EINVAL), the RESOLVE_* rules enforced by the walk ({@link
     * Namespace#resolve(Namespace.Location, String, boolean, int)}). RESOLVE_CACHED: every lookup here
     * counts as cached (Linux answers EAGAIN only when its dcache cannot); one that would create or
     * truncate is EAGAIN, as Linux's.
     */
    long openat2(long dirfd, long pathPtr, long howPtr, long size) {
        if (Long.compareUnsigned(size, OPEN_HOW_SIZE_VER0) < 0) return Errno.EINVAL.negative();
        if (Long.compareUnsigned(size, io.helctic.kernel.memory.AddressSpace.PAGE) > 0) return Errno.E2BIG.negative();
        byte[] raw = UserAccess.get(howPtr, (int) size);
        if (raw == null) return Errno.EFAULT.negative();
        for (int i = OPEN_HOW_SIZE_VER0; i < raw.length; i++) if (raw[i] != 0) return Errno.E2BIG.negative();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong(0), mode = b.getLong(8), resolve = b.getLong(16);
        if ((flags & ~VALID_OPEN_FLAGS) != 0) return Errno.EINVAL.negative();
        if ((resolve & ~VALID_RESOLVE) != 0) return Errno.EINVAL.negative();
        if ((resolve & RESOLVE_BENEATH) != 0 && (resolve & RESOLVE_IN_ROOT) != 0) {
            return Errno.EINVAL.negative();
        }
        boolean willCreate = (flags & (O_CREAT | O_TMPFILE_BIT)) != 0;
        if (willCreate ? (mode & ~07777L) != 0 : mode != 0) return Errno.EINVAL.negative();
        if ((flags & O_CREAT) != 0 && (flags & O_DIRECTORY) != 0) return Errno.EINVAL.negative();
        if ((flags & O_TMPFILE_BIT) != 0) {
            if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE) return Errno.EINVAL.negative();
            if ((flags & O_ACCMODE) != O_WRONLY && (flags & O_ACCMODE) != O_RDWR) return Errno.EINVAL.negative();
        }
        if ((flags & O_PATH) != 0 && (flags & ~(O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)) != 0) {
            return Errno.EINVAL.negative();
        }
        if ((resolve & RESOLVE_CACHED) != 0 && (flags & (O_TRUNC | O_CREAT | O_TMPFILE_BIT)) != 0) {
            return Errno.EAGAIN.negative();
        }
        if ((flags & O_PATH) == 0) flags |= O_LARGEFILE;
        return open(dirfd, pathPtr, (int) flags, (int) mode, (int) (resolve & ~RESOLVE_CACHED));
    }

    private long open(long dirfd, long pathPtr, int flags, int mode, int resolve) {
        boolean creat = (flags & O_CREAT) != 0, excl = (flags & O_EXCL) != 0;
        boolean follow = (flags & O_NOFOLLOW) == 0 && !(creat && excl);
        // Linux 6.4+'s build_open_flags: O_CREAT with O_DIRECTORY (O_TMPFILE's too) is EINVAL before the path is read
        if (creat && (flags & O_DIRECTORY) != 0) return Errno.EINVAL.negative();
        if ((flags & O_TMPFILE) == O_TMPFILE) return Errno.EOPNOTSUPP.negative();
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        Result<Namespace.Resolved> r = lookup(dirfd, path.value(), follow, resolve);
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            if (res.exists()) {
                if (creat && excl) return Errno.EEXIST.negative();
                if (res.type() == Handle.S_IFLNK && (flags & O_PATH) == 0) return Errno.ELOOP.negative();
                if ((flags & O_DIRECTORY) != 0 && !res.isDirectory()) return Errno.ENOTDIR.negative();
            } else if (!creat) {
                return Errno.ENOENT.negative();
            } else if (path.value().endsWith("/")) {
                return Errno.EISDIR.negative(); // O_CREAT of "name/": Linux will not create a directory this way
            } else if ((flags & O_DIRECTORY) != 0) {
                return Errno.EINVAL.negative();
            }
            long allowed = 0; // the walk has checked x on every directory (Namespace.checkSearch)
            Result<Handle.Stat> fst = null; // the permission check's stat, which the lease break reuses
            if (!res.exists()) {
                allowed = mayCreate(res);
            } else if ((flags & O_PATH) == 0) {
                int acc = flags & O_ACCMODE;
                int mask = (acc == O_RDONLY ? Access.MAY_READ : acc == O_WRONLY ? Access.MAY_WRITE
                        : acc == O_RDWR ? Access.MAY_READ | Access.MAY_WRITE : 0)
                        | ((flags & O_TRUNC) != 0 ? Access.MAY_WRITE : 0);
                fst = res.walkedStat();
                if (!fst.failed()) allowed = Access.check(fst.value(), mask, Access.current());
            }
            if (allowed < 0) return allowed;
            int umask = Context.current().process().umask();
            Result<Handle> h;
            if ((flags & O_PATH) != 0 && res.exists()) {
                Result<Handle.Stat> st = res.walkedStat();
                h = st.failed() ? st.cast() : Result.ok(new PathHandle(res.path(), st.value()));
            } else {
                if (res.exists() && res.type() == Handle.S_IFREG) { // do_dentry_open's break_lease, before any O_TRUNC
                    Result<Handle.Stat> st = fst != null ? fst : res.stat();
                    long broken = st.failed() ? 0 : Context.current().files().descriptions().leases().breakFor(st.value(), flags);
                    if (broken < 0) return broken;
                }
                h = res.scheme().open(res.dir(), res.name(), res.path(), flags, mode & ~umask & 07777);
            }
            if (h.failed()) return h.negative();
            if ((flags & O_PATH) == 0) {
                // f_flags: O_LARGEFILE forced on 64-bit; the status and open flags kept as given (O_ASYNC
                // too, though no fasync is set up by an open: F_SETFL O_ASYNC then changes nothing, as Linux)
                Handle opened = h.value();
                opened.setStatusFlags(opened.statusFlags() | O_LARGEFILE | (flags & (O_NOFOLLOW | O_DIRECTORY | O_ASYNC
                        | O_APPEND | O_NONBLOCK | O_SYNC | O_DSYNC | O_NOATIME | O_DIRECT)));
            }
            if (!res.exists()) {
                own(res);
                Fcntls.created(h.value());
            }
            if (Notify.active() && (flags & O_PATH) == 0) {
                Notify.Inode dir = dirInode(res);
                Handle.Stat st = h.value().stat();
                Notify.Inode self = Notify.Inode.of(st);
                boolean isDir = st != null && st.isDirectory();
                if (!res.exists()) Notify.child(dir, res.name(), null, IN_CREATE, 0);
                Notify.opened(h.value(), dir, res.name(), self, isDir);
                Notify.child(dir, res.name(), self, IN_OPEN | (isDir ? IN_ISDIR : 0), 0);
            }
            return Context.current().files().install(h.value(), 0, (flags & O_CLOEXEC) != 0);
        }
    }

    /**
     * statx. A host file is described by the host's own statx (its birth time where its filesystem
     * keeps one, its attributes, mount id and direct-I/O alignment, each as the host reports them
     * for the mask asked); the kernel's own files as Linux describes theirs: the basic stats and
     * the mount id, STATX_ATTR_AUTOMOUNT|MOUNT_ROOT|DAX known, MOUNT_ROOT set at /proc and /dev;
     * /dev's nodes and memfds (tmpfs) also know IMMUTABLE|APPEND|NODUMP and give a birth time when
     * asked, and a memfd, as tmpfs's multigrain times, its mtime and ctime only when asked.
     */
    long statx(long dirfd, long pathPtr, long flagsArg, long maskArg, long buf) {
        int flags = (int) flagsArg, mask = (int) maskArg;
        Result<String> path = pathPtr == 0 && (flags & AT_EMPTY_PATH) != 0 ? Result.ok("") : UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED) != 0
                || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) != 0) {
            return Errno.EINVAL.negative();
        }
        mask &= ~STATX_CHANGE_COOKIE; // kernel-internal
        Result<byte[]> out = statxOf(dirfd, path.value(), flags, mask, flags & AT_STATX_SYNC_TYPE);
        if (out.failed()) return out.negative();
        return UserAccess.put(buf, out.value()) ? 0 : Errno.EFAULT.negative();
    }

    private Result<byte[]> statxOf(long dirfd, String path, int flags, int mask, int sync) {
        if ((flags & AT_EMPTY_PATH) != 0 && path.isEmpty()) {
            if ((int) dirfd != AT_FDCWD) {
                Handle h = Context.current().files().get((int) dirfd);
                if (h == null) return Result.err(Errno.EBADF);
                byte[] host = h.hostStatx(mask, sync);
                if (host != null) return Result.ok(host);
                return Result.ok(synthStatx(h.stat(), mask, h.birthNanos(), h.shmem(),
                        false));
            }
            path = ".";
        }
        Result<Namespace.Resolved> r = lookup(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.cast();
        try (Namespace.Resolved res = r.value()) {
            Result<Handle.Stat> st = res.walkedStat();
            if (st.failed()) return st.cast();
            Result<byte[]> host = res.scheme().hostStatx(res.dir(), res.name(), sync, mask);
            if (host != null && !host.failed()) return host;
            boolean root = false;
            for (Namespace.Mount m : ns.mounts()) root |= m.point().equals(res.path()) && !m.point().equals("/");
            return Result.ok(synthStatx(st.value(), mask, res.scheme().birthNanos(res.dir(), res.name()), res.scheme().shmem(), root));
        }
    }

    /** The device of /dev's nodes (a devtmpfs: a tmpfs). */
    private static final long DEVTMPFS = 0x6;

    /** struct statx of one of the kernel's own files, as Linux fills it for its counterpart. */
    private static byte[] synthStatx(Handle.Stat s, int mask, long birth, boolean mgtime, boolean mountRoot) {
        boolean tmpfs = mgtime || s.dev() == DEVTMPFS;
        if (tmpfs && birth < 0) birth = s.ctimeNanos();
        int result = STATX_BASIC_STATS;
        boolean times = !mgtime || (mask & (STATX_MTIME | STATX_CTIME)) != 0;
        if (!times) result &= ~(STATX_MTIME | STATX_CTIME);
        if ((tmpfs || birth >= 0) && (mask & STATX_BTIME) != 0) result |= STATX_BTIME;
        long mnt = s.dev();
        if ((mask & STATX_MNT_ID_UNIQUE) != 0) {
            result |= STATX_MNT_ID_UNIQUE;
            mnt |= 0x80000000L;
        } else {
            result |= STATX_MNT_ID;
        }
        Struct.Layout l = Struct.STATX.layout(Context.current().cpu().isa());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(l.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        l.put(b, "stx_mask", result);
        l.put(b, "stx_blksize", s.blksize());
        l.put(b, "stx_attributes", mountRoot ? STATX_ATTR_MOUNT_ROOT : 0);
        l.put(b, "stx_attributes_mask", STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX
                | (tmpfs ? STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND | STATX_ATTR_NODUMP : 0));
        l.put(b, "stx_nlink", s.nlink());
        l.put(b, "stx_uid", s.uid());
        l.put(b, "stx_gid", s.gid());
        l.put(b, "stx_mode", s.mode());
        l.put(b, "stx_ino", s.ino());
        l.put(b, "stx_size", s.size());
        l.put(b, "stx_blocks", s.blocks());
        String[] names = {"stx_atime", "stx_ctime", "stx_mtime", "stx_btime"};
        long[] t = {s.atimeNanos(), times ? s.ctimeNanos() : 0, times ? s.mtimeNanos() : 0,
            (result & STATX_BTIME) != 0 ? birth : 0};
        for (int i = 0; i < 4; i++) {
            l.put(b, names[i] + ".tv_sec", Math.floorDiv(t[i], 1_000_000_000L));
            l.put(b, names[i] + ".tv_nsec", Math.floorMod(t[i], 1_000_000_000L));
        }
        l.put(b, "stx_rdev_major", major(s.rdev()));
        l.put(b, "stx_rdev_minor", minor(s.rdev()));
        l.put(b, "stx_dev_major", major(s.dev()));
        l.put(b, "stx_dev_minor", minor(s.dev()));
        l.put(b, "stx_mnt_id", mnt);
        return b.array();
    }

    static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }

    static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }

    /** The stat fstatat and statx describe: a path, or dirfd itself with AT_EMPTY_PATH and an empty path. */
    private Result<Handle.Stat> stat(long dirfd, long pathPtr, int flags) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed() && !(pathPtr == 0 && (flags & AT_EMPTY_PATH) != 0)) return path.cast();
        if ((flags & AT_EMPTY_PATH) != 0 && (path.failed() || path.value().isEmpty())) {
            if ((int) dirfd == AT_FDCWD) {
                Result<Namespace.Resolved> r = lookup(AT_FDCWD, ".", true);
                if (r.failed()) return r.cast();
                try (Namespace.Resolved res = r.value()) {
                    return res.walkedStat();
                }
            }
            Handle h = Context.current().files().get((int) dirfd);
            return h == null ? Result.err(Errno.EBADF) : Result.ok(h.stat());
        }
        Result<Namespace.Resolved> r = lookup(dirfd, path.value(), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (r.failed()) return r.cast();
        try (Namespace.Resolved res = r.value()) {
            return res.walkedStat();
        }
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
        try (Namespace.Resolved res = r.value()) {
            if (res.exists()) return Errno.EEXIST.negative();
            long allowed = mayCreate(res);
            if (allowed < 0) return allowed;
            int umask = Context.current().process().umask();
            long made = res.scheme().mkdir(res.dir(), res.name(), mode & ~umask & 07777);
            if (made == 0) own(res);
            if (made == 0) notify(res, IN_CREATE | IN_ISDIR, null, 0);
            return made;
        }
    }

    /**
     * mknodat: S_IFIFO, S_IFSOCK and S_IFREG (or type 0) nodes; S_IFCHR and S_IFBLK only where the
     * scheme allows (EPERM in a host directory); S_IFDIR is EPERM and any other type EINVAL, as Linux.
     */
    long mknodat(long dirfd, long pathPtr, long modeArg, long dev) {
        int mode = (int) modeArg;
        int type = mode & Handle.S_IFMT;
        if (type == Handle.S_IFDIR) return Errno.EPERM.negative();
        if (type != 0 && type != Handle.S_IFREG && type != Handle.S_IFIFO && type != Handle.S_IFSOCK
                && type != Handle.S_IFCHR && type != Handle.S_IFBLK) {
            return Errno.EINVAL.negative();
        }
        Result<Namespace.Resolved> r = lookup(dirfd, pathPtr, false);
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            if (res.exists()) return Errno.EEXIST.negative();
            long allowed = mayCreate(res);
            if (allowed < 0) return allowed;
            int umask = Context.current().process().umask();
            int perm = mode & ~umask & 07777;
            long made;
            if (type == 0 || type == Handle.S_IFREG) {
                Result<Handle> h = res.scheme().open(res.dir(), res.name(), res.path(),
                        O_CREAT | O_EXCL | O_WRONLY, perm);
                if (h.failed()) return h.negative();
                h.value().close();
                made = 0;
            } else if (type == Handle.S_IFCHR || type == Handle.S_IFBLK) {
                if (!Context.current().process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_MKNOD)) {
                    return Errno.EPERM.negative();
                }
                made = res.scheme().mknodDevice(res.dir(), res.name(), type | perm, dev);
            } else {
                made = res.scheme().mknod(res.dir(), res.name(), type | perm);
            }
            if (made == 0) own(res);
            if (made == 0) notify(res, IN_CREATE, null, 0);
            return made;
        }
    }

    // ---- AF_UNIX socket files --------------------------------------------------------------------

    /** bind(2) of an AF_UNIX path: a socket file (0777 less the umask; EADDRINUSE when the name exists), its inode. */
    Result<io.helctic.kernel.net.Network.NodeKey> makeSocketNode(String path) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, false);
        if (r.failed()) return r.cast();
        try (Namespace.Resolved res = r.value()) {
            if (res.exists()) return Result.err(Errno.EADDRINUSE);
            long allowed = mayCreate(res);
            if (allowed < 0) return Result.err(allowed);
            int perm = 0777 & ~Context.current().process().umask();
            long made = res.scheme().mknod(res.dir(), res.name(), Handle.S_IFSOCK | perm);
            if (made < 0) return Result.err(made);
            own(res);
            notify(res, IN_CREATE, null, 0);
            Result<Handle.Stat> st = res.scheme().lstat(res.dir(), res.name());
            if (st.failed()) return st.cast();
            return Result.ok(new io.helctic.kernel.net.Network.NodeKey(res.scheme(), st.value().dev(), st.value().ino()));
        }
    }

    /** connect(2) or sendto(2) to an AF_UNIX path: ENOENT, ECONNREFUSED for a file that is no socket, or its inode. */
    Result<io.helctic.kernel.net.Network.NodeKey> findSocketNode(String path) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, true);
        if (r.failed()) return r.cast();
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return Result.err(Errno.ENOENT);
            if (res.type() != Handle.S_IFSOCK) return Result.err(Errno.ECONNREFUSED);
            Result<Handle.Stat> st = res.stat();
            if (st.failed()) return st.cast();
            return Result.ok(new io.helctic.kernel.net.Network.NodeKey(res.scheme(), st.value().dev(), st.value().ino()));
        }
    }

    /** A stream connection to a socket file a program outside the kernel bound at path (see Scheme.connectHostSocket). */
    Result<java.nio.channels.SocketChannel> connectHostSocket(String path) {
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, path, true);
        if (r.failed()) return r.cast();
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return Result.err(Errno.ENOENT);
            return res.scheme().connectHostSocket(res.dir(), res.name());
        }
    }

    // ---- inotify ------------------------------------------------------------------------------

    /** The inode of res's directory (null when it cannot be found, or nothing is watched). */
    private static Notify.Inode dirInode(Namespace.Resolved res) {
        if (!Notify.active()) return null;
        Result<Handle.Stat> d = res.scheme().lstat(res.dir(), "");
        return d.failed() ? null : Notify.Inode.of(d.value());
    }

    /** The inode of res itself, as it is now (null when missing, or nothing is watched). */
    private static Notify.Inode inode(Namespace.Resolved res) {
        if (!Notify.active() || !res.exists()) return null;
        Result<Handle.Stat> st = res.stat();
        return st.failed() ? null : Notify.Inode.of(st.value());
    }

    /** An event on res (a directory entry): its directory's watchers hear it with the name, its own without. */
    private static void notify(Namespace.Resolved res, int mask, Notify.Inode self, int cookie) {
        if (Notify.active()) Notify.child(dirInode(res), res.name(), self, mask, cookie);
    }

    /** A metadata change to res that succeeded ({@code r} 0): IN_ATTRIB. Returns r. */
    private static long attrib(Namespace.Resolved res, long r) {
        if (r == 0 && Notify.active()) notify(res, IN_ATTRIB | (res.isDirectory() ? IN_ISDIR : 0), inode(res), 0);
        return r;
    }

    /** inotify_add_watch: the inode the path names (IN_DONT_FOLLOW: a final symlink itself; IN_ONLYDIR: ENOTDIR else). */
    long inotifyAddWatch(long fd, long pathPtr, long maskArg) {
        int mask = (int) maskArg;
        io.helctic.kernel.scheme.Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (!(h instanceof io.helctic.kernel.scheme.Inotify in)) return Errno.EINVAL.negative();
        if ((mask & IN_ALL_EVENTS) == 0) return Errno.EINVAL.negative();
        if ((mask & IN_MASK_ADD) != 0 && (mask & IN_MASK_CREATE) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> r = lookup(AT_FDCWD, pathPtr, (mask & IN_DONT_FOLLOW) == 0);
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return Errno.ENOENT.negative();
            if ((mask & IN_ONLYDIR) != 0 && !res.isDirectory()) return Errno.ENOTDIR.negative();
            Result<Handle.Stat> st = res.stat();
            if (st.failed()) return st.negative();
            return in.add(Notify.Inode.of(st.value()), mask);
        }
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
        return onExisting(lookup(dirfd, p, false), res -> {
            long allowed = mayDelete(res);
            if (allowed < 0) return allowed;
            boolean dir = (flags & AT_REMOVEDIR) != 0;
            Notify.Inode self = inode(res);
            long links = self == null ? 0 : res.stat().value().nlink();
            long r = dir ? res.scheme().rmdir(res.dir(), res.name()) : res.scheme().unlink(res.dir(), res.name());
            if (r == 0 && Notify.active()) {
                // as Linux: the inode hears first (a link fewer; gone with its last), then its directory
                if (!dir) Notify.self(self, IN_ATTRIB);
                if (dir || links <= 1) Notify.self(self, IN_DELETE_SELF);
                notify(res, IN_DELETE | (dir ? IN_ISDIR : 0), null, 0);
            }
            return r;
        });
    }

    long renameat(long od, long op, long nd, long np, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0) return Errno.EINVAL.negative();
        if ((flags & RENAME_NOREPLACE) != 0 && (flags & RENAME_EXCHANGE) != 0) return Errno.EINVAL.negative();
        boolean exchange = (flags & RENAME_EXCHANGE) != 0;
        Result<Namespace.Resolved> from = lookup(od, op, false);
        if (from.failed()) return from.negative();
        try (Namespace.Resolved f = from.value()) {
            Result<Namespace.Resolved> to = lookup(nd, np, false);
            if (to.failed()) return to.negative();
            try (Namespace.Resolved t = to.value()) {
                if (!f.exists() || (exchange && !t.exists())) return Errno.ENOENT.negative();
                if (f.mount() != t.mount()) return Errno.EXDEV.negative();
                long allowed = mayDelete(f);
                if (allowed >= 0) allowed = t.exists() ? mayDelete(t) : mayCreate(t);
                if (allowed < 0) return allowed;
                Notify.Inode moved = inode(f), replaced = inode(t);
                boolean isDir = f.isDirectory(), otherDir = t.isDirectory();
                long r = f.scheme().rename(f.dir(), f.name(), t.dir(), t.name(), flags);
                if (r == 0 && Notify.active()) {
                    int cookie = Notify.cookie(), d = isDir ? IN_ISDIR : 0;
                    notify(f, IN_MOVED_FROM | d, null, cookie);
                    notify(t, IN_MOVED_TO | d, null, cookie);
                    if (exchange) { // the other one moved the other way
                        int back = Notify.cookie(), od2 = otherDir ? IN_ISDIR : 0;
                        notify(t, IN_MOVED_FROM | od2, null, back);
                        notify(f, IN_MOVED_TO | od2, null, back);
                        Notify.self(replaced, IN_MOVE_SELF);
                    } else if (replaced != null && !replaced.equals(moved)) {
                        Notify.self(replaced, IN_DELETE_SELF);
                    }
                    Notify.self(moved, IN_MOVE_SELF);
                }
                return r;
            }
        }
    }

    long linkat(long od, long op, long nd, long np, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        Result<Namespace.Resolved> from = lookup(od, op, (flags & AT_SYMLINK_FOLLOW) != 0);
        if (from.failed()) return from.negative();
        try (Namespace.Resolved f = from.value()) {
            Result<Namespace.Resolved> to = lookup(nd, np, false);
            if (to.failed()) return to.negative();
            try (Namespace.Resolved t = to.value()) {
                if (!f.exists()) return Errno.ENOENT.negative();
                if (t.exists()) return Errno.EEXIST.negative();
                if (f.mount() != t.mount()) return Errno.EXDEV.negative();
                long allowed = mayCreate(t);
                if (allowed < 0) return allowed;
                Notify.Inode linked = inode(f);
                long r = f.scheme().link(f.dir(), f.name(), t.dir(), t.name());
                if (r == 0 && linked != null) {
                    Notify.self(linked, IN_ATTRIB); // one link more, heard before the directory's IN_CREATE
                    notify(t, IN_CREATE, null, 0);
                }
                return r;
            }
        }
    }

    long symlinkat(long targetPtr, long nd, long np) {
        Result<String> target = UserAccess.path(targetPtr);
        if (target.failed()) return target.negative();
        if (target.value().isEmpty()) return Errno.ENOENT.negative();
        Result<Namespace.Resolved> r = lookup(nd, np, false);
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            if (res.exists()) return Errno.EEXIST.negative();
            long allowed = mayCreate(res);
            if (allowed < 0) return allowed;
            long made = res.scheme().symlink(target.value(), res.dir(), res.name());
            if (made == 0) own(res);
            if (made == 0) notify(res, IN_CREATE, null, 0);
            return made;
        }
    }

    long readlinkat(long dirfd, long pathPtr, long buf, long size) {
        if (size <= 0) return Errno.EINVAL.negative();
        return onExisting(lookup(dirfd, pathPtr, false), res -> {
            if (res.type() != Handle.S_IFLNK) return Errno.EINVAL.negative();
            Result<String> t = res.scheme().readlink(res.dir(), res.name());
            if (t.failed()) return t.negative();
            byte[] bytes = t.value().getBytes(StandardCharsets.ISO_8859_1);
            int n = (int) Math.min(size, bytes.length);
            return UserAccess.put(buf, java.util.Arrays.copyOf(bytes, n)) ? n : Errno.EFAULT.negative();
        });
    }

    long faccessat(long dirfd, long pathPtr, long modeArg, long flagsArg) {
        int mode = (int) modeArg, flags = (int) flagsArg;
        if ((mode & ~7) != 0) return Errno.EINVAL.negative();
        if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        return onExisting(lookup(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<Handle.Stat> st = res.walkedStat();
            // access(2) checks with the real ids; AT_EACCESS with the filesystem ids and effective capabilities
            io.helctic.kernel.context.Credentials c = Access.current();
            return st.failed() ? st.negative() : Access.check(st.value(), mode, (flags & AT_EACCESS) != 0 ? c : c.forAccess());
        });
    }

    long fchmodat(long dirfd, long pathPtr, long modeArg, long flagsArg) {
        int mode = (int) modeArg, flags = (int) flagsArg;
        if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) return Errno.EINVAL.negative();
        return onExisting(target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            if (res.type() == Handle.S_IFLNK) return Errno.EOPNOTSUPP.negative();
            Result<Handle.Stat> st = res.walkedStat();
            if (st.failed()) return st.negative();
            io.helctic.kernel.context.Credentials c = Access.current();
            // Linux: the owner or CAP_FOWNER; S_ISGID goes unless the group is one's own or CAP_FSETID
            if (st.value().uid() != c.fsuid() && !c.capable(io.helctic.abi.uapi.Proc.CAP_FOWNER)) {
                return Errno.EPERM.negative();
            }
            int m = mode & 07777;
            if (!c.inGroup(st.value().gid()) && !c.capable(io.helctic.abi.uapi.Proc.CAP_FSETID)) m &= ~S_ISGID;
            return attrib(res, res.scheme().chmod(res.dir(), res.name(), m));
        });
    }

    long fchownat(long dirfd, long pathPtr, long uidArg, long gidArg, long flagsArg) {
        int u = (int) uidArg, g = (int) gidArg, flags = (int) flagsArg;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        return onExisting(target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<Handle.Stat> st = res.walkedStat();
            if (st.failed()) return st.negative();
            io.helctic.kernel.context.Credentials c = Access.current();
            // Linux's chown_ok and chgrp_ok: the owner may give the file to a group of its own; CAP_CHOWN anything
            boolean owner = st.value().uid() == c.fsuid(), cap = c.capable(io.helctic.abi.uapi.Proc.CAP_CHOWN);
            boolean uidOk = u == -1 || (owner && u == st.value().uid()) || cap;
            boolean gidOk = g == -1 || (owner && (g == st.value().gid() || c.inGroup(g))) || cap;
            if (!uidOk || !gidOk) return Errno.EPERM.negative();
            return attrib(res, res.scheme().chown(res.dir(), res.name(), u, g));
        });
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
        long a = atime, m = mtime;
        return onExisting(target(dirfd, pathPtr, (flags & AT_SYMLINK_NOFOLLOW) == 0),
                res -> attrib(res, res.scheme().utimens(res.dir(), res.name(), a, m)));
    }

    long truncate(long path, long len) {
        return onExisting(lookup(AT_FDCWD, path, true), res -> {
            Result<Handle.Stat> st = res.stat();
            // vfs_truncate's break_lease(inode, O_WRONLY), after its checks: a length, a writable regular file
            if (len >= 0 && !st.failed() && st.value().type() == Handle.S_IFREG
                    && Access.check(st.value(), Access.MAY_WRITE, Access.current()) == 0) {
                long broken = Context.current().files().descriptions().leases().breakFor(st.value(), O_WRONLY);
                if (broken < 0) return broken;
            }
            long r = res.scheme().truncate(res.dir(), res.name(), len);
            if (r == 0) notify(res, IN_MODIFY, inode(res), 0);
            return r;
        });
    }

    long statfs(long path, long buf) {
        return onExisting(lookup(AT_FDCWD, path, true), res -> statfsTo(res, buf));
    }

    long fstatfs(long fd, long buf) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        Result<Namespace.Resolved> r = h.dir() != null ? self(h) : Result.err(Errno.ENOENT);
        if (r.failed()) {
            String p = h.path() != null && h.path().startsWith("/") ? h.path() : "/";
            r = ns.resolve("/", p, true);
            if (r.failed() || !r.value().exists()) {
                if (!r.failed()) r.value().close();
                r = ns.resolve("/", "/", true);
            }
        }
        if (r.failed()) return r.negative();
        try (Namespace.Resolved res = r.value()) {
            return statfsTo(res, buf);
        }
    }

    /**
     * ustat: the free blocks and inodes of the filesystem mounted on dev. The kernel's own
     * filesystems (proc, pipes, sockets, anonymous inodes, memfds, mqueue) count none, as their
     * Linux counterparts; any other device is one of the host's (the guest's files carry the host's
     * devices), and the host's own ustat answers for it, EINVAL included.
     */
    static long ustat(long dev, long ubuf) {
        int d = (int) dev;
        long major = (d & 0xfff00) >>> 8, minor = (d & 0xff) | ((d >>> 12) & 0xfff00);
        long st = ((major & 0xfff) << 8) | (minor & 0xff) | ((major & ~0xfffL) << 32) | ((minor & ~0xffL) << 12);
        byte[] out = null;
        for (long own : io.helctic.kernel.scheme.Filesystems.OWN_DEVICES) {
            if (own == st) out = new byte[32]; // f_tfree 0, f_tinode 0, no names
        }
        if (out == null) {
            Result<byte[]> host = io.helctic.kernel.scheme.HostFs.ustat(dev);
            if (host.failed()) return host.negative();
            out = host.value();
        }
        return UserAccess.put(ubuf, out) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * sysfs: option 1, the index of the type named at arg1 (EINVAL if none); option 2, the name of
     * type arg1 (an unsigned int) to arg2; option 3, how many types there are. Any other: EINVAL.
     */
    long sysfs(long option, long arg1, long arg2) {
        java.util.List<String> names = io.helctic.kernel.scheme.Filesystems.names(ns);
        switch ((int) option) {
            case 1 -> {
                Result<String> name = UserAccess.path(arg1);
                if (name.failed()) return name.negative();
                if (name.value().isEmpty()) return Errno.ENOENT.negative(); // getname()
                int i = names.indexOf(name.value());
                return i < 0 ? Errno.EINVAL.negative() : i;
            }
            case 2 -> {
                long index = arg1 & 0xffffffffL;
                if (index >= names.size()) return Errno.EINVAL.negative();
                byte[] n = (names.get((int) index) + "\0").getBytes(StandardCharsets.ISO_8859_1);
                return UserAccess.put(arg2, n) ? 0 : Errno.EFAULT.negative();
            }
            case 3 -> { return names.size(); }
            default -> { return Errno.EINVAL.negative(); }
        }
    }

    private static long statfsTo(Namespace.Resolved r, long buf) {
        Result<byte[]> s = r.scheme().statfs(r.dir());
        if (s.failed()) return s.negative();
        return UserAccess.put(buf, s.value()) ? 0 : Errno.EFAULT.negative();
    }

    static long umask(long mask) {
        Process p = Context.current().process();
        int old = p.umask();
        p.setUmask((int) mask);
        return old;
    }

    long chdir(long path) {
        return onExisting(lookup(AT_FDCWD, path, true), res -> {
            if (!res.isDirectory()) return Errno.ENOTDIR.negative();
            Result<Handle.Stat> st = res.walkedStat();
            long allowed = st.failed() ? 0 : Access.check(st.value(), Access.MAY_EXEC, Access.current());
            if (allowed < 0) return allowed;
            Result<Dir> d = res.scheme().openDir(res.dir(), res.name());
            if (d.failed()) return d.negative();
            Context.current().process().setCwd(res.path(), d.value());
            return 0;
        });
    }

    static long fchdir(long fd) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (!h.stat().isDirectory() || h.path() == null) return Errno.ENOTDIR.negative();
        long allowed = Access.check(h.stat(), Access.MAY_EXEC, Access.current());
        if (allowed < 0) return allowed;
        Dir d = h.dir() != null ? h.dir().borrowed() : null; // the directory itself, held, wherever it is now
        if (h.dir() != null && d == null) return Errno.EBADF.negative();
        Context.current().process().setCwd(h.path(), d);
        return 0;
    }

    static long getcwd(long buf, long size) {
        byte[] cwd = (Context.current().process().cwd() + "\0").getBytes(StandardCharsets.ISO_8859_1);
        if (size < cwd.length) return Errno.ERANGE.negative();
        return UserAccess.put(buf, cwd) ? cwd.length : Errno.EFAULT.negative();
    }

    // ---- extended attributes ---------------------------------------------------------------

    private static Result<String> xattrName(long ptr) {
        Result<String> n = UserAccess.string(ptr, XATTR_NAME_MAX + 1);
        if (n.failed()) return n.errno() == Errno.ENAMETOOLONG.number() ? Result.err(Errno.ERANGE) : n;
        return n.value().isEmpty() ? Result.err(Errno.ERANGE) : n;
    }

    long getxattr(long dirfd, long path, long name, long value, long size, long flagsArg) {
        int flags = (int) flagsArg;
        return onExisting(target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<String> n = xattrName(name);
            if (n.failed()) return n.negative();
            Result<byte[]> v = res.scheme().getxattr(res.dir(), res.name(), n.value());
            if (v.failed()) return v.negative();
            if (size == 0) return v.value().length;
            if (size < v.value().length) return Errno.ERANGE.negative();
            return UserAccess.put(value, v.value()) ? v.value().length : Errno.EFAULT.negative();
        });
    }

    long listxattr(long dirfd, long path, long list, long size, long flagsArg) {
        int flags = (int) flagsArg;
        return onExisting(target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<java.util.List<String>> names = res.scheme().listxattr(res.dir(), res.name());
            if (names.failed()) return names.negative();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (String n : names.value()) {
                out.writeBytes(n.getBytes(StandardCharsets.ISO_8859_1));
                out.write(0);
            }
            byte[] b = out.toByteArray();
            if (size == 0) return b.length;
            if (size < b.length) return Errno.ERANGE.negative();
            return b.length == 0 || UserAccess.put(list, b) ? b.length : Errno.EFAULT.negative();
        });
    }

    long setxattr(long dirfd, long path, long name, long value, long size, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE | AT_SYMLINK_NOFOLLOW)) != 0
                || (flags & (XATTR_CREATE | XATTR_REPLACE)) == (XATTR_CREATE | XATTR_REPLACE)) {
            return Errno.EINVAL.negative();
        }
        if (size < 0 || size > XATTR_SIZE_MAX) return Errno.E2BIG.negative();
        return onExisting(target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<String> n = xattrName(name);
            if (n.failed()) return n.negative();
            byte[] v = size == 0 ? new byte[0] : UserAccess.get(value, (int) size);
            if (v == null) return Errno.EFAULT.negative();
            return attrib(res, res.scheme().setxattr(res.dir(), res.name(), n.value(), v, flags & (XATTR_CREATE | XATTR_REPLACE)));
        });
    }

    long removexattr(long dirfd, long path, long name, long flags) {
        return onExisting(target(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0), res -> {
            Result<String> n = xattrName(name);
            return n.failed() ? n.negative() : attrib(res, res.scheme().removexattr(res.dir(), res.name(), n.value()));
        });
    }

    /** An O_PATH descriptor: it names a file for *at calls, fstat and fchdir, and does no I/O. */
    record PathHandle(String path, Handle.Stat stat) implements Handle {
        @Override public long read(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }
        @Override public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }
        @Override public long ioctl(long request, long arg) { return Errno.EBADF.negative(); }
        @Override public int statusFlags() { return O_PATH; }
    }
}
