package io.helctic.personality.bsd;

import static io.helctic.abi.uapi.Signal.*;

import java.util.Arrays;

/**
 * Signal numbers of the BSDs (and Darwin), from 4.4BSD's {@code <sys/signal.h>}: 1–15 are
 * Linux's but for SIGBUS (10) and SIGUSR1/2 (30, 31); SIGURG, SIGSTOP, SIGTSTP, SIGCONT and
 * SIGCHLD are 16–20, SIGIO 23, SIGSYS 12. Linux's SIGSTKFLT and SIGPWR have no BSD number, the
 * BSDs' SIGEMT (7), SIGINFO (29), SIGTHR (32) and SIGLIBRT (33) no Linux one. Real-time signals
 * start at {@code rtMin} (FreeBSD 65, NetBSD 33; OpenBSD has none).
 */
final class BsdSignals {
    private BsdSignals() {}

    /** Index: the kernel's (Linux's) number; value: the BSD number, 0 for none (1..31). */
    private static final int[] CLASSIC = new int[32];
    static {
        for (int s = 1; s <= 15; s++) CLASSIC[s] = s;
        CLASSIC[SIGBUS] = 10;
        CLASSIC[SIGUSR1] = 30;
        CLASSIC[SIGUSR2] = 31;
        CLASSIC[SIGSTKFLT] = 0;
        CLASSIC[SIGCHLD] = 20;
        CLASSIC[SIGCONT] = 19;
        CLASSIC[SIGSTOP] = 17;
        CLASSIC[SIGTSTP] = 18;
        CLASSIC[SIGTTIN] = 21;
        CLASSIC[SIGTTOU] = 22;
        CLASSIC[SIGURG] = 16;
        CLASSIC[SIGXCPU] = 24;
        CLASSIC[SIGXFSZ] = 25;
        CLASSIC[SIGVTALRM] = 26;
        CLASSIC[SIGPROF] = 27;
        CLASSIC[SIGWINCH] = 28;
        CLASSIC[SIGIO] = 23;
        CLASSIC[SIGPWR] = 0;
        CLASSIC[SIGSYS] = 12;
    }

    /**
     * The kernel-to-BSD map, index 0..NSIG; real-time signals SIGRTMIN + k become {@code rtMin + k}
     * up to {@code rtMax} (rtMin 0: none).
     */
    static int[] toGuest(int rtMin, int rtMax) {
        int[] m = Arrays.copyOf(CLASSIC, NSIG + 1);
        for (int k = 0; SIGRTMIN + k <= NSIG; k++) m[SIGRTMIN + k] = rtMin > 0 && rtMin + k <= rtMax ? rtMin + k : 0;
        return m;
    }

    /**
     * FreeBSD's map: as {@link #toGuest} with real-time signals from 65, but the signals FreeBSD
     * has and Linux lacks take kernel numbers nothing else uses, so a program may catch, block and
     * send them: SIGEMT (7) is the kernel's SIGSTKFLT (16), SIGINFO (29) its SIGPWR (30), SIGTHR
     * (32) and SIGLIBRT (33) its 32 and 33 (below glibc's SIGRTMIN); SIGRTMIN + k from 34 is
     * 65 + k. Their default actions are the kernel's (SIGINFO's kills, where FreeBSD's ignores).
     */
    static int[] freeBsd() {
        int[] m = toGuest(0, 0);
        m[SIGSTKFLT] = 7;
        m[SIGPWR] = 29;
        m[32] = 32;
        m[33] = 33;
        for (int k = 34; k <= NSIG; k++) m[k] = 65 + (k - 34);
        return m;
    }

    /**
     * NetBSD's map: SIGEMT (7) is the kernel's SIGSTKFLT, NetBSD's SIGPWR (32) the kernel's,
     * SIGINFO (29) the kernel's 32; real-time signals 33..63 are the kernel's 33..63 (the kernel's
     * 64 has none).
     */
    static int[] netBsd() {
        int[] m = toGuest(0, 0);
        m[SIGSTKFLT] = 7;
        m[SIGPWR] = 32;
        m[32] = 29;
        for (int k = 33; k <= NSIG; k++) m[k] = k <= 63 ? k : 0;
        return m;
    }

