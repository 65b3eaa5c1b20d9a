package io.helctic.machine.cpu.x86_64.fp;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * The SSE/SSE2 subset compilers emit for copies, zeroing and simple byte scans: 128-bit
 * moves, scalar and 64-bit moves, bitwise logic, PUNPCKL/HQDQ, PSHUFD, PCMPEQB, PMOVMSKB.
 * XMM registers are pairs of longs in {@link Core#xmm}. Misaligned 16-byte operands of
 * instructions that require alignment raise #GP.
 */
public final class SseOps {
    private SseOps() {}

    /** Returns an interpreter exit code. */
    public static int exec(Core c, Insn d) {
        long[] x = c.xmm;
        Mmu m = c.mmu;
        int g = d.reg * 2; // xmm register from ModRM.reg
        int e = d.rm * 2;  // xmm register from ModRM.rm (when mod == 3)
        switch (d.op) {
            case Op.SSE_MOV_LOAD -> {
                long lo, hi;
                if (d.isMem()) {
                    long a = c.ea(d);
                    if (d.sub != 0 && (a & 15) != 0) return Exit.GP;
                    lo = m.read64(a);
                    hi = m.read64(a + 8);
                } else {
                    lo = x[e];
                    hi = x[e + 1];
                }
                x[g] = lo;
                x[g + 1] = hi;
            }
            case Op.SSE_MOV_STORE -> {
                if (d.isMem()) {
                    long a = c.ea(d);
                    if (d.sub != 0 && (a & 15) != 0) return Exit.GP;
                    m.checkWrite(a, 16);
                    m.write64(a, x[g]);
                    m.write64(a + 8, x[g + 1]);
                } else {
                    if (d.sub == 2) return Exit.UD; // non-temporal stores need memory
                    x[e] = x[g];
                    x[e + 1] = x[g + 1];
                }
            }
            case Op.MOVSS_LOAD -> {
                if (d.isMem()) {
                    x[g] = m.read32(c.ea(d)) & 0xffff_ffffL;
                    x[g + 1] = 0;
                } else {
                    x[g] = (x[g] & ~0xffff_ffffL) | (x[e] & 0xffff_ffffL);
                }
            }
            case Op.MOVSS_STORE -> {
                if (d.isMem()) m.write32(c.ea(d), (int) x[g]);
                else x[e] = (x[e] & ~0xffff_ffffL) | (x[g] & 0xffff_ffffL);
            }
            case Op.MOVSD_LOAD -> {
                if (d.isMem()) {
                    x[g] = m.read64(c.ea(d));
                    x[g + 1] = 0;
                } else {
                    x[g] = x[e];
                }
            }
            case Op.MOVSD_STORE -> {
                if (d.isMem()) m.write64(c.ea(d), x[g]);
                else x[e] = x[g];
            }
            case Op.MOVD_TO_XMM -> {
                x[g] = c.readE(d, d.opSize);
                x[g + 1] = 0;
            }
            case Op.MOVD_FROM_XMM -> c.writeE(d, d.opSize, d.opSize == 8 ? x[g] : x[g] & 0xffff_ffffL);
            case Op.MOVQ_LOAD -> {
                x[g] = d.isMem() ? m.read64(c.ea(d)) : x[e];
                x[g + 1] = 0;
            }
            case Op.MOVQ_STORE -> {
                if (d.isMem()) {
                    m.write64(c.ea(d), x[g]);
                } else {
                    x[e] = x[g];
                    x[e + 1] = 0;
                }
            }
            case Op.MOVLPS_LOAD -> {
                if (d.isMem()) x[g] = m.read64(c.ea(d));
                else if ((d.prefixes & Insn.P66) != 0) return Exit.UD;
                else x[g] = x[e + 1]; // MOVHLPS
            }
            case Op.MOVLPS_STORE -> {
                if (!d.isMem()) return Exit.UD;
                m.write64(c.ea(d), x[g]);
            }
            case Op.MOVHPS_LOAD -> {
                if (d.isMem()) x[g + 1] = m.read64(c.ea(d));
                else if ((d.prefixes & Insn.P66) != 0) return Exit.UD;
                else x[g + 1] = x[e]; // MOVLHPS
            }
            case Op.MOVHPS_STORE -> {
                if (!d.isMem()) return Exit.UD;
                m.write64(c.ea(d), x[g + 1]);
            }
            case Op.MOVNTI -> {
                if (!d.isMem()) return Exit.UD;
                c.writeE(d, d.opSize == 8 ? 8 : 4, c.getReg(d.reg, d.opSize == 8 ? 8 : 4));
            }
            case Op.PMOVMSKB -> {
                if (d.isMem()) return Exit.UD;
                long mask = movmskb(x[e], x[e + 1]);
                c.r[d.reg] = mask;
            }
            default -> {
                // two-operand forms with an aligned m128 source
                long lo, hi;
                if (d.isMem()) {
                    long a = c.ea(d);
                    if ((a & 15) != 0) return Exit.GP;
                    lo = m.read64(a);
                    hi = m.read64(a + 8);
                } else {
                    lo = x[e];
                    hi = x[e + 1];
                }
                switch (d.op) {
                    case Op.SSE_LOGIC -> {
                        switch (d.sub) {
                            case 0 -> { x[g] ^= lo; x[g + 1] ^= hi; }
                            case 1 -> { x[g] &= lo; x[g + 1] &= hi; }
                            case 2 -> { x[g] = ~x[g] & lo; x[g + 1] = ~x[g + 1] & hi; }
                            default -> { x[g] |= lo; x[g + 1] |= hi; }
                        }
                    }
                    case Op.PUNPCKLQDQ -> x[g + 1] = lo;
                    case Op.PUNPCKHQDQ -> { x[g] = x[g + 1]; x[g + 1] = hi; }
                    case Op.PSHUFD -> {
                        int sel = (int) d.imm;
                        long r0 = 0, r1 = 0;
                        for (int k = 0; k < 4; k++) {
                            int s = (sel >>> (2 * k)) & 3;
                            long dw = ((s < 2 ? lo : hi) >>> ((s & 1) * 32)) & 0xffff_ffffL;
                            if (k < 2) r0 |= dw << (k * 32);
                            else r1 |= dw << ((k - 2) * 32);
                        }
                        x[g] = r0;
                        x[g + 1] = r1;
                    }
                    case Op.PCMPEQB -> {
                        x[g] = cmpeqb(x[g], lo);
                        x[g + 1] = cmpeqb(x[g + 1], hi);
                    }
                    default -> { return Exit.UD; }
                }
            }
        }
        return Exit.CONTINUE;
    }

    /** PCMPEQB on eight bytes: 0xff where the bytes are equal, else 0 (no carry crosses a byte). */
    public static long cmpeqb(long a, long b) {
        long t = ~(a ^ b);
        long high = ((t & 0x7f7f_7f7f_7f7f_7f7fL) + 0x0101_0101_0101_0101L) & t & 0x8080_8080_8080_8080L;
        return (high >>> 7) * 0xff;
    }

    /** PMOVMSKB: the top bit of each of the 16 bytes of lo:hi. */
    public static long movmskb(long lo, long hi) {
        return Long.compress(lo, 0x8080_8080_8080_8080L) | Long.compress(hi, 0x8080_8080_8080_8080L) << 8;
    }
}
