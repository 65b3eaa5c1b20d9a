package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.core.Mxcsr.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import java.math.BigInteger;

/**
 * IEEE-754 binary32/binary64 arithmetic with x86 SSE semantics: MXCSR rounding control,
 * exact exception flags (IE, DE, ZE, OE, UE, PE; tininess detected after rounding, as the SDM
 * specifies), DAZ and FTZ, SSE NaN propagation (the first operand's NaN, quieted, wins; invalid
 * operations return the negative "real indefinite" QNaN).
 *
 * <p>Values are raw bits in a long: a binary32 in the low 32 bits (upper bits zero), selected by
 * {@code d == false}. Round-to-nearest results that are comfortably normal are computed with
 * Java's arithmetic, their exactness checked by error-free transformations (TwoSum, FMA
 * residuals); everything else (other rounding modes, tiny or huge results, denormal operands)
 * is computed exactly on integers and rounded by {@link #round}.
 */
final class SoftFp {
    private SoftFp() {}

    static final long NAN32 = 0xFFC0_0000L, NAN64 = 0xFFF8_0000_0000_0000L;

    static int prec(boolean d) { return d ? 53 : 24; }
    static int emin(boolean d) { return d ? -1022 : -126; }
    static int bias(boolean d) { return d ? 1023 : 127; }
    static int fracBits(boolean d) { return d ? 52 : 23; }
    static long signBit(boolean d) { return d ? 1L << 63 : 1L << 31; }
    static long expMask(boolean d) { return d ? 0x7FF0_0000_0000_0000L : 0x7F80_0000L; }
    static long fracMask(boolean d) { return d ? 0x000F_FFFF_FFFF_FFFFL : 0x007F_FFFFL; }
    static long absMask(boolean d) { return d ? Long.MAX_VALUE : 0x7FFF_FFFFL; }
    static long quietBit(boolean d) { return d ? 1L << 51 : 1L << 22; }
    static long defaultNaN(boolean d) { return d ? NAN64 : NAN32; }

    static boolean isNaN(long x, boolean d) {
        return (x & expMask(d)) == expMask(d) && (x & fracMask(d)) != 0;
    }

    static boolean isSNaN(long x, boolean d) {
        return isNaN(x, d) && (x & quietBit(d)) == 0;
    }

    static boolean isInf(long x, boolean d) {
        return (x & absMask(d)) == expMask(d);
    }

    static boolean isZero(long x, boolean d) {
        return (x & absMask(d)) == 0;
    }

    static boolean isDenormal(long x, boolean d) {
        return (x & expMask(d)) == 0 && (x & fracMask(d)) != 0;
    }

    static int sign(long x, boolean d) {
        return (x & signBit(d)) != 0 ? 1 : 0;
    }

    static long quiet(long x, boolean d) {
        return x | quietBit(d);
    }

    static long zero(int sign, boolean d) {
        return sign != 0 ? signBit(d) : 0;
    }

    static long inf(int sign, boolean d) {
        return zero(sign, d) | expMask(d);
    }

    static double toDouble(long x, boolean d) {
        return d ? Double.longBitsToDouble(x) : Float.intBitsToFloat((int) x);
    }

    static long bitsOf(double v, boolean d) {
        return d ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
    }

    /** Significand (with the hidden bit) of a finite nonzero value; exponent via {@link #exp}. */
    static long mant(long x, boolean d) {
        long f = x & fracMask(d);
        return (x & expMask(d)) == 0 ? f : f | (1L << fracBits(d));
    }

    /** Exponent of the significand's last bit: value = mant * 2^exp. */
    static int exp(long x, boolean d) {
        int be = (int) ((x & expMask(d)) >>> fracBits(d));
        return (be == 0 ? 1 : be) - bias(d) - fracBits(d);
    }

    /** DAZ: a denormal operand becomes a zero of its sign; without DAZ it raises DE when {@code de}. */
    private static long daz(long x, boolean d, Mxcsr st) {
        if (isDenormal(x, d)) {
            if (st.daz()) return zero(sign(x, d), d);
            st.raised |= DE;
        }
        return x;
    }

