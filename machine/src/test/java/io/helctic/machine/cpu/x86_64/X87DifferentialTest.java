package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The x87 against the host's: every form runs on thousands of edge and random states, once on
 * the host (a small C runner built here with gcc, which must be installed) and once in the
 * emulator, and the resulting FNSAVE image (control, status, tag word, registers), memory
 * operand, RAX and EFLAGS are compared bit for bit. The state is loaded with FRSTOR and read
 * back with FNSAVE in both, so the very same bytes run on both CPUs.
 */
class X87DifferentialTest {
    static final int REC = 4 + 64 + 108 + 512 + 16, OUT = 108 + 512 + 16;

    /** A form: its code bytes (memory operand at (%rsi)) and the kind of memory operand it reads. */
    record Form(String name, byte[] code, int memKind, boolean transcendental) {}

    static final int M_NONE = 0, M_F32 = 1, M_F64 = 2, M_F80 = 3, M_I16 = 4, M_I32 = 5, M_I64 = 6, M_BCD = 7,
            M_CW = 8, M_ENV = 9, M_SAVE = 10, M_FX = 11, M_ENV16 = 12, M_SAVE16 = 13;

    static List<Form> forms() {
        List<Form> f = new ArrayList<>();
        String[] ar = {"add", "mul", "com", "comp", "sub", "subr", "div", "divr"};
        for (int r = 0; r < 8; r++) {
            f.add(new Form("f" + ar[r] + "s m32", b(0xd8, r << 3 | 6), M_F32, false));
            f.add(new Form("f" + ar[r] + "l m64", b(0xdc, r << 3 | 6), M_F64, false));
            f.add(new Form("fi" + ar[r] + "l m32", b(0xda, r << 3 | 6), M_I32, false));
            f.add(new Form("fi" + ar[r] + "s m16", b(0xde, r << 3 | 6), M_I16, false));
            for (int i : new int[] {0, 1, 3}) {
                f.add(new Form("f" + ar[r] + " st(" + i + "),st", b(0xd8, 0xc0 | r << 3 | i), M_NONE, false));
                if (r != 2 && r != 3) {
                    f.add(new Form("DC f" + ar[r] + " st,st(" + i + ")", b(0xdc, 0xc0 | r << 3 | i), M_NONE, false));
                    f.add(new Form("DE f" + ar[r] + "p st,st(" + i + ")", b(0xde, 0xc0 | r << 3 | i), M_NONE, false));
                }
            }
        }
        f.add(new Form("flds", b(0xd9, 0x06), M_F32, false));
        f.add(new Form("fsts", b(0xd9, 0x16), M_NONE, false));
        f.add(new Form("fstps", b(0xd9, 0x1e), M_NONE, false));
        f.add(new Form("fldl", b(0xdd, 0x06), M_F64, false));
        f.add(new Form("fstl", b(0xdd, 0x16), M_NONE, false));
        f.add(new Form("fstpl", b(0xdd, 0x1e), M_NONE, false));
        f.add(new Form("fldt", b(0xdb, 0x2e), M_F80, false));
        f.add(new Form("fstpt", b(0xdb, 0x3e), M_NONE, false));
        f.add(new Form("fildl", b(0xdb, 0x06), M_I32, false));
        f.add(new Form("fisttpl", b(0xdb, 0x0e), M_NONE, false));
        f.add(new Form("fistl", b(0xdb, 0x16), M_NONE, false));
        f.add(new Form("fistpl", b(0xdb, 0x1e), M_NONE, false));
        f.add(new Form("filds", b(0xdf, 0x06), M_I16, false));
        f.add(new Form("fisttps", b(0xdf, 0x0e), M_NONE, false));
        f.add(new Form("fists", b(0xdf, 0x16), M_NONE, false));
        f.add(new Form("fistps", b(0xdf, 0x1e), M_NONE, false));
        f.add(new Form("fbld", b(0xdf, 0x26), M_BCD, false));
        f.add(new Form("fildll", b(0xdf, 0x2e), M_I64, false));
        f.add(new Form("fbstp", b(0xdf, 0x36), M_NONE, false));
        f.add(new Form("fistpll", b(0xdf, 0x3e), M_NONE, false));
        f.add(new Form("fisttpll", b(0xdd, 0x0e), M_NONE, false));
        f.add(new Form("fldcw", b(0xd9, 0x2e), M_CW, false));
        f.add(new Form("fnstcw", b(0xd9, 0x3e), M_NONE, false));
        f.add(new Form("fnstsw m16", b(0xdd, 0x3e), M_NONE, false));
        f.add(new Form("fnstsw ax", b(0xdf, 0xe0), M_NONE, false));
        f.add(new Form("fnstenv", b(0xd9, 0x36), M_NONE, false));
        f.add(new Form("fldenv", b(0xd9, 0x26), M_ENV, false));
        f.add(new Form("fnsave", b(0xdd, 0x36), M_NONE, false));
        f.add(new Form("fnstenv16", b(0x66, 0xd9, 0x36), M_NONE, false));
        f.add(new Form("fldenv16", b(0x66, 0xd9, 0x26), M_ENV16, false));
        f.add(new Form("fnsave16", b(0x66, 0xdd, 0x36), M_NONE, false));
        f.add(new Form("frstor16", b(0x66, 0xdd, 0x26), M_SAVE16, false));
        f.add(new Form("frstor", b(0xdd, 0x26), M_SAVE, false));
        f.add(new Form("fxsave", b(0x0f, 0xae, 0x06), M_NONE, false));
        f.add(new Form("fxsave64", b(0x48, 0x0f, 0xae, 0x06), M_NONE, false));
        f.add(new Form("fxrstor", b(0x0f, 0xae, 0x0e), M_FX, false));
        f.add(new Form("fxrstor64", b(0x48, 0x0f, 0xae, 0x0e), M_FX, false));
        f.add(new Form("fxrstor+fxsave", b(0x0f, 0xae, 0x0e, 0x0f, 0xae, 0x06), M_FX, false));
        f.add(new Form("fxrstor64+fxsave64", b(0x48, 0x0f, 0xae, 0x0e, 0x48, 0x0f, 0xae, 0x06), M_FX, false));
        for (int i : new int[] {0, 1, 2, 7}) {
            f.add(new Form("fld st(" + i + ")", b(0xd9, 0xc0 | i), M_NONE, false));
            f.add(new Form("fxch st(" + i + ")", b(0xd9, 0xc8 | i), M_NONE, false));
            f.add(new Form("ffree st(" + i + ")", b(0xdd, 0xc0 | i), M_NONE, false));
            f.add(new Form("fst st(" + i + ")", b(0xdd, 0xd0 | i), M_NONE, false));
            f.add(new Form("fstp st(" + i + ")", b(0xdd, 0xd8 | i), M_NONE, false));
            f.add(new Form("fucom st(" + i + ")", b(0xdd, 0xe0 | i), M_NONE, false));
            f.add(new Form("fucomp st(" + i + ")", b(0xdd, 0xe8 | i), M_NONE, false));
            f.add(new Form("fucomi st(" + i + ")", b(0xdb, 0xe8 | i), M_NONE, false));
            f.add(new Form("fcomi st(" + i + ")", b(0xdb, 0xf0 | i), M_NONE, false));
            f.add(new Form("fucomip st(" + i + ")", b(0xdf, 0xe8 | i), M_NONE, false));
            f.add(new Form("fcomip st(" + i + ")", b(0xdf, 0xf0 | i), M_NONE, false));
            f.add(new Form("ffreep st(" + i + ")", b(0xdf, 0xc0 | i), M_NONE, false));
            for (int c = 0; c < 4; c++) {
                f.add(new Form("fcmov" + c + " st(" + i + ")", b(0xda, 0xc0 | c << 3 | i), M_NONE, false));
                f.add(new Form("fcmovn" + c + " st(" + i + ")", b(0xdb, 0xc0 | c << 3 | i), M_NONE, false));
            }
        }
        f.add(new Form("fcompp", b(0xde, 0xd9), M_NONE, false));
        f.add(new Form("fucompp", b(0xda, 0xe9), M_NONE, false));
        f.add(new Form("fnop", b(0xd9, 0xd0), M_NONE, false));
        f.add(new Form("fnclex", b(0xdb, 0xe2), M_NONE, false));
        f.add(new Form("fninit", b(0xdb, 0xe3), M_NONE, false));
        f.add(new Form("fwait", b(0x9b), M_NONE, false));
        String[] e0 = {"fchs", "fabs", null, null, "ftst", "fxam", null, null,
                "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
                "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
                "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"};
        for (int k = 0; k < 32; k++) {
            if (e0[k] == null) continue;
            String n = e0[k];
            boolean tr = n.equals("f2xm1") || n.equals("fyl2x") || n.equals("fptan") || n.equals("fpatan")
                    || n.equals("fyl2xp1") || n.equals("fsincos") || n.equals("fsin") || n.equals("fcos");
            f.add(new Form(n, b(0xd9, 0xe0 + k), M_NONE, tr));
        }
        return f;
    }

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    // ---- values ----

