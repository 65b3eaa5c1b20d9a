package io.helctic.machine.cpu.x86_64.fp;

import static io.helctic.machine.cpu.x86_64.core.Float80.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Float80;
import io.helctic.machine.cpu.x86_64.core.FxSave;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.core.X87State;
import io.helctic.machine.cpu.x86_64.decode.Insn;

/**
 * The x87 FPU's D8-DF escape instructions, executed on the state it inherits
 * ({@link X87State}: the CPU's {@link Core#x87} is this object). Arithmetic goes through
 * {@link Float80}, transcendentals through {@link X87Transcendental}.
 *
 * <p>Unmasked exceptions set ES/B in the status word; the next waiting x87 instruction (or
 * FWAIT) then ends with {@link Exit#MF}, i.e. #MF. Pre-computation exceptions (IE, DE,
 * ZE) that are unmasked leave the destination and the stack unchanged; post-computation ones
 * (OE, UE) store the result with its exponent wrapped by 24576, as the SDM describes.
 */
public final class X87 extends X87State {
    final Float80 f = new Float80();

    // ---- the register stack ----

    private void setSt(int i, int s, long v) {
        int p = phys(i);
        se[p] = s & 0xffff;
        m[p] = v;
        empty &= ~(1 << p);
    }

    private int stSe(int i) {
        return se[phys(i)];
    }

    private long stM(int i) {
        return m[phys(i)];
    }

    private void pop() {
        empty |= 1 << top;
        top = (top + 1) & 7;
    }

    private void updateEs() {
        if ((sw & ~cw & 0x3f) != 0) sw |= SW_ES | SW_B;
        else sw &= ~(SW_ES | SW_B);
    }

    private void setCc(int bits) {
        sw = (sw & ~CC) | bits;
    }

    /** Prepares the arithmetic unit for an instruction. */
    private void begin() {
        f.flags = 0;
        f.c1 = false;
        f.rc = (cw >>> 10) & 3;
        int pcf = (cw >>> 8) & 3;
        f.pc = pcf == 0 ? 24 : pcf == 2 ? 53 : 64;
        f.masks = cw & 0x3f;
    }

    /**
     * Records the exceptions of an operation; returns whether its result may be stored (no
     * unmasked pre-computation exception). C1 becomes the round-up indicator.
     */
    private boolean commit() {
        int fl = f.flags;
        if ((fl & ~cw & (IE | DE | ZE)) != 0) {
            sw = (sw | fl & (IE | DE | ZE)) & ~SW_C1;
            updateEs();
            return false;
        }
        sw |= fl & 0x3f;
        sw = (sw & ~SW_C1) | (f.c1 ? SW_C1 : 0);
        updateEs();
        return true;
    }

    /** Stack underflow: reading an empty register. Returns whether the masked response (indefinite) applies. */
    private boolean underflow() {
        sw = (sw & ~SW_C1) | IE | SW_SF;
        updateEs();
        return (cw & IE) != 0;
    }

    /** Stack overflow on push; returns whether the masked response (push indefinite) applies. */
    private boolean overflow() {
        sw |= IE | SW_SF | SW_C1;
        updateEs();
        return (cw & IE) != 0;
    }

    /** Pushes a value, handling stack overflow. */
    private void push(int s, long v) {
        int p = (top - 1) & 7;
        if ((empty >>> p & 1) == 0) {
            if (!overflow()) return;
            s = INDEF_SE;
            v = INDEF_M;
        }
        top = p;
        se[p] = s & 0xffff;
        m[p] = v;
        empty &= ~(1 << p);
    }

    // ---- execution ----

    /** Executes an x87 escape instruction (Op.X87) and returns an interpreter exit code. */
    public int exec(Core c, Insn d) {
        int esc = d.opcode & 7;
        int reg = d.reg & 7;
        if (d.isMem()) {
            boolean control = (esc == 1 && (reg == 6 || reg == 7)) || (esc == 5 && (reg == 6 || reg == 7));
            if (!control && pending()) return Exit.MF;
            return execMem(c, d, esc, reg);
        }
        int i = d.rm & 7;
        int code = esc << 8 | 0xc0 | reg << 3 | i;
        boolean control = code == 0x3e2 || code == 0x3e3 || code == 0x7e0;
        if (!control && pending()) return Exit.MF;
        return execReg(c, d, esc, reg, i);
    }