    private static long nan2(long a, long b, boolean d, Mxcsr st) {
        if (isSNaN(a, d) || isSNaN(b, d)) st.raised |= IE;
        return isNaN(a, d) ? quiet(a, d) : quiet(b, d);
    }

    private static long invalid(boolean d, Mxcsr st) {
        st.raised |= IE;
        return defaultNaN(d);
    }

    // ---- rounding an exact value ----

    /**
     * m * 2^-sh rounded to an integer in mode rc (sticky: the exact value is a little more than
     * m, in magnitude, below m's last bit). Sets {@code st.inexact}.
     */
    static BigInteger shiftRound(BigInteger m, int sh, boolean sticky, int sign, int rc, Mxcsr st) {
        BigInteger n;
        boolean half, below;
        if (sh <= 0) {
            n = m.shiftLeft(-sh);
            half = false;
            below = sticky;
        } else {
            n = m.shiftRight(sh);
            half = m.testBit(sh - 1);
            below = sticky || (m.signum() != 0 && m.getLowestSetBit() < sh - 1);
        }
        boolean inexact = half || below;
        st.inexact = inexact;
        boolean up = switch (rc) {
            case RC_NEAREST -> half && (below || n.testBit(0));
            case RC_UP -> inexact && sign == 0;
            case RC_DOWN -> inexact && sign != 0;
            default -> false;
        };
        return up ? n.add(BigInteger.ONE) : n;
    }

    private static long overflow(int sign, boolean d, Mxcsr st) {
        st.raised |= OE | PE;
        return switch (st.rc()) {
            case RC_NEAREST -> inf(sign, d);
            case RC_UP -> sign == 0 ? inf(0, d) : maxFin(1, d);
            case RC_DOWN -> sign != 0 ? inf(1, d) : maxFin(0, d);
            default -> maxFin(sign, d);
        };
    }

    static long maxFin(int sign, boolean d) {
        return zero(sign, d) | (expMask(d) - (1L << fracBits(d))) | fracMask(d);
    }

    /**
     * Rounds (-1)^sign * (m + sticky) * 2^e (m > 0; when sticky, m has at least p+2 bits) to the
     * format in MXCSR's rounding mode, raising OE/UE/PE and applying FTZ.
     */
    static long round(int sign, BigInteger m, int e, boolean sticky, boolean d, Mxcsr st) {
        int p = prec(d), emin = emin(d);
        int rc = st.rc();
        int top = e + m.bitLength() - 1;
        boolean tiny = false, inexactUnbounded = false;
        if (top < emin) {
            BigInteger nu = shiftRound(m, top - p + 1 - e, sticky, sign, rc, st);
            tiny = top + 1 < emin || nu.bitLength() <= p;
            inexactUnbounded = st.inexact;
        }
        int q = Math.max(top, emin) - p + 1;
        BigInteger n = shiftRound(m, q - e, sticky, sign, rc, st);
        boolean inexact = st.inexact;
        boolean underflowUnmasked = (st.value & (UE << 7)) == 0;
        if (tiny && underflowUnmasked) {
            // unmasked: reported on tininess alone, FTZ does not apply, and PE says whether the
            // bias-adjusted result (rounded with unbounded exponent) is inexact
            st.raised |= inexactUnbounded ? UE | PE : UE;
            return zero(sign, d);
        } else if (tiny && st.ftz()) {
            st.raised |= UE | PE;
            return zero(sign, d);
        }
        long nl = n.longValue();
        if (nl == 1L << p) {
            nl >>>= 1;
            q++;
        }
        long biased = nl >= 1L << (p - 1) ? q + p - 1 + bias(d) : 0;
        if (biased >= (expMask(d) >>> fracBits(d))) {
            if ((st.value & (OE << 7)) == 0) { // unmasked: PE only if the bias-adjusted result is inexact
                st.raised |= inexact ? OE | PE : OE;
                return inf(sign, d);
            }
            return overflow(sign, d, st);
        }
        if (tiny && inexact) st.raised |= UE;
        if (inexact) st.raised |= PE;
        return zero(sign, d) | (biased << fracBits(d)) | (nl & fracMask(d));
    }

