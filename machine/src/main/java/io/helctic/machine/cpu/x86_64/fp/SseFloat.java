package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.fp.SoftFp.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * SSE/SSE2/SSE3/SSE4.1 floating-point instructions: scalar and packed arithmetic, compares,
 * conversions, shuffles and blends of floats, LDMXCSR/STMXCSR. Arithmetic goes through
 * {@link SoftFp}; the instruction's exceptions are gathered in {@link Mxcsr#raised} and, if one
 * is unmasked, nothing is written and #XM results ({@link Exit#XM}).
 *
 * <p>Dispatch is on {@code map << 8 | opcode}; {@code d.sub} is the mandatory-prefix index
 * (0 none, 1 66, 2 F3, 3 F2).
 */
public final class SseFloat {
    private SseFloat() {}

    static final int CONTINUE = Exit.CONTINUE, UD = Exit.UD, GP = Exit.GP, XM = Exit.XM;

    /** Element i of a 128-bit value (lo, hi) of 32-bit (d false) or 64-bit elements. */
    static long lane(long lo, long hi, int i, boolean d) {
        if (d) return i == 0 ? lo : hi;
        return ((i < 2 ? lo : hi) >>> ((i & 1) * 32)) & 0xFFFF_FFFFL;
    }

    /** Stores element i into t[k], t[k+1]. */
    static void put(long[] t, int k, int i, long v, boolean d) {
        if (d) {
            t[k + i] = v;
        } else {
            int sh = (i & 1) * 32;
            int w = k + (i >> 1);
            t[w] = (t[w] & ~(0xFFFF_FFFFL << sh)) | ((v & 0xFFFF_FFFFL) << sh);
        }
    }

    /**
     * Loads the source operand (ModRM.rm) into t[0], t[1]: bytes = 16, 8 or 4 (a memory
     * operand of 8 or 4 bytes fills only the low part; a register always gives all 128 bits).
     * Returns 0 or GP for a misaligned 16-byte operand that must be aligned.
     */
    static int load(Core c, Insn d, int bytes, boolean aligned) {
        long[] t = c.mxcsr.t;
        if (!d.isMem()) {
            t[0] = c.xmm[d.rm * 2];
            t[1] = c.xmm[d.rm * 2 + 1];
            return 0;
        }
        long a = c.ea(d);
        Mmu m = c.mmu;
        switch (bytes) {
            case 16 -> {
                if (aligned && (a & 15) != 0) return GP;
                t[0] = m.read64(a);
                t[1] = m.read64(a + 8);
            }
            case 8 -> {
                t[0] = m.read64(a);
                t[1] = 0;
            }
            case 4 -> {
                t[0] = m.read32(a) & 0xFFFF_FFFFL;
                t[1] = 0;
            }
            default -> {
                t[0] = m.read(a, bytes);
                t[1] = 0;
            }
        }
        return 0;
    }

