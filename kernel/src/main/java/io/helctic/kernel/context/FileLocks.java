package io.helctic.kernel.context;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Notify.Inode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Advisory file locks, as Linux keeps them, between the processes of one kernel:
 * <ul>
 * <li>record locks (fcntl F_SETLK/F_SETLKW/F_GETLK): byte ranges, shared or exclusive, owned by
 * a descriptor table (a process and its threads); split, merged and converted as POSIX says;
 * released when the owner closes any descriptor of the file, and at its exit;
 * <li>open file description locks (F_OFD_*): the same ranges in the same space, owned by the
 * open file description, released when its last descriptor closes;
 * <li>flock locks: whole-file, shared or exclusive, owned by the open file description, in a
 * space of their own.
 * </ul>
 * A file is its inode (st_dev, st_ino), so two opens of one file contend. Waits sleep on this
 * monitor until a lock goes and end with ERESTARTSYS when the thread is woken for a signal; a
 * record-lock wait that would close a cycle of processes waiting for each other fails with
 * EDEADLK. Host programs and other kernels do not see these locks.
 */
public final class FileLocks {
    /** A record lock: [start, end] inclusive (end Long.MAX_VALUE: to the end of any file). */
    public record Range(Object owner, int pid, boolean write, long start, long end) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }
    }

    private final Map<Inode, List<Range>> ranges = new HashMap<>();
    private final Map<Inode, Map<Object, Boolean>> flocks = new HashMap<>();
    /** Whose locks each owner holds on which files, so a close by an owner with none costs nothing. */
    private final Map<Object, List<Inode>> held = new IdentityHashMap<>();
    /** The owner each blocked record-lock owner waits for (deadlock detection). */
    private final Map<Object, Object> waitsFor = new IdentityHashMap<>();

    /** Whether any lock was ever taken: until then a close takes no lock here. */
    private volatile boolean anyHeld;

    private boolean holdsAny(Object owner) {
        if (!anyHeld) return false;
        synchronized (this) {
            return held.containsKey(owner);
        }
    }

    private void note(Object owner, Inode k) {
        anyHeld = true;
        List<Inode> l = held.computeIfAbsent(owner, o -> new ArrayList<>());
        if (!l.contains(k)) l.add(k);
    }

    private void forgetIfNone(Object owner, Inode k) {
        boolean any = ranges.getOrDefault(k, List.of()).stream().anyMatch(r -> r.owner() == owner)
                || flocks.getOrDefault(k, Map.of()).containsKey(owner);
        if (any) return;
        List<Inode> l = held.get(owner);
        if (l == null) return;
        l.remove(k);
        if (l.isEmpty()) held.remove(owner);
    }

    // ---- record locks ---------------------------------------------------------------------

    /** The first lock of another owner that would keep {@code owner} from this lock, or null (F_GETLK). */
    public synchronized Range conflict(Handle file, Object owner, boolean write, long start, long end) {
        Inode k = Inode.of(file.stat());
        return k == null ? null : conflictIn(k, owner, write, start, end);
    }

    private volatile boolean neverConflict;

    /** The planted bug of the locks guest's test: no lock ever conflicts, as when locks were no-ops. */
    public void plantNeverConflict() {
        neverConflict = true;
    }

    private Range conflictIn(Inode k, Object owner, boolean write, long start, long end) {
        if (neverConflict) return null;
        for (Range r : ranges.getOrDefault(k, List.of())) {
            if (r.owner() != owner && r.overlaps(start, end) && (write || r.write())) return r;
        }
        return null;
    }

    /**
     * F_SETLK(W) and F_OFD_SETLK(W): takes (or with {@code type} F_UNLCK, -1 here, releases)
     * [start, end] for {@code owner}. {@code detectDeadlock} for process-owned locks.
     */
    public synchronized long lock(Handle file, Object owner, int pid, int type, long start, long end, boolean wait,
                                  boolean detectDeadlock) {
        Inode k = Inode.of(file.stat());
        if (k == null) return Errno.EBADF.negative();
        if (type < 0) {
            carve(k, owner, start, end);
            forgetIfNone(owner, k);
            notifyAll();
            return 0;
        }
        boolean write = type == 1;
        while (true) {
            Range c = conflictIn(k, owner, write, start, end);
            if (c == null) break;
            if (!wait) return Errno.EAGAIN.negative();
            if (detectDeadlock && closesCycle(owner, c.owner())) return Errno.EDEADLK.negative();
            long r = await(owner, c.owner());
            if (r != 0) return r;
        }
        carve(k, owner, start, end);
        List<Range> l = ranges.computeIfAbsent(k, x -> new ArrayList<>());
        // merge with the owner's adjacent or overlapping locks of the same type
        long s = start, e = end;
        for (Iterator<Range> it = l.iterator(); it.hasNext();) {
            Range r = it.next();
            if (r.owner() != owner || r.write() != write) continue;
            boolean touches = r.overlaps(s == Long.MIN_VALUE ? s : s - 1, e == Long.MAX_VALUE ? e : e + 1);
            if (touches) {
                s = Math.min(s, r.start());
                e = Math.max(e, r.end());
                it.remove();
            }
        }
        l.add(new Range(owner, pid, write, s, e));
        note(owner, k);
        notifyAll(); // a write lock turned into a read lock may let others in
        return 0;
    }

    /** Removes [start, end] from the owner's locks on the file, splitting a lock that spans it. */
    private void carve(Inode k, Object owner, long start, long end) {
        List<Range> l = ranges.get(k);
        if (l == null) return;
        List<Range> keep = new ArrayList<>();
        for (Range r : l) {
            if (r.owner() != owner || !r.overlaps(start, end)) {
                keep.add(r);
                continue;
            }
            if (r.start() < start) keep.add(new Range(owner, r.pid(), r.write(), r.start(), start - 1));
            if (r.end() > end) keep.add(new Range(owner, r.pid(), r.write(), end + 1, r.end()));
        }
        if (keep.isEmpty()) ranges.remove(k);
        else ranges.put(k, keep);
    }

    /** Whether {@code owner} waiting for {@code blocker} would close a cycle of waiting owners. */
    private boolean closesCycle(Object owner, Object blocker) {
        Object o = blocker;
        for (int hops = 0; o != null && hops < 1024; hops++) {
            if (o == owner) return true;
            o = waitsFor.get(o);
        }
        return false;
    }

    /** Sleeps until some lock changes; ERESTARTSYS when the thread is woken for a signal. */
    private long await(Object owner, Object blocker) {
        if (Thread.currentThread().isInterrupted()) return KernelCode.ERESTARTSYS.negative();
        waitsFor.put(owner, blocker);
        try {
            wait();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the runner takes the signal
            return KernelCode.ERESTARTSYS.negative();
        } finally {
            waitsFor.remove(owner);
        }
    }

    // ---- flock ----------------------------------------------------------------------------

    /** flock: {@code type} 0 shared, 1 exclusive, -1 unlock, for the open file description {@code owner}. */
    public synchronized long flock(Handle file, Object owner, int type, boolean wait) {
        Inode k = Inode.of(file.stat());
        if (k == null) return Errno.EBADF.negative();
        Map<Object, Boolean> m = flocks.computeIfAbsent(k, x -> new IdentityHashMap<>());
        if (type < 0) {
            m.remove(owner);
            if (m.isEmpty()) flocks.remove(k);
            forgetIfNone(owner, k);
            notifyAll();
            return 0;
        }
        boolean exclusive = type == 1;
        // As Linux, a conversion drops the old lock first: it is not atomic.
        if (m.remove(owner) != null) notifyAll();
        while (true) {
            boolean blocked = false;
            for (Map.Entry<Object, Boolean> e : neverConflict ? Map.<Object, Boolean>of().entrySet() : m.entrySet()) {
                if (e.getKey() != owner && (exclusive || e.getValue())) blocked = true;
            }
            if (!blocked) break;
            if (!wait) {
                if (m.isEmpty()) flocks.remove(k);
                forgetIfNone(owner, k);
                return Errno.EAGAIN.negative(); // EWOULDBLOCK
            }
            long r = await(owner, null);
            if (r != 0) {
                forgetIfNone(owner, k);
                return r;
            }
            m = flocks.computeIfAbsent(k, x -> new IdentityHashMap<>());
        }
        m.put(owner, exclusive);
        note(owner, k);
        return 0;
    }

    // ---- release --------------------------------------------------------------------------

    /** A descriptor table closed a descriptor of {@code file}: its record locks on the file go (POSIX). */
    public void closedBy(Object table, Handle file) {
        if (!holdsAny(table)) return;
        Inode k = Inode.of(file.stat());
        if (k == null) return;
        synchronized (this) {
            carve(k, table, Long.MIN_VALUE, Long.MAX_VALUE);
            forgetIfNone(table, k);
            notifyAll();
        }
    }

    /** The last descriptor of an open file description closed: its OFD and flock locks go. */
    public void released(Handle description) {
        if (!anyHeld) return;
        synchronized (this) {
            releasedLocked(description);
        }
    }

    private void releasedLocked(Handle description) {
        List<Inode> keys = held.remove(description);
        if (keys == null) return;
        for (Inode k : keys) {
            carve(k, description, Long.MIN_VALUE, Long.MAX_VALUE);
            Map<Object, Boolean> m = flocks.get(k);
            if (m != null) {
                m.remove(description);
                if (m.isEmpty()) flocks.remove(k);
            }
        }
        notifyAll();
    }
}
