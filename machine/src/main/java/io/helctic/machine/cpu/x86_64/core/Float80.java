package io.helctic.machine.cpu.x86_64.core;

import java.math.BigInteger;

/**
 * Soft-float for the x87 80-bit extended format: a sign, a 15-bit biased exponent and a 64-bit
 * significand with an explicit integer bit. A value is a pair ({@code se}, {@code m}): {@code se}
 * holds the sign in bit 15 and the biased exponent in bits 0-14.
 *
 * <p>One instance is the arithmetic unit of one FPU: the caller sets the rounding control
 * ({@link #rc}), the precision ({@link #pc}, 24, 53 or 64 bits) and the exception masks
 * ({@link #masks}); each operation leaves its result in {@link #rse}/{@link #rm}, ORs the
 * exceptions it raised into {@link #flags} and sets {@link #c1} when the result was rounded
 * up (away from zero). Nothing is allocated except by the few operations that use BigInteger
 * (square root, remainders, decimal conversions).
 */
public final class Float80 {
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20;
    public static final int RC_NEAR = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    /** Operand classes. */
    public static final int ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

    public static final int EXP_MAX = 0x7fff, BIAS = 16383;
    public static final long INT_BIT = Long.MIN_VALUE;
    public static final long QUIET = 0x4000_0000_0000_0000L;
    /** The QNaN "real indefinite". */
    public static final int INDEF_SE = 0xffff;
    public static final long INDEF_M = 0xc000_0000_0000_0000L;

    /** Bias adjust for unmasked overflow/underflow of register results (SDM 8.5.4, 8.5.5). */
    public static final int WRAP = 24576;

    public int rc = RC_NEAR;
    public int pc = 64;
    public int masks = 0x3f;
    public int flags;
    public boolean c1;
    public int rse;
    public long rm;

    // ---- classification ----

    public static int classify(int se, long m) {
        int e = se & EXP_MAX;
        if (e == 0) return m == 0 ? ZERO : DENORMAL;
        if (e == EXP_MAX) {
            if (m >= 0) return UNSUPPORTED; // pseudo-infinity, pseudo-NaN
            if (m == INT_BIT) return INF;
            return (m & QUIET) != 0 ? QNAN : SNAN;
        }
        return m < 0 ? NORMAL : UNSUPPORTED; // unnormal
    }

    public static boolean isNaN(int cls) {
        return cls == QNAN || cls == SNAN;
    }

    private void result(int se, long m) {
        rse = se;
        rm = m;
    }

    private void indefinite() {
        flags |= IE;
        result(INDEF_SE, INDEF_M);
    }

    /** Effective (biased, possibly below 1) exponent of a normalized finite nonzero operand. */
    private static int normExp(int se, long m) {
        int e = se & EXP_MAX;
        if (e == 0) return 1 - Long.numberOfLeadingZeros(m);
        return e;
    }

    private static long normSig(long m) {
        return m << Long.numberOfLeadingZeros(m);
    }

    /** NaN propagation for two operands, at least one a NaN (x87 rules, SDM table 4-7). */
    private void propagate(int sa, long ma, int ca, int sb, long mb, int cb) {
        if (ca == SNAN || cb == SNAN) flags |= IE;
        boolean an = isNaN(ca), bn = isNaN(cb);
        if (an && bn && ca != cb) {
            // an SNaN and a QNaN: the QNaN
            if (ca == QNAN) result(sa, ma);
            else result(sb, mb);
        } else if (an && bn) {
            long qa = ma | QUIET, qb = mb | QUIET;
            int cmp = Long.compareUnsigned(qa, qb);
            if (cmp > 0 || (cmp == 0 && (sa & 0x8000) == 0)) result(sa, qa);
            else result(sb, qb);
        } else if (an) {
            result(sa, ma | QUIET);
        } else {
            result(sb, mb | QUIET);
        }
    }

    // ---- rounding ----

