package io.helctic.kernel.boot;

import io.helctic.abi.Personality;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.context.WakeGate;
import io.helctic.kernel.syscall.Delivery;
import io.helctic.kernel.syscall.SyscallHistory;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs every context on a JVM thread of its own and ends processes: when the last thread
 * of a process ends, its descriptors are closed, its memory freed, its children handed to
 * init, and it waits as a zombie for its parent's wait4. A kernel bug in any context is a
 * panic: reported once, and every process is stopped.
 */
final class Scheduler implements Spawner {
    private final ContextRunner runner;
    private final ProcessTable processes;
    private final SyscallHistory history;
    private final Personality layer;
    private final PrintStream err;
    private final Consumer<Context> threadExit, threadStart;
    private final Map<Context, Thread> threads = new ConcurrentHashMap<>();
    /** Linux's kernel.threads-max for this machine: at most this many guest threads at once. */
    private final int threadsMax;
    private volatile boolean panicked;

    Scheduler(ContextRunner runner, ProcessTable processes, SyscallHistory history, Personality layer, PrintStream err,
              Consumer<Context> threadStart, Consumer<Context> threadExit, int threadsMax) {
        this.threadsMax = threadsMax;
        this.threadStart = threadStart;
        this.threadExit = threadExit;
        this.runner = runner;
        this.processes = processes;
        this.history = history;
        this.layer = layer;
        this.err = err;
    }

    boolean panicked() { return panicked; }

    /** Linux's default threads-max: one thread per 128 KiB of RAM (8 kernel stacks' worth), here at most 16,384. */
    static int threadsMax(long memoryBytes) {
        return (int) Math.max(64, Math.min(16_384, memoryBytes / (128 << 10)));
    }

    /**
     * Host threads whose guest thread ended wait here a while ({@link #IDLE_MS}) for the next one
     * to run: starting a JVM thread (and faulting in its stack) was ~45 % of a fork's clone. A
     * context is handed over only to a thread waiting at that moment (a synchronous hand-off).
     */
    private final java.util.concurrent.SynchronousQueue<Context> idle = new java.util.concurrent.SynchronousQueue<>();
    private static final long IDLE_MS = 1000;

    /** Host threads between their guest thread's exit (its parent may be woken) and their wait in {@link #idle}. */
    private final java.util.concurrent.atomic.AtomicInteger ending = new java.util.concurrent.atomic.AtomicInteger();

