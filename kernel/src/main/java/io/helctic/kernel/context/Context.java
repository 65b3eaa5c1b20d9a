package io.helctic.kernel.context;

import io.helctic.abi.PersonalityId;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.abi.Conventions;
import io.helctic.kernel.arch.GuestCpu;

/**
 * A guest thread: its CPU (registers and FPU state, behind the ISA's {@link GuestCpu}), its
 * personality with that OS's {@link Conventions}, and its process. Each
 * context runs on its own JVM thread; the kernel's ops find the calling context through
 * {@link #CURRENT}.
 */
public final class Context {
    /** The context whose trap the current JVM thread is handling. */
    public static final ScopedValue<Context> CURRENT = ScopedValue.newInstance();

    private final int tid;
    private final GuestCpu cpu;
    private final Process process;
    private volatile PersonalityId personality;
    private volatile Conventions conventions;
    private volatile long clearChildTid;
    private volatile long robustList;
    private volatile Termination termination;
    private final SignalQueue pending = new SignalQueue();
    private volatile long blocked;
    private final io.helctic.kernel.memory.AddressSpace.TlbListener tlb;
    private final WakeGate wakeGate = new WakeGate();
    /** THREAD_PARK's state: {@link #PARK_TOKEN} left by an unpark, {@link #PARK_INTERRUPT}, {@link #PARKED} while asleep. */
    private final java.util.concurrent.atomic.AtomicInteger park = new java.util.concurrent.atomic.AtomicInteger();
    public static final int PARK_TOKEN = 1, PARK_INTERRUPT = 2, PARKED = 4;

    public Context(int tid, GuestCpu cpu, Process process, PersonalityId personality, Conventions conventions) {
        this.tid = tid;
        this.cpu = cpu;
        this.process = process;
        this.personality = personality;
        this.conventions = conventions;
        // Only the context's own thread may touch its TLB; another thread (a sibling's munmap)
        // asks the CPU to flush at its next block boundary.
        this.tlb = new io.helctic.kernel.memory.AddressSpace.TlbListener() {
            @Override public void invalidate(long va) {
                if (onOwnThread()) cpu.invalidatePage(va);
                else cpu.requestTlbFlush();
            }
            @Override public void flushAll() {
                if (onOwnThread()) cpu.flushTlb();
                else cpu.requestTlbFlush();
            }
        };
    }

    private boolean onOwnThread() {
        return CURRENT.isBound() && CURRENT.get() == this;
    }

    /** This context's CPU as a TLB to shoot down when its address space changes. */
    public io.helctic.kernel.memory.AddressSpace.TlbListener tlb() { return tlb; }

    /** What every wake-up of this thread goes through, so that none reaches it inside host I/O. */
    public WakeGate wakeGate() { return wakeGate; }

    /**
     * Signals waiting for delivery to this thread: those sent to it and those sent to its process
     * (bit n-1 for signal n).
     */
    public long pending() { return pending.mask() | process.sharedPending().mask(); }

    /** The signals sent to this thread alone. */
    public SignalQueue ownPending() { return pending; }

    /** Takes a pending signal in {@code allowed}: this thread's own first (lowest number), then the process's. */
    public io.helctic.kernel.arch.SignalInfo take(long allowed) {
        while (true) {
            io.helctic.kernel.arch.SignalInfo i = pending.take(allowed);
            if (i == null) i = process.sharedPending().take(allowed);
            if (i == null) return null;
            i = i.resolve();
            if (i != null) return i;
        }
    }

    /** Takes the lowest pending signal that is not blocked, or returns null. */
    public io.helctic.kernel.arch.SignalInfo takeDeliverable() {
        return take(~blocked);
    }

    /**
     * The JVM's account of other threads' CPU time, made at first use: ManagementFactory costs a
     * cold JVM about 3 ms, which a thread's own times (the host's getrusage) do not need.
     */
    private static final class Cpu {
        static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    }

    /** The calling thread's CPU time, {total, user} in nanoseconds. */
    private static long[] currentThreadTimes() {
        long[] t = io.helctic.kernel.scheme.HostFs.threadCpuTimes();
        if (t != null) return t;
        return new long[] {Math.max(0, Cpu.MX.getCurrentThreadCpuTime()), Math.max(0, Cpu.MX.getCurrentThreadUserTime())};
    }

    private volatile Thread host;
    private volatile long endCpu = -1, endUser;
    /**
     * The host thread's CPU times when it began to run this thread: a host thread may have run an
     * ended guest thread before (the scheduler hands host threads on), whose time is not this one's.
     */
    private volatile long baseCpu, baseUser;
    /**
     * The total by the JVM's clock (ThreadMXBean), from which another thread reads this one's
     * times (the user part is baseUser: the JVM reads a thread's user time from /proc, which
     * counts the same ticks as the host's getrusage, at ~40 µs a read).
     */
    private volatile long mxBaseCpu;

    /**
     * Whether this thread counts in the load average: its JVM thread is running (guest code, a
     * call, host I/O) or waiting for a kernel monitor (Linux's uninterruptible sleep), not parked.
     */
    public boolean running() {
        Thread t = host;
        if (t == null) return false;
        Thread.State s = t.getState();
        return s == Thread.State.RUNNABLE || s == Thread.State.BLOCKED;
    }

