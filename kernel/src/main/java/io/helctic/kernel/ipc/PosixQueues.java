package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Fcntl.O_ACCMODE;
import static io.helctic.abi.uapi.Fcntl.O_CREAT;
import static io.helctic.abi.uapi.Fcntl.O_EXCL;
import static io.helctic.abi.uapi.Fcntl.O_RDWR;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;
import static io.helctic.abi.uapi.Ipc.*;

import io.helctic.abi.Errno;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's POSIX message queues (one IPC namespace's mqueue filesystem): names to queues, the
 * count of queues that exist (named or still open; queues_max), and the bytes each user's queues
 * are charged against RLIMIT_MSGQUEUE, as Linux's mqueue_get_inode counts them. A caller with
 * The caller's credentials decide, with CAP_SYS_RESOURCE and the DAC capabilities as Linux's mqueue.
 */
public final class PosixQueues {
    /** sizeof(struct msg_msg) and sizeof(struct posix_msg_tree_node) on x86-64: what Linux charges per message. */
    private static final long MSG_MSG = 48, TREE_NODE = 48;

    private final Map<String, PosixQueue> names = new HashMap<>();
    private final Map<Integer, Long> userBytes = new HashMap<>();
    private int count;

    /** An open's outcome: the queue (and whether this call made it), or -errno. */
    public record Opened(PosixQueue queue, boolean created, int error) {}

    static long nowNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A name's lookup in the mqueue root: 0, EACCES ("", ".", "..", a '/') or ENAMETOOLONG. */
    public static int lookup(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            return (int) Errno.EACCES.negative();
        }
        return name.length() > MQ_NAME_MAX ? (int) Errno.ENAMETOOLONG.negative() : 0;
    }

    /**
     * mq_open after the name's lookup: an existing queue (EEXIST with O_CREAT|O_EXCL, EINVAL for
     * O_WRONLY|O_RDWR, EACCES by its mode) or a new one with {@code attr} (maxmsg, msgsize; null:
     * the defaults) and mode (umask applied): ENOENT without O_CREAT, ENOSPC past queues_max, EINVAL
     * for sizes out of range, EMFILE past the user's RLIMIT_MSGQUEUE ({@code rlimit} bytes).
     */
    public synchronized Opened open(String name, int oflag, int mode, long[] attr, io.helctic.kernel.context.Credentials c,
                                   long rlimit) {
        PosixQueue q = names.get(name);
        if (q != null) {
            if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return failed(Errno.EEXIST);
            int acc = oflag & O_ACCMODE;
            if (acc == (O_RDWR | O_WRONLY)) return failed(Errno.EINVAL);
            int mask = acc == O_RDWR ? 6 : acc == O_WRONLY ? 2 : 4;
            if (!q.perm.mayAccess(c, mask)) return failed(Errno.EACCES);
            q.opened();
            return new Opened(q, false, 0);
        }
        if ((oflag & O_CREAT) == 0) return failed(Errno.ENOENT);
        boolean privileged = c.capable(io.helctic.abi.uapi.Proc.CAP_SYS_RESOURCE);
        if (count >= MQ_QUEUES_MAX && !privileged) return failed(Errno.ENOSPC);
        long maxmsg = attr == null ? MQ_MSG_DEFAULT : attr[0], msgsize = attr == null ? MQ_MSGSIZE_DEFAULT : attr[1];
        if (maxmsg <= 0 || msgsize <= 0) return failed(Errno.EINVAL);
        if (privileged ? maxmsg > HARD_MSGMAX || msgsize > HARD_MSGSIZEMAX
                : maxmsg > MQ_MSG_MAX || msgsize > MQ_MSGSIZE_MAX) {
            return failed(Errno.EINVAL);
        }
        long bytes = maxmsg * msgsize + maxmsg * MSG_MSG + Math.min(maxmsg, MQ_PRIO_MAX) * TREE_NODE;
        long used = userBytes.getOrDefault(c.ruid(), 0L); // Linux's current_user(): the real uid's
        if (Long.compareUnsigned(used + bytes, rlimit) > 0) return failed(Errno.EMFILE);
        userBytes.put(c.ruid(), used + bytes);
        count++;
        q = new PosixQueue(this, new IpcPerm(0, c.fsuid(), c.fsgid(), mode, 0), maxmsg, msgsize, bytes);
        q.opened();
        names.put(name, q);
        return new Opened(q, true, 0);
    }

    private static Opened failed(Errno e) {
        return new Opened(null, false, (int) e.negative());
    }

    /** mq_unlink: ENOENT, or EPERM past the sticky /dev/mqueue (neither the queue's owner, nor root's, nor CAP_FOWNER). */
    public synchronized int unlink(String name, io.helctic.kernel.context.Credentials c) {
        PosixQueue q = names.get(name);
        if (q == null) return (int) Errno.ENOENT.negative();
        if (!q.perm.mayUnlink(c)) return (int) Errno.EPERM.negative();
        names.remove(name);
        if (q.unlinked()) gone(q);
        return 0;
    }

    /** A description of q closed (its last reference): the queue goes with its last description once unlinked. */
    synchronized void closed(PosixQueue q) {
        if (q.closed()) gone(q);
    }

    private void gone(PosixQueue q) {
        count--;
        userBytes.merge(q.perm.uid, -q.charged, Long::sum);
    }
}
