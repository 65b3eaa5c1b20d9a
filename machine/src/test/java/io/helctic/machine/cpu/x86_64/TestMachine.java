package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.memory.PageTableEntry.*;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.memory.PhysicalMemory;

/** A physical memory, page tables built by hand (as the kernel would), and a CPU over them. */
final class TestMachine {
    static final long CODE = 0x40_0000L, DATA = 0x60_0000L, STACK_TOP = 0x7fff_0000L;
    static final long RW = PRESENT | WRITABLE | USER, RX = PRESENT | USER, RO = PRESENT | USER | NO_EXECUTE,
            RWNX = PRESENT | WRITABLE | USER | NO_EXECUTE;

    final PhysicalMemory mem;
    final X86Cpu cpu;
    final long pml4;
    private long nextFrame = 1;

    TestMachine() {
        this(64L << 20);
    }

    TestMachine(long bytes) {
        mem = new PhysicalMemory(bytes);
        pml4 = alloc() << 12;
        cpu = new X86Cpu(mem);
        cpu.setCr3(pml4);
        mapRange(STACK_TOP - 16 * 4096, 16 * 4096, RWNX);
        mapRange(DATA, 4 * 4096, RWNX);
    }

    long alloc() {
        return nextFrame++;
    }

    /** The page-table entry's physical address for va, creating intermediate tables. */
    long pteAddress(long va) {
        long table = pml4;
        for (int shift = 39; shift > 12; shift -= 9) {
            long ea = table + ((va >>> shift) & 0x1ff) * 8;
            long e = mem.read64(ea);
            if ((e & PRESENT) == 0) {
                e = (alloc() << 12) | PRESENT | WRITABLE | USER;
                mem.write64(ea, e);
            }
            table = e & ADDRESS_MASK;
        }
        return table + ((va >>> 12) & 0x1ff) * 8;
    }

    /** Maps a fresh frame at va (if not mapped) with the given flags; returns the pfn. */
    long map(long va, long flags) {
        long pte = pteAddress(va);
        long e = mem.read64(pte);
        long pfn = (e & PRESENT) != 0 ? (e & ADDRESS_MASK) >>> 12 : alloc();
        mem.write64(pte, (pfn << 12) | flags);
        cpu.invalidatePage(va);
        return pfn;
    }

    void mapRange(long va, long len, long flags) {
        for (long a = va & ~0xfffL; a < va + len; a += 4096) map(a, flags);
    }

    void protect(long va, long flags) {
        long pte = pteAddress(va);
        long e = mem.read64(pte);
        mem.write64(pte, (e & ADDRESS_MASK) | flags);
        cpu.invalidatePage(va);
    }

    void unmap(long va) {
        mem.write64(pteAddress(va), 0);
        cpu.invalidatePage(va);
    }

    boolean mapped(long va) {
        return (mem.read64(pteAddress(va)) & PRESENT) != 0;
    }

    long pfnOf(long va) {
        return (mem.read64(pteAddress(va)) & ADDRESS_MASK) >>> 12;
    }

    /** Writes bytes as the kernel would (through the frames, then frameWritten). */
    void poke(long va, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            long a = va + i;
            long pfn = pfnOf(a);
            mem.frame(pfn)[(int) (a & 0xfff)] = data[i];
            mem.frameWritten(pfn);
        }
    }

    byte[] peek(long va, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            long a = va + i;
            out[i] = mem.frame(pfnOf(a))[(int) (a & 0xfff)];
        }
        return out;
    }

    long peek64(long va) {
        byte[] b = peek(va, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        return v;
    }

    void poke64(long va, long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        poke(va, b);
    }

    /** Loads code at CODE followed by HLT (which ends the test run with #GP), sets rip/rsp. */
    void load(String hexCode) {
        byte[] code = hex(hexCode + " f4");
        end = CODE + code.length - 1;
        load(CODE, code);
    }

    private long end;

    void load(long at, byte[] code) {
        mapRange(at, code.length, RX);
        poke(at, code);
        cpu.setRip(at);
        cpu.setReg(X86Cpu.RSP, STACK_TOP - 256);
    }

    Trap run() {
        return cpu.run(10_000_000);
    }

    /** Runs and expects the terminating HLT. */
    X86Cpu runToEnd() {
        Trap t = run();
        if (!(t instanceof Trap.GeneralProtection(long rip) && rip == end)) {
            throw new AssertionError("expected the final hlt, got " + t + "\n" + cpu.registerDump());
        }
        return cpu;
    }

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }
}
