package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;

import io.helctic.abi.Errno;
import java.util.function.BooleanSupplier;

/**
 * A pidfd: a descriptor for one process, readable (POLLIN) once it has ended. Reading it is
 * EINVAL, as Linux's; pidfd_send_signal and pidfd_getfd name the process through it.
 */
public final class PidFd extends AnonymousFile {
    private final Object process;
    private final int pid;
    private final BooleanSupplier ended;
    private final WaitQueue exitQueue;
    private final WaitQueue.Waiter forward = queue::wake;

    /** {@code process} is the kernel's object for it, {@code exitQueue} is told when it ends. */
    public PidFd(Object process, int pid, BooleanSupplier ended, WaitQueue exitQueue, boolean nonblocking) {
        super("[pidfd]", nonblocking);
        this.process = process;
        this.pid = pid;
        this.ended = ended;
        this.exitQueue = exitQueue;
        exitQueue.add(forward);
    }

    /** The process this descriptor names. */
    public Object process() { return process; }

    public int pid() { return pid; }

    @Override
    public long read(byte[] buf, int off, int len) {
        return Errno.EINVAL.negative();
    }

    @Override
    public int poll(int events) {
        return ended.getAsBoolean() ? events & (POLLIN | POLLRDNORM) : 0;
    }

    @Override
    public void close() {
        exitQueue.remove(forward);
        super.close();
    }
}
