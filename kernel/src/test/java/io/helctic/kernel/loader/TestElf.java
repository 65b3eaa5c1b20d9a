package io.helctic.kernel.loader;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF64 images for loader tests; fields can be bent to make them malformed. */
final class TestElf {
    record Phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    int type = ElfFile.ET_EXEC, machine = ElfFile.EM_X86_64, phentsize = 56;
    long entry = 0x401000, phoff = 64;
    Integer phnumOverride;
    final List<Phdr> phdrs = new ArrayList<>();
    int size = 0x2000;

    /** A valid program: one R+X segment at 0x401000 holding the entry point, one RW segment with bss. */
    static TestElf valid() {
        TestElf e = new TestElf();
        e.phdrs.add(new Phdr(ElfFile.PT_LOAD, ElfFile.PF_R | ElfFile.PF_X, 0x1000, 0x401000, 0x100, 0x100, 0x1000));
        e.phdrs.add(new Phdr(ElfFile.PT_LOAD, ElfFile.PF_R | ElfFile.PF_W, 0x1100, 0x402100, 0x10, 0x2000, 0x1000));
        return e;
    }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, 0x2000)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ident);
        b.position(16);
        b.putShort((short) type).putShort((short) machine).putInt(1).putLong(entry).putLong(phoff).putLong(0)
         .putInt(0).putShort((short) 64).putShort((short) phentsize)
         .putShort((short) (phnumOverride != null ? phnumOverride : phdrs.size()))
         .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        long at = phoff;
        for (Phdr p : phdrs) {
            if (at < 64 || at > b.capacity() - 56) break; // an absurd phoff: nothing to write there
            b.position((int) at);
            b.putInt(p.type()).putInt(p.flags()).putLong(p.offset()).putLong(p.vaddr()).putLong(p.vaddr())
             .putLong(p.filesz()).putLong(p.memsz()).putLong(p.align());
            at += 56;
        }
        b.put(0x1000, (byte) 0xf4); // hlt at the entry point
        return java.util.Arrays.copyOf(b.array(), size);
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(bytes());
    }
}
