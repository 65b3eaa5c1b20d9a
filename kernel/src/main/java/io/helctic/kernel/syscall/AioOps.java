package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Aio.*;
import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_APPEND;
import static io.helctic.abi.uapi.Fcntl.O_RDONLY;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Fs.*;
import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.kernel.aio.Aio;
import io.helctic.kernel.aio.AioContext;
import io.helctic.kernel.aio.AioPoll;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.EventFd;
import io.helctic.kernel.scheme.Handle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Linux's native AIO (fs/aio.c): io_setup, io_destroy, io_submit, io_cancel, io_getevents and
 * io_pgetevents over {@link AioContext}s. Reads and writes run at submission on the submitting
 * thread, as Linux runs them for buffered files, pipes and sockets (a read of an empty pipe blocks
 * io_submit; a signal that ends it gives the event -EINTR); FSYNC and FDSYNC run on the kernel's
 * AIO worker; POLL waits on the file's wait queue and is the request io_cancel can cancel.
 */
final class AioOps {
    private final Aio aio;

    AioOps(Aio aio) {
        this.aio = aio;
    }

    /** io_setup: *ctxp must be 0 (EINVAL), nr_events not 0. */
    long setup(long nrEvents, long ctxp) {
        long[] cur = UserAccess.getLongs(ctxp, 1);
        if (cur == null) return Errno.EFAULT.negative();
        if (cur[0] != 0 || (nrEvents & 0xffffffffL) == 0) return Errno.EINVAL.negative();
        AioContext.Created c = AioContext.create(aio, UserAccess.space(), nrEvents);
        if (c.context() == null) return c.errno();
        if (!UserAccess.putLongs(ctxp, c.context().userId())) {
            c.context().kill(true);
            c.context().awaitIdle();
            return Errno.EFAULT.negative();
        }
        return 0;
    }

    /** lookup_ioctx: the ring's id is read where the context says the ring is; null for none (EINVAL). */
    private AioContext lookup(long ctxId) {
        byte[] id = UserAccess.get(ctxId, 4);
        if (id == null) return null;
        long v = ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        return aio.lookup(UserAccess.space(), v, ctxId);
    }

    /** io_destroy: waits, uninterruptibly, for the requests still in flight. */
    long destroy(long ctxId) {
        AioContext c = lookup(ctxId);
        if (c == null || !c.kill(true)) return Errno.EINVAL.negative();
        c.awaitIdle();
        return 0;
    }

    long submit(long ctxId, long nr, long iocbpp) {
        if (nr < 0) return Errno.EINVAL.negative();
        AioContext c = lookup(ctxId);
        if (c == null) return Errno.EINVAL.negative();
        nr = Math.min(nr, c.nrEvents());
        long ret = 0;
        int i;
        for (i = 0; i < nr; i++) {
            long[] p = UserAccess.getLongs(iocbpp + 8L * i, 1);
            if (p == null) {
                ret = Errno.EFAULT.negative();
                break;
            }
            ret = submitOne(c, p[0]);
            if (ret != 0) break;
        }
        return i > 0 ? i : ret;
    }

    /** io_submit_one, in Linux's order of checks. */
    private static long submitOne(AioContext c, long user) {
        byte[] raw = UserAccess.get(user, IOCB_SIZE);
        if (raw == null) return Errno.EFAULT.negative();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long data = b.getLong(0);
        int rwFlags = b.getInt(12);
        int opcode = b.getShort(16) & 0xffff;
        short reqprio = b.getShort(18);
        long fd = b.getInt(20) & 0xffffffffL;
        long buf = b.getLong(24), nbytes = b.getLong(32), offset = b.getLong(40), reserved2 = b.getLong(48);
        int flags = b.getInt(56);
        long resfd = b.getInt(60) & 0xffffffffL;
        if (reserved2 != 0 || nbytes < 0) return Errno.EINVAL.negative();
        AioContext.Request req = c.newRequest(user, data);
        if (req == null) return Errno.EAGAIN.negative();
        long err = start(req, user, fd, flags, resfd, opcode, rwFlags, reqprio, buf, nbytes, offset);
        if (err != 0) req.fail();
        return err;
    }