    /**
     * The JVM thread runs this context from now on; {@code fresh}: it has run no guest thread
     * before (its whole CPU time is this one's), else the times it has now are its predecessors'
     * and are subtracted, by each of the two clocks the times are read with.
     */
    public void bindHost(Thread t, boolean fresh) {
        if (!fresh && t == Thread.currentThread()) {
            long[] b = currentThreadTimes();
            baseCpu = b[0];
            baseUser = b[1];
            mxBaseCpu = Math.max(0, Cpu.MX.getCurrentThreadCpuTime());
        }
        host = t;
    }

    /** {total, user} less the base times (never negative). */
    private static long[] since(long total, long user, long base, long baseOfUser) {
        long t = Math.max(0, total - base), u = Math.max(0, user - baseOfUser);
        return new long[] {t, Math.min(u, t)};
    }

    /** The thread ends on its JVM thread: its CPU times are kept and added to its process's. */
    public void unbindHost() {
        if (host != Thread.currentThread()) return;
        long[] now = currentThreadTimes();
        long[] t = since(now[0], now[1], baseCpu, baseUser);
        endUser = t[1];
        endCpu = t[0];
        host = null;
        process.addExitedCpu(endCpu, endUser);
    }

    /**
     * CPU time this thread has used, in nanoseconds: {total, user}. The host's account of the JVM
     * thread that runs it (the guest's own instructions and the kernel's work for it); the user part
     * is the host's user time, the rest its system time.
     */
    public long[] cpuTimes() {
        if (endCpu >= 0) return new long[] {endCpu, endUser};
        Thread t = host;
        if (t == null) return new long[] {0, 0};
        if (t == Thread.currentThread()) {
            long[] now = currentThreadTimes();
            return since(now[0], now[1], baseCpu, baseUser);
        }
        long total = Cpu.MX.getThreadCpuTime(t.threadId()), user = Cpu.MX.getThreadUserTime(t.threadId());
        return since(Math.max(0, total), Math.max(0, Math.min(user, total)), mxBaseCpu, baseUser);
    }

    /** Whether the thread's CPU time is final (it has ended). */
    public boolean cpuFinal() { return endCpu >= 0; }

    private volatile long altStack, altSize;
    private volatile boolean altEnabled;

    /** The alternate signal stack: {sp, size, enabled ? 1 : 0}. */
    public long[] altStack() { return new long[] {altStack, altSize, altEnabled ? 1 : 0}; }

    public void setAltStack(long sp, long size, boolean enabled) {
        altStack = sp;
        altSize = size;
        altEnabled = enabled;
    }

    /** Whether rsp lies on the enabled alternate stack. */
    public boolean onAltStack(long rsp) {
        return altEnabled && rsp > altStack && rsp <= altStack + altSize;
    }

    private volatile boolean suspended;
    private volatile long savedMask;

    /** sigsuspend: remember the mask to put back after the handler it waits for. */
    public void suspendWith(long temporaryMask) {
        savedMask = blocked;
        suspended = true;
        setBlocked(temporaryMask);
    }

    /** The mask to save in a signal frame (the pre-sigsuspend one while suspended), and leave suspension. */
    public long maskForFrame() {
        if (suspended) {
            suspended = false;
            return savedMask;
        }
        return blocked;
    }

    /** After signals were taken: a sigsuspend that ran no handler gets its old mask back. */
    public void endSuspension() {
        if (suspended) {
            suspended = false;
            setBlocked(savedMask);
        }
    }

    private volatile long awaited;
    private volatile UtsNamespace uts = new UtsNamespace();

    /** The thread's UTS namespace (its parent's, unless unshare(CLONE_NEWUTS) gave it its own). */
    public UtsNamespace uts() { return uts; }

    public void setUts(UtsNamespace u) { uts = u; }

    private volatile Scheduling scheduling;
    private volatile int hostTid, ioprio;
    private final java.util.concurrent.CountDownLatch hostStarted = new java.util.concurrent.CountDownLatch(1);

    /**
     * The scheduling attributes the kernel keeps for this thread (and has applied to its host thread);
     * null for a first thread until it starts, when it takes its host thread's.
     */
    public Scheduling scheduling() { return scheduling; }

    public void setScheduling(Scheduling s) { scheduling = s; }

    /** The io priority ioprio_set gave this thread (0: IOPRIO_CLASS_NONE, none set). */
    public int ioprio() { return ioprio; }

    public void setIoprio(int p) { ioprio = p; }

    private volatile byte[] lastAffinity;

    /** The CPU mask its host thread had when it ended (what sched_getaffinity reports for an exited leader). */
    public byte[] lastAffinity() { return lastAffinity; }

    public void setLastAffinity(byte[] mask) { lastAffinity = mask; }

    /** How a thread whose scheduling the guest never set learns its host thread's (installed by the kernel's table). */
    private static volatile java.util.function.Consumer<Context> schedulingFromHost = c -> {};

