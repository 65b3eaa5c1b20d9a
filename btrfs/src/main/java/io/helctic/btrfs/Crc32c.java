package io.helctic.btrfs;

/**
 * Raw CRC-32C (Castagnoli, reflected) with a caller's seed and no final inversion: the form
 * btrfs uses for name hashes ({@code crc32c(~1, name)}) and extended inode ref hashes.
 * Checksums of blocks use {@link java.util.zip.CRC32C}.
 */
final class Crc32c {
    private Crc32c() {}

    private static final int[] TABLE = new int[256];
    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            TABLE[n] = c;
        }
    }

    static int raw(int seed, byte[] data) {
        int c = seed;
        for (byte b : data) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
        return c;
    }

    /** The key offset of a DIR_ITEM or XATTR_ITEM for {@code name}. */
    static long nameHash(byte[] name) {
        return raw(~1, name) & 0xffffffffL;
    }
}