    /** __io_submit_one: the files, the key, then the operation. */
    private static long start(AioContext.Request req, long user, long fd, int flags, long resfd, int opcode, int rwFlags,
                              short reqprio, long buf, long nbytes, long offset) {
        FileTable files = Context.current().files();
        FileTable.Descriptions held = files.descriptions();
        Handle h = files.get(fd);
        if (h == null || h instanceof PathOps.PathHandle) return Errno.EBADF.negative();
        held.retain(h);
        Handle[] eventfd = {null};
        req.onRelease(() -> {
            held.release(h);
            if (eventfd[0] != null) held.release(eventfd[0]);
        });
        if ((flags & IOCB_FLAG_RESFD) != 0) {
            Handle e = files.get(resfd);
            if (e == null) return Errno.EBADF.negative();
            if (!(e instanceof EventFd ev)) return Errno.EINVAL.negative();
            held.retain(e);
            eventfd[0] = e;
            req.signalling(ev);
        }
        if (!UserAccess.put(user + 8, new byte[4])) return Errno.EFAULT.negative(); // aio_key = KIOCB_KEY
        return switch (opcode) {
            case IOCB_CMD_PREAD -> rw(req, h, false, false, flags, reqprio, rwFlags, buf, nbytes, offset);
            case IOCB_CMD_PWRITE -> rw(req, h, true, false, flags, reqprio, rwFlags, buf, nbytes, offset);
            case IOCB_CMD_PREADV -> rw(req, h, false, true, flags, reqprio, rwFlags, buf, nbytes, offset);
            case IOCB_CMD_PWRITEV -> rw(req, h, true, true, flags, reqprio, rwFlags, buf, nbytes, offset);
            case IOCB_CMD_FSYNC, IOCB_CMD_FDSYNC -> {
                if (buf != 0 || offset != 0 || nbytes != 0 || rwFlags != 0 || !h.canFsync()) {
                    yield Errno.EINVAL.negative();
                }
                AioPoll.later(() -> req.complete(h.sync(), 0));
                yield 0;
            }
            case IOCB_CMD_POLL -> {
                if ((buf & 0xffff) != buf || offset != 0 || nbytes != 0 || rwFlags != 0) yield Errno.EINVAL.negative();
                yield AioPoll.start(req, h, (int) buf | POLLERR | POLLHUP);
            }
            default -> Errno.EINVAL.negative(); // IOCB_CMD_NOOP included, as Linux
        };
    }

    /** aio_read / aio_write: checks in Linux's order, then the transfer, whose result is the event's. */
    private static long rw(AioContext.Request req, Handle h, boolean write, boolean vectored, int flags, short reqprio,
                           int rwFlags, long buf, long nbytes, long offset) {
        if ((flags & IOCB_FLAG_IOPRIO) != 0) {
            long e = ioprio(reqprio);
            if (e != 0) return e;
        }
        long e = rwFlagsAllowed(h, rwFlags, write);
        if (e != 0) return e;
        int acc = h.statusFlags() & O_ACCMODE;
        if (write ? acc == O_RDONLY : acc == O_WRONLY) return Errno.EBADF.negative();
        if (!hasIter(h, write)) return Errno.EINVAL.negative();
        long[] v;
        long total = 0;
        if (!vectored) {
            v = new long[] {buf, Math.min(nbytes, FileOps.MAX_RW)}; // import_ubuf: clamped, then access_ok
            if (!UserAccess.writable(buf, v[1])) return Errno.EFAULT.negative();
            total = v[1];
        } else {
            if (nbytes > UIO_MAXIOV) return Errno.EINVAL.negative();
            v = nbytes == 0 ? new long[0] : UserAccess.getLongs(buf, 2 * (int) nbytes);
            if (v == null) return Errno.EFAULT.negative();
            for (int i = 0; i < nbytes; i++) {
                if (v[2 * i + 1] < 0) return Errno.EINVAL.negative();
            }
            for (int i = 0; i < nbytes; i++) {
                if (!UserAccess.writable(v[2 * i], v[2 * i + 1])) return Errno.EFAULT.negative();
                v[2 * i + 1] = Math.min(v[2 * i + 1], FileOps.MAX_RW - total);
                total += v[2 * i + 1];
            }
        }
        // rw_verify_area
        if (offset < 0 || offset + total < 0) return Errno.EINVAL.negative();
        req.complete(transfer(h, write, v, (int) (v.length / 2), total, offset, rwFlags), 0);
        return 0;
    }

