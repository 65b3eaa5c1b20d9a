package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Event.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Epoll;
import io.helctic.kernel.scheme.EventFd;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.Sleeper;
import io.helctic.kernel.scheme.WaitQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** The event files: epoll instances and eventfd counters. */
final class EventOps {
    private EventOps() {}

    private static FileTable files() {
        return Context.current().files();
    }

    static long epollCreate(long flags) {
        if ((flags & ~(long) EPOLL_CLOEXEC) != 0) return Errno.EINVAL.negative();
        return install(new Epoll(), (flags & EPOLL_CLOEXEC) != 0);
    }

    static long eventfd(long initval, long flags) {
        if ((flags & ~(long) (EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) != 0) return Errno.EINVAL.negative();
        return install(new EventFd(initval, (int) flags), (flags & EFD_CLOEXEC) != 0);
    }

    /** inotify_init1: flags IN_NONBLOCK, IN_CLOEXEC. */
    static long inotifyInit(long flags) {
        if ((flags & ~(long) (IN_NONBLOCK | IN_CLOEXEC)) != 0) return Errno.EINVAL.negative();
        return install(new io.helctic.kernel.scheme.Inotify((flags & IN_NONBLOCK) != 0), (flags & IN_CLOEXEC) != 0);
    }

    /** inotify_rm_watch: the watch goes (IN_IGNORED is queued); EINVAL for one the instance does not have. */
    static long inotifyRmWatch(long fd, long wd) {
        Handle h = files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        if (!(h instanceof io.helctic.kernel.scheme.Inotify in)) return Errno.EINVAL.negative();
        return in.remove((int) wd);
    }

    private static long install(Handle h, boolean cloexec) {
        long fd = files().install(h, 0, cloexec);
        if (fd < 0) h.close();
        return fd;
    }

    /** epoll_ctl, with Linux's order of checks: EFAULT, EBADF, EPERM, EINVAL, then the operation's own. */
    static long epollCtl(long epfd, long op, long fd, long event) {
        int events = 0;
        long data = 0;
        boolean hasEvent = op != EPOLL_CTL_DEL;
        if (hasEvent) {
            byte[] e = UserAccess.get(event, EPOLL_EVENT_SIZE);
            if (e == null) return Errno.EFAULT.negative();
            ByteBuffer b = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
            events = b.getInt(0);
            data = b.getLong(4);
        }
        Handle ep = files().get(epfd), target = files().get(fd);
        if (ep == null || target == null) return Errno.EBADF.negative();
        if (!Epoll.watchable(target)) return Errno.EPERM.negative();
        if (!(ep instanceof Epoll e) || ep == target) return Errno.EINVAL.negative();
        if ((events & EPOLLEXCLUSIVE) != 0) {
            if (op == EPOLL_CTL_MOD || target instanceof Epoll) return Errno.EINVAL.negative();
            int allowed = EPOLLEXCLUSIVE | EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET
                    | EPOLLRDNORM | EPOLLWRNORM | EPOLLRDBAND | EPOLLWRBAND | EPOLLPRI | EPOLLRDHUP | EPOLLMSG;
            if ((events & ~allowed) != 0) return Errno.EINVAL.negative();
        }
        // Linux reports EPOLLERR and EPOLLHUP whether asked or not
        return switch ((int) op) {
            case EPOLL_CTL_ADD -> e.add((int) fd, target, events, data);
            case EPOLL_CTL_MOD -> e.modify((int) fd, target, events, data);
            case EPOLL_CTL_DEL -> e.remove((int) fd, target);
            default -> Errno.EINVAL.negative();
        };
    }

    /**
     * epoll_wait / epoll_pwait: never restarted (EINTR whatever SA_RESTART says, as Linux). A
     * sigmask replaces the blocked mask for the wait; it stays for the handler of a signal that
     * ends the wait (which the frame then restores), as sigsuspend's.
     */
    static long epollWait(long epfd, long events, long maxevents, long timeoutNs, long sigmask, long sigsetsize) {
        if (maxevents <= 0 || maxevents > EP_MAX_EVENTS) return Errno.EINVAL.negative();
        Handle h = files().get(epfd);
        if (h == null) return Errno.EBADF.negative();
        if (!(h instanceof Epoll ep)) return Errno.EINVAL.negative();
        if (!UserAccess.writable(events, maxevents * (long) EPOLL_EVENT_SIZE)) return Errno.EFAULT.negative();
        Context ctx = Context.current();
        if (sigmask == 0) return waitAndCopy(ep, events, (int) maxevents, timeoutNs, ctx);
        long bad = PollOps.suspend(sigmask, sigsetsize);
        if (bad != 0) return bad;
        return PollOps.endSuspension(waitAndCopy(ep, events, (int) maxevents, timeoutNs, ctx));
    }

    private static long waitAndCopy(Epoll ep, long events, int max, long timeoutNs, Context ctx) {
        long deadline = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        // a wake of the instance's queue (an item turned ready) ends the sleep; it is there before the first look
        Sleeper sleep = new Sleeper();
        WaitQueue.Waiter w = what -> sleep.wake();
        ep.waitQueue().add(w);
        try {
            while (true) {
                sleep.reset();
                List<Epoll.Event> got = ep.take(max);
                if (!got.isEmpty()) {
                    ByteBuffer b = ByteBuffer.allocate(got.size() * EPOLL_EVENT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                    for (Epoll.Event e : got) b.putInt(e.events()).putLong(e.data());
                    return UserAccess.put(events, b.array()) ? got.size() : Errno.EFAULT.negative();
                }
                long left = deadline - System.nanoTime();
                if (timeoutNs >= 0 && left <= 0) return 0;
                if (Thread.currentThread().isInterrupted() || ctx.finished() || (ctx.pending() & ~ctx.blocked()) != 0) {
                    return Errno.EINTR.negative();
                }
                sleep.sleep(ep.rechecks() ? Math.min(left, PollOps.RECHECK_NS) : left);
            }
        } finally {
            ep.waitQueue().remove(w);
        }
    }
}
