package io.helctic.machine.cpu.x86_64.exec;

import static io.helctic.machine.cpu.x86_64.core.Core.*;
import static io.helctic.machine.cpu.x86_64.decode.Op.ADC;
import static io.helctic.machine.cpu.x86_64.decode.Op.ADD;
import static io.helctic.machine.cpu.x86_64.decode.Op.AND;
import static io.helctic.machine.cpu.x86_64.decode.Op.OR;
import static io.helctic.machine.cpu.x86_64.decode.Op.SBB;
import static io.helctic.machine.cpu.x86_64.decode.Op.XOR;

import io.helctic.machine.cpu.x86_64.core.Core;

/** Integer arithmetic with x86 flag semantics. Results are masked to the operand size. */
public final class Alu {
    private Alu() {}

    /** The eight group-1 operations; for CMP returns the difference (not to be written back). */
    public static long alu(Core c, int kind, int size, long a, long b) {
        long res;
        switch (kind) {
            case ADD -> { res = a + b; c.setLazy(L_ADD, size, res, a, b); }
            case OR -> { res = a | b; c.setLazy(L_LOGIC, size, res, a, b); }
            case ADC -> {
                long cin = c.cf() ? 1 : 0;
                res = a + b + cin;
                c.setLazyCarry(L_ADC, size, res, a, b, cin);
            }
            case SBB -> {
                long cin = c.cf() ? 1 : 0;
                res = a - b - cin;
                c.setLazyCarry(L_SBB, size, res, a, b, cin);
            }
            case AND -> { res = a & b; c.setLazy(L_LOGIC, size, res, a, b); }
            case XOR -> { res = a ^ b; c.setLazy(L_LOGIC, size, res, a, b); }
            default -> { res = a - b; c.setLazy(L_SUB, size, res, a, b); } // SUB, CMP
        }
        return res & mask(size);
    }

    static void test(Core c, int size, long a, long b) {
        c.setLazy(L_LOGIC, size, a & b, a, b);
    }

    public static long inc(Core c, int size, long a) {
        long cf = c.carry();
        long res = a + 1;
        c.setLazyCarry(L_INC, size, res, a, 1, cf);
        return res & mask(size);
    }

    public static long dec(Core c, int size, long a) {
        long cf = c.carry();
        long res = a - 1;
        c.setLazyCarry(L_DEC, size, res, a, 1, cf);
        return res & mask(size);
    }

    public static long neg(Core c, int size, long a) {
        long res = -a;
        c.setLazy(L_SUB, size, res, 0, a);
        return res & mask(size);
    }

    // ---- shifts and rotates (kind = ModRM.reg: 0 ROL, 1 ROR, 2 RCL, 3 RCR, 4 SHL, 5 SHR, 6 SAL, 7 SAR) ----

    static long shift(Core c, int kind, int size, long v, int count) {
        int bits = size * 8;
        count &= size == 8 ? 63 : 31;
        if (count == 0) return v;
        long m = mask(size), sign = signBit(size);
        v &= m;
        long f = kind == 2 || kind == 3 ? c.flags() : 0;
        long res;
        boolean cf, of;
        switch (kind) {
            case 0 -> { // ROL
                int n = count % bits;
                res = n == 0 ? v : ((v << n) | (v >>> (bits - n))) & m;
                c.setRotate(L_ROL, size, res);
                return res;
            }
            case 1 -> { // ROR
                int n = count % bits;
                res = n == 0 ? v : ((v >>> n) | (v << (bits - n))) & m;
                c.setRotate(L_ROR, size, res);
                return res;
            }
            case 2, 3 -> { // RCL, RCR: one bit at a time through CF
                int n = count % (bits + 1);
                boolean carry = (f & CF) != 0;
                res = v;
                for (int k = 0; k < n; k++) {
                    if (kind == 2) {
                        boolean out = (res & sign) != 0;
                        res = ((res << 1) | (carry ? 1 : 0)) & m;
                        carry = out;
                    } else {
                        boolean out = (res & 1) != 0;
                        res = (res >>> 1) | (carry ? sign : 0);
                        carry = out;
                    }
                }
                of = kind == 2 ? ((res & sign) != 0) != carry : ((res & sign) != 0) != ((res & (sign >>> 1)) != 0);
                c.setArith((f & ~(CF | OF)) | (carry ? CF : 0) | (of ? OF : 0));
                return res;
            }
            case 4, 6 -> { // SHL
                res = count >= 64 ? 0 : (v << count) & m;
                c.setLazy(L_SHL, size, res, v, count);
            }
            case 5 -> { // SHR
                res = v >>> count;
                c.setLazy(L_SHR, size, res, v, count);
            }
            default -> { // SAR
                res = (sx(v, size) >> count) & m;
                c.setLazy(L_SAR, size, res, v, count);
            }
        }
        return res;
    }

