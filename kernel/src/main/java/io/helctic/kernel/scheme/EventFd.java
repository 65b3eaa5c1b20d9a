package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Event.EFD_NONBLOCK;
import static io.helctic.abi.uapi.Event.EFD_SEMAPHORE;
import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLOUT;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;
import static io.helctic.abi.uapi.Poll.POLLWRNORM;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An eventfd: a 64-bit unsigned counter. read takes it (or, with EFD_SEMAPHORE, one) and blocks
 * while it is 0; write adds to it and blocks while the sum would pass 0xfffffffffffffffe; both
 * move exactly 8 bytes, little-endian. Readable while the counter is not 0, writable while 1 more
 * fits.
 */
public final class EventFd extends AnonymousFile {
    /** The largest count: ULLONG_MAX - 1. */
    static final long MAX = 0xfffffffffffffffeL;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final boolean semaphore;
    private long count;

    public EventFd(long initval, int flags) {
        super("eventfd", (flags & EFD_NONBLOCK) != 0);
        this.count = initval & 0xffffffffL; // the initial value is an unsigned int
        this.semaphore = (flags & EFD_SEMAPHORE) != 0;
    }

    /** Whether {@code v} more fits: count + v stays at or below MAX, unsigned. */
    private boolean fits(long v) {
        return Long.compareUnsigned(v, MAX - count) <= 0;
    }

    @Override
    public long read(byte[] buf, int off, int len) {
        if (len < 8) return Errno.EINVAL.negative();
        lock.lock();
        try {
            while (count == 0) {
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (!await()) return KernelCode.ERESTARTSYS.negative();
            }
            long v = semaphore ? 1 : count;
            count -= v;
            for (int i = 0; i < 8; i++) buf[off + i] = (byte) (v >>> (8 * i));
            changed();
            return 8;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long write(byte[] buf, int off, int len) {
        if (len < 8) return Errno.EINVAL.negative();
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (buf[off + i] & 0xffL) << (8 * i);
        if (v == -1L) return Errno.EINVAL.negative();
        lock.lock();
        try {
            while (!fits(v)) {
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (!await()) return KernelCode.ERESTARTSYS.negative();
            }
            count += v;
            changed();
            return 8;
        } finally {
            lock.unlock();
        }
    }

    /**
     * eventfd_signal: one more, without blocking (Linux's AIO completion signal; the count stops at
     * ULLONG_MAX rather than overflow).
     */
    public void signal() {
        lock.lock();
        try {
            if (count != -1L) count++;
            changed();
        } finally {
            lock.unlock();
        }
    }

    private void changed() {
        changed.signalAll();
        queue.wake(POLLIN | POLLOUT);
    }

    /** Waits for a change; false when the thread was woken for a signal. */
    private boolean await() {
        if (Thread.currentThread().isInterrupted()) return false;
        try {
            changed.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public int poll(int events) {
        lock.lock();
        try {
            int r = 0;
            if (count != 0) r |= events & (POLLIN | POLLRDNORM);
            if (fits(1)) r |= events & (POLLOUT | POLLWRNORM);
            return r;
        } finally {
            lock.unlock();
        }
    }


    /** The counter now (for /proc/PID/fdinfo and tests). */
    public long count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }





}
