package io.helctic.personality.bsd;

import io.helctic.abi.Startup;

/**
 * How NetBSD (amd64) starts a program: argc at the stack pointer (as Linux) and NetBSD's
 * auxiliary vector, in the order of sys/kern/exec_elf.c's elf_populate_auxv: the program
 * headers, page size, interpreter base, flags and entry, the four ids (NetBSD's own numbers
 * 2000-2003), the stack's base and the executable's path (AT_SUN_EXECNAME).
 */
final class NetBsdStartup implements Startup {
    static final NetBsdStartup INSTANCE = new NetBsdStartup();

    static final int AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
            AT_STACKBASE = 13, AT_EUID = 2000, AT_RUID = 2001, AT_EGID = 2002, AT_RGID = 2003, AT_SUN_EXECNAME = 2014;

    private NetBsdStartup() {}

    @Override
    public long[] auxv(Facts f) {
        return new long[] {
            AT_PHDR, f.phdr(), AT_PHENT, 56, AT_PHNUM, f.phnum(), AT_PAGESZ, f.pageSize(), AT_BASE, f.base(),
            AT_FLAGS, 0, AT_ENTRY, f.entry(), AT_EUID, f.euid(), AT_RUID, f.uid(), AT_EGID, f.egid(), AT_RGID, f.gid(),
            AT_STACKBASE, f.stackTop(), AT_SUN_EXECNAME, f.execfn(),
        };
    }
}
