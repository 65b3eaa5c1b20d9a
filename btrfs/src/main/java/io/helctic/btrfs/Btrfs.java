package io.helctic.btrfs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A btrfs image opened read-only. Every method either answers or throws a
 * {@link BtrfsException} that names what is wrong and where; none hangs on a damaged image.
 * Safe for use from several threads.
 */
public final class Btrfs implements AutoCloseable {
    private static final int MAX_SYMLINKS = 40;
    private static final int MAX_DEPTH = 4096;

    /** A tree root from the root tree's ROOT_ITEM. */
    record Root(long id, long bytenr, int level, long rootDirid, long generation, long flags, int refs,
                String uuid, String parentUuid, Instant otime) {}

    /** One name of an inode: the directory holding it and the name in it. */
    public record Link(long parentIno, String name) {}

    final Volume vol;
    private final Map<Long, Root> roots = new HashMap<>();
    /** The changes of an image opened for writing; null when read-only. */
    private Changes changes;
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final long defaultSubvol;

    private Btrfs(Volume vol) throws BtrfsException {
        this.vol = vol;
        Superblock sb = vol.sb;
        if (sb.numDevices() != 1)
            throw new BtrfsException("the filesystem spans " + sb.numDevices() + " devices; only single-device images are supported");
        if (sb.logRoot() != 0)
            vol.warnings.add("log tree at logical " + sb.logRoot() + " was never replayed: changes fsynced after generation "
                    + sb.generation() + " are not shown (mount the image read-write once to replay it)");
        this.defaultSubvol = findDefault();
    }

