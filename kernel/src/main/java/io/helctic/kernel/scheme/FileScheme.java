package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.AT_REMOVEDIR;
import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_CREAT;
import static io.helctic.abi.uapi.Fcntl.O_DIRECTORY;
import static io.helctic.abi.uapi.Fcntl.O_EXCL;
import static io.helctic.abi.uapi.Fcntl.O_NOCTTY;
import static io.helctic.abi.uapi.Fcntl.O_NOFOLLOW;
import static io.helctic.abi.uapi.Fcntl.O_PATH;
import static io.helctic.abi.uapi.Fcntl.O_RDONLY;
import static io.helctic.abi.uapi.Fcntl.O_RDWR;
import static io.helctic.abi.uapi.Fcntl.O_TRUNC;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Fs.RENAME_NOREPLACE;
import static io.helctic.abi.uapi.Fs.RENAME_EXCHANGE;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.Notify.Inode;
import io.helctic.kernel.vfs.Result;
import io.helctic.kernel.vfs.Scheme;
import io.helctic.kernel.vfs.SharedFd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file: scheme: a host directory served as the guest's filesystem, entirely through host
 * descriptors ({@link HostFs}). The root is a descriptor opened once; a walk opens each directory
 * relative to its parent's descriptor without following symlinks (the namespace reads and
 * follows them itself, inside the guest's root); and every operation is one *at call on the
 * final parent's descriptor with one name, never following a final symlink. A file is opened by
 * first taking an O_PATH descriptor of the name (no symlink followed), checking what it is, then
 * reopening that very inode through its /proc/self/fd link. Nothing between the check and the
 * use can be swapped: a rename of any directory the walk passed through changes nothing it holds.
 */
public final class FileScheme implements Scheme, AutoCloseable {
    private final Path root;
    private final Dir rootDir;
    private final long rootDev, rootIno;
    private final PageCache pageCache = new PageCache();
    /** The FIFOs some process has open, by inode: their pipes live in the kernel, never the host's. */
    private final java.util.Map<Inode, Pipe> fifos = new java.util.HashMap<>();
    /** The attack suite's planted bug (see {@link #plantHostPathOpen}). */
    private volatile boolean hostPathOpen;

    /** Serves {@code root}; an IllegalStateException with one line when the host cannot (see {@link HostFs#available}). */
    public FileScheme(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (!HostFs.available()) throw new IllegalStateException(HostFs.unavailableReason());
        int fd = HostFs.openPath(HostFs.hostBytes(this.root.toString()), O_PATH | O_DIRECTORY);
        if (fd < 0) {
            throw new IllegalStateException("cannot open the root " + this.root + ": " + HostFs.errno(fd).description());
        }
        this.rootDir = new Dir(this, "", fd, false);
        Result<Handle.Stat> st = HostFs.lstat(fd, new byte[0]);
        this.rootDev = st.failed() ? 0 : st.value().dev();
        this.rootIno = st.failed() ? 0 : st.value().ino();
    }

    /** The host directory served. */
    public Path hostRoot() { return root; }

    @Override
    public String name() { return "file"; }

    @Override
    public Dir root() { return rootDir; }

    private static byte[] b(String name) {
        return HostFs.bytes(name);
    }

    @Override
    public Result<Entry> lookup(Dir dir, String name, boolean open) {
        if (open) {
            int fd = HostFs.openat(dir.fd(), b(name), O_PATH | O_DIRECTORY | O_NOFOLLOW, 0);
            if (fd >= 0) return Result.ok(new Entry(Handle.S_IFDIR | 0755, new Dir(this, dir.child(name), fd, true)));
            if (fd != Errno.ENOTDIR.negative() && fd != Errno.ELOOP.negative()) return Result.err(HostFs.errno(fd));
        }
        Result<Handle.Stat> st = HostFs.lstat(dir.fd(), b(name));
        return st.failed() ? st.cast() : Result.ok(new Entry(st.value().mode(), null, st.value()));
    }

