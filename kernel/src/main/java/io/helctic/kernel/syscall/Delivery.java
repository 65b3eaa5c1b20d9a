package io.helctic.kernel.syscall;

import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;

/**
 * Sending a signal: SIGKILL ends the process at once; any other signal is made pending on
 * one thread (the named one, or the first that does not block it) and that thread is woken.
 * What the signal then does — ignored, the default action, or the guest's handler — is
 * decided by the thread itself at its next trap boundary.
 */
public final class Delivery {
    private Delivery() {}

    /** SIGCHLD to the parent for a stop or a continue (not when it asked SA_NOCLDSTOP), and a wake-up for its wait. */
    public static void notifyParent(Process p, Spawner spawner) {
        Process parent = spawner == null ? null : spawner.process(p.ppid());
        if (parent == null) return;
        if ((parent.dispositions().get(Signal.SIGCHLD).flags() & Signal.SA_NOCLDSTOP) == 0) {
            send(parent, null, Signal.SIGCHLD, spawner);
        }
        synchronized (parent) {
            parent.notifyAll();
        }
    }

    public static void send(Process p, Context thread, int sig, Spawner spawner) {
        if (sig == Signal.SIGKILL) {
            spawner.kill(p, Termination.killed(Signal.SIGKILL));
            return;
        }
        if (sig == Signal.SIGCONT && p.resume()) {
            // SIGCONT continues a stopped process whatever its disposition, and tells the parent.
            for (Context c : p.threads()) spawner.wake(c);
            notifyParent(p, spawner);
        }
        Signals.Action action = p.dispositions().get(sig);
        if (action.handler() == Signal.SIG_IGN && sig != Signal.SIGSTOP) return;
        // As Linux: a signal whose default action is to be ignored is discarded when sent.
        if (action.handler() == Signal.SIG_DFL && Signals.defaultAction(sig) == Signals.Default.IGNORE) return;
        Context target = thread;
        if (target == null) {
            for (Context c : p.threads()) {
                if ((c.blocked() & (1L << (sig - 1))) == 0) {
                    target = c;
                    break;
                }
            }
            if (target == null && !p.threads().isEmpty()) target = p.threads().getFirst();
        }
        if (target == null) return;
        target.raise(sig);
        if (target != (Context.CURRENT.isBound() ? Context.current() : null)) spawner.wake(target);
    }
}
