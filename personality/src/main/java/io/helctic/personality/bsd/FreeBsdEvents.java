package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.abi.uapi.Time;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * kqueue and kevent over the kernel's epoll (whose waits are the kernel's wait queues): a
 * kqueue is an epoll instance; EVFILT_READ and EVFILT_WRITE registrations of a descriptor make
 * its epoll interest (edge-triggered when every one of them is EV_CLEAR). The other filters put a
 * kernel file of their own in the epoll set, a helper descriptor: EVFILT_USER events one eventfd
 * per kqueue, each EVFILT_TIMER a timerfd, each EVFILT_SIGNAL a signal counter (SIGNAL_COUNTER:
 * it counts every sending of the signal to the process, ignored ones too, and takes none, as
 * FreeBSD's knote in tdsendsignal), each EVFILT_PROC a pidfd (readable when the process ends; its
 * wait status through PIDFD_STATUS, without reaping it). What epoll cannot hold (each
 * registration's udata, flags and user-event state) is kept here, per kernel and per kqueue.
 *
 * <p>A kqueue's state lives as long as the kqueue: it is found by its epoll instance's device and
 * inode number (the kernel numbers each anonymous file anew, so they name one open epoll; and
 * kqueue() drops whatever was kept under the instance it makes, so even a reused number would
 * start empty). close(2) of its last descriptor (FILE_REFS: no other descriptor,
 * in any process, still holds the epoll) by the process that made it drops the state and closes
 * the helper descriptors; the state of a process that has ended goes at the next kqueue() in its
 * kernel. kevent on a descriptor with no state (not a kqueue, or one whose state went) is EBADF. A kqueue closed otherwise (dup2 over its descriptor, close-on-exec) keeps its state, and
 * its helpers when no exec closed them, until its process ends. Values from FreeBSD's
 * sys/sys/event.h; struct kevent is FreeBSD 12's (64 bytes).
 */
final class FreeBsdEvents {
    private FreeBsdEvents() {}

    static final int EVFILT_READ = -1, EVFILT_WRITE = -2, EVFILT_PROC = -5, EVFILT_SIGNAL = -6, EVFILT_TIMER = -7,
            EVFILT_USER = -11;

    /**
     * An OS's struct kevent, filter numbers and signal numbers: FreeBSD 12's (64 bytes, a short
     * filter and flags) or NetBSD 10's (40 bytes, 32-bit filter and flags, filters numbered from 0).
     * {@code everyExit}: a process's end is reported even to a registration that did not ask for
     * NOTE_EXIT, with its status (NetBSD's knote_proc_exit); FreeBSD drops it (EV_DROP).
     */
    record Dialect(int size, int filterAt, int filterWidth, int flagsAt, int flagsWidth, int fflagsAt, int dataAt, int udataAt,
                   int read, int write, int proc, int signal, int timer, int user, int[] signals, boolean everyExit) {
        /** The filter as stored, as FreeBSD's number (the one this class works in). */
        int toFreeBsd(long f) {
            int v = filterWidth == 2 ? (short) f : (int) f;
            if (v == read) return EVFILT_READ;
            if (v == write) return EVFILT_WRITE;
            if (v == proc) return EVFILT_PROC;
            if (v == signal) return EVFILT_SIGNAL;
            if (v == timer) return EVFILT_TIMER;
            if (v == user) return EVFILT_USER;
            return Integer.MIN_VALUE;
        }

        long fromFreeBsd(int f) {
            int v = switch (f) {
                case EVFILT_READ -> read;
                case EVFILT_WRITE -> write;
                case EVFILT_PROC -> proc;
                case EVFILT_SIGNAL -> signal;
                case EVFILT_TIMER -> timer;
                case EVFILT_USER -> user;
                default -> throw new IllegalArgumentException("filter " + f);
            };
            return filterWidth == 2 ? v & 0xffff : v & 0xffffffffL;
        }
    }

    static final Dialect FREEBSD = new Dialect(64, 8, 2, 10, 2, 12, 16, 24, EVFILT_READ, EVFILT_WRITE, EVFILT_PROC,
            EVFILT_SIGNAL, EVFILT_TIMER, EVFILT_USER, BsdSignals.freeBsd(), false);
    static final Dialect NETBSD = new Dialect(40, 8, 4, 12, 4, 16, 24, 32, 0, 1, 4, 5, 6, 8, BsdSignals.netBsd(), true);
    static final int NOTE_SECONDS = 0x1, NOTE_MSECONDS = 0x2, NOTE_USECONDS = 0x4, NOTE_NSECONDS = 0x8, NOTE_ABSTIME = 0x10;
    /** EVFILT_PROC's notes (the same on both BSDs): only NOTE_EXIT is delivered. */
    static final int NOTE_EXIT = 0x80000000, NOTE_FORK = 0x40000000, NOTE_EXEC = 0x20000000, NOTE_TRACK = 0x1;
    /** The epoll data words of the helper descriptors: a tag bit and the registration's ident (timers: any ident below 2^62). */
    private static final long TIMER_TAG = 1L << 62, SIGNAL_TAG = 1L << 61, PROC_TAG = 1L << 60;
    static final int EV_ADD = 0x1, EV_DELETE = 0x2, EV_ENABLE = 0x4, EV_DISABLE = 0x8, EV_ONESHOT = 0x10,
            EV_CLEAR = 0x20, EV_RECEIPT = 0x40, EV_DISPATCH = 0x80, EV_ERROR = 0x4000, EV_EOF = 0x8000;
    static final int NOTE_TRIGGER = 0x01000000, NOTE_FFLAGSMASK = 0x00ffffff, NOTE_FFCTRLMASK = 0xc0000000;
    static final int EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000, EPOLLET = 1 << 31;
    private static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    /** The epoll data word that marks the kqueue's own eventfd (user events). */
    private static final long USER_TAG = -2;
    /** The helpers are the kqueue's, not the program's: closed on exec, never blocking. */
    private static final int HELPER_FLAGS = Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC;

    /** One registration: (ident, filter) with its flags, filter flags, udata and, for a user event, whether it fired. */
    private static final class Knote {
        final long ident;
        final int filter;
        int flags, fflags;
        long udata;
        boolean enabled = true, triggered;
        /** The helper descriptor (timerfd, signal counter, pidfd; -1: none), its file and its epoll data word. */
        int helper = -1;
        FileId helperId;
        long tag;
        Knote(long ident, int filter) {
            this.ident = ident;
            this.filter = filter;
        }
    }

    /** What a kqueue keeps beside its epoll set. */
    private static final class Queue {
        /** Its epoll's file, the process that made it, and the descriptors that process is known to name it by. */
        final FileId id;
        final int owner;
        final Set<Integer> fds = new HashSet<>();
        /** Its last descriptor was closed: the state is gone. */
        boolean released;
        final Map<Long, List<Knote>> byIdent = new HashMap<>();
        final Map<Long, Knote> users = new HashMap<>();
        final Map<Long, Knote> timers = new HashMap<>();
        final Map<Long, Knote> signals = new HashMap<>();
        final Map<Long, Knote> procs = new HashMap<>();
        int eventfd = -1;
        FileId eventfdId;

        Queue(FileId id, int owner, int fd) {
            this.id = id;
            this.owner = owner;
            fds.add(fd);
        }

        /** Every helper-backed registration. */
        List<Knote> helped() {
            List<Knote> all = new ArrayList<>(timers.values());
            all.addAll(signals.values());
            all.addAll(procs.values());
            return all;
        }
    }

    /** A file as fstat names it. */
    private record FileId(long dev, long ino) {
        // written out: a record's own equals and hashCode spin method-handle classes at first use
        @Override public boolean equals(Object o) {
            return o instanceof FileId f && f.dev == dev && f.ino == ino;
        }

        @Override public int hashCode() {
            return Long.hashCode(dev) * 31 + Long.hashCode(ino);
        }
    }

    /** fd's file, or null when fstat fails (fd is not open). */
    private static FileId fileId(KernelOps ops, int fd) {
        try {
            long st = ops.call(USER_SCRATCH, 144);
            if (st < 0 || ops.call(FSTAT, fd, st) < 0) return null;
            return new FileId(GuestMemory.load64(ops, st), GuestMemory.load64(ops, st + 8));
        } catch (GuestFault f) {
            return null;
        }
    }

    /** Each kernel's kqueues (the kernel is its op table), by their epoll instances' files. */
    private static final Map<KernelOps, Map<FileId, Queue>> KERNELS = new WeakHashMap<>();

    private static Map<FileId, Queue> queues(KernelOps ops) {
        synchronized (KERNELS) {
            return KERNELS.computeIfAbsent(ops, k -> new HashMap<>());
        }
    }

    /**
     * kqueue(): a new epoll instance with fresh state; the state of kqueues whose processes have
     * ended goes (their descriptors went with them).
     */
    static long kqueue(KernelOps ops) {
        long fd = ops.call(EPOLL_CREATE, 0);
        if (fd < 0) return fd;
        ops.call(CLOSE_ON_FORK, fd, 1); // a kqueue is not inherited by a fork's child
        FileId id = fileId(ops, (int) fd);
        if (id == null) {
            ops.call(CLOSE, fd);
            return Errno.EBADF.negative();
        }
        int me = (int) ops.call(GETPID);
        Map<FileId, Queue> all = queues(ops);
        Set<Integer> owners = new HashSet<>();
        synchronized (all) {
            all.put(id, new Queue(id, me, (int) fd));
            for (Queue q : all.values()) if (q.owner != me) owners.add(q.owner);
        }
        for (int owner : owners) {
            if (ops.call(KILL, owner, 0) != Errno.ESRCH.negative()) continue;
            synchronized (all) {
                all.values().removeIf(q -> q.owner == owner);
            }
        }
        return fd;
    }

    /**
     * close(fd): and when fd is the last descriptor of a kqueue the caller made, the kqueue's
     * state goes, with the helper descriptors it holds (each closed only while it is still the
     * helper: the program may have closed one and reused its number).
     */
    static long close(KernelOps ops, long fd) {
        Map<FileId, Queue> all;
        synchronized (KERNELS) {
            all = KERNELS.get(ops);
        }
        if (all == null) return ops.call(CLOSE, fd);
        synchronized (all) {
            if (all.isEmpty()) return ops.call(CLOSE, fd);
        }
        int me = (int) ops.call(GETPID);
        Queue q = null;
        synchronized (all) {
            for (Queue c : all.values()) {
                if (c.owner == me && c.fds.contains((int) fd)) q = c;
            }
        }
        if (q == null) return ops.call(CLOSE, fd);
        long refs = ops.call(FILE_REFS, fd);
        boolean same = q.id.equals(fileId(ops, (int) fd));
        long r = ops.call(CLOSE, fd);
        if (r < 0) return r;
        boolean last = same && refs == 1;
        synchronized (all) {
            q.fds.remove((int) fd);
            if (last) all.remove(q.id, q);
        }
        if (!last) return r;
        synchronized (q) {
            q.released = true;
            for (Knote k : q.helped()) closeHelper(ops, k.helper, k.helperId);
            closeHelper(ops, q.eventfd, q.eventfdId);
        }
        return r;
    }

    /** Closes a helper descriptor if it still is the file the kqueue opened. */
    private static void closeHelper(KernelOps ops, int fd, FileId id) {
        if (fd >= 0 && id != null && id.equals(fileId(ops, fd))) ops.call(CLOSE, fd);
    }

    private static long epollCtl(KernelOps ops, int kq, int op, int fd, int events, long data) {
        long ev = ops.call(USER_SCRATCH, 12);
        if (ev < 0) return ev;
        GuestMemory.store(ops, ev, events & 0xffffffffL, 4);
        GuestMemory.store(ops, ev + 4, data, 8);
        return ops.call(EPOLL_CTL, kq, op, fd, ev);
    }

    /** The descriptor's epoll interest from its registrations: 0 for none. */
    private static int interest(List<Knote> notes) {
        int ev = 0;
        boolean allClear = true;
        for (Knote k : notes) {
            if (!k.enabled) continue;
            ev |= k.filter == EVFILT_READ ? EPOLLIN | EPOLLRDHUP : EPOLLOUT;
            allClear &= (k.flags & EV_CLEAR) != 0;
        }
        return ev == 0 ? 0 : ev | (allClear ? EPOLLET : 0);
    }

    /**
     * kevent(kq, changelist, nchanges, eventlist, nevents, timeout): the changes applied in order
     * (an error goes to the event list as EV_ERROR while it has room, else fails the call), then
     * up to nevents ready events, waiting as timeout says (NULL: until one).
     */
    static long kevent(KernelOps ops, long kqArg, long changes, long nchanges, long events, long nevents, long timeout) {
        return kevent(ops, FREEBSD, kqArg, changes, nchanges, events, nevents, timeout);
    }

    static long keventNetBsd(KernelOps ops, long kqArg, long changes, long nchanges, long events, long nevents, long timeout) {
        return kevent(ops, NETBSD, kqArg, changes, nchanges, events, nevents, timeout);
    }

    static long kevent(KernelOps ops, Dialect d, long kqArg, long changes, long nchanges, long events, long nevents, long timeout) {
        try {
            return keventOrFault(ops, d, kqArg, changes, nchanges, events, nevents, timeout);
        } catch (GuestFault f) {
            return f.result();
        }
    }

    private static long keventOrFault(KernelOps ops, Dialect d, long kqArg, long changes, long nchanges, long events, long nevents,
                                      long timeout) {
        int kq = (int) kqArg;
        FileId id = fileId(ops, kq);
        Map<FileId, Queue> all = queues(ops);
        Queue q;
        synchronized (all) {
            q = id == null ? null : all.get(id);
            if (q == null) return Errno.EBADF.negative(); // not a kqueue (or one whose state went with its last descriptor)
            if (q.owner == (int) ops.call(GETPID)) q.fds.add(kq); // a descriptor it was dup'ed to
        }
        if (nchanges < 0 || nevents < 0) return Errno.EINVAL.negative();
        int out = 0;
        synchronized (q) {
            if (q.released) return Errno.EBADF.negative();
            for (long i = 0; i < nchanges; i++) {
                long c = changes + i * d.size();
                long ident = GuestMemory.load64(ops, c);
                long rawFilter = GuestMemory.load(ops, c + d.filterAt(), d.filterWidth());
                int filter = d.toFreeBsd(rawFilter);
                int flags = (int) GuestMemory.load(ops, c + d.flagsAt(), d.flagsWidth()), fflags = (int) GuestMemory.load(ops, c + d.fflagsAt(), 4);
                long udata = GuestMemory.load64(ops, c + d.udataAt());
                long err = filter == EVFILT_TIMER && (flags & EV_ADD) != 0 && (flags & EV_DELETE) == 0
                        ? armTimer(ops, kq, q, ident, flags, fflags, GuestMemory.load64(ops, c + d.dataAt()), udata)
                        : change(ops, d, kq, q, ident, filter, flags, fflags, udata);
                if (err < 0 || (flags & EV_RECEIPT) != 0) {
                    if (out >= nevents) {
                        if (err < 0) return err;
                        continue;
                    }
                    storeRaw(ops, d, events + (long) out * d.size(), ident, rawFilter, EV_ERROR, 0, err < 0 ? -err : 0, udata);
                    out++;
                }
            }
        }
        if (out > 0 || nevents == 0) return out;
        long ns = -1;
        if (timeout != 0) {
            long sec = GuestMemory.load64(ops, timeout), nsec = GuestMemory.load64(ops, timeout + 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return Errno.EINVAL.negative();
            ns = sec > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
        }
        long deadline = ns < 0 ? -1 : saturatedAdd(ops.call(CLOCK_READ, Time.CLOCK_MONOTONIC), ns);
        int max = (int) Math.max(1, Math.min(nevents / 2, 256));
        long buf = ops.call(USER_SCRATCH, 12 * max);
        if (buf < 0) return buf;
        while (true) {
            long n = ops.call(EPOLL_WAIT, kq, buf, max, ns, 0, 8);
            if (n <= 0) return n;
            synchronized (q) {
                if (q.released) return Errno.EBADF.negative();
                for (int i = 0; i < n && out < nevents; i++) {
                    int ev = (int) GuestMemory.load(ops, buf + 12L * i, 4);
                    long data = GuestMemory.load64(ops, buf + 12L * i + 4);
                    out += report(ops, d, kq, q, ev, data, events + (long) out * d.size(), nevents - out);
                }
            }
            // What epoll reported may have been taken meanwhile (another thread's kevent): wait out the rest of the time.
            if (out > 0) return out;
            if (deadline >= 0) {
                ns = deadline - ops.call(CLOCK_READ, Time.CLOCK_MONOTONIC);
                if (ns <= 0) return 0;
            }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** The events one epoll event stands for, stored at {@code at} (room for {@code room}); returns how many. */
    private static int report(KernelOps ops, Dialect d, int kq, Queue q, int ev, long data, long at, long room) {
        int out = 0;
        if (data == USER_TAG) {
            long cnt = ops.call(USER_SCRATCH, 8);
            ops.call(READ, q.eventfd, cnt, 8); // the trigger is taken; the notes say which fired
            for (Knote k : new ArrayList<>(q.users.values())) {
                if (!k.triggered || !k.enabled || out >= room) continue;
                store(ops, d, at + (long) out * d.size(), k.ident, EVFILT_USER, k.flags & (EV_ONESHOT | EV_CLEAR), k.fflags, 0, k.udata);
                out++;
                if ((k.flags & EV_CLEAR) != 0) k.triggered = false;
                if ((k.flags & EV_ONESHOT) != 0) q.users.remove(k.ident);
                else if ((k.flags & EV_DISPATCH) != 0) k.enabled = false;
            }
            if (q.users.values().stream().anyMatch(k -> k.triggered && k.enabled)) trigger(ops, q);
            return out;
        }
        if ((data & TIMER_TAG) != 0) {
            Knote k = q.timers.get(data & ~TIMER_TAG);
            if (k == null || !k.enabled) return 0;
            long cnt = ops.call(USER_SCRATCH, 8);
            if (ops.call(READ, k.helper, cnt, 8) != 8) return 0; // already taken
            store(ops, d, at, k.ident, EVFILT_TIMER, k.flags & (EV_ONESHOT | EV_CLEAR), 0, GuestMemory.load64(ops, cnt), k.udata);
            if ((k.flags & EV_ONESHOT) != 0) drop(ops, q.timers, k);
            else if ((k.flags & EV_DISPATCH) != 0) enable(ops, kq, k, false);
            return 1;
        }
        if ((data & SIGNAL_TAG) != 0) {
            Knote k = q.signals.get(data & ~SIGNAL_TAG);
            if (k == null || !k.enabled) return 0;
            long cnt = ops.call(USER_SCRATCH, 8);
            if (ops.call(READ, k.helper, cnt, 8) != 8) return 0; // already taken
            store(ops, d, at, k.ident, EVFILT_SIGNAL, k.flags & (EV_ONESHOT | EV_CLEAR), 0, GuestMemory.load64(ops, cnt), k.udata);
            if ((k.flags & EV_ONESHOT) != 0) drop(ops, q.signals, k);
            else if ((k.flags & EV_DISPATCH) != 0) enable(ops, kq, k, false);
            return 1;
        }
        if ((data & PROC_TAG) != 0) {
            Knote k = q.procs.get(data & ~PROC_TAG);
            if (k == null || !k.enabled) return 0;
            long status = ops.call(PIDFD_STATUS, k.helper);
            if (status < 0) return 0; // still running
            drop(ops, q.procs, k); // the process is gone: EV_ONESHOT whatever was asked
            boolean asked = (k.fflags & NOTE_EXIT) != 0;
            if (!asked && !d.everyExit()) return 0;
            store(ops, d, at, k.ident, EVFILT_PROC, (k.flags & (EV_ONESHOT | EV_CLEAR)) | EV_EOF | EV_ONESHOT, k.fflags & NOTE_EXIT,
                    BsdSignals.waitStatus((int) status, d.signals()), k.udata);
            return 1;
        }
        List<Knote> notes = q.byIdent.get(data);
        if (notes == null) return 0;
        boolean eof = (ev & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != 0;
        for (Knote k : new ArrayList<>(notes)) {
            if (!k.enabled || out >= room) continue;
            boolean ready = k.filter == EVFILT_READ ? (ev & (EPOLLIN | EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != 0
                    : (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
            if (!ready) continue;
            store(ops, d, at + (long) out * d.size(), k.ident, k.filter, (k.flags & (EV_ONESHOT | EV_CLEAR)) | (eof ? EV_EOF : 0),
                    0, 0, k.udata);
            out++;
            if ((k.flags & (EV_ONESHOT | EV_DISPATCH)) != 0) {
                if ((k.flags & EV_ONESHOT) != 0) notes.remove(k);
                else k.enabled = false;
                rearm(ops, kq, q, k.ident);
            }
        }
        return out;
    }

    private static void store(KernelOps ops, Dialect d, long at, long ident, int filter, int flags, int fflags, long data, long udata) {
        storeRaw(ops, d, at, ident, d.fromFreeBsd(filter), flags, fflags, data, udata);
    }

    /** A struct kevent with the filter as the OS numbers it (an error event keeps the change's, known or not). */
    private static void storeRaw(KernelOps ops, Dialect d, long at, long ident, long filter, int flags, int fflags, long data,
                                 long udata) {
        for (int i = 0; i < d.size(); i += 8) GuestMemory.store(ops, at + i, 0, 8);
        GuestMemory.store(ops, at, ident, 8);
        GuestMemory.store(ops, at + d.filterAt(), filter, d.filterWidth());
        GuestMemory.store(ops, at + d.flagsAt(), flags & (d.flagsWidth() == 2 ? 0xffff : 0xffffffffL), d.flagsWidth());
        GuestMemory.store(ops, at + d.fflagsAt(), fflags & 0xffffffffL, 4);
        GuestMemory.store(ops, at + d.dataAt(), data, 8);
        GuestMemory.store(ops, at + d.udataAt(), udata, 8);
    }

    private static void trigger(KernelOps ops, Queue q) {
        long one = ops.call(USER_SCRATCH, 8);
        GuestMemory.store(ops, one, 1, 8);
        ops.call(WRITE, q.eventfd, one, 8);
    }

    /** Brings a descriptor's epoll interest in line with its registrations. */
    private static long rearm(KernelOps ops, int kq, Queue q, long ident) {
        List<Knote> notes = q.byIdent.get(ident);
        int want = notes == null ? 0 : interest(notes);
        if (notes != null && notes.isEmpty()) q.byIdent.remove(ident);
        if (want == 0) {
            long r = epollCtl(ops, kq, EPOLL_CTL_DEL, (int) ident, 0, 0);
            return r == Errno.ENOENT.negative() ? 0 : r;
        }
        long r = epollCtl(ops, kq, EPOLL_CTL_MOD, (int) ident, want, ident);
        if (r == Errno.ENOENT.negative()) r = epollCtl(ops, kq, EPOLL_CTL_ADD, (int) ident, want, ident);
        return r;
    }

    /** A registration's helper descriptor {@code fd} joins the epoll set under {@code tag}: 0, or -errno (fd closed). */
    private static long attach(KernelOps ops, int kq, Knote k, long fd, long tag) {
        FileId hid = fileId(ops, (int) fd);
        long r = hid == null ? Errno.EBADF.negative() : epollCtl(ops, kq, EPOLL_CTL_ADD, (int) fd, EPOLLIN, tag);
        if (r < 0) {
            ops.call(CLOSE, fd);
            return r;
        }
        k.helper = (int) fd;
        k.helperId = hid;
        k.tag = tag;
        return 0;
    }

    /** A helper-backed registration reported (enabled) or not: its helper's epoll interest follows. */
    private static void enable(KernelOps ops, int kq, Knote k, boolean on) {
        k.enabled = on;
        if (k.helper >= 0) epollCtl(ops, kq, EPOLL_CTL_MOD, k.helper, on ? EPOLLIN : 0, k.tag);
    }

    /** A helper-backed registration goes, and its helper descriptor (which leaves the epoll set with it). */
    private static void drop(KernelOps ops, Map<Long, Knote> from, Knote k) {
        from.remove(k.ident);
        if (k.helper >= 0) ops.call(CLOSE, k.helper);
        k.helper = -1;
    }

    private static long change(KernelOps ops, Dialect d, int kq, Queue q, long ident, int filter, int flags, int fflags, long udata) {
        if (filter == EVFILT_USER) return changeUser(ops, kq, q, ident, flags, fflags, udata);
        if (filter == EVFILT_TIMER) return changeHelper(ops, kq, q.timers, ident, flags, udata, 0);
        if (filter == EVFILT_SIGNAL) return changeSignal(ops, d, kq, q, ident, flags, udata);
        if (filter == EVFILT_PROC) return changeProc(ops, kq, q, ident, flags, fflags, udata);
        if (filter != EVFILT_READ && filter != EVFILT_WRITE) return Errno.EINVAL.negative();
        List<Knote> notes = q.byIdent.get(ident);
        Knote k = null;
        if (notes != null) for (Knote n : notes) if (n.filter == filter) k = n;
        if ((flags & EV_DELETE) != 0) {
            if (k == null) return Errno.ENOENT.negative();
            notes.remove(k);
            return rearm(ops, kq, q, ident);
        }
        if (k == null) {
            if ((flags & EV_ADD) == 0) return Errno.ENOENT.negative();
            k = new Knote(ident, filter);
            q.byIdent.computeIfAbsent(ident, x -> new ArrayList<>()).add(k);
        }
        if ((flags & EV_ADD) != 0) {
            k.flags = flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH);
            k.udata = udata;
            k.enabled = true;
        }
        if ((flags & EV_ENABLE) != 0) k.enabled = true;
        if ((flags & EV_DISABLE) != 0) k.enabled = false;
        long r = rearm(ops, kq, q, ident);
        if (r < 0 && (flags & EV_ADD) != 0) { // not a descriptor epoll can watch: forget it
            q.byIdent.get(ident).remove(k);
            if (q.byIdent.get(ident).isEmpty()) q.byIdent.remove(ident);
            return r == Errno.EPERM.negative() ? Errno.EINVAL.negative() : r;
        }
        return r;
    }

    /**
     * A change to an existing helper-backed registration (a timer's EV_ADD arms through
     * {@link #armTimer}): EV_DELETE, or EV_ADD's new flags and udata (with {@code implied}, the
     * flags the filter sets itself), EV_ENABLE and EV_DISABLE.
     */
    private static long changeHelper(KernelOps ops, int kq, Map<Long, Knote> of, long ident, int flags, long udata, int implied) {
        Knote k = of.get(ident);
        if (k == null) return Errno.ENOENT.negative();
        if ((flags & EV_DELETE) != 0) {
            drop(ops, of, k);
            return 0;
        }
        boolean on = k.enabled;
        if ((flags & EV_ADD) != 0) {
            k.flags = flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH) | implied;
            k.udata = udata;
            on = true;
        }
        if ((flags & EV_ENABLE) != 0) on = true;
        if ((flags & EV_DISABLE) != 0) on = false;
        enable(ops, kq, k, on);
        return 0;
    }

    /**
     * EVFILT_SIGNAL: ident is the OS's signal number; each sending of it to the process counts,
     * ignored ones too, and the signal goes on as it would (EV_CLEAR implied: data is the count
     * since it was last reported). A signal the kernel has no number for is never sent, so never
     * reported.
     */
    private static long changeSignal(KernelOps ops, Dialect d, int kq, Queue q, long ident, int flags, long udata) {
        if (!q.signals.containsKey(ident) && (flags & EV_ADD) != 0 && (flags & EV_DELETE) == 0) {
            if (ident < 1 || ident > 128) return Errno.EINVAL.negative();
            Knote k = new Knote(ident, EVFILT_SIGNAL);
            int sig = BsdSignals.toKernel(d.signals(), (int) ident);
            if (sig != 0) {
                long fd = ops.call(SIGNAL_COUNTER, sig, HELPER_FLAGS);
                if (fd < 0) return fd;
                long r = attach(ops, kq, k, fd, SIGNAL_TAG | ident);
                if (r < 0) return r;
            }
            q.signals.put(ident, k);
        }
        return changeHelper(ops, kq, q.signals, ident, flags, udata, EV_CLEAR);
    }

    /**
     * EVFILT_PROC: ident is a pid (ESRCH for none); it fires once when the process ends, with
     * EV_EOF and EV_ONESHOT, fflags NOTE_EXIT and data its wait status when NOTE_EXIT was asked.
     * NOTE_FORK, NOTE_EXEC and NOTE_TRACK are refused (EINVAL): never delivered here.
     */
    private static long changeProc(KernelOps ops, int kq, Queue q, long ident, int flags, int fflags, long udata) {
        boolean add = (flags & EV_ADD) != 0 && (flags & EV_DELETE) == 0;
        if (add && (fflags & (NOTE_FORK | NOTE_EXEC | NOTE_TRACK)) != 0) return Errno.EINVAL.negative();
        if (add && !q.procs.containsKey(ident)) {
            if (ident <= 0 || ident > Integer.MAX_VALUE) return Errno.ESRCH.negative();
            long fd = ops.call(PIDFD_OPEN, ident, 0); // close-on-exec, as every pidfd
            if (fd == Errno.EINVAL.negative()) return Errno.ESRCH.negative(); // a thread's id, not a process's
            if (fd < 0) return fd;
            Knote k = new Knote(ident, EVFILT_PROC);
            long r = attach(ops, kq, k, fd, PROC_TAG | ident);
            if (r < 0) return r;
            q.procs.put(ident, k);
        }
        if (add) q.procs.get(ident).fflags = fflags;
        return changeHelper(ops, kq, q.procs, ident, flags, udata, EV_CLEAR);
    }

    /** Arms (or re-arms) timer ident to fire after {@code data} units of fflags, every time unless EV_ONESHOT. */
    private static long armTimer(KernelOps ops, int kq, Queue q, long ident, int flags, int fflags, long data, long udata) {
        if ((ident & TIMER_TAG) != 0 || ident < 0 || data < 0) return Errno.EINVAL.negative();
        long unit = (fflags & NOTE_SECONDS) != 0 ? 1_000_000_000L : (fflags & NOTE_USECONDS) != 0 ? 1_000L
                : (fflags & NOTE_NSECONDS) != 0 ? 1L : 1_000_000L;
        long ns = data > Long.MAX_VALUE / unit ? Long.MAX_VALUE : data * unit;
        boolean abs = (fflags & NOTE_ABSTIME) != 0;
        Knote k = q.timers.get(ident);
        if (k == null) {
            long fd = ops.call(TIMERFD_CREATE, abs ? 0 : 1, HELPER_FLAGS);
            if (fd < 0) return fd;
            k = new Knote(ident, EVFILT_TIMER);
            long r = attach(ops, kq, k, fd, TIMER_TAG | ident);
            if (r < 0) return r;
            q.timers.put(ident, k);
        }
        k.flags = flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH);
        k.udata = udata;
        enable(ops, kq, k, (flags & EV_DISABLE) == 0);
        long its = ops.call(USER_SCRATCH, 32);
        if (its < 0) return its;
        long first = Math.max(ns, abs ? 0 : 1); // a period of 0 fires at once, as FreeBSD's
        GuestMemory.store(ops, its, (k.flags & EV_ONESHOT) != 0 || abs ? 0 : first / 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 8, (k.flags & EV_ONESHOT) != 0 || abs ? 0 : first % 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 16, first / 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 24, first % 1_000_000_000L, 8);
        return ops.call(TIMERFD_SETTIME, k.helper, abs ? 1 : 0, its, 0);
    }

    private static long changeUser(KernelOps ops, int kq, Queue q, long ident, int flags, int fflags, long udata) {
        Knote k = q.users.get(ident);
        if ((flags & EV_DELETE) != 0) return q.users.remove(ident) == null ? Errno.ENOENT.negative() : 0;
        if (k == null) {
            if ((flags & EV_ADD) == 0) return Errno.ENOENT.negative();
            if (q.eventfd < 0) {
                long fd = ops.call(EVENTFD, 0, HELPER_FLAGS);
                if (fd < 0) return fd;
                Knote holder = new Knote(0, EVFILT_USER);
                long r = attach(ops, kq, holder, fd, USER_TAG);
                if (r < 0) return r;
                q.eventfd = holder.helper;
                q.eventfdId = holder.helperId;
            }
            k = new Knote(ident, EVFILT_USER);
            q.users.put(ident, k);
        }
        if ((flags & EV_ADD) != 0) {
            k.flags = flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH);
            k.udata = udata;
            k.enabled = true;
        }
        if ((flags & EV_ENABLE) != 0) k.enabled = true;
        if ((flags & EV_DISABLE) != 0) k.enabled = false;
        int ctrl = fflags & NOTE_FFCTRLMASK, value = fflags & NOTE_FFLAGSMASK;
        k.fflags = switch (ctrl) {
            case 0x40000000 -> k.fflags & value;  // NOTE_FFAND
            case 0x80000000 -> k.fflags | value;  // NOTE_FFOR
            case 0xc0000000 -> value;             // NOTE_FFCOPY
            default -> k.fflags;                  // NOTE_FFNOP
        };
        if ((fflags & NOTE_TRIGGER) != 0) {
            k.triggered = true;
            if (k.enabled) trigger(ops, q);
        }
        return 0;
    }
}