    /** Opens the image at {@code path}: superblock (or a mirror), chunk tree and root tree. */
    /** Whether {@code file} starts like a btrfs image: its primary superblock's magic at 64 KiB (nothing more is checked). */
    public static boolean looksLikeImage(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            return ch.read(b, 0x10000 + 0x40) == 8 && new String(b.array(), StandardCharsets.US_ASCII).equals("_BHRfS_M");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static Btrfs open(Path path) throws BtrfsException {
        Volume v = Volume.open(path);
        try {
            return checked(() -> new Btrfs(v));
        } catch (BtrfsException e) {
            v.close();
            throw e;
        }
    }

    interface Action<T> { T run() throws BtrfsException; }

    /** Runs {@code a}, turning a slip past the explicit checks into a named error. */
    static <T> T checked(Action<T> a) throws BtrfsException {
        try {
            return a.run();
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException | NegativeArraySizeException e) {
            throw new BtrfsException("malformed metadata: " + e.getMessage(), e);
        }
    }

    /** The same, holding the read lock when the image is open for writing (writes hold the write lock). */
    <T> T guard(Action<T> a) throws BtrfsException {
        if (changes == null) return checked(a);
        lock.readLock().lock();
        try {
            return checked(a);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a change under the write lock. */
    private <T> T change(Action<T> a) throws BtrfsException {
        if (changes == null) throw new BtrfsException("the image is open read-only");
        lock.writeLock().lock();
        try {
            changes.w.ensureMetadata();
            return checked(a);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Superblock superblock() { return vol.sb; }

    /** What was noticed and worked around: a mirror superblock, a bad metadata copy, an unreplayed log. */
    public List<String> warnings() {
        synchronized (vol.warnings) { return List.copyOf(vol.warnings); }
    }

    /** Whether a log tree holds fsynced changes that were never replayed into the trees. */
    public boolean hasUnreplayedLog() { return vol.sb.logRoot() != 0; }

    /** The subvolume mounted by default (5, the top level, unless set otherwise). */
    public long defaultSubvolume() { return defaultSubvol; }

    /** The chunks as (kind, profile, logical, length, copies) lines for reports. */
    public List<String> chunkSummary() {
        List<String> out = new ArrayList<>();
        for (ChunkMap.Chunk c : vol.chunks.chunks()) {
            StringBuilder b = new StringBuilder(c.kind() + " " + c.profile() + " logical " + c.logical() + " length " + c.length() + " at");
            for (long p : c.copies()) b.append(' ').append(p);
            out.add(b.toString());
        }
        return out;
    }

    /** The root directory of the default subvolume. */
    public Node root() throws BtrfsException {
        return new Node(defaultSubvol, root(defaultSubvol).rootDirid);
    }

    /** The root directory of subvolume {@code id}. */
    public Node subvolumeRoot(long id) throws BtrfsException {
        return new Node(id, root(id).rootDirid);
    }

    private long findDefault() throws BtrfsException {
        byte[] name = "default".getBytes(StandardCharsets.US_ASCII);
        long[] id = {Key.FS_TREE};
        Key k = new Key(Key.ROOT_TREE_DIR, Key.DIR_ITEM, Crc32c.nameHash(name));
        vol.scan(rootTree(), rootTreeLevel(), k, k, "root tree", (key, d) -> {
            for (DirItems.Raw r : DirItems.parse(d, "root tree default dir item"))
                if (r.nameEquals(name)) id[0] = r.location().objectid();
            return false;
        });
        return id[0];
    }

    Root root(long id) throws BtrfsException {
        Root r0;
        synchronized (roots) { r0 = roots.get(id); }
        if (r0 == null) r0 = committedRoot(id);
        if (changes == null) return r0;
        Writer.TreeRoot t = changes.w.tree(id);
        return t.bytenr == r0.bytenr && t.level == r0.level ? r0
                : new Root(id, t.bytenr, t.level, r0.rootDirid, r0.generation, r0.flags, r0.refs, r0.uuid, r0.parentUuid, r0.otime);
    }

    /** The root tree's root block and level as they stand (changed by writes, not yet committed). */
    private long rootTree() { return changes == null ? vol.sb.root() : changes.w.rootTreeBytenr(); }
    private int rootTreeLevel() { return changes == null ? vol.sb.rootLevel() : changes.w.rootTreeLevel(); }

    /** Tree {@code id}'s root item as first read. */
    Root committedRoot(long id) throws BtrfsException {
        synchronized (roots) {
            Root r = roots.get(id);
            if (r != null) return r;
        }
        List<Map.Entry<Key, MemorySegment>> items = vol.items(rootTree(), rootTreeLevel(), id, Key.ROOT_ITEM, "root tree");
        if (items.isEmpty()) throw new BtrfsException("tree " + id + ": no ROOT_ITEM in the root tree");
        MemorySegment d = items.getLast().getValue();
        if (d.byteSize() < 239) throw new BtrfsException("tree " + id + ": ROOT_ITEM of " + d.byteSize() + " bytes is too short");
        boolean v2 = d.byteSize() >= 439 && Le.u64(d, 239) == Le.u64(d, 160);
        Root r = new Root(id, Le.u64(d, 176), Le.u8(d, 238), Le.u64(d, 168), Le.u64(d, 160), Le.u64(d, 208),
                Le.i32(d, 216), v2 ? Le.uuid(d, 247) : null, v2 && !zero(d, 263) ? Le.uuid(d, 263) : null,
                v2 ? Inode.time(d, 339) : null);
        if (r.level >= 8) throw new BtrfsException("tree " + id + ": root level " + r.level + " out of range");
        synchronized (roots) { roots.put(id, r); }
        return r;
    }

    private static boolean zero(MemorySegment d, long off) {
        for (int i = 0; i < 16; i++) if (Le.u8(d, off + i) != 0) return false;
        return true;
    }

    /** Items of tree {@code tree} with min ≤ key ≤ max, in key order. */
    void scanItems(long tree, Key min, Key max, Volume.ItemVisitor v) throws BtrfsException {
        guard(() -> {
            Root r = root(tree);
            vol.scan(r.bytenr, r.level, min, max, "tree " + tree, v);
            return null;
        });
    }

    /** Every subvolume and snapshot (not the top level, 5), by id, with its path from the top. */
    public List<Subvolume> subvolumes() throws BtrfsException {
        return guard(() -> {
            record Ref(long parent, long dirid, String name) {}
            Map<Long, Ref> refs = new LinkedHashMap<>();
            vol.scan(rootTree(), rootTreeLevel(), new Key(0, 0, 0), new Key(-1L, 255, -1L), "root tree", (k, d) -> {
                if (k.type() == Key.ROOT_REF) {
                    if (d.byteSize() < 18 || 18 + Le.u16(d, 16) > d.byteSize())
                        throw new BtrfsException("root tree: ROOT_REF " + k + " is malformed");
                    refs.put(k.offset(), new Ref(k.objectid(), Le.u64(d, 0), Le.string(d, 18, Le.u16(d, 16))));
                }
                return true;
            });
            List<Subvolume> out = new ArrayList<>();
            for (Map.Entry<Long, Ref> e : refs.entrySet()) {
                StringBuilder path = new StringBuilder();
                long id = e.getKey();
                for (int depth = 0; id != Key.FS_TREE; depth++) {
                    Ref ref = refs.get(id);
                    if (ref == null) break; // parent is gone; show the path so far
                    if (depth > refs.size()) throw new BtrfsException("root tree: subvolume " + e.getKey() + " is its own ancestor");
                    String dir = dirPath(new Node(ref.parent, ref.dirid));
                    path.insert(0, (dir.isEmpty() ? "" : dir + "/") + ref.name + (path.isEmpty() ? "" : "/"));
                    id = ref.parent;
                }
                Root r = root(e.getKey());
                Ref ref = e.getValue();
                out.add(new Subvolume(e.getKey(), ref.parent, ref.dirid, path.toString(), r.generation, r.rootDirid,
                        r.uuid, r.parentUuid, r.otime, (r.flags & 1) != 0));
            }
            return Collections.unmodifiableList(out);
        });
    }

    /** The path of directory {@code dir} from its tree's root directory ("" for the root itself). */
    String dirPath(Node dir) throws BtrfsException {
        long rootDir = root(dir.tree()).rootDirid;
        StringBuilder b = new StringBuilder();
        Node n = dir;
        for (int depth = 0; n.ino() != rootDir; depth++) {
            if (depth > MAX_DEPTH) throw new BtrfsException("inode " + dir + ": directory chain deeper than " + MAX_DEPTH + " (loop?)");
            List<Link> links = links(n);
            if (links.isEmpty()) throw new BtrfsException("inode " + n + ": no name (INODE_REF) on the way to the root");
            Link l = links.getFirst();
            b.insert(0, b.isEmpty() ? l.name() : l.name() + "/");
            n = new Node(n.tree(), l.parentIno());
        }
        return b.toString();
    }

    /** The inode item of {@code node}. */
    public Inode inode(Node node) throws BtrfsException {
        return guard(() -> {
            if (changes != null) {
                byte[] b = changes.inodeItem(node);
                if (b != null) {
                    Inode i = Inode.parse(node, MemorySegment.ofArray(b));
                    Changes.DirtyFile f = changes.dirtyFile(node);
                    return f == null ? i : new Inode(node, i.generation(), i.size(), changes.pendingBytes(node, f), i.nlink(), i.uid(),
                            i.gid(), i.mode(), i.rdev(), i.flags(), i.atime(), i.ctime(), i.mtime(), i.otime());
                }
            }
            Key k = new Key(node.ino(), Key.INODE_ITEM, 0);
            Inode[] found = {null};
            scanItems(node.tree(), k, k, (key, d) -> {
                found[0] = Inode.parse(node, d);
                return false;
            });
            if (found[0] != null) return found[0];
            if (node.ino() == Key.EMPTY_SUBVOL_DIR) // a snapshot's stand-in for a nested subvolume
                return new Inode(node, 0, 0, 0, 1, 0, 0, 040755, 0, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
            throw new BtrfsException("inode " + node + ": no INODE_ITEM");
        });
    }

    private DirEntry entry(Node dir, DirItems.Raw r, long index) throws BtrfsException {
        Key loc = r.location();
        String name = new String(r.name(), StandardCharsets.UTF_8);
        if (loc.type() == Key.ROOT_ITEM) {
            if (!holdsSubvolume(dir, loc.objectid(), r.name())) // as the kernel shows it: an empty directory
                return new DirEntry(name, new Node(dir.tree(), Key.EMPTY_SUBVOL_DIR), FileType.DIRECTORY, index, false, r.name());
            return new DirEntry(name, new Node(loc.objectid(), root(loc.objectid()).rootDirid), FileType.DIRECTORY, index, true, r.name());
        }
        if (loc.type() != Key.INODE_ITEM)
            throw new BtrfsException("directory " + dir + ": entry '" + name + "' points at a key of type " + loc.type());
        return new DirEntry(name, new Node(dir.tree(), loc.objectid()), FileType.ofDirType(r.type()), index, false, r.name());
    }

    /**
     * Whether subvolume {@code id} really is entry {@code name} of {@code dir}: the root tree has
     * its ROOT_REF from {@code dir}'s tree naming that directory and name. A snapshot copies its
     * source's entries for nested subvolumes but not the subvolumes, and an entry can outlive a
     * deleted subvolume; the kernel shows either as an empty stand-in directory (inode 2).
     */
    private boolean holdsSubvolume(Node dir, long id, byte[] name) throws BtrfsException {
        boolean[] found = {false};
        Key k = new Key(dir.tree(), Key.ROOT_REF, id);
        vol.scan(rootTree(), rootTreeLevel(), k, k, "root tree", (key, d) -> {
            if (d.byteSize() < 18 || 18 + Le.u16(d, 16) > d.byteSize())
                throw new BtrfsException("root tree: ROOT_REF " + key + " is malformed");
            found[0] = Le.u64(d, 0) == dir.ino() && java.util.Arrays.equals(Le.bytes(d, 18, Le.u16(d, 16)), name);
            return false;
        });
        return found[0];
    }

    /** The entries of directory {@code dir}, in creation (DIR_INDEX) order. */
    public List<DirEntry> list(Node dir) throws BtrfsException {
        return guard(() -> {
            List<DirEntry> out = new ArrayList<>();
            scanItems(dir.tree(), Key.min(dir.ino(), Key.DIR_INDEX), Key.max(dir.ino(), Key.DIR_INDEX), (k, d) -> {
                for (DirItems.Raw r : DirItems.parse(d, "directory " + dir + " index " + k.offset()))
                    out.add(entry(dir, r, k.offset()));
                return true;
            });
            return out;
        });
    }

    /** The entry {@code name} of directory {@code dir}, found by its name hash (DIR_ITEM). */
    public Optional<DirEntry> lookup(Node dir, String name) throws BtrfsException {
        return lookup(dir, name.getBytes(StandardCharsets.UTF_8));
    }

    /** The entry named by the bytes {@code n} of directory {@code dir}. */
    public Optional<DirEntry> lookup(Node dir, byte[] n) throws BtrfsException {
        return guard(() -> {
            Key k = new Key(dir.ino(), Key.DIR_ITEM, Crc32c.nameHash(n));
            DirEntry[] found = {null};
            scanItems(dir.tree(), k, k, (key, d) -> {
                for (DirItems.Raw r : DirItems.parse(d, "directory " + dir + " name hash " + key.offset()))
                    if (r.nameEquals(n)) found[0] = entry(dir, r, -1);
                return false;
            });
            return Optional.ofNullable(found[0]);
        });
    }

    /**
     * The node at {@code path} (absolute or relative to the default subvolume's root),
     * following symlinks on the way and, if {@code followLast}, at the end. Subvolume entries
     * are crossed like directories.
     */
    public Node resolve(String path, boolean followLast) throws BtrfsException {
        try {
            return guard(() -> resolve0(path, followLast));
        } catch (BtrfsException e) {
            throw e.onPath(path);
        }
    }

    private Node resolve0(String path, boolean followLast) throws BtrfsException {
        ArrayList<Node> stack = new ArrayList<>();
        stack.add(root());
        ArrayList<String> todo = new ArrayList<>(List.of(path.split("/+")));
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (stack.size() > 1) stack.removeLast();
                continue;
            }
            Node dir = stack.getLast();
            if (inode(dir).type() != FileType.DIRECTORY) throw new BtrfsException("not a directory");
            DirEntry e = lookup(dir, c).orElseThrow(() -> new BtrfsException("no such file or directory"));
            if (e.type() == FileType.SYMLINK && (followLast || !todo.isEmpty())) {
                if (++links > MAX_SYMLINKS) throw new BtrfsException("too many levels of symbolic links");
                String target = readlink(e.node());
                todo.addAll(0, List.of(target.split("/+")));
                if (target.startsWith("/")) {
                    Node r = stack.getFirst();
                    stack.clear();
                    stack.add(r);
                }
                continue;
            }
            stack.add(e.node());
        }
        return stack.getLast();
    }

    /** The target of symlink {@code node}: its inline data, cut to the inode's size, decoded as UTF-8. */
    public String readlink(Node node) throws BtrfsException {
        return new String(readlinkBytes(node), StandardCharsets.UTF_8);
    }

    /** The target of symlink {@code node}, its bytes exactly. */
    public byte[] readlinkBytes(Node node) throws BtrfsException {
        Inode i = inode(node);
        if (i.type() != FileType.SYMLINK) throw new BtrfsException("inode " + node + ": not a symlink");
        if (i.size() > 4096) throw new BtrfsException("inode " + node + ": symlink of absurd length " + i.size());
        byte[] b = readAll(i);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) n--; // some writers leave a trailing NUL inside the size
        return java.util.Arrays.copyOf(b, n);
    }

    /** The extended attributes of {@code node}, by full name ("user.foo"). */
    public Map<String, byte[]> xattrs(Node node) throws BtrfsException {
        return guard(() -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            scanItems(node.tree(), Key.min(node.ino(), Key.XATTR_ITEM), Key.max(node.ino(), Key.XATTR_ITEM), (k, d) -> {
                for (DirItems.Raw r : DirItems.parse(d, "inode " + node + " xattr"))
                    out.put(new String(r.name(), StandardCharsets.UTF_8), r.data());
                return true;
            });
            return out;
        });
    }

    /** Every name of {@code node} (INODE_REF and INODE_EXTREF items). */
    public List<Link> links(Node node) throws BtrfsException {
        return guard(() -> {
            List<Link> out = new ArrayList<>();
            String where = "inode " + node;
            scanItems(node.tree(), Key.min(node.ino(), Key.INODE_REF), Key.max(node.ino(), Key.INODE_EXTREF), (k, d) -> {
                long p = 0;
                while (p < d.byteSize()) {
                    if (k.type() == Key.INODE_REF) {
                        if (p + 10 > d.byteSize()) throw new BtrfsException(where + ": truncated INODE_REF");
                        int len = Le.u16(d, p + 8);
                        if (p + 10 + len > d.byteSize()) throw new BtrfsException(where + ": INODE_REF name overruns its item");
                        out.add(new Link(k.offset(), Le.string(d, p + 10, len)));
                        p += 10 + len;
                    } else if (k.type() == Key.INODE_EXTREF) {
                        if (p + 18 > d.byteSize()) throw new BtrfsException(where + ": truncated INODE_EXTREF");
                        int len = Le.u16(d, p + 16);
                        if (p + 18 + len > d.byteSize()) throw new BtrfsException(where + ": INODE_EXTREF name overruns its item");
                        out.add(new Link(Le.u64(d, p), Le.string(d, p + 18, len)));
                        p += 18 + len;
                    } else {
                        break;
                    }
                }
                return true;
            });
            return out;
        });
    }

    /** A stream over the bytes of regular file (or symlink) {@code node}; holes read as zeros. */
    public InputStream open(Node node) throws BtrfsException {
        Inode i = inode(node);
        if (i.type() != FileType.REGULAR && i.type() != FileType.SYMLINK)
            throw new BtrfsException("inode " + node + ": not a regular file (" + i.type() + ")");
        return new FileStream(this, i);
    }

    /** The same as a channel. */
    public ReadableByteChannel channel(Node node) throws BtrfsException {
        return Channels.newChannel(open(node));
    }

    /**
     * The bytes of regular file {@code node} straight from the mapped image, without a copy, when
     * the file is uncompressed extents laid end to end both in the file and on the disk (the usual
     * shape of a file written at once: mkfs.btrfs --rootdir writes 1 MiB extents one after the
     * other, the kernel up to 128 MiB); its data checksums are verified first, copy by copy as a
     * read would. Empty for any other shape (inline, compressed, holes, preallocated, scattered):
     * read it then.
     */
    public Optional<MemorySegment> contiguous(Node node) throws BtrfsException {
        return guard(() -> {
            if (changes != null && changes.dirtyFile(node) != null) return Optional.<MemorySegment>empty();
            Inode i = inode(node);
            if (i.type() != FileType.REGULAR || i.size() == 0) return Optional.<MemorySegment>empty();
            long[] next = {0, -1}; // the file offset and the logical address the next extent must start at
            long[] start = {-1};
            boolean[] fits = {true};
            scanItems(node.tree(), new Key(node.ino(), Key.EXTENT_DATA, 0), Key.max(node.ino(), Key.EXTENT_DATA), (k, d) -> {
                FileExtent e = FileExtent.parse(node, k.offset(), d);
                long logical = e.diskBytenr() + e.offset();
                if (e.type() != FileExtent.REGULAR || e.compression() != 0 || e.diskBytenr() == 0 || e.fileOffset() != next[0]
                        || (next[1] >= 0 && logical != next[1])) {
                    fits[0] = false;
                    return false;
                }
                if (start[0] < 0) start[0] = logical;
                next[0] += e.numBytes();
                next[1] = logical + e.numBytes();
                return next[0] < i.size();
            });
            if (!fits[0] || start[0] < 0 || next[0] < i.size()) return Optional.<MemorySegment>empty();
            long ss = vol.sb.sectorSize();
            long len = Math.min(Math.ceilDiv(i.size(), ss) * ss, next[1] - start[0]); // whole sectors, for their checksums
            MemorySegment d = data(node, start[0], len, (i.flags() & Inode.FLAG_NODATASUM) == 0);
            return Optional.of(d.asSlice(0, i.size()).asReadOnly());
        });
    }

    /** A whole file in memory; for small files (at most 1 GiB). */
    public byte[] readAll(Node node) throws BtrfsException {
        return readAll(inode(node));
    }

    private byte[] readAll(Inode i) throws BtrfsException {
        if (i.size() > 1L << 30) throw new BtrfsException("inode " + i.node() + ": " + i.size() + " bytes is too large to read whole");
        if (changes != null) { // a file changed since the last commit reads as changed
            byte[] out = new byte[(int) i.size()];
            int n = readChanged(i.node(), 0, out, 0, out.length);
            if (n >= 0) return out;
        }
        try (InputStream in = new FileStream(this, i)) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (e.getCause() instanceof BtrfsException b) throw b;
            throw new BtrfsException("inode " + i.node() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code n} bytes of extent {@code e}, from {@code at} bytes into it, to {@code out},
     * verifying data checksums where the csum tree has them.
     */
    void readExtent(Node node, FileExtent e, long at, byte[] out, int n, boolean verify) throws BtrfsException {
        guard(() -> {
            if (e.isZero()) {
                java.util.Arrays.fill(out, 0, n, (byte) 0);
            } else if (e.type() == FileExtent.INLINE) {
                MemorySegment src = e.inline();
                if (e.compression() != 0) {
                    src = MemorySegment.ofArray(decompress(node, e, Le.bytes(src, 0, (int) src.byteSize())));
                }
                long avail = Math.max(0, Math.min(n, src.byteSize() - at));
                if (avail > 0) FileStream.copy(src, at, out, (int) avail);
                java.util.Arrays.fill(out, (int) avail, n, (byte) 0);
            } else if (e.compression() != 0) {
                MemorySegment disk = data(node, e.diskBytenr(), e.diskNumBytes(), verify);
                byte[] d = decompress(node, e, Le.bytes(disk, 0, (int) disk.byteSize()));
                System.arraycopy(d, (int) (e.offset() + at), out, 0, n);
            } else {
                long ss = vol.sb.sectorSize();
                long logical = e.diskBytenr() + e.offset() + at;
                long start = logical - Math.floorMod(logical - e.diskBytenr(), ss);
                long end = Math.min(e.diskBytenr() + e.diskNumBytes(), ((logical + n + ss - 1) / ss) * ss);
                MemorySegment d = data(node, start, end - start, verify);
                FileStream.copy(d, logical - start, out, n);
            }
            return null;
        });
    }

    /** Extent {@code e}'s compressed bytes {@code in} decompressed; a fault names the inode and the extent. */
    private byte[] decompress(Node node, FileExtent e, byte[] in) throws BtrfsException {
        try {
            return Decompress.decompress(e.compression(), in, (int) e.ramBytes(), vol.sb.sectorSize());
        } catch (BtrfsException x) {
            throw new BtrfsException("inode " + node + " extent at file offset " + e.fileOffset()
                    + (e.type() == FileExtent.INLINE ? " (inline)" : " (logical " + e.diskBytenr() + ")") + ": " + x.getMessage(), x);
        }
    }

    /** Data at [logical, logical+len) from the first copy whose sectors match the csum tree. */
    private MemorySegment data(Node node, long logical, long len, boolean verify) throws BtrfsException {
        int copies = vol.copies(logical, len);
        BtrfsException first = null;
        for (int c = 0; c < copies; c++) {
            MemorySegment d = vol.read(logical, len, c);
            try {
                if (verify) Csums.verify(this, logical, d);
                return d;
            } catch (BtrfsException e) {
                if (first == null) first = e;
            }
        }
        throw new BtrfsException("inode " + node + ": " + first.getMessage(), first);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Opens the image at {@code path} for reading and writing. Changes are copied on write
     * into free space and committed by {@link #commit()} (and {@link #close()}), the superblock
     * last. Throws, naming the reason, when the image has features the writer does not
     * maintain ({@link #writeRefusal(Path)} tells beforehand).
     */
    public static Btrfs openWritable(Path path) throws BtrfsException {
        Btrfs fs = open(path);
        try {
            String why = Writer.unsupported(fs.vol.sb);
            if (why != null) throw new BtrfsException("cannot write to the image: " + why);
            fs.changes = new Changes(fs, Writer.open(fs, path));
            fs.vol.unwritten = fs.changes.w::dirtyBlock;
            return fs;
        } catch (BtrfsException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** Why this image cannot be opened for writing, or null if it can. */
    public String writeRefusal() { return Writer.unsupported(vol.sb); }

    public boolean writable() { return changes != null; }

    /** Whether tree (subvolume) {@code tree} may be changed: the image open for writing and the subvolume not read-only. */
    public boolean writable(long tree) throws BtrfsException {
        return changes != null && (committedRoot(tree).flags & 1) == 0;
    }

    /** Tells the writer which inodes are open: an unlinked open inode is kept (an orphan) until {@link #release}. */
    public void busy(java.util.function.Predicate<Node> busy) {
        if (changes != null) changes.busy = busy;
    }

    /** A new file, directory, device, FIFO or socket (by the type bits of {@code mode}) named {@code name} in {@code dir}. */
    public Node create(Node dir, byte[] name, int mode, int uid, int gid, long rdev) throws BtrfsException {
        if ((mode & 0170000) == 0120000) throw new BtrfsException("make symlinks with symlink()");
        return change(() -> changes.create(dir, name, mode, uid, gid, rdev, null));
    }

    /** A new symlink to {@code target}. */
    public Node symlink(Node dir, byte[] name, byte[] target, int uid, int gid) throws BtrfsException {
        if (target.length == 0 || target.length > 4095)
            throw new BtrfsException("symlink target of " + target.length + " bytes (1 to 4095 fit)");
        return change(() -> changes.create(dir, name, 0120777, uid, gid, 0, target));
    }

    /** Another name for {@code node}. */
    public void link(Node dir, byte[] name, Node node) throws BtrfsException {
        change(() -> {
            changes.addLink(dir, name, node, Changes.fileType(inode(node).mode()));
            return null;
        });
    }

    /** Removes the name (of a file, or of an empty directory); the inode goes with its last name once closed. */
    public void unlink(Node dir, byte[] name) throws BtrfsException {
        change(() -> {
            changes.unlink(dir, name);
            return null;
        });
    }

    /** Renames, replacing what {@code to} names (checked by the caller), or swaps the two when {@code exchange}. */
    public void rename(Node fromDir, byte[] from, Node toDir, byte[] to, boolean exchange) throws BtrfsException {
        change(() -> {
            changes.rename(fromDir, from, toDir, to, exchange);
            return null;
        });
    }

    /** The last user of {@code node} has let go: an unlinked inode is deleted now. */
    public void release(Node node) throws BtrfsException {
        if (changes == null) return;
        change(() -> {
            changes.release(node);
            return null;
        });
    }

    public void chmod(Node node, int perms) throws BtrfsException {
        change(() -> {
            changes.chmod(node, perms);
            return null;
        });
    }

    /** Sets the owner and group; -1 leaves one as it is. */
    public void chown(Node node, int uid, int gid) throws BtrfsException {
        change(() -> {
            changes.chown(node, uid, gid);
            return null;
        });
    }

    /** Sets atime and mtime (null leaves one as it is); ctime becomes now. */
    public void setTimes(Node node, Instant atime, Instant mtime) throws BtrfsException {
        change(() -> {
            changes.times(node, atime, mtime);
            return null;
        });
    }

    public void setxattr(Node node, byte[] name, byte[] value) throws BtrfsException {
        change(() -> {
            changes.setxattr(node, name, value);
            return null;
        });
    }

    /** Removes an extended attribute; false if it had none of that name. */
    public boolean removexattr(Node node, byte[] name) throws BtrfsException {
        return change(() -> changes.removexattr(node, name));
    }

    /** Writes {@code len} bytes of {@code src} at {@code off} of regular file {@code node}. */
    public void write(Node node, long off, byte[] src, int from, int len) throws BtrfsException {
        change(() -> {
            changes.write(node, off, src, from, len);
            return null;
        });
    }

    /** Sets the size of regular file {@code node}: cut, or extended with zeros. */
    public void truncate(Node node, long size) throws BtrfsException {
        change(() -> {
            changes.truncate(node, size);
            return null;
        });
    }

    /** fallocate: space for [off, off+len) where the file has none (read as zeros), the size grown unless {@code keepSize}. */
    public void allocate(Node node, long off, long len, boolean keepSize) throws BtrfsException {
        change(() -> {
            changes.allocate(node, off, len, keepSize);
            return null;
        });
    }

    /** fallocate's PUNCH_HOLE: [off, off+len) reads as zeros and holds no space once committed. */
    public void punch(Node node, long off, long len) throws BtrfsException {
        change(() -> {
            changes.punch(node, off, len);
            return null;
        });
    }

    /**
     * Reads a file changed since the last commit from memory: the count read (0 at its end), or
     * -1 when the file has not changed (read it from its extents).
     */
    public int readChanged(Node node, long off, byte[] dst, int from, int len) throws BtrfsException {
        if (changes == null) return -1;
        return guard(() -> {
            Changes.DirtyFile f = changes.dirtyFile(node);
            return f == null ? -1 : changes.read(node, f, off, dst, from, len);
        });
    }

    /** Reads file bytes [off, off+len) from the extents as the trees hold them now (holes and gaps as zeros). */
    void readCommitted(Node node, long off, byte[] dst, int from, int len) throws BtrfsException {
        Arrays.fill(dst, from, from + len, (byte) 0);
        long end = off + len;
        boolean verify = (inode(node).flags() & Inode.FLAG_NODATASUM) == 0;
        List<FileExtent> hits = new ArrayList<>();
        Map.Entry<Key, MemorySegment> before = changes.w.floor(node.tree(), new Key(node.ino(), Key.EXTENT_DATA, off));
        if (before != null && before.getKey().objectid() == node.ino() && before.getKey().type() == Key.EXTENT_DATA)
            hits.add(FileExtent.parse(node, before.getKey().offset(), before.getValue()));
        if (end - 1 > off)
            scanItems(node.tree(), new Key(node.ino(), Key.EXTENT_DATA, off + 1), new Key(node.ino(), Key.EXTENT_DATA, end - 1), (k, d) -> {
                hits.add(FileExtent.parse(node, k.offset(), d));
                return true;
            });
        for (FileExtent e : hits) {
            long s = Math.max(off, e.fileOffset()), t = Math.min(end, e.fileOffset() + e.length());
            if (t <= s) continue;
            byte[] tmp = new byte[(int) (t - s)];
            readExtent(node, e, s - e.fileOffset(), tmp, tmp.length, verify);
            System.arraycopy(tmp, 0, dst, from + (int) (s - off), tmp.length);
        }
    }

    /** Commits every change: data, then the trees, then the superblock. */
    public void commit() throws BtrfsException {
        if (changes == null) return;
        change(() -> {
            if (changes.hasChanges()) changes.commit();
            return null;
        });
    }

    /** Bytes free for data: in the data chunks, and on the device beyond the chunks. */
    public long freeBytes() {
        return changes == null ? 0 : changes.w.freeData() + changes.w.unallocated();
    }

    /** Deletes what the last run left unlinked but open (orphans) in tree {@code tree}. */
    public void dropOrphans(long tree) throws BtrfsException {
        change(() -> {
            changes.dropOrphans(tree);
            return null;
        });
    }

    @Override
    public void close() {
        if (changes != null) {
            changes.w.close();
            vol.unwritten = null;
        }
        vol.close();
    }
}
