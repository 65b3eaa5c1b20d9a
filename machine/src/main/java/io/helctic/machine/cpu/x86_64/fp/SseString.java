package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.fp.SseInt.el;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * SSE4.2 packed string compares PCMPESTRI, PCMPESTRM, PCMPISTRI, PCMPISTRM with the full imm8:
 * element format (bits 1:0), aggregation (3:2: equal any, ranges, equal each, equal ordered),
 * polarity (5:4) and output selection (6). The first operand is ModRM.reg, the second
 * ModRM.rm (memory operands need no alignment). Explicit lengths come from EAX/EDX (RAX/RDX with
 * REX.W), as absolute values saturated to the element count.
 */
final class SseString {
    private SseString() {}

    static int exec(Core c, Insn d) {
        int err = SseFloat.load(c, d, 16, false);
        if (err != 0) return err;
        long[] x = c.xmm, t = c.mxcsr.t;
        long b0 = t[0], b1 = t[1], a0 = x[d.reg * 2], a1 = x[d.reg * 2 + 1];
        int imm = (int) d.imm;
        boolean words = (imm & 1) != 0, signed = (imm & 2) != 0;
        int size = words ? 2 : 1, n = 16 / size;
        boolean explicit = d.opcode <= 0x61, index = (d.opcode & 1) != 0;
        int la, lb;
        if (explicit) {
            la = length(c.r[0], d.opSize == 8, n);
            lb = length(c.r[2], d.opSize == 8, n);
        } else {
            la = implicit(a0, a1, size, n);
            lb = implicit(b0, b1, size, n);
        }
        int[] ea = c.mxcsr.ia, eb = c.mxcsr.ib;
        int bits = size * 8, per = 8 / size;
        for (int i = 0; i < n; i++) {
            int sh = (i & (per - 1)) * bits;
            long qa = (i < per ? a0 : a1) >>> sh, qb = (i < per ? b0 : b1) >>> sh;
            if (words) {
                ea[i] = signed ? (short) qa : (int) qa & 0xFFFF;
                eb[i] = signed ? (short) qb : (int) qb & 0xFFFF;
            } else {
                ea[i] = signed ? (byte) qa : (int) qa & 0xFF;
                eb[i] = signed ? (byte) qb : (int) qb & 0xFF;
            }
        }
        int res1 = 0;
        int agg = (imm >>> 2) & 3;
        switch (agg) {
            case 0 -> { // equal any: b[j] is one of a's characters
                for (int i = 0; i < la; i++) {
                    int ai = ea[i];
                    for (int j = 0; j < lb; j++) if (eb[j] == ai) res1 |= 1 << j;
                }
            }
            case 1 -> { // ranges: a holds (low, high) pairs
                for (int j = 0; j < lb; j++) {
                    int bj = eb[j];
                    for (int i = 0; i + 1 < la; i += 2) {
                        if (ea[i] <= bj && bj <= ea[i + 1]) {
                            res1 |= 1 << j;
                            break;
                        }
                    }
                }
            }
            case 2 -> { // equal each: both past their ends also match
                for (int j = 0; j < n; j++) {
                    boolean av = j < la, bv = j < lb;
                    if (av && bv ? ea[j] == eb[j] : !av && !bv) res1 |= 1 << j;
                }
            }
            default -> { // equal ordered: does a occur in b at position j (a may run past b's end only if exhausted)
                for (int j = 0; j < n; j++) {
                    boolean r = true;
                    for (int i = 0; i < n - j && i < la; i++) {
                        int k = j + i;
                        if (k >= lb || ea[i] != eb[k]) {
                            r = false;
                            break;
                        }
                    }
                    if (r) res1 |= 1 << j;
                }
            }
        }
        int all = (1 << n) - 1;
        int res2 = switch ((imm >>> 4) & 3) {
            case 1 -> ~res1 & all;
            case 3 -> res1 ^ ((1 << lb) - 1);
            default -> res1;
        };
        if (index) {
            int ecx;
            if (res2 == 0) ecx = n;
            else ecx = (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res2) : Integer.numberOfTrailingZeros(res2);
            c.r[1] = ecx;
        } else if ((imm & 0x40) == 0) {
            x[0] = res2;
            x[1] = 0;
        } else {
            long[] o = c.mxcsr.t;
            o[2] = 0;
            o[3] = 0;
            for (int j = 0; j < n; j++) {
                if ((res2 >>> j & 1) != 0) SseInt.set(o, 2, j, size, -1L);
            }
            x[0] = o[2];
            x[1] = o[3];
        }
        long f = (res2 != 0 ? Core.CF : 0) | (lb < n ? Core.ZF : 0) | (la < n ? Core.SF : 0) | ((res2 & 1) != 0 ? Core.OF : 0);
        c.setArith(f);
        return Exit.CONTINUE;
    }

    private static int length(long reg, boolean wide, int n) {
        long v = wide ? reg : (int) reg;
        if (v == Long.MIN_VALUE) return n;
        long a = Math.abs(v);
        return (int) Math.min(a, n);
    }

    private static int implicit(long lo, long hi, int size, int n) {
        for (int i = 0; i < n; i++) {
            if (el(lo, hi, i, size) == 0) return i;
        }
        return n;
    }
}
