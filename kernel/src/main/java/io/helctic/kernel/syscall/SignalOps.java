package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.kernel.arch.x86_64.SignalFrames;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Termination;

/** Signal actions and masks, and the return from a handler. */
final class SignalOps {
    static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    /** The sa_flags Linux accepts on x86-64. */
    static final long KNOWN_FLAGS = 0x1 | 0x2 | 0x4 | 0x04000000L | 0x08000000L | 0x10000000L | 0x40000000L | 0x80000000L;

    void install(KernelOps.Builder b) {
        b.set(KernelOp.SIGACTION, (sig, act, oldact, size, a5, a6) -> sigaction((int) sig, act, oldact, size));
        b.set(KernelOp.SIGPROCMASK, (how, set, oldset, size, a5, a6) -> sigprocmask((int) how, set, oldset, size));
        b.set(KernelOp.SIGSUSPEND, (mask, size, a3, a4, a5, a6) -> {
            if (size != 8) return Errno.EINVAL.negative();
            Context ctx = Context.current();
            long[] m = mask == 0 ? new long[] {ctx.blocked()} : UserAccess.getLongs(mask, 1); // NULL: pause()
            if (m == null) return Errno.EFAULT.negative();
            ctx.suspendWith(m[0]);
            long r = PollOps.waitFor(-1, () -> 0);
            return r < 0 ? r : Errno.EINTR.negative();
        });
        b.set(KernelOp.SIGALTSTACK, (ss, oldss, a3, a4, a5, a6) -> sigaltstack(ss, oldss));
        b.set(KernelOp.SIGRETURN, (a1, a2, a3, a4, a5, a6) -> {
            Context ctx = Context.current();
            Long rax = SignalFrames.restore(ctx);
            if (rax == null) {
                ctx.terminate(Termination.killed(Signals.SIGSEGV));
                return 0;
            }
            return rax;
        });
    }

    static final int SS_ONSTACK = 1, SS_DISABLE = 2, MINSIGSTKSZ = 2048;

    private static long sigaltstack(long ss, long oldss) {
        Context ctx = Context.current();
        long[] cur = ctx.altStack();
        boolean on = ctx.onAltStack(ctx.cpu().reg(io.helctic.machine.cpu.x86_64.X86Cpu.RSP));
        long[] next = null;
        if (ss != 0) {
            next = UserAccess.getLongs(ss, 3);
            if (next == null) return Errno.EFAULT.negative();
            if (on) return Errno.EPERM.negative();
            int flags = (int) next[1];
            if ((flags & ~(SS_DISABLE | 0x80000000)) != 0) return Errno.EINVAL.negative();
            if ((flags & SS_DISABLE) == 0 && next[2] < MINSIGSTKSZ) return Errno.ENOMEM.negative();
        }
        if (oldss != 0) {
            long flags = on ? SS_ONSTACK : cur[2] == 1 ? 0 : SS_DISABLE;
            if (!UserAccess.putLongs(oldss, cur[0], flags, cur[1])) return Errno.EFAULT.negative();
        }
        if (next != null) {
            boolean disable = (next[1] & SS_DISABLE) != 0;
            ctx.setAltStack(disable ? 0 : next[0], disable ? 0 : next[2], !disable);
        }
        return 0;
    }

    private static long sigaction(int sig, long act, long oldact, long size) {
        if (size != 8) return Errno.EINVAL.negative();
        if (sig < 1 || sig > Signals.NSIG) return Errno.EINVAL.negative();
        if (act != 0 && (sig == Signals.SIGKILL || sig == Signals.SIGSTOP)) return Errno.EINVAL.negative();
        var d = Context.current().process().dispositions();
        Signals.Action old = d.get(sig);
        Signals.Action next = null;
        if (act != 0) {
            long[] a = UserAccess.getLongs(act, 4);
            if (a == null) return Errno.EFAULT.negative();
            next = new Signals.Action(a[0], a[1] & KNOWN_FLAGS, a[2], a[3] & ~((1L << 8) | (1L << 18)));
        }
        if (oldact != 0 && !UserAccess.putLongs(oldact, old.handler(), old.flags(), old.restorer(), old.mask())) {
            return Errno.EFAULT.negative();
        }
        if (next != null) d.set(sig, next);
        return 0;
    }

    private static long sigprocmask(int how, long set, long oldset, long size) {
        if (size != 8) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        long old = ctx.blocked();
        if (set != 0) {
            long[] s = UserAccess.getLongs(set, 1);
            if (s == null) return Errno.EFAULT.negative();
            switch (how) {
                case SIG_BLOCK -> ctx.setBlocked(old | s[0]);
                case SIG_UNBLOCK -> ctx.setBlocked(old & ~s[0]);
                case SIG_SETMASK -> ctx.setBlocked(s[0]);
                default -> { return Errno.EINVAL.negative(); }
            }
        }
        if (oldset != 0 && !UserAccess.putLongs(oldset, old)) return Errno.EFAULT.negative();
        return 0;
    }
}