    private void notePointers(Insn d, int esc, long ea) {
        fip = d.rip;
        fop = esc << 8 | modrm(d);
        if (d.isMem()) fdp = ea;
    }

    static int modrm(Insn d) {
        int rmField;
        if (d.mod == 3) rmField = d.rm & 7;
        else if (d.base == Insn.RIP_BASE) rmField = 5;
        else if (d.index != Insn.NO_REG || d.base == Insn.NO_REG || (d.base & 7) == 4) rmField = 4;
        else rmField = d.base & 7;
        return d.mod << 6 | (d.reg & 7) << 3 | rmField;
    }

    // ---- memory forms ----

    private int execMem(Core c, Insn d, int esc, int reg) {
        Mmu mm = c.mmu;
        long a = c.ea(d);
        switch (esc) {
            case 0, 2, 4, 6 -> {
                // arithmetic with a memory operand: 0 m32fp, 2 m32int, 4 m64fp, 6 m16int
                int bse;
                long bm;
                begin();
                switch (esc) {
                    case 0 -> { f.fromIeee(mm.read32(a) & 0xffff_ffffL, false, true); bse = f.rse; bm = f.rm; }
                    case 4 -> { f.fromIeee(mm.read64(a), true, true); bse = f.rse; bm = f.rm; }
                    case 2 -> { f.loadDenormal = false; f.fromLong(mm.read32(a)); bse = f.rse; bm = f.rm; }
                    default -> { f.loadDenormal = false; f.fromLong((short) mm.read16(a)); bse = f.rse; bm = f.rm; }
                }
                notePointers(d, esc, a);
                arithWith(reg, bse, bm);
            }
            case 1 -> {
                switch (reg) {
                    case 0 -> {
                        int v = mm.read32(a);
                        notePointers(d, esc, a);
                        begin();
                        f.fromIeee(v & 0xffff_ffffL, false);
                        if (f.loadDenormal) f.flags |= DE;
                        loadResult();
                    }
                    case 2, 3 -> {
                        mm.checkWrite(a, 4);
                        notePointers(d, esc, a);
                        storeIeee(c, a, false, reg == 3);
                    }
                    case 4 -> FxSave.fldenv(this, c, a, d.opSize == 2);
                    case 5 -> {
                        cw = mm.read16(a) & 0x1f7f | 0x40;
                        updateEs();
                    }
                    case 6 -> FxSave.fnstenv(this, c, a, d.opSize == 2);
                    case 7 -> mm.write16(a, cw);
                    default -> { return Exit.UD; }
                }
            }
            case 3 -> {
                switch (reg) {
                    case 0 -> {
                        int v = mm.read32(a);
                        notePointers(d, esc, a);
                        begin();
                        f.fromLong(v);
                        loadResult();
                    }
                    case 1, 2, 3 -> {
                        mm.checkWrite(a, 4);
                        notePointers(d, esc, a);
                        storeInt(c, a, 4, reg == 1, reg != 2);
                    }
                    case 5 -> {
                        long lo = mm.read64(a);
                        int hi = mm.read16(a + 8);
                        notePointers(d, esc, a);
                        begin();
                        pushChecked(hi, lo);
                    }
                    case 7 -> {
                        mm.checkWrite(a, 10);
                        notePointers(d, esc, a);
                        if (isEmpty(0)) {
                            if (!underflow()) return CONT;
                            mm.write64(a, INDEF_M);
                            mm.write16(a + 8, INDEF_SE);
                        } else {
                            mm.write64(a, stM(0));
                            mm.write16(a + 8, stSe(0));
                            sw &= ~SW_C1;
                        }
                        pop();
                    }
                    default -> { return Exit.UD; }
                }
            }
            case 5 -> {
                switch (reg) {
                    case 0 -> {
                        long v = mm.read64(a);
                        notePointers(d, esc, a);
                        begin();
                        f.fromIeee(v, true);
                        if (f.loadDenormal) f.flags |= DE;
                        loadResult();
                    }
                    case 1 -> {
                        mm.checkWrite(a, 8);
                        notePointers(d, esc, a);
                        storeInt(c, a, 8, true, true);
                    }
                    case 2, 3 -> {
                        mm.checkWrite(a, 8);
                        notePointers(d, esc, a);
                        storeIeee(c, a, true, reg == 3);
                    }
                    case 4 -> FxSave.frstor(this, c, a, d.opSize == 2);
                    case 6 -> FxSave.fnsave(this, c, a, d.opSize == 2);
                    case 7 -> mm.write16(a, status());
                    default -> { return Exit.UD; }
                }
            }
            default -> { // 7
                switch (reg) {
                    case 0 -> {
                        int v = (short) mm.read16(a);
                        notePointers(d, esc, a);
                        begin();
                        f.fromLong(v);
                        loadResult();
                    }
                    case 1, 2, 3 -> {
                        mm.checkWrite(a, 2);
                        notePointers(d, esc, a);
                        storeInt(c, a, 2, reg == 1, reg != 2);
                    }
                    case 4 -> {
                        long lo = mm.read64(a);
                        int hi = mm.read16(a + 8);
                        notePointers(d, esc, a);
                        begin();
                        fromBcd(lo, hi);
                        loadResult();
                    }
                    case 5 -> {
                        long v = mm.read64(a);
                        notePointers(d, esc, a);
                        begin();
                        f.fromLong(v);
                        loadResult();
                    }
                    case 6 -> {
                        mm.checkWrite(a, 10);
                        notePointers(d, esc, a);
                        storeBcd(c, a);
                    }
                    default -> {
                        mm.checkWrite(a, 8);
                        notePointers(d, esc, a);
                        storeInt(c, a, 8, false, true);
                    }
                }
            }
        }
        return CONT;
    }