    private static long transfer(Handle h, boolean write, long[] v, int n, long total, long offset, int rwFlags) {
        if ((rwFlags & RWF_NOWAIT) != 0 && h.waitQueue() != null) {
            int want = write ? POLLOUT : POLLIN;
            if ((h.poll(want) & (want | POLLHUP | POLLERR)) == 0) return Errno.EAGAIN.negative();
        }
        Handle.Stat st = h.stat();
        int type = st == null ? 0 : st.type();
        boolean positional = type == Handle.S_IFREG || type == Handle.S_IFBLK;
        boolean append = write && type == Handle.S_IFREG && ((rwFlags & RWF_APPEND) != 0
                || ((h.statusFlags() & O_APPEND) != 0 && (rwFlags & RWF_NOAPPEND) == 0));
        long r;
        if (append) {
            r = TransferOps.transfer(h, v, n, total, -1, true, true);
        } else {
            r = TransferOps.transfer(h, v, n, total, positional ? offset : -1, false, write);
            if (positional && r == Errno.ESPIPE.negative()) r = TransferOps.transfer(h, v, n, total, -1, false, write);
        }
        if (write && r > 0 && (rwFlags & (RWF_DSYNC | RWF_SYNC)) != 0) {
            long synced = h.sync(); // a synchronous write: on stable storage before it completes
            if (synced < 0) return synced;
        }
        if (r == KernelCode.ERESTARTSYS.negative() || r == KernelCode.ERESTARTNOINTR.negative()
                || r == KernelCode.ERESTARTNOHAND.negative() || r == KernelCode.ERESTART_RESTARTBLOCK.negative()) {
            return Errno.EINTR.negative(); // no restarting one request among others: EINTR, as aio_rw_done
        }
        return write && (rwFlags & RWF_NOSIGNAL) == 0 ? FileOps.epipe(r) : r;
    }

    /** Whether the file has read_iter (write_iter): Linux's aio refuses the others with EINVAL. */
    private static boolean hasIter(Handle h, boolean write) {
        Handle.Stat st = h.stat();
        if (st != null && st.isDirectory()) return false;
        if (h instanceof io.helctic.kernel.scheme.Epoll || h instanceof io.helctic.kernel.scheme.TimerFd
                || h instanceof io.helctic.kernel.scheme.Inotify || h instanceof io.helctic.kernel.scheme.PidFd) {
            return false;
        }
        return !(write && (h instanceof EventFd || h instanceof io.helctic.kernel.scheme.SignalFd));
    }

    /** kiocb_set_rw_flags: the RWF_* a request may carry. */
    private static long rwFlagsAllowed(Handle h, int rwFlags, boolean write) {
        if (rwFlags == 0) return 0;
        int supported = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND | RWF_ATOMIC
                | RWF_DONTCACHE | RWF_NOSIGNAL;
        if ((rwFlags & ~supported) != 0) return Errno.EOPNOTSUPP.negative();
        if ((rwFlags & RWF_APPEND) != 0 && (rwFlags & RWF_NOAPPEND) != 0) return Errno.EINVAL.negative();
        if ((rwFlags & RWF_ATOMIC) != 0) return Errno.EOPNOTSUPP.negative(); // no file here can write atomically
        if ((rwFlags & RWF_DONTCACHE) != 0) {
            Handle.Stat st = h.stat();
            if (st == null || st.type() != Handle.S_IFREG) return Errno.EOPNOTSUPP.negative();
        }
        return 0;
    }

