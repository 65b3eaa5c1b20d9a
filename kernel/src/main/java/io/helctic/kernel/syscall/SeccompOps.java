package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Proc.*;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.SyscallResult;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Seccomp;
import io.helctic.kernel.filter.ClassicBpf;
import io.helctic.kernel.scheme.SeccompListener;

/**
 * Syscall filters (Linux's seccomp, kernel/seccomp.c): seccomp(2) and prctl's PR_SET/GET_SECCOMP
 * install and report them; {@link #verdict} runs them before each call a filtered thread makes
 * (the run loop applies what it says). Strict mode allows the OS's four calls and kills the
 * thread with SIGKILL at any other; filter mode runs every installed classic-BPF program over
 * the call's seccomp_data {int nr; u32 arch; u64 instruction_pointer; u64 args[6]} and takes the
 * action of highest precedence (ties: the newest filter's). The OS's AUDIT_ARCH, strict calls
 * and error encoding come from its {@link Conventions.Filtering}.
 */
public final class SeccompOps {
    private SeccompOps() {}

    /** sizeof(struct seccomp_data). */
    static final int DATA_SIZE = 64;
    /** Linux's MAX_INSNS_PER_PATH: the instructions a call may run through all filters (with 4 each of penalty). */
    static final int MAX_INSNS_PER_PATH = 32768;
    static final int FILTER_FLAGS = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW
            | SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;

    /** What the run loop does with a filtered call. */
    public sealed interface Verdict {
        /** Make the call. */
        record Proceed() implements Verdict {}

        /** Skip it: this is its result. */
        record Skip(SyscallResult result) implements Verdict {}

        /** Skip it (rax keeps the call's number, as Linux's rollback) and raise this SIGSYS as a fault. */
        record Trap(SyscallResult result, SignalInfo info) implements Verdict {}

        /** End the thread alone (other threads live on). */
        record EndThread() implements Verdict {}

        /** Kill the process by this signal. */
        record Kill(int signal) implements Verdict {}
    }

    private static final Verdict PROCEED = new Verdict.Proceed();

