package io.helctic.kernel.context;

/** How a process ended: exit_group(code) or killed by a signal. */
public record Termination(int code, int signal) {
    public static Termination exited(int code) { return new Termination(code & 0xff, 0); }

    public static Termination killed(int signal) { return new Termination(0, signal); }

    public boolean bySignal() { return signal != 0; }

    /** The status a shell reports: the exit code, or 128 + the signal number. */
    public int shellStatus() { return bySignal() ? 128 + signal : code; }
}
