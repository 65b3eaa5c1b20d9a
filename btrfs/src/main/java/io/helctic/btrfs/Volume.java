package io.helctic.btrfs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image mapped read-only into memory, its superblock and chunk map, a bounded cache of
 * verified tree blocks keyed by logical address, and B-tree traversal.
 */
final class Volume implements AutoCloseable {
    /** Tree blocks kept; each is a small object over a slice of the mapping. */
    static final int CACHE_BLOCKS = 8192;

    final MemorySegment image;
    final Superblock sb;
    final ChunkMap chunks;
    final List<String> warnings = new ArrayList<>();
    private final Arena arena;
    private final Map<Long, TreeBlock> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;
        @Override protected boolean removeEldestEntry(Map.Entry<Long, TreeBlock> e) { return size() > CACHE_BLOCKS; }
    };

    /** Visits one leaf item; returns false to stop the traversal. */
    interface ItemVisitor {
        boolean visit(Key key, MemorySegment data) throws BtrfsException;
    }

    private Volume(Arena arena, MemorySegment image) throws BtrfsException {
        this.arena = arena;
        this.image = image;
        this.sb = superblock();
        this.chunks = new ChunkMap(sb.devid());
        chunks.addSysChunkArray(sb.sysChunkArray());
        scan(sb.chunkRoot(), sb.chunkRootLevel(), Key.min(Key.FIRST_CHUNK_TREE, Key.CHUNK_ITEM),
                Key.max(Key.FIRST_CHUNK_TREE, Key.CHUNK_ITEM), "chunk tree", (k, d) -> {
                    if (k.type() == Key.CHUNK_ITEM) chunks.add(k.offset(), d);
                    return true;
                });
    }

    static Volume open(Path path) throws BtrfsException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new Volume(arena, seg);
        } catch (IOException e) {
            arena.close();
            throw new BtrfsException(path + ": cannot read the image: " + e.getMessage(), e);
        } catch (BtrfsException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The primary superblock, or else the valid mirror with the highest generation. */
    private Superblock superblock() throws BtrfsException {
        List<String> faults = new ArrayList<>();
        Superblock best = null;
        for (long off : Superblock.OFFSETS) {
            if (off + Superblock.SIZE > image.byteSize()) {
                if (off == Superblock.OFFSETS[0]) faults.add("image is " + image.byteSize() + " bytes, too small for a superblock at " + off);
                break;
            }
            try {
                Superblock s = Superblock.parse(image, off);
                if (off == Superblock.OFFSETS[0]) return s;
                if (best == null || Long.compareUnsigned(s.generation(), best.generation()) > 0) best = s;
            } catch (BtrfsException e) {
                faults.add(e.getMessage());
            }
        }
        if (best == null) throw new BtrfsException("no valid superblock: " + String.join("; ", faults));
        warnings.add("primary superblock unusable (" + faults.getFirst() + "); using the mirror at offset " + best.offset());
        return best;
    }

    /** Physical bytes [phys, phys+len) of the image, or an error naming the logical address. */
    MemorySegment physical(long logical, long phys, long len) throws BtrfsException {
        if (phys < 0 || phys + len > image.byteSize() || phys + len < phys)
            throw new BtrfsException("logical " + logical + " maps to physical " + phys + "+" + len
                    + ", beyond the end of the image (" + image.byteSize() + " bytes; truncated?)");
        return image.asSlice(phys, len);
    }

    /** Reads data at a logical address from the first copy; the caller verifies it. */
    MemorySegment read(long logical, long len, int copy) throws BtrfsException {
        ChunkMap.Chunk c = chunks.find(logical, len);
        return physical(logical, c.copies()[copy] + (logical - c.logical()), len);
    }

    int copies(long logical, long len) throws BtrfsException {
        return chunks.find(logical, len).copies().length;
    }

    /** Blocks changed in memory and not yet written (an image opened for writing), by logical address. */
    volatile java.util.function.LongFunction<byte[]> unwritten;

    /** Drops a cached block whose address is being reused. */
    void forget(long logical) {
        synchronized (cache) { cache.remove(logical); }
    }

    /** The verified tree block at {@code logical}: the first copy whose checksum and header hold. */
    TreeBlock block(long logical, int level) throws BtrfsException {
        java.util.function.LongFunction<byte[]> u = unwritten;
        if (u != null) {
            byte[] b = u.apply(logical);
            if (b != null) {
                TreeBlock t = TreeBlock.unchecked(logical, MemorySegment.ofArray(b));
                if (level >= 0 && t.level != level)
                    throw BtrfsException.at(logical, "level " + t.level + " where " + level + " was expected");
                return t;
            }
        }
        synchronized (cache) {
            TreeBlock b = cache.get(logical);
            if (b != null) {
                if (level >= 0 && b.level != level)
                    throw BtrfsException.at(logical, "level " + b.level + " where " + level + " was expected");
                return b;
            }
        }
        ChunkMap.Chunk c = chunks.find(logical, sb.nodeSize());
        BtrfsException first = null;
        for (int i = 0; i < c.copies().length; i++) {
            try {
                TreeBlock b = TreeBlock.check(sb, logical, physical(logical, c.copies()[i] + (logical - c.logical()), sb.nodeSize()), level);
                if (i > 0) warnings.add("tree block at logical " + logical + ": copy 1 is bad (" + first.getMessage() + "); read copy " + (i + 1));
                synchronized (cache) { cache.put(logical, b); }
                return b;
            } catch (BtrfsException e) {
                if (first == null) first = e;
            }
        }
        throw first;
    }

    /**
     * Visits, in key order, every item with min ≤ key ≤ max of the tree rooted at {@code root}.
     * A block met twice in one traversal (a loop or a shared subtree within one tree) is an error,
     * and levels must fall by one per step, so a damaged tree can neither loop nor explode.
     */
    void scan(long root, int level, Key min, Key max, String tree, ItemVisitor v) throws BtrfsException {
        walk(root, level, -1, min, max, tree, v, new HashSet<>());
    }

    private boolean walk(long logical, int level, long gen, Key min, Key max, String tree, ItemVisitor v, Set<Long> seen)
            throws BtrfsException {
        if (!seen.add(logical))
            throw BtrfsException.at(logical, tree + ": block reached twice in one traversal (loop in the tree)");
        TreeBlock b;
        try {
            b = block(logical, level);
        } catch (BtrfsException e) {
            throw e.getMessage().contains(tree) ? e : new BtrfsException(tree + ": " + e.getMessage(), e);
        }
        if (gen >= 0 && b.generation != gen)
            throw BtrfsException.at(logical, tree + ": generation " + b.generation + " where its parent expects " + gen);
        if (b.isLeaf()) {
            for (int i = b.countBelow(min, true); i < b.nritems; i++) { // (the items below min skipped)
                Key k = b.key(i);
                if (k.compareTo(max) > 0) return false;
                if (!v.visit(k, b.item(i))) return false;
            }
            return true;
        }
        // from the last child whose first key is ≤ min (the ones before it hold only smaller keys)
        for (int i = Math.max(0, b.countBelow(min, false) - 1); i < b.nritems; i++) {
            if (b.compareKey(i, max) > 0) return false;
            if (seen.contains(b.childPtr(i)))
                throw BtrfsException.at(b.childPtr(i), tree + ": block reached twice in one traversal (loop in the tree)");
            checkFirstKey(b, i, tree);
            if (!walk(b.childPtr(i), level - 1, b.childGeneration(i), min, max, tree, v, seen)) return false;
        }
        return true;
    }

    /** A node's key for child {@code i} must be that child's first key, as the kernel checks. */
    private void checkFirstKey(TreeBlock node, int i, String tree) throws BtrfsException {
        TreeBlock child = block(node.childPtr(i), node.level - 1);
        if (child.nritems > 0 && child.compareKey(0, node.key(i)) != 0)
            throw BtrfsException.at(child.logical, tree + ": first key " + child.key(0) + " differs from its parent's "
                    + node.key(i) + " (parent at logical " + node.logical + ", slot " + i + ")");
    }

    /** The item with the greatest key ≤ {@code key}, as (key, data), or null. */
    Map.Entry<Key, MemorySegment> floor(long root, int level, Key key, String tree) throws BtrfsException {
        long logical = root;
        for (int depth = 0; ; depth++) {
            if (depth > 8) throw BtrfsException.at(logical, tree + ": deeper than 8 levels");
            TreeBlock b = block(logical, level);
            int idx = b.countBelow(key, false) - 1;
            if (idx < 0) return null;
            if (b.isLeaf()) return Map.entry(b.key(idx), b.item(idx));
            checkFirstKey(b, idx, tree);
            logical = b.childPtr(idx);
            level--;
        }
    }

    /** Items of one (objectid, type) as a list; convenient for the small groups an inode has. */
    List<Map.Entry<Key, MemorySegment>> items(long root, int level, long objectid, int type, String tree) throws BtrfsException {
        List<Map.Entry<Key, MemorySegment>> out = new ArrayList<>();
        scan(root, level, Key.min(objectid, type), Key.max(objectid, type), tree, (k, d) -> out.add(Map.entry(k, d)));
        return out;
    }

    @Override
    public void close() {
        synchronized (cache) { cache.clear(); }
        arena.close();
    }
}
