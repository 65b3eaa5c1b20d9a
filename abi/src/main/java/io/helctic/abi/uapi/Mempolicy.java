package io.helctic.abi.uapi;

/** NUMA memory policies: Linux's {@code <linux/mempolicy.h>}. */
public final class Mempolicy {
    private Mempolicy() {}

    public static final int MPOL_DEFAULT = 0;
    public static final int MPOL_PREFERRED = 1;
    public static final int MPOL_BIND = 2;
    public static final int MPOL_INTERLEAVE = 3;
    public static final int MPOL_LOCAL = 4;
    public static final int MPOL_PREFERRED_MANY = 5;
    /** Linux 6.9; newer than this host's headers (their MPOL_MAX is 6, the kernel's 7). */
    public static final int MPOL_WEIGHTED_INTERLEAVE = 6;

    /** Mode flags, or'ed into the mode. */
    public static final int MPOL_F_STATIC_NODES = 1 << 15;
    public static final int MPOL_F_RELATIVE_NODES = 1 << 14;
    public static final int MPOL_F_NUMA_BALANCING = 1 << 13;

    /** get_mempolicy's flags. */
    public static final int MPOL_F_NODE = 1 << 0;
    public static final int MPOL_F_ADDR = 1 << 1;
    public static final int MPOL_F_MEMS_ALLOWED = 1 << 2;

    /** mbind's and move_pages's flags. */
    public static final int MPOL_MF_STRICT = 1 << 0;
    public static final int MPOL_MF_MOVE = 1 << 1;
    public static final int MPOL_MF_MOVE_ALL = 1 << 2;
}
