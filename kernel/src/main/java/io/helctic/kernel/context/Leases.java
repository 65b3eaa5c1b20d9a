package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.scheme.Fasync;
import io.helctic.kernel.scheme.Handle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.helctic.kernel.vfs.Notify.Inode;

/**
 * File leases (fcntl F_SETLEASE / F_GETLEASE, Linux's fs/locks.c), one table per kernel beside
 * its record locks: a lease belongs to an open file description on a regular file (its (st_dev,
 * st_ino)); an open that conflicts with one — any open against a write lease, a writing open
 * against any — tells the holder (its owner gets F_SETSIG's signal or SIGIO, POLL_MSG) and waits
 * until the holder downgrades or removes it, or lease-break-time passes and the kernel does it;
 * an O_NONBLOCK open gets EWOULDBLOCK at once. Host programs do not see these leases.
 */
public final class Leases {
    /** /proc/sys/fs/lease-break-time, in seconds. */
    public static final int BREAK_TIME = 45;

    private static final class Lease {
        final Handle file;
        final Fasync.Registrations signals = new Fasync.Registrations();
        int type;
        boolean unlockPending, downgradePending;
        long breakAt, downgradeAt;

        Lease(Handle file, int type) {
            this.file = file;
            this.type = type;
        }

        /** target_leasetype: what the lease is becoming while broken. */
        int target() {
            return unlockPending ? F_UNLCK : downgradePending ? F_RDLCK : type;
        }
    }

    private final Map<Inode, List<Lease>> leases = new HashMap<>();
    private final FileTable.Descriptions open;

    Leases(FileTable.Descriptions open) {
        this.open = open;
    }

    /** F_GETLEASE: the type of the lease this description holds (what it is becoming while broken), or F_UNLCK. */
    public synchronized int get(Handle h) {
        if (leases.isEmpty()) return F_UNLCK;
        Handle.Stat st = h.stat();
        if (st == null) return F_UNLCK;
        timeOut(Inode.of(st));
        for (Lease l : leases.getOrDefault(Inode.of(st), List.of())) if (l.file == h) return l.target();
        return F_UNLCK;
    }

