package io.helctic.btrfs;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.lzo.LzoDecompressor;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The three btrfs compression formats. Each call decompresses one extent (at most 128 KiB of
 * data) into exactly {@code outLen} bytes; output the stream does not fill is zero, as the
 * kernel leaves it.
 */
final class Decompress {
    private Decompress() {}

    static final int NONE = 0, ZLIB = 1, LZO = 2, ZSTD = 3;

    static String name(int type) {
        return switch (type) {
            case NONE -> "none";
            case ZLIB -> "zlib";
            case LZO -> "lzo";
            case ZSTD -> "zstd";
            default -> "unknown(" + type + ")";
        };
    }

    static byte[] decompress(int type, byte[] in, int outLen, int sectorSize) throws BtrfsException {
        if (outLen < 0 || outLen > 16 << 20) throw new BtrfsException(name(type) + ": absurd decompressed size " + outLen);
        return switch (type) {
            case ZLIB -> zlib(in, outLen);
            case LZO -> lzo(in, outLen, sectorSize);
            case ZSTD -> zstd(in, outLen);
            default -> throw new BtrfsException("unknown compression type " + type);
        };
    }

    /** A zlib stream (RFC 1950, with header and Adler-32). */
    static byte[] zlib(byte[] in, int outLen) throws BtrfsException {
        byte[] out = new byte[outLen];
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            int n = 0;
            while (n < outLen && !inf.finished()) {
                int k = inf.inflate(out, n, outLen - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                n += k;
            }
            return out;
        } catch (DataFormatException e) {
            throw new BtrfsException("zlib: corrupt compressed data: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    /**
     * btrfs's LZO framing: a 4-byte little-endian total length (header included), then
     * segments of a 4-byte length and LZO1X data, each decompressing to at most one sector.
     * A segment header never straddles a sector boundary: when fewer than 4 bytes are left in
     * the sector, the writer pads with zeros to the next one.
     */
    static byte[] lzo(byte[] in, int outLen, int sectorSize) throws BtrfsException {
        if (in.length < 4) throw new BtrfsException("lzo: " + in.length + " bytes, too short for the header");
        long total = Le.u32(in, 0) & 0xffffffffL;
        if (total < 4 || total > in.length)
            throw new BtrfsException("lzo: header length " + total + " outside the " + in.length + "-byte extent");
        int worst = sectorSize + sectorSize / 16 + 64 + 3;
        byte[] out = new byte[outLen];
        byte[] seg = new byte[sectorSize];
        LzoDecompressor lzo = new LzoDecompressor();
        int pos = 4, n = 0;
        while (pos < total && n < outLen) {
            int left = sectorSize - pos % sectorSize;
            if (left < 4) {
                pos += left;
                if (pos >= total) break;
            }
            if (pos + 4 > total) throw new BtrfsException("lzo: segment header at byte " + pos + " runs past the end " + total);
            long len = Le.u32(in, pos) & 0xffffffffL;
            pos += 4;
            if (len == 0 || len > worst || pos + len > total)
                throw new BtrfsException("lzo: segment at byte " + (pos - 4) + " has bad length " + len);
            int k;
            try {
                k = lzo.decompress(in, pos, (int) len, seg, 0, seg.length);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new BtrfsException("lzo: corrupt segment at byte " + (pos - 4) + ": " + e.getMessage(), e);
            }
            int take = Math.min(k, outLen - n);
            System.arraycopy(seg, 0, out, n, take);
            n += take;
            pos += (int) len;
        }
        return out;
    }

    private static final int ZSTD_MAGIC = 0xFD2FB528;

    /**
     * One or more zstd frames followed, possibly, by zero padding up to the sector: the frame
     * ends are found by walking block headers, and only the frames are decompressed.
     */
    static byte[] zstd(byte[] in, int outLen) throws BtrfsException {
        byte[] out = new byte[outLen];
        ZstdJavaDecompressor z = new ZstdJavaDecompressor();
        int pos = 0, n = 0;
        while (pos + 4 <= in.length && n < outLen) {
            int magic = Le.u32(in, pos);
            if (magic == 0) break; // padding
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) { // skippable frame
                long skip = pos + 8L + (Le.u32(in, pos + 4) & 0xffffffffL);
                if (pos + 8 > in.length || skip > in.length) throw new BtrfsException("zstd: truncated skippable frame at byte " + pos);
                pos = (int) skip;
                continue;
            }
            if (magic != ZSTD_MAGIC) throw new BtrfsException("zstd: no frame magic at byte " + pos);
            int end = zstdFrameEnd(in, pos);
            byte[] frame = new byte[outLen - n];
            int k;
            try {
                k = z.decompress(in, pos, end - pos, frame, 0, frame.length);
            } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new BtrfsException("zstd: corrupt frame at byte " + pos + ": " + e.getMessage(), e);
            }
            System.arraycopy(frame, 0, out, n, k);
            n += k;
            pos = end;
        }
        return out;
    }

    /** The offset just past the zstd frame starting at {@code pos}. */
    static int zstdFrameEnd(byte[] in, int pos) throws BtrfsException {
        int start = pos;
        if (pos + 5 > in.length) throw new BtrfsException("zstd: truncated frame header at byte " + start);
        int fhd = in[pos + 4] & 0xff;
        pos += 5;
        int fcsFlag = fhd >>> 6;
        boolean single = (fhd & 0x20) != 0, checksum = (fhd & 4) != 0;
        if ((fhd & 0x08) != 0) throw new BtrfsException("zstd: reserved bit set in the frame header at byte " + start);
        if (!single) pos += 1;
        pos += new int[] {0, 1, 2, 4}[fhd & 3];
        pos += switch (fcsFlag) {
            case 0 -> single ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        while (true) {
            if (pos + 3 > in.length) throw new BtrfsException("zstd: frame at byte " + start + " is truncated");
            int bh = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16;
            pos += 3;
            int type = (bh >>> 1) & 3, size = bh >>> 3;
            if (type == 3) throw new BtrfsException("zstd: reserved block type in the frame at byte " + start);
            pos += type == 1 ? 1 : size;
            if ((bh & 1) != 0) break;
        }
        if (checksum) pos += 4;
        if (pos > in.length) throw new BtrfsException("zstd: frame at byte " + start + " is truncated");
        return pos;
    }
}
