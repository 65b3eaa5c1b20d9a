package io.helctic.abi;

/**
 * What a personality hands back to the trap handler, which applies it to the guest's
 * registers without interpreting it: {@code rax} always, {@code rdx} when
 * {@link #writesRdx()}, and the carry flag as {@link #carry()} says.
 */
public record SyscallResult(long rax, long rdx, boolean writesRdx, Carry carry) {

    /** What happens to the guest's carry flag. */
    public enum Carry { UNCHANGED, CLEAR, SET }

    /** Linux convention: rax holds the value or -errno; flags untouched. */
    public static SyscallResult rax(long value) {
        return new SyscallResult(value, 0, false, Carry.UNCHANGED);
    }

    /** BSD / Darwin success: carry clear, value in rax. */
    public static SyscallResult carryClear(long value) {
        return new SyscallResult(value, 0, false, Carry.CLEAR);
    }

    /** BSD / Darwin success with a second value in rdx. */
    public static SyscallResult carryClear(long value, long rdx) {
        return new SyscallResult(value, rdx, true, Carry.CLEAR);
    }

    /** BSD / Darwin failure: carry set, that OS's positive errno in rax. */
    public static SyscallResult carrySet(long positiveErrno) {
        return new SyscallResult(positiveErrno, 0, false, Carry.SET);
    }
}