    static final long[][] EDGE = {
            {0, 0}, {0x8000, 0}, {0x3fff, 0x8000_0000_0000_0000L}, {0xbfff, 0x8000_0000_0000_0000L},
            {0x3fff, 0xc000_0000_0000_0000L}, {0x4000, 0x8000_0000_0000_0000L}, {0x4000, 0xc90f_daa2_2168_c235L},
            {0xc000, 0xc90f_daa2_2168_c235L}, {0x3ffe, 0x8000_0000_0000_0000L}, {0x4000, 0xa000_0000_0000_0000L},
            {0x7ffe, 0xffff_ffff_ffff_ffffL}, {0xfffe, 0xffff_ffff_ffff_ffffL}, {0x0001, 0x8000_0000_0000_0000L},
            {0x8001, 0x8000_0000_0000_0000L}, {0x0000, 0x0000_0000_0000_0001L}, {0x8000, 0x7fff_ffff_ffff_ffffL},
            {0x0000, 0x8000_0000_0000_0000L}, {0x8000, 0xc000_0000_0000_0001L}, {0x4000, 0x4000_0000_0000_0000L},
            {0x7fff, 0}, {0x7fff, 0x4000_0000_0000_0001L}, {0x7fff, 0x8000_0000_0000_0000L},
            {0xffff, 0x8000_0000_0000_0000L}, {0x7fff, 0xc000_0000_0000_0000L}, {0xffff, 0xc123_4567_89ab_cdefL},
            {0x7fff, 0x8000_0000_0000_0001L}, {0xffff, 0x8abc_def0_1234_5678L}, {0xffff, 0xc000_0000_0000_0000L},
            {0x403e, 0x8000_0000_0000_0000L}, {0xc03e, 0x8000_0000_0000_0000L}, {0x403d, 0xffff_ffff_ffff_ffffL},
            {0x401e, 0x8000_0000_0000_0000L}, {0xc01e, 0x8000_0000_0000_0000L}, {0x400d, 0xffff_0000_0000_0000L},
            {0xc00e, 0x8001_0000_0000_0000L}, {0x3ffe, 0xc000_0000_0000_0000L}, {0x4000, 0xa000_0000_0000_0000L},
            {0xbffe, 0x8000_0000_0000_0000L}, {0x43fe, 0xffff_ffff_ffff_f800L}, {0x43fe, 0xffff_ffff_ffff_fc00L},
            {0x3c01, 0x8000_0000_0000_0000L}, {0x3c00, 0xffff_ffff_ffff_ffffL}, {0x3bcd, 0x8000_0000_0000_0400L},
            {0x407e, 0xffff_ff80_0000_0000L}, {0x3f81, 0x8000_0000_0000_0000L}, {0x3f6a, 0xc000_0000_0000_0000L},
            {0x403f, 0xc90f_daa2_2168_c235L}, {0x4060, 0xc90f_daa2_2168_c235L}, {0x4003, 0xfb53_d14a_a9c2_f2c2L},
            {0x4035, 0xc90f_daa2_2168_c234L}, {0x0005, 0x8000_0000_0000_0000L}, {0x7ff0, 0x8000_0000_0000_0000L},
    };

