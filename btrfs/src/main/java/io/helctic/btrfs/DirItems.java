package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The packed entries of a DIR_ITEM, DIR_INDEX or XATTR_ITEM: location key, transid,
 * data_len, name_len, type, then the name and the data. Names whose hashes collide share one
 * item.
 */
final class DirItems {
    private DirItems() {}

    static final int HEADER = 30;

    record Raw(Key location, int type, byte[] name, byte[] data) {
        boolean nameEquals(byte[] n) { return Arrays.equals(name, n); }
    }

    static List<Raw> parse(MemorySegment d, String where) throws BtrfsException {
        List<Raw> out = new ArrayList<>(1);
        long p = 0, n = d.byteSize();
        while (p < n) {
            if (p + HEADER > n) throw new BtrfsException(where + ": entry header at byte " + p + " overruns its item");
            int dataLen = Le.u16(d, p + 25), nameLen = Le.u16(d, p + 27);
            if (p + HEADER + nameLen + dataLen > n)
                throw new BtrfsException(where + ": entry at byte " + p + " (name " + nameLen + ", data " + dataLen + " bytes) overruns its item");
            out.add(new Raw(Key.read(d, p), Le.u8(d, p + 29), Le.bytes(d, p + HEADER, nameLen),
                    Le.bytes(d, p + HEADER + nameLen, dataLen)));
            p += HEADER + nameLen + dataLen;
        }
        return out;
    }
}
