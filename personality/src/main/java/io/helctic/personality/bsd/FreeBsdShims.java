package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.abi.uapi.Signal;
import io.helctic.abi.uapi.Wait;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * FreeBSD calls that translate onto kernel ops: FreeBSD's signal numbers and sets (128 bits),
 * its struct sigaction and SA_ flags, its open and wait flags, from FreeBSD's sys/sys/signal.h,
 * fcntl.h and wait.h. Structures the kernel takes in Linux's layout are built in USER_SCRATCH.
 */
final class FreeBsdShims {
    private FreeBsdShims() {}

    // sys/sys/signal.h
    static final int SA_ONSTACK = 0x1, SA_RESTART = 0x2, SA_RESETHAND = 0x4, SA_NOCLDSTOP = 0x8, SA_NODEFER = 0x10,
            SA_NOCLDWAIT = 0x20, SA_SIGINFO = 0x40;
    static final int SIG_BLOCK = 1, SIG_UNBLOCK = 2, SIG_SETMASK = 3;
    /** struct sigaction: handler at 0, int flags at 8, sigset_t (4 x u32) at 12; 32 bytes. */
    static final int SA_FLAGS = 8, SA_MASK = 12, SIGSET = 16;
    // sys/sys/fcntl.h
    static final int O_NONBLOCK = 0x4, O_CLOEXEC = 0x100000;
    // sys/sys/wait.h
    static final int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 4, WNOWAIT = 8;

    /** The kernel's number of each FreeBSD signal is found through this map (kernel → FreeBSD). */
    private static final int[] SIGNALS = BsdSignals.freeBsd();

    /** FreeBSD's SA_ flags and the kernel's (Linux's), pairwise. */
    private static final long[][] FLAGS = {
        {SA_ONSTACK, Signal.SA_ONSTACK}, {SA_RESTART, Signal.SA_RESTART}, {SA_RESETHAND, Signal.SA_RESETHAND},
        {SA_NOCLDSTOP, Signal.SA_NOCLDSTOP}, {SA_NODEFER, Signal.SA_NODEFER}, {SA_NOCLDWAIT, Signal.SA_NOCLDWAIT},
        {SA_SIGINFO, Signal.SA_SIGINFO},
    };

    static int toKernel(long signal) {
        return signal > 0 && signal <= 128 ? BsdSignals.toKernel(SIGNALS, (int) signal) : 0;
    }

    /** kill(pid, sig): FreeBSD's signal number as the kernel's; 0 probes. */
    static long kill(KernelOps ops, long pid, long sig) {
        int s = (int) sig;
        int k = s == 0 ? 0 : toKernel(s);
        if (s != 0 && k == 0) return Errno.EINVAL.negative();
        return ops.call(KILL, (int) pid, k);
    }

    /** pipe2(fds, flags): O_CLOEXEC and O_NONBLOCK, FreeBSD's values. */
    static long pipe2(KernelOps ops, long fds, long flags) {
        int f = (int) flags;
        if ((f & ~(O_CLOEXEC | O_NONBLOCK)) != 0) return Errno.EINVAL.negative();
        int k = ((f & O_CLOEXEC) != 0 ? Fcntl.O_CLOEXEC : 0) | ((f & O_NONBLOCK) != 0 ? Fcntl.O_NONBLOCK : 0);
        return ops.call(PIPE2, fds, k);
    }

