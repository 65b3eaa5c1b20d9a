package io.helctic.abi.uapi;

/** Memory mapping: Linux's {@code <asm-generic/mman-common.h>}, {@code <linux/mman.h>}. */
public final class Mman {
    private Mman() {}

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int PROT_SEM = 0x8;
    public static final int PROT_GROWSDOWN = 0x01000000;
    public static final int PROT_GROWSUP = 0x02000000;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_SHARED_VALIDATE = 0x03;
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_32BIT = 0x40;
    public static final int MAP_GROWSDOWN = 0x100;
    public static final int MAP_DENYWRITE = 0x800;
    public static final int MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_NONBLOCK = 0x10000;
    public static final int MAP_STACK = 0x20000;
    public static final int MAP_HUGETLB = 0x40000;
    public static final int MAP_SYNC = 0x80000;
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MAP_UNINITIALIZED = 0x4000000;

    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int MREMAP_DONTUNMAP = 4;

    public static final int MADV_NORMAL = 0;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_FREE = 8;
    public static final int MADV_WILLNEED = 3;
    public static final int MADV_REMOVE = 9;
    public static final int MADV_DONTFORK = 10;
    public static final int MADV_WIPEONFORK = 18;
    public static final int MADV_COLD = 20;
    public static final int MADV_PAGEOUT = 21;
    public static final int MADV_DONTNEED_LOCKED = 24;
    public static final int MADV_COLLAPSE = 25;
    public static final int MADV_GUARD_INSTALL = 102;

    /** pkey_alloc's access rights. */
    public static final int PKEY_DISABLE_ACCESS = 0x1;
    public static final int PKEY_DISABLE_WRITE = 0x2;

    public static final int MS_ASYNC = 1;
    public static final int MS_INVALIDATE = 2;
    public static final int MS_SYNC = 4;

    public static final int MCL_CURRENT = 1;
    public static final int MCL_FUTURE = 2;
    public static final int MCL_ONFAULT = 4;
    public static final int MLOCK_ONFAULT = 1;
    public static final int MEMBARRIER_CMD_QUERY = 0;
    public static final int MEMBARRIER_CMD_GLOBAL = 1;
    public static final int MEMBARRIER_CMD_GLOBAL_EXPEDITED = 2;
    public static final int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 4;
    public static final int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8;
    public static final int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16;
    /** memfd_create's flags. */
    public static final int MFD_CLOEXEC = 0x1;
    public static final int MFD_ALLOW_SEALING = 0x2;
    public static final int MFD_HUGETLB = 0x4;
    public static final int MFD_NOEXEC_SEAL = 0x8;
    public static final int MFD_EXEC = 0x10;
    /** The longest memfd name: NAME_MAX less the "memfd:" prefix. */
    public static final int MFD_NAME_MAX = 249;
}
