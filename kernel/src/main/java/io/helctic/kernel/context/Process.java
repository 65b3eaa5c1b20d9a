package io.helctic.kernel.context;

import io.helctic.kernel.vfs.Dir;
import io.helctic.kernel.vfs.Namespace;

import io.helctic.kernel.memory.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A process: what its threads share — the address space, the descriptor table, the
 * filesystem context (cwd, umask) — what identifies it (pid, parent, process group,
 * session, executable), and its fate (termination, children to wait for). The process
 * object is also the monitor its parent's wait4 sleeps on.
 */
public final class Process {
    private final int pid;
    /** When the process was made (fork, or the kernel's first): /proc/PID/stat's starttime. */
    private final long started = System.nanoTime();
    private volatile int ppid;
    private volatile int pgid, sid;
    private volatile AddressSpace space;
    private final FileTable files;
    /** The working directory: its canonical guest path and, when open, the directory held (see {@link #setCwd}). */
    private volatile Namespace.Location cwd;
    private volatile int umask = 022;
    private volatile String exe;
    private volatile List<String> argv;
    private final List<Process> children = new CopyOnWriteArrayList<>();
    private final List<Context> threads = new CopyOnWriteArrayList<>();
    private volatile Termination termination;
    private volatile Termination groupExit;
    private volatile boolean vforkReleased;
    private final Signals.Dispositions dispositions;
    private final long[] limits;
    private volatile String comm;
    private final SignalQueue sharedPending = new SignalQueue();
    private final io.helctic.kernel.scheme.WaitQueue signalWaiters = new io.helctic.kernel.scheme.WaitQueue();

    /** RLIM_INFINITY. */
    public static final long UNLIMITED = -1;
    /** The resource limits a first process starts with: {soft, hard} per RLIMIT_* number (0..15). */
    static long[] defaultLimits() {
        long u = UNLIMITED;
        return new long[] {
            u, u,                    // CPU
            u, u,                    // FSIZE
            u, u,                    // DATA
            8L << 20, u,             // STACK
            0, u,                    // CORE
            u, u,                    // RSS
            63_704, 63_704,          // NPROC
            FileTable.MAX_FDS, FileTable.MAX_FDS, // NOFILE: what the descriptor table holds
            8L << 20, 8L << 20,      // MEMLOCK
            u, u,                    // AS
            u, u,                    // LOCKS
            63_704, 63_704,          // SIGPENDING
            819_200, 819_200,        // MSGQUEUE
            0, 0,                    // NICE
            0, 0,                    // RTPRIO
            u, u,                    // RTTIME
        };
    }

    public Process(int pid, int ppid, AddressSpace space, FileTable files, String cwd, String exe, List<String> argv) {
        this(pid, ppid, pid, pid, space, files, cwd, exe, argv, new Signals.Dispositions(), defaultLimits());
    }

    private Process(int pid, int ppid, int pgid, int sid, AddressSpace space, FileTable files, String cwd, String exe,
                    List<String> argv, Signals.Dispositions dispositions, long[] limits) {
        this.pid = pid;
        this.ppid = ppid;
        this.pgid = pgid;
        this.sid = sid;
        this.space = space;
        this.files = files;
        this.cwd = Namespace.Location.of(cwd);
        this.exe = exe;
        this.argv = List.copyOf(argv);
        this.dispositions = dispositions;
        this.limits = limits;
        this.comm = baseName(exe);
    }

    private static String baseName(String exe) {
        String b = exe.substring(exe.lastIndexOf('/') + 1);
        return b.length() > 15 ? b.substring(0, 15) : b;
    }

    /** The thread name (prctl PR_SET_NAME, /proc/PID/comm): at most 15 bytes. */
    public String comm() { return comm; }

    public void setComm(String name) { comm = name.length() > 15 ? name.substring(0, 15) : name; }

    /** {soft, hard} for a resource; the array is live. */
    public synchronized long[] limit(int resource) {
        return new long[] {limits[2 * resource], limits[2 * resource + 1]};
    }

    public synchronized void setLimit(int resource, long soft, long hard) {
        limits[2 * resource] = soft;
        limits[2 * resource + 1] = hard;
    }

    /** The child of a fork: a copy of this process's state with the given pid, address space and descriptors. */
    public Process forkChild(int childPid, AddressSpace childSpace, FileTable childFiles) {
        Process c;
        synchronized (this) {
            c = new Process(childPid, pid, pgid, sid, childSpace, childFiles, cwd.path(), exe, argv, dispositions.copy(),
                    limits.clone());
            Dir d = cwd.dir() != null ? cwd.dir().borrowed() : null; // the child holds the same directory
            if (d != null) c.cwd = new Namespace.Location(cwd.path(), d);
        }
        c.comm = comm;
        c.umask = umask;
        c.creds = creds;
        c.persona = persona;
        c.dumpable = dumpable;
        c.noNewPrivs = noNewPrivs;
        c.timerSlack = timerSlack;
        c.ipc = ipc.forked(pid);
        children.add(c);
        return c;
    }

