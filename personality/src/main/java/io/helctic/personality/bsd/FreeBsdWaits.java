package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Wait;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * FreeBSD's waits and what they fill: wait6 with its id types, struct __wrusage and siginfo_t;
 * sigtimedwait and sigwaitinfo (select, pselect and poll are {@link BsdPoll});
 * the siginfo_t layout of sys/sys/signal.h (si_signo, si_errno, si_code, si_pid, si_uid,
 * si_status, si_addr at 24, si_value at 32; 80 bytes) with FreeBSD's si_code numbers.
 */
final class FreeBsdWaits {
    private FreeBsdWaits() {}

    private static final int[] SIGNALS = BsdSignals.freeBsd();

    /**
     * What differs between the BSDs here: the signal map, wait's option bits and id types, a
     * continued child's status, and siginfo_t (NetBSD's _ksiginfo: si_code at 4, si_errno at 8,
     * si_pid 16, si_uid 20, si_status or si_value 24; its own SI_ numbers).
     */
    record Os(int[] signals, int wnohang, int wuntraced, int wcontinued, int wnowait, int wexited, int wtrapped,
              int pPid, int pPgid, int pAll, int continued, boolean netbsd) {}

    static final Os FREEBSD = new Os(SIGNALS, 1, 2, 4, 8, 16, 32, 0, 2, 7, 0x13, false);
    static final Os NETBSD = new Os(BsdSignals.netBsd(), 1, 2, 0x10, 0x10000, 0x20, 0x40, 1, 4, 0, 0xffff, true);

    static final int SIGINFO_SIZE = 80, WRUSAGE_SIZE = 288;
    // si_code: SI_USER and its fellows are 0x10001.. on FreeBSD; the kernel's (Linux's) are 0 and negative
    static final int SI_USER = 0x10001, SI_QUEUE = 0x10002, SI_TIMER = 0x10003, SI_ASYNCIO = 0x10004,
            SI_MESGQ = 0x10005, SI_KERNEL = 0x10006, SI_LWP = 0x10007;

    /** A kernel si_code as FreeBSD's: the negative and zero ones renumbered, the per-signal ones (CLD_*, SEGV_* ...) kept. */
    static int siCode(int code) {
        return switch (code) {
            case 0 -> SI_USER;
            case -1 -> SI_QUEUE;
            case -2 -> SI_TIMER;
            case -3 -> SI_MESGQ;
            case -4 -> SI_ASYNCIO;
            case -6 -> SI_LWP;
            case 0x80 -> SI_KERNEL;
            default -> code;
        };
    }

    /** A kernel si_code as NetBSD's: SI_ASYNCIO and SI_MESGQ swapped, SI_TKILL as SI_LWP, SI_KERNEL as SI_NOINFO. */
    static int netBsdSiCode(int code) {
        return switch (code) {
            case -3 -> -4;
            case -4 -> -3;
            case -6 -> -5;
            case 0x80 -> 32767;
            default -> code;
        };
    }

    /** The kernel's siginfo_t at k as NetBSD's at info (128 bytes). */
    static void storeNetBsdSiginfo(KernelOps ops, long k, long info, int[] signals) {
        int signo = (int) GuestMemory.load(ops, k, 4), errno = (int) GuestMemory.load(ops, k + 4, 4);
        int code = (int) GuestMemory.load(ops, k + 8, 4);
        long pid = GuestMemory.load(ops, k + 16, 4), uid = GuestMemory.load(ops, k + 20, 4);
        long third = GuestMemory.load64(ops, k + 24);
        for (int i = 0; i < 128; i += 8) GuestMemory.store(ops, info + i, 0, 8);
        GuestMemory.store(ops, info, signo > 0 && signo < signals.length ? signals[signo] : signo, 4);
        GuestMemory.store(ops, info + 4, netBsdSiCode(code), 4);
        GuestMemory.store(ops, info + 8, errno, 4);
        if (code > 0 && signo != io.helctic.abi.uapi.Signal.SIGCHLD) {
            GuestMemory.store(ops, info + 16, third, 8);             // si_addr of a fault
            return;
        }
        GuestMemory.store(ops, info + 16, pid, 4);
        GuestMemory.store(ops, info + 20, uid, 4);
        if (signo == io.helctic.abi.uapi.Signal.SIGCHLD) {
            int st = (int) third;
            boolean bySignal = code >= 2 && code <= 5;
            GuestMemory.store(ops, info + 24, bySignal && st > 0 && st < signals.length ? signals[st] : st, 4);
        } else {
            GuestMemory.store(ops, info + 24, third, 8);             // si_value
        }
    }

