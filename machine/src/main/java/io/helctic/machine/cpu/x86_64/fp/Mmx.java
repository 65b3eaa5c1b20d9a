package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.fp.SseInt.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import io.helctic.machine.cpu.x86_64.core.X87State;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * MMX: the eight 64-bit registers MM0-MM7 are the significands of the x87 physical registers
 * R0-R7 ({@link X87State#mmx}, {@link X87State#setMmx}). Every MMX instruction except EMMS makes the
 * x87-to-MMX transition (TOP = 0, all tags valid); writing MMn sets Rn's sign and exponent to
 * all ones; EMMS tags every register empty. A pending unmasked x87 exception is #MF first.
 *
 * <p>Covered: the MMX instruction set (0F 60-7F, D1-FE without a prefix), the SSE additions on
 * MMX registers (PSHUFW, PINSRW, PEXTRW, PMOVMSKB, PAVG, PMIN/PMAX, PSADBW, PMULHUW, MASKMOVQ,
 * MOVNTQ), SSE2's PADDQ/PSUBQ/PMULUDQ on MMX, MOVQ2DQ and MOVDQ2Q, the SSSE3 MMX forms (0F 38
 * 00-0B, 1C-1E and 0F 3A 0F without a prefix) and the conversions CVTPI2PS/PD, CVT(T)PS2PI and
 * CVT(T)PD2PI. Dispatch is on {@code map << 8 | opcode}; {@code d.sub} is the mandatory-prefix
 * index (0 none, 1 66, 2 F3, 3 F2). MMX register numbers ignore REX.
 */
public final class Mmx {
    private Mmx() {}

    static final int CONTINUE = Exit.CONTINUE, UD = Exit.UD, GP = Exit.GP,
            XM = Exit.XM, MF = Exit.MF;

    public static int exec(Core c, Insn d) {
        if (d.has(Insn.LOCK)) return UD;
        X87State f = c.x87;
        int key = d.map << 8 | d.opcode;
        if (key == 0x177) { // EMMS
            if (f.fwait() != CONTINUE) return MF;
            f.emms();
            return CONTINUE;
        }
        // CVTPI2PS/PD with a memory source touch no MMX register: no transition, no pending-#MF check
        if (!(key == 0x12A && d.isMem()) && f.fwait() != CONTINUE) return MF;
        int g = d.reg & 7;
        Mmu m = c.mmu;
        switch (key) {
            case 0x12A, 0x12C, 0x12D -> { return convert(c, d, f); }
            case 0x16E -> { // MOVD/MOVQ mm, r/m32/64
                long v = c.readE(d, d.opSize);
                if (d.opSize == 4) v &= 0xFFFF_FFFFL;
                write(f, g, v);
                return CONTINUE;
            }
            case 0x17E -> { // MOVD/MOVQ r/m32/64, mm
                long v = f.mmx(g);
                if (d.isMem()) m.write(c.ea(d), d.opSize, v);
                else c.writeE(d, d.opSize, v);
                f.enterMmx();
                return CONTINUE;
            }
            case 0x16F -> { // MOVQ mm, mm/m64
                write(f, g, src(c, d, f));
                return CONTINUE;
            }
            case 0x17F, 0x1E7 -> { // MOVQ mm/m64, mm; MOVNTQ m64, mm
                long v = f.mmx(g);
                if (d.isMem()) {
                    m.write64(c.ea(d), v);
                    f.enterMmx();
                } else {
                    if (key == 0x1E7) return UD;
                    write(f, d.rm & 7, v);
                }
                return CONTINUE;
            }
            case 0x171, 0x172, 0x173 -> { // shift groups by imm8
                if (d.isMem()) return UD;
                int kind = d.reg & 7;
                int size = d.opcode == 0x71 ? 2 : d.opcode == 0x72 ? 4 : 8;
                int op = switch (kind) {
                    case 2 -> 0;
                    case 4 -> size == 8 ? -1 : 1;
                    case 6 -> 2;
                    default -> -1;
                };
                if (op < 0) return UD;
                int e = d.rm & 7;
                write(f, e, shift(f.mmx(e), size, op, d.imm & 0xFF));
                return CONTINUE;
            }
            case 0x1C4 -> { // PINSRW mm, r32/m16, imm8
                long v = d.isMem() ? m.read16(c.ea(d)) : c.r[d.rm];
                int sh = ((int) d.imm & 3) * 16;
                write(f, g, (f.mmx(g) & ~(0xFFFFL << sh)) | ((v & 0xFFFF) << sh));
                return CONTINUE;
            }
            case 0x1C5 -> { // PEXTRW r32, mm, imm8
                if (d.isMem()) return UD;
                c.r[d.reg] = (f.mmx(d.rm & 7) >>> (((int) d.imm & 3) * 16)) & 0xFFFF;
                f.enterMmx();
                return CONTINUE;
            }
            case 0x1D7 -> { // PMOVMSKB r32, mm
                if (d.isMem()) return UD;
                long v = f.mmx(d.rm & 7), r = 0;
                for (int i = 0; i < 8; i++) r |= ((v >>> (8 * i + 7)) & 1) << i;
                c.r[d.reg] = r;
                f.enterMmx();
                return CONTINUE;
            }
            case 0x1F7 -> { // MASKMOVQ mm, mm -> [rdi]
                if (d.isMem()) return UD;
                long base = (d.addrSize == 4 ? c.r[7] & 0xFFFF_FFFFL : c.r[7]) + c.segBase(d);
                long mask = f.mmx(d.rm & 7), v = f.mmx(g);
                for (int i = 0; i < 8; i++) {
                    if ((mask >>> (8 * i + 7) & 1) != 0) m.checkWrite(base + i, 1);
                }
                for (int i = 0; i < 8; i++) {
                    if ((mask >>> (8 * i + 7) & 1) != 0) m.write8(base + i, (int) (v >>> (8 * i)) & 0xFF);
                }
                f.enterMmx();
                return CONTINUE;
            }
            case 0x1D6 -> { // MOVQ2DQ xmm, mm (F3); MOVDQ2Q mm, xmm (F2)
                if (d.isMem()) return UD;
                if (d.sub == 2) {
                    c.xmm[d.reg * 2] = f.mmx(d.rm & 7);
                    c.xmm[d.reg * 2 + 1] = 0;
                    f.enterMmx();
                } else if (d.sub == 3) {
                    write(f, g, c.xmm[d.rm * 2]);
                } else {
                    return UD;
                }
                return CONTINUE;
            }
            default -> { }
        }
        // mm <- mm, mm/m64 (punpckl: m32)
        boolean half = key >= 0x160 && key <= 0x162;
        long s = d.isMem() ? (half ? m.read32(c.ea(d)) & 0xFFFF_FFFFL : m.read64(c.ea(d))) : f.mmx(d.rm & 7);
        long a = f.mmx(g), r;
        switch (key) {
            case 0x160, 0x161, 0x162, 0x168, 0x169, 0x16A -> { // PUNPCKL/H BW WD DQ
                int size = 1 << (d.opcode & 3);
                int n = 8 / size, base = d.opcode >= 0x68 ? n / 2 : 0;
                r = 0;
                for (int i = 0; i < n / 2; i++) {
                    r |= el(a, 0, base + i, size) << (2 * i * size * 8);
                    r |= el(s, 0, base + i, size) << ((2 * i + 1) * size * 8);
                }
            }
            case 0x163, 0x167, 0x16B -> { // PACKSSWB, PACKUSWB, PACKSSDW
                int from = d.opcode == 0x6B ? 4 : 2, to = from / 2;
                boolean unsigned = d.opcode == 0x67;
                int n = 8 / from;
                long mask = (1L << (to * 8)) - 1;
                r = 0;
                for (int i = 0; i < 2 * n; i++) {
                    long v = i < n ? sx(el(a, 0, i, from), from) : sx(el(s, 0, i - n, from), from);
                    r |= ((unsigned ? satU(v, to) : satS(v, to)) & mask) << (i * to * 8);
                }
            }
            case 0x170 -> { // PSHUFW
                int imm = (int) d.imm;
                r = 0;
                for (int i = 0; i < 4; i++) r |= el(s, 0, (imm >>> (2 * i)) & 3, 2) << (16 * i);
            }
            case 0x1D1, 0x1D2, 0x1D3, 0x1E1, 0x1E2, 0x1F1, 0x1F2, 0x1F3 -> { // shifts by mm/m64
                int size = switch (d.opcode & 3) { case 1 -> 2; case 2 -> 4; default -> 8; };
                int op = d.opcode >= 0xF0 ? 2 : d.opcode >= 0xE0 ? 1 : 0;
                if (op == 1 && size == 8) return UD;
                r = shift(a, size, op, s);
            }
            case 0x1DB -> r = a & s;
            case 0x1DF -> r = ~a & s;
            case 0x1EB -> r = a | s;
            case 0x1EF -> r = a ^ s;
            case 0x1F4 -> r = (a & 0xFFFF_FFFFL) * (s & 0xFFFF_FFFFL); // PMULUDQ
            case 0x1F5 -> { // PMADDWD
                r = 0;
                for (int i = 0; i < 2; i++) {
                    long v = sx(el(a, 0, 2 * i, 2), 2) * sx(el(s, 0, 2 * i, 2), 2)
                            + sx(el(a, 0, 2 * i + 1, 2), 2) * sx(el(s, 0, 2 * i + 1, 2), 2);
                    r |= (v & 0xFFFF_FFFFL) << (32 * i);
                }
            }
            case 0x1F6 -> r = sad(a, s); // PSADBW
            case 0x200 -> r = shufBytes(a, a, s & 0x8787_8787_8787_8787L); // PSHUFB: index bits 2:0
            case 0x201, 0x202, 0x203, 0x205, 0x206, 0x207 -> { // PHADDW/D/SW, PHSUBW/D/SW
                int size = (d.opcode & 3) == 2 ? 4 : 2;
                boolean sub = d.opcode >= 5, sat = (d.opcode & 3) == 3;
                int n = 8 / size;
                long mask = (1L << (size * 8)) - 1;
                r = 0;
                for (int i = 0; i < n; i++) {
                    long q = i < n / 2 ? a : s;
                    int j = (i % (n / 2)) * 2;
                    long x = sx(el(q, 0, j, size), size), y = sx(el(q, 0, j + 1, size), size);
                    long v = sub ? x - y : x + y;
                    r |= ((sat ? satS(v, size) : v) & mask) << (i * size * 8);
                }
            }
            case 0x204 -> { // PMADDUBSW
                r = 0;
                for (int i = 0; i < 4; i++) {
                    long v = el(a, 0, 2 * i, 1) * sx(el(s, 0, 2 * i, 1), 1)
                            + el(a, 0, 2 * i + 1, 1) * sx(el(s, 0, 2 * i + 1, 1), 1);
                    r |= (satS(v, 2) & 0xFFFF) << (16 * i);
                }
            }
            case 0x20B -> { // PMULHRSW
                r = 0;
                for (int i = 0; i < 4; i++) {
                    long p = sx(el(a, 0, i, 2), 2) * sx(el(s, 0, i, 2), 2);
                    r |= ((((p >> 14) + 1) >> 1) & 0xFFFF) << (16 * i);
                }
            }
            case 0x208, 0x209, 0x20A -> { // PSIGNB/W/D
                int size = 1 << (d.opcode & 3);
                long mask = (1L << (size * 8)) - 1;
                r = 0;
                for (int i = 0; i < 8 / size; i++) {
                    long x = el(a, 0, i, size), y = sx(el(s, 0, i, size), size);
                    r |= ((y < 0 ? -x : y == 0 ? 0 : x) & mask) << (i * size * 8);
                }
            }
            case 0x21C, 0x21D, 0x21E -> { // PABSB/W/D
                int size = 1 << (d.opcode & 3);
                long mask = (1L << (size * 8)) - 1;
                r = 0;
                for (int i = 0; i < 8 / size; i++) r |= (Math.abs(sx(el(s, 0, i, size), size)) & mask) << (i * size * 8);
            }
            case 0x30F -> { // PALIGNR: (dest:src) >> imm bytes
                int n = (int) d.imm & 0xFF;
                r = 0;
                for (int i = 0; i < 8; i++) {
                    int k = i + n;
                    long v = k < 8 ? el(s, 0, k, 1) : k < 16 ? el(a, 0, k - 8, 1) : 0;
                    r |= v << (8 * i);
                }
            }
            default -> {
                // the element-wise operations SSE2 has too, in their 0F-map (MMX) forms
                int op = key < 0x200 ? SseInt.binaryOp(key) : -1;
                if (op < 0) return UD;
                int size = op >> 8, kind = op & 0xff;
                r = lanewise(a, s, size, kind);
            }
        }
        write(f, g, r);
        return CONTINUE;
    }

    /** Writes MMn and makes the transition. */
    private static void write(X87State f, int n, long v) {
        f.enterMmx();
        f.setMmx(n, v);
    }

    /** The mm/m64 source operand. */
    private static long src(Core c, Insn d, X87State f) {
        return d.isMem() ? c.mmu.read64(c.ea(d)) : f.mmx(d.rm & 7);
    }

    /** Element shifts of one quadword: op 0 logical right, 1 arithmetic right, 2 left; count unsigned. */
    static long shift(long v, int size, int op, long count) {
        int bits = size * 8;
        boolean big = Long.compareUnsigned(count, bits - 1) > 0;
        int n = (int) count;
        if (size == 8) {
            return switch (op) {
                case 0 -> big ? 0 : v >>> n;
                case 1 -> v >> (big ? 63 : n);
                default -> big ? 0 : v << n;
            };
        }
        long mask = (1L << bits) - 1, r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            long e = (v >>> sh) & mask;
            long res = switch (op) {
                case 0 -> big ? 0 : e >>> n;
                case 1 -> sx(e, size) >> (big ? bits - 1 : n);
                default -> big ? 0 : e << n;
            };
            r |= (res & mask) << sh;
        }
        return r;
    }

    /** CVTPI2PS/PD (0F 2A), CVTTPS2PI/CVTTPD2PI (0F 2C), CVTPS2PI/CVTPD2PI (0F 2D). */
    private static int convert(Core c, Insn d, X87State f) {
        boolean dbl = d.sub == 1;
        if (d.sub > 1) return UD;
        Mxcsr st = c.mxcsr;
        long[] x = c.xmm;
        if (d.opcode == 0x2A) { // xmm <- two int32 of mm/m64
            boolean fromReg = !d.isMem();
            long s = src(c, d, f);
            int gx = d.reg * 2;
            if (fromReg) f.enterMmx(); // made even when the conversion then raises #XM
            st.begin();
            long lo = SoftFp.fromInt((int) s, dbl, st), hi = SoftFp.fromInt((int) (s >> 32), dbl, st);
            if (!st.commit()) return XM;
            if (dbl) {
                x[gx] = lo;
                x[gx + 1] = hi;
            } else {
                x[gx] = lo | hi << 32;
            }
            return CONTINUE;
        }
        // mm <- two int32 from two floats (xmm/m64) or two doubles (xmm/m128)
        long s0, s1;
        if (d.isMem()) {
            long ea = c.ea(d);
            if (dbl) {
                if ((ea & 15) != 0) return GP;
                s0 = c.mmu.read64(ea);
                s1 = c.mmu.read64(ea + 8);
            } else {
                s0 = c.mmu.read64(ea);
                s1 = 0;
            }
        } else {
            s0 = x[d.rm * 2];
            s1 = x[d.rm * 2 + 1];
        }
        boolean trunc = d.opcode == 0x2C;
        f.enterMmx(); // made even when the conversion then raises #XM
        st.begin();
        long lo, hi;
        if (dbl) {
            lo = SoftFp.toInt(s0, true, false, trunc, st);
            hi = SoftFp.toInt(s1, true, false, trunc, st);
        } else {
            lo = SoftFp.toInt(s0 & 0xFFFF_FFFFL, false, false, trunc, st);
            hi = SoftFp.toInt(s0 >>> 32, false, false, trunc, st);
        }
        if (!st.commit()) return XM;
        write(f, d.reg & 7, (lo & 0xFFFF_FFFFL) | hi << 32);
        return CONTINUE;
    }
}
