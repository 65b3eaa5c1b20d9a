package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Signal.*;

import java.util.Arrays;

/**
 * Signal names and default actions, and a process's dispositions. The numbers are the kernel's
 * (Linux's), from {@link io.helctic.abi.uapi.Signal}.
 */
public final class Signals {

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    private Signals() {}

    public static String name(int sig) {
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : "SIGRT_" + (sig - 32);
    }

    /** What the default action of a signal is. */
    public enum Default { TERMINATE, IGNORE, STOP, CONTINUE }

    public static Default defaultAction(int sig) {
        return switch (sig) {
            case SIGCHLD, SIGURG, SIGWINCH -> Default.IGNORE;
            case SIGCONT -> Default.CONTINUE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> Default.STOP;
            default -> Default.TERMINATE;
        };
    }

    /** One signal's sigaction: handler (or SIG_DFL / SIG_IGN), flags, restorer, mask. */
    public record Action(long handler, long flags, long restorer, long mask) {
        public static final Action DEFAULT = new Action(SIG_DFL, 0, 0, 0);
    }

    /** A process's sigactions, indexed by signal number. */
    public static final class Dispositions {
        private final Action[] actions = new Action[NSIG + 1];

        public Dispositions() {
            Arrays.fill(actions, Action.DEFAULT);
        }

        public synchronized Action get(int sig) { return actions[sig]; }

        public synchronized void set(int sig, Action a) { actions[sig] = a; }

        public synchronized Dispositions copy() {
            Dispositions d = new Dispositions();
            System.arraycopy(actions, 0, d.actions, 0, actions.length);
            return d;
        }

        /** execve: handled signals go back to SIG_DFL; ignored ones stay ignored. */
        public synchronized void resetHandlers() {
            for (int i = 1; i <= NSIG; i++) {
                if (actions[i].handler() != SIG_IGN) actions[i] = Action.DEFAULT;
            }
        }
    }
}
