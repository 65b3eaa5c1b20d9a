package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipe: scheme: a 64 KiB ring buffer with a read end and a write end. Reads block
 * until data or end-of-file (no writers left); writes block for room and fail with EPIPE
 * when no reader is left; writes of at most PIPE_BUF bytes are atomic.
 *
 * <p>The buffer is the kernel's memory, not the guest's: it is made on the first write, dropped
 * when both ends are closed, and, as Linux's pipe-user-pages-soft, once the open pipes hold 64
 * MiB of buffers between them a new pipe gets one page (so a guest opening thousands of pipes
 * cannot fill the JVM's heap).
 */
public final class Pipe {
    public static final int CAPACITY = 65536, PIPE_BUF = 4096;
    private static final AtomicLong INODES = new AtomicLong(10_000);
    /** Linux's pipe-user-pages-soft (16,384 pages): past it, new pipes get one page. */
    static final long SOFT_LIMIT = 64L << 20;
    /** The capacity of every pipe not yet fully closed. */
    private static final AtomicLong RESERVED = new AtomicLong();

    private final int capacity;
    private byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long ino = INODES.incrementAndGet();
    private final long created = System.currentTimeMillis() * 1_000_000L;
    private int head, size, readers = 1, writers = 1;
    /** Each end's wait queue: [0] the read end's, [1] the write end's. Any change wakes both. */
    private final WaitQueue[] queues = {new WaitQueue(), new WaitQueue()};

    /** Wakes the blocked readers and writers and both ends' pollers (called with the lock held). */
    private void changed() {
        changed.signalAll();
        queues[0].wake(POLLIN | POLLOUT | POLLHUP | POLLERR);
        queues[1].wake(POLLIN | POLLOUT | POLLHUP | POLLERR);
    }

    private Pipe() {
        capacity = RESERVED.get() + CAPACITY > SOFT_LIMIT ? PIPE_BUF : CAPACITY;
        RESERVED.addAndGet(capacity);
    }

    /** The bytes of pipe buffer the open pipes hold between them (tests). */
    static long reserved() {
        return RESERVED.get();
    }

    /** A new pipe's two ends: [0] reads, [1] writes. */
    public static Handle[] create(int flags) {
        Pipe p = new Pipe();
        int status = flags & O_NONBLOCK;
        return new Handle[] {p.new End(false, O_RDONLY | status), p.new End(true, O_WRONLY | status)};
    }

    /** One end of the pipe. */
    public final class End implements Handle {
        private final boolean writer;
        private volatile int flags;
        private boolean closed;

        End(boolean writer, int flags) {
            this.writer = writer;
            this.flags = flags;
        }

        private boolean nonblocking() { return (flags & O_NONBLOCK) != 0; }

        @Override
        public long read(byte[] buf, int off, int len) {
            if (writer) return Errno.EBADF.negative();
            if (len == 0) return 0;
            lock.lock();
            try {
                while (size == 0) {
                    if (writers == 0) return 0;
                    if (nonblocking()) return Errno.EAGAIN.negative();
                    if (!await()) return KernelCode.ERESTARTSYS.negative();
                }
                int n = Math.min(len, size);
                for (int i = 0; i < n; i++) buf[off + i] = ring[(head + i) % capacity];
                head = (head + n) % capacity;
                size -= n;
                changed();
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long write(byte[] buf, int off, int len) {
            if (!writer) return Errno.EBADF.negative();
            lock.lock();
            try {
                int done = 0;
                while (done < len) {
                    if (readers == 0) return done > 0 ? done : Errno.EPIPE.negative();
                    int room = capacity - size;
                    int want = len - done;
                    // At most PIPE_BUF bytes go in whole or not at all.
                    if (room == 0 || (len <= PIPE_BUF && room < want)) {
                        if (nonblocking()) return done > 0 ? done : Errno.EAGAIN.negative();
                        if (!await()) return done > 0 ? done : KernelCode.ERESTARTSYS.negative();
                        continue;
                    }
                    int n = Math.min(room, want);
                    if (ring == null) ring = new byte[capacity];
                    int tail = (head + size) % capacity;
                    for (int i = 0; i < n; i++) ring[(tail + i) % capacity] = buf[off + done + i];
                    size += n;
                    done += n;
                    changed();
                }
                return done;
            } finally {
                lock.unlock();
            }
        }

        /** Waits for a change; false when the thread was woken for a signal (the call then ends with ERESTARTSYS). */
        private boolean await() {
            if (Thread.currentThread().isInterrupted()) return false;
            try {
                changed.await(); // a signal or the thread's end interrupts it
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public WaitQueue waitQueue() {
            return queues[writer ? 1 : 0];
        }

        @Override
        public int poll(int events) {
            lock.lock();
            try {
                if (writer) {
                    if (readers == 0) return POLLERR | (events & (POLLOUT | POLLWRNORM));
                    return capacity - size >= PIPE_BUF ? events & (POLLOUT | POLLWRNORM) : 0;
                }
                int r = size > 0 ? events & (POLLIN | POLLRDNORM) : 0;
                return writers == 0 ? r | POLLHUP : r;
            } finally {
                lock.unlock();
            }
        }

        /** Bytes waiting to be read (FIONREAD). */
        @Override
        public long available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long ioctl(long request, long arg) {
            return Errno.ENOTTY.negative();
        }

        @Override
        public Stat stat() {
            return new Stat(0xc, ino, 1, S_IFIFO | 0600, 0, 0, 0, 0, 4096, 0, created, created, created);
        }

        @Override
        public int statusFlags() { return flags; }

        @Override
        public void setStatusFlags(int f) { flags = (flags & O_ACCMODE) | (f & ~O_ACCMODE); }

        @Override
        public String path() { return "pipe:[" + ino + "]"; }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) return;
                closed = true;
                if (writer) writers--;
                else readers--;
                if (readers == 0 && writers == 0) {
                    ring = null;
                    RESERVED.addAndGet(-capacity);
                }
                changed();
                queues[writer ? 1 : 0].release();
            } finally {
                lock.unlock();
            }
        }
    }
}
