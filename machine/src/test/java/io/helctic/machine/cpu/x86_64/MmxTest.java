package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** MMX with hand-checked values and the x87 aliasing (the exhaustive check is MmxDifferentialTest). */
class MmxTest {
    /** A machine whose x87 state is an FXSAVE image with TOP = 0, the given tag, mm0 = a, mm1 = b. */
    private static TestMachine machine(String code, long a, long b, int abridgedTag) {
        TestMachine m = new TestMachine();
        m.load(code);
        ByteBuffer img = image(m.cpu);
        img.putShort(2, (short) 0); // status: TOP = 0
        img.put(4, (byte) abridgedTag);
        img.putLong(32, a);
        img.putShort(40, (short) 0x3FFF);
        img.putLong(48, b);
        img.putShort(56, (short) 0x3FFF);
        assertThat(m.cpu.fxrstor(img.array())).isTrue();
        return m;
    }

    private static ByteBuffer image(X86Cpu c) {
        return ByteBuffer.wrap(c.fxsave()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** MMn of a CPU whose TOP is 0 (image slot n = physical register n). */
    private static long mm(X86Cpu c, int n) {
        assertThat(c.fpuStatusWord() & 0x3800).isZero();
        return image(c).getLong(32 + 16 * n);
    }

    private static long op(String code, long a, long b) {
        return mm(machine(code, a, b, 0).runToEnd(), 0);
    }

    @Test
    void addsAndSaturates() {
        assertThat(op("0f fc c1", 0x01FF_7F80_0000_00FFL, 0x0101_0180_0000_0001L)) // paddb %mm1,%mm0
                .isEqualTo(0x0200_8000_0000_0000L);
        assertThat(op("0f ed c1", 0x7FFF_8000_0001_FFFFL, 0x0001_FFFF_0002_FFFFL)) // paddsw
                .isEqualTo(0x7FFF_8000_0003_FFFEL);
        assertThat(op("0f f5 c1", 0x0004_FFFD_0002_0001L, 0xFFF8_0007_0006_0005L)) // pmaddwd: 1*5+2*6, -3*7+4*-8
                .isEqualTo(0xFFFF_FFCB_0000_0011L);
        assertThat(op("0f 63 c1", 0xFFFB_0005_FF38_0100L, 0x0000_FF7F_0080_007FL)) // packsswb
                .isEqualTo(0x0080_7F7F_FB05_807FL);
        assertThat(op("0f f6 c1", 0x0A05L, 0x0310L)).isEqualTo(18); // psadbw: |5-0x10| + |0xA-3|
    }

    @Test
    void shiftsAndShuffles() {
        assertThat(op("0f 71 e0 04", 0x8000_7FFF_FFF0_0010L, 0)).isEqualTo(0xF800_07FF_FFFF_0001L); // psraw $4
        assertThat(op("0f 73 f0 3f", 1, 0)).isEqualTo(Long.MIN_VALUE); // psllq $63
        assertThat(op("0f d3 c1", -1L, 64)).isZero(); // psrlq %mm1,%mm0 by 64
        assertThat(op("0f 70 c1 1b", 0, 0x4444_3333_2222_1111L)).isEqualTo(0x1111_2222_3333_4444L); // pshufw $0x1b
        assertThat(op("0f 60 c1", 0x0000_0000_0302_0100L, 0x0000_0000_1312_1110L)) // punpcklbw
                .isEqualTo(0x1303_1202_1101_1000L);
        assertThat(op("0f 38 00 c1", 0x0706_0504_0302_0100L, 0x8000_0102_0304_050FL)) // pshufb: index bits 2:0
                .isEqualTo(0x0000_0102_0304_0507L);
        assertThat(op("0f 3a 0f c1 03", 0x2726_2524_2322_2120L, 0x1716_1514_1312_1110L)) // palignr $3
                .isEqualTo(0x2221_2017_1615_1413L);
    }

    @Test
    void movesAndMasks() {
        TestMachine m = machine("0f d7 c0", 0x8000_FF7F_0180_0081L, 0, 0); // pmovmskb %mm0,%eax
        m.cpu.setReg(RAX, -1);
        assertThat(m.runToEnd().reg(RAX)).isEqualTo(0xA5);

        m = machine("0f 6e c0 48 0f 7e c9", 0, 0x1234_5678_9ABC_DEF0L, 0); // movd %eax,%mm0; movq %mm1,%rcx
        m.cpu.setReg(RAX, 0xFFFF_FFFF_8000_0001L);
        X86Cpu c = m.runToEnd();
        assertThat(mm(c, 0)).isEqualTo(0x8000_0001L);
        assertThat(c.reg(RCX)).isEqualTo(0x1234_5678_9ABC_DEF0L);

        m = machine("f3 0f d6 c1", 0, 0x1122_3344_5566_7788L, 0); // movq2dq %mm1,%xmm0
        m.cpu.setXmm(0, -1, -1);
        c = m.runToEnd();
        assertThat(c.xmm(0, 0)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(c.xmm(0, 1)).isZero();
    }

    @Test
    void conversions() {
        TestMachine m = machine("0f 2a c1", 0, 0xFFFF_FFFE_0000_0001L, 0); // cvtpi2ps %mm1,%xmm0: 1, -2
        m.cpu.setXmm(0, 0, 0x5555);
        X86Cpu c = m.runToEnd();
        assertThat(c.xmm(0, 0)).isEqualTo(0xC000_0000_3F80_0000L);
        assertThat(c.xmm(0, 1)).isEqualTo(0x5555);

        m = machine("0f 2d c1", 0, 0, 0); // cvtps2pi %xmm1,%mm0: 2.5, -1.5 to nearest even
        m.cpu.setXmm(1, 0xBFC0_0000_4020_0000L, 0);
        assertThat(mm(m.runToEnd(), 0)).isEqualTo(0xFFFF_FFFE_0000_0002L);

        m = machine("0f 2c c1", 0, 0, 0); // cvttps2pi: NaN gives the integer indefinite
        m.cpu.setXmm(1, 0x7FC0_0000_BFC0_0000L, 0);
        assertThat(mm(m.runToEnd(), 0)).isEqualTo(0x8000_0000_FFFF_FFFFL);
    }

    @Test
    void mmxRegistersAliasTheX87Significands() {
        // fld1 (ST0 = R7 = 1.0, TOP = 7); movq %mm7,%rax: the significand; the transition makes TOP 0, all valid
        TestMachine m = new TestMachine();
        m.load("d9 e8 48 0f 7e f8");
        X86Cpu c = m.runToEnd();
        assertThat(c.reg(RAX)).isEqualTo(Long.MIN_VALUE);
        ByteBuffer img = image(c);
        assertThat(c.fpuStatusWord() & 0x3800).isZero();
        assertThat(img.get(4) & 0xFF).isEqualTo(0xFF);
        assertThat(img.getShort(32 + 16 * 7 + 8) & 0xFFFF).isEqualTo(0x3FFF); // R7 only read: still 1.0

        // writing MM2 sets R2's sign and exponent to all ones; EMMS empties every register
        m = machine("0f ef d2", 5, 6, 0x00); // pxor %mm2,%mm2
        c = m.runToEnd();
        img = image(c);
        assertThat(img.getLong(32 + 32)).isZero();
        assertThat(img.getShort(32 + 32 + 8) & 0xFFFF).isEqualTo(0xFFFF);
        assertThat(img.get(4) & 0xFF).isEqualTo(0xFF);
        m = machine("0f 77", 5, 6, 0xFF);
        assertThat(image(m.runToEnd()).get(4)).isZero();
    }

    @Test
    void pendingX87ExceptionIsMfAndInvalidFormsAreUd() {
        TestMachine m = machine("0f fc c1", 1, 2, 0xFF);
        ByteBuffer img = image(m.cpu);
        img.putShort(0, (short) 0x037E); // IE unmasked
        img.putShort(2, (short) 0x8081); // IE, ES, B: pending
        assertThat(m.cpu.fxrstor(img.array())).isTrue();
        assertThat(m.run()).isEqualTo(new Trap.FloatingPointError(TestMachine.CODE));

        assertThat(machine("f0 0f fc c1", 1, 2, 0).run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE)); // lock
        assertThat(machine("0f 73 d8 01", 1, 2, 0).run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE)); // /3 on mm
        assertThat(machine("0f e7 c1", 1, 2, 0).run()).isEqualTo(new Trap.InvalidOpcode(TestMachine.CODE)); // movntq reg
    }
}