    /**
     * One host openat2 for the whole chain, the host kernel keeping it beneath {@code dir}
     * (RESOLVE_BENEATH), refusing any symlink (RESOLVE_NO_SYMLINKS, which covers procfs's magic
     * links) — so it reaches what one O_NOFOLLOW lookup per name would, race-free, in one call
     * instead of an openat and a close per name. Any failure (a missing name, a symlink, a host
     * without openat2) leaves the answer to the walk.
     */
    @Override
    public Dir descendAll(Dir dir, String names) {
        int fd = HostFs.openBeneath(dir.fd(), b(names), O_PATH | O_DIRECTORY | O_NOFOLLOW,
                HOST_RESOLVE_BENEATH | HOST_RESOLVE_NO_SYMLINKS | HOST_RESOLVE_NO_MAGICLINKS);
        if (fd < 0) return null;
        return new Dir(this, dir.child(names), fd, true);
    }

    /** The host's openat2 RESOLVE_* bits (Linux's uapi, which the host shares with the guest ABI). */
    private static final long HOST_RESOLVE_NO_MAGICLINKS = io.helctic.abi.uapi.Fcntl.RESOLVE_NO_MAGICLINKS,
            HOST_RESOLVE_NO_SYMLINKS = io.helctic.abi.uapi.Fcntl.RESOLVE_NO_SYMLINKS,
            HOST_RESOLVE_BENEATH = io.helctic.abi.uapi.Fcntl.RESOLVE_BENEATH;

    @Override
    public Result<Dir> openDir(Dir dir, String name) {
        int fd = HostFs.openat(dir.fd(), b(name.isEmpty() ? "." : name), O_PATH | O_DIRECTORY | O_NOFOLLOW, 0);
        if (fd < 0) return Result.err(HostFs.errno(fd));
        return Result.ok(Dir.holding(this, dir.child(name), new SharedFd(fd, HostFs::close)));
    }

    @Override
    public void release(Dir dir) {
        if (dir.fd() >= 0) HostFs.close(dir.fd());
    }

    @Override
    public Result<byte[]> hostStatx(Dir dir, String name, int syncFlags, int mask) {
        return HostFs.statx(dir.fd(), b(name), syncFlags, mask);
    }

    @Override
    public Result<Handle.Stat> lstat(Dir dir, String name) {
        return HostFs.lstat(dir.fd(), b(name));
    }

    @Override
    public Result<String> readlink(Dir dir, String name) {
        Result<byte[]> t = HostFs.readlinkat(dir.fd(), b(name));
        return t.failed() ? t.cast() : Result.ok(new String(t.value(), StandardCharsets.ISO_8859_1));
    }

    /**
     * An O_PATH descriptor of the name itself (of dir itself for ""), no symlink followed, and
     * what it is: the descriptor every operation on an existing file goes through.
     */
    private record Pinned(int fd, Handle.Stat stat) implements AutoCloseable {
        @Override
        public void close() {
            HostFs.close(fd);
        }
    }

    private Result<Pinned> pin(Dir dir, String name) {
        int fd = name.isEmpty() ? HostFs.openPath(proc(dir.fd()), O_PATH) // the descriptor's own inode
                : HostFs.openat(dir.fd(), b(name), O_PATH | O_NOFOLLOW, 0);
        if (fd < 0) return Result.err(HostFs.errno(fd));
        Result<Handle.Stat> st = HostFs.lstat(fd, new byte[0]);
        if (st.failed()) {
            HostFs.close(fd);
            return st.cast();
        }
        return Result.ok(new Pinned(fd, st.value()));
    }

