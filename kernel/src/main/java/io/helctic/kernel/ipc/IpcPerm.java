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

    /** Linux's ipcperms: whether a caller with these ids may have the access the low nine bits of flag ask for. */
    public boolean permits(int euid, int egid, int flag) {
        if (euid == 0) return true; // CAP_IPC_OWNER
        int requested = (flag >> 6) | (flag >> 3) | flag;
        int granted = mode;
        if (euid == uid || euid == cuid) granted >>= 6;
        else if (egid == gid || egid == cgid) granted >>= 3;
        return (requested & ~granted & 07) == 0;
    }

    /** Whether the caller may change or remove the object (its owner, creator or root). */
    public boolean owns(int euid) {
        return euid == 0 || euid == uid || euid == cuid;
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
