package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Futex.ROBUST_LIST_LIMIT;
import static io.helctic.abi.uapi.Sched.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.arch.GuestCpu;

/**
 * Threads: clone with CLONE_THREAD, clone3, exit and exit_group, set_robust_list and sched_yield
 * (the other scheduling calls are {@link SchedOps}).
 *
 * <p>A thread is a new {@link Context} in the caller's {@link Process}: its own CPU (a copy of
 * the caller's registers, returning 0, with the new stack and thread pointer), its own
 * tid from the pid allocator, and everything else — address space, descriptors, cwd,
 * signal dispositions — shared. Each thread's CPU registers its own TLB with the shared
 * address space, so mmap/munmap/mprotect shoot down every thread's TLB.
 */
final class ThreadOps {
    /** What a thread shares: all of it is required, because a Process shares all of it. */
    static final long THREAD_REQUIRED = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    static final long THREAD_OPTIONAL = CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID
            | CLONE_DETACHED | CLONE_CHILD_SETTID;
    /** struct robust_list_head. */
    static final int ROBUST_HEAD_SIZE = 24;

    private final ProcessTable processes;
    private final Spawner spawner;
    private final Futexes futexes;

    ThreadOps(ProcessTable processes, Spawner spawner, Futexes futexes) {
        this.processes = processes;
        this.spawner = spawner;
        this.futexes = futexes;
    }

    long exitThread(long status) {
        Context.current().terminate(Termination.exited((int) status));
        return 0;
    }

    long exitGroup(long status) {
        Context ctx = Context.current();
        Termination t = Termination.exited((int) status);
        ctx.terminate(t);
        ctx.process().claimGroupExit(t);
        spawner.kill(ctx.process(), t);
        return 0;
    }

    long setRobustList(long head, long len) {
        if (len != ROBUST_HEAD_SIZE) return Errno.EINVAL.negative();
        Context.current().setRobustList(head);
        return 0;
    }

    long getRobustList(long tid, long head, long len) {
        Context c = tid == 0 ? Context.current() : thread((int) tid);
        // a zombie's task lives until it is reaped, its robust list released at its exit (NULL)
        Process p = c != null ? c.process() : (int) tid > 0 ? processes.get((int) tid) : null;
        if (p == null || c == null && !p.zombie()) return Errno.ESRCH.negative();
        if (!CredOps.ptraceMayRead(Context.current().process(), p)) return Errno.EPERM.negative();
        if (!UserAccess.putLongs(len, ROBUST_HEAD_SIZE)) return Errno.EFAULT.negative();
        return UserAccess.putLongs(head, c != null ? c.robustList() : 0) ? 0 : Errno.EFAULT.negative();
    }

    static long schedYield() {
        Thread.yield();
        return 0;
    }

    // ---- clone -----------------------------------------------------------------------------

    /** clone with CLONE_THREAD: a new thread in the caller's process; returns its tid. */
    long cloneThread(long flags, long stack, long ptid, long ctid, long tls) {
        return cloneThread(flags, stack, ptid, ctid, tls, 0, 0, 4);
    }

    /**
     * A thread that starts at {@code entry} with {@code arg} (FreeBSD's thr_new, for one): as
     * clone with CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM and the thread pointer set, its id
     * stored as 8 bytes at child_tid and parent_tid.
     */
    long threadStart(long entry, long arg, long stack, long tls, long childTid, long parentTid) {
        long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
                | (tls != 0 ? CLONE_SETTLS : 0) | (childTid != 0 ? CLONE_CHILD_SETTID : 0) | (parentTid != 0 ? CLONE_PARENT_SETTID : 0);
        if (entry == 0 || stack == 0) return Errno.EINVAL.negative();
        return cloneThread(flags, stack, parentTid, childTid, tls, entry, arg, 8);
    }

    /** A thread whose machine state is the OS's ucontext at {@code context} (NetBSD's _lwp_create). */
    long threadFromContext(long context, long tid) {
        long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | (tid != 0 ? CLONE_PARENT_SETTID : 0);
        if (context == 0) return Errno.EFAULT.negative();
        return cloneThread(flags, 0, tid, 0, 0, 0, context, 4);
    }