    static void storeSiginfoAs(KernelOps ops, Os os, long k, long info) {
        if (os.netbsd()) storeNetBsdSiginfo(ops, k, info, os.signals());
        else storeSiginfo(ops, k, info);
    }

    /** The kernel's siginfo_t at k (128 bytes) as FreeBSD's at info. */
    static void storeSiginfo(KernelOps ops, long k, long info) {
        int signo = (int) GuestMemory.load(ops, k, 4), errno = (int) GuestMemory.load(ops, k + 4, 4);
        int code = (int) GuestMemory.load(ops, k + 8, 4);
        long pid = GuestMemory.load(ops, k + 16, 4), uid = GuestMemory.load(ops, k + 20, 4);
        long third = GuestMemory.load64(ops, k + 24); // si_status (SIGCHLD), si_value (rt_sigqueueinfo, timers) or si_addr (faults)
        for (int i = 0; i < SIGINFO_SIZE; i += 8) GuestMemory.store(ops, info + i, 0, 8);
        GuestMemory.store(ops, info, signo > 0 && signo < SIGNALS.length ? SIGNALS[signo] : signo, 4);
        GuestMemory.store(ops, info + 4, errno, 4);
        GuestMemory.store(ops, info + 8, siCode(code), 4);
        GuestMemory.store(ops, info + 12, pid, 4);
        GuestMemory.store(ops, info + 16, uid, 4);
        if (signo == io.helctic.abi.uapi.Signal.SIGCHLD) {
            int st = (int) third;
            boolean bySignal = code == 2 || code == 3 || code == 4 || code == 5; // CLD_KILLED, DUMPED, TRAPPED, STOPPED
            GuestMemory.store(ops, info + 20, bySignal && st > 0 && st < SIGNALS.length ? SIGNALS[st] : st, 4);
        } else if (code <= 0) {
            GuestMemory.store(ops, info + 32, third, 8);             // si_value
        } else {
            GuestMemory.store(ops, info + 24, third, 8);             // si_addr
        }
    }

    /**
     * wait6(idtype, id, status, options, wrusage, info): P_PID, P_PGID and P_ALL; WEXITED,
     * WUNTRACED, WCONTINUED, WNOHANG and WNOWAIT; the wait status, the child's own rusage in
     * wru_self (wru_children zero) and FreeBSD's siginfo. The child's pid, or 0 (WNOHANG, none ready).
     */
    static long wait6(KernelOps ops, long idtype, long id, long status, long options, long wrusage, long info) {
        return waitAs(ops, FREEBSD, idtype, id, status, options, wrusage, info);
    }

    /** NetBSD's wait6: its option bits, id types, siginfo_t and signal numbers. */
    static long wait6NetBsd(KernelOps ops, long idtype, long id, long status, long options, long wrusage, long info) {
        return waitAs(ops, NETBSD, idtype, id, status, options, wrusage, info);
    }

    static long waitAs(KernelOps ops, Os os, long idtype, long id, long status, long options, long wrusage, long info) {
        int o = (int) options;
        int known = os.wnohang() | os.wuntraced() | os.wcontinued() | os.wnowait() | os.wexited() | os.wtrapped();
        if ((o & ~known) != 0) return Errno.EINVAL.negative();
        if ((o & (os.wexited() | os.wuntraced() | os.wcontinued() | os.wtrapped())) == 0) return Errno.EINVAL.negative();
        int t = (int) idtype;
        int kType = t == os.pPid() ? 1 : t == os.pPgid() ? 2 : t == os.pAll() ? 0 : -1;
        if (kType < 0) return Errno.EINVAL.negative();
        long k = ((o & os.wnohang()) != 0 ? Wait.WNOHANG : 0) | ((o & os.wuntraced()) != 0 ? Wait.WUNTRACED : 0)
                | ((o & os.wcontinued()) != 0 ? Wait.WCONTINUED : 0) | ((o & os.wnowait()) != 0 ? Wait.WNOWAIT : 0)
                | ((o & os.wexited()) != 0 ? Wait.WEXITED : 0);
        int[] signals = os.signals();
        long si = ops.call(USER_SCRATCH, 128 + 144);
        if (si < 0) return si;
        long ru = si + 128;
        for (int i = 0; i < 128; i += 8) GuestMemory.store(ops, si + i, 0, 8);
        long r = ops.call(WAITID, kType, (int) id, si, k, ru);
        if (r < 0) return r;
        try {
            long pid = GuestMemory.load(ops, si + 16, 4);
            if (pid == 0) return 0; // WNOHANG and nothing ready
            int code = (int) GuestMemory.load(ops, si + 8, 4), st = (int) GuestMemory.load(ops, si + 24, 4);
            int guestSig = st > 0 && st < signals.length ? signals[st] : st;
            int word = switch (code) {
                case 1 -> (st & 0xff) << 8;                   // CLD_EXITED
                case 2 -> guestSig & 0x7f;                    // CLD_KILLED
                case 3 -> (guestSig & 0x7f) | 0x80;           // CLD_DUMPED
                case 4, 5 -> (guestSig << 8) | 0x7f;          // CLD_TRAPPED, CLD_STOPPED
                default -> os.continued();                    // CLD_CONTINUED
            };
            if (status != 0) GuestMemory.store(ops, status, word, 4);
            if (wrusage != 0) {
                byte[] self = GuestMemory.readUpTo(ops, ru, 144);
                for (int i = 0; i < 144; i++) GuestMemory.store(ops, wrusage + i, self[i] & 0xff, 1);
                for (int i = 144; i < WRUSAGE_SIZE; i += 8) GuestMemory.store(ops, wrusage + i, 0, 8);
            }
            if (info != 0) storeSiginfoAs(ops, os, si, info);
            return pid;
        } catch (GuestFault f) {
            return f.result();
        }
    }

