package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import org.junit.jupiter.api.Test;

/** x87 instructions on hand-checked values (the exhaustive comparison is X87DifferentialTest). */
class X87Test {
    private static final String RSI_DATA = "48 be 00 00 60 00 00 00 00 00 "; // mov $DATA, %rsi
    private static final long D = TestMachine.DATA;

    private static TestMachine run(String code) {
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + code);
        m.runToEnd();
        return m;
    }

    private static int peek16(TestMachine m, long a) {
        return (int) (m.peek64(a) & 0xffff);
    }

    @Test
    void addAndStoreDouble() {
        // fld1; fld1; faddp; fld1; faddp; fstpl (%rsi)  -> 3.0
        TestMachine m = run("d9 e8 d9 e8 de c1 d9 e8 de c1 dd 1e");
        assertThat(Double.longBitsToDouble(m.peek64(D))).isEqualTo(3.0);
    }

    @Test
    void divisionHonoursPrecisionControl() {
        // 1/3 with PC = 24 bits: significand 0xAAAAAB0000000000 (round to nearest), exponent 0x3ffd
        m0 = run("66 c7 46 10 7f 00 d9 6e 10 d9 e8 d9 e8 d9 e8 de c1 d9 e8 de c1 de f9 db 3e");
        assertThat(m0.peek64(D)).isEqualTo(0xAAAAAB00_00000000L);
        assertThat(peek16(m0, D + 8)).isEqualTo(0x3ffd);
        // the same at 64 bits: 0xAAAAAAAAAAAAAAAB
        TestMachine m = run("d9 e8 d9 e8 d9 e8 de c1 d9 e8 de c1 de f9 db 3e");
        assertThat(m.peek64(D)).isEqualTo(0xAAAAAAAA_AAAAAAABL);
    }

    private TestMachine m0;

    @Test
    void fldpiRoundsPerRoundingControl() {
        // nearest: ...C235; toward zero (RC=3): ...C234
        TestMachine m = run("d9 eb db 3e");
        assertThat(m.peek64(D)).isEqualTo(0xC90FDAA2_2168C235L);
        m = run("66 c7 46 10 7f 0f d9 6e 10 d9 eb db 3e");
        assertThat(m.peek64(D)).isEqualTo(0xC90FDAA2_2168C234L);
    }

    @Test
    void sqrtOfTwo() {
        // fld1; fld1; faddp; fsqrt; fstpt: sqrt(2) = 1.6A09E667F3BCC908B2F... -> 0xB504F333F9DE6484 (nearest)
        TestMachine m = run("d9 e8 d9 e8 de c1 d9 fa db 3e");
        assertThat(m.peek64(D)).isEqualTo(0xB504F333_F9DE6484L);
        assertThat(peek16(m, D + 8)).isEqualTo(0x3fff);
    }

    @Test
    void fistRoundsToEvenAndFisttpTruncates() {
        // 2.5: fld1; fld1; faddp (2); fld1; fld1; faddp; fdivrp? simpler: load 2.5 as a double
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + "dd 06 df 56 10 db 4e 14");
        m.poke64(D, Double.doubleToLongBits(2.5));
        m.runToEnd();
        assertThat(peek16(m, D + 0x10)).isEqualTo(2);
        assertThat(m.peek64(D + 0x14) & 0xffffffffL).isEqualTo(2);
        m = new TestMachine();
        m.load(RSI_DATA + "dd 06 df 56 10 db 4e 14");
        m.poke64(D, Double.doubleToLongBits(-3.5));
        m.runToEnd();
        assertThat(peek16(m, D + 0x10)).isEqualTo(0xfffc); // -4 (even)
        assertThat(m.peek64(D + 0x14) & 0xffffffffL).isEqualTo(0xfffffffdL); // -3
    }

    @Test
    void integerOverflowStoresIndefinite() {
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + "dd 06 df 5e 10 dd 7e 20");
        m.poke64(D, Double.doubleToLongBits(40000.0));
        m.runToEnd();
        assertThat(peek16(m, D + 0x10)).isEqualTo(0x8000);
        assertThat(peek16(m, D + 0x20) & 1).isEqualTo(1); // IE
    }

    @Test
    void fcomiSetsEflags() {
        // fldz; fld1; fcomi st(1): 1 > 0 -> ZF=PF=CF=0; then fxch; fcomi: 0 < 1 -> CF
        TestMachine m = new TestMachine();
        m.load("d9 ee d9 e8 db f1 9c 58 d9 c9 db f1 9c 5b");
        X86Cpu c = m.runToEnd();
        assertThat(c.reg(X86Cpu.RAX) & 0x45).isEqualTo(0);
        assertThat(c.reg(X86Cpu.RBX) & 0x45).isEqualTo(1);
    }

    @Test
    void fcomAndFnstswAx() {
        // fld1; fldz; fcompp? -> fcom st(1): 0 < 1 -> C0; fnstsw %ax
        TestMachine m = new TestMachine();
        m.load("d9 e8 d9 ee d8 d1 df e0");
        X86Cpu c = m.runToEnd();
        assertThat(c.reg(X86Cpu.RAX) & 0x4500).isEqualTo(0x0100);
    }

    @Test
    void fxamClassifies() {
        // fldz; fxam -> C3 (zero); fnstsw
        TestMachine m = new TestMachine();
        m.load("d9 ee d9 e5 df e0");
        assertThat(m.runToEnd().reg(X86Cpu.RAX) & 0x4700).isEqualTo(0x4000);
    }

    @Test
    void stackOverflowAndUnderflowSetSfAndC1() {
        // nine pushes: the ninth overflows (IE, SF, C1)
        TestMachine m = run("d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 dd 3e");
        assertThat(peek16(m, D) & 0x2c1).isEqualTo(0x241);
        // reading an empty register: IE, SF, C1 = 0
        m = run("d8 c1 dd 3e");
        assertThat(peek16(m, D) & 0x2c1).isEqualTo(0x041);
    }

    @Test
    void unmaskedExceptionRaisesMfAtTheNextWaitingInstruction() {
        // fldcw 0x037b (ZE unmasked); fld1; fldz; fdivp -> 1/0 pending; fnstsw (no wait); fwait -> #MF
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + "66 c7 06 7b 03 d9 2e d9 e8 d9 ee de f9 dd 7e 10 9b");
        Trap t = m.run();
        long fwait = TestMachine.CODE + 10 + 5 + 2 + 2 + 2 + 2 + 3;
        assertThat(t).isEqualTo(new Trap.FloatingPointError(fwait));
        assertThat(peek16(m, D + 0x10) & 0x80ff).isEqualTo(0x8084); // B, ES, ZE
        // the destination was left as it was (ZE is a pre-computation exception)
    }

    @Test
    void fnclexClearsThePendingException() {
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + "66 c7 06 7b 03 d9 2e d9 e8 d9 ee de f9 db e2 9b d9 e8");
        m.runToEnd();
    }

    @Test
    void fxsaveLayoutAndAlignment() {
        // fld1; fxsave64 0x100(%rsi): FCW at 0, FSW (TOP=7) at 2, abridged tag at 4, MXCSR at 24, ST0 at 32
        TestMachine m = run("d9 e8 48 0f ae 86 00 01 00 00");
        long a = D + 0x100;
        assertThat(peek16(m, a)).isEqualTo(0x037f);
        assertThat(peek16(m, a + 2)).isEqualTo(0x3800);
        assertThat(m.peek64(a + 4) & 0xff).isEqualTo(0x80);
        assertThat(m.peek64(a + 24) & 0xffffffffL).isEqualTo(0x1f80);
        assertThat(m.peek64(a + 32)).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(peek16(m, a + 40)).isEqualTo(0x3fff);
        TestMachine bad = new TestMachine();
        bad.load(RSI_DATA + "0f ae 46 08");
        assertThat(bad.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE + 10));
    }

    @Test
    void fsinOutOfRangeSetsC2() {
        // 2^63 as an int64 can't be loaded; load 2^63 via fildll of 0x8000000000000000 (= -2^63), fabs, fsin
        TestMachine m = new TestMachine();
        m.load(RSI_DATA + "df 2e d9 e1 d9 fe dd 7e 10 db 7e 20");
        m.poke64(D, Long.MIN_VALUE);
        m.runToEnd();
        assertThat(peek16(m, D + 0x10) & 0x400).isEqualTo(0x400);
        assertThat(m.peek64(D + 0x20)).isEqualTo(Long.MIN_VALUE); // unchanged 2^63
        assertThat(peek16(m, D + 0x28)).isEqualTo(0x403e);
    }

    @Test
    void publicFxsaveImageRoundTrips() {
        TestMachine m = run("d9 eb d9 e8");
        byte[] img = m.cpu.fxsave();
        assertThat(img[4] & 0xff).isEqualTo(0xc0); // two valid registers (R6, R7)
        assertThat(m.cpu.fpuStatusWord() >>> 11 & 7).isEqualTo(6);
        TestMachine other = new TestMachine();
        assertThat(other.cpu.fxrstor(img)).isTrue();
        assertThat(other.cpu.fxsave()).isEqualTo(img);
        img[26] = 1; // MXCSR bit 16: reserved
        assertThat(other.cpu.fxrstor(img)).isFalse();
    }
}
