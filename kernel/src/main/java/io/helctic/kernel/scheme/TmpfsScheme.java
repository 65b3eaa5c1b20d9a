package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.memory.MemoryBacking;
import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.PathScheme;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tmpfs: a filesystem that lives in the kernel's memory (Linux's shmem), mounted at /dev/shm and
 * wherever {@code run --tmpfs PATH} asks, so that a read-only root still has somewhere to write
 * and POSIX shared memory (shm_open) works. Regular files are {@link MemoryBacking}s whose
 * {@link SharedPages} shared mappings use, as a memfd's; directories keep their entries in
 * creation order (Linux's offset directories); FIFOs are the kernel's pipes, one per inode while
 * open; socket files are names that AF_UNIX binds. What Linux's shmem reports is reported: the
 * directory size of 20 bytes per entry and two more, link counts of 2 plus subdirectories,
 * st_blocks in whole pages, nanosecond times, statfs with TMPFS_MAGIC and half the RAM as its
 * size. The VFS checks (permissions, existence before create) are the syscall layer's; the
 * rename, rmdir and link rules are here, as shmem and the VFS make them.
 *
 * <p>One lock guards the whole tree (a walk's directories are the paths it took, as in the
 * kernel's other path schemes: nothing here can lead outside the filesystem).
 */
public final class TmpfsScheme extends PathScheme {
    static final long MAGIC = 0x01021994L;
    private static final int BOGO_DIRENT_SIZE = 20, PAGE = 4096;
    /** statfs f_flags: ST_VALID as every statfs since 2.6.36, and /dev/shm's nosuid,nodev,relatime. */
    private static final long FLAGS = 0x20 | 0x2 | 0x4 | 0x1000;
    private static final AtomicInteger MINORS = new AtomicInteger(60);

    private final long dev = MINORS.getAndIncrement();
    private final String point;
    private final long sizeBytes;
    private final DirNode root;
    private long nextIno = 2;
    /** Pages the files hold, counted as they change (recounted exactly before a write is refused). */
    private final java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A tmpfs mounted at {@code point}, of at most {@code sizeBytes} (Linux's default: half the
     * RAM), its root owned by uid:gid with {@code mode}.
     */
    public TmpfsScheme(String point, long sizeBytes, int mode, int uid, int gid) {
        this.point = point.equals("/") ? "" : point;
        this.sizeBytes = sizeBytes;
        this.root = new DirNode(1, S_IFDIR | (mode & 07777), uid, gid, null);
    }

    @Override
    public String name() { return "tmpfs"; }

    @Override
    public boolean shmem() { return true; }

    @Override
    public synchronized long birthNanos(Dir dir, String name) {
        Node n = find(dir.child(name));
        return n == null ? -1 : n.btime;
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    // ---- the tree ---------------------------------------------------------------------------------

    private static final int S_IFMT = Handle.S_IFMT, S_IFDIR = Handle.S_IFDIR, S_IFREG = Handle.S_IFREG,
            S_IFLNK = Handle.S_IFLNK, S_IFIFO = Handle.S_IFIFO, S_IFSOCK = Handle.S_IFSOCK;

    /** An inode. */
    private abstract static sealed class Node permits DirNode, FileNode, LinkNode, SpecialNode {
        final long ino;
        int mode, uid, gid, nlink = 1;
        long atime, mtime, ctime;
        final long btime;
        final Map<String, byte[]> xattrs = new LinkedHashMap<>();

        Node(long ino, int mode, int uid, int gid) {
            this.ino = ino;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            atime = mtime = ctime = btime = now();
        }

        long size() { return 0; }

        long blocks() { return 0; }
    }

    private static final class DirNode extends Node {
        final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
        DirNode parent;

        DirNode(long ino, int mode, int uid, int gid, DirNode parent) {
            super(ino, mode, uid, gid);
            this.parent = parent == null ? this : parent;
            nlink = 2;
        }

        @Override
        long size() { return (long) (entries.size() + 2) * BOGO_DIRENT_SIZE; }
    }

    private static final class FileNode extends Node {
        final MemoryBacking data = new MemoryBacking(0);
        final SharedPages pages;

        FileNode(long ino, int mode, int uid, int gid, String path, TmpfsScheme fs) {
            super(ino, mode, uid, gid);
            pages = SharedPages.of(fs.counted(data), path);
        }

        @Override
        long size() { return data.size(); }

        @Override
        long blocks() {
            pages.flush(); // a page only a shared mapping wrote is stored then
            return (long) data.storedPages() * (PAGE / 512);
        }
    }

    private static final class LinkNode extends Node {
        final String target;

        LinkNode(long ino, int uid, int gid, String target) {
            super(ino, S_IFLNK | 0777, uid, gid);
            this.target = target;
        }

        @Override
        long size() { return target.length(); }
    }

    /** A FIFO, a socket file or a device node. */
    private static final class SpecialNode extends Node {
        final long rdev;
        Pipe pipe;

        SpecialNode(long ino, int mode, int uid, int gid, long rdev) {
            super(ino, mode, uid, gid);
            this.rdev = rdev;
        }
    }

    /** The node at rel, or null (lock held). */
    private Node find(String rel) {
        Node n = root;
        if (rel.isEmpty()) return n;
        for (String c : rel.split("/")) {
            if (!(n instanceof DirNode d)) return null;
            n = d.entries.get(c);
            if (n == null) return null;
        }
        return n;
    }

    /** The directory an operation on {@code name} of {@code dir} is made in (lock held): the node, or an errno. */
    private Result<DirNode> parent(Dir dir) {
        Node n = find(dir.rel());
        if (n == null) return Result.err(Errno.ENOENT); // removed (or renamed) under the walk
        if (!(n instanceof DirNode d)) return Result.err(Errno.ENOTDIR);
        if (d != root && d.nlink == 0) return Result.err(Errno.ENOENT); // rmdir'd
        return Result.ok(d);
    }

    private Handle.Stat stat(Node n) {
        return new Handle.Stat(dev, n.ino, n.nlink, n.mode, n.uid, n.gid, n instanceof SpecialNode sp ? sp.rdev : 0, n.size(),
                PAGE, n.blocks(), n.atime, n.mtime, n.ctime);
    }

    /** A new entry of d (lock held): the directory's times, and its link count for a subdirectory. */
    private void added(DirNode d, String name, Node n) {
        d.entries.put(name, n);
        if (n instanceof DirNode) d.nlink++;
        d.mtime = d.ctime = now();
    }

    private void removed(DirNode d, String name, Node n) {
        d.entries.remove(name);
        if (n instanceof DirNode) d.nlink--;
        d.mtime = d.ctime = now();
    }

    /** Makes a new node called name in dir (lock held): 0 or -errno. */
    private long create(Dir dir, String name, java.util.function.LongFunction<Node> make) {
        if (name.isEmpty()) return Errno.EEXIST.negative();
        if (name.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<DirNode> p = parent(dir);
        if (p.failed()) return p.negative();
        if (p.value().entries.containsKey(name)) return Errno.EEXIST.negative();
        Node n = make.apply(nextIno++);
        if (n instanceof DirNode d) d.parent = p.value();
        added(p.value(), name, n);
        return 0;
    }

    // ---- reading ----------------------------------------------------------------------------------

    @Override
    protected synchronized Result<Handle.Stat> lstat(String rel) {
        Node n = find(rel);
        return n == null ? Result.err(Errno.ENOENT) : Result.ok(stat(n));
    }

    @Override
    protected synchronized Result<String> readlink(String rel) {
        Node n = find(rel);
        if (n == null) return Result.err(Errno.ENOENT);
        if (!(n instanceof LinkNode l)) return Result.err(Errno.EINVAL);
        return Result.ok(l.target);
    }

    @Override
    protected Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        Node n;
        boolean created = false;
        int acc = flags & O_ACCMODE;
        synchronized (this) {
            n = find(rel);
            if (n == null) {
                if ((flags & O_CREAT) == 0) return Result.err(Errno.ENOENT);
                int slash = rel.lastIndexOf('/');
                String name = rel.substring(slash + 1);
                long r = create(new Dir(this, slash < 0 ? "" : rel.substring(0, slash), -1, false), name,
                        ino -> new FileNode(ino, S_IFREG | (mode & 07777), 0, 0, guestPath, this));
                if (r < 0) return Result.err(r);
                n = find(rel);
                created = true;
            } else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
                return Result.err(Errno.EEXIST);
            }
            if (n instanceof LinkNode) return Result.err(Errno.ELOOP); // O_NOFOLLOW
            if (n instanceof DirNode) {
                if (acc != O_RDONLY || (flags & O_TRUNC) != 0) return Result.err(Errno.EISDIR);
                return Result.ok(new DirHandle(rel, guestPath, flags));
            }
            if ((flags & O_DIRECTORY) != 0) return Result.err(Errno.ENOTDIR);
            if (n instanceof FileNode f && (flags & O_TRUNC) != 0 && acc != O_RDONLY && !created) {
                f.pages.flush();
                f.data.resize(0);
                f.pages.truncated(0);
                f.mtime = f.ctime = now();
            }
        }
        return switch (n) {
            case FileNode f -> Result.ok(new FileHandle(f, guestPath, flags));
            case SpecialNode s when (s.mode & S_IFMT) == S_IFIFO -> openFifo(s, guestPath, flags);
            case SpecialNode s when (s.mode & S_IFMT) == Handle.S_IFCHR && Devices.Kind.of(s.rdev) != null ->
                    Result.ok(Devices.open(Devices.Kind.of(s.rdev), stat(s), flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)));
            default -> Result.err(Errno.ENXIO); // a socket file, or a device the kernel does not have
        };
    }

    /** A FIFO: the kernel's pipe, one per inode while any end is open. */
    private Result<Handle> openFifo(SpecialNode s, String guestPath, int flags) {
        Pipe pipe;
        Result<Pipe.End> end;
        synchronized (this) {
            pipe = s.pipe;
            if (pipe == null) {
                Pipe[] made = new Pipe[1];
                made[0] = Pipe.fifo(() -> {
                    synchronized (TmpfsScheme.this) {
                        return stat(s);
                    }
                }, guestPath, () -> {
                    synchronized (TmpfsScheme.this) {
                        if (s.pipe == made[0] && made[0].unused()) s.pipe = null;
                    }
                });
                pipe = s.pipe = made[0];
            }
            end = pipe.openFifo(flags);
            if (end.failed() && pipe.unused()) s.pipe = null;
        }
        if (end.failed()) return end.cast();
        return pipe.awaitPartner(end.value(), flags);
    }

    @Override
    public synchronized Result<byte[]> getxattr(Dir dir, String name, String attr) {
        Node n = find(dir.child(name));
        if (n == null) return Result.err(Errno.ENOENT);
        byte[] v = n.xattrs.get(attr);
        return v == null ? Result.err(Errno.ENODATA) : Result.ok(v.clone());
    }

    @Override
    public synchronized Result<List<String>> listxattr(Dir dir, String name) {
        Node n = find(dir.child(name));
        if (n == null) return Result.err(Errno.ENOENT);
        return Result.ok(new ArrayList<>(n.xattrs.keySet()));
    }

    /** tmpfs's struct statfs: TMPFS_MAGIC, page-sized blocks, its size and what is used of it. */
    @Override
    public synchronized Result<byte[]> statfs(Dir dir) {
        long blocks = sizeBytes / PAGE, free = Math.max(0, blocks - usedPages());
        long files = blocks, ffree = Math.max(0, files - (nextIno - 1));
        ByteBuffer b = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putLong(PAGE).putLong(blocks).putLong(free).putLong(free).putLong(files).putLong(ffree);
        b.putLong(0).putLong(NAME_MAX).putLong(PAGE).putLong(FLAGS);
        return Result.ok(b.array());
    }

    /**
     * The backing shared mappings write back through: what it stores is counted, and a page that
     * would not fit any more is refused (msync answers EIO; Linux would have refused the page at
     * the fault with SIGBUS), so the kernel's memory never holds more than the filesystem's size.
     */
    private SharedPages.Backing counted(MemoryBacking data) {
        return new SharedPages.Backing() {
            @Override
            public long size() { return data.size(); }

            @Override
            public void read(long pos, byte[] dst, int len) { data.read(pos, dst, len); }

            @Override
            public boolean write(long pos, byte[] src, int len) {
                long need = data.missingPages(pos, pos + len);
                if (need > 0 && !fits(need)) return false;
                int before = data.storedPages();
                data.write(pos, src, len);
                stored.addAndGet(data.storedPages() - before);
                return true;
            }

            @Override
            public boolean writable() { return true; }

            @Override
            public void release() { }
        };
    }

    /** Whether {@code pages} more pages fit in the filesystem's size (counting exactly when the running count says no). */
    private boolean fits(long pages) {
        long limit = sizeBytes / PAGE;
        if (stored.get() + pages <= limit) return true;
        synchronized (this) {
            stored.set(usedPages());
        }
        return stored.get() + pages <= limit;
    }

    /** Runs a change to f's bytes and counts the pages it stored or let go of. */
    private void counting(FileNode f, Runnable change) {
        int before = f.data.storedPages();
        change.run();
        stored.addAndGet(f.data.storedPages() - before);
    }

    /** Pages the files hold (lock held): each inode once, however many names it has. */
    private long usedPages() {
        return count(root, new java.util.HashSet<>());
    }

    private static long count(DirNode d, java.util.Set<Node> seen) {
        long pages = 0;
        for (Node n : d.entries.values()) {
            if (!seen.add(n)) continue;
            pages += n instanceof DirNode sub ? count(sub, seen) : n.blocks() / (PAGE / 512);
        }
        return pages;
    }

    // ---- changing ---------------------------------------------------------------------------------

    @Override
    public synchronized long mkdir(Dir dir, String name, int mode) {
        return create(dir, name, ino -> new DirNode(ino, S_IFDIR | (mode & 07777), 0, 0, null));
    }

    @Override
    public synchronized long mknod(Dir dir, String name, int mode) {
        int type = mode & S_IFMT;
        String path = dir.child(name);
        return switch (type) {
            case 0, S_IFREG -> create(dir, name, ino -> new FileNode(ino, S_IFREG | (mode & 07777), 0, 0, point + "/" + path, this));
            case S_IFIFO, S_IFSOCK -> create(dir, name, ino -> new SpecialNode(ino, type | (mode & 07777), 0, 0, 0));
            default -> Errno.EPERM.negative(); // device nodes: not made here
        };
    }

    @Override
    public synchronized long mknodDevice(Dir dir, String name, int mode, long rdev) {
        return create(dir, name, ino -> new SpecialNode(ino, mode, 0, 0, rdev));
    }

    @Override
    public synchronized long symlink(String target, Dir dir, String name) {
        if (target.length() >= PAGE) return Errno.ENAMETOOLONG.negative();
        return create(dir, name, ino -> new LinkNode(ino, 0, 0, target));
    }

    @Override
    public synchronized long link(Dir from, String fromName, Dir to, String toName) {
        Node n = find(from.child(fromName));
        if (n == null) return Errno.ENOENT.negative();
        if (n instanceof DirNode) return Errno.EPERM.negative();
        if (toName.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<DirNode> p = parent(to);
        if (p.failed()) return p.negative();
        if (p.value().entries.containsKey(toName)) return Errno.EEXIST.negative();
        if (n.nlink == 0) return Errno.ENOENT.negative(); // an unlinked file (linkat of an O_TMPFILE aside)
        n.nlink++;
        n.ctime = now();
        added(p.value(), toName, n);
        return 0;
    }

    @Override
    public synchronized long unlink(Dir dir, String name) {
        Result<DirNode> p = parent(dir);
        if (p.failed()) return p.negative();
        Node n = p.value().entries.get(name);
        if (n == null) return Errno.ENOENT.negative();
        if (n instanceof DirNode) return Errno.EISDIR.negative();
        removed(p.value(), name, n);
        n.nlink--;
        n.ctime = now();
        return 0;
    }

    @Override
    public synchronized long rmdir(Dir dir, String name) {
        if (name.isEmpty()) return Errno.EBUSY.negative(); // the mount's root
        Result<DirNode> p = parent(dir);
        if (p.failed()) return p.negative();
        Node n = p.value().entries.get(name);
        if (n == null) return Errno.ENOENT.negative();
        if (!(n instanceof DirNode d)) return Errno.ENOTDIR.negative();
        if (!d.entries.isEmpty()) return Errno.ENOTEMPTY.negative();
        removed(p.value(), name, n);
        d.nlink = 0;
        d.ctime = now();
        return 0;
    }

    /** Whether {@code d} is {@code ancestor} or lies under it. */
    private static boolean within(DirNode d, DirNode ancestor) {
        for (DirNode x = d; ; x = x.parent) {
            if (x == ancestor) return true;
            if (x.parent == x) return false;
        }
    }

    @Override
    public synchronized long rename(Dir from, String fromName, Dir to, String toName, int flags) {
        if (fromName.isEmpty() || toName.isEmpty()) return Errno.EBUSY.negative();
        if (toName.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<DirNode> fp = parent(from), tp = parent(to);
        if (fp.failed()) return fp.negative();
        if (tp.failed()) return tp.negative();
        DirNode fd = fp.value(), td = tp.value();
        Node src = fd.entries.get(fromName), dst = td.entries.get(toName);
        if (src == null) return Errno.ENOENT.negative();
        boolean exchange = (flags & RENAME_EXCHANGE) != 0;
        if (exchange && dst == null) return Errno.ENOENT.negative();
        if (dst != null && (flags & RENAME_NOREPLACE) != 0) return Errno.EEXIST.negative();
        if (src == dst) return 0; // two links of one inode: nothing happens
        // a directory may not move under itself (for an exchange, neither of the two)
        if (src instanceof DirNode sd && within(td, sd)) return Errno.EINVAL.negative();
        if (exchange && dst instanceof DirNode dd && within(fd, dd)) return Errno.EINVAL.negative();
        long t = now();
        if (exchange) {
            fd.entries.put(fromName, dst);
            td.entries.put(toName, src);
            if (src instanceof DirNode sd) sd.parent = td;
            if (dst instanceof DirNode dd) dd.parent = fd;
            if (fd != td && (src instanceof DirNode) != (dst instanceof DirNode)) {
                int delta = src instanceof DirNode ? 1 : -1;
                td.nlink += delta;
                fd.nlink -= delta;
            }
            src.ctime = dst.ctime = fd.mtime = fd.ctime = td.mtime = td.ctime = t;
            return 0;
        }
        if (dst != null) {
            if (src instanceof DirNode && !(dst instanceof DirNode)) return Errno.ENOTDIR.negative();
            if (!(src instanceof DirNode) && dst instanceof DirNode) return Errno.EISDIR.negative();
            if (dst instanceof DirNode dd && !dd.entries.isEmpty()) return Errno.ENOTEMPTY.negative();
            removed(td, toName, dst);
            dst.nlink = dst instanceof DirNode ? 0 : dst.nlink - 1;
            dst.ctime = t;
        }
        removed(fd, fromName, src);
        added(td, toName, src);
        if (src instanceof DirNode sd) sd.parent = td;
        src.ctime = t;
        return 0;
    }

    @Override
    public synchronized long chmod(Dir dir, String name, int mode) {
        Node n = find(dir.child(name));
        if (n == null) return Errno.ENOENT.negative();
        if (n instanceof LinkNode) return Errno.EOPNOTSUPP.negative();
        n.mode = (n.mode & S_IFMT) | (mode & 07777);
        n.ctime = now();
        return 0;
    }

    @Override
    public synchronized long chown(Dir dir, String name, int uid, int gid) {
        Node n = find(dir.child(name));
        if (n == null) return Errno.ENOENT.negative();
        if (uid != -1) n.uid = uid;
        if (gid != -1) n.gid = gid;
        if (!(n instanceof DirNode) && !(n instanceof LinkNode)) { // chown_common's ATTR_KILL_SUID, and SGID with group exec
            n.mode &= ~04000;
            if ((n.mode & 0010) != 0) n.mode &= ~02000;
        }
        n.ctime = now();
        return 0;
    }

    @Override
    public synchronized long utimens(Dir dir, String name, long atimeNanos, long mtimeNanos) {
        Node n = find(dir.child(name));
        if (n == null) return Errno.ENOENT.negative();
        if (atimeNanos != -1) n.atime = atimeNanos;
        if (mtimeNanos != -1) n.mtime = mtimeNanos;
        n.ctime = now();
        return 0;
    }

    @Override
    public long truncate(Dir dir, String name, long length) {
        FileNode f;
        synchronized (this) {
            Node n = find(dir.child(name));
            if (n == null) return Errno.ENOENT.negative();
            if (n instanceof DirNode) return Errno.EISDIR.negative();
            if (!(n instanceof FileNode fn)) return Errno.EINVAL.negative();
            f = fn;
        }
        return resize(f, length);
    }

    private long resize(FileNode f, long length) {
        if (length < 0) return Errno.EINVAL.negative();
        if (length > sizeBytes) return Errno.EFBIG.negative();
        f.pages.flush();
        counting(f, () -> f.data.resize(length));
        f.pages.truncated(length);
        synchronized (this) {
            f.mtime = f.ctime = now();
        }
        return 0;
    }

    @Override
    public synchronized long setxattr(Dir dir, String name, String attr, byte[] value, int flags) {
        Node n = find(dir.child(name));
        if (n == null) return Errno.ENOENT.negative();
        boolean has = n.xattrs.containsKey(attr);
        if ((flags & 1) != 0 && has) return Errno.EEXIST.negative();
        if ((flags & 2) != 0 && !has) return Errno.ENODATA.negative();
        n.xattrs.put(attr, value.clone());
        n.ctime = now();
        return 0;
    }

    @Override
    public synchronized long removexattr(Dir dir, String name, String attr) {
        Node n = find(dir.child(name));
        if (n == null) return Errno.ENOENT.negative();
        if (n.xattrs.remove(attr) == null) return Errno.ENODATA.negative();
        n.ctime = now();
        return 0;
    }

    // ---- open files -------------------------------------------------------------------------------

    /** A regular file open: its own position and flags over the inode's bytes. */
    private final class FileHandle implements Handle {
        private final FileNode f;
        private final String guestPath;
        private volatile int flags;
        private long pos;

        FileHandle(FileNode f, String guestPath, int flags) {
            this.f = f;
            this.guestPath = guestPath;
            this.flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
        }

        @Override
        public synchronized long read(byte[] buf, int off, int len) {
            long n = pread(buf, off, len, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public synchronized long write(byte[] buf, int off, int len) {
            if ((flags & O_APPEND) != 0) pos = f.data.size();
            long n = pwrite(buf, off, len, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public long pread(byte[] buf, int off, int len, long position) {
            if (position < 0) return Errno.EINVAL.negative();
            f.pages.flush(); // what shared mappings wrote
            synchronized (f.data) {
                long n = Math.max(0, Math.min(len, f.data.size() - position));
                if (n > 0) f.data.read(position, buf, off, (int) n);
                return n;
            }
        }

        @Override
        public long pwrite(byte[] buf, int off, int len, long position) {
            if (position < 0) return Errno.EINVAL.negative();
            if (len == 0) return 0;
            if (position + len > sizeBytes) {
                if (position >= sizeBytes) return Errno.ENOSPC.negative();
                len = (int) (sizeBytes - position);
            }
            f.pages.flush();
            long need = f.data.missingPages(position, position + len);
            if (need > 0 && !fits(need)) { // as much as fits, then ENOSPC (as shmem's write)
                long room = Math.max(0, sizeBytes / PAGE - stored.get());
                long end = position;
                for (long index = position / PAGE; end < position + len; index++) {
                    if (f.data.missingPages(index * PAGE, index * PAGE + 1) > 0 && room-- <= 0) break;
                    end = Math.min(position + len, (index + 1) * PAGE);
                }
                if (end <= position) return Errno.ENOSPC.negative();
                len = (int) (end - position);
            }
            int n = len;
            counting(f, () -> f.data.write(position, buf, off, n));
            f.pages.written(position, buf, off, len);
            synchronized (TmpfsScheme.this) {
                f.mtime = f.ctime = now();
            }
            return len;
        }

        @Override
        public synchronized long seek(long offset, int whence) {
            long size = f.data.size();
            if (whence == SEEK_DATA || whence == SEEK_HOLE) {
                if (offset < 0 || offset >= size) return Errno.ENXIO.negative();
                f.pages.flush();
                long at = f.data.seek(offset, whence == SEEK_DATA);
                return at < 0 ? Errno.ENXIO.negative() : (pos = at);
            }
            long base = switch (whence) {
                case SEEK_SET -> 0;
                case SEEK_CUR -> pos;
                case SEEK_END -> size;
                default -> -1;
            };
            if (base < 0 || base + offset < 0) return Errno.EINVAL.negative();
            return pos = base + offset;
        }

        @Override
        public long truncate(long length) { return resize(f, length); }

        /** fallocate as shmem_fallocate: allocation (growing unless KEEP_SIZE) and PUNCH_HOLE; other modes EOPNOTSUPP. */
        @Override
        public long allocate(int mode, long offset, long length) {
            if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) return Errno.EOPNOTSUPP.negative();
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                if ((mode & FALLOC_FL_KEEP_SIZE) == 0) return Errno.EOPNOTSUPP.negative(); // PUNCH_HOLE needs KEEP_SIZE
                f.pages.flush();
                long end = Math.min(offset + length, f.data.size());
                if (end <= offset) return 0;
                counting(f, () -> f.data.punch(offset, end));
                byte[] zeros = new byte[(int) Math.min(end - offset, 64 * 1024)];
                for (long at = offset; at < end; ) { // mapped frames see the zeros too
                    int n = (int) Math.min(zeros.length, end - at);
                    f.pages.written(at, zeros, 0, n);
                    at += n;
                }
                synchronized (TmpfsScheme.this) {
                    f.mtime = f.ctime = now();
                }
                return 0;
            }
            long end = offset + length;
            if (end > sizeBytes) return Errno.ENOSPC.negative();
            f.pages.flush();
            long need = f.data.missingPages(offset, end);
            if (need > 0 && !fits(need)) return Errno.ENOSPC.negative(); // all or nothing, as shmem_fallocate
            counting(f, () -> f.data.allocate(offset, end));
            if ((mode & FALLOC_FL_KEEP_SIZE) != 0 || end <= f.data.size()) return 0;
            return resize(f, end);
        }

        @Override
        public Stat stat() {
            synchronized (TmpfsScheme.this) {
                return TmpfsScheme.this.stat(f);
            }
        }

        @Override
        public int statusFlags() { return flags; }

        @Override
        public void setStatusFlags(int fl) { flags = (flags & O_ACCMODE) | (fl & ~O_ACCMODE); }

        @Override
        public String path() { return guestPath; }

        @Override
        public SharedPages sharedPages() { return f.pages; }

        @Override
        public boolean readsFill() { return true; }

        @Override
        public boolean shmem() { return true; }

        @Override
        public long birthNanos() { return f.btime; }

        /** MAP_PRIVATE: the file's bytes as they are now. */
        @Override
        public java.lang.foreign.MemorySegment mapping() {
            f.pages.flush();
            synchronized (f.data) {
                byte[] copy = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.data.size())];
                f.data.read(0, copy, 0, copy.length);
                return java.lang.foreign.MemorySegment.ofArray(copy);
            }
        }
    }

    /** A directory open: ".", "..", then its entries as they were at the first read (or the last rewind). */
    private final class DirHandle implements Handle {
        private final String rel, guestPath;
        private volatile int flags;
        /** ".", "..", then the entries, as they were at the first read after opening or rewinding. */
        private List<ListingHandle.Dirent> listing;
        private final int[] next = {0};

        DirHandle(String rel, String guestPath, int flags) {
            this.rel = rel;
            this.guestPath = guestPath;
            this.flags = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_DIRECTORY;
        }

        @Override
        public long read(byte[] buf, int off, int len) { return Errno.EISDIR.negative(); }

        @Override
        public synchronized long seek(long offset, int whence) {
            if (whence != SEEK_SET || offset < 0) return Errno.EINVAL.negative();
            next[0] = (int) Math.min(offset, Integer.MAX_VALUE);
            if (next[0] == 0) listing = null; // rewinddir sees the directory as it is now
            return next[0];
        }

        @Override
        public synchronized long getdents(byte[] buf, int len) {
            if (listing == null) {
                synchronized (TmpfsScheme.this) {
                    Node n = find(rel);
                    listing = new ArrayList<>();
                    if (n instanceof DirNode d && (d == root || d.nlink > 0)) { // a removed directory reads as empty
                        listing.add(ListingHandle.Dirent.of(".", d.ino, 4));
                        listing.add(ListingHandle.Dirent.of("..", d.parent.ino, 4));
                        for (Map.Entry<String, Node> e : d.entries.reversed().entrySet()) { // newest first, as Linux's
                            listing.add(ListingHandle.Dirent.of(e.getKey(), e.getValue().ino, ListingHandle.dtype(e.getValue().mode)));
                        }
                    }
                }
            }
            return ListingHandle.dirents(listing, next, buf, len);
        }

        @Override
        public Stat stat() {
            synchronized (TmpfsScheme.this) {
                Node n = find(rel);
                return n == null ? new Stat(dev, 0, 0, S_IFDIR, 0, 0, 0, 0, PAGE, 0, 0, 0, 0) : TmpfsScheme.this.stat(n);
            }
        }

        @Override
        public int statusFlags() { return flags; }

        @Override
        public void setStatusFlags(int fl) { flags = (fl & ~O_ACCMODE) | O_DIRECTORY; }

        @Override
        public boolean shmem() { return true; }

        @Override
        public long birthNanos() {
            synchronized (TmpfsScheme.this) {
                Node n = find(rel);
                return n == null ? -1 : n.btime;
            }
        }

        @Override
        public String path() { return guestPath; }
    }
}