    private static final int CONT = Exit.CONTINUE;

    /** Pushes the loaded value in f.rse/f.rm (FLD m32/m64, FILD, FBLD) after recording its exceptions. */
    private void loadResult() {
        if ((f.flags & ~cw & DE) != 0 && (empty >>> ((top - 1) & 7) & 1) != 0) {
            // an unmasked denormal operand of a load still loads (as the host does); a stack
            // overflow hides it
            f.flags &= ~DE;
            pushChecked(f.rse, f.rm);
            sw |= DE;
            updateEs();
            return;
        }
        pushChecked(f.rse, f.rm);
    }

    private void pushChecked(int s, long v) {
        int p = (top - 1) & 7;
        if ((empty >>> p & 1) == 0) {
            overflow();
            if ((cw & IE) == 0) return;
            s = INDEF_SE;
            v = INDEF_M;
            top = p;
            se[p] = s;
            m[p] = v;
            empty &= ~(1 << p);
            return;
        }
        if (!commit()) return;
        sw &= ~SW_C1;
        top = p;
        se[p] = s & 0xffff;
        m[p] = v;
        empty &= ~(1 << p);
    }

    private void storeIeee(Core c, long a, boolean dbl, boolean popAfter) {
        begin();
        long bits;
        if (isEmpty(0)) {
            if (!underflow()) return;
            bits = dbl ? 0xfff8_0000_0000_0000L : 0xffc0_0000L;
        } else {
            bits = f.toIeee(stSe(0), stM(0), dbl);
            if ((f.flags & ~cw & (OE | UE)) != 0) {
                f.flags &= ~PE; // nothing is stored, so nothing is inexact
                f.c1 = false;
            }
            int unmasked = f.flags & ~cw & 0x3f;
            sw |= f.flags & 0x3f;
            sw = (sw & ~SW_C1) | (f.c1 ? SW_C1 : 0);
            updateEs();
            if ((unmasked & (IE | DE | OE | UE)) != 0) return; // nothing stored, no pop
        }
        if (dbl) c.mmu.write64(a, bits);
        else c.mmu.write32(a, (int) bits);
        if (popAfter) pop();
    }