    /**
     * Rounds sign × (hi:lo as a 128-bit integer, hi normalized) × 2^(e − bias − 63) to p bits in a
     * format with the given exponent bias (its biased exponents run 1..2·bias for finite
     * numbers), honouring {@link #rc}. Leaves the result in {@link #rse} (biased in that format,
     * 2·bias+1 for infinity) and {@link #rm} (top-aligned significand incl. the integer bit; not
     * normalized when denormal). When {@code wrap} and the exception is unmasked, an overflowing
     * or tiny result is instead rounded normally with its exponent wrapped by {@link #WRAP}.
     * Returns the exception flags raised.
     */
    public int round(int sign, int e, long hi, long lo, int p, int bias, boolean wrap) {
        int raised = 0;
        boolean up = false;
        int emaxField = 2 * bias;
        if (e <= 0 && (e < 0 || !carriesOut(sign, hi, lo, p))) { // tiny after rounding
            boolean unmaskedUE = (masks & UE) == 0;
            if (wrap && unmaskedUE && e + WRAP > 0) {
                raised |= UE;
                e += WRAP;
            } else if (wrap && unmaskedUE) {
                // below even the wrapped range: zero whatever the rounding (as the host)
                c1 = false;
                result(sign << 15, 0);
                return UE | PE;
            } else {
                boolean tiny = true;
                int shift = 1 - e;
                if (shift >= 128) {
                    lo = (hi | lo) != 0 ? 1 : 0;
                    hi = 0;
                } else if (shift >= 64) {
                    long st = (lo != 0 || (shift > 64 ? hi << (128 - shift) : 0) != 0) ? 1 : 0;
                    lo = (shift == 64 ? hi : hi >>> (shift - 64)) | st;
                    hi = 0;
                } else {
                    long st = (lo << (64 - shift)) != 0 ? 1 : 0;
                    lo = (lo >>> shift) | (hi << (64 - shift)) | st;
                    hi >>>= shift;
                }
                long kept = keep(hi, p);
                boolean inexact = remainderNonZero(hi, lo, p);
                if (inexact) {
                    up = incr(sign, hi, lo, p);
                    if (up) kept += ulp(p);
                    raised |= PE;
                    if (tiny) raised |= UE;
                } else if (tiny && !unmaskedUE) {
                    // exact tiny result, masked: no underflow
                } else if (tiny) {
                    raised |= UE;
                }
                c1 = up;
                result(sign << 15 | (kept < 0 ? 1 : 0), kept);
                return raised;
            }
        }
        long kept = keep(hi, p);
        boolean inexact = remainderNonZero(hi, lo, p);
        if (inexact) {
            raised |= PE;
            up = incr(sign, hi, lo, p);
            if (up) {
                kept += ulp(p);
                if (kept == 0) {
                    kept = INT_BIT;
                    e++;
                }
            }
        }
        if (e > emaxField) {
            if (wrap && (masks & OE) == 0 && e - WRAP <= emaxField) {
                raised |= OE;
                e -= WRAP;
            } else if (wrap && (masks & OE) == 0) {
                // beyond even the wrapped range: infinity whatever the rounding (as the host)
                c1 = true;
                result(sign << 15 | (emaxField + 1), INT_BIT);
                return raised | OE | PE;
            } else {
                raised |= OE | PE;
                boolean toInf = switch (rc) {
                    case RC_NEAR -> true;
                    case RC_UP -> sign == 0;
                    case RC_DOWN -> sign != 0;
                    default -> false;
                };
                c1 = toInf;
                if (toInf) result(sign << 15 | (emaxField + 1), INT_BIT);
                else result(sign << 15 | emaxField, keep(-1L, p));
                return raised;
            }
        }
        c1 = up;
        result(sign << 15 | e, kept);
        return raised;
    }

    private static long ulp(int p) {
        return 1L << (64 - p);
    }

    private static long keep(long hi, int p) {
        return p == 64 ? hi : hi & -(1L << (64 - p));
    }

    private static boolean remainderNonZero(long hi, long lo, int p) {
        return lo != 0 || (p < 64 && (hi & ((1L << (64 - p)) - 1)) != 0);
    }

