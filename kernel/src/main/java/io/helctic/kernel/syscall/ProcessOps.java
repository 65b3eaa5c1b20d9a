package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.memory.AddressSpace;

/** Process and thread identity and lifetime: exit, ids, thread-local base registers. */
final class ProcessOps {
    /** The credentials the first process runs with: the host user's. */
    record Credentials(int uid, int euid, int gid, int egid) {}

    private final Credentials creds;

    ProcessOps(Credentials creds) {
        this.creds = creds;
    }

    void install(KernelOps.Builder b) {
        // EXIT_GROUP and EXIT_THREAD: ThreadOps.
        b.set(KernelOp.GETPID, (a1, a2, a3, a4, a5, a6) -> Context.current().pid());
        b.set(KernelOp.GETPPID, (a1, a2, a3, a4, a5, a6) -> Context.current().ppid());
        b.set(KernelOp.GETTID, (a1, a2, a3, a4, a5, a6) -> Context.current().tid());
        b.set(KernelOp.SET_TID_ADDRESS, (ptr, a2, a3, a4, a5, a6) -> {
            Context c = Context.current();
            c.setClearChildTid(ptr);
            return c.tid();
        });
        b.set(KernelOp.SET_TLS, (which, base, a3, a4, a5, a6) -> setTls(which, base));
        b.set(KernelOp.GET_TLS, (which, a2, a3, a4, a5, a6) -> getTls(which));
        b.set(KernelOp.GET_ID, (which, a2, a3, a4, a5, a6) -> switch ((int) which) {
            case 0 -> creds.uid();
            case 1 -> creds.euid();
            case 2 -> creds.gid();
            case 3 -> creds.egid();
            default -> Errno.EINVAL.negative();
        });
    }

    private static long setTls(long which, long base) {
        if (base < 0 || base >= AddressSpace.USER_TOP) return Errno.EPERM.negative();
        var cpu = Context.current().cpu();
        switch ((int) which) {
            case 0 -> cpu.setFsBase(base);
            case 1 -> cpu.setGsBase(base);
            default -> { return Errno.EINVAL.negative(); }
        }
        return 0;
    }

    private static long getTls(long which) {
        var cpu = Context.current().cpu();
        return switch ((int) which) {
            case 0 -> cpu.fsBase();
            case 1 -> cpu.gsBase();
            default -> Errno.EINVAL.negative();
        };
    }
}
