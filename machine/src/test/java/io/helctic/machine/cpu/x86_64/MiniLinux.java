package io.helctic.machine.cpu.x86_64;

import io.helctic.machine.cpu.Trap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of a Linux kernel, inside a test, to run the project's freestanding guests on the
 * emulated CPU: an ELF64 loader (static, ET_EXEC or ET_DYN) and write, exit, brk, mmap
 * (anonymous), munmap, mprotect, getpid.
 */
final class MiniLinux {
    final TestMachine m = new TestMachine(256L << 20);
    final StringBuilder out = new StringBuilder();
    Integer exitStatus;
    /** Value passed to the test-only syscall 77777 (which also ends the run). */
    Long reported;
    Trap fatal;
    long brkStart, brk;
    long mmapNext = 0x7f00_0000_0000L;

    MiniLinux(byte[] elf, String... argv) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(16);
        long bias = type == 3 ? 0x5555_0000_0000L : 0;
        long entry = b.getLong(24) + bias;
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54), phnum = b.getShort(56);
        long end = 0;
        for (int i = 0; i < phnum; i++) {
            int p = (int) (phoff + (long) i * phentsize);
            if (b.getInt(p) != 1) continue; // PT_LOAD
            int flags = b.getInt(p + 4);
            long off = b.getLong(p + 8), va = b.getLong(p + 16) + bias, filesz = b.getLong(p + 32),
                    memsz = b.getLong(p + 40);
            m.mapRange(va, memsz, TestMachine.RW);
            byte[] data = new byte[(int) filesz];
            System.arraycopy(elf, (int) off, data, 0, data.length);
            m.poke(va, data);
            long perms = io.helctic.machine.memory.PageTableEntry.PRESENT | io.helctic.machine.memory.PageTableEntry.USER
                    | ((flags & 2) != 0 ? io.helctic.machine.memory.PageTableEntry.WRITABLE : 0)
                    | ((flags & 1) == 0 ? io.helctic.machine.memory.PageTableEntry.NO_EXECUTE : 0);
            for (long a = va & ~0xfffL; a < va + memsz; a += 4096) m.protect(a, perms);
            end = Math.max(end, va + memsz);
        }
        brkStart = brk = (end + 0xfff) & ~0xfffL;
        // stack: argc, argv, NULL, envp NULL, auxv AT_NULL
        long top = TestMachine.STACK_TOP;
        m.mapRange(top - 64 * 4096, 64 * 4096, TestMachine.RWNX);
        long strings = top - 4096;
        long[] ptrs = new long[argv.length];
        long p = strings;
        for (int i = 0; i < argv.length; i++) {
            byte[] s = (argv[i] + "\0").getBytes(StandardCharsets.UTF_8);
            m.poke(p, s);
            ptrs[i] = p;
            p += s.length;
        }
        long sp = strings - 512;
        sp &= ~15L;
        long q = sp;
        m.poke64(q, argv.length);
        q += 8;
        for (long ptr : ptrs) {
            m.poke64(q, ptr);
            q += 8;
        }
        m.poke64(q, 0); // argv NULL
        m.poke64(q + 8, 0); // envp NULL
        m.poke64(q + 16, 0); // AT_NULL
        m.poke64(q + 24, 0);
        m.cpu.setRip(entry);
        m.cpu.setReg(X86Cpu.RSP, sp);
    }

    /** Runs to exit or a fatal trap. Returns the exit status, or -signal-ish for traps. */
    MiniLinux run() {
        X86Cpu cpu = m.cpu;
        for (int guard = 0; guard < 100_000; guard++) {
            Trap t = cpu.run(1_000_000);
            switch (t) {
                case Trap.TimerExpired te -> { }
                case Trap.Syscall s -> {
                    long r = syscall(cpu.reg(X86Cpu.RAX), cpu.reg(X86Cpu.RDI), cpu.reg(X86Cpu.RSI), cpu.reg(X86Cpu.RDX),
                            cpu.reg(X86Cpu.R10), cpu.reg(X86Cpu.R8));
                    if (exitStatus != null) return this;
                    cpu.setReg(X86Cpu.RAX, r);
                }
                default -> {
                    fatal = t;
                    return this;
                }
            }
        }
        throw new AssertionError("guest did not finish");
    }

    private long syscall(long nr, long a1, long a2, long a3, long a4, long a5) {
        switch ((int) nr) {
            case 1 -> { // write
                for (long a = a2; a < a2 + a3; a++) {
                    if (!m.mapped(a)) return -14;
                }
                if (a1 == 1 || a1 == 2) out.append(new String(m.peek(a2, (int) a3), StandardCharsets.UTF_8));
                return a3;
            }
            case 60, 231 -> {
                exitStatus = (int) a1;
                return 0;
            }
            case 39 -> { return 42; }
            case 77777 -> {
                reported = a1;
                exitStatus = 0;
                return 0;
            }
            case 12 -> { // brk
                if (a1 < brkStart) return brk;
                long newEnd = (a1 + 0xfff) & ~0xfffL;
                long oldEnd = (brk + 0xfff) & ~0xfffL;
                for (long a = oldEnd; a < newEnd; a += 4096) {
                    m.map(a, TestMachine.RWNX);
                }
                for (long a = newEnd; a < oldEnd; a += 4096) {
                    m.mem.release(m.pfnOf(a));
                    m.unmap(a);
                }
                brk = a1;
                return brk;
            }
            case 9 -> { // mmap anonymous
                if (a2 == 0) return -22;
                long len = (a2 + 0xfff) & ~0xfffL;
                long at = mmapNext;
                mmapNext += len + 4096;
                for (long a = at; a < at + len; a += 4096) m.map(a, prot(a3));
                return at;
            }
            case 11 -> { // munmap
                if ((a1 & 0xfff) != 0) return -22;
                for (long a = a1; a < a1 + a2; a += 4096) if (m.mapped(a)) m.unmap(a);
                return 0;
            }
            case 10 -> { // mprotect
                for (long a = a1; a < a1 + a2; a += 4096) m.protect(a, prot(a3));
                return 0;
            }
            default -> { return -38; }
        }
    }

    private static long prot(long p) {
        return io.helctic.machine.memory.PageTableEntry.PRESENT | io.helctic.machine.memory.PageTableEntry.USER
                | ((p & 2) != 0 ? io.helctic.machine.memory.PageTableEntry.WRITABLE : 0)
                | ((p & 4) == 0 ? io.helctic.machine.memory.PageTableEntry.NO_EXECUTE : 0);
    }
}
