package io.helctic.personality.darwin;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Abi;
import io.helctic.personality.ErrnoTable;
import io.helctic.personality.bsd.BsdCall;
import io.helctic.personality.bsd.BsdCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Darwin (macOS) on x86-64. The syscall number carries a class in bits 24–31:
 * {@code 0x2000000 | n} is BSD (Unix) call {@code n}, answered in the BSD carry
 * convention with Darwin's errno; class 1 (Mach traps), class 3 (machine-dependent),
 * any other class and unknown Unix numbers answer carry set + ENOSYS (78).
 */
public final class DarwinAbi implements Abi {

    public static final DarwinAbi INSTANCE = new DarwinAbi();

    public static final int CLASS_SHIFT = 24;
    public static final long CLASS_MACH = 1;
    public static final long CLASS_UNIX = 2;
    public static final long CLASS_MDEP = 3;
    /** The Unix class prefix: {@code 0x2000000}. */
    public static final long UNIX = CLASS_UNIX << CLASS_SHIFT;

    private static final Map<Integer, BsdCall> UNIX_CALLS = BsdCalls.index(buildUnixCalls());
    private static final SyscallResult ENOSYS = SyscallResult.carrySet(DarwinErrno.TABLE.translate(Errno.ENOSYS));

    private DarwinAbi() {}

    private static List<BsdCall> buildUnixCalls() {
        List<BsdCall> c = new ArrayList<>(BsdCalls.common(false));
        c.removeIf(x -> x.number() == 17); // Darwin has no break(2)
        c.add(BsdCall.named(7, "wait4", "int,ptr,int,ptr"));
        c.add(BsdCall.named(197, "mmap", "ptr,size,hex,hex,fd,size"));
        c.add(BsdCall.named(199, "lseek", "fd,size,int"));
        return c;
    }

    /** Darwin's errno table. */
    public static ErrnoTable errno() { return DarwinErrno.TABLE; }

    /** The Unix-class calls by number (without the class prefix). */
    public static Map<Integer, BsdCall> unixCalls() { return UNIX_CALLS; }


    @Override
    public PersonalityId id() { return PersonalityId.DARWIN; }

    @Override
    public SyscallResult enosys() { return ENOSYS; }

    private static BsdCall call(long nr) {
        if ((nr >>> CLASS_SHIFT) != CLASS_UNIX) return null;
        return UNIX_CALLS.get((int) (nr & 0xFF_FFFFL));
    }

    @Override
    public SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        BsdCall c = call(nr);
        if (c == null) return ENOSYS;
        return BsdCalls.run(ops, c, DarwinErrno.TABLE, new long[] {a1, a2, a3, a4, a5, a6});
    }

    /** A fork's child returns 0 with 1 in rdx, as on the BSDs; Darwin's signals are 4.4BSD's; no handler can be entered yet. */
    private static final Conventions CONVENTIONS = new Conventions(SyscallResult.carryClear(0, 1), -1,
            Conventions.SignalFrames.NONE, io.helctic.personality.bsd.BsdOs.OPENBSD.signals());

    @Override
    public Conventions conventions() { return CONVENTIONS; }

    @Override
    public String describe(KernelOps ops, long nr, long[] args, SyscallResult result) {
        return BsdCalls.describe(ops, call(nr), nr, args, result, DarwinErrno.TABLE);
    }
}