    public static int exec(Core c, Insn d) {
        if (d.has(Insn.LOCK)) return UD;
        Mxcsr st = c.mxcsr;
        long[] x = c.xmm, t = st.t;
        int g = d.reg * 2;
        int pfx = d.sub;
        int key = d.map << 8 | d.opcode;
        boolean scalar = pfx >= 2;
        boolean dbl = pfx == 1 || pfx == 3;
        int err;
        switch (key) {
            case 0x151, 0x158, 0x159, 0x15C, 0x15D, 0x15E, 0x15F -> { // SQRT ADD MUL SUB MIN DIV MAX
                if ((err = load(c, d, scalar ? (dbl ? 8 : 4) : 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                int n = scalar ? 1 : dbl ? 2 : 4;
                st.begin();
                for (int i = 0; i < n; i++) {
                    long a = lane(x[g], x[g + 1], i, dbl), b = lane(s0, s1, i, dbl);
                    long v = switch (d.opcode) {
                        case 0x51 -> sqrt(b, dbl, st);
                        case 0x58 -> add(a, b, dbl, st);
                        case 0x59 -> mul(a, b, dbl, st);
                        case 0x5C -> arith(SUB, a, b, dbl, st);
                        case 0x5D -> minMax(a, b, dbl, false, st);
                        case 0x5E -> div(a, b, dbl, st);
                        default -> minMax(a, b, dbl, true, st);
                    };
                    put(t, 2, i, v, dbl);
                }
                return write(c, d, st);
            }
            case 0x152, 0x153 -> { // RSQRTPS/SS, RCPPS/SS: no exceptions
                if (pfx == 1 || pfx == 3) return UD;
                if ((err = load(c, d, scalar ? 4 : 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                for (int i = 0; i < (scalar ? 1 : 4); i++) {
                    long b = lane(s0, s1, i, false);
                    put(t, 2, i, d.opcode == 0x52 ? rsqrt(b) : rcp(b), false);
                }
                x[g] = t[2];
                x[g + 1] = t[3];
            }
            case 0x17C, 0x17D, 0x1D0 -> { // HADD, HSUB, ADDSUB (66: pd, F2: ps)
                if (pfx != 1 && pfx != 3) return UD;
                dbl = pfx == 1;
                if ((err = load(c, d, 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1], d0 = x[g], d1 = x[g + 1];
                st.begin();
                int n = dbl ? 2 : 4;
                for (int i = 0; i < n; i++) {
                    long v;
                    if (d.opcode == 0xD0) {
                        long a = lane(d0, d1, i, dbl), b = lane(s0, s1, i, dbl);
                        v = (i & 1) == 0 ? arith(SUB, a, b, dbl, st) : add(a, b, dbl, st);
                    } else {
                        boolean fromSrc = i >= n / 2;
                        long lo = fromSrc ? s0 : d0, hi = fromSrc ? s1 : d1;
                        int j = (i % (n / 2)) * 2;
                        long a = lane(lo, hi, j, dbl), b = lane(lo, hi, j + 1, dbl);
                        v = d.opcode == 0x7C ? add(a, b, dbl, st) : arith(SUB, a, b, dbl, st);
                    }
                    put(t, 2, i, v, dbl);
                }
                return write(c, d, st);
            }
            case 0x1C2 -> { // CMPPS/PD/SS/SD
                if ((err = load(c, d, scalar ? (dbl ? 8 : 4) : 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                int n = scalar ? 1 : dbl ? 2 : 4;
                int pred = (int) d.imm & 7;
                st.begin();
                for (int i = 0; i < n; i++) {
                    boolean r = compare(lane(x[g], x[g + 1], i, dbl), lane(s0, s1, i, dbl), dbl, pred, st);
                    put(t, 2, i, r ? -1L : 0, dbl);
                }
                return write(c, d, st);
            }
            case 0x12E, 0x12F -> { // UCOMIS, COMIS
                if (pfx >= 2) return UD;
                if ((err = load(c, d, dbl ? 8 : 4, false)) != 0) return err;
                st.begin();
                long f = comis(lane(x[g], x[g + 1], 0, dbl), lane(t[0], t[1], 0, dbl), dbl, d.opcode == 0x2F, st);
                if (!st.commit()) return XM;
                c.setArith(f);
            }
            case 0x12A -> { // CVTSI2SS/SD (the MMX forms CVTPI2PS/PD are in Mmx)
                if (pfx < 2) return UD;
                long v = c.readE(d, d.opSize);
                if (d.opSize == 4) v = (int) v;
                st.begin();
                long r = fromInt(v, dbl, st);
                if (!st.commit()) return XM;
                if (dbl) x[g] = r;
                else x[g] = (x[g] & ~0xFFFF_FFFFL) | r;
            }
            case 0x12C, 0x12D -> { // CVTTSS2SI, CVTSS2SI, CVTTSD2SI, CVTSD2SI
                if (pfx < 2) return UD;
                if ((err = load(c, d, dbl ? 8 : 4, false)) != 0) return err;
                st.begin();
                long r = toInt(lane(t[0], t[1], 0, dbl), dbl, d.opSize == 8, d.opcode == 0x2C, st);
                if (!st.commit()) return XM;
                c.writeG(d, d.opSize, r);
            }
            case 0x15A -> {
                switch (pfx) {
                    case 0 -> { // CVTPS2PD
                        if ((err = load(c, d, 8, false)) != 0) return err;
                        st.begin();
                        t[2] = f2d(t[0] & 0xFFFF_FFFFL, st);
                        t[3] = f2d(t[0] >>> 32, st);
                    }
                    case 1 -> { // CVTPD2PS
                        if ((err = load(c, d, 16, true)) != 0) return err;
                        st.begin();
                        t[2] = d2f(t[0], st) | d2f(t[1], st) << 32;
                        t[3] = 0;
                    }
                    case 2 -> { // CVTSS2SD
                        if ((err = load(c, d, 4, false)) != 0) return err;
                        st.begin();
                        t[2] = f2d(t[0] & 0xFFFF_FFFFL, st);
                        t[3] = x[g + 1];
                    }
                    default -> { // CVTSD2SS
                        if ((err = load(c, d, 8, false)) != 0) return err;
                        st.begin();
                        t[2] = (x[g] & ~0xFFFF_FFFFL) | d2f(t[0], st);
                        t[3] = x[g + 1];
                    }
                }
                return write(c, d, st);
            }
            case 0x15B -> { // CVTDQ2PS, CVTPS2DQ, CVTTPS2DQ
                if (pfx == 3) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                st.begin();
                for (int i = 0; i < 4; i++) {
                    long v = lane(s0, s1, i, false);
                    long r = pfx == 0 ? fromInt((int) v, false, st) : toInt(v, false, false, pfx == 2, st);
                    put(t, 2, i, r, false);
                }
                return write(c, d, st);
            }
            case 0x1E6 -> { // CVTTPD2DQ (66), CVTDQ2PD (F3), CVTPD2DQ (F2)
                if (pfx == 0) return UD;
                if ((err = load(c, d, pfx == 2 ? 8 : 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                st.begin();
                if (pfx == 2) {
                    t[2] = fromInt((int) s0, true, st);
                    t[3] = fromInt((int) (s0 >>> 32), true, st);
                } else {
                    t[2] = (toInt(s0, true, false, pfx == 1, st) & 0xFFFF_FFFFL) | toInt(s1, true, false, pfx == 1, st) << 32;
                    t[3] = 0;
                }
                return write(c, d, st);
            }
            case 0x150 -> { // MOVMSKPS/PD
                if (d.isMem() || pfx >= 2) return UD;
                long lo = x[d.rm * 2], hi = x[d.rm * 2 + 1];
                long mask = dbl ? (lo >>> 63) | (hi >>> 63) << 1
                        : (lo >>> 31 & 1) | (lo >>> 63) << 1 | (hi >>> 31 & 1) << 2 | (hi >>> 63) << 3;
                c.r[d.reg] = mask;
            }
            case 0x114, 0x115 -> { // UNPCKLPS/PD, UNPCKHPS/PD
                if (pfx >= 2) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1], d0 = x[g], d1 = x[g + 1];
                boolean high = d.opcode == 0x15;
                if (dbl) {
                    x[g] = high ? d1 : d0;
                    x[g + 1] = high ? s1 : s0;
                } else {
                    long a = high ? d1 : d0, b = high ? s1 : s0;
                    x[g] = (a & 0xFFFF_FFFFL) | (b << 32);
                    x[g + 1] = (a >>> 32) | (b & ~0xFFFF_FFFFL);
                }
            }
            case 0x1C6 -> { // SHUFPS, SHUFPD
                if (pfx >= 2) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1], d0 = x[g], d1 = x[g + 1];
                int imm = (int) d.imm;
                if (dbl) {
                    x[g] = (imm & 1) == 0 ? d0 : d1;
                    x[g + 1] = (imm & 2) == 0 ? s0 : s1;
                } else {
                    long r0 = lane(d0, d1, imm & 3, false) | lane(d0, d1, (imm >>> 2) & 3, false) << 32;
                    long r1 = lane(s0, s1, (imm >>> 4) & 3, false) | lane(s0, s1, (imm >>> 6) & 3, false) << 32;
                    x[g] = r0;
                    x[g + 1] = r1;
                }
            }
            case 0x112, 0x116 -> { // F3: MOVSLDUP, MOVSHDUP; F2 12: MOVDDUP
                if (pfx == 3) {
                    if (d.opcode != 0x12) return UD;
                    if ((err = load(c, d, 8, false)) != 0) return err;
                    x[g] = t[0];
                    x[g + 1] = t[0];
                } else {
                    if (pfx != 2) return UD;
                    if ((err = load(c, d, 16, true)) != 0) return err;
                    boolean hi = d.opcode == 0x16;
                    x[g] = dup(t[0], hi);
                    x[g + 1] = dup(t[1], hi);
                }
            }
            case 0x1F0 -> { // LDDQU
                if (pfx != 3 || !d.isMem()) return UD;
                load(c, d, 16, false);
                x[g] = t[0];
                x[g + 1] = t[1];
            }
            case 0x1AE -> { return mxcsrOp(c, d); }
            // ---- 0F3A ----
            case 0x308, 0x309, 0x30A, 0x30B -> { // ROUNDPS, ROUNDPD, ROUNDSS, ROUNDSD
                if (pfx != 1) return UD;
                dbl = (d.opcode & 1) != 0;
                scalar = d.opcode >= 0x0A;
                if ((err = load(c, d, scalar ? (dbl ? 8 : 4) : 16, true)) != 0) return err;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                st.begin();
                for (int i = 0; i < (scalar ? 1 : dbl ? 2 : 4); i++) {
                    put(t, 2, i, roundToIntegral(lane(s0, s1, i, dbl), dbl, (int) d.imm, st), dbl);
                }
                return write(c, d, st);
            }
            case 0x30C, 0x30D -> { // BLENDPS, BLENDPD
                if (pfx != 1) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                dbl = d.opcode == 0x0D;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                for (int i = 0; i < (dbl ? 2 : 4); i++) {
                    if ((d.imm >>> i & 1) != 0) put(t, 2, i, lane(s0, s1, i, dbl), dbl);
                }
                x[g] = t[2];
                x[g + 1] = t[3];
            }
            case 0x214, 0x215 -> { // BLENDVPS, BLENDVPD (mask: xmm0)
                if (pfx != 1) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                dbl = d.opcode == 0x15;
                long s0 = t[0], s1 = t[1];
                t[2] = x[g];
                t[3] = x[g + 1];
                for (int i = 0; i < (dbl ? 2 : 4); i++) {
                    long m = lane(x[0], x[1], i, dbl);
                    if ((m & (dbl ? Long.MIN_VALUE : 0x8000_0000L)) != 0) put(t, 2, i, lane(s0, s1, i, dbl), dbl);
                }
                x[g] = t[2];
                x[g + 1] = t[3];
            }
            case 0x317 -> { // EXTRACTPS r/m32, xmm, imm8
                if (pfx != 1) return UD;
                long v = lane(x[g], x[g + 1], (int) d.imm & 3, false);
                if (d.isMem()) c.mmu.write32(c.ea(d), (int) v);
                else c.r[d.rm] = v;
            }
            case 0x321 -> { // INSERTPS
                if (pfx != 1) return UD;
                int imm = (int) d.imm;
                long v;
                if (d.isMem()) {
                    v = c.mmu.read32(c.ea(d)) & 0xFFFF_FFFFL;
                } else {
                    v = lane(x[d.rm * 2], x[d.rm * 2 + 1], (imm >>> 6) & 3, false);
                }
                t[2] = x[g];
                t[3] = x[g + 1];
                put(t, 2, (imm >>> 4) & 3, v, false);
                for (int i = 0; i < 4; i++) {
                    if ((imm >>> i & 1) != 0) put(t, 2, i, 0, false);
                }
                x[g] = t[2];
                x[g + 1] = t[3];
            }
            case 0x340, 0x341 -> { // DPPS, DPPD
                if (pfx != 1) return UD;
                if ((err = load(c, d, 16, true)) != 0) return err;
                dbl = d.opcode == 0x41;
                int imm = (int) d.imm;
                long s0 = t[0], s1 = t[1], d0 = x[g], d1 = x[g + 1];
                st.begin();
                long sum;
                // each stage (products, then each level of sums) stops at an unmasked exception
                if (dbl) {
                    long p0 = (imm & 0x10) != 0 ? mul(d0, s0, true, st) : 0;
                    long p1 = (imm & 0x20) != 0 ? mul(d1, s1, true, st) : 0;
                    if (st.unmasked()) return write(c, d, st);
                    st.nextStage();
                    sum = add(p0, p1, true, st);
                } else {
                    for (int i = 0; i < 4; i++) {
                        t[4 + i] = (imm >>> (4 + i) & 1) != 0 ? mul(lane(d0, d1, i, false), lane(s0, s1, i, false), false, st) : 0;
                    }
                    if (st.unmasked()) return write(c, d, st);
                    st.nextStage();
                    long lo = add(t[4], t[5], false, st), hi = add(t[6], t[7], false, st);
                    if (st.unmasked()) return write(c, d, st);
                    st.nextStage();
                    sum = add(lo, hi, false, st);
                }
                t[2] = 0;
                t[3] = 0;
                for (int i = 0; i < (dbl ? 2 : 4); i++) {
                    if ((imm >>> i & 1) != 0) put(t, 2, i, sum, dbl);
                }
                return write(c, d, st);
            }
            default -> { return UD; }
        }
        return CONTINUE;
    }

    private static long dup(long q, boolean high) {
        long v = high ? q >>> 32 : q & 0xFFFF_FFFFL;
        return v | v << 32;
    }

    /** Commits the raised exceptions and writes t[2], t[3] to the destination register. */
    private static int write(Core c, Insn d, Mxcsr st) {
        if (!st.commit()) return XM;
        c.xmm[d.reg * 2] = st.t[2];
        c.xmm[d.reg * 2 + 1] = st.t[3];
        return CONTINUE;
    }

    /** 0F AE group: /2 LDMXCSR, /3 STMXCSR, /7 CLFLUSH (memory) or SFENCE; /5 /6 fences. */
    static int mxcsrOp(Core c, Insn d) {
        if (d.has(Insn.REP) || d.has(Insn.REPNE)) return UD;
        int r = d.reg & 7;
        if (!d.isMem()) return r >= 5 ? CONTINUE : UD; // LFENCE, MFENCE, SFENCE
        switch (r) {
            case 2 -> {
                int v = c.mmu.read32(c.ea(d));
                if ((v & ~Mxcsr.WRITABLE) != 0) return GP;
                c.mxcsr.value = v;
            }
            case 3 -> c.mmu.write32(c.ea(d), c.mxcsr.value);
            case 7 -> c.ea(d); // CLFLUSH: caches are coherent here
            default -> { return UD; }
        }
        return CONTINUE;
    }
}
