package io.helctic.kernel.context;

import java.io.IOException;

/**
 * Keeps wake-ups away from host file I/O. A guest thread is woken from a blocking wait (a signal
 * for it, or its end) by {@link Thread#interrupt()} of its JVM thread. But NIO's {@code FileChannel}
 * is an {@code InterruptibleChannel}: an interrupt that finds a thread inside one of its operations,
 * or is already set when one starts, <em>closes the channel</em> and fails the operation with
 * {@code ClosedByInterruptException}. The channel is an open file description, shared through dup
 * and fork, so one SIGCHLD at the wrong moment left every process holding it with EIO from then on
 * (busybox sh lost the rest of its script that way: "sh: missing ]").
 *
 * <p>As on Linux, where a regular file read sleeps uninterruptibly and a signal waits for it to
 * finish, host I/O runs in {@link #uninterruptibly}: a wake-up that comes meanwhile is held by the
 * thread's gate and delivered as the interrupt when the I/O ends; one already set when it starts is
 * set again afterwards. Every wake-up of a guest thread goes through its gate ({@link #interrupt}).
 * The gate's monitor is a leaf lock: nothing else is taken while it is held.
 */
public final class WakeGate {
    /** The gate of the guest thread the current JVM thread runs; unbound on other threads. */
    public static final ScopedValue<WakeGate> CURRENT = ScopedValue.newInstance();

    /** A host operation that would close its channel if interrupted. */
    @FunctionalInterface
    public interface HostCall<T> {
        T call() throws IOException;
    }

    /** The same, for the common case of a count or offset (no boxing on the read/write path). */
    @FunctionalInterface
    public interface HostLongCall {
        long call() throws IOException;
    }

    /** Host I/O sections the thread is in (they nest: a read writes back shared mappings first). */
    private int depth;
    /** A wake-up that came during host I/O, or was pending when it began. */
    private boolean deferred;

    /** Wakes {@code thread}, whose gate this is: interrupts it now, or as soon as its host I/O ends. */
    public synchronized void interrupt(Thread thread) {
        if (depth > 0) deferred = true;
        else thread.interrupt();
    }

    private synchronized void enter() {
        depth++;
        if (Thread.interrupted()) deferred = true;
    }

    private synchronized void exit() {
        if (--depth == 0 && deferred) {
            deferred = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Runs host I/O that no wake-up may interrupt; a wake-up meanwhile is delivered after it. */
    public static long uninterruptibly(HostLongCall io) throws IOException {
        WakeGate g = begin();
        try {
            return io.call();
        } finally {
            end(g);
        }
    }

    /** {@link #uninterruptibly(HostLongCall)} for an operation with an object result. */
    public static <T> T uninterruptiblyGet(HostCall<T> io) throws IOException {
        WakeGate g = begin();
        try {
            return io.call();
        } finally {
            end(g);
        }
    }

    /** Not a guest thread: nobody wakes it, but an interrupt it already has must not close a channel. */
    private static final WakeGate ELSEWHERE_INTERRUPTED = new WakeGate();

    private static WakeGate begin() {
        if (CURRENT.isBound()) {
            WakeGate g = CURRENT.get();
            g.enter();
            return g;
        }
        return Thread.interrupted() ? ELSEWHERE_INTERRUPTED : null;
    }

    private static void end(WakeGate g) {
        if (g == ELSEWHERE_INTERRUPTED) Thread.currentThread().interrupt();
        else if (g != null) g.exit();
    }
}
