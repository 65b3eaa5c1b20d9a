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
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private volatile long blocked;
    private final io.helctic.kernel.memory.AddressSpace.TlbListener tlb;
    private final WakeGate wakeGate = new WakeGate();

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

    /** Signals waiting for delivery to this thread (bit n-1 for signal n). */
    public long pending() { return pending.get(); }

    public void raise(int sig) { pending.getAndUpdate(p -> p | (1L << (sig - 1))); }

    /** Takes the lowest pending signal that is not blocked, or returns 0. */
    public int takeDeliverable() {
        while (true) {
            long p = pending.get(), ready = p & ~blocked;
            if (ready == 0) return 0;
            int sig = Long.numberOfTrailingZeros(ready) + 1;
            if (pending.compareAndSet(p, p & ~(1L << (sig - 1)))) return sig;
        }
    }

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

    /** The blocked signal mask (SIGKILL and SIGSTOP can never be blocked). */
    public long blocked() { return blocked; }

    public void setBlocked(long mask) { blocked = mask & ~((1L << 8) | (1L << 18)); }

    /** The calling context; only valid while a trap is being handled. */
    public static Context current() {
        return CURRENT.get();
    }

    public int tid() { return tid; }
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
