package io.helctic.personality.nativeabi;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Abi;
import io.helctic.personality.StraceText;

/**
 * Helctic's native ABI (DESIGN §1 rule 5): the syscall number is the op slot index and
 * the arguments pass through untouched; the result is the op's value in {@code rax}
 * ({@code -errno} on failure, as the ops return it). Negative or out-of-table numbers
 * answer {@code -ENOSYS}; the full 64-bit number is checked, so {@code 2^32 + n} does not
 * alias slot {@code n}.
 */
public final class NativeAbi implements Abi {

    public static final NativeAbi INSTANCE = new NativeAbi();

    private static final SyscallResult ENOSYS = SyscallResult.of(Errno.ENOSYS.negative());

    private NativeAbi() {}

    @Override
    public PersonalityId id() { return PersonalityId.KERNEL; }

    @Override
    public SyscallResult enosys() { return ENOSYS; }

    @Override
    public SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (nr < 0 || nr >= KernelOp.SLOTS) return ENOSYS;
        return SyscallResult.encode(ops.call((int) nr, a1, a2, a3, a4, a5, a6), SyscallResult::of);
    }

    /** The kernel's own numbering: Linux's signals and frames, and no restart call (an interrupted sleep ends with EINTR). */
    private static final Conventions CONVENTIONS = new Conventions(SyscallResult.of(0), -1, Conventions.SignalFrames.LINUX,
            new int[0]);

    @Override
    public Conventions conventions() { return CONVENTIONS; }

    @Override
    public String describe(KernelOps ops, long nr, long[] args, SyscallResult result) {
        KernelOp op = KernelOp.atSlot(nr);
        String call;
        if (op == null || op.reserved()) {
            call = StraceText.unknown(nr, args);
        } else {
            StringBuilder s = new StringBuilder(op.cName()).append('(');
            for (int i = 0; i < op.params().size(); i++) {
                if (i > 0) s.append(", ");
                s.append(StraceText.hex(args[i]));
            }
            call = s.append(')').toString();
        }
        if (result == null) return call + " = ?";
        long v = result.value();
        Errno e = Errno.ofResult(v);
        String value = e != null ? "-1 " + e.name() + " (" + e.description() + ")" : Long.toString(v);
        return call + " = " + value;
    }
}
