package io.helctic.machine.cpu.x86_64.decode;

/**
 * The specialised forms of the most frequent instructions, picked at decode time
 * ({@link #classify}, stored in {@link Insn#fast}): the run loop executes them directly
 * ({@code Interpreter.fast}) and the translator emits them inline. The register operands of a
 * form are in {@link Insn#fdst} and {@link Insn#fsrc}; its operand-size mask in {@link Insn#fmask}.
 */
public final class Fast {
    private Fast() {}

    public static final int F_MOV_RR64 = 1, F_MOV_RR32 = 2, F_LOAD64 = 3, F_LOAD32 = 4, F_STORE64 = 5, F_STORE32 = 6,
            F_ALU_RR64 = 7, F_ALU_RR32 = 8, F_ALU_RI64 = 9, F_ALU_RI32 = 10, F_JCC = 11, F_LEA64 = 12, F_LEA32 = 13,
            F_MOV_RI64 = 14, F_MOV_RI32 = 15, F_TEST_RR64 = 16, F_TEST_RR32 = 17, F_PUSH64 = 18, F_POP64 = 19,
            F_MOVSD_LOAD = 20, F_MOVSD_STORE = 21, F_SD_RR = 22, F_SD_RM = 23,
            F_SHIFT_RI = 24, F_SHIFT_RCL = 25, F_MOVZX_B_R = 26, F_MOVZX_B_M = 27, F_MOVZX_W_R = 28, F_MOVZX_W_M = 29,
            F_MOVSX_B_R = 30, F_MOVSX_B_M = 31, F_MOVSXD_R = 32, F_MOVSXD_M = 33, F_IMUL_RR = 34, F_ALU_RM64 = 35,
            F_ALU_RM32 = 36, F_CALL_REL = 37, F_RET = 38, F_JMP_REL = 39,
            F_MOV_RR8 = 41, F_LOAD8 = 42, F_STORE8 = 43, F_LOAD16 = 44, F_STORE16 = 45, F_ALU_RR8 = 46,
            F_ALU_RI8 = 47, F_ALU_RM8 = 48, F_TEST_RR8 = 49, F_TEST_RI8 = 50, F_TEST_MI8 = 51, F_MOV_MI8 = 52,
            F_INC_R = 53, F_DEC_R = 54, F_NOT_R = 55, F_NEG_R = 56, F_ROT_RI = 57, F_ROT_RCL = 58,
            F_ALU_MR = 59, F_ALU_MI = 60, F_INC_M = 61, F_DEC_M = 62, F_MOV_MI64 = 63, F_MOV_MI32 = 64,
            F_BT_RI = 65, F_BT_MI = 66, F_TEST_RI = 67, F_JMP_R = 68, F_JMP_M = 69, F_CALL_R = 70, F_CALL_M = 71,
            F_ALU_RI8H = 72, F_TEST_RI8H = 73, F_MOVZX_BH_R = 74, F_TEST_RR16 = 75;
    private static final long M32 = 0xffff_ffffL;
    private static final int RAX = 0;