    /** SHL, SHR, SAR (kind 4..7) by a nonzero count already masked: flags left lazy. */
    public static long shiftLazy(Core c, int kind, int size, long v, int count) {
        long m = mask(size), res;
        v &= m;
        switch (kind) {
            case 4, 6 -> {
                res = (v << count) & m;
                c.setLazy(L_SHL, size, res, v, count);
            }
            case 5 -> {
                res = v >>> count;
                c.setLazy(L_SHR, size, res, v, count);
            }
            default -> {
                res = (sx(v, size) >> count) & m;
                c.setLazy(L_SAR, size, res, v, count);
            }
        }
        return res;
    }

    /** ROL (kind 0) or ROR of a 32- or 64-bit value by a nonzero count already masked: flags lazy. */
    public static long rotateLazy(Core c, int kind, int size, long v, int count) {
        long res;
        if (size == 8) res = kind == 0 ? Long.rotateLeft(v, count) : Long.rotateRight(v, count);
        else res = (kind == 0 ? Integer.rotateLeft((int) v, count) : Integer.rotateRight((int) v, count)) & 0xffff_ffffL;
        c.setRotate(kind == 0 ? L_ROL : L_ROR, size, res);
        return res;
    }

    /** SHLD (left = true) / SHRD: shifts dst, filling from src. */
    static long doubleShift(Core c, boolean left, int size, long dst, long src, int count) {
        count &= size == 8 ? 63 : 31;
        if (count == 0) return dst;
        int bits = size * 8;
        long m = mask(size), sign = signBit(size);
        dst &= m;
        src &= m;
        long res;
        boolean cf;
        if (size == 8) {
            if (left) {
                res = (dst << count) | (src >>> (64 - count));
                cf = ((dst >>> (64 - count)) & 1) != 0;
            } else {
                res = (dst >>> count) | (src << (64 - count));
                cf = ((dst >>> (count - 1)) & 1) != 0;
            }
        } else {
            // 16/32: operate on the concatenation in a long (counts above 16 for 16-bit are undefined)
            int n = Math.min(count, bits);
            if (left) {
                long t = (dst << bits) | src;
                res = ((t << n) >>> bits) & m;
                cf = ((t >>> (2 * bits - n)) & 1) != 0;
            } else {
                long t = (src << bits) | dst;
                res = (t >>> n) & m;
                cf = ((t >>> (n - 1)) & 1) != 0;
            }
        }
        res &= m;
        boolean of = ((res ^ dst) & sign) != 0;
        c.setArith(szp(res, size) | (cf ? CF : 0) | (of ? OF : 0));
        return res;
    }

    // ---- multiply and divide ----

    /** One-operand MUL/IMUL: rdx:rax (or ax, dx:ax, edx:eax) = acc * src. */
    public static void mul1(Core c, int size, long src, boolean signed) {
        long[] r = c.r;
        boolean overflow;
        long lo;
        switch (size) {
            case 1 -> {
                long a = r[0] & 0xff;
                long p = signed ? (long) (byte) a * (byte) src : a * (src & 0xff);
                c.setReg(0, 2, p);
                overflow = signed ? p != (byte) p : (p & 0xff00) != 0;
                lo = p;
            }
            case 2 -> {
                long a = r[0] & 0xffff;
                long p = signed ? (long) (short) a * (short) src : a * (src & 0xffff);
                c.setReg(0, 2, p);
                c.setReg(2, 2, p >>> 16);
                overflow = signed ? p != (short) p : (p & 0xffff0000L) != 0;
                lo = p;
            }
            case 4 -> {
                long a = r[0] & 0xffff_ffffL;
                long p = signed ? (long) (int) a * (int) src : a * (src & 0xffff_ffffL);
                r[0] = p & 0xffff_ffffL;
                r[2] = (p >>> 32) & 0xffff_ffffL;
                overflow = signed ? p != (int) p : (p >>> 32) != 0;
                lo = p;
            }
            default -> {
                long a = r[0];
                long hi = signed ? Math.multiplyHigh(a, src) : Math.unsignedMultiplyHigh(a, src);
                lo = a * src;
                r[0] = lo;
                r[2] = hi;
                overflow = signed ? hi != (lo >> 63) : hi != 0;
            }
        }
        c.setArith(szp(lo, size) | (overflow ? CF | OF : 0));
    }

