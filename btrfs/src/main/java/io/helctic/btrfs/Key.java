package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;

/** A btrfs key: (objectid, type, offset), ordered as unsigned numbers in that order. */
public record Key(long objectid, int type, long offset) implements Comparable<Key> {
    static final int SIZE = 17;

    // item types
    static final int INODE_ITEM = 1, INODE_REF = 12, INODE_EXTREF = 13, XATTR_ITEM = 24, DIR_ITEM = 84,
            DIR_INDEX = 96, EXTENT_DATA = 108, EXTENT_CSUM = 128, ROOT_ITEM = 132, ROOT_BACKREF = 144,
            ROOT_REF = 156, CHUNK_ITEM = 228;

    // objectids
    static final long ROOT_TREE = 1, CHUNK_TREE = 3, FS_TREE = 5, ROOT_TREE_DIR = 6, CSUM_TREE = 7,
            FIRST_CHUNK_TREE = 256, CSUM_OBJECTID = -10L, EMPTY_SUBVOL_DIR = 2;

    static Key read(MemorySegment s, long off) {
        return new Key(Le.u64(s, off), Le.u8(s, off + 8), Le.u64(s, off + 9));
    }

    static Key min(long objectid, int type) { return new Key(objectid, type, 0); }
    static Key max(long objectid, int type) { return new Key(objectid, type, -1L); }

    @Override
    public int compareTo(Key o) {
        int c = Long.compareUnsigned(objectid, o.objectid);
        if (c != 0) return c;
        c = Integer.compare(type, o.type);
        return c != 0 ? c : Long.compareUnsigned(offset, o.offset);
    }

    @Override
    public String toString() {
        return "(" + Long.toUnsignedString(objectid) + " " + type + " " + Long.toUnsignedString(offset) + ")";
    }
}