    /**
     * F_SETLEASE: F_RDLCK or F_WRLCK through descriptor {@code fd} (the holder's signals name it),
     * or F_UNLCK. EINVAL for another file kind or type, EACCES for a caller neither owner nor
     * CAP_LEASE, EAGAIN for a conflicting open or lease (check_conflicting_open), or no lease to remove.
     */
    public long set(Handle h, int fd, int type, Credentials caller) {
        Handle.Stat st = h.stat();
        if (st == null || (st.uid() != caller.fsuid() && !caller.capable(io.helctic.abi.uapi.Proc.CAP_LEASE))) {
            return Errno.EACCES.negative();
        }
        if (st.type() != Handle.S_IFREG) return Errno.EINVAL.negative();
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) return Errno.EINVAL.negative();
        Inode ino = Inode.of(st);
        synchronized (this) {
            timeOut(ino);
            List<Lease> list = leases.getOrDefault(ino, List.of());
            Lease mine = null;
            for (Lease l : list) if (l.file == h) mine = l;
            if (type == F_UNLCK) {
                if (mine == null) return Errno.EAGAIN.negative();
                modify(ino, mine, F_UNLCK);
                return 0;
            }
            long conflict = conflictingOpen(h, ino, type);
            if (conflict < 0) return conflict;
            for (Lease l : list) {
                if (l == mine) continue;
                if (type == F_WRLCK || l.unlockPending) return Errno.EAGAIN.negative();
            }
            if (mine != null) {
                modify(ino, mine, type);
                mine.signals.set(h, fd, true);
            } else {
                mine = new Lease(h, type);
                mine.signals.set(h, fd, true);
                leases.computeIfAbsent(ino, k -> new ArrayList<>()).add(mine);
            }
            return 0; // the registration turned O_ASYNC on, as fasync_insert_entry does
        }
    }

    /**
     * check_conflicting_open: a read lease needs the file open for writing nowhere (this
     * description included); a write lease needs this description to be its only open.
     */
    private long conflictingOpen(Handle h, Inode ino, int type) {
        int writers = 0, readers = 0;
        for (Handle o : open.snapshot()) {
            Handle.Stat st = o.stat();
            if (st == null || st.type() != Handle.S_IFREG || !Inode.of(st).equals(ino)) continue;
            if ((o.statusFlags() & O_PATH) != 0) continue;
            if ((o.statusFlags() & O_ACCMODE) == O_RDONLY) readers++;
            else writers++;
        }
        if (type == F_RDLCK) return writers > 0 ? Errno.EAGAIN.negative() : 0;
        boolean selfWrites = (h.statusFlags() & O_ACCMODE) != O_RDONLY;
        return writers != (selfWrites ? 1 : 0) || readers != (selfWrites ? 0 : 1) ? Errno.EAGAIN.negative() : 0;
    }

    /** lease_modify: a new type, pending breaks it satisfies cleared, waiters woken; F_UNLCK removes it and its owner. */
    private void modify(Inode ino, Lease l, int type) {
        l.type = type == F_UNLCK ? l.type : type;
        if (type == F_UNLCK) l.unlockPending = false; // lease_clear_pending
        if (type != F_WRLCK) l.downgradePending = false;
        notifyAll();
        if (type == F_UNLCK) {
            Fasync.ownerOf(l.file).set(Fasync.Type.PID, 0, null, 0, 0, null, true); // f_delown
            Fasync.ownerOf(l.file).setSignum(0, null);
            l.signals.set(l.file, -1, false); // and O_ASYNC off
            List<Lease> list = leases.get(ino);
            list.remove(l);
            if (list.isEmpty()) leases.remove(ino);
        }
    }

    /** time_out_leases: breaks whose time has passed are done by the kernel. */
    private void timeOut(Inode ino) {
        List<Lease> list = leases.get(ino);
        if (list == null) return;
        long now = System.nanoTime();
        for (Lease l : new ArrayList<>(list)) {
            if (l.downgradePending && now - l.downgradeAt >= 0) modify(ino, l, F_RDLCK);
            if (l.unlockPending && now - l.breakAt >= 0) modify(ino, l, F_UNLCK);
        }
    }

    private static boolean conflicts(Lease l, boolean write) {
        return write || l.type == F_WRLCK;
    }

    /**
     * __break_lease for an open (or truncate) of the file {@code st} with {@code flags}: every
     * conflicting lease is broken (its holder signalled once), then the caller waits until none
     * conflicts. EWOULDBLOCK at once for O_NONBLOCK; ERESTARTSYS when a signal ends the wait.
     */
    public long breakFor(Handle.Stat st, int flags) {
        if (st == null || st.type() != Handle.S_IFREG) return 0;
        boolean write = (flags & O_ACCMODE) != O_RDONLY;
        Inode ino = Inode.of(st);
        List<Lease> tell = new ArrayList<>();
        synchronized (this) {
            if (leases.isEmpty()) return 0;
            timeOut(ino);
            if (!anyConflict(ino, write)) return 0;
            long until = System.nanoTime() + BREAK_TIME * 1_000_000_000L;
            for (Lease l : leases.get(ino)) {
                if (!conflicts(l, write)) continue;
                if (write) {
                    if (l.unlockPending) continue;
                    l.unlockPending = true;
                    l.breakAt = until;
                } else {
                    if (l.unlockPending || l.downgradePending) continue;
                    l.downgradePending = true;
                    l.downgradeAt = until;
                }
                tell.add(l);
            }
        }
        for (Lease l : tell) l.signals.kill(Signal.POLL_MSG); // lease_break_callback
        synchronized (this) {
            if (!leases.containsKey(ino)) return 0;
            if ((flags & O_NONBLOCK) != 0) return Errno.EAGAIN.negative();
            while (anyConflict(ino, write)) {
                long first = Long.MAX_VALUE;
                for (Lease l : leases.get(ino)) {
                    if (l.unlockPending) first = Math.min(first, l.breakAt - System.nanoTime());
                    else if (l.downgradePending) first = Math.min(first, l.downgradeAt - System.nanoTime());
                }
                try {
                    if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
                    if (first == Long.MAX_VALUE) wait();
                    else if (first > 0) wait(Math.max(1, first / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return KernelCode.ERESTARTSYS.negative();
                }
                timeOut(ino);
            }
            return 0;
        }
    }

    private boolean anyConflict(Inode ino, boolean write) {
        for (Lease l : leases.getOrDefault(ino, List.of())) if (conflicts(l, write)) return true;
        return false;
    }

    /** The description's last reference went (locks_remove_file): its lease goes, and whoever waited on it looks again. */
    public void released(Handle h) {
        synchronized (this) {
            if (leases.isEmpty()) return;
        }
        Handle.Stat st = h.stat();
        if (st == null) return;
        synchronized (this) {
            Inode ino = Inode.of(st);
            for (Lease l : new ArrayList<>(leases.getOrDefault(ino, List.of()))) if (l.file == h) modify(ino, l, F_UNLCK);
        }
    }
}
