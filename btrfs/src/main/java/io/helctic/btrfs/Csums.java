package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Data checksums from the csum tree: EXTENT_CSUM items keyed by the logical address of their
 * first sector, each an array of per-sector checksums. Sectors without one (nodatasum files,
 * some prealloc writes) are not checked.
 */
final class Csums {
    private Csums() {}

    static void verify(Btrfs fs, long logical, MemorySegment data) throws BtrfsException {
        Superblock sb = fs.vol.sb;
        Btrfs.Root csumRoot;
        try {
            csumRoot = fs.root(Key.CSUM_TREE);
        } catch (BtrfsException e) {
            return; // no csum tree: nothing to verify against
        }
        int ss = sb.sectorSize(), cs = sb.checksumType().size();
        long end = logical + data.byteSize();
        Key itemKey = null;
        MemorySegment item = null;
        for (long s = logical; s + ss <= end; s += ss) {
            if (item == null || s < itemKey.offset() || s >= itemKey.offset() + (item.byteSize() / cs) * ss) {
                Map.Entry<Key, MemorySegment> e = fs.vol.floor(csumRoot.bytenr(), csumRoot.level(),
                        new Key(Key.CSUM_OBJECTID, Key.EXTENT_CSUM, s), "csum tree");
                if (e == null || e.getKey().objectid() != Key.CSUM_OBJECTID || e.getKey().type() != Key.EXTENT_CSUM) {
                    item = null;
                    continue;
                }
                itemKey = e.getKey();
                item = e.getValue();
                if (s >= itemKey.offset() + (item.byteSize() / cs) * ss) {
                    item = null;
                    continue;
                }
            }
            long idx = (s - itemKey.offset()) / ss;
            MemorySegment stored = item.asSlice(idx * cs, cs);
            if (!sb.checksumType().matches(data.asSlice(s - logical, ss), stored))
                throw new BtrfsException("data checksum mismatch (" + sb.checksumType() + ") in the sector at logical " + s);
        }
    }
}
