package io.helctic.machine.cpu;

/** Why a CPU's {@code run} returned: a trap, as a value. */
public sealed interface Trap {
    /** After SYSCALL: rip = next instruction, rcx = next rip, r11 = rflags (as hardware). */
    record Syscall() implements Trap {}

    /** rip = faulting instruction, state as before it (precise). */
    record PageFault(long address, boolean write, boolean execute, boolean present) implements Trap {}

    /** #UD, e.g. UD2 or anything not implemented: precise, rip unchanged. */
    record InvalidOpcode(long rip) implements Trap {}

    /** #DE. */
    record DivideError(long rip) implements Trap {}

    /**
     * #MF: an unmasked x87 floating-point exception was pending when a waiting x87 instruction
     * (or FWAIT) ran; rip = that instruction, state as before it. The exception flags are in the
     * FPU status word (ES set).
     */
    record FloatingPointError(long rip) implements Trap {}

    /** INT3: rip = after the INT3 (as hardware). */
    record Breakpoint(long rip) implements Trap {}

    /** #GP, e.g. a privileged instruction (HLT, IN/OUT, CLI) or a non-canonical address. */
    record GeneralProtection(long rip) implements Trap {}

    /**
     * #XM: an SSE floating-point exception that MXCSR leaves unmasked; rip = the instruction,
     * which has not written its destination (MXCSR holds the raised flags). Maps to SIGFPE.
     */
    record SimdFloatingPoint(long rip) implements Trap {}

    /** The run budget ran out (preemption point), between instructions. */
    record TimerExpired() implements Trap {}
}
