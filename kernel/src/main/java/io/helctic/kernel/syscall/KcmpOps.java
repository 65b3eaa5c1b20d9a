package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Proc.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.scheme.Epoll;
import io.helctic.kernel.scheme.Handle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * kcmp(2): whether two tasks share a kernel object — an open file description (KCMP_FILE, and
 * KCMP_EPOLL_TFD for a file an epoll watches), the address space (KCMP_VM), the descriptor table
 * (KCMP_FILES), the filesystem context (KCMP_FS: cwd, root, umask), the signal handlers
 * (KCMP_SIGHAND), the I/O context (KCMP_IO) or the SysV semaphore undo list (KCMP_SYSVSEM). As
 * Linux's kcmp_ptr, the answer is 0 for the same object, else 1 or 2 by an order of the objects
 * that is fixed but obfuscated (a per-boot random cookie per type), so kcmp(a, b) and kcmp(b, a)
 * are 1 and 2. Objects a task does not have (a zombie's memory and files, an I/O context, which
 * no task here ever gets: no ioprio_set, no CLONE_IO; an undo list before the first SEM_UNDO
 * semop) are Linux's NULL: equal to one another.
 *
 * <p>Preconditions: both tasks exist (ESRCH, looked up by thread id); the caller may read both
 * as ptrace's PTRACE_MODE_READ_REALCREDS allows (EPERM, {@link CredOps#ptraceMayRead}); then an unknown
 * type is EINVAL, a descriptor that is not open EBADF.
 */
final class KcmpOps {
    private final ProcessTable processes;
    /** The per-boot cookies, made at the first kcmp (not at boot: every start-up would pay for the random bytes). */
    private static final class Cookies {
        static final long[][] COOKIES = cookies();
    }

    KcmpOps(ProcessTable processes) {
        this.processes = processes;
    }

    private static long[][] cookies() {
        byte[] b = new byte[KCMP_TYPES * 16];
        io.helctic.kernel.scheme.HostRandom.fill(b);
        java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(b);
        long[][] c = new long[KCMP_TYPES][2];
        for (long[] t : c) {
            t[0] = r.getLong();
            t[1] = r.getLong() | 1; // odd: the product is a bijection
        }
        return c;
    }

    long kcmp(long pid1, long pid2, long typeArg, long idx1, long idx2) {
        Process p1 = find((int) pid1), p2 = find((int) pid2);
        if (p1 == null || p2 == null) return Errno.ESRCH.negative();
        Process me = Context.current().process();
        if (!CredOps.ptraceMayRead(me, p1) || !CredOps.ptraceMayRead(me, p2)) return Errno.EPERM.negative();
        int type = (int) typeArg;
        return switch (type) {
            case KCMP_FILE -> {
                Handle f1 = file(p1, idx1), f2 = file(p2, idx2);
                yield f1 == null || f2 == null ? Errno.EBADF.negative() : order(f1, f2, KCMP_FILE);
            }
            case KCMP_VM -> order(p1.zombie() ? null : p1.space(), p2.zombie() ? null : p2.space(), type);
            case KCMP_FILES -> order(p1.zombie() ? null : p1.files(), p2.zombie() ? null : p2.files(), type);
            // the cwd, root and umask live in the process: its threads share them, a fork copies them
            case KCMP_FS -> order(p1.zombie() ? null : p1, p2.zombie() ? null : p2, type);
            case KCMP_SIGHAND -> order(p1.dispositions(), p2.dispositions(), type);
            case KCMP_IO -> order(null, null, type);
            case KCMP_SYSVSEM -> order(undo(p1), undo(p2), type);
            case KCMP_EPOLL_TFD -> epollTarget(p1, p2, idx1, idx2);
            default -> Errno.EINVAL.negative();
        };
    }

    private Process find(int tid) {
        for (Process p : processes.all()) {
            if (p.pid() == tid) return p; // a process, zombie or not (its task exists until reaped)
            for (Context c : p.threads()) if (c.tid() == tid && !c.finished()) return p;
        }
        return null;
    }

    private static Object undo(Process p) {
        return !p.zombie() && p.ipc().hasUndoList() ? p.ipc() : null;
    }

    private static Handle file(Process p, long fd) {
        return p.zombie() || fd < 0 ? null : p.files().get(fd);
    }

    /** KCMP_EPOLL_TFD: idx1 is a descriptor of the first task, idx2 a 12-byte struct kcmp_epoll_slot {efd, tfd, toff} naming a file the second task's epoll efd watches. */
    private static long epollTarget(Process p1, Process p2, long idx1, long slot) {
        byte[] raw = UserAccess.get(slot, 12); // struct kcmp_epoll_slot: __u32 efd, tfd, toff
        if (raw == null) return Errno.EFAULT.negative();
        java.nio.ByteBuffer s = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Handle f = file(p1, idx1);
        if (f == null) return Errno.EBADF.negative();
        Handle e = file(p2, s.getInt(0) & 0xffff_ffffL);
        if (e == null) return Errno.EBADF.negative();
        if (!(e instanceof Epoll ep)) return Errno.EINVAL.negative();
        Handle target = ep.target(s.getInt(4), s.getInt(8) & 0xffff_ffffL);
        return target == null ? Errno.ENOENT.negative() : order(f, target, KCMP_FILE);
    }

    private static final Object NULL = new Object();
    /** Objects whose obfuscated ranks collided, in the order first seen (a tie-break that stays fixed). */
    private static final List<WeakReference<Object>> TIES = new ArrayList<>();

    /** Linux's kcmp_ptr: 0 for one object, else 1 when a ranks below b, 2 when above. */
    static long order(Object a, Object b, int type) {
        if (a == null) a = NULL;
        if (b == null) b = NULL;
        if (a == b) return 0;
        long ra = rank(a, type), rb = rank(b, type);
        if (ra == rb) {
            ra = tie(a);
            rb = tie(b);
        }
        return Long.compareUnsigned(ra, rb) < 0 ? 1 : 2;
    }

    private static long rank(Object o, int type) {
        return ((System.identityHashCode(o) & 0xffff_ffffL) ^ Cookies.COOKIES[type][0]) * Cookies.COOKIES[type][1];
    }

    private static long tie(Object o) {
        synchronized (TIES) {
            TIES.removeIf(r -> r.get() == null);
            for (int i = 0; i < TIES.size(); i++) if (TIES.get(i).get() == o) return i;
            TIES.add(new WeakReference<>(o));
            return TIES.size() - 1;
        }
    }
}
