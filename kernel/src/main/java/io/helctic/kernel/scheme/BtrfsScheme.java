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
    private final Map<Long, Long> devices = new ConcurrentHashMap<>();
    private final Map<Node, SoftReference<MemorySegment>> contents = new ConcurrentHashMap<>();
    /** The page caches of the files some process mapped shared (read-only: nothing is ever written back). */
    private final Map<Node, io.helctic.kernel.memory.SharedPages> shared = new ConcurrentHashMap<>();

    private BtrfsScheme(Btrfs fs, Node root, PrintStream log) {
        this.fs = fs;
        this.root = root;
        this.log = log;
        nodes.put("", root);
    }

    /**
     * Mounts the image at {@code image}: its default subvolume, or the subvolume at path
     * {@code subvol} of it when not null. The message of the exception says in one line why an
     * image cannot be mounted.
     */
    public static BtrfsScheme mount(Path image, String subvol, PrintStream log) throws BtrfsException {
        Btrfs fs = Btrfs.open(image);
        try {
            if (fs.hasUnreplayedLog()) throw new BtrfsException("it has a tree log to replay (mount it once with Linux)");
            Node top = subvol == null ? fs.root() : fs.resolve(subvol, true);
            if (fs.inode(top).type() != FileType.DIRECTORY) throw new BtrfsException(subvol + ": not a directory");
            return new BtrfsScheme(fs, top, log);
        } catch (BtrfsException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    @Override
    public String name() { return "btrfs"; }

    /** Unmounts: the image is let go of (the kernel has ended). */
    public void close() {
        fs.close();
    }

    /** A read that failed on the image: EIO, and the reason on the kernel's log. */
    private Errno damaged(String rel, BtrfsException e) {
        log.println("helctic: btrfs: /" + rel + ": " + e.getMessage());
        return Errno.EIO;
    }

    /** The node at rel (every component but the last already walked as a directory), or ENOENT. */
    private Result<Node> node(String rel) {
        Node n = nodes.get(rel);
        if (n != null) return Result.ok(n);
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        Result<Node> dir = node(parent);
        if (dir.failed()) return dir;
        try {
            if (fs.inode(dir.value()).type() != FileType.DIRECTORY) return Result.err(Errno.ENOTDIR);
            Optional<DirEntry> e = fs.lookup(dir.value(), rel.substring(slash + 1).getBytes(StandardCharsets.ISO_8859_1));
            if (e.isEmpty()) return Result.err(Errno.ENOENT);
            n = e.get().node();
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
        nodes.put(rel, n);
        return Result.ok(n);
    }

    private long device(long tree) {
        return devices.computeIfAbsent(tree, t -> (long) FIRST_MINOR + devices.size());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Linux's btrfs_getattr: the sector size as st_blksize, the inode's bytes in whole sectors as st_blocks. */
    private Handle.Stat stat(Inode i) {
        Node n = i.node();
        long bs = fs.superblock().sectorSize();
        long blocks = Math.ceilDiv(i.nbytes(), bs) * bs / 512;
        return new Handle.Stat(device(n.tree()), n.ino(), i.nlink(), i.mode(), i.uid(), i.gid(), i.rdev(), i.size(),
                bs, blocks, nanos(i.atime()), nanos(i.mtime()), nanos(i.ctime()));
    }

    @Override
    protected Result<Handle.Stat> lstat(String rel) {
        Result<Node> n = node(rel);
        if (n.failed()) return n.cast();
        try {
            return Result.ok(stat(fs.inode(n.value())));
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

    @Override
    protected Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        Result<Node> n = node(rel);
        if (n.failed()) return n.errno() == Errno.ENOENT.number() && (flags & O_CREAT) != 0 ? Result.err(Errno.EROFS) : n.cast();
        if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return Result.err(Errno.EEXIST);
        Inode i;
        try {
            i = fs.inode(n.value());
        } catch (BtrfsException e) {
            return Result.err(damaged(rel, e));
        }
        Handle.Stat st = stat(i);
        boolean dir = i.type() == FileType.DIRECTORY;
        if ((flags & O_DIRECTORY) != 0 && !dir) return Result.err(Errno.ENOTDIR);
        if (dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT) != 0)) return Result.err(Errno.EISDIR);
        if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) != 0) {
            // a FIFO or a device node opens as the kernel's own would; files of the image cannot be written
            if (i.type() == FileType.REGULAR || i.type() == FileType.SYMLINK) return Result.err(Errno.EROFS);
        }
        return switch (i.type()) {
            case DIRECTORY -> Result.ok(new DirHandle(rel, guestPath, st, flags));
            case REGULAR -> Result.ok(new FileHandle(rel, n.value(), guestPath, st, flags));
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET -> Result.err(Errno.ENXIO); // no devices or FIFOs of the image yet
            default -> Result.err(Errno.ELOOP); // a symlink opened with O_NOFOLLOW|O_PATH is the namespace's to answer
        };
    }

    @Override
    public long mknod(io.helctic.kernel.vfs.Dir dir, String name, int mode) { return Errno.EROFS.negative(); }

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
    public long setxattr(io.helctic.kernel.vfs.Dir dir, String name, String attr, byte[] value, int flags) {
        return Errno.EROFS.negative();
    }

    @Override
    public long removexattr(io.helctic.kernel.vfs.Dir dir, String name, String attr) { return Errno.EROFS.negative(); }

    /** btrfs's struct statfs: its magic, the sector size as block size, the image's sizes, read-only. */
    @Override
    public Result<byte[]> statfs(io.helctic.kernel.vfs.Dir dir) {
        Superblock sb = fs.superblock();
        long bs = sb.sectorSize(), blocks = sb.totalBytes() / bs, free = Math.max(0, sb.totalBytes() - sb.bytesUsed()) / bs;
        ByteBuffer b = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putLong(bs).putLong(blocks).putLong(free).putLong(free).putLong(0).putLong(0);
        java.util.UUID uuid = java.util.UUID.fromString(sb.fsid());
        long fsid = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
        b.putInt((int) fsid).putInt((int) (fsid >>> 32)).putLong(NAME_MAX).putLong(bs).putLong(ST_RDONLY);
        return Result.ok(b.array());
    }

    /**
     * The whole of a regular file: a slice of the mapped image when its uncompressed extents lie
     * end to end, else read once through the library and kept while memory allows.
     */
    private MemorySegment contents(Node n) throws BtrfsException {
        SoftReference<MemorySegment> ref = contents.get(n);
        MemorySegment m = ref == null ? null : ref.get();
        if (m != null) return m;
        try {
            m = fs.contiguous(n).orElse(null); // the image's own bytes, no copy
        } catch (BtrfsException e) {
            m = null; // read it the long way, which says what is wrong if anything is
        }
        if (m == null) m = MemorySegment.ofArray(fs.readAll(n)).asReadOnly();
        contents.put(n, new SoftReference<>(m));
        return m;
    }

    /** A regular file of the image, open for reading. */
    private final class FileHandle implements Handle {
        private final String rel, guestPath;
        private final Node node;
        private final Stat stat;
        private volatile int status;
        private long pos;

        FileHandle(String rel, Node node, String guestPath, Stat stat, int flags) {
            this.rel = rel;
            this.node = node;
            this.guestPath = guestPath;
            this.stat = stat;
            this.status = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
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
            if (position >= stat.size() || len == 0) return 0;
            MemorySegment m;
            try {
                m = contents(node);
            } catch (BtrfsException e) {
                return damaged(rel, e).negative();
            }
            int n = (int) Math.min(len, m.byteSize() - position);
            if (n <= 0) return 0;
            MemorySegment.copy(m, java.lang.foreign.ValueLayout.JAVA_BYTE, position, buf, off, n);
            return n;
        }

        @Override
        public synchronized long seek(long offset, int whence) {
            long size = stat.size();
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
        public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }

        @Override
        public boolean readsFill() { return true; }

        @Override
        public long pwrite(byte[] buf, int off, int len, long position) { return Errno.EBADF.negative(); }

        @Override
        public Stat stat() { return stat; }

        @Override
        public int statusFlags() { return status; }

        @Override
        public void setStatusFlags(int flags) { status = (status & O_ACCMODE) | (flags & ~O_ACCMODE); }

        @Override
        public String path() { return guestPath; }

        @Override
        public long birthNanos() { return BtrfsScheme.this.birthNanos(new io.helctic.kernel.vfs.Dir(BtrfsScheme.this, rel, -1, false), ""); }

        /** MAP_SHARED (read-only, the file cannot be opened for writing): one page cache per inode, filled from the image. */
        @Override
        public io.helctic.kernel.memory.SharedPages sharedPages() {
            return shared.computeIfAbsent(node, n -> io.helctic.kernel.memory.SharedPages.of(new io.helctic.kernel.memory.SharedPages.Backing() {
                @Override
                public long size() { return stat.size(); }

                @Override
                public void read(long pos, byte[] dst, int len) {
                    long got = pread(dst, 0, len, pos);
                    if (got < 0) java.util.Arrays.fill(dst, 0, len, (byte) 0); // EIO was logged; the page reads as zeros
                }

                @Override
                public boolean write(long pos, byte[] src, int len) { return false; }

                @Override
                public boolean writable() { return false; }

                @Override
                public void release() { }
            }, guestPath));
        }

        /** MAP_PRIVATE and exec: the file's bytes (the image never changes under them). */
        @Override
        public MemorySegment mapping() {
            try {
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
