package io.helctic.machine.cpu.x86_64.decode;

/**
 * One decoded instruction: the reusable decoded form the interpreter and the disassembler read.
 * Register numbers already include the REX extensions; byte-register numbers 16..19 mean AH, CH,
 * DH, BH (legacy high bytes, only without REX).
 */
public final class Insn {
    public static final int P66 = 1, P67 = 2, REP = 4, REPNE = 8, LOCK = 16;
    public static final int SEG_NONE = 0, SEG_FS = 4, SEG_GS = 5;
    public static final int NO_REG = -1, RIP_BASE = 16;

    public int op;          // Op.*
    public int sub;         // variant (ALU kind, condition code, count source, ...)
    public int opSize;      // operand size in bytes: 1, 2, 4, 8
    public int addrSize;    // 4 or 8
    public int len;         // instruction length in bytes
    public int prefixes;    // P66 | P67 | REP | REPNE | LOCK
    public int rex;         // the REX byte, 0 if none
    public int seg;         // segment override with a base (FS/GS), else SEG_NONE
    int legacySeg;   // last segment prefix byte seen (for the disassembler), 0 if none
    public int map;         // 0 one-byte, 1 0F, 2 0F38, 3 0F3A
    public int opcode;      // the opcode byte within its map
    public boolean hasModrm;
    public int mod;         // 0..3; 3 = register operand
    public int reg;         // ModRM.reg + REX.R (or the group sub-op in low 3 bits)
    public int rm;          // ModRM.rm + REX.B when mod == 3; register in the opcode for +r forms
    public int regB, rmB;   // reg/rm as byte-register numbers (16..19 = AH..BH)
    public int base, index, scale; // memory operand (mod != 3): base/index NO_REG if absent, base RIP_BASE if rip-relative
    public long disp;
    public long imm;        // immediate (sign-extended), or absolute branch target for relative branches, or moffs
    long imm2;       // second immediate (ENTER)
    public int immSize;     // bytes of immediate in the encoding (disassembler)
    public long rip, next;  // address of this instruction and of the next one
    public int fast;        // Fast.F_*: a specialised form the run loop executes directly, 0 if none
    public int fdst, fsrc;  // its destination and source registers
    public long fmask;      // its operand-size mask (32 or 64 bits)

    public void reset() {
        op = Op.UD;
        sub = 0;
        opSize = 4;
        addrSize = 8;
        len = 0;
        prefixes = 0;
        rex = 0;
        seg = SEG_NONE;
        legacySeg = 0;
        map = 0;
        opcode = 0;
        hasModrm = false;
        mod = 3;
        reg = 0;
        rm = 0;
        regB = 0;
        rmB = 0;
        base = NO_REG;
        index = NO_REG;
        scale = 1;
        disp = 0;
        imm = 0;
        imm2 = 0;
        immSize = 0;
        fast = 0;
    }

    public boolean isMem() {
        return mod != 3;
    }

    public boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    /** Whether this is a direct JMP or Jcc (in its specialised form) to {@code target}. */
    public boolean jumpsTo(long target) {
        return (fast == Fast.F_JCC || fast == Fast.F_JMP_REL) && imm == target;
    }
}
