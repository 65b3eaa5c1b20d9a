package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.uapi.Poll;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;

/**
 * Sending a signal: SIGKILL ends the process at once; any other signal is queued with its
 * siginfo — on the named thread, or on the process, where the first thread that does not block
 * it takes it — and that thread is woken. What the signal then does (ignored, the default
 * action, the guest's handler, or taken by sigtimedwait or a signalfd) is decided by the thread
 * that takes it. Every sending to a live process is first counted by its signal counters
 * (SIGNAL_COUNTER), ignored and discarded signals too.
 */
public final class Delivery {
    private Delivery() {}

    private static final long STOPS = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

    private static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** SIGCHLD to the parent for a stop or a continue (not when it asked SA_NOCLDSTOP), and a wake-up for its wait. */
    public static void notifyParent(Process p, Spawner spawner, int code, int status) {
        Process parent = spawner == null ? null : spawner.process(p.ppid());
        if (parent == null) return;
        if ((parent.dispositions().get(SIGCHLD).flags() & SA_NOCLDSTOP) == 0) {
            long[] t = p.cpuTicks();
            send(parent, null, SignalInfo.child(code, p.pid(), p.uid(), status, t[0], t[1]), spawner);
        }
        synchronized (parent) {
            parent.notifyAll();
        }
    }

    /**
     * A signal from the calling thread's process (kill: SI_USER; tgkill: SI_TKILL) or, outside any
     * guest thread, from the kernel (SI_KERNEL).
     */
    public static void send(Process p, Context thread, int sig, Spawner spawner) {
        send(p, thread, sent(sig, SI_USER), spawner);
    }

    /** The siginfo of a signal the calling thread sends with {@code code}, or the kernel's when no guest thread calls. */
    static SignalInfo sent(int sig, int code) {
        if (!Context.CURRENT.isBound()) return SignalInfo.kernel(sig);
        Process me = Context.current().process();
        return SignalInfo.sent(sig, code, me.pid(), me.uid());
    }

    /** What became of a signal sent. */
    public enum Outcome { QUEUED, COALESCED, DISCARDED, QUEUE_FULL }

    /**
     * Queues a signal; false only when a real-time signal finds its queue full (sigqueue's
     * EAGAIN). A signal whose action is to be ignored is discarded here, as Linux does.
     */
    public static boolean send(Process p, Context thread, SignalInfo info, Spawner spawner) {
        return post(p, thread, info, spawner) != Outcome.QUEUE_FULL;
    }

    /** {@link #send}, telling whether the signal is now pending. */
    public static Outcome post(Process p, Context thread, SignalInfo info, Spawner spawner) {
        int sig = info.signo();
        if (!p.zombie()) p.countSignal(sig); // before anything decides its fate: ignored ones count too
        if (sig == SIGKILL) {
            spawner.kill(p, Termination.killed(SIGKILL));
            return Outcome.DISCARDED;
        }
        if ((STOPS & bit(sig)) != 0) discard(p, bit(SIGCONT));
        if (sig == SIGCONT) {
            discard(p, STOPS);
            if (p.resume()) {
                // SIGCONT continues a stopped process whatever its disposition, and tells the parent.
                for (Context c : p.threads()) spawner.wake(c);
                notifyParent(p, spawner, CLD_CONTINUED, SIGCONT);
            }
        }
        if (ignored(p, thread, sig)) return Outcome.DISCARDED;
        switch ((thread != null ? thread.ownPending() : p.sharedPending()).add(info, p.sigpendingLimit())) {
            case FULL -> { return Outcome.QUEUE_FULL; }
            case ALREADY_PENDING -> { return Outcome.COALESCED; }
            case QUEUED -> { }
        }
        p.signalWaiters().wake(Poll.POLLIN);
        Context target = thread;
        if (target == null) { // a thread waiting for it in sigtimedwait first, then one that does not block it
            for (Context c : p.threads()) {
                if ((c.awaited() & bit(sig)) != 0) {
                    target = c;
                    break;
                }
            }
            for (Context c : p.threads()) {
                if (target == null && (c.blocked() & bit(sig)) == 0) target = c;
            }
        }
        if (target != null && target != (Context.CURRENT.isBound() ? Context.current() : null)) spawner.wake(target);
        return Outcome.QUEUED;
    }

    /**
     * Whether a signal would be thrown away on arrival: ignored, or a default action of ignoring,
     * and not blocked by the thread it goes to (a blocked one stays pending: a handler may be
     * installed before it is unblocked, and sigtimedwait or a signalfd may take it).
     */
    private static boolean ignored(Process p, Context thread, int sig) {
        Signals.Action action = p.dispositions().get(sig);
        boolean ignore = action.handler() == SIG_IGN
                || (action.handler() == SIG_DFL && Signals.defaultAction(sig) == Signals.Default.IGNORE);
        if (!ignore || sig == SIGSTOP) return false;
        if (thread != null) return (thread.blocked() & bit(sig)) == 0;
        for (Context c : p.threads()) if ((c.blocked() & bit(sig)) == 0) return true;
        return p.threads().isEmpty();
    }

    /** Drops pending instances of these signals everywhere in the process (SIGCONT against stops, a new SIG_IGN). */
    public static void discard(Process p, long set) {
        p.sharedPending().discard(set);
        for (Context c : p.threads()) c.ownPending().discard(set);
    }
}
