package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.O_NONBLOCK;
import static io.helctic.abi.uapi.Fcntl.O_RDWR;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A file with no name or type of its own (Linux's anon_inode): epoll, eventfd, signalfd and
 * timerfd. Each has an inode number of its own on device 0xd, mode 0600, path
 * {@code anon_inode:[NAME]}, O_RDWR with O_NONBLOCK settable, and a wait queue released when the
 * file is closed.
 */
abstract class AnonymousFile implements Handle {
    private static final AtomicLong INODES = new AtomicLong(20_000);

    /** Who waits for this file's readiness. */
    protected final WaitQueue queue = new WaitQueue();
    private final long ino = INODES.incrementAndGet();
    private final String name;
    private volatile int flags;

    AnonymousFile(String name, boolean nonblocking) {
        this.name = name;
        this.flags = O_RDWR | (nonblocking ? O_NONBLOCK : 0);
    }

    /** Waits on this file's monitor, which the caller holds; false when the thread is woken for a signal. */
    protected final boolean awaitChange() {
        if (Thread.currentThread().isInterrupted()) return false;
        try {
            wait();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the runner takes the signal
            return false;
        }
    }

    protected boolean nonblocking() {
        return (flags & O_NONBLOCK) != 0;
    }

    @Override
    public WaitQueue waitQueue() {
        return queue;
    }

    @Override
    public Stat stat() {
        return Stat.anonymous(ino);
    }

    @Override
    public int statusFlags() {
        return flags;
    }

    @Override
    public void setStatusFlags(int f) {
        flags = O_RDWR | (f & O_NONBLOCK);
    }

    @Override
    public String path() {
        return name.startsWith("[") ? "anon_inode:" + name : "anon_inode:[" + name + "]";
    }

    @Override
    public void close() {
        queue.release();
    }
}
