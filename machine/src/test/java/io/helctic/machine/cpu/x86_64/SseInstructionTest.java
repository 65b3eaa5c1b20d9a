package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** SSE..SSE4.2 families with hand-checked values (the exhaustive check is SseDifferentialTest). */
class SseInstructionTest {
    private static final long D = TestMachine.DATA;
    private static final int ONE = 0x3F80_0000;
    private static final long ARITH = FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF;

    /** A machine with rbx = DATA, xmm0/xmm1 low dwords as given, and MXCSR. */
    private static TestMachine machine(String code, long x0, long x1, int mxcsr) {
        TestMachine m = new TestMachine();
        m.load(code);
        m.cpu.setReg(RBX, D);
        m.cpu.setXmm(0, x0, 0);
        m.cpu.setXmm(1, x1, 0);
        m.cpu.setMxcsr(mxcsr);
        return m;
    }

    private static X86Cpu run(String code, long x0, long x1, int mxcsr) {
        TestMachine m = machine(code, x0, x1, mxcsr);
        return m.runToEnd();
    }

    @Test
    void mxcsrDefaultLoadStoreAndReservedBits() {
        TestMachine m = new TestMachine();
        m.poke64(D, 0x0000_7F80_0000_0000L); // at +4: round toward zero
        m.load("0f ae 1b 0f ae 53 04 0f ae 5b 08");
        m.cpu.setReg(RBX, D);
        m.runToEnd();
        assertThat(m.peek64(D) & 0xFFFF_FFFFL).isEqualTo(0x1F80);
        assertThat(m.peek64(D + 8) & 0xFFFF_FFFFL).isEqualTo(0x7F80);
        assertThat(m.cpu.mxcsr()).isEqualTo(0x7F80);

        m = new TestMachine();
        m.poke64(D, 0x0001_1F80_0000_0000L); // bit 16 is reserved
        m.load("0f ae 53 04");
        m.cpu.setReg(RBX, D);
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE));
        assertThat(m.cpu.mxcsr()).isEqualTo(0x1F80);
    }

    @Test
    void divideByZeroMaskedGivesInfinityUnmaskedTraps() {
        X86Cpu c = run("f3 0f 5e c1", ONE, 0, 0x1F80);
        assertThat(c.xmm(0, 0)).isEqualTo(0x7F80_0000L);
        assertThat(c.mxcsr()).isEqualTo(0x1F80 | Mxcsr.ZE);

        TestMachine m = machine("f3 0f 5e c1", ONE, 0, 0x1F80 & ~(Mxcsr.ZE << 7));
        assertThat(m.run()).isEqualTo(new Trap.SimdFloatingPoint(TestMachine.CODE));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE);
        assertThat(m.cpu.xmm(0, 0)).isEqualTo(ONE); // destination untouched
        assertThat(m.cpu.mxcsr()).isEqualTo((0x1F80 & ~(Mxcsr.ZE << 7)) | Mxcsr.ZE);
    }

    @Test
    void everyRoundingMode() {
        long tiny = 0x3080_0000L; // 2^-30: 1 + 2^-30 is not representable
        int[] modes = {0x1F80, 0x3F80, 0x5F80, 0x7F80}; // nearest, down, up, zero
        long[] pos = {ONE, ONE, ONE + 1, ONE};
        for (int k = 0; k < 4; k++) {
            X86Cpu c = run("f3 0f 58 c1", ONE, tiny, modes[k]);
            assertThat(c.xmm(0, 0)).as("mode %d", k).isEqualTo(pos[k]);
            assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.PE);
        }
        X86Cpu c = run("f3 0f 58 c1", 0xBF80_0000L, tiny | 0x8000_0000L, 0x3F80); // down, negative
        assertThat(c.xmm(0, 0)).isEqualTo(0xBF80_0001L);
        // sqrt(2) in double, up and down differ by one ulp
        long two = Double.doubleToRawLongBits(2.0);
        long down = run("f2 0f 51 c1", 0, two, 0x3F80).xmm(0, 0);
        long up = run("f2 0f 51 c1", 0, two, 0x5F80).xmm(0, 0);
        assertThat(up - down).isEqualTo(1);
        assertThat(Double.longBitsToDouble(up)).isEqualTo(Math.sqrt(2.0)); // nearest rounds up here
    }

    @Test
    void minReturnsTheSecondOperandForNaNAndZeros() {
        assertThat(run("f3 0f 5d c1", 0, 0x8000_0000L, 0x1F80).xmm(0, 0)).isEqualTo(0x8000_0000L);
        assertThat(run("f3 0f 5d c1", 0x8000_0000L, 0, 0x1F80).xmm(0, 0)).isZero();
        X86Cpu c = run("f3 0f 5d c1", 0x7FC0_0000L, ONE, 0x1F80);
        assertThat(c.xmm(0, 0)).isEqualTo(ONE);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.IE); // QNaN operands are invalid for MIN
        assertThat(run("f3 0f 5d c1", ONE, 0x7FA0_0000L, 0x1F80).xmm(0, 0)).isEqualTo(0x7FA0_0000L); // SNaN not quieted
    }

    @Test
    void comissSignalsQuietNaNsUcomissDoesNot() {
        X86Cpu c = run("0f 2e c1", 0x7FC0_0000L, ONE, 0x1F80);
        assertThat(c.rflags() & ARITH).isEqualTo(FLAG_ZF | FLAG_PF | FLAG_CF);
        assertThat(c.mxcsr() & 0x3F).isZero();
        c = run("0f 2f c1", 0x7FC0_0000L, ONE, 0x1F80);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.IE);
        c = run("0f 2f c1", 0x4000_0000L, ONE, 0x1F80); // 2 > 1
        assertThat(c.rflags() & ARITH).isZero();
        c = run("0f 2f c1", ONE, 0x4000_0000L, 0x1F80);
        assertThat(c.rflags() & ARITH).isEqualTo(FLAG_CF);
    }

    @Test
    void conversionsOutOfRangeGiveTheIntegerIndefinite() {
        X86Cpu c = run("f3 0f 2c c1", 0, 0x4F00_0000L, 0x1F80); // 2^31
        assertThat(c.reg(RAX)).isEqualTo(0x8000_0000L);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.IE);
        c = run("f3 0f 2c c1", 0, 0xC000_0000L | 0x0060_0000L, 0x1F80); // -3.5 truncates to -3
        assertThat(c.reg(RAX)).isEqualTo(0xFFFF_FFFDL);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.PE);
        c = run("f2 48 0f 2d c1", 0, Double.doubleToRawLongBits(0x1p63), 0x1F80);
        assertThat(c.reg(RAX)).isEqualTo(Long.MIN_VALUE);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.IE);
        c = run("f2 48 0f 2d c1", 0, Double.doubleToRawLongBits(-2.5), 0x1F80); // nearest-even
        assertThat(c.reg(RAX)).isEqualTo(-2);
    }

    @Test
    void flushToZeroAndDenormalsAreZero() {
        long minNormal = 0x0080_0000L, half = 0x3F00_0000L;
        X86Cpu c = run("f3 0f 59 c1", minNormal, half, 0x1F80);
        assertThat(c.xmm(0, 0)).isEqualTo(0x0040_0000L); // exact denormal: no flags
        assertThat(c.mxcsr() & 0x3F).isZero();
        c = run("f3 0f 59 c1", minNormal, half, 0x1F80 | Mxcsr.FTZ);
        assertThat(c.xmm(0, 0)).isZero();
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.UE | Mxcsr.PE);
        c = run("f3 0f 58 c1", 0x0000_0001L, ONE, 0x1F80);
        assertThat(c.mxcsr() & 0x3F).isEqualTo(Mxcsr.DE | Mxcsr.PE);
        c = run("f3 0f 58 c1", 0x0000_0001L, 0, 0x1F80 | Mxcsr.DAZ);
        assertThat(c.xmm(0, 0)).isZero();
        assertThat(c.mxcsr() & 0x3F).isZero();
    }

    @Test
    void misalignedPackedOperandIsGeneralProtection() {
        TestMachine m = new TestMachine();
        m.load("0f 58 00");
        m.cpu.setReg(RAX, D + 8);
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE));
        m = new TestMachine();
        m.load("0f 58 00");
        m.cpu.setReg(RAX, D + 16);
        m.runToEnd();
    }

    @Test
    void crc32IsCrc32c() {
        long v = 0x0123_4567_89AB_CDEFL;
        TestMachine m = new TestMachine();
        m.load("f2 48 0f 38 f1 c8 f2 0f 38 f0 c8");
        m.cpu.setReg(RAX, v);
        m.cpu.setReg(RCX, 0xFFFF_FFFFL);
        m.runToEnd();
        CRC32C ref = new CRC32C();
        byte[] bytes = new byte[9];
        for (int i = 0; i < 8; i++) bytes[i] = (byte) (v >>> (8 * i));
        bytes[8] = (byte) v;
        ref.update(bytes);
        assertThat(~m.cpu.reg(RCX) & 0xFFFF_FFFFL).isEqualTo(ref.getValue());
    }

    @Test
    void popcntAndLzcntTzcntStayBsrBsf() {
        TestMachine m = new TestMachine();
        m.load("f3 48 0f b8 c8 f3 48 0f bd c8 f3 48 0f bc d0");
        m.cpu.setReg(RAX, 0x00F0_0000_0000_0100L);
        m.runToEnd();
        assertThat(m.cpu.reg(RCX)).isEqualTo(55); // BSR, not LZCNT's 8
        assertThat(m.cpu.reg(RDX)).isEqualTo(8);  // BSF
        m = new TestMachine();
        m.load("f3 48 0f b8 c8");
        m.cpu.setReg(RAX, 0x00F0_0000_0000_0100L);
        m.runToEnd();
        assertThat(m.cpu.reg(RCX)).isEqualTo(5);
        assertThat(m.cpu.rflags() & ARITH).isZero();
        m = new TestMachine();
        m.load("f3 48 0f b8 c8");
        m.runToEnd();
        assertThat(m.cpu.rflags() & ARITH).isEqualTo(FLAG_ZF);
    }

    @Test
    void pcmpistriFindsACharacter() {
        long abcdef = 0x0000_6665_6463_6261L; // "abcdef"
        X86Cpu c = run("66 0f 3a 63 c1 00", 'c', abcdef, 0x1F80); // equal any: xmm0 = "c"
        assertThat(c.reg(RCX)).isEqualTo(2);
        assertThat(c.rflags() & ARITH).isEqualTo(FLAG_CF | FLAG_ZF | FLAG_SF);
        c = run("66 0f 3a 63 c1 00", 'z', abcdef, 0x1F80);
        assertThat(c.reg(RCX)).isEqualTo(16);
        assertThat(c.rflags() & FLAG_CF).isZero();
    }

    @Test
    void maskmovdquStoresSelectedBytesAtRdi() {
        TestMachine m = new TestMachine();
        m.poke64(D, 0x1111_1111_1111_1111L);
        m.load("66 0f f7 c1");
        m.cpu.setReg(RDI, D);
        m.cpu.setXmm(0, 0x8877_6655_4433_2211L, 0);
        m.cpu.setXmm(1, 0x8000_0000_0080_8000L, 0);
        m.runToEnd();
        assertThat(m.peek64(D)).isEqualTo(0x8811_1111_1133_2211L);
    }

    @Test
    void hintsAndFencesAreNoOps() {
        TestMachine m = new TestMachine();
        m.load("0f ae 3b 0f 18 0b 0f ae e8 0f ae f0 0f ae f8 f3 90");
        m.cpu.setReg(RBX, D);
        m.runToEnd();
    }

    @Test
    void shufflesAndAlign() {
        TestMachine m = new TestMachine();
        m.load("66 0f 38 00 c1");
        m.cpu.setXmm(0, 0x0706_0504_0302_0100L, 0x0F0E_0D0C_0B0A_0908L);
        m.cpu.setXmm(1, 0x8000_0000_0000_0F01L, 0);
        m.runToEnd();
        assertThat(m.cpu.xmm(0, 0)).isEqualTo(0x0000_0000_0000_0F01L);
        m = new TestMachine();
        m.load("66 0f 3a 0f c1 03");
        m.cpu.setXmm(0, 0x0706_0504_0302_0100L, 0x0F0E_0D0C_0B0A_0908L);
        m.cpu.setXmm(1, 0x1716_1514_1312_1110L, 0x1F1E_1D1C_1B1A_1918L);
        m.runToEnd();
        assertThat(m.cpu.xmm(0, 0)).isEqualTo(0x1A19_1817_1615_1413L);
        assertThat(m.cpu.xmm(0, 1)).isEqualTo(0x0201_001F_1E1D_1C1BL);
    }

    @Test
    void roundsdFloorSuppressingInexact() {
        X86Cpu c = run("66 0f 3a 0b c1 09", 0, Double.doubleToRawLongBits(-2.5), 0x1F80);
        assertThat(Double.longBitsToDouble(c.xmm(0, 0))).isEqualTo(-3.0);
        assertThat(c.mxcsr() & 0x3F).isZero();
    }
}
