package io.helctic.machine.cpu.x86_64.core;

/**
 * The x87 environment and state images: FNSTENV/FLDENV (28 bytes, or 14 with a 16-bit operand
 * size), FNSAVE/FRSTOR (the environment and eight 10-byte registers in stack order) and
 * FXSAVE/FXRSTOR (512 bytes: control, status, abridged tag, FOP, FIP, FDP, MXCSR at 24 and
 * MXCSR_MASK at 28, ST0-ST7 at 32 in 16-byte slots, XMM0-15 at 160; bytes 416-511 are not
 * touched). With REX.W (FXSAVE64) FIP and FDP are 64 bits; without, 32-bit offsets and
 * (zero) selectors. Every store checks the whole destination before writing anything.
 */
public final class FxSave {
    private FxSave() {}

    /** MXCSR bits FXRSTOR/LDMXCSR accept (DAZ included). */
    static final int MXCSR_MASK = 0xffff;

    public static void fnstenv(X87State x, Core c, long a, boolean small) {
        Mmu m = c.mmu;
        m.checkWrite(a, small ? 14 : 28);
        writeEnv(x, m, a, small);
        x.cw |= 0x3f; // FNSTENV masks all exceptions after storing
        x.sw &= ~(X87State.SW_ES | X87State.SW_B);
    }

    private static void writeEnv(X87State x, Mmu m, long a, boolean small) {
        if (small) {
            m.write16(a, x.cw);
            m.write16(a + 2, x.status());
            m.write16(a + 4, x.tagWord());
            m.write16(a + 6, (int) x.fip);
            m.write16(a + 8, x.fop & 0x7ff);
            m.write16(a + 10, (int) x.fdp);
            m.write16(a + 12, 0);
        } else {
            m.write32(a, 0xffff_0000 | x.cw);
            m.write32(a + 4, 0xffff_0000 | x.status());
            m.write32(a + 8, 0xffff_0000 | x.tagWord());
            m.write32(a + 12, (int) x.fip);
            m.write32(a + 16, (x.fop & 0x7ff) << 16);
            m.write32(a + 20, (int) x.fdp);
            m.write32(a + 24, 0xffff_0000);
        }
    }

    public static void fldenv(X87State x, Core c, long a, boolean small) {
        Mmu m = c.mmu;
        int cw, sw, tw;
        long fip, fdp;
        int fop;
        if (small) {
            cw = m.read16(a);
            sw = m.read16(a + 2);
            tw = m.read16(a + 4);
            fip = m.read16(a + 6);
            fop = m.read16(a + 8) & 0x7ff;
            fdp = m.read16(a + 10);
        } else {
            cw = m.read16(a);
            sw = m.read16(a + 4);
            tw = m.read16(a + 8);
            fip = m.read32(a + 12) & 0xffff_ffffL;
            fop = (m.read32(a + 16) >>> 16) & 0x7ff;
            fdp = m.read32(a + 20) & 0xffff_ffffL;
        }
        loadEnv(x, cw, sw, tw, fip, fdp, fop);
    }

    private static void loadEnv(X87State x, int cw, int sw, int tw, long fip, long fdp, int fop) {
        x.cw = cw & 0x1f7f | 0x40;
        x.setStatus(sw);
        x.setTagWord(tw);
        x.fip = fip;
        x.fdp = fdp;
        x.fop = fop;
        if ((x.sw & ~x.cw & 0x3f) != 0) x.sw |= X87State.SW_ES | X87State.SW_B;
        else x.sw &= ~(X87State.SW_ES | X87State.SW_B);
    }

    public static void fnsave(X87State x, Core c, long a, boolean small) {
        Mmu m = c.mmu;
        int env = small ? 14 : 28;
        m.checkWrite(a, env + 80);
        writeEnv(x, m, a, small);
        for (int i = 0; i < 8; i++) {
            int p = x.phys(i);
            m.write64(a + env + 10L * i, x.m[p]);
            m.write16(a + env + 10L * i + 8, x.se[p]);
        }
        x.init();
    }

