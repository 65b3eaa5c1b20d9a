package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Ipc.MSGMNB;
import static io.helctic.abi.uapi.Ipc.MSG_EXCEPT;
import static io.helctic.abi.uapi.Ipc.MSG_NOERROR;

import io.helctic.abi.Errno;
import io.helctic.abi.Isa;
import io.helctic.abi.Struct;
import io.helctic.kernel.scheme.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * A System V message queue: typed messages in arrival order, at most qbytes bytes (and as many
 * messages) at once. Senders and receivers that must wait retry each time it changes
 * ({@link #changed}); a removed queue answers EIDRM.
 */
public final class MessageQueue extends IpcObject {
    /** One message: its type and text. */
    public record Message(long type, byte[] text) {}

    private final IpcIds<MessageQueue> ids;
    private final List<Message> messages = new ArrayList<>();
    private long qbytes = MSGMNB, cbytes, stime, rtime;
    private int lspid, lrpid;
    private boolean removed;
    public final WaitQueue changed = new WaitQueue();

    MessageQueue(IpcIds<MessageQueue> ids, int id, IpcPerm perm) {
        super(id, perm);
        this.ids = ids;
    }

    public static IpcIds.Factory<MessageQueue> maker(IpcIds<MessageQueue> ids) {
        return (id, perm) -> new MessageQueue(ids, id, perm);
    }

    /** Queues the message: 0, 1 when it does not fit now, -EIDRM. */
    public synchronized int trySend(Message m, int pid) {
        if (removed) return (int) Errno.EIDRM.negative();
        if (m.text().length + cbytes > qbytes || 1 + messages.size() > qbytes) return 1;
        messages.add(m);
        cbytes += m.text().length;
        lspid = pid;
        stime = SysV.now();
        changed.wake(0);
        return 0;
    }

    /**
     * Takes the message msgrcv's msgtyp and flags select, of at most max bytes (MSG_NOERROR
     * truncates a longer one, otherwise -E2BIG leaves it queued): the {@link Message}, an
     * Integer -errno (E2BIG, EIDRM), or null when there is none.
     */
    public synchronized Object tryReceive(long msgtyp, int flags, long max, int pid) {
        if (removed) return (int) Errno.EIDRM.negative();
        int at = -1;
        for (int i = 0; i < messages.size(); i++) {
            long t = messages.get(i).type();
            if (msgtyp == 0 || (msgtyp > 0 && ((flags & MSG_EXCEPT) != 0 ? t != msgtyp : t == msgtyp))) {
                at = i;
                break;
            }
            if (msgtyp < 0 && t <= -msgtyp && (at < 0 || t < messages.get(at).type())) at = i;
        }
        if (at < 0) return null;
        Message m = messages.get(at);
        if (m.text().length > max && (flags & MSG_NOERROR) == 0) return (int) Errno.E2BIG.negative();
        messages.remove(at);
        cbytes -= m.text().length;
        lrpid = pid;
        rtime = SysV.now();
        changed.wake(0);
        return m;
    }

    /**
     * MSG_COPY: a copy of the message at position {@code index} (0 the first), left queued; an
     * Integer -errno (E2BIG when longer than max without MSG_NOERROR, EINVAL when MSG_NOERROR
     * would have to cut it: Linux's copy_msg refuses), or null when there is none.
     */
    public synchronized Object tryCopy(long index, int flags, long max) {
        if (removed) return (int) Errno.EIDRM.negative();
        if (index < 0 || index >= messages.size()) return null;
        Message m = messages.get((int) index);
        if (m.text().length > max) {
            return (flags & MSG_NOERROR) == 0 ? (int) Errno.E2BIG.negative() : (int) Errno.EINVAL.negative();
        }
        return m;
    }

    /** How many messages and bytes are queued (MSG_INFO). */
    public synchronized long[] usage() {
        return new long[] {messages.size(), cbytes};
    }

    public void remove() {
        synchronized (this) {
            removed = true;
            messages.clear();
        }
        ids.remove(this);
        changed.wake(0);
    }

    /** IPC_SET: the owner, the mode and msg_qbytes (0 < it; past MSGMNB needs privilege, which the caller checked). */
    public synchronized void set(byte[] ds) {
        qbytes = Struct.MSQID_DS.layout(Isa.X86_64).get(setFrom(ds, Struct.MSQID_DS, "msg_perm"), "msg_qbytes");
        changed.wake(0);
    }

    /** IPC_STAT: struct msqid64_ds. */
    public synchronized byte[] stat() {
        return statWith(Struct.MSQID_DS, "msg_perm", (l, b) -> {
            l.put(b, "msg_stime", stime);
            l.put(b, "msg_rtime", rtime);
            l.put(b, "msg_ctime", ctime);
            l.put(b, "msg_cbytes", cbytes);
            l.put(b, "msg_qnum", messages.size());
            l.put(b, "msg_qbytes", qbytes);
            l.put(b, "msg_lspid", lspid);
            l.put(b, "msg_lrpid", lrpid);
        });
    }
}
