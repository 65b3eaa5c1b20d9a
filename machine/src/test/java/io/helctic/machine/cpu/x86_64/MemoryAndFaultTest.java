package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** The MMU, page faults and their restart, cross-page accesses, and self-modifying code. */
class MemoryAndFaultTest {
    private static final long PAGE = 0x1000_0000L;

    @Test
    void pageFaultIsPreciseAndRestartable() {
        TestMachine m = new TestMachine();
        m.load("48 c7 c3 00 00 00 10 48 c7 c1 07 00 00 00 48 03 0b");
        Trap t = m.run();
        assertThat(t).isEqualTo(new Trap.PageFault(PAGE, false, false, false));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 14);
        assertThat(m.cpu.reg(RCX)).isEqualTo(7);
        m.map(PAGE, TestMachine.RWNX);
        m.poke64(PAGE, 35);
        m.runToEnd();
        assertThat(m.cpu.reg(RCX)).isEqualTo(42);
    }

    @Test
    void writeToReadOnlyPageChangesNothing() {
        TestMachine m = new TestMachine();
        m.map(PAGE, TestMachine.RO);
        m.poke64(PAGE, 5);
        m.load("48 c7 c3 00 00 00 10 31 c0 48 83 03 01");
        Trap t = m.run();
        assertThat(t).isEqualTo(new Trap.PageFault(PAGE, true, false, true));
        assertThat(m.peek64(PAGE)).isEqualTo(5);
        assertThat(m.cpu.rflags() & FLAG_ZF).isNotZero(); // flags still those of the xor
        m.protect(PAGE, TestMachine.RWNX);
        m.runToEnd();
        assertThat(m.peek64(PAGE)).isEqualTo(6);
    }

    @Test
    void pushFaultLeavesRspAlone() {
        TestMachine m = new TestMachine();
        m.load("48 c7 c4 08 00 00 10 6a 01");
        assertThat(m.run()).isInstanceOf(Trap.PageFault.class);
        assertThat(m.cpu.reg(RSP)).isEqualTo(PAGE + 8);
    }

    @Test
    void crossPageAccesses() {
        TestMachine m = new TestMachine();
        m.map(PAGE, TestMachine.RWNX);
        m.map(PAGE + 4096, TestMachine.RWNX);
        m.load("48 c7 c3 fd 0f 00 10 48 b8 01 02 03 04 05 06 07 08 48 89 03 48 8b 0b 66 89 43 02 8b 53 02");
        m.runToEnd();
        assertThat(m.cpu.reg(RCX)).isEqualTo(0x0807060504030201L);
        assertThat(m.peek(PAGE + 0xffd, 8)).containsExactly(1, 2, 1, 2, 5, 6, 7, 8);
        assertThat(m.peek(PAGE + 0xfff, 2)).containsExactly(1, 2);
        assertThat(m.cpu.reg(RDX)).isEqualTo(0x06050201L);
    }

    @Test
    void crossPageWriteIsAllOrNothing() {
        TestMachine m = new TestMachine();
        m.map(PAGE, TestMachine.RWNX);
        m.map(PAGE + 4096, TestMachine.RO);
        m.load("48 c7 c3 fd 0f 00 10 48 c7 c0 ff ff ff ff 48 89 03");
        assertThat(m.run()).isEqualTo(new Trap.PageFault(PAGE + 4096, true, false, true));
        assertThat(m.peek(PAGE + 0xffd, 3)).containsExactly(0, 0, 0);
    }

    @Test
    void instructionStraddlingPagesAndFetchFaults() {
        TestMachine m = new TestMachine();
        long at = TestMachine.CODE + 4096 - 3; // mov rax, imm64 split over two pages
        byte[] code = TestMachine.hex("48 b8 11 22 33 44 55 66 77 88 f4");
        m.load(at, code);
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(at + 10));
        assertThat(m.cpu.reg(RAX)).isEqualTo(0x8877665544332211L);
        // second page not mapped: the fetch faults at the second page, rip at the instruction
        TestMachine n = new TestMachine();
        n.load(at, new byte[] {0x48, (byte) 0xb8, 0x11});
        assertThat(n.run()).isEqualTo(new Trap.PageFault(TestMachine.CODE + 4096, false, true, false));
        assertThat(n.cpu.rip()).isEqualTo(at);
    }

    @Test
    void noExecuteAndUserBits() {
        TestMachine m = new TestMachine();
        m.load("48 c7 c0 00 00 60 00 ff e0");
        assertThat(m.run()).isEqualTo(new Trap.PageFault(TestMachine.DATA, false, true, true));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.DATA);
        m = new TestMachine();
        m.map(PAGE, io.helctic.machine.memory.PageTableEntry.PRESENT); // supervisor-only
        m.load("48 c7 c3 00 00 00 10 48 8b 03");
        assertThat(m.run()).isEqualTo(new Trap.PageFault(PAGE, false, false, true));
    }

    @Test
    void nonCanonicalAddressesAreGeneralProtection() {
        TestMachine m = new TestMachine();
        m.load("48 b8 00 00 00 00 00 80 00 00 48 8b 00");
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE + 10));
        m = new TestMachine();
        m.load("48 b8 00 00 00 00 00 80 00 00 ff e0");
        assertThat(m.run()).isEqualTo(new Trap.GeneralProtection(TestMachine.CODE + 10));
        assertThat(m.cpu.rip()).isEqualTo(TestMachine.CODE + 10);
    }

    @Test
    void selfModifyingCodeIsSeen() {
        TestMachine m = new TestMachine();
        // code page writable: movb $5, 1(%rip) rewrites the immediate of the following mov al, 1
        byte[] code = TestMachine.hex("c6 05 01 00 00 00 05 b0 01 f4");
        m.load(TestMachine.CODE, code);
        m.protect(TestMachine.CODE, TestMachine.RW);
        assertThat(m.run()).isInstanceOf(Trap.GeneralProtection.class);
        assertThat(m.cpu.reg(RAX) & 0xff).isEqualTo(5);
        // the kernel rewrites code directly: frameWritten drops the decoded block
        m.poke(TestMachine.CODE + 8, new byte[] {9});
        m.poke(TestMachine.CODE + 6, new byte[] {9});
        m.cpu.setRip(TestMachine.CODE);
        m.run();
        assertThat(m.cpu.reg(RAX) & 0xff).isEqualTo(9);
    }

    @Test
    void aWritePermissionCachedBeforeAPageHeldCodeIsDroppedWhenItDoes() {
        // the TLB caches no write permission for a frame holding code: one cached before the
        // code was decoded must go when it is, or the store rewriting it would go unnoticed
        TestMachine m = new TestMachine();
        long p = 0x50_0000L;
        m.map(p, TestMachine.RW); // writable and executable
        m.load("48 c7 c3 00 00 50 00" // mov $p,%rbx
                + " c6 03 b0 c6 43 01 01 c6 43 02 c3" // writes "mov $1,%al; ret" at p (caches p's write tag)
                + " ff d3" // call *%rbx: p is decoded
                + " 88 c1" // mov %al,%cl
                + " c6 43 01 07" // movb $7,1(%rbx): rewrites the immediate
                + " ff d3"); // call *%rbx
        m.runToEnd();
        assertThat(m.cpu.reg(RCX) & 0xff).isEqualTo(1);
        assertThat(m.cpu.reg(RAX) & 0xff).isEqualTo(7);
    }

    @Test
    void tlbIsInvalidatedByTheKernel() {
        TestMachine m = new TestMachine();
        long a = m.map(PAGE, TestMachine.RWNX);
        m.poke64(PAGE, 1);
        m.load("48 c7 c3 00 00 00 10 48 8b 03");
        m.runToEnd();
        assertThat(m.cpu.reg(RAX)).isEqualTo(1);
        // remap to another frame without invalidating: the stale translation is still used (as hardware)
        long pte = m.pteAddress(PAGE);
        long other = a + 100;
        m.mem.write64(pte, (other << 12) | TestMachine.RWNX);
        m.mem.frame(other)[0] = 2;
        m.cpu.setRip(TestMachine.CODE);
        m.runToEnd();
        assertThat(m.cpu.reg(RAX)).isEqualTo(1);
        m.cpu.invalidatePage(PAGE);
        m.cpu.setRip(TestMachine.CODE);
        m.runToEnd();
        assertThat(m.cpu.reg(RAX)).isEqualTo(2);
        assertThat(m.mem.read64(pte) & io.helctic.machine.memory.PageTableEntry.ACCESSED).isNotZero();
    }

    @Test
    void fetchCodeNeverFaults() {
        TestMachine m = new TestMachine();
        m.load(TestMachine.CODE + 4096 - 4, TestMachine.hex("90 90 90 90"));
        byte[] out = new byte[16];
        assertThat(m.cpu.fetchCode(TestMachine.CODE + 4096 - 4, out)).isEqualTo(4);
        assertThat(m.cpu.fetchCode(0x1234_0000L, out)).isZero();
    }

    @Test
    void physicalMemoryIsLazyAndChecked() {
        PhysicalMemory mem = new PhysicalMemory(1L << 30);
        assertThat(mem.frameCount()).isEqualTo(1L << 18);
        assertThat(mem.isMaterialised(5)).isFalse();
        mem.write64(5 * 4096 + 8, 0x1234);
        assertThat(mem.isMaterialised(5)).isTrue();
        assertThat(mem.read64(5 * 4096 + 8)).isEqualTo(0x1234);
        mem.release(5);
        assertThat(mem.read64(5 * 4096 + 8)).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mem.frame(1L << 18))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerDumpNamesEverything() {
        TestMachine m = new TestMachine();
        m.cpu.setReg(R15, 0xdead);
        String dump = m.cpu.registerDump();
        assertThat(dump).contains("rip").contains("rflags").contains("r15    000000000000dead").contains("fsbase");
    }
}