    /** sigaction(sig, act, oact): FreeBSD's struct and flags, built as the kernel's in scratch space. */
    static long sigaction(KernelOps ops, long sig, long act, long oact) {
        int k = toKernel((int) sig);
        if (k == 0) return Errno.EINVAL.negative();
        try {
            long scratch = ops.call(USER_SCRATCH, 64);
            if (scratch < 0) return scratch;
            long kact = 0, kold = oact != 0 ? scratch + 32 : 0;
            if (act != 0) {
                long handler = GuestMemory.load64(ops, act);
                int flags = (int) GuestMemory.load(ops, act + SA_FLAGS, 4);
                long kflags = 0;
                for (long[] f : FLAGS) {
                    if ((flags & f[0]) != 0) kflags |= f[1];
                    flags &= (int) ~f[0];
                }
                if (flags != 0) return Errno.EINVAL.negative();
                GuestMemory.store(ops, scratch, handler, 8);
                GuestMemory.store(ops, scratch + 8, kflags, 8);
                GuestMemory.store(ops, scratch + 16, 0, 8); // no restorer: handlers return through the kernel's sigcode
                GuestMemory.store(ops, scratch + 24, loadSet(ops, act + SA_MASK), 8);
                kact = scratch;
            }
            long r = ops.call(SIGACTION, k, kact, kold, 8);
            if (r < 0 || oact == 0) return r;
            long kflags = GuestMemory.load64(ops, kold + 8);
            int flags = 0;
            for (long[] f : FLAGS) if ((kflags & f[1]) != 0) flags |= (int) f[0];
            GuestMemory.store(ops, oact, GuestMemory.load64(ops, kold), 8);
            GuestMemory.store(ops, oact + SA_FLAGS, flags, 4);
            storeSet(ops, oact + SA_MASK, GuestMemory.load64(ops, kold + 24));
            GuestMemory.store(ops, oact + 28, 0, 4);
            return 0;
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /** sigprocmask(how, set, oset): FreeBSD's how (1, 2, 3) and 128-bit sets. */
    static long sigprocmask(KernelOps ops, long how, long set, long oset) {
        try {
            return BsdSignals.sigprocmask(ops, how, set, oset, SIGNALS);
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /** sigsuspend(set): waits with FreeBSD's 128-bit set as the mask. */
    static long sigsuspend(KernelOps ops, long set) {
        try {
            long scratch = ops.call(USER_SCRATCH, 8);
            if (scratch < 0) return scratch;
            GuestMemory.store(ops, scratch, loadSet(ops, set), 8);
            return ops.call(SIGSUSPEND, scratch, 8);
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /**
     * wait4(pid, status, options, rusage): FreeBSD's option bits; the status word's signal numbers
     * (a killing signal in the low 7 bits, a stopping one in bits 8–15) are FreeBSD's.
     */
    static long wait4(KernelOps ops, long pid, long status, long options, long rusage) {
        int o = (int) options;
        if ((o & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOWAIT)) != 0) return Errno.EINVAL.negative();
        long k = ((o & WNOHANG) != 0 ? Wait.WNOHANG : 0) | ((o & WUNTRACED) != 0 ? Wait.WUNTRACED : 0)
                | ((o & WCONTINUED) != 0 ? Wait.WCONTINUED : 0) | ((o & WNOWAIT) != 0 ? Wait.WNOWAIT : 0);
        return waitWith(ops, pid, status, k, rusage, SIGNALS, FREEBSD_CONTINUED);
    }

    /** FreeBSD's wait status of a continued child (_WCONTINUED, SIGCONT's number); Linux's and NetBSD's is 0xffff. */
    static final int FREEBSD_CONTINUED = 0x13;

    /**
     * wait4 with the kernel's options; the status word's signal numbers made the OS's (its map,
     * kernel to guest), and a continued child's status the OS's {@code continued}.
     */
    static long waitWith(KernelOps ops, long pid, long status, long kernelOptions, long rusage, int[] signals, int continued) {
        long r = ops.call(WAIT4, (int) pid, status, kernelOptions, rusage);
        if (r <= 0 || status == 0) return r;
        try {
            int st = (int) GuestMemory.load(ops, status, 4);
            GuestMemory.store(ops, status, st == 0xffff ? continued : BsdSignals.waitStatus(st, signals), 4);
            return r;
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /** A FreeBSD sigset_t (four 32-bit words) as the kernel's 64-bit mask. */
    static long loadSet(KernelOps ops, long addr) {
        return BsdSignals.loadSet(ops, addr, SIGNALS);
    }

    /** The kernel's mask as a FreeBSD sigset_t. */
    static void storeSet(KernelOps ops, long addr, long mask) {
        BsdSignals.storeSet(ops, addr, mask, SIGNALS);
    }
}
