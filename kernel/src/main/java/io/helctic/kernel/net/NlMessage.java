package io.helctic.kernel.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One netlink message being built: struct nlmsghdr, the family's fixed header, then attributes
 * (struct nlattr: length, type, payload, each padded to four bytes), all little-endian as on
 * x86-64. {@link #bytes} fills in nlmsg_len.
 */
final class NlMessage {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    private byte[] done;

    NlMessage(int type, int flags, int seq, int pid) {
        u32(0);
        u16(type);
        u16(flags);
        u32(seq);
        u32(pid);
    }

    NlMessage u8(int v) {
        out.write(v);
        return this;
    }

    NlMessage u16(int v) {
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    NlMessage u32(int v) {
        u16(v);
        return u16(v >>> 16);
    }

    NlMessage u64(long v) {
        u32((int) v);
        return u32((int) (v >>> 32));
    }

    NlMessage raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    NlMessage raw(byte[] b, int off, int len) {
        out.write(b, off, len);
        return this;
    }

    private void pad() {
        while (out.size() % 4 != 0) out.write(0);
    }

    /** An attribute with a payload of raw bytes. */
    NlMessage attr(int type, byte[] payload) {
        pad();
        u16(4 + payload.length);
        u16(type);
        raw(payload);
        pad();
        return this;
    }

    NlMessage attrU8(int type, int v) {
        return attr(type, new byte[] {(byte) v});
    }

    NlMessage attrU16(int type, int v) {
        return attr(type, new byte[] {(byte) v, (byte) (v >>> 8)});
    }

    NlMessage attrU32(int type, int v) {
        return attr(type, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    /** A NUL-terminated string. */
    NlMessage attrString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return attr(type, z);
    }

    /** The finished message, nlmsg_len set (padded to four bytes, as nlmsg_end leaves it). */
    byte[] bytes() {
        if (done == null) {
            pad();
            done = out.toByteArray();
            int len = done.length;
            done[0] = (byte) len;
            done[1] = (byte) (len >>> 8);
            done[2] = (byte) (len >>> 16);
            done[3] = (byte) (len >>> 24);
        }
        return done;
    }
}
