package io.helctic.machine.cpu.x86_64.core;

/**
 * How an executed instruction ended: the exit codes every executor (the interpreter, the x87,
 * SSE and MMX units, translated code) returns, which the run loop turns into the next
 * instruction or a {@link io.helctic.machine.cpu.Trap}.
 */
public final class Exit {
    private Exit() {}

    /** Go on at core.rip; BRANCH: a branch set it; REPEAT: run the instruction again (a REP chunk). */
    public static final int CONTINUE = 0, BRANCH = 1, SYSCALL = 2, UD = 3, DE = 4, BP = 5, GP = 6, REPEAT = 7;
    /** #MF: an unmasked x87 exception is pending (rip = the waiting instruction). */
    public static final int MF = 8;
    /** An unmasked SIMD floating-point exception (#XM). */
    public static final int XM = 9;

}
