package io.helctic.kernel.context;

/** Starts a context running on a JVM thread of its own (the kernel's scheduler). */
public interface Spawner {
    void start(Context ctx);

    /** The live process with this pid, or null. */
    Process process(int pid);

    /** Wakes a context from a blocking wait (a signal is pending for it). */
    void wake(Context ctx);

    /** Ends a process: every one of its threads is terminated with this reason and woken from any wait. */
    void kill(Process p, Termination how);
}
