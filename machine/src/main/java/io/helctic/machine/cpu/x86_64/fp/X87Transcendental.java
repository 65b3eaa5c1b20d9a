package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.core.Float80.*;

import io.helctic.machine.cpu.x86_64.core.Float80;
import java.math.BigInteger;

/**
 * FPREM/FPREM1 and the x87 transcendental instructions, computed in multi-precision binary
 * (BigInteger mantissas, {@link #F} fractional bits in the series) and rounded once to 64 bits
 * with the rounding control (the precision control does not apply to them).
 *
 * <p>The results are correctly rounded values of the functions (to within the series'
 * 2^-250 relative error), except that FSIN, FCOS, FSINCOS and FPTAN reduce their argument
 * modulo pi/2 with pi rounded to {@link #REDUCTION_PI_BITS} bits, as Intel documents for its
 * hardware; the host this was checked on (AMD EPYC) agrees with that reduction on every case
 * of X87DifferentialTest, including arguments near large multiples of pi/2. FPREM and FPREM1
 * are exact, and an incomplete reduction (exponent difference of 64 or more) reduces by
 * {@link #partialBits} bits, which matches the host.
 *
 * <p>Where the host differs, it is because its own results are not correctly rounded; these
 * differences are known and counted (not failed) by X87DifferentialTest:
 * <ul>
 *   <li>about 1 case in 60 of FPTAN, FYL2X, FYL2XP1, FPATAN, F2XM1 (and rarely FSIN, FCOS,
 *       FSINCOS): the host's result is one unit in the last place away, sometimes with the
 *       matching C1;
 *   <li>the host's C1 (rounded up) for some results that agree bit for bit, notably FPTAN,
 *       FSIN and FPATAN of tiny arguments;
 *   <li>for tiny arguments with directed rounding the host returns x itself where x is not
 *       the correctly rounded tan(x).
 * </ul>
 * Behaviours outside the documented domains follow the host: F2XM1 of |x| > 1 returns x
 * (inexact), FYL2XP1 of x <= -1 returns x (inexact), larger x are computed exactly.
 */
final class X87Transcendental {
    private X87Transcendental() {}

    /** Fraction bits of the fixed-point series. */
    static final int F = 256;
    /** Bits of the pi used to reduce FSIN/FCOS/FPTAN arguments (Intel documents a 66-bit approximation). */
    static final int REDUCTION_PI_BITS = 66;

    private static final BigInteger ONE = BigInteger.ONE.shiftLeft(F);
    /** pi with 700 fractional bits. */
    private static final BigInteger PI700 = computePi(700);
    /** pi and ln 2 with F fractional bits. */
    private static final BigInteger PI = PI700.shiftRight(700 - F);
    private static final BigInteger LN2 = atanhSeries(BigInteger.ONE.shiftLeft(F).divide(BigInteger.valueOf(3)))
            .shiftLeft(1);
    /** The reduction constant: pi/2 with REDUCTION_PI_BITS significant bits, at 700 fractional bits. */
    private static final BigInteger HALF_PI_RED = roundBits(PI700, REDUCTION_PI_BITS).shiftRight(1);

    private static BigInteger roundBits(BigInteger v, int bits) {
        int drop = v.bitLength() - bits;
        return v.add(BigInteger.ONE.shiftLeft(drop - 1)).shiftRight(drop).shiftLeft(drop);
    }

    private static BigInteger computePi(int bits) {
        int g = bits + 16;
        BigInteger a = atanInv(5, g).shiftLeft(4).subtract(atanInv(239, g).shiftLeft(2));
        return a.shiftRight(16);
    }

    /** atan(1/n) with g fraction bits. */
    private static BigInteger atanInv(int n, int g) {
        BigInteger nn = BigInteger.valueOf((long) n * n);
        BigInteger term = BigInteger.ONE.shiftLeft(g).divide(BigInteger.valueOf(n));
        BigInteger sum = term;
        for (int k = 1; term.signum() != 0; k++) {
            term = term.divide(nn);
            BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) != 0 ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }

