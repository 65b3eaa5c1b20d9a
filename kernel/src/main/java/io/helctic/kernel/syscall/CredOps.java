package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Proc.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.context.Process;

/**
 * The credential calls with Linux's rules (kernel/sys.c, kernel/groups.c, kernel/capability.c,
 * security/commoncap.c): the user and group ids, the supplementary groups and the capability
 * sets of the calling process. CAP_SETUID, CAP_SETGID and CAP_SETPCAP are looked up in its
 * effective set; changing the user ids fixes the capability sets up as Linux does.
 */
final class CredOps {
    private final io.helctic.kernel.context.ProcessTable processes;

    CredOps(io.helctic.kernel.context.ProcessTable processes) {
        this.processes = processes;
    }

    /** uid_t -1: "leave it", or (setuid, setgid) an invalid id. */
    private static final int NONE = -1;

    /** What SET_IDS's which selects: the call, for the user ids (0..3) or the group ids (4..7). */
    static final int SETUID = 0, SETREUID = 1, SETRESUID = 2, SETFSUID = 3;

    private static Process me() {
        return Context.current().process();
    }

    private static final class Refused extends RuntimeException {
        final long errno;

        Refused(Errno e) {
            super(null, null, false, false);
            errno = e.negative();
        }
    }

    /** setuid, setreuid, setresuid, setfsuid (which 0..3) and the gid ones (which 4..7) of a, b, c. */
    long setIds(long whichArg, long aArg, long bArg, long cArg) {
        int which = (int) whichArg, a = (int) aArg, b = (int) bArg, c = (int) cArg;
        if (which < 0 || which > 7) return Errno.EINVAL.negative();
        boolean group = which >= 4;
        int call = which & 3;
        if (call == SETUID && a == NONE) return Errno.EINVAL.negative();
        Process p = me();
        if (call == SETFSUID) {
            int[] old = new int[1];
            p.updateCredentials(cr -> {
                int[] ids = ids(cr, group);
                old[0] = ids[3];
                if (a == NONE) return cr;
                boolean allowed = a == ids[0] || a == ids[1] || a == ids[2] || a == ids[3]
                        || cr.capable(group ? CAP_SETGID : CAP_SETUID);
                if (!allowed || a == ids[3]) return cr;
                return group ? cr.withGids(ids[0], ids[1], ids[2], a) : cr.withUids(ids[0], ids[1], ids[2], a).fixFsuidChange(ids[3]);
            });
            return old[0] & 0xffffffffL;
        }
        try {
            p.updateCredentials(cr -> {
                int[] o = ids(cr, group);
                boolean cap = cr.capable(group ? CAP_SETGID : CAP_SETUID);
                int r = o[0], e = o[1], s = o[2];
                switch (call) {
                    case SETUID -> {
                        if (cap) {
                            r = a;
                            s = a;
                        } else if (a != o[0] && a != o[2]) {
                            throw new Refused(Errno.EPERM);
                        }
                        e = a;
                    }
                    case SETREUID -> {
                        if (a != NONE) {
                            if (a != o[0] && a != o[1] && !cap) throw new Refused(Errno.EPERM);
                            r = a;
                        }
                        if (b != NONE) {
                            if (b != o[0] && b != o[1] && b != o[2] && !cap) throw new Refused(Errno.EPERM);
                            e = b;
                        }
                        if (a != NONE || (b != NONE && b != o[0])) s = e;
                    }
                    default -> { // SETRESUID
                        if ((a == NONE || a == o[0]) && (b == NONE || (b == o[1] && b == o[3])) && (c == NONE || c == o[2])) {
                            return cr;
                        }
                        if (!cap && (fresh(a, o) || fresh(b, o) || fresh(c, o))) throw new Refused(Errno.EPERM);
                        if (a != NONE) r = a;
                        if (b != NONE) e = b;
                        if (c != NONE) s = c;
                    }
                }
                return group ? cr.withGids(r, e, s, e) : cr.withUids(r, e, s, e).fixUidChange(cr);
            });
            return 0;
        } catch (Refused x) {
            return x.errno;
        }
    }

    /** An id none of real, effective and saved is (setresuid's test for needing CAP_SETUID). */
    private static boolean fresh(int id, int[] o) {
        return id != NONE && id != o[0] && id != o[1] && id != o[2];
    }

    /** {real, effective, saved, filesystem} user or group ids. */
    private static int[] ids(Credentials c, boolean group) {
        return group ? new int[] {c.rgid(), c.egid(), c.sgid(), c.fsgid()}
                : new int[] {c.ruid(), c.euid(), c.suid(), c.fsuid()};
    }

