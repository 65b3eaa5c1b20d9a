package io.helctic.machine.cpu.x86_64.core;

import io.helctic.machine.cpu.jit.Translation;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * Architectural state of one x86-64 CPU in user mode, with lazy flags and the operand
 * helpers the executors share.
 *
 * <p>Lazy flags: arithmetic instructions record the operation kind, operand size, operands and
 * result; CF/PF/AF/ZF/SF/OF are computed from them only when something reads them.
 * {@link #fl} holds every other flag bit, and the arithmetic bits when no lazy record is pending.
 */
public final class Core {
    public static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, TF = 0x100, IF = 0x200, DF = 0x400,
            OF = 0x800, AC = 0x40000, ID = 0x200000;
    public static final long ARITH = CF | PF | AF | ZF | SF | OF;
    /** Flags user code can change (POPF, setRflags); IF and bit 1 read as one. */
    public static final long USER_WRITABLE = ARITH | DF | AC | ID;
    public static final long FIXED = 0x2 | IF;

    // lazy-flag kinds
    public static final int L_NONE = 0, L_ADD = 1, L_ADC = 2, L_SUB = 3, L_SBB = 4, L_LOGIC = 5, L_INC = 6, L_DEC = 7;
    /** SHL/SHR/SAR by a nonzero count (la = the operand, lb = the count); IMUL (lcarry = overflow). */
    public static final int L_SHL = 8, L_SHR = 9, L_SAR = 10, L_IMUL = 11;
    /**
     * ROL/ROR by a nonzero count (lres = the result): CF and OF come from the result, the other
     * flags are those before the rotate, kept as the record that produced them (p*).
     */
    public static final int L_ROL = 12, L_ROR = 13;

    public final long[] r = new long[16];
    public final long[] xmm = new long[32]; // xmm[2n] low quadword, xmm[2n+1] high
    public long rip;
    public final long[] scratch = new long[2];
    public final Mxcsr mxcsr = new Mxcsr();
    public long fsBase, gsBase;
    /** The x87 FPU's state (an {@code X87}, which executes on it: given by the CPU that makes this core). */
    public final X87State x87;
    public final Mmu mmu;
    /** Set by a translated block as it unwinds: the index of the instruction that threw. */
    public int bk;
    /** Set by a translated block: how many times it ran to its end and jumped back to its start. */
    public int loops;
    /**
     * Chaining (translated code, see {@link Translation}): the block running, blocks chained so far, the budget the
     * running block was entered with (the run loop's budget less what the blocks before it
     * completed), and the exit slot a block left by (-1: none).
     */
    public Translation cur;
    public int depth;
    public int entry;
    public int linkSlot;
    /**
     * Set by an indirect exit that found its target's translation but leaves it to the run loop
     * to start (see {@code Compiled.indirect}); null otherwise.
     */
    public Translation next;

    public long fl = FIXED;
    public int lop;
    int lsize;
    long lres, la, lb, lcarry;
    /** Under a rotate record: the record (or, when L_NONE, {@link #fl}) that holds the other flags. */
    int pop;
    int psize;
    long pres, pa, pb, pcarry;

    public Core(Mmu mmu, X87State x87) {
        this.mmu = mmu;
        this.x87 = x87;
    }

    /**
     * Copies the architectural state of {@code o} (fork). Every piece of state a later
     * extension adds to Core (x87, MXCSR, …) must be copied here too.
     */
    public void copyFrom(Core o) {
        System.arraycopy(o.r, 0, r, 0, r.length);
        System.arraycopy(o.xmm, 0, xmm, 0, xmm.length);
        rip = o.rip;
        fsBase = o.fsBase;
        gsBase = o.gsBase;
        fl = o.flags();
        lop = L_NONE;
        mxcsr.value = o.mxcsr.value;
        FxSave.load(x87, this, FxSave.image(o.x87, o, true), true);
        System.arraycopy(o.xmm, 0, xmm, 0, xmm.length);
    }

    // ---- flags ----

    public void setLazy(int kind, int size, long res, long a, long b) {
        lop = kind;
        lsize = size;
        lres = res;
        la = a;
        lb = b;
    }

    public void setLazyCarry(int kind, int size, long res, long a, long b, long carry) {
        setLazy(kind, size, res, a, b);
        lcarry = carry;
    }

    /** ROL (kind L_ROL) or ROR of {@code size} bytes with result {@code res}: CF and OF lazy, the rest kept. */
    public void setRotate(int kind, int size, long res) {
        int op = lop;
        if (op != L_ROL && op != L_ROR) {
            pop = op;
            psize = lsize;
            pres = lres;
            pa = la;
            pb = lb;
            pcarry = lcarry;
        }
        lop = kind;
        lsize = size;
        lres = res;
    }

    /** All flags, materialised. */
    public long flags() {
        if (lop != L_NONE) {
            fl = (fl & ~ARITH) | arith();
            lop = L_NONE;
        }
        return fl;
    }

    /** Replaces the arithmetic flags with {@code bits}. */
    public void setArith(long bits) {
        lop = L_NONE;
        fl = (fl & ~ARITH) | (bits & ARITH);
    }

    public void setFlagsFromUser(long value) {
        lop = L_NONE;
        fl = (value & USER_WRITABLE) | FIXED;
    }

    public boolean cf() {
        return carry() != 0;
    }

    /** CF alone (1 or 0), computed from the lazy record without materialising the other flags. */
    public long carry() {
        switch (lop) {
            case L_ADD -> {
                long m = mask(lsize);
                return Long.compareUnsigned(lres & m, la & m) < 0 ? 1 : 0;
            }
            case L_SUB -> {
                long m = mask(lsize);
                return Long.compareUnsigned(la & m, lb & m) < 0 ? 1 : 0;
            }
            case L_LOGIC -> { return 0; }
            case L_INC, L_DEC -> { return lcarry & CF; }
            case L_ROL -> { return lres & 1; }
            case L_ROR -> { return (lres >>> (lsize * 8 - 1)) & 1; }
            default -> { return flags() & CF; }
        }
    }

    public boolean df() {
        return (fl & DF) != 0;
    }

    public static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    public static long signBit(int size) {
        return 1L << (size * 8 - 1);
    }

    public static long sx(long v, int size) {
        return switch (size) {
            case 1 -> (byte) v;
            case 2 -> (short) v;
            case 4 -> (int) v;
            default -> v;
        };
    }

    public static long parity(long v) {
        return (Integer.bitCount((int) v & 0xff) & 1) == 0 ? PF : 0;
    }

    /** ZF, SF, PF of a result. */
    public static long szp(long res, int size) {
        long m = res & mask(size);
        return (m == 0 ? ZF : 0) | ((m & signBit(size)) != 0 ? SF : 0) | parity(m);
    }

    private long arith() {
        int op = lop;
        if (op == L_ROL || op == L_ROR) {
            long base = pop == L_NONE ? fl & ARITH : arith(pop, psize, pres, pa, pb, pcarry);
            long sign = signBit(lsize), res = lres;
            boolean cf = op == L_ROL ? (res & 1) != 0 : (res & sign) != 0;
            boolean of = op == L_ROL ? ((res & sign) != 0) != cf : cf != ((res & (sign >>> 1)) != 0);
            return (base & ~(CF | OF)) | (cf ? CF : 0) | (of ? OF : 0);
        }
        return arith(op, lsize, lres, la, lb, lcarry);
    }

    private static long arith(int lop, int size, long lres, long la, long lb, long lcarry) {
        long m = mask(size), sign = signBit(size);
        long res = lres & m, a = la & m, b = lb & m;
        long f = szp(res, size);
        switch (lop) {
            case L_ADD, L_ADC -> {
                boolean carry = Long.compareUnsigned(res, a) < 0 || (lop == L_ADC && lcarry != 0 && res == a);
                if (carry) f |= CF;
                if (((a ^ res) & (b ^ res) & sign) != 0) f |= OF;
                f |= (a ^ b ^ res) & AF;
            }
            case L_SUB, L_SBB -> {
                boolean borrow = Long.compareUnsigned(a, b) < 0 || (lop == L_SBB && lcarry != 0 && a == b);
                if (borrow) f |= CF;
                if (((a ^ b) & (a ^ res) & sign) != 0) f |= OF;
                f |= (a ^ b ^ res) & AF;
            }
            case L_LOGIC -> { }
            case L_INC -> {
                f |= lcarry & CF;
                if (res == sign) f |= OF;
                if ((res & 0xf) == 0) f |= AF;
            }
            case L_DEC -> {
                f |= lcarry & CF;
                if (res == sign - 1) f |= OF;
                if ((res & 0xf) == 0xf) f |= AF;
            }
            case L_SHL -> {
                int count = (int) lb;
                if (count <= size * 8 && ((a << (count - 1)) & sign) != 0) f |= CF;
                if (((res & sign) != 0) != ((f & CF) != 0)) f |= OF;
            }
            case L_SHR -> {
                if (((a >>> (lb - 1)) & 1) != 0) f |= CF;
                if ((a & sign) != 0) f |= OF;
            }
            case L_SAR -> {
                if (((sx(a, size) >> (lb - 1)) & 1) != 0) f |= CF;
            }
            case L_IMUL -> {
                if (lcarry != 0) f |= CF | OF;
            }
            default -> throw new IllegalStateException("lazy flag kind " + lop);
        }
        return f;
    }

    /** Evaluates condition code {@code cc} (0 O, 1 NO, 2 B, 3 AE, 4 E, 5 NE, 6 BE, 7 A, 8 S, 9 NS, A P, B NP, C L, D GE, E LE, F G). */
    public boolean cond(int cc) {
        boolean v;
        if (lop == L_SUB && cc >= 2 && cc <= 7) {
            // fast path for CMP/SUB followed by an unsigned or equality test
            long m = mask(lsize);
            long a = la & m, b = lb & m;
            v = switch (cc >>> 1) {
                case 1 -> Long.compareUnsigned(a, b) < 0;
                case 2 -> a == b;
                default -> Long.compareUnsigned(a, b) <= 0;
            };
        } else {
            long f = flags();
            v = switch (cc >>> 1) {
                case 0 -> (f & OF) != 0;
                case 1 -> (f & CF) != 0;
                case 2 -> (f & ZF) != 0;
                case 3 -> (f & (CF | ZF)) != 0;
                case 4 -> (f & SF) != 0;
                case 5 -> (f & PF) != 0;
                case 6 -> ((f & SF) != 0) != ((f & OF) != 0);
                default -> (f & ZF) != 0 || (((f & SF) != 0) != ((f & OF) != 0));
            };
        }
        return ((cc & 1) != 0) != v;
    }

    // ---- registers ----

    public long getReg(int idx, int size) {
        return switch (size) {
            case 8 -> r[idx];
            case 4 -> r[idx] & 0xffff_ffffL;
            case 2 -> r[idx] & 0xffff;
            default -> idx >= 16 ? (r[idx - 16] >>> 8) & 0xff : r[idx] & 0xff;
        };
    }

    public void setReg(int idx, int size, long v) {
        switch (size) {
            case 8 -> r[idx] = v;
            case 4 -> r[idx] = v & 0xffff_ffffL;
            case 2 -> r[idx] = (r[idx] & ~0xffffL) | (v & 0xffff);
            default -> {
                if (idx >= 16) r[idx - 16] = (r[idx - 16] & ~0xff00L) | ((v & 0xff) << 8);
                else r[idx] = (r[idx] & ~0xffL) | (v & 0xff);
            }
        }
    }

    // ---- operands ----

    /** Effective address of the memory operand, without segment base (LEA). */
    public long lea(Insn d) {
        long a = d.disp;
        int base = d.base;
        if (base == Insn.RIP_BASE) a += d.next;
        else if (base >= 0) a += r[base];
        if (d.index >= 0) a += r[d.index] * d.scale;
        if (d.addrSize == 4) a &= 0xffff_ffffL;
        return a;
    }

    /** Linear address of the memory operand (segment base added). */
    public long ea(Insn d) {
        long a = lea(d);
        int seg = d.seg;
        if (seg != Insn.SEG_NONE) a += seg == Insn.SEG_FS ? fsBase : gsBase;
        return a;
    }

    public long segBase(Insn d) {
        int seg = d.seg;
        return seg == Insn.SEG_NONE ? 0 : seg == Insn.SEG_FS ? fsBase : gsBase;
    }

    /** Reads the r/m operand (zero-extended). */
    public long readE(Insn d, int size) {
        if (d.mod == 3) return getReg(size == 1 ? d.rmB : d.rm, size);
        return mmu.read(ea(d), size);
    }

    public void writeE(Insn d, int size, long v) {
        if (d.mod == 3) setReg(size == 1 ? d.rmB : d.rm, size, v);
        else mmu.write(ea(d), size, v);
    }

    public long readG(Insn d, int size) {
        return getReg(size == 1 ? d.regB : d.reg, size);
    }

    public void writeG(Insn d, int size, long v) {
        setReg(size == 1 ? d.regB : d.reg, size, v);
    }

    // ---- stack ----

    public void push(long v, int size) {
        long sp = r[4] - size;
        mmu.write(sp, size, v);
        r[4] = sp;
    }

    long pop(int size) {
        long v = mmu.read(r[4], size);
        r[4] += size;
        return v;
    }
}
