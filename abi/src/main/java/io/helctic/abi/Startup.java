package io.helctic.abi;

/**
 * How an operating system starts a program (boundary 1, told by the personality layer through
 * {@link Conventions#startup}): the auxiliary vector its loader lays out above the environment
 * pointers, and whether the entry point also finds the address of the argument block in its
 * first argument register (FreeBSD's amd64 convention; Linux leaves it zero).
 */
public interface Startup {
    /**
     * What the kernel knows of a program it is starting: where its vDSO, program headers,
     * interpreter (base) and entry lie, its credentials, where the loader put the random bytes,
     * the exec file name and the platform string on the new stack, and the stack's top and size.
     */
    record Facts(long sysinfoEhdr, long hwcap, long pageSize, long phdr, long phnum, long base, long entry,
                 int uid, int euid, int gid, int egid, long random, int randomLength, long execfn, long platform, int cpus,
                 long stackTop, long stackSize) {}

    /** The (type, value) pairs of the auxiliary vector, in the OS's order, without the closing AT_NULL. */
    long[] auxv(Facts f);

    /** Whether the first argument register holds the stack pointer at entry. */
    default boolean blockInFirstArgument() { return false; }

    /**
     * Linux's, in its order (fs/binfmt_elf.c create_elf_tables), less what Helctic does not provide
     * yet (AT_MINSIGSTKSZ). A class of its own, not a lambda: an interface constant's lambda is
     * spun at its first use in a cold JVM (the AOT cache does not hold it), about 2 ms of every
     * run's start-up.
     */
    Startup LINUX = new Linux();

    /** {@link #LINUX}. */
    final class Linux implements Startup {
        private Linux() {}

        @Override
        public long[] auxv(Facts f) {
            return new long[] {
                33 /* AT_SYSINFO_EHDR */, f.sysinfoEhdr(), 16 /* AT_HWCAP */, f.hwcap(), 6 /* AT_PAGESZ */, f.pageSize(),
                17 /* AT_CLKTCK */, 100, 3 /* AT_PHDR */, f.phdr(), 4 /* AT_PHENT */, 56, 5 /* AT_PHNUM */, f.phnum(),
                7 /* AT_BASE */, f.base(), 8 /* AT_FLAGS */, 0, 9 /* AT_ENTRY */, f.entry(), 11 /* AT_UID */, f.uid(),
                12 /* AT_EUID */, f.euid(), 13 /* AT_GID */, f.gid(), 14 /* AT_EGID */, f.egid(), 23 /* AT_SECURE */, 0,
                25 /* AT_RANDOM */, f.random(), 26 /* AT_HWCAP2 */, 0, 31 /* AT_EXECFN */, f.execfn(), 15 /* AT_PLATFORM */, f.platform(),
            };
        }
    }
}
