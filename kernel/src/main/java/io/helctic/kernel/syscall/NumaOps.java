package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Mempolicy.*;
import static io.helctic.abi.uapi.Proc.CAP_SYS_NICE;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.MemPolicy;
import java.util.Optional;

/**
 * The NUMA memory-policy calls (mm/mempolicy.c, mm/migrate.c) on this kernel's machine, which
 * has one node: set_mempolicy and get_mempolicy (a thread's policy), mbind and
 * set_mempolicy_home_node (a mapping's, kept on its grants), migrate_pages and move_pages (every
 * page already is on node 0, the only node with memory). The policies are what Linux would
 * keep and report; allocation ignores them, as it would here.
 */
final class NumaOps {
    private static final int PAGE = (int) AddressSpace.PAGE;
    private static final int MPOL_MF_VALID = MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL;

    private final ProcessVmOps tasks;

    NumaOps(ProcessVmOps tasks) {
        this.tasks = tasks;
    }

    /**
     * A node mask from the caller as Linux's get_nodes copies it: maxnode - 1 bits (the historic
     * off-by-one); none at all for a NULL mask or maxnode 1; more than a page of bits is EINVAL;
     * words past MAX_NUMNODES must be zero (EINVAL), read from the top down. Returns the mask or
     * null with the -errno in {@code error[0]}.
     */
    private static long[] nodes(long nmask, long maxnodeArg, long[] error) {
        long maxnode = maxnodeArg - 1;
        long[] out = new long[MemPolicy.WORDS];
        if (maxnode == 0 || nmask == 0) return out;
        if (Long.compareUnsigned(maxnode, PAGE * 8L) > 0) {
            error[0] = Errno.EINVAL.negative();
            return null;
        }
        while (maxnode > MemPolicy.MAX_NUMNODES) {
            long bits = Math.min(maxnode, 64);
            long[] t = UserAccess.getLongs(nmask + (maxnode - 1) / 64 * 8, 1);
            if (t == null) {
                error[0] = Errno.EFAULT.negative();
                return null;
            }
            long word = bits % 64 != 0 ? t[0] & ((1L << (bits % 64)) - 1) : t[0];
            if (maxnode - bits >= MemPolicy.MAX_NUMNODES) maxnode -= bits;
            else maxnode = MemPolicy.MAX_NUMNODES; // MAX_NUMNODES is a multiple of 64: the whole word is beyond it
            if (word != 0) {
                error[0] = Errno.EINVAL.negative();
                return null;
            }
        }
        int words = (int) ((maxnode + 63) / 64);
        long[] got = UserAccess.getLongs(nmask, words);
        if (got == null) {
            error[0] = Errno.EFAULT.negative();
            return null;
        }
        System.arraycopy(got, 0, out, 0, words);
        if (maxnode % 64 != 0) out[words - 1] &= (1L << (maxnode % 64)) - 1;
        return out;
    }

