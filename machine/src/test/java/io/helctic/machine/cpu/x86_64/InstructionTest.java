package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.disasm.X86Disassembler;
import org.junit.jupiter.api.Test;

/** Instruction families, each a tiny hand-encoded sequence ending in HLT. */
class InstructionTest {
    private static final long ARITH = FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF;

    private static X86Cpu exec(String code) {
        TestMachine m = new TestMachine();
        m.load(code);
        return m.runToEnd();
    }

    private static long arith(X86Cpu c) {
        return c.rflags() & ARITH;
    }

    @Test
    void movForms() {
        X86Cpu c = exec("48 b8 88 77 66 55 44 33 22 11 48 89 c3 b9 ff ff ff ff 66 ba 34 12 b4 7f 41 b0 09 49 c7 c1 fe ff ff ff");
        assertThat(c.reg(RAX)).isEqualTo(0x1122334455667f88L); // mov ah, 0x7f
        assertThat(c.reg(RBX)).isEqualTo(0x1122334455667788L);
        assertThat(c.reg(RCX)).isEqualTo(0xffffffffL);
        assertThat(c.reg(RDX) & 0xffff).isEqualTo(0x1234);
        assertThat(c.reg(R8) & 0xff).isEqualTo(9);
        assertThat(c.reg(R9)).isEqualTo(-2);
    }

    @Test
    void thirtyTwoBitWritesZeroExtend() {
        X86Cpu c = exec("48 c7 c0 ff ff ff ff 89 c0 48 c7 c3 ff ff ff ff 66 89 db 88 db");
        assertThat(c.reg(RAX)).isEqualTo(0xffffffffL);
        assertThat(c.reg(RBX)).isEqualTo(-1L); // 16- and 8-bit writes merge
    }

    @Test
    void movzxMovsxMovsxdLea() {
        X86Cpu c = exec("bb f0 ff 00 80 48 0f b6 c3 48 0f be cb 48 63 d3 48 0f bf f3 48 8d 7c 58 05");
        assertThat(c.reg(RAX)).isEqualTo(0xf0);
        assertThat(c.reg(RCX)).isEqualTo(-16);
        assertThat(c.reg(RDX)).isEqualTo(0xffffffff8000fff0L);
        assertThat(c.reg(RSI)).isEqualTo(-16);
        assertThat(c.reg(RDI)).isEqualTo(0xf0 + 2 * 0x8000fff0L + 5);
    }

    @Test
    void addOverflowAndCarryFlags() {
        X86Cpu c = exec("b0 7f 04 01");
        assertThat(c.reg(RAX) & 0xff).isEqualTo(0x80);
        assertThat(arith(c)).isEqualTo(FLAG_OF | FLAG_SF | FLAG_AF);
        c = exec("b0 ff 04 01");
        assertThat(arith(c)).isEqualTo(FLAG_CF | FLAG_ZF | FLAG_AF | FLAG_PF);
        c = exec("48 b8 ff ff ff ff ff ff ff 7f 48 83 c0 01");
        assertThat(c.reg(RAX)).isEqualTo(Long.MIN_VALUE);
        assertThat(arith(c)).isEqualTo(FLAG_OF | FLAG_SF | FLAG_AF | FLAG_PF);
    }

    @Test
    void subCmpSbbAdc() {
        X86Cpu c = exec("31 c0 48 83 e8 01");
        assertThat(c.reg(RAX)).isEqualTo(-1L);
        assertThat(arith(c)).isEqualTo(FLAG_CF | FLAG_SF | FLAG_AF | FLAG_PF);
        // 128-bit add: rdx:rax + rcx:rbx with carry
        c = exec("48 c7 c0 ff ff ff ff 48 c7 c2 01 00 00 00 bb 01 00 00 00 b9 02 00 00 00 48 01 d8 48 11 ca");
        assertThat(c.reg(RAX)).isZero();
        assertThat(c.reg(RDX)).isEqualTo(4);
        // sbb: 0 - 1 - borrow
        c = exec("f9 b8 00 00 00 00 bb 01 00 00 00 19 d8");
        assertThat(c.reg(RAX)).isEqualTo(0xfffffffeL);
        assertThat(c.rflags() & FLAG_CF).isNotZero();
        // signed compare of MIN with 1: less, so setl = 1, setb = 0
        c = exec("48 b8 00 00 00 00 00 00 00 80 48 83 f8 01 0f 9c c1 0f 92 c2 0f 9f c3");
        assertThat(c.reg(RCX) & 0xff).isEqualTo(1);
        assertThat(c.reg(RDX) & 0xff).isEqualTo(0);
        assertThat(c.reg(RBX) & 0xff).isEqualTo(0);
        assertThat(c.rflags() & FLAG_OF).isNotZero();
    }

