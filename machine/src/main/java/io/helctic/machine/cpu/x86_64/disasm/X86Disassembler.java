package io.helctic.machine.cpu.x86_64.disasm;

import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * Disassembles one x86-64 instruction into AT&T syntax in the style of GNU objdump, using the
 * CPU's own decoder. Instructions the CPU decodes but does not execute print as
 * {@code (unknown ...)} with their opcode; undecodable bytes as {@code (bad)}.
 */
public final class X86Disassembler {
    private X86Disassembler() {}

    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
            "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b", "ah", "ch", "dh", "bh"};
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np",
            "l", "ge", "le", "g"};
    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"};
    private static final String[] BTS = {"bt", "bts", "btr", "btc"};

    /** Length of the instruction at code[offset], or -1 if invalid or truncated. */
    public static int length(byte[] code, int offset) {
        Insn d = new Insn();
        int len = Decoder.decode(code, offset, code.length, 0, d);
        return len < 0 ? -1 : len;
    }

    /** One instruction at code[offset] (located at {@code address}) in AT&T syntax. */
    public static String disassemble(byte[] code, int offset, long address) {
        Insn d = new Insn();
        int len = Decoder.decode(code, offset, code.length, address, d);
        if (len < 0) return "(bad)";
        return format(d);
    }

    static String suffix(int size) {
        return switch (size) {
            case 1 -> "b";
            case 2 -> "w";
            case 4 -> "l";
            default -> "q";
        };
    }

    static String reg(int idx, int size) {
        return "%" + switch (size) {
            case 8 -> R64[idx];
            case 4 -> R32[idx];
            case 2 -> R16[idx];
            default -> R8[idx];
        };
    }

    static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    static String imm(long v, int size) {
        return "$0x" + Long.toHexString(size == 8 ? v : v & ((1L << (size * 8)) - 1));
    }

    static String mem(Insn d) {
        StringBuilder sb = new StringBuilder();
        if (d.seg == Insn.SEG_FS) sb.append("%fs:");
        else if (d.seg == Insn.SEG_GS) sb.append("%gs:");
        String[] names = d.addrSize == 8 ? R64 : R32;
        if (d.base == Insn.RIP_BASE) {
            sb.append(hex(d.disp)).append(d.addrSize == 8 ? "(%rip)" : "(%eip)");
            sb.append("        # 0x").append(Long.toHexString(d.next + d.disp));
            return sb.toString();
        }
        if (d.disp != 0 || (d.base < 0)) sb.append(hex(d.disp));
        else if (d.base == 5 || d.base == 13) sb.append("0x0");
        if (d.base >= 0 || d.index >= 0) {
            sb.append('(');
            if (d.base >= 0) sb.append('%').append(names[d.base]);
            if (d.index >= 0) sb.append(",%").append(names[d.index]).append(',').append(d.scale);
            sb.append(')');
        }
        return sb.toString();
    }

    /** The r/m operand. */
    static String e(Insn d, int size) {
        return d.mod == 3 ? reg(size == 1 ? d.rmB : d.rm, size) : mem(d);
    }

    static String g(Insn d, int size) {
        return reg(size == 1 ? d.regB : d.reg, size);
    }

    static String xmm(int n) {
        return "%xmm" + n;
    }

    static String xe(Insn d) {
        return d.mod == 3 ? xmm(d.rm) : mem(d);
    }

    /** The mnemonic alone (with a size suffix where objdump would write one). */
    public static String mnemonic(Insn d) {
        String f = format(d);
        int sp = f.indexOf(' ');
        String[] words = f.split("\\s+");
        for (String w : words) {
            if (!w.equals("lock") && !w.equals("rep") && !w.equals("repz") && !w.equals("repnz")) return w;
        }
        return sp < 0 ? f : f.substring(0, sp);
    }

    public static String format(Insn d) {
        int s = d.opSize;
        boolean mem = d.isMem();
        String sfx = mem ? suffix(s) : "";
        String body = switch (d.op) {
            case Op.NOP -> d.hasModrm ? "nop" + sfx + " " + e(d, s) : d.has(Insn.REP) ? "pause" : "nop";
            case Op.MOV_EG -> "mov " + g(d, s) + "," + e(d, s);
            case Op.MOV_GE -> "mov " + e(d, s) + "," + g(d, s);
            case Op.MOV_EI -> "mov" + sfx + " " + imm(d.imm, s) + "," + e(d, s);
            case Op.MOV_RI -> (s == 8 && d.immSize == 8 ? "movabs " : "mov ") + imm(d.imm, s) + ","
                    + reg(s == 1 ? d.rmB : d.rm, s);
            case Op.MOV_AO -> "movabs " + hex(d.imm) + "," + reg(0, s);
            case Op.MOV_OA -> "movabs " + reg(0, s) + "," + hex(d.imm);
            case Op.LEA -> "lea " + e(d, s) + "," + g(d, s);
            case Op.MOVZX_B -> "movzb" + suffix(s) + " " + e(d, 1) + "," + g(d, s);
            case Op.MOVZX_W -> "movzw" + suffix(s) + " " + e(d, 2) + "," + g(d, s);
            case Op.MOVSX_B -> "movsb" + suffix(s) + " " + e(d, 1) + "," + g(d, s);
            case Op.MOVSX_W -> "movsw" + suffix(s) + " " + e(d, 2) + "," + g(d, s);
            case Op.MOVSXD -> "movslq " + e(d, 4) + "," + g(d, s);
            case Op.ALU_EG -> ALU[d.sub] + " " + g(d, s) + "," + e(d, s);
            case Op.ALU_GE -> ALU[d.sub] + " " + e(d, s) + "," + g(d, s);
            case Op.ALU_AI -> ALU[d.sub] + " " + imm(d.imm, s) + "," + reg(0, s);
            case Op.ALU_EI -> ALU[d.sub] + sfx + " " + imm(d.imm, s) + "," + e(d, s);
            case Op.TEST_EG -> "test " + g(d, s) + "," + e(d, s);
            case Op.TEST_AI -> "test " + imm(d.imm, s) + "," + reg(0, s);
            case Op.TEST_EI -> "test" + sfx + " " + imm(d.imm, s) + "," + e(d, s);
            case Op.INC, Op.DEC, Op.NOT, Op.NEG, Op.MUL, Op.IMUL1, Op.DIV, Op.IDIV ->
                    switch (d.op) {
                        case Op.INC -> "inc";
                        case Op.DEC -> "dec";
                        case Op.NOT -> "not";
                        case Op.NEG -> "neg";
                        case Op.MUL -> "mul";
                        case Op.IMUL1 -> "imul";
                        case Op.DIV -> "div";
                        default -> "idiv";
                    } + sfx + " " + e(d, s);
            case Op.IMUL_GE -> "imul " + e(d, s) + "," + g(d, s);
            case Op.IMUL_GEI -> "imul " + imm(d.imm, s) + "," + e(d, s) + "," + g(d, s);
            case Op.SHIFT -> SHIFTS[d.reg & 7] + sfx + " " + (d.sub == 0 ? imm(d.imm, 1) + "," : d.sub == 2 ? "%cl," : "")
                    + e(d, s);
            case Op.SHLD, Op.SHRD -> (d.op == Op.SHLD ? "shld " : "shrd ") + (d.sub == 0 ? imm(d.imm, 1) : "%cl") + ","
                    + g(d, s) + "," + e(d, s);
            case Op.BT_EG -> BTS[d.sub] + " " + g(d, s) + "," + e(d, s);
            case Op.BT_EI -> BTS[d.sub & 3] + sfx + " " + imm(d.imm, 1) + "," + e(d, s);
            case Op.BSF -> (d.has(Insn.REP) ? "tzcnt " : "bsf ") + e(d, s) + "," + g(d, s);
            case Op.BSR -> (d.has(Insn.REP) ? "lzcnt " : "bsr ") + e(d, s) + "," + g(d, s);
            case Op.BSWAP -> "bswap " + reg(d.rm, s);
            case Op.CBW -> s == 2 ? "cbtw" : s == 4 ? "cwtl" : "cltq";
            case Op.CWD -> s == 2 ? "cwtd" : s == 4 ? "cltd" : "cqto";
            case Op.PUSH_R -> "push " + reg(d.rm, s);
            case Op.POP_R -> "pop " + reg(d.rm, s);
            case Op.PUSH_I -> "push " + imm(d.imm, s);
            case Op.PUSH_E -> "push" + sfx + " " + e(d, s);
            case Op.POP_E -> "pop" + sfx + " " + e(d, s);
            case Op.CALL_REL -> "call " + Long.toHexString(d.imm);
            case Op.CALL_E -> "call *" + e(d, 8);
            case Op.RET -> d.sub == 1 ? "ret " + imm(d.imm, 2) : "ret";
            case Op.JMP_REL -> "jmp " + Long.toHexString(d.imm);
            case Op.JMP_E -> "jmp *" + e(d, 8);
            case Op.JCC -> "j" + CC[d.sub] + " " + Long.toHexString(d.imm);
            case Op.LOOP -> (d.sub == 0 ? "loopne " : d.sub == 1 ? "loope " : "loop ") + Long.toHexString(d.imm);
            case Op.JRCXZ -> "jrcxz " + Long.toHexString(d.imm);
            case Op.SETCC -> "set" + CC[d.sub] + " " + e(d, 1);
            case Op.CMOVCC -> "cmov" + CC[d.sub] + " " + e(d, s) + "," + g(d, s);
            case Op.XCHG_EG -> "xchg " + g(d, s) + "," + e(d, s);
            case Op.XCHG_AR -> d.rm == 0 ? (d.has(Insn.REP) ? "pause" : s == 2 ? "xchg %ax,%ax" : "nop")
                    : "xchg " + reg(d.rm, s) + "," + reg(0, s);
            case Op.CMPXCHG -> "cmpxchg " + g(d, s) + "," + e(d, s);
            case Op.XADD -> "xadd " + g(d, s) + "," + e(d, s);
            case Op.CMPXCHG8B -> (s == 8 ? "cmpxchg16b " : "cmpxchg8b ") + e(d, s);
            case Op.LEAVE -> "leave";
            case Op.SYSCALL -> "syscall";
            case Op.CPUID -> "cpuid";
            case Op.RDTSC -> "rdtsc";
            case Op.UD2 -> "ud2";
            case Op.INT3 -> "int3";
            case Op.INT -> "int " + imm(d.imm, 1);
            case Op.MOVS -> "movs" + suffix(s) + " " + segPrefix(d) + "(%rsi),%es:(%rdi)";
            case Op.CMPS -> "cmps" + suffix(s) + " %es:(%rdi)," + segPrefix(d) + "(%rsi)";
            case Op.STOS -> "stos " + reg(0, s) + ",%es:(%rdi)";
            case Op.LODS -> "lods " + segPrefix(d) + "(%rsi)," + reg(0, s);
            case Op.SCAS -> "scas %es:(%rdi)," + reg(0, s);
            case Op.CLD -> "cld";
            case Op.STD -> "std";
            case Op.CLC -> "clc";
            case Op.STC -> "stc";
            case Op.CMC -> "cmc";
            case Op.LAHF -> "lahf";
            case Op.SAHF -> "sahf";
            case Op.PUSHF -> "pushf";
            case Op.POPF -> "popf";
            case Op.FENCE -> d.mod == 3 ? new String[] {"?", "?", "?", "?", "?", "lfence", "mfence", "sfence"}[d.reg & 7]
                    : "(unknown 0f ae /" + (d.reg & 7) + ")";
            case Op.PRIV -> privName(d);
            case Op.SSE_MOV_LOAD, Op.SSE_MOV_STORE -> sseMove(d);
            case Op.MOVSS_LOAD -> "movss " + xe(d) + "," + xmm(d.reg);
            case Op.MOVSS_STORE -> "movss " + xmm(d.reg) + "," + xe(d);
            case Op.MOVSD_LOAD -> "movsd " + xe(d) + "," + xmm(d.reg);
            case Op.MOVSD_STORE -> "movsd " + xmm(d.reg) + "," + xe(d);
            case Op.MOVD_TO_XMM -> (s == 8 ? "movq " : "movd ") + e(d, s) + "," + xmm(d.reg);
            case Op.MOVD_FROM_XMM -> (s == 8 ? "movq " : "movd ") + xmm(d.reg) + "," + e(d, s);
            case Op.MOVQ_LOAD -> "movq " + xe(d) + "," + xmm(d.reg);
            case Op.MOVQ_STORE -> "movq " + xmm(d.reg) + "," + xe(d);
            case Op.SSE_LOGIC -> sseLogic(d) + " " + xe(d) + "," + xmm(d.reg);
            case Op.PUNPCKLQDQ -> "punpcklqdq " + xe(d) + "," + xmm(d.reg);
            case Op.PUNPCKHQDQ -> "punpckhqdq " + xe(d) + "," + xmm(d.reg);
            case Op.MOVLPS_LOAD -> (mem ? d.has(Insn.P66) ? "movlpd " : "movlps " : "movhlps ") + xe(d) + "," + xmm(d.reg);
            case Op.MOVLPS_STORE -> (d.has(Insn.P66) ? "movlpd " : "movlps ") + xmm(d.reg) + "," + xe(d);
            case Op.MOVHPS_LOAD -> (mem ? d.has(Insn.P66) ? "movhpd " : "movhps " : "movlhps ") + xe(d) + "," + xmm(d.reg);
            case Op.MOVHPS_STORE -> (d.has(Insn.P66) ? "movhpd " : "movhps ") + xmm(d.reg) + "," + xe(d);
            case Op.PSHUFD -> "pshufd " + imm(d.imm, 1) + "," + xe(d) + "," + xmm(d.reg);
            case Op.PCMPEQB -> "pcmpeqb " + xe(d) + "," + xmm(d.reg);
            case Op.PMOVMSKB -> "pmovmskb " + xe(d) + "," + reg(d.reg, 4);
            case Op.MOVNTI -> "movnti " + g(d, s) + "," + e(d, s);
            case Op.SSE_FP, Op.SSE_INT -> SseNames.format(d);
            case Op.MMX -> MmxDisasm.format(d);
            case Op.VEX -> "(vex)";
            case Op.X87 -> X87Disasm.format(d);
            case Op.FWAIT -> "fwait";
            case Op.FXSAVE -> d.isMem() ? X87Disasm.fxsave(d) : "(bad)";
            default -> "(unknown " + (d.map == 0 ? "" : d.map == 1 ? "0f " : d.map == 2 ? "0f 38 " : "0f 3a ")
                    + String.format("%02x", d.opcode) + ")";
        };
        StringBuilder sb = new StringBuilder();
        if (d.has(Insn.LOCK)) sb.append("lock ");
        boolean string = d.op >= Op.MOVS && d.op <= Op.SCAS;
        if (string && d.has(Insn.REP)) sb.append(d.op == Op.CMPS || d.op == Op.SCAS ? "repz " : "rep ");
        if (string && d.has(Insn.REPNE)) sb.append("repnz ");
        int sp = body.indexOf(' ');
        if (sp < 0) return sb.append(body).toString();
        String mn = body.substring(0, sp);
        sb.append(mn);
        for (int i = mn.length(); i < 6; i++) sb.append(' ');
        return sb.append(' ').append(body.substring(sp + 1)).toString();
    }

    private static String segPrefix(Insn d) {
        return d.seg == Insn.SEG_FS ? "%fs:" : d.seg == Insn.SEG_GS ? "%gs:" : "%ds:";
    }

    private static String privName(Insn d) {
        if (d.map == 0) {
            return switch (d.opcode) {
                case 0xF4 -> "hlt";
                case 0xFA -> "cli";
                case 0xFB -> "sti";
                case 0xCF -> "iret";
                case 0xE4, 0xE5, 0xEC, 0xED -> "in";
                case 0xE6, 0xE7, 0xEE, 0xEF -> "out";
                case 0x6C, 0x6D -> "ins";
                default -> "outs";
            };
        }
        return switch (d.opcode) {
            case 0x06 -> "clts";
            case 0x07 -> "sysret";
            case 0x08 -> "invd";
            case 0x09 -> "wbinvd";
            case 0x30 -> "wrmsr";
            case 0x32 -> "rdmsr";
            case 0x33 -> "rdpmc";
            default -> "mov";
        };
    }

    private static String sseMove(Insn d) {
        boolean load = d.op == Op.SSE_MOV_LOAD;
        String mn;
        if (d.opcode == 0x6F || d.opcode == 0x7F) mn = d.has(Insn.REP) ? "movdqu" : "movdqa";
        else if (d.opcode == 0xE7) mn = "movntdq";
        else if (d.opcode == 0x2B) mn = d.has(Insn.P66) ? "movntpd" : "movntps";
        else if (d.opcode == 0x28 || d.opcode == 0x29) mn = d.has(Insn.P66) ? "movapd" : "movaps";
        else mn = d.has(Insn.P66) ? "movupd" : "movups";
        return load ? mn + " " + xe(d) + "," + xmm(d.reg) : mn + " " + xmm(d.reg) + "," + xe(d);
    }

    private static String sseLogic(Insn d) {
        boolean p66 = d.has(Insn.P66);
        if (d.opcode >= 0xD0) return new String[] {"pxor", "pand", "pandn", "por"}[d.sub];
        String base = new String[] {"xorp", "andp", "andnp", "orp"}[d.sub];
        return base + (p66 ? "d" : "s");
    }
}
