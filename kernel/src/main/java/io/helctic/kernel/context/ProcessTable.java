package io.helctic.kernel.context;

import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The live processes by pid. Pids and tids count up from 1 to {@link #PID_MAX} (exclusive, Linux's
 * pid_max on 64-bit machines, /proc/sys/kernel/pid_max), then again from 300 (Linux's
 * RESERVED_PIDS), skipping every id still a live process's, thread's, process group's or session's.
 */
public final class ProcessTable {
    /** PID_MAX_LIMIT of a 64-bit Linux. */
    public static final int PID_MAX = 4 * 1024 * 1024;
    private static final int RESERVED_PIDS = 300;
    private final ConcurrentSkipListMap<Integer, Process> byPid = new ConcurrentSkipListMap<>();
    private final int pidMax;
    private int next = 1, last;
    private boolean wrapped;

    public ProcessTable() {
        this(PID_MAX);
    }

    /** A table whose ids wrap at {@code pidMax} (tests). */
    ProcessTable(int pidMax) {
        this.pidMax = pidMax;
    }

    /** The kernel's native AIO (aio-nr, aio-max-nr and each address space's contexts), kept beside its processes. */
    private final io.helctic.kernel.aio.Aio aio = new io.helctic.kernel.aio.Aio();

    /** A free id for a new process or thread, or -1 when every id is taken (the caller answers EAGAIN). */
    public synchronized int allocatePid() {
        for (int tries = 0; tries < pidMax; tries++) {
            int n = next++;
            if (next >= pidMax) {
                next = Math.min(RESERVED_PIDS, pidMax - 1);
                wrapped = true;
            }
            if (!wrapped || !inUse(n)) return last = n;
        }
        return -1;
    }

    /** Whether a live process, thread, process group or session has this id (a zombie's too). */
    private boolean inUse(int id) {
        if (byPid.containsKey(id)) return true;
        for (Process p : byPid.values()) {
            if (p.pgid() == id || p.sid() == id) return true;
            for (Context c : p.threads()) if (c.tid() == id) return true;
        }
        return false;
    }

    /** The pid given last (/proc/loadavg's last field). */
    public synchronized int lastPid() { return last; }

    public io.helctic.kernel.aio.Aio aio() { return aio; }

    /** The load averages of this kernel's threads, sampled every five seconds from the first use. */
    private volatile LoadAverage load;

    public LoadAverage load() {
        LoadAverage l = load;
        if (l == null) {
            synchronized (this) {
                if (load == null) load = LoadAverage.of(this);
                l = load;
            }
        }
        return l;
    }

    public void add(Process p) { byPid.put(p.pid(), p); }

    /** CPU time of the processes reaped so far: {total, user} in nanoseconds. */
    private long removedCpu, removedUser;

    public synchronized void remove(int pid) {
        Process p = byPid.remove(pid);
        // a zombie's times are final; a live process is removed only as the kernel stops, when no
        // one reads /proc/stat any more (and asking for its threads' times would make a ThreadMXBean)
        if (p != null && p.zombie()) {
            long[] t = p.cpuTimes();
            removedCpu += t[0];
            removedUser += t[1];
        }
    }

    /** CPU time of every process since the kernel started, ended ones too: {total, user} in nanoseconds (/proc/stat). */
    public synchronized long[] cpuTimes() {
        long total = removedCpu, user = removedUser;
        for (Process p : byPid.values()) {
            long[] t = p.cpuTimes();
            total += t[0];
            user += t[1];
        }
        return new long[] {total, user};
    }

    public Process get(int pid) { return byPid.get(pid); }

    /** In pid order. */
    public Collection<Process> all() { return byPid.values(); }
}