    /** getuid (0), geteuid (1), getgid (2), getegid (3). */
    long getId(long which) {
        Credentials c = me().credentials();
        return switch ((int) which) {
            case 0 -> c.ruid() & 0xffffffffL;
            case 1 -> c.euid() & 0xffffffffL;
            case 2 -> c.rgid() & 0xffffffffL;
            case 3 -> c.egid() & 0xffffffffL;
            default -> Errno.EINVAL.negative();
        };
    }

    /** getresuid (which 0) and getresgid (1): real, effective and saved ids to three uid_t. */
    long getIds(long which, long r, long e, long s) {
        if (which != 0 && which != 1) return Errno.EINVAL.negative();
        int[] ids = ids(me().credentials(), which == 1);
        long[] at = {r, e, s};
        for (int i = 0; i < 3; i++) {
            int v = ids[i];
            if (!UserAccess.put(at[i], new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)})) {
                return Errno.EFAULT.negative();
            }
        }
        return 0;
    }

    /** The supplementary groups into gid_t list[size] (size 0: just count them; too small: EINVAL). */
    long getgroups(long sizeArg, long list) {
        int size = (int) sizeArg;
        if (size < 0) return Errno.EINVAL.negative();
        int[] g = me().credentials().groups();
        if (size == 0) return g.length;
        if (size < g.length) return Errno.EINVAL.negative();
        byte[] b = new byte[g.length * 4];
        for (int i = 0; i < g.length; i++) {
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (g[i] >> (8 * k));
        }
        return b.length == 0 || UserAccess.put(list, b) ? g.length : Errno.EFAULT.negative();
    }

    /** setgroups: CAP_SETGID (EPERM), then at most NGROUPS_MAX (EINVAL); Linux keeps them sorted. */
    long setgroups(long sizeArg, long list) {
        int size = (int) sizeArg;
        if (!me().credentials().capable(CAP_SETGID)) return Errno.EPERM.negative(); // Linux asks this first
        if (size < 0 || size > NGROUPS_MAX) return Errno.EINVAL.negative();
        int[] g = new int[size];
        if (size > 0) {
            byte[] b = UserAccess.get(list, size * 4);
            if (b == null) return Errno.EFAULT.negative();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size; i++) g[i] = bb.getInt();
        }
        int[] sorted = java.util.Arrays.stream(g).mapToLong(x -> x & 0xffffffffL).sorted().mapToInt(x -> (int) x).toArray();
        me().updateCredentials(c -> c.withGroups(sorted));
        return 0;
    }

    // ---- capabilities --------------------------------------------------------------------------

    /** The header's version: v1 (one word per set) or v2/v3 (two); an unknown one gets v3 written back and EINVAL. */
    private static long words(long hdr) {
        byte[] h = UserAccess.get(hdr, 8);
        if (h == null) return Errno.EFAULT.negative();
        int version = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16 | (h[3] & 0xff) << 24;
        return switch (version) {
            case _LINUX_CAPABILITY_VERSION_1 -> 1;
            case _LINUX_CAPABILITY_VERSION_2, _LINUX_CAPABILITY_VERSION_3 -> 2;
            default -> {
                int v = _LINUX_CAPABILITY_VERSION_3;
                if (!UserAccess.put(hdr, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)})) {
                    yield Errno.EFAULT.negative();
                }
                yield Errno.EINVAL.negative();
            }
        };
    }

    private static int pidOf(long hdr) {
        byte[] h = UserAccess.get(hdr, 8);
        return h == null ? 0 : (h[4] & 0xff) | (h[5] & 0xff) << 8 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 24;
    }

    /** capget: the effective, permitted and inheritable sets of pid (0: the caller), as words struct __user_cap_data_struct. */
    /**
     * Linux's ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS): a task of the caller's own
     * process; else the caller's real uid and gid equal the target's real, effective and saved
     * ids, or the caller has CAP_SYS_PTRACE; and a target that is not dumpable (PR_SET_DUMPABLE 0,
     * or after a set*id change) needs CAP_SYS_PTRACE too, unless it has no memory any more.
     */
    static boolean ptraceMayRead(Process caller, Process target) {
        if (caller == target) return true;
        Credentials c = caller.credentials(), t = target.credentials();
        boolean capable = c.capable(CAP_SYS_PTRACE);
        boolean sameIds = c.ruid() == t.ruid() && c.ruid() == t.euid() && c.ruid() == t.suid()
                && c.rgid() == t.rgid() && c.rgid() == t.egid() && c.rgid() == t.sgid();
        if (!sameIds && !capable) return false;
        return target.zombie() || target.dumpable() == 1 || capable;
    }

    long capget(long hdr, long data) {
        long words = words(hdr);
        // the version probe, capget(&{unknown version}, NULL), answers 0 with the version written back
        if (data == 0 && words == Errno.EINVAL.negative()) return 0;
        if (words < 0) return words;
        int pid = pidOf(hdr);
        if (pid < 0) return Errno.EINVAL.negative();
        Process p = pid == 0 ? me() : taskProcess(pid);
        if (p == null) return Errno.ESRCH.negative(); // a zombie is there until it is reaped
        if (data == 0) return 0;
        Credentials c = p.credentials();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) words * 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int w = 0; w < words; w++) {
            b.putInt((int) (c.effective() >>> (32 * w))).putInt((int) (c.permitted() >>> (32 * w)))
                    .putInt((int) (c.inheritable() >>> (32 * w)));
        }
        return UserAccess.put(data, b.array()) ? 0 : Errno.EFAULT.negative();
    }

    /** The process of the live thread tid (any process's): credentials are per process, so a thread's sets are its process's. */
    private Process taskProcess(int tid) {
        Process p = processes.get(tid);
        if (p != null) return p;
        for (Process q : processes.all()) for (Context c : q.threads()) if (c.tid() == tid && !c.finished()) return q;
        return null;
    }

    /**
     * capset of the caller's own sets (pid 0 or its own; another: EPERM): the new permitted within
     * the old, the new effective within the new permitted, the new inheritable within the old
     * inheritable and permitted (beyond them with CAP_SETPCAP, but never beyond the bounding set).
     */
    long capset(long hdr, long data) {
        long words = words(hdr);
        if (words < 0) return words;
        int pid = pidOf(hdr);
        if (pid != 0 && pid != Context.current().pid()) return Errno.EPERM.negative();
        byte[] raw = UserAccess.get(data, (int) words * 12);
        if (raw == null) return Errno.EFAULT.negative();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long eff = 0, prm = 0, inh = 0;
        for (int w = 0; w < words; w++) {
            eff |= (b.getInt() & 0xffffffffL) << (32 * w);
            prm |= (b.getInt() & 0xffffffffL) << (32 * w);
            inh |= (b.getInt() & 0xffffffffL) << (32 * w);
        }
        long e = eff & Credentials.ALL_CAPS, pm = prm & Credentials.ALL_CAPS, in = inh & Credentials.ALL_CAPS;
        try {
            me().updateCredentials(c -> {
                boolean setpcap = c.capable(CAP_SETPCAP);
                if ((in & ~(c.inheritable() | c.permitted())) != 0 && !setpcap) throw new Refused(Errno.EPERM);
                if ((in & ~(c.inheritable() | c.bounding())) != 0) throw new Refused(Errno.EPERM);
                if ((pm & ~c.permitted()) != 0) throw new Refused(Errno.EPERM);
                if ((e & ~pm) != 0) throw new Refused(Errno.EPERM);
                return c.withCaps(in, pm, e, c.bounding());
            });
            return 0;
        } catch (Refused x) {
            return x.errno;
        }
    }

    /** PR_CAPBSET_READ: 1 when cap is in the bounding set; EINVAL past CAP_LAST_CAP. */
    static long capbsetRead(long cap) {
        if (cap < 0 || cap > CAP_LAST_CAP) return Errno.EINVAL.negative();
        return (me().credentials().bounding() & Credentials.bit((int) cap)) != 0 ? 1 : 0;
    }

    /** PR_CAPBSET_DROP: needs CAP_SETPCAP; EINVAL past CAP_LAST_CAP. */
    static long capbsetDrop(long cap) {
        if (cap < 0 || cap > CAP_LAST_CAP) return Errno.EINVAL.negative();
        try {
            me().updateCredentials(c -> {
                if (!c.capable(CAP_SETPCAP)) throw new Refused(Errno.EPERM);
                return c.withCaps(c.inheritable(), c.permitted(), c.effective(), c.bounding() & ~Credentials.bit((int) cap));
            });
            return 0;
        } catch (Refused x) {
            return x.errno;
        }
    }

    /** PR_SET_KEEPCAPS (0 or 1) and PR_GET_KEEPCAPS. */
    static long keepCaps(boolean set, long value) {
        if (!set) return me().credentials().keepCaps() ? 1 : 0;
        if (value != 0 && value != 1) return Errno.EINVAL.negative();
        me().updateCredentials(c -> c.withKeepCaps(value == 1));
        return 0;
    }

}
