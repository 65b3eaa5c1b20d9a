package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Code that runs on from one page into the next: a decoded block (and a translated region) may
 * span the boundary, so every way the second page can change under it — unmapped, remapped to
 * another frame, its code rewritten by the guest or the kernel — must be seen exactly as a CPU
 * that fetched every instruction would see it, interpreted and translated alike.
 */
class CrossPageCodeTest {
    private static final long PAGE2 = TestMachine.CODE + 4096;

    /**
     * A loop of instructions of many lengths (a 10-byte MOVABS among them), a store and a load,
     * placed so that the page boundary falls at every byte of it in turn — between instructions
     * and inside each one — runs exactly as it does inside one page: registers, memory, the
     * instructions retired and where it stops, interpreted and with every block translated.
     */
    @Test
    void aLoopAcrossThePageBoundaryRunsAsInsideOnePage() {
        byte[] body = TestMachine.hex("48 01 d0" // add %rdx,%rax
                + " 48 6b c0 07" // imul $7,%rax,%rax
                + " 48 31 c3" // xor %rax,%rbx
                + " 48 ba 88 77 66 55 44 33 22 11" // movabs $0x1122334455667788,%rdx
                + " 48 01 d3" // add %rdx,%rbx
                + " 48 89 1e" // mov %rbx,(%rsi)
                + " 48 03 06" // add (%rsi),%rax
                + " 48 c1 c8 0d" // ror $13,%rax
                + " 83 e9 01"); // sub $1,%ecx
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(body);
        o.write(0x75); // jnz start
        o.write(-(body.length + 2));
        o.write(0xf4); // hlt
        byte[] code = o.toByteArray();
        String want = loop(TestMachine.CODE + 0x100, code, false);
        assertThat(want).startsWith("#GP at +" + Integer.toHexString(code.length - 1));
        for (int shift = 1; shift <= code.length; shift++) {
            long at = PAGE2 - shift;
            assertThat(loop(at, code, false)).as("interpreted, %d bytes before the boundary", shift).isEqualTo(want);
            assertThat(loop(at, code, true)).as("translated, %d bytes before the boundary", shift).isEqualTo(want);
        }
    }

    private static String loop(long at, byte[] code, boolean translate) {
        TestMachine m = new TestMachine();
        m.cpu.translateAll = translate;
        m.load(at, code);
        m.cpu.setReg(RCX, 500);
        m.cpu.setReg(RSI, TestMachine.DATA + 64);
        m.cpu.setReg(RAX, 3);
        Trap t = m.run();
        if (translate) assertThat(m.cpu.blockLookups() - m.cpu.translatedRuns()).as("blocks entered interpreted").isLessThan(10);
        String where = t instanceof Trap.GeneralProtection(long rip) ? "#GP at +" + Long.toHexString(rip - at) : t.toString();
        return String.format("%s retired %d rax %x rbx %x rcx %x rdx %x mem %x", where, m.cpu.instructionsRetired(),
                m.cpu.reg(RAX), m.cpu.reg(RBX), m.cpu.reg(RCX), m.cpu.reg(RDX), m.peek64(TestMachine.DATA + 64));
    }

    /** Three moves before the boundary, then (at the next page's first byte, or straddling it) the rest. */
    private static TestMachine straddling(boolean translate, boolean inside) {
        TestMachine m = new TestMachine();
        m.cpu.translateAll = translate;
        // mov $1,%eax; mov $2,%ebx; then either mov $3,%ecx at the next page's start, or a
        // movabs $3,%rcx whose first two bytes are the page's last; then hlt
        byte[] code = inside
                ? TestMachine.hex("b8 01 00 00 00 bb 02 00 00 00 b9 03 00 00 00 f4")
                : TestMachine.hex("b8 01 00 00 00 bb 02 00 00 00 48 b9 03 00 00 00 00 00 00 00 f4");
        long at = inside ? PAGE2 - 10 : PAGE2 - 12;
        m.load(at, code);
        Trap t = m.run();
        assertThat(t).isEqualTo(new Trap.GeneralProtection(at + code.length - 1));
        assertThat(m.cpu.reg(RCX)).isEqualTo(3);
        return m;
    }

    private static void again(TestMachine m, long at) {
        m.cpu.setReg(RAX, 0);
        m.cpu.setReg(RBX, 0);
        m.cpu.setReg(RCX, 0);
        m.cpu.setRip(at);
    }

