package io.helctic.abi;

/**
 * What the kernel must know of an operating system's conventions beyond a syscall's result, which
 * the personality layer tells it (boundary 1, {@link Personality#conventions}): the registers a
 * new process returns with from the call that created it, the number the kernel re-issues to
 * continue an interrupted call (Linux's restart_syscall; -1 when the OS has none), the layout of
 * its signal frames, and its signal numbers.
 */
public record Conventions(SyscallResult forkChild, long restartSyscall, SignalFrames frames, int[] signals) {

    /** Signal frame layouts the kernel's arch code can build. */
    public enum SignalFrames {
        /** No handler can be entered: a caught signal kills with SIGSEGV, as an unwritable frame would. */
        NONE,
        /** Linux's rt_sigframe: sa_restorer as the return address, siginfo and ucontext. */
        LINUX,
        /** FreeBSD's sigframe: the handler pointer, ucontext and siginfo, entered through the kernel's sigcode. */
        FREEBSD
    }

    public Conventions {
        signals = signals.clone();
    }

    /** The OS's number for a kernel (Linux-numbered) signal: identity unless {@link #signals} maps it; 0 when it has none. */
    public int guestSignal(int kernelSignal) {
        if (signals.length == 0) return kernelSignal;
        return kernelSignal > 0 && kernelSignal < signals.length ? signals[kernelSignal] : 0;
    }

    @Override
    public int[] signals() {
        return signals.clone();
    }
}
