package io.helctic.kernel.loader;

import io.helctic.abi.PersonalityId;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated ELF64 executable read in place from a mapped file: nothing is copied into
 * Java arrays; segment contents stay in the mapping and become file-backed grants.
 */
public final class ElfFile {
    public static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    public static final int ET_EXEC = 2, ET_DYN = 3;
    public static final int EM_X86_64 = 62;

    /** Linux refuses program header tables over 64 KiB. */
    private static final long MAX_PHDR_BYTES = 65536;
    private static final long USER_TOP = 0x7fff_ffff_f000L;

    /** One program header. */
    public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        public long end() { return vaddr + memsz; }
    }

    private final MemorySegment file;
    private final int type;
    private final int osabi;
    private final long entry;
    private final long phoff;
    private final List<Segment> segments;
    private final String interpreter;
    private final PersonalityId personality;

    private ElfFile(MemorySegment file) throws LoadException {
        this.file = file;
        long size = file.byteSize();
        if (size < 64) throw LoadException.malformed("truncated ELF header (" + size + " bytes, need 64)");
        int cls = u8(4), data = u8(5), version = u8(6);
        if (cls == 1) throw new LoadException(LoadException.CANNOT_EXECUTE, "32-bit ELF programs are not supported");
        if (cls != 2) throw LoadException.malformed("bad EI_CLASS " + cls);
        if (data != 1) throw new LoadException(LoadException.CANNOT_EXECUTE,
                data == 2 ? "big-endian ELF programs are not supported" : "malformed ELF: bad EI_DATA " + data);
        if (version != 1) throw LoadException.malformed("bad EI_VERSION " + version);
        osabi = u8(7);
        type = u16(16);
        int machine = u16(18);
        if (type != ET_EXEC && type != ET_DYN) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, switch (type) {
                case 1 -> "a relocatable object (ET_REL), not a program";
                case 4 -> "a core dump (ET_CORE), not a program";
                default -> "malformed ELF: unknown e_type " + type;
            });
        }
        if (machine != EM_X86_64) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "programs for " + machineName(machine)
                    + " are not supported yet (only x86-64)");
        }
        entry = u64(24);
        phoff = u64(32);
        int phentsize = u16(54), phnum = u16(56);
        if (phnum == 0) throw LoadException.malformed("no program headers");
        if (phentsize != 56) throw LoadException.malformed("e_phentsize " + phentsize + ", expected 56");
        long tableBytes = (long) phentsize * phnum;
        if (tableBytes > MAX_PHDR_BYTES) throw LoadException.malformed("program header table of " + tableBytes + " bytes");
        if (phoff < 0 || phoff > size || tableBytes > size - phoff) {
            throw LoadException.malformed("program headers at offset " + phoff + " run past the end of the file (" + size + " bytes)");
        }
        List<Segment> segs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            segs.add(new Segment(u32(at), u32(at + 4), u64(at + 8), u64(at + 16), u64(at + 32), u64(at + 40), u64(at + 48)));
        }
        segments = Collections.unmodifiableList(segs);
        validateLoads(size);
        interpreter = readInterpreter(size);
        personality = choosePersonality();
    }

    /** Reads and validates an ELF image held in {@code file}. */
    public static ElfFile parse(MemorySegment file) throws LoadException {
        return new ElfFile(file);
    }

    private void validateLoads(long size) throws LoadException {
        List<Segment> loads = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.type() != PT_LOAD) continue;
            String where = "PT_LOAD segment " + i;
            if (s.filesz() < 0 || s.memsz() < 0) throw LoadException.malformed(where + " has an absurd size");
            if (s.filesz() > s.memsz()) throw LoadException.malformed(where + ": p_filesz > p_memsz");
            if (s.offset() < 0 || s.offset() > size || s.filesz() > size - s.offset()) {
                throw LoadException.malformed(where + ": file range [" + s.offset() + ", +" + s.filesz()
                        + ") runs past the end of the file (" + size + " bytes)");
            }
            if (s.vaddr() < 0 || s.memsz() > USER_TOP || s.vaddr() > USER_TOP - s.memsz()) {
                throw LoadException.malformed(where + ": address range 0x" + Long.toHexString(s.vaddr())
                        + " + 0x" + Long.toHexString(s.memsz()) + " is outside user space");
            }
            if (((s.vaddr() - s.offset()) & 0xfff) != 0) {
                throw LoadException.malformed(where + ": p_vaddr and p_offset disagree modulo the page size");
            }
            if (s.memsz() > 0) loads.add(s);
        }
        if (loads.isEmpty()) throw LoadException.malformed("no loadable segment");
        List<Segment> sorted = new ArrayList<>(loads);
        sorted.sort((a, b) -> Long.compare(a.vaddr(), b.vaddr()));
        for (int i = 1; i < sorted.size(); i++) {
            Segment a = sorted.get(i - 1), b = sorted.get(i);
            if (b.vaddr() < a.end()) {
                throw LoadException.malformed("PT_LOAD segments overlap at 0x" + Long.toHexString(b.vaddr()));
            }
        }
        boolean entryOk = false;
        for (Segment s : loads) {
            if ((s.flags() & PF_X) != 0 && entry >= s.vaddr() && entry < s.end()) entryOk = true;
        }
        if (!entryOk) {
            throw LoadException.malformed("entry point 0x" + Long.toHexString(entry) + " is not in an executable segment");
        }
    }

    private String readInterpreter(long size) throws LoadException {
        for (Segment s : segments) {
            if (s.type() != PT_INTERP) continue;
            if (s.filesz() < 2 || s.filesz() > 4096 || s.offset() < 0 || s.offset() > size - s.filesz()) {
                throw LoadException.malformed("bad PT_INTERP");
            }
            byte[] b = FileBytes.bytes(file, s.offset(), (int) s.filesz());
            int n = 0;
            while (n < b.length && b[n] != 0) n++;
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    /** ELF OSABI first, then ABI notes (Helctic's own, FreeBSD, NetBSD, OpenBSD, GNU). */
    private PersonalityId choosePersonality() throws LoadException {
        switch (osabi) {
            case 9: return PersonalityId.FREEBSD;
            case 2: return PersonalityId.NETBSD;
            case 12: return PersonalityId.OPENBSD;
            case 0, 3: break;
            default:
                throw new LoadException(LoadException.CANNOT_EXECUTE, "ELF OS ABI " + osabi + " is not supported");
        }
        for (String owner : noteOwners()) {
            switch (owner) {
                case "Helctic": return PersonalityId.KERNEL;
                case "FreeBSD": return PersonalityId.FREEBSD;
                case "NetBSD": return PersonalityId.NETBSD;
                case "OpenBSD": return PersonalityId.OPENBSD;
                default: break;
            }
        }
        return PersonalityId.LINUX;
    }

    private List<String> noteOwners() throws LoadException {
        List<String> owners = new ArrayList<>();
        long size = file.byteSize();
        for (Segment s : segments) {
            if (s.type() != PT_NOTE) continue;
            if (s.offset() < 0 || s.filesz() < 0 || s.offset() > size || s.filesz() > size - s.offset()) {
                throw LoadException.malformed("PT_NOTE runs past the end of the file");
            }
            long at = s.offset(), end = s.offset() + s.filesz();
            while (end - at >= 12) {
                long namesz = Integer.toUnsignedLong(u32(at)), descsz = Integer.toUnsignedLong(u32(at + 4));
                long name = at + 12;
                long next = name + ((namesz + 3) & ~3L) + ((descsz + 3) & ~3L);
                if (namesz > end - name || next > end || next <= at) break;
                int len = (int) namesz;
                while (len > 0 && u8(name + len - 1) == 0) len--;
                owners.add(new String(FileBytes.bytes(file, name, (int) len), StandardCharsets.US_ASCII));
                at = next;
            }
        }
        return owners;
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "i386";
            case 40 -> "ARM";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 8 -> "MIPS";
            case 20, 21 -> "PowerPC";
            case 22 -> "s390";
            default -> "machine type " + machine;
        };
    }

    private int u8(long at) { return (int) FileBytes.le(file, at, 1); }
    private int u16(long at) { return (int) FileBytes.le(file, at, 2); }
    private int u32(long at) { return (int) FileBytes.le(file, at, 4); }
    private long u64(long at) { return FileBytes.le(file, at, 8); }

    public MemorySegment file() { return file; }
    public int type() { return type; }
    public boolean isPie() { return type == ET_DYN; }
    public int osabi() { return osabi; }
    public long entry() { return entry; }
    public long phoff() { return phoff; }
    public List<Segment> segments() { return segments; }
    /** The PT_INTERP path, or null for a static program. */
    public String interpreter() { return interpreter; }
    public PersonalityId personality() { return personality; }
}
