package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Ipc.*;
import static io.helctic.abi.uapi.Proc.CAP_SYS_RESOURCE;

import io.helctic.abi.Errno;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelCode;
import io.helctic.abi.Struct;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.ipc.IpcObject;
import io.helctic.kernel.ipc.MessageQueue;
import io.helctic.kernel.ipc.ProcessIpc;
import io.helctic.kernel.ipc.SemaphoreSet;
import io.helctic.kernel.ipc.SharedSegment;
import io.helctic.kernel.ipc.SysV;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.Grant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * System V IPC: shared memory (shmget, shmat, shmdt, shmctl), semaphores (semget, semop and
 * semtimedop, semctl) and message queues (msgget, msgsnd, msgrcv, msgctl), with Linux's order of
 * checks and errnos. The objects live in {@link SysV}; each process's attaches and SEM_UNDO
 * adjustments in its {@link ProcessIpc}. IPC_INFO and the *_INFO commands report Linux's limits and what is in use.
 */
final class IpcOps {
    private final SysV sysv;

    IpcOps(SysV sysv) {
        this.sysv = sysv;
    }

    private static Process process() {
        return Context.current().process();
    }

    private static int pid() {
        return process().pid();
    }

    /** The credentials the permission checks use (their effective ids and capabilities). */
    private static io.helctic.kernel.context.Credentials creds() {
        return process().credentials();
    }

    // ---- shared memory ----

    long shmget(long key, long size, long flags) {
        return sysv.shm.get((int) key, (int) flags, creds(),
                () -> size < SHMMIN || Long.compareUnsigned(size, SHMMAX) > 0 ? (int) Errno.EINVAL.negative() : 0,
                SharedSegment.maker(sysv.shm, size, pid()),
                seg -> Long.compareUnsigned(seg.size(), size) < 0 ? (int) Errno.EINVAL.negative() : 0);
    }

    long shmat(long shmid, long addr, long flags) {
        if (shmid < 0) return Errno.EINVAL.negative();
        if (addr != 0) {
            if ((addr & (SHMLBA - 1)) != 0) {
                if ((flags & SHM_RND) != 0 && addr >= SHMLBA) addr &= ~(long) (SHMLBA - 1);
                else return Errno.EINVAL.negative();
            }
        } else if ((flags & SHM_REMAP) != 0) {
            return Errno.EINVAL.negative();
        }
        boolean rdonly = (flags & SHM_RDONLY) != 0;
        int prot = io.helctic.abi.uapi.Mman.PROT_READ | (rdonly ? 0 : io.helctic.abi.uapi.Mman.PROT_WRITE)
                | ((flags & SHM_EXEC) != 0 ? io.helctic.abi.uapi.Mman.PROT_EXEC : 0);
        SharedSegment seg = sysv.shm.byId(shmid);
        if (seg == null) return Errno.EINVAL.negative();
        if (!seg.perm().permits(creds(), rdonly ? 0444 : 0666)) return Errno.EACCES.negative();
        AddressSpace space = Context.current().space();
        long len = AddressSpace.pageUp(seg.size());
        if (addr != 0 && (flags & SHM_REMAP) == 0 && (addr + len < addr || space.overlaps(addr, addr + len))) {
            return Errno.EINVAL.negative();
        }
        long at = space.map(addr, len, prot, addr != 0, false,
                start -> new Grant.Provider.Shared(seg.pages(), start, 0, !rdonly), seg.mapName());
        if (at < 0) return at;
        if (addr != 0) process().ipc().replaced(at, at + len, pid());
        process().ipc().attach(new ProcessIpc.Attach(at, len, seg), pid());
        return at;
    }

    long shmdt(long addr) {
        if ((addr & (AddressSpace.PAGE - 1)) != 0) return Errno.EINVAL.negative();
        ProcessIpc.Attach a = process().ipc().detach(addr, pid());
        if (a == null) return Errno.EINVAL.negative();
        Context.current().space().unmap(a.start(), a.length());
        return 0;
    }

