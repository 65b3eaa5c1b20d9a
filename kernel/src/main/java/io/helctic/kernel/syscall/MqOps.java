package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.O_NONBLOCK;
import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_RDONLY;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Ipc.MQ_PRIO_MAX;
import static io.helctic.abi.uapi.Ipc.SIGEVENT_SIZE;
import static io.helctic.abi.uapi.Proc.RLIMIT_MSGQUEUE;
import static io.helctic.abi.uapi.Signal.NSIG;
import static io.helctic.abi.uapi.Time.SIGEV_NONE;
import static io.helctic.abi.uapi.Time.SIGEV_SIGNAL;
import static io.helctic.abi.uapi.Time.SIGEV_THREAD;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.uapi.Fs;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.ipc.MqFile;
import io.helctic.kernel.ipc.PosixQueue;
import io.helctic.kernel.ipc.PosixQueues;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * POSIX message queues (mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify,
 * mq_getsetattr) in Linux's order of checks. Names come without glibc's leading '/'. A send or
 * receive's deadline is absolute CLOCK_REALTIME nanoseconds (-1: none) — the personality read and
 * checked the timespec first, as Linux does before anything else; a wait ends with ERESTARTSYS for
 * a signal (restarted with SA_RESTART, the same deadline). The queues live in {@link PosixQueues}.
 */
final class MqOps {
    /** sizeof(struct mq_attr). */
    private static final int ATTR_SIZE = 64;

    private final PosixQueues queues;
    private final Spawner spawner;

    MqOps(PosixQueues queues, Spawner spawner) {
        this.queues = queues;
        this.spawner = spawner;
    }

    private static Process process() {
        return Context.current().process();
    }

    /** getname: EFAULT, ENAMETOOLONG past PATH_MAX, ENOENT for ""; the name as a String or -errno in r. */
    private static Result<String> name(long va) {
        Result<String> n = UserAccess.string(va, Fs.PATH_MAX);
        if (n.failed()) return n;
        return n.value().isEmpty() ? Result.err(Errno.ENOENT) : n;
    }

    long mqOpen(long nameVa, long oflagArg, long mode, long attrVa) {
        int oflag = (int) oflagArg;
        long[] attr = null;
        if (attrVa != 0) {
            attr = UserAccess.getLongs(attrVa, ATTR_SIZE / 8);
            if (attr == null) return Errno.EFAULT.negative();
        }
        Result<String> n = name(nameVa);
        if (n.failed()) return n.negative();
        int looked = PosixQueues.lookup(n.value());
        if (looked < 0) return looked;
        Process p = process();
        PosixQueues.Opened o = queues.open(n.value(), oflag, (int) mode & 0777 & ~p.umask(),
                attr == null ? null : new long[] {attr[1], attr[2]}, p.credentials(), p.limit(RLIMIT_MSGQUEUE)[0]);
        if (o.error() < 0) return o.error();
        MqFile f = new MqFile(o.queue(), oflag);
        long fd = p.files().install(f, 0, true); // Linux's mq_open always sets close-on-exec
        if (fd < 0) {
            if (o.created()) queues.unlink(n.value(), p.credentials());
            f.close();
        }
        return fd;
    }

    long mqUnlink(long nameVa) {
        Result<String> n = name(nameVa);
        if (n.failed()) return n.negative();
        int looked = PosixQueues.lookup(n.value());
        return looked < 0 ? looked : queues.unlink(n.value(), process().credentials());
    }

    /** The queue a descriptor holds, or null (EBADF). */
    private static MqFile file(long fd) {
        return Context.current().files().get(fd) instanceof MqFile f ? f : null;
    }

    /** Nanoseconds left until an absolute CLOCK_REALTIME deadline (-1: none, never negative otherwise). */
    private static long left(long deadline) {
        if (deadline < 0) return -1;
        Instant t = Instant.now();
        long now = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return Math.max(0, deadline - now);
    }

