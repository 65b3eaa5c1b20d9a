package io.helctic.kernel.loader;

import static io.helctic.abi.uapi.Mman.*;

import io.helctic.abi.PersonalityId;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.Grant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an ELF program into an address space (segments become file-backed grants, filled
 * page by page on first touch) and builds the initial stack of the x86-64 SysV ABI:
 * argc, argv, envp and the auxiliary vector.
 */
public final class ElfLoader {
    /** Where a position-independent executable is placed (Linux's ELF_ET_DYN_BASE without ASLR). */
    public static final long PIE_BASE = 0x5555_5555_4000L;
    public static final long STACK_TOP = AddressSpace.USER_TOP;
    public static final long STACK_SIZE = 8L << 20;

    static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31,
            AT_SYSINFO_EHDR = 33;

    /** What the new program starts with: its first argument register too (the argument block's address where the OS passes it). */
    public record Image(long entry, long stackPointer, long brkStart, PersonalityId personality, long loadBias, long firstArgument) {}

    /**
     * Process facts that go into the auxiliary vector, and how each OS starts a program (its
     * personality's {@link io.helctic.abi.Startup}; Linux's when null).
     */
    public record AuxFacts(long hwcap, String platform, int uid, int euid, int gid, int egid, byte[] random, int cpus,
                           java.util.function.Function<PersonalityId, io.helctic.abi.Startup> startup) {
        public AuxFacts(long hwcap, String platform, int uid, int euid, int gid, int egid, byte[] random) {
            this(hwcap, platform, uid, euid, gid, egid, random, 1, null);
        }

        io.helctic.abi.Startup of(PersonalityId id) {
            io.helctic.abi.Startup s = startup == null ? null : startup.apply(id);
            return s == null ? io.helctic.abi.Startup.LINUX : s;
        }
    }

    private ElfLoader() {}

    public static Image load(ElfFile elf, String path, AddressSpace space, List<String> argv, List<String> envp,
                             String execfn, AuxFacts facts) throws LoadException {
        return load(elf, path, null, null, space, argv, envp, execfn, facts);
    }

