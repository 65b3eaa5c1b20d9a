package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.cpu.x86_64.NativeInsnOracle.*;

import io.helctic.machine.cpu.x86_64.core.Core;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Builds instruction-oracle cases: encodes an instruction (legacy prefixes, REX, opcode, ModRM,
 * SIB, displacement, immediate) with chosen operand registers or a memory operand inside the
 * data window, and fills registers, flags and memory with edge-case and random values.
 */
final class OracleGen {
    static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
    static final long ARITH = CF | PF | AF | ZF | SF | OF;
    static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;

    private static final long[] EDGES = {0, 1, 2, 3, -1, -2, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0x8001,
        0xffff, 0x10000, 0x7fff_ffffL, 0x8000_0000L, 0x8000_0001L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE,
        Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x0f, 0x10, 0x5555_5555_5555_5555L, 0xaaaa_aaaa_aaaa_aaaaL, 0x8080_8080_8080_8080L,
        0x7f7f_7f7f_7f7f_7f7fL, 63, 64, 31, 32, 15, 16, 7, 8};

    final Random rnd;

    // the case being built
    long[] regs;
    long flags;
    byte[] win;
    boolean rex;
    boolean rexW;
    int size;
    boolean byteOp;
    ByteArrayOutputStream prefixes;
    int[] opcode;
    int reg;          // ModRM.reg (0..15), or the group digit
    boolean modrm;
    boolean mem;
    int rm;           // register operand of r/m (0..15) when !mem
    int base, index, scale, dispSize;
    long disp;
    boolean ripRel, addr32;
    long target;      // linear address of the memory operand
    byte[] imm;
    long immValue;
    int opReg = -1;   // +r register in the opcode
    int used;         // registers the address must not be built in (bit per GPR)

    OracleGen(long seed) {
        rnd = new Random(seed);
    }


    /** An operand value: edge cases half the time, small numbers, powers of two, or random. */
    long value(int size) {
        int k = rnd.nextInt(10);
        long v;
        if (k < 4) v = EDGES[rnd.nextInt(EDGES.length)];
        else if (k == 4) v = Core.signBit(size) + rnd.nextInt(5) - 2;
        else if (k == 5) v = rnd.nextInt(600) - 300;
        else if (k == 6) v = (1L << rnd.nextInt(64)) + rnd.nextInt(3) - 1;
        else v = rnd.nextLong();
        return v & Core.mask(size);
    }

    /** Starts a case: random registers (some edge values), flags (any arithmetic flags and DF), window. */
    void fresh() {
        regs = new long[16];
        for (int k = 0; k < 16; k++) regs[k] = rnd.nextInt(4) == 0 ? value(8) : rnd.nextLong();
        flags = (rnd.nextLong() & (ARITH | DF)) | 2;
        win = new byte[WINDOW];
        rnd.nextBytes(win);
        prefixes = new ByteArrayOutputStream();
        rex = false;
        rexW = false;
        byteOp = false;
        modrm = false;
        mem = false;
        imm = new byte[0];
        immValue = 0;
        opReg = -1;
        used = 0;
        ripRel = false;
        addr32 = false;
        base = index = -1;
        scale = 1;
        disp = 0;
        dispSize = 0;
    }

    // ---- registers ----

    /** The GPR that holds byte register r (AH..BH without REX are 4..7 → bits 8-15 of 0..3). */
    int realReg(int r, int size) {
        return size == 1 && !rex && r >= 4 && r < 8 ? r - 4 : r;
    }

    void setReg(int r, int size, long v) {
        if (size == 1 && !rex && r >= 4 && r < 8) {
            regs[r - 4] = (regs[r - 4] & ~0xff00L) | ((v & 0xff) << 8);
        } else {
            regs[r] = (regs[r] & ~Core.mask(size)) | (v & Core.mask(size));
        }
        used |= 1 << realReg(r, size);
    }

    long getReg(int r, int size) {
        if (size == 1 && !rex && r >= 4 && r < 8) return (regs[r - 4] >>> 8) & 0xff;
        return regs[r] & Core.mask(size);
    }

    /** A register number usable under the current REX decision, not among {@code avoid}. */
    int pickReg(int avoid) {
        int n = rex ? 16 : 8;
        for (int tries = 0; tries < 64; tries++) {
            int r = rnd.nextInt(n);
            if ((avoid & (1 << r)) == 0) return r;
        }
        return rnd.nextInt(n);
    }

    void use(int... rs) {
        for (int r : rs) used |= 1 << r;
    }

    // ---- instruction shape ----

    /** Sets the operand size and the REX decision: REX.W for 8, sometimes a plain REX otherwise. */
    void size(int s) {
        size = s;
        byteOp = s == 1;
        rexW = s == 8;
        if (s == 2 || (s == 8 && rnd.nextInt(8) == 0)) prefixes.write(0x66); // REX.W wins over 66
        rex = rexW || rnd.nextInt(s == 1 ? 2 : 3) == 0;
    }

    void prefix(int p) {
        prefixes.write(p);
    }

    void memLocation(int size) {
        int off = rnd.nextInt(4) == 0 ? (rnd.nextInt(WINDOW / size)) * size : rnd.nextInt(WINDOW - size + 1);
        target = WIN + off;
    }

    void writeMem(long address, int size, long v) {
        int off = (int) (address - WIN);
        for (int i = 0; i < size; i++) win[off + i] = (byte) (v >>> (8 * i));
    }

    long readMem(long address, int size) {
        int off = (int) (address - WIN);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (win[off + i] & 0xff);
        return v;
    }

