package io.helctic.kernel.arch;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;

/**
 * One guest thread's CPU as the kernel core uses it. Everything that knows an ISA's registers —
 * where a syscall's number, arguments and result live, how a call is restarted, how a child's
 * CPU starts, what a signal frame holds — is behind this interface, implemented under
 * {@code kernel/arch/<isa>}; no other kernel class names a register (a test reads the compiled
 * classes to keep it so).
 */
public interface GuestCpu {

    Isa isa();

    /** Runs guest code for at most {@code budget} instructions. */
    CpuExit run(long budget);

    // ---- the syscall trap (boundary 1) ------------------------------------------------------

    /**
     * Reads the number and six arguments of the call the guest just made, keeps what a restart
     * needs, and hands them, unread, to the personality layer (DESIGN §1 rule 1).
     */
    SyscallResult syscall(Personality layer, PersonalityId personality);

    /** The number of the call {@link #syscall} last made. */
    long syscallNumber();

    /**
     * The call the CPU trapped for, before it is made: its number, its six arguments and the
     * address after the syscall instruction (what a syscall filter sees: Linux's seccomp_data).
     */
    long[] pendingSyscall();

    /** Applies a result as the personality encoded it; a JUST_RETURN result applies nothing. */
    void complete(SyscallResult result);

    /** Steps back onto the syscall instruction, so that the call runs again as number {@code nr}. */
    void restart(long nr);

    /** The result registers as they are now, in {@code like}'s convention (the trace of a call that set them itself). */
    SyscallResult resultRegisters(SyscallResult like);

    // ---- the thread -------------------------------------------------------------------------

    long stackPointer();

    /** Where {@code size} bytes fit below the stack pointer and the ABI's red zone, aligned as the ABI aligns a stack. */
    long belowStack(long size);

    /** A thread base register: {@code which} 0 and 1 are FS and GS on x86-64; -EINVAL for others. */
    long threadPointer(int which);

    /** Sets a thread base register; false when {@code which} names none. */
    boolean setThreadPointer(int which, long value);

    /**
     * A new thread's or process's CPU: a copy of this one returning {@code childReturn} from the
     * call that made it, on address space {@code pageTable}, with stack pointer {@code stack}
     * (0: this one's) and, when {@code setTls}, thread pointer {@code tls}.
     */
    GuestCpu forkChild(SyscallResult childReturn, long pageTable, long stack, boolean setTls, long tls);

    /** A new thread's start elsewhere than where it was made: at {@code entry}, on {@code stack}, {@code argument} its first argument. */
    void enterAt(long entry, long stack, long argument);

    /** execve: every register reset, running at {@code entry} with {@code stack} on {@code pageTable}. */
    void startProgram(long pageTable, long entry, long stack);

    /** The same, with {@code firstArgument} in the first argument register (where the OS passes the argument block). */
    default void startProgram(long pageTable, long entry, long stack, long firstArgument) {
        startProgram(pageTable, entry, stack);
        if (firstArgument != 0) throw new UnsupportedOperationException("this CPU takes no first argument at entry");
    }

    // ---- signals ------------------------------------------------------------------------------

    /**
     * Enters the guest's handler for a signal on a frame of the OS's layout ({@code conventions}):
     * the interrupted state and {@code oldMask} saved, the registers set for the handler. False
     * when the frame cannot be written (the caller then kills with SIGSEGV).
     */
    boolean enterHandler(Context ctx, Conventions conventions, Signals.Action action, SignalInfo info, long oldMask);

    /**
     * sigreturn: restores the state a frame saved ({@code ucontext} where the OS passes it, 0
     * where the frame sits at the stack pointer), the signal mask included. False when the frame
     * cannot be read or holds what the guest may not set.
     */
    boolean returnFromHandler(Context ctx, Conventions conventions, long ucontext);

    /**
     * getcontext: the thread's state, as it returns 0 from the call, written at {@code ucontext} in
     * the layout the OS's frames use; false where the OS has no such call or it cannot be written.
     */
    boolean saveContext(Context ctx, Conventions conventions, long ucontext);

    // ---- the TLB and code caches --------------------------------------------------------------

    void invalidatePage(long va);

    void flushTlb();

    /** Thread-safe: flush the whole TLB before running the next block. */
    void requestTlbFlush();

    /** This CPU will never run again. */
    void dispose();

    // ---- diagnostics ------------------------------------------------------------------------------

    /** The registers, for a panic report. */
    String registerDump();

    /** The instructions at the program counter, disassembled, for a panic report. */
    String codeAtPc();

    /** Counters for --stats. */
    Stats stats();

    /**
     * Execution counters of one CPU. {@code exits}: how often translated code returned to the
     * run loop, by why — an indirect exit whose target its table did not hold, one handed on at
     * the chain's nesting depth, a direct exit not linked, the chain-depth limit, anything else
     * (a block's end or a trap); empty when the CPU does not count them.
     */
    record Stats(long instructions, long blockLookups, long blockDecodes, long translatedRuns, long tlbMisses,
                 long tlbLookups, long[] exits) {}
}
