package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The filesystem's changes on top of {@link Writer}'s trees: inodes, names, xattrs and file
 * data as btrfs stores them. Names, links and xattrs go into the trees at once; inode items
 * and the data of files being written are held here and written when the transaction
 * commits: a file changed since the last commit is written out whole, as new extents (inline
 * when small), and its old extents lose its reference (freed when none is left).
 */
final class Changes {
    static final int FT_UNKNOWN = 0, FT_REG = 1, FT_DIR = 2, FT_CHRDEV = 3, FT_BLKDEV = 4, FT_FIFO = 5, FT_SOCK = 6,
            FT_SYMLINK = 7, FT_XATTR = 8;
    /** The largest file kept inline in its extent item (the kernel's default max_inline). */
    static final int MAX_INLINE = 2048;
    private static final int CSUM_ITEM_SECTORS = 256;

    /**
     * A file changed in this transaction: copies of the sectors written since the last commit,
     * its size, and the size it was cut to (what lies beyond reads as zeros, whatever the
     * committed extents hold there).
     */
    static final class DirtyFile {
        final TreeMap<Long, byte[]> pages = new TreeMap<>();
        long size;
        /** Byte ranges (start → end) whose committed bytes no longer count: cut off, or punched out. */
        final TreeMap<Long, Long> zeroed = new TreeMap<>();
        /** Byte ranges (whole sectors) to be preallocated where no extent is. */
        final TreeMap<Long, Long> prealloc = new TreeMap<>();
        long reserved;
        /** The bytes it will hold once committed (as stat's blocks show at once), or -1 to count again. */
        long nbytes = -1;
    }

    /**
     * The bytes a changed file holds as the kernel's stat counts them before writeback (its
     * extents, less what was cut or punched, plus the new and preallocated sectors): what
     * {@link #flush} will leave in the inode's nbytes.
     */
    long pendingBytes(Node n, DirtyFile f) throws BtrfsException {
        if (f.nbytes >= 0) return f.nbytes;
        if (f.size > 0 && f.size <= MAX_INLINE && f.size < ss && f.prealloc.isEmpty()) return f.nbytes = f.size;
        TreeMap<Long, Long> held = new TreeMap<>();
        for (Writer.Item it : w.range(n.tree(), Key.min(n.ino(), Key.EXTENT_DATA), Key.max(n.ino(), Key.EXTENT_DATA))) {
            FileExtent e = FileExtent.parse(n, it.key().offset(), MemorySegment.ofArray(it.data()));
            if (e.type() != FileExtent.INLINE && e.diskBytenr() != 0) Writer.addRange(held, e.fileOffset(), e.fileOffset() + e.numBytes());
        }
        for (Map.Entry<Long, Long> z : f.zeroed.entrySet()) Writer.removeRange(held, z.getKey(), z.getValue());
        long end = (f.size + ss - 1) / ss;
        for (Long p : f.pages.headMap(end).keySet()) Writer.addRange(held, p * ss, (p + 1) * ss);
        for (Map.Entry<Long, Long> r : f.prealloc.entrySet()) Writer.addRange(held, r.getKey(), r.getValue());
        long total = 0;
        for (Map.Entry<Long, Long> r : held.entrySet()) total += r.getValue() - r.getKey();
        return f.nbytes = total;
    }

    private final Btrfs fs;
    final Writer w;
    private final int ss;
    private final Map<Node, byte[]> inodes = new LinkedHashMap<>();
    private final Map<Node, DirtyFile> files = new LinkedHashMap<>();
    private final Map<Long, Long> nextIno = new HashMap<>();
    private final Map<Node, Long> nextIndex = new HashMap<>();
    private long dirtyData;
    /** Whether a node is still open somewhere: an unlinked open file lives on as an orphan until released. */
    Predicate<Node> busy = n -> false;

    Changes(Btrfs fs, Writer w) {
        this.fs = fs;
        this.w = w;
        this.ss = fs.vol.sb.sectorSize();
    }

    // ------------------------------------------------------------------ inodes

    /** The inode item of {@code n} as it stands (changed or not), or null. */
    byte[] inodeItem(Node n) throws BtrfsException {
        byte[] b = inodes.get(n);
        if (b != null) return b;
        return w.get(n.tree(), new Key(n.ino(), Key.INODE_ITEM, 0));
    }

    /** The inode item of {@code n}, to change (written at commit). */
    private byte[] mut(Node n) throws BtrfsException {
        byte[] b = inodes.get(n);
        if (b == null) {
            b = w.get(n.tree(), new Key(n.ino(), Key.INODE_ITEM, 0));
            if (b == null) throw new BtrfsException("inode " + n + ": no INODE_ITEM");
            inodes.put(n, b);
        }
        Writer.putU64(b, 8, w.transid);
        return b;
    }

    DirtyFile dirtyFile(Node n) { return files.get(n); }