    /** sigtimedwait(set, info, timeout): FreeBSD's set and siginfo; the signal as FreeBSD's number. */
    static long sigtimedwait(KernelOps ops, long set, long info, long timeout) {
        return sigtimedwaitAs(ops, FREEBSD, set, info, timeout);
    }

    /** NetBSD's ____sigtimedwait50: its set, siginfo_t and signal numbers. */
    static long sigtimedwaitNetBsd(KernelOps ops, long set, long info, long timeout) {
        return sigtimedwaitAs(ops, NETBSD, set, info, timeout);
    }

    static long sigtimedwaitAs(KernelOps ops, Os os, long set, long info, long timeout) {
        int[] signals = os.signals();
        try {
            long mask = BsdSignals.loadSet(ops, set, signals);
            long ns = BsdPoll.nanos(ops, timeout);
            if (ns == Long.MIN_VALUE) return Errno.EINVAL.negative();
            long k = ops.call(USER_SCRATCH, 8 + 128);
            if (k < 0) return k;
            GuestMemory.store(ops, k, mask, 8);
            long r = ops.call(SIGTIMEDWAIT, k, k + 8, ns, 8);
            if (r <= 0) return r; // EAGAIN when the time passes, as FreeBSD's
            if (info != 0) storeSiginfoAs(ops, os, k + 8, info);
            return r < signals.length ? signals[(int) r] : r;
        } catch (GuestFault f) {
            return f.result();
        }
    }

    static long sigwaitinfo(KernelOps ops, long set, long info) {
        return sigtimedwait(ops, set, info, 0);
    }

    /** clock_getres(clock, res): FreeBSD's clock ids; 1 ns, or a tick for the coarse (FAST, SECOND) clocks. */
    static long clockGetres(KernelOps ops, long clock, long res) {
        int k = FreeBsdRuntime.kernelClock(clock);
        if (k < 0 || ops.call(CLOCK_READ, k) < 0) return Errno.EINVAL.negative();
        if (res == 0) return 0;
        GuestMemory.store(ops, res, 0, 8);
        GuestMemory.store(ops, res + 8, k == 5 || k == 6 ? io.helctic.abi.uapi.Time.TICK_NSEC : 1, 8);
        return 0;
    }

    /** getresuid(ruid, euid, suid) and getresgid: the kernel's three ids. */
    static long getresuid(KernelOps ops, long r, long e, long s) {
        return ops.call(GET_IDS, 0, r, e, s);
    }

    static long getresgid(KernelOps ops, long r, long e, long s) {
        return ops.call(GET_IDS, 1, r, e, s);
    }

    /** posix_fallocate(fd, offset, len): the error as the call's value (FreeBSD's sys_posix_fallocate), never as errno. */
    static long posixFallocate(KernelOps ops, long fd, long offset, long len) {
        if (offset < 0 || len <= 0) return BsdErrnoNames.FREEBSD.translateResult(Errno.EINVAL.negative());
        long r = ops.call(FALLOCATE, (int) fd, 0, offset, len);
        return r < 0 ? BsdErrnoNames.FREEBSD.translateResult(r) : 0;
    }

    /** getdtablesize(): the descriptor limit (RLIMIT_NOFILE's soft value). */
    static long getdtablesize(KernelOps ops) {
        long k = ops.call(USER_SCRATCH, 16);
        if (k < 0) return k;
        long r = ops.call(PRLIMIT, 0, 7, 0, k);
        if (r < 0) return r;
        long cur = GuestMemory.load64(ops, k);
        return cur < 0 || cur > Integer.MAX_VALUE ? Integer.MAX_VALUE : cur;
    }
}
