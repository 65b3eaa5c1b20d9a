package io.helctic.kernel.context;

import static io.helctic.abi.uapi.Proc.*;

/**
 * A process's credentials as Linux keeps them (struct cred): the real, effective, saved and
 * filesystem user and group ids, the supplementary groups, and the capability sets (inheritable,
 * permitted, effective, bounding) with the keep-capabilities flag (PR_SET_KEEPCAPS, Linux's
 * SECBIT_KEEP_CAPS). Immutable: a change makes a new one, which the process swaps in whole.
 * Linux's credentials are per thread and glibc makes set*id apply to every thread (SIGSETXID);
 * here they are per process, which is what a glibc program sees.
 */
public record Credentials(int ruid, int euid, int suid, int fsuid, int rgid, int egid, int sgid, int fsgid,
                          int[] groups, long inheritable, long permitted, long effective, long bounding,
                          boolean keepCaps) {
    /** Every capability this kernel knows (0..CAP_LAST_CAP). */
    public static final long ALL_CAPS = (1L << (CAP_LAST_CAP + 1)) - 1;
    /** Linux's CAP_FS_SET: what a change of fsuid from or to 0 drops or raises. */
    public static final long FS_CAPS = bit(CAP_CHOWN) | bit(CAP_MKNOD) | bit(CAP_DAC_OVERRIDE)
            | bit(CAP_DAC_READ_SEARCH) | bit(CAP_FOWNER) | bit(CAP_FSETID) | bit(CAP_MAC_OVERRIDE)
            | bit(CAP_LINUX_IMMUTABLE);

    public Credentials {
        groups = groups.clone();
    }

    public static long bit(int cap) {
        return 1L << cap;
    }

    /** The first process's: the host process's ids and capability sets, with its effective gid as its one group. */
    public static Credentials first(int uid, int euid, int gid, int egid, long inh, long prm, long eff, long bnd) {
        return new Credentials(uid, euid, euid, euid, gid, egid, egid, egid, new int[] {egid}, inh, prm, eff, bnd, false);
    }

    public boolean capable(int cap) {
        return (effective & bit(cap)) != 0;
    }

    /** Whether gid is the filesystem group or a supplementary one (Linux's in_group_p). */
    public boolean inGroup(int gid) {
        if (gid == fsgid) return true;
        for (int g : groups) if (g == gid) return true;
        return false;
    }

    /**
     * Linux's generic_permission for a file of this owner, group and mode: whether these
     * credentials' filesystem ids may {@code mask} (4 read, 2 write, 1 execute or search) it —
     * the owner's, the group's or the others' bits, then CAP_DAC_READ_SEARCH (reading, and
     * searching a directory) and CAP_DAC_OVERRIDE (anything, but executing a file needs some x bit).
     */
    public boolean may(int ownerUid, int ownerGid, int mode, boolean directory, int mask) {
        if (mask == 0) return true;
        int bits = fsuid == ownerUid ? mode >> 6 : inGroup(ownerGid) ? mode >> 3 : mode;
        if ((mask & ~bits & 7) == 0) return true;
        if (directory) {
            if ((mask & 2) == 0 && capable(CAP_DAC_READ_SEARCH)) return true;
            return capable(CAP_DAC_OVERRIDE);
        }
        if (capable(CAP_DAC_READ_SEARCH) && (mask & ~4) == 0) return true;
        return ((mask & 1) == 0 || (mode & 0111) != 0) && capable(CAP_DAC_OVERRIDE);
    }

    /**
     * The credentials access(2) checks with (Linux's access_override_creds): the real ids as
     * the filesystem ids, and the permitted set as the effective one for a real root, none else.
     */
    public Credentials forAccess() {
        return new Credentials(ruid, euid, suid, ruid, rgid, egid, sgid, rgid, groups, inheritable, permitted,
                ruid == 0 ? permitted : 0, bounding, keepCaps);
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    public Credentials withUids(int r, int e, int s, int fs) {
        return new Credentials(r, e, s, fs, rgid, egid, sgid, fsgid, groups, inheritable, permitted, effective, bounding,
                keepCaps);
    }

    public Credentials withGids(int r, int e, int s, int fs) {
        return new Credentials(ruid, euid, suid, fsuid, r, e, s, fs, groups, inheritable, permitted, effective, bounding,
                keepCaps);
    }

    public Credentials withGroups(int[] g) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, g, inheritable, permitted, effective,
                bounding, keepCaps);
    }

    public Credentials withCaps(long inh, long prm, long eff, long bnd) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, inh, prm, eff, bnd, keepCaps);
    }

    public Credentials withKeepCaps(boolean k) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, inheritable, permitted, effective,
                bounding, k);
    }

    /**
     * After a change of user ids from {@code old} (setuid, setreuid, setresuid): Linux's
     * cap_emulate_setxuid. Leaving uid 0 in all of real, effective and saved clears the permitted
     * and effective sets (unless keep-capabilities); leaving euid 0 clears the effective set;
     * coming to euid 0 makes it the permitted set.
     */
    public Credentials fixUidChange(Credentials old) {
        long prm = permitted, eff = effective;
        boolean wasRoot = old.ruid == 0 || old.euid == 0 || old.suid == 0;
        boolean isRoot = ruid == 0 || euid == 0 || suid == 0;
        if (wasRoot && !isRoot && !keepCaps) {
            prm = 0;
            eff = 0;
        }
        if (old.euid == 0 && euid != 0) eff = 0;
        if (old.euid != 0 && euid == 0) eff = prm;
        return withCaps(inheritable, prm, eff, bounding);
    }

    /** After a change of fsuid from {@code oldFsuid}: the file-system capabilities go or come back (Linux's cap_task_fix_setuid, LSM_SETID_FS). */
    public Credentials fixFsuidChange(int oldFsuid) {
        long eff = effective;
        if (oldFsuid == 0 && fsuid != 0) eff &= ~FS_CAPS;
        if (oldFsuid != 0 && fsuid == 0) eff |= permitted & FS_CAPS;
        return eff == effective ? this : withCaps(inheritable, permitted, eff, bounding);
    }

    /**
     * What execve makes of these credentials without set-id binaries or file capabilities
     * (capabilities(7)): the saved ids become the effective ones; a process with real or
     * effective uid 0 gets permitted = inheritable | bounding (effective too when euid is 0),
     * any other loses its permitted and effective sets; keep-capabilities is cleared.
     */
    public Credentials execed() {
        long prm = 0, eff = 0;
        if (ruid == 0 || euid == 0) {
            prm = (inheritable | bounding) & ALL_CAPS;
            if (euid == 0) eff = prm;
        }
        return new Credentials(ruid, euid, euid, euid, rgid, egid, egid, egid, groups, inheritable, prm, eff, bounding,
                false);
    }
}
