package io.helctic.machine.cpu.x86_64.decode;

import static io.helctic.machine.cpu.x86_64.decode.OpcodeTable.*;

/**
 * Decodes one x86-64 instruction (64-bit mode) from a byte array into an {@link Insn}, driven
 * by {@link OpcodeTable}. Stateless; allocation-free.
 */
public final class Decoder {
    private Decoder() {}

    /** Returned when the bytes are not a valid (or not a known-length) instruction. */
    static final int INVALID_LENGTH = -1;
    /** Returned when the instruction continues past {@code end}. */
    public static final int TRUNCATED = -2;

    public static final int MAX_LENGTH = 15;

    /**
     * Decodes the instruction at {@code code[off]}, reading no byte at or past {@code end}.
     *
     * @param rip the instruction's virtual address (relative branch targets become absolute)
     * @return the length, {@link #INVALID_LENGTH} or {@link #TRUNCATED}
     */
    public static int decode(byte[] code, int off, int end, long rip, Insn d) {
        d.reset();
        int p = off;
        int prefixes = 0;
        int rex = 0;
        int lastRep = 0;
        int limit = Math.min(end, off + MAX_LENGTH);
        int b;
        // ---- prefixes ----
        while (true) {
            if (p >= limit) return p >= end && p < off + MAX_LENGTH ? TRUNCATED : INVALID_LENGTH;
            b = code[p] & 0xff;
            switch (b) {
                case 0x66 -> prefixes |= Insn.P66;
                case 0x67 -> prefixes |= Insn.P67;
                case 0xF2 -> { prefixes |= Insn.REPNE; lastRep = 0xF2; }
                case 0xF3 -> { prefixes |= Insn.REP; lastRep = 0xF3; }
                case 0xF0 -> prefixes |= Insn.LOCK;
                case 0x26, 0x2E, 0x36, 0x3E -> d.legacySeg = b;
                case 0x64 -> { d.seg = Insn.SEG_FS; d.legacySeg = b; }
                case 0x65 -> { d.seg = Insn.SEG_GS; d.legacySeg = b; }
                default -> {
                    if ((b & 0xF0) == 0x40) {
                        rex = b;
                        p++;
                        continue;
                    }
                    break;
                }
            }
            if ((b & 0xF0) != 0x40 && isPrefix(b)) {
                rex = 0; // a REX followed by a legacy prefix is ignored
                p++;
                continue;
            }
            break;
        }
        d.prefixes = prefixes;
        d.rex = rex;
        d.addrSize = (prefixes & Insn.P67) != 0 ? 4 : 8;
        // ---- opcode ----
        p++;
        int spec;
        int map = 0;
        boolean vex = false;
        if (b == 0x0F) {
            if (p >= limit) return truncOrInvalid(p + 1, end, off);
            b = code[p++] & 0xff;
            if (b == 0x38 || b == 0x3A) {
                map = b == 0x38 ? 2 : 3;
                if (p >= limit) return truncOrInvalid(p + 1, end, off);
                b = code[p++] & 0xff;
                int pi = lastRep == 0xF3 ? 2 : lastRep == 0xF2 ? 3 : (prefixes & Insn.P66) != 0 ? 1 : 0;
                spec = (map == 2 ? THREE38 : THREE3A)[b * 4 + pi];
            } else {
                map = 1;
                int pi = lastRep == 0xF3 ? 2 : lastRep == 0xF2 ? 3 : (prefixes & Insn.P66) != 0 ? 1 : 0;
                spec = TWO[b * 4 + pi];
            }
        } else if (b == 0xC4 || b == 0xC5) {
            // VEX: recognised (length decoded) and refused
            vex = true;
            if (rex != 0 || (prefixes & (Insn.P66 | Insn.REP | Insn.REPNE | Insn.LOCK)) != 0) return INVALID_LENGTH;
            int payload = b == 0xC5 ? 1 : 2;
            if (p + payload >= limit) return truncOrInvalid(p + payload + 1, end, off);
            int r = code[p] & 0xff;
            if (b == 0xC5) {
                map = 1;
                rex = ((r & 0x80) == 0 ? 4 : 0);
            } else {
                map = r & 0x1f;
                if (map < 1 || map > 3) return INVALID_LENGTH;
                rex = ((r & 0x80) == 0 ? 4 : 0) | ((r & 0x40) == 0 ? 2 : 0) | ((r & 0x20) == 0 ? 1 : 0)
                        | ((code[p + 1] & 0x80) != 0 ? 8 : 0);
            }
            p += payload;
            b = code[p++] & 0xff;
            spec = Op.VEX | MODRM | (map == 3 ? IMM8 : 0);
            if (map == 1 && b == 0x77) spec = Op.VEX; // VZEROUPPER/VZEROALL
            d.rex = rex;
        } else {
            spec = ONE[b];
        }
        d.map = map;
        d.opcode = b;
        if ((spec & INVALID) != 0) return INVALID_LENGTH;

        // ---- operand size ----
        int flags = spec;
        int opSize;
        if ((spec & BYTE) != 0) {
            opSize = 1;
        } else if ((spec & F64) != 0) {
            opSize = 8;
        } else if ((spec & SSE) != 0) {
            opSize = (rex & 8) != 0 ? 8 : 4;
        } else if ((rex & 8) != 0) {
            opSize = 8;
        } else if ((prefixes & Insn.P66) != 0) {
            opSize = 2;
        } else {
            opSize = (spec & DEF64) != 0 ? 8 : 4;
        }

        // ---- ModRM / SIB / displacement ----
        int op = OpcodeTable.op(spec);
        int sub = OpcodeTable.sub(spec);
        if ((spec & MODRM) != 0) {
            if (p >= limit) return truncOrInvalid(p + 1, end, off);
            int m = code[p++] & 0xff;
            d.hasModrm = true;
            int mod = m >>> 6;
            int regField = (m >>> 3) & 7;
            d.mod = mod;
            d.reg = regField | ((rex & 4) << 1);
            int rm = m & 7;
            if ((spec & GROUP) != 0) {
                int g = GROUPS[op * 8 + regField];
                if ((g & INVALID) != 0) return INVALID_LENGTH;
                op = OpcodeTable.op(g);
                sub |= OpcodeTable.sub(g);
                flags |= g;
                if ((g & F64) != 0) opSize = 8;
                else if ((g & DEF64) != 0 && (rex & 8) == 0 && (prefixes & Insn.P66) == 0) opSize = 8;
            }
            if (mod == 3) {
                d.rm = rm | ((rex & 1) << 3);
            } else {
                boolean a32 = d.addrSize == 4;
                if (rm == 4) {
                    if (p >= limit) return truncOrInvalid(p + 1, end, off);
                    int sib = code[p++] & 0xff;
                    d.scale = 1 << (sib >>> 6);
                    int idx = ((sib >>> 3) & 7) | ((rex & 2) << 2);
                    d.index = idx == 4 ? Insn.NO_REG : idx;
                    int base = sib & 7;
                    if (base == 5 && mod == 0) {
                        d.base = Insn.NO_REG;
                        if (p + 4 > limit) return truncOrInvalid(p + 4, end, off);
                        d.disp = le32(code, p);
                        p += 4;
                    } else {
                        d.base = base | ((rex & 1) << 3);
                    }
                } else if (rm == 5 && mod == 0) {
                    d.base = Insn.RIP_BASE;
                    if (p + 4 > limit) return truncOrInvalid(p + 4, end, off);
                    d.disp = le32(code, p);
                    p += 4;
                } else {
                    d.base = rm | ((rex & 1) << 3);
                }
                if (mod == 1) {
                    if (p >= limit) return truncOrInvalid(p + 1, end, off);
                    d.disp = code[p++];
                } else if (mod == 2) {
                    if (p + 4 > limit) return truncOrInvalid(p + 4, end, off);
                    d.disp = le32(code, p);
                    p += 4;
                }
                if (a32) d.disp = (int) d.disp;
            }
        } else if ((spec & REGOP) != 0) {
            d.rm = (b & 7) | ((rex & 1) << 3);
        }
        if ((flags & IMM_BY_SIZE) != 0) flags |= opSize == 1 ? IMM8 : IMMZ;

        // ---- immediates ----
        if ((flags & MOFFS) != 0) {
            int n = d.addrSize;
            if (p + n > limit) return truncOrInvalid(p + n, end, off);
            d.imm = n == 8 ? le64(code, p) : le32(code, p) & 0xffff_ffffL;
            d.immSize = n;
            p += n;
        }
        if ((flags & IMM16) != 0) {
            if (p + 2 > limit) return truncOrInvalid(p + 2, end, off);
            d.imm = le16(code, p) & 0xffff;
            d.immSize = 2;
            p += 2;
            if ((flags & IMM8) != 0) { // ENTER iw, ib
                if (p >= limit) return truncOrInvalid(p + 1, end, off);
                d.imm2 = code[p++] & 0xff;
                flags &= ~IMM8;
            }
        }
        if ((flags & IMM8) != 0) {
            if (p >= limit) return truncOrInvalid(p + 1, end, off);
            d.imm = code[p++];
            d.immSize = 1;
        } else if ((flags & IMMZ) != 0) {
            int n = opSize == 2 ? 2 : 4;
            if (p + n > limit) return truncOrInvalid(p + n, end, off);
            d.imm = n == 2 ? le16(code, p) : le32(code, p);
            d.immSize = n;
            p += n;
        } else if ((flags & IMMV) != 0) {
            int n = opSize;
            if (p + n > limit) return truncOrInvalid(p + n, end, off);
            d.imm = n == 8 ? le64(code, p) : n == 4 ? le32(code, p) & 0xffff_ffffL : le16(code, p) & 0xffff;
            d.immSize = n;
            p += n;
        }
        int len = p - off;
        if (len > MAX_LENGTH) return INVALID_LENGTH;
        if ((flags & REL) != 0) {
            d.imm = rip + len + d.imm;
        }
        // REX-less byte registers 4..7 are AH, CH, DH, BH
        d.regB = rex == 0 && d.reg >= 4 && d.reg < 8 ? d.reg + 12 : d.reg;
        d.rmB = rex == 0 && d.rm >= 4 && d.rm < 8 ? d.rm + 12 : d.rm;
        if ((prefixes & Insn.LOCK) != 0 && !lockable(op, sub, d.mod)) op = Op.UD; // LOCK misused: #UD
        d.op = vex ? Op.VEX : op;
        d.sub = sub;
        d.opSize = opSize;
        d.len = len;
        d.rip = rip;
        d.next = rip + len;
        return len;
    }

