package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import static io.helctic.abi.uapi.Proc.*;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.memory.AddressSpace;

/** Process and thread identity and lifetime: exit, ids, thread-local base registers. */
final class ProcessOps {
    ProcessOps() {}

    long getpid() {
        return Context.current().pid();
    }

    long getppid() {
        return Context.current().ppid();
    }

    long gettid() {
        return Context.current().tid();
    }

    long setTidAddress(long ptr) {
        Context c = Context.current();
        c.setClearChildTid(ptr);
        return c.tid();
    }

    long prlimit(long pid, long resource, long newPtr, long oldPtr) {
        if (resource < 0 || resource >= RLIM_NLIMITS) return Errno.EINVAL.negative();
        io.helctic.kernel.context.Process me = Context.current().process();
        if (pid != 0 && pid != me.pid()) return Errno.EPERM.negative(); // other processes' limits: not yet
        long[] next = null;
        if (newPtr != 0) {
            next = UserAccess.getLongs(newPtr, 2);
            if (next == null) return Errno.EFAULT.negative();
            if (Long.compareUnsigned(next[0], next[1]) > 0) return Errno.EINVAL.negative();
            if (resource == io.helctic.abi.uapi.Proc.RLIMIT_NOFILE
                    && Long.compareUnsigned(next[1], io.helctic.kernel.context.FileTable.MAX_FDS) > 0) {
                return Errno.EPERM.negative(); // above fs.nr_open: what the descriptor table holds, even for root
            }
            long[] cur = me.limit((int) resource);
            if (Long.compareUnsigned(next[1], cur[1]) > 0
                    && !me.credentials().capable(CAP_SYS_RESOURCE)) {
                return Errno.EPERM.negative();
            }
        }
        long[] old = me.limit((int) resource);
        if (oldPtr != 0 && !UserAccess.putLongs(oldPtr, old[0], old[1])) return Errno.EFAULT.negative();
        if (next != null) me.setLimit((int) resource, next[0], next[1]);
        return 0;
    }

    static long prctl(long option, long arg2, long arg3, long arg4, long arg5) {
        io.helctic.kernel.context.Process me = Context.current().process();
        Context self = Context.current();
        switch ((int) option) {
            case PR_SET_NAME -> {
                byte[] b = UserAccess.get(arg2, 16);
                if (b == null) {
                    io.helctic.kernel.vfs.Result<String> s = UserAccess.string(arg2, 16);
                    if (s.failed()) return Errno.EFAULT.negative();
                    self.setComm(s.value());
                    return 0;
                }
                int n = 0;
                while (n < 15 && b[n] != 0) n++;
                self.setComm(new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                return 0;
            }
            case PR_GET_NAME -> {
                byte[] name = self.comm().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                byte[] b = java.util.Arrays.copyOf(name, 16);
                b[15] = 0;
                return UserAccess.put(arg2, b) ? 0 : Errno.EFAULT.negative();
            }
            case PR_SET_PDEATHSIG -> {
                if (arg2 < 0 || arg2 > io.helctic.abi.uapi.Signal.NSIG) return Errno.EINVAL.negative();
                me.setDeathSignal((int) arg2);
                return 0;
            }
            case PR_GET_PDEATHSIG -> {
                int v = me.deathSignal();
                return UserAccess.put(arg2, new byte[] {(byte) v, 0, 0, 0}) ? 0 : Errno.EFAULT.negative();
            }
            case PR_GET_DUMPABLE -> { return me.dumpable(); }
            case PR_SET_DUMPABLE -> {
                if (arg2 != 0 && arg2 != 1) return Errno.EINVAL.negative();
                me.setDumpable((int) arg2);
                return 0;
            }
            case PR_GET_KEEPCAPS -> { return CredOps.keepCaps(false, 0); }
            case PR_SET_KEEPCAPS -> { return CredOps.keepCaps(true, arg2); }
            case PR_GET_SECCOMP -> { return SeccompOps.prctlGet(); }
            case PR_SET_SECCOMP -> { return SeccompOps.prctlSet(arg2, arg3); }
            case PR_CAPBSET_READ -> { return CredOps.capbsetRead(arg2); }
            case PR_CAPBSET_DROP -> { return CredOps.capbsetDrop(arg2); }
            case PR_SET_TIMERSLACK -> {
                if (arg2 < 0) return Errno.EINVAL.negative();
                me.setTimerSlack(arg2 == 0 ? 50_000 : arg2);
                return 0;
            }
            case PR_GET_TIMERSLACK -> { return me.timerSlack(); }
            case PR_SET_CHILD_SUBREAPER -> {
                me.setSubreaper(arg2 != 0);
                return 0;
            }
            case PR_GET_CHILD_SUBREAPER -> {
                int v = me.subreaper() ? 1 : 0;
                return UserAccess.put(arg2, new byte[] {(byte) v, 0, 0, 0}) ? 0 : Errno.EFAULT.negative();
            }
            case PR_SET_NO_NEW_PRIVS -> {
                if (arg2 != 1 || arg3 != 0 || arg4 != 0 || arg5 != 0) return Errno.EINVAL.negative();
                me.setNoNewPrivs();
                return 0;
            }
            case PR_GET_NO_NEW_PRIVS -> {
                if (arg2 != 0 || arg3 != 0 || arg4 != 0 || arg5 != 0) return Errno.EINVAL.negative();
                return me.noNewPrivs() ? 1 : 0;
            }
            default -> { return Errno.EINVAL.negative(); }
        }
    }

    static long setTls(long which, long base) {
        if (base < 0 || base >= AddressSpace.USER_TOP) return Errno.EPERM.negative();
        return Context.current().cpu().setThreadPointer((int) which, base) ? 0 : Errno.EINVAL.negative();
    }

    static long getTls(long which) {
        return Context.current().cpu().threadPointer((int) which);
    }

    /** personality(2): 0xffffffff queries; anything else becomes the process's persona (returned: the old one). */
    static long persona(long persona) {
        io.helctic.kernel.context.Process p = Context.current().process();
        int old = p.persona();
        if ((persona & 0xffffffffL) != 0xffffffffL) p.setPersona((int) persona);
        return old;
    }
}
