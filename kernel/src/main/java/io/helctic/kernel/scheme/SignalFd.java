package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;
import static io.helctic.abi.uapi.Signal.SIGINFO_SIZE;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.arch.SignalInfo;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A signalfd: reading takes the reader's pending signals of its mask (its thread's, then its
 * process's), each as a 128-byte struct signalfd_siginfo, instead of their delivery. Readable
 * while one is pending; blocks (or answers EAGAIN) while none is. It learns of new signals from
 * its process's signal queue.
 */
public final class SignalFd extends AnonymousFile {
    /** The signals of the process that reads: what is pending, and taking one. */
    public interface Pending {
        /** Bit n-1 for each pending signal n the reader could take. */
        long mask();

        /** Takes one of {@code allowed}, or null. */
        SignalInfo take(long allowed);
    }

    private final Pending pending;
    private final WaitQueue processQueue;
    private final WaitQueue.Waiter forward = queue::wake;
    private volatile long mask;

    public SignalFd(long mask, boolean nonblocking, Pending pending, WaitQueue processQueue) {
        super("signalfd", nonblocking);
        this.mask = mask;
        this.pending = pending;
        this.processQueue = processQueue;
        processQueue.add(forward);
    }

    /** signalfd on an existing descriptor: a new mask. */
    public void setMask(long m) {
        mask = m;
        queue.wake(POLLIN);
    }

    public long mask() { return mask; }

    @Override
    public long read(byte[] buf, int off, int len) {
        int max = len / SIGINFO_SIZE;
        if (max == 0) return Errno.EINVAL.negative();
        Thread me = Thread.currentThread();
        AtomicBoolean woken = new AtomicBoolean();
        WaitQueue.Waiter w = events -> {
            woken.set(true);
            LockSupport.unpark(me);
        };
        queue.add(w);
        try {
            while (true) {
                woken.set(false);
                int n = 0;
                SignalInfo i;
                while (n < max && (i = pending.take(mask)) != null) {
                    System.arraycopy(i.signalfdBytes(), 0, buf, off + n * SIGINFO_SIZE, SIGINFO_SIZE);
                    n++;
                }
                if (n > 0) return (long) n * SIGINFO_SIZE;
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (me.isInterrupted()) return KernelCode.ERESTARTSYS.negative();
                if (!woken.get()) LockSupport.park(this);
            }
        } finally {
            queue.remove(w);
        }
    }

    @Override
    public int poll(int events) {
        return (pending.mask() & mask) != 0 ? events & (POLLIN | POLLRDNORM) : 0;
    }






    @Override
    public void close() {
        processQueue.remove(forward);
        super.close();
    }
}