    long shmctl(long shmid, long cmdArg, long buf) {
        int cmd = (int) cmdArg;
        if (cmd < 0 || shmid < 0) return Errno.EINVAL.negative();
        switch (cmd) {
            case IPC_INFO -> { // struct shminfo64: shmmax, shmmin, shmmni, shmseg, shmall and four unused
                ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(SHMMAX).putLong(SHMMIN).putLong(SHMMNI).putLong(SHMMNI).putLong(SHMALL);
                return UserAccess.put(buf, b.array()) ? Math.max(0, sysv.shm.maxIndex()) : Errno.EFAULT.negative();
            }
            case SHM_INFO -> { // struct shm_info: used_ids; shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes
                long tot = 0, rss = 0;
                java.util.List<SharedSegment> all = sysv.shm.all();
                for (SharedSegment s : all) {
                    tot += AddressSpace.pageUp(s.size()) / AddressSpace.PAGE;
                    rss += s.residentPages();
                }
                ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0, all.size()).putLong(8, tot).putLong(16, rss);
                return UserAccess.put(buf, b.array()) ? Math.max(0, sysv.shm.maxIndex()) : Errno.EFAULT.negative();
            }
            case SHM_LOCK, SHM_UNLOCK -> {
                SharedSegment s = sysv.shm.byId(shmid);
                if (s == null) return Errno.EINVAL.negative();
                io.helctic.kernel.context.Credentials c = creds();
                if (!c.capable(io.helctic.abi.uapi.Proc.CAP_IPC_LOCK)) {
                    if (!s.perm().ownerOrCreator(c)) return Errno.EPERM.negative();
                    if (cmd == SHM_LOCK && process().limit(io.helctic.abi.uapi.Proc.RLIMIT_MEMLOCK)[0] == 0) {
                        return Errno.EPERM.negative();
                    }
                }
                s.setLocked(cmd == SHM_LOCK);
                return 0;
            }
            default -> { }
        }
        return control(shmid, (int) cmd, buf, SHM_STAT, SHM_STAT_ANY, Struct.SHMID_DS, sysv.shm::byId, sysv.shm::atIndex,
                new Control<SharedSegment>() {
                    public byte[] stat(SharedSegment s) { return s.stat(); }
                    public long set(SharedSegment s, byte[] ds) { s.set(ds); return 0; }
                    public void remove(SharedSegment s) { s.remove(); }
                });
    }

    /** What the *ctl calls do to one kind of object. */
    private interface Control<T extends IpcObject> {
        byte[] stat(T t);

        long set(T t, byte[] ds);

        void remove(T t);
    }

    /** IPC_STAT, *_STAT(_ANY) (by index; returns the id), IPC_SET, IPC_RMID; other commands EINVAL. */
    private <T extends IpcObject> long control(long id, int cmd, long buf, int statCmd, int statAnyCmd, Struct ds,
                                               java.util.function.LongFunction<T> byId,
                                               java.util.function.LongFunction<T> atIndex, Control<T> c) {
        if (id < 0 && cmd != statCmd && cmd != statAnyCmd) return Errno.EINVAL.negative();
        int size = ds.layout(Isa.X86_64).size();
        if (cmd == IPC_STAT || cmd == statCmd || cmd == statAnyCmd) {
            T t = cmd == IPC_STAT ? byId.apply(id) : atIndex.apply(id);
            if (t == null) return Errno.EINVAL.negative();
            if (cmd != statAnyCmd && !t.perm().permits(creds(), 0444)) return Errno.EACCES.negative();
            if (!UserAccess.put(buf, c.stat(t))) return Errno.EFAULT.negative();
            return cmd == IPC_STAT ? 0 : t.id();
        }
        if (cmd != IPC_SET && cmd != IPC_RMID) return Errno.EINVAL.negative();
        byte[] in = null;
        if (cmd == IPC_SET && (in = UserAccess.get(buf, size)) == null) return Errno.EFAULT.negative();
        T t = byId.apply(id);
        if (t == null) return Errno.EINVAL.negative();
        if (!t.perm().owns(creds())) return Errno.EPERM.negative();
        if (cmd == IPC_RMID) {
            c.remove(t);
            return 0;
        }
        return c.set(t, in);
    }

    // ---- semaphores ----

    long semget(long key, long nsems, long flags) {
        if (nsems < 0 || nsems > SEMMSL) return Errno.EINVAL.negative();
        return sysv.sem.get((int) key, (int) flags, creds(), () -> {
            if (nsems == 0) return (int) Errno.EINVAL.negative();
            long used = 0;
            for (SemaphoreSet s : sysv.sem.all()) used += s.size();
            return used + nsems > SEMMNS ? (int) Errno.ENOSPC.negative() : 0;
        }, SemaphoreSet.maker(sysv.sem, (int) nsems), s -> nsems > s.size() ? (int) Errno.EINVAL.negative() : 0);
    }

    /** semop/semtimedop: never restarted after a signal (EINTR), EAGAIN when the time passes. */
    long semop(long semid, long sops, long nsops, long timeoutNs) {
        if (nsops < 1 || semid < 0) return Errno.EINVAL.negative();
        if (nsops > SEMOPM) return Errno.E2BIG.negative();
        Struct.Layout l = Struct.SEMBUF.layout(Isa.X86_64);
        byte[] raw = UserAccess.get(sops, (int) nsops * l.size());
        if (raw == null) return Errno.EFAULT.negative();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        SemaphoreSet.Op[] ops = new SemaphoreSet.Op[(int) nsops];
        int max = 0;
        boolean alter = false;
        for (int i = 0; i < ops.length; i++) {
            ByteBuffer one = b.slice(i * l.size(), l.size()).order(ByteOrder.LITTLE_ENDIAN);
            ops[i] = new SemaphoreSet.Op((int) l.get(one, "sem_num") & 0xffff, (int) l.get(one, "sem_op"),
                    (int) l.get(one, "sem_flg"));
            max = Math.max(max, ops[i].num());
            alter |= ops[i].op() != 0;
        }
        if (timeoutNs < -1) return Errno.EINVAL.negative();
        // Linux makes the process's undo list before it looks the set up (find_alloc_undo)
        for (SemaphoreSet.Op o : ops) if ((o.flags() & SEM_UNDO) != 0) process().ipc().undoListMade();
        SemaphoreSet set = sysv.sem.byId(semid);
        if (set == null) return Errno.EINVAL.negative();
        if (max >= set.size()) return Errno.EFBIG.negative();
        if (!set.perm().permits(creds(), alter ? 0666 : 0444)) return Errno.EACCES.negative();
        int pid = pid();
        ProcessIpc who = process().ipc();
        SemaphoreSet.Waiter w = new SemaphoreSet.Waiter();
        int first = set.tryOps(ops, pid, who, w);
        if (first <= 0) return first;
        set.waiting(w, true);
        try {
            long r = PollOps.waitOn(timeoutNs, () -> {
                int t = set.tryOps(ops, pid, who, w);
                return t == 0 ? 1 : t == 1 ? 0 : t;
            }, KernelCode.ERESTARTNOHAND, set.changed);
            if (r == 1) return 0;
            if (r == 0) return Errno.EAGAIN.negative();
            return r == KernelCode.ERESTARTNOHAND.negative() ? Errno.EINTR.negative() : r;
        } finally {
            set.waiting(w, false);
        }
    }

    long semctl(long semid, long semnum, long cmdArg, long arg) {
        int cmd = (int) cmdArg;
        if (semid < 0) return Errno.EINVAL.negative();
        switch (cmd) {
            case IPC_INFO, SEM_INFO -> { // struct seminfo: ten ints
                java.util.List<SemaphoreSet> all = sysv.sem.all();
                long used = 0;
                for (SemaphoreSet s : all) used += s.size();
                ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(SEMMNS).putInt(SEMMNI).putInt(SEMMNS).putInt(SEMMNS).putInt(SEMMSL).putInt(SEMOPM).putInt(SEMOPM)
                        .putInt(cmd == SEM_INFO ? all.size() : 20).putInt(SEMVMX)
                        .putInt(cmd == SEM_INFO ? (int) Math.min(used, Integer.MAX_VALUE) : SEMVMX);
                return UserAccess.put(arg, b.array()) ? Math.max(0, sysv.sem.maxIndex()) : Errno.EFAULT.negative();
            }
            case IPC_STAT, SEM_STAT, SEM_STAT_ANY, IPC_SET, IPC_RMID -> {
                return control(semid, cmd, arg, SEM_STAT, SEM_STAT_ANY, Struct.SEMID_DS, sysv.sem::byId,
                        sysv.sem::atIndex, new Control<SemaphoreSet>() {
                            public byte[] stat(SemaphoreSet s) { return s.stat(); }
                            public long set(SemaphoreSet s, byte[] ds) { s.setPerm(ds); return 0; }
                            public void remove(SemaphoreSet s) { s.remove(); }
                        });
            }
            case GETVAL, GETPID, GETNCNT, GETZCNT, GETALL, SETVAL, SETALL -> { }
            default -> {
                return Errno.EINVAL.negative();
            }
        }
        if (semid < 0) return Errno.EINVAL.negative();
        SemaphoreSet set = sysv.sem.byId(semid);
        if (set == null) return Errno.EINVAL.negative();
        boolean writes = cmd == SETVAL || cmd == SETALL;
        if (!set.perm().permits(creds(), writes ? 0222 : 0444)) return Errno.EACCES.negative();
        int n = set.size();
        if (cmd == GETALL) {
            ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : set.all()) b.putShort((short) v);
            return UserAccess.put(arg, b.array()) ? 0 : Errno.EFAULT.negative();
        }
        if (cmd == SETALL) {
            byte[] raw = UserAccess.get(arg, 2 * n);
            if (raw == null) return Errno.EFAULT.negative();
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int[] vals = new int[n];
            for (int i = 0; i < n; i++) vals[i] = b.getShort() & 0xffff;
            return set.set(-1, vals, pid());
        }
        if (semnum < 0 || semnum >= n) return Errno.EINVAL.negative();
        int num = (int) semnum;
        return switch (cmd) {
            case GETVAL -> set.value(num);
            case GETPID -> set.pid(num);
            case GETNCNT -> set.count(num, false);
            case GETZCNT -> set.count(num, true);
            default -> set.set(num, new int[] {(int) arg}, pid()); // SETVAL: semun's int
        };
    }

    // ---- message queues ----

    long msgget(long key, long flags) {
        return sysv.msg.get((int) key, (int) flags, creds(), () -> 0, MessageQueue.maker(sysv.msg), q -> 0);
    }

    /** msgsnd: a signal ends a wait with ERESTARTNOHAND (EINTR once a handler runs), as Linux. */
    long msgsnd(long msqid, long msgp, long msgsz, long flags) {
        long[] type = UserAccess.getLongs(msgp, 1);
        if (type == null) return Errno.EFAULT.negative();
        if (msgsz > MSGMAX || msgsz < 0 || msqid < 0) return Errno.EINVAL.negative();
        if (type[0] < 1) return Errno.EINVAL.negative();
        byte[] text = UserAccess.get(msgp + 8, (int) msgsz);
        if (text == null) return Errno.EFAULT.negative();
        MessageQueue q = sysv.msg.byId(msqid);
        if (q == null) return Errno.EINVAL.negative();
        if (!q.perm().permits(creds(), 0222)) return Errno.EACCES.negative();
        MessageQueue.Message m = new MessageQueue.Message(type[0], text);
        int pid = pid();
        int first = q.trySend(m, pid);
        if (first <= 0) return first;
        if ((flags & IPC_NOWAIT) != 0) return Errno.EAGAIN.negative();
        long r = PollOps.waitOn(-1, () -> {
            int t = q.trySend(m, pid);
            return t == 0 ? 1 : t == 1 ? 0 : t;
        }, KernelCode.ERESTARTNOHAND, q.changed);
        return r == 1 ? 0 : r;
    }

    long msgrcv(long msqid, long msgp, long msgsz, long msgtyp, long flags) {
        if (msqid < 0 || msgsz < 0) return Errno.EINVAL.negative();
        boolean copy = (flags & MSG_COPY) != 0;
        if (copy && ((flags & MSG_EXCEPT) != 0 || (flags & IPC_NOWAIT) == 0)) return Errno.EINVAL.negative();
        MessageQueue q = sysv.msg.byId(msqid);
        if (q == null) return Errno.EINVAL.negative();
        if (!q.perm().permits(creds(), 0444)) return Errno.EACCES.negative();
        int pid = pid();
        Object[] got = new Object[1];
        java.util.function.LongSupplier take = () -> {
            Object o = copy ? q.tryCopy(msgtyp, (int) flags, Math.min(msgsz, MSGMAX))
                    : q.tryReceive(msgtyp, (int) flags, msgsz, pid);
            if (o instanceof Integer err) return err;
            if (o == null) return (flags & IPC_NOWAIT) != 0 ? Errno.ENOMSG.negative() : 0;
            got[0] = o;
            return 1;
        };
        long r = take.getAsLong();
        if (r == 0) r = PollOps.waitOn(-1, take, KernelCode.ERESTARTNOHAND, q.changed);
        if (r != 1) return r;
        MessageQueue.Message m = (MessageQueue.Message) got[0];
        int n = (int) Math.min(msgsz, m.text().length);
        ByteBuffer b = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN).putLong(m.type()).put(m.text(), 0, n);
        return UserAccess.put(msgp, b.array()) ? n : Errno.EFAULT.negative();
    }

    long msgctl(long msqid, long cmd, long buf) {
        if (msqid < 0 || cmd < 0) return Errno.EINVAL.negative();
        if (cmd == IPC_INFO || cmd == MSG_INFO) { // struct msginfo: eight ints
            long queues = 0, messages = 0, bytes = 0;
            for (MessageQueue q : sysv.msg.all()) {
                long[] u = q.usage();
                queues++;
                messages += u[0];
                bytes += u[1];
            }
            boolean usage = cmd == MSG_INFO;
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(usage ? (int) queues : MSGPOOL).putInt(usage ? (int) Math.min(messages, Integer.MAX_VALUE) : MSGMNB)
                    .putInt(MSGMAX).putInt(MSGMNB).putInt(MSGMNI).putInt(MSGSSZ)
                    .putInt(usage ? (int) Math.min(bytes, Integer.MAX_VALUE) : MSGMNB).putInt(MSGSEG);
            return UserAccess.put(buf, b.array()) ? Math.max(0, sysv.msg.maxIndex()) : Errno.EFAULT.negative();
        }
        return control(msqid, (int) cmd, buf, MSG_STAT, MSG_STAT_ANY, Struct.MSQID_DS, sysv.msg::byId, sysv.msg::atIndex,
                new Control<MessageQueue>() {
                    public byte[] stat(MessageQueue q) { return q.stat(); }
                    public long set(MessageQueue q, byte[] ds) {
                        long qbytes = Struct.MSQID_DS.layout(Isa.X86_64)
                                .get(ByteBuffer.wrap(ds).order(ByteOrder.LITTLE_ENDIAN), "msg_qbytes");
                        if (qbytes > MSGMNB && !creds().capable(CAP_SYS_RESOURCE)) return Errno.EPERM.negative();
                        q.set(ds);
                        return 0;
                    }
                    public void remove(MessageQueue q) { q.remove(); }
                });
    }
}
