package io.helctic.personality.bsd;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Abi;

/**
 * FreeBSD, NetBSD and OpenBSD on x86-64: the syscall number selects a {@link BsdCall}
 * of the OS's {@link BsdOs}; unknown numbers and known-but-unimplemented calls answer
 * carry set with the OS's ENOSYS (78).
 */
public final class BsdAbi implements Abi {

    public static final BsdAbi FREEBSD = new BsdAbi(BsdOs.FREEBSD);
    public static final BsdAbi NETBSD = new BsdAbi(BsdOs.NETBSD);
    public static final BsdAbi OPENBSD = new BsdAbi(BsdOs.OPENBSD);

    private final BsdOs os;
    private final SyscallResult enosys;
    private final Conventions conventions;

    private BsdAbi(BsdOs os) {
        this.os = os;
        this.enosys = SyscallResult.carrySet(os.errno().translate(Errno.ENOSYS));
        this.conventions = os.conventions();
    }

    public BsdOs os() { return os; }

    @Override
    public PersonalityId id() { return os.id(); }

    @Override
    public SyscallResult enosys() { return enosys; }

    private BsdCall call(long nr) {
        return nr >= 0 && nr <= Integer.MAX_VALUE ? os.calls().get((int) nr) : null;
    }

    @Override
    public SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        BsdCall c = call(nr);
        if (c == null) return enosys;
        return BsdCalls.run(ops, c, os.errno(), new long[] {a1, a2, a3, a4, a5, a6});
    }

    @Override
    public Conventions conventions() { return conventions; }

    @Override
    public String describe(KernelOps ops, long nr, long[] args, SyscallResult result) {
        return BsdCalls.describe(ops, call(nr), nr, args, result, os.errno());
    }
}