    @Test
    void logicIncDecNegNot() {
        X86Cpu c = exec("f9 48 c7 c0 ff ff ff ff 48 ff c0 48 c7 c3 05 00 00 00 48 f7 db 48 c7 c1 0f 00 00 00 48 f7 d1");
        assertThat(c.reg(RAX)).isZero();
        assertThat(c.reg(RBX)).isEqualTo(-5);
        assertThat(c.reg(RCX)).isEqualTo(~0xfL);
        c = exec("f9 48 31 c0 48 ff c0"); // INC keeps CF; XOR cleared it first
        assertThat(arith(c) & FLAG_CF).isZero();
        c = exec("48 31 c0 f9 48 ff c8"); // DEC of 0 keeps CF=1, sets SF
        assertThat(arith(c)).isEqualTo(FLAG_CF | FLAG_SF | FLAG_AF | FLAG_PF);
        c = exec("b8 f0 00 00 00 a8 0f"); // test al, 0x0f
        assertThat(arith(c)).isEqualTo(FLAG_ZF | FLAG_PF);
    }

    @Test
    void multiplyAndDivide() {
        X86Cpu c = exec("48 c7 c0 ff ff ff ff 48 c7 c3 02 00 00 00 48 f7 e3");
        assertThat(c.reg(RAX)).isEqualTo(-2L);
        assertThat(c.reg(RDX)).isEqualTo(1);
        assertThat(c.rflags() & (FLAG_CF | FLAG_OF)).isEqualTo(FLAG_CF | FLAG_OF);
        c = exec("48 c7 c3 fd ff ff ff 48 6b c3 07 48 69 cb 00 01 00 00 48 0f af db");
        assertThat(c.reg(RAX)).isEqualTo(-21);
        assertThat(c.reg(RCX)).isEqualTo(-768);
        assertThat(c.reg(RBX)).isEqualTo(9);
        // 128/64 unsigned: (1 << 64) / 3
        c = exec("ba 01 00 00 00 31 c0 bb 03 00 00 00 48 f7 f3");
        assertThat(c.reg(RAX)).isEqualTo(0x5555555555555555L);
        assertThat(c.reg(RDX)).isEqualTo(1);
        // signed: -7 / 2 = -3 rem -1
        c = exec("48 c7 c0 f9 ff ff ff 48 99 48 c7 c3 02 00 00 00 48 f7 fb");
        assertThat(c.reg(RAX)).isEqualTo(-3);
        assertThat(c.reg(RDX)).isEqualTo(-1);
        // 8-bit: ax=1000 / 7
        c = exec("66 b8 e8 03 b3 07 f6 f3");
        assertThat(c.reg(RAX) & 0xffff).isEqualTo((1000 % 7) << 8 | 1000 / 7);
    }

