package io.helctic.personality.windows;

import io.helctic.abi.Conventions;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Abi;
import io.helctic.personality.StraceText;

/**
 * Windows NT system services (Windows 10 22H2 x64 numbering, {@link NtServices}). No
 * service is implemented yet: a known service answers STATUS_NOT_IMPLEMENTED, an unknown
 * number STATUS_INVALID_SYSTEM_SERVICE.
 *
 * <p>Encoding: the NTSTATUS in {@code rax} as an unsigned 32-bit value, zero-extended
 * ({@code 0x00000000C0000002}). NTSTATUS is a 32-bit LONG that the service routine
 * leaves in {@code eax}, and a 32-bit register write zero-extends on x86-64, which is
 * what a real Windows guest sees; callers test it as a 32-bit value. Flags are untouched.
 */
public final class WindowsAbi implements Abi {

    public static final WindowsAbi INSTANCE = new WindowsAbi();

    private static final SyscallResult NOT_IMPLEMENTED = status(NtStatus.NOT_IMPLEMENTED);
    private static final SyscallResult INVALID_SYSTEM_SERVICE = status(NtStatus.INVALID_SYSTEM_SERVICE);

    private WindowsAbi() {}

    /** An NTSTATUS result: the low 32 bits, zero-extended, in rax. */
    public static SyscallResult status(long ntstatus) {
        return SyscallResult.of(ntstatus & 0xFFFF_FFFFL);
    }

    @Override
    public PersonalityId id() { return PersonalityId.WINDOWS; }

    @Override
    public SyscallResult enosys() { return NOT_IMPLEMENTED; }

    @Override
    public SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return NtServices.name(nr) != null ? NOT_IMPLEMENTED : INVALID_SYSTEM_SERVICE;
    }

    /** No service creates a process or delivers an APC yet. */
    private static final Conventions CONVENTIONS = new Conventions(NOT_IMPLEMENTED, -1, Conventions.SignalFrames.NONE,
            new int[0]);

    @Override
    public Conventions conventions() { return CONVENTIONS; }

    @Override
    public String describe(KernelOps ops, long nr, long[] args, SyscallResult result) {
        String name = NtServices.name(nr);
        String call = StraceText.unknown(nr, args);
        if (name != null) call = name + call.substring(call.indexOf('('));
        if (result == null) return call + " = ?";
        return call + " = " + NtStatus.describe(result.value() & 0xFFFF_FFFFL);
    }
}