    private void storeInt(Core c, long a, int size, boolean truncate, boolean popAfter) {
        begin();
        long v;
        if (isEmpty(0)) {
            if (!underflow()) return;
            v = size == 8 ? Long.MIN_VALUE : size == 4 ? Integer.MIN_VALUE : Short.MIN_VALUE;
        } else {
            v = f.toInt(stSe(0), stM(0), size, truncate ? RC_ZERO : f.rc);
            int unmasked = f.flags & ~cw & 0x3f;
            sw |= f.flags & 0x3f;
            sw = (sw & ~SW_C1) | (f.c1 ? SW_C1 : 0);
            updateEs();
            if ((unmasked & (IE | DE)) != 0) return;
        }
        c.mmu.write(a, size, v);
        if (popAfter) pop();
    }

    // ---- BCD ----

    private void fromBcd(long lo, int hi) {
        long v = 0;
        for (int k = 8; k >= 0; k--) {
            int b = k == 8 ? hi & 0xff : (int) (lo >>> (8 * k)) & 0xff;
            v = v * 100 + (b >>> 4) * 10 + (b & 15); // invalid digits: undefined, computed as is
        }
        f.fromLong(v);
        if ((hi & 0x8000) != 0) f.rse |= 0x8000; // -0 stays negative
    }

    private void storeBcd(Core c, long a) {
        begin();
        long lo;
        int hi;
        if (isEmpty(0)) {
            if (!underflow()) return;
            lo = 0xc000_0000_0000_0000L;
            hi = 0xffff;
        } else {
            int s = stSe(0);
            long v = f.toInt(s, stM(0), 8, f.rc);
            boolean bad = f.intInvalid || v == Long.MIN_VALUE || Math.abs(v) > 999_999_999_999_999_999L;
            if (bad) {
                f.flags = (f.flags & ~PE) | IE;
                f.c1 = false;
            }
            int unmasked = f.flags & ~cw & 0x3f;
            sw |= f.flags & 0x3f;
            sw = (sw & ~SW_C1) | (f.c1 ? SW_C1 : 0);
            updateEs();
            if ((unmasked & (IE | DE)) != 0) return;
            if (bad) {
                lo = 0xc000_0000_0000_0000L;
                hi = 0xffff;
            } else {
                long mag = Math.abs(v);
                lo = 0;
                for (int k = 0; k < 8; k++) {
                    long dd = mag % 100;
                    mag /= 100;
                    lo |= ((dd / 10) << 4 | dd % 10) << (8 * k);
                }
                long dd = mag % 100;
                hi = (int) ((dd / 10) << 4 | dd % 10) | ((s & 0x8000) != 0 ? 0x8000 : 0);
            }
        }
        c.mmu.write64(a, lo);
        c.mmu.write16(a + 8, hi);
        pop();
    }

    // ---- arithmetic ----

    /** ST(0) = ST(0) op b for the memory forms; reg: 0 add, 1 mul, 2 com, 3 comp, 4 sub, 5 subr, 6 div, 7 divr. */
    private void arithWith(int reg, int bse, long bm) {
        // the load of the operand may itself raise IE (SNaN) or DE (denormal single/double)
        if (isEmpty(0)) {
            if (reg == 2 || reg == 3) {
                boolean masked = underflow();
                setCc(SW_C0 | SW_C2 | SW_C3);
                if (reg == 3 && masked) pop();
                return;
            }
            if (underflow()) setSt(0, INDEF_SE, INDEF_M);
            return;
        }
        if (f.loadDenormal) {
            int c0 = classify(stSe(0), stM(0));
            if (!isNaN(c0) && c0 != UNSUPPORTED) f.flags |= DE;
        }
        if (reg == 2 || reg == 3) {
            compareInto(stSe(0), stM(0), bse, bm, true);
            if (reg == 3 && ((f.flags & ~cw & (IE | DE)) == 0)) pop();
            return;
        }
        compute(reg, stSe(0), stM(0), bse, bm);
        if ((f.flags & ZE) != 0) f.flags &= ~DE; // the host reports no denormal with a division by zero
        if (commit()) setSt(0, f.rse, f.rm);
    }

