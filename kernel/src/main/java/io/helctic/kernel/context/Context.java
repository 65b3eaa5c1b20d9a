package io.helctic.kernel.context;

import io.helctic.abi.PersonalityId;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.x86_64.X86Cpu;

/**
 * A guest thread: its CPU (registers and FPU state), personality and process. Each
 * context runs on its own JVM thread; the kernel's ops find the calling context through
 * {@link #CURRENT}.
 */
public final class Context {
    /** The context whose trap the current JVM thread is handling. */
    public static final ScopedValue<Context> CURRENT = ScopedValue.newInstance();

    private final int tid;
    private final X86Cpu cpu;
    private final Process process;
    private volatile PersonalityId personality;
    private long clearChildTid;
    private volatile Termination termination;

    public Context(int tid, X86Cpu cpu, Process process, PersonalityId personality) {
        this.tid = tid;
        this.cpu = cpu;
        this.process = process;
        this.personality = personality;
    }

    /** The calling context; only valid while a trap is being handled. */
    public static Context current() {
        return CURRENT.get();
    }

    public int tid() { return tid; }
    public X86Cpu cpu() { return cpu; }
    public Process process() { return process; }
    public int pid() { return process.pid(); }
    public int ppid() { return process.ppid(); }
    public AddressSpace space() { return process.space(); }
    public FileTable files() { return process.files(); }
    public PersonalityId personality() { return personality; }
    public void setPersonality(PersonalityId p) { personality = p; }
    public long clearChildTid() { return clearChildTid; }
    public void setClearChildTid(long addr) { clearChildTid = addr; }

    /** Ends the context (and, with one thread per process for now, its process). */
    public void terminate(Termination how) {
        if (termination == null) termination = how;
    }

    public Termination termination() { return termination; }

    public boolean finished() { return termination != null; }
}
