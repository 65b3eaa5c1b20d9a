package io.helctic.personality.bsd;

import io.helctic.abi.Startup;

/**
 * How FreeBSD (amd64) starts a program: its auxiliary vector (sys/elf_common.h's AT_* numbers,
 * laid out as imgact_elf's __elfN(freebsd_copyout_auxargs) does, less what Helctic does not
 * provide: AT_PAGESIZES, AT_TIMEKEEP, AT_PS_STRINGS, AT_FXRNG, AT_KPRELOAD), and the entry convention that
 * passes the address of argc in rdi as well as on the stack.
 */
final class FreeBsdStartup implements Startup {
    static final FreeBsdStartup INSTANCE = new FreeBsdStartup();

    static final int AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
            AT_EXECPATH = 15, AT_CANARY = 16, AT_CANARYLEN = 17, AT_OSRELDATE = 18, AT_NCPUS = 19, AT_STACKPROT = 23,
            AT_EHDRFLAGS = 24, AT_USRSTACKBASE = 35, AT_USRSTACKLIM = 36;
    /** __FreeBSD_version of FreeBSD 14.0-RELEASE (also kern.osreldate). */
    static final long OSRELDATE = 1400097;
    private static final long PROT_READ_WRITE = 3;

    private FreeBsdStartup() {}

    @Override
    public long[] auxv(Facts f) {
        return new long[] {
            AT_PHDR, f.phdr(), AT_PHENT, 56, AT_PHNUM, f.phnum(), AT_PAGESZ, f.pageSize(), AT_FLAGS, 0,
            AT_ENTRY, f.entry(), AT_BASE, f.base(), AT_EHDRFLAGS, 0, AT_EXECPATH, f.execfn(), AT_OSRELDATE, OSRELDATE,
            AT_CANARY, f.random(), AT_CANARYLEN, f.randomLength(), AT_NCPUS, f.cpus(), AT_STACKPROT, PROT_READ_WRITE,
            AT_USRSTACKBASE, f.stackTop(), AT_USRSTACKLIM, f.stackSize(),
        };
    }

    @Override
    public boolean blockInFirstArgument() { return true; }
}
