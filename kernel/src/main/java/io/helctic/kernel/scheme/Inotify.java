package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Event.*;
import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.vfs.Notify;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * An inotify instance: watches by descriptor number on inodes, and a queue of struct
 * inotify_event records {int wd; u32 mask, cookie, len; char name[len]} (name padded with NULs
 * to a multiple of 16, as Linux). Reading takes the records that fit (EINVAL when not even the
 * first does); an event identical to the last queued one is merged; past max_queued_events (16384)
 * one IN_Q_OVERFLOW record stands for what was lost. Removing a watch, or its inode going, queues
 * IN_IGNORED.
 */
public final class Inotify extends AnonymousFile implements Notify.Watcher {
    /** /proc/sys/fs/inotify/max_queued_events and max_user_watches. */
    public static final int MAX_QUEUED = 16384, MAX_WATCHES = 8192;
    private static final int EVENT = 16;

    private final Map<Integer, Notify.Inode> byWd = new HashMap<>();
    private final Map<Notify.Inode, int[]> watches = new HashMap<>(); // inode → {wd, mask}
    private final ArrayDeque<byte[]> records = new ArrayDeque<>();
    private int nextWd = 1, queuedBytes;
    private boolean overflowed;

    public Inotify(boolean nonblocking) {
        super("inotify", nonblocking);
    }

    /** inotify_add_watch on an inode found: the watch's descriptor, or -errno. */
    public synchronized long add(Notify.Inode inode, int mask) {
        int[] w = watches.get(inode);
        if (w != null) {
            if ((mask & IN_MASK_CREATE) != 0) return Errno.EEXIST.negative();
            w[1] = (mask & IN_MASK_ADD) != 0 ? w[1] | mask : mask;
            return w[0];
        }
        if (watches.size() >= MAX_WATCHES) return Errno.ENOSPC.negative();
        int wd = nextWd++;
        watches.put(inode, new int[] {wd, mask});
        byWd.put(wd, inode);
        Notify.watch(inode, this);
        return wd;
    }

    /** inotify_rm_watch: EINVAL for a descriptor this instance does not have. */
    public long remove(int wd) {
        Notify.Inode inode;
        synchronized (this) {
            inode = byWd.get(wd);
            if (inode == null) return Errno.EINVAL.negative();
            drop(inode, wd);
        }
        return 0;
    }

    /** Forgets a watch and queues its IN_IGNORED (the lock is held). */
    private void drop(Notify.Inode inode, int wd) {
        byWd.remove(wd);
        watches.remove(inode);
        Notify.unwatch(inode, this);
        enqueue(wd, IN_IGNORED, 0, null);
    }

    @Override
    public void event(Notify.Inode inode, int mask, int cookie, String name) {
        synchronized (this) {
            int[] w = watches.get(inode);
            if (w == null) return;
            int wanted = mask & w[1] & IN_ALL_EVENTS;
            boolean selfGone = (mask & IN_DELETE_SELF) != 0;
            if (wanted != 0) {
                enqueue(w[0], wanted | (mask & IN_ISDIR), cookie, name);
                if ((w[1] & IN_ONESHOT) != 0 && !selfGone) {
                    drop(inode, w[0]);
                    return;
                }
            }
            if (selfGone) drop(inode, w[0]); // its inode is gone: the watch goes too
        }
    }

    private void enqueue(int wd, int mask, int cookie, String name) {
        byte[] n = name == null ? new byte[0] : name.getBytes(StandardCharsets.ISO_8859_1);
        int len = n.length == 0 ? 0 : (n.length + 1 + EVENT - 1) / EVENT * EVENT;
        ByteBuffer b = ByteBuffer.allocate(EVENT + len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(wd).putInt(mask).putInt(cookie).putInt(len).put(n);
        byte[] rec = b.array();
        if (!records.isEmpty() && java.util.Arrays.equals(records.peekLast(), rec)) return; // merged, as Linux
        if (records.size() >= MAX_QUEUED) {
            if (!overflowed) {
                overflowed = true;
                byte[] o = ByteBuffer.allocate(EVENT).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(IN_Q_OVERFLOW).array();
                records.add(o);
                queuedBytes += o.length;
                async.kill(io.helctic.abi.uapi.Signal.POLL_IN);
            }
            return;
        }
        records.add(rec);
        queuedBytes += rec.length;
        notifyAll();
        queue.wake(POLLIN);
        async.kill(io.helctic.abi.uapi.Signal.POLL_IN); // fsnotify_insert_event, for every event queued (not merged)
    }

    /** The descriptions that set O_ASYNC (inotify_fasync). */
    private final Fasync.Registrations async = new Fasync.Registrations();

    @Override
    public boolean fasync(int fd, boolean on) {
        async.set(this, fd, on);
        return true;
    }

    @Override
    public long read(byte[] buf, int off, int len) {
        synchronized (this) {
            while (records.isEmpty()) {
                if (nonblocking()) return Errno.EAGAIN.negative();
                if (!awaitChange()) return KernelCode.ERESTARTSYS.negative();
            }
            if (records.peekFirst().length > len) return Errno.EINVAL.negative();
            int n = 0;
            while (!records.isEmpty() && n + records.peekFirst().length <= len) {
                byte[] r = records.pollFirst();
                System.arraycopy(r, 0, buf, off + n, r.length);
                n += r.length;
                queuedBytes -= r.length;
            }
            if (records.isEmpty()) overflowed = false;
            return n;
        }
    }

    @Override
    public synchronized int poll(int events) {
        return records.isEmpty() ? 0 : events & (POLLIN | POLLRDNORM);
    }

    /** FIONREAD: the bytes of the queued records. */
    @Override
    public synchronized long available() {
        return queuedBytes;
    }

    @Override
    public void close() {
        synchronized (this) {
            for (Notify.Inode i : watches.keySet()) Notify.unwatch(i, this);
            watches.clear();
            byWd.clear();
            records.clear();
        }
        super.close();
    }
}
