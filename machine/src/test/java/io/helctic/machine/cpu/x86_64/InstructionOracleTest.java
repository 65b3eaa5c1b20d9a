package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.NativeInsnOracle.*;
import static io.helctic.machine.cpu.x86_64.OracleGen.*;
import static io.helctic.machine.cpu.x86_64.core.Core.mask;
import static io.helctic.machine.cpu.x86_64.core.Core.sx;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.disasm.X86Disassembler;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The instruction oracle: every general-purpose integer instruction form the emulator
 * implements, run once natively on this host ({@link NativeInsnOracle}) and once on
 * {@link X86Cpu} with the same registers, flags and memory; every GPR, rip, the defined flags
 * (and DF) and the memory window must agree, and so must faults (#DE, #PF/#GP, #UD, #BP).
 */
class InstructionOracleTest {
    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};
    private static final int N = 160; // cases per form

    record Form(String name, int count, Function<OracleGen, OracleCase> make) {}

    // ---- the flags the SDM leaves undefined, per instruction (and count where it matters) ----

    /** Undefined flags of {@code mnemonic} for operand {@code size} and (shifts) raw {@code count}. */
    static long undefinedFlags(String mnemonic, int size, int count) {
        int c = count & (size == 8 ? 63 : 31);
        return switch (mnemonic) {
            case "and", "or", "xor", "test" -> AF;
            case "mul", "imul" -> SF | ZF | AF | PF;
            case "div", "idiv" -> ARITH;
            case "bt", "bts", "btr", "btc" -> OF | SF | AF | PF;
            case "bsf", "bsr" -> CF | OF | SF | AF | PF;
            case "rol", "ror", "rcl", "rcr" -> c == 0 || c == 1 ? 0 : OF;
            case "shl", "sal", "shr", "sar" -> c == 0 ? 0
                    : AF | (c == 1 ? 0 : OF) | (!mnemonic.equals("sar") && c >= size * 8 ? CF : 0);
            case "shld", "shrd" -> c == 0 ? 0 : c > size * 8 ? ARITH : AF | (c == 1 ? 0 : OF);
            default -> 0;
        };
    }

    private static String sfx(int size) {
        return switch (size) {
            case 1 -> "b";
            case 2 -> "w";
            case 4 -> "l";
            default -> "q";
        };
    }

    private static int[] op(int... b) {
        return b;
    }

    // ---- the forms ----

    static List<Form> forms() {
        List<Form> f = new ArrayList<>();
        int[] vsizes = {2, 4, 8};
        int[] allSizes = {1, 2, 4, 8};
        for (int k = 0; k < 8; k++) {
            String mn = ALU[k];
            long u = undefinedFlags(mn, 4, 0);
            int base = k * 8;
            for (int s : allSizes) {
                boolean b = s == 1;
                f.add(rm(mn + sfx(s) + " E,G", s, op(base + (b ? 0 : 1)), -1, 0, u));
                f.add(rm(mn + sfx(s) + " G,E", s, op(base + (b ? 2 : 3)), -1, 0, u));
                f.add(rm(mn + sfx(s) + " E,imm" + (b ? 8 : s == 2 ? 16 : 32), s, op(b ? 0x80 : 0x81), k, b ? 1 : Math.min(s, 4), u));
                if (!b) f.add(rm(mn + sfx(s) + " E,imm8", s, op(0x83), k, 1, u));
                f.add(acc(mn + sfx(s) + " A,imm", s, op(base + (b ? 4 : 5)), u));
            }
        }
        for (int s : allSizes) {
            boolean b = s == 1;
            f.add(rm("test" + sfx(s) + " E,G", s, op(b ? 0x84 : 0x85), -1, 0, AF));
            f.add(acc("test" + sfx(s) + " A,imm", s, op(b ? 0xa8 : 0xa9), AF));
            f.add(rm("test" + sfx(s) + " E,imm", s, op(b ? 0xf6 : 0xf7), 0, Math.min(s, 4), AF));
            f.add(rm("inc" + sfx(s), s, op(b ? 0xfe : 0xff), 0, 0, 0));
            f.add(rm("dec" + sfx(s), s, op(b ? 0xfe : 0xff), 1, 0, 0));
            f.add(rm("not" + sfx(s), s, op(b ? 0xf6 : 0xf7), 2, 0, 0));
            f.add(rm("neg" + sfx(s), s, op(b ? 0xf6 : 0xf7), 3, 0, 0));
            f.add(mulDiv("mul", s, 4));
            f.add(mulDiv("imul", s, 5));
            f.add(mulDiv("div", s, 6));
            f.add(mulDiv("idiv", s, 7));
            for (int k = 0; k < 8; k++) {
                f.add(shift(SHIFTS[k], s, k, 0));
                f.add(shift(SHIFTS[k], s, k, 1));
                f.add(shift(SHIFTS[k], s, k, 2));
            }
            f.add(rm("mov" + sfx(s) + " E,G", s, op(b ? 0x88 : 0x89), -1, 0, 0));
            f.add(rm("mov" + sfx(s) + " G,E", s, op(b ? 0x8a : 0x8b), -1, 0, 0));
            f.add(rm("mov" + sfx(s) + " E,imm", s, op(b ? 0xc6 : 0xc7), 0, Math.min(s, 4), 0));
            f.add(movRegImm(s));
            f.add(moffs(s, false));
            f.add(moffs(s, true));
            f.add(rm("xchg" + sfx(s) + " E,G", s, op(b ? 0x86 : 0x87), -1, 0, 0));
            f.add(cmpxchg(s));
            f.add(rm("xadd" + sfx(s), s, op(0x0f, b ? 0xc0 : 0xc1), -1, 0, 0));
            for (String str : List.of("movs", "cmps", "stos", "lods", "scas")) {
                f.add(string(str, s, 0));
                f.add(string(str, s, 0xf3));
                f.add(string(str, s, 0xf2)); // REPNE: a plain REP on MOVS/STOS/LODS
            }
            for (String str : List.of("movs", "stos", "lods", "cmps")) f.add(stringIntoGuardPage(str, s));
            for (String str : List.of("movs", "stos")) f.add(stringUpIntoGuardPage(str, s));
            f.add(overlappingCopy(s));
        }
        for (int s : vsizes) {
            f.add(rm("imul" + sfx(s) + " G,E", s, op(0x0f, 0xaf), -1, 0, SF | ZF | AF | PF));
            f.add(rm("imul" + sfx(s) + " G,E,imm", s, op(0x69), -1, Math.min(s, 4), SF | ZF | AF | PF));
            f.add(rm("imul" + sfx(s) + " G,E,imm8", s, op(0x6b), -1, 1, SF | ZF | AF | PF));
            f.add(doubleShift("shld", s, false));
            f.add(doubleShift("shld", s, true));
            f.add(doubleShift("shrd", s, false));
            f.add(doubleShift("shrd", s, true));
            String[] bt = {"bt", "bts", "btr", "btc"};
            int[] btOp = {0xa3, 0xab, 0xb3, 0xbb};
            for (int k = 0; k < 4; k++) {
                f.add(bitTest(bt[k], s, btOp[k]));
                f.add(rm(bt[k] + sfx(s) + " E,imm8", s, op(0x0f, 0xba), 4 + k, 1, undefinedFlags(bt[k], s, 0)));
            }
            f.add(bitScan("bsf", s, 0xbc));
            f.add(bitScan("bsr", s, 0xbd));
            f.add(rm("movzb" + sfx(s), s, op(0x0f, 0xb6), -1, 0, 0, 1));
            f.add(rm("movsb" + sfx(s), s, op(0x0f, 0xbe), -1, 0, 0, 1));
            if (s != 2) {
                f.add(rm("movzw" + sfx(s), s, op(0x0f, 0xb7), -1, 0, 0, 2));
                f.add(rm("movsw" + sfx(s), s, op(0x0f, 0xbf), -1, 0, 0, 2));
                f.add(bswap(s));
            }
            f.add(lea(s));
            for (int c = 0; c < 16; c++) f.add(rm("cmov" + CC[c] + sfx(s), s, op(0x0f, 0x40 + c), -1, 0, 0));
            f.add(xchgAcc(s));
            f.add(plain("cbw/cwde/cdqe " + sfx(s), s, op(0x98), 0));
            f.add(plain("cwd/cdq/cqo " + sfx(s), s, op(0x99), 0));
        }
        f.add(rm("movslq", 8, op(0x63), -1, 0, 0, 4));
        f.add(rm("movsxd r32", 4, op(0x63), -1, 0, 0, 4));
        for (int c = 0; c < 16; c++) f.add(rm("set" + CC[c], 1, op(0x0f, 0x90 + c), 0, 0, 0));
        for (int c = 0; c < 16; c++) {
            f.add(branch("j" + CC[c] + " rel8", op(0x70 + c), 1, 0));
            f.add(branch("j" + CC[c] + " rel32", op(0x0f, 0x80 + c), 4, 0));
        }
        f.add(branch("jmp rel8", op(0xeb), 1, 0));
        f.add(branch("jmp rel32", op(0xe9), 4, 0));
        f.add(branch("loop", op(0xe2), 1, 1));
        f.add(branch("loope", op(0xe1), 1, 1));
        f.add(branch("loopne", op(0xe0), 1, 1));
        f.add(branch("jrcxz", op(0xe3), 1, 1));
        f.add(branch("jecxz", op(0xe3), 1, 2));
        f.add(cmpxchg8b(false));
        f.add(cmpxchg8b(true));
        f.addAll(stackForms());
        for (String[] p : new String[][] {{"lahf", "9f"}, {"sahf", "9e"}, {"clc", "f8"}, {"stc", "f9"}, {"cmc", "f5"},
            {"cld", "fc"}, {"std", "fd"}, {"nop", "90"}, {"pause", "f3 90"}, {"int3", "cc"}, {"ud2", "0f 0b"},
            {"hlt", "f4"}}) {
            int[] bytes = java.util.Arrays.stream(p[1].split(" ")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
            f.add(plain(p[0], 4, bytes, 0));
        }
        f.add(rm("nopl E", 4, op(0x0f, 0x1f), 0, 0, 0));
        f.add(guardPageLoad());
        return f;
    }

    /** op E,G / G,E / E,imm forms: reg is a random register (digit -1) or a group digit. */
    static Form rm(String name, int size, int[] opcode, int digit, int immSize, long undefined) {
        return rm(name, size, opcode, digit, immSize, undefined, size);
    }

    static Form rm(String name, int size, int[] opcode, int digit, int immSize, long undefined, int rmSize) {
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = opcode;
            g.modrm(digit, g.rnd.nextBoolean(), size, g.value(size), rmSize, g.value(rmSize));
            if (g.rnd.nextInt(5) == 0) g.prefix(0xf0); // LOCK: atomic on memory, #UD on registers or other ops
            g.addressRegisters();
            if (immSize > 0) g.imm(immSize, g.value(immSize));
            return g.build(name, undefined);
        });
    }

    static Form acc(String name, int size, int[] opcode, long undefined) {
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = opcode;
            g.setReg(RAX, size, g.value(size));
            g.imm(Math.min(size, 4), g.value(Math.min(size, 4)));
            return g.build(name, undefined);
        });
    }

    static Form plain(String name, int size, int[] opcode, long undefined) {
        return new Form(name, N / 4, g -> {
            g.size(size);
            g.rex = size == 8;
            g.opcode = opcode;
            g.setReg(RAX, 8, g.value(8));
            return g.build(name, undefined);
        });
    }

    static Form mulDiv(String mn, int size, int digit) {
        String name = mn + sfx(size) + " E";
        boolean div = digit >= 6, signed = digit == 5 || digit == 7;
        return new Form(name, N * 2, g -> {
            g.size(size);
            g.opcode = op(size == 1 ? 0xf6 : 0xf7);
            long src = g.value(size);
            if (div && src == 0 && g.rnd.nextInt(4) != 0) src = 1 + g.rnd.nextInt(1000);
            g.modrm(digit, g.rnd.nextBoolean(), size, 0, src);
            long lo = g.value(size), hi = g.value(size);
            if (div && g.rnd.nextInt(10) < 8 && src != 0) {
                if (!signed) {
                    hi = Long.remainderUnsigned(g.rnd.nextLong() & mask(size), src);
                } else { // dividend = q * d + r with q in range and r of the dividend's sign
                    int bits = size * 8;
                    BigInteger d = BigInteger.valueOf(sx(src, size));
                    BigInteger q = BigInteger.valueOf(sx(g.value(size), size));
                    BigInteger r = d.abs().compareTo(BigInteger.ONE) > 0 && g.rnd.nextBoolean()
                            ? BigInteger.valueOf(g.rnd.nextLong()).mod(d.abs()) : BigInteger.ZERO;
                    BigInteger n = q.multiply(d);
                    if (n.signum() < 0) r = r.negate();
                    n = n.add(r);
                    BigInteger m = BigInteger.ONE.shiftLeft(2 * bits);
                    n = n.mod(m);
                    lo = n.longValue() & mask(size);
                    hi = n.shiftRight(bits).longValue() & mask(size);
                }
            }
            if (size == 1) {
                g.setReg(RAX, 2, (hi << 8) | lo);
            } else {
                g.setReg(RAX, size, lo);
                g.setReg(RDX, size, hi);
            }
            g.use(RAX, RDX);
            g.addressRegisters();
            return g.build(name, undefinedFlags(mn, size, 0));
        });
    }

    private static int count(OracleGen g, int size) {
        int[] c = {0, 1, 2, size * 8 - 1, size * 8, size * 8 + 1, 31, 32, 33, 63, 64, 65, 255, 17, 9};
        return g.rnd.nextBoolean() ? c[g.rnd.nextInt(c.length)] : g.rnd.nextInt(256);
    }

    /** how: 0 imm8 (C0/C1), 1 by one (D0/D1), 2 by CL (D2/D3). */
    static Form shift(String mn, int size, int kind, int how) {
        String name = mn + sfx(size) + (how == 0 ? " E,imm8" : how == 1 ? " E,1" : " E,cl");
        return new Form(name, N, g -> {
            g.size(size);
            boolean b = size == 1;
            g.opcode = op(how == 0 ? (b ? 0xc0 : 0xc1) : how == 1 ? (b ? 0xd0 : 0xd1) : (b ? 0xd2 : 0xd3));
            int n = how == 1 ? 1 : count(g, size);
            g.modrm(kind, g.rnd.nextBoolean(), size, 0, g.value(size));
            if (how == 2) {
                g.setReg(RCX, 1, n);
                if (!g.mem && g.rm == RCX) n = (int) (g.regs[RCX] & 0xff); // shl cl, cl
            }
            g.addressRegisters();
            if (how == 0) g.imm(1, n);
            return g.build(name, undefinedFlags(mn, size, n));
        });
    }

    static Form doubleShift(String mn, int size, boolean byCl) {
        String name = mn + sfx(size) + (byCl ? " E,G,cl" : " E,G,imm8");
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = op(0x0f, (mn.equals("shld") ? 0xa4 : 0xac) + (byCl ? 1 : 0));
            int n = count(g, size);
            if (size == 2 && (n & 31) > 16) n &= 15; // the result is undefined for counts above 16
            g.modrm(-1, g.rnd.nextBoolean(), size, g.value(size), g.value(size));
            if (byCl) {
                g.setReg(RCX, 1, n);
                if (!g.mem && (g.rm == RCX || g.reg == RCX)) {
                    n = (int) (g.regs[RCX] & 0xff);
                    if (size == 2 && (n & 31) > 16) g.regs[RCX] &= ~0x10L;
                    n = (int) (g.regs[RCX] & 0xff);
                }
            }
            g.addressRegisters();
            if (!byCl) g.imm(1, n);
            return g.build(name, undefinedFlags(mn, size, n));
        });
    }

    static Form bitTest(String mn, int size, int opcode) {
        String name = mn + sfx(size) + " E,G";
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = op(0x0f, opcode);
            boolean mem = g.rnd.nextBoolean();
            long offset = mem ? g.rnd.nextInt(897) - 448 : g.value(size);
            g.modrm(-1, mem, size, offset, g.value(size));
            if (mem) { // the operand sits mid-window so offsets of +-448 bits stay inside it
                g.writeMem(g.target, size, 0);
                g.target = WIN + 56;
                g.writeMem(g.target, size, g.value(size));
            }
            g.addressRegisters();
            return g.build(name, undefinedFlags(mn, size, 0));
        });
    }

    static Form bitScan(String mn, int size, int opcode) {
        String name = mn + sfx(size);
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = op(0x0f, opcode);
            long src = g.rnd.nextInt(5) == 0 ? 0 : g.value(size);
            g.modrm(-1, g.rnd.nextBoolean(), size, g.value(size), src);
            g.addressRegisters();
            return g.build(name, undefinedFlags(mn, size, 0));
        });
    }

    static Form bswap(int size) {
        String name = "bswap" + sfx(size);
        return new Form(name, N / 2, g -> {
            g.size(size);
            g.opcode = op(0x0f, 0xc8);
            g.opReg = g.pickReg(0);
            if (g.opReg >= 8) g.rex = true;
            return g.build(name, 0);
        });
    }

    static Form lea(int size) {
        String name = "lea" + sfx(size);
        return new Form(name, N * 3, g -> {
            g.size(size);
            g.opcode = op(0x8d);
            g.modrm(-1, true, size, g.value(size), 0);
            g.addressRegisters();
            if (g.rnd.nextBoolean()) { // any values: lea does not access memory
                if (g.base >= 0) g.regs[g.base] = g.rnd.nextBoolean() ? g.rnd.nextLong() : g.value(8);
                if (g.index >= 0) g.regs[g.index] = g.rnd.nextBoolean() ? g.rnd.nextLong() : g.value(8);
            }
            return g.build(name, 0);
        });
    }

    static Form movRegImm(int size) {
        String name = "mov" + sfx(size) + " r,imm";
        return new Form(name, N / 2, g -> {
            g.size(size);
            g.opcode = op(size == 1 ? 0xb0 : 0xb8);
            g.opReg = g.pickReg(0);
            g.imm(size, g.value(size));
            return g.build(name, 0);
        });
    }

    static Form moffs(int size, boolean store) {
        String name = "movabs" + sfx(size) + (store ? " moffs,A" : " A,moffs");
        return new Form(name, N / 4, g -> {
            g.size(size);
            g.opcode = op((store ? 0xa2 : 0xa0) + (size == 1 ? 0 : 1));
            g.setReg(RAX, size, g.value(size));
            g.memLocation(size);
            if (g.rnd.nextBoolean()) {
                g.prefix(0x67);
                g.imm(4, g.target);
            } else {
                g.imm(8, g.target);
            }
            return g.build(name, 0);
        });
    }

    static Form cmpxchg(int size) {
        String name = "cmpxchg" + sfx(size);
        return new Form(name, N, g -> {
            g.size(size);
            g.opcode = op(0x0f, size == 1 ? 0xb0 : 0xb1);
            long dst = g.value(size);
            g.modrm(-1, g.rnd.nextBoolean(), size, g.value(size), dst);
            if (g.rnd.nextBoolean()) g.setReg(RAX, size, g.mem ? dst : g.getReg(g.rm, size));
            else g.setReg(RAX, size, g.value(size));
            if (g.rnd.nextInt(4) == 0) g.prefix(0xf0);
            g.addressRegisters();
            return g.build(name, 0);
        });
    }

    static Form cmpxchg8b(boolean wide) {
        String name = wide ? "cmpxchg16b" : "cmpxchg8b";
        return new Form(name, N, g -> {
            g.size(wide ? 8 : 4);
            g.opcode = op(0x0f, 0xc7);
            g.modrm(1, true, 8, 0, g.value(8));
            int n = wide ? 16 : 8;
            if (g.rnd.nextInt(6) != 0) g.target = WIN + (g.rnd.nextInt(WINDOW / n - 1)) * n;
            else g.target = WIN + g.rnd.nextInt(WINDOW - n); // misaligned: #GP for 16B
            long lo = g.value(8), hi = g.value(8);
            g.writeMem(g.target, 8, lo);
            if (wide) g.writeMem(g.target + 8, 8, hi);
            if (g.rnd.nextBoolean()) {
                if (wide) {
                    g.regs[RAX] = lo;
                    g.regs[RDX] = hi;
                } else {
                    g.regs[RAX] = (g.rnd.nextLong() << 32) | (lo & 0xffff_ffffL);
                    g.regs[RDX] = (g.rnd.nextLong() << 32) | (lo >>> 32);
                }
            }
            g.use(RAX, RBX, RCX, RDX);
            if (g.rnd.nextInt(4) == 0) g.prefix(0xf0);
            g.addressRegisters();
            return g.build(name, 0);
        });
    }

    static Form xchgAcc(int size) {
        String name = "xchg" + sfx(size) + " A,r";
        return new Form(name, N / 2, g -> {
            g.size(size);
            g.opcode = op(0x90);
            g.opReg = g.pickReg(0);
            if (g.opReg >= 8) g.rex = true;
            return g.build(name, 0);
        });
    }

    /** String instructions with small counts, both directions, 64- and 32-bit addresses. */
    static Form string(String mn, int size, int rep) {
        String name = (rep == 0xf3 ? "rep " : rep == 0xf2 ? "repne " : "") + mn + sfx(size);
        int opcode = switch (mn) {
            case "movs" -> 0xa4;
            case "cmps" -> 0xa6;
            case "stos" -> 0xaa;
            case "lods" -> 0xac;
            default -> 0xae;
        } + (size == 1 ? 0 : 1);
        return new Form(name, N, g -> {
            g.size(size);
            if (rep != 0) g.prefix(rep);
            g.opcode = op(opcode);
            boolean a32 = g.rnd.nextInt(4) == 0;
            if (a32) g.prefix(0x67);
            boolean down = g.rnd.nextBoolean();
            g.flags = down ? g.flags | DF : g.flags & ~DF;
            int n = g.rnd.nextInt(7);
            long hiBits = a32 ? g.rnd.nextLong() << 32 : 0;
            g.regs[RCX] = rep == 0 ? g.rnd.nextLong() : hiBits | n;
            long src = WIN + (down ? 56 - size - g.rnd.nextInt(8) : g.rnd.nextInt(8));
            long dst = src + 64 + (g.rnd.nextInt(3) - 1) * size;
            g.regs[RSI] = (a32 ? hiBits : 0) | src;
            g.regs[RDI] = (a32 ? hiBits : 0) | dst;
            if (g.rnd.nextBoolean()) { // make compares run on: equal data with an occasional difference
                System.arraycopy(g.win, 0, g.win, 64, 56);
                if (g.rnd.nextBoolean()) g.win[g.rnd.nextInt(WINDOW)] ^= 1;
            }
            if (mn.equals("scas") && g.rnd.nextBoolean()) g.regs[RAX] = g.readMem(dst, size);
            return g.build(name, 0);
        });
    }

    /**
     * REP string instructions running downwards off the start of the data pages into the unmapped
     * page: the fault must leave exactly the completed iterations done (rcx, rsi, rdi).
     */
    static Form stringIntoGuardPage(String mn, int size) {
        String name = "rep " + mn + sfx(size) + " into the unmapped page";
        int opcode = switch (mn) {
            case "movs" -> 0xa4;
            case "cmps" -> 0xa6;
            case "stos" -> 0xaa;
            default -> 0xac;
        } + (size == 1 ? 0 : 1);
        return new Form(name, N / 2, g -> {
            g.size(size);
            g.prefix(0xf3);
            g.opcode = op(opcode);
            g.flags |= DF;
            g.regs[RCX] = 1 + g.rnd.nextInt(8);
            long edge = DATA + g.rnd.nextInt(4 * size + 1);
            boolean viaSource = mn.equals("lods") || (!mn.equals("stos") && g.rnd.nextBoolean());
            g.regs[RSI] = viaSource ? edge : WIN + 32 + g.rnd.nextInt(16);
            g.regs[RDI] = viaSource ? WIN + 96 + g.rnd.nextInt(16) : edge;
            return g.build(name, 0);
        });
    }

    /**
     * REP MOVS and STOS upwards off the end of the data pages into the unmapped page (memcpy and
     * memset, which Helctic runs a page at a time): the fault leaves exactly the completed
     * iterations done.
     */
    static Form stringUpIntoGuardPage(String mn, int size) {
        String name = "rep " + mn + sfx(size) + " up into the unmapped page";
        int opcode = (mn.equals("movs") ? 0xa4 : 0xaa) + (size == 1 ? 0 : 1);
        return new Form(name, N / 2, g -> {
            g.size(size);
            g.prefix(0xf3);
            g.opcode = op(opcode);
            g.flags &= ~DF;
            int k = g.rnd.nextInt(4);
            g.regs[RCX] = k == 0 ? -1L - g.rnd.nextInt(3) : 1 + g.rnd.nextInt(k == 1 ? 8 : 600); // -1: as unsigned, a huge count
            long edge = DATA + DATA_SIZE - 1 - g.rnd.nextInt(4 * size + 1);
            boolean viaSource = mn.equals("movs") && g.rnd.nextBoolean();
            g.regs[RSI] = viaSource ? edge : WIN + g.rnd.nextInt(16);
            g.regs[RDI] = viaSource ? WIN + g.rnd.nextInt(16) : edge;
            return g.build(name, 0);
        });
    }

    /**
     * REP MOVS upwards whose destination starts inside its source (a pattern repeated, as the
     * element-by-element copy does), or just below it, all inside the window.
     */
    static Form overlappingCopy(int size) {
        String name = "rep movs" + sfx(size) + " overlapping";
        return new Form(name, N, g -> {
            g.size(size);
            g.prefix(0xf3);
            g.opcode = op(size == 1 ? 0xa4 : 0xa5);
            g.flags &= ~DF;
            int shift = 1 + g.rnd.nextInt(24), count = 1 + g.rnd.nextInt((WINDOW - 48) / size);
            long low = WIN + g.rnd.nextInt(16);
            boolean up = g.rnd.nextInt(4) != 0;
            g.regs[RCX] = count;
            g.regs[RSI] = up ? low : low + shift;
            g.regs[RDI] = up ? low + shift : low;
            return g.build(name, 0);
        });
    }

    /** Jcc/JMP/LOOP/JRCXZ: exits at the fall-through and at the target. addr: 1 = rcx, 2 = ecx (67). */
    static Form branch(String name, int[] opcode, int relSize, int counter) {
        return new Form(name, N, g -> {
            g.size(4);
            g.rex = g.rnd.nextInt(4) == 0;
            if (counter == 2) g.prefix(0x67);
            g.opcode = opcode;
            if (counter != 0) {
                int k = g.rnd.nextInt(4);
                g.regs[RCX] = k == 0 ? 0 : k == 1 ? 1 : k == 2 ? g.rnd.nextLong() & ~0xffff_ffffL : g.value(8);
            }
            int len = g.prefixes.size() + (g.rex ? 1 : 0) + opcode.length + relSize;
            int next = INSN_OFFSET + len;
            int t = target(g, next, relSize);
            g.imm(relSize, t - next);
            return g.build(name, 0, new int[] {next, t});
        });
    }

    /** A stub offset reachable with a relSize displacement that overlaps neither the instruction nor the fall-through stub. */
    private static int target(OracleGen g, int next, int relSize) {
        while (true) {
            int t = relSize == 1 ? next - 128 + g.rnd.nextInt(256) : g.rnd.nextInt(4096 - 14);
            if (t >= 0 && t + 14 <= 4096 && (t + 14 <= INSN_OFFSET || t >= next + 14)) return t;
        }
    }

    private static void stackInWindow(OracleGen g) {
        g.regs[RSP] = WIN + 64 + (g.rnd.nextInt(5) - 2) * 8 + (g.rnd.nextInt(8) == 0 ? g.rnd.nextInt(8) : 0);
        g.use(RSP);
    }

    static List<Form> stackForms() {
        List<Form> f = new ArrayList<>();
        for (int size : new int[] {2, 8}) {
            String s = sfx(size);
            f.add(new Form("push" + s + " r", N, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x50);
                g.opReg = g.pickReg(0);
                if (g.opReg >= 8) g.rex = true;
                stackInWindow(g);
                return g.build("push", 0);
            }));
            f.add(new Form("pop" + s + " r", N, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x58);
                g.opReg = g.pickReg(0);
                if (g.opReg >= 8) g.rex = true;
                stackInWindow(g);
                return g.build("pop", 0);
            }));
            f.add(new Form("push" + s + " E", N, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0xff);
                g.modrm(6, g.rnd.nextBoolean(), size, 0, g.value(size));
                stackInWindow(g);
                g.addressRegisters();
                return g.build("push E", 0);
            }));
            f.add(new Form("pop" + s + " E", N, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x8f);
                g.modrm(0, g.rnd.nextBoolean(), size, 0, g.value(size));
                stackInWindow(g);
                g.addressRegisters();
                return g.build("pop E", 0);
            }));
            f.add(new Form("push" + s + " imm8", N / 2, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x6a);
                stackInWindow(g);
                g.imm(1, g.value(1));
                return g.build("push imm8", 0);
            }));
            f.add(new Form("push" + s + " imm", N / 2, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x68);
                stackInWindow(g);
                g.imm(size == 8 ? 4 : 2, g.value(4));
                return g.build("push imm", 0);
            }));
            f.add(new Form("pushf" + s, N / 2, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x9c);
                stackInWindow(g);
                return g.build("pushf", 0);
            }));
            f.add(new Form("popf" + s, N / 2, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0x9d);
                stackInWindow(g);
                long v = (g.rnd.nextLong() & (ARITH | DF)) | 2;
                g.writeMem(g.regs[RSP], size, v);
                return g.build("popf", 0);
            }));
            f.add(new Form("leave" + s, N / 2, g -> {
                g.size(size == 8 ? 4 : 2);
                g.opcode = op(0xc9);
                g.regs[RBP] = WIN + 32 + g.rnd.nextInt(64);
                return g.build("leave", 0);
            }));
        }
        f.add(new Form("call rel32", N, g -> {
            g.size(4);
            g.opcode = op(0xe8);
            stackInWindow(g);
            int next = INSN_OFFSET + g.prefixes.size() + (g.rex ? 1 : 0) + 5;
            int t = target(g, next, 4);
            g.imm(4, t - next);
            return g.build("call", 0, new int[] {t});
        }));
        f.add(new Form("call E", N, g -> {
            g.size(4);
            g.opcode = op(0xff);
            int t = target(g, INSN_OFFSET + 16, 4);
            g.modrm(2, g.rnd.nextBoolean(), 8, 0, CODE + t);
            if (!g.mem && g.rm == RSP) {
                g.rm = RBX;
                g.setReg(RBX, 8, CODE + t);
            }
            stackInWindow(g);
            g.addressRegisters();
            return g.build("call E", 0, new int[] {t});
        }));
        f.add(new Form("jmp E", N, g -> {
            g.size(4);
            g.opcode = op(0xff);
            int t = target(g, INSN_OFFSET + 16, 4);
            g.modrm(4, g.rnd.nextBoolean(), 8, 0, CODE + t);
            g.addressRegisters();
            return g.build("jmp E", 0, new int[] {t});
        }));
        for (boolean pop : new boolean[] {false, true}) {
            String name = pop ? "ret imm16" : "ret";
            f.add(new Form(name, N, g -> {
                g.size(4);
                g.opcode = op(pop ? 0xc2 : 0xc3);
                stackInWindow(g);
                int t = target(g, INSN_OFFSET + 4, 4);
                g.writeMem(g.regs[RSP], 8, CODE + t);
                if (pop) g.imm(2, g.rnd.nextInt(4) == 0 ? g.rnd.nextInt(0x10000) : g.rnd.nextInt(64));
                return g.build(name, 0, new int[] {t});
            }));
        }
        return f;
    }

    /** A load from the unmapped page between code and data: #PF natively (SIGSEGV) and here. */
    static Form guardPageLoad() {
        return new Form("mov from unmapped page", N / 4, g -> {
            g.size(8);
            g.opcode = op(0x8b);
            g.modrm(-1, true, 8, 0, 0);
            g.target = CODE + 0x1000 + g.rnd.nextInt(0x1000 - 8);
            g.addressRegisters();
            return g.build("mov guard", 0);
        });
    }

    // ---- running and comparing ----

    @Test
    void integerInstructionsAgreeWithTheHostCpu() throws Exception {
        OracleGen g = new OracleGen(0x48656c6374696341L);
        List<Form> forms = forms();
        List<OracleCase> cases = new ArrayList<>();
        for (Form form : forms) {
            for (int i = 0; i < form.count(); i++) {
                g.fresh();
                OracleCase c = form.make().apply(g);
                cases.add(new OracleCase(form.name(), c.code, c.exits, c.regs, c.flags, c.window, c.undefinedFlags,
                        c.undefinedRegs));
            }
        }
        List<Outcome> natives = NativeInsnOracle.run(cases);
        EmulatedInsnOracle emu = new EmulatedInsnOracle();
        Map<String, Integer> badByForm = new TreeMap<>();
        Map<String, Integer> faults = new TreeMap<>();
        List<String> reports = new ArrayList<>();
        int disagreements = 0;
        for (int i = 0; i < cases.size(); i++) {
            OracleCase c = cases.get(i);
            Outcome want = natives.get(i);
            Outcome got;
            String diff;
            try {
                got = emu.run(c);
                diff = compare(c, want, got);
            } catch (RuntimeException e) {
                diff = "emulator threw " + e;
            }
            if (want.status() < EXITED) faults.merge("signal " + want.status(), 1, Integer::sum);
            if (diff != null) {
                disagreements++;
                badByForm.merge(c.form, 1, Integer::sum);
                if (reports.size() < 60 && badByForm.get(c.form) <= 3) reports.add(describe(c) + "\n    " + diff);
            }
        }
        Map<String, Integer> caseCounts = new LinkedHashMap<>();
        for (OracleCase c : cases) caseCounts.merge(c.form, 1, Integer::sum);
        System.out.printf("instruction oracle: %d forms, %d cases, %d faulting natively %s, %d disagreements%n",
                caseCounts.size(), cases.size(), faults.values().stream().mapToInt(Integer::intValue).sum(), faults,
                disagreements);
        if (!badByForm.isEmpty()) System.out.println("disagreements by form: " + badByForm);
        reports.forEach(System.out::println);
        assertThat(badByForm).as("forms where Helctic disagrees with the host CPU").isEmpty();
    }

    private static final String[] REG = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
        "r11", "r12", "r13", "r14", "r15"};

    static String compare(OracleCase c, Outcome want, Outcome got) {
        StringBuilder sb = new StringBuilder();
        if (want.status() != got.status()) sb.append(String.format("status native %s, helctic %s; ",
                status(want.status()), status(got.status())));
        for (int k = 0; k < 16; k++) {
            if ((c.undefinedRegs & (1 << k)) == 0 && want.regs()[k] != got.regs()[k]) {
                sb.append(String.format("%s native %x helctic %x; ", REG[k], want.regs()[k], got.regs()[k]));
            }
        }
        long checked = (ARITH | DF) & ~c.undefinedFlags;
        if (((want.rflags() ^ got.rflags()) & checked) != 0) {
            sb.append(String.format("flags native %s helctic %s (undefined %s); ", flags(want.rflags()),
                    flags(got.rflags()), flags(c.undefinedFlags)));
        }
        if (want.rip() != got.rip()) sb.append(String.format("rip native %x helctic %x; ", want.rip(), got.rip()));
        if (!java.util.Arrays.equals(want.window(), got.window())) {
            for (int i = 0; i < WINDOW; i++) {
                if (want.window()[i] != got.window()[i]) {
                    sb.append(String.format("memory %x native %02x helctic %02x; ", WIN + i, want.window()[i] & 0xff,
                            got.window()[i] & 0xff));
                    break;
                }
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String status(int s) {
        return s >= EXITED ? "exit " + (s - EXITED) : "signal " + s;
    }

    static String flags(long f) {
        StringBuilder sb = new StringBuilder("[");
        String[] names = {"CF", "PF", "AF", "ZF", "SF", "DF", "OF"};
        long[] bits = {CF, PF, AF, ZF, SF, DF, OF};
        for (int i = 0; i < names.length; i++) if ((f & bits[i]) != 0) sb.append(sb.length() > 1 ? " " : "").append(names[i]);
        return sb.append("]").toString();
    }

    static String describe(OracleCase c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.form).append(": ").append(NativeInsnOracle.hex(c.code));
        Insn d = new Insn();
        if (Decoder.decode(c.code, 0, c.code.length, CODE + INSN_OFFSET, d) > 0) sb.append(" (").append(X86Disassembler.format(d)).append(")");
        sb.append("\n    in:");
        for (int k = 0; k < 16; k++) sb.append(String.format(" %s=%x", REG[k], c.regs[k]));
        sb.append(" flags=").append(flags(c.flags));
        return sb.toString();
    }
}
