package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipe: scheme: a ring of page buffers (16 by default: 64 KiB) with a read end and a write
 * end, as Linux's: a write fills a fresh page per 4 KiB, a short one joins the last page when it
 * fits there whole, a read frees each page it empties, and the pipe is full when every slot holds
 * a page — so F_SETPIPE_SZ's sizes, its EBUSY and what a full pipe takes are Linux's. Reads block
 * until data or end-of-file (no writers left); writes block for room and fail with EPIPE when no
 * reader is left; writes of at most PIPE_BUF bytes are atomic.
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

    /** The slots' bytes (a power-of-two number of pages). */
    private int capacity;
    /** One page of the ring: its bytes from offset, len of them; merge: a short write may add to it. */
    private static final class Page {
        final byte[] bytes = new byte[PIPE_BUF];
        int offset, len;
        boolean merge = true;
        /** Written in packet mode (the writer's O_DIRECT): a read takes it whole or its head and drops the rest. */
        boolean packet;
    }
    private final java.util.ArrayDeque<Page> pages = new java.util.ArrayDeque<>();
    /** The descriptions that set O_ASYNC, per side (Linux's fasync_readers and fasync_writers). */
    private final Fasync.Registrations readersAsync = new Fasync.Registrations(), writersAsync = new Fasync.Registrations();
    /** /proc/sys/fs/pipe-max-size: the largest size F_SETPIPE_SZ gives without CAP_SYS_RESOURCE. */
    public static final int MAX_SIZE = 1 << 20;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long ino = INODES.incrementAndGet();
    private final long created = System.currentTimeMillis() * 1_000_000L;
    /** The bytes waiting, over all pages. */
    private int size;
    private int readers, writers;
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
        int status = flags & O_NONBLOCK; // the write end keeps O_DIRECT: packet mode (create_pipe_files)
        return new Handle[] {p.end(O_RDONLY | status), p.end(O_WRONLY | status | (flags & O_DIRECT))};
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
     * open(2) of the pipe's inode through /proc/PID/fd/N: as fifo_open does for a pipe (not a
     * FIFO), a new end at once, never waiting for a partner nor refused for want of one.
     */
    End reopen(int flags) {
        return end((flags & O_ACCMODE) | (flags & (O_NONBLOCK | O_APPEND | O_DIRECT)));
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
            End e = end(acc | (flags & (O_NONBLOCK | O_APPEND | O_DIRECT)));
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

    /** Whether every slot holds a page. */
    private boolean full() {
        return pages.size() >= capacity / PIPE_BUF;
    }

    /**
     * tee's other half (link_pipe): each chunk a page of its own, never merged into, as many as
     * there are free slots (waiting for one unless nonblocking).
     */
    private long putPages(java.util.List<byte[]> chunks, boolean nonblocking) {
        lock.lock();
        try {
            while (true) {
                if (readers == 0) return Errno.EPIPE.negative();
                if (!full()) break;
                if (nonblocking) return Errno.EAGAIN.negative();
                if (Thread.currentThread().isInterrupted() || !awaitChange()) return KernelCode.ERESTARTSYS.negative();
            }
            long n = 0;
            for (byte[] c : chunks) {
                if (full()) break;
                Page pg = new Page();
                System.arraycopy(c, 0, pg.bytes, 0, c.length);
                pg.len = c.length;
                pg.merge = false;
                pages.add(pg);
                size += c.length;
                n += c.length;
            }
            changed();
            readersAsync.kill(io.helctic.abi.uapi.Signal.POLL_IN); // splice's wakeup_pipe_readers
            return n;
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
            long r = take(buf, off, len);
            // pipe_read tells the writers' owners after every read that did not end in a signal
            if (r != KernelCode.ERESTARTSYS.negative()) writersAsync.kill(io.helctic.abi.uapi.Signal.POLL_OUT);
            return r;
        }

        private long take(byte[] buf, int off, int len) {
            lock.lock();
            try {
                while (size == 0) {
                    if (writers == 0) return 0;
                    if (nonblocking()) return Errno.EAGAIN.negative();
                    writersAsync.kill(io.helctic.abi.uapi.Signal.POLL_OUT); // before sleeping, as pipe_read
                    if (!await()) return KernelCode.ERESTARTSYS.negative();
                }
                int n = 0;
                while (n < len && !pages.isEmpty()) {
                    Page pg = pages.peekFirst();
                    int c = Math.min(pg.len, len - n);
                    System.arraycopy(pg.bytes, pg.offset, buf, off + n, c);
                    pg.offset += c;
                    pg.len -= c;
                    n += c;
                    size -= c;
                    if (pg.packet) { // one packet per read; what did not fit is dropped
                        size -= pg.len;
                        pg.len = 0;
                        pages.pollFirst();
                        break;
                    }
                    if (pg.len == 0) pages.pollFirst();
                }
                changed();
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long write(byte[] buf, int off, int len) {
            if (!writes) return Errno.EBADF.negative();
            if (len == 0) return 0;
            long r = put(buf, off, len);
            readersAsync.kill(io.helctic.abi.uapi.Signal.POLL_IN); // pipe_write tells the readers' owners every time
            return r;
        }

        /** pipe_write: the odd tail joins the last page when it fits there whole, then a page per 4 KiB. */
        private long put(byte[] buf, int off, int len) {
            lock.lock();
            try {
                if (readers == 0) return Errno.EPIPE.negative();
                int done = 0;
                int chars = len & (PIPE_BUF - 1);
                boolean packet = (flags & O_DIRECT) != 0;
                Page last = pages.peekLast();
                if (chars != 0 && !packet && last != null && last.merge && last.offset + last.len + chars <= PIPE_BUF) {
                    System.arraycopy(buf, off, last.bytes, last.offset + last.len, chars);
                    last.len += chars;
                    size += chars;
                    done = chars;
                    changed();
                    if (done == len) return done;
                }
                while (true) {
                    if (readers == 0) return done > 0 ? done : Errno.EPIPE.negative();
                    if (!full()) {
                        Page pg = new Page();
                        int n = Math.min(PIPE_BUF, len - done);
                        System.arraycopy(buf, off + done, pg.bytes, 0, n);
                        pg.len = n;
                        pg.merge = !packet;
                        pg.packet = packet;
                        pages.add(pg);
                        size += n;
                        done += n;
                        changed();
                        if (done == len) return done;
                        continue;
                    }
                    if (nonblocking()) return done > 0 ? done : Errno.EAGAIN.negative();
                    if (Thread.currentThread().isInterrupted()) return done > 0 ? done : KernelCode.ERESTARTSYS.negative();
                    readersAsync.kill(io.helctic.abi.uapi.Signal.POLL_IN); // before sleeping, as pipe_write
                    if (!await()) return done > 0 ? done : KernelCode.ERESTARTSYS.negative();
                }
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
                if (writes) { // pipe_poll: room for a page, and EPOLLERR with no reader left
                    if (!full()) r |= events & (POLLOUT | POLLWRNORM);
                    if (readers == 0) r |= POLLERR;
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
            java.util.List<byte[]> chunks = new java.util.ArrayList<>();
            lock.lock();
            try {
                while (size == 0) {
                    if (writers == 0) return 0;
                    if (nonblocking || nonblocking()) return Errno.EAGAIN.negative();
                    if (!await()) return KernelCode.ERESTARTSYS.negative();
                }
                int left = len;
                for (Page pg : pages) {
                    if (left == 0) break;
                    int c = Math.min(pg.len, left);
                    chunks.add(java.util.Arrays.copyOfRange(pg.bytes, pg.offset, pg.offset + c));
                    left -= c;
                }
            } finally {
                lock.unlock();
            }
            return out.pipe().putPages(chunks, nonblocking || out.nonblocking());
        }

        /** The pipe this end is of. */
        Pipe pipe() {
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

        /** pipe_fasync: a reading end joins the readers' list, a writing end the writers'. */
        @Override
        public boolean fasync(int fd, boolean on) {
            if (reads) readersAsync.set(this, fd, on);
            if (writes) writersAsync.set(this, fd, on);
            return true;
        }

        /** F_GETPIPE_SZ: the pipe's capacity. */
        public long size() {
            lock.lock();
            try {
                return capacity;
            } finally {
                lock.unlock();
            }
        }

        /**
         * F_SETPIPE_SZ (pipe_set_size): {@code request} (an unsigned int) rounded up to a power-of-two
         * number of pages, at least one; EINVAL past 2^31; EPERM to grow past pipe-max-size
         * without CAP_SYS_RESOURCE; EBUSY when the bytes waiting need more pages than that.
         */
        public long resize(long request, boolean mayExceedMax) {
            long want = request & 0xffffffffL;
            if (want > (1L << 31)) return Errno.EINVAL.negative();
            long size = want <= PIPE_BUF ? PIPE_BUF : Long.highestOneBit(want - 1) << 1;
            lock.lock();
            try {
                if (size > capacity && size > MAX_SIZE && !mayExceedMax) return Errno.EPERM.negative();
                if (pages.size() > size / PIPE_BUF) return Errno.EBUSY.negative(); // pipe_resize_ring
                if (reserved) RESERVED.addAndGet(size - capacity);
                capacity = (int) size;
                changed(); // room for writers
                return size;
            } finally {
                lock.unlock();
            }
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
                readersAsync.set(this, -1, false);
                writersAsync.set(this, -1, false);
                if ((readers == 0) != (writers == 0)) { // the last of one side, not the other: pipe_release tells both
                    readersAsync.kill(io.helctic.abi.uapi.Signal.POLL_IN);
                    writersAsync.kill(io.helctic.abi.uapi.Signal.POLL_OUT);
                }
                queues.remove(queue);
                last = readers == 0 && writers == 0;
                if (last) {
                    pages.clear();
                    size = 0;
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
