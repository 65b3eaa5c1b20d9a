package io.helctic.kernel.context;

import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The live processes by pid; pids count up from 1 and are not reused while this kernel runs. */
public final class ProcessTable {
    private final ConcurrentSkipListMap<Integer, Process> byPid = new ConcurrentSkipListMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1);

    /** The kernel's native AIO (aio-nr, aio-max-nr and each address space's contexts), kept beside its processes. */
    private final io.helctic.kernel.aio.Aio aio = new io.helctic.kernel.aio.Aio();

    public int allocatePid() { return nextPid.getAndIncrement(); }

    /** The pid given last (/proc/loadavg's last field). */
    public int lastPid() { return nextPid.get() - 1; }

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
