package io.helctic.kernel.vfs;

import io.helctic.abi.Errno;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;

/**
 * A host descriptor shared by its owner (an open file description, a working directory) and the
 * calls using it at this moment. The owner's close does not close the descriptor under a call on
 * another guest thread: the last user to let go does. Without this a guest could race read() on
 * one thread against close() on another and have the read land on whatever host file next took
 * that descriptor number (Linux's fdget/fdput, for the same reason).
 */
public final class SharedFd {
    private final int fd;
    private final IntConsumer closer;
    /** The owner's reference plus one per call in progress; 0 once closed. */
    private final AtomicInteger users = new AtomicInteger(1);

    public SharedFd(int fd, IntConsumer closer) {
        this.fd = fd;
        this.closer = closer;
    }

    /** The descriptor, for a user that holds it ({@link #acquire}). */
    public int fd() { return fd; }

    /** One more user; false when the descriptor is already closed (the caller answers EBADF). */
    public boolean acquire() {
        for (;;) {
            int n = users.get();
            if (n == 0) return false;
            if (users.compareAndSet(n, n + 1)) return true;
        }
    }

    /** {@code op} on the descriptor, held meanwhile; EBADF when the owner had already closed it. */
    public long call(IntToLongFunction op) {
        if (!acquire()) return Errno.EBADF.negative();
        try {
            return op.applyAsLong(fd);
        } finally {
            release();
        }
    }

    /** A user lets go; the last one closes the descriptor. The owner lets go by calling this once too. */
    public void release() {
        if (users.decrementAndGet() == 0) closer.accept(fd);
    }
}
