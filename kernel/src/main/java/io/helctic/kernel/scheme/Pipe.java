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
    private int head, size, readers, writers;
    /** How many writers ever opened it: a FIFO reader waiting for one sees this move. */
    private int writerOpens, readerOpens;
    /** The wait queue of each open end (a FIFO has one per open): any change wakes them all. */
    private final java.util.List<WaitQueue> queues = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** A FIFO's own inode (its node in the filesystem), or null for an anonymous pipe. */
    private final java.util.function.Supplier<Handle.Stat> fifoStat;
    private final String fifoPath;
    private final Runnable onLastClose;
    /** Whether this pipe's capacity counts in RESERVED (from its making, or a FIFO's reopening, to its last close). */
    private boolean reserved;

    /** Wakes the blocked readers and writers and every end's pollers (called with the lock held). */
    private void changed() {
        changed.signalAll();
        for (WaitQueue q : queues) q.wake(POLLIN | POLLOUT | POLLHUP | POLLERR);
    }

    private Pipe(java.util.function.Supplier<Handle.Stat> fifoStat, String fifoPath, Runnable onLastClose) {
        capacity = RESERVED.get() + CAPACITY > SOFT_LIMIT ? PIPE_BUF : CAPACITY;
        RESERVED.addAndGet(capacity);
        reserved = true;
        this.fifoStat = fifoStat;
        this.fifoPath = fifoPath;
        this.onLastClose = onLastClose;
    }

    /** The bytes of pipe buffer the open pipes hold between them (tests). */
    static long reserved() {
        return RESERVED.get();
    }

    /** A new pipe's two ends: [0] reads, [1] writes. */
    public static Handle[] create(int flags) {
        Pipe p = new Pipe(null, null, () -> { });
        int status = flags & O_NONBLOCK;
        return new Handle[] {p.end(O_RDONLY | status), p.end(O_WRONLY | status)};
    }

    /**
     * A FIFO's pipe: no end open yet. {@code stat} gives the FIFO's own inode, {@code onLastClose}
     * runs when its last end closes (its buffer is then gone, as Linux's).
     */
    public static Pipe fifo(java.util.function.Supplier<Handle.Stat> stat, String path, Runnable onLastClose) {
        return new Pipe(stat, path, onLastClose);
    }

    /** A new end, counted at once as a reader, a writer or (O_RDWR) both. */
    private End end(int flags) {
        lock.lock();
        try {
            int acc = flags & O_ACCMODE;
            if (!reserved) { // a FIFO opened again before it was forgotten
                RESERVED.addAndGet(capacity);
                reserved = true;
            }
            End e = new End(acc != O_WRONLY, acc != O_RDONLY, flags);
            if (e.reads) {
                readers++;
                readerOpens++;
            }
            if (e.writes) {
                writers++;
                writerOpens++;
            }
            queues.add(e.queue);
            changed();
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first half of open(2) of a FIFO, as Linux's fifo_open: an O_WRONLY|O_NONBLOCK open
     * with no reader fails with ENXIO; otherwise the end is counted at once (call it while the
     * FIFO cannot be forgotten), and {@link #awaitPartner} does the waiting.
     */
    public io.helctic.kernel.vfs.Result<End> openFifo(int flags) {
        int acc = flags & O_ACCMODE;
        lock.lock();
        try {
            if (acc == O_WRONLY && (flags & O_NONBLOCK) != 0 && readers == 0) {
                return io.helctic.kernel.vfs.Result.err(Errno.ENXIO);
            }
            End e = end(acc | (flags & (O_NONBLOCK | O_APPEND)));
            // the partner count is read with the end counted, under one lock, as Linux's
            // wait_for_partner: a partner that opens, writes and closes before awaitPartner runs
            // has still moved it
            // (a partner open now means no wait at all)
            boolean partner = acc == O_RDONLY ? writers > 0 : acc == O_WRONLY && readers > 0;
            e.partnerSeen = partner ? -1 : acc == O_RDONLY ? writerOpens : readerOpens;
            return io.helctic.kernel.vfs.Result.ok(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The second half: O_RDWR and O_NONBLOCK never wait; O_RDONLY waits for a writer to open,
     * O_WRONLY for a reader. A wait a signal ends closes the end and gives ERESTARTSYS.
     */
    public io.helctic.kernel.vfs.Result<Handle> awaitPartner(End e, int flags) {
        int acc = flags & O_ACCMODE;
        if (acc == O_RDWR || (flags & O_NONBLOCK) != 0 || e.partnerSeen < 0) return io.helctic.kernel.vfs.Result.ok(e);
        boolean interrupted = false;
        lock.lock();
        try {
            int seen = e.partnerSeen;
            while (acc == O_RDONLY ? writers == 0 && writerOpens == seen : readers == 0 && readerOpens == seen) {
                if (Thread.currentThread().isInterrupted() || !awaitChange()) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (!interrupted) return io.helctic.kernel.vfs.Result.ok(e);
        e.close();
        return io.helctic.kernel.vfs.Result.err(KernelCode.ERESTARTSYS.negative());
    }

    /** Whether no end is open (a FIFO's pipe may then be forgotten). */
    public boolean unused() {
        lock.lock();
        try {
            return readers == 0 && writers == 0;
        } finally {
            lock.unlock();
        }
    }

    /** tee's other half: as much of {@code data} as fits now (waiting for room unless nonblocking). */
    private long putSome(byte[] data, boolean nonblocking) {
        lock.lock();
        try {
            while (true) {
                if (readers == 0) return Errno.EPIPE.negative();
                int room = capacity - size;
                if (room > 0) {
                    int n = Math.min(room, data.length);
                    if (ring == null) ring = new byte[capacity];
                    int tail = (head + size) % capacity;
                    for (int i = 0; i < n; i++) ring[(tail + i) % capacity] = data[i];
                    size += n;
                    changed();
                    return n;
                }
                if (nonblocking) return Errno.EAGAIN.negative();
                if (Thread.currentThread().isInterrupted() || !awaitChange()) return KernelCode.ERESTARTSYS.negative();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitChange() {
        try {
            changed.await();
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One end of the pipe: it reads, writes, or (a FIFO opened O_RDWR) both. */
    public final class End implements Handle {
        private final boolean reads, writes;
        private final WaitQueue queue = new WaitQueue();
        private volatile int flags;
        /** A FIFO end's partner opens (writers' for a reader, readers' for a writer) when it was counted. */
        private int partnerSeen;
        private boolean closed;

        End(boolean reads, boolean writes, int flags) {
            this.reads = reads;
            this.writes = writes;
            this.flags = flags;
        }

        private boolean nonblocking() { return (flags & O_NONBLOCK) != 0; }

        @Override
        public long read(byte[] buf, int off, int len) {
            if (!reads) return Errno.EBADF.negative();
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
            if (!writes) return Errno.EBADF.negative();
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
            return queue;
        }

        @Override
        public int poll(int events) {
            lock.lock();
            try {
                int r = 0;
                if (writes) {
                    if (readers == 0) r |= POLLERR | (events & (POLLOUT | POLLWRNORM));
                    else if (capacity - size >= PIPE_BUF) r |= events & (POLLOUT | POLLWRNORM);
                }
                if (reads) {
                    if (size > 0) r |= events & (POLLIN | POLLRDNORM);
                    // a FIFO nobody has written to yet is not hung up (Linux: only after a writer left)
                    if (writers == 0 && (fifoStat == null || writerOpens > 0)) r |= POLLHUP;
                }
                return r;
            } finally {
                lock.unlock();
            }
        }

        /**
         * tee: copies up to len of the bytes waiting here into {@code out}'s pipe without
         * consuming them; waits for bytes (or EOF) unless {@code nonblocking}. The bytes go in
         * as one write; at most what fits in the other pipe now.
         */
        public long teeInto(End out, int len, boolean nonblocking) {
            if (!reads || !out.writes) return Errno.EBADF.negative();
            if (out.pipe() == Pipe.this) return Errno.EINVAL.negative();
            byte[] copy;
            lock.lock();
            try {
                while (size == 0) {
                    if (writers == 0) return 0;
                    if (nonblocking || nonblocking()) return Errno.EAGAIN.negative();
                    if (!await()) return KernelCode.ERESTARTSYS.negative();
                }
                int n = Math.min(len, size);
                copy = new byte[n];
                for (int i = 0; i < n; i++) copy[i] = ring[(head + i) % capacity];
            } finally {
                lock.unlock();
            }
            return out.pipe().putSome(copy, nonblocking || out.nonblocking());
        }

        private Pipe pipe() {
            return Pipe.this;
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
            if (fifoStat != null) {
                Stat s = fifoStat.get();
                if (s != null) return s;
            }
            return new Stat(0xc, ino, 1, S_IFIFO | 0600, 0, 0, 0, 0, 4096, 0, created, created, created);
        }

        @Override
        public int statusFlags() { return flags; }

        @Override
        public void setStatusFlags(int f) { flags = (flags & O_ACCMODE) | (f & ~O_ACCMODE); }

        @Override
        public String path() { return fifoPath != null ? fifoPath : "pipe:[" + ino + "]"; }

        @Override
        public void close() {
            boolean last;
            lock.lock();
            try {
                if (closed) return;
                closed = true;
                if (writes) writers--;
                if (reads) readers--;
                queues.remove(queue);
                last = readers == 0 && writers == 0;
                if (last) {
                    ring = null;
                    size = 0;
                    head = 0;
                    if (reserved) RESERVED.addAndGet(-capacity);
                    reserved = false;
                }
                changed();
                queue.release();
            } finally {
                lock.unlock();
            }
            if (last) onLastClose.run(); // outside the lock: a FIFO's registry takes its own first
        }
    }
}
