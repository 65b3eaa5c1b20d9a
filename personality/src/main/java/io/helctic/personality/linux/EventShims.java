package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/** epoll_create, epoll_wait, epoll_pwait, epoll_pwait2: sizes and timeouts into the kernel's forms. */
final class EventShims {
    private EventShims() {}

    /** epoll_create(size): the size is only checked (it must be positive), as Linux does. */
    static long epollCreate(KernelOps ops, long size) {
        return (int) size <= 0 ? Errno.EINVAL.negative() : ops.call(KernelOp.EPOLL_CREATE, 0);
    }

    static long epollWait(KernelOps ops, long epfd, long events, long max, long timeoutMs) {
        int ms = (int) timeoutMs;
        return ops.call(KernelOp.EPOLL_WAIT, epfd, events, (int) max, ms < 0 ? -1 : ms * 1_000_000L, 0, 0);
    }

    static long epollPwait(KernelOps ops, long epfd, long events, long max, long timeoutMs, long sigmask, long size) {
        int ms = (int) timeoutMs;
        return ops.call(KernelOp.EPOLL_WAIT, epfd, events, (int) max, ms < 0 ? -1 : ms * 1_000_000L, sigmask, size);
    }

    /** epoll_pwait2: the timeout is a struct timespec (NULL: forever). */
    static long epollPwait2(KernelOps ops, long epfd, long events, long max, long tsp, long sigmask, long size) {
        long ns = PollShims.timespec(ops, tsp);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        if (ns < -1) return Errno.EINVAL.negative();
        return ops.call(KernelOp.EPOLL_WAIT, epfd, events, (int) max, ns, sigmask, size);
    }

    /** rt_sigtimedwait(set, info, timeout, sigsetsize): the timespec (NULL: forever) → SIGTIMEDWAIT in ns. */
    static long sigtimedwait(KernelOps ops, long set, long info, long tsp, long sigsetsize) {
        long ns = PollShims.timespec(ops, tsp);
        return ns == Long.MIN_VALUE ? Errno.EFAULT.negative() : ns < -1 ? Errno.EINVAL.negative()
                : ops.call(KernelOp.SIGTIMEDWAIT, set, info, ns, sigsetsize);
    }
}
