package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fs.UIO_MAXIOV;
import static io.helctic.abi.uapi.Proc.CAP_SYS_PTRACE;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.memory.AddressSpace;

/**
 * process_vm_readv and process_vm_writev (mm/process_vm_access.c): copies between the caller's
 * memory and another process's, which must pass Linux's ptrace access check with the caller's
 * real ids ({@link #mayAccess}); and that check and the task lookup for the other calls that
 * reach into another process (migrate_pages, move_pages).
 */
final class ProcessVmOps {
    /** Linux's MAX_RW_COUNT: INT_MAX rounded down to a page. */
    static final long MAX_RW_COUNT = Integer.MAX_VALUE & -AddressSpace.PAGE;

    private final ProcessTable processes;

    ProcessVmOps(ProcessTable processes) {
        this.processes = processes;
    }

    long processVmReadv(long pid, long lvec, long liovcnt, long rvec, long riovcnt, long flags) {
        return transfer(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
    }

    long processVmWritev(long pid, long lvec, long liovcnt, long rvec, long riovcnt, long flags) {
        return transfer(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
    }

    /**
     * The process a pid names as Linux's find_task_by_vpid finds a task: a process (a zombie
     * too) or any thread of one; null when there is none.
     */
    Process task(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) return null;
        Process p = processes.get((int) pid);
        if (p != null) return p;
        for (Process q : processes.all()) for (Context c : q.threads()) if (c.tid() == pid) return q;
        return null;
    }

    /**
     * Linux's __ptrace_may_access with PTRACE_MODE_REALCREDS (no Yama on this host): the caller's
     * own process always; otherwise the caller's real uid and gid must equal all of the target's
     * user and group ids, the target must be dumpable, and the target's permitted capabilities must
     * lie within the caller's — CAP_SYS_PTRACE stands in for each of these.
     */
    static boolean mayAccess(Process target) {
        return mayAccess(target, false);
    }

    /**
     * The same check with PTRACE_MODE_FSCREDS when {@code fsCreds}: the caller's filesystem ids
     * instead of its real ones, and its effective capabilities instead of its permitted ones.
     */
    static boolean mayAccess(Process target, boolean fsCreds) {
        Process me = Context.current().process();
        if (target == me) return true;
        Credentials c = me.credentials(), t = target.credentials();
        boolean cap = c.capable(CAP_SYS_PTRACE);
        int uid = fsCreds ? c.fsuid() : c.ruid(), gid = fsCreds ? c.fsgid() : c.rgid();
        boolean sameIds = uid == t.euid() && uid == t.suid() && uid == t.ruid()
                && gid == t.egid() && gid == t.sgid() && gid == t.rgid();
        if (!sameIds && !cap) return false;
        if (target.dumpable() != 1 && !cap) return false; // SUID_DUMP_USER
        long callerCaps = fsCreds ? c.effective() : c.permitted();
        return (t.permitted() & ~callerCaps) == 0 || cap;
    }

    /** The process of a pidfd (pidfd_get_task): EBADF for anything else, ESRCH once it has ended. */
    private static Process pidfdTask(long fd, long[] error) {
        if (!(Context.current().files().get(fd) instanceof io.helctic.kernel.scheme.PidFd p)) {
            error[0] = Errno.EBADF.negative();
            return null;
        }
        Process q = (Process) p.process();
        if (q.termination() != null) {
            error[0] = Errno.ESRCH.negative();
            return null;
        }
        return q;
    }

    /** The advice process_madvise gives another process: hints that destroy nothing. */
    private static boolean remoteAdvice(long advice) {
        return advice == io.helctic.abi.uapi.Mman.MADV_COLD || advice == io.helctic.abi.uapi.Mman.MADV_PAGEOUT
                || advice == io.helctic.abi.uapi.Mman.MADV_WILLNEED || advice == io.helctic.abi.uapi.Mman.MADV_COLLAPSE;
    }

    /**
     * process_madvise (mm/madvise.c), in its order: flags (EINVAL), the iovecs (as
     * PROCESS_VM_READV's local ones), the pidfd (EBADF, ESRCH), the access check with filesystem
     * credentials (EACCES); for another process only the hints MADV_COLD, MADV_PAGEOUT,
     * MADV_WILLNEED and MADV_COLLAPSE (EINVAL), and CAP_SYS_NICE (EPERM). Then madvise over each
     * non-empty range in turn until one fails: the bytes of the ranges advised, or that failure
     * when it was the first.
     */
    long processMadvise(long pidfd, long vec, long vlen, long behavior, long flags) {
        if (flags != 0) return Errno.EINVAL.negative();
        long[] error = new long[1];
        long[][] ranges = iovecs(vec, vlen, error);
        if (ranges == null) return error[0];
        long total = localTotal(ranges);
        if (total < 0) return total;
        Process target = pidfdTask(pidfd, error);
        if (target == null) return error[0];
        boolean remote = target != Context.current().process();
        if (remote && !mayAccess(target, true)) return Errno.EACCES.negative();
        int advice = (int) behavior;
        if (remote && !remoteAdvice(advice)) return Errno.EINVAL.negative();
        if (remote && !Access.current().capable(io.helctic.abi.uapi.Proc.CAP_SYS_NICE)) return Errno.EPERM.negative();
        AddressSpace space = target.space();
        long advised = 0, r = 0;
        for (long[] v : ranges) {
            if (v[1] == 0) continue;
            r = MemoryOps.adviseIn(space, v[0], v[1], advice);
            if (r < 0) break;
            advised += v[1];
        }
        return advised > 0 ? advised : r;
    }

    /**
     * process_mrelease: no flags (EINVAL); the pidfd (EBADF; ESRCH once the process has no
     * memory); a process that is not dying is EINVAL. A dying one's memory goes with its last
     * thread here, so there is nothing to reap ahead of it: 0.
     */
    long processMrelease(long pidfd, long flags) {
        if (flags != 0) return Errno.EINVAL.negative();
        long[] error = new long[1];
        Process target = pidfdTask(pidfd, error);
        if (target == null) return error[0];
        return target.groupExit() != null ? 0 : Errno.EINVAL.negative();
    }

    /** An iovec array read from the caller: {base, length} pairs, or null with the -errno in {@code error[0]}. */
    private static long[][] iovecs(long at, long count, long[] error) {
        if (Long.compareUnsigned(count, UIO_MAXIOV) > 0) {
            error[0] = Errno.EINVAL.negative();
            return null;
        }
        long[][] out = new long[(int) count][];
        for (int i = 0; i < count; i++) {
            long[] v = UserAccess.getLongs(at + 16L * i, 2);
            if (v == null) {
                error[0] = Errno.EFAULT.negative();
                return null;
            }
            if (v[1] < 0) {
                error[0] = Errno.EINVAL.negative();
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * The caller's own ranges checked as import_iovec checks them: each within user space
     * (-EFAULT), lengths cut so that the total stays within MAX_RW_COUNT. Returns that total.
     */
    private static long localTotal(long[][] ranges) {
        long total = 0;
        for (long[] v : ranges) {
            if (!UserAccess.writable(v[0], v[1])) return Errno.EFAULT.negative();
            if (v[1] > MAX_RW_COUNT - total) v[1] = MAX_RW_COUNT - total;
            total += v[1];
        }
        return total;
    }

    /**
     * Linux's process_vm_rw in its order: flags (EINVAL); the local iovecs (count, EFAULT,
     * negative lengths, then each within user space, the total cut to MAX_RW_COUNT); nothing to
     * copy locally is 0; the remote iovecs; nothing remotely is 0; then the task (ESRCH, ESRCH for
     * one without memory) and the access check (EPERM). The copy goes remote page by remote
     * page and stops at the first remote page that cannot be read (or written), or at the first
     * local byte that cannot: the bytes copied until then, or EFAULT when there were none.
     */
    private long transfer(long pid, long lvec, long liovcnt, long rvec, long riovcnt, long flags, boolean write) {
        if (flags != 0) return Errno.EINVAL.negative();
        long[] error = new long[1];
        long[][] local = iovecs(lvec, liovcnt, error);
        if (local == null) return error[0];
        long total = localTotal(local);
        if (total <= 0) return total;
        long[][] remote = iovecs(rvec, riovcnt, error);
        if (remote == null) return error[0];
        boolean any = false;
        for (long[] v : remote) any |= v[1] > 0;
        if (!any) return 0;
        Process target = task(pid);
        if (target == null || target.termination() != null) return Errno.ESRCH.negative();
        if (!mayAccess(target)) return Errno.EPERM.negative();
        AddressSpace there = target.space(), here = UserAccess.space();
        LocalCursor cursor = new LocalCursor(here, local);
        byte[] buf = new byte[(int) AddressSpace.PAGE];
        long copied = 0, rc = 0;
        outer:
        for (long[] v : remote) {
            long addr = v[0], len = v[1];
            while (len > 0 && copied < total) {
                int n = (int) Math.min(Math.min(len, AddressSpace.PAGE - (addr & (AddressSpace.PAGE - 1))), total - copied);
                int done;
                if (write) {
                    if (there.frameAt(addr, true) == null) {
                        rc = Errno.EFAULT.negative();
                        break outer;
                    }
                    done = cursor.read(buf, n);
                    if (done > 0 && !there.write(addr, buf, 0, done)) {
                        rc = Errno.EFAULT.negative();
                        break outer;
                    }
                } else {
                    if (!there.read(addr, buf, 0, n)) {
                        rc = Errno.EFAULT.negative();
                        break outer;
                    }
                    done = cursor.write(buf, n);
                }
                copied += done;
                if (done < n) {
                    rc = Errno.EFAULT.negative();
                    break outer;
                }
                addr += n;
                len -= n;
            }
            if (copied == total) break;
        }
        return copied > 0 ? copied : rc;
    }

    /** The caller's side of a transfer: its iovecs in order, copied page by page so a fault stops at its byte. */
    private static final class LocalCursor {
        private final AddressSpace space;
        private final long[][] segments;
        private int seg;
        private long offset;

        LocalCursor(AddressSpace space, long[][] segments) {
            this.space = space;
            this.segments = segments;
        }

        /** Copies n bytes of buf into the local iovecs; returns how many went before a fault. */
        int write(byte[] buf, int n) {
            return move(buf, n, true);
        }

        /** Fills buf with n bytes from the local iovecs; returns how many came before a fault. */
        int read(byte[] buf, int n) {
            return move(buf, n, false);
        }

        private int move(byte[] buf, int n, boolean toUser) {
            int done = 0;
            while (done < n && seg < segments.length) {
                long base = segments[seg][0], len = segments[seg][1];
                if (offset == len) {
                    seg++;
                    offset = 0;
                    continue;
                }
                long va = base + offset;
                int chunk = (int) Math.min(Math.min(n - done, len - offset), AddressSpace.PAGE - (va & (AddressSpace.PAGE - 1)));
                boolean ok = toUser ? space.write(va, buf, done, chunk) : space.read(va, buf, done, chunk);
                if (!ok) return done;
                done += chunk;
                offset += chunk;
            }
            return done;
        }
    }
}
