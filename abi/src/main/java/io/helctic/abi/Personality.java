package io.helctic.abi;

/**
 * Boundary 1: the personality layer as the kernel's trap handlers see it. The kernel
 * finds the one implementation through {@link java.util.ServiceLoader}.
 *
 * <p>The trap handler reads the syscall number and six argument registers, calls
 * {@link #syscall} with the current context's personality and ISA and applies the result;
 * it never interprets a syscall. Until {@link #init} has installed the op table,
 * every call answers ENOSYS in the calling personality's convention.
 */
public interface Personality {

    /** Installs the kernel's op table. Called once during boot, before any guest runs. */
    void init(KernelOps ops);

    /** Handles one syscall in the convention of {@code personality} on {@code isa}. */
    SyscallResult syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6,
                          PersonalityId personality, Isa isa);

    /**
     * Describes a finished call as strace would, in the personality's own names:
     * {@code name(args) = result}. May read guest memory through the op table. A null
     * {@code result} means the call never returned (it ended the context): {@code = ?}.
     */
    String describe(long nr, long[] args, SyscallResult result, PersonalityId personality, Isa isa);

    /** The OS's conventions the kernel needs besides syscall results (fork's child, restart, signals). */
    Conventions conventions(PersonalityId personality, Isa isa);
}
