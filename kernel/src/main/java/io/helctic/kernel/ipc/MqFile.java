package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Fcntl.O_CREAT;
import static io.helctic.abi.uapi.Fcntl.O_EXCL;
import static io.helctic.abi.uapi.Fcntl.O_NOCTTY;
import static io.helctic.abi.uapi.Fcntl.O_NONBLOCK;
import static io.helctic.abi.uapi.Fcntl.O_TRUNC;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.WaitQueue;
import java.nio.charset.StandardCharsets;

/**
 * An open POSIX message queue (mq_open's descriptor): a regular file of 80 bytes whose text is the
 * queue's state (QSIZE, NOTIFY, SIGNO, NOTIFY_PID), readable as the queue changes (its own wait
 * queue follows the queue's), closed by the owner's registration with any close of a descriptor.
 */
public final class MqFile implements Handle {
    /** The queue file's size: Linux's FILENT_SIZE. */
    private static final int FILENT_SIZE = 80;
    /** The mqueue filesystem's device (an anonymous one). */
    private static final long DEV = 0x12;

    private final PosixQueue queue;
    private final WaitQueue waiters = new WaitQueue();
    private final WaitQueue.Waiter relay = waiters::wake;
    private volatile int flags;
    private long position;

    public MqFile(PosixQueue queue, int oflag) {
        this.queue = queue;
        this.flags = oflag & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
        queue.changed.add(relay);
    }

    public PosixQueue queue() { return queue; }

    public boolean nonblocking() {
        return (flags & O_NONBLOCK) != 0;
    }

    /** mq_getsetattr: the new O_NONBLOCK. */
    public void setNonblocking(boolean on) {
        flags = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        queue.touch();
    }

    @Override
    public synchronized long read(byte[] buf, int off, int len) {
        byte[] text = queue.text().getBytes(StandardCharsets.ISO_8859_1);
        if (position >= text.length) return 0;
        int n = (int) Math.min(len, text.length - position);
        System.arraycopy(text, (int) position, buf, off, n);
        position += n;
        queue.touch();
        return n;
    }

    /** default_llseek: SEEK_SET, SEEK_CUR and SEEK_END (of 80 bytes); EINVAL for a negative result. */
    @Override
    public synchronized long seek(long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> position;
            case 2 -> FILENT_SIZE;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) return Errno.EINVAL.negative();
        return position = base + offset;
    }

    @Override
    public Stat stat() {
        long[] t = queue.times();
        return new Stat(DEV, queue.ino, t[0], S_IFREG | queue.perm.mode, queue.perm.uid, queue.perm.gid, 0,
                FILENT_SIZE, 4096, 0, t[1], t[2], t[3]);
    }

    @Override
    public int statusFlags() {
        return flags;
    }

    @Override
    public void setStatusFlags(int f) {
        flags = f;
    }

    @Override
    public int poll(int events) {
        return queue.poll(events);
    }

    @Override
    public WaitQueue waitQueue() {
        return waiters;
    }

    @Override
    public void flushed(FileTable closer) {
        queue.flushed(closer);
    }

    @Override
    public void close() {
        queue.changed.remove(relay);
        waiters.release();
        queue.space.closed(queue);
    }
}
