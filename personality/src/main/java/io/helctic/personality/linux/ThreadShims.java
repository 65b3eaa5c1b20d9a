package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/** arch_prctl: the x86-64 thread base registers. */
final class ThreadShims {
    private ThreadShims() {}

    static final int ARCH_SET_GS = 0x1001;
    static final int ARCH_SET_FS = 0x1002;
    static final int ARCH_GET_FS = 0x1003;
    static final int ARCH_GET_GS = 0x1004;

    private static final int FS = 0;
    private static final int GS = 1;

    /**
     * ARCH_SET_FS / ARCH_SET_GS → SET_TLS(which, addr); ARCH_GET_FS / ARCH_GET_GS →
     * GET_TLS(which), then an 8-byte USER_STORE to {@code addr} (EFAULT if it fails).
     * Every other code (ARCH_GET_CPUID, ARCH_MAP_VDSO_*, shadow-stack codes…) → EINVAL.
     */
    static long archPrctl(KernelOps ops, long code, long addr) {
        return switch ((int) code) {
            case ARCH_SET_FS -> ops.call(KernelOp.SET_TLS, FS, addr);
            case ARCH_SET_GS -> ops.call(KernelOp.SET_TLS, GS, addr);
            case ARCH_GET_FS -> get(ops, FS, addr);
            case ARCH_GET_GS -> get(ops, GS, addr);
            default -> Errno.EINVAL.negative();
        };
    }

    private static long get(KernelOps ops, int which, long addr) {
        long base = ops.call(KernelOp.GET_TLS, which);
        if (Errno.ofResult(base) != null) return base;
        try {
            GuestMemory.store(ops, addr, base, 8);
            return 0;
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /** mlockall: flags 0 is EINVAL (MLOCKALL's 0 means munlockall). */
    static long mlockall(KernelOps ops, long flags) {
        return flags == 0 ? Errno.EINVAL.negative() : ops.call(KernelOp.MLOCKALL, flags);
    }

    /** tgkill: Linux refuses tgid <= 0; TGKILL's tgid -1 means tkill's any process. */
    static long tgkill(KernelOps ops, long tgid, long tid, long sig) {
        return (int) tgid <= 0 ? Errno.EINVAL.negative() : ops.call(KernelOp.TGKILL, tgid, tid, sig);
    }
}
