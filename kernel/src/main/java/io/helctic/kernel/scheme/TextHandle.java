package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;

/** A read-only file whose contents the kernel generated when it was opened (proc: files). */
final class TextHandle implements Handle {
    private final byte[] data;
    private final Stat stat;
    private final String guestPath;
    private long pos;

    TextHandle(byte[] data, Stat stat, String guestPath) {
        this.data = data;
        this.stat = stat;
        this.guestPath = guestPath;
    }

    @Override
    public String path() { return guestPath; }

    /** Text the kernel made (seq_file's reads fill the buffer too). */
    @Override
    public boolean readsFill() { return true; }

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
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
    public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }

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
    public void setStatusFlags(int f) { status = f & ~O_ACCMODE; }

    /** /proc's files and directories have no fsync method. */
    @Override
    public boolean canFsync() { return false; }
}