    /** A double as an extended (se, m) pair (normal doubles only). */
    static long[] ext(double d) {
        long b = Double.doubleToRawLongBits(d);
        int e = (int) (b >>> 52) & 0x7ff;
        return new long[] {(b < 0 ? 0x8000 : 0) | (e - 1023 + 16383), Long.MIN_VALUE | (b & 0xfffffffffffffL) << 11};
    }

    static long[] randomValue(SplittableRandom r) {
        if (r.nextInt(16) == 0) {
            // near a multiple of pi/2 (stresses FSIN/FCOS/FPTAN argument reduction and FPREM)
            double n = (double) (r.nextLong() >>> (1 + r.nextInt(62)));
            long[] v = ext(n * Math.PI / 2 + 0.0 == 0 ? Math.PI : Math.max(n, 1) * Math.PI / 2);
            v[1] += r.nextInt(5) - 2;
            return v;
        }
        int k = r.nextInt(10);
        if (k < 4) {
            long[] e = EDGE[r.nextInt(EDGE.length)];
            return new long[] {e[0], e[1]};
        }
        int sign = r.nextBoolean() ? 0x8000 : 0;
        long m = r.nextLong() | Long.MIN_VALUE;
        if (r.nextInt(8) == 0) m &= -(1L << (r.nextInt(64))); // short significands (exact cases)
        int e = switch (k) {
            case 4, 5, 6 -> 0x3fff - 8 + r.nextInt(16);
            case 7 -> 0x3fff - 70 + r.nextInt(140);
            case 8 -> r.nextInt(0x7fff);
            default -> switch (r.nextInt(4)) {
                case 0 -> 0x3c01 - 60 + r.nextInt(120);
                case 1 -> 0x43fe - 4 + r.nextInt(8);
                case 2 -> r.nextInt(70);
                default -> 0x7ffe - r.nextInt(70);
            };
        };
        if (e == 0) m >>>= 1 + r.nextInt(63);
        return new long[] {sign | e, m};
    }

