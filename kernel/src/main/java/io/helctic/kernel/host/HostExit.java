package io.helctic.kernel.host;

/**
 * Ends the host process at once: exit_group(2) through the host call, without the JVM's own exit.
 *
 * <p>{@code Runtime.halt} runs HotSpot's VM_Exit, which waits at its final safepoint for every
 * compiler thread in the middle of a compilation to reach a VM transition, polling every 10 ms
 * ({@code VM_Exit::wait_for_threads_in_native_to_block}): a short run, whose end always finds C1
 * or C2 busy, lost 7-13 ms there (measured 2026-12-07, a static hello). Nothing of Helctic's
 * needs the JVM's exit once the kernel has returned: the guest's files are the host's (written
 * through), a btrfs image is closed by then, the console flushed by the caller. What does need
 * it — the AOT cache's training run (the JVM writes the cache at its exit), a flight recording,
 * {@code -XX:+DumpPerfMapAtExit} and other profilers — runs with {@code -Dhelctic.exit=jvm}.
 */
public final class HostExit {
    private HostExit() {}

    private static final int SYS_EXIT_GROUP = 231; // Linux x86-64

    /** Whether {@link #now} may be used: a host with the calls, and not -Dhelctic.exit=jvm. */
    public static boolean available() {
        return !"jvm".equals(System.getProperty("helctic.exit")) && io.helctic.kernel.scheme.HostFs.available();
    }

    /** exit_group(status) on the host; returns only when the host refused it (the caller then halts). */
    public static void now(int status) {
        io.helctic.kernel.scheme.HostFs.syscall(SYS_EXIT_GROUP, status, 0, 0, 0, 0, 0);
    }
}
