package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A syscall filter's notification listener (Linux's seccomp notify file, made by
 * SECCOMP_FILTER_FLAG_NEW_LISTENER): a call its filter answers SECCOMP_RET_USER_NOTIF waits as a
 * {@link Notification} here until the supervisor holding this file receives it and replies (a
 * result, an error, or "continue"). Readable while a notification waits to be received, writable
 * while one waits for its reply, hung up once no thread runs under the filter.
 */
public final class SeccompListener extends AnonymousFile {
    /** SECCOMP_NOTIFY_INIT, _SENT, _REPLIED. */
    public enum State { INIT, SENT, REPLIED }

    /** One call waiting for the supervisor. */
    public static final class Notification {
        public final long id;
        public final int tid;
        public final byte[] data;
        /** The waiting thread's descriptor table (SECCOMP_IOCTL_NOTIF_ADDFD installs into it). */
        public final io.helctic.kernel.context.FileTable files;
        State state = State.INIT;
        long value;
        int error;
        boolean proceed;

        Notification(long id, int tid, byte[] data, io.helctic.kernel.context.FileTable files) {
            this.id = id;
            this.tid = tid;
            this.data = data;
            this.files = files;
        }

        /** The reply's value, error (0 or -errno) and whether the call is to be made after all. */
        public synchronized long value() { return value; }

        public synchronized int error() { return error; }

        public synchronized boolean proceed() { return proceed; }
    }

    private static final AtomicLong IDS = new AtomicLong(0x5ecc0e0000L);
    private final List<Notification> pending = new ArrayList<>();
    /** The threads running under the filter (Linux's filter->users). */
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean syncWakeUp;

    /** SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: once received, a call waits through all but fatal signals. */
    public final boolean killableAfterReceive;

    public SeccompListener(boolean killableAfterReceive) {
        super("seccomp notify", false);
        this.killableAfterReceive = killableAfterReceive;
    }

    /** Whether the supervisor has received n (and not answered it yet). */
    public synchronized boolean received(Notification n) {
        return n.state == State.SENT;
    }

    @Override
    public String path() {
        return "anon_inode:seccomp notify";
    }

    /** A thread came to run under the filter, or left it (its exit, or a change of its filters). */
    public void user(int delta) {
        if (users.addAndGet(delta) == 0) queue.wake(POLLHUP);
    }

    public boolean hasUsers() {
        return users.get() > 0;
    }

    /** A filtered call of thread tid with this seccomp_data: queued, or null once the listener is closed (ENOSYS). */
    public synchronized Notification post(int tid, byte[] data, io.helctic.kernel.context.FileTable files) {
        if (closed) return null;
        Notification n = new Notification(IDS.incrementAndGet(), tid, data, files);
        pending.add(n);
        queue.wake(POLLIN | POLLRDNORM);
        return n;
    }

    /** The waiting thread gave up (a signal): its notification is gone. */
    public synchronized void withdraw(Notification n) {
        pending.remove(n);
        queue.wake(POLLOUT);
    }

    /** A notification received whose copy-out failed goes back to wait for another receive. */
    public synchronized void unreceive(Notification n) {
        if (n.state == State.SENT) n.state = State.INIT;
    }

    /** SECCOMP_IOCTL_NOTIF_RECV's step: the oldest notification not yet received, now SENT, or null. */
    public synchronized Notification receive() {
        for (Notification n : pending) {
            if (n.state == State.INIT) {
                n.state = State.SENT;
                queue.wake(POLLOUT | POLLWRNORM);
                return n;
            }
        }
        return null;
    }

    /** The notification with this id, received and not yet answered, or null (ENOENT). */
    public synchronized Notification sent(long id) {
        for (Notification n : pending) if (n.id == id && n.state == State.SENT) return n;
        return null;
    }

    /** Whether id names a notification waiting for its reply (ID_VALID). */
    public synchronized boolean valid(long id) {
        return sent(id) != null;
    }

    /** Whether a notification with this id exists but has not been received yet (ADDFD's EINPROGRESS). */
    public synchronized boolean unreceived(long id) {
        for (Notification n : pending) if (n.id == id && n.state == State.INIT) return true;
        return false;
    }

    /** SECCOMP_IOCTL_NOTIF_SEND: the reply; the waiting thread wakes. */
    public synchronized void reply(Notification n, long value, int error, boolean proceed) {
        synchronized (n) {
            n.value = value;
            n.error = error;
            n.proceed = proceed;
            n.state = State.REPLIED;
        }
        pending.remove(n);
        queue.wake(POLLIN | POLLOUT);
    }

    public boolean replied(Notification n) {
        synchronized (n) {
            return n.state == State.REPLIED;
        }
    }

    public void setSyncWakeUp(boolean on) { syncWakeUp = on; }

    public boolean closedListener() { return closed; }

    @Override
    public synchronized int poll(int events) {
        int r = 0;
        for (Notification n : pending) {
            if (n.state == State.INIT) r |= POLLIN | POLLRDNORM;
            if (n.state == State.SENT) r |= POLLOUT | POLLWRNORM;
        }
        if (users.get() == 0) r |= POLLHUP;
        return r & (events | POLLHUP | POLLERR);
    }

    /** The last close: every waiting call answers ENOSYS, and later ones too. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Notification n : pending) {
                synchronized (n) {
                    n.error = -io.helctic.abi.Errno.ENOSYS.number();
                    n.state = State.REPLIED;
                }
            }
            pending.clear();
        }
        queue.wake(POLLHUP);
        super.close();
    }
}
