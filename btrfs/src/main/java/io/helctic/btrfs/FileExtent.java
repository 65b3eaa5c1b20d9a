package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;

/**
 * An EXTENT_DATA item: file bytes [fileOffset, fileOffset+length()) come from inline data,
 * from [offset, offset+numBytes) of a (possibly compressed) disk extent, or are zero (a hole:
 * diskBytenr 0, or preallocated space).
 */
record FileExtent(long fileOffset, long generation, long ramBytes, int compression, int encryption, int otherEncoding,
                  int type, MemorySegment inline, long diskBytenr, long diskNumBytes, long offset, long numBytes) {
    static final int INLINE = 0, REGULAR = 1, PREALLOC = 2, HEADER = 21;
    /** The most a compressed extent may claim, either side of compression (the kernel writes at most 128 KiB). */
    static final long MAX_RAM = 16 << 20;

    static FileExtent parse(Node node, long fileOffset, MemorySegment d) throws BtrfsException {
        String where = "inode " + node + " extent at file offset " + fileOffset;
        if (d.byteSize() < HEADER) throw new BtrfsException(where + ": item too short");
        int type = Le.u8(d, 20), compression = Le.u8(d, 16);
        long ram = Le.u64(d, 8);
        if (Le.u8(d, 17) != 0 || Le.u16(d, 18) != 0)
            throw new BtrfsException(where + ": encrypted or otherwise encoded extents are not supported");
        if (compression > Decompress.ZSTD) throw new BtrfsException(where + ": unknown compression " + compression);
        if (type == INLINE) {
            MemorySegment inline = d.asSlice(HEADER);
            if (compression != 0 && (ram < 0 || ram > MAX_RAM))
                throw new BtrfsException(where + ": compressed inline extent claims an absurd " + ram + " bytes");
            if (compression == 0 && ram > inline.byteSize()) ram = inline.byteSize();
            return new FileExtent(fileOffset, Le.u64(d, 0), ram, compression, 0, 0, type, inline, 0, 0, 0, ram);
        }
        if (type != REGULAR && type != PREALLOC) throw new BtrfsException(where + ": unknown extent type " + type);
        if (d.byteSize() < HEADER + 32) throw new BtrfsException(where + ": item too short for a regular extent");
        long bytenr = Le.u64(d, 21), diskNum = Le.u64(d, 29), off = Le.u64(d, 37), num = Le.u64(d, 45);
        if (num < 0 || off < 0 || fileOffset + num < fileOffset)
            throw new BtrfsException(where + ": absurd extent length " + num + " or offset " + off);
        // off and num are non-negative here; off > x || num > x - off is off + num > x without overflow
        if (bytenr != 0 && compression != 0 && (ram < 0 || ram > MAX_RAM || diskNum < 0 || diskNum > MAX_RAM || off > ram || num > ram - off))
            throw new BtrfsException(where + ": compressed extent range " + off + "+" + num + " outside its " + ram
                    + " bytes (" + diskNum + " on disk)");
        if (bytenr != 0 && compression == 0 && (diskNum < 0 || off > diskNum || num > diskNum - off))
            throw new BtrfsException(where + ": range " + off + "+" + num + " outside its " + diskNum + "-byte disk extent");
        return new FileExtent(fileOffset, Le.u64(d, 0), ram, compression, 0, 0, type, null, bytenr, diskNum, off, num);
    }

    long length() { return numBytes; }

    /** Whether it reads as zeros without touching the disk. */
    boolean isZero() { return type == PREALLOC || (type == REGULAR && diskBytenr == 0); }
}
