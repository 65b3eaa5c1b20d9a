package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.NativeInsnOracle.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.translate.Block;
import io.helctic.machine.cpu.x86_64.translate.Translator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The translation tier ({@link Translator}) against the interpreter, which the instruction
 * oracle holds to the host CPU: the oracle's integer cases, alone and run together in blocks of
 * up to 24 instructions (so that flags carried between instructions, compares fused with
 * conditional jumps, faults in the middle of a block and stores are all exercised), each run
 * once interpreted and once with every block translated (and loops, calls and returns, and
 * loops that fault in a later pass). Registers, all of RFLAGS, RIP, the trap, the instructions
 * retired and the memory window must be identical.
 */
class TranslatorDifferentialTest {
    private static final int SEQUENCES = 3000, COMPARE_JUMPS = 6000, LOOPS = 3000, CALLS = 3000;
    /** Operand values where flags change meaning: zero, signs, the 32-bit boundaries. */
    private static final long[] EDGES = {0, 1, -1, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L,
        Long.MIN_VALUE, Long.MAX_VALUE, 0x80, 0xff, 0x7f};

    @Test
    void translatedBlocksBehaveExactlyAsTheInterpreter() {
        OracleGen g = new OracleGen(0x7472616e736c6174L);
        List<OracleCase> cases = new ArrayList<>();
        for (InstructionOracleTest.Form form : InstructionOracleTest.forms()) {
            for (int i = 0; i < form.count(); i++) {
                g.fresh();
                cases.add(form.make().apply(g));
            }
        }
        Machine interp = new Machine(false), translated = new Machine(true);
        long regionsBefore = X86Cpu.regionsTranslated();
        List<String> reports = new ArrayList<>();
        int runs = 0, bad = 0;
        // every third case alone, random sequences of cases' instructions on the first one's
        // inputs, and each ALU operation or TEST followed by each conditional jump
        Random rnd = new Random(42);
        int singles = 0;
        for (int i = 0; i < cases.size() + SEQUENCES + COMPARE_JUMPS + LOOPS + CALLS; i++) {
            OracleCase c;
            byte[] code;
            if (i < cases.size()) {
                if (i % 3 != 0) continue;
                c = cases.get(i);
                code = c.code;
                singles++;
            } else if (i >= cases.size() + SEQUENCES + COMPARE_JUMPS + LOOPS) {
                // a call into a function of the same page (a region goes on into it and, when its
                // RET returns to the call's return site, back): CALL f; A; JMP over f; f: B; RET.
                // Sometimes f moves its return address first (the RET must then leave the region);
                // running on past the end, f is entered again by falling into it and returns to
                // whatever the stack holds
                c = cases.get(rnd.nextInt(cases.size()));
                byte[] a = cases.get(rnd.nextInt(cases.size())).code, f = cases.get(rnd.nextInt(cases.size())).code;
                ByteArrayOutputStream fn = new ByteArrayOutputStream();
                if (rnd.nextInt(3) == 0) fn.writeBytes(new byte[] {0x48, (byte) 0x83, 0x04, 0x24, (byte) (rnd.nextInt(9) * 2)}); // addq $n,(%rsp)
                fn.writeBytes(f);
                fn.write(0xc3);
                if (a.length + 2 > 127 || fn.size() > 127) continue;
                ByteArrayOutputStream seq = new ByteArrayOutputStream();
                int rel = a.length + 2;
                seq.writeBytes(new byte[] {(byte) 0xe8, (byte) rel, 0, 0, 0}); // call f
                seq.writeBytes(a);
                seq.writeBytes(new byte[] {(byte) 0xeb, (byte) fn.size()}); // jmp over f
                seq.writeBytes(fn.toByteArray());
                code = seq.toByteArray();
                c.regs[4] = DATA + 0x1000 + 8L * rnd.nextInt(64); // a stack in the data window
            } else if (i >= cases.size() + SEQUENCES + COMPARE_JUMPS) {
                // a loop: a few cases' instructions, SUB $1,%ecx, JNZ back to the start; the budget (64)
                // may end it in any pass
                c = cases.get(rnd.nextInt(cases.size()));
                if (rnd.nextInt(4) == 0) {
                    // a loop that walks off the data window: the load at its start faults in a later
                    // pass, where the flags are the previous pass's SUB's
                    code = TestMachine.hex("48 8b 06  48 8d b6 00 08 00 00  83 e9 01  75 f1"); // mov (%rsi),%rax; lea 0x800(%rsi),%rsi; sub $1,%ecx; jnz
                    c.regs[6] = DATA + rnd.nextInt(8192);
                    c.regs[1] = rnd.nextBoolean() ? 1 + rnd.nextInt(40) : EDGES[rnd.nextInt(EDGES.length)];
                } else {
                    ByteArrayOutputStream seq = new ByteArrayOutputStream();
                    int n = 1 + rnd.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        byte[] body = rnd.nextBoolean() ? compareAndJump(rnd, rnd.nextInt(16)) : cases.get(rnd.nextInt(cases.size())).code;
                        body = rnd.nextBoolean() && body.length > 2 ? Arrays.copyOf(body, body.length - 2) : body; // maybe without its Jcc
                        if (rnd.nextInt(3) == 0 && body.length < 100) { // a Jcc over it: the loop spans several blocks (chained)
                            seq.write(0x70 + rnd.nextInt(16));
                            seq.write(body.length);
                        }
                        seq.writeBytes(body);
                    }
                    seq.writeBytes(new byte[] {(byte) 0x83, (byte) 0xe9, 1}); // sub $1,%ecx
                    int back = -(seq.size() + 2);
                    if (back < -128) continue;
                    seq.writeBytes(new byte[] {0x75, (byte) back}); // jnz start
                    code = seq.toByteArray();
                    c.regs[1] = 1 + rnd.nextInt(40);
                }
            } else if (i >= cases.size() + SEQUENCES) {
                c = cases.get(rnd.nextInt(cases.size()));
                code = compareAndJump(rnd, i % 16);
                for (int k = 0; k < 8; k++) {
                    c.regs[k] = rnd.nextInt(3) == 0 ? rnd.nextLong() : EDGES[rnd.nextInt(EDGES.length)];
                }
                if (rnd.nextInt(4) == 0) c.regs[rnd.nextInt(8)] = c.regs[rnd.nextInt(8)];
            } else {
                c = cases.get(rnd.nextInt(cases.size()));
                ByteArrayOutputStream seq = new ByteArrayOutputStream();
                int n = 2 + rnd.nextInt(23);
                for (int k = 0; k < n; k++) seq.writeBytes(cases.get(rnd.nextInt(cases.size())).code);
                code = seq.toByteArray();
                if (code.length > 0x800) continue;
            }
            if (hex(code).matches("(..)*0f31.*")) continue; // RDTSC: the time differs between two runs
            String want = interp.run(c, code), got = translated.run(c, code);
            runs++;
            if (!want.equals(got)) {
                bad++;
                if (reports.size() < 20) reports.add(hex(code) + "\n  interpreted " + want + "\n  translated  " + got);
            }
        }
        long regions = X86Cpu.regionsTranslated() - regionsBefore;
        System.out.printf("translation tier: %d runs (%d single instructions, sequences of up to 24, ALU and Jcc pairs, loops), %d disagreements, %d translated blocks run, %d regions translated%n",
                runs, singles, bad, translated.translations, regions);
        reports.forEach(System.out::println);
        assertThat(translated.translations).as("translated blocks run").isGreaterThan(singles);
        if (Translator.REGIONS) assertThat(regions).as("translations of several blocks (the Jcc-over loops form them)").isGreaterThan(100);
        assertThat(bad).as("runs where the translation disagrees with the interpreter").isZero();
    }

    /** Instructions that write every flag and cannot fault: the translation may leave their flags uncomputed when dead. */
    private static final String[] WRITERS = {
        "48 01 c8", "48 29 d3", "48 31 d3", "21 c8", "48 85 c0", "48 83 f9 05", "48 83 c0 01", // add sub xor and test cmp add
        "48 0f af c1", "0f af d0", "48 6b c1 07", "6b d3 f9", // imul: r64, r32, by imm8 (64 and 32 bits)
        "48 c1 e0 03", "48 c1 ea 05", "48 c1 fb 3f", "48 d1 e0", "c1 e0 1f", "c1 f9 07", "d1 ea", // shl shr sar
        "48 f7 da", "f7 d8", "00 c8", "84 db", // neg r64 r32, add %cl,%al, test %bl,%bl
    };
    /** Instructions that neither touch the flags nor fault: liveness looks through them. */
    private static final String[] NEUTRAL = {
        "48 89 c2", "48 8d 58 08", "0f b6 c8", "ba d2 04 00 00", "48 f7 d3", "89 d9", "48 63 c3",
        "48 98", "98", "48 99", "0f c8", // cdqe cwde cqo bswap
        "66 48 0f 6e c1", "66 0f 6e ca", "66 48 0f 7e c3", "66 0f 7e ca", // movq/movd to and from %xmm0, %xmm1
    };
    /** Instructions that observe the flags: a load that may fault, readers, partial writers (INC, DEC keep CF). */
    private static final String[] OBSERVERS = {
        "48 8b 06", "8b 4e 08", "48 03 06", "0f 92 c3", "0f 44 c1", "48 11 c8", "48 19 d3", "74 01 cc", "72 01 cc",
        "48 ff c0", "ff c9", "48 ff ca", "48 c1 c0 05", "48 d3 e0", // rol and shl by %cl keep flags or some of them
        "48 0f bc c1", "0f bd d3", "f3 48 0f bc c1", // bsf bsr (ZF only), tzcnt
    };

    /**
     * Flag liveness: writers whose flags a later writer replaces are translated without them, so
     * every way of seeing flags in between — a fault, a reader, INC or DEC, a rotate, the
     * block's end — must still see exactly the interpreter's. Random chains of writers, moves
     * and observers, with a load that faults in about a third of them.
     */
    @Test
    void deadFlagsAreNeverObserved() {
        OracleGen g = new OracleGen(0x646561646c616773L);
        List<OracleCase> cases = new ArrayList<>();
        for (InstructionOracleTest.Form form : InstructionOracleTest.forms()) {
            g.fresh();
            cases.add(form.make().apply(g));
        }
        Machine interp = new Machine(false), translated = new Machine(true);
        Random rnd = new Random(7);
        int runs = 0, bad = 0, faults = 0;
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            OracleCase c = cases.get(rnd.nextInt(cases.size()));
            ByteArrayOutputStream seq = new ByteArrayOutputStream();
            if (rnd.nextInt(8) == 0) { // a block of the most instructions there can be, a writer last: its end shows the flags
                for (int k = 0; k < Block.MAX_BLOCK - 1; k++) {
                    String[] pool = rnd.nextBoolean() ? WRITERS : NEUTRAL;
                    seq.writeBytes(TestMachine.hex(pool[rnd.nextInt(pool.length)]));
                }
                seq.writeBytes(TestMachine.hex(WRITERS[rnd.nextInt(WRITERS.length)]));
            }
            int n = 2 + rnd.nextInt(9);
            for (int k = 0; k < n; k++) {
                int pick = rnd.nextInt(10);
                String[] pool = pick < 5 ? WRITERS : pick < 8 ? NEUTRAL : OBSERVERS;
                seq.writeBytes(TestMachine.hex(pool[rnd.nextInt(pool.length)]));
            }
            if (rnd.nextBoolean()) seq.writeBytes(TestMachine.hex(WRITERS[rnd.nextInt(WRITERS.length)])); // often a writer last
            byte[] code = seq.toByteArray();
            for (int k = 0; k < 4; k++) c.regs[k] = rnd.nextInt(3) == 0 ? rnd.nextLong() : EDGES[rnd.nextInt(EDGES.length)];
            c.regs[1] = rnd.nextInt(4) == 0 ? c.regs[1] : rnd.nextInt(70); // (a shift count in %cl)
            c.regs[6] = rnd.nextInt(3) == 0 ? DATA + DATA_SIZE * 8 + rnd.nextInt(64) : DATA + 8L * rnd.nextInt(64);
            String want = interp.run(c, code), got = translated.run(c, code);
            runs++;
            if (want.startsWith("#PF")) faults++;
            if (!want.equals(got)) {
                bad++;
                if (reports.size() < 20) reports.add(hex(code) + "\n  interpreted " + want + "\n  translated  " + got);
            }
        }
        System.out.printf("flag liveness: %d runs (%d ending in a page fault), %d disagreements, %d translated blocks run%n",
                runs, faults, bad, translated.translations);
        reports.forEach(System.out::println);
        assertThat(faults).as("runs whose load faults").isGreaterThan(runs / 20);
        assertThat(translated.translations).as("translated blocks run").isGreaterThan(runs / 2);
        assertThat(bad).as("runs where the translation disagrees with the interpreter").isZero();
    }

    /**
     * ADD, OR, AND, SUB, XOR, CMP or TEST (register or 8/32-bit immediate, 8/16/32/64-bit
     * registers 0..7, maybe the same twice) followed by Jcc {@code cc} over one INT3: taken and not
     * taken stop at different INT3s.
     */
    private static byte[] compareAndJump(Random rnd, int cc) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int size = new int[] {1, 2, 4, 8, 8, 4}[rnd.nextInt(6)];
        if (size == 2) o.write(0x66);
        if (size == 8) o.write(0x48);
        int dst = rnd.nextInt(8), src = rnd.nextInt(3) == 0 ? dst : rnd.nextInt(8);
        if (size == 1 && (dst >= 4 || src >= 4)) { // SPL..DIL need a REX; AH..BH without one
            if (rnd.nextBoolean()) o.write(0x40);
        }
        int kind = rnd.nextInt(9); // 0..7 the group-1 ALU kinds, 8 TEST
        switch (rnd.nextInt(3)) {
            case 0 -> { // r/m, reg
                o.write(kind == 8 ? (size == 1 ? 0x84 : 0x85) : kind * 8 + (size == 1 ? 0 : 1));
                o.write(0xc0 | src << 3 | dst);
            }
            case 1 -> { // r/m, imm8 (sign-extended)
                if (kind == 8) {
                    o.write(size == 1 ? 0xf6 : 0xf7);
                    o.write(0xc0 | dst);
                    writeImm(o, rnd, size == 1 ? 1 : Math.min(size, 4));
                } else {
                    o.write(size == 1 ? 0x80 : 0x83);
                    o.write(0xc0 | kind << 3 | dst);
                    writeImm(o, rnd, 1);
                }
            }
            default -> { // r/m, imm16/32
                o.write(kind == 8 ? (size == 1 ? 0xf6 : 0xf7) : (size == 1 ? 0x80 : 0x81));
                o.write(0xc0 | (kind == 8 ? 0 : kind) << 3 | dst);
                writeImm(o, rnd, size == 1 ? 1 : Math.min(size, 4));
            }
        }
        o.write(0x70 + cc);
        o.write(1); // over one INT3
        return o.toByteArray();
    }

    private static void writeImm(ByteArrayOutputStream o, Random rnd, int bytes) {
        long v = rnd.nextBoolean() ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextLong();
        for (int k = 0; k < bytes; k++) o.write((int) (v >>> (8 * k)) & 0xff);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    /** The oracle's address space (code page, data pages) on a CPU that interprets or translates every block. */
    private static final class Machine {
        private final EmulatedInsnOracle emu;
        private final boolean translate;
        long translations;

        Machine(boolean translate) {
            this.translate = translate;
            emu = new EmulatedInsnOracle(translate);
        }

        String run(OracleCase c, byte[] insns) {
            X86Cpu cpu = emu.load(c, insns);
            long before = cpu.instructionsRetired(), runsBefore = cpu.translatedRuns();
            Trap t;
            try {
                t = cpu.run(64);
            } catch (RuntimeException e) {
                return "threw " + e;
            }
            if (translate) translations += cpu.translatedRuns() - runsBefore;
            StringBuilder sb = new StringBuilder();
            sb.append(trap(t)).append(" retired ").append(cpu.instructionsRetired() - before);
            sb.append(String.format(" rip %x rflags %x", cpu.rip(), cpu.rflags()));
            for (int k = 0; k < 16; k++) sb.append(String.format(" %x", cpu.reg(k)));
            sb.append(" mem ");
            for (int i = 0; i < WINDOW; i++) sb.append(String.format("%02x", emu.window(i) & 0xff));
            return sb.toString();
        }

        private static String trap(Trap t) {
            return switch (t) {
                case Trap.PageFault p -> String.format("#PF(%x,%s,%s,%s)", p.address(), p.write(), p.execute(), p.present());
                default -> t.toString();
            };
        }
    }
}
