package io.helctic.kernel.context;

/** Starts a context running on a JVM thread of its own (the kernel's scheduler). */
public interface Spawner {
    /**
     * Starts ctx (already one of its process's threads); false when it cannot: the kernel's
     * thread limit is reached or the host will not give another thread. The caller then undoes
     * what it made and answers EAGAIN, as Linux's clone does at threads-max.
     */
    boolean start(Context ctx);

    /** The live process with this pid, or null. */
    Process process(int pid);

    /** Wakes a context from a blocking wait (a signal is pending for it). */
    void wake(Context ctx);

    /** Ends a process: every one of its threads is terminated with this reason and woken from any wait. */
    void kill(Process p, Termination how);
}
