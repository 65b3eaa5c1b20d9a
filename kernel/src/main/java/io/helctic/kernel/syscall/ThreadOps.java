package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.x86_64.X86Cpu;

/**
 * Threads: clone with CLONE_THREAD, clone3, exit and exit_group, set_robust_list,
 * sched_yield and sched_getaffinity.
 *
 * <p>A thread is a new {@link Context} in the caller's {@link Process}: its own CPU (a copy of
 * the caller's registers, with rax = 0, rsp = the new stack, fs base = the new TLS), its own
 * tid from the pid allocator, and everything else — address space, descriptors, cwd,
 * signal dispositions — shared. Each thread's CPU registers its own TLB with the shared
 * address space, so mmap/munmap/mprotect shoot down every thread's TLB.
 */
final class ThreadOps {
    static final long CSIGNAL = 0xff;
    static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_PIDFD = 0x1000, CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000,
            CLONE_CHILD_SETTID = 0x1000000, CLONE_INTO_CGROUP = 0x200000000L;
    /** What a thread shares: all of it is required, because a Process shares all of it. */
    static final long THREAD_REQUIRED = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    static final long THREAD_OPTIONAL = CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID
            | CLONE_DETACHED | CLONE_CHILD_SETTID;
    /** struct clone_args: VER0 is 64 bytes, VER2 (with cgroup) 88. */
    static final int CLONE_ARGS_VER0 = 64, CLONE_ARGS_MAX = 88;
    /** struct robust_list_head. */
    static final int ROBUST_HEAD_SIZE = 24;

    /** The fork-like clone (LifecycleOps), which clone3 reaches for a new process. */
    @FunctionalInterface
    interface ForkLike {
        long clone(long flags, long stack, long ptid, long ctid, long tls);
    }

    private final ProcessTable processes;
    private final Spawner spawner;
    private final Futexes futexes;

    ThreadOps(ProcessTable processes, Spawner spawner, Futexes futexes) {
        this.processes = processes;
        this.spawner = spawner;
        this.futexes = futexes;
    }

    void install(KernelOps.Builder b, ForkLike fork) {
        b.set(KernelOp.CLONE3, (args, size, a3, a4, a5, a6) -> clone3(args, size, fork));
        b.set(KernelOp.EXIT_THREAD, (status, a2, a3, a4, a5, a6) -> {
            Context.current().terminate(Termination.exited((int) status));
            return 0;
        });
        b.set(KernelOp.EXIT_GROUP, (status, a2, a3, a4, a5, a6) -> {
            Context ctx = Context.current();
            Termination t = Termination.exited((int) status);
            ctx.terminate(t);
            ctx.process().claimGroupExit(t);
            spawner.kill(ctx.process(), t);
            return 0;
        });
        b.set(KernelOp.SET_ROBUST_LIST, (head, len, a3, a4, a5, a6) -> {
            if (len != ROBUST_HEAD_SIZE) return Errno.EINVAL.negative();
            Context.current().setRobustList(head);
            return 0;
        });
        b.set(KernelOp.GET_ROBUST_LIST, (tid, head, len, a4, a5, a6) -> {
            Context c = tid == 0 ? Context.current() : thread((int) tid);
            if (c == null) return Errno.ESRCH.negative();
            return UserAccess.putLongs(head, c.robustList()) && UserAccess.putLongs(len, ROBUST_HEAD_SIZE)
                    ? 0 : Errno.EFAULT.negative();
        });
        b.set(KernelOp.SCHED_YIELD, (a1, a2, a3, a4, a5, a6) -> {
            Thread.yield();
            return 0;
        });
        b.set(KernelOp.SCHED_GETAFFINITY, (pid, size, mask, a4, a5, a6) -> getaffinity((int) pid, size, mask));
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
        X86Cpu cpu = new X86Cpu(parent.cpu().memory());
        cpu.copyStateFrom(parent.cpu());
        cpu.setCr3(space.cr3());
        cpu.setReg(X86Cpu.RAX, 0);
        if (stack != 0) cpu.setReg(X86Cpu.RSP, stack);
        if ((flags & CLONE_SETTLS) != 0) cpu.setFsBase(tls);
        Context c = new Context(tid, cpu, p, parent.personality());
        c.setBlocked(parent.blocked());
        byte[] tidBytes = {(byte) tid, (byte) (tid >> 8), (byte) (tid >> 16), (byte) (tid >> 24)};
        if ((flags & CLONE_PARENT_SETTID) != 0 && !space.write(ptid, tidBytes, 0, 4)
                || (flags & CLONE_CHILD_SETTID) != 0 && !space.write(ctid, tidBytes, 0, 4)) {
            cpu.dispose();
            return Errno.EFAULT.negative();
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) c.setClearChildTid(ctid);
        space.addTlbListener(c.tlb());
        spawner.start(c);
        if (parent.finished() || p.groupExit() != null) {
            // exit_group or a fatal signal raced with this clone: the new thread goes with the rest
            Termination t = p.groupExit() != null ? p.groupExit() : parent.termination();
            spawner.kill(p, t);
        }
        return tid;
    }