    /**
     * Picks the specialised form of a decoded instruction, if it has one: register and plain
     * (64-bit address, no LOCK; an FS/GS base is added by {@code Core.ea}) memory forms of MOV,
     * LEA, the ALU group and TEST in 32 and 64 bits, Jcc, PUSH/POP of a 64-bit register, ...
     * Executed by {@code Interpreter.fast}, with exactly the semantics {@code Interpreter.exec}
     * gives them.
     */
    public static void classify(Insn d) {
        d.fast = 0;
        boolean plain = d.mod != 3 && d.addrSize == 8 && !d.has(Insn.LOCK);
        switch (d.op) {
            case Op.MOVSD_LOAD -> {
                if (plain) set(d, F_MOVSD_LOAD, d.reg * 2, 0);
                return;
            }
            case Op.MOVSD_STORE -> {
                if (plain) set(d, F_MOVSD_STORE, 0, d.reg * 2);
                return;
            }
            case Op.SSE_FP -> { // ADDSD, MULSD, SUBSD, DIVSD
                int o = d.opcode;
                if (d.map == 1 && d.sub == 3 && !d.has(Insn.LOCK) && (o == 0x58 || o == 0x59 || o == 0x5C || o == 0x5E)) {
                    if (d.mod == 3) set(d, F_SD_RR, d.reg * 2, d.rm * 2);
                    else if (plain) set(d, F_SD_RM, d.reg * 2, 0);
                }
                return;
            }
            case Op.CALL_REL -> {
                set(d, F_CALL_REL, 0, 0);
                return;
            }
            case Op.JMP_REL -> {
                set(d, F_JMP_REL, 0, 0);
                return;
            }
            case Op.RET -> {
                set(d, F_RET, 0, 0);
                return;
            }
            case Op.JMP_E -> {
                if (d.mod == 3) set(d, F_JMP_R, d.rm, 0);
                else if (plain) set(d, F_JMP_M, 0, 0);
                return;
            }
            case Op.CALL_E -> {
                if (d.mod == 3) set(d, F_CALL_R, d.rm, 0);
                else if (plain) set(d, F_CALL_M, 0, 0);
                return;
            }
            default -> { }
        }
        if (d.opSize == 1) {
            classifyByte(d, plain);
            return;
        }
        if (d.opSize == 2) { // 16-bit loads and stores (gzip's tables), ALU on memory (xz's), TEST of two registers
            if (plain && d.op == Op.MOV_GE) set(d, F_LOAD16, d.reg, 0);
            else if (plain && d.op == Op.MOV_EG) set(d, F_STORE16, 0, d.reg);
            else if (plain && d.op == Op.ALU_EG) set(d, F_ALU_MR, 0, d.reg);
            else if (plain && d.op == Op.ALU_EI) set(d, F_ALU_MI, 0, 0);
            else if (d.op == Op.TEST_EG && d.mod == 3) {
                set(d, F_TEST_RR16, d.rm, d.reg);
                d.fmask = 0xffff;
            }
            return;
        }
        int size = d.opSize;
        if (size != 8 && size != 4) return;
        boolean q = size == 8, reg = d.mod == 3;
        boolean plainMem = !reg && d.addrSize == 8;
        boolean rmw = plainMem && !d.has(Insn.LOCK);
        d.fmask = q ? -1L : M32;
        switch (d.op) {
            case Op.SHIFT -> { // SHL, SHR, SAR of a register by an immediate, one or CL
                int kind = d.reg & 7;
                if (reg && kind >= 4) {
                    if (d.sub == 2) set(d, F_SHIFT_RCL, d.rm, kind);
                    else {
                        int count = (d.sub == 0 ? (int) d.imm : 1) & (q ? 63 : 31);
                        if (count != 0) set(d, F_SHIFT_RI, d.rm, count);
                    }
                } else if (reg && kind <= 1) { // ROL, ROR
                    if (d.sub == 2) set(d, F_ROT_RCL, d.rm, kind);
                    else {
                        int count = (d.sub == 0 ? (int) d.imm : 1) & (q ? 63 : 31);
                        if (count != 0) set(d, F_ROT_RI, d.rm, count);
                    }
                }
            }
            case Op.MOVZX_B -> {
                if (reg && d.rmB < 16) set(d, F_MOVZX_B_R, d.reg, d.rmB);
                else if (reg) set(d, F_MOVZX_BH_R, d.reg, d.rmB - 16);
                else if (plainMem) set(d, F_MOVZX_B_M, d.reg, 0);
            }
            case Op.MOVZX_W -> {
                if (reg) set(d, F_MOVZX_W_R, d.reg, d.rm);
                else if (plainMem) set(d, F_MOVZX_W_M, d.reg, 0);
            }
            case Op.MOVSX_B -> {
                if (reg && d.rmB < 16) set(d, F_MOVSX_B_R, d.reg, d.rmB);
                else if (plainMem) set(d, F_MOVSX_B_M, d.reg, 0);
            }
            case Op.MOVSXD -> {
                if (q && reg) set(d, F_MOVSXD_R, d.reg, d.rm);
                else if (q && plainMem) set(d, F_MOVSXD_M, d.reg, 0);
            }
            case Op.IMUL_GE -> {
                if (reg) set(d, F_IMUL_RR, d.reg, d.rm);
            }
            case Op.MOV_EG -> {
                if (reg) set(d, q ? F_MOV_RR64 : F_MOV_RR32, d.rm, d.reg);
                else if (plainMem) set(d, q ? F_STORE64 : F_STORE32, 0, d.reg);
            }
            case Op.MOV_GE -> {
                if (reg) set(d, q ? F_MOV_RR64 : F_MOV_RR32, d.reg, d.rm);
                else if (plainMem) set(d, q ? F_LOAD64 : F_LOAD32, d.reg, 0);
            }
            case Op.MOV_RI -> set(d, q ? F_MOV_RI64 : F_MOV_RI32, d.rm, 0);
            case Op.MOV_EI -> {
                if (reg) set(d, q ? F_MOV_RI64 : F_MOV_RI32, d.rm, 0);
                else if (plainMem) set(d, q ? F_MOV_MI64 : F_MOV_MI32, 0, 0);
            }
            case Op.BT_EI -> { // BT only (BTS/BTR/BTC write)
                if (d.sub == 0 && reg) set(d, F_BT_RI, d.rm, (int) d.imm & (q ? 63 : 31));
                else if (d.sub == 0 && plainMem && !d.has(Insn.LOCK)) set(d, F_BT_MI, 0, (int) d.imm & (q ? 63 : 31));
            }
            case Op.TEST_AI -> set(d, F_TEST_RI, RAX, 0);
            case Op.LEA -> {
                if (!reg) set(d, q ? F_LEA64 : F_LEA32, d.reg, 0);
            }
            case Op.ALU_EG -> {
                if (reg) set(d, q ? F_ALU_RR64 : F_ALU_RR32, d.rm, d.reg);
                else if (rmw) set(d, F_ALU_MR, 0, d.reg);
            }
            case Op.ALU_GE -> {
                if (reg) set(d, q ? F_ALU_RR64 : F_ALU_RR32, d.reg, d.rm);
                else if (plainMem && !d.has(Insn.LOCK)) set(d, q ? F_ALU_RM64 : F_ALU_RM32, d.reg, 0);
            }
            case Op.ALU_EI -> {
                if (reg) set(d, q ? F_ALU_RI64 : F_ALU_RI32, d.rm, 0);
                else if (rmw) set(d, F_ALU_MI, 0, 0);
            }
            case Op.ALU_AI -> set(d, q ? F_ALU_RI64 : F_ALU_RI32, RAX, 0);
            case Op.TEST_EG -> {
                if (reg) set(d, q ? F_TEST_RR64 : F_TEST_RR32, d.rm, d.reg);
            }
            case Op.JCC -> set(d, F_JCC, 0, 0);
            case Op.INC -> {
                if (reg && !d.has(Insn.LOCK)) set(d, F_INC_R, d.rm, 0);
                else if (rmw) set(d, F_INC_M, 0, 0);
            }
            case Op.DEC -> {
                if (reg && !d.has(Insn.LOCK)) set(d, F_DEC_R, d.rm, 0);
                else if (rmw) set(d, F_DEC_M, 0, 0);
            }
            case Op.NOT -> {
                if (reg && !d.has(Insn.LOCK)) set(d, F_NOT_R, d.rm, 0);
            }
            case Op.NEG -> {
                if (reg && !d.has(Insn.LOCK)) set(d, F_NEG_R, d.rm, 0);
            }
            case Op.PUSH_R -> {
                if (q) set(d, F_PUSH64, 0, d.rm);
            }
            case Op.POP_R -> {
                if (q) set(d, F_POP64, d.rm, 0);
            }
            default -> { }
        }
    }

