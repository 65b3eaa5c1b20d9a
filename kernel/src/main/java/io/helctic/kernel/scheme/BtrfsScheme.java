package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.*;

import io.helctic.abi.Errno;
import io.helctic.btrfs.Btrfs;
import io.helctic.btrfs.BtrfsException;
import io.helctic.btrfs.DirEntry;
import io.helctic.btrfs.FileType;
import io.helctic.btrfs.Inode;
import io.helctic.btrfs.Node;
import io.helctic.btrfs.Superblock;
import io.helctic.kernel.vfs.PathScheme;
import io.helctic.kernel.vfs.Result;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A btrfs image mounted read-only ({@code helctic run --root IMAGE}): the default subvolume as
 * the scheme's root, its files, directories, symlinks and nested subvolumes as Linux shows them
 * (btrfs's inode numbers, link counts, modes, owners and nanosecond times; directory entries in
 * index order; each subvolume its own device), read through the btrfs library with every
 * compression and checksum it knows. Nothing in the image changes under a walk, so directories
 * are the paths they were reached by, and what a path names is looked up once.
 *
 * <p>Every change answers EROFS, as a read-only mount does. A damaged block met while running
 * is EIO for that call and one line on the kernel's log (never an exception).
 */
public final class BtrfsScheme extends PathScheme {
    /** statfs's f_type for btrfs (BTRFS_SUPER_MAGIC). */
    static final long MAGIC = 0x9123683EL;
    /** The first anonymous device minor handed to a subvolume (Linux takes them from its anon pool). */
    private static final int FIRST_MINOR = 40;
    private static final int ST_RDONLY = 1;

    private final Btrfs fs;
    private final Node root;
    private final PrintStream log;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    /** On an image opened read-only (nothing in it changes under the guest), each path's lstat once read. */
    private final Map<String, Handle.Stat> stats = new ConcurrentHashMap<>();
    private final Map<Long, Long> devices = new ConcurrentHashMap<>();
    private final Map<Node, SoftReference<MemorySegment>> contents = new ConcurrentHashMap<>();
    /** The page caches of the files some process mapped shared (read-only: nothing is ever written back). */
    private final Map<Node, io.helctic.kernel.memory.SharedPages> shared = new ConcurrentHashMap<>();

    /** Whether the image was opened for writing (each subvolume may still refuse: see {@link #writable(Node)}). */
    private final boolean rw;
    private final Map<Long, Boolean> writableTrees = new ConcurrentHashMap<>();
    /** Open file descriptions per inode: an unlinked inode lives on (an orphan) while one is open. */
    private final Map<Node, Integer> opens = new ConcurrentHashMap<>();
    /** The FIFOs of the image that are open: one pipe per inode. */
    private final Map<Node, Pipe> fifos = new java.util.HashMap<>();
    private final String imageName;
    private java.util.concurrent.ScheduledExecutorService committer;
    /** Every btrfs filesystem mounted read-write, for sync(2). */
    private static final java.util.Set<BtrfsScheme> MOUNTED = ConcurrentHashMap.newKeySet();
    /** Seconds between commits while the guest runs (Linux's default commit interval is 30). */
    static final int COMMIT_SECONDS = 5;

