package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Ipc.SHM_DEST;
import static io.helctic.abi.uapi.Ipc.SHM_LOCKED;

import io.helctic.abi.Struct;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.MemoryBacking;
import io.helctic.kernel.memory.SharedPages;

/**
 * A System V shared memory segment: its bytes live in the kernel ({@link MemoryBacking}) and every
 * attach maps the same {@link SharedPages}, so attaches in one process, in others and across fork
 * share frames. It counts its attaches; after IPC_RMID it is marked SHM_DEST, loses its key, and
 * goes at the last detach (an attach by id is still allowed until then, as Linux allows).
 */
public final class SharedSegment extends IpcObject {
    private final IpcIds<SharedSegment> ids;
    private final long size;
    private final SharedPages pages;
    private final int cpid;
    private int lpid, nattch;
    private long atime, dtime;

    SharedSegment(IpcIds<SharedSegment> ids, int id, IpcPerm perm, long size, int cpid) {
        super(id, perm);
        this.ids = ids;
        this.size = size;
        this.cpid = cpid;
        this.store = new MemoryBacking(AddressSpace.pageUp(size));
        this.pages = SharedPages.of(store, mapName());
    }

    /** A new segment of size bytes created by process cpid. */
    public static IpcIds.Factory<SharedSegment> maker(IpcIds<SharedSegment> ids, long size, int cpid) {
        return (id, perm) -> new SharedSegment(ids, id, perm, size, cpid);
    }

    public long size() { return size; }

    private final MemoryBacking store;

    /** Pages the segment holds in memory (SHM_INFO's shm_rss): those ever written or mapped. */
    public long residentPages() {
        java.util.Set<Long> in = store.storedIndexes();
        in.addAll(pages.cachedIndexes());
        return in.size();
    }

    /** SHM_LOCK / SHM_UNLOCK: the SHM_LOCKED mode bit (guest memory is never swapped either way). */
    public synchronized void setLocked(boolean locked) {
        perm.mode = locked ? perm.mode | SHM_LOCKED : perm.mode & ~SHM_LOCKED;
    }

    public SharedPages pages() { return pages; }

    /** What /proc/PID/maps shows for an attach: Linux's SYSV name with the key. */
    public String mapName() {
        return String.format("/SYSV%08x (deleted)", perm.key);
    }

    /** Process pid attached it (shmat, or a fork's child inheriting an attach). */
    synchronized void attached(int pid) {
        nattch++;
        lpid = pid;
        atime = SysV.now();
    }

    /** Process pid detached it (shmdt, exec, exit): the last detach of a removed segment destroys it. */
    synchronized void detached(int pid) {
        nattch--;
        lpid = pid;
        dtime = SysV.now();
        if (nattch == 0 && (perm.mode & SHM_DEST) != 0) ids.remove(this);
    }

    /** IPC_RMID: destroyed now if nothing is attached, else at the last detach. */
    public synchronized void remove() {
        perm.mode |= SHM_DEST;
        perm.key = 0;
        if (nattch == 0) ids.remove(this);
    }

    /** IPC_SET. */
    public synchronized void set(byte[] ds) {
        setFrom(ds, Struct.SHMID_DS, "shm_perm");
    }

    /** IPC_STAT: struct shmid64_ds. */
    public synchronized byte[] stat() {
        return statWith(Struct.SHMID_DS, "shm_perm", (l, b) -> {
            l.put(b, "shm_segsz", size);
            l.put(b, "shm_atime", atime);
            l.put(b, "shm_dtime", dtime);
            l.put(b, "shm_ctime", ctime);
            l.put(b, "shm_cpid", cpid);
            l.put(b, "shm_lpid", lpid);
            l.put(b, "shm_nattch", nattch);
        });
    }
}
