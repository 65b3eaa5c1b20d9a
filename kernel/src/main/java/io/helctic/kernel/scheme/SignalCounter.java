package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;

/**
 * A count of the times one signal was sent to a process (to it or to one of its threads),
 * whatever became of each: caught, blocked, ignored or thrown away. It takes nothing from the
 * signal queues — a signalfd would — so the signal is delivered, or not, exactly as without it.
 * read takes the count as 8 bytes, little-endian, leaving 0 (blocking, or EAGAIN, while it is 0);
 * readable while it is not 0.
 */
public final class SignalCounter extends AnonymousFile {
    private final int signal;
    private final java.util.function.Consumer<SignalCounter> detach;
    private long count;

    /** Counts {@code signal}; {@code detach} unhooks it from its process when it is closed. */
    public SignalCounter(int signal, boolean nonblocking, java.util.function.Consumer<SignalCounter> detach) {
        super("signalcount", nonblocking);
        this.signal = signal;
        this.detach = detach;
    }

    public int signal() { return signal; }

    /** One more sending of the signal (the count stops at 2^63 - 1). */
    public void count() {
        synchronized (this) {
            if (count != Long.MAX_VALUE) count++;
            notifyAll();
        }
        queue.wake(POLLIN);
    }

    @Override
    public long read(byte[] buf, int off, int len) {
        if (len < 8) return Errno.EINVAL.negative();
        long v;
        synchronized (this) {
            while (count == 0) {
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (!awaitChange()) return KernelCode.ERESTARTSYS.negative();
            }
            v = count;
            count = 0;
        }
        for (int i = 0; i < 8; i++) buf[off + i] = (byte) (v >>> (8 * i));
        return 8;
    }

    @Override
    public synchronized int poll(int events) {
        return count != 0 ? events & (POLLIN | POLLRDNORM) : 0;
    }

    @Override
    public void close() {
        detach.accept(this);
        super.close();
    }
}