    /** Computes a op b into f (reg numbering of the D8 group). */
    private void compute(int reg, int ase, long am, int bse, long bm) {
        int keep = f.flags;
        switch (reg) {
            case 0 -> f.add(ase, am, bse, bm, false);
            case 1 -> f.mul(ase, am, bse, bm);
            case 4 -> f.add(ase, am, bse, bm, true);
            case 5 -> f.add(bse, bm, ase, am, true);
            case 6 -> f.div(ase, am, bse, bm);
            default -> f.div(bse, bm, ase, am);
        }
        f.flags |= keep;
    }

    private void compareInto(int ase, long am, int bse, long bm, boolean signalQuiet) {
        int r = f.compare(ase, am, bse, bm, signalQuiet);
        int fl = f.flags;
        sw |= fl & 0x3f;
        updateEs();
        setCc(switch (r) {
            case 1 -> 0;
            case -1 -> SW_C0;
            case 0 -> SW_C3;
            default -> SW_C0 | SW_C2 | SW_C3;
        });
    }

    /** FCOMI family: sets ZF, PF, CF (OF, SF, AF cleared). Returns false on an unmasked exception. */
    private void comi(Core c, int i, boolean signalQuiet, boolean popAfter) {
        begin();
        int r;
        boolean masked;
        if (isEmpty(0) || isEmpty(i)) {
            masked = underflow();
            r = 2;
        } else {
            r = f.compare(stSe(0), stM(0), stSe(i), stM(i), signalQuiet);
            int fl = f.flags;
            sw |= fl & 0x3f; // C1 is left alone (as the host does)
            updateEs();
            masked = (fl & ~cw & (IE | DE)) == 0;
        }
        long bits = switch (r) {
            case 1 -> 0;
            case -1 -> Core.CF;
            case 0 -> Core.ZF;
            default -> Core.ZF | Core.PF | Core.CF;
        };
        c.setArith(bits); // set even when the exception is unmasked (as the host does)
        if (popAfter && masked) pop();
    }

    // ---- register forms ----

    private int execReg(Core c, Insn d, int esc, int reg, int i) {
        boolean controlOnly = esc == 1 && reg == 2 || esc == 3 && reg == 4 || esc == 5 && reg == 0
                || esc == 1 && (reg == 6 && (i == 6 || i == 7)) || esc == 7 && reg == 4;
        if (!controlOnly) {
            fip = d.rip;
            fop = esc << 8 | 0xc0 | reg << 3 | i;
        }
        switch (esc) {
            case 0 -> {
                begin();
                if (reg == 2 || reg == 3) {
                    compareRegs(0, i, true, reg == 3 ? 1 : 0);
                    return CONT;
                }
                binary(0, 0, i, reg, false);
            }
            case 4 -> {
                if (reg == 2 || reg == 3) return Exit.UD;
                begin();
                // ST(i) = ST(i) op ST(0) (Intel: DC E0+i is FSUBR, E8+i FSUB, F0+i FDIVR, F8+i FDIV)
                binary(i, i, 0, swapRev(reg), false);
            }
            case 6 -> {
                begin();
                if (reg == 3) {
                    if (i != 1) return Exit.UD;
                    compareRegs(0, 1, true, 2);
                    return CONT;
                }
                if (reg == 2) return Exit.UD;
                binary(i, i, 0, swapRev(reg), true);
            }
            case 1 -> { return d9(c, reg, i); }
            case 2 -> {
                if (reg < 4) return fcmov(c, i, reg, false);
                if (reg == 5 && i == 1) {
                    begin();
                    compareRegs(0, 1, false, 2);
                    return CONT;
                }
                return Exit.UD;
            }
            case 3 -> {
                if (reg < 4) return fcmov(c, i, reg, true);
                if (reg == 4) {
                    switch (i) {
                        case 2 -> { sw &= ~(0x3f | SW_SF | SW_ES | SW_B); }
                        case 3 -> init();
                        case 0, 1, 4 -> { }
                        default -> { return Exit.UD; }
                    }
                    return CONT;
                }
                if (reg == 5) { comi(c, i, false, false); return CONT; }
                if (reg == 6) { comi(c, i, true, false); return CONT; }
                return Exit.UD;
            }
            case 5 -> {
                switch (reg) {
                    case 0 -> {
                        empty |= 1 << phys(i);
                        sw &= ~SW_C1;
                    }
                    case 2, 3 -> {
                        begin();
                        if (isEmpty(0)) {
                            if (!underflow()) return CONT;
                            setSt(i, INDEF_SE, INDEF_M);
                        } else {
                            sw &= ~SW_C1;
                            setSt(i, stSe(0), stM(0));
                        }
                        if (reg == 3) pop();
                    }
                    case 4, 5 -> {
                        begin();
                        compareRegs(0, i, false, reg == 5 ? 1 : 0);
                    }
                    default -> { return Exit.UD; }
                }
            }
            default -> { // 7
                switch (reg) {
                    case 0 -> { // FFREEP
                        empty |= 1 << phys(i);
                        sw &= ~SW_C1;
                        pop();
                    }
                    case 4 -> {
                        if (i != 0) return Exit.UD;
                        c.setReg(0, 2, status());
                    }
                    case 5 -> comi(c, i, false, true);
                    case 6 -> comi(c, i, true, true);
                    default -> { return Exit.UD; }
                }
            }
        }
        return CONT;
    }