    /**
     * The next page unmapped after the block that runs into it was decoded (and translated): the
     * instructions before the boundary run, and the first that needs the page faults there.
     */
    @Test
    void theNextPageUnmappedFaultsAtTheFirstInstructionThatNeedsIt() {
        for (boolean translate : new boolean[] {false, true}) {
            for (boolean inside : new boolean[] {true, false}) {
                TestMachine m = straddling(translate, inside);
                long at = inside ? PAGE2 - 10 : PAGE2 - 12;
                long retired = m.cpu.instructionsRetired();
                m.unmap(PAGE2);
                again(m, at);
                assertThat(m.run()).as("translate %s, inside %s", translate, inside)
                        .isEqualTo(new Trap.PageFault(PAGE2, false, true, false));
                assertThat(m.cpu.rip()).isEqualTo(at + 10);
                assertThat(m.cpu.reg(RAX)).isEqualTo(1);
                assertThat(m.cpu.reg(RBX)).isEqualTo(2);
                assertThat(m.cpu.reg(RCX)).isZero();
                assertThat(m.cpu.instructionsRetired() - retired).isEqualTo(2);
                // mapped again (a fresh frame: the code it held is gone): the fetch faults no more
                m.map(PAGE2, TestMachine.RX);
                m.poke(PAGE2, TestMachine.hex(inside ? "b9 05 00 00 00 f4" : "05 00 00 00 00 00 00 00 f4"));
                m.cpu.setRip(at);
                assertThat(m.run()).isInstanceOf(Trap.GeneralProtection.class);
                assertThat(m.cpu.reg(RCX)).isEqualTo(5);
            }
        }
    }

    /**
     * The next page mapped to another frame holding other code (as exec or mmap over it would):
     * the block that ran on into it, and its translation, are not used again.
     */
    @Test
    void theNextPageRemappedRunsTheNewCode() {
        for (boolean translate : new boolean[] {false, true}) {
            TestMachine m = straddling(translate, true);
            m.unmap(PAGE2);
            m.map(PAGE2, TestMachine.RX);
            m.poke(PAGE2, TestMachine.hex("b9 04 00 00 00 f4"));
            again(m, PAGE2 - 10);
            assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 5));
            assertThat(m.cpu.reg(RCX)).as("translate %s", translate).isEqualTo(4);
        }
    }

    /**
     * A region is only as wide as the pages its first block is checked against: a block wholly in
     * one page that jumps to the next page's start (JMP rel32) must not carry that page's code in
     * its translation, or a remapping of the next page alone would go unseen.
     */
    @Test
    void aJumpToTheNextPageLeavesTheRegion() {
        TestMachine m = new TestMachine();
        m.cpu.translateAll = true;
        long at = PAGE2 - 0x20;
        m.load(at, TestMachine.hex("b8 01 00 00 00 e9 16 00 00 00")); // mov $1,%eax; jmp PAGE2
        m.load(PAGE2, TestMachine.hex("b9 03 00 00 00 f4"));
        m.cpu.setRip(at);
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 5));
        assertThat(m.cpu.reg(RCX)).isEqualTo(3);
        m.unmap(PAGE2);
        m.map(PAGE2, TestMachine.RX);
        m.poke(PAGE2, TestMachine.hex("b9 04 00 00 00 f4"));
        again(m, at);
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 5));
        assertThat(m.cpu.reg(RCX)).isEqualTo(4);
    }

    /**
     * Code in the next page rewritten — by a store of the block itself, made before the boundary,
     * and by the kernel — is seen: the block is cached under both frames.
     */
    @Test
    void writesToTheNextPagesCodeAreSeen() {
        for (boolean translate : new boolean[] {false, true}) {
            TestMachine m = new TestMachine();
            m.cpu.translateAll = translate;
            long at = PAGE2 - 9;
            // movb $5,3(%rip) — the immediate of the mov $1,%al after the next instruction — then
            // mov $2,%bl (ending at the boundary), mov $1,%al, hlt
            m.load(at, TestMachine.hex("c6 05 03 00 00 00 05 b3 02 b0 01 f4"));
            m.protect(PAGE2 - 4096, TestMachine.RW);
            m.protect(PAGE2, TestMachine.RW);
            assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 2));
            assertThat(m.cpu.reg(RAX) & 0xff).as("translate %s", translate).isEqualTo(5);
            // from the mov $2,%bl (a block decoded now, with 5), then after the kernel writes 9
            // into the next page only
            again(m, at + 7);
            assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 2));
            assertThat(m.cpu.reg(RAX) & 0xff).isEqualTo(5);
            m.poke(PAGE2 + 1, new byte[] {9});
            again(m, at + 7);
            assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(PAGE2 + 2));
            assertThat(m.cpu.reg(RAX) & 0xff).isEqualTo(9);
            assertThat(m.cpu.reg(RBX) & 0xff).isEqualTo(2);
        }
    }
}