    /**
     * A node mask to the caller (Linux's copy_nodes_to_user): maxnode - 1 bits rounded up to
     * words; past the one word of existing nodes the caller's mask is zeroed, up to a page
     * (EINVAL beyond).
     */
    private static long putNodes(long nmask, long maxnode, long[] nodes) {
        long copy = ((maxnode - 1 + 63) & -64L) / 8;
        long have = (MemPolicy.NODE_IDS + 63) / 64 * 8;
        if (Long.compareUnsigned(copy, have) > 0) {
            if (Long.compareUnsigned(copy, PAGE) > 0) return Errno.EINVAL.negative();
            if (!UserAccess.put(nmask + have, new byte[(int) (copy - have)])) return Errno.EFAULT.negative();
            copy = have;
        }
        if (copy == 0) return 0;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) copy).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < copy / 8; i++) b.putLong(nodes[i]);
        return UserAccess.put(nmask, b.array()) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * The policy calls that fit one op (as SET_IDS): which 0 set_mempolicy, 1 get_mempolicy, 2
     * migrate_pages, 3 set_mempolicy_home_node.
     */
    long mempolicy(long which, long a, long b, long c, long d, long e) {
        return switch ((int) which) {
            case 0 -> setMempolicy(a, b, c);
            case 1 -> getMempolicy(a, b, c, d, e);
            case 2 -> migratePages(a, b, c, d);
            case 3 -> setMempolicyHomeNode(a, b, c, d);
            default -> Errno.EINVAL.negative();
        };
    }

    /** set_mempolicy: the calling thread's policy (mode and flags, then the mask, then the policy made of them). */
    private long setMempolicy(long mode, long nmask, long maxnode) {
        int[] mf = MemPolicy.sanitize((int) mode);
        if (mf == null) return Errno.EINVAL.negative();
        long[] error = new long[1];
        long[] user = nodes(nmask, maxnode, error);
        if (user == null) return error[0];
        MemPolicy.Made made = MemPolicy.make(mf[0], mf[1], user);
        if (made.error() != 0) return made.error();
        Context.current().setMemPolicy(made.policy());
        return 0;
    }

    /**
     * get_mempolicy: the thread's policy, the policy of the mapping at addr (MPOL_F_ADDR; not
     * the thread's when the mapping has none), the node of the page at addr (MPOL_F_ADDR |
     * MPOL_F_NODE, faulting it in as a read), the next node of an interleaving thread policy
     * (MPOL_F_NODE), or the nodes the thread may use (MPOL_F_MEMS_ALLOWED); in Linux's order of
     * checks.
     */
    private long getMempolicy(long policyPtr, long nmask, long maxnode, long addr, long flags) {
        if (nmask != 0 && Long.compareUnsigned(maxnode, MemPolicy.NODE_IDS) < 0) return Errno.EINVAL.negative();
        if ((flags & ~(long) (MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED)) != 0) return Errno.EINVAL.negative();
        int value;
        long[] mask;
        if ((flags & MPOL_F_MEMS_ALLOWED) != 0) {
            if ((flags & (MPOL_F_NODE | MPOL_F_ADDR)) != 0) return Errno.EINVAL.negative();
            value = 0;
            mask = MemPolicy.MEMS_ALLOWED.clone();
        } else {
            MemPolicy thread = Context.current().memPolicy(), pol;
            boolean threadPolicy;
            if ((flags & MPOL_F_ADDR) != 0) {
                Optional<Optional<MemPolicy>> at = UserAccess.space().policyAt(addr);
                if (at.isEmpty()) return Errno.EFAULT.negative();
                pol = at.get().orElse(null);
                threadPolicy = false;
            } else {
                if (addr != 0) return Errno.EINVAL.negative();
                pol = thread;
                threadPolicy = true;
            }
            if ((flags & MPOL_F_NODE) != 0) {
                if ((flags & MPOL_F_ADDR) != 0) {
                    // lookup_node: the page is faulted in (as a read) and its node reported
                    if (UserAccess.space().frameAt(addr, false) == null) return Errno.EFAULT.negative();
                    value = 0;
                } else if (threadPolicy && pol != null
                        && (pol.mode() == MPOL_INTERLEAVE || pol.mode() == MPOL_WEIGHTED_INTERLEAVE)) {
                    value = 0; // the next node of the interleave: the only one
                } else {
                    return Errno.EINVAL.negative();
                }
            } else {
                value = pol == null ? MPOL_DEFAULT : pol.mode() | (pol.flags() & MemPolicy.MODE_FLAGS);
            }
            mask = pol == null ? new long[MemPolicy.WORDS] : pol.reported();
        }
        if (policyPtr != 0 && !UserAccess.put(policyPtr, new byte[] {(byte) value, (byte) (value >> 8),
                (byte) (value >> 16), (byte) (value >> 24)})) {
            return Errno.EFAULT.negative();
        }
        return nmask != 0 ? putNodes(nmask, maxnode, mask) : 0;
    }

    /**
     * mbind: the policy of the mappings in [start, start + len) (split at the ends), in Linux's
     * order of checks: mode and flags, the mask, the call's flags (EINVAL; MPOL_MF_MOVE_ALL needs
     * CAP_SYS_NICE), an aligned start, a range that does not wrap, the policy itself; no mapping
     * in the range, or a hole in it for any policy but the default, is EFAULT. With
     * MPOL_MF_STRICT, pages already present on a node outside the mask that are not moved fail
     * the call (EIO) after the policy is set; MPOL_MF_MOVE moves pages mapped only here,
     * MPOL_MF_MOVE_ALL every page — here to node 0, where they are.
     */
    long mbind(long start, long len, long mode, long nmask, long maxnode, long flagsArg) {
        int[] mf = MemPolicy.sanitize((int) mode);
        if (mf == null) return Errno.EINVAL.negative();
        long[] error = new long[1];
        long[] user = nodes(nmask, maxnode, error);
        if (user == null) return error[0];
        int flags = (int) flagsArg;
        if ((flags & ~MPOL_MF_VALID) != 0) return Errno.EINVAL.negative();
        if ((flags & MPOL_MF_MOVE_ALL) != 0 && !Access.current().capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
        if ((start & (PAGE - 1)) != 0) return Errno.EINVAL.negative();
        if (mf[0] == MPOL_DEFAULT) flags &= ~MPOL_MF_STRICT;
        long end = start + AddressSpace.pageUp(len);
        if (Long.compareUnsigned(end, start) < 0) return Errno.EINVAL.negative();
        if (end == start) return 0;
        MemPolicy.Made made = MemPolicy.make(mf[0], mf[1], user);
        if (made.error() != 0) return made.error();
        AddressSpace space = UserAccess.space();
        boolean strictFails = (flags & MPOL_MF_STRICT) != 0 && !MemPolicy.isSet(user, 0)
                && (flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) == 0 && space.anyPresent(start, end);
        long r = space.setPolicy(start, end, made.policy(), made.policy() == null);
        if (r != 0) return r;
        return strictFails ? Errno.EIO.negative() : 0;
    }

    /**
     * set_mempolicy_home_node: an aligned start, no flags, an online node (EINVAL); each mapping
     * in the range with an MPOL_BIND or MPOL_PREFERRED_MANY policy gets the node as its home
     * (EOPNOTSUPP at another policy; ENOENT when none had a policy).
     */
    private long setMempolicyHomeNode(long start, long len, long home, long flags) {
        if ((start & (PAGE - 1)) != 0 || flags != 0) return Errno.EINVAL.negative();
        if (Long.compareUnsigned(home, MemPolicy.MAX_NUMNODES) >= 0 || !MemPolicy.isSet(MemPolicy.MEMS_ALLOWED, (int) home)) {
            return Errno.EINVAL.negative();
        }
        long end = start + AddressSpace.pageUp(len);
        if (Long.compareUnsigned(end, start) < 0) return Errno.EINVAL.negative();
        if (end == start) return 0;
        return UserAccess.space().setHomeNode(start, end, (int) home,
                m -> m == MPOL_BIND || m == MPOL_PREFERRED_MANY);
    }

    /** The process a pid names for migrate_pages and move_pages (0: the caller), or null with the -errno in {@code error[0]}. */
    private Process target(long pid, long[] error) {
        if (pid == 0) return Context.current().process();
        Process p = tasks.task(pid);
        if (p == null) {
            error[0] = Errno.ESRCH.negative();
            return null;
        }
        if (!ProcessVmOps.mayAccess(p)) {
            error[0] = Errno.EPERM.negative();
            return null;
        }
        return p;
    }

    /**
     * migrate_pages: both masks, the process (ESRCH; EPERM by the ptrace check), the new nodes
     * within the target's (else CAP_SYS_NICE, EPERM) and, within the caller's, not empty (EINVAL);
     * a process without memory is EINVAL. No page is on another node, so none moves: 0.
     */
    private long migratePages(long pid, long maxnode, long oldNodes, long newNodes) {
        long[] error = new long[1];
        long[] from = nodes(oldNodes, maxnode, error);
        if (from == null) return error[0];
        long[] to = nodes(newNodes, maxnode, error);
        if (to == null) return error[0];
        Process p = target(pid, error);
        if (p == null) return error[0];
        boolean subset = true;
        for (int i = 0; i < MemPolicy.WORDS; i++) subset &= (to[i] & ~MemPolicy.MEMS_ALLOWED[i]) == 0;
        if (!subset && !Access.current().capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
        boolean any = false;
        for (int i = 0; i < MemPolicy.WORDS; i++) any |= (to[i] & MemPolicy.MEMS_ALLOWED[i]) != 0;
        if (!any) return Errno.EINVAL.negative();
        if (p.termination() != null) return Errno.EINVAL.negative();
        return 0;
    }

    /**
     * move_pages: flags (EINVAL; MPOL_MF_MOVE_ALL needs CAP_SYS_NICE), the process (ESRCH, EPERM,
     * EINVAL without memory); without nodes, each page's status in chunks of 16 as Linux's
     * do_pages_stat (node 0, -ENOENT not yet touched, -EFAULT not mapped; EFAULT when an array
     * cannot be read or written); with nodes, page by page: an unknown or memoryless node stops
     * the call (ENODEV), else the page's status, as it is already on the node asked for.
     */
    long movePages(long pid, long count, long pages, long nodes, long status, long flags) {
        if ((flags & ~(long) (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) != 0) return Errno.EINVAL.negative();
        if ((flags & MPOL_MF_MOVE_ALL) != 0 && !Access.current().capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
        long[] error = new long[1];
        Process p = target(pid, error);
        if (p == null) return error[0];
        if (p.termination() != null) return Errno.EINVAL.negative();
        AddressSpace space = p.space();
        if (nodes == 0) {
            for (long i = 0; Long.compareUnsigned(i, count) < 0; ) {
                int chunk = (int) Math.min(16, count - i);
                long[] addrs = UserAccess.getLongs(pages + 8 * i, chunk);
                if (addrs == null) return Errno.EFAULT.negative();
                byte[] out = new byte[4 * chunk];
                for (int k = 0; k < chunk; k++) putInt(out, 4 * k, space.pageStatus(addrs[k]));
                if (!UserAccess.put(status + 4 * i, out)) return Errno.EFAULT.negative();
                i += chunk;
            }
            return 0;
        }
        for (long i = 0; Long.compareUnsigned(i, count) < 0; i++) {
            long[] addr = UserAccess.getLongs(pages + 8 * i, 1);
            byte[] node = addr == null ? null : UserAccess.get(nodes + 4 * i, 4);
            if (node == null) return Errno.EFAULT.negative();
            int n = (node[0] & 0xff) | (node[1] & 0xff) << 8 | (node[2] & 0xff) << 16 | node[3] << 24;
            if (!MemPolicy.isSet(MemPolicy.MEMS_ALLOWED, n)) return Errno.ENODEV.negative();
            byte[] out = new byte[4];
            putInt(out, 0, space.pageStatus(addr[0]));
            if (!UserAccess.put(status + 4 * i, out)) return Errno.EFAULT.negative();
        }
        return 0;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (8 * k));
    }
}
