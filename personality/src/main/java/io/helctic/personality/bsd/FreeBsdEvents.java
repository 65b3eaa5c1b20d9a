package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kqueue and kevent over the kernel's epoll (whose waits are the kernel's wait queues): a
 * kqueue is an epoll instance; EVFILT_READ and EVFILT_WRITE registrations of a descriptor make
 * its epoll interest (edge-triggered when every one of them is EV_CLEAR), EVFILT_USER events
 * are triggered through an eventfd the kqueue keeps in its epoll set. What epoll cannot hold
 * (each registration's udata, flags and user-event state) is kept here, per kqueue (the epoll
 * instance's inode number). Values from FreeBSD's sys/sys/event.h; struct kevent is FreeBSD
 * 12's (64 bytes).
 */
final class FreeBsdEvents {
    private FreeBsdEvents() {}

    static final int EVFILT_READ = -1, EVFILT_WRITE = -2, EVFILT_TIMER = -7, EVFILT_USER = -11;

    /**
     * An OS's struct kevent and filter numbers: FreeBSD 12's (64 bytes, a short filter and flags)
     * or NetBSD 10's (40 bytes, 32-bit filter and flags, filters numbered from 0).
     */
    record Dialect(int size, int filterAt, int filterWidth, int flagsAt, int flagsWidth, int fflagsAt, int dataAt, int udataAt,
                   int read, int write, int timer, int user) {
        /** The filter as stored, as FreeBSD's number (the one this class works in). */
        int toFreeBsd(long f) {
            int v = filterWidth == 2 ? (short) f : (int) f;
            if (v == read) return EVFILT_READ;
            if (v == write) return EVFILT_WRITE;
            if (v == timer) return EVFILT_TIMER;
            if (v == user) return EVFILT_USER;
            return Integer.MIN_VALUE;
        }

        long fromFreeBsd(int f) {
            int v = switch (f) {
                case EVFILT_READ -> read;
                case EVFILT_WRITE -> write;
                case EVFILT_TIMER -> timer;
                default -> user;
            };
            return filterWidth == 2 ? v & 0xffff : v & 0xffffffffL;
        }
    }

    static final Dialect FREEBSD = new Dialect(64, 8, 2, 10, 2, 12, 16, 24, EVFILT_READ, EVFILT_WRITE, EVFILT_TIMER, EVFILT_USER);
    static final Dialect NETBSD = new Dialect(40, 8, 4, 12, 4, 16, 24, 32, 0, 1, 6, 8);
    static final int NOTE_SECONDS = 0x1, NOTE_MSECONDS = 0x2, NOTE_USECONDS = 0x4, NOTE_NSECONDS = 0x8, NOTE_ABSTIME = 0x10;
    /** The epoll data words of timers: this bit and the timer's ident. */
    private static final long TIMER_TAG = 1L << 62;
    static final int EV_ADD = 0x1, EV_DELETE = 0x2, EV_ENABLE = 0x4, EV_DISABLE = 0x8, EV_ONESHOT = 0x10,
            EV_CLEAR = 0x20, EV_RECEIPT = 0x40, EV_DISPATCH = 0x80, EV_ERROR = 0x4000, EV_EOF = 0x8000;
    static final int NOTE_TRIGGER = 0x01000000, NOTE_FFLAGSMASK = 0x00ffffff, NOTE_FFCTRLMASK = 0xc0000000;
    static final int EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000, EPOLLET = 1 << 31;
    /** The epoll data word that marks the kqueue's own eventfd (user events). */
    private static final long USER_TAG = -2;

    /** One registration: (ident, filter) with its flags, filter flags, udata and, for a user event, whether it fired. */
    private static final class Knote {
        final long ident;
        final int filter;
        int flags, fflags;
        long udata;
        boolean enabled = true, triggered;
        /** A timer's timerfd (-1: none). */
        int timerfd = -1;
        Knote(long ident, int filter) {
            this.ident = ident;
            this.filter = filter;
        }
    }

    /** What a kqueue keeps beside its epoll set. */
    private static final class Queue {
        final Map<Long, List<Knote>> byIdent = new HashMap<>();
        final Map<Long, Knote> users = new HashMap<>();
        final Map<Long, Knote> timers = new HashMap<>();
        int eventfd = -1;
    }

    /** Each kqueue's state, by the inode number of its epoll instance. */
    private static final Map<Long, Queue> QUEUES = new HashMap<>();

    static long kqueue(KernelOps ops) {
        return ops.call(EPOLL_CREATE, 0);
    }

    private static long inode(KernelOps ops, int kq) {
        long st = ops.call(USER_SCRATCH, 144);
        if (st < 0) return st;
        long r = ops.call(FSTAT, kq, st);
        if (r < 0) return r;
        return GuestMemory.load64(ops, st + 8);
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
        int kq = (int) kqArg;
        long ino = inode(ops, kq);
        if (ino < 0) return ino;
        if (nchanges < 0 || nevents < 0) return Errno.EINVAL.negative();
        Queue q;
        synchronized (QUEUES) {
            q = QUEUES.computeIfAbsent(ino, k -> new Queue());
        }
        int out = 0;
        synchronized (q) {
            for (long i = 0; i < nchanges; i++) {
                long c = changes + i * d.size();
                long ident = GuestMemory.load64(ops, c);
                int filter = d.toFreeBsd(GuestMemory.load(ops, c + d.filterAt(), d.filterWidth()));
                int flags = (int) GuestMemory.load(ops, c + d.flagsAt(), d.flagsWidth()), fflags = (int) GuestMemory.load(ops, c + d.fflagsAt(), 4);
                long udata = GuestMemory.load64(ops, c + d.udataAt());
                long err = filter == EVFILT_TIMER && (flags & EV_ADD) != 0 && (flags & EV_DELETE) == 0
                        ? armTimer(ops, kq, q, ident, flags, fflags, GuestMemory.load64(ops, c + d.dataAt()), udata)
                        : change(ops, kq, q, ident, filter, flags, fflags, udata);
                if (err < 0 || (flags & EV_RECEIPT) != 0) {
                    if (out >= nevents) {
                        if (err < 0) return err;
                        continue;
                    }
                    store(ops, d, events + (long) out * d.size(), ident, filter, EV_ERROR, 0, err < 0 ? -err : 0, udata);
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
        int max = (int) Math.max(1, Math.min(nevents / 2, 256));
        long buf = ops.call(USER_SCRATCH, 12 * max);
        if (buf < 0) return buf;
        long n = ops.call(EPOLL_WAIT, kq, buf, max, ns, 0, 8);
        if (n < 0) return n;
        synchronized (q) {
            for (int i = 0; i < n && out < nevents; i++) {
                int ev = (int) GuestMemory.load(ops, buf + 12L * i, 4);
                long data = GuestMemory.load64(ops, buf + 12L * i + 4);
                if (data == USER_TAG) {
                    long cnt = ops.call(USER_SCRATCH, 8);
                    ops.call(READ, q.eventfd, cnt, 8); // the trigger is taken; the notes say which fired
                    for (Knote k : new ArrayList<>(q.users.values())) {
                        if (!k.triggered || !k.enabled || out >= nevents) continue;
                        store(ops, d, events + (long) out * d.size(), k.ident, EVFILT_USER, k.flags & (EV_ONESHOT | EV_CLEAR), k.fflags, 0, k.udata);
                        out++;
                        if ((k.flags & EV_CLEAR) != 0) k.triggered = false;
                        if ((k.flags & EV_ONESHOT) != 0) q.users.remove(k.ident);
                        else if ((k.flags & EV_DISPATCH) != 0) k.enabled = false;
                    }
                    if (q.users.values().stream().anyMatch(k -> k.triggered && k.enabled)) trigger(ops, q);
                    continue;
                }
                if ((data & TIMER_TAG) != 0 && data != USER_TAG) {
                    Knote k = q.timers.get(data & ~TIMER_TAG);
                    if (k == null || !k.enabled) continue;
                    long cnt = ops.call(USER_SCRATCH, 8);
                    if (ops.call(READ, k.timerfd, cnt, 8) != 8) continue; // already taken
                    store(ops, d, events + (long) out * d.size(), k.ident, EVFILT_TIMER, k.flags & (EV_ONESHOT | EV_CLEAR), 0,
                            GuestMemory.load64(ops, cnt), k.udata);
                    out++;
                    if ((k.flags & EV_ONESHOT) != 0) {
                        q.timers.remove(k.ident);
                        ops.call(CLOSE, k.timerfd);
                    } else if ((k.flags & EV_DISPATCH) != 0) {
                        k.enabled = false;
                    }
                    continue;
                }
                List<Knote> notes = q.byIdent.get(data);
                if (notes == null) continue;
                boolean eof = (ev & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != 0;
                for (Knote k : new ArrayList<>(notes)) {
                    if (!k.enabled || out >= nevents) continue;
                    boolean ready = k.filter == EVFILT_READ ? (ev & (EPOLLIN | EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != 0
                            : (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
                    if (!ready) continue;
                    store(ops, d, events + (long) out * d.size(), k.ident, k.filter, (k.flags & (EV_ONESHOT | EV_CLEAR)) | (eof ? EV_EOF : 0),
                            0, 0, k.udata);
                    out++;
                    if ((k.flags & (EV_ONESHOT | EV_DISPATCH)) != 0) {
                        if ((k.flags & EV_ONESHOT) != 0) notes.remove(k);
                        else k.enabled = false;
                        rearm(ops, kq, q, k.ident);
                    }
                }
            }
        }
        return out;
    }

    private static void store(KernelOps ops, Dialect d, long at, long ident, int filter, int flags, int fflags, long data, long udata) {
        for (int i = 0; i < d.size(); i += 8) GuestMemory.store(ops, at + i, 0, 8);
        GuestMemory.store(ops, at, ident, 8);
        GuestMemory.store(ops, at + d.filterAt(), d.fromFreeBsd(filter), d.filterWidth());
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
            long r = epollCtl(ops, kq, 2, (int) ident, 0, 0);
            return r == Errno.ENOENT.negative() ? 0 : r;
        }
        long r = epollCtl(ops, kq, 3, (int) ident, want, ident);
        if (r == Errno.ENOENT.negative()) r = epollCtl(ops, kq, 1, (int) ident, want, ident);
        return r;
    }

    private static long change(KernelOps ops, int kq, Queue q, long ident, int filter, int flags, int fflags, long udata) {
        if (filter == EVFILT_USER) return changeUser(ops, kq, q, ident, flags, fflags, udata);
        if (filter == EVFILT_TIMER) return changeTimer(ops, kq, q, ident, flags, fflags, udata);
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

    /** data of a timer's change: its period (or, with NOTE_ABSTIME, its time) in the unit fflags name (milliseconds by default). */
    private static long changeTimer(KernelOps ops, int kq, Queue q, long ident, int flags, int fflags, long udata) {
        Knote k = q.timers.get(ident);
        if ((flags & EV_DELETE) != 0) {
            if (k == null) return Errno.ENOENT.negative();
            q.timers.remove(ident);
            ops.call(CLOSE, k.timerfd);
            return 0;
        }
        if (k == null) return Errno.ENOENT.negative(); // EV_ADD arms through armTimer
        if ((flags & EV_ENABLE) != 0) k.enabled = true;
        if ((flags & EV_DISABLE) != 0) k.enabled = false;
        return 0;
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
            long fd = ops.call(TIMERFD_CREATE, abs ? 0 : 1, 0x800 | 0x80000); // TFD_NONBLOCK | TFD_CLOEXEC
            if (fd < 0) return fd;
            long r = epollCtl(ops, kq, 1, (int) fd, EPOLLIN, TIMER_TAG | ident);
            if (r < 0) {
                ops.call(CLOSE, fd);
                return r;
            }
            k = new Knote(ident, EVFILT_TIMER);
            k.timerfd = (int) fd;
            q.timers.put(ident, k);
        }
        k.flags = flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH);
        k.udata = udata;
        k.enabled = (flags & EV_DISABLE) == 0;
        long its = ops.call(USER_SCRATCH, 32);
        if (its < 0) return its;
        long first = Math.max(ns, abs ? 0 : 1); // a period of 0 fires at once, as FreeBSD's
        GuestMemory.store(ops, its, (k.flags & EV_ONESHOT) != 0 || abs ? 0 : first / 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 8, (k.flags & EV_ONESHOT) != 0 || abs ? 0 : first % 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 16, first / 1_000_000_000L, 8);
        GuestMemory.store(ops, its + 24, first % 1_000_000_000L, 8);
        return ops.call(TIMERFD_SETTIME, k.timerfd, abs ? 1 : 0, its, 0);
    }

    private static long changeUser(KernelOps ops, int kq, Queue q, long ident, int flags, int fflags, long udata) {
        Knote k = q.users.get(ident);
        if ((flags & EV_DELETE) != 0) return q.users.remove(ident) == null ? Errno.ENOENT.negative() : 0;
        if (k == null) {
            if ((flags & EV_ADD) == 0) return Errno.ENOENT.negative();
            if (q.eventfd < 0) {
                long fd = ops.call(EVENTFD, 0, 0x80000 | 0x800); // EFD_CLOEXEC | EFD_NONBLOCK
                if (fd < 0) return fd;
                q.eventfd = (int) fd;
                long r = epollCtl(ops, kq, 1, q.eventfd, EPOLLIN, USER_TAG);
                if (r < 0) return r;
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