    private static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).shiftRight(F);
    }

    /** atanh(z) for fixed-point z, |z| <= 1/2. */
    private static BigInteger atanhSeries(BigInteger z) {
        return mul(z, atanhOverZ(mul(z, z)));
    }

    /** atanh(z)/z as a series in z^2 (fixed point). */
    private static BigInteger atanhOverZ(BigInteger z2) {
        BigInteger sum = ONE, p = ONE;
        for (int k = 1; ; k++) {
            p = mul(p, z2);
            if (p.signum() == 0) break;
            sum = sum.add(p.divide(BigInteger.valueOf(2L * k + 1)));
        }
        return sum;
    }

    /** atan(z)/z for fixed-point z^2 <= 1/16 or so. */
    private static BigInteger atanOverZ(BigInteger z2) {
        if (z2.signum() == 0) return ONE.subtract(BigInteger.ONE);
        BigInteger sum = ONE, p = ONE;
        for (int k = 1; ; k++) {
            p = mul(p, z2);
            if (p.signum() == 0) break;
            BigInteger t = p.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) != 0 ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }

    /** sin(r)/r and cos(r) from fixed-point r^2. */
    private static BigInteger[] sinCos(BigInteger r2) {
        if (r2.signum() == 0) {
            // r^2 below the fixed-point resolution: both are just below one
            return new BigInteger[] {ONE.subtract(BigInteger.ONE), ONE.subtract(BigInteger.ONE)};
        }
        BigInteger s = ONE, c = ONE, p = ONE;
        for (int k = 1; ; k++) {
            p = mul(p, r2).divide(BigInteger.valueOf((2L * k - 1) * (2L * k)));
            if (p.signum() == 0) break;
            BigInteger ps = p.divide(BigInteger.valueOf(2L * k + 1));
            c = (k & 1) != 0 ? c.subtract(p) : c.add(p);
            s = (k & 1) != 0 ? s.subtract(ps) : s.add(ps);
        }
        return new BigInteger[] {s, c};
    }

    // ---- a binary float: value = mant * 2^exp ----

    private record BF(BigInteger mant, long exp) {
        static BF of(int se, long m) {
            BigInteger v = new BigInteger(1, toBytes(Float80.significandOf(m)));
            if ((se & 0x8000) != 0) v = v.negate();
            return new BF(v, (long) Float80.exponentOf(se, m) - BIAS - 63);
        }

        static BF fixed(BigInteger v) {
            return new BF(v, -F);
        }

        BF times(BF o) {
            return new BF(mant.multiply(o.mant), exp + o.exp).trim();
        }

        BF trim() {
            int extra = mant.abs().bitLength() - 600;
            if (extra <= 0) return this;
            // keep the inexactness in the last bit (sticky)
            BigInteger a = mant.abs();
            boolean lost = a.getLowestSetBit() < extra;
            BigInteger t = a.shiftRight(extra);
            if (lost) t = t.setBit(0);
            return new BF(mant.signum() < 0 ? t.negate() : t, exp + extra);
        }

        /** this as a fixed-point BigInteger with F fraction bits (truncating). */
        BigInteger toFixed() {
            long sh = exp + F;
            if (sh >= 0) return mant.shiftLeft((int) sh);
            if (sh < -100000) return BigInteger.ZERO;
            return mant.shiftRight((int) -sh);
        }

        BF plus(BF o) {
            long e = Math.min(exp, o.exp);
            if (Math.max(exp, o.exp) - e > 2000) {
                // keep the larger, the other only as a sticky perturbation
                BF big = exp > o.exp ? this : o, small = exp > o.exp ? o : this;
                BigInteger m = big.mant.shiftLeft(700);
                m = m.add(BigInteger.valueOf(small.mant.signum()));
                return new BF(m, big.exp - 700).trim();
            }
            return new BF(mant.shiftLeft((int) (exp - e)).add(o.mant.shiftLeft((int) (o.exp - e))), e).trim();
        }
    }

    /** Rounds an inexact positive-or-negative BF into f at 64 bits (the result is never exact). */
    private static void roundInexact(X87 x, BF v) {
        Float80 f = x.f;
        BigInteger a = v.mant.abs();
        int sign = v.mant.signum() < 0 ? 1 : 0;
        if (a.signum() == 0) {
            f.rse = sign << 15;
            f.rm = 0;
            return;
        }
        int L = a.bitLength();
        BigInteger top;
        if (L >= 128) top = a.shiftRight(L - 128);
        else top = a.shiftLeft(128 - L);
        long hi = top.shiftRight(64).longValue();
        long lo = top.longValue() | 1; // sticky: the value is irrational
        long e = v.exp + L - 1 + BIAS;
        e = Math.max(-(1 << 20), Math.min(1 << 20, e));
        f.roundToReg64(sign, (int) e, hi, lo);
    }

    /** Rounds an exact BF (no sticky). */
    private static void roundExact(X87 x, int sign, BigInteger a, long exp) {
        Float80 f = x.f;
        if (a.signum() == 0) {
            f.rse = sign << 15;
            f.rm = 0;
            return;
        }
        int L = a.bitLength();
        BigInteger top;
        boolean lost = false;
        if (L >= 128) {
            top = a.shiftRight(L - 128);
            lost = a.getLowestSetBit() < L - 128;
        } else top = a.shiftLeft(128 - L);
        long hi = top.shiftRight(64).longValue();
        long lo = top.longValue() | (lost ? 1 : 0);
        long e = exp + L - 1 + BIAS;
        f.roundToReg64(sign, (int) e, hi, lo);
    }

    // ---- operand checks ----

    /** Handles NaN/unsupported/denormal of a one-operand instruction; returns true when f holds the final result. */
    private static boolean special1(X87 x, int s, long m) {
        Float80 f = x.f;
        int c = classify(s, m);
        if (c == UNSUPPORTED) {
            f.flags |= IE;
            f.rse = INDEF_SE;
            f.rm = INDEF_M;
            return true;
        }
        if (isNaN(c)) {
            if (c == SNAN) f.flags |= IE;
            f.rse = s;
            f.rm = m | QUIET;
            return true;
        }
        if (c == DENORMAL) f.flags |= DE;
        return false;
    }

    private static void setIndefinite(Float80 f) {
        f.flags |= IE;
        f.rse = INDEF_SE;
        f.rm = INDEF_M;
    }

    // ---- FSIN, FCOS, FSINCOS, FPTAN ----

    /** Whether |x| >= 2^63 (C2 = 1, operand unchanged). */
    private static boolean outOfRange(int s, long m) {
        int c = classify(s, m);
        return (c == NORMAL || c == DENORMAL) && (s & 0x7fff) >= BIAS + 63;
    }

    /** Reduces x modulo pi/2: returns {r (fixed point, F bits, as BF), quadrant}. */
    private static Object[] reduce(int s, long m) {
        BF x = BF.of(s, m);
        // work at 700 fraction bits
        BigInteger xv = x.exp >= -700 ? x.mant.shiftLeft((int) (x.exp + 700)) : BigInteger.ZERO;
        if (x.exp < -700) return new Object[] {x, 0};
        BigInteger[] qr = xv.add(HALF_PI_RED.shiftRight(1)).divideAndRemainder(HALF_PI_RED);
        BigInteger q = qr[0];
        if (qr[1].signum() < 0) { // floor division for negative x
            q = q.subtract(BigInteger.ONE);
        }
        BigInteger r = xv.subtract(q.multiply(HALF_PI_RED));
        return new Object[] {new BF(r, -700), q.intValue() & 3};
    }

    private static BF sinOf(BF r, BigInteger[] sc) {
        return r.times(BF.fixed(sc[0]));
    }

    private static BF[] sinCosOf(int s, long m) {
        Object[] red = reduce(s, m);
        BF r = (BF) red[0];
        int q = (int) red[1];
        BigInteger rf = r.toFixed();
        BigInteger[] sc = sinCos(mul(rf, rf));
        BF sin = sinOf(r, sc), cos = BF.fixed(sc[1]);
        BF rs, rc;
        switch (q) {
            case 0 -> { rs = sin; rc = cos; }
            case 1 -> { rs = cos; rc = neg(sin); }
            case 2 -> { rs = neg(sin); rc = neg(cos); }
            default -> { rs = neg(cos); rc = sin; }
        }
        return new BF[] {rs, rc};
    }

    private static BF neg(BF v) {
        return new BF(v.mant.negate(), v.exp);
    }

    static void fsin(X87 x, boolean cosine) {
        Float80 f = x.f;
        if (x.emptyAt(0)) {
            x.sw &= ~X87.SW_C2;
            if (x.stackUnderflow()) x.put(0, INDEF_SE, INDEF_M);
            return;
        }
        int s = x.seAt(0);
        long m = x.mAt(0);
        if (outOfRange(s, m)) {
            x.sw = (x.sw & ~X87.SW_C1) | X87.SW_C2;
            return;
        }
        x.sw &= ~X87.SW_C2;
        if (!special1(x, s, m)) {
            int c = classify(s, m);
            if (c == INF) setIndefinite(f);
            else if (c == ZERO) {
                if (cosine) { f.rse = BIAS; f.rm = INT_BIT; }
                else { f.rse = s; f.rm = 0; }
            } else {
                BF[] v = sinCosOf(s, m);
                roundInexact(x, cosine ? v[1] : v[0]);
            }
        }
        if (x.commitResult()) x.put(0, f.rse, f.rm);
    }

    static void fsincos(X87 x) {
        Float80 f = x.f;
        if (x.emptyAt(0)) {
            x.sw &= ~X87.SW_C2;
            if (x.stackUnderflow()) {
                x.put(0, INDEF_SE, INDEF_M);
                x.pushForced(INDEF_SE, INDEF_M);
            }
            return;
        }
        if (!x.emptyAt(7)) {
            x.sw &= ~X87.SW_C2;
            if (x.stackOverflow()) {
                x.put(0, INDEF_SE, INDEF_M);
                x.pushValue(INDEF_SE, INDEF_M);
            }
            return;
        }
        int s = x.seAt(0);
        long m = x.mAt(0);
        if (outOfRange(s, m)) {
            x.sw = (x.sw & ~X87.SW_C1) | X87.SW_C2;
            return;
        }
        x.sw &= ~X87.SW_C2;
        int ss, cs;
        long sm, cm;
        if (special1(x, s, m)) {
            ss = cs = f.rse;
            sm = cm = f.rm;
        } else {
            int c = classify(s, m);
            if (c == INF) {
                setIndefinite(f);
                ss = cs = f.rse;
                sm = cm = f.rm;
            } else if (c == ZERO) {
                ss = s; sm = 0; cs = BIAS; cm = INT_BIT;
            } else {
                BF[] v = sinCosOf(s, m);
                roundInexact(x, v[0]);
                ss = f.rse; sm = f.rm;
                boolean up = f.c1;
                roundInexact(x, v[1]);
                cs = f.rse; cm = f.rm;
                f.c1 = up; // the host reports the sine's rounding
            }
        }
        if (!x.commitResult()) return;
        x.put(0, ss, sm);
        x.pushValue(cs, cm);
    }

    static void fptan(X87 x) {
        Float80 f = x.f;
        if (x.emptyAt(0)) {
            x.sw &= ~X87.SW_C2;
            if (x.stackUnderflow()) {
                x.put(0, INDEF_SE, INDEF_M);
                x.pushForced(INDEF_SE, INDEF_M);
            }
            return;
        }
        if (!x.emptyAt(7)) {
            x.sw &= ~X87.SW_C2;
            if (x.stackOverflow()) {
                x.put(0, INDEF_SE, INDEF_M);
                x.pushValue(INDEF_SE, INDEF_M);
            }
            return;
        }
        int s = x.seAt(0);
        long m = x.mAt(0);
        if (outOfRange(s, m)) {
            x.sw = (x.sw & ~X87.SW_C1) | X87.SW_C2;
            return;
        }
        x.sw &= ~X87.SW_C2;
        boolean nan = false;
        if (special1(x, s, m)) {
            nan = true;
        } else {
            int c = classify(s, m);
            if (c == INF) {
                setIndefinite(f);
                nan = true;
            } else if (c == ZERO) {
                f.rse = s;
                f.rm = 0;
            } else {
                Object[] red = reduce(s, m);
                BF r = (BF) red[0];
                int q = (int) red[1];
                BigInteger rf = r.toFixed();
                BigInteger[] sc = sinCos(mul(rf, rf));
                // tan = sin/cos; odd quadrants: -cos/sin
                BF sin = sinOf(r, sc);
                BigInteger cosF = sc[1];
                BF t;
                if ((q & 1) == 0) {
                    t = new BF(sin.mant.shiftLeft(F + 64).divide(cosF), sin.exp - 64);
                } else {
                    BigInteger num = cosF.shiftLeft(F + 64 + 600);
                    BigInteger sm2 = sin.mant;
                    t = new BF(num.divide(sm2).negate(), -F - 64 - 600 - sin.exp - F + F);
                    // value = cos / sin = (cosF * 2^-F) / (sm2 * 2^exp)
                    t = new BF(num.divide(sm2).negate(), (long) -2 * F - 64 - 600 - sin.exp);
                }
                roundInexact(x, t);
            }
        }
        if (!x.commitResult()) return;
        x.put(0, f.rse, f.rm);
        if (nan) x.pushValue(f.rse, f.rm);
        else x.pushValue(BIAS, INT_BIT);
    }

    // ---- FPATAN ----

    static void fpatan(X87 x) {
        Float80 f = x.f;
        if (x.emptyAt(0) || x.emptyAt(1)) {
            if (x.stackUnderflow()) {
                x.put(1, INDEF_SE, INDEF_M);
                x.popValue();
            }
            return;
        }
        int xs = x.seAt(0), ys = x.seAt(1);
        long xm = x.mAt(0), ym = x.mAt(1);
        int cx = classify(xs, xm), cy = classify(ys, ym);
        int ysign = ys >>> 15 & 1;
        boolean xneg = (xs & 0x8000) != 0;
        if (cx == UNSUPPORTED || cy == UNSUPPORTED) setIndefinite(f);
        else if (isNaN(cx) || isNaN(cy)) nanPair(f, ys, ym, cy, xs, xm, cx);
        else {
            if (cx == DENORMAL || cy == DENORMAL) f.flags |= DE;
            BF pi = BF.fixed(PI);
            if (cy == ZERO) {
                if (xneg) roundInexact(x, signed(pi, ysign));
                else { f.rse = ysign << 15; f.rm = 0; }
            } else if (cx == ZERO && cy != INF) {
                roundInexact(x, signed(half(pi, 1), ysign));
            } else if (cy == INF) {
                BF v = cx == INF ? (xneg ? new BF(PI.multiply(BigInteger.valueOf(3)), -F - 2) : half(pi, 2))
                        : half(pi, 1);
                roundInexact(x, signed(v, ysign));
            } else if (cx == INF) {
                if (xneg) roundInexact(x, signed(pi, ysign));
                else { f.rse = ysign << 15; f.rm = 0; }
            } else {
                BF ya = BF.of(ys & 0x7fff, ym), xa = BF.of(xs & 0x7fff, xm);
                // q = |y| / |x| with 300 significant bits
                BigInteger qm = ya.mant.shiftLeft(300).divide(xa.mant);
                long qe = ya.exp - xa.exp - 300;
                BF q = new BF(qm, qe);
                BF a;
                boolean inverted = false;
                if (qm.bitLength() + qe > 0) { // q >= 1: atan(q) = pi/2 - atan(1/q)
                    BigInteger im = xa.mant.shiftLeft(300).divide(ya.mant);
                    q = new BF(im, xa.exp - ya.exp - 300);
                    inverted = true;
                }
                a = atan(q);
                if (inverted) a = half(pi, 1).plus(neg(a));
                if (xneg) a = pi.plus(neg(a));
                roundInexact(x, signed(a, ysign));
            }
        }
        if (!x.commitResult()) return;
        x.put(1, f.rse, f.rm);
        x.popValue();
    }

    private static BF half(BF v, int k) {
        return new BF(v.mant, v.exp - k);
    }

    private static BF signed(BF v, int sign) {
        return sign != 0 ? neg(v) : v;
    }

    /** atan(q) for 0 < q <= 1. */
    private static BF atan(BF q) {
        BigInteger z = q.toFixed();
        int doublings = 0;
        BF zz = q;
        if (z.compareTo(ONE.shiftRight(3)) > 0) {
            // atan(z) = 2 atan(z / (1 + sqrt(1 + z^2)))
            for (int k = 0; k < 3; k++) {
                BigInteger s = ONE.add(mul(z, z)).shiftLeft(F).sqrt();
                z = z.shiftLeft(F).divide(ONE.add(s));
                doublings++;
            }
            zz = BF.fixed(z);
        }
        BigInteger zf = zz.toFixed();
        BF r = zz.times(BF.fixed(atanOverZ(mul(zf, zf))));
        return new BF(r.mant, r.exp + doublings);
    }

    private static void nanPair(Float80 f, int as, long am, int ca, int bs, long bm, int cb) {
        // x87 two-NaN rule: larger significand; SNaN raises IE
        if (ca == SNAN || cb == SNAN) f.flags |= IE;
        boolean an = isNaN(ca), bn = isNaN(cb);
        if (an && bn && ca != cb) { // an SNaN and a QNaN: the QNaN
            if (ca == QNAN) { f.rse = as; f.rm = am; }
            else { f.rse = bs; f.rm = bm; }
        } else if (an && bn) {
            long qa = am | QUIET, qb = bm | QUIET;
            if (Long.compareUnsigned(qa, qb) >= 0) { f.rse = as; f.rm = qa; }
            else { f.rse = bs; f.rm = qb; }
        } else if (an) {
            f.rse = as; f.rm = am | QUIET;
        } else {
            f.rse = bs; f.rm = bm | QUIET;
        }
    }

    // ---- F2XM1 ----

    static void f2xm1(X87 x) {
        Float80 f = x.f;
        if (x.emptyAt(0)) {
            if (x.stackUnderflow()) x.put(0, INDEF_SE, INDEF_M);
            return;
        }
        int s = x.seAt(0);
        long m = x.mAt(0);
        if (!special1(x, s, m)) {
            int c = classify(s, m);
            if (c == ZERO) { f.rse = s; f.rm = 0; }
            else if (c == INF) {
                if ((s & 0x8000) != 0) { f.rse = 0x8000 | BIAS; f.rm = INT_BIT; }
                else { f.rse = s; f.rm = m; }
            } else if ((s & 0x7fff) == BIAS && m == INT_BIT) {
                // 2^1 - 1 = 1, 2^-1 - 1 = -1/2: exact, but the host reports them inexact
                f.flags |= PE;
                f.c1 = (s & 0x8000) == 0; // and 2^1 - 1 as rounded up
                f.rse = (s & 0x8000) != 0 ? 0x8000 | (BIAS - 1) : BIAS;
                f.rm = INT_BIT;
            } else if ((s & 0x7fff) >= BIAS) {
                // outside the documented domain [-1, 1]: the host (AMD) leaves the operand, inexact
                f.flags |= PE;
                f.rse = s;
                f.rm = m;
            } else {
                // t = x ln2; 2^x - 1 = t (1 + t/2! + t^2/3! + ...)
                BF t = BF.of(s, m).times(BF.fixed(LN2));
                BigInteger tf = t.toFixed();
                BigInteger sum = tf.signum() == 0 && t.mant.signum() < 0 ? ONE.subtract(BigInteger.ONE) : ONE, p = ONE;
                for (int k = 2; ; k++) {
                    p = mul(p, tf).divide(BigInteger.valueOf(k));
                    if (p.signum() == 0) break;
                    sum = sum.add(p);
                }
                roundInexact(x, t.times(BF.fixed(sum)));
            }
        }
        if (x.commitResult()) x.put(0, f.rse, f.rm);
    }

    // ---- FYL2X, FYL2XP1 ----

    static void fyl2x(X87 x, boolean plusOne) {
        Float80 f = x.f;
        if (x.emptyAt(0) || x.emptyAt(1)) {
            if (x.stackUnderflow()) {
                x.put(1, INDEF_SE, INDEF_M);
                x.popValue();
            }
            return;
        }
        int xs = x.seAt(0), ys = x.seAt(1);
        long xm = x.mAt(0), ym = x.mAt(1);
        int cx = classify(xs, xm), cy = classify(ys, ym);
        int ysign = ys >>> 15 & 1;
        boolean xneg = (xs & 0x8000) != 0;
        if (cx == UNSUPPORTED || cy == UNSUPPORTED) setIndefinite(f);
        else if (isNaN(cx) || isNaN(cy)) nanPair(f, ys, ym, cy, xs, xm, cx);
        else {
            if (cx == DENORMAL || cy == DENORMAL) f.flags |= DE;
            if (plusOne) yl2xp1(x, f, xs, xm, cx, ys, ym, cy, ysign, xneg);
            else yl2x(x, f, xs, xm, cx, ys, ym, cy, ysign, xneg);
            if ((f.flags & IE) != 0) f.flags &= ~DE; // an invalid operation reports no denormal
        }
        if (!x.commitResult()) return;
        x.put(1, f.rse, f.rm);
        x.popValue();
    }

    private static void yl2x(X87 x, Float80 f, int xs, long xm, int cx, int ys, long ym, int cy, int ysign,
                             boolean xneg) {
        if (xneg && cx != ZERO) { setIndefinite(f); return; }
        if (cx == ZERO) {
            if (cy == ZERO) { setIndefinite(f); return; }
            f.flags |= ZE;
            f.rse = (ysign ^ 1) << 15 | EXP_MAX;
            f.rm = INT_BIT;
            return;
        }
        if (cx == INF) {
            if (cy == ZERO) { setIndefinite(f); return; }
            f.rse = ysign << 15 | EXP_MAX;
            f.rm = INT_BIT;
            return;
        }
        boolean isOne = (xs & 0x7fff) == BIAS && xm == INT_BIT;
        int logSign = Float80.exponentOf(xs, xm) < BIAS ? 1 : 0;
        if (isOne) {
            if (cy == INF) { setIndefinite(f); return; }
            f.rse = ysign << 15; // y * (+0)
            f.rm = 0;
            return;
        }
        if (cy == INF) {
            f.rse = (ysign ^ logSign) << 15 | EXP_MAX;
            f.rm = INT_BIT;
            return;
        }
        if (cy == ZERO) {
            f.rse = (ysign ^ logSign) << 15;
            f.rm = 0;
            return;
        }
        if (xm == INT_BIT && (xs & 0x7fff) != 0) {
            // log2 of a power of two is an integer: y * n rounded once (the host still reports PE)
            BF p = BF.of(ys, ym).times(new BF(BigInteger.valueOf((xs & 0x7fff) - BIAS), 0));
            roundExact(x, p.mant.signum() < 0 ? 1 : 0, p.mant.abs(), p.exp);
            f.flags |= PE;
            return;
        }
        BF l = log2(BF.of(xs, xm));
        roundInexact(x, BF.of(ys, ym).times(l));
    }

    private static void yl2xp1(X87 x, Float80 f, int xs, long xm, int cx, int ys, long ym, int cy, int ysign,
                               boolean xneg) {
        if (cx == ZERO) {
            if (cy == INF) { setIndefinite(f); return; }
            f.rse = (ysign ^ (xneg ? 1 : 0)) << 15;
            f.rm = 0;
            return;
        }
        if (cx == INF) {
            if (xneg || cy == ZERO) { setIndefinite(f); return; }
            f.rse = ysign << 15 | EXP_MAX;
            f.rm = INT_BIT;
            return;
        }
        if ((xs & 0x7fff) >= BIAS && xneg) {
            // x < -1, outside the documented domain |x| < 1 - sqrt(2)/2: the host (AMD) returns x, inexact
            f.flags |= PE;
            f.rse = xs;
            f.rm = xm;
            return;
        }
        BF xv = BF.of(xs, xm);
        // 1 + x must be positive
        BF onePlus = xv.plus(new BF(BigInteger.ONE, 0));
        if (onePlus.mant.signum() <= 0) {
            if (onePlus.mant.signum() == 0) {
                if (cy == ZERO) { setIndefinite(f); return; }
                f.flags |= ZE;
                f.rse = (ysign ^ 1) << 15 | EXP_MAX;
                f.rm = INT_BIT;
                return;
            }
            setIndefinite(f);
            return;
        }
        int logSign = xneg ? 1 : 0;
        if (cy == INF) {
            f.rse = (ysign ^ logSign) << 15 | EXP_MAX;
            f.rm = INT_BIT;
            return;
        }
        if (cy == ZERO) {
            f.rse = (ysign ^ logSign) << 15;
            f.rm = 0;
            return;
        }
        // ln(1+x) = 2 atanh(x / (2 + x))
        BF two = new BF(BigInteger.TWO, 0);
        BF den = xv.plus(two);
        BigInteger zm = xv.mant.shiftLeft(700).divide(den.mant.abs().shiftLeft(0));
        if (den.mant.signum() < 0) zm = zm.negate();
        BF z = new BF(zm, xv.exp - 700 - den.exp).trim();
        BF l;
        if (z.mant.abs().bitLength() + z.exp > -2) {
            // large |x|: log2 of the value 1+x directly
            l = log2(onePlus);
        } else {
            BigInteger zf = z.toFixed();
            BF ln = z.times(BF.fixed(atanhOverZ(mul(zf, zf))));
            ln = new BF(ln.mant, ln.exp + 1);
            l = ln.times(BF.fixed(ONE.shiftLeft(F).divide(LN2)));
        }
        roundInexact(x, BF.of(ys, ym).times(l));
    }

    /** log2(v) for v > 0, v != 1. */
    private static BF log2(BF v) {
        BigInteger mant = v.mant;
        int L = mant.bitLength();
        long e = v.exp + L - 1; // v = 1.xxx * 2^e
        // m in [sqrt(1/2), sqrt(2)): m = mant / 2^(L-1), adjust
        BigInteger mf = L - 1 > F ? mant.shiftRight(L - 1 - F) : mant.shiftLeft(F - (L - 1));
        BigInteger sqrt2 = ONE.shiftLeft(F + 1).sqrt();
        int s = L - 1; // m = mant / 2^s
        if (mf.compareTo(sqrt2) >= 0) {
            mf = mf.shiftRight(1);
            e++;
            s = L;
        }
        // ln m = 2 atanh((m-1)/(m+1)); keep relative precision of m-1 when e == 0
        BigInteger num = mf.subtract(ONE), den = mf.add(ONE);
        BF ln;
        if (e == 0) {
            // m-1 exactly from the mantissa
            // z = (m-1)/(m+1) with m-1 = nm * 2^-s exact: z = nm * 2^(F-s) / den
            BigInteger nm = mant.subtract(BigInteger.ONE.shiftLeft(s));
            BigInteger zq = nm.shiftLeft(F + 400).divide(den);
            BF z = new BF(zq, -(long) s - 400).trim();
            BigInteger zf = z.toFixed();
            ln = z.times(BF.fixed(atanhOverZ(mul(zf, zf))));
            ln = new BF(ln.mant, ln.exp + 1);
        } else {
            BigInteger z = num.shiftLeft(F).divide(den);
            ln = BF.fixed(atanhSeries(z).shiftLeft(1));
        }
        BF l2 = ln.times(BF.fixed(ONE.shiftLeft(F).divide(LN2)));
        if (e == 0) return l2;
        return new BF(BigInteger.valueOf(e), 0).plus(l2);
    }

    // ---- FPREM, FPREM1 ----

    /** The exponent reduction of an incomplete FPREM step (the SDM: between 32 and 63). */
    static int partialBits(int d) {
        return 32 + ((d - 32) & 31);
    }

    static void remainder(X87 x, boolean ieee) {
        Float80 f = x.f;
        int as = x.seAt(0), bs = x.seAt(1);
        long am = x.mAt(0), bm = x.mAt(1);
        int ca = classify(as, am), cb = classify(bs, bm);
        int cc = x.sw & (X87.SW_C0 | X87.SW_C1 | X87.SW_C3);
        boolean partial = false;
        long q = 0;
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) setIndefinite(f);
        else if (isNaN(ca) || isNaN(cb)) nanPair(f, as, am, ca, bs, bm, cb);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED || isNaN(ca) || isNaN(cb)) cc &= ~X87.SW_C1;
        else if (ca == INF || cb == ZERO) {
            cc &= ~X87.SW_C1; // invalid: no DE reported
            setIndefinite(f);
        } else {
            if (ca == DENORMAL || cb == DENORMAL) f.flags |= DE;
            if (ca == ZERO || cb == INF) {
                f.rse = as;
                f.rm = am;
                if (ca == DENORMAL) { // returned normalized where it can be (pseudo-denormals)
                    roundExact(x, as >>> 15 & 1, new BigInteger(1, toBytes(Float80.significandOf(am))),
                            (long) Float80.exponentOf(as, am) - BIAS - 63);
                }
                cc = 0; // quotient 0, complete
            } else {
                int ea = Float80.exponentOf(as, am), eb = Float80.exponentOf(bs, bm);
                long xa = Float80.significandOf(am), xb = Float80.significandOf(bm);
                int d = ea - eb;
                int sign = as >>> 15 & 1;
                if (d >= 64) {
                    partial = true;
                    int n = partialBits(d);
                    eb += d - n;
                    d = n;
                }
                if (d < (ieee ? -1 : 0)) {
                    roundExact(x, sign, new BigInteger(1, toBytes(xa)), (long) ea - BIAS - 63);
                } else {
                    BigInteger A = new BigInteger(1, toBytes(xa)).shiftLeft(d + 1);
                    BigInteger B = new BigInteger(1, toBytes(xb)).shiftLeft(1);
                    BigInteger[] qr = A.divideAndRemainder(B);
                    BigInteger qq = qr[0], r = qr[1];
                    if (ieee && !partial) {
                        int cmp = r.shiftLeft(1).compareTo(B);
                        if (cmp > 0 || (cmp == 0 && qq.testBit(0))) {
                            qq = qq.add(BigInteger.ONE);
                            r = B.subtract(r);
                            sign ^= 1;
                        }
                    }
                    q = qq.longValue();
                    if (r.signum() == 0) {
                        f.rse = (as & 0x8000);
                        f.rm = 0;
                    } else {
                        roundExact(x, sign, r, (long) eb - BIAS - 64);
                    }
                }
                if (partial) cc = 0;
                else {
                    cc = ((q & 4) != 0 ? X87.SW_C0 : 0) | ((q & 2) != 0 ? X87.SW_C3 : 0) | ((q & 1) != 0 ? X87.SW_C1 : 0);
                }
            }
        }
        f.c1 = (cc & X87.SW_C1) != 0;
        if (!x.commitResult()) {
            x.sw &= ~(X87.SW_C1 | X87.SW_C2); // C0 and C3 stay
            return;
        }
        x.sw = (x.sw & ~(X87.SW_C0 | X87.SW_C1 | X87.SW_C2 | X87.SW_C3)) | cc | (partial ? X87.SW_C2 : 0);
        x.put(0, f.rse, f.rm);
    }
}
