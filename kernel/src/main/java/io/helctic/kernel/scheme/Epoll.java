package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Event.EPOLLERR;
import static io.helctic.abi.uapi.Event.EPOLLET;
import static io.helctic.abi.uapi.Event.EPOLLEXCLUSIVE;
import static io.helctic.abi.uapi.Event.EPOLLHUP;
import static io.helctic.abi.uapi.Event.EPOLLONESHOT;
import static io.helctic.abi.uapi.Event.EPOLLWAKEUP;
import static io.helctic.abi.uapi.Poll.POLLIN;
import static io.helctic.abi.uapi.Poll.POLLRDNORM;

import io.helctic.abi.Errno;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoll instance (Linux's eventpoll): an interest list of (descriptor, open file) items and a
 * ready list. Each item waits on its file's {@link WaitQueue}; a wake puts it on the ready list
 * (once) and wakes the instance's waiters. epoll_wait takes items off the ready list in order,
 * asks each file what is ready now, and reports those that are: an edge-triggered item leaves
 * the list until its file wakes it again, a one-shot item is disarmed until EPOLL_CTL_MOD, and a
 * level-triggered one goes back to the end of the list (so a busy file cannot starve the rest).
 * An item lives as long as its open file description: closing one descriptor of a file that is
 * still open elsewhere keeps it; the file's release drops it.
 *
 * <p>Locks: {@code lock} guards the lists and is a leaf: nothing is called under it (no file's
 * poll, no queue's wake), so a file may wake its waiters while holding its own lock.
 */
public final class Epoll extends AnonymousFile {
    public Epoll() {
        super("eventpoll", false);
    }

    /** Flags that may accompany the events in epoll_ctl. */
    static final int INPUT_FLAGS = EPOLLET | EPOLLONESHOT | EPOLLWAKEUP | EPOLLEXCLUSIVE;

    /** One watched file: the descriptor it was added by, the open file, the events and data asked for. */
    final class Item {
        final int fd;
        final Handle file;
        volatile int events;
        volatile long data;
        /** On the ready list (guarded by lock). */
        boolean queued;
        /** Dropped from the interest list (guarded by lock): a late wake is ignored. */
        boolean gone;
        final WaitQueue.Waiter waiter = this::woken;

        Item(int fd, Handle file) {
            this.fd = fd;
            this.file = file;
        }

        private void woken(int what) {
            if (what == WaitQueue.RELEASED) {
                drop(this);
                return;
            }
            if ((what & (events | EPOLLERR | EPOLLHUP)) == 0 && what != 0) return;
            markReady(this);
        }

        /** What of its events the file has ready now (0 when disarmed). */
        int readyNow() {
            int ev = events;
            int asked = ev & ~INPUT_FLAGS;
            if (asked == 0 && (ev & EPOLLONESHOT) != 0) return 0;
            return file.poll(asked | EPOLLERR | EPOLLHUP) & (asked | EPOLLERR | EPOLLHUP);
        }
    }

    private record Key(int fd, Handle file) {
        // equals and hashCode written out: a record's own are bound by invokedynamic, whose first
        // use spun ~20 method-handle classes at a program's first epoll_ctl (the AOT cache keeps none)
        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.fd == fd && java.util.Objects.equals(k.file, file);
        }

        @Override public int hashCode() {
            return fd * 31 + java.util.Objects.hashCode(file);
        }
    }

    private final Object lock = new Object();
    private final Map<Key, Item> items = new HashMap<>();
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    /** Items whose files cannot announce changes (the console): looked at on every wait. */
    private final List<Item> rechecked = new ArrayList<>();

    /** A reported event: the bits and the item's data. */
    public record Event(int events, long data) {}

    private void markReady(Item it) {
        synchronized (lock) {
            if (it.gone) return;
            if (!it.queued) {
                it.queued = true;
                ready.addLast(it);
            }
        }
        queue.wake(POLLIN); // epoll_wait sleeps on this queue too
    }

    private void drop(Item it) {
        synchronized (lock) {
            if (it.gone) return;
            it.gone = true;
            items.remove(new Key(it.fd, it.file));
            ready.remove(it);
            rechecked.remove(it);
        }
        WaitQueue q = it.file.waitQueue();
        if (q != null) q.remove(it.waiter);
    }

    /** Whether a file can be watched: it announces its changes, or is rechecked (else EPERM, as Linux). */
    public static boolean watchable(Handle h) {
        return h.waitQueue() != null || h.pollRechecks();
    }

    /** Whether this instance watches {@code target}, directly or through instances it watches. */
    private boolean reaches(Epoll target, int depth) {
        if (this == target) return true;
        if (depth > 5) return true; // Linux's EP_MAX_NESTS: deeper is refused as a loop
        List<Epoll> inner = new ArrayList<>();
        synchronized (lock) {
            for (Item it : items.values()) if (it.file instanceof Epoll e) inner.add(e);
        }
        for (Epoll e : inner) if (e.reaches(target, depth + 1)) return true;
        return false;
    }

    /** EPOLL_CTL_ADD: 0, or -EEXIST, -EPERM, -ELOOP, -EINVAL. */
    public long add(int fd, Handle file, int events, long data) {
        if (file == this) return Errno.EINVAL.negative();
        if (!watchable(file)) return Errno.EPERM.negative();
        if (file instanceof Epoll inner && inner.reaches(this, 0)) return Errno.ELOOP.negative();
        Item it = new Item(fd, file);
        it.events = events;
        it.data = data;
        synchronized (lock) {
            if (items.putIfAbsent(new Key(fd, file), it) != null) return Errno.EEXIST.negative();
            if (file.pollRechecks()) rechecked.add(it);
        }
        WaitQueue q = file.waitQueue();
        if (q != null) q.add(it.waiter);
        if (it.readyNow() != 0) markReady(it);
        return 0;
    }

    /**
     * kcmp's KCMP_EPOLL_TFD: the open file of the {@code toff}-th item this epoll watches through
     * descriptor {@code fd} (one number may name several files over time), or null (ENOENT).
     */
    public Handle target(int fd, long toff) {
        synchronized (lock) {
            long n = toff;
            for (Item it : items.values()) {
                if (it.fd == fd && n-- == 0) return it.file;
            }
            return null;
        }
    }

    /** EPOLL_CTL_MOD: 0, or -ENOENT, -EINVAL (an exclusive item cannot be modified). */
    public long modify(int fd, Handle file, int events, long data) {
        Item it;
        synchronized (lock) {
            it = items.get(new Key(fd, file));
        }
        if (it == null) return Errno.ENOENT.negative();
        if ((it.events & EPOLLEXCLUSIVE) != 0 || (events & EPOLLEXCLUSIVE) != 0) return Errno.EINVAL.negative();
        it.events = events;
        it.data = data;
        if (it.readyNow() != 0) markReady(it);
        return 0;
    }

    /** EPOLL_CTL_DEL: 0, or -ENOENT. */
    public long remove(int fd, Handle file) {
        Item it;
        synchronized (lock) {
            it = items.get(new Key(fd, file));
        }
        if (it == null) return Errno.ENOENT.negative();
        drop(it);
        return 0;
    }

    /**
     * Takes up to {@code max} ready events (none when nothing is ready now): the non-blocking
     * half of epoll_wait, which loops over it and sleeps on this instance's own wait queue.
     */
    public List<Event> take(int max) {
        List<Item> batch;
        synchronized (lock) {
            batch = new ArrayList<>(ready);
            ready.clear();
            for (Item it : batch) it.queued = false;
            for (Item it : rechecked) if (!batch.contains(it)) batch.add(it);
        }
        List<Event> out = new ArrayList<>();
        List<Item> again = new ArrayList<>();
        int i = 0;
        for (; i < batch.size() && out.size() < max; i++) {
            Item it = batch.get(i);
            int r = it.readyNow();
            if (r == 0) continue;
            int ev = it.events;
            out.add(new Event(r, it.data));
            if ((ev & EPOLLONESHOT) != 0) it.events = ev & INPUT_FLAGS; // disarmed until MOD
            else if ((ev & EPOLLET) == 0) again.add(it); // level-triggered: still ready, to the back
        }
        synchronized (lock) {
            // the rest of the batch, unexamined, goes back in front, in order; the reported LT items after them
            for (int k = batch.size() - 1; k >= i; k--) requeueFront(batch.get(k));
            for (Item it : again) {
                if (!it.gone && !it.queued && !rechecked.contains(it)) {
                    it.queued = true;
                    ready.addLast(it);
                }
            }
        }
        return out;
    }

    private void requeueFront(Item it) {
        if (it.gone || it.queued || rechecked.contains(it)) return;
        it.queued = true;
        ready.addFirst(it);
    }

    /** Whether some item's file cannot announce its changes: a sleep of epoll_wait must then be short. */
    public boolean rechecks() {
        synchronized (lock) {
            return !rechecked.isEmpty();
        }
    }

    @Override
    public int poll(int events) {
        // ready when some item is: a nested instance asks its items now, as Linux's ep_eventpoll_poll does
        List<Item> look;
        synchronized (lock) {
            look = new ArrayList<>(ready);
            look.addAll(rechecked);
        }
        for (Item it : look) {
            if (it.readyNow() != 0) return events & (POLLIN | POLLRDNORM);
        }
        return 0;
    }





    @Override
    public void close() {
        List<Item> all;
        synchronized (lock) {
            all = new ArrayList<>(items.values());
        }
        for (Item it : all) drop(it);
        super.close();
    }
}
