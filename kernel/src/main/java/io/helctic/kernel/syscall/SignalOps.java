package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.uapi.Event;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.SignalFd;

/** Signal actions and masks, the return from a handler, and taking signals without delivery (sigtimedwait, signalfd). */
final class SignalOps {
    /** SIGKILL and SIGSTOP: never blocked, waited for or read from a signalfd. */
    static final long UNBLOCKABLE = (1L << (SIGKILL - 1)) | (1L << (SIGSTOP - 1));

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

    /** getcontext where the OS has one (NetBSD, FreeBSD): the thread's state, as the call returns 0, at context. */
    static long saveContext(long context) {
        Context ctx = Context.current();
        io.helctic.abi.Conventions.SignalFrames frames = ctx.conventions().frames();
        if (frames != io.helctic.abi.Conventions.SignalFrames.NETBSD && frames != io.helctic.abi.Conventions.SignalFrames.FREEBSD) {
            return Errno.EINVAL.negative();
        }
        return ctx.cpu().saveContext(ctx, ctx.conventions(), context) ? 0 : Errno.EFAULT.negative();
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
        if (next != null) {
            d.set(sig, next);
            // POSIX: setting SIG_IGN (or a default of ignoring) discards the signal if it is pending.
            if (next.handler() == SIG_IGN
                    || (next.handler() == SIG_DFL && Signals.defaultAction(sig) == Signals.Default.IGNORE)) {
                Delivery.discard(Context.current().process(), 1L << (sig - 1));
            }
        }
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

    /** rt_sigpending: what is pending (for the thread or its process) and blocked. */
    long sigpending(long set, long sigsetsize) {
        if (sigsetsize > 8) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        long p = ctx.pending() & ctx.blocked();
        byte[] b = new byte[(int) sigsetsize];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (p >>> (8 * i));
        return UserAccess.put(set, b) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * rt_sigtimedwait: takes a pending signal of the set without delivering it. While it waits,
     * the set is blocked (even if the caller had not blocked it, as POSIX asks) and a signal of it
     * sent to the process comes to this thread; any other signal that is delivered ends the wait
     * with EINTR, never restarted.
     */
    long sigtimedwait(long set, long info, long timeoutNs, long sigsetsize) {
        if (sigsetsize != 8) return Errno.EINVAL.negative();
        long[] s = UserAccess.getLongs(set, 1);
        if (s == null) return Errno.EFAULT.negative();
        long mask = s[0] & ~UNBLOCKABLE;
        Context ctx = Context.current();
        long deadline = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        SignalInfo got;
        while ((got = ctx.take(mask)) == null) {
            long left = timeoutNs < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
            if (left == 0) return Errno.EAGAIN.negative();
            // The set stays blocked (a signal of it is taken here, not delivered); only another signal interrupts.
            long old = ctx.blocked();
            ctx.setBlocked(old | mask);
            ctx.setAwaited(mask);
            long r;
            try {
                r = PollOps.waitFor(left, () -> (ctx.pending() & mask) != 0 ? 1 : 0, KernelCode.ERESTARTNOHAND);
            } finally {
                ctx.setAwaited(0);
                ctx.setBlocked(old);
            }
            if (r < 0) return Errno.EINTR.negative();
            if (r == 0) return Errno.EAGAIN.negative();
        }
        Thread.interrupted(); // the wake-up was for this signal, now taken
        if (info != 0 && !UserAccess.put(info, got.linuxBytes())) return Errno.EFAULT.negative();
        return got.signo();
    }

    /**
     * A descriptor counting the sendings of signal {@code sig} to the caller's process from now on,
     * taking none of them (what the BSDs' EVFILT_SIGNAL reports); flags O_NONBLOCK, O_CLOEXEC.
     */
    static long signalCounter(long sig, long flags) {
        if (sig < 1 || sig > NSIG) return Errno.EINVAL.negative();
        if ((flags & ~(long) (io.helctic.abi.uapi.Fcntl.O_NONBLOCK | io.helctic.abi.uapi.Fcntl.O_CLOEXEC)) != 0) {
            return Errno.EINVAL.negative();
        }
        Context ctx = Context.current();
        Process p = ctx.process();
        io.helctic.kernel.scheme.SignalCounter c = new io.helctic.kernel.scheme.SignalCounter((int) sig,
                (flags & io.helctic.abi.uapi.Fcntl.O_NONBLOCK) != 0, p::removeSignalCounter);
        p.addSignalCounter(c);
        long r = ctx.files().install(c, 0, (flags & io.helctic.abi.uapi.Fcntl.O_CLOEXEC) != 0);
        if (r < 0) c.close();
        return r;
    }

    /** signalfd / signalfd4: a new descriptor (fd -1) or a new mask for an existing one. */
    long signalfd(long fd, long maskPtr, long sigsetsize, long flags) {
        if ((flags & ~(long) (Event.SFD_CLOEXEC | Event.SFD_NONBLOCK)) != 0) return Errno.EINVAL.negative();
        if (sigsetsize != 8) return Errno.EINVAL.negative();
        long[] m = UserAccess.getLongs(maskPtr, 1);
        if (m == null) return Errno.EFAULT.negative();
        long mask = m[0] & ~UNBLOCKABLE;
        Context ctx = Context.current();
        if (fd != -1) {
            Handle h = ctx.files().get(fd);
            if (h == null) return Errno.EBADF.negative();
            if (!(h instanceof SignalFd sfd)) return Errno.EINVAL.negative();
            sfd.setMask(mask);
            return fd;
        }
        Process p = ctx.process();
        SignalFd sfd = new SignalFd(mask, (flags & Event.SFD_NONBLOCK) != 0, new SignalFd.Pending() {
            // As Linux, a signalfd reads the signals of whoever reads it (a fork's child: its own).
            @Override public long mask() {
                return Context.CURRENT.isBound() ? Context.current().pending() : p.sharedPending().mask();
            }

            @Override public SignalInfo take(long allowed) {
                return Context.CURRENT.isBound() ? Context.current().take(allowed) : null;
            }
        }, p.signalWaiters());
        long r = ctx.files().install(sfd, 0, (flags & Event.SFD_CLOEXEC) != 0);
        if (r < 0) sfd.close();
        return r;
    }
}