    /** mq_timedsend: prio (unsigned) below MQ_PRIO_MAX, a descriptor open for writing, len ≤ msgsize. */
    long mqSend(long fd, long text, long len, long prioArg, long deadline) {
        long prio = prioArg & 0xffffffffL;
        if (prio >= MQ_PRIO_MAX) return Errno.EINVAL.negative();
        MqFile f = file(fd);
        if (f == null || (f.statusFlags() & O_ACCMODE) == O_RDONLY) return Errno.EBADF.negative();
        PosixQueue q = f.queue();
        if (Long.compareUnsigned(len, q.msgsize()) > 0) return Errno.EMSGSIZE.negative();
        byte[] bytes = UserAccess.get(text, (int) len);
        if (bytes == null) return Errno.EFAULT.negative();
        PosixQueue.Message m = new PosixQueue.Message((int) prio, bytes);
        PosixQueue.Fire[] fire = new PosixQueue.Fire[1];
        long r;
        if (q.trySend(m, fire)) r = 1;
        else if (f.nonblocking()) return Errno.EAGAIN.negative();
        else r = PollOps.waitOn(left(deadline), () -> q.trySend(m, fire) ? 1 : 0, KernelCode.ERESTARTSYS, q.changed);
        if (r == 0) return Errno.ETIMEDOUT.negative();
        if (r != 1) return r;
        if (fire[0] != null && !fire[0].owner().zombie()) {
            Process me = process();
            Delivery.send(fire[0].owner(), null,
                    SignalInfo.mesgq(fire[0].signo(), me.pid(), me.uid(), fire[0].value()), spawner);
        }
        return 0;
    }

    /** mq_timedreceive: the message's length; the message is taken even when storing it faults (EFAULT). */
    long mqReceive(long fd, long buf, long len, long prioVa, long deadline) {
        MqFile f = file(fd);
        if (f == null || (f.statusFlags() & O_ACCMODE) == O_WRONLY) return Errno.EBADF.negative();
        PosixQueue q = f.queue();
        if (Long.compareUnsigned(len, q.msgsize()) < 0) return Errno.EMSGSIZE.negative();
        PosixQueue.Message[] got = {q.tryReceive()};
        if (got[0] == null) {
            if (f.nonblocking()) return Errno.EAGAIN.negative();
            q.receiverWaits(1);
            long r;
            try {
                r = PollOps.waitOn(left(deadline), () -> (got[0] = q.tryReceive()) != null ? 1 : 0,
                        KernelCode.ERESTARTSYS, q.changed);
            } finally {
                q.receiverWaits(-1);
            }
            if (r == 0) return Errno.ETIMEDOUT.negative();
            if (r != 1) return r;
        }
        PosixQueue.Message m = got[0];
        if (prioVa != 0 && !UserAccess.put(prioVa, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(m.priority()).array())) {
            return Errno.EFAULT.negative();
        }
        return UserAccess.put(buf, m.text()) ? m.text().length : Errno.EFAULT.negative();
    }

    /**
     * mq_notify: the sigevent first (EFAULT, EINVAL; SIGEV_THREAD names a netlink socket, and no
     * descriptor here is one: EBADF or ENOTSOCK), then the descriptor (EBADF), then EBUSY.
     */
    long mqNotify(long fd, long sevp) {
        PosixQueue.Notification n = null;
        Process me = process();
        if (sevp != 0) {
            byte[] raw = UserAccess.get(sevp, SIGEVENT_SIZE);
            if (raw == null) return Errno.EFAULT.negative();
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            long value = b.getLong(0);
            int signo = b.getInt(8), notify = b.getInt(12);
            if (notify != SIGEV_NONE && notify != SIGEV_SIGNAL && notify != SIGEV_THREAD) return Errno.EINVAL.negative();
            if (notify == SIGEV_SIGNAL && (signo < 0 || signo > NSIG)) return Errno.EINVAL.negative();
            if (notify == SIGEV_THREAD) {
                if (UserAccess.get(value, 32) == null) return Errno.EFAULT.negative(); // NOTIFY_COOKIE_LEN
                Handle sock = Context.current().files().get(signo);
                return sock == null ? Errno.EBADF.negative() : Errno.ENOTSOCK.negative();
            }
            n = new PosixQueue.Notification(me, notify, signo, value);
        }
        MqFile f = file(fd);
        if (f == null) return Errno.EBADF.negative();
        return f.queue().notify(me, n);
    }

    /** mq_getsetattr: only O_NONBLOCK may be set (EINVAL for any other bit, before the descriptor). */
    long mqGetsetattr(long fd, long newVa, long oldVa) {
        long[] next = null;
        if (newVa != 0) {
            next = UserAccess.getLongs(newVa, ATTR_SIZE / 8);
            if (next == null) return Errno.EFAULT.negative();
            if ((next[0] & ~(long) O_NONBLOCK) != 0) return Errno.EINVAL.negative();
        }
        MqFile f = file(fd);
        if (f == null) return Errno.EBADF.negative();
        long[] old = f.queue().attr(f.statusFlags() & O_NONBLOCK);
        if (next != null) f.setNonblocking((next[0] & O_NONBLOCK) != 0);
        if (oldVa != 0 && !UserAccess.putLongs(oldVa, old)) return Errno.EFAULT.negative();
        return 0;
    }
}
