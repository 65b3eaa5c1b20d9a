package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Ipc.IPC_CREAT;
import static io.helctic.abi.uapi.Ipc.IPC_EXCL;
import static io.helctic.abi.uapi.Ipc.IPC_PRIVATE;

import io.helctic.abi.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * The objects of one System V kind (Linux's struct ipc_ids): an id is the object's index (the
 * lowest free one) plus a sequence number shifted left by 15, so a stale id does not name a new
 * object at the same index; at most {@code max} objects.
 */
public final class IpcIds<T extends IpcObject> {
    private static final int SEQ_SHIFT = 15, SEQ_MAX = Integer.MAX_VALUE >> SEQ_SHIFT;

    /** Makes the new object with this id and perm. */
    public interface Factory<T> {
        T make(int id, IpcPerm perm);
    }

    private final int max;
    private final TreeMap<Integer, T> byIndex = new TreeMap<>();
    private int seq;

    IpcIds(int max) {
        this.max = max;
    }

    /**
     * Linux's ipcget: the object of key (IPC_PRIVATE: a new one), created when absent and
     * IPC_CREAT is set. {@code creating} checks the arguments of a creation (0 or -errno);
     * {@code existing} those of a lookup after the permission check. Returns the id or -errno.
     */
    public synchronized long get(int key, int flags, io.helctic.kernel.context.Credentials c, IntSupplier creating, Factory<T> make,
                                 ToIntFunction<T> existing) {
        if (key != IPC_PRIVATE) {
            T found = null;
            for (T t : byIndex.values()) if (t.perm.key == key) found = t;
            if (found != null) {
                if ((flags & IPC_CREAT) != 0 && (flags & IPC_EXCL) != 0) return Errno.EEXIST.negative();
                if (!found.perm.permits(c, flags)) return Errno.EACCES.negative();
                int bad = existing.applyAsInt(found);
                return bad != 0 ? bad : found.id;
            }
            if ((flags & IPC_CREAT) == 0) return Errno.ENOENT.negative();
        }
        int bad = creating.getAsInt();
        if (bad != 0) return bad;
        if (byIndex.size() >= max) return Errno.ENOSPC.negative();
        int index = 0;
        while (byIndex.containsKey(index)) index++;
        int s = seq;
        seq = seq >= SEQ_MAX ? 0 : seq + 1;
        T t = make.make((s << SEQ_SHIFT) | index, new IpcPerm(key, c.euid(), c.egid(), flags, s));
        byIndex.put(index, t);
        return t.id;
    }

    /** The object this id names, or null (EINVAL). */
    public synchronized T byId(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) return null;
        T t = byIndex.get((int) id & ((1 << SEQ_SHIFT) - 1));
        return t != null && t.id == id ? t : null;
    }

    /** The object at this index (the *_STAT commands), or null. */
    public synchronized T atIndex(long index) {
        return index < 0 || index > Integer.MAX_VALUE ? null : byIndex.get((int) index);
    }

    synchronized void remove(T t) {
        byIndex.remove(t.id & ((1 << SEQ_SHIFT) - 1), t);
    }

    /** Linux's ipc_get_maxidx: the highest index in use, -1 when none is. */
    public synchronized int maxIndex() {
        return byIndex.isEmpty() ? -1 : byIndex.lastKey();
    }

    public synchronized List<T> all() {
        return new ArrayList<>(byIndex.values());
    }
}