    /** ioprio_check_cap for IOCB_FLAG_IOPRIO: a known class, level and (for RT) the capability. */
    private static long ioprio(short reqprio) {
        int ioprio = reqprio;
        int cls = (ioprio >> 13) & 7, level = ioprio & 7;
        switch (cls) {
            case 1 -> {
                io.helctic.kernel.context.Credentials cr = Context.current().process().credentials();
                if (!cr.capable(io.helctic.abi.uapi.Proc.CAP_SYS_NICE) && !cr.capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN)) {
                    return Errno.EPERM.negative();
                }
                return 0;
            }
            case 2, 3 -> { return 0; }
            case 0 -> { return level != 0 ? Errno.EINVAL.negative() : 0; }
            default -> { return Errno.EINVAL.negative(); }
        }
    }

    /** io_cancel: only a POLL still waiting can be cancelled; its event then comes through the ring. */
    long cancel(long ctxId, long iocb, long result) {
        byte[] key = UserAccess.get(iocb + 8, 4);
        if (key == null) return Errno.EFAULT.negative();
        if ((key[0] | key[1] | key[2] | key[3]) != 0) return Errno.EINVAL.negative();
        AioContext c = lookup(ctxId);
        if (c == null) return Errno.EINVAL.negative();
        return c.cancel(iocb) ? Errno.EINPROGRESS.negative() : Errno.EINVAL.negative();
    }

    /** io_getevents: a wait that a signal ends with no event is EINTR (never restarted). */
    long getevents(long ctxId, long minNr, long nr, long events, long timeout) {
        long ns = timeout == 0 ? -1 : timeout(timeout);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        long r = wait(ctxId, minNr, nr, events, ns);
        return r == 0 && signalled(Context.current()) ? Errno.EINTR.negative() : r;
    }

    /**
     * io_pgetevents: the same under the mask of the struct __aio_sigset at usig; a signal that ends a
     * wait with no event is ERESTARTNOHAND, its handler running under that mask.
     */
    long pgetevents(long ctxId, long minNr, long nr, long events, long timeout, long usig) {
        long ns = timeout == 0 ? -1 : timeout(timeout);
        if (ns == Long.MIN_VALUE) return Errno.EFAULT.negative();
        boolean masked = false;
        if (usig != 0) {
            long[] s = UserAccess.getLongs(usig, 2);
            if (s == null) return Errno.EFAULT.negative();
            if (s[0] != 0) {
                long bad = PollOps.suspend(s[0], s[1]);
                if (bad != 0) return bad;
                masked = true;
            }
        }
        Context ctx = Context.current();
        long r = wait(ctxId, minNr, nr, events, ns);
        boolean interrupted = signalled(ctx);
        if (masked && !interrupted) ctx.endSuspension(); // else the handler runs under it and its frame restores
        return interrupted && r == 0 ? KernelCode.ERESTARTNOHAND.negative() : r;
    }

    private static boolean signalled(Context ctx) {
        return (ctx.pending() & ~ctx.blocked()) != 0 || ctx.finished();
    }

    /** The relative timeout at ts in ns (not validated, as Linux's), 0 for none left, or MIN_VALUE for EFAULT. */
    private static long timeout(long ts) {
        long[] t = UserAccess.getLongs(ts, 2);
        if (t == null) return Long.MIN_VALUE;
        long ns;
        try {
            ns = Math.addExact(Math.multiplyExact(t[0], 1_000_000_000L), t[1]);
        } catch (ArithmeticException e) {
            ns = t[0] < 0 ? 0 : Long.MAX_VALUE;
        }
        return Math.max(0, ns);
    }

    /** read_events: at least min_nr events (or what came before the timeout or a signal), at most nr. */
    private long wait(long ctxId, long minNr, long nr, long events, long timeoutNs) {
        AioContext c = lookup(ctxId);
        if (c == null || minNr > nr || minNr < 0) return Errno.EINVAL.negative();
        long[] got = {0};
        java.util.function.BooleanSupplier step = () -> {
            long r = c.readEvents(events + got[0] * IO_EVENT_SIZE, nr - got[0], UserAccess::put);
            if (r > 0) got[0] += r;
            if (c.dead()) r = Errno.EINVAL.negative();
            if (got[0] == 0) got[0] = r;
            return r < 0 || got[0] >= minNr;
        };
        if (step.getAsBoolean() || timeoutNs == 0) return got[0];
        PollOps.waitOn(timeoutNs, () -> step.getAsBoolean() ? 1 : 0, KernelCode.ERESTARTSYS, c.queue());
        return got[0];
    }
}
