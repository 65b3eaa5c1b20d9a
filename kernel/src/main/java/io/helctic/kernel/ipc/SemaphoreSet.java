package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Ipc.IPC_NOWAIT;
import static io.helctic.abi.uapi.Ipc.SEMAEM;
import static io.helctic.abi.uapi.Ipc.SEMVMX;
import static io.helctic.abi.uapi.Ipc.SEM_UNDO;

import io.helctic.abi.Errno;
import io.helctic.abi.Struct;
import io.helctic.kernel.scheme.WaitQueue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A System V semaphore set: values, the pid of each one's last operation, the SEM_UNDO
 * adjustments of each process, and who waits. A semop applies all its operations or none;
 * a waiter retries each time the set changes ({@link #changed}), and a removed set answers EIDRM.
 */
public final class SemaphoreSet extends IpcObject {
    /** One struct sembuf. */
    public record Op(int num, int op, int flags) {}

    /** What a waiter waits for: semaphore num to grow (GETNCNT) or to reach zero (GETZCNT). */
    public static final class Waiter {
        int num = -1;
        boolean zero;
    }

    private final IpcIds<SemaphoreSet> ids;
    private final int[] values, pids;
    private final Map<ProcessIpc, short[]> undo = new IdentityHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long otime;
    private boolean removed;
    /** Announced on every change (and on removal): waiters look again. */
    public final WaitQueue changed = new WaitQueue();

    SemaphoreSet(IpcIds<SemaphoreSet> ids, int id, IpcPerm perm, int nsems) {
        super(id, perm);
        this.ids = ids;
        this.values = new int[nsems];
        this.pids = new int[nsems];
    }

    public static IpcIds.Factory<SemaphoreSet> maker(IpcIds<SemaphoreSet> ids, int nsems) {
        return (id, perm) -> new SemaphoreSet(ids, id, perm, nsems);
    }

    public int size() { return values.length; }

    /**
     * Tries the operations for process pid: 0 when all were applied, 1 when one must wait (the
     * waiter then names it), or -errno: EAGAIN (IPC_NOWAIT on the one that would wait), ERANGE,
     * EIDRM (the set was removed).
     */
    public synchronized int tryOps(Op[] ops, int pid, ProcessIpc who, Waiter w) {
        if (removed) return (int) Errno.EIDRM.negative();
        int[] v = values.clone();
        short[] adj = undo.get(who);
        for (Op o : ops) {
            int cur = v[o.num()];
            int result = cur + o.op();
            if ((o.op() == 0 && cur != 0) || result < 0) {
                if ((o.flags() & IPC_NOWAIT) != 0) return (int) Errno.EAGAIN.negative();
                w.num = o.num();
                w.zero = o.op() == 0;
                return 1;
            }
            if (result > SEMVMX) return (int) Errno.ERANGE.negative();
            if ((o.flags() & SEM_UNDO) != 0) {
                int u = (adj == null ? 0 : adj[o.num()]) - o.op();
                if (u < -SEMAEM - 1 || u > SEMAEM) return (int) Errno.ERANGE.negative();
            }
            v[o.num()] = result;
        }
        System.arraycopy(v, 0, values, 0, v.length);
        for (Op o : ops) {
            pids[o.num()] = pid;
            if ((o.flags() & SEM_UNDO) != 0 && o.op() != 0) {
                if (adj == null) {
                    undo.put(who, adj = new short[values.length]);
                    who.holdsUndo(this);
                }
                adj[o.num()] -= (short) o.op();
            }
        }
        otime = SysV.now();
        changed.wake(0);
        return 0;
    }

    /** A waiter starts (true) or stops waiting; GETNCNT and GETZCNT count them. */
    public synchronized void waiting(Waiter w, boolean start) {
        if (start) waiters.add(w);
        else waiters.remove(w);
    }

    /** The process exits: its adjustments are applied, each value kept within 0..SEMVMX. */
    synchronized void applyUndo(ProcessIpc who, int pid) {
        short[] adj = undo.remove(who);
        if (adj == null || removed) return;
        for (int i = 0; i < values.length; i++) {
            if (adj[i] == 0) continue;
            values[i] = Math.clamp((long) values[i] + adj[i], 0, SEMVMX);
            pids[i] = pid;
        }
        changed.wake(0);
    }

    /** GETVAL, GETPID, GETNCNT, GETZCNT of semaphore num (in range). */
    public synchronized int value(int num) { return values[num]; }

    public synchronized int pid(int num) { return pids[num]; }

    public synchronized int count(int num, boolean zero) {
        int n = 0;
        for (Waiter w : waiters) if (w.num == num && w.zero == zero) n++;
        return n;
    }

    public synchronized int[] all() { return values.clone(); }

    /** SETVAL (vals of one, at num) or SETALL (num -1): ERANGE past SEMVMX; adjustments for them are cleared. */
    public synchronized int set(int num, int[] vals, int pid) {
        for (int x : vals) if (x < 0 || x > SEMVMX) return (int) Errno.ERANGE.negative();
        for (int i = 0; i < vals.length; i++) {
            int at = num < 0 ? i : num;
            values[at] = vals[i];
            pids[at] = pid;
            for (short[] adj : undo.values()) adj[at] = 0;
        }
        ctime = SysV.now();
        changed.wake(0);
        return 0;
    }

    /** IPC_RMID: waiters get EIDRM. */
    public void remove() {
        synchronized (this) {
            removed = true;
            undo.clear();
        }
        ids.remove(this);
        changed.wake(0);
    }

    public synchronized void setPerm(byte[] ds) {
        setFrom(ds, Struct.SEMID_DS, "sem_perm");
    }

    /** IPC_STAT: struct semid64_ds. */
    public synchronized byte[] stat() {
        return statWith(Struct.SEMID_DS, "sem_perm", (l, b) -> {
            l.put(b, "sem_otime", otime);
            l.put(b, "sem_ctime", ctime);
            l.put(b, "sem_nsems", values.length);
        });
    }
}