    /** Whether rounding (hi:lo) to p bits increments the kept part. */
    private boolean incr(int sign, long hi, long lo, int p) {
        if (!remainderNonZero(hi, lo, p)) return false;
        return switch (rc) {
            case RC_NEAR -> {
                long rem, half;
                boolean odd;
                if (p == 64) {
                    rem = lo;
                    half = INT_BIT;
                    odd = (hi & 1) != 0;
                    int cmp = Long.compareUnsigned(rem, half);
                    yield cmp > 0 || (cmp == 0 && odd);
                }
                long mask = (1L << (64 - p)) - 1;
                rem = hi & mask;
                half = 1L << (63 - p);
                odd = (hi & (mask + 1)) != 0;
                if (rem != half) yield rem > half;
                yield lo != 0 || odd;
            }
            case RC_UP -> sign == 0;
            case RC_DOWN -> sign != 0;
            default -> false;
        };
    }

    /** Whether rounding a normalized (hi:lo) to p bits carries out (to the next power of two). */
    private boolean carriesOut(int sign, long hi, long lo, int p) {
        return keep(hi, p) == keep(-1L, p) && incr(sign, hi, lo, p);
    }

    /** Rounds to an extended register value with the precision control; sets flags and C1. */
    public void roundToReg(int sign, int e, long hi, long lo) {
        flags |= round(sign, e, hi, lo, pc, BIAS, true);
    }

    /** As {@link #roundToReg} at full 64-bit precision (instructions PC does not affect). */
    public void roundToReg64(int sign, int e, long hi, long lo) {
        flags |= round(sign, e, hi, lo, 64, BIAS, true);
    }

    // ---- arithmetic ----

