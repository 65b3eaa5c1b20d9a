package io.helctic.machine.cpu.x86_64.exec;

import static io.helctic.machine.cpu.x86_64.core.Core.*;
import static io.helctic.machine.cpu.x86_64.core.Exit.*;
import static io.helctic.machine.cpu.x86_64.decode.Fast.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.FxSave;
import io.helctic.machine.cpu.x86_64.core.GuestFault;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import io.helctic.machine.cpu.x86_64.decode.Fast;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;
import io.helctic.machine.cpu.x86_64.fp.Mmx;
import io.helctic.machine.cpu.x86_64.fp.SseFloat;
import io.helctic.machine.cpu.x86_64.fp.SseInt;
import io.helctic.machine.cpu.x86_64.fp.SseOps;
import io.helctic.machine.cpu.x86_64.fp.X87;

/**
 * Executes one decoded instruction. Before {@link #exec} the run loop has set
 * {@code core.rip} to the next instruction; branches overwrite it. The return value says how
 * the instruction ended. Memory faults unwind as {@link GuestFault}; every instruction does its
 * faulting accesses before changing any state, so a fault leaves it restartable.
 */
public final class Interpreter {
    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5;

    private final Core c;
    private final long[] r;
    private final Mmu m;
    /** The core's x87, typed as the unit that executes (Core holds it as state). */
    private final X87 x87;
    private final long tscBase = System.nanoTime();

    public Interpreter(Core core) {
        this.c = core;
        this.r = core.r;
        this.m = core.mmu;
        this.x87 = (X87) core.x87;
    }

    // ---- the fast path: the most frequent forms, specialised at decode time (see Fast) ----

    private static final long M32 = 0xffff_ffffL;