    private volatile Credentials creds = Credentials.first(0, 0, 0, 0, 0, Credentials.ALL_CAPS, Credentials.ALL_CAPS,
            Credentials.ALL_CAPS);
    private volatile int persona;
    private volatile int deathSignal, dumpable = 1;
    private volatile boolean subreaper, noNewPrivs;
    private volatile long timerSlack = 50_000;

    /** PR_SET_PDEATHSIG: the signal this process gets when its parent ends (0: none); not inherited. */
    public int deathSignal() { return deathSignal; }
    public void setDeathSignal(int s) { deathSignal = s; }
    /** PR_SET_DUMPABLE (inherited). */
    public int dumpable() { return dumpable; }
    public void setDumpable(int d) { dumpable = d; }
    /** PR_SET_CHILD_SUBREAPER: orphans below it come to it rather than to init (not inherited). */
    public boolean subreaper() { return subreaper; }
    public void setSubreaper(boolean s) { subreaper = s; }
    /** PR_SET_NO_NEW_PRIVS: once set, for good, and inherited. */
    public boolean noNewPrivs() { return noNewPrivs; }
    public void setNoNewPrivs() { noNewPrivs = true; }
    /** PR_SET_TIMERSLACK in nanoseconds (inherited). */
    public long timerSlack() { return timerSlack; }
    public void setTimerSlack(long ns) { timerSlack = ns; }
    private volatile int membarriers;
    private final io.helctic.kernel.scheme.WaitQueue exitWaiters = new io.helctic.kernel.scheme.WaitQueue();

    /** personality(2)'s persona (PER_LINUX and its flags); kept across exec, inherited by fork. */
    public int persona() { return persona; }

    public void setPersona(int p) { persona = p; }

    /** The membarrier commands this process registered for (bits of MEMBARRIER_CMD_REGISTER_*). */
    public int membarriers() { return membarriers; }

    public synchronized void registerMembarrier(int bit) { membarriers |= bit; }

    /** Told when the process ends (a pidfd's readiness). */
    public io.helctic.kernel.scheme.WaitQueue exitWaiters() { return exitWaiters; }
    private final ProcessTimers timers = new ProcessTimers();
    private io.helctic.kernel.ipc.ProcessIpc ipc = new io.helctic.kernel.ipc.ProcessIpc();

    /** The process's System V shared memory attaches and SEM_UNDO adjustments. */
    public io.helctic.kernel.ipc.ProcessIpc ipc() { return ipc; }

    /** The process's interval and POSIX timers. */
    public ProcessTimers timers() { return timers; }
    private final java.util.concurrent.atomic.AtomicLong exitedCpu = new java.util.concurrent.atomic.AtomicLong(),
            exitedUser = new java.util.concurrent.atomic.AtomicLong(), childCpu = new java.util.concurrent.atomic.AtomicLong(),
            childUser = new java.util.concurrent.atomic.AtomicLong();

    /** The real user id (what siginfo's si_uid says of a sender). */
    public int uid() { return creds.ruid(); }

    /** The process's credentials (ids, groups, capabilities), shared by its threads; copied by fork, kept by exec. */
    public Credentials credentials() { return creds; }

    public void setCredentials(Credentials c) { creds = c; }

    /** Replaces the credentials with what {@code change} makes of them (atomically against other changes). */
    public synchronized Credentials updateCredentials(java.util.function.UnaryOperator<Credentials> change) {
        Credentials old = creds;
        creds = change.apply(old);
        // Linux's commit_creds: a change of effective or filesystem ids, or new permitted capabilities,
        // makes the process non-dumpable (fs.suid_dumpable's default, 0), so others of its old ids cannot ptrace it
        if (old.euid() != creds.euid() || old.egid() != creds.egid() || old.fsuid() != creds.fsuid()
                || old.fsgid() != creds.fsgid() || (creds.permitted() & ~old.permitted()) != 0) {
            dumpable = 0;
        }
        return creds;
    }

    void addExitedCpu(long cpu, long user) {
        exitedCpu.addAndGet(cpu);
        exitedUser.addAndGet(user);
    }

    /** {@link System#nanoTime} when the process was made (fork keeps nothing of the parent's). */
    public long started() { return started; }

    /** CPU time of every thread, ended ones too: {total, user} in nanoseconds. */
    public long[] cpuTimes() {
        long total = exitedCpu.get(), user = exitedUser.get();
        for (Context c : threads) {
            if (c.cpuFinal()) continue;
            long[] t = c.cpuTimes();
            total += t[0];
            user += t[1];
        }
        return new long[] {total, user};
    }

