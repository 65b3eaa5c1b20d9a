package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLOUT;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;
import static io.helctic.abi.uapi.Poll.POLLWRNORM;
import static io.helctic.abi.uapi.Time.SIGEV_SIGNAL;

import io.helctic.kernel.context.Process;
import io.helctic.kernel.scheme.WaitQueue;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A POSIX message queue (Linux's mqueue inode): at most maxmsg messages of at most msgsize bytes,
 * taken highest priority first and in arrival order within a priority; the process registered by
 * mq_notify is told once when a message arrives on the empty queue while no receiver waits.
 * {@link #changed} is woken with POLLIN|POLLOUT on every change; blocked senders and receivers
 * retry under the queue's lock each time ({@code PollOps.waitOn}).
 */
public final class PosixQueue {
    /** A message: its priority and text. */
    public record Message(int priority, byte[] text) {}

    /** An mq_notify registration: its process, how (SIGEV_SIGNAL or SIGEV_NONE), the signal and sigev_value. */
    public record Notification(Process owner, int how, int signo, long value) {}

    /** What a send must do once the queue's lock is released: signal the registered process. */
    public record Fire(Process owner, int signo, long value) {}

    private static final java.util.concurrent.atomic.AtomicLong INODES = new java.util.concurrent.atomic.AtomicLong(30_000);

    final PosixQueues space;
    final IpcPerm perm;
    final long maxmsg, msgsize, charged;
    final long ino = INODES.incrementAndGet();
    private final TreeMap<Integer, ArrayDeque<byte[]>> messages = new TreeMap<>(java.util.Collections.reverseOrder());
    private long curmsgs, qsize;
    private int receiversWaiting, descriptions;
    private boolean linked = true;
    private Notification notification;
    private long atime, mtime, ctime;
    /** Woken with POLLIN|POLLOUT whenever the queue changes. */
    public final WaitQueue changed = new WaitQueue();

    PosixQueue(PosixQueues space, IpcPerm perm, long maxmsg, long msgsize, long charged) {
        this.space = space;
        this.perm = perm;
        this.maxmsg = maxmsg;
        this.msgsize = msgsize;
        this.charged = charged;
        atime = mtime = ctime = PosixQueues.nowNanos();
    }

    public long msgsize() { return msgsize; }

    public IpcPerm perm() { return perm; }

    /**
     * Queues the message unless the queue is full (false). When it arrives on the empty queue,
     * nobody waits to receive and a process is registered, the registration goes and the signal to
     * send is returned in {@code fire[0]} (none for SIGEV_NONE or signal 0).
     */
    public synchronized boolean trySend(Message m, Fire[] fire) {
        if (curmsgs >= maxmsg) return false;
        messages.computeIfAbsent(m.priority(), p -> new ArrayDeque<>()).addLast(m.text());
        curmsgs++;
        qsize += m.text().length;
        atime = mtime = ctime = PosixQueues.nowNanos();
        if (curmsgs == 1 && receiversWaiting == 0 && notification != null) {
            Notification n = notification;
            notification = null;
            if (n.how() == SIGEV_SIGNAL && n.signo() != 0) fire[0] = new Fire(n.owner(), n.signo(), n.value());
        }
        changed.wake(POLLIN | POLLOUT);
        return true;
    }

    /** Takes the first message of the highest priority, or null when the queue is empty. */
    public synchronized Message tryReceive() {
        Map.Entry<Integer, ArrayDeque<byte[]>> first = messages.firstEntry();
        if (first == null) return null;
        byte[] text = first.getValue().pollFirst();
        if (first.getValue().isEmpty()) messages.remove(first.getKey());
        curmsgs--;
        qsize -= text.length;
        atime = mtime = ctime = PosixQueues.nowNanos();
        changed.wake(POLLIN | POLLOUT);
        return new Message(first.getKey(), text);
    }

    /** A receiver starts (+1) or stops (-1) waiting: while one waits, a send notifies nobody. */
    public synchronized void receiverWaits(int delta) {
        receiversWaiting += delta;
    }

    /** mq_notify: 0, or -EBUSY when another process is registered. NULL (n == null) unregisters the caller only. */
    public synchronized int notify(Process caller, Notification n) {
        ctime = atime = PosixQueues.nowNanos();
        if (n == null) {
            if (notification != null && notification.owner() == caller) notification = null;
            return 0;
        }
        if (notification != null) return (int) io.helctic.abi.Errno.EBUSY.negative();
        notification = n;
        return 0;
    }

    /** A descriptor of the queue closed in {@code closer}'s table: the owner's registration goes (mqueue_flush_file). */
    synchronized void flushed(io.helctic.kernel.context.FileTable closer) {
        if (notification != null && notification.owner().files() == closer) notification = null;
    }

    /** mq_getsetattr's struct mq_attr (flags are the description's). */
    public synchronized long[] attr(long flags) {
        return new long[] {flags, maxmsg, msgsize, curmsgs, 0, 0, 0, 0};
    }

    public synchronized void touch() {
        atime = ctime = PosixQueues.nowNanos();
    }

    /** POLLIN|POLLRDNORM with a message, POLLOUT|POLLWRNORM with room, as asked. */
    public synchronized int poll(int events) {
        int r = 0;
        if (curmsgs > 0) r |= POLLIN | POLLRDNORM;
        if (curmsgs < maxmsg) r |= POLLOUT | POLLWRNORM;
        return r & events;
    }

    /** What reading the queue as a file gives (Linux's mqueue_read_file; pid as the reader's namespace sees it). */
    public synchronized String text() {
        Notification n = notification;
        return String.format("QSIZE:%-10d NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", qsize,
                n == null ? 0 : n.how(), n != null && n.how() == SIGEV_SIGNAL ? n.signo() : 0,
                n == null ? 0 : n.owner().pid());
    }

    /** st_nlink, st_atime, st_mtime, st_ctime (ns). */
    synchronized long[] times() {
        return new long[] {linked ? 1 : 0, atime, mtime, ctime};
    }

    synchronized void opened() {
        descriptions++;
    }

    /** A description closed; true when the queue is now gone (unlinked and no description left). */
    synchronized boolean closed() {
        return --descriptions == 0 && !linked;
    }

    /** The name went; true when the queue is now gone (no description open). */
    synchronized boolean unlinked() {
        linked = false;
        return descriptions == 0;
    }
}