    private static void time(byte[] b, int off, Instant t) {
        Writer.putU64(b, off, t.getEpochSecond());
        Writer.putU32(b, off + 8, t.getNano());
    }

    /** Stamps ctime (and mtime) with now, and counts a change (the inode's sequence). */
    private void touch(byte[] b, boolean mtime) {
        Instant now = Instant.now();
        time(b, 124, now);
        if (mtime) time(b, 136, now);
        Writer.putU64(b, 72, Le.u64(MemorySegment.ofArray(b), 72) + 1);
    }

    private static long u64(byte[] b, int off) { return Le.u64(MemorySegment.ofArray(b), off); }
    private static int i32(byte[] b, int off) { return Le.i32(MemorySegment.ofArray(b), off); }

    private long allocIno(long tree) throws BtrfsException {
        Long next = nextIno.get(tree);
        if (next == null) {
            Map.Entry<Key, MemorySegment> e = w.floor(tree, new Key(-256L - 1, 0, 0));
            long highest = e == null ? 255 : Math.max(255, e.getKey().objectid());
            if (highest < 0) throw new BtrfsException("tree " + tree + ": its inode numbers are exhausted");
            next = highest + 1;
        }
        nextIno.put(tree, next + 1);
        return next;
    }

    private long allocIndex(Node dir) throws BtrfsException {
        Long next = nextIndex.get(dir);
        if (next == null) {
            Map.Entry<Key, MemorySegment> e = w.floor(dir.tree(), new Key(dir.ino(), Key.DIR_INDEX, -1L));
            next = e != null && e.getKey().objectid() == dir.ino() && e.getKey().type() == Key.DIR_INDEX ? e.getKey().offset() + 1 : 2;
        }
        nextIndex.put(dir, next + 1);
        return next;
    }