    /** Whether LOCK is allowed: the read-modify-write instructions the SDM lists, with a memory destination. */
    private static boolean lockable(int op, int sub, int mod) {
        if (mod == 3) return false;
        return switch (op) {
            case Op.ALU_EG, Op.ALU_EI -> sub != Op.CMP;
            case Op.BT_EG, Op.BT_EI -> (sub & 3) != 0;
            case Op.INC, Op.DEC, Op.NOT, Op.NEG, Op.XCHG_EG, Op.CMPXCHG, Op.XADD, Op.CMPXCHG8B -> true;
            default -> false;
        };
    }

    private static boolean isPrefix(int b) {
        return switch (b) {
            case 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 -> true;
            default -> false;
        };
    }

    private static int truncOrInvalid(int needed, int end, int off) {
        return needed > end && needed <= off + MAX_LENGTH ? TRUNCATED : INVALID_LENGTH;
    }

    static int le16(byte[] c, int p) {
        return (short) ((c[p] & 0xff) | (c[p + 1] & 0xff) << 8);
    }

    static int le32(byte[] c, int p) {
        return (c[p] & 0xff) | (c[p + 1] & 0xff) << 8 | (c[p + 2] & 0xff) << 16 | (c[p + 3] & 0xff) << 24;
    }

    static long le64(byte[] c, int p) {
        return (le32(c, p) & 0xffff_ffffL) | ((long) le32(c, p + 4) << 32);
    }
}