    public static void schedulingFromHost(java.util.function.Consumer<Context> f) { schedulingFromHost = f; }

    /**
     * The scheduling record, read from the host thread on first need when the guest never set
     * one (a thread starts without asking the host: its first host call costs start-up dearly).
     */
    public Scheduling schedulingResolved() {
        Scheduling s = scheduling;
        if (s == null) {
            schedulingFromHost.accept(this);
            s = scheduling;
        }
        return s != null ? s : Scheduling.DEFAULT;
    }

    /** The host thread's tid, taken when it starts running this thread (0 before, or on a host without it). */
    public int hostTid() { return hostTid; }

    /** The host tid once the host thread runs this thread (0: the host has none, or it has ended). */
    public void setHostTid(int t) {
        hostTid = t;
        hostStarted.countDown();
    }

    private volatile io.helctic.kernel.memory.MemPolicy memPolicy;

    /** set_mempolicy's policy for this thread (null: the default); copied to the threads and processes it creates, kept by execve. */
    public io.helctic.kernel.memory.MemPolicy memPolicy() { return memPolicy; }

    public void setMemPolicy(io.helctic.kernel.memory.MemPolicy p) { memPolicy = p; }


    /**
     * The host tid, waiting (at most a second) for a thread started a moment ago to reach its host
     * thread: 0 when it never does (it ended first, or the host has no tids).
     */
    public int awaitHostTid() {
        try {
            if (hostTid == 0) hostStarted.await(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return hostTid;
    }

    /**
     * The signals sigtimedwait is waiting for (0 when it is not): still blocked, so not
     * delivered, but a signal sent to the process comes to this thread (Linux's real_blocked).
     */
    public long awaited() { return awaited; }

    public void setAwaited(long set) { awaited = set; }

    /** The blocked signal mask (SIGKILL and SIGSTOP can never be blocked). */
    public long blocked() { return blocked; }

    public void setBlocked(long mask) { blocked = mask & ~((1L << 8) | (1L << 18)); }

    /** The calling context; only valid while a trap is being handled. */
    private volatile Seccomp seccomp = Seccomp.NONE;

    /** The thread's syscall filtering (inherited by clone and fork, kept by exec). */
    public Seccomp seccomp() { return seccomp; }

    public synchronized void setSeccomp(Seccomp s) {
        Seccomp old = seccomp;
        seccomp = s;
        s.users(1);
        old.users(-1);
    }

    public static Context current() {
        return CURRENT.get();
    }

    public int tid() { return tid; }

    /** A thread's own name (PR_SET_NAME, /proc/PID/task/TID/comm) when it is not the leader; null: the process's. */
    private volatile String comm;

    /** The thread's name: the leader's is the process's (/proc/PID/comm), another thread's its own. */
    public String comm() {
        String c = comm;
        return c != null && tid != process.pid() ? c : process.comm();
    }

    /** PR_SET_NAME or a write to its comm file: at most 15 bytes kept; the leader names the process. */
    public void setComm(String name) {
        if (tid == process.pid()) {
            process.setComm(name);
            comm = null;
        } else {
            comm = name.length() > 15 ? name.substring(0, 15) : name;
        }
    }

    /** A new thread is named as the thread that made it (Linux copies the task's comm); exec forgets it. */
    public void inheritComm(String name) { comm = name; }

    /** The thread's park state word (THREAD_PARK, THREAD_UNPARK). */
    public java.util.concurrent.atomic.AtomicInteger park() { return park; }
    public GuestCpu cpu() { return cpu; }
    public Process process() { return process; }
    public int pid() { return process.pid(); }
    public int ppid() { return process.ppid(); }
    public AddressSpace space() { return process.space(); }
    public FileTable files() { return process.files(); }
    public PersonalityId personality() { return personality; }
    /** The OS conventions of the personality (fork's child, restart, signal frames and numbers). */
    public Conventions conventions() { return conventions; }
    public void setPersonality(PersonalityId p, Conventions c) {
        personality = p;
        conventions = c;
    }

    private volatile java.util.function.LongSupplier restartCall;

    /**
     * Keeps how to continue the call in progress if a signal interrupts it with
     * ERESTART_RESTARTBLOCK (Linux's restart block): the restart syscall then runs it.
     */
    public void setRestartBlock(java.util.function.LongSupplier call) { restartCall = call; }

    /** Takes the kept continuation (null when there is none). */
    public java.util.function.LongSupplier takeRestartBlock() {
        java.util.function.LongSupplier c = restartCall;
        restartCall = null;
        return c;
    }
    public long clearChildTid() { return clearChildTid; }
    public void setClearChildTid(long addr) { clearChildTid = addr; }
    /** The robust futex list head set_robust_list registered (0: none). */
    public long robustList() { return robustList; }
    public void setRobustList(long head) { robustList = head; }

    /** Ends this thread; the scheduler ends the process with its last thread (or every thread, for a fatal signal). */
    public void terminate(Termination how) {
        if (termination == null) termination = how;
    }

    public Termination termination() { return termination; }

    public boolean finished() { return termination != null; }
}