    /** Checks operands of a two-operand arithmetic instruction; returns true if the result is already set. */
    private boolean specials2(int sa, long ma, int ca, int sb, long mb, int cb) {
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            indefinite();
            return true;
        }
        if (isNaN(ca) || isNaN(cb)) {
            propagate(sa, ma, ca, sb, mb, cb);
            return true;
        }
        if (ca == DENORMAL || cb == DENORMAL) flags |= DE;
        return false;
    }

    /** a + b, or a − b when {@code negB}. */
    public void add(int sa, long ma, int sb, long mb, boolean negB) {
        c1 = false;
        int ca = classify(sa, ma), cb = classify(sb, mb);
        if (specials2(sa, ma, ca, sb, mb, cb)) return;
        if (negB) sb ^= 0x8000;
        int signA = sa >>> 15 & 1, signB = sb >>> 15 & 1;
        if (ca == INF || cb == INF) {
            if (ca == INF && cb == INF && signA != signB) indefinite();
            else result(ca == INF ? sa : sb, INT_BIT);
            return;
        }
        if (ca == ZERO && cb == ZERO) {
            int s = signA == signB ? signA : (rc == RC_DOWN ? 1 : 0);
            result(s << 15, 0);
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            // x + 0 = x, rounded to the precision control (and denormals stay denormal)
            int s = ca == ZERO ? sb : sa;
            long m = ca == ZERO ? mb : ma;
            roundToReg(s >>> 15 & 1, normExp(s, m), normSig(m), 0);
            return;
        }
        int ea = normExp(sa, ma), eb = normExp(sb, mb);
        long xa = normSig(ma), xb = normSig(mb);
        if (ea < eb || (ea == eb && Long.compareUnsigned(xa, xb) < 0)) {
            int t = ea; ea = eb; eb = t;
            long u = xa; xa = xb; xb = u;
            int s = signA; signA = signB; signB = s;
        }
        int d = ea - eb;
        // b shifted right by d into a 128-bit window with sticky
        long bh, bl;
        if (d == 0) { bh = xb; bl = 0; }
        else if (d < 64) { bh = xb >>> d; bl = xb << (64 - d); }
        else if (d == 64) { bh = 0; bl = xb; }
        else if (d < 128) { bh = 0; bl = (xb >>> (d - 64)) | ((xb << (128 - d)) != 0 ? 1 : 0); }
        else { bh = 0; bl = 1; }
        long hi, lo;
        int e = ea;
        if (signA == signB) {
            lo = xa == 0 ? bl : bl; // a's low word is zero
            hi = xa + bh;
            boolean carry = Long.compareUnsigned(hi, xa) < 0;
            if (carry) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | INT_BIT;
                e++;
            }
        } else {
            lo = -bl;
            hi = xa - bh - (bl != 0 ? 1 : 0);
            if (hi == 0 && lo == 0) {
                result((rc == RC_DOWN ? 1 : 0) << 15, 0);
                return;
            }
            int n = hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
            if (n >= 64) {
                hi = lo << (n - 64);
                lo = 0;
            } else if (n > 0) {
                hi = (hi << n) | (lo >>> (64 - n));
                lo <<= n;
            }
            e -= n;
        }
        roundToReg(signA, e, hi, lo);
    }

    public void mul(int sa, long ma, int sb, long mb) {
        c1 = false;
        int ca = classify(sa, ma), cb = classify(sb, mb);
        if (specials2(sa, ma, ca, sb, mb, cb)) return;
        int sign = (sa ^ sb) >>> 15 & 1;
        if (ca == INF || cb == INF) {
            if (ca == ZERO || cb == ZERO) indefinite();
            else result(sign << 15 | EXP_MAX, INT_BIT);
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            result(sign << 15, 0);
            return;
        }
        int ea = normExp(sa, ma), eb = normExp(sb, mb);
        long xa = normSig(ma), xb = normSig(mb);
        long hi = Math.unsignedMultiplyHigh(xa, xb), lo = xa * xb;
        int e = ea + eb - BIAS + 1;
        if (hi >= 0) {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
            e--;
        }
        roundToReg(sign, e, hi, lo);
    }

    public void div(int sa, long ma, int sb, long mb) {
        c1 = false;
        int ca = classify(sa, ma), cb = classify(sb, mb);
        if (specials2(sa, ma, ca, sb, mb, cb)) return;
        int sign = (sa ^ sb) >>> 15 & 1;
        if (ca == INF) {
            if (cb == INF) indefinite();
            else result(sign << 15 | EXP_MAX, INT_BIT);
            return;
        }
        if (cb == INF) {
            result(sign << 15, 0);
            return;
        }
        if (cb == ZERO) {
            if (ca == ZERO) indefinite();
            else {
                flags = flags & ~DE | ZE; // the host reports no denormal with a division by zero
                result(sign << 15 | EXP_MAX, INT_BIT);
            }
            return;
        }
        if (ca == ZERO) {
            result(sign << 15, 0);
            return;
        }
        int ea = normExp(sa, ma), eb = normExp(sb, mb);
        long xa = normSig(ma), xb = normSig(mb);
        int e = ea - eb + BIAS;
        long q0 = Long.compareUnsigned(xa, xb) >= 0 ? 1 : 0;
        long r = xa - (q0 != 0 ? xb : 0);
        long q1 = divlu(r, 0, xb);
        r = rem;
        long q2 = divlu(r, 0, xb);
        r = rem;
        long q3 = divlu(r, 0, xb);
        long sticky = rem != 0 || q3 != 0 ? 1 : 0;
        long hi, lo;
        if (q0 != 0) {
            hi = INT_BIT | (q1 >>> 1);
            lo = (q1 << 63) | (q2 >>> 1) | (q2 & 1) | sticky;
        } else {
            hi = q1;
            lo = q2 | sticky;
            e--;
        }
        roundToReg(sign, e, hi, lo);
    }

    private long rem;

    /** (u1:u0) / v for normalized v and u1 < v; the remainder goes to {@link #rem}. */
    private long divlu(long u1, long u0, long v) {
        // Knuth D with 32-bit digits (v has its top bit set)
        long vn1 = v >>> 32, vn0 = v & 0xffff_ffffL;
        long un1 = u0 >>> 32, un0 = u0 & 0xffff_ffffL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (Long.compareUnsigned(q1, 0xffff_ffffL) > 0
                || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffff_ffffL) > 0) break;
        }
        long un21 = (u1 << 32) + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, 0xffff_ffffL) > 0
                || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffff_ffffL) > 0) break;
        }
        rem = (un21 << 32) + un0 - q0 * v;
        return (q1 << 32) | q0;
    }

    public void sqrt(int sa, long ma) {
        c1 = false;
        int ca = classify(sa, ma);
        if (ca == UNSUPPORTED) { indefinite(); return; }
        if (isNaN(ca)) { propagate(sa, ma, ca, 0, 0, ZERO); return; }
        if (ca == ZERO) { result(sa, 0); return; }
        if ((sa & 0x8000) != 0) { indefinite(); return; }
        if (ca == INF) { result(sa, ma); return; }
        if (ca == DENORMAL) flags |= DE;
        int e = normExp(sa, ma) - BIAS; // unbiased
        long x = normSig(ma);
        // value = x * 2^(e-63); make the exponent of the integer even: N = x << k, k odd/even so that e-63-k is even
        int k = ((e - 63) & 1) == 0 ? 128 : 129;
        BigInteger n = new BigInteger(1, toBytes(x)).shiftLeft(k);
        BigInteger s = n.sqrt();
        boolean exact = s.multiply(s).equals(n);
        // sqrt(value) = s * 2^((e-63-k)/2)
        int bits = s.bitLength(); // 96 or 97
        long hi = s.shiftRight(bits - 64).longValue();
        long lo = s.shiftLeft(128 - bits).longValue() | (exact ? 0 : 1);
        int unb = (e - 63 - k) / 2 + bits - 1;
        roundToReg(0, unb + BIAS, hi, lo);
    }

    public static byte[] toBytes(long x) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (x >>> (56 - 8 * i));
        return b;
    }

    // ---- comparisons ----

    /** -1, 0, 1, or 2 for unordered; sets IE for SNaN (or any NaN when {@code signalQuiet}) and unsupported. */
    public int compare(int sa, long ma, int sb, long mb, boolean signalQuiet) {
        int ca = classify(sa, ma), cb = classify(sb, mb);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            flags |= IE;
            return 2;
        }
        if (isNaN(ca) || isNaN(cb)) {
            if (ca == SNAN || cb == SNAN || signalQuiet) flags |= IE;
            return 2;
        }
        if (ca == DENORMAL || cb == DENORMAL) flags |= DE;
        if (ca == ZERO && cb == ZERO) return 0;
        boolean na = (sa & 0x8000) != 0, nb = (sb & 0x8000) != 0;
        if (ca == ZERO) return nb ? 1 : -1;
        if (cb == ZERO) return na ? -1 : 1;
        if (na != nb) return na ? -1 : 1;
        int mag;
        if (ca == INF || cb == INF) mag = ca == cb ? 0 : ca == INF ? 1 : -1;
        else {
            int ea = normExp(sa, ma), eb = normExp(sb, mb);
            mag = ea != eb ? Integer.compare(ea, eb) : Long.compareUnsigned(normSig(ma), normSig(mb));
        }
        return na ? -mag : mag;
    }

    // ---- conversions ----

    /** Set by {@link #fromIeee} when the value was a denormal (DE is the caller's to raise). */
    public boolean loadDenormal;

    /** Loads a 32- or 64-bit IEEE value (exact); SNaN raises IE and is quieted. */
    public void fromIeee(long bits, boolean dbl) {
        fromIeee(bits, dbl, false);
    }

    /** As {@link #fromIeee(long, boolean)}; with {@code asOperand} an SNaN stays signaling (the operation reports it). */
    public void fromIeee(long bits, boolean dbl, boolean asOperand) {
        loadDenormal = false;
        int fracBits = dbl ? 52 : 23, expBits = dbl ? 11 : 8, bias = dbl ? 1023 : 127;
        int sign = (int) (bits >>> (fracBits + expBits)) & 1;
        int e = (int) (bits >>> fracBits) & ((1 << expBits) - 1);
        long f = bits & ((1L << fracBits) - 1);
        int emax = (1 << expBits) - 1;
        c1 = false;
        if (e == emax) {
            long m = INT_BIT | (f << (63 - fracBits));
            if (f != 0 && (m & QUIET) == 0 && !asOperand) {
                flags |= IE;
                m |= QUIET;
            }
            result(sign << 15 | EXP_MAX, m);
        } else if (e == 0) {
            if (f == 0) result(sign << 15, 0);
            else {
                loadDenormal = true;
                int n = Long.numberOfLeadingZeros(f);
                // value = f * 2^(1-bias-fracBits)
                int unb = 1 - bias - fracBits + (63 - n);
                result(sign << 15 | (unb + BIAS), f << n);
            }
        } else {
            result(sign << 15 | (e - bias + BIAS), INT_BIT | (f << (63 - fracBits)));
        }
    }

    /**
     * Converts to a 32- or 64-bit IEEE value with {@link #rc}; returns the bits. Raises IE (SNaN,
     * unsupported), DE, OE, UE, PE. The caller does not store when an unmasked exception is raised.
     */
    public long toIeee(int sa, long ma, boolean dbl) {
        int fracBits = dbl ? 52 : 23, expBits = dbl ? 11 : 8, bias = dbl ? 1023 : 127;
        int p = fracBits + 1;
        int emax = (1 << expBits) - 1;
        int sign = sa >>> 15 & 1;
        long signBit = (long) sign << (fracBits + expBits);
        c1 = false;
        int ca = classify(sa, ma);
        switch (ca) {
            case UNSUPPORTED -> {
                flags |= IE;
                return (1L << (fracBits + expBits)) | ((long) emax << fracBits) | (1L << (fracBits - 1));
            }
            case SNAN, QNAN -> {
                if (ca == SNAN) flags |= IE;
                long f = ((ma | QUIET) << 1) >>> (64 - fracBits);
                return signBit | ((long) emax << fracBits) | f;
            }
            case INF -> { return signBit | ((long) emax << fracBits); }
            case ZERO -> { return signBit; }
            default -> { }
        }
        int e = normExp(sa, ma) - BIAS + bias; // no DE for stores (as the host)
        int raised = round(sign, e, normSig(ma), 0, p, bias, false);
        flags |= raised;
        int re = rse & 0x7fff;
        long m = rm;
        long f = (m << 1) >>> (64 - fracBits);
        if (m >= 0) re = 0; // denormal or zero
        return signBit | ((long) re << fracBits) | f;
    }

    /** Loads a signed integer (exact). */
    public void fromLong(long v) {
        c1 = false;
        if (v == 0) { result(0, 0); return; }
        int sign = v < 0 ? 1 : 0;
        long mag = v < 0 ? -v : v; // Long.MIN_VALUE stays 2^63 as unsigned
        int n = Long.numberOfLeadingZeros(mag);
        result(sign << 15 | (63 - n + BIAS), mag << n);
    }

    /** The integer value rounded per {@code mode}; {@link #intInvalid} tells an out-of-range or NaN operand. */
    public boolean intInvalid;

    /**
     * Rounds to a signed integer of {@code size} bytes (2, 4, 8) with rounding {@code mode}; on
     * invalid sets IE and returns the integer indefinite (the caller stores it when IE is masked).
     */
    public long toInt(int sa, long ma, int size, int mode) {
        c1 = false;
        intInvalid = false;
        long indefinite = size == 8 ? Long.MIN_VALUE : size == 4 ? Integer.MIN_VALUE : Short.MIN_VALUE;
        int ca = classify(sa, ma);
        if (ca == UNSUPPORTED || isNaN(ca) || ca == INF) {
            flags |= IE;
            intInvalid = true;
            return indefinite;
        }
        if (ca == ZERO) return 0;
        int sign = sa >>> 15 & 1;
        int unb = normExp(sa, ma) - BIAS;
        long x = normSig(ma);
        long mag;
        boolean over = false;
        if (unb >= 64) {
            over = true;
            mag = 0;
        } else {
            long ip, frac;
            if (unb < 0) {
                ip = 0;
                frac = unb == -1 ? x : (unb < -64 ? 1 : (x >>> (-unb - 1)) | ((x << (64 + unb + 1)) != 0 ? 1 : 0));
                if (unb < -64) frac = 1;
            } else {
                ip = unb == 63 ? x : x >>> (63 - unb);
                frac = unb == 63 ? 0 : x << (unb + 1);
            }
            boolean inc = false;
            if (frac != 0) {
                flags |= PE;
                inc = switch (mode) {
                    case RC_NEAR -> Long.compareUnsigned(frac, INT_BIT) > 0 || (frac == INT_BIT && (ip & 1) != 0);
                    case RC_UP -> sign == 0;
                    case RC_DOWN -> sign != 0;
                    default -> false;
                };
            }
            mag = ip + (inc ? 1 : 0);
            if (inc && mag == 0) over = true;
            c1 = inc;
        }
        long limit = size == 8 ? Long.MIN_VALUE : size == 4 ? 1L << 31 : 1L << 15;
        if (!over && (sign == 0 ? Long.compareUnsigned(mag, limit) >= 0 : Long.compareUnsigned(mag, limit) > 0)) {
            over = true;
        }
        if (over) {
            flags = (flags & ~PE) | IE;
            c1 = false;
            intInvalid = true;
            return indefinite;
        }
        return sign != 0 ? -mag : mag;
    }

    /** FRNDINT: rounds to an integral value per {@link #rc} (64-bit precision). */
    public void roundInt(int sa, long ma) {
        c1 = false;
        int ca = classify(sa, ma);
        if (ca == UNSUPPORTED) { indefinite(); return; }
        if (isNaN(ca)) { propagate(sa, ma, ca, 0, 0, ZERO); return; }
        if (ca == ZERO || ca == INF) { result(sa, ma); return; }
        if (ca == DENORMAL) flags |= DE;
        int unb = normExp(sa, ma) - BIAS;
        if (unb >= 63) { result(sa, ma); return; }
        int sign = sa >>> 15 & 1;
        long x = normSig(ma);
        long ip, frac;
        if (unb < 0) {
            ip = 0;
            frac = unb == -1 ? x : unb < -64 ? 1 : (x >>> (-unb - 1)) | ((x << (64 + unb + 1)) != 0 ? 1 : 0);
        } else {
            ip = x >>> (63 - unb);
            frac = x << (unb + 1);
        }
        if (frac == 0) { result(sa, ma); return; }
        flags |= PE;
        boolean inc = switch (rc) {
            case RC_NEAR -> Long.compareUnsigned(frac, INT_BIT) > 0 || (frac == INT_BIT && (ip & 1) != 0);
            case RC_UP -> sign == 0;
            case RC_DOWN -> sign != 0;
            default -> false;
        };
        c1 = inc;
        long mag = ip + (inc ? 1 : 0); // < 2^63
        if (mag == 0) { result(sign << 15, 0); return; }
        int n = Long.numberOfLeadingZeros(mag);
        result(sign << 15 | (63 - n + BIAS), mag << n);
    }

    /** FSCALE: a × 2^trunc(b). */
    public void scale(int sa, long ma, int sb, long mb) {
        c1 = false;
        int ca = classify(sa, ma), cb = classify(sb, mb);
        if (specials2(sa, ma, ca, sb, mb, cb)) return;
        boolean bneg = (sb & 0x8000) != 0;
        if (cb == INF) {
            if (ca == ZERO && !bneg || ca == INF && bneg) { indefinite(); return; }
            if (ca == ZERO || ca == INF) { result(sa, ma); return; }
            if (bneg) result(sa & 0x8000, 0);
            else result(sa & 0x8000 | EXP_MAX, INT_BIT);
            return;
        }
        if (ca == ZERO || ca == INF) { result(sa, ma); return; }
        long n;
        int ub = cb == ZERO ? -1 : normExp(sb, mb) - BIAS;
        if (ub < 0) n = 0;
        else if (ub > 30) n = 1 << 30;
        else n = normSig(mb) >>> (63 - ub);
        if (bneg) n = -n;
        long e = normExp(sa, ma) + n;
        e = Math.max(-(1 << 20), Math.min(1 << 20, e));
        roundToReg64(sa >>> 15 & 1, (int) e, normSig(ma), 0);
    }

    /** Normalized view of an operand for other units: sets {@link #rse} to the effective biased exponent (may be < 1), {@link #rm} normalized. */
    public static int exponentOf(int se, long m) {
        return normExp(se, m);
    }

    public static long significandOf(long m) {
        return normSig(m);
    }
}
