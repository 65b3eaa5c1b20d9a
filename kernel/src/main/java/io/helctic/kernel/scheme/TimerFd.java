package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.time.IntervalTimer;
import java.util.function.LongSupplier;

/**
 * A timerfd: a timer on one clock whose expiries are counted; reading takes the count as 8
 * bytes (blocking, or EAGAIN, while it is 0). Readable while the count is not 0. Setting the
 * timer again clears the count.
 */
public final class TimerFd extends AnonymousFile {
    private final IntervalTimer timer;
    private long ticks;

    public TimerFd(LongSupplier clock, boolean nonblocking) {
        super("timerfd", nonblocking);
        this.timer = new IntervalTimer(clock, false, this::expired);
    }

    private void expired(long periods) {
        synchronized (this) {
            ticks += periods;
            notifyAll();
        }
        queue.wake(POLLIN);
    }

    /** timerfd_settime: the count starts again; returns the old {remaining, interval}. */
    public long[] set(long value, long interval, boolean absolute) {
        synchronized (this) {
            ticks = 0;
        }
        return timer.set(value, interval, absolute);
    }

    /** timerfd_gettime: {remaining, interval}. */
    public long[] get() {
        return timer.get();
    }

    @Override
    public long read(byte[] buf, int off, int len) {
        if (len < 8) return Errno.EINVAL.negative();
        long v;
        synchronized (this) {
            while (ticks == 0) {
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (!awaitChange()) return KernelCode.ERESTARTSYS.negative();
            }
            v = ticks;
            ticks = 0;
        }
        for (int i = 0; i < 8; i++) buf[off + i] = (byte) (v >>> (8 * i));
        return 8;
    }

    @Override
    public synchronized int poll(int events) {
        return ticks != 0 ? events & (POLLIN | POLLRDNORM) : 0;
    }






    @Override
    public void close() {
        timer.cancel();
        super.close();
    }
}