    /** DC/DE register forms name the reversed operation relative to D8 (ST(i) is the destination). */
    private static int swapRev(int reg) {
        return switch (reg) {
            case 4 -> 5;
            case 5 -> 4;
            case 6 -> 7;
            case 7 -> 6;
            default -> reg;
        };
    }

    /** ST(dst) = ST(a) op ST(b), reg numbering of the D8 group; pops after when asked. */
    private void binary(int dst, int a, int b, int reg, boolean popAfter) {
        if (isEmpty(a) || isEmpty(b)) {
            if (!underflow()) return;
            setSt(dst, INDEF_SE, INDEF_M);
            if (popAfter) pop();
            return;
        }
        compute(reg, stSe(a), stM(a), stSe(b), stM(b));
        if (!commit()) return;
        setSt(dst, f.rse, f.rm);
        if (popAfter) pop();
    }

    private void compareRegs(int a, int b, boolean signalQuiet, int pops) {
        if (isEmpty(a) || isEmpty(b)) {
            boolean masked = underflow();
            setCc(SW_C0 | SW_C2 | SW_C3); // unordered, even when the exception is unmasked
            if (!masked) return;
        } else {
            compareInto(stSe(a), stM(a), stSe(b), stM(b), signalQuiet);
            if ((f.flags & ~cw & (IE | DE)) != 0) return;
            sw &= ~SW_C1;
        }
        for (int k = 0; k < pops; k++) pop();
    }

    private int fcmov(Core c, int i, int cond, boolean negate) {
        boolean t = switch (cond) {
            case 0 -> c.cond(2);      // B
            case 1 -> c.cond(4);      // E
            case 2 -> c.cond(6);      // BE
            default -> c.cond(10);    // U (PF)
        };
        if (negate) t = !t;
        begin();
        if (isEmpty(0) || isEmpty(i)) {
            if (underflow()) setSt(0, INDEF_SE, INDEF_M); // whatever the condition
            return CONT;
        }
        if (t) setSt(0, stSe(i), stM(i));
        return CONT;
    }

    // the constants, each {significand rounded down, exponent, round-nearest goes up}
    private static final long[][] CONSTS = {
            {0xd49a784bcd1b8afeL, 0x4000, 0}, // log2(10)
            {0xb8aa3b295c17f0bbL, 0x3fff, 1}, // log2(e)
            {0xc90fdaa22168c234L, 0x4000, 1}, // pi
            {0x9a209a84fbcff798L, 0x3ffd, 1}, // log10(2)
            {0xb17217f7d1cf79abL, 0x3ffe, 1}, // ln(2)
    };

