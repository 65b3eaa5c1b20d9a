package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logical → physical address translation from the chunk items (the superblock's
 * sys_chunk_array, then the chunk tree). On a single device the profiles that keep whole
 * copies — SINGLE, DUP, RAID1/RAID1C3/RAID1C4 — map to one physical offset per copy.
 */
final class ChunkMap {
    static final long DATA = 1, SYSTEM = 2, METADATA = 4, RAID0 = 8, RAID1 = 16, DUP = 32, RAID10 = 64,
            RAID5 = 128, RAID6 = 256, RAID1C3 = 512, RAID1C4 = 1024;
    private static final long STRIPED = RAID0 | RAID10 | RAID5 | RAID6;
    static final int CHUNK_ITEM_SIZE = 48, STRIPE_SIZE = 32;

    /** One chunk: {@code copies} holds the physical start of each copy on this device. */
    record Chunk(long logical, long length, long type, long[] copies) {
        String profile() {
            if ((type & DUP) != 0) return "DUP";
            if ((type & RAID1) != 0) return "RAID1";
            if ((type & RAID1C3) != 0) return "RAID1C3";
            if ((type & RAID1C4) != 0) return "RAID1C4";
            return "SINGLE";
        }

        String kind() {
            List<String> k = new ArrayList<>();
            if ((type & DATA) != 0) k.add("Data");
            if ((type & METADATA) != 0) k.add("Metadata");
            if ((type & SYSTEM) != 0) k.add("System");
            return String.join("+", k);
        }
    }

    private final TreeMap<Long, Chunk> chunks = new TreeMap<>(Long::compareUnsigned);
    private final long devid;

    ChunkMap(long devid) {
        this.devid = devid;
    }

    /** Parses the superblock's sys_chunk_array: (key, chunk item) pairs. */
    void addSysChunkArray(MemorySegment arr) throws BtrfsException {
        long p = 0, n = arr.byteSize();
        while (p < n) {
            if (p + Key.SIZE + CHUNK_ITEM_SIZE > n) throw new BtrfsException("sys_chunk_array: truncated entry at byte " + p);
            Key k = Key.read(arr, p);
            if (k.type() != Key.CHUNK_ITEM) throw new BtrfsException("sys_chunk_array: entry at byte " + p + " is not a chunk item (type " + k.type() + ")");
            p += Key.SIZE;
            int stripes = Le.u16(arr, p + 44);
            long size = CHUNK_ITEM_SIZE + (long) stripes * STRIPE_SIZE;
            if (stripes == 0 || p + size > n) throw new BtrfsException("sys_chunk_array: chunk at logical " + k.offset() + " has a bad stripe count " + stripes);
            add(k.offset(), arr.asSlice(p, size));
            p += size;
        }
    }

    /** Adds the chunk item {@code item} for logical address {@code logical}. */
    void add(long logical, MemorySegment item) throws BtrfsException {
        String where = "chunk at logical " + logical;
        if (item.byteSize() < CHUNK_ITEM_SIZE) throw new BtrfsException(where + ": item too small");
        long length = Le.u64(item, 0), type = Le.u64(item, 24);
        int stripes = Le.u16(item, 44);
        if ((long) CHUNK_ITEM_SIZE + (long) stripes * STRIPE_SIZE > item.byteSize() || stripes == 0)
            throw new BtrfsException(where + ": " + stripes + " stripes do not fit its item");
        if (length <= 0 || logical + length < logical) throw new BtrfsException(where + ": bad length " + length);
        if ((type & STRIPED) != 0)
            throw new BtrfsException(where + ": striped profile (type 0x" + Long.toHexString(type) + ") is not supported on a single device");
        long[] copies = new long[stripes];
        for (int i = 0; i < stripes; i++) {
            long sdev = Le.u64(item, CHUNK_ITEM_SIZE + (long) i * STRIPE_SIZE);
            if (sdev != devid) throw new BtrfsException(where + ": stripe on device " + sdev + "; only single-device images (device " + devid + ") are supported");
            copies[i] = Le.u64(item, CHUNK_ITEM_SIZE + (long) i * STRIPE_SIZE + 8);
        }
        Map.Entry<Long, Chunk> prev = chunks.floorEntry(logical + length - 1);
        if (prev != null && prev.getKey() != logical && Long.compareUnsigned(prev.getValue().logical + prev.getValue().length, logical) > 0)
            throw new BtrfsException(where + ": overlaps the chunk at logical " + prev.getKey());
        chunks.put(logical, new Chunk(logical, length, type, copies));
    }

    /** The chunk holding [logical, logical+len), or an error naming the address. */
    Chunk find(long logical, long len) throws BtrfsException {
        Map.Entry<Long, Chunk> e = chunks.floorEntry(logical);
        if (e == null || Long.compareUnsigned(logical - e.getKey(), e.getValue().length) >= 0)
            throw new BtrfsException("logical address " + logical + " is in no chunk");
        Chunk c = e.getValue();
        if (Long.compareUnsigned(logical - c.logical + len, c.length) > 0)
            throw new BtrfsException("logical range " + logical + "+" + len + " crosses the end of its chunk at " + c.logical);
        return c;
    }

    List<Chunk> chunks() {
        return List.copyOf(chunks.values());
    }
}