    static int fileType(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FT_REG;
            case 0040000 -> FT_DIR;
            case 0020000 -> FT_CHRDEV;
            case 0060000 -> FT_BLKDEV;
            case 0010000 -> FT_FIFO;
            case 0140000 -> FT_SOCK;
            case 0120000 -> FT_SYMLINK;
            default -> FT_UNKNOWN;
        };
    }

    // ------------------------------------------------------------------ names

    /** A new inode named {@code name} in {@code dir}: mode holds its type; symlinks get {@code target}. */
    Node create(Node dir, byte[] name, int mode, int uid, int gid, long rdev, byte[] target) throws BtrfsException {
        Node n = new Node(dir.tree(), allocIno(dir.tree()));
        byte[] b = new byte[Inode.SIZE];
        Writer.putU64(b, 0, w.transid);
        Writer.putU64(b, 8, w.transid);
        Writer.putU32(b, 40, (mode & 0170000) == 0040000 ? 1 : 0);
        Writer.putU32(b, 44, uid);
        Writer.putU32(b, 48, gid);
        Writer.putU32(b, 52, mode);
        Writer.putU64(b, 56, rdev);
        Instant now = Instant.now();
        for (int off : new int[] {112, 124, 136, 148}) time(b, off, now);
        inodes.put(n, b);
        if (target != null) {
            byte[] d = new byte[FileExtent.HEADER + target.length];
            Writer.putU64(d, 0, w.transid);
            Writer.putU64(d, 8, target.length);
            System.arraycopy(target, 0, d, FileExtent.HEADER, target.length);
            w.put(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, 0), d);
            Writer.putU64(b, 16, target.length);
            Writer.putU64(b, 24, target.length);
        }
        addLink(dir, name, n, fileType(mode));
        return n;
    }

    private static byte[] dirEntry(Key location, long transid, byte[] name, byte[] data, int type) {
        byte[] e = new byte[DirItems.HEADER + name.length + data.length];
        Writer.putKey(e, 0, location);
        Writer.putU64(e, 17, transid);
        Writer.putU16(e, 25, data.length);
        Writer.putU16(e, 27, name.length);
        e[29] = (byte) type;
        System.arraycopy(name, 0, e, DirItems.HEADER, name.length);
        System.arraycopy(data, 0, e, DirItems.HEADER + name.length, data.length);
        return e;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a == null) return b;
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Gives {@code n} the name {@code name} in {@code dir}: DIR_ITEM, DIR_INDEX, INODE_REF, sizes and link count. */
    void addLink(Node dir, byte[] name, Node n, int type) throws BtrfsException {
        if (name.length == 0 || name.length > 255) throw new BtrfsException("name of " + name.length + " bytes");
        long index = allocIndex(dir);
        Key loc = new Key(n.ino(), Key.INODE_ITEM, 0);
        byte[] entry = dirEntry(loc, w.transid, name, new byte[0], type);
        Key hashKey = new Key(dir.ino(), Key.DIR_ITEM, Crc32c.nameHash(name));
        w.put(dir.tree(), hashKey, concat(w.get(dir.tree(), hashKey), entry));
        w.put(dir.tree(), new Key(dir.ino(), Key.DIR_INDEX, index), entry);
        byte[] ref = new byte[10 + name.length];
        Writer.putU64(ref, 0, index);
        Writer.putU16(ref, 8, name.length);
        System.arraycopy(name, 0, ref, 10, name.length);
        Key refKey = new Key(n.ino(), Key.INODE_REF, dir.ino());
        byte[] refs = concat(w.get(n.tree(), refKey), ref);
        if (refs.length > fs.vol.sb.nodeSize() / 4)
            throw BtrfsException.noSpace("inode " + n + ": too many names in one directory for its INODE_REF item");
        w.put(n.tree(), refKey, refs);
        byte[] d = mut(dir);
        Writer.putU64(d, 16, u64(d, 16) + 2L * name.length);
        touch(d, true);
        byte[] t = mut(n);
        if (type != FT_DIR) Writer.putU32(t, 40, i32(t, 40) + 1);
        touch(t, false);
    }

    /** Removes the name {@code name} from {@code dir}; returns the inode it named (its link count lowered). */
    Node removeLink(Node dir, byte[] name) throws BtrfsException {
        Key hashKey = new Key(dir.ino(), Key.DIR_ITEM, Crc32c.nameHash(name));
        byte[] item = w.get(dir.tree(), hashKey);
        if (item == null) throw new BtrfsException("directory " + dir + ": no entry to remove");
        byte[] rest = new byte[0];
        Key loc = null;
        int type = 0;
        for (DirItems.Raw r : DirItems.parse(MemorySegment.ofArray(item), "directory " + dir)) {
            if (r.nameEquals(name)) {
                loc = r.location();
                type = r.type();
            } else {
                rest = concat(rest, dirEntry(r.location(), w.transid, r.name(), r.data(), r.type()));
            }
        }
        if (loc == null) throw new BtrfsException("directory " + dir + ": no entry to remove");
        if (loc.type() != Key.INODE_ITEM) throw new BtrfsException("directory " + dir + ": the entry is a subvolume; removing subvolumes is not supported");
        Node n = new Node(dir.tree(), loc.objectid());
        Key refKey = new Key(n.ino(), Key.INODE_REF, dir.ino());
        byte[] refs = w.get(n.tree(), refKey);
        long index = -1;
        byte[] keep = new byte[0];
        if (refs != null) {
            MemorySegment s = MemorySegment.ofArray(refs);
            for (int p = 0; p < refs.length; ) {
                int len = Le.u16(s, p + 8);
                byte[] nm = Arrays.copyOfRange(refs, p + 10, p + 10 + len);
                if (index < 0 && Arrays.equals(nm, name)) index = Le.u64(s, p);
                else keep = concat(keep, Arrays.copyOfRange(refs, p, p + 10 + len));
                p += 10 + len;
            }
        }
        if (index < 0) throw new BtrfsException("inode " + n + ": its name in directory " + dir + " has no INODE_REF (an extended ref?); not supported");
        if (rest.length == 0) w.delete(dir.tree(), hashKey); else w.put(dir.tree(), hashKey, rest);
        if (keep.length == 0) w.delete(n.tree(), refKey); else w.put(n.tree(), refKey, keep);
        if (!w.delete(dir.tree(), new Key(dir.ino(), Key.DIR_INDEX, index)))
            throw new BtrfsException("directory " + dir + ": no DIR_INDEX " + index + " for the entry");
        byte[] d = mut(dir);
        Writer.putU64(d, 16, u64(d, 16) - 2L * name.length);
        touch(d, true);
        byte[] t = mut(n);
        if (type != FT_DIR) Writer.putU32(t, 40, i32(t, 40) - 1);
        touch(t, false);
        return n;
    }

    /** Removes a name; an inode left without one is deleted, or kept as an orphan while open. */
    void unlink(Node dir, byte[] name) throws BtrfsException {
        Node n = removeLink(dir, name);
        byte[] t = inodeItem(n);
        boolean isDir = (i32(t, 52) & 0170000) == 0040000;
        if (isDir || i32(t, 40) == 0) {
            if (isDir) Writer.putU32(mut(n), 40, 0);
            if (busy.test(n)) w.put(n.tree(), new Key(Writer.ORPHAN_OBJECTID, Writer.ORPHAN_ITEM, n.ino()), new byte[0]);
            else destroy(n);
        }
    }

    /** Called when the last user of {@code n} lets go: an orphan is deleted now. */
    void release(Node n) throws BtrfsException {
        byte[] t = inodeItem(n);
        if (t == null || i32(t, 40) != 0 && (i32(t, 52) & 0170000) != 0040000) return;
        if (w.delete(n.tree(), new Key(Writer.ORPHAN_OBJECTID, Writer.ORPHAN_ITEM, n.ino()))) destroy(n);
    }

    /** Deletes every item of an inode, dropping its data's references. */
    private void destroy(Node n) throws BtrfsException {
        DirtyFile f = files.remove(n);
        if (f != null) dirtyData -= f.pages.size() * (long) ss;
        inodes.remove(n);
        dropRange(n, 0, Long.MAX_VALUE);
        for (Writer.Item it : w.range(n.tree(), new Key(n.ino(), 0, 0), new Key(n.ino(), 255, -1L)))
            w.delete(n.tree(), it.key());
    }

    void rename(Node fromDir, byte[] from, Node toDir, byte[] to, boolean exchange) throws BtrfsException {
        if (exchange) {
            int ta = typeOf(fromDir, from), tb = typeOf(toDir, to);
            Node a = removeLink(fromDir, from);
            Node b = removeLink(toDir, to);
            addLink(fromDir, from, b, tb);
            addLink(toDir, to, a, ta);
            return;
        }
        int type = typeOf(fromDir, from);
        if (typeOf(toDir, to) >= 0) unlink(toDir, to);
        Node n = removeLink(fromDir, from);
        addLink(toDir, to, n, type);
    }

    private int typeOf(Node dir, byte[] name) throws BtrfsException {
        byte[] item = w.get(dir.tree(), new Key(dir.ino(), Key.DIR_ITEM, Crc32c.nameHash(name)));
        if (item == null) return -1;
        for (DirItems.Raw r : DirItems.parse(MemorySegment.ofArray(item), "directory " + dir))
            if (r.nameEquals(name)) return r.type();
        return -1;
    }

    // ------------------------------------------------------------------ attributes

    void chmod(Node n, int perms) throws BtrfsException {
        byte[] b = mut(n);
        Writer.putU32(b, 52, (i32(b, 52) & 0170000) | (perms & 07777));
        touch(b, false);
    }

    void chown(Node n, int uid, int gid) throws BtrfsException {
        byte[] b = mut(n);
        if (uid >= 0) Writer.putU32(b, 44, uid);
        if (gid >= 0) Writer.putU32(b, 48, gid);
        touch(b, false);
    }

    /** Sets atime and mtime (null leaves one as it is); ctime becomes now. */
    void times(Node n, Instant atime, Instant mtime) throws BtrfsException {
        byte[] b = mut(n);
        touch(b, false);
        if (atime != null) time(b, 112, atime);
        if (mtime != null) time(b, 136, mtime);
    }

    void setxattr(Node n, byte[] name, byte[] value) throws BtrfsException {
        Key k = new Key(n.ino(), Key.XATTR_ITEM, Crc32c.nameHash(name));
        byte[] rest = removeNamed(w.get(n.tree(), k), name, "inode " + n + " xattr");
        byte[] item = concat(rest, dirEntry(new Key(0, 0, 0), w.transid, name, value, FT_XATTR));
        if (item.length > fs.vol.sb.nodeSize() - TreeBlock.HEADER - TreeBlock.LEAF_ITEM - 1024)
            throw BtrfsException.noSpace("inode " + n + ": the attribute does not fit a leaf");
        w.put(n.tree(), k, item);
        touch(mut(n), false);
    }

    boolean removexattr(Node n, byte[] name) throws BtrfsException {
        Key k = new Key(n.ino(), Key.XATTR_ITEM, Crc32c.nameHash(name));
        byte[] item = w.get(n.tree(), k);
        if (item == null) return false;
        byte[] rest = removeNamed(item, name, "inode " + n + " xattr");
        if (rest.length == item.length) return false;
        if (rest.length == 0) w.delete(n.tree(), k); else w.put(n.tree(), k, rest);
        touch(mut(n), false);
        return true;
    }

    private byte[] removeNamed(byte[] item, byte[] name, String where) throws BtrfsException {
        byte[] rest = new byte[0];
        if (item == null) return rest;
        for (DirItems.Raw r : DirItems.parse(MemorySegment.ofArray(item), where))
            if (!r.nameEquals(name)) rest = concat(rest, dirEntry(r.location(), w.transid, r.name(), r.data(), r.type()));
        return rest;
    }

    // ------------------------------------------------------------------ data

    /** The file's changes, begun the first time it changes in a transaction (an inline file is taken whole). */
    private DirtyFile load(Node n) throws BtrfsException {
        DirtyFile f = files.get(n);
        if (f != null) return f;
        f = new DirtyFile();
        f.size = u64(inodeItem(n), 16);
        files.put(n, f);
        Map.Entry<Key, MemorySegment> first = w.floor(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, 0));
        if (first != null && first.getKey().objectid() == n.ino() && first.getKey().type() == Key.EXTENT_DATA
                && Le.u8(first.getValue(), 20) == FileExtent.INLINE)
            page(n, f, 0); // rewritten whole at commit
        return f;
    }

    /** The sector {@code p} of a changed file, made a change of its own the first time (copied from the extents). */
    private byte[] page(Node n, DirtyFile f, long p) throws BtrfsException {
        byte[] page = f.pages.get(p);
        if (page != null) return page;
        page = new byte[ss];
        if (p * ss < f.size) committed(n, f, p * ss, page, 0, (int) Math.min(ss, f.size - p * ss));
        f.pages.put(p, page);
        dirtyData += ss;
        return page;
    }

    /** Room for {@code more} bytes of file data, counting what is waiting to be written. */
    private void reserve(long more) throws BtrfsException {
        w.ensureData(dirtyData + reservedAll() + more);
    }

    /** File data held in memory beyond which a write commits first (so memory stays bounded). */
    static final long DIRTY_LIMIT = 64L << 20;

    void write(Node n, long off, byte[] src, int from, int len) throws BtrfsException {
        if (dirtyData > DIRTY_LIMIT) commit();
        DirtyFile f = load(n);
        long end = off + len;
        long newPages = 0;
        for (long p = off / ss; p * ss < end; p++) if (!f.pages.containsKey(p)) newPages++;
        reserve(newPages * ss);
        for (long at = off; at < end; ) {
            long p = at / ss;
            int in = (int) (at - p * ss), k = (int) Math.min(ss - in, end - at);
            byte[] page = in == 0 && k == ss && !f.pages.containsKey(p) ? fresh(f, p) : page(n, f, p);
            System.arraycopy(src, from + (int) (at - off), page, in, k);
            at += k;
        }
        if (end > f.size) f.size = end;
        f.nbytes = -1;
        byte[] b = mut(n);
        Writer.putU64(b, 16, f.size);
        touch(b, true);
    }

    /** A sector about to be written whole: nothing to copy. */
    private byte[] fresh(DirtyFile f, long p) {
        byte[] page = new byte[ss];
        f.pages.put(p, page);
        dirtyData += ss;
        return page;
    }

    void truncate(Node n, long size) throws BtrfsException {
        DirtyFile f = load(n);
        long keep = (size + ss - 1) / ss;
        while (!f.pages.isEmpty() && f.pages.lastKey() >= keep) {
            f.pages.pollLastEntry();
            dirtyData -= ss;
        }
        if (size < f.size) {
            if (size % ss != 0) Arrays.fill(page(n, f, size / ss), (int) (size % ss), ss, (byte) 0);
            Writer.addRange(f.zeroed, (size + ss - 1) / ss * ss, Long.MAX_VALUE);
        }
        f.size = size;
        f.nbytes = -1;
        byte[] b = mut(n);
        Writer.putU64(b, 16, size);
        touch(b, true);
    }

    /** Reads a changed file's bytes: its changed sectors, else its extents; returns the count (0 at or past its end). */
    int read(Node node, DirtyFile f, long off, byte[] dst, int from, int len) throws BtrfsException {
        if (off >= f.size) return 0;
        int n = (int) Math.min(len, f.size - off);
        for (int done = 0; done < n; ) {
            long at = off + done, p = at / ss;
            int in = (int) (at - p * ss), k = Math.min(ss - in, n - done);
            byte[] page = f.pages.get(p);
            if (page != null) {
                System.arraycopy(page, in, dst, from + done, k);
            } else { // a run of unchanged sectors: from the extents, zeros past a cut
                Long next = f.pages.ceilingKey(p);
                long runEnd = Math.min(off + n, next == null ? Long.MAX_VALUE : next * ss);
                k = (int) (runEnd - at);
                committed(node, f, at, dst, from + done, k);
            }
            done += k;
        }
        return n;
    }

    /** Committed bytes [at, at+len) of a changed file: from its extents, zeros where they no longer count. */
    private void committed(Node n, DirtyFile f, long at, byte[] dst, int from, int len) throws BtrfsException {
        Arrays.fill(dst, from, from + len, (byte) 0);
        long end = at + len;
        for (long p = at; p < end; ) {
            Map.Entry<Long, Long> z = f.zeroed.floorEntry(p);
            if (z != null && z.getValue() > p) {
                p = z.getValue();
                continue;
            }
            Long nextZero = f.zeroed.higherKey(p);
            long stop = Math.min(end, nextZero == null ? Long.MAX_VALUE : nextZero);
            fs.readCommitted(n, p, dst, from + (int) (p - at), (int) (stop - p));
            p = stop;
        }
    }

    /**
     * fallocate: space for [off, off+len) where the file has none (preallocated extents, read
     * as zeros, made at commit and reserved now), the size grown unless {@code keepSize}.
     */
    void allocate(Node n, long off, long len, boolean keepSize) throws BtrfsException {
        DirtyFile f = load(n);
        long a = off / ss * ss, b = (off + len + ss - 1) / ss * ss;
        long more = 0;
        for (long p = a; p < b; p += ss) if (!f.pages.containsKey(p / ss) && !inRange(f.prealloc, p)) more += ss;
        w.ensureData(dirtyData + reservedAll() + more);
        Writer.addRange(f.prealloc, a, b);
        f.reserved += more;
        f.nbytes = -1;
        if (!keepSize && off + len > f.size) {
            f.size = off + len;
            Writer.putU64(mut(n), 16, f.size);
        }
        touch(mut(n), !keepSize);
    }

    /** PUNCH_HOLE: bytes [off, off+len) within the size read as zeros and hold no space once committed. */
    void punch(Node n, long off, long len) throws BtrfsException {
        DirtyFile f = load(n);
        long end = Math.min(off + len, f.size);
        if (end <= off) return;
        long a = (off + ss - 1) / ss * ss, b = end / ss * ss;
        if (off % ss != 0) {
            byte[] page = page(n, f, off / ss);
            Arrays.fill(page, (int) (off % ss), (int) Math.min(ss, end - off / ss * ss), (byte) 0);
        }
        if (end % ss != 0 && end / ss * ss >= a) Arrays.fill(page(n, f, end / ss), 0, (int) (end % ss), (byte) 0);
        if (a < b) {
            while (true) {
                Long p = f.pages.ceilingKey(a / ss);
                if (p == null || p >= b / ss) break;
                f.pages.remove(p);
                dirtyData -= ss;
            }
            Writer.addRange(f.zeroed, a, b);
            Writer.removeRange(f.prealloc, a, b);
        }
        f.nbytes = -1;
        touch(mut(n), true);
    }

    private static boolean inRange(TreeMap<Long, Long> set, long p) {
        Map.Entry<Long, Long> e = set.floorEntry(p);
        return e != null && e.getValue() > p;
    }

    private long reservedAll() {
        long r = 0;
        for (DirtyFile f : files.values()) r += f.reserved;
        return r;
    }

    // ------------------------------------------------------------------ commit

    /** Writes every changed file and inode into the trees, then commits. */
    void commit() throws BtrfsException {
        for (Map.Entry<Node, DirtyFile> e : new ArrayList<>(files.entrySet())) flush(e.getKey(), e.getValue());
        files.clear();
        dirtyData = 0;
        for (Map.Entry<Node, byte[]> e : inodes.entrySet())
            w.put(e.getKey().tree(), new Key(e.getKey().ino(), Key.INODE_ITEM, 0), e.getValue());
        inodes.clear();
        w.commit();
    }

    boolean hasChanges() {
        return !files.isEmpty() || !inodes.isEmpty() || w.hasChanges();
    }

    /**
     * Writes a changed file's sectors as new extents over the ranges they replace (the extents
     * there cut or dropped, as the kernel's btrfs_drop_extents), or the whole file inline when
     * it is small; then counts its bytes.
     */
    private void flush(Node n, DirtyFile f) throws BtrfsException {
        long tree = n.tree();
        for (Map.Entry<Long, Long> z : f.zeroed.entrySet()) dropRange(n, z.getKey(), z.getValue());
        if (f.size > 0 && f.size <= MAX_INLINE && f.size < ss && f.prealloc.isEmpty()) {
            byte[] first = page(n, f, 0);
            dropRange(n, 0, Long.MAX_VALUE);
            byte[] d = new byte[FileExtent.HEADER + (int) f.size];
            Writer.putU64(d, 0, w.transid);
            Writer.putU64(d, 8, f.size);
            System.arraycopy(first, 0, d, FileExtent.HEADER, (int) f.size);
            w.put(tree, new Key(n.ino(), Key.EXTENT_DATA, 0), d);
        } else if (f.size == 0) {
            dropRange(n, 0, Long.MAX_VALUE);
        } else {
            Map.Entry<Key, MemorySegment> first = w.floor(tree, new Key(n.ino(), Key.EXTENT_DATA, 0));
            if (first != null && first.getKey().objectid() == n.ino() && first.getKey().type() == Key.EXTENT_DATA
                    && Le.u8(first.getValue(), 20) == FileExtent.INLINE) {
                page(n, f, 0);
                dropRange(n, 0, ss); // grown past inline: its bytes are in sector 0, changed
            }
            long endPage = (f.size + ss - 1) / ss;
            for (Long p = f.pages.isEmpty() ? null : f.pages.firstKey(); p != null && p < endPage; ) {
                long runEnd = p;
                while (runEnd < endPage && f.pages.containsKey(runEnd)) runEnd++;
                dropRange(n, p * ss, runEnd * ss);
                long fileOff = p * ss;
                for (long[] piece : w.allocData((runEnd - p) * ss)) {
                    writeExtent(n, f, fileOff, piece[0], piece[1]);
                    fileOff += piece[1];
                }
                p = f.pages.ceilingKey(runEnd);
            }
            preallocate(n, f);
            if (!fs.vol.sb.noHoles()) fillHoles(n, endPage * ss);
        }
        long nbytes = 0;
        for (Writer.Item it : w.range(tree, Key.min(n.ino(), Key.EXTENT_DATA), Key.max(n.ino(), Key.EXTENT_DATA))) {
            FileExtent e = FileExtent.parse(n, it.key().offset(), MemorySegment.ofArray(it.data()));
            if (e.type() == FileExtent.INLINE) nbytes += e.ramBytes();
            else if (e.diskBytenr() != 0) nbytes += e.numBytes();
        }
        byte[] b = mut(n);
        Writer.putU64(b, 16, f.size);
        Writer.putU64(b, 24, nbytes);
    }

    /** Preallocated extents (no checksums: they read as zeros) where fallocate asked and no data is. */
    private void preallocate(Node n, DirtyFile f) throws BtrfsException {
        for (Map.Entry<Long, Long> r : f.prealloc.entrySet()) {
            TreeMap<Long, Long> gaps = new TreeMap<>();
            Writer.addRange(gaps, r.getKey(), r.getValue());
            for (Map.Entry<Long, byte[]> p : f.pages.subMap(r.getKey() / ss, r.getValue() / ss).entrySet())
                Writer.removeRange(gaps, p.getKey() * ss, (p.getKey() + 1) * ss);
            Map.Entry<Key, MemorySegment> before = w.floor(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, r.getKey()));
            List<Writer.Item> items = new ArrayList<>();
            if (before != null && before.getKey().objectid() == n.ino() && before.getKey().type() == Key.EXTENT_DATA)
                items.add(new Writer.Item(before.getKey(), Le.bytes(before.getValue(), 0, (int) before.getValue().byteSize())));
            items.addAll(w.range(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, r.getKey()), new Key(n.ino(), Key.EXTENT_DATA, r.getValue() - 1)));
            for (Writer.Item it : items) {
                FileExtent e = FileExtent.parse(n, it.key().offset(), MemorySegment.ofArray(it.data()));
                if (e.type() == FileExtent.INLINE || e.diskBytenr() != 0)
                    Writer.removeRange(gaps, e.fileOffset(), e.fileOffset() + Math.max(ss, e.length()));
            }
            for (Map.Entry<Long, Long> g : gaps.entrySet()) {
                dropRange(n, g.getKey(), g.getValue()); // explicit holes there
                long at = g.getKey();
                for (long[] piece : w.allocData(g.getValue() - g.getKey())) {
                    insertExtent(n, at, piece[0], piece[1], FileExtent.PREALLOC);
                    at += piece[1];
                }
            }
        }
    }

    /** Explicit hole items where no extent covers [0, end) (images without the no-holes feature). */
    private void fillHoles(Node n, long end) throws BtrfsException {
        long at = 0;
        for (Writer.Item it : w.range(n.tree(), Key.min(n.ino(), Key.EXTENT_DATA), Key.max(n.ino(), Key.EXTENT_DATA))) {
            FileExtent e = FileExtent.parse(n, it.key().offset(), MemorySegment.ofArray(it.data()));
            if (Math.min(e.fileOffset(), end) > at) hole(n, at, Math.min(e.fileOffset(), end) - at);
            at = Math.max(at, e.fileOffset() + e.length());
        }
        if (at < end) hole(n, at, end - at);
    }

    /**
     * Removes file bytes [start, end) from the extent items: items inside go (dropping their
     * references), items across an edge are cut, an item across both is split in two (its disk
     * extent then referenced once more).
     */
    private void dropRange(Node n, long start, long end) throws BtrfsException {
        List<Writer.Item> items = new ArrayList<>();
        Map.Entry<Key, MemorySegment> before = w.floor(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, start));
        if (before != null && before.getKey().objectid() == n.ino() && before.getKey().type() == Key.EXTENT_DATA
                && before.getKey().offset() < start)
            items.add(new Writer.Item(before.getKey(), Le.bytes(before.getValue(), 0, (int) before.getValue().byteSize())));
        items.addAll(w.range(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, start), new Key(n.ino(), Key.EXTENT_DATA, end - 1)));
        for (Writer.Item it : items) {
            long key = it.key().offset();
            FileExtent e = FileExtent.parse(n, key, MemorySegment.ofArray(it.data()));
            long itemEnd = key + Math.max(1, e.length());
            if (itemEnd <= start || key >= end) continue;
            boolean refd = e.type() != FileExtent.INLINE && e.diskBytenr() != 0;
            long backref = key - e.offset();
            if (e.type() == FileExtent.INLINE || (key >= start && itemEnd <= end)) { // inside (an inline one whole): gone
                w.delete(n.tree(), it.key());
                if (refd) dropDataRef(e.diskBytenr(), e.diskNumBytes(), n, backref);
                continue;
            }
            if (key < start) { // keeps its head
                byte[] head = it.data().clone();
                Writer.putU64(head, 45, start - key);
                w.put(n.tree(), it.key(), head);
            } else {
                w.delete(n.tree(), it.key());
            }
            if (itemEnd > end) { // and its tail, from end
                byte[] tail = it.data().clone();
                Writer.putU64(tail, 37, e.offset() + (end - key));
                Writer.putU64(tail, 45, itemEnd - end);
                w.put(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, end), tail);
                if (key < start && refd) addDataRef(e.diskBytenr(), e.diskNumBytes(), n, backref);
            }
        }
    }

    /** One more reference to a data extent from an item of (root, inode, backref offset) (applied at commit). */
    private void addDataRef(long bytenr, long len, Node n, long offset) {
        w.dataRef(bytenr, len, n.tree(), n.ino(), offset, +1);
    }

    private void hole(Node n, long fileOff, long len) throws BtrfsException {
        byte[] d = new byte[FileExtent.HEADER + 32];
        Writer.putU64(d, 0, w.transid);
        Writer.putU64(d, 8, len);
        d[20] = FileExtent.REGULAR;
        Writer.putU64(d, 45, len);
        w.put(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, fileOff), d);
    }

    /** Writes [fileOff, fileOff+len) of the file to a new extent at {@code logical}, with its checksums and references. */
    private void writeExtent(Node n, DirtyFile f, long fileOff, long logical, long len) throws BtrfsException {
        ChecksumType ct = fs.vol.sb.checksumType();
        int cs = ct.size();
        byte[] buf = new byte[(int) Math.min(len, 1 << 20)];
        for (long done = 0; done < len; ) {
            int k = (int) Math.min(buf.length, len - done);
            for (int i = 0; i < k; i += ss) {
                byte[] page = f.pages.get((fileOff + done + i) / ss);
                if (page == null) Arrays.fill(buf, i, i + ss, (byte) 0);
                else System.arraycopy(page, 0, buf, i, ss);
            }
            w.writeLogical(logical + done, buf, 0, k);
            for (int i = 0; i < k; i += CSUM_ITEM_SECTORS * ss) {
                int sectors = Math.min(CSUM_ITEM_SECTORS, (k - i) / ss);
                byte[] sums = new byte[sectors * cs];
                for (int s = 0; s < sectors; s++)
                    System.arraycopy(ct.compute(MemorySegment.ofArray(buf).asSlice(i + (long) s * ss, ss)), 0, sums, s * cs, cs);
                w.put(Key.CSUM_TREE, new Key(Key.CSUM_OBJECTID, Key.EXTENT_CSUM, logical + done + i), sums);
            }
            done += k;
        }
        insertExtent(n, fileOff, logical, len, FileExtent.REGULAR);
    }

    /**
     * A new data extent at {@code logical} as file bytes [fileOff, fileOff+len): its extent
     * item (one reference, from this inode) and the file's extent item of {@code type}.
     */
    private void insertExtent(Node n, long fileOff, long logical, long len, int type) throws BtrfsException {
        byte[] ext = new byte[24 + 1 + 28];
        Writer.putU64(ext, 0, 1);
        Writer.putU64(ext, 8, w.transid);
        Writer.putU64(ext, 16, Writer.EXTENT_FLAG_DATA);
        ext[24] = (byte) Writer.EXTENT_DATA_REF;
        Writer.putU64(ext, 25, n.tree());
        Writer.putU64(ext, 33, n.ino());
        Writer.putU64(ext, 41, fileOff);
        Writer.putU32(ext, 49, 1);
        w.put(Writer.EXTENT_TREE, new Key(logical, Writer.EXTENT_ITEM, len), ext);
        byte[] d = new byte[FileExtent.HEADER + 32];
        Writer.putU64(d, 0, w.transid);
        Writer.putU64(d, 8, len);
        d[20] = (byte) type;
        Writer.putU64(d, 21, logical);
        Writer.putU64(d, 29, len);
        Writer.putU64(d, 45, len);
        w.put(n.tree(), new Key(n.ino(), Key.EXTENT_DATA, fileOff), d);
    }

    /** One reference fewer to a data extent (applied at commit; the extent and its checksums go with the last). */
    private void dropDataRef(long bytenr, long len, Node n, long offset) {
        w.dataRef(bytenr, len, n.tree(), n.ino(), offset, -1);
    }

    /** Deletes the inodes left as orphans (nothing holds them any more: the kernel is ending). */
    void dropOrphans(long tree) throws BtrfsException {
        for (Writer.Item it : w.range(tree, Key.min(Writer.ORPHAN_OBJECTID, Writer.ORPHAN_ITEM), Key.max(Writer.ORPHAN_OBJECTID, Writer.ORPHAN_ITEM))) {
            w.delete(tree, it.key());
            destroy(new Node(tree, it.key().offset()));
        }
    }
}