    private int d9(Core c, int reg, int i) {
        switch (reg) {
            case 0 -> { // FLD ST(i)
                begin();
                if (isEmpty(i)) {
                    if (!underflow()) return CONT;
                    top = (top - 1) & 7;
                    setSt(0, INDEF_SE, INDEF_M);
                    return CONT;
                }
                int s = stSe(i);
                long v = stM(i);
                sw &= ~SW_C1;
                push(s, v);
            }
            case 1 -> { // FXCH
                begin();
                if (isEmpty(0) || isEmpty(i)) {
                    if (!underflow()) return CONT;
                    if (isEmpty(0)) setSt(0, INDEF_SE, INDEF_M);
                    if (isEmpty(i)) setSt(i, INDEF_SE, INDEF_M);
                }
                int p0 = phys(0), pi = phys(i);
                int ts = se[p0];
                long tm = m[p0];
                se[p0] = se[pi];
                m[p0] = m[pi];
                se[pi] = ts;
                m[pi] = tm;
                if (!(isEmpty(0) || isEmpty(i))) sw &= ~SW_C1;
            }
            case 2 -> {
                if (i != 0) return Exit.UD; // FNOP
            }
            case 3 -> { return Exit.UD; }
            case 4 -> {
                begin();
                switch (i) {
                    case 0, 1 -> { // FCHS, FABS
                        if (isEmpty(0)) {
                            if (underflow()) setSt(0, INDEF_SE, INDEF_M);
                            return CONT;
                        }
                        int s = stSe(0);
                        setSt(0, i == 0 ? s ^ 0x8000 : s & 0x7fff, stM(0));
                        sw &= ~SW_C1;
                    }
                    case 4 -> { // FTST
                        if (isEmpty(0)) {
                            underflow();
                            setCc(SW_C0 | SW_C2 | SW_C3);
                            return CONT;
                        }
                        compareInto(stSe(0), stM(0), 0, 0, true);
                        if ((f.flags & ~cw & (IE | DE)) == 0) sw &= ~SW_C1;
                    }
                    case 5 -> fxam();
                    default -> { return Exit.UD; }
                }
            }
            case 5 -> {
                begin();
                if (i == 7) return Exit.UD;
                int s;
                long v;
                if (i == 0) { s = 0x3fff; v = INT_BIT; }
                else if (i == 6) { s = 0; v = 0; }
                else {
                    long[] k = CONSTS[i - 1];
                    s = (int) k[1];
                    v = k[0];
                    int rc = f.rc;
                    if (rc == RC_UP || (rc == RC_NEAR && k[2] != 0)) v++;
                }
                sw &= ~SW_C1;
                push(s, v);
            }
            case 6 -> {
                begin();
                switch (i) {
                    case 0 -> X87Transcendental.f2xm1(this);
                    case 1 -> X87Transcendental.fyl2x(this, false);
                    case 2 -> X87Transcendental.fptan(this);
                    case 3 -> X87Transcendental.fpatan(this);
                    case 4 -> fxtract();
                    case 5 -> fprem(true);
                    case 6 -> { top = (top - 1) & 7; sw &= ~SW_C1; }
                    default -> { top = (top + 1) & 7; sw &= ~SW_C1; }
                }
            }
            default -> { // 7
                begin();
                switch (i) {
                    case 0 -> fprem(false);
                    case 1 -> X87Transcendental.fyl2x(this, true);
                    case 2 -> unary(0);
                    case 3 -> X87Transcendental.fsincos(this);
                    case 4 -> unary(1);
                    case 5 -> {
                        if (isEmpty(0) || isEmpty(1)) {
                            if (underflow()) setSt(0, INDEF_SE, INDEF_M);
                            return CONT;
                        }
                        f.scale(stSe(0), stM(0), stSe(1), stM(1));
                        if (commit()) setSt(0, f.rse, f.rm);
                    }
                    case 6 -> X87Transcendental.fsin(this, false);
                    default -> X87Transcendental.fsin(this, true);
                }
            }
        }
        return CONT;
    }

