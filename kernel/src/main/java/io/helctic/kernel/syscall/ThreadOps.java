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
 * Threads: clone with CLONE_THREAD, clone3, exit and exit_group, set_robust_list,
 * sched_yield and sched_getaffinity.
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
        if ((flags & (CLONE_SIGHAND | CLONE_VM)) != (CLONE_SIGHAND | CLONE_VM)) return Errno.EINVAL.negative();
        if ((flags & THREAD_REQUIRED) != THREAD_REQUIRED) return Errno.ENOSYS.negative(); // per-thread fd table or cwd
        if ((flags & ~(THREAD_REQUIRED | THREAD_OPTIONAL | CSIGNAL)) != 0) return Errno.EINVAL.negative();
        Context parent = Context.current();
        Process p = parent.process();
        AddressSpace space = p.space();
        int tid = processes.allocatePid();
        GuestCpu cpu = parent.cpu().forkChild(parent.conventions().forkChild(), space.cr3(), stack,
                (flags & CLONE_SETTLS) != 0, tls);
        Context c = new Context(tid, cpu, p, parent.personality(), parent.conventions());
        c.setBlocked(parent.blocked());
        c.setScheduling(parent.schedPolicy(), parent.schedPriority());
        c.setNice(parent.nice());
        byte[] tidBytes = {(byte) tid, (byte) (tid >> 8), (byte) (tid >> 16), (byte) (tid >> 24)};
        if ((flags & CLONE_PARENT_SETTID) != 0 && !space.write(ptid, tidBytes, 0, 4)
                || (flags & CLONE_CHILD_SETTID) != 0 && !space.write(ctid, tidBytes, 0, 4)) {
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

    // ---- scheduling ------------------------------------------------------------------------

    /** The mask of the host's CPUs: every guest thread is a host thread, so they are the CPUs it can run on. */
    long schedGetaffinity(long pid, long size, long mask) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int bytes = ((cpus + 63) / 64) * 8;
        if (size < bytes || (size & 7) != 0) return Errno.EINVAL.negative();
        if (pid < 0) return Errno.ESRCH.negative();
        if (pid != 0 && !exists((int) pid)) return Errno.ESRCH.negative();
        byte[] out = new byte[bytes];
        for (int i = 0; i < cpus; i++) out[i / 8] |= (byte) (1 << (i % 8));
        return UserAccess.put(mask, out) ? bytes : Errno.EFAULT.negative();
    }

    /** The thread a scheduling call names: 0 the caller, else a live tid; null when none. */
    private Context target(long pid) {
        if (pid == 0) return Context.current();
        if (pid < 0 || pid > Integer.MAX_VALUE) return null;
        return thread((int) pid);
    }

    /**
     * sched_setaffinity: the mask must name an online CPU (EINVAL otherwise). It is checked, not
     * applied: each guest thread is a host thread the host schedules on every CPU.
     */
    long schedSetaffinity(long pid, long size, long mask) {
        if (pid < 0) return Errno.ESRCH.negative();
        if (target(pid) == null) return Errno.ESRCH.negative();
        int n = (int) Math.min(Math.max(size, 0), 1024);
        byte[] m = UserAccess.get(mask, n);
        if (m == null) return Errno.EFAULT.negative();
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < Math.min(cpus, n * 8); i++) if ((m[i / 8] & (1 << (i % 8))) != 0) return 0;
        return Errno.EINVAL.negative();
    }

    long schedGetscheduler(long pid) {
        if (pid < 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        return c == null ? Errno.ESRCH.negative() : c.schedPolicy();
    }

    long schedGetparam(long pid, long param) {
        if (pid < 0 || param == 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        int p = c.schedPriority();
        return UserAccess.put(param, new byte[] {(byte) p, 0, 0, 0}) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * sched_setscheduler (policy -1: sched_setparam, the thread's own policy): SCHED_OTHER,
     * BATCH and IDLE take priority 0, FIFO and RR 1..99 and the privilege of root
     * (RLIMIT_RTPRIO is 0). Kept per thread and reported; the host thread is not re-prioritised.
     */
    long schedSetscheduler(long pid, long policyArg, long param) {
        if (pid < 0 || param == 0) return Errno.EINVAL.negative();
        int[] prio = new int[1];
        byte[] b = UserAccess.get(param, 4);
        if (b == null) return Errno.EFAULT.negative();
        prio[0] = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | b[3] << 24;
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        int policy = policyArg == -1 ? c.schedPolicy() : (int) policyArg & ~SCHED_RESET_ON_FORK;
        boolean realtime = policy == SCHED_FIFO || policy == SCHED_RR;
        boolean normal = policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE;
        if (policyArg != -1 && (policyArg < 0 || (!realtime && !normal))) return Errno.EINVAL.negative();
        if (realtime ? prio[0] < 1 || prio[0] > 99 : prio[0] != 0) return Errno.EINVAL.negative();
        if (realtime && !Context.current().process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_NICE)) {
            return Errno.EPERM.negative(); // RLIMIT_RTPRIO is 0: CAP_SYS_NICE
        }
        c.setScheduling(policy, prio[0]);
        return 0;
    }

    /** The threads a PRIO_* (which, who) names; null for EINVAL. */
    private java.util.List<Context> priorityTargets(long which, long who) {
        java.util.List<Context> out = new java.util.ArrayList<>();
        Context me = Context.current();
        switch ((int) which) {
            case PRIO_PROCESS -> {
                Context c = target(who);
                if (c != null) out.add(c);
            }
            case PRIO_PGRP -> {
                int g = who == 0 ? me.process().pgid() : (int) who;
                for (Process p : processes.all()) if (p.pgid() == g && !p.zombie()) out.addAll(p.threads());
            }
            case PRIO_USER -> {
                int u = who == 0 ? me.process().uid() : (int) who;
                for (Process p : processes.all()) if (p.uid() == u && !p.zombie()) out.addAll(p.threads());
            }
            default -> { return null; }
        }
        return out;
    }

    /** getpriority as the syscall answers: 20 - nice of the highest-priority thread named (1..40). */
    long getpriority(long which, long who) {
        java.util.List<Context> t = priorityTargets(which, who);
        if (t == null) return Errno.EINVAL.negative();
        if (t.isEmpty()) return Errno.ESRCH.negative();
        int best = 19;
        for (Context c : t) best = Math.min(best, c.nice());
        return 20 - best;
    }

    /** setpriority: nice clamped to -20..19; lowering it takes root's privilege (RLIMIT_NICE is 0). Kept, not applied. */
    long setpriority(long which, long who, long prio) {
        java.util.List<Context> t = priorityTargets(which, who);
        if (t == null) return Errno.EINVAL.negative();
        if (t.isEmpty()) return Errno.ESRCH.negative();
        int nice = (int) Math.max(-20, Math.min(19, prio));
        boolean root = Context.current().process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_NICE);
        for (Context c : t) if (nice < c.nice() && !root) return Errno.EACCES.negative();
        for (Context c : t) c.setNice(nice);
        return 0;
    }

    private boolean exists(int id) {
        Process p = processes.get(id);
        return p != null && !p.zombie() || thread(id) != null;
    }

    /** The live thread with this tid, or null. */
    private Context thread(int tid) {
        for (Process q : processes.all()) for (Context c : q.threads()) if (c.tid() == tid) return c;
        return null;
    }
}
