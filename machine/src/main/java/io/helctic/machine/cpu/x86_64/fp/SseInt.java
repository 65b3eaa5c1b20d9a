package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.fp.SseFloat.load;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * Integer SSE2, SSSE3, SSE4.1 and SSE4.2 instructions on XMM registers (the MMX forms, without
 * a 66 prefix, are {@link Mmx}'s), plus CRC32 and POPCNT. Dispatch is on
 * {@code map << 8 | opcode}; {@code d.sub} is the mandatory-prefix index (0 none, 1 66, 2 F3, 3 F2).
 */
public final class SseInt {
    private SseInt() {}

    static final int CONTINUE = Exit.CONTINUE, UD = Exit.UD, GP = Exit.GP;

    /** Element i (unsigned) of (lo, hi) with elements of size bytes. */
    static long el(long lo, long hi, int i, int size) {
        if (size == 8) return i == 0 ? lo : hi;
        int bits = size << 3;
        int per = 8 / size; // a power of two: the JIT turns this into a shift
        long q = i < per ? lo : hi;
        return (q >>> ((i & (per - 1)) * bits)) & ((1L << bits) - 1);
    }

    static void set(long[] t, int k, int i, int size, long v) {
        if (size == 8) {
            t[k + i] = v;
            return;
        }
        int bits = size << 3;
        int per = 8 / size;
        int w = k + (i < per ? 0 : 1);
        int sh = (i & (per - 1)) * bits;
        long m = ((1L << bits) - 1) << sh;
        t[w] = (t[w] & ~m) | ((v << sh) & m);
    }

    static long sx(long v, int size) {
        return Core.sx(v, size);
    }

    static long satS(long v, int size) {
        long max = (1L << (size * 8 - 1)) - 1, min = -max - 1;
        return v > max ? max : v < min ? min : v;
    }

    static long satU(long v, int size) {
        long max = (1L << (size * 8)) - 1;
        return v > max ? max : v < 0 ? 0 : v;
    }

    public static int exec(Core c, Insn d) {
        if (d.has(Insn.LOCK)) return UD;
        Mxcsr st = c.mxcsr;
        long[] x = c.xmm, t = st.t;
        int g = d.reg * 2;
        int key = d.map << 8 | d.opcode;
        int pfx = d.sub;
        int err;
        // forms that are not "xmm <- xmm, xmm/m128" first
        switch (key) {
            case 0x170 -> { // PSHUFHW (F3), PSHUFLW (F2)
                if (pfx < 2) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                int imm = (int) d.imm;
                long src = pfx == 2 ? s1 : s0, r = 0;
                for (int i = 0; i < 4; i++) r |= el(src, 0, (imm >>> (2 * i)) & 3, 2) << (16 * i);
                x[g] = pfx == 2 ? s0 : r;
                x[g + 1] = pfx == 2 ? r : s1;
                return CONTINUE;
            }
            case 0x171, 0x172, 0x173 -> { // shift groups by imm8
                if (pfx != 1 || d.isMem()) return UD;
                int kind = d.reg & 7;
                int e = d.rm * 2;
                int size = d.opcode == 0x71 ? 2 : d.opcode == 0x72 ? 4 : 8;
                long n = d.imm & 0xFF;
                if (size == 8 && (kind == 3 || kind == 7)) { // PSRLDQ, PSLLDQ
                    byteShift(x, e, kind == 7, (int) n);
                    return CONTINUE;
                }
                int op = switch (kind) {
                    case 2 -> 0; // logical right
                    case 4 -> size == 8 ? -1 : 1; // arithmetic right
                    case 6 -> 2; // left
                    default -> -1;
                };
                if (op < 0) return UD;
                shift(x, e, x[e], x[e + 1], size, op, n, t);
                return CONTINUE;
            }
            case 0x1C4 -> { // PINSRW xmm, r32/m16, imm8
                if (pfx != 1) return UD;
                long v = d.isMem() ? c.mmu.read16(c.ea(d)) : c.r[d.rm];
                t[2] = x[g];
                t[3] = x[g + 1];
                set(t, 2, (int) d.imm & 7, 2, v);
                x[g] = t[2];
                x[g + 1] = t[3];
                return CONTINUE;
            }
            case 0x1C5 -> { // PEXTRW r32, xmm, imm8
                if (pfx != 1 || d.isMem()) return UD;
                c.r[d.reg] = el(x[d.rm * 2], x[d.rm * 2 + 1], (int) d.imm & 7, 2);
                return CONTINUE;
            }
            case 0x1F7 -> { // MASKMOVDQU xmm, xmm -> [rdi]
                if (pfx != 1 || d.isMem()) return UD;
                long base = (d.addrSize == 4 ? c.r[7] & 0xFFFF_FFFFL : c.r[7]) + c.segBase(d);
                long mlo = x[d.rm * 2], mhi = x[d.rm * 2 + 1], vlo = x[g], vhi = x[g + 1];
                for (int i = 0; i < 16; i++) {
                    if ((el(mlo, mhi, i, 1) & 0x80) != 0) c.mmu.checkWrite(base + i, 1);
                }
                for (int i = 0; i < 16; i++) {
                    if ((el(mlo, mhi, i, 1) & 0x80) != 0) c.mmu.write8(base + i, (int) el(vlo, vhi, i, 1));
                }
                return CONTINUE;
            }
            case 0x1B8 -> { // POPCNT
                long v = c.readE(d, d.opSize);
                c.writeG(d, d.opSize, Long.bitCount(v));
                c.setArith(v == 0 ? Core.ZF : 0);
                return CONTINUE;
            }
            case 0x2F0, 0x2F1 -> { // CRC32 (F2)
                if (pfx != 3) return UD;
                int size = d.opcode == 0xF0 ? 1 : d.has(Insn.P66) ? 2 : d.opSize;
                long v = c.readE(d, size);
                int crc = (int) c.r[d.reg];
                for (int i = 0; i < size; i++) {
                    crc ^= (int) (v >>> (8 * i)) & 0xFF;
                    for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82F6_3B78 & -(crc & 1));
                }
                c.r[d.reg] = crc & 0xFFFF_FFFFL;
                return CONTINUE;
            }
            case 0x220, 0x221, 0x222, 0x223, 0x224, 0x225, 0x230, 0x231, 0x232, 0x233, 0x234, 0x235 -> {
                if (pfx != 1) return UD;
                int k = d.opcode & 0xF;
                int from = k <= 2 ? 1 : k <= 4 ? 2 : 4;
                int to = switch (k) { case 0 -> 2; case 1, 3 -> 4; default -> 8; };
                int n = 16 / to;
                if ((err = load(c, d, n * from, false)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                boolean signed = d.opcode < 0x30;
                for (int i = 0; i < n; i++) {
                    long v = el(s0, s1, i, from);
                    set(t, 2, i, to, signed ? sx(v, from) : v);
                }
                x[g] = t[2];
                x[g + 1] = t[3];
                return CONTINUE;
            }
            case 0x22A -> { // MOVNTDQA
                if (pfx != 1 || !d.isMem()) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                x[g] = t[0];
                x[g + 1] = t[1];
                return CONTINUE;
            }
            case 0x314, 0x315, 0x316 -> { // PEXTRB, PEXTRW, PEXTRD/Q r/m, xmm, imm8
                if (pfx != 1) return UD;
                int size = d.opcode == 0x14 ? 1 : d.opcode == 0x15 ? 2 : d.opSize == 8 ? 8 : 4;
                long v = el(x[g], x[g + 1], (int) d.imm & (16 / size - 1), size);
                if (d.isMem()) c.mmu.write(c.ea(d), size, v);
                else c.r[d.rm] = v;
                return CONTINUE;
            }
            case 0x320, 0x322 -> { // PINSRB, PINSRD/Q xmm, r/m, imm8
                if (pfx != 1) return UD;
                int size = d.opcode == 0x20 ? 1 : d.opSize == 8 ? 8 : 4;
                long v = d.isMem() ? c.mmu.read(c.ea(d), size) : c.r[d.rm];
                t[2] = x[g];
                t[3] = x[g + 1];
                set(t, 2, (int) d.imm & (16 / size - 1), size, v);
                x[g] = t[2];
                x[g + 1] = t[3];
                return CONTINUE;
            }
            case 0x360, 0x361, 0x362, 0x363 -> {
                if (pfx != 1) return UD;
                return SseString.exec(c, d);
            }
            default -> { }
        }
        if (pfx != 1) return UD;
        boolean aligned = true;
        if ((err = load(c, d, 16, aligned)) != 0) return err;
        long s0 = t[0], s1 = t[1], d0 = x[g], d1 = x[g + 1];
        long r0 = 0, r1 = 0;
        switch (key) {
            case 0x160, 0x161, 0x162, 0x168, 0x169, 0x16A -> { // PUNPCKL/H BW WD DQ
                int size = 1 << (d.opcode & 3);
                int n = 16 / size, base = d.opcode >= 0x68 ? n / 2 : 0;
                t[2] = 0;
                t[3] = 0;
                for (int i = 0; i < n / 2; i++) {
                    set(t, 2, 2 * i, size, el(d0, d1, base + i, size));
                    set(t, 2, 2 * i + 1, size, el(s0, s1, base + i, size));
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x163, 0x167, 0x16B, 0x22B -> { // PACKSSWB, PACKUSWB, PACKSSDW, PACKUSDW
                int from = d.opcode == 0x6B || d.opcode == 0x2B ? 4 : 2, to = from / 2;
                boolean unsigned = d.opcode == 0x67 || d.opcode == 0x2B;
                int n = 16 / from;
                for (int i = 0; i < 2 * n; i++) {
                    long v = i < n ? sx(el(d0, d1, i, from), from) : sx(el(s0, s1, i - n, from), from);
                    set(t, 2, i, to, unsigned ? satU(v, to) : satS(v, to));
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x1D1, 0x1D2, 0x1D3, 0x1E1, 0x1E2, 0x1F1, 0x1F2, 0x1F3 -> { // shifts by xmm/m128
                int size = switch (d.opcode & 3) { case 1 -> 2; case 2 -> 4; default -> 8; };
                int op = d.opcode >= 0xF0 ? 2 : d.opcode >= 0xE0 ? 1 : 0;
                if (op == 1 && size == 8) return UD;
                shift(x, g, d0, d1, size, op, s0, t);
                return CONTINUE;
            }
            case 0x1F4 -> { // PMULUDQ
                r0 = (d0 & 0xFFFF_FFFFL) * (s0 & 0xFFFF_FFFFL);
                r1 = (d1 & 0xFFFF_FFFFL) * (s1 & 0xFFFF_FFFFL);
            }
            case 0x228 -> { // PMULDQ
                r0 = (long) (int) d0 * (int) s0;
                r1 = (long) (int) d1 * (int) s1;
            }
            case 0x1F5 -> { // PMADDWD
                for (int i = 0; i < 4; i++) {
                    long v = sx(el(d0, d1, 2 * i, 2), 2) * sx(el(s0, s1, 2 * i, 2), 2)
                            + sx(el(d0, d1, 2 * i + 1, 2), 2) * sx(el(s0, s1, 2 * i + 1, 2), 2);
                    set(t, 2, i, 4, v);
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x1F6 -> { // PSADBW
                r0 = sad(d0, s0);
                r1 = sad(d1, s1);
            }
            case 0x200 -> { // PSHUFB
                r0 = shufBytes(d0, d1, s0);
                r1 = shufBytes(d0, d1, s1);
            }
            case 0x201, 0x202, 0x203, 0x205, 0x206, 0x207 -> { // PHADDW/D/SW, PHSUBW/D/SW
                int size = (d.opcode & 3) == 2 ? 4 : 2;
                boolean sub = d.opcode >= 5, sat = (d.opcode & 3) == 3;
                int n = 16 / size;
                for (int i = 0; i < n; i++) {
                    long lo = i < n / 2 ? d0 : s0, hi = i < n / 2 ? d1 : s1;
                    int j = (i % (n / 2)) * 2;
                    long a = sx(el(lo, hi, j, size), size), b = sx(el(lo, hi, j + 1, size), size);
                    long v = sub ? a - b : a + b;
                    set(t, 2, i, size, sat ? satS(v, size) : v);
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x204 -> { // PMADDUBSW: unsigned bytes of dest times signed bytes of source
                for (int i = 0; i < 8; i++) {
                    long v = el(d0, d1, 2 * i, 1) * sx(el(s0, s1, 2 * i, 1), 1)
                            + el(d0, d1, 2 * i + 1, 1) * sx(el(s0, s1, 2 * i + 1, 1), 1);
                    set(t, 2, i, 2, satS(v, 2));
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x20B -> { // PMULHRSW
                for (int i = 0; i < 8; i++) {
                    long p = sx(el(d0, d1, i, 2), 2) * sx(el(s0, s1, i, 2), 2);
                    set(t, 2, i, 2, ((p >> 14) + 1) >> 1);
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x208, 0x209, 0x20A -> { // PSIGNB/W/D
                int size = 1 << (d.opcode & 3);
                for (int i = 0; i < 16 / size; i++) {
                    long a = el(d0, d1, i, size), b = sx(el(s0, s1, i, size), size);
                    set(t, 2, i, size, b < 0 ? -a : b == 0 ? 0 : a);
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x21C, 0x21D, 0x21E -> { // PABSB/W/D
                int size = 1 << (d.opcode & 3);
                for (int i = 0; i < 16 / size; i++) set(t, 2, i, size, Math.abs(sx(el(s0, s1, i, size), size)));
                r0 = t[2];
                r1 = t[3];
            }
            case 0x210 -> { // PBLENDVB (mask xmm0)
                for (int i = 0; i < 16; i++) {
                    boolean m = (el(x[0], x[1], i, 1) & 0x80) != 0;
                    set(t, 2, i, 1, m ? el(s0, s1, i, 1) : el(d0, d1, i, 1));
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x30E -> { // PBLENDW
                for (int i = 0; i < 8; i++) set(t, 2, i, 2, (d.imm >>> i & 1) != 0 ? el(s0, s1, i, 2) : el(d0, d1, i, 2));
                r0 = t[2];
                r1 = t[3];
            }
            case 0x30F -> { // PALIGNR: (dest:src) >> imm bytes
                int n = (int) d.imm & 0xFF;
                for (int i = 0; i < 16; i++) {
                    int k = i + n;
                    long v = k < 16 ? el(s0, s1, k, 1) : k < 32 ? el(d0, d1, k - 16, 1) : 0;
                    set(t, 2, i, 1, v);
                }
                r0 = t[2];
                r1 = t[3];
            }
            case 0x217 -> { // PTEST
                boolean zf = (d0 & s0) == 0 && (d1 & s1) == 0;
                boolean cf = (~d0 & s0) == 0 && (~d1 & s1) == 0;
                c.setArith((zf ? Core.ZF : 0) | (cf ? Core.CF : 0));
                return CONTINUE;
            }
            case 0x241 -> { // PHMINPOSUW
                long min = 0x10000;
                int idx = 0;
                for (int i = 0; i < 8; i++) {
                    long v = el(s0, s1, i, 2);
                    if (v < min) {
                        min = v;
                        idx = i;
                    }
                }
                r0 = min | (long) idx << 16;
                r1 = 0;
            }
            case 0x342 -> { // MPSADBW
                int imm = (int) d.imm;
                int dOff = (imm & 4) != 0 ? 4 : 0, sOff = (imm & 3) * 4;
                for (int i = 0; i < 8; i++) {
                    long sum = 0;
                    for (int j = 0; j < 4; j++) {
                        sum += Math.abs(el(d0, d1, dOff + i + j, 1) - el(s0, s1, sOff + j, 1));
                    }
                    set(t, 2, i, 2, sum);
                }
                r0 = t[2];
                r1 = t[3];
            }
            default -> {
                // element-wise binary operations
                int op = binaryOp(key);
                if (op < 0) return UD;
                int size = op >> 8, kind = op & 0xff;
                r0 = lanewise(d0, s0, size, kind);
                r1 = lanewise(d1, s1, size, kind);
            }
        }
        x[g] = r0;
        x[g + 1] = r1;
        return CONTINUE;
    }

    /** An element-wise operation on the elements of one quadword. */
    /**
     * The element-wise binary operation of an opcode key (0x1xx: the 0F map, 0x2xx: 0F38), as
     * lane size &lt;&lt; 8 | kind, or -1. Shared with the MMX forms, which use the 0F-map keys.
     */
    static int binaryOp(int key) {
        return switch (key) {
            case 0x1FC -> pack(1, K_ADD);
            case 0x1FD -> pack(2, K_ADD);
            case 0x1FE -> pack(4, K_ADD);
            case 0x1D4 -> pack(8, K_ADD);
            case 0x1F8 -> pack(1, K_SUB);
            case 0x1F9 -> pack(2, K_SUB);
            case 0x1FA -> pack(4, K_SUB);
            case 0x1FB -> pack(8, K_SUB);
            case 0x1EC -> pack(1, K_ADDS);
            case 0x1ED -> pack(2, K_ADDS);
            case 0x1DC -> pack(1, K_ADDUS);
            case 0x1DD -> pack(2, K_ADDUS);
            case 0x1E8 -> pack(1, K_SUBS);
            case 0x1E9 -> pack(2, K_SUBS);
            case 0x1D8 -> pack(1, K_SUBUS);
            case 0x1D9 -> pack(2, K_SUBUS);
            case 0x1D5 -> pack(2, K_MULL);
            case 0x240 -> pack(4, K_MULL);
            case 0x1E5 -> pack(2, K_MULHS);
            case 0x1E4 -> pack(2, K_MULHU);
            case 0x1E0 -> pack(1, K_AVG);
            case 0x1E3 -> pack(2, K_AVG);
            case 0x1DA -> pack(1, K_MINU);
            case 0x23A -> pack(2, K_MINU);
            case 0x23B -> pack(4, K_MINU);
            case 0x1DE -> pack(1, K_MAXU);
            case 0x23E -> pack(2, K_MAXU);
            case 0x23F -> pack(4, K_MAXU);
            case 0x238 -> pack(1, K_MINS);
            case 0x1EA -> pack(2, K_MINS);
            case 0x239 -> pack(4, K_MINS);
            case 0x23C -> pack(1, K_MAXS);
            case 0x1EE -> pack(2, K_MAXS);
            case 0x23D -> pack(4, K_MAXS);
            case 0x174 -> pack(1, K_EQ);
            case 0x175 -> pack(2, K_EQ);
            case 0x176 -> pack(4, K_EQ);
            case 0x229 -> pack(8, K_EQ);
            case 0x164 -> pack(1, K_GT);
            case 0x165 -> pack(2, K_GT);
            case 0x166 -> pack(4, K_GT);
            case 0x237 -> pack(8, K_GT);
            default -> -1;
        };
    }

    private static int pack(int size, int kind) {
        return size << 8 | kind;
    }

    static long lanewise(long x, long y, int size, int kind) {
        if (kind == K_ADD || kind == K_SUB) { // SWAR: no carries across elements
            if (size == 8) return kind == K_ADD ? x + y : x - y;
            long h = switch (size) {
                case 1 -> 0x8080_8080_8080_8080L;
                case 2 -> 0x8000_8000_8000_8000L;
                default -> 0x8000_0000_8000_0000L;
            };
            if (kind == K_ADD) return ((x & ~h) + (y & ~h)) ^ ((x ^ y) & h);
            return ((x | h) - (y & ~h)) ^ ((x ^ ~y) & h);
        }
        int bits = size << 3;
        long mask = size == 8 ? -1L : (1L << bits) - 1;
        long r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            long a = (x >>> sh) & mask, b = (y >>> sh) & mask;
            long sa = sx(a, size), sb = sx(b, size);
            long v = switch (kind) {
                case K_ADD -> a + b;
                case K_SUB -> a - b;
                case K_ADDS -> satS(sa + sb, size);
                case K_SUBS -> satS(sa - sb, size);
                case K_ADDUS -> satU(a + b, size);
                case K_SUBUS -> satU(a - b, size);
                case K_MULL -> sa * sb;
                case K_MULHS -> (sa * sb) >> 16;
                case K_MULHU -> (a * b) >>> 16;
                case K_AVG -> (a + b + 1) >>> 1;
                case K_MINU -> Math.min(a, b);
                case K_MAXU -> Math.max(a, b);
                case K_MINS -> Math.min(sa, sb);
                case K_MAXS -> Math.max(sa, sb);
                case K_EQ -> a == b ? -1 : 0;
                default -> sa > sb ? -1 : 0;
            };
            r |= (v & mask) << sh;
        }
        return r;
    }

    static final int K_ADD = 0, K_SUB = 1, K_ADDS = 2, K_SUBS = 3, K_ADDUS = 4, K_SUBUS = 5, K_MULL = 6,
            K_MULHS = 7, K_MULHU = 8, K_AVG = 9, K_MINU = 10, K_MAXU = 11, K_MINS = 12, K_MAXS = 13, K_EQ = 14, K_GT = 15;

    /** PSHUFB on one quadword of selectors. */
    static long shufBytes(long lo, long hi, long sel) {
        long r = 0;
        for (int sh = 0; sh < 64; sh += 8) {
            int k = (int) (sel >>> sh);
            if ((k & 0x80) == 0) r |= (((k & 8) == 0 ? lo : hi) >>> ((k & 7) << 3) & 0xFF) << sh;
        }
        return r;
    }

    static long sad(long a, long b) {
        long s = 0;
        for (int k = 0; k < 64; k += 8) s += Math.abs(((a >>> k) & 0xFF) - ((b >>> k) & 0xFF));
        return s;
    }

    /** Element shifts of (lo, hi) into x[r]: op 0 logical right, 1 arithmetic right, 2 left; count unsigned. */
    private static void shift(long[] x, int r, long lo, long hi, int size, int op, long count, long[] t) {
        int bits = size * 8;
        boolean big = Long.compareUnsigned(count, bits - 1) > 0;
        int n = (int) count;
        for (int i = 0; i < 16 / size; i++) {
            long v = el(lo, hi, i, size);
            long res = switch (op) {
                case 0 -> big ? 0 : v >>> n;
                case 1 -> sx(v, size) >> (big ? bits - 1 : n);
                default -> big ? 0 : v << n;
            };
            set(t, 2, i, size, res);
        }
        x[r] = t[2];
        x[r + 1] = t[3];
    }

    /** PSLLDQ (left) / PSRLDQ of x[r] by n bytes. */
    private static void byteShift(long[] x, int r, boolean left, int n) {
        long lo = x[r], hi = x[r + 1];
        if (n > 15) {
            x[r] = 0;
            x[r + 1] = 0;
            return;
        }
        int b = n * 8;
        if (left) {
            if (b == 0) return;
            if (b >= 64) {
                x[r + 1] = lo << (b - 64);
                x[r] = 0;
            } else {
                x[r + 1] = (hi << b) | (lo >>> (64 - b));
                x[r] = lo << b;
            }
        } else {
            if (b == 0) return;
            if (b >= 64) {
                x[r] = hi >>> (b - 64);
                x[r + 1] = 0;
            } else {
                x[r] = (lo >>> b) | (hi << (64 - b));
                x[r + 1] = hi >>> b;
            }
        }
    }
}