    /** FSQRT (0), FRNDINT (1). */
    private void unary(int kind) {
        if (isEmpty(0)) {
            if (underflow()) setSt(0, INDEF_SE, INDEF_M);
            return;
        }
        if (kind == 0) f.sqrt(stSe(0), stM(0));
        else f.roundInt(stSe(0), stM(0));
        if (commit()) setSt(0, f.rse, f.rm);
    }

    private void fxam() {
        int s = stSe(0);
        long v = stM(0);
        int c1 = (s & 0x8000) != 0 ? SW_C1 : 0;
        int bits;
        if (isEmpty(0)) bits = SW_C3 | SW_C0;
        else bits = switch (classify(s, v)) {
            case UNSUPPORTED -> 0;
            case QNAN, SNAN -> SW_C0;
            case NORMAL -> SW_C2;
            case INF -> SW_C2 | SW_C0;
            case ZERO -> SW_C3;
            default -> SW_C3 | SW_C2; // denormal, pseudo-denormal
        };
        setCc(bits | c1);
    }

    private void fxtract() {
        if (isEmpty(0)) {
            if (!underflow()) return;
            setSt(0, INDEF_SE, INDEF_M);
            pushForced(INDEF_SE, INDEF_M);
            return;
        }
        if (!isEmpty(7)) {
            if (!overflow()) return;
            setSt(0, INDEF_SE, INDEF_M);
            push(INDEF_SE, INDEF_M);
            return;
        }
        int s = stSe(0);
        long v = stM(0);
        int cls = classify(s, v);
        int es;
        long em, ss;
        int sse;
        switch (cls) {
            case UNSUPPORTED -> {
                f.flags |= IE;
                if (!commit()) return;
                es = INDEF_SE; em = INDEF_M; sse = INDEF_SE; ss = INDEF_M;
            }
            case QNAN, SNAN -> {
                if (cls == SNAN) f.flags |= IE;
                if (!commit()) return;
                es = s; em = v | QUIET; sse = s; ss = v | QUIET;
            }
            case INF -> { es = EXP_MAX; em = INT_BIT; sse = s; ss = v; }
            case ZERO -> {
                f.flags |= ZE;
                if (!commit()) return;
                es = 0x8000 | EXP_MAX; em = INT_BIT; sse = s; ss = 0;
            }
            default -> {
                if (cls == DENORMAL) f.flags |= DE;
                if (!commit()) return;
                int e = Float80.exponentOf(s, v) - BIAS;
                f.fromLong(e);
                es = f.rse; em = f.rm;
                sse = (s & 0x8000) | BIAS;
                ss = Float80.significandOf(v);
            }
        }
        sw &= ~SW_C1;
        setSt(0, es, em);
        push(sse, ss);
    }

    /** FPREM (IEEE = false: truncating quotient) and FPREM1 (round to nearest quotient). */
    private void fprem(boolean ieee) {
        if (isEmpty(0) || isEmpty(1)) {
            sw &= ~SW_C2;
            if (underflow()) setSt(0, INDEF_SE, INDEF_M);
            return;
        }
        X87Transcendental.remainder(this, ieee);
    }

    // ---- helpers for X87Transcendental (same package) ----

    boolean emptyAt(int i) {
        return isEmpty(i);
    }

    int seAt(int i) {
        return stSe(i);
    }

    long mAt(int i) {
        return stM(i);
    }

    void put(int i, int s, long v) {
        setSt(i, s, v);
    }

    boolean commitResult() {
        return commit();
    }

    boolean stackUnderflow() {
        return underflow();
    }

    boolean stackOverflow() {
        return overflow();
    }

    void pushValue(int s, long v) {
        push(s, v);
    }

    /** Pushes without the stack-overflow check (after an underflow has been reported). */
    void pushForced(int s, long v) {
        top = (top - 1) & 7;
        setSt(0, s, v);
    }

    void popValue() {
        pop();
    }

    void conditionCodes(int bits) {
        setCc(bits);
    }
}
