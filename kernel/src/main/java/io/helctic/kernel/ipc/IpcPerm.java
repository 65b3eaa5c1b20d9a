package io.helctic.kernel.ipc;

import io.helctic.abi.Struct;
import java.nio.ByteBuffer;

/**
 * A System V object's struct ipc64_perm: its key, owner and creator, and mode (the low nine bits
 * are permissions; shared memory keeps SHM_DEST there too).
 */
public final class IpcPerm {
    volatile int key;
    volatile int uid, gid, mode;
    final int cuid, cgid, seq;

    IpcPerm(int key, int uid, int gid, int mode, int seq) {
        this.key = key;
        this.uid = this.cuid = uid;
        this.gid = this.cgid = gid;
        this.mode = mode & 0777;
        this.seq = seq;
    }

    /**
     * Linux's ipcperms: whether a caller with these credentials may have the access the low nine
     * bits of flag ask for — the owner's or creator's bits, then the groups' (in_group_p), then
     * the others'; CAP_IPC_OWNER grants anything.
     */
    public boolean permits(io.helctic.kernel.context.Credentials c, int flag) {
        int requested = (flag >> 6) | (flag >> 3) | flag;
        int granted = mode;
        if (c.euid() == uid || c.euid() == cuid) granted >>= 6;
        else if (c.inGroup(cgid) || c.inGroup(gid)) granted >>= 3;
        return (requested & ~granted & 07) == 0 || c.capable(io.helctic.abi.uapi.Proc.CAP_IPC_OWNER);
    }

    /** Linux's ipcctl_obtain_check: whether the caller may change or remove the object (owner, creator, CAP_SYS_ADMIN). */
    public boolean owns(io.helctic.kernel.context.Credentials c) {
        return c.euid() == uid || c.euid() == cuid || c.capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN);
    }

    /** Whether the caller's effective uid is the object's owner or creator. */
    public boolean ownerOrCreator(io.helctic.kernel.context.Credentials c) {
        return c.euid() == uid || c.euid() == cuid;
    }

    /** A POSIX queue's inode permission (generic_permission on its mode, owner and group). */
    public boolean mayAccess(io.helctic.kernel.context.Credentials c, int mask) {
        return c.may(uid, gid, mode, false, mask);
    }

    /**
     * mq_unlink in the sticky /dev/mqueue (Linux's may_delete, check_sticky): the queue's owner, the
     * directory's (root) or CAP_FOWNER.
     */
    public boolean mayUnlink(io.helctic.kernel.context.Credentials c) {
        return c.fsuid() == uid || c.fsuid() == 0 || c.capable(io.helctic.abi.uapi.Proc.CAP_FOWNER);
    }

    void put(ByteBuffer b, Struct.Layout l, String prefix) {
        l.put(b, prefix + ".key", key);
        l.put(b, prefix + ".uid", uid);
        l.put(b, prefix + ".gid", gid);
        l.put(b, prefix + ".cuid", cuid);
        l.put(b, prefix + ".cgid", cgid);
        l.put(b, prefix + ".mode", mode);
        l.put(b, prefix + ".seq", seq);
    }

    /** IPC_SET: the owner and the permission bits from a caller's structure. */
    void set(ByteBuffer b, Struct.Layout l, String prefix) {
        uid = (int) l.get(b, prefix + ".uid");
        gid = (int) l.get(b, prefix + ".gid");
        mode = (mode & ~0777) | ((int) l.get(b, prefix + ".mode") & 0777);
    }
}
