package io.helctic.abi;

import java.util.function.LongFunction;

/**
 * What a personality hands back to the trap handler, which applies it to the guest's
 * registers without interpreting it: the return value register always, the second return
 * register when {@link #writesSecond()} (rax and rdx on x86-64), and the carry flag as
 * {@link #carry()} says. A result with a {@link KernelCode} is the kernel's to complete:
 * {@code EJUSTRETURN} applies nothing; a restart code holds, in the registers, the call's EINTR
 * in the personality's convention, which the kernel applies unless it restarts the call.
 */
public record SyscallResult(long value, long second, boolean writesSecond, Carry carry, KernelCode code) {

    /** What happens to the guest's carry flag. */
    public enum Carry { UNCHANGED, CLEAR, SET }

    /** The op set the registers itself (sigreturn, execve): nothing is applied. */
    public static final SyscallResult JUST_RETURN = new SyscallResult(0, 0, false, Carry.UNCHANGED, KernelCode.EJUSTRETURN);

    /** Linux convention: the value or -errno in the return register; flags untouched. */
    public static SyscallResult of(long value) {
        if (value >= -SMALL_HALF && value < SMALL_HALF) { // a count, a descriptor, a pid, 0 or -errno: made once
            int i = (int) value + SMALL_HALF;
            SyscallResult r = SMALL[i];
            if (r == null) SMALL[i] = r = new SyscallResult(value, 0, false, Carry.UNCHANGED, null); // (immutable: a racing copy is as good)
            return r;
        }
        return new SyscallResult(value, 0, false, Carry.UNCHANGED, null);
    }

    private static final int SMALL_HALF = 4096;
    private static final SyscallResult[] SMALL = new SyscallResult[2 * SMALL_HALF];

    /** BSD / Darwin success: carry clear, value in the return register. */
    public static SyscallResult carryClear(long value) {
        return new SyscallResult(value, 0, false, Carry.CLEAR, null);
    }

    /** BSD / Darwin success with a second value (rdx). */
    public static SyscallResult carryClear(long value, long second) {
        return new SyscallResult(value, second, true, Carry.CLEAR, null);
    }

    /** BSD / Darwin failure: carry set, that OS's positive errno in the return register. */
    public static SyscallResult carrySet(long positiveErrno) {
        return new SyscallResult(positiveErrno, 0, false, Carry.SET, null);
    }

    /** This result (a call's EINTR) marked as interrupted with a restart code. */
    public SyscallResult interrupted(KernelCode restart) {
        if (!restart.restarts()) throw new IllegalArgumentException(restart + " is not a restart code");
        return new SyscallResult(value, second, writesSecond, carry, restart);
    }

    /** Whether the kernel may restart this call instead of applying it. */
    public boolean interrupted() {
        return code != null && code.restarts();
    }

    /**
     * An op's value in a personality's convention ({@code convention} encodes a value or -errno):
     * a restart code becomes the convention's EINTR marked with the code, EJUSTRETURN is
     * {@link #JUST_RETURN}. Every personality encodes op results through this, so no internal code
     * reaches a guest.
     */
    public static SyscallResult encode(long opValue, LongFunction<SyscallResult> convention) {
        KernelCode k = KernelCode.of(opValue);
        if (k == null) return convention.apply(opValue);
        if (k == KernelCode.EJUSTRETURN) return JUST_RETURN;
        return convention.apply(Errno.EINTR.negative()).interrupted(k);
    }
}
