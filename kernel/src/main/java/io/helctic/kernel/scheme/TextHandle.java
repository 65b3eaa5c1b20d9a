package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;

/**
 * A file whose contents the kernel generated when it was opened (proc: files); read-only, or
 * opened for writing where the file takes writes (each write handed whole to {@code writer}, which
 * answers as write(2) does).
 */
final class TextHandle implements Handle {
    private final byte[] data;
    private final Stat stat;
    private final String guestPath;
    private final java.util.function.ToLongFunction<byte[]> writer;
    private long pos;

    TextHandle(byte[] data, Stat stat, String guestPath) {
        this(data, stat, guestPath, O_RDONLY, null);
    }

    TextHandle(byte[] data, Stat stat, String guestPath, int accessMode, java.util.function.ToLongFunction<byte[]> writer) {
        this.data = data;
        this.stat = stat;
        this.guestPath = guestPath;
        this.writer = writer;
        this.status = accessMode;
    }

    @Override
    public String path() { return guestPath; }

    /** Text the kernel made (seq_file's reads fill the buffer too). */
    @Override
    public boolean readsFill() { return true; }

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
        if ((status & O_ACCMODE) == O_WRONLY) return Errno.EBADF.negative();
        long n = pread(buf, off, len, pos);
        if (n > 0) pos += n;
        return n;
    }

    @Override
    public long pread(byte[] buf, int off, int len, long position) {
        if (position >= data.length) return 0;
        int n = (int) Math.min(len, data.length - position);
        System.arraycopy(data, (int) position, buf, off, n);
        return n;
    }

    @Override
    public long write(byte[] buf, int off, int len) {
        if (writer == null || (status & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
        return writer.applyAsLong(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> pos;
            case 2 -> data.length;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) return Errno.EINVAL.negative();
        pos = base + offset;
        return pos;
    }

    @Override
    public Stat stat() { return stat; }

    @Override
    public int statusFlags() { return status; }

    private volatile int status = O_RDONLY;

    @Override
    public void setStatusFlags(int f) { status = (status & O_ACCMODE) | (f & ~O_ACCMODE); }

    /** /proc's files and directories have no fsync method. */
    @Override
    public boolean canFsync() { return false; }
}