    // ---- arithmetic ----

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3;

    static long arith(int op, long a, long b, boolean d, Mxcsr st) {
        return switch (op) {
            case ADD -> add(a, b, d, st);
            case SUB -> add(a, b ^ signBit(d), d, st, true, b);
            case MUL -> mul(a, b, d, st);
            default -> div(a, b, d, st);
        };
    }

    static long add(long a, long b, boolean d, Mxcsr st) {
        return add(a, b, d, st, false, b);
    }

    /** a + b; for SUB b arrives negated and origB (the operand as given) is used for NaNs. */
    private static long add(long a, long b, boolean d, Mxcsr st, boolean sub, long origB) {
        if (isNaN(a, d) || isNaN(origB, d)) return nan2(a, origB, d, st);
        boolean ia = isInf(a, d), ib = isInf(b, d);
        if (ia || ib) {
            if (ia && ib && sign(a, d) != sign(b, d)) return invalid(d, st);
            daz(ia ? b : a, d, st);
            return ia ? a : b;
        }
        a = daz(a, d, st);
        b = daz(b, d, st);
        if (st.rc() == RC_NEAREST) {
            if (d) {
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), s = x + y;
                if (Math.abs(s) > 0x1p-1000 && Math.abs(s) <= Double.MAX_VALUE) {
                    double bb = s - x;
                    if ((x - (s - bb)) + (y - bb) != 0) st.raised |= PE;
                    return Double.doubleToRawLongBits(s);
                }
            } else {
                double x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b), s = x + y;
                float f = (float) s;
                if (Math.abs(f) > 0x1p-100f && Math.abs(f) <= Float.MAX_VALUE) {
                    double bb = s - x;
                    if ((x - (s - bb)) + (y - bb) != 0 || f != s) st.raised |= PE;
                    return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
                }
            }
        }
        boolean za = isZero(a, d), zb = isZero(b, d);
        int sa = sign(a, d), sb = sign(b, d);
        if (za && zb) return zero(sa == sb ? sa : st.rc() == RC_DOWN ? 1 : 0, d);
        if (za) return round(sb, BigInteger.valueOf(mant(b, d)), exp(b, d), false, d, st);
        if (zb) return round(sa, BigInteger.valueOf(mant(a, d)), exp(a, d), false, d, st);
        int ea = exp(a, d), eb = exp(b, d), e0 = Math.min(ea, eb);
        BigInteger x = BigInteger.valueOf(mant(a, d)).shiftLeft(ea - e0);
        BigInteger y = BigInteger.valueOf(mant(b, d)).shiftLeft(eb - e0);
        BigInteger s = (sa != 0 ? x.negate() : x).add(sb != 0 ? y.negate() : y);
        if (s.signum() == 0) return zero(st.rc() == RC_DOWN ? 1 : 0, d);
        return round(s.signum() < 0 ? 1 : 0, s.abs(), e0, false, d, st);
    }

    static long mul(long a, long b, boolean d, Mxcsr st) {
        if (isNaN(a, d) || isNaN(b, d)) return nan2(a, b, d, st);
        int sx = sign(a, d) ^ sign(b, d);
        boolean ia = isInf(a, d), ib = isInf(b, d);
        if (ia || ib) {
            long other = ia ? b : a;
            if (isZero(other, d)) return invalid(d, st);
            other = daz(other, d, st);
            if (isZero(other, d)) return invalid(d, st); // DAZ turned it into a zero
            return inf(sx, d);
        }
        a = daz(a, d, st);
        b = daz(b, d, st);
        if (isZero(a, d) || isZero(b, d)) return zero(sx, d);
        if (st.rc() == RC_NEAREST) {
            if (d) {
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), r = x * y;
                if (Math.abs(r) > 0x1p-960 && Math.abs(r) <= Double.MAX_VALUE) {
                    if (Math.fma(x, y, -r) != 0) st.raised |= PE;
                    return Double.doubleToRawLongBits(r);
                }
            } else {
                double r = (double) Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b);
                float f = (float) r;
                if (Math.abs(f) > 0x1p-100f && Math.abs(f) <= Float.MAX_VALUE) {
                    if (f != r) st.raised |= PE;
                    return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
                }
            }
        }
        BigInteger m = BigInteger.valueOf(mant(a, d)).multiply(BigInteger.valueOf(mant(b, d)));
        return round(sx, m, exp(a, d) + exp(b, d), false, d, st);
    }

    static long div(long a, long b, boolean d, Mxcsr st) {
        if (isNaN(a, d) || isNaN(b, d)) return nan2(a, b, d, st);
        int sx = sign(a, d) ^ sign(b, d);
        boolean ia = isInf(a, d), ib = isInf(b, d);
        if (ia && ib) return invalid(d, st);
        if (ia) {
            daz(b, d, st);
            return inf(sx, d);
        }
        if (ib) {
            daz(a, d, st);
            return zero(sx, d);
        }
        boolean dazOn = st.daz();
        boolean za = isZero(a, d) || dazOn && isDenormal(a, d), zb = isZero(b, d) || dazOn && isDenormal(b, d);
        if (zb) {
            if (za) return invalid(d, st);
            st.raised |= ZE;
            return inf(sx, d);
        }
        a = daz(a, d, st);
        b = daz(b, d, st);
        if (za) return zero(sx, d);
        if (st.rc() == RC_NEAREST) {
            if (d) {
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), q = x / y;
                if (Math.abs(q) > 0x1p-960 && Math.abs(x) > 0x1p-900 && Math.abs(q) <= Double.MAX_VALUE) {
                    if (Math.fma(-q, y, x) != 0) st.raised |= PE;
                    return Double.doubleToRawLongBits(q);
                }
            } else {
                double x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b), q = x / y;
                float f = (float) q;
                if (Math.abs(f) > 0x1p-100f && Math.abs(f) <= Float.MAX_VALUE) {
                    if (f != q || Math.fma(-q, y, x) != 0) st.raised |= PE;
                    return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
                }
            }
        }
        BigInteger ma = BigInteger.valueOf(mant(a, d)), mb = BigInteger.valueOf(mant(b, d));
        int k = Math.max(0, prec(d) + 3 + mb.bitLength() - ma.bitLength());
        BigInteger[] qr = ma.shiftLeft(k).divideAndRemainder(mb);
        return round(sx, qr[0], exp(a, d) - exp(b, d) - k, qr[1].signum() != 0, d, st);
    }

    static long sqrt(long a, boolean d, Mxcsr st) {
        if (isNaN(a, d)) {
            if (isSNaN(a, d)) st.raised |= IE;
            return quiet(a, d);
        }
        if (isZero(a, d)) return a;
        if (isDenormal(a, d) && st.daz()) return zero(sign(a, d), d);
        if (sign(a, d) != 0) return invalid(d, st);
        if (isInf(a, d)) return a;
        a = daz(a, d, st);
        if (st.rc() == RC_NEAREST) {
            double x = toDouble(a, d);
            double r = Math.sqrt(x);
            if (d) {
                if (x > 0x1p-900) {
                    if (Math.fma(-r, r, x) != 0) st.raised |= PE;
                    return Double.doubleToRawLongBits(r);
                }
            } else {
                float f = (float) r;
                if (Math.fma(-r, r, x) != 0 || f != r) st.raised |= PE;
                return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
            }
        }
        BigInteger m = BigInteger.valueOf(mant(a, d));
        int e = exp(a, d);
        int s = Math.max(0, 2 * prec(d) + 4 - m.bitLength());
        if (((e - s) & 1) != 0) s++;
        BigInteger mm = m.shiftLeft(s);
        BigInteger r = mm.sqrt();
        return round(0, r, (e - s) / 2, !r.multiply(r).equals(mm), d, st);
    }

    /** MINPS/MAXPS semantics: the second operand unless the first is strictly smaller (larger). */
    static long minMax(long a, long b, boolean d, boolean max, Mxcsr st) {
        if (isNaN(a, d) || isNaN(b, d)) {
            st.raised |= IE;
            return st.daz() && isDenormal(b, d) ? zero(sign(b, d), d) : b;
        }
        long x = daz(a, d, st), y = daz(b, d, st);
        double u = toDouble(x, d), v = toDouble(y, d);
        return (max ? u > v : u < v) ? x : y;
    }

    /** CMPPS predicate 0..7 (EQ, LT, LE, UNORD, NEQ, NLT, NLE, ORD). */
    static boolean compare(long a, long b, boolean d, int pred, Mxcsr st) {
        boolean unord = isNaN(a, d) || isNaN(b, d);
        if (unord) {
            if (isSNaN(a, d) || isSNaN(b, d) || pred == 1 || pred == 2 || pred == 5 || pred == 6) st.raised |= IE;
        } else {
            a = daz(a, d, st);
            b = daz(b, d, st);
        }
        double u = toDouble(a, d), v = toDouble(b, d);
        return switch (pred & 7) {
            case 0 -> !unord && u == v;
            case 1 -> !unord && u < v;
            case 2 -> !unord && u <= v;
            case 3 -> unord;
            case 4 -> unord || u != v;
            case 5 -> unord || !(u < v);
            case 6 -> unord || !(u <= v);
            default -> !unord;
        };
    }

    /** COMISS/UCOMISS: returns ZF|PF|CF as in rflags. */
    static long comis(long a, long b, boolean d, boolean signalQuiet, Mxcsr st) {
        if (isNaN(a, d) || isNaN(b, d)) {
            if (signalQuiet || isSNaN(a, d) || isSNaN(b, d)) st.raised |= IE;
            return Core.ZF | Core.PF | Core.CF;
        }
        double u = toDouble(daz(a, d, st), d), v = toDouble(daz(b, d, st), d);
        return u < v ? Core.CF : u == v ? Core.ZF : 0;
    }

    // ---- conversions ----

    /** binary32 to binary64 (CVTSS2SD). */
    static long f2d(long x, Mxcsr st) {
        if (isNaN(x, false)) {
            if (isSNaN(x, false)) st.raised |= IE;
            return ((x & 0x8000_0000L) << 32) | 0x7FF8_0000_0000_0000L | ((x & 0x7F_FFFFL) << 29);
        }
        x = daz(x, false, st);
        return Double.doubleToRawLongBits(Float.intBitsToFloat((int) x));
    }

    /** binary64 to binary32 (CVTSD2SS), rounded per MXCSR. */
    static long d2f(long x, Mxcsr st) {
        if (isNaN(x, true)) {
            if (isSNaN(x, true)) st.raised |= IE;
            return ((x >>> 32) & 0x8000_0000L) | 0x7FC0_0000L | ((x >>> 29) & 0x3F_FFFFL);
        }
        int s = sign(x, true);
        if (isInf(x, true)) return inf(s, false);
        x = daz(x, true, st);
        if (isZero(x, true)) return zero(s, false);
        double v = Double.longBitsToDouble(x);
        if (st.rc() == RC_NEAREST) {
            float f = (float) v;
            if (Math.abs(f) > 0x1p-100f && Math.abs(f) <= Float.MAX_VALUE) {
                if (f != v) st.raised |= PE;
                return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
            }
        }
        return round(s, BigInteger.valueOf(mant(x, true)), exp(x, true), false, false, st);
    }

    /** A signed integer to the format, rounded per MXCSR. */
    static long fromInt(long v, boolean d, Mxcsr st) {
        if (v == 0) return 0;
        long limit = 1L << prec(d);
        if (v > -limit && v < limit) return d ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits(v) & 0xFFFF_FFFFL;
        BigInteger m = BigInteger.valueOf(v);
        return round(v < 0 ? 1 : 0, m.abs(), 0, false, d, st);
    }

    /**
     * To a signed integer of 32 or 64 bits (CVTSS2SI, CVTTSD2SI, CVTPS2DQ, ...): rounded per MXCSR
     * or truncated; NaN or out of range gives the integer indefinite (the sign bit alone) and IE.
     * Returns the value sign-extended to 64 bits; callers mask 32-bit results.
     */
    static long toInt(long x, boolean d, boolean to64, boolean truncate, Mxcsr st) {
        long indefinite = to64 ? Long.MIN_VALUE : Integer.MIN_VALUE;
        if (isNaN(x, d) || isInf(x, d)) {
            st.raised |= IE;
            return indefinite;
        }
        if (isDenormal(x, d) && st.daz()) return 0;
        if (isZero(x, d)) return 0;
        int rc = truncate ? RC_ZERO : st.rc();
        double v = toDouble(x, d);
        if ((rc == RC_ZERO || rc == RC_NEAREST) && Math.abs(v) < 0x1p30) {
            double r = rc == RC_ZERO ? (v < 0 ? Math.ceil(v) : Math.floor(v)) : Math.rint(v);
            if (r != v) st.raised |= PE;
            return (long) r;
        }
        int s = sign(x, d);
        BigInteger n = shiftRound(BigInteger.valueOf(mant(x, d)), -exp(x, d), false, s, rc, st);
        boolean inexact = st.inexact;
        if (s != 0) n = n.negate();
        if (n.bitLength() > (to64 ? 63 : 31)) {
            st.raised |= IE;
            return indefinite;
        }
        if (inexact) st.raised |= PE;
        return n.longValue();
    }

    /** ROUNDSS/ROUNDSD/ROUNDPS/ROUNDPD: imm bits 1:0 mode unless bit 2 (MXCSR), bit 3 suppresses PE. */
    static long roundToIntegral(long x, boolean d, int imm, Mxcsr st) {
        if (isNaN(x, d)) {
            if (isSNaN(x, d)) st.raised |= IE;
            return quiet(x, d);
        }
        int s = sign(x, d);
        if (isDenormal(x, d) && st.daz()) return zero(s, d);
        if (isInf(x, d) || isZero(x, d)) return x;
        int e = exp(x, d);
        if (e >= 0) return x;
        int rc = (imm & 4) != 0 ? st.rc() : imm & 3;
        BigInteger n = shiftRound(BigInteger.valueOf(mant(x, d)), -e, false, s, rc, st);
        if (st.inexact && (imm & 8) == 0) st.raised |= PE;
        long mag = n.longValue();
        if (mag == 0) return zero(s, d);
        long r = d ? Double.doubleToRawLongBits((double) mag) : Float.floatToRawIntBits((float) mag) & 0xFFFF_FFFFL;
        return r | zero(s, d);
    }

    // ---- approximations (RCPPS, RSQRTPS) ----

    /**
     * RCPSS/RCPPS. Hardware gives an implementation-specific approximation (relative error at
     * most 1.5 * 2^-12; Intel and AMD differ). We return the correctly rounded reciprocal, with
     * hardware's special cases: denormal inputs count as zero, tiny results flush to zero, no flags.
     */
    static long rcp(long x) {
        if (isNaN(x, false)) return quiet(x, false);
        int s = sign(x, false);
        if (isZero(x, false) || isDenormal(x, false)) return inf(s, false);
        if (isInf(x, false)) return zero(s, false);
        float f = (float) (1.0 / Float.intBitsToFloat((int) x));
        if (Math.abs(f) < Float.MIN_NORMAL) return zero(s, false);
        return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
    }

    /** RSQRTSS/RSQRTPS: 1/sqrt(x) computed in double and rounded to single; the same special cases as {@link #rcp}. */
    static long rsqrt(long x) {
        if (isNaN(x, false)) return quiet(x, false);
        int s = sign(x, false);
        if (isZero(x, false) || isDenormal(x, false)) return inf(s, false);
        if (s != 0) return NAN32;
        if (isInf(x, false)) return 0;
        float f = (float) (1.0 / Math.sqrt(Float.intBitsToFloat((int) x)));
        return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
    }
}