    public static void frstor(X87State x, Core c, long a, boolean small) {
        Mmu m = c.mmu;
        int env = small ? 14 : 28;
        long[] regs = new long[8];
        int[] ses = new int[8];
        for (int i = 0; i < 8; i++) {
            regs[i] = m.read64(a + env + 10L * i);
            ses[i] = m.read16(a + env + 10L * i + 8);
        }
        fldenv(x, c, a, small);
        for (int i = 0; i < 8; i++) {
            int p = x.phys(i);
            x.m[p] = regs[i];
            x.se[p] = ses[i];
        }
    }

    /** FXSAVE (wide = REX.W): returns an interpreter exit code (#GP when misaligned). */
    public static int fxsave(X87State x, Core c, long a, boolean wide) {
        if ((a & 15) != 0) return Exit.GP;
        Mmu m = c.mmu;
        m.checkWrite(a, 416);
        byte[] img = image(x, c, wide);
        for (int k = 0; k < 416; k += 8) m.write64(a + k, (long) Mmu.I64.get(img, k));
        return Exit.CONTINUE;
    }

    public static int fxrstor(X87State x, Core c, long a, boolean wide) {
        if ((a & 15) != 0) return Exit.GP;
        Mmu m = c.mmu;
        byte[] img = new byte[512];
        for (int k = 0; k < 416; k += 8) Mmu.I64.set(img, k, m.read64(a + k));
        return load(x, c, img, wide) ? Exit.CONTINUE : Exit.GP;
    }

    /** The FXSAVE image (bytes 0-415 written, the rest zero). */
    public static byte[] image(X87State x, Core c, boolean wide) {
        byte[] img = new byte[512];
        Mmu.I16.set(img, 0, (short) x.cw);
        Mmu.I16.set(img, 2, (short) x.status());
        img[4] = (byte) x.abridgedTag();
        Mmu.I16.set(img, 6, (short) (x.fop & 0x7ff));
        Mmu.I64.set(img, 8, wide ? x.fip : x.fip & 0xffff_ffffL);
        Mmu.I64.set(img, 16, wide ? x.fdp : x.fdp & 0xffff_ffffL);
        Mmu.I32.set(img, 24, c.mxcsr.value);
        Mmu.I32.set(img, 28, MXCSR_MASK);
        for (int i = 0; i < 8; i++) {
            int p = x.phys(i);
            Mmu.I64.set(img, 32 + 16 * i, x.m[p]);
            Mmu.I16.set(img, 40 + 16 * i, (short) x.se[p]);
        }
        for (int k = 0; k < 32; k++) Mmu.I64.set(img, 160 + 8 * k, c.xmm[k]);
        return img;
    }

    /** Loads an FXSAVE image; false (nothing changed) when MXCSR has bits outside {@link #MXCSR_MASK}. */
    public static boolean load(X87State x, Core c, byte[] img, boolean wide) {
        int mxcsr = (int) Mmu.I32.get(img, 24);
        if ((mxcsr & ~MXCSR_MASK) != 0) return false;
        long fip = wide ? (long) Mmu.I64.get(img, 8) : (int) Mmu.I32.get(img, 8) & 0xffff_ffffL;
        long fdp = wide ? (long) Mmu.I64.get(img, 16) : (int) Mmu.I32.get(img, 16) & 0xffff_ffffL;
        loadEnv(x, (short) Mmu.I16.get(img, 0) & 0xffff, (short) Mmu.I16.get(img, 2) & 0xffff, 0, fip, fdp,
                (short) Mmu.I16.get(img, 6) & 0x7ff);
        x.setAbridgedTag(img[4] & 0xff);
        for (int i = 0; i < 8; i++) {
            int p = x.phys(i);
            x.m[p] = (long) Mmu.I64.get(img, 32 + 16 * i);
            x.se[p] = (short) Mmu.I16.get(img, 40 + 16 * i) & 0xffff;
        }
        for (int k = 0; k < 32; k++) c.xmm[k] = (long) Mmu.I64.get(img, 160 + 8 * k);
        c.mxcsr.value = mxcsr;
        return true;
    }
}
