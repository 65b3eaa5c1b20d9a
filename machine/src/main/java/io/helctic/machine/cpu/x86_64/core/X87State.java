package io.helctic.machine.cpu.x86_64.core;

import static io.helctic.machine.cpu.x86_64.core.Float80.NORMAL;
import static io.helctic.machine.cpu.x86_64.core.Float80.ZERO;
import static io.helctic.machine.cpu.x86_64.core.Float80.classify;

/**
 * The x87 FPU's state: eight 80-bit registers, control, status and tag words, last instruction
 * and data pointers, and the MMX view of the registers. Part of the CPU's state ({@link Core#x87},
 * saved and loaded by {@link FxSave}); the instructions that compute on it are {@code X87}'s,
 * which extends this class so that the CPU state needs nothing of the x87's execution.
 */
public class X87State {
    public static final int SW_SF = 0x40, SW_ES = 0x80, SW_C0 = 0x100, SW_C1 = 0x200, SW_C2 = 0x400, SW_C3 = 0x4000,
            SW_B = 0x8000;
    public static final int CC = SW_C0 | SW_C1 | SW_C2 | SW_C3;
    public static final int DEFAULT_CW = 0x037f;

    public final long[] m = new long[8];   // physical registers R0..R7: significand
    public final int[] se = new int[8];    // sign | exponent
    public int cw = DEFAULT_CW;
    public int sw;                         // status word without TOP
    public int top;
    public int empty = 0xff;               // bit i: physical register i is empty (tag 11)
    public long fip, fdp;
    public int fop;

    // ---- state ----

    public void init() {
        cw = DEFAULT_CW;
        sw = 0;
        top = 0;
        empty = 0xff;
        fip = 0;
        fdp = 0;
        fop = 0;
    }

    public int status() {
        return (sw & ~0x3800) | (top << 11);
    }

    public void setStatus(int v) {
        sw = v & ~0x3800;
        top = (v >>> 11) & 7;
    }

    public int phys(int i) {
        return (top + i) & 7;
    }

    public boolean isEmpty(int i) {
        return (empty >>> phys(i) & 1) != 0;
    }

    /** The full tag word as FNSTENV stores it: computed from the register contents. */
    public int tagWord() {
        int t = 0;
        for (int p = 0; p < 8; p++) {
            int tag;
            if ((empty >>> p & 1) != 0) tag = 3;
            else {
                int cls = classify(se[p], m[p]);
                tag = cls == ZERO ? 1 : cls == NORMAL ? 0 : 2;
            }
            t |= tag << (2 * p);
        }
        return t;
    }

    public void setTagWord(int t) {
        int e = 0;
        for (int p = 0; p < 8; p++) {
            if ((t >>> (2 * p) & 3) == 3) e |= 1 << p;
        }
        empty = e;
    }

    /** The abridged tag (FXSAVE): bit i set when physical register i is valid. */
    public int abridgedTag() {
        return ~empty & 0xff;
    }

    public void setAbridgedTag(int t) {
        empty = ~t & 0xff;
    }

    // ---- MMX: MMn is the significand of physical register Rn ----

    public long mmx(int n) {
        return m[n];
    }

    /** Writes MMn: the register's sign and exponent become all ones. */
    public void setMmx(int n, long v) {
        m[n] = v;
        se[n] = 0xffff;
    }

    /** The x87-to-MMX transition every MMX instruction but EMMS makes: TOP = 0, all registers valid. */
    public void enterMmx() {
        top = 0;
        empty = 0;
    }

    /** EMMS: all registers empty, TOP = 0. */
    public void emms() {
        top = 0;
        empty = 0xff;
    }

    /** Whether an unmasked exception is pending (ES): the next waiting instruction is #MF. */
    public boolean pending() {
        return (sw & SW_ES) != 0;
    }

    /** FWAIT. */
    public int fwait() {
        return pending() ? Exit.MF : Exit.CONTINUE;
    }
}