    /** The peak resident pages of the images this process ran before its exec, and of its waited-for children. */
    private final java.util.concurrent.atomic.AtomicLong execedPeak = new java.util.concurrent.atomic.AtomicLong(),
            childPeak = new java.util.concurrent.atomic.AtomicLong();

    /** Minor page faults of the images before exec, and of the waited-for children (and theirs). */
    private final java.util.concurrent.atomic.AtomicLong execedFaults = new java.util.concurrent.atomic.AtomicLong(),
            childFaults = new java.util.concurrent.atomic.AtomicLong();

    /** The minor page faults of this process, across its execs (ru_minflt, /proc/PID/stat's minflt). */
    public long minorFaults() {
        AddressSpace s = space;
        return execedFaults.get() + (s == null ? 0 : s.minorFaults());
    }

    /** The minor page faults of the children (and their children) that were waited for. */
    public long childMinorFaults() { return childFaults.get(); }

    /** The most pages this process has had resident, across its execs (getrusage's ru_maxrss). */
    public long peakResidentPages() {
        AddressSpace s = space;
        return Math.max(execedPeak.get(), s == null ? 0 : s.peakResidentPages());
    }

    /** The largest peak of the children (and their children) that were waited for, in pages. */
    public long childPeakResidentPages() { return childPeak.get(); }

    /** CPU time of the children (and their children) that were waited for: {total, user}. */
    public long[] childCpuTimes() { return new long[] {childCpu.get(), childUser.get()}; }

    /** CPU time of this process and of its waited-for children together (Linux's RUSAGE_BOTH): {total, user}. */
    public long[] cpuTimesWithChildren() {
        long[] t = cpuTimes(), c = childCpuTimes();
        return new long[] {t[0] + c[0], t[1] + c[1]};
    }

    /** The larger of this process's peak resident pages and its waited-for children's (RUSAGE_BOTH). */
    public long peakResidentPagesWithChildren() {
        return Math.max(peakResidentPages(), childPeakResidentPages());
    }

    /** Minor faults of this process and of its waited-for children together (RUSAGE_BOTH). */
    public long minorFaultsWithChildren() {
        return minorFaults() + childMinorFaults();
    }

    /** A child was reaped: its times, and those of the children it waited for, count as this process's children's. */
    public void addChildTimes(Process child) {
        long[] t = child.cpuTimesWithChildren();
        childCpu.addAndGet(t[0]);
        childUser.addAndGet(t[1]);
        childFaults.addAndGet(child.minorFaultsWithChildren());
        raise(childPeak, child.peakResidentPagesWithChildren());
    }

    /** a = max(a, v), atomically. */
    private static void raise(java.util.concurrent.atomic.AtomicLong a, long v) {
        long c;
        while ((c = a.get()) < v && !a.compareAndSet(c, v)) Thread.onSpinWait();
    }

    /** {user, system} CPU time in clock ticks (USER_HZ, 100 a second), as siginfo's si_utime and si_stime. */
    public long[] cpuTicks() {
        long[] t = cpuTimes();
        return new long[] {t[1] / 10_000_000L, (t[0] - t[1]) / 10_000_000L};
    }

    /** Signals sent to the process as a whole (kill), for whichever thread does not block them. */
    public SignalQueue sharedPending() { return sharedPending; }

    /** The counters of signals sent to this process (SIGNAL_COUNTER), whatever becomes of the signals. */
    private final List<io.helctic.kernel.scheme.SignalCounter> signalCounters = new CopyOnWriteArrayList<>();

    /** Counts {@code c}'s signal from now on, until it is closed. */
    public void addSignalCounter(io.helctic.kernel.scheme.SignalCounter c) { signalCounters.add(c); }

    public void removeSignalCounter(io.helctic.kernel.scheme.SignalCounter c) { signalCounters.remove(c); }

    /** Signal {@code sig} is being sent to this process or one of its threads: every counter of it counts one. */
    public void countSignal(int sig) {
        for (io.helctic.kernel.scheme.SignalCounter c : signalCounters) if (c.signal() == sig) c.count();
    }

    /** Told whenever a signal is made pending in this process (signalfd's readiness). */
    public io.helctic.kernel.scheme.WaitQueue signalWaiters() { return signalWaiters; }

    /** The most real-time signals this process may have queued (RLIMIT_SIGPENDING). */
    public long sigpendingLimit() {
        long soft = limit(io.helctic.abi.uapi.Proc.RLIMIT_SIGPENDING)[0];
        return soft == UNLIMITED ? Long.MAX_VALUE : soft;
    }