    @Test
    void divideErrors() {
        TestMachine m = new TestMachine();
        m.load("31 db 48 f7 f3");
        assertThat(m.run()).isEqualTo(new Trap.DivideError(TestMachine.CODE + 2));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 2);
        m = new TestMachine(); // idiv overflow: MIN / -1
        m.load("48 b8 00 00 00 00 00 00 00 80 48 99 48 c7 c3 ff ff ff ff 48 f7 fb");
        assertThat(m.run()).isInstanceOf(Trap.DivideError.class);
        m = new TestMachine(); // div quotient overflow
        m.load("ba 05 00 00 00 bb 05 00 00 00 48 f7 f3");
        assertThat(m.run()).isInstanceOf(Trap.DivideError.class);
    }

    @Test
    void shiftsAndRotates() {
        X86Cpu c = exec("48 c7 c0 01 00 00 00 48 c1 e0 3f");
        assertThat(c.reg(RAX)).isEqualTo(Long.MIN_VALUE);
        c = exec("48 c7 c0 f0 ff ff ff 48 d1 f8");
        assertThat(c.reg(RAX)).isEqualTo(-8);
        c = exec("48 c7 c0 03 00 00 00 b1 01 48 d3 e8"); // shr rax, cl: CF = 1
        assertThat(c.reg(RAX)).isEqualTo(1);
        assertThat(c.rflags() & FLAG_CF).isNotZero();
        c = exec("b8 01 00 00 80 d1 c0"); // rol eax, 1
        assertThat(c.reg(RAX)).isEqualTo(3);
        assertThat(c.rflags() & FLAG_CF).isNotZero();
        c = exec("b8 01 00 00 00 d1 c8"); // ror eax, 1
        assertThat(c.reg(RAX)).isEqualTo(0x80000000L);
        c = exec("f9 b0 80 d0 d0"); // rcl al, 1 with CF=1: al = 1, CF = 1
        assertThat(c.reg(RAX) & 0xff).isEqualTo(1);
        assertThat(c.rflags() & FLAG_CF).isNotZero();
        c = exec("48 c7 c0 ff 00 00 00 48 c7 c3 00 00 00 f0 48 0f a4 d8 04 48 0f ac d9 04"); // shld/shrd
        assertThat(c.reg(RAX)).isEqualTo(0xff0L | 0xf);
        assertThat(c.reg(RCX)).isEqualTo(0);
        c = exec("48 c7 c0 05 00 00 00 31 c9 48 d3 e0"); // shift by 0 leaves flags
        assertThat(c.reg(RAX)).isEqualTo(5);
        assertThat(c.rflags() & FLAG_ZF).isNotZero();
    }

    @Test
    void bitOps() {
        X86Cpu c = exec("48 c7 c3 00 01 00 00 48 0f bc c3 48 0f bd f3 48 c7 c2 20 00 00 00 48 c7 c1 05 00 00 00 48 0f a3 ca 0f 92 c2");
        assertThat(c.reg(RAX)).isEqualTo(8);
        assertThat(c.reg(RSI)).isEqualTo(8);
        assertThat(c.reg(RDX) & 0xff).isEqualTo(1); // bit 5 of 0x20
        c = exec("48 c7 c0 00 00 00 00 48 0f ba e8 05 48 0f ba f0 05 48 0f ba f8 03 48 b9 01 02 03 04 05 06 07 08 48 0f c9");
        assertThat(c.reg(RAX)).isEqualTo(8);
        assertThat(c.reg(RCX)).isEqualTo(0x0102030405060708L);
        c = exec("31 c0 48 c7 c3 05 00 00 00 48 0f bc c3");
        assertThat(c.reg(RAX)).isZero();
    }

    @Test
    void conversions() {
        X86Cpu c = exec("b8 00 00 00 80 48 98 48 99");
        assertThat(c.reg(RAX)).isEqualTo(0xffffffff80000000L);
        assertThat(c.reg(RDX)).isEqualTo(-1);
        c = exec("b8 80 00 00 00 66 98 98 99");
        assertThat(c.reg(RAX)).isEqualTo(0xffffff80L);
        assertThat(c.reg(RDX)).isEqualTo(0xffffffffL);
    }

    @Test
    void stackCallRetLeave() {
        X86Cpu c = exec("e8 03 00 00 00 eb 05 90 48 ff c0 c3");
        assertThat(c.reg(RAX)).isEqualTo(1);
        c = exec("6a fe 68 00 01 00 00 5b 58 53 8f c1 55 48 89 e5 48 83 ec 20 c9");
        assertThat(c.reg(RBX)).isEqualTo(0x100);
        assertThat(c.reg(RAX)).isEqualTo(-2);
        assertThat(c.reg(RCX)).isEqualTo(0x100);
        assertThat(c.reg(RSP)).isEqualTo(TestMachine.STACK_TOP - 256);
        // ret imm16 and indirect call
        c = exec("48 8d 05 0a 00 00 00 6a 00 ff d0 48 83 c3 01 eb 03 c2 08 00");
        assertThat(c.reg(RBX)).isEqualTo(1);
        assertThat(c.reg(RSP)).isEqualTo(TestMachine.STACK_TOP - 256);
    }

    @Test
    void conditionalMovesJumpsLoops() {
        X86Cpu c = exec("31 c0 bb 07 00 00 00 48 85 c0 48 0f 44 c3 48 0f 45 cb");
        assertThat(c.reg(RAX)).isEqualTo(7);
        assertThat(c.reg(RCX)).isZero();
        c = exec("b9 0a 00 00 00 31 c0 48 83 c0 02 e2 fa");
        assertThat(c.reg(RAX)).isEqualTo(20);
        c = exec("b9 05 00 00 00 31 c0 48 ff c0 48 39 c8 75 f8");
        assertThat(c.reg(RAX)).isEqualTo(5);
    }

    @Test
    void exchangeAndAtomics() {
        X86Cpu c = exec("b8 01 00 00 00 bb 02 00 00 00 48 87 d8 48 0f c1 d8 93");
        assertThat(c.reg(RBX)).isEqualTo(3);
        assertThat(c.reg(RAX)).isEqualTo(2);
        TestMachine m = new TestMachine();
        m.load("48 c7 c3 00 00 60 00 48 c7 03 05 00 00 00 b8 05 00 00 00 b9 09 00 00 00 f0 48 0f b1 0b 0f 94 c2"
                + " f0 48 0f b1 0b");
        m.runToEnd();
        assertThat(m.peek64(TestMachine.DATA)).isEqualTo(9);
        assertThat(m.cpu.reg(RDX) & 0xff).isEqualTo(1);
        assertThat(m.cpu.reg(RAX)).isEqualTo(9); // second cmpxchg failed and loaded the value
        assertThat(m.cpu.rflags() & FLAG_ZF).isZero();
    }

    @Test
    void stringOps() {
        TestMachine m = new TestMachine();
        m.poke(TestMachine.DATA, "hello, world\0".getBytes());
        // strlen via repne scasb; memcpy via rep movsb; memset via rep stosq
        m.load("48 c7 c7 00 00 60 00 31 c0 48 c7 c1 ff ff ff ff f2 ae 48 f7 d1 48 ff c9 49 89 c8"
                + " 48 c7 c6 00 00 60 00 48 c7 c7 00 10 60 00 4c 89 c1 f3 a4"
                + " 48 c7 c7 00 20 60 00 48 b8 41 41 41 41 41 41 41 41 b9 03 00 00 00 f3 48 ab");
        m.runToEnd();
        assertThat(m.cpu.reg(R8)).isEqualTo(12);
        assertThat(new String(m.peek(TestMachine.DATA + 0x1000, 12))).isEqualTo("hello, world");
        assertThat(new String(m.peek(TestMachine.DATA + 0x2000, 25))).isEqualTo("A".repeat(24) + "\0");
        // backwards with DF, and repe cmpsb
        m = new TestMachine();
        m.poke(TestMachine.DATA, "abcdef".getBytes());
        m.poke(TestMachine.DATA + 100, "abcxef".getBytes());
        m.load("fd 48 c7 c6 05 00 60 00 48 c7 c7 05 01 60 00 b9 06 00 00 00 f3 a4 fc"
                + " 48 c7 c6 00 00 60 00 48 c7 c7 64 00 60 00 b9 06 00 00 00 f3 a6");
        m.runToEnd();
        assertThat(new String(m.peek(TestMachine.DATA + 256, 6))).isEqualTo("abcdef");
        assertThat(m.cpu.reg(RCX)).isEqualTo(2); // stopped after the mismatch at index 3
        assertThat(m.cpu.rflags() & FLAG_ZF).isZero();
    }

    @Test
    void longRepIsPreemptibleAndResumes() {
        TestMachine m = new TestMachine();
        m.mapRange(0x1000_0000L, 16 * 4096 * 4, TestMachine.RWNX);
        m.load("48 c7 c7 00 00 00 10 b0 07 b9 00 00 04 00 f3 aa");
        Trap t;
        int slices = 0;
        do {
            t = m.cpu.run(5);
            slices++;
        } while (t instanceof Trap.TimerExpired);
        assertThat(t).isInstanceOf(Trap.GeneralProtection.class);
        assertThat(slices).isGreaterThan(10);
        assertThat(m.peek(0x1000_0000L + 0x3ffff, 2)).containsExactly(7, 0);
    }

    @Test
    void flagInstructions() {
        X86Cpu c = exec("f9 f5 9f f9 b4 d5 9e 9c 5b fd");
        assertThat(c.reg(RAX) >>> 8 & 0xff).isEqualTo(0xd5);
        assertThat(arith(c)).isEqualTo(FLAG_SF | FLAG_ZF | FLAG_AF | FLAG_PF | FLAG_CF);
        assertThat(c.reg(RBX) & 0xd5).isEqualTo(0xd5);
        assertThat(c.rflags() & FLAG_DF).isNotZero();
        c.setRflags(0);
        assertThat(c.rflags()).isEqualTo(0x202);
    }

    @Test
    void syscallSavesRipAndFlags() {
        TestMachine m = new TestMachine();
        m.load("f9 0f 05");
        assertThat(m.run()).isInstanceOf(Trap.Syscall.class);
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 3);
        assertThat(m.cpu.reg(RCX)).isEqualTo(TestMachine.CODE + 3);
        assertThat(m.cpu.reg(R11) & FLAG_CF).isEqualTo(1);
        assertThat(m.cpu.reg(R11) & 2).isEqualTo(2);
    }

    @Test
    void trapsArePrecise() {
        TestMachine m = new TestMachine();
        m.load("90 0f 0b");
        assertThat(m.run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE + 1));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 1);
        m = new TestMachine();
        m.load("90 cc");
        assertThat(m.run()).isEqualTo(new Trap.Breakpoint(TestMachine.CODE + 2));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 2);
        m = new TestMachine();
        m.load("90 f4");
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE + 1));
        m = new TestMachine();
        m.load("c5 f9 6f c1"); // VEX vmovdqa: refused
        assertThat(m.run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE));
        m = new TestMachine();
        m.load("0f 01 d0"); // xgetbv: not implemented
        assertThat(m.run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE));
        m = new TestMachine();
        m.load("06"); // invalid in 64-bit mode
        assertThat(m.run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE));
    }

    @Test
    void cpuidCacheLeavesDescribeOneConsistentHierarchy() {
        X86Cpu c = new X86Cpu(new io.helctic.machine.memory.PhysicalMemory(1 << 20));
        assertThat(c.cpuid(0, 0)[0]).as("highest basic leaf").isEqualTo(4);
        assertThat(c.cpuid(2, 0)[0]).as("one round, descriptor 0xFF").isEqualTo(0x00ff_0001);
        long[] expect = {32 << 10, 32 << 10, 1 << 20};
        int[] types = {1, 2, 3}, levels = {1, 1, 2};
        for (int sub = 0; sub < 3; sub++) {
            int[] r = c.cpuid(4, sub);
            long ways = ((r[1] >>> 22) & 0x3ff) + 1, parts = ((r[1] >>> 12) & 0x3ff) + 1, line = (r[1] & 0xfff) + 1;
            long sets = (r[2] & 0xffff_ffffL) + 1;
            assertThat(r[0] & 0x1f).isEqualTo(types[sub]);
            assertThat((r[0] >>> 5) & 7).isEqualTo(levels[sub]);
            assertThat(ways * parts * line * sets).as("size of sub-leaf %d", sub).isEqualTo(expect[sub]);
        }
        assertThat(c.cpuid(4, 3)[0] & 0x1f).as("no further cache").isZero();
    }

    @Test
    void cpuidIsHonest() {
        X86Cpu c = exec("31 c0 0f a2 41 89 d8 41 89 d1 41 89 ca b8 01 00 00 00 0f a2");
        String vendor = new String(new byte[] {
            (byte) c.reg(R8), (byte) (c.reg(R8) >> 8), (byte) (c.reg(R8) >> 16), (byte) (c.reg(R8) >> 24),
            (byte) c.reg(R9), (byte) (c.reg(R9) >> 8), (byte) (c.reg(R9) >> 16), (byte) (c.reg(R9) >> 24),
            (byte) c.reg(R10), (byte) (c.reg(R10) >> 8), (byte) (c.reg(R10) >> 16), (byte) (c.reg(R10) >> 24)});
        assertThat(vendor).isEqualTo("GenuineIntel");
        assertThat(c.reg(RDX) & (1 << 15)).isNotZero(); // CMOV
        assertThat(c.reg(RDX) & 1).isNotZero(); // x87
        assertThat(c.reg(RDX) & (1 << 24)).isNotZero(); // FXSR
        assertThat(c.reg(RDX) & (1 << 23)).isNotZero(); // MMX
        assertThat(c.reg(RDX) & (3 << 25)).isEqualTo(3 << 25); // SSE, SSE2
        // SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT; not PCLMULQDQ, MONITOR, FMA, AVX, XSAVE
        assertThat(c.reg(RCX) & 0xFFFF_FFFFL).isEqualTo(1 | 1 << 9 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 23);
    }

    @Test
    void segmentOverrideUsesFsBase() {
        TestMachine m = new TestMachine();
        m.poke64(TestMachine.DATA + 0x10, 0xabcdefL);
        m.load("64 48 8b 04 25 10 00 00 00 65 48 89 04 25 18 00 00 00");
        m.cpu.setFsBase(TestMachine.DATA);
        m.cpu.setGsBase(TestMachine.DATA);
        m.runToEnd();
        assertThat(m.cpu.reg(RAX)).isEqualTo(0xabcdefL);
        assertThat(m.peek64(TestMachine.DATA + 0x18)).isEqualTo(0xabcdefL);
    }

    @Test
    void sseMoves() {
        TestMachine m = new TestMachine();
        m.poke64(TestMachine.DATA, 0x1111_2222_3333_4444L);
        m.poke64(TestMachine.DATA + 8, 0x5555_6666_7777_8888L);
        m.load("48 c7 c3 00 00 60 00 f3 0f 6f 03 0f 29 43 20 66 0f ef c9 66 48 0f 7e c0 66 48 0f 6e d0"
                + " 66 0f 6c d2 0f 11 53 31 66 0f d6 43 50 0f 28 5b 20 0f 57 c0 0f 17 5b 60");
        m.runToEnd();
        assertThat(m.peek64(TestMachine.DATA + 0x20)).isEqualTo(0x1111_2222_3333_4444L);
        assertThat(m.peek64(TestMachine.DATA + 0x28)).isEqualTo(0x5555_6666_7777_8888L);
        assertThat(m.cpu.reg(RAX)).isEqualTo(0x1111_2222_3333_4444L);
        assertThat(m.peek64(TestMachine.DATA + 0x31)).isEqualTo(0x1111_2222_3333_4444L);
        assertThat(m.peek64(TestMachine.DATA + 0x39)).isEqualTo(0x1111_2222_3333_4444L);
        assertThat(m.peek64(TestMachine.DATA + 0x50)).isEqualTo(0x1111_2222_3333_4444L);
        assertThat(m.peek64(TestMachine.DATA + 0x60)).isEqualTo(0x5555_6666_7777_8888L);
        assertThat(m.cpu.xmm(0, 0)).isZero();
        assertThat(m.cpu.xmm(1, 1)).isZero();
        // movaps on a misaligned address: #GP
        m = new TestMachine();
        m.load("48 c7 c3 08 00 60 00 0f 28 03");
        assertThat(m.run()).isInstanceOf(Trap.GeneralProtection.class);
    }

    @Test
    void budgetExpiresBetweenInstructions() {
        TestMachine m = new TestMachine();
        m.load("48 ff c0 eb fb");
        assertThat(m.cpu.run(1001)).isInstanceOf(Trap.TimerExpired.class);
        assertThat(m.cpu.instructionsRetired()).isEqualTo(1001);
        assertThat(m.cpu.reg(RAX)).isEqualTo(501);
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 3);
    }

    @Test
    void disassemblerFormatsAtAndT() {
        byte[] code = TestMachine.hex("48 89 c3 48 8b 44 24 08 c7 05 10 00 00 00 01 00 00 00 e8 00 00 00 00 0f 05");
        assertThat(X86Disassembler.disassemble(code, 0, 0x1000)).isEqualTo("mov    %rax,%rbx");
        assertThat(X86Disassembler.disassemble(code, 3, 0x1000)).isEqualTo("mov    0x8(%rsp),%rax");
        assertThat(X86Disassembler.disassemble(code, 8, 0x1000)).startsWith("movl   $0x1,0x10(%rip)");
        assertThat(X86Disassembler.disassemble(code, 18, 0x1000)).isEqualTo("call   1005");
        assertThat(X86Disassembler.length(code, 8)).isEqualTo(10);
        assertThat(X86Disassembler.length(code, 23)).isEqualTo(2);
        assertThat(X86Disassembler.length(code, 24)).isEqualTo(-1); // truncated
        assertThat(X86Disassembler.disassemble(TestMachine.hex("06"), 0, 0)).isEqualTo("(bad)");
    }
}
