package io.helctic.kernel.loader;

import static io.helctic.abi.uapi.Mman.*;

import io.helctic.abi.Isa;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.Grant;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtual dynamic shared object every process gets, as on Linux: a small ELF shared
 * object (ET_DYN, x86-64) with a dynamic symbol table (DT_HASH, DT_SYMTAB, DT_STRTAB) and
 * version definitions (DT_VERSYM, DT_VERDEF: "LINUX_2.6", which glibc and musl ask for),
 * exporting {@code __vdso_clock_gettime}, {@code __vdso_gettimeofday}, {@code __vdso_time},
 * {@code __vdso_getcpu} and {@code __vdso_clock_getres} and their weak unprefixed aliases.
 *
 * <p>Each function is a three-instruction stub that makes the real system call
 * ({@code mov $nr,%eax; syscall; ret}, from the ISA's {@link Arch}): correct, but not faster than the syscall itself —
 * the point is that libcs which look for a vDSO find one and work. {@code getcpu} too: the
 * CPU is the one the host runs the thread's host thread on, which only the kernel can ask.
 *
 * <p>The image is built once, here, in Java; it is mapped read+exec as "[vdso]" into every
 * new address space at {@link #BASE} (just above the mmap area, in the gap below the stack,
 * so no other mapping moves) and its address goes to the program as AT_SYSINFO_EHDR.
 */
public final class Vdso {
    /** Where the vDSO is mapped: the first page above the top-down mmap area. */
    public static final long BASE = AddressSpace.MMAP_BASE;
    public static final String NAME = "[vdso]";
    public static final String SONAME = "linux-vdso.so.1";
    public static final String VERSION = "LINUX_2.6";

    /** The exported functions and their system call numbers. */
    static final Map<String, Integer> FUNCTIONS = new LinkedHashMap<>();
    static {
        FUNCTIONS.put("clock_gettime", 228);
        FUNCTIONS.put("gettimeofday", 96);
        FUNCTIONS.put("time", 201);
        FUNCTIONS.put("getcpu", 309);
        FUNCTIONS.put("clock_getres", 229);
    }

    private static final byte[] IMAGE = build();
    private static final MemorySegment SEGMENT = MemorySegment.ofArray(IMAGE);

    private Vdso() {}

    /** A copy of the ELF image. */
    public static byte[] image() { return IMAGE.clone(); }

    /** The size of the mapping: the image rounded up to whole pages. */
    public static long size() { return AddressSpace.pageUp(IMAGE.length); }

    /** Maps the vDSO into a fresh address space; returns its base (AT_SYSINFO_EHDR). */
    public static long map(AddressSpace space) {
        var provider = new Grant.Provider.FileImage(SEGMENT, BASE, 0, IMAGE.length, NAME);
        space.insert(new Grant(BASE, BASE + size(), PROT_READ | PROT_EXEC, provider, NAME));
        return BASE;
    }

    // ---- the ELF image ---------------------------------------------------------------------

    /** The code of one function, from the ISA ({@link Arch}): the syscall stub, or getcpu answered in user space. */
    static byte[] stub(int nr) {
        Arch arch = Arch.of(Isa.X86_64);
        return arch.syscallStub(nr);
    }

    /** The SysV ELF hash (DT_HASH, vd_hash). */
    static int elfHash(String name) {
        int h = 0;
        for (byte b : name.getBytes(StandardCharsets.US_ASCII)) {
            h = (h << 4) + (b & 0xff);
            int g = h & 0xf0000000;
            if (g != 0) h ^= g >>> 24;
            h &= ~g;
        }
        return h;
    }

    private static final int SHT_PROGBITS = 1, SHT_STRTAB = 3, SHT_HASH = 5, SHT_DYNAMIC = 6, SHT_DYNSYM = 11,
            SHT_GNU_VERDEF = 0x6ffffffd, SHT_GNU_VERSYM = 0x6fffffff;
    private static final int SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    private static final long DT_NULL = 0, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10, DT_SYMENT = 11,
            DT_SONAME = 14, DT_VERSYM = 0x6ffffff0L, DT_VERDEF = 0x6ffffffcL, DT_VERDEFNUM = 0x6ffffffdL;
    private static final int STB_GLOBAL = 1, STB_WEAK = 2, STT_FUNC = 2;
    /** The section index of .text (see the section list in {@link #build}). */
    private static final int TEXT_SECTION = 6;

    /** A string table under construction. */
    private static final class Strings {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Map<String, Integer> at = new LinkedHashMap<>();
        Strings() { out.write(0); }
        int add(String s) {
            return at.computeIfAbsent(s, k -> {
                int off = out.size();
                out.writeBytes(k.getBytes(StandardCharsets.US_ASCII));
                out.write(0);
                return off;
            });
        }
        byte[] bytes() { return out.toByteArray(); }
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    private static int align(int v, int a) { return (v + a - 1) & -a; }

    static byte[] build() {
        // The symbols: index 0 is the null symbol; then __vdso_* (global) and the aliases (weak).
        List<String> names = new ArrayList<>();
        List<Integer> binds = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String f : FUNCTIONS.keySet()) { names.add("__vdso_" + f); binds.add(STB_GLOBAL); targets.add(f); }
        for (String f : FUNCTIONS.keySet()) { names.add(f); binds.add(STB_WEAK); targets.add(f); }
        int nsyms = names.size() + 1;

        Strings dynstr = new Strings();
        int soname = dynstr.add(SONAME);
        int version = dynstr.add(VERSION);
        int[] nameOff = new int[names.size()];
        for (int i = 0; i < names.size(); i++) nameOff[i] = dynstr.add(names.get(i));
        byte[] strtab = dynstr.bytes();

        // The code: one 16-byte-aligned stub per function.
        Map<String, int[]> code = new LinkedHashMap<>(); // function -> {offset in .text, size}
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Map.Entry<String, Integer> f : FUNCTIONS.entrySet()) {
            byte[] s = stub(f.getValue());
            code.put(f.getKey(), new int[] {text.size(), s.length});
            text.writeBytes(s);
            while (text.size() % 16 != 0) text.write(0xcc); // int3 padding
        }
        byte[] textBytes = text.toByteArray();

        int phnum = 2, shnum;
        int off = 64 + 56 * phnum;
        int hashOff = align(off, 8), hashSize = 4 * (2 + 1 + nsyms);
        int dynsymOff = align(hashOff + hashSize, 8), dynsymSize = 24 * nsyms;
        int dynstrOff = dynsymOff + dynsymSize, dynstrSize = strtab.length;
        int versymOff = align(dynstrOff + dynstrSize, 2), versymSize = 2 * nsyms;
        int verdefOff = align(versymOff + versymSize, 8), verdefSize = 2 * 28;
        int textOff = align(verdefOff + verdefSize, 16), textSize = textBytes.length;
        int dynamicOff = align(textOff + textSize, 8);
        long[] dynamic = {
            DT_HASH, hashOff, DT_STRTAB, dynstrOff, DT_SYMTAB, dynsymOff, DT_STRSZ, dynstrSize, DT_SYMENT, 24,
            DT_SONAME, soname, DT_VERSYM, versymOff, DT_VERDEF, verdefOff, DT_VERDEFNUM, 2, DT_NULL, 0,
        };
        int dynamicSize = dynamic.length * 8;
        Strings shstr = new Strings();
        String[] sectionNames = {"", ".hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d", ".text",
                                 ".dynamic", ".shstrtab"};
        int[] shName = new int[sectionNames.length];
        for (int i = 1; i < sectionNames.length; i++) shName[i] = shstr.add(sectionNames[i]);
        byte[] shstrtab = shstr.bytes();
        int shstrOff = dynamicOff + dynamicSize;
        int shOff = align(shstrOff + shstrtab.length, 8);
        shnum = sectionNames.length;
        int total = shOff + 64 * shnum;

        ByteBuffer b = le(total);
        // ELF header
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) ElfFile.ET_DYN).putShort((short) ElfFile.EM_X86_64).putInt(1);
        b.putLong(textOff);             // e_entry: nothing runs it, Linux's vDSO points it at its text too
        b.putLong(64).putLong(shOff);   // e_phoff, e_shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) phnum);
        b.putShort((short) 64).putShort((short) shnum).putShort((short) (shnum - 1));
        // Program headers: the whole image as one read+exec PT_LOAD at vaddr 0, and PT_DYNAMIC.
        b.putInt(ElfFile.PT_LOAD).putInt(ElfFile.PF_R | ElfFile.PF_X).putLong(0).putLong(0).putLong(0)
         .putLong(total).putLong(total).putLong(AddressSpace.PAGE);
        b.putInt(ElfFile.PT_DYNAMIC).putInt(ElfFile.PF_R).putLong(dynamicOff).putLong(dynamicOff).putLong(dynamicOff)
         .putLong(dynamicSize).putLong(dynamicSize).putLong(8);

        // .hash: one bucket holding every symbol, chained in index order.
        b.position(hashOff);
        b.putInt(1).putInt(nsyms).putInt(nsyms > 1 ? 1 : 0);
        for (int i = 0; i < nsyms; i++) b.putInt(i == 0 || i + 1 >= nsyms ? 0 : i + 1);

        // .dynsym
        b.position(dynsymOff);
        b.put(new byte[24]);
        for (int i = 0; i < names.size(); i++) {
            int[] c = code.get(targets.get(i));
            b.putInt(nameOff[i]).put((byte) (binds.get(i) << 4 | STT_FUNC)).put((byte) 0)
             .putShort((short) TEXT_SECTION).putLong(textOff + c[0]).putLong(c[1]);
        }
        b.position(dynstrOff);
        b.put(strtab);

        // .gnu.version: the null symbol is local (0), every function is LINUX_2.6 (2).
        b.position(versymOff);
        b.putShort((short) 0);
        for (int i = 1; i < nsyms; i++) b.putShort((short) 2);

        // .gnu.version_d: the base definition (the soname, index 1) and LINUX_2.6 (index 2).
        b.position(verdefOff);
        b.putShort((short) 1).putShort((short) 1).putShort((short) 1).putShort((short) 1)
         .putInt(elfHash(SONAME)).putInt(20).putInt(28);
        b.putInt(soname).putInt(0);
        b.putShort((short) 1).putShort((short) 0).putShort((short) 2).putShort((short) 1)
         .putInt(elfHash(VERSION)).putInt(20).putInt(0);
        b.putInt(version).putInt(0);

        b.position(textOff);
        b.put(textBytes);
        b.position(dynamicOff);
        for (long v : dynamic) b.putLong(v);
        b.position(shstrOff);
        b.put(shstrtab);

        // Section headers, for the tools (readelf, objdump); the loaders use only the above.
        b.position(shOff);
        b.put(new byte[64]);
        section(b, shName[1], SHT_HASH, SHF_ALLOC, hashOff, hashSize, 2, 0, 8, 4);
        section(b, shName[2], SHT_DYNSYM, SHF_ALLOC, dynsymOff, dynsymSize, 3, 1, 8, 24);
        section(b, shName[3], SHT_STRTAB, SHF_ALLOC, dynstrOff, dynstrSize, 0, 0, 1, 0);
        section(b, shName[4], SHT_GNU_VERSYM, SHF_ALLOC, versymOff, versymSize, 2, 0, 2, 2);
        section(b, shName[5], SHT_GNU_VERDEF, SHF_ALLOC, verdefOff, verdefSize, 3, 2, 8, 0);
        section(b, shName[6], SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, textOff, textSize, 0, 0, 16, 0);
        section(b, shName[7], SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, dynamicOff, dynamicSize, 3, 0, 8, 16);
        section(b, shName[8], SHT_STRTAB, 0, shstrOff, shstrtab.length, 0, 0, 1, 0);
        return b.array();
    }

    private static void section(ByteBuffer b, int name, int type, long flags, long off, long size, int link, int info,
                                long align, long entsize) {
        b.putInt(name).putInt(type).putLong(flags).putLong((flags & SHF_ALLOC) != 0 ? off : 0).putLong(off)
         .putLong(size).putInt(link).putInt(info).putLong(align).putLong(entsize);
    }
}