    /** Hands ctx to a host thread that starts waiting within 2 ms; false when none does. */
    private boolean offerWaiting(Context ctx) {
        try {
            return idle.offer(ctx, 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a wake-up for the caller: a new thread runs ctx
            return false;
        }
    }

    /**
     * Whether host threads are handed from ended guest threads to new ones: not once a guest has
     * changed a host thread's scheduling (HostSched.changed: the next guest thread would inherit
     * it), nor under --stats (its per-thread accounting), nor with -Dhelctic.threads.reuse=false.
     */
    private static boolean reuse() {
        return REUSE && !RunStats.ON && !io.helctic.kernel.host.HostSched.changed();
    }

    private static final boolean REUSE = !"false".equals(System.getProperty("helctic.threads.reuse"));

    @Override
    public boolean start(Context ctx) {
        if (threads.size() >= threadsMax) return false;
        ctx.process().threads().add(ctx);
        // a waiting host thread runs it (see work); when one is on its way there (a fork right
        // after its previous child was reaped: the parent is woken before the child's thread is
        // done), it is waited for a moment
        if (reuse() && (idle.offer(ctx)
                || ending.get() > 0 && offerWaiting(ctx))) return true;
        Thread t = Thread.ofPlatform().name("helctic-" + ctx.pid() + "-" + ctx.tid()).unstarted(() -> work(ctx));
        threads.put(ctx, t);
        try {
            t.start();
            return true;
        } catch (OutOfMemoryError e) { // "unable to create native thread": the host's limit, met first
            threads.remove(ctx);
            ctx.process().threads().remove(ctx);
            return false;
        }
    }

    /**
     * A host thread's life: the guest thread it was started for, then, while host threads are
     * reused, each one handed to it while it waits ({@link #idle}). A wake-up meant for the guest
     * thread it ran before may still arrive (its interrupt is cleared before the next one is
     * named): a guest thread takes such a spurious wake-up as it takes any, by looking again.
     */
    private void work(Context first) {
        Context ctx = first;
        boolean fresh = true;
        try {
            while (true) {
                boolean counted = run(ctx, fresh);
                fresh = false;
                try {
                    if (!reuse()) return;
                    ctx = idle.poll(IDLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    if (counted) ending.decrementAndGet();
                }
                if (ctx == null) return;
                Thread me = Thread.currentThread();
                me.setName("helctic-" + ctx.pid() + "-" + ctx.tid());
                Thread.interrupted();
                threads.put(ctx, me);
            }
        } finally {
            io.helctic.kernel.scheme.HostFs.threadEnded(); // its host calls' scratch areas to the next thread
            io.helctic.kernel.host.HostSched.threadEnded();
        }
    }

    /** Runs ctx to its end; true when it counted this thread in {@link #ending} (the caller uncounts it). */
    private boolean run(Context ctx, boolean fresh) {
        boolean counted = false;
        ctx.bindHost(Thread.currentThread(), fresh);
        try {
            threadStart.accept(ctx);
            ScopedValue.where(Context.CURRENT, ctx).where(WakeGate.CURRENT, ctx.wakeGate())
                    .run(() -> runner.run(ctx, this));
            Termination end = ctx.termination();
            if (end != null && end.bySignal()) kill(ctx.process(), end); // a fatal signal ends every thread
        } catch (OutOfMemoryError oom) {
            // The JVM's heap is full (kernel objects on top of guest RAM outgrew it): the process whose
            // request met the limit is killed, as Linux's OOM killer would kill one, and the kernel goes on.
            err.println("helctic: pid " + ctx.pid() + ": out of kernel memory (the JVM's heap is full), killed");
            kill(ctx.process(), Termination.killed(Signal.SIGKILL));
        } catch (Throwable bug) {
            synchronized (this) {
                if (!panicked) {
                    panicked = true;
                    KernelPanic.report(err, ctx, bug, history, layer);
                }
            }
            ctx.terminate(Termination.killed(Signal.SIGKILL));
            for (Process p : processes.all()) kill(p, Termination.killed(Signal.SIGKILL));
        } finally {
            ctx.unbindHost();
            ctx.setSeccomp(io.helctic.kernel.context.Seccomp.NONE); // it no longer runs under its filters' listeners
            threads.remove(ctx);
            try {
                threadExit.accept(ctx);
            } catch (RuntimeException e) {
                // the thread's memory may be gone with a panic; it is retired all the same
            }
            if (reuse()) {
                ending.incrementAndGet(); // before its parent can be woken by its exit
                counted = true;
            }
            exited(ctx);
        }
        return counted;
    }

    /** Who adopts p's children: the nearest living ancestor that is a child subreaper, else init. */
    private Process reaperFor(Process p, Process init) {
        Process a = processes.get(p.ppid());
        for (int hops = 0; a != null && a != init && hops < 4096; hops++) {
            if (a.subreaper() && a.termination() == null && a != p) return a;
            a = processes.get(a.ppid());
        }
        return init;
    }

    private void exited(Context ctx) {
        Process p = ctx.process();
        synchronized (p) { // two last threads must not both retire the process
            p.threads().remove(ctx);
            if (!p.threads().isEmpty() || p.termination() != null) return;
        }
        Termination t = p.groupExit() != null ? p.groupExit()
                : ctx.termination() != null ? ctx.termination() : Termination.killed(Signal.SIGKILL);
        p.timers().cancelAll();
        p.ipc().exited(p.pid());
        p.files().closeAll();
        p.releaseCwd();
        p.space().destroy();
        Process init = processes.get(1);
        Process reaper = reaperFor(p, init);
        for (Process c : p.children()) {
            int signal = c.deathSignal();
            if (signal != 0 && !c.zombie()) Delivery.send(c, null, io.helctic.kernel.arch.SignalInfo.sent(signal,
                    Signal.SI_USER, p.pid(), p.uid()), this);
            if (reaper != null && reaper != p && reaper.termination() == null) {
                c.setPpid(reaper.pid());
                reaper.children().add(c);
            } else {
                c.setPpid(0);
                if (c.zombie()) processes.remove(c.pid());
            }
        }
        p.children().clear();
        if (reaper != null && reaper != p) {
            synchronized (reaper) {
                reaper.notifyAll(); // a zombie it adopted is for its wait to find
            }
        }
        Process parent = processes.get(p.ppid());
        boolean autoReap = parent == null || parent == p
                || parent.dispositions().get(Signal.SIGCHLD).handler() == Signal.SIG_IGN
                || (parent.dispositions().get(Signal.SIGCHLD).flags() & Signal.SA_NOCLDWAIT) != 0;
        if (autoReap) {
            if (parent != null) parent.children().remove(p);
            if (p.pid() != 1) processes.remove(p.pid());
        }
        if (parent == null) {
            synchronized (p) {
                p.setTermination(t);
                p.notifyAll();
            }
        } else {
            // as Linux's exit_notify under tasklist_lock: the parent's wait (which looks under the
            // parent's monitor) finds the zombie only once its SIGCHLD is pending, never before
            long[] ticks = p.cpuTicks();
            int code = t.bySignal() ? Signal.CLD_KILLED : Signal.CLD_EXITED;
            synchronized (parent) {
                synchronized (p) {
                    p.setTermination(t);
                    p.notifyAll();
                }
                Delivery.send(parent, null, io.helctic.kernel.arch.SignalInfo.child(code, p.pid(), p.uid(),
                        t.bySignal() ? t.signal() : t.code(), ticks[0], ticks[1]), this);
                parent.notifyAll();
            }
        }
        p.exitWaiters().wake(io.helctic.abi.uapi.Poll.POLLIN);
    }

    @Override
    public Process process(int pid) {
        return processes.get(pid);
    }

    @Override
    public void wake(Context c) {
        Thread t = threads.get(c);
        if (t != null && t != Thread.currentThread()) c.wakeGate().interrupt(t);
    }

    @Override
    public void kill(Process p, Termination how) {
        p.claimGroupExit(how);
        for (Context c : p.threads()) {
            c.terminate(how);
            Thread t = threads.get(c);
            if (t != null && t != Thread.currentThread()) c.wakeGate().interrupt(t);
        }
    }

    /** Waits until the process has ended; returns its termination. */
    Termination awaitExit(Process p) throws InterruptedException {
        synchronized (p) {
            while (p.termination() == null) p.wait(100);
            return p.termination();
        }
    }

    /** Ends every remaining process and waits for their threads (the first process has exited). */
    void shutdown() {
        for (Process p : processes.all()) kill(p, Termination.killed(Signal.SIGKILL));
        for (Thread t : List.copyOf(threads.values())) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