    static long randomMem(SplittableRandom r, int kind) {
        switch (kind) {
            case M_F32 -> {
                int[] edge = {0, 0x80000000, 0x3f800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0x00000001,
                        0x807fffff, 0x7f7fffff, 0x00800000, 0xffc12345};
                return r.nextInt(3) == 0 ? edge[r.nextInt(edge.length)] & 0xffff_ffffL : r.nextInt() & 0xffff_ffffL;
            }
            case M_F64 -> {
                long[] edge = {0, Long.MIN_VALUE, 0x3ff0_0000_0000_0000L, 0x7ff0_0000_0000_0000L, 0xfff8_0000_0000_0000L,
                        0x7ff4_0000_0000_0001L, 1, 0x800f_ffff_ffff_ffffL, 0x7fef_ffff_ffff_ffffL, 0x0010_0000_0000_0000L};
                if (r.nextInt(3) == 0) return edge[r.nextInt(edge.length)];
                long v = r.nextLong();
                if (r.nextBoolean()) v = (v & 0x800f_ffff_ffff_ffffL) | ((long) (1023 - 20 + r.nextInt(40)) << 52);
                return v;
            }
            case M_I16 -> {
                int[] edge = {0, 1, -1, 32767, -32768, 2, 100};
                return (r.nextInt(3) == 0 ? edge[r.nextInt(edge.length)] : r.nextInt()) & 0xffff;
            }
            case M_I32 -> {
                int[] edge = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 3, 1000000};
                return (r.nextInt(3) == 0 ? edge[r.nextInt(edge.length)] : r.nextInt() >> r.nextInt(32)) & 0xffff_ffffL;
            }
            case M_I64 -> {
                long[] edge = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 63) - 1025};
                return r.nextInt(3) == 0 ? edge[r.nextInt(edge.length)] : r.nextLong() >> r.nextInt(64);
            }
            default -> { return r.nextLong(); }
        }
    }

    static final int[] PCS = {0, 1, 2, 3};

    /** An input FNSAVE image: random control word, status, tags and registers. */
    static byte[] randomImage(SplittableRandom r, boolean allowUnmasked) {
        ByteBuffer bb = ByteBuffer.allocate(108).order(ByteOrder.LITTLE_ENDIAN);
        int masks = 0x3f;
        if (allowUnmasked && r.nextInt(8) == 0) masks = r.nextInt(64);
        int cw = 0x40 | masks | PCS[r.nextInt(4)] << 8 | r.nextInt(4) << 10;
        int flags = r.nextInt(4) == 0 ? r.nextInt(128) & (masks | 0x40) : 0;
        if ((flags & ~masks & 0x3f) != 0) flags &= masks;
        int top = r.nextInt(8);
        int sw = flags | (r.nextInt(16) & 0xf) << 8 & 0x700 | (r.nextBoolean() ? 0x4000 : 0) | top << 11;
        int valid = switch (r.nextInt(6)) {
            case 0 -> 8;
            case 1 -> 0;
            case 2 -> 1;
            case 3 -> 7;
            default -> 2 + r.nextInt(4);
        };
        int tag = 0;
        for (int i = 0; i < 8; i++) {
            int phys = (top + i) & 7;
            boolean empty = i >= valid;
            if (valid > 0 && valid < 8 && r.nextInt(16) == 0) empty = !empty; // holes
            if (empty) tag |= 3 << (2 * phys);
        }
        bb.putInt(0, 0xffff0000 | cw);
        bb.putInt(4, 0xffff0000 | sw);
        bb.putInt(8, 0xffff0000 | tag);
        for (int i = 0; i < 8; i++) {
            long[] v = randomValue(r);
            bb.putLong(28 + 10 * i, v[1]);
            bb.putShort(28 + 10 * i + 8, (short) v[0]);
        }
        return bb.array();
    }

    record Case(Form form, byte[] image, byte[] mem, long rflags, long rax) {}

    static Case randomCase(Form form, SplittableRandom r) {
        boolean unmaskable = form.memKind != M_ENV && form.memKind != M_SAVE && form.memKind != M_FX
                && form.memKind != M_ENV16 && form.memKind != M_SAVE16;
        byte[] img = randomImage(r, unmaskable);
        byte[] mem = new byte[512];
        ByteBuffer mb = ByteBuffer.wrap(mem).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i += 8) mb.putLong(i, 0x5a5a5a5a5a5a5a5aL);
        switch (form.memKind) {
            case M_F32, M_I32 -> mb.putInt(0, (int) randomMem(r, form.memKind));
            case M_F64, M_I64 -> mb.putLong(0, randomMem(r, form.memKind));
            case M_I16 -> mb.putShort(0, (short) randomMem(r, form.memKind));
            case M_F80 -> {
                long[] v = randomValue(r);
                mb.putLong(0, v[1]);
                mb.putShort(8, (short) v[0]);
            }
            case M_BCD -> {
                long lo = 0;
                for (int k = 0; k < 16; k++) lo |= (long) r.nextInt(10) << (4 * k);
                mb.putLong(0, lo);
                mb.putShort(8, (short) ((r.nextInt(10) << 4 | r.nextInt(10)) | (r.nextBoolean() ? 0x8000 : 0)));
            }
            case M_CW -> mb.putShort(0, (short) (r.nextInt(4) << 10 | PCS[r.nextInt(4)] << 8 | 0x3f | (r.nextInt(4) == 0 ? 0x1000 : 0)));
            case M_ENV, M_SAVE -> {
                byte[] other = randomImage(r, false);
                System.arraycopy(other, 0, mem, 0, form.memKind == M_ENV ? 28 : 108);
            }
            case M_ENV16, M_SAVE16 -> {
                // the 16-bit layout: cw, sw, tw, ip, op, dp, ds (2 bytes each), then the registers
                ByteBuffer ob = ByteBuffer.wrap(randomImage(r, false)).order(ByteOrder.LITTLE_ENDIAN);
                mb.putShort(0, ob.getShort(0));
                mb.putShort(2, ob.getShort(4));
                mb.putShort(4, ob.getShort(8));
                for (int i = 6; i < 14; i += 2) mb.putShort(i, (short) r.nextInt());
                if (form.memKind == M_SAVE16) System.arraycopy(ob.array(), 28, mem, 14, 80);
            }
            case M_FX -> {
                byte[] other = randomImage(r, false);
                ByteBuffer ob = ByteBuffer.wrap(other).order(ByteOrder.LITTLE_ENDIAN);
                mb.putShort(0, ob.getShort(0));
                mb.putShort(2, ob.getShort(4));
                int tw = ob.getShort(8) & 0xffff, ab = 0;
                for (int p = 0; p < 8; p++) if ((tw >>> (2 * p) & 3) != 3) ab |= 1 << p;
                mem[4] = (byte) ab;
                mb.putInt(24, 0x1f80 | r.nextInt(0x40));
                for (int i = 0; i < 8; i++) {
                    mb.putLong(32 + 16 * i, ob.getLong(28 + 10 * i));
                    mb.putShort(40 + 16 * i, ob.getShort(36 + 10 * i));
                }
                for (int i = 160; i < 416; i += 8) mb.putLong(i, r.nextLong());
            }
            default -> { }
        }
        long fl = 0x202 | (r.nextBoolean() ? 1 : 0) | (r.nextBoolean() ? 4 : 0) | (r.nextBoolean() ? 0x40 : 0)
                | (r.nextBoolean() ? 0x80 : 0) | (r.nextBoolean() ? 0x800 : 0) | (r.nextBoolean() ? 0x10 : 0);
        return new Case(form, img, mem, fl, r.nextLong());
    }

    // ---- host ----

    static byte[] runHost(Path runner, List<Case> cases) throws Exception {
        Process p = new ProcessBuilder(runner.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(collected);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        reader.start();
        try (OutputStream os = p.getOutputStream()) {
            ByteBuffer bb = ByteBuffer.allocate(REC).order(ByteOrder.LITTLE_ENDIAN);
            for (Case c : cases) {
                bb.clear();
                bb.putInt(c.form.code.length);
                byte[] code = new byte[64];
                System.arraycopy(c.form.code, 0, code, 0, c.form.code.length);
                bb.put(code).put(c.image).put(c.mem).putLong(c.rflags).putLong(c.rax);
                os.write(bb.array());
            }
        }
        reader.join();
        assertThat(p.waitFor()).as("host runner exit status").isZero();
        byte[] out = collected.toByteArray();
        assertThat(out.length).isEqualTo(cases.size() * OUT);
        return out;
    }

    // ---- emulator ----

    static final long IN = TestMachine.DATA, MEM = TestMachine.DATA + 0x1000, OUTA = TestMachine.DATA + 0x2000,
            SCR = TestMachine.DATA + 0x3000;

    static byte[] runEmulated(TestMachine m, Case c) {
        ByteBuffer code = ByteBuffer.allocate(64 + 40).order(ByteOrder.LITTLE_ENDIAN);
        code.put((byte) 0x48).put((byte) 0xb8).putLong(c.rflags).put((byte) 0x50).put((byte) 0x9d);
        code.put((byte) 0x48).put((byte) 0xb8).putLong(c.rax);
        code.put((byte) 0xdd).put((byte) 0x27).put(c.form.code);
        code.put(b(0xdd, 0x32, 0x48, 0x89, 0x01, 0x9c, 0x58, 0x48, 0x89, 0x41, 0x08, 0xf4));
        byte[] bytes = java.util.Arrays.copyOf(code.array(), code.position());
        m.poke(IN, c.image);
        m.poke(MEM, c.mem);
        m.load(TestMachine.CODE, bytes);
        m.cpu.setReg(X86Cpu.RDI, IN);
        m.cpu.setReg(X86Cpu.RSI, MEM);
        m.cpu.setReg(X86Cpu.RDX, OUTA);
        m.cpu.setReg(X86Cpu.RCX, SCR);
        Trap t = m.run();
        long end = TestMachine.CODE + bytes.length - 1;
        if (!(t instanceof Trap.GeneralProtection(long rip) && rip == end)) {
            return null;
        }
        byte[] out = new byte[OUT];
        System.arraycopy(m.peek(OUTA, 108), 0, out, 0, 108);
        System.arraycopy(m.peek(MEM, 512), 0, out, 108, 512);
        System.arraycopy(m.peek(SCR, 16), 0, out, 620, 16);
        return out;
    }

    /** Bytes to compare: the FNSAVE image without the instruction/operand pointers (host addresses). */
    static boolean[] compared(Form f) {
        boolean[] cmp = new boolean[OUT];
        for (int i = 0; i < OUT; i++) cmp[i] = true;
        for (int i = 12; i < 28; i++) cmp[i] = false;
        if (f.name.equals("fnstenv") || f.name.equals("fnsave")) for (int i = 108 + 12; i < 108 + 28; i++) cmp[i] = false;
        if (f.name.equals("fnstenv16") || f.name.equals("fnsave16")) for (int i = 108 + 6; i < 108 + 14; i++) cmp[i] = false;
        if (f.name.contains("fxsave")) {
            for (int i = 108 + 6; i < 108 + 24; i++) cmp[i] = false; // FOP, FIP, FDP
            // MXCSR_MASK: the host (AMD) has bit 17 (misaligned-exception mode), which we do not
            for (int i = 108 + 28; i < 108 + 32; i++) cmp[i] = false;
            // XMM registers: the host's hold whatever the C runtime left, unless restored first
            if (!f.name.contains("fxrstor")) for (int i = 108 + 160; i < 108 + 416; i++) cmp[i] = false;
            for (int k = 0; k < 8; k++) for (int i = 108 + 32 + 16 * k + 10; i < 108 + 48 + 16 * k; i++) cmp[i] = false;
        }
        // rflags: only the arithmetic flags
        for (int i = 630; i < 636; i++) cmp[i] = false;
        return cmp;
    }

    /** How a transcendental result differs: "C1 only", "1 ulp" (with or without C1), or "other". */
    static String kind(byte[] emu, byte[] host, int base) {
        if (emu == null) return "other";
        ByteBuffer e = ByteBuffer.wrap(emu).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer h = ByteBuffer.wrap(host).order(ByteOrder.LITTLE_ENDIAN);
        int swDiff = (e.getShort(4) ^ h.getShort(base + 4)) & 0xffff;
        if ((swDiff & ~0x200) != 0 || e.getShort(8) != h.getShort(base + 8)) return "other";
        int ulps = 0;
        for (int i = 0; i < 8; i++) {
            long em = e.getLong(28 + 10 * i), hm = h.getLong(base + 28 + 10 * i);
            int es = e.getShort(36 + 10 * i), hs = h.getShort(base + 36 + 10 * i);
            if (em == hm && es == hs) continue;
            if (es == hs && Math.abs(em - hm) == 1) ulps++;
            else return "other";
        }
        return ulps == 0 ? "C1 only" : ulps == 1 ? "1 ulp" : "other";
    }

    static String hexOf(byte[] b, int off, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) sb.append(String.format("%02x", b[off + i]));
        return sb.toString();
    }

    static String describe(byte[] img, int base) {
        ByteBuffer bb = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("cw=%04x sw=%04x tw=%04x", bb.getShort(base) & 0xffff, bb.getShort(base + 4) & 0xffff,
                bb.getShort(base + 8) & 0xffff));
        for (int i = 0; i < 3; i++) sb.append(" st").append(i).append('=').append(hexOf(img, base + 28 + 10 * i, 10));
        return sb.toString();
    }

    static int seed() {
        String s = System.getenv("HELCTIC_X87_SEED");
        return s == null ? 87 : Integer.parseInt(s);
    }

    @Test
    void againstHost(@TempDir Path dir) throws Exception {
        Toolchain.require("gcc");
        Path src = dir.resolve("runner.c");
        try (InputStream in = X87DifferentialTest.class.getResourceAsStream("/x87/runner.c")) {
            Files.write(src, in.readAllBytes());
        }
        Toolchain.run(dir, "gcc", "-O1", "-o", "runner", "runner.c");
        SplittableRandom r = new SplittableRandom(seed());
        List<Form> forms = forms();
        int perForm = Integer.getInteger("helctic.x87.cases", 150);
        List<Case> cases = new ArrayList<>();
        for (Form f : forms) for (int k = 0; k < perForm; k++) cases.add(randomCase(f, r));
        byte[] host = runHost(dir.resolve("runner"), cases);
        TestMachine m = new TestMachine();
        m.mapRange(TestMachine.DATA, 0x4000, TestMachine.RWNX);
        Map<String, Integer> bad = new TreeMap<>();
        Map<String, Integer> badTrans = new TreeMap<>();
        Map<String, Integer> transKinds = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        Map<String, Integer> exampleCount = new LinkedHashMap<>();
        int disagreements = 0, transDisagreements = 0;
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            byte[] emu = runEmulated(m, c);
            boolean[] cmp = compared(c.form);
            boolean same = emu != null;
            if (same) {
                for (int i = 0; i < OUT; i++) {
                    if (cmp[i] && emu[i] != host[k * OUT + i]) {
                        same = false;
                        break;
                    }
                }
            }
            if (!same) {
                if (c.form.transcendental) {
                    transKinds.merge(kind(emu, host, k * OUT), 1, Integer::sum);
                    transDisagreements++;
                    badTrans.merge(c.form.name, 1, Integer::sum);
                } else {
                    disagreements++;
                    bad.merge(c.form.name, 1, Integer::sum);
                }
                int n = exampleCount.merge(c.form.name, 1, Integer::sum);
                if (n <= 2 && examples.size() < 200) {
                    byte[] h = java.util.Arrays.copyOfRange(host, k * OUT, (k + 1) * OUT);
                    StringBuilder offs = new StringBuilder();
                    for (int i = 0; emu != null && i < OUT && offs.length() < 200; i++) {
                        if (cmp[i] && emu[i] != h[i]) offs.append(String.format(" %d:%02x/%02x", i, h[i], emu[i]));
                    }
                    examples.add(c.form.name + "\n  in   " + describe(c.image, 0) + " mem=" + hexOf(c.mem, 0, 10)
                            + "\n  host " + describe(h, 0) + " mem=" + hexOf(h, 108, 10) + " rax=" + hexOf(h, 620, 8)
                            + " fl=" + hexOf(h, 628, 2)
                            + "\n  emu  " + (emu == null ? "(trapped)" : describe(emu, 0) + " mem=" + hexOf(emu, 108, 10)
                            + " rax=" + hexOf(emu, 620, 8) + " fl=" + hexOf(emu, 628, 2)) + "\n  differ (offset:host/emu)" + offs);
                }
            }
        }
        examples.forEach(System.out::println);
        System.out.printf("x87 differential: %d forms, %d cases, %d disagreements (+%d in transcendental forms %s, "
                + "of which %s); by form %s%n", forms.size(), cases.size(), disagreements, transDisagreements, badTrans,
                transKinds, bad);
        assertThat(bad).as("forms disagreeing with the host x87").isEmpty();
    }
}