    /** Two/three-operand IMUL: returns the truncated product and sets CF/OF on signed overflow. */
    public static long imul(Core c, int size, long a, long b) {
        long res;
        boolean overflow;
        if (size == 8) {
            res = a * b;
            overflow = Math.multiplyHigh(a, b) != (res >> 63);
        } else {
            long p = sx(a, size) * sx(b, size);
            res = p & mask(size);
            overflow = p != sx(p, size);
        }
        c.setLazyCarry(L_IMUL, size, res, a, b, overflow ? 1 : 0);
        return res;
    }

    /** DIV/IDIV; returns false on #DE (nothing changed). */
    public static boolean div(Core c, int size, long src, boolean signed) {
        long[] r = c.r;
        src &= mask(size);
        if (src == 0) return false;
        switch (size) {
            case 1, 2, 4 -> {
                int bits = size * 8;
                long dividend = size == 1 ? r[0] & 0xffff
                        : ((c.getReg(2, size) << bits) | c.getReg(0, size));
                long q, rem;
                if (signed) {
                    long sd = sx(dividend, size * 2 > 4 ? 8 : size * 2);
                    long s = sx(src, size);
                    if (size == 4) sd = (r[2] << 32) | (r[0] & 0xffff_ffffL);
                    q = sd / s;
                    rem = sd % s;
                    if (q != sx(q, size)) return false;
                } else {
                    q = Long.divideUnsigned(dividend, src);
                    rem = Long.remainderUnsigned(dividend, src);
                    if ((q & ~mask(size)) != 0) return false;
                }
                if (size == 1) {
                    c.setReg(0, 2, (q & 0xff) | ((rem & 0xff) << 8));
                } else {
                    c.setReg(0, size, q);
                    c.setReg(2, size, rem);
                }
                return true;
            }
            default -> {
                long hi = r[2], lo = r[0];
                if (!signed) {
                    if (Long.compareUnsigned(hi, src) >= 0) return false;
                    long[] qr = divide128(hi, lo, src, c.scratch);
                    r[0] = qr[0];
                    r[2] = qr[1];
                    return true;
                }
                boolean negDividend = hi < 0;
                if (negDividend) { // two's complement negate hi:lo
                    lo = -lo;
                    hi = ~hi + (lo == 0 ? 1 : 0);
                }
                boolean negDivisor = src < 0;
                long d = negDivisor ? -src : src;
                if (Long.compareUnsigned(hi, d) >= 0) return false;
                long[] qr = divide128(hi, lo, d, c.scratch);
                long q = qr[0], rem = qr[1];
                boolean negQ = negDividend != negDivisor;
                if (negQ) {
                    if (Long.compareUnsigned(q, Long.MIN_VALUE) > 0) return false;
                    q = -q;
                } else if (q < 0) {
                    return false;
                }
                r[0] = q;
                r[2] = negDividend ? -rem : rem;
                return true;
            }
        }
    }

    /** Unsigned 128/64 division, hi < d: returns {quotient, remainder} (in a reused array). */
    static long[] divide128(long hi, long lo, long d, long[] out) {
        if (hi == 0) {
            out[0] = Long.divideUnsigned(lo, d);
            out[1] = Long.remainderUnsigned(lo, d);
            return out;
        }
        long q = 0, rem = hi;
        for (int i = 63; i >= 0; i--) {
            boolean top = rem < 0;
            rem = (rem << 1) | ((lo >>> i) & 1);
            if (top || Long.compareUnsigned(rem, d) >= 0) {
                rem -= d;
                q |= 1L << i;
            }
        }
        out[0] = q;
        out[1] = rem;
        return out;
    }

    // ---- bit scan ----

    static long bsf(Core c, int size, long src, long oldDst) {
        src &= mask(size);
        long f = c.flags() & ~ZF;
        if (src == 0) {
            c.setArith(f | ZF);
            return oldDst;
        }
        c.setArith(f);
        return Long.numberOfTrailingZeros(src);
    }

    static long bsr(Core c, int size, long src, long oldDst) {
        src &= mask(size);
        long f = c.flags() & ~ZF;
        if (src == 0) {
            c.setArith(f | ZF);
            return oldDst;
        }
        c.setArith(f);
        return 63 - Long.numberOfLeadingZeros(src);
    }
}