    /** Executes an instruction {@link Fast#classify} specialised. */
    public int fast(Insn d) {
        long[] r = this.r;
        switch (d.fast) {
            case F_MOV_RR64 -> r[d.fdst] = r[d.fsrc];
            case F_MOV_RR32 -> r[d.fdst] = r[d.fsrc] & M32;
            case F_LOAD64 -> r[d.fdst] = m.read64(c.ea(d));
            case F_LOAD32 -> r[d.fdst] = m.read32(c.ea(d)) & M32;
            case F_STORE64 -> m.write64(c.ea(d), r[d.fsrc]);
            case F_STORE32 -> m.write32(c.ea(d), (int) r[d.fsrc]);
            case F_MOV_RI64 -> r[d.fdst] = d.imm;
            case F_MOV_RI32 -> r[d.fdst] = d.imm & M32;
            case F_LEA64 -> r[d.fdst] = c.lea(d);
            case F_LEA32 -> r[d.fdst] = c.lea(d) & M32;
            case F_ALU_RR64 -> {
                long v = Alu.alu(c, d.sub, 8, r[d.fdst], r[d.fsrc]);
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_ALU_RR32 -> {
                long v = Alu.alu(c, d.sub, 4, r[d.fdst] & M32, r[d.fsrc] & M32);
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_ALU_RI64 -> {
                long v = Alu.alu(c, d.sub, 8, r[d.fdst], d.imm);
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_ALU_RI32 -> {
                long v = Alu.alu(c, d.sub, 4, r[d.fdst] & M32, d.imm);
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_TEST_RR64 -> Alu.test(c, 8, r[d.fdst], r[d.fsrc]);
            case F_TEST_RR32 -> Alu.test(c, 4, r[d.fdst] & M32, r[d.fsrc] & M32);
            case F_JCC -> {
                if (c.cond(d.sub)) return jump(d.imm);
                return BRANCH;
            }
            case F_PUSH64 -> {
                long sp = r[RSP] - 8;
                m.write64(sp, r[d.fsrc]);
                r[RSP] = sp;
            }
            case F_POP64 -> {
                long v = m.read64(r[RSP]);
                r[RSP] += 8;
                r[d.fdst] = v;
            }
            case F_SHIFT_RI -> r[d.fdst] = Alu.shiftLazy(c, d.reg & 7, d.opSize, r[d.fdst], d.fsrc);
            case F_SHIFT_RCL -> {
                int count = (int) r[RCX] & (d.opSize == 8 ? 63 : 31);
                if (count != 0) r[d.fdst] = Alu.shiftLazy(c, d.fsrc, d.opSize, r[d.fdst], count);
                else if (d.opSize == 4) r[d.fdst] &= M32; // a 32-bit destination is written (zero-extended) anyway
            }
            case F_ROT_RI -> r[d.fdst] = Alu.rotateLazy(c, d.reg & 7, d.opSize, r[d.fdst], d.fsrc);
            case F_ROT_RCL -> {
                int count = (int) r[RCX] & (d.opSize == 8 ? 63 : 31);
                if (count != 0) r[d.fdst] = Alu.rotateLazy(c, d.fsrc, d.opSize, r[d.fdst], count);
                else if (d.opSize == 4) r[d.fdst] &= M32;
            }
            case F_MOVZX_B_R -> r[d.fdst] = r[d.fsrc] & 0xff;
            case F_MOVZX_B_M -> r[d.fdst] = m.read8(c.ea(d));
            case F_MOVZX_W_R -> r[d.fdst] = r[d.fsrc] & 0xffff;
            case F_MOVZX_W_M -> r[d.fdst] = m.read16(c.ea(d));
            case F_MOVSX_B_R -> r[d.fdst] = (byte) r[d.fsrc] & d.fmask;
            case F_MOVSX_B_M -> r[d.fdst] = (byte) m.read8(c.ea(d)) & d.fmask;
            case F_MOVSXD_R -> r[d.fdst] = (int) r[d.fsrc];
            case F_MOVSXD_M -> r[d.fdst] = m.read32(c.ea(d));
            case F_IMUL_RR -> {
                long mask = d.fmask;
                r[d.fdst] = Alu.imul(c, d.opSize, r[d.fdst] & mask, r[d.fsrc] & mask) & mask;
            }
            case F_ALU_RM64 -> {
                long v = Alu.alu(c, d.sub, 8, r[d.fdst], m.read64(c.ea(d)));
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_ALU_RM32 -> {
                long v = Alu.alu(c, d.sub, 4, r[d.fdst] & M32, m.read32(c.ea(d)) & M32);
                if (d.sub != Op.CMP) r[d.fdst] = v;
            }
            case F_ALU_MR -> { return aluMem(d, d.sub, r[d.fsrc]); }
            case F_ALU_MI -> { return aluMem(d, d.sub, d.imm); }
            case F_INC_M -> { return aluMem(d, INC_KIND, 0); }
            case F_DEC_M -> { return aluMem(d, DEC_KIND, 0); }
            case F_MOV_RR8 -> r[d.fdst] = (r[d.fdst] & ~0xffL) | (r[d.fsrc] & 0xff);
            case F_LOAD8 -> r[d.fdst] = (r[d.fdst] & ~0xffL) | m.read8(c.ea(d));
            case F_STORE8 -> m.write8(c.ea(d), (int) r[d.fsrc]);
            case F_MOV_MI8 -> m.write8(c.ea(d), (int) d.imm);
            case F_LOAD16 -> r[d.fdst] = (r[d.fdst] & ~0xffffL) | m.read16(c.ea(d));
            case F_STORE16 -> m.write16(c.ea(d), (int) r[d.fsrc]);
            case F_ALU_RR8 -> {
                long v = Alu.alu(c, d.sub, 1, r[d.fdst] & 0xff, r[d.fsrc] & 0xff);
                if (d.sub != Op.CMP) r[d.fdst] = (r[d.fdst] & ~0xffL) | v;
            }
            case F_ALU_RI8 -> {
                long v = Alu.alu(c, d.sub, 1, r[d.fdst] & 0xff, d.imm & 0xff);
                if (d.sub != Op.CMP) r[d.fdst] = (r[d.fdst] & ~0xffL) | v;
            }
            case F_ALU_RM8 -> {
                long v = Alu.alu(c, d.sub, 1, r[d.fdst] & 0xff, m.read8(c.ea(d)));
                if (d.sub != Op.CMP) r[d.fdst] = (r[d.fdst] & ~0xffL) | v;
            }
            case F_TEST_RR8 -> Alu.test(c, 1, r[d.fdst] & 0xff, r[d.fsrc] & 0xff);
            case F_ALU_RI8H -> {
                long v = Alu.alu(c, d.sub, 1, r[d.fdst] >>> 8 & 0xff, d.imm & 0xff);
                if (d.sub != Op.CMP) r[d.fdst] = (r[d.fdst] & ~0xff00L) | v << 8;
            }
            case F_TEST_RI8H -> Alu.test(c, 1, r[d.fdst] >>> 8 & 0xff, d.imm & 0xff);
            case F_MOVZX_BH_R -> r[d.fdst] = r[d.fsrc] >>> 8 & 0xff;
            case F_TEST_RR16 -> Alu.test(c, 2, r[d.fdst] & 0xffff, r[d.fsrc] & 0xffff);
            case F_TEST_RI8 -> Alu.test(c, 1, r[d.fdst] & 0xff, d.imm & 0xff);
            case F_TEST_MI8 -> Alu.test(c, 1, m.read8(c.ea(d)), d.imm & 0xff);
            case F_INC_R -> r[d.fdst] = Alu.inc(c, d.opSize, r[d.fdst] & d.fmask);
            case F_DEC_R -> r[d.fdst] = Alu.dec(c, d.opSize, r[d.fdst] & d.fmask);
            case F_NOT_R -> r[d.fdst] = ~r[d.fdst] & d.fmask;
            case F_NEG_R -> r[d.fdst] = Alu.neg(c, d.opSize, r[d.fdst] & d.fmask);
            case F_MOV_MI64 -> m.write64(c.ea(d), d.imm);
            case F_MOV_MI32 -> m.write32(c.ea(d), (int) d.imm);
            case F_BT_RI -> c.setArith((c.flags() & ~CF) | ((r[d.fdst] >>> d.fsrc) & 1));
            case F_BT_MI -> {
                long v = d.opSize == 8 ? m.read64(c.ea(d)) : m.read32(c.ea(d));
                c.setArith((c.flags() & ~CF) | ((v >>> d.fsrc) & 1));
            }
            case F_TEST_RI -> Alu.test(c, d.opSize, r[d.fdst] & d.fmask, d.imm & d.fmask);
            case F_CALL_REL -> {
                long sp = r[RSP] - 8;
                m.write64(sp, d.next);
                r[RSP] = sp;
                return jump(d.imm);
            }
            case F_JMP_REL -> { return jump(d.imm); }
            case F_JMP_R -> { return jump(r[d.fdst]); }
            case F_JMP_M -> { return jump(m.read64(c.ea(d))); }
            case F_CALL_R -> { return callTo(d, r[d.fdst]); }
            case F_CALL_M -> { return callTo(d, m.read64(c.ea(d))); }
            case F_RET -> {
                long target = m.read64(r[RSP]);
                if (!Mmu.canonical(target)) return GP;
                r[RSP] += 8 + (d.sub == 1 ? d.imm : 0);
                c.rip = target;
                return BRANCH;
            }
            case F_MOVSD_LOAD -> {
                long[] x = c.xmm;
                x[d.fdst] = m.read64(c.ea(d));
                x[d.fdst + 1] = 0;
            }
            case F_MOVSD_STORE -> m.write64(c.ea(d), c.xmm[d.fsrc]);
            case F_SD_RR -> {
                if (!scalarDouble(c, d.opcode, d.fdst, c.xmm[d.fsrc])) return SseFloat.exec(c, d);
            }
            case F_SD_RM -> {
                if (!scalarDouble(c, d.opcode, d.fdst, m.read64(c.ea(d)))) return SseFloat.exec(c, d);
            }
            default -> { return exec(d); }
        }
        return CONTINUE;
    }

    private static final int INC_KIND = 8, DEC_KIND = 9;

    /**
     * An ALU operation (or INC_KIND, DEC_KIND) on a plain memory operand of 1, 2, 4 or 8 bytes: one
     * TLB translation, checked for writing, serves the read and the write (CMP only reads). An
     * operand that crosses a page takes the general path.
     */
    private int aluMem(Insn d, int kind, long b) {
        long a = c.ea(d);
        int size = d.opSize;
        if (kind == Op.CMP) {
            Alu.alu(c, Op.CMP, size, m.read(a, size), b);
            return CONTINUE;
        }
        int i = m.slotRmw(a, size);
        if (i < 0) return exec(d);
        byte[] f = m.tlb[i].frame;
        int o = (int) a & (io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE - 1);
        long v = switch (size) {
            case 1 -> f[o] & 0xff;
            case 2 -> (short) Mmu.I16.get(f, o) & 0xffffL;
            case 4 -> (int) Mmu.I32.get(f, o) & M32;
            default -> (long) Mmu.I64.get(f, o);
        };
        v = switch (kind) {
            case INC_KIND -> Alu.inc(c, size, v);
            case DEC_KIND -> Alu.dec(c, size, v);
            default -> Alu.alu(c, kind, size, v, b);
        };
        switch (size) {
            case 1 -> f[o] = (byte) v;
            case 2 -> Mmu.I16.set(f, o, (short) v);
            case 4 -> Mmu.I32.set(f, o, (int) v);
            default -> Mmu.I64.set(f, o, v);
        }
        m.stored(i);
        return CONTINUE;
    }

    /**
     * ADDSD, SUBSD, MULSD, DIVSD in the common case, with exactly {@code SoftFp}'s results and
     * flags: round to nearest, PE masked, operands neither denormal (no DE, DAZ moot) nor —
     * through the range check on the result — NaN or infinite, and a result comfortably normal
     * (no OE, UE, FTZ; the same bounds as SoftFp's own fast path). Only PE can arise; its
     * exactness test is skipped once the sticky flag is set. Returns false, having changed
     * nothing, when the general path must decide. {@code opcode} is 58 ADD, 59 MUL, 5C SUB or
     * 5E DIV, {@code dst} the destination's index in {@link Core#xmm}.
     */
    static boolean scalarDouble(Core c, int opcode, int dst, long bBits) {
        return switch (opcode) {
            case 0x58 -> sdAdd(c, dst, bBits);
            case 0x5C -> sdAdd(c, dst, bBits ^ Long.MIN_VALUE);
            case 0x59 -> sdMul(c, dst, bBits);
            default -> sdDiv(c, dst, bBits);
        };
    }

    // One small method per operation (SUB is ADD of the negated operand: NaNs never take the
    // fast path), each well under HotSpot's inlining limit so translated code inlines it.

    public static boolean sdAdd(Core c, int dst, long bBits) {
        if (!fastOperands(c, dst, bBits)) return false;
        double a = Double.longBitsToDouble(c.xmm[dst]), b = Double.longBitsToDouble(bBits), r = a + b;
        if (!(Math.abs(r) > 0x1p-1000 && Math.abs(r) <= Double.MAX_VALUE)) return false;
        if ((c.mxcsr.value & Mxcsr.PE) != 0) return sdResult(c, dst, r, false); // PE is sticky: no need to know
        double bb = r - a;
        return sdResult(c, dst, r, (a - (r - bb)) + (b - bb) != 0);
    }

    public static boolean sdMul(Core c, int dst, long bBits) {
        if (!fastOperands(c, dst, bBits)) return false;
        double a = Double.longBitsToDouble(c.xmm[dst]), b = Double.longBitsToDouble(bBits), r = a * b;
        if (!(Math.abs(r) > 0x1p-960 && Math.abs(r) <= Double.MAX_VALUE)) return false;
        return sdResult(c, dst, r, (c.mxcsr.value & Mxcsr.PE) == 0 && Math.fma(a, b, -r) != 0);
    }

    public static boolean sdDiv(Core c, int dst, long bBits) {
        if (!fastOperands(c, dst, bBits)) return false;
        double a = Double.longBitsToDouble(c.xmm[dst]), b = Double.longBitsToDouble(bBits), r = a / b;
        if (!(Math.abs(r) > 0x1p-960 && Math.abs(a) > 0x1p-900 && Math.abs(r) <= Double.MAX_VALUE)) return false;
        return sdResult(c, dst, r, (c.mxcsr.value & Mxcsr.PE) == 0 && Math.fma(-r, b, a) != 0);
    }

    /** Whether the fast path applies: round to nearest, PE masked, neither operand denormal. */
    private static boolean fastOperands(Core c, int dst, long bBits) {
        return (c.mxcsr.value & (0x6000 | Mxcsr.PE << 7)) == Mxcsr.PE << 7 && !denormal(c.xmm[dst]) && !denormal(bBits);
    }

    /** Writes the result; an inexact one sets PE (sticky). */
    private static boolean sdResult(Core c, int dst, double r, boolean inexact) {
        c.xmm[dst] = Double.doubleToRawLongBits(r);
        if (inexact) c.mxcsr.value |= Mxcsr.PE;
        return true;
    }

    private static boolean denormal(long bits) {
        return (bits & 0x7FF0_0000_0000_0000L) == 0 && (bits << 1) != 0;
    }

    public int exec(Insn d) {
        int size = d.opSize;
        switch (d.op) {
            case Op.NOP -> { }
            case Op.MOV_EG -> c.writeE(d, size, c.readG(d, size));
            case Op.MOV_GE -> c.writeG(d, size, c.readE(d, size));
            case Op.MOV_EI -> c.writeE(d, size, d.imm);
            case Op.MOV_RI -> c.setReg(size == 1 ? d.rmB : d.rm, size, d.imm);
            case Op.MOV_AO -> c.setReg(RAX, size, m.read(d.imm + c.segBase(d), size));
            case Op.MOV_OA -> m.write(d.imm + c.segBase(d), size, c.getReg(RAX, size));
            case Op.LEA -> {
                if (d.mod == 3) return UD;
                c.writeG(d, size, c.lea(d));
            }
            case Op.MOVZX_B -> c.writeG(d, size, c.readE(d, 1));
            case Op.MOVZX_W -> c.writeG(d, size, c.readE(d, 2));
            case Op.MOVSX_B -> c.writeG(d, size, (byte) c.readE(d, 1));
            case Op.MOVSX_W -> c.writeG(d, size, (short) c.readE(d, 2));
            case Op.MOVSXD -> c.writeG(d, size, size == 8 ? (int) c.readE(d, 4) : c.readE(d, size));
            case Op.ALU_EG -> {
                if (d.mod == 3) {
                    long v = Alu.alu(c, d.sub, size, c.getReg(size == 1 ? d.rmB : d.rm, size), c.readG(d, size));
                    if (d.sub != Op.CMP) c.setReg(size == 1 ? d.rmB : d.rm, size, v);
                } else {
                    if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                    long a = c.ea(d);
                    if (d.sub != Op.CMP) m.checkWrite(a, size);
                    long v = Alu.alu(c, d.sub, size, m.read(a, size), c.readG(d, size));
                    if (d.sub != Op.CMP) m.write(a, size, v);
                }
            }
            case Op.ALU_GE -> {
                long v = Alu.alu(c, d.sub, size, c.readG(d, size), c.readE(d, size));
                if (d.sub != Op.CMP) c.writeG(d, size, v);
            }
            case Op.ALU_AI -> {
                long v = Alu.alu(c, d.sub, size, c.getReg(RAX, size), d.imm);
                if (d.sub != Op.CMP) c.setReg(RAX, size, v);
            }
            case Op.ALU_EI -> {
                if (d.mod == 3) {
                    int reg = size == 1 ? d.rmB : d.rm;
                    long v = Alu.alu(c, d.sub, size, c.getReg(reg, size), d.imm);
                    if (d.sub != Op.CMP) c.setReg(reg, size, v);
                } else {
                    if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                    long a = c.ea(d);
                    if (d.sub != Op.CMP) m.checkWrite(a, size);
                    long v = Alu.alu(c, d.sub, size, m.read(a, size), d.imm);
                    if (d.sub != Op.CMP) m.write(a, size, v);
                }
            }
            case Op.TEST_EG -> Alu.test(c, size, c.readE(d, size), c.readG(d, size));
            case Op.TEST_AI -> Alu.test(c, size, c.getReg(RAX, size), d.imm);
            case Op.TEST_EI -> Alu.test(c, size, c.readE(d, size), d.imm);
            case Op.INC, Op.DEC, Op.NOT, Op.NEG -> {
                if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                long a = 0;
                if (d.isMem()) {
                    a = c.ea(d);
                    m.checkWrite(a, size);
                }
                long v = d.isMem() ? m.read(a, size) : c.readE(d, size);
                v = switch (d.op) {
                    case Op.INC -> Alu.inc(c, size, v);
                    case Op.DEC -> Alu.dec(c, size, v);
                    case Op.NOT -> ~v;
                    default -> Alu.neg(c, size, v);
                };
                if (d.isMem()) m.write(a, size, v);
                else c.writeE(d, size, v);
            }
            case Op.MUL -> Alu.mul1(c, size, c.readE(d, size), false);
            case Op.IMUL1 -> Alu.mul1(c, size, c.readE(d, size), true);
            case Op.DIV, Op.IDIV -> {
                if (!Alu.div(c, size, c.readE(d, size), d.op == Op.IDIV)) return DE;
            }
            case Op.IMUL_GE -> c.writeG(d, size, Alu.imul(c, size, c.readG(d, size), c.readE(d, size)));
            case Op.IMUL_GEI -> c.writeG(d, size, Alu.imul(c, size, c.readE(d, size), d.imm));
            case Op.SHIFT -> {
                int count = d.sub == 0 ? (int) d.imm : d.sub == 1 ? 1 : (int) r[RCX];
                rmw(d, size, Op.SHIFT, count);
            }
            case Op.SHLD, Op.SHRD -> {
                int count = d.sub == 0 ? (int) d.imm : (int) r[RCX];
                rmw(d, size, d.op, count);
            }
            case Op.BT_EG, Op.BT_EI -> { return d.has(Insn.LOCK) ? Atomics.exec(c, d) : bitTest(d, size); }
            case Op.BSF, Op.BSR -> {
                long src = c.readE(d, size);
                long v = d.op == Op.BSF ? Alu.bsf(c, size, src, 0) : Alu.bsr(c, size, src, 0);
                // a zero source leaves the whole destination alone (no zero-extension): as the host CPU does
                if ((src & Core.mask(size)) != 0) c.writeG(d, size, v);
            }
            case Op.BSWAP -> {
                if (size == 8) r[d.rm] = Long.reverseBytes(r[d.rm]);
                else if (size == 4) r[d.rm] = Integer.reverseBytes((int) r[d.rm]) & 0xffff_ffffL;
                else c.setReg(d.rm, 2, 0); // undefined for 16-bit; zero as hardware does
            }
            case Op.CBW -> {
                switch (size) {
                    case 2 -> c.setReg(RAX, 2, (byte) r[RAX]);
                    case 4 -> c.setReg(RAX, 4, (short) r[RAX]);
                    default -> r[RAX] = (int) r[RAX];
                }
            }
            case Op.CWD -> {
                long sign = (c.getReg(RAX, size) & Core.signBit(size)) != 0 ? -1L : 0;
                c.setReg(RDX, size, sign);
            }
            case Op.PUSH_R -> c.push(c.getReg(d.rm, size), size);
            case Op.POP_R -> {
                long v = m.read(r[RSP], size);
                r[RSP] += size;
                c.setReg(d.rm, size, v);
            }
            case Op.PUSH_I -> c.push(d.imm, size);
            case Op.PUSH_E -> c.push(c.readE(d, size), size);
            case Op.POP_E -> {
                long v = m.read(r[RSP], size);
                if (d.mod == 3) {
                    r[RSP] += size;
                    c.setReg(d.rm, size, v);
                } else {
                    long old = r[RSP];
                    r[RSP] += size; // the address is computed with the incremented RSP
                    try {
                        m.write(c.ea(d), size, v);
                    } catch (GuestFault f) {
                        r[RSP] = old;
                        throw f;
                    }
                }
            }
            case Op.CALL_REL -> {
                c.push(d.next, 8);
                return jump(d.imm);
            }
            case Op.CALL_E -> {
                long target = c.readE(d, 8);
                if (!Mmu.canonical(target)) return GP;
                c.push(d.next, 8);
                c.rip = target;
                return BRANCH;
            }
            case Op.RET -> {
                long target = m.read64(r[RSP]);
                if (!Mmu.canonical(target)) return GP;
                r[RSP] += 8 + (d.sub == 1 ? d.imm : 0);
                c.rip = target;
                return BRANCH;
            }
            case Op.JMP_REL -> { return jump(d.imm); }
            case Op.JMP_E -> { return jump(c.readE(d, 8)); }
            case Op.JCC -> {
                if (c.cond(d.sub)) return jump(d.imm);
                return BRANCH;
            }
            case Op.LOOP -> {
                long cx = d.addrSize == 8 ? r[RCX] - 1 : (r[RCX] - 1) & 0xffff_ffffL;
                r[RCX] = cx;
                boolean taken = cx != 0 && switch (d.sub) {
                    case 0 -> !c.cond(4);
                    case 1 -> c.cond(4);
                    default -> true;
                };
                if (taken) return jump(d.imm);
                return BRANCH;
            }
            case Op.JRCXZ -> {
                long cx = d.addrSize == 8 ? r[RCX] : r[RCX] & 0xffff_ffffL;
                if (cx == 0) return jump(d.imm);
                return BRANCH;
            }
            case Op.SETCC -> c.writeE(d, 1, c.cond(d.sub) ? 1 : 0);
            case Op.CMOVCC -> {
                long v = c.readE(d, size); // the source is read (and may fault) even when not moved
                if (c.cond(d.sub)) c.writeG(d, size, v);
                else if (size == 4) c.writeG(d, 4, c.readG(d, 4)); // 32-bit CMOV always zero-extends
            }
            case Op.XCHG_EG -> {
                if (d.isMem()) return Atomics.exec(c, d); // XCHG with memory is always locked
                int e = size == 1 ? d.rmB : d.rm;
                long v = c.getReg(e, size);
                c.setReg(e, size, c.readG(d, size));
                c.writeG(d, size, v);
            }
            case Op.XCHG_AR -> {
                if (d.rm == RAX) return CONTINUE; // 90: NOP (also PAUSE, XCHG %ax,%ax)
                long v = c.getReg(d.rm, size);
                c.setReg(d.rm, size, c.getReg(RAX, size));
                c.setReg(RAX, size, v);
            }
            case Op.CMPXCHG -> {
                if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                long a = 0, dst;
                if (d.isMem()) {
                    a = c.ea(d);
                    m.checkWrite(a, size);
                    dst = m.read(a, size);
                } else {
                    dst = c.readE(d, size);
                }
                long acc = c.getReg(RAX, size);
                Alu.alu(c, Op.CMP, size, acc, dst);
                if (acc == dst) {
                    c.writeE(d, size, c.readG(d, size));
                } else {
                    if (d.isMem()) m.write(a, size, dst); // the destination is always written
                    c.setReg(RAX, size, dst);
                }
            }
            case Op.XADD -> {
                if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                long a = 0, dst;
                if (d.isMem()) {
                    a = c.ea(d);
                    m.checkWrite(a, size);
                    dst = m.read(a, size);
                } else {
                    dst = c.readE(d, size);
                }
                long sum = Alu.alu(c, Op.ADD, size, dst, c.readG(d, size));
                c.writeG(d, size, dst);
                if (d.isMem()) m.write(a, size, sum);
                else c.writeE(d, size, sum);
            }
            case Op.CMPXCHG8B -> {
                if (!d.isMem()) return UD;
                if (d.has(Insn.LOCK)) return Atomics.exec(c, d);
                long a = c.ea(d);
                if (d.opSize == 8) { // CMPXCHG16B
                    if ((a & 15) != 0) return GP;
                    m.checkWrite(a, 16);
                    long lo = m.read64(a), hi = m.read64(a + 8);
                    boolean eq = lo == r[RAX] && hi == r[RDX];
                    if (eq) {
                        m.write64(a, r[RBX]);
                        m.write64(a + 8, r[RCX]);
                    } else {
                        m.write64(a, lo);
                        m.write64(a + 8, hi);
                        r[RAX] = lo;
                        r[RDX] = hi;
                    }
                    c.setArith((c.flags() & ~ZF) | (eq ? ZF : 0));
                } else {
                    m.checkWrite(a, 8);
                    long v = m.read64(a);
                    long expect = (r[RDX] << 32) | (r[RAX] & 0xffff_ffffL);
                    boolean eq = v == expect;
                    if (eq) {
                        m.write64(a, (r[RCX] << 32) | (r[RBX] & 0xffff_ffffL));
                    } else {
                        m.write64(a, v);
                        r[RAX] = v & 0xffff_ffffL;
                        r[RDX] = v >>> 32;
                    }
                    c.setArith((c.flags() & ~ZF) | (eq ? ZF : 0));
                }
            }
            case Op.LEAVE -> {
                long v = m.read(r[RBP], size);
                r[RSP] = r[RBP] + size;
                c.setReg(RBP, size, v);
            }
            case Op.PUSHF -> c.push(c.flags() & ~(TF) | FIXED, size);
            case Op.POPF -> {
                long v = m.read(r[RSP], size);
                r[RSP] += size;
                long keep = size == 2 ? c.flags() & ~0xffffL : 0;
                c.setFlagsFromUser(keep | (v & (size == 2 ? 0xffff : -1L)));
            }
            case Op.LAHF -> c.setReg(16, 1, (c.flags() & (ARITH & ~OF)) | 2);
            case Op.SAHF -> c.setArith((c.flags() & OF) | (c.getReg(16, 1) & (ARITH & ~OF)));
            case Op.CLD -> { c.flags(); c.fl &= ~DF; }
            case Op.STD -> { c.flags(); c.fl |= DF; }
            case Op.CLC -> c.setArith(c.flags() & ~CF);
            case Op.STC -> c.setArith(c.flags() | CF);
            case Op.CMC -> c.setArith(c.flags() ^ CF);
            case Op.MOVS, Op.CMPS, Op.STOS, Op.LODS, Op.SCAS -> { return StringOps.exec(c, d); }
            case Op.SYSCALL -> {
                r[RCX] = d.next;
                r[11] = c.flags() | FIXED;
                return SYSCALL;
            }
            case Op.CPUID -> Cpuid.execute(r);
            case Op.RDTSC -> {
                long t = System.nanoTime() - tscBase;
                r[RAX] = t & 0xffff_ffffL;
                r[RDX] = t >>> 32;
            }
            case Op.FENCE -> {
                // LFENCE, MFENCE, SFENCE (register forms of /5 /6 /7) are no-ops here; FXSAVE etc. are not implemented
                if (d.mod != 3 || (d.reg & 7) < 5) return UD;
            }
            case Op.X87 -> { return x87.exec(c, d); }
            case Op.FWAIT -> { return c.x87.fwait(); }
            case Op.FXSAVE -> {
                if (d.mod == 3) return UD;
                if (d.has(Insn.P66) || d.has(Insn.REP) || d.has(Insn.REPNE)) return UD;
                return d.sub == 0 ? FxSave.fxsave(c.x87, c, c.ea(d), (d.rex & 8) != 0)
                        : FxSave.fxrstor(c.x87, c, c.ea(d), (d.rex & 8) != 0);
            }
            case Op.SSE_FP -> { return SseFloat.exec(c, d); }
            case Op.SSE_INT -> { return SseInt.exec(c, d); }
            case Op.MMX -> { return Mmx.exec(c, d); }
            case Op.INT3 -> { return BP; }
            case Op.PRIV, Op.INT -> { return GP; }
            case Op.UD2, Op.UD, Op.VEX -> { return UD; }
            default -> {
                if (d.op >= Op.SSE_MOV_LOAD) return SseOps.exec(c, d);
                return UD;
            }
        }
        return CONTINUE;
    }

    /** CALL to an absolute target: the target is checked before the push, as {@link #exec} does. */
    private int callTo(Insn d, long target) {
        if (!Mmu.canonical(target)) return GP;
        long sp = r[RSP] - 8;
        m.write64(sp, d.next);
        r[RSP] = sp;
        c.rip = target;
        return BRANCH;
    }

    private int jump(long target) {
        if (!Mmu.canonical(target)) return GP;
        c.rip = target;
        return BRANCH;
    }

    /** Read-modify-write of the r/m operand for shifts (count) and double shifts. */
    private void rmw(Insn d, int size, int op, int count) {
        long a = 0, v;
        boolean mem = d.isMem();
        if (mem) {
            a = c.ea(d);
            m.checkWrite(a, size);
            v = m.read(a, size);
        } else {
            v = c.readE(d, size);
        }
        long res = switch (op) {
            case Op.SHIFT -> Alu.shift(c, d.reg & 7, size, v, count);
            case Op.SHLD -> Alu.doubleShift(c, true, size, v, c.readG(d, size), count);
            default -> Alu.doubleShift(c, false, size, v, c.readG(d, size), count);
        };
        if (mem) m.write(a, size, res);
        else c.writeE(d, size, res);
    }

    /** BT, BTS, BTR, BTC with a register or immediate bit offset. */
    private int bitTest(Insn d, int size) {
        if (size == 1) return UD;
        int bits = size * 8;
        int kind = d.op == Op.BT_EG ? d.sub : d.sub & 3;
        long offset = d.op == Op.BT_EG ? Core.sx(c.readG(d, size), size) : d.imm & (bits - 1);
        long v, a = 0;
        int bit;
        boolean mem = d.isMem();
        if (mem) {
            a = c.ea(d);
            if (d.op == Op.BT_EG) a += (offset >> (size == 8 ? 6 : size == 4 ? 5 : 4)) * size;
            bit = (int) (offset & (bits - 1));
            if (kind != 0) m.checkWrite(a, size);
            v = m.read(a, size);
        } else {
            bit = (int) (offset & (bits - 1));
            v = c.readE(d, size);
        }
        boolean set = ((v >>> bit) & 1) != 0;
        c.setArith((c.flags() & ~CF) | (set ? CF : 0));
        if (kind == 0) return CONTINUE;
        long res = switch (kind) {
            case 1 -> v | (1L << bit);
            case 2 -> v & ~(1L << bit);
            default -> v ^ (1L << bit);
        };
        if (mem) m.write(a, size, res);
        else c.writeE(d, size, res);
        return CONTINUE;
    }
}
