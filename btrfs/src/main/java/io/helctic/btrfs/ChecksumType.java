package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/** The checksum algorithms of the superblock's csum_type, each with its on-disk size. */
public enum ChecksumType {
    CRC32C(0, 4, "crc32c"),
    XXHASH64(1, 8, "xxhash64"),
    SHA256(2, 32, "sha256"),
    BLAKE2B(3, 32, "blake2b");

    final int code;
    final int size;
    private final String label;

    ChecksumType(int code, int size, String label) {
        this.code = code;
        this.size = size;
        this.label = label;
    }

    /** The number of checksum bytes stored per block or sector. */
    public int size() { return size; }

    @Override public String toString() { return label; }

    static ChecksumType of(int code) {
        for (ChecksumType t : values()) if (t.code == code) return t;
        return null;
    }

    /** The checksum of {@code data}, in its on-disk byte order ({@link #size()} bytes). */
    byte[] compute(MemorySegment data) {
        return switch (this) {
            case CRC32C -> {
                CRC32C c = new CRC32C();
                c.update(data.asByteBuffer());
                yield le(c.getValue(), 4);
            }
            case XXHASH64 -> le(XxHash64.hash(data, 0), 8);
            case SHA256 -> {
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    md.update(data.asByteBuffer());
                    yield md.digest();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK has no SHA-256", e);
                }
            }
            case BLAKE2B -> Blake2b.digest(data, 32);
        };
    }

    /** Whether the first {@link #size()} bytes of {@code stored} are the checksum of {@code data}. */
    boolean matches(MemorySegment data, MemorySegment stored) {
        byte[] c = compute(data);
        for (int i = 0; i < size; i++) if (stored.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != c[i]) return false;
        return true;
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }
}
