package io.helctic.kernel.arch;

/**
 * Why a guest thread's CPU stopped running guest code, as the kernel core sees it: an ISA's own
 * traps are turned into these by its {@link GuestCpu}, faults already named as the signal
 * (kernel, i.e. Linux, numbering) and siginfo code they raise.
 */
public sealed interface CpuExit {
    /** The guest asked for a system call ({@link GuestCpu#syscall} handles it). */
    record Syscall() implements CpuExit {}

    /** A page fault the kernel may resolve (demand paging, copy-on-write, stack growth). */
    record PageFault(long address, boolean write, boolean execute) implements CpuExit {}

    /**
     * A synchronous fault that raises {@code signal} with siginfo code {@code code} and
     * {@code address}; {@code diagnostic} (may be null) says what the instruction was.
     */
    record Fault(int signal, int code, long address, String diagnostic) implements CpuExit {}

    /** The time slice ran out, between instructions. */
    record Preempted() implements CpuExit {}

    Syscall SYSCALL = new Syscall();
    Preempted PREEMPTED = new Preempted();
}