    public int pid() { return pid; }
    public int ppid() { return ppid; }
    public void setPpid(int p) { ppid = p; }
    public int pgid() { return pgid; }
    public void setPgid(int g) { pgid = g; }
    public int sid() { return sid; }
    public void setSid(int s) { sid = s; }
    public AddressSpace space() { return space; }
    public FileTable files() { return files; }
    /** The working directory's absolute, canonical guest path. */
    public String cwd() { return cwd.path(); }

    /** Where a relative path starts: the working directory's path and the directory itself when held. */
    public Namespace.Location workingDir() { return cwd; }

    /**
     * Changes the working directory to {@code dir} (a Dir the process now holds: closed when the
     * directory changes again or the process exits; null to go by the path alone).
     */
    public void setCwd(String path, Dir dir) {
        Namespace.Location old;
        synchronized (this) {
            old = cwd;
            cwd = new Namespace.Location(path, dir);
        }
        if (old.dir() != null) old.dir().close();
    }

    /** The process has exited: it lets go of its working directory. */
    public void releaseCwd() {
        setCwd(cwd.path(), null);
    }
    public int umask() { return umask; }
    public void setUmask(int mask) { umask = mask & 0777; }
    /** The executable's absolute guest path (/proc/self/exe). */
    public String exe() { return exe; }
    public List<String> argv() { return argv; }
    public Signals.Dispositions dispositions() { return dispositions; }

    /** execve: the new image replaces the old; the caller destroys the old space. */
    public AddressSpace replaceImage(AddressSpace newSpace, String newExe, List<String> newArgv) {
        return replaceImage(newSpace, newExe, newArgv, newExe);
    }

    /** exec: the new image, with its name (comm: the last component of {@code name}, at most 15 bytes). */
    public AddressSpace replaceImage(AddressSpace newSpace, String newExe, List<String> newArgv, String name) {
        AddressSpace old = space;
        raise(execedPeak, old.peakResidentPages());
        execedFaults.addAndGet(old.minorFaults());
        space = newSpace;
        exe = newExe;
        argv = List.copyOf(newArgv);
        comm = baseName(name);
        updateCredentials(Credentials::execed);
        // begin_new_exec: dumpable again unless the effective ids differ from the real ones
        dumpable = creds.euid() == creds.ruid() && creds.egid() == creds.rgid() ? 1 : 0;
        return old;
    }

    private volatile int stopSignal;      // 0: running
    private volatile boolean stopUnreported, continueUnreported;

    /** Job control: the process stops (every thread parks at its next trap boundary). */
    public synchronized void stop(int sig) {
        stopSignal = sig;
        stopUnreported = true;
        continueUnreported = false;
        notifyAll();
    }

    /** SIGCONT: the process runs again; returns whether it was stopped. */
    public synchronized boolean resume() {
        if (stopSignal == 0) return false;
        stopSignal = 0;
        stopUnreported = false;
        continueUnreported = true;
        notifyAll();
        return true;
    }

    public boolean stopped() { return stopSignal != 0; }

    public int stopSignal() { return stopSignal; }

    /** A stop wait4(WUNTRACED) has not reported yet: its signal, once; 0 otherwise. */
    public synchronized int takeStopReport(boolean consume) {
        if (!stopUnreported || stopSignal == 0) return 0;
        if (consume) stopUnreported = false;
        return stopSignal;
    }

    /** A continue wait4(WCONTINUED) has not reported yet, once. */
    public synchronized boolean takeContinueReport(boolean consume) {
        if (!continueUnreported) return false;
        if (consume) continueUnreported = false;
        return true;
    }

    /** Whether a vfork parent may go on: the child has exec'd or ended. */
    public boolean vforkReleased() { return vforkReleased || termination != null; }

    public synchronized void releaseVfork() {
        vforkReleased = true;
        notifyAll();
    }

    public List<Process> children() { return children; }
    public List<Context> threads() { return threads; }

    public Termination termination() { return termination; }

    /** How the whole thread group was ended (exit_group, a fatal signal), or null while threads end one by one. */
    public Termination groupExit() { return groupExit; }

    /** Records the group's fate; the first one wins. */
    public synchronized void claimGroupExit(Termination t) {
        if (groupExit == null) groupExit = t;
    }

    /** Marks the process dead (a zombie until its parent reaps it) and wakes its parent's wait4. */
    public void setTermination(Termination t) { termination = t; }

    public boolean zombie() { return termination != null; }

    private volatile Context exitedLeader;

    /**
     * The thread-group leader once it has exited (its pid's task, which Linux still finds until the
     * process is reaped: a zombie, or a leader that ended before its threads); null while it runs.
     */
    public Context exitedLeader() { return exitedLeader; }

    public void leaderExited(Context leader) { exitedLeader = leader; }

    /** The children snapshot, for tests and /proc. */
    public List<Process> childrenSnapshot() { return new ArrayList<>(children); }
}