    /** A BSD sigset_t (four 32-bit words, bit s-1 for signal s) at addr as the kernel's 64-bit mask, under {@code toGuest}. */
    static long loadSet(io.helctic.abi.KernelOps ops, long addr, int[] toGuest) {
        long m = 0;
        for (int w = 0; w < 4; w++) {
            long bits = io.helctic.personality.GuestMemory.load(ops, addr + 4L * w, 4);
            for (int b = 0; b < 32; b++) {
                if ((bits & (1L << b)) == 0) continue;
                int k = toKernel(toGuest, 32 * w + b + 1);
                if (k > 0) m |= 1L << (k - 1);
            }
        }
        return m;
    }

    /** The kernel's mask as a BSD sigset_t at addr, under {@code toGuest}. */
    static void storeSet(io.helctic.abi.KernelOps ops, long addr, long mask, int[] toGuest) {
        int[] words = new int[4];
        for (int k = 1; k <= NSIG; k++) {
            if ((mask & (1L << (k - 1))) == 0) continue;
            int s = k < toGuest.length ? toGuest[k] : 0;
            if (s > 0 && s <= 128) words[(s - 1) >> 5] |= 1 << ((s - 1) & 31);
        }
        for (int w = 0; w < 4; w++) io.helctic.personality.GuestMemory.store(ops, addr + 4L * w, words[w] & 0xFFFF_FFFFL, 4);
    }

    /** sigprocmask(how, set, oset) as the BSDs have it: how 1-3 (BLOCK, UNBLOCK, SETMASK), 128-bit sets under {@code toGuest}. */
    static long sigprocmask(io.helctic.abi.KernelOps ops, long how, long set, long oset, int[] toGuest) {
        int h = switch ((int) how) {
            case 1 -> SIG_BLOCK;
            case 2 -> SIG_UNBLOCK;
            case 3 -> SIG_SETMASK;
            default -> -1;
        };
        if (h < 0 && set != 0) return io.helctic.abi.Errno.EINVAL.negative();
        long scratch = ops.call(io.helctic.abi.KernelOp.USER_SCRATCH, 16);
        if (scratch < 0) return scratch;
        long kset = 0, kold = oset != 0 ? scratch + 8 : 0;
        if (set != 0) {
            io.helctic.personality.GuestMemory.store(ops, scratch, loadSet(ops, set, toGuest), 8);
            kset = scratch;
        }
        long r = ops.call(io.helctic.abi.KernelOp.SIGPROCMASK, Math.max(h, 0), kset, kold, 8);
        if (r < 0 || oset == 0) return r;
        storeSet(ops, oset, io.helctic.personality.GuestMemory.load64(ops, kold), toGuest);
        return 0;
    }

    /**
     * The kernel's wait status word with its signal numbers made the BSD's under {@code toGuest}: a
     * killing signal in bits 0-6 (beside the core flag), a stopping one in bits 8-15; an exit code
     * stays where it is (the layout is 4.4BSD's and Linux's both).
     */
    static int waitStatus(int st, int[] toGuest) {
        int low = st & 0x7f;
        if (low == 0x7f) return (st & ~0xff00) | (guest((st >> 8) & 0xff, toGuest) << 8);   // stopped
        if (low != 0) return (st & ~0x7f) | guest(low, toGuest);                            // killed
        return st;
    }

    private static int guest(int kernelSignal, int[] toGuest) {
        return kernelSignal > 0 && kernelSignal < toGuest.length && toGuest[kernelSignal] != 0 ? toGuest[kernelSignal] : kernelSignal;
    }

    /** The kernel's number for a BSD one under {@code toGuest}, or 0 for none. */
    static int toKernel(int[] toGuest, int guest) {
        if (guest <= 0) return 0;
        for (int k = 1; k < toGuest.length; k++) if (toGuest[k] == guest) return k;
        return 0;
    }

    /** sigpending: the pending signals the caller blocks, as the OS's 128-bit set under {@code toGuest}. */
    static long sigpending(io.helctic.abi.KernelOps ops, long set, int[] toGuest) {
        long k = ops.call(io.helctic.abi.KernelOp.USER_SCRATCH, 8);
        if (k < 0) return k;
        long r = ops.call(io.helctic.abi.KernelOp.SIGPENDING, k, 8);
        if (r < 0) return r;
        storeSet(ops, set, io.helctic.personality.GuestMemory.load64(ops, k), toGuest);
        return 0;
    }
}