    private long cloneThread(long flags, long stack, long ptid, long ctid, long tls, long entry, long arg, int tidWidth) {
        if ((flags & (CLONE_SIGHAND | CLONE_VM)) != (CLONE_SIGHAND | CLONE_VM)) return Errno.EINVAL.negative();
        if ((flags & THREAD_REQUIRED) != THREAD_REQUIRED) return Errno.ENOSYS.negative(); // per-thread fd table or cwd
        if ((flags & ~(THREAD_REQUIRED | THREAD_OPTIONAL | CSIGNAL)) != 0) return Errno.EINVAL.negative();
        Context parent = Context.current();
        io.helctic.kernel.context.Scheduling sched = parent.scheduling(); // null: the host thread's, never set
        if (sched != null && sched.forked().deadlineTask()) return Errno.EAGAIN.negative(); // sched_fork
        Process p = parent.process();
        AddressSpace space = p.space();
        int tid = processes.allocatePid();
        if (tid < 0) return Errno.EAGAIN.negative(); // every id taken
        GuestCpu cpu = parent.cpu().forkChild(parent.conventions().forkChild(), space.cr3(), stack,
                (flags & CLONE_SETTLS) != 0, tls);
        Context c = new Context(tid, cpu, p, parent.personality(), parent.conventions());
        c.setBlocked(parent.blocked());
        c.setSeccomp(parent.seccomp());
        c.setMemPolicy(parent.memPolicy());
        c.setScheduling(sched == null ? null : sched.forked());
        c.setUts(parent.uts());
        c.inheritComm(parent.comm());
        c.setIoprio(SchedOps.inheritedIoprio(parent));
        if (entry != 0) cpu.enterAt(entry, stack, arg);
        else if (arg != 0 && !cpu.returnFromHandler(c, parent.conventions(), arg)) { // arg: the context to start from
            cpu.dispose();
            return Errno.EFAULT.negative();
        }
        byte[] tidBytes = new byte[8];
        for (int i = 0; i < 4; i++) tidBytes[i] = (byte) (tid >> (8 * i));
        if ((flags & CLONE_PARENT_SETTID) != 0 && !space.write(ptid, tidBytes, 0, tidWidth)
                || (flags & CLONE_CHILD_SETTID) != 0 && !space.write(ctid, tidBytes, 0, tidWidth)) {
            cpu.dispose();
            return Errno.EFAULT.negative();
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) c.setClearChildTid(ctid);
        if ((flags & CLONE_SYSVSEM) != 0) p.ipc().undoListMade(); // Linux's copy_semundo makes the list to share it
        space.addTlbListener(c.tlb());
        if (!spawner.start(c)) { // threads-max, or the host's own limit
            space.removeTlbListener(c.tlb());
            cpu.dispose();
            return Errno.EAGAIN.negative();
        }
        if (parent.finished() || p.groupExit() != null) {
            // exit_group or a fatal signal raced with this clone: the new thread goes with the rest
            Termination t = p.groupExit() != null ? p.groupExit() : parent.termination();
            spawner.kill(p, t);
        }
        return tid;
    }

    // ---- thread exit -----------------------------------------------------------------------

    /**
     * What the kernel does for a thread that ends, on its own JVM thread before the scheduler
     * retires it: robust futexes it holds are marked FUTEX_OWNER_DIED (a waiter is woken; a PI
     * futex's first waiter is handed it), PI futexes it holds with waiters are handed over, the
     * clear-child-tid word is zeroed and woken when other threads share the memory (pthread_join
     * waits on it), and its CPU leaves the address space's TLB listeners and the code caches.
     */
    static void release(Context ctx, Futexes futexes) {
        AddressSpace space = ctx.space();
        try {
            long head = ctx.robustList();
            if (head != 0) walkRobustList(space, head, ctx.tid(), futexes);
            // PI futexes it still holds with waiters (off the robust list) go to their first waiter
            futexes.exitPi(space, ctx.tid(), k -> FutexOps.word(space, k.address()));
            long ctid = ctx.clearChildTid();
            if (ctid != 0 && ctx.process().threads().size() > 1) {
                if (space.write(ctid, new byte[4], 0, 4)) futexes.wake(FutexOps.key(space, ctid, false), 1, io.helctic.abi.uapi.Futex.FUTEX_BITSET_MATCH_ANY);
            }
        } finally {
            space.removeTlbListener(ctx.tlb());
            ctx.cpu().dispose();
        }
    }

    private static void walkRobustList(AddressSpace space, long head, int tid, Futexes futexes) {
        long[] h = longs(space, head, 3);
        if (h == null) return;
        long offset = h[1], pending = h[2] & ~1L;
        long entry = h[0];
        for (int i = 0; i < ROBUST_LIST_LIMIT && (entry & ~1L) != head && entry != 0; i++) {
            long e = entry & ~1L;
            long[] next = longs(space, e, 1);
            if (next == null) return;
            if (e != pending) ownerDied(space, e + offset, tid, futexes);
            entry = next[0];
        }
        if (pending != 0) ownerDied(space, pending + offset, tid, futexes);
    }

    private static void ownerDied(AddressSpace space, long uaddr, int tid, Futexes futexes) {
        if ((uaddr & 3) != 0) return;
        Futexes.Key key = FutexOps.key(space, uaddr, false); // Linux's handle_futex_death wakes a shared futex
        if (key != null) futexes.ownerDied(key, FutexOps.word(space, uaddr), tid);
    }

    private static long[] longs(AddressSpace space, long va, int n) {
        byte[] b = new byte[n * 8];
        if (!space.read(va, b, 0, b.length)) return null;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int k = 7; k >= 0; k--) v = (v << 8) | (b[i * 8 + k] & 0xff);
            out[i] = v;
        }
        return out;
    }

    /** The live thread with this tid, or null. */
    private Context thread(int tid) {
        for (Process q : processes.all()) for (Context c : q.threads()) if (c.tid() == tid) return c;
        return null;
    }
}