    /**
     * Byte-sized MOV, ALU and TEST forms whose registers are low bytes (AL..R15B; AH..BH take
     * the general path).
     */
    private static void classifyByte(Insn d, boolean plain) {
        boolean reg = d.mod == 3, lowE = d.rmB < 16, lowG = d.regB < 16;
        d.fmask = 0xff;
        switch (d.op) {
            case Op.MOV_EG -> {
                if (reg && lowE && lowG) set(d, F_MOV_RR8, d.rmB, d.regB);
                else if (plain && lowG) set(d, F_STORE8, 0, d.regB);
            }
            case Op.MOV_GE -> {
                if (reg && lowE && lowG) set(d, F_MOV_RR8, d.regB, d.rmB);
                else if (plain && lowG) set(d, F_LOAD8, d.regB, 0);
            }
            case Op.MOV_EI -> {
                if (plain) set(d, F_MOV_MI8, 0, 0);
            }
            case Op.ALU_EG -> {
                if (reg && lowE && lowG) set(d, F_ALU_RR8, d.rmB, d.regB);
                else if (plain && lowG) set(d, F_ALU_MR, 0, d.regB);
            }
            case Op.INC -> {
                if (plain) set(d, F_INC_M, 0, 0);
            }
            case Op.DEC -> {
                if (plain) set(d, F_DEC_M, 0, 0);
            }
            case Op.ALU_GE -> {
                if (reg && lowE && lowG) set(d, F_ALU_RR8, d.regB, d.rmB);
                else if (plain && lowG) set(d, F_ALU_RM8, d.regB, 0);
            }
            case Op.ALU_EI -> {
                if (reg && lowE) set(d, F_ALU_RI8, d.rmB, 0);
                else if (reg && d.sub != Op.ADC && d.sub != Op.SBB) set(d, F_ALU_RI8H, d.rmB - 16, 0); // AH..BH (flag words)
                else if (plain) set(d, F_ALU_MI, 0, 0);
            }
            case Op.ALU_AI -> set(d, F_ALU_RI8, RAX, 0);
            case Op.TEST_EG -> {
                if (reg && lowE && lowG) set(d, F_TEST_RR8, d.rmB, d.regB);
            }
            case Op.TEST_EI -> {
                if (reg && lowE) set(d, F_TEST_RI8, d.rmB, 0);
                else if (reg) set(d, F_TEST_RI8H, d.rmB - 16, 0);
                else if (plain) set(d, F_TEST_MI8, 0, 0);
            }
            case Op.TEST_AI -> set(d, F_TEST_RI8, RAX, 0);
            default -> { }
        }
    }

    private static void set(Insn d, int fast, int dst, int src) {
        d.fast = fast;
        d.fdst = dst;
        d.fsrc = src;
    }
}
