package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** A directory of a kernel scheme (dev:, proc:) whose entries are known names. */
final class ListingHandle implements Handle {
    private final String guestPath;
    private final Stat stat;
    private final String[] names;
    private final Function<String, Stat> statOf;
    private int next;

    ListingHandle(String guestPath, Stat stat, String[] names, Function<String, Stat> statOf) {
        this.guestPath = guestPath;
        this.stat = stat;
        this.names = names;
        this.statOf = statOf;
    }

    @Override
    public String path() { return guestPath; }

    @Override
    public long read(byte[] buf, int off, int len) { return Errno.EISDIR.negative(); }

    @Override
    public synchronized long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) return Errno.EINVAL.negative();
        next = (int) Math.min(offset, Integer.MAX_VALUE);
        return next;
    }

    @Override
    public synchronized long getdents(byte[] buf, int len) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int used = 0;
        while (next < names.length + 2) {
            String name = next == 0 ? "." : next == 1 ? ".." : names[next - 2];
            Stat st = next < 2 ? stat : statOf.apply(name);
            next++;
            if (st == null) continue;
            int reclen = dirent(b, used, len, st.ino(), next, dtype(st.mode()), name.getBytes(StandardCharsets.ISO_8859_1));
            if (reclen < 0) {
                next--;
                if (used == 0) return Errno.EINVAL.negative();
                break;
            }
            used += reclen;
        }
        return used;
    }

    @Override
    public Stat stat() { return stat; }

    @Override
    public int statusFlags() { return status; }

    private volatile int status = O_RDONLY | O_DIRECTORY;

    @Override
    public void setStatusFlags(int f) { status = (f & ~O_ACCMODE) | O_DIRECTORY; }

    /** One directory entry as getdents64 gives it. */
    record Dirent(byte[] name, long ino, int type) {
        static Dirent of(String name, long ino, int type) {
            return new Dirent(name.getBytes(StandardCharsets.ISO_8859_1), ino, type);
        }
    }

    /**
     * Writes {@code entries} from index {@code next[0]} on into buf as struct linux_dirent64
     * records (d_off: the index after each), advancing {@code next[0]} past those that fit: the
     * bytes used, or EINVAL when not even the first fits.
     */
    static long dirents(java.util.List<Dirent> entries, int[] next, byte[] buf, int len) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int used = 0;
        while (next[0] < entries.size()) {
            Dirent e = entries.get(next[0]);
            int reclen = dirent(b, used, len, e.ino(), next[0] + 1, e.type(), e.name());
            if (reclen < 0) return used == 0 ? Errno.EINVAL.negative() : used;
            next[0]++;
            used += reclen;
        }
        return used;
    }

    /**
     * Puts one struct linux_dirent64 at {@code at} of {@code b} (which holds {@code len} bytes):
     * its length, or -1 when it does not fit.
     */
    static int dirent(ByteBuffer b, int at, int len, long ino, long off, int type, byte[] name) {
        int reclen = (19 + name.length + 1 + 7) & ~7;
        if (at + reclen > len) return -1;
        b.position(at);
        b.putLong(ino).putLong(off).putShort((short) reclen).put((byte) type).put(name);
        for (int i = 19 + name.length; i < reclen; i++) b.put((byte) 0);
        return reclen;
    }

    /** The d_type of a mode. */
    static int dtype(int mode) {
        return (mode >>> 12) & 0xf;
    }

    /** /proc's files and directories have no fsync method. */
    @Override
    public boolean canFsync() { return false; }
}