    /** clone3(struct clone_args *, size): the same as clone, with the stack given as base and size. */
    private long clone3(long args, long size, ForkLike fork) {
        if (size < CLONE_ARGS_VER0) return Errno.EINVAL.negative();
        if (size > AddressSpace.PAGE) return Errno.E2BIG.negative();
        int n = (int) Math.min(size, CLONE_ARGS_MAX);
        byte[] raw = UserAccess.get(args, (int) size);
        if (raw == null) return Errno.EFAULT.negative();
        for (int i = n; i < size; i++) if (raw[i] != 0) return Errno.E2BIG.negative(); // a newer struct's fields
        long[] a = new long[CLONE_ARGS_MAX / 8];
        for (int i = 0; i < n / 8; i++) {
            long v = 0;
            for (int k = 7; k >= 0; k--) v = (v << 8) | (raw[i * 8 + k] & 0xff);
            a[i] = v;
        }
        long flags = a[0], childTid = a[2], parentTid = a[3], exitSignal = a[4], stack = a[5], stackSize = a[6],
                tls = a[7], setTidSize = a[9];
        if ((flags & CSIGNAL) != 0 || (exitSignal & ~CSIGNAL) != 0 || exitSignal > 64) return Errno.EINVAL.negative();
        if ((flags & CLONE_THREAD) != 0 && exitSignal != 0) return Errno.EINVAL.negative();
        if ((stack == 0) != (stackSize == 0)) return Errno.EINVAL.negative();
        if ((flags & (CLONE_PIDFD | CLONE_INTO_CGROUP)) != 0 || setTidSize != 0) {
            return Errno.ENOSYS.negative(); // no pidfds, cgroups or chosen tids
        }
        long sp = stack == 0 ? 0 : stack + stackSize;
        if ((flags & CLONE_THREAD) != 0) return cloneThread(flags, sp, parentTid, childTid, tls);
        return fork.clone(flags | exitSignal, sp, parentTid, childTid, tls);
    }

    // ---- thread exit -----------------------------------------------------------------------

    static final int ROBUST_LIST_LIMIT = 2048;

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
                if (space.write(ctid, new byte[4], 0, 4)) futexes.wake(FutexOps.key(space, ctid), 1, Futexes.MATCH_ANY);
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
        futexes.ownerDied(FutexOps.key(space, uaddr), FutexOps.word(space, uaddr), tid);
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
    private long getaffinity(int pid, long size, long mask) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int bytes = ((cpus + 63) / 64) * 8;
        if (size < bytes || (size & 7) != 0) return Errno.EINVAL.negative();
        if (pid < 0) return Errno.ESRCH.negative();
        if (pid != 0 && !exists(pid)) return Errno.ESRCH.negative();
        byte[] out = new byte[bytes];
        for (int i = 0; i < cpus; i++) out[i / 8] |= (byte) (1 << (i % 8));
        return UserAccess.put(mask, out) ? bytes : Errno.EFAULT.negative();
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
