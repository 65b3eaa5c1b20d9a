package io.helctic.kernel.memory;

import static io.helctic.abi.uapi.Mempolicy.*;

import io.helctic.abi.Errno;
import java.util.Arrays;

/**
 * A NUMA memory policy as Linux's mm/mempolicy.c keeps one (struct mempolicy), on this kernel's
 * one-node machine: node 0 is the only node with memory, and every allocation lands there
 * whatever the policy says, so a policy is what a thread (set_mempolicy) or a mapping (mbind)
 * asked for, reported back as Linux reports it. {@code nodes} is the policy's node mask (the
 * requested nodes that exist; for MPOL_PREFERRED the first of them; empty for MPOL_LOCAL),
 * {@code userNodes} the mask as given, kept and reported when a mode flag asks to
 * (MPOL_F_STATIC_NODES, MPOL_F_RELATIVE_NODES); {@code homeNode} is set_mempolicy_home_node's
 * node (-1: none). Immutable; masks are {@link #WORDS} 64-bit words.
 */
public record MemPolicy(int mode, int flags, long[] nodes, long[] userNodes, int homeNode) {
    /** Linux's MAX_NUMNODES on this host (CONFIG_NODES_SHIFT=10). */
    public static final int MAX_NUMNODES = 1024;
    public static final int WORDS = MAX_NUMNODES / 64;
    /** The nodes with memory that a task may use (cpuset_current_mems_allowed): node 0. */
    public static final long[] MEMS_ALLOWED = mask(0);
    /** nr_node_ids: the highest possible node plus one. */
    public static final int NODE_IDS = 1;
    /** The mode flags a policy carries and reports (MPOL_MODE_FLAGS). */
    public static final int MODE_FLAGS = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;

    public MemPolicy {
        nodes = nodes.clone();
        userNodes = userNodes == null ? null : userNodes.clone();
    }

    /** A mask with the given nodes set. */
    public static long[] mask(int... set) {
        long[] m = new long[WORDS];
        for (int n : set) m[n / 64] |= 1L << (n % 64);
        return m;
    }

    public static boolean empty(long[] m) {
        for (long w : m) if (w != 0) return false;
        return true;
    }

    public static boolean isSet(long[] m, int node) {
        return node >= 0 && node < MAX_NUMNODES && (m[node / 64] & (1L << (node % 64))) != 0;
    }

    /** The node mask get_mempolicy reports: the user's mask under STATIC/RELATIVE_NODES, else the policy's nodes. */
    public long[] reported() {
        return (userNodes != null ? userNodes : nodes).clone();
    }

    public MemPolicy withHomeNode(int node) {
        return new MemPolicy(mode, flags, nodes, userNodes, node);
    }

    /** The outcome of making a policy: the policy (null for MPOL_DEFAULT) or a -errno. */
    public record Made(MemPolicy policy, long error) {}

    /**
     * Split a user mode into mode and flags and check them (Linux's sanitize_mpol_flags): the
     * mode within the known ones, not both STATIC and RELATIVE, NUMA_BALANCING only with
     * MPOL_BIND or MPOL_PREFERRED_MANY. Returns {mode, flags} or null (EINVAL).
     */
    public static int[] sanitize(int userMode) {
        int flags = userMode & MODE_FLAGS;
        int mode = userMode & ~MODE_FLAGS;
        if (Integer.compareUnsigned(mode, MPOL_WEIGHTED_INTERLEAVE) > 0) return null;
        if ((flags & MPOL_F_STATIC_NODES) != 0 && (flags & MPOL_F_RELATIVE_NODES) != 0) return null;
        if ((flags & MPOL_F_NUMA_BALANCING) != 0 && mode != MPOL_BIND && mode != MPOL_PREFERRED_MANY) return null;
        return new int[] {mode, flags};
    }

    /**
     * A new policy of a sanitized mode and flags over the user's node mask (Linux's mpol_new and
     * mpol_set_nodemask): MPOL_DEFAULT takes no nodes; MPOL_PREFERRED with none is MPOL_LOCAL
     * (but not with STATIC/RELATIVE_NODES); MPOL_LOCAL takes none; every other mode needs some;
     * then the nodes that exist must not be empty (RELATIVE_NODES folds the mask onto them).
     */
    public static Made make(int mode, int flags, long[] user) {
        if (mode == MPOL_DEFAULT) {
            return empty(user) ? new Made(null, 0) : new Made(null, Errno.EINVAL.negative());
        }
        boolean userMask = (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) != 0;
        if (mode == MPOL_PREFERRED) {
            if (empty(user)) {
                if (userMask) return new Made(null, Errno.EINVAL.negative());
                mode = MPOL_LOCAL;
            }
        } else if (mode == MPOL_LOCAL) {
            if (!empty(user) || userMask) return new Made(null, Errno.EINVAL.negative());
        } else if (empty(user)) {
            return new Made(null, Errno.EINVAL.negative());
        }
        if (mode == MPOL_LOCAL) return new Made(new MemPolicy(mode, flags, new long[WORDS], null, -1), 0);
        long[] usable = new long[WORDS];
        if ((flags & MPOL_F_RELATIVE_NODES) != 0) {
            // mpol_relative_nodemask: fold the user's nodes modulo the allowed count onto the allowed nodes (one: node 0)
            if (!empty(user)) usable = MEMS_ALLOWED.clone();
        } else {
            for (int i = 0; i < WORDS; i++) usable[i] = user[i] & MEMS_ALLOWED[i];
        }
        if (empty(usable)) return new Made(null, Errno.EINVAL.negative());
        if (mode == MPOL_PREFERRED) usable = mask(first(usable));
        return new Made(new MemPolicy(mode, flags, usable, userMask ? user : null, -1), 0);
    }

    private static int first(long[] m) {
        for (int i = 0; i < WORDS; i++) if (m[i] != 0) return i * 64 + Long.numberOfTrailingZeros(m[i]);
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemPolicy p && p.mode == mode && p.flags == flags && Arrays.equals(p.nodes, nodes)
                && Arrays.equals(p.userNodes, userNodes) && p.homeNode == homeNode;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nodes) * 31 + mode * 7 + flags + homeNode;
    }

    @Override
    public long[] nodes() {
        return nodes.clone();
    }

    @Override
    public long[] userNodes() {
        return userNodes == null ? null : userNodes.clone();
    }
}