    /** Runs the calling thread's filters over the call its CPU trapped for. */
    public static Verdict verdict(Context ctx) {
        Seccomp sc = ctx.seccomp();
        if (sc.mode() == SECCOMP_MODE_DISABLED) return PROCEED;
        long[] call = ctx.cpu().pendingSyscall();
        Conventions.Filtering os = ctx.conventions().filtering();
        if (os == null) return new Verdict.Kill(io.helctic.abi.uapi.Signal.SIGSYS); // filters cannot see this OS's calls: fail closed
        if (sc.mode() == SECCOMP_MODE_STRICT) {
            if (os.strictAllows(call[0])) return PROCEED;
            return lastThread(ctx) ? new Verdict.Kill(io.helctic.abi.uapi.Signal.SIGKILL) : new Verdict.EndThread();
        }
        byte[] data = new byte[DATA_SIZE];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, (int) call[0]).putInt(4, os.auditArch()).putLong(8, call[7]);
        for (int i = 0; i < 6; i++) b.putLong(16 + 8 * i, call[1 + i]);
        int ret = SECCOMP_RET_ALLOW;
        Seccomp.Filter match = null;
        for (Seccomp.Filter f = sc.top(); f != null; f = f.previous()) {
            int cur = f.program().run(data);
            if ((cur & SECCOMP_RET_ACTION_FULL) < (ret & SECCOMP_RET_ACTION_FULL)) { // signed: KILL_PROCESS first
                ret = cur;
                match = f;
            }
        }
        int action = ret & SECCOMP_RET_ACTION_FULL, value = ret & SECCOMP_RET_DATA;
        return switch (action) {
            case SECCOMP_RET_ALLOW, SECCOMP_RET_LOG -> PROCEED;
            case SECCOMP_RET_ERRNO -> new Verdict.Skip(os.error().apply(Math.min(value, 4095)));
            // no tracer can attach: Linux's answer without one
            case SECCOMP_RET_TRACE -> new Verdict.Skip(os.error().apply(Errno.ENOSYS.number()));
            case SECCOMP_RET_USER_NOTIF -> notify(ctx, os, match.listener(), data);
            case SECCOMP_RET_TRAP -> new Verdict.Trap(SyscallResult.of(call[0]),
                    SignalInfo.seccomp(value, call[7], (int) call[0], os.auditArch()));
            case SECCOMP_RET_KILL_THREAD -> lastThread(ctx) ? new Verdict.Kill(io.helctic.abi.uapi.Signal.SIGSYS)
                    : new Verdict.EndThread();
            default -> new Verdict.Kill(io.helctic.abi.uapi.Signal.SIGSYS); // KILL_PROCESS and unknown actions
        };
    }

    /**
     * SECCOMP_RET_USER_NOTIF: the call waits on its filter's listener for the supervisor's reply —
     * a value, an error, or to be made after all (SECCOMP_USER_NOTIF_FLAG_CONTINUE). Without a
     * listener, or once it is closed, ENOSYS; a signal withdraws the notification and the call
     * is restarted (filtered again) or ends with EINTR.
     */
    private static Verdict notify(Context ctx, Conventions.Filtering os, SeccompListener l, byte[] data) {
        if (l == null) return new Verdict.Skip(os.error().apply(Errno.ENOSYS.number()));
        SeccompListener.Notification n = l.post(ctx.tid(), data, ctx.files());
        if (n == null) return new Verdict.Skip(os.error().apply(Errno.ENOSYS.number()));
        long r = PollOps.waitOn(-1, () -> l.replied(n) ? 1 : 0, io.helctic.abi.KernelCode.ERESTARTSYS, l.waitQueue());
        // WAIT_KILLABLE_RECV: a received call lets only a fatal signal (the thread's end) take it away
        while (r != 1 && l.killableAfterReceive && l.received(n) && !ctx.finished()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            if (l.replied(n)) r = 1;
        }
        if (r != 1) {
            l.withdraw(n);
            if (l.replied(n)) return replyOf(os, n); // the reply came as the signal did
            return new Verdict.Skip(SyscallResult.encode(r, v -> os.error().apply((int) -v)));
        }
        return replyOf(os, n);
    }

    private static Verdict replyOf(Conventions.Filtering os, SeccompListener.Notification n) {
        if (n.proceed()) return PROCEED;
        if (n.error() != 0) return new Verdict.Skip(os.error().apply(-n.error()));
        return new Verdict.Skip(SyscallResult.of(n.value()));
    }

    static final int NOTIF_RECV = 0xc0502100, NOTIF_SEND = 0xc0182101, NOTIF_ID_VALID = 0x40082102,
            NOTIF_ID_VALID_WRONG_DIR = 0x80082102, NOTIF_ADDFD = 0x40182103, NOTIF_SET_FLAGS = 0x40082104;
    static final int USER_NOTIF_FLAG_CONTINUE = 1, ADDFD_FLAG_SETFD = 1, ADDFD_FLAG_SEND = 2, FD_SYNC_WAKE_UP = 1;

    /** The listener's ioctls, as Linux's seccomp_notify_ioctl. */
    static long listenerIoctl(SeccompListener l, int request, long arg) {
        switch (request) {
            case NOTIF_RECV -> {
                byte[] in = UserAccess.get(arg, 80);
                if (in == null) return Errno.EFAULT.negative();
                for (byte b : in) if (b != 0) return Errno.EINVAL.negative(); // the struct must come zeroed
                SeccompListener.Notification[] got = new SeccompListener.Notification[1];
                long r = PollOps.waitOn(-1, () -> {
                    got[0] = l.receive();
                    if (got[0] != null) return 1;
                    return l.hasUsers() ? 0 : Errno.ENOENT.negative();
                }, io.helctic.abi.KernelCode.ERESTARTSYS, l.waitQueue());
                if (r != 1) return r;
                SeccompListener.Notification n = got[0];
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(80).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.putLong(0, n.id).putInt(8, n.tid).put(16, n.data);
                if (!UserAccess.put(arg, b.array())) {
                    l.unreceive(n);
                    return Errno.EFAULT.negative();
                }
                return 0;
            }
            case NOTIF_SEND -> {
                byte[] in = UserAccess.get(arg, 24);
                if (in == null) return Errno.EFAULT.negative();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(in).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                long id = b.getLong(0), val = b.getLong(8);
                int error = b.getInt(16), flags = b.getInt(20);
                if ((flags & ~USER_NOTIF_FLAG_CONTINUE) != 0) return Errno.EINVAL.negative();
                boolean proceed = (flags & USER_NOTIF_FLAG_CONTINUE) != 0;
                if (proceed && (error != 0 || val != 0)) return Errno.EINVAL.negative();
                SeccompListener.Notification n = l.sent(id);
                if (n == null) return Errno.ENOENT.negative();
                l.reply(n, val, error, proceed);
                return 0;
            }
            case NOTIF_ID_VALID, NOTIF_ID_VALID_WRONG_DIR -> {
                long[] id = UserAccess.getLongs(arg, 1);
                if (id == null) return Errno.EFAULT.negative();
                return l.valid(id[0]) ? 0 : Errno.ENOENT.negative();
            }
            case NOTIF_ADDFD -> {
                byte[] in = UserAccess.get(arg, 24);
                if (in == null) return Errno.EFAULT.negative();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(in).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                long id = b.getLong(0);
                int flags = b.getInt(8), srcfd = b.getInt(12), newfd = b.getInt(16), newfdFlags = b.getInt(20);
                if ((newfdFlags & ~io.helctic.abi.uapi.Fcntl.O_CLOEXEC) != 0) return Errno.EINVAL.negative();
                if ((flags & ~(ADDFD_FLAG_SETFD | ADDFD_FLAG_SEND)) != 0) return Errno.EINVAL.negative();
                if (newfd != 0 && (flags & ADDFD_FLAG_SETFD) == 0) return Errno.EINVAL.negative();
                io.helctic.kernel.scheme.Handle h = Context.current().files().get(srcfd & 0xffffffffL);
                if (h == null) return Errno.EBADF.negative();
                SeccompListener.Notification n = l.sent(id);
                if (n == null) return l.unreceived(id) ? Errno.EINPROGRESS.negative() : Errno.ENOENT.negative();
                boolean cloexec = (newfdFlags & io.helctic.abi.uapi.Fcntl.O_CLOEXEC) != 0;
                long fd = (flags & ADDFD_FLAG_SETFD) != 0 ? n.files.installAt(h, newfd, cloexec) : n.files.install(h, 0, cloexec);
                if (fd >= 0 && (flags & ADDFD_FLAG_SEND) != 0) l.reply(n, fd, 0, false);
                return fd;
            }
            case NOTIF_SET_FLAGS -> {
                if ((arg & ~(long) FD_SYNC_WAKE_UP) != 0) return Errno.EINVAL.negative();
                l.setSyncWakeUp(arg != 0);
                return 0;
            }
            default -> {
                return Errno.EINVAL.negative();
            }
        }
    }

    /** Whether the thread is its process's last (a thread-only kill then ends the process). */
    private static boolean lastThread(Context ctx) {
        return ctx.process().threads().size() <= 1;
    }

    /** seccomp(operation, flags, uargs), as Linux's do_seccomp. */
    static long seccomp(long operation, long flags, long uargs) {
        return switch ((int) operation) {
            case SECCOMP_SET_MODE_STRICT -> flags != 0 || uargs != 0 ? Errno.EINVAL.negative() : setStrict();
            case SECCOMP_SET_MODE_FILTER -> setFilter(flags, uargs);
            case SECCOMP_GET_ACTION_AVAIL -> flags != 0 ? Errno.EINVAL.negative() : actionAvail(uargs);
            case SECCOMP_GET_NOTIF_SIZES -> {
                if (flags != 0) yield Errno.EINVAL.negative();
                // struct seccomp_notif_sizes {u16 seccomp_notif, seccomp_notif_resp, seccomp_data}
                yield UserAccess.put(uargs, new byte[] {80, 0, 24, 0, DATA_SIZE, 0}) ? 0 : Errno.EFAULT.negative();
            }
            default -> Errno.EINVAL.negative();
        };
    }

    /** prctl(PR_SET_SECCOMP, mode, filter): strict ignores the filter; no flags. */
    static long prctlSet(long mode, long filter) {
        return switch ((int) mode) {
            case SECCOMP_MODE_STRICT -> seccomp(SECCOMP_SET_MODE_STRICT, 0, 0);
            case SECCOMP_MODE_FILTER -> seccomp(SECCOMP_SET_MODE_FILTER, 0, filter);
            default -> Errno.EINVAL.negative();
        };
    }

    /** prctl(PR_GET_SECCOMP): the mode (a strict thread never gets here: prctl kills it). */
    static long prctlGet() {
        return Context.current().seccomp().mode();
    }

    private static long setStrict() {
        Context ctx = Context.current();
        Seccomp sc = ctx.seccomp();
        if (sc.mode() != SECCOMP_MODE_DISABLED && sc.mode() != SECCOMP_MODE_STRICT) return Errno.EINVAL.negative();
        ctx.setSeccomp(new Seccomp(SECCOMP_MODE_STRICT, null));
        return 0;
    }

    private static long actionAvail(long uargs) {
        byte[] a = UserAccess.get(uargs, 4);
        if (a == null) return Errno.EFAULT.negative();
        int action = java.nio.ByteBuffer.wrap(a).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
        return switch (action) {
            case SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
                 SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW -> 0;
            default -> Errno.EOPNOTSUPP.negative();
        };
    }

    /** seccomp_set_mode_filter, its checks in Linux's order. */
    private static long setFilter(long flags, long uargs) {
        if ((flags & ~(long) FILTER_FLAGS) != 0) return Errno.EINVAL.negative();
        if ((flags & SECCOMP_FILTER_FLAG_TSYNC) != 0 && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0
                && (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) == 0) {
            return Errno.EINVAL.negative();
        }
        if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) != 0 && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) == 0) {
            return Errno.EINVAL.negative();
        }
        // struct sock_fprog {unsigned short len; struct sock_filter *filter;}
        long[] prog = UserAccess.getLongs(uargs, 2);
        if (prog == null) return Errno.EFAULT.negative();
        int len = (int) (prog[0] & 0xffff);
        if (len == 0 || len > ClassicBpf.MAXINSNS) return Errno.EINVAL.negative();
        Context ctx = Context.current();
        if (!ctx.process().noNewPrivs() && !ctx.process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN)) {
            return Errno.EACCES.negative();
        }
        byte[] insns = UserAccess.get(prog[1], len * 8);
        if (insns == null) return Errno.EFAULT.negative();
        Object checked = ClassicBpf.check(insns, DATA_SIZE);
        if (checked instanceof Errno e) return e.negative();
        boolean listen = (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0;
        SeccompListener listener = listen ? new SeccompListener((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) != 0) : null;
        long listenerFd = 0;
        if (listen) {
            listenerFd = ctx.files().install(listener, 0, true);
            if (listenerFd < 0) return listenerFd;
        }
        long r = attach(ctx, flags, (ClassicBpf) checked, listener);
        if (r != 0 && listen) ctx.files().close(listenerFd);
        return r != 0 ? r : listen ? listenerFd : 0;
    }

    private static long attach(Context ctx, long flags, ClassicBpf program, SeccompListener listener) {
        synchronized (ctx.process()) { // Linux's siglock: one installer at a time per thread group
            Seccomp sc = ctx.seccomp();
            if (sc.mode() != SECCOMP_MODE_DISABLED && sc.mode() != SECCOMP_MODE_FILTER) return Errno.EINVAL.negative();
            if (listener != null && sc.hasListener()) return Errno.EBUSY.negative();
            Seccomp.Filter f = new Seccomp.Filter(program, (flags & SECCOMP_FILTER_FLAG_LOG) != 0, sc.top(), listener);
            if (f.pathInstructions() - 4 > MAX_INSNS_PER_PATH) return Errno.ENOMEM.negative();
            if ((flags & SECCOMP_FILTER_FLAG_TSYNC) != 0) {
                for (Context t : ctx.process().threads()) {
                    if (t == ctx || t.finished()) continue;
                    Seccomp o = t.seccomp();
                    boolean ok = o.mode() == SECCOMP_MODE_DISABLED
                            || (o.mode() == SECCOMP_MODE_FILTER && (sc.top() == null ? o.top() == null : sc.top().hasAncestor(o.top())));
                    if (!ok) return (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) != 0 ? Errno.ESRCH.negative() : t.tid();
                }
                Seccomp next = new Seccomp(SECCOMP_MODE_FILTER, f);
                for (Context t : ctx.process().threads()) if (!t.finished()) t.setSeccomp(next);
            }
            ctx.setSeccomp(new Seccomp(SECCOMP_MODE_FILTER, f));
        }
        return 0;
    }
}