    /**
     * A ModRM instruction: reg is a register operand (or group digit if digit &gt;= 0), r/m a
     * register or (memory) a location in the window holding {@code rmValue}; register operand
     * values are edge/random. Call {@link #addressRegisters()} after setting implicit registers.
     */
    void modrm(int digit, boolean memory, int opSize, long regValue, long rmValue) {
        modrm(digit, memory, opSize, regValue, opSize, rmValue);
    }

    void modrm(int digit, boolean memory, int regSize, long regValue, int rmSize, long rmValue) {
        modrm = true;
        mem = memory;
        if (digit >= 0) {
            reg = digit;
        } else {
            reg = pickReg(0);
            setReg(reg, regSize, regValue);
        }
        if (!memory) {
            rm = pickReg(0);
            setReg(rm, rmSize, rmValue);
        } else {
            memLocation(rmSize);
            writeMem(target, rmSize, rmValue);
        }
    }

    /** Chooses an addressing form for {@link #target} and sets its registers (avoiding used ones). */
    void addressRegisters() {
        if (!mem) return;
        addr32 = rnd.nextInt(6) == 0;
        if (addr32) prefixes.write(0x67);
        int mode = rnd.nextInt(8);
        int avoid = used;
        base = index = -1;
        ripRel = false;
        scale = 1;
        long idx = 0;
        if (mode <= 4) {
            base = pickReg(avoid);
            avoid |= 1 << base;
        }
        if (mode == 3 || mode == 4 || mode == 5) {
            index = pickReg(avoid | (1 << RSP));
            if (index == RSP) index = -1;
            scale = 1 << rnd.nextInt(4);
            idx = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(33) - 16;
        }
        switch (mode) {
            case 0, 3 -> { dispSize = 0; disp = 0; }
            case 1, 4 -> { dispSize = 1; disp = rnd.nextInt(256) - 128; }
            case 2 -> { dispSize = 4; disp = rnd.nextInt(0x20000) - 0x10000; }
            case 5, 7 -> { dispSize = 4; disp = target - idx * scale; }
            default -> { dispSize = 4; ripRel = true; } // patched once the length is known
        }
        if (base >= 0 && (base & 7) == 5 && dispSize == 0) dispSize = 1; // [rbp]/[r13] need a displacement
        if (index >= 0) {
            long v = addr32 ? (rnd.nextLong() << 32) | (idx & 0xffff_ffffL) : idx;
            regs[index] = v;
        }
        if (base >= 0) {
            long b = target - disp - idx * scale;
            regs[base] = addr32 ? (rnd.nextLong() << 32) | (b & 0xffff_ffffL) : b;
        }
    }

    void imm(int n, long v) {
        imm = new byte[n];
        for (int i = 0; i < n; i++) imm[i] = (byte) (v >>> (8 * i));
        immValue = Core.sx(v, n);
    }

    /** Encodes the instruction; rip-relative displacements are resolved here. */
    byte[] encode() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(prefixes.toByteArray());
        int r = modrm ? reg : 0, x = index >= 0 ? index : 0, b = opReg >= 0 ? opReg : !modrm ? 0 : mem ? Math.max(base, 0) : rm;
        int rexByte = 0x40 | (rexW ? 8 : 0) | ((r >> 3) << 2) | ((x >> 3) << 1) | (b >> 3);
        if (!rex && rexByte != 0x40) throw new IllegalStateException("registers need REX");
        if (rex) o.write(rexByte);
        for (int i = 0; i < opcode.length; i++) o.write(i == opcode.length - 1 && opReg >= 0 ? opcode[i] | (opReg & 7) : opcode[i]);
        int dispAt = -1;
        if (modrm) {
            int rr = (reg & 7) << 3;
            if (!mem) {
                o.write(0xc0 | rr | (rm & 7));
            } else {
                int mod = ripRel || (base < 0) ? 0 : dispSize == 0 ? 0 : dispSize == 1 ? 1 : 2;
                if (ripRel) {
                    o.write(rr | 5);
                } else if (base < 0) {
                    o.write(rr | 4);
                    o.write((Integer.numberOfTrailingZeros(scale) << 6) | ((index >= 0 ? index & 7 : 4) << 3) | 5);
                } else if (index >= 0 || (base & 7) == 4) {
                    o.write((mod << 6) | rr | 4);
                    o.write((Integer.numberOfTrailingZeros(scale) << 6) | ((index >= 0 ? index & 7 : 4) << 3) | (base & 7));
                } else {
                    o.write((mod << 6) | rr | (base & 7));
                }
                dispAt = o.size();
                int n = ripRel || base < 0 ? 4 : dispSize;
                for (int i = 0; i < n; i++) o.write((int) (disp >>> (8 * i)));
            }
        }
        o.writeBytes(imm);
        byte[] code = o.toByteArray();
        if (ripRel) {
            long next = CODE + INSN_OFFSET + code.length;
            long d = target - next;
            for (int i = 0; i < 4; i++) code[dispAt + i] = (byte) (d >>> (8 * i));
        }
        if (code.length > 15) throw new IllegalStateException("too long");
        return code;
    }

    OracleCase build(String form, long undefinedFlags) {
        return build(form, undefinedFlags, 0);
    }

    OracleCase build(String form, long undefinedFlags, int undefinedRegs) {
        byte[] code = encode();
        return new OracleCase(form, code, new int[] {INSN_OFFSET + code.length}, regs, flags, win, undefinedFlags,
                undefinedRegs);
    }

    OracleCase build(String form, long undefinedFlags, int[] exits) {
        byte[] code = encode();
        return new OracleCase(form, code, exits, regs, flags, win, undefinedFlags, 0);
    }
}
