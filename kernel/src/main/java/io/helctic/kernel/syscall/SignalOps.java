package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Termination;

/** Signal actions and masks, and the return from a handler. */
final class SignalOps {
    /** The sa_flags Linux accepts on x86-64. */
    static final long KNOWN_FLAGS = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_RESTORER | SA_ONSTACK | SA_RESTART
            | SA_NODEFER | SA_RESETHAND;

    long sigsuspend(long mask, long size) {
        if (size != 8) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        long[] m = mask == 0 ? new long[] {ctx.blocked()} : UserAccess.getLongs(mask, 1); // NULL: pause()
        if (m == null) return Errno.EFAULT.negative();
        ctx.suspendWith(m[0]);
        long r = PollOps.waitFor(-1, () -> 0, KernelCode.ERESTARTNOHAND);
        return r < 0 ? r : KernelCode.ERESTARTNOHAND.negative();
    }

    /** Restores what the signal frame saved; the registers are then the result (an unreadable frame is SIGSEGV). */
    long sigreturn(long ucontext) {
        Context ctx = Context.current();
        if (!ctx.cpu().returnFromHandler(ctx, ctx.conventions(), ucontext)) ctx.terminate(Termination.killed(SIGSEGV));
        return KernelCode.EJUSTRETURN.negative();
    }

    /** Linux's restart_syscall: runs the restart block an interrupted call kept, or answers EINTR. */
    static long restartSyscall() {
        java.util.function.LongSupplier block = Context.current().takeRestartBlock();
        return block == null ? Errno.EINTR.negative() : block.getAsLong();
    }

    long sigaltstack(long ss, long oldss) {
        Context ctx = Context.current();
        long[] cur = ctx.altStack();
        boolean on = ctx.onAltStack(ctx.cpu().stackPointer());
        long[] next = null;
        if (ss != 0) {
            next = UserAccess.getLongs(ss, 3);
            if (next == null) return Errno.EFAULT.negative();
            if (on) return Errno.EPERM.negative();
            int flags = (int) next[1];
            if ((flags & ~(SS_DISABLE | SS_AUTODISARM)) != 0) return Errno.EINVAL.negative();
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

    long sigaction(long signal, long act, long oldact, long size) {
        int sig = (int) signal;
        if (size != 8) return Errno.EINVAL.negative();
        if (sig < 1 || sig > NSIG) return Errno.EINVAL.negative();
        if (act != 0 && (sig == SIGKILL || sig == SIGSTOP)) return Errno.EINVAL.negative();
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

    long sigprocmask(long how, long set, long oldset, long size) {
        if (size != 8) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        long old = ctx.blocked();
        if (set != 0) {
            long[] s = UserAccess.getLongs(set, 1);
            if (s == null) return Errno.EFAULT.negative();
            switch ((int) how) {
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
