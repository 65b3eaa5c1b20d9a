package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;

/**
 * A verified tree block (node or leaf), a zero-copy view of the mapped image. Construction
 * checks everything a reader later relies on, so accessors need no further bounds checks.
 */
final class TreeBlock {
    static final int HEADER = 0x65, LEAF_ITEM = 25, KEY_PTR = 33;

    final long logical;
    final MemorySegment seg;
    final int level;
    final int nritems;
    final long owner;
    final long generation;

    private TreeBlock(long logical, MemorySegment seg, int level, int nritems, long owner, long generation) {
        this.logical = logical;
        this.seg = seg;
        this.level = level;
        this.nritems = nritems;
        this.owner = owner;
        this.generation = generation;
    }

    /**
     * Checks one copy of the block at {@code logical}: its checksum, its recorded address,
     * fsid and level, and the layout of its items. Returns it, or throws naming the fault.
     */
    static TreeBlock check(Superblock sb, long logical, MemorySegment seg, int expectLevel) throws BtrfsException {
        ChecksumType csum = sb.checksumType();
        if (!csum.matches(seg.asSlice(0x20), seg))
            throw BtrfsException.at(logical, "checksum mismatch (" + csum + ")");
        long bytenr = Le.u64(seg, 0x30);
        if (bytenr != logical) throw BtrfsException.at(logical, "block records its address as " + bytenr);
        for (int i = 0; i < 16; i++)
            if (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0x20 + i) != sb.metadataFsid()[i])
                throw BtrfsException.at(logical, "block belongs to another filesystem (fsid differs)");
        int level = Le.u8(seg, 0x64);
        if (expectLevel >= 0 && level != expectLevel)
            throw BtrfsException.at(logical, "level " + level + " where " + expectLevel + " was expected");
        if (level >= 8) throw BtrfsException.at(logical, "level " + level + " out of range");
        long n = Le.u32(seg, 0x60);
        int size = (int) seg.byteSize();
        long per = level == 0 ? LEAF_ITEM : KEY_PTR;
        if (HEADER + n * per > size) throw BtrfsException.at(logical, n + " items do not fit the block");
        if (level > 0 && n == 0) throw BtrfsException.at(logical, "empty node");
        TreeBlock b = new TreeBlock(logical, seg, level, (int) n, Le.u64(seg, 0x58), Le.u64(seg, 0x50));
        Key prev = null;
        long dataLimit = size - HEADER, headersEnd = n * LEAF_ITEM;
        for (int i = 0; i < n; i++) {
            Key k = b.key(i);
            if (prev != null && prev.compareTo(k) >= 0)
                throw BtrfsException.at(logical, "keys out of order at slot " + i + ": " + prev + " then " + k);
            prev = k;
            if (level == 0) {
                long off = b.itemOffset(i), len = b.itemSize(i);
                if (off < headersEnd || off + len > dataLimit)
                    throw BtrfsException.at(logical, "item " + i + " " + k + " has absurd data offset " + off + " size " + len
                            + " (leaf data area is " + headersEnd + ".." + dataLimit + ")");
            }
        }
        return b;
    }

    /** A block this kernel is building: its header read as it stands, nothing checked. */
    static TreeBlock unchecked(long logical, MemorySegment seg) {
        return new TreeBlock(logical, seg, Le.u8(seg, 0x64), (int) Le.u32(seg, 0x60), Le.u64(seg, 0x58), Le.u64(seg, 0x50));
    }

    boolean isLeaf() { return level == 0; }

    Key key(int i) {
        return Key.read(seg, HEADER + (long) i * (level == 0 ? LEAF_ITEM : KEY_PTR));
    }

    /** The key in slot {@code i} compared with {@code k}, read in place (as {@link Key#compareTo}). */
    int compareKey(int i, Key k) {
        long off = HEADER + (long) i * (level == 0 ? LEAF_ITEM : KEY_PTR);
        int c = Long.compareUnsigned(Le.u64(seg, off), k.objectid());
        if (c != 0) return c;
        c = Integer.compare(Le.u8(seg, off + 8), k.type());
        return c != 0 ? c : Long.compareUnsigned(Le.u64(seg, off + 9), k.offset());
    }

    /**
     * The number of slots whose key is ≤ {@code k} (strictly below it when {@code strict}), by
     * binary search: a block's keys ascend, which {@link #check} verified when it was read (and
     * a block this kernel builds keeps them so).
     */
    int countBelow(Key k, boolean strict) {
        int lo = 0, hi = nritems; // slots below lo are counted, from hi on they are not
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareKey(mid, k);
            if (c < 0 || c == 0 && !strict) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    long childPtr(int i) { return Le.u64(seg, HEADER + (long) i * KEY_PTR + Key.SIZE); }
    long childGeneration(int i) { return Le.u64(seg, HEADER + (long) i * KEY_PTR + Key.SIZE + 8); }

    long itemOffset(int i) { return Le.u32(seg, HEADER + (long) i * LEAF_ITEM + Key.SIZE); }
    long itemSize(int i) { return Le.u32(seg, HEADER + (long) i * LEAF_ITEM + Key.SIZE + 4); }

    MemorySegment item(int i) {
        return seg.asSlice(HEADER + itemOffset(i), itemSize(i));
    }
}