    private BtrfsScheme(Btrfs fs, Node root, PrintStream log, String imageName) {
        this.fs = fs;
        this.root = root;
        this.log = log;
        this.rw = fs.writable();
        this.imageName = imageName;
        nodes.put("", root);
        if (rw) {
            fs.busy(opens::containsKey);
            MOUNTED.add(this);
            committer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "btrfs-commit");
                t.setDaemon(true);
                return t;
            });
            committer.scheduleWithFixedDelay(() -> commit("periodic commit"), COMMIT_SECONDS, COMMIT_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Mounts the image at {@code image}: its default subvolume, or the subvolume at path
     * {@code subvol} of it when not null; read-write unless {@code readOnly}, the image file is
     * not writable or the image has features the writer does not keep up (then read-only, and
     * one line on {@code log} says why). The message of the exception says in one line why an
     * image cannot be mounted.
     */
    public static BtrfsScheme mount(Path image, String subvol, boolean readOnly, PrintStream log) throws BtrfsException {
        Btrfs fs = Btrfs.open(image);
        try {
            if (fs.hasUnreplayedLog()) throw new BtrfsException("it has a tree log to replay (mount it once with Linux)");
            if (!readOnly) {
                String why = !java.nio.file.Files.isWritable(image) ? "the image file is not writable" : fs.writeRefusal();
                if (why == null) {
                    fs.close();
                    fs = Btrfs.openWritable(image);
                } else {
                    log.println("helctic: btrfs: " + image + ": mounted read-only: " + why);
                }
            }
            Node top = subvol == null ? fs.root() : fs.resolve(subvol, true);
            if (fs.inode(top).type() != FileType.DIRECTORY) throw new BtrfsException(subvol + ": not a directory");
            if (fs.writable()) fs.dropOrphans(top.tree());
            return new BtrfsScheme(fs, top, log, image.toString());
        } catch (BtrfsException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** Mounts read-only (the earlier signature). */
    public static BtrfsScheme mount(Path image, String subvol, PrintStream log) throws BtrfsException {
        return mount(image, subvol, true, log);
    }

    @Override
    public String name() { return "btrfs"; }

    /** Unmounts: what is left unlinked is deleted, the last changes are committed and the image is let go of (the kernel has ended). */
    public void close() {
        if (rw) {
            committer.shutdownNow();
            MOUNTED.remove(this);
            try {
                fs.busy(n -> false);
                fs.dropOrphans(root.tree());
            } catch (BtrfsException e) {
                log.println("helctic: btrfs: " + imageName + ": " + e.getMessage());
            }
            commit("commit at unmount");
        }
        fs.close();
    }

    /** Commits the changes made so far; 0, or -EIO / -ENOSPC with a line on the kernel's log. */
    private long commit(String what) {
        try {
            fs.commit();
            return 0;
        } catch (BtrfsException | RuntimeException e) {
            log.println("helctic: btrfs: " + imageName + ": " + what + " failed: " + e.getMessage());
            return e instanceof BtrfsException b && b.isNoSpace() ? Errno.ENOSPC.negative() : Errno.EIO.negative();
        }
    }

    /** sync(2): every btrfs image mounted read-write commits. */
    public static long syncAll() {
        long r = 0;
        for (BtrfsScheme s : MOUNTED) r = Math.min(r, s.commit("sync"));
        return r;
    }

    /** A read that failed on the image: EIO, and the reason on the kernel's log. */
    private Errno damaged(String rel, BtrfsException e) {
        log.println("helctic: btrfs: /" + rel + ": " + e.getMessage());
        return Errno.EIO;
    }

    /** A change that failed: ENOSPC when the image is full, else EIO with the reason on the kernel's log. */
    private long failed(String rel, BtrfsException e) {
        if (e.isNoSpace()) return Errno.ENOSPC.negative();
        return damaged(rel, e).negative();
    }

    /** Bumped by every change to names, so a lookup racing it does not cache what it saw before. */
    private long version;

    /** The node at rel (every component but the last already walked as a directory), or ENOENT. */
    private Result<Node> node(String rel) {
        Node n = nodes.get(rel);
        if (n != null) return Result.ok(n);
        long v;
        synchronized (this) { v = version; }
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        Result<Node> dir = node(parent);
        if (dir.failed()) return dir;
        try {
            Handle.Stat known = rw ? null : stats.get(parent);
            if (known != null ? !known.isDirectory() : fs.inode(dir.value()).type() != FileType.DIRECTORY) {
                return Result.err(Errno.ENOTDIR);
            }
            Optional<DirEntry> e = fs.lookup(dir.value(), bytes(rel.substring(slash + 1)));
            if (e.isEmpty()) return Result.err(Errno.ENOENT);
            n = e.get().node();
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
        synchronized (this) {
            if (version == v) nodes.put(rel, n);
        }
        return Result.ok(n);
    }

    /** Names changed: forget every cached path (lock held). */
    private void renamed() {
        version++;
        nodes.clear();
        nodes.put("", root);
    }

    private static byte[] bytes(String name) { return name.getBytes(StandardCharsets.ISO_8859_1); }

    private long device(long tree) {
        return devices.computeIfAbsent(tree, t -> (long) FIRST_MINOR + devices.size());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** btrfs keeps the kernel's dev_t (major << 20 | minor); stat shows the userspace encoding. */
    private static long userDev(long kdev) {
        long major = kdev >>> 20, minor = kdev & 0xFFFFF;
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    private static long kernelDev(long udev) {
        long major = ((udev >>> 8) & 0xfff) | ((udev >>> 32) & ~0xfffL), minor = (udev & 0xff) | ((udev >>> 12) & ~0xffL);
        return major << 20 | (minor & 0xFFFFF);
    }

    /** Linux's btrfs_getattr: the sector size as st_blksize, the inode's bytes in whole sectors as st_blocks. */
    private Handle.Stat stat(Inode i) {
        Node n = i.node();
        long bs = fs.superblock().sectorSize();
        long blocks = Math.ceilDiv(i.nbytes(), bs) * bs / 512;
        int t = i.mode() & Handle.S_IFMT;
        long rdev = t == Handle.S_IFCHR || t == Handle.S_IFBLK ? userDev(i.rdev()) : 0;
        return new Handle.Stat(device(n.tree()), n.ino(), i.nlink(), i.mode(), i.uid(), i.gid(), rdev, i.size(),
                bs, blocks, nanos(i.atime()), nanos(i.mtime()), nanos(i.ctime()));
    }

    @Override
    protected Result<Handle.Stat> lstat(String rel) {
        Handle.Stat known = rw ? null : stats.get(rel);
        if (known != null) return Result.ok(known);
        Result<Node> n = node(rel);
        if (n.failed()) return n.cast();
        try {
            Handle.Stat st = stat(fs.inode(n.value()));
            if (!rw) stats.put(rel, st);
            return Result.ok(st);
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
    }

    /** statx's btime: the inode's otime (btrfs keeps one for every inode). */
    @Override
    public long birthNanos(io.helctic.kernel.vfs.Dir dir, String name) {
        Result<Node> n = node(dir.child(name));
        if (n.failed()) return -1;
        try {
            return nanos(fs.inode(n.value()).otime());
        } catch (BtrfsException e) {
            return -1;
        }
    }

    @Override
    protected Result<String> readlink(String rel) {
        Result<Node> n = node(rel);
        if (n.failed()) return n.cast();
        try {
            if (fs.inode(n.value()).type() != FileType.SYMLINK) return Result.err(Errno.EINVAL);
            return Result.ok(new String(fs.readlinkBytes(n.value()), StandardCharsets.ISO_8859_1));
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
    }

    /** Whether changes may be made in the subvolume holding {@code n}: the image open for writing and the subvolume no snapshot's. */
    private boolean writable(Node n) {
        if (!rw) return false;
        return writableTrees.computeIfAbsent(n.tree(), t -> {
            try {
                boolean ok = fs.writable(t);
                if (!ok) log.println("helctic: btrfs: subvolume " + t + " is read-only (btrfs property ro)");
                return ok;
            } catch (BtrfsException e) {
                return false;
            }
        });
    }

    @Override
    protected Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        Result<Node> n = node(rel);
        boolean created = false;
        int acc = flags & O_ACCMODE;
        if (n.failed()) {
            if (n.errno() != Errno.ENOENT.number() || (flags & O_CREAT) == 0) return n.cast();
            synchronized (this) {
                int slash = rel.lastIndexOf('/');
                long r = make(new io.helctic.kernel.vfs.Dir(this, slash < 0 ? "" : rel.substring(0, slash), -1, false),
                        rel.substring(slash + 1), Handle.S_IFREG | (mode & 07777), 0);
                if (r < 0 && r != Errno.EEXIST.negative()) return Result.err(r);
                created = r == 0;
            }
            n = node(rel);
            if (n.failed()) return n.cast();
        } else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
            return Result.err(Errno.EEXIST);
        }
        Inode i;
        try {
            i = fs.inode(n.value());
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
        boolean dir = i.type() == FileType.DIRECTORY;
        if ((flags & O_DIRECTORY) != 0 && !dir) return Result.err(Errno.ENOTDIR);
        if (dir && (acc != O_RDONLY || (flags & O_CREAT) != 0)) return Result.err(Errno.EISDIR);
        if ((acc != O_RDONLY || (flags & O_TRUNC) != 0) && (i.type() == FileType.REGULAR || i.type() == FileType.SYMLINK)) {
            // a FIFO or a device node opens as the kernel's own would
            if (!writable(n.value())) return Result.err(Errno.EROFS);
            if ((flags & O_TRUNC) != 0 && acc != O_RDONLY && !created && i.size() != 0) {
                try {
                    fs.truncate(n.value(), 0);
                } catch (BtrfsException e) {
                    return Result.err(failed(rel, e));
                }
                forget(n.value());
            }
        }
        Handle.Stat st = stat(i);
        return switch (i.type()) {
            case DIRECTORY -> Result.ok(new DirHandle(rel, guestPath, st, flags));
            case REGULAR -> Result.ok(new FileHandle(rel, n.value(), guestPath, flags));
            case FIFO -> openFifo(n.value(), rel, guestPath, flags);
            case CHAR_DEVICE -> {
                Devices.Kind k = Devices.Kind.of(st.rdev());
                yield k == null ? Result.err(Errno.ENXIO) : Result.ok(Devices.open(k, st, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)));
            }
            case BLOCK_DEVICE, SOCKET -> Result.err(Errno.ENXIO); // no block devices; a socket file is connected to, not opened
            default -> Result.err(Errno.ELOOP); // a symlink opened with O_NOFOLLOW|O_PATH is the namespace's to answer
        };
    }

    /** A FIFO of the image: the kernel's pipe, one per inode while any end is open. */
    private Result<Handle> openFifo(Node node, String rel, String guestPath, int flags) {
        Pipe pipe;
        Result<Pipe.End> end;
        synchronized (fifos) {
            pipe = fifos.get(node);
            if (pipe == null) {
                Pipe[] made = new Pipe[1];
                made[0] = Pipe.fifo(() -> {
                    Result<Handle.Stat> s = lstat(rel);
                    return s.failed() ? null : s.value();
                }, guestPath, () -> {
                    synchronized (fifos) {
                        if (fifos.get(node) == made[0] && made[0].unused()) fifos.remove(node);
                    }
                });
                pipe = made[0];
                fifos.put(node, pipe);
            }
            end = pipe.openFifo(flags);
            if (end.failed() && pipe.unused()) fifos.remove(node);
        }
        if (end.failed()) return end.cast();
        return pipe.awaitPartner(end.value(), flags);
    }

    // ---- changing ---------------------------------------------------------------------------------

    /** The directory node of an open Dir, checked for a change: EROFS, ENOENT or ENOTDIR when it cannot take one. */
    private Result<Node> changeableDir(io.helctic.kernel.vfs.Dir dir) {
        Result<Node> d = node(dir.rel());
        if (d.failed()) return d;
        try {
            if (fs.inode(d.value()).type() != FileType.DIRECTORY) return Result.err(Errno.ENOTDIR);
        } catch (BtrfsException e) {
            return Result.err(damaged(dir.rel(), e));
        }
        if (!writable(d.value())) return Result.err(Errno.EROFS);
        return d;
    }

    /** Makes {@code name} in dir with mode (its type included): 0 or -errno (lock held). */
    private long make(io.helctic.kernel.vfs.Dir dir, String name, int mode, long rdev) {
        if (name.isEmpty()) return Errno.EEXIST.negative();
        if (name.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<Node> d = changeableDir(dir);
        if (d.failed()) return d.negative();
        try {
            if (fs.lookup(d.value(), bytes(name)).isPresent()) return Errno.EEXIST.negative();
            Inode p = fs.inode(d.value());
            int gid = 0;
            if ((p.mode() & S_ISGID) != 0) { // a set-group-id directory hands down its group (and, to directories, the bit)
                gid = p.gid();
                if ((mode & Handle.S_IFMT) == Handle.S_IFDIR) mode |= S_ISGID;
            }
            fs.create(d.value(), bytes(name), mode, 0, gid, rdev);
            return 0;
        } catch (BtrfsException e) {
            return failed(dir.child(name), e);
        }
    }

    @Override
    public synchronized long mkdir(io.helctic.kernel.vfs.Dir dir, String name, int mode) {
        return make(dir, name, Handle.S_IFDIR | (mode & 07777), 0);
    }

    @Override
    public synchronized long mknod(io.helctic.kernel.vfs.Dir dir, String name, int mode) {
        int type = mode & Handle.S_IFMT;
        return switch (type) {
            case 0, Handle.S_IFREG -> make(dir, name, Handle.S_IFREG | (mode & 07777), 0);
            case Handle.S_IFIFO, Handle.S_IFSOCK -> make(dir, name, mode, 0);
            default -> Errno.EPERM.negative();
        };
    }

    @Override
    public synchronized long mknodDevice(io.helctic.kernel.vfs.Dir dir, String name, int mode, long rdev) {
        return make(dir, name, mode, kernelDev(rdev));
    }

    @Override
    public synchronized long symlink(String target, io.helctic.kernel.vfs.Dir dir, String name) {
        if (target.length() >= 4096) return Errno.ENAMETOOLONG.negative();
        if (name.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<Node> d = changeableDir(dir);
        if (d.failed()) return d.negative();
        try {
            if (fs.lookup(d.value(), bytes(name)).isPresent()) return Errno.EEXIST.negative();
            fs.symlink(d.value(), bytes(name), bytes(target), 0, 0);
            return 0;
        } catch (BtrfsException e) {
            return failed(dir.child(name), e);
        }
    }

    @Override
    public synchronized long link(io.helctic.kernel.vfs.Dir from, String fromName, io.helctic.kernel.vfs.Dir to, String toName) {
        Result<Node> n = node(from.child(fromName));
        if (n.failed()) return n.negative();
        if (toName.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<Node> d = changeableDir(to);
        if (d.failed()) return d.negative();
        if (n.value().tree() != d.value().tree()) return Errno.EXDEV.negative();
        try {
            Inode i = fs.inode(n.value());
            if (i.type() == FileType.DIRECTORY) return Errno.EPERM.negative();
            if (i.nlink() == 0) return Errno.ENOENT.negative();
            if (fs.lookup(d.value(), bytes(toName)).isPresent()) return Errno.EEXIST.negative();
            fs.link(d.value(), bytes(toName), n.value());
            return 0;
        } catch (BtrfsException e) {
            return e.isNoSpace() ? Errno.EMLINK.negative() : failed(to.child(toName), e);
        }
    }

    /** The entry name of dir, or ENOENT. */
    private Result<DirEntry> entry(Node dir, String name) {
        try {
            Optional<DirEntry> e = fs.lookup(dir, bytes(name));
            return e.isEmpty() ? Result.err(Errno.ENOENT) : Result.ok(e.get());
        } catch (BtrfsException e) {
            return Result.err(Errno.EIO);
        }
    }

    @Override
    public synchronized long unlink(io.helctic.kernel.vfs.Dir dir, String name) {
        Result<Node> d = changeableDir(dir);
        if (d.failed()) return d.negative();
        Result<DirEntry> e = entry(d.value(), name);
        if (e.failed()) return e.negative();
        if (e.value().type() == FileType.DIRECTORY) return Errno.EISDIR.negative();
        try {
            fs.unlink(d.value(), bytes(name));
        } catch (BtrfsException x) {
            return failed(dir.child(name), x);
        } finally {
            renamed();
        }
        return 0;
    }

    @Override
    public synchronized long rmdir(io.helctic.kernel.vfs.Dir dir, String name) {
        if (name.isEmpty()) return Errno.EBUSY.negative(); // the mount's root
        Result<Node> d = changeableDir(dir);
        if (d.failed()) return d.negative();
        Result<DirEntry> e = entry(d.value(), name);
        if (e.failed()) return e.negative();
        if (e.value().type() != FileType.DIRECTORY) return Errno.ENOTDIR.negative();
        if (e.value().subvolume() || e.value().node().tree() != d.value().tree()) return Errno.EPERM.negative();
        try {
            if (!fs.list(e.value().node()).isEmpty()) return Errno.ENOTEMPTY.negative();
            fs.unlink(d.value(), bytes(name));
        } catch (BtrfsException x) {
            return failed(dir.child(name), x);
        } finally {
            renamed();
        }
        return 0;
    }

    @Override
    public synchronized long rename(io.helctic.kernel.vfs.Dir from, String fromName, io.helctic.kernel.vfs.Dir to, String toName, int flags) {
        if (fromName.isEmpty() || toName.isEmpty()) return Errno.EBUSY.negative();
        if (toName.length() > NAME_MAX) return Errno.ENAMETOOLONG.negative();
        Result<Node> fp = changeableDir(from), tp = changeableDir(to);
        if (fp.failed()) return fp.negative();
        if (tp.failed()) return tp.negative();
        Result<DirEntry> src = entry(fp.value(), fromName);
        if (src.failed()) return src.negative();
        Result<DirEntry> dstR = entry(tp.value(), toName);
        DirEntry dst = dstR.failed() ? null : dstR.value();
        boolean exchange = (flags & RENAME_EXCHANGE) != 0;
        if (exchange && dst == null) return Errno.ENOENT.negative();
        if (dst != null && (flags & RENAME_NOREPLACE) != 0) return Errno.EEXIST.negative();
        if (fp.value().tree() != tp.value().tree() || src.value().subvolume() || (dst != null && dst.subvolume()))
            return Errno.EXDEV.negative();
        if (dst != null && dst.node().equals(src.value().node())) return 0; // two links of one inode: nothing happens
        boolean srcDir = src.value().type() == FileType.DIRECTORY, dstDir = dst != null && dst.type() == FileType.DIRECTORY;
        // a directory may not move under itself (for an exchange, neither of the two)
        String fromRel = from.child(fromName), toRel = to.child(toName);
        if (srcDir && (to.rel().equals(fromRel) || to.rel().startsWith(fromRel + "/"))) return Errno.EINVAL.negative();
        if (exchange && dstDir && (from.rel().equals(toRel) || from.rel().startsWith(toRel + "/"))) return Errno.EINVAL.negative();
        try {
            if (!exchange && dst != null) {
                if (srcDir && !dstDir) return Errno.ENOTDIR.negative();
                if (!srcDir && dstDir) return Errno.EISDIR.negative();
                if (dstDir && !fs.list(dst.node()).isEmpty()) return Errno.ENOTEMPTY.negative();
            }
            fs.rename(fp.value(), bytes(fromName), tp.value(), bytes(toName), exchange);
        } catch (BtrfsException x) {
            return failed(toRel, x);
        } finally {
            renamed();
        }
        return 0;
    }

    /** Runs an attribute change on the name's node: 0 or -errno. */
    private long attr(io.helctic.kernel.vfs.Dir dir, String name, Change c) {
        String rel = dir.child(name);
        Result<Node> n = node(rel);
        if (n.failed()) return n.negative();
        if (!writable(n.value())) return Errno.EROFS.negative();
        try {
            return c.run(n.value(), fs.inode(n.value()));
        } catch (BtrfsException e) {
            return failed(rel, e);
        }
    }

    private interface Change { long run(Node n, Inode i) throws BtrfsException; }

    @Override
    public synchronized long chmod(io.helctic.kernel.vfs.Dir dir, String name, int mode) {
        return attr(dir, name, (n, i) -> {
            if (i.type() == FileType.SYMLINK) return Errno.EOPNOTSUPP.negative();
            fs.chmod(n, mode & 07777);
            return 0;
        });
    }

    @Override
    public synchronized long chown(io.helctic.kernel.vfs.Dir dir, String name, int uid, int gid) {
        return attr(dir, name, (n, i) -> {
            fs.chown(n, uid, gid);
            if (i.type() != FileType.DIRECTORY && i.type() != FileType.SYMLINK) { // chown_common's ATTR_KILL_SUID, and SGID with group exec
                int m = i.mode() & ~04000;
                if ((m & 0010) != 0) m &= ~02000;
                if (m != i.mode()) fs.chmod(n, m & 07777);
            }
            return 0;
        });
    }

    @Override
    public synchronized long utimens(io.helctic.kernel.vfs.Dir dir, String name, long atimeNanos, long mtimeNanos) {
        return attr(dir, name, (n, i) -> {
            fs.setTimes(n, atimeNanos == -1 ? null : instant(atimeNanos), mtimeNanos == -1 ? null : instant(mtimeNanos));
            return 0;
        });
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public long truncate(io.helctic.kernel.vfs.Dir dir, String name, long length) {
        return attr(dir, name, (n, i) -> {
            if (i.type() == FileType.DIRECTORY) return Errno.EISDIR.negative();
            if (i.type() != FileType.REGULAR) return Errno.EINVAL.negative();
            return resize(n, length);
        });
    }

    private long resize(Node n, long length) throws BtrfsException {
        if (length < 0) return Errno.EINVAL.negative();
        io.helctic.kernel.memory.SharedPages sp = shared.get(n);
        if (sp != null) sp.flush();
        fs.truncate(n, length);
        forget(n);
        if (sp != null) sp.truncated(length);
        return 0;
    }

    /** Drops the cached copy of a file whose bytes changed. */
    private void forget(Node n) {
        contents.remove(n);
    }

    @Override
    public Result<byte[]> getxattr(io.helctic.kernel.vfs.Dir dir, String name, String attr) {
        String rel = dir.child(name);
        Result<Node> n = node(rel);
        if (n.failed()) return n.cast();
        try {
            byte[] v = fs.xattrs(n.value()).get(attr);
            return v == null ? Result.err(Errno.ENODATA) : Result.ok(v);
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
    }

    @Override
    public Result<List<String>> listxattr(io.helctic.kernel.vfs.Dir dir, String name) {
        String rel = dir.child(name);
        Result<Node> n = node(rel);
        if (n.failed()) return n.cast();
        try {
            return Result.ok(new ArrayList<>(fs.xattrs(n.value()).keySet()));
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
    }

    @Override
    public synchronized long setxattr(io.helctic.kernel.vfs.Dir dir, String name, String attr, byte[] value, int flags) {
        return attr(dir, name, (n, i) -> {
            boolean has = fs.xattrs(n).containsKey(attr);
            if ((flags & 1) != 0 && has) return Errno.EEXIST.negative();
            if ((flags & 2) != 0 && !has) return Errno.ENODATA.negative();
            try {
                fs.setxattr(n, attr.getBytes(StandardCharsets.UTF_8), value);
            } catch (BtrfsException e) {
                if (e.isNoSpace()) return Errno.E2BIG.negative(); // larger than a leaf holds
                throw e;
            }
            return 0;
        });
    }

    @Override
    public synchronized long removexattr(io.helctic.kernel.vfs.Dir dir, String name, String attr) {
        return attr(dir, name, (n, i) -> fs.removexattr(n, attr.getBytes(StandardCharsets.UTF_8)) ? 0 : Errno.ENODATA.negative());
    }

    /** btrfs's struct statfs: its magic, the sector size as block size, the image's sizes (read-only when mounted so). */
    @Override
    public Result<byte[]> statfs(io.helctic.kernel.vfs.Dir dir) {
        Superblock sb = fs.superblock();
        long bs = sb.sectorSize(), blocks = sb.totalBytes() / bs;
        long free = rw ? fs.freeBytes() / bs : Math.max(0, sb.totalBytes() - sb.bytesUsed()) / bs;
        ByteBuffer b = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putLong(bs).putLong(blocks).putLong(free).putLong(free).putLong(0).putLong(0);
        java.util.UUID uuid = java.util.UUID.fromString(sb.fsid());
        long fsid = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
        b.putInt((int) fsid).putInt((int) (fsid >>> 32)).putLong(NAME_MAX).putLong(bs).putLong(rw ? 0 : ST_RDONLY);
        return Result.ok(b.array());
    }

    /**
     * The whole of a regular file as committed: a slice of the mapped image when its
     * uncompressed extents lie end to end (read-only mounts: the bytes never move), else read
     * once through the library and kept while memory allows.
     */
    private MemorySegment contents(Node n) throws BtrfsException {
        SoftReference<MemorySegment> ref = contents.get(n);
        MemorySegment m = ref == null ? null : ref.get();
        if (m != null) return m;
        if (!rw) {
            try {
                m = fs.contiguous(n).orElse(null); // the image's own bytes, no copy
            } catch (BtrfsException e) {
                m = null; // read it the long way, which says what is wrong if anything is
            }
        }
        if (m == null) m = MemorySegment.ofArray(fs.readAll(n)).asReadOnly();
        contents.put(n, new SoftReference<>(m));
        return m;
    }

    /** A regular file of the image, open. */
    private final class FileHandle implements Handle {
        private final String rel, guestPath;
        private final Node node;
        private volatile int status;
        private long pos;
        private boolean closed;

        FileHandle(String rel, Node node, String guestPath, int flags) {
            this.rel = rel;
            this.node = node;
            this.guestPath = guestPath;
            this.status = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
            opens.merge(node, 1, Integer::sum);
        }

        private long size() {
            try {
                return fs.inode(node).size();
            } catch (BtrfsException e) {
                return 0;
            }
        }

        @Override
        public synchronized long read(byte[] buf, int off, int len) {
            long n = pread(buf, off, len, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public long pread(byte[] buf, int off, int len, long position) {
            if (position < 0) return Errno.EINVAL.negative();
            if (len == 0) return 0;
            io.helctic.kernel.memory.SharedPages sp = shared.get(node);
            if (sp != null && rw) sp.flush(); // what shared mappings wrote
            try {
                int r = fs.readChanged(node, position, buf, off, len);
                if (r >= 0) return r;
                long size = size();
                if (position >= size) return 0;
                MemorySegment m = contents(node);
                int n = (int) Math.min(len, Math.min(size, m.byteSize()) - position);
                if (n <= 0) return 0;
                MemorySegment.copy(m, java.lang.foreign.ValueLayout.JAVA_BYTE, position, buf, off, n);
                return n;
            } catch (BtrfsException e) {
                return damaged(rel, e).negative();
            }
        }

        @Override
        public synchronized long seek(long offset, int whence) {
            long size = size();
            long to = switch (whence) {
                case SEEK_SET -> offset;
                case SEEK_CUR -> pos + offset;
                case SEEK_END -> size + offset;
                case SEEK_DATA -> offset < size ? offset : Errno.ENXIO.negative();
                case SEEK_HOLE -> offset < size ? size : Errno.ENXIO.negative();
                default -> Errno.EINVAL.negative();
            };
            if ((whence == SEEK_DATA || whence == SEEK_HOLE) && (offset < 0 || offset >= size)) return Errno.ENXIO.negative();
            if (to < 0) return Errno.EINVAL.negative();
            pos = to;
            return to;
        }

        @Override
        public synchronized long write(byte[] buf, int off, int len) {
            if ((status & O_APPEND) != 0) pos = size();
            long n = pwrite(buf, off, len, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public long pwrite(byte[] buf, int off, int len, long position) {
            if ((status & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
            if (position < 0) return Errno.EINVAL.negative();
            if (len == 0) return 0;
            if (position + len < 0) return Errno.EFBIG.negative();
            io.helctic.kernel.memory.SharedPages sp = shared.get(node);
            if (sp != null) sp.flush();
            try {
                fs.write(node, position, buf, off, len);
            } catch (BtrfsException e) {
                return failed(rel, e);
            }
            forget(node);
            if (sp != null) sp.written(position, buf, off, len);
            return len;
        }

        @Override
        public long truncate(long length) {
            if ((status & O_ACCMODE) == O_RDONLY) return Errno.EINVAL.negative();
            try {
                return resize(node, length);
            } catch (BtrfsException e) {
                return failed(rel, e);
            }
        }

        /**
         * fallocate as btrfs_fallocate: allocation (growing unless KEEP_SIZE) and PUNCH_HOLE
         * (with KEEP_SIZE); ZERO_RANGE and the others EOPNOTSUPP.
         */
        @Override
        public long allocate(int mode, long offset, long length) {
            if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) return Errno.EOPNOTSUPP.negative();
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_KEEP_SIZE) == 0) return Errno.EOPNOTSUPP.negative();
            if (!rw) return Errno.EROFS.negative();
            io.helctic.kernel.memory.SharedPages sp = shared.get(node);
            if (sp != null) sp.flush();
            try {
                if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                    fs.punch(node, offset, length);
                    long end = Math.min(offset + length, size());
                    byte[] zeros = new byte[(int) Math.min(Math.max(0, end - offset), 64 * 1024)];
                    for (long at = offset; sp != null && at < end; ) { // mapped frames see the zeros too
                        int n = (int) Math.min(zeros.length, end - at);
                        sp.written(at, zeros, 0, n);
                        at += n;
                    }
                } else {
                    fs.allocate(node, offset, length, (mode & FALLOC_FL_KEEP_SIZE) != 0);
                }
            } catch (BtrfsException e) {
                return failed(rel, e);
            }
            forget(node);
            return 0;
        }

        /** fsync: the whole filesystem commits (btrfs has a log tree for one file's fsync; this writes no log). */
        @Override
        public long sync() {
            io.helctic.kernel.memory.SharedPages sp = shared.get(node);
            if (sp != null && rw) sp.flush();
            return rw ? commit("fsync") : 0;
        }

        @Override
        public long syncFilesystem() { return sync(); }

        @Override
        public boolean readsFill() { return true; }

        @Override
        public Stat stat() {
            try {
                return BtrfsScheme.this.stat(fs.inode(node));
            } catch (BtrfsException e) {
                damaged(rel, e);
                return null;
            }
        }

        @Override
        public int statusFlags() { return status; }

        @Override
        public void setStatusFlags(int flags) { status = (status & O_ACCMODE) | (flags & ~O_ACCMODE); }

        @Override
        public String path() { return guestPath; }

        @Override
        public long birthNanos() { return BtrfsScheme.this.birthNanos(new io.helctic.kernel.vfs.Dir(BtrfsScheme.this, rel, -1, false), ""); }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) return;
                closed = true;
            }
            Integer left = opens.computeIfPresent(node, (k, v) -> v > 1 ? v - 1 : null);
            if (left == null && rw) {
                io.helctic.kernel.memory.SharedPages sp = shared.get(node);
                if (sp != null) sp.flush();
                try {
                    fs.release(node);
                } catch (BtrfsException e) {
                    failed(rel, e);
                }
            }
        }

        /** MAP_SHARED: one page cache per inode, filled from the image and, when writable, written back through the file. */
        @Override
        public io.helctic.kernel.memory.SharedPages sharedPages() {
            return shared.computeIfAbsent(node, n -> io.helctic.kernel.memory.SharedPages.of(new io.helctic.kernel.memory.SharedPages.Backing() {
                @Override
                public long size() { return FileHandle.this.size(); }

                @Override
                public void read(long pos, byte[] dst, int len) {
                    long got = pread(dst, 0, len, pos);
                    if (got < 0) got = 0; // EIO was logged; the page reads as zeros
                    java.util.Arrays.fill(dst, (int) got, len, (byte) 0);
                }

                @Override
                public boolean write(long pos, byte[] src, int len) {
                    if (!rw) return false;
                    long size = size();
                    int n = (int) Math.max(0, Math.min(len, size - pos));
                    if (n == 0) return true;
                    try {
                        fs.write(node, pos, src, 0, n);
                    } catch (BtrfsException e) {
                        failed(rel, e);
                        return false;
                    }
                    forget(node);
                    return true;
                }

                @Override
                public boolean writable() { return rw && BtrfsScheme.this.writable(node); }

                @Override
                public void release() { }
            }, guestPath));
        }

        /** MAP_PRIVATE and exec: the file's bytes as they are now. */
        @Override
        public MemorySegment mapping() {
            try {
                long size = size();
                byte[] copy = new byte[(int) Math.min(Integer.MAX_VALUE - 8, size)];
                int r = fs.readChanged(node, 0, copy, 0, copy.length);
                if (r >= 0) return MemorySegment.ofArray(copy);
                return contents(node);
            } catch (BtrfsException e) {
                damaged(rel, e);
                return null;
            }
        }
    }

    /** A directory of the image: ".", "..", then its entries in index order. */
    private final class DirHandle implements Handle {
        private final String rel, guestPath;
        private final Stat stat;
        private volatile int status;
        /** ".", "..", then the entries (read at the first getdents). */
        private List<ListingHandle.Dirent> entries;
        private final int[] next = {0};

        DirHandle(String rel, String guestPath, Stat stat, int flags) {
            this.rel = rel;
            this.guestPath = guestPath;
            this.stat = stat;
            this.status = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_DIRECTORY;
        }

        @Override
        public long read(byte[] buf, int off, int len) { return Errno.EISDIR.negative(); }

        @Override
        public synchronized long seek(long offset, int whence) {
            if (whence != SEEK_SET || offset < 0) return Errno.EINVAL.negative();
            return next[0] = (int) Math.min(offset, Integer.MAX_VALUE);
        }

        @Override
        public synchronized long getdents(byte[] buf, int len) {
            if (entries == null) {
                Result<Node> n = node(rel);
                if (n.failed()) return -n.errno();
                int slash = rel.lastIndexOf('/');
                Result<Node> p = rel.isEmpty() ? n : node(slash < 0 ? "" : rel.substring(0, slash));
                List<ListingHandle.Dirent> all = new ArrayList<>();
                all.add(ListingHandle.Dirent.of(".", stat.ino(), 4));
                all.add(ListingHandle.Dirent.of("..", p.failed() ? stat.ino() : p.value().ino(), 4));
                try {
                    for (DirEntry e : fs.list(n.value())) all.add(new ListingHandle.Dirent(e.bytes(), e.node().ino(), dtype(e.type())));
                } catch (BtrfsException e) {
                    return damaged(rel, e).negative();
                }
                entries = all;
            }
            return ListingHandle.dirents(entries, next, buf, len);
        }

        @Override
        public Stat stat() { return stat; }

        @Override
        public int statusFlags() { return status; }

        @Override
        public void setStatusFlags(int flags) { status = (flags & ~O_ACCMODE) | O_DIRECTORY; }

        @Override
        public String path() { return guestPath; }
    }

    /** Linux's DT_* of a file type. */
    private static int dtype(FileType t) {
        return switch (t) {
            case FIFO -> 1;
            case CHAR_DEVICE -> 2;
            case DIRECTORY -> 4;
            case BLOCK_DEVICE -> 6;
            case REGULAR -> 8;
            case SYMLINK -> 10;
            case SOCKET -> 12;
            case UNKNOWN -> 0;
        };
    }
}
