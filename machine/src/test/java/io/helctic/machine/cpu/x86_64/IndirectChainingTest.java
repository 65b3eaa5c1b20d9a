package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.X86Cpu.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Indirect exits in translated code — a dispatch through a jump table (an interpreter's loop, a
 * switch), and returns from functions called from many places — go on to the target's
 * translation through the translation's table of targets, nested as a chained call up to a depth
 * and handed to the run loop beyond it. With more targets than the table has distinct slots for
 * (32 handlers, their calls' return sites), so that targets collide, the translated run must be
 * the interpreted run exactly: registers, instructions retired, where it stops — with one budget
 * for the whole run and with the run cut into many short budgets.
 */
class IndirectChainingTest {
    private static final int HANDLERS = 32, FUNCTIONS = 4;

    /** The program (at CODE) and its jump table's entries (for DATA). */
    private record Program(byte[] code, long[] table, long end) { }

    private static final long PAGE2 = TestMachine.CODE + 4096;

    /**
     * start: index = (ecx * 0x9e3779b1) >> 27; jmp *table(,index,8). Handler i: add a constant to
     * rdx, maybe call function (i % 4), jmp tail. tail: rol/xor into rsi, loop on ecx, hlt.
     * Function j: multiply rdx, add rcx, ret.
     */
    private static Program program(int salt) {
        Asm a = new Asm();
        a.hex("89 c8 69 c0 b1 79 37 9e c1 e8 1b ff 24 c3"); // mov %ecx,%eax; imul; shr $27,%eax; jmp *(%rbx,%rax,8)
        long tail = a.here();
        a.hex("48 31 d6 48 c1 c6 05 83 e9 01 0f 85"); // xor %rdx,%rsi; rol $5,%rsi; sub $1,%ecx; jnz start
        a.imm32((int) (TestMachine.CODE - (a.here() + 4)));
        long end = a.here();
        a.hex("f4"); // hlt
        while (a.here() < PAGE2) a.hex("cc"); // the handlers and functions in the next page
        long[] handlers = new long[HANDLERS];
        List<int[]> calls = new ArrayList<>(), tails = new ArrayList<>(); // (position of rel32, target index)
        for (int i = 0; i < HANDLERS; i++) {
            handlers[i] = a.here();
            a.hex("48 81 c2").imm32(i * 0x1357 + salt); // add $imm32,%rdx
            if (i % 3 != 1) {
                a.hex("e8");
                calls.add(new int[] {a.size(), i % FUNCTIONS});
                a.imm32(0); // call f
                if (i % 2 == 0) { // a second call from the same handler: another return site
                    a.hex("e8");
                    calls.add(new int[] {a.size(), (i + 1) % FUNCTIONS});
                    a.imm32(0);
                }
            }
            a.hex("e9");
            tails.add(new int[] {a.size(), 0});
            a.imm32(0); // jmp tail
        }
        long[] functions = new long[FUNCTIONS];
        for (int j = 0; j < FUNCTIONS; j++) {
            functions[j] = a.here();
            a.hex("48 6b d2").hex(String.format("%02x", 2 * j + 3)).hex("48 01 ca c3"); // imul $k,%rdx,%rdx; add %rcx,%rdx; ret
        }
        for (int[] c : calls) a.patch(c[0], (int) (functions[c[1]] - (TestMachine.CODE + c[0] + 4)));
        for (int[] t : tails) a.patch(t[0], (int) (tail - (TestMachine.CODE + t[0] + 4)));
        return new Program(a.bytes(), handlers, end);
    }

    /**
     * Runs p to its end in runs of {@code budget} instructions; after {@code changeAfter} runs the
     * next page (the handlers and functions) becomes {@code then}'s: mapped to a fresh frame
     * holding it, or ({@code rewrite}) written over in place as the kernel writes.
     */
    private static String run(Program p, boolean translate, int budget, int changeAfter, Program then, boolean rewrite) {
        TestMachine m = new TestMachine();
        m.cpu.translateAll = translate;
        m.load(TestMachine.CODE, p.code);
        for (int i = 0; i < HANDLERS; i++) m.poke64(TestMachine.DATA + 8L * i, p.table[i]);
        m.cpu.setReg(RCX, 3000);
        m.cpu.setReg(RBX, TestMachine.DATA);
        m.cpu.setReg(RDX, 7);
        m.cpu.setReg(RSI, 0);
        Trap t;
        int runs = 0;
        do {
            t = m.cpu.run(budget);
            runs++;
            if (runs == changeAfter) { // (a page the dispatch's translation has targets in)
                if (!rewrite) {
                    m.unmap(PAGE2);
                    m.map(PAGE2, TestMachine.RX);
                }
                m.poke(PAGE2, java.util.Arrays.copyOfRange(then.code, 4096, then.code.length));
            }
        } while (t instanceof Trap.TimerExpired && runs < 1_000_000);
        long interpreted = m.cpu.blockLookups() - m.cpu.translatedRuns();
        // (a short budget interprets the blocks that no longer fit at each run's end)
        if (translate) assertThat(interpreted).as("blocks entered interpreted").isLessThan(m.cpu.blockLookups() / (budget < 10_000 ? 3 : 100));
        return String.format("%s rip %x retired %d rdx %x rsi %x rcx %x rsp %x", t.getClass().getSimpleName(), m.cpu.rip(),
                m.cpu.instructionsRetired(), m.cpu.reg(RDX), m.cpu.reg(RSI), m.cpu.reg(RCX), m.cpu.reg(RSP));
    }

    @Test
    void dispatchAndReturnsThroughTheTargetTableRunAsInterpreted() {
        Program p = program(1);
        String want = run(p, false, 10_000_000, -1, null, false);
        assertThat(want).startsWith("GeneralProtection rip " + Long.toHexString(p.end));
        assertThat(run(p, true, 10_000_000, -1, null, false)).isEqualTo(want);
        // cut into short runs (a budget that ends in the middle of chains, the run loop starting
        // again at whatever rip the last one left)
        for (int budget : new int[] {97, 1_000}) {
            assertThat(run(p, false, budget, -1, null, false)).as("interpreted, budget %d", budget).isEqualTo(want);
            assertThat(run(p, true, budget, -1, null, false)).as("translated, budget %d", budget).isEqualTo(want);
        }
        // the targets' page mapped to other code half-way, or its code rewritten: no translation
        // may reach the old targets' translations through a table filled before
        Program q = program(0x55);
        for (boolean rewrite : new boolean[] {false, true}) {
            String changed = run(p, false, 1_000, 40, q, rewrite);
            assertThat(changed).isNotEqualTo(want);
            assertThat(run(p, true, 1_000, 40, q, rewrite)).as("rewritten %s", rewrite).isEqualTo(changed);
        }
    }

    /** A little assembler: bytes, the address of the next one, rel32 fields patched later. */
    private static final class Asm {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private byte[] patched;

        Asm hex(String s) {
            out.writeBytes(TestMachine.hex(s));
            return this;
        }

        Asm imm32(int v) {
            for (int k = 0; k < 4; k++) out.write(v >>> (8 * k));
            return this;
        }

        int size() {
            return out.size();
        }

        long here() {
            return TestMachine.CODE + out.size();
        }

        void patch(int at, int v) {
            if (patched == null) patched = out.toByteArray();
            for (int k = 0; k < 4; k++) patched[at + k] = (byte) (v >>> (8 * k));
        }

        byte[] bytes() {
            return patched != null ? patched : out.toByteArray();
        }
    }
}
