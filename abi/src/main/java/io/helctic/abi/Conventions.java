package io.helctic.abi;

/**
 * What the kernel must know of an operating system's conventions beyond a syscall's result, which
 * the personality layer tells it (boundary 1, {@link Personality#conventions}): the registers a
 * new process returns with from the call that created it, the number the kernel re-issues to
 * continue an interrupted call (Linux's restart_syscall; -1 when the OS has none), the layout of
 * its signal frames, its signal numbers, and how it starts a program ({@link Startup}).
 */
public record Conventions(SyscallResult forkChild, long restartSyscall, SignalFrames frames, int[] signals,
                          Filtering filtering, Startup startup) {

    /** Linux's way of starting a program. */
    public Conventions(SyscallResult forkChild, long restartSyscall, SignalFrames frames, int[] signals, Filtering filtering) {
        this(forkChild, restartSyscall, frames, signals, filtering, Startup.LINUX);
    }

    /**
     * What the kernel's syscall filters (Linux's seccomp) need of the OS: the AUDIT_ARCH_* value a
     * filter sees in seccomp_data.arch, the call numbers strict mode allows (read, write, exit,
     * rt_sigreturn on Linux), and how a filter's SECCOMP_RET_ERRNO (or ENOSYS) becomes a result.
     */
    public record Filtering(int auditArch, long[] strictCalls, java.util.function.IntFunction<SyscallResult> error) {
        public Filtering {
            strictCalls = strictCalls.clone();
        }

        public boolean strictAllows(long nr) {
            for (long n : strictCalls) if (n == nr) return true;
            return false;
        }

        @Override
        public long[] strictCalls() {
            return strictCalls.clone();
        }
    }

    /** An OS without syscall filters: a process carrying filters that runs such a program has every call killed. */
    public Conventions(SyscallResult forkChild, long restartSyscall, SignalFrames frames, int[] signals) {
        this(forkChild, restartSyscall, frames, signals, null);
    }

    /** Signal frame layouts the kernel's arch code can build. */
    public enum SignalFrames {
        /** No handler can be entered: a caught signal kills with SIGSEGV, as an unwritable frame would. */
        NONE,
        /** Linux's rt_sigframe: sa_restorer as the return address, siginfo and ucontext. */
        LINUX,
        /** FreeBSD's sigframe: the handler pointer, ucontext and siginfo, entered through the kernel's sigcode. */
        FREEBSD,
        /** NetBSD's sigframe_siginfo: the program's trampoline (the action's restorer) as return address, siginfo, ucontext. */
        NETBSD
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