    /** The /proc/self/fd link of a descriptor: its magic link jumps to the descriptor's inode, and no further. */
    private static byte[] proc(int fd) {
        return ("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reopens the inode a pinned descriptor holds, with an access mode, through its /proc/self/fd link. */
    private static int reopen(Pinned p, int hostFlags) {
        return HostFs.openPath(proc(p.fd()), hostFlags);
    }

    @Override
    public Result<Handle> open(Dir dir, String name, String guestPath, int flags, int mode) {
        int acc = flags & O_ACCMODE;
        int access = acc == O_WRONLY ? O_WRONLY : acc == O_RDWR ? O_RDWR : O_RDONLY;
        boolean created = false;
        int fd = -1;
        Handle.Stat pinned = null; // the pinned inode's stat, when fd reopened it
        if ((flags & O_CREAT) != 0 && !name.isEmpty()) {
            // Create it exclusively; an existing name is opened as it is below (unless O_EXCL).
            fd = HostFs.openat(dir.fd(), b(name), access | O_CREAT | O_EXCL | O_NOFOLLOW
                    | O_NOCTTY, 0600);
            if (fd >= 0) {
                created = true;
                HostFs.fchmod(fd, mode & 07777); // the guest's mode exactly, not the host umask's
            } else if (fd != Errno.EEXIST.negative() || (flags & O_EXCL) != 0) {
                return Result.err(HostFs.errno(fd));
            }
        }
        if (!created && hostPathOpen) {
            // the planted bug: the existing name opened by its host path string, host symlinks followed
            fd = HostFs.openPath(HostFs.bytes(root + "/" + dir.child(name)), access | O_NOCTTY);
            if (fd < 0) return Result.err(HostFs.errno(fd));
            created = true;
        }
        if (!created) {
            Result<Pinned> pr = pin(dir, name);
            if (pr.failed()) return pr.cast();
            try (Pinned p = pr.value()) {
                int type = p.stat().mode() & Handle.S_IFMT;
                if (type == Handle.S_IFLNK) return Result.err(Errno.ELOOP); // O_NOFOLLOW, or renamed under the walk
                if (type == Handle.S_IFDIR) {
                    if (acc != O_RDONLY || (flags & O_TRUNC) != 0) return Result.err(Errno.EISDIR);
                    int dfd = HostFs.openat(p.fd(), b("."), O_RDONLY | O_DIRECTORY, 0);
                    if (dfd < 0) return Result.err(HostFs.errno(dfd));
                    boolean atRoot = p.stat().dev() == rootDev && p.stat().ino() == rootIno;
                    return Result.ok(new HostDirHandle(this, dfd, dir.child(name), guestPath, flags, atRoot ? rootIno : 0));
                }
                if ((flags & O_DIRECTORY) != 0) return Result.err(Errno.ENOTDIR);
                if (type == Handle.S_IFIFO) return openFifo(p.stat(), guestPath, flags);
                if (type == Handle.S_IFSOCK) return Result.err(Errno.ENXIO);
                if (type == Handle.S_IFCHR || type == Handle.S_IFBLK) return Result.err(Errno.EACCES);
                int extra = (flags & O_TRUNC) != 0 && acc != O_RDONLY ? O_TRUNC : 0;
                fd = reopen(p, access | extra | O_NOCTTY);
                if (fd < 0) return Result.err(HostFs.errno(fd));
                pinned = p.stat();
            }
        }
        // the page cache's key: a reopened pin is the inode the pin's stat describes (no second stat)
        Result<Handle.Stat> st = pinned != null ? Result.ok(pinned) : HostFs.lstat(fd, new byte[0]);
        Inode key = !st.failed() && st.value().type() == Handle.S_IFREG
                ? Inode.of(st.value()) : null;
        io.helctic.kernel.memory.SharedPages cached = pageCache.find(key);
        if ((flags & O_TRUNC) != 0 && acc != O_RDONLY && cached != null) cached.truncated(0);
        return Result.ok(new HostFileHandle(this, fd, dir.child(name), guestPath, flags, pageCache, key));
    }

    /**
     * A FIFO in the root: never opened on the host (that open would block a kernel thread in the
     * host); its pipe is the kernel's, one per inode while any end is open, so every process of
     * this kernel that opens the name meets the same pipe.
     */
    private Result<Handle> openFifo(Handle.Stat st, String guestPath, int flags) {
        Inode key = Inode.of(st);
        Pipe pipe;
        Result<Pipe.End> end;
        synchronized (fifos) {
            pipe = fifos.get(key);
            if (pipe == null) {
                Pipe[] made = new Pipe[1];
                made[0] = Pipe.fifo(() -> st, guestPath, () -> {
                    synchronized (fifos) {
                        if (made[0].unused()) fifos.remove(key, made[0]);
                    }
                });
                pipe = made[0];
                fifos.put(key, pipe);
            }
            end = pipe.openFifo(flags);
            if (end.failed() && pipe.unused()) fifos.remove(key, pipe);
        }
        if (end.failed()) return end.cast();
        return pipe.awaitPartner(end.value(), flags);
    }

    /**
     * A host program's socket file: pinned by descriptor (never followed out of the root), then
     * connected through the pin's /proc/self/fd magic link, which reaches that inode and no other,
     * with the JDK's UNIX-domain channel.
     */
    @Override
    public Result<java.nio.channels.SocketChannel> connectHostSocket(Dir dir, String name) {
        Result<Pinned> pr = pin(dir, name);
        if (pr.failed()) return pr.cast();
        try (Pinned p = pr.value()) {
            if ((p.stat().mode() & Handle.S_IFMT) != Handle.S_IFSOCK) return Result.err(Errno.ECONNREFUSED);
            java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            try {
                ch.connect(java.net.UnixDomainSocketAddress.of("/proc/self/fd/" + p.fd()));
                return Result.ok(ch);
            } catch (java.io.IOException | RuntimeException e) {
                try {
                    ch.close();
                } catch (java.io.IOException ignored) {
                    // nothing was connected
                }
                String m = String.valueOf(e.getMessage());
                return Result.err(m.contains("ermission") ? Errno.EACCES : m.contains("No such file") ? Errno.ENOENT
                        : m.contains("wrong type") ? Errno.EPROTOTYPE : Errno.ECONNREFUSED);
            }
        } catch (java.io.IOException e) {
            return Result.err(Errno.ENOBUFS);
        }
    }

    @Override
    public long mknod(Dir dir, String name, int mode) {
        if (name.isEmpty()) return Errno.EEXIST.negative();
        int type = mode & Handle.S_IFMT;
        // Device nodes are not made in a host directory: the guest would reach the host's devices.
        if (type == Handle.S_IFCHR || type == Handle.S_IFBLK) return Errno.EPERM.negative();
        long r = HostFs.mknodat(dir.fd(), b(name), type | 0600, 0);
        if (r < 0) return r;
        HostFs.lchmodat(dir.fd(), b(name), mode & 07777); // the exact mode; never through a symlink
        return 0;
    }

    @Override
    public long mkdir(Dir dir, String name, int mode) {
        if (name.isEmpty()) return Errno.EEXIST.negative();
        long r = HostFs.mkdirat(dir.fd(), b(name), 0700);
        if (r < 0) return r;
        HostFs.lchmodat(dir.fd(), b(name), mode & 07777); // the exact mode; never through a symlink
        return 0;
    }

    @Override
    public long unlink(Dir dir, String name) {
        if (name.isEmpty()) return Errno.EISDIR.negative();
        return HostFs.unlinkat(dir.fd(), b(name), 0);
    }

    @Override
    public long rmdir(Dir dir, String name) {
        if (name.isEmpty()) return dir.rel().isEmpty() ? Errno.EBUSY.negative() : Errno.EINVAL.negative();
        return HostFs.unlinkat(dir.fd(), b(name), AT_REMOVEDIR);
    }

    @Override
    public long rename(Dir from, String fromName, Dir to, String toName, int flags) {
        if (fromName.isEmpty() || toName.isEmpty()) return Errno.EBUSY.negative();
        return HostFs.renameat2(from.fd(), b(fromName), to.fd(), b(toName), flags & (RENAME_NOREPLACE | RENAME_EXCHANGE));
    }

    @Override
    public long link(Dir from, String fromName, Dir to, String toName) {
        if (fromName.isEmpty()) return Errno.EPERM.negative();
        if (toName.isEmpty()) return Errno.EEXIST.negative();
        return HostFs.linkat(from.fd(), b(fromName), to.fd(), b(toName));
    }

    @Override
    public long symlink(String target, Dir dir, String name) {
        if (name.isEmpty()) return Errno.EEXIST.negative();
        return HostFs.symlinkat(b(target), dir.fd(), b(name));
    }

    @Override
    public long chmod(Dir dir, String name, int mode) {
        return HostFs.lchmodat(dir.fd(), b(name), mode & 07777);
    }

    @Override
    public long chown(Dir dir, String name, int uid, int gid) {
        return HostFs.lchownat(dir.fd(), b(name), uid, gid);
    }

    @Override
    public long utimens(Dir dir, String name, long atimeNanos, long mtimeNanos) {
        return HostFs.lutimensat(dir.fd(), b(name), atimeNanos, mtimeNanos);
    }

    @Override
    public long truncate(Dir dir, String name, long length) {
        if (length < 0) return Errno.EINVAL.negative();
        Result<Pinned> pr = pin(dir, name);
        if (pr.failed()) return pr.negative();
        try (Pinned p = pr.value()) {
            int type = p.stat().type();
            if (type == Handle.S_IFDIR) return Errno.EISDIR.negative();
            if (type == Handle.S_IFLNK) return Errno.ELOOP.negative();
            if (type != Handle.S_IFREG) return Errno.EINVAL.negative();
            int fd = reopen(p, O_WRONLY);
            if (fd < 0) return fd;
            try {
                Inode key = Inode.of(p.stat());
                return HostFileHandle.resize(fd, length, pageCache.find(key));
            } finally {
                HostFs.close(fd);
            }
        }
    }

    // ---- extended attributes: user.* lives on the host file; a symlink or special file has none ----

    /**
     * The pinned regular file or directory whose user.* attributes an xattr call acts on, or the
     * errno Linux gives for a symlink or special file (user.* is for those two kinds only):
     * {@code write} calls get EPERM, reads ENODATA.
     */
    private Result<Pinned> xattrTarget(Dir dir, String name, boolean write) {
        Result<Pinned> pr = pin(dir, name);
        if (pr.failed()) return pr;
        int type = pr.value().stat().type();
        if (type == Handle.S_IFREG || type == Handle.S_IFDIR) return pr;
        pr.value().close();
        return Result.err(write ? Errno.EPERM : Errno.ENODATA);
    }

    @Override
    public Result<byte[]> getxattr(Dir dir, String name, String attr) {
        if (!attr.startsWith("user.")) return Result.err(Errno.ENODATA);
        Result<Pinned> pr = xattrTarget(dir, name, false);
        if (pr.failed()) return pr.cast();
        try (Pinned p = pr.value()) {
            Result<byte[]> v = HostFs.getxattr(p.fd(), b(attr));
            return v.failed() && v.errno() == Errno.EOPNOTSUPP.number() ? Result.err(Errno.ENODATA) : v;
        }
    }

    @Override
    public Result<List<String>> listxattr(Dir dir, String name) {
        Result<Pinned> pr = xattrTarget(dir, name, false);
        if (pr.failed()) return pr.errno() == Errno.ENODATA.number() ? Result.ok(List.of()) : pr.cast();
        try (Pinned p = pr.value()) {
            Result<byte[]> all = HostFs.listxattr(p.fd());
            if (all.failed()) return all.errno() == Errno.EOPNOTSUPP.number() ? Result.ok(List.of()) : all.cast();
            List<String> out = new ArrayList<>();
            byte[] raw = all.value();
            for (int at = 0, end; at < raw.length; at = end + 1) {
                end = at;
                while (end < raw.length && raw[end] != 0) end++;
                String n = new String(raw, at, end - at, StandardCharsets.ISO_8859_1);
                if (n.startsWith("user.")) out.add(n);
            }
            return Result.ok(out);
        }
    }

    @Override
    public long setxattr(Dir dir, String name, String attr, byte[] value, int flags) {
        if (!attr.startsWith("user.")) return Errno.EOPNOTSUPP.negative();
        Result<Pinned> pr = xattrTarget(dir, name, true);
        if (pr.failed()) return pr.negative();
        try (Pinned p = pr.value()) {
            return HostFs.setxattr(p.fd(), b(attr), value, flags);
        }
    }

    @Override
    public long removexattr(Dir dir, String name, String attr) {
        if (!attr.startsWith("user.")) return Errno.ENODATA.negative();
        Result<Pinned> pr = xattrTarget(dir, name, true);
        if (pr.failed()) return pr.negative();
        try (Pinned p = pr.value()) {
            return HostFs.removexattr(p.fd(), b(attr));
        }
    }

    @Override
    public Result<byte[]> statfs(Dir dir) {
        return HostFs.fstatfs(dir.fd());
    }

    /**
     * Plants a bug, for the attack suite to show it would catch one: from now on open() of an
     * existing file goes by its host path string (root + the path the walk took), so host
     * symlinks are followed, exactly the escape this scheme exists to prevent. Never called
     * outside that test.
     */
    public void plantHostPathOpen() {
        hostPathOpen = true;
    }

    /** Lets go of the root's descriptor (an unmount: nothing may use the scheme afterwards). */
    @Override
    public void close() {
        HostFs.close(rootDir.fd());
    }

    /** The inode of the root (".." of the root lists it, as "." does). */
    long rootIno() { return rootIno; }
}