    /**
     * Loads a program and, for a dynamically linked one, its interpreter ({@code interp},
     * already read from the program's PT_INTERP), which then gets control first with
     * AT_BASE telling where it lies.
     */
    public static Image load(ElfFile elf, String path, ElfFile interp, String interpPath, AddressSpace space,
                             List<String> argv, List<String> envp, String execfn, AuxFacts facts) throws LoadException {
        if (elf.interpreter() != null && interp == null) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "no interpreter loaded for " + elf.interpreter());
        }
        long[] span = span(elf);
        long bias = elf.isPie() ? PIE_BASE - span[0] : 0;
        if (span[1] + bias > STACK_TOP - STACK_SIZE || span[0] + bias < AddressSpace.MMAP_MIN) {
            throw LoadException.malformed("segments do not fit in user space");
        }
        Mapped main = map(elf, path, bias, space);
        int stackProt = PROT_READ | PROT_WRITE | (main.execStack ? PROT_EXEC : 0);
        space.insert(new Grant(STACK_TOP - STACK_SIZE, STACK_TOP, stackProt, Grant.ANONYMOUS, "[stack]"));
        space.initBrk(span[1] + bias);

        long entry = elf.entry() + bias;
        long start = entry, base = 0;
        if (interp != null) {
            if (!interp.isPie() || interp.interpreter() != null) {
                throw new LoadException(LoadException.CANNOT_EXECUTE, "the interpreter " + interpPath
                        + " is not a position-independent, self-contained ELF", io.helctic.abi.Errno.ELIBBAD);
            }
            long[] is = span(interp);
            long size = AddressSpace.pageUp(is[1] - is[0]);
            long at = space.findFree(size, AddressSpace.MMAP_BASE);
            if (at < 0) throw new LoadException(LoadException.CANNOT_EXECUTE, "no room for the interpreter");
            base = at - is[0];
            map(interp, interpPath, base, space);
            start = interp.entry() + base;
        }
        long vdso = Vdso.map(space);
        io.helctic.abi.Startup startup = facts.of(elf.personality());
        long phdr = main.phdr, phnum = elf.segments().size(), interpBase = base;
        long sp = buildStack(space, argv, envp, execfn, at -> startup.auxv(new io.helctic.abi.Startup.Facts(vdso, facts.hwcap(),
                AddressSpace.PAGE, phdr, phnum, interpBase, entry, facts.uid(), facts.euid(), facts.gid(), facts.egid(),
                at[0], facts.random().length, at[1], at[2], facts.cpus(), STACK_TOP, STACK_SIZE)), facts.random(), facts.platform());
        return new Image(start, sp, space.brk(), elf.personality(), bias, startup.blockInFirstArgument() ? sp : 0);
    }


    /** The lowest page and the highest end of the loadable segments. */
    private static long[] span(ElfFile elf) {
        long lowest = Long.MAX_VALUE, highest = 0;
        for (ElfFile.Segment s : elf.segments()) {
            if (s.type() == ElfFile.PT_LOAD && s.memsz() > 0) {
                lowest = Math.min(lowest, AddressSpace.pageDown(s.vaddr()));
                highest = Math.max(highest, s.end());
            }
        }
        return new long[] {lowest, highest};
    }

    private record Mapped(long phdr, boolean execStack) {}

    /** PT_LOAD segments become file-backed grants at vaddr + bias. */
    private static Mapped map(ElfFile elf, String path, long bias, AddressSpace space) {
        boolean execStack = true; // Linux's default for x86-64 when there is no PT_GNU_STACK
        long phdrAddr = 0;
        for (ElfFile.Segment s : elf.segments()) {
            switch (s.type()) {
                case ElfFile.PT_LOAD -> {
                    if (s.memsz() == 0) continue;
                    long start = AddressSpace.pageDown(s.vaddr() + bias);
                    long end = AddressSpace.pageUp(s.end() + bias);
                    long fileOffset = s.offset() - (s.vaddr() + bias - start);
                    long fileBytes = s.vaddr() + bias + s.filesz() - start;
                    var provider = new Grant.Provider.FileImage(elf.file(), start, fileOffset, fileBytes, path);
                    space.insert(new Grant(start, end, prot(s.flags()), provider, path));
                    if (elf.phoff() >= s.offset() && elf.phoff() < s.offset() + s.filesz()) {
                        phdrAddr = s.vaddr() + bias + (elf.phoff() - s.offset());
                    }
                }
                case ElfFile.PT_GNU_STACK -> execStack = (s.flags() & ElfFile.PF_X) != 0;
                default -> { }
            }
        }
        for (ElfFile.Segment s : elf.segments()) {
            if (s.type() == ElfFile.PT_PHDR) phdrAddr = s.vaddr() + bias;
        }
        return new Mapped(phdrAddr, execStack);
    }

    private static int prot(int flags) {
        int p = 0;
        if ((flags & ElfFile.PF_R) != 0) p |= PROT_READ;
        if ((flags & ElfFile.PF_W) != 0) p |= PROT_WRITE;
        if ((flags & ElfFile.PF_X) != 0) p |= PROT_EXEC;
        return p;
    }

    /**
     * Lays out the new stack as Linux's exec does, from the top down: a NULL word, the exec file
     * name, the argument and environment strings — ascending, argv[0] first, each environment
     * string after the last argument (so that /proc/PID/cmdline and environ, which read that
     * memory, and setproctitle-style rewriting of argv, find them where Linux puts them) —, the
     * platform string, 16 random bytes; then (16-byte aligned) argc, argv pointers, NULL, envp
     * pointers, NULL and the auxv pairs ending in AT_NULL. The strings' extent and the auxv are
     * recorded in the space.
     */
    static long buildStack(AddressSpace space, List<String> argv, List<String> envp, String execfn,
                           java.util.function.Function<long[], long[]> auxOf, byte[] random, String platform) throws LoadException {
        byte[] fn = cstr(execfn), plat = cstr(platform);
        byte[][] args = new byte[argv.size()][], env = new byte[envp.size()][];
        long argBytes = 0, envBytes = 0;
        for (int i = 0; i < args.length; i++) argBytes += (args[i] = cstr(argv.get(i))).length;
        for (int i = 0; i < env.length; i++) envBytes += (env[i] = cstr(envp.get(i))).length;
        long total = 16 + 8 + fn.length + plat.length + argBytes + envBytes;
        long words = 1 + argv.size() + 1 + envp.size() + 1 + 64 + 10;
        if (total + words * 8 > 2L << 20) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "argument list too long");
        }
        long execfnAddr = STACK_TOP - 8 - fn.length; // a NULL word at the very top
        put(space, execfnAddr, fn);
        long envStart = execfnAddr - envBytes, argStart = envStart - argBytes;
        long[] argAddr = new long[args.length], envAddr = new long[env.length];
        long p = argStart;
        for (int i = 0; i < args.length; i++) {
            argAddr[i] = p;
            put(space, p, args[i]);
            p += args[i].length;
        }
        for (int i = 0; i < env.length; i++) {
            envAddr[i] = p;
            put(space, p, env[i]);
            p += env[i].length;
        }
        long platformAddr = argStart - plat.length;
        put(space, platformAddr, plat);
        p = platformAddr & -16L;
        p -= 16;
        long randomAddr = p;
        put(space, p, random);

        long[] full = auxOf.apply(new long[] {randomAddr, execfnAddr, platformAddr});

        int n = 1 + argv.size() + 1 + envp.size() + 1 + full.length + 2;
        long sp = (p - n * 8L) & -16L;
        ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(argv.size());
        for (long a : argAddr) b.putLong(a);
        b.putLong(0);
        for (long a : envAddr) b.putLong(a);
        b.putLong(0);
        for (long v : full) b.putLong(v);
        b.putLong(AT_NULL).putLong(0);
        put(space, sp, b.array());
        long[] auxv = java.util.Arrays.copyOf(full, full.length + 2); // (AT_NULL, 0) ends it
        space.setExecLayout(argStart, envStart, envStart, execfnAddr, auxv);
        return sp;
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static void put(AddressSpace space, long va, byte[] bytes) throws LoadException {
        if (!space.write(va, bytes, 0, bytes.length)) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "out of memory building the initial stack");
        }
    }
}
