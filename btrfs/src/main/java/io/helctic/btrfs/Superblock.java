package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** The fields of a btrfs superblock that a reader needs, parsed and checked. */
public record Superblock(
        long offset, long flags, long generation, long root, int rootLevel, long chunkRoot, int chunkRootLevel,
        long chunkRootGeneration, long logRoot, int logRootLevel, long totalBytes, long bytesUsed,
        long rootDirObjectid, long numDevices, int sectorSize, int nodeSize, int stripeSize,
        long compatFlags, long compatRoFlags, long incompatFlags, ChecksumType checksumType,
        String label, String fsid, String metadataUuid, long cacheGeneration, long uuidTreeGeneration,
        long devid, String deviceUuid, long deviceTotalBytes, long deviceBytesUsed,
        MemorySegment sysChunkArray, byte[] metadataFsid) {

    static final int SIZE = 4096;
    /** The primary copy and its mirrors (64 MiB, 256 GiB). */
    static final long[] OFFSETS = {0x10000L, 0x4000000L, 0x4000000000L};
    static final long MAGIC = 0x4D5F53665248425FL; // "_BHRfS_M"

    static final long INCOMPAT_METADATA_UUID = 1L << 10;
    static final long INCOMPAT_NO_HOLES = 1L << 9;

    /** Parses and verifies the superblock at {@code offset} of {@code image}. */
    static Superblock parse(MemorySegment image, long offset) throws BtrfsException {
        String where = "superblock at offset " + offset;
        if (offset + SIZE > image.byteSize())
            throw new BtrfsException(where + ": beyond the end of the image (" + image.byteSize() + " bytes)");
        MemorySegment s = image.asSlice(offset, SIZE);
        if (Le.u64(s, 0x40) != MAGIC) throw new BtrfsException(where + ": bad magic (not btrfs)");
        ChecksumType csum = ChecksumType.of(Le.u16(s, 0xc4));
        if (csum == null) throw new BtrfsException(where + ": unknown checksum type " + Le.u16(s, 0xc4));
        if (!csum.matches(s.asSlice(0x20), s)) throw new BtrfsException(where + ": checksum mismatch (" + csum + ")");
        long bytenr = Le.u64(s, 0x30);
        if (bytenr != offset) throw new BtrfsException(where + ": records its own offset as " + bytenr);
        int sectorSize = Le.i32(s, 0x90), nodeSize = Le.i32(s, 0x94), stripeSize = Le.i32(s, 0x9c);
        if (!pow2(sectorSize) || sectorSize < 4096 || sectorSize > 65536)
            throw new BtrfsException(where + ": invalid sector size " + sectorSize);
        if (!pow2(nodeSize) || nodeSize < sectorSize || nodeSize > 65536)
            throw new BtrfsException(where + ": invalid node size " + nodeSize);
        long sysArraySize = Le.u32(s, 0xa0);
        if (sysArraySize > 2048) throw new BtrfsException(where + ": sys_chunk_array_size " + sysArraySize + " > 2048");
        int rootLevel = Le.u8(s, 0xc6), chunkLevel = Le.u8(s, 0xc7), logLevel = Le.u8(s, 0xc8);
        if (rootLevel >= 8 || chunkLevel >= 8 || logLevel >= 8)
            throw new BtrfsException(where + ": tree level out of range");
        long incompat = Le.u64(s, 0xbc);
        byte[] metaFsid = Le.bytes(s, (incompat & INCOMPAT_METADATA_UUID) != 0 ? 0x23b : 0x20, 16);
        return new Superblock(offset, Le.u64(s, 0x38), Le.u64(s, 0x48), Le.u64(s, 0x50), rootLevel,
                Le.u64(s, 0x58), chunkLevel, Le.u64(s, 0xa4), Le.u64(s, 0x60), logLevel,
                Le.u64(s, 0x70), Le.u64(s, 0x78), Le.u64(s, 0x80), Le.u64(s, 0x88),
                sectorSize, nodeSize, stripeSize, Le.u64(s, 0xac), Le.u64(s, 0xb4), incompat, csum,
                Le.cstring(s, 0x12b, 256), Le.uuid(s, 0x20),
                Le.uuid(s, (incompat & INCOMPAT_METADATA_UUID) != 0 ? 0x23b : 0x20),
                Le.u64(s, 0x22b), Le.u64(s, 0x233), Le.u64(s, 0xc9), Le.uuid(s, 0xc9 + 66),
                Le.u64(s, 0xc9 + 8), Le.u64(s, 0xc9 + 16), s.asSlice(0x32b, sysArraySize), metaFsid);
    }

    private static boolean pow2(int v) { return v > 0 && (v & (v - 1)) == 0; }

    private static final String[] INCOMPAT = {"MIXED_BACKREF", "DEFAULT_SUBVOL", "MIXED_GROUPS", "COMPRESS_LZO",
        "COMPRESS_ZSTD", "BIG_METADATA", "EXTENDED_IREF", "RAID56", "SKINNY_METADATA", "NO_HOLES",
        "METADATA_UUID", "RAID1C34", "ZONED", "EXTENT_TREE_V2", "RAID_STRIPE_TREE", "bit15", "SIMPLE_QUOTA"};
    private static final String[] COMPAT_RO = {"FREE_SPACE_TREE", "FREE_SPACE_TREE_VALID", "VERITY",
        "BLOCK_GROUP_TREE"};

    /** Names of the incompat feature bits that are set. */
    public List<String> incompatFeatures() { return names(incompatFlags, INCOMPAT); }

    /** Names of the compat_ro feature bits that are set. */
    public List<String> compatRoFeatures() { return names(compatRoFlags, COMPAT_RO); }

    private static List<String> names(long flags, String[] names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 64; i++)
            if ((flags & (1L << i)) != 0) out.add(i < names.length ? names[i] : "bit" + i);
        return out;
    }

    public boolean noHoles() { return (incompatFlags & INCOMPAT_NO_HOLES) != 0; }
}
