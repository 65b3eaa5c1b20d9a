package io.helctic.machine.cpu.x86_64.decode;

import static io.helctic.machine.cpu.x86_64.decode.Op.*;

/**
 * The opcode maps as data: for each opcode of the one-byte map, the 0F map (per mandatory
 * prefix: none, 66, F3, F2), the 0F38 and 0F3A maps, and the ModRM.reg groups, one int
 * <em>spec</em> = operation id | sub-operation | operand-form flags. The decoder only interprets
 * the flags; which operation runs is the interpreter's business.
 *
 * <p>Every opcode whose encoding (ModRM, immediates) is known carries the right form flags even
 * when its operation is {@link Op#UD}, so instruction lengths are right for instructions the
 * interpreter does not execute.
 */
final class OpcodeTable {
    private OpcodeTable() {}

    // spec layout: bits 0-7 op, bits 8-11 sub, bits 12.. flags
    static final int MODRM = 1 << 12;
    static final int BYTE = 1 << 13;    // 8-bit operand size
    static final int IMM8 = 1 << 14;
    static final int IMM16 = 1 << 15;   // zero-extended 16-bit immediate
    static final int IMMZ = 1 << 16;    // 16 or 32 bits by operand size, sign-extended
    static final int IMMV = 1 << 17;    // 16, 32 or 64 bits by operand size (MOV r, imm)
    static final int MOFFS = 1 << 18;   // absolute address of address size
    static final int DEF64 = 1 << 19;   // operand size 64 by default (66 -> 16)
    static final int F64 = 1 << 20;     // operand size always 64 (near branches)
    static final int REL = 1 << 21;     // immediate is a branch displacement
    static final int REGOP = 1 << 22;   // register in the opcode's low 3 bits
    static final int GROUP = 1 << 23;   // op field is a group number; ModRM.reg selects the entry
    static final int INVALID = 1 << 24; // no such instruction (length unknown)
    static final int IMM_BY_SIZE = 1 << 25; // IMM8 if byte operand, else IMMZ (group 3 TEST)
    static final int SSE = 1 << 26;     // 66/F2/F3 are mandatory prefixes, operand size 4 (8 with REX.W)

    static int op(int spec) {
        return spec & 0xff;
    }

    static int sub(int spec) {
        return (spec >>> 8) & 0xf;
    }

    static final int[] ONE = new int[256];
    static final int[] TWO = new int[256 * 4]; // [opcode * 4 + prefix index: 0 none, 1 66, 2 F3, 3 F2]
    static final int[] GROUPS = new int[32 * 8];
    static final int[] THREE38 = new int[256 * 4]; // 0F 38 map, indexed like TWO
    static final int[] THREE3A = new int[256 * 4]; // 0F 3A map (all take an imm8)

    // group numbers
    static final int G1 = 1, G2 = 2, G3 = 3, G4 = 4, G5 = 5, G1A = 6, G11 = 7, G8 = 8, G9 = 9, G15 = 10,
            GNOP = 11, GUD = 12;

    private static int s(int op, int sub, int flags) {
        return op | (sub << 8) | flags;
    }

    private static void one(int opcode, int spec) {
        ONE[opcode] = spec;
    }

    private static void two(int opcode, int spec) {
        for (int p = 0; p < 4; p++) {
            TWO[opcode * 4 + p] = spec;
        }
    }

    /** An SSE opcode: spec per mandatory prefix (none, 66, F3, F2); 0 means #UD with ModRM. */
    private static void sse(int opcode, int none, int p66, int pf3, int pf2, int extraFlags) {
        int[] v = {none, p66, pf3, pf2};
        for (int p = 0; p < 4; p++) {
            int spec = v[p] == 0 ? UD : v[p];
            TWO[opcode * 4 + p] = spec | MODRM | SSE | extraFlags;
        }
    }

    /** One mandatory-prefix entry (pi: 0 none, 1 66, 2 F3, 3 F2) of an SSE opcode; sub = pi. */
    private static void ssePfx(int[] table, int opcode, int pi, int op, int extraFlags) {
        table[opcode * 4 + pi] = s(op, pi, 0) | MODRM | SSE | extraFlags;
    }

    private static void sseAllPfx(int opcode, int op, int extraFlags) {
        for (int pi = 0; pi < 4; pi++) ssePfx(TWO, opcode, pi, op, extraFlags);
    }

    private static void group(int g, int reg, int spec) {
        GROUPS[g * 8 + reg] = spec;
    }

    static {
        java.util.Arrays.fill(ONE, INVALID);
        java.util.Arrays.fill(TWO, INVALID);
        java.util.Arrays.fill(GROUPS, INVALID);

        // ---- one-byte map ----
        for (int k = 0; k < 8; k++) {
            int b = k * 8;
            one(b, s(ALU_EG, k, MODRM | BYTE));
            one(b + 1, s(ALU_EG, k, MODRM));
            one(b + 2, s(ALU_GE, k, MODRM | BYTE));
            one(b + 3, s(ALU_GE, k, MODRM));
            one(b + 4, s(ALU_AI, k, BYTE | IMM8));
            one(b + 5, s(ALU_AI, k, IMMZ));
        }
        for (int r = 0; r < 8; r++) {
            one(0x50 + r, s(PUSH_R, 0, REGOP | DEF64));
            one(0x58 + r, s(POP_R, 0, REGOP | DEF64));
            one(0x70 + r, s(JCC, r, REL | IMM8 | F64));
            one(0x78 + r, s(JCC, 8 + r, REL | IMM8 | F64));
            one(0x90 + r, s(XCHG_AR, 0, REGOP));
            one(0xB0 + r, s(MOV_RI, 0, REGOP | BYTE | IMM8));
            one(0xB8 + r, s(MOV_RI, 0, REGOP | IMMV));
            one(0xD8 + r, s(X87, r, MODRM));
        }
        one(0x63, s(MOVSXD, 0, MODRM));
        one(0x68, s(PUSH_I, 0, IMMZ | DEF64));
        one(0x69, s(IMUL_GEI, 0, MODRM | IMMZ));
        one(0x6A, s(PUSH_I, 0, IMM8 | DEF64));
        one(0x6B, s(IMUL_GEI, 0, MODRM | IMM8));
        for (int b = 0x6C; b <= 0x6F; b++) {
            one(b, s(PRIV, 0, 0)); // INS/OUTS
        }
        one(0x80, s(G1, 0, GROUP | MODRM | BYTE | IMM8));
        one(0x81, s(G1, 0, GROUP | MODRM | IMMZ));
        one(0x83, s(G1, 0, GROUP | MODRM | IMM8));
        one(0x84, s(TEST_EG, 0, MODRM | BYTE));
        one(0x85, s(TEST_EG, 0, MODRM));
        one(0x86, s(XCHG_EG, 0, MODRM | BYTE));
        one(0x87, s(XCHG_EG, 0, MODRM));
        one(0x88, s(MOV_EG, 0, MODRM | BYTE));
        one(0x89, s(MOV_EG, 0, MODRM));
        one(0x8A, s(MOV_GE, 0, MODRM | BYTE));
        one(0x8B, s(MOV_GE, 0, MODRM));
        one(0x8C, s(UD, 0, MODRM)); // mov from segment register
        one(0x8D, s(LEA, 0, MODRM));
        one(0x8E, s(UD, 0, MODRM)); // mov to segment register
        one(0x8F, s(G1A, 0, GROUP | MODRM | DEF64));
        one(0x98, s(CBW, 0, 0));
        one(0x99, s(CWD, 0, 0));
        one(0x9B, s(FWAIT, 0, 0));
        one(0x9C, s(PUSHF, 0, DEF64));
        one(0x9D, s(POPF, 0, DEF64));
        one(0x9E, s(SAHF, 0, 0));
        one(0x9F, s(LAHF, 0, 0));
        one(0xA0, s(MOV_AO, 0, BYTE | MOFFS));
        one(0xA1, s(MOV_AO, 0, MOFFS));
        one(0xA2, s(MOV_OA, 0, BYTE | MOFFS));
        one(0xA3, s(MOV_OA, 0, MOFFS));
        one(0xA4, s(MOVS, 0, BYTE));
        one(0xA5, s(MOVS, 0, 0));
        one(0xA6, s(CMPS, 0, BYTE));
        one(0xA7, s(CMPS, 0, 0));
        one(0xA8, s(TEST_AI, 0, BYTE | IMM8));
        one(0xA9, s(TEST_AI, 0, IMMZ));
        one(0xAA, s(STOS, 0, BYTE));
        one(0xAB, s(STOS, 0, 0));
        one(0xAC, s(LODS, 0, BYTE));
        one(0xAD, s(LODS, 0, 0));
        one(0xAE, s(SCAS, 0, BYTE));
        one(0xAF, s(SCAS, 0, 0));
        one(0xC0, s(G2, 0, GROUP | MODRM | BYTE | IMM8));
        one(0xC1, s(G2, 0, GROUP | MODRM | IMM8));
        one(0xC2, s(RET, 1, IMM16 | F64));
        one(0xC3, s(RET, 0, F64));
        one(0xC6, s(G11, 0, GROUP | MODRM | BYTE | IMM8));
        one(0xC7, s(G11, 0, GROUP | MODRM | IMMZ));
        one(0xC8, s(UD, 0, IMM16 | IMM8)); // ENTER iw, ib
        one(0xC9, s(LEAVE, 0, DEF64));
        one(0xCA, s(UD, 0, IMM16)); // far return
        one(0xCB, s(UD, 0, 0));
        one(0xCC, s(INT3, 0, 0));
        one(0xCD, s(INT, 0, IMM8));
        one(0xCF, s(PRIV, 0, 0)); // IRET
        one(0xD0, s(G2, 1, GROUP | MODRM | BYTE));
        one(0xD1, s(G2, 1, GROUP | MODRM));
        one(0xD2, s(G2, 2, GROUP | MODRM | BYTE));
        one(0xD3, s(G2, 2, GROUP | MODRM));
        one(0xD7, s(UD, 0, 0)); // XLAT
        one(0xE0, s(LOOP, 0, REL | IMM8 | F64));
        one(0xE1, s(LOOP, 1, REL | IMM8 | F64));
        one(0xE2, s(LOOP, 2, REL | IMM8 | F64));
        one(0xE3, s(JRCXZ, 0, REL | IMM8 | F64));
        for (int b = 0xE4; b <= 0xE7; b++) {
            one(b, s(PRIV, 0, IMM8)); // IN/OUT imm8
        }
        one(0xE8, s(CALL_REL, 0, REL | IMMZ | F64));
        one(0xE9, s(JMP_REL, 0, REL | IMMZ | F64));
        one(0xEB, s(JMP_REL, 0, REL | IMM8 | F64));
        for (int b = 0xEC; b <= 0xEF; b++) {
            one(b, s(PRIV, 0, 0)); // IN/OUT dx
        }
        one(0xF1, s(UD, 0, 0)); // INT1
        one(0xF4, s(PRIV, 0, 0)); // HLT
        one(0xF5, s(CMC, 0, 0));
        one(0xF6, s(G3, 0, GROUP | MODRM | BYTE));
        one(0xF7, s(G3, 0, GROUP | MODRM));
        one(0xF8, s(CLC, 0, 0));
        one(0xF9, s(STC, 0, 0));
        one(0xFA, s(PRIV, 0, 0)); // CLI
        one(0xFB, s(PRIV, 0, 0)); // STI
        one(0xFC, s(CLD, 0, 0));
        one(0xFD, s(STD, 0, 0));
        one(0xFE, s(G4, 0, GROUP | MODRM | BYTE));
        one(0xFF, s(G5, 0, GROUP | MODRM));

        // ---- groups ----
        for (int r = 0; r < 8; r++) {
            group(G1, r, s(ALU_EI, r, 0));
            group(G2, r, s(SHIFT, 0, 0));
            group(GNOP, r, s(NOP, 0, 0));
            group(GUD, r, s(UD, 0, 0));
            group(G15, r, s(FENCE, 0, 0));
        }
        group(G15, 0, s(FXSAVE, 0, 0));
        group(G15, 1, s(FXSAVE, 1, 0));
        group(G3, 0, s(TEST_EI, 0, IMM_BY_SIZE));
        group(G3, 1, s(TEST_EI, 0, IMM_BY_SIZE));
        group(G3, 2, s(NOT, 0, 0));
        group(G3, 3, s(NEG, 0, 0));
        group(G3, 4, s(MUL, 0, 0));
        group(G3, 5, s(IMUL1, 0, 0));
        group(G3, 6, s(DIV, 0, 0));
        group(G3, 7, s(IDIV, 0, 0));
        group(G4, 0, s(INC, 0, 0));
        group(G4, 1, s(DEC, 0, 0));
        group(G5, 0, s(INC, 0, 0));
        group(G5, 1, s(DEC, 0, 0));
        group(G5, 2, s(CALL_E, 0, F64));
        group(G5, 3, s(UD, 0, 0)); // far call
        group(G5, 4, s(JMP_E, 0, F64));
        group(G5, 5, s(UD, 0, 0)); // far jmp
        group(G5, 6, s(PUSH_E, 0, DEF64));
        group(G1A, 0, s(POP_E, 0, DEF64));
        group(G11, 0, s(MOV_EI, 0, 0));
        for (int r = 0; r < 4; r++) {
            group(G8, 4 + r, s(BT_EI, r, 0));
            group(G8, r, s(UD, 0, 0));
        }
        for (int r = 0; r < 8; r++) {
            group(G9, r, s(UD, 0, 0));
        }
        group(G9, 1, s(CMPXCHG8B, 0, 0));

        // ---- 0F map ----
        two(0x00, s(UD, 0, MODRM)); // group 6
        two(0x01, s(UD, 0, MODRM)); // group 7
        two(0x02, s(UD, 0, MODRM)); // LAR
        two(0x03, s(UD, 0, MODRM)); // LSL
        two(0x05, s(SYSCALL, 0, 0));
        two(0x06, s(PRIV, 0, 0)); // CLTS
        two(0x07, s(PRIV, 0, 0)); // SYSRET
        two(0x08, s(PRIV, 0, 0)); // INVD
        two(0x09, s(PRIV, 0, 0)); // WBINVD
        two(0x0B, s(UD2, 0, 0));
        two(0x0D, s(NOP, 0, MODRM)); // prefetch
        for (int b = 0x18; b <= 0x1F; b++) {
            two(b, s(NOP, 0, MODRM)); // hint NOPs, prefetch, ENDBR64
        }
        for (int b = 0x20; b <= 0x23; b++) {
            two(b, s(PRIV, 0, MODRM)); // mov cr/dr
        }
        two(0x30, s(PRIV, 0, 0)); // WRMSR
        two(0x31, s(RDTSC, 0, 0));
        two(0x32, s(PRIV, 0, 0)); // RDMSR
        two(0x33, s(PRIV, 0, 0)); // RDPMC
        two(0x34, s(UD, 0, 0)); // SYSENTER
        two(0x35, s(UD, 0, 0)); // SYSEXIT
        for (int c = 0; c < 16; c++) {
            two(0x40 + c, s(CMOVCC, c, MODRM));
            two(0x80 + c, s(JCC, c, REL | IMMZ | F64));
            two(0x90 + c, s(SETCC, c, MODRM | BYTE));
        }
        two(0xA2, s(CPUID, 0, 0));
        two(0xA3, s(BT_EG, 0, MODRM));
        two(0xA4, s(SHLD, 0, MODRM | IMM8));
        two(0xA5, s(SHLD, 2, MODRM));
        two(0xAB, s(BT_EG, 1, MODRM));
        two(0xAC, s(SHRD, 0, MODRM | IMM8));
        two(0xAD, s(SHRD, 2, MODRM));
        two(0xAE, s(G15, 0, GROUP | MODRM));
        two(0xAF, s(IMUL_GE, 0, MODRM));
        two(0xB0, s(CMPXCHG, 0, MODRM | BYTE));
        two(0xB1, s(CMPXCHG, 0, MODRM));
        two(0xB3, s(BT_EG, 2, MODRM));
        two(0xB6, s(MOVZX_B, 0, MODRM));
        two(0xB7, s(MOVZX_W, 0, MODRM));
        two(0xB8, s(UD, 0, MODRM)); // POPCNT (F3): not advertised
        two(0xB9, s(UD, 0, MODRM)); // UD1
        two(0xBA, s(G8, 0, GROUP | MODRM | IMM8));
        two(0xBB, s(BT_EG, 3, MODRM));
        two(0xBC, s(BSF, 0, MODRM)); // F3: TZCNT, which without BMI1 runs as BSF
        two(0xBD, s(BSR, 0, MODRM)); // F3: LZCNT, which without LZCNT runs as BSR
        two(0xBE, s(MOVSX_B, 0, MODRM));
        two(0xBF, s(MOVSX_W, 0, MODRM));
        two(0xC0, s(XADD, 0, MODRM | BYTE));
        two(0xC1, s(XADD, 0, MODRM));
        two(0xC3, s(MOVNTI, 0, MODRM));
        two(0xC7, s(G9, 0, GROUP | MODRM));
        for (int r = 0; r < 8; r++) {
            two(0xC8 + r, s(BSWAP, 0, REGOP));
        }
        // SSE and MMX: every 0F 10-17, 28-2F, 50-7F, C2-C6, D0-FF has a ModRM; 70-73, C2, C4-C6 an imm8
        for (int b = 0x10; b <= 0x17; b++) sse(b, 0, 0, 0, 0, 0);
        for (int b = 0x28; b <= 0x2F; b++) sse(b, 0, 0, 0, 0, 0);
        for (int b = 0x50; b <= 0x7F; b++) sse(b, 0, 0, 0, 0, 0);
        for (int b = 0xD0; b <= 0xFF; b++) sse(b, 0, 0, 0, 0, 0);
        for (int b = 0x70; b <= 0x73; b++) sse(b, 0, 0, 0, 0, IMM8);
        sse(0xC2, 0, 0, 0, 0, IMM8);
        sse(0xC4, 0, 0, 0, 0, IMM8);
        sse(0xC5, 0, 0, 0, 0, IMM8);
        sse(0xC6, 0, 0, 0, 0, IMM8);
        two(0x77, s(UD, 0, 0)); // EMMS: no ModRM
        two(0xFF, s(UD, 0, MODRM)); // UD0
        sse(0x10, s(SSE_MOV_LOAD, 0, 0), s(SSE_MOV_LOAD, 0, 0), s(MOVSS_LOAD, 0, 0), s(MOVSD_LOAD, 0, 0), 0);
        sse(0x11, s(SSE_MOV_STORE, 0, 0), s(SSE_MOV_STORE, 0, 0), s(MOVSS_STORE, 0, 0), s(MOVSD_STORE, 0, 0), 0);
        sse(0x12, s(MOVLPS_LOAD, 0, 0), s(MOVLPS_LOAD, 0, 0), 0, 0, 0);
        sse(0x13, s(MOVLPS_STORE, 0, 0), s(MOVLPS_STORE, 0, 0), 0, 0, 0);
        sse(0x16, s(MOVHPS_LOAD, 0, 0), s(MOVHPS_LOAD, 0, 0), 0, 0, 0);
        sse(0x17, s(MOVHPS_STORE, 0, 0), s(MOVHPS_STORE, 0, 0), 0, 0, 0);
        sse(0x28, s(SSE_MOV_LOAD, 1, 0), s(SSE_MOV_LOAD, 1, 0), 0, 0, 0);
        sse(0x29, s(SSE_MOV_STORE, 1, 0), s(SSE_MOV_STORE, 1, 0), 0, 0, 0);
        sse(0x2B, s(SSE_MOV_STORE, 2, 0), s(SSE_MOV_STORE, 2, 0), 0, 0, 0); // MOVNTPS/PD (aligned, memory only)
        sse(0x54, s(SSE_LOGIC, 1, 0), s(SSE_LOGIC, 1, 0), 0, 0, 0);
        sse(0x55, s(SSE_LOGIC, 2, 0), s(SSE_LOGIC, 2, 0), 0, 0, 0);
        sse(0x56, s(SSE_LOGIC, 3, 0), s(SSE_LOGIC, 3, 0), 0, 0, 0);
        sse(0x57, s(SSE_LOGIC, 0, 0), s(SSE_LOGIC, 0, 0), 0, 0, 0);
        sse(0x6C, 0, s(PUNPCKLQDQ, 0, 0), 0, 0, 0);
        sse(0x6D, 0, s(PUNPCKHQDQ, 0, 0), 0, 0, 0);
        sse(0x6E, 0, s(MOVD_TO_XMM, 0, 0), 0, 0, 0);
        sse(0x6F, 0, s(SSE_MOV_LOAD, 1, 0), s(SSE_MOV_LOAD, 0, 0), 0, 0);
        sse(0x70, 0, s(PSHUFD, 0, 0), 0, 0, IMM8);
        sse(0x74, 0, s(PCMPEQB, 0, 0), 0, 0, 0);
        sse(0x7E, 0, s(MOVD_FROM_XMM, 0, 0), s(MOVQ_LOAD, 0, 0), 0, 0);
        sse(0x7F, 0, s(SSE_MOV_STORE, 1, 0), s(SSE_MOV_STORE, 0, 0), 0, 0);
        sse(0xD6, 0, s(MOVQ_STORE, 0, 0), 0, 0, 0);
        sse(0xD7, 0, s(PMOVMSKB, 0, 0), 0, 0, 0);
        sse(0xDB, 0, s(SSE_LOGIC, 1, 0), 0, 0, 0);
        sse(0xDF, 0, s(SSE_LOGIC, 2, 0), 0, 0, 0);
        sse(0xE7, 0, s(SSE_MOV_STORE, 2, 0), 0, 0, 0); // MOVNTDQ
        sse(0xEB, 0, s(SSE_LOGIC, 3, 0), 0, 0, 0);
        sse(0xEF, 0, s(SSE_LOGIC, 0, 0), 0, 0, 0);

        // ---- SSE/SSE2/SSE3 floating point (SseFloat; it refuses the prefixes that have no form) ----
        for (int b : new int[] {0x14, 0x15, 0x2A, 0x2C, 0x2D, 0x2E, 0x2F, 0x50, 0x51, 0x52, 0x53, 0x58, 0x59, 0x5A,
                0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x7C, 0x7D, 0xD0}) {
            sseAllPfx(b, SSE_FP, 0);
        }
        sseAllPfx(0xC2, SSE_FP, IMM8);
        sseAllPfx(0xC6, SSE_FP, IMM8);
        ssePfx(TWO, 0x12, 2, SSE_FP, 0); // MOVSLDUP
        ssePfx(TWO, 0x12, 3, SSE_FP, 0); // MOVDDUP
        ssePfx(TWO, 0x16, 2, SSE_FP, 0); // MOVSHDUP
        for (int pi = 1; pi < 4; pi++) ssePfx(TWO, 0xE6, pi, SSE_FP, 0); // CVTTPD2DQ, CVTDQ2PD, CVTPD2DQ
        ssePfx(TWO, 0xF0, 3, SSE_FP, 0); // LDDQU
        group(G15, 2, s(SSE_FP, 0, 0)); // LDMXCSR
        group(G15, 3, s(SSE_FP, 0, 0)); // STMXCSR
        group(G15, 7, s(SSE_FP, 0, 0)); // CLFLUSH (memory), SFENCE (register)

        // ---- integer SSE2 (66 prefix; the MMX forms are below) ----
        for (int b = 0x60; b <= 0x6B; b++) ssePfx(TWO, b, 1, SSE_INT, 0);
        for (int b = 0x71; b <= 0x73; b++) ssePfx(TWO, b, 1, SSE_INT, IMM8);
        ssePfx(TWO, 0x70, 2, SSE_INT, IMM8); // PSHUFHW
        ssePfx(TWO, 0x70, 3, SSE_INT, IMM8); // PSHUFLW
        ssePfx(TWO, 0x75, 1, SSE_INT, 0);
        ssePfx(TWO, 0x76, 1, SSE_INT, 0);
        ssePfx(TWO, 0xC4, 1, SSE_INT, IMM8);
        ssePfx(TWO, 0xC5, 1, SSE_INT, IMM8);
        for (int b : new int[] {0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD8, 0xD9, 0xDA, 0xDC, 0xDD, 0xDE, 0xE0, 0xE1, 0xE2,
                0xE3, 0xE4, 0xE5, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xEE, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
                0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}) {
            ssePfx(TWO, b, 1, SSE_INT, 0);
        }
        TWO[0xB8 * 4 + 2] = s(SSE_INT, 2, MODRM); // POPCNT (operand size by 66/REX.W)

        // ---- 0F 38 and 0F 3A: SSSE3, SSE4.1, SSE4.2 (66 prefix), CRC32 (F2) ----
        for (int p = 0; p < THREE38.length; p++) {
            THREE38[p] = s(UD, 0, MODRM);
            THREE3A[p] = s(UD, 0, MODRM | IMM8);
        }
        for (int b : new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x10, 0x17,
                0x1C, 0x1D, 0x1E, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x28, 0x29, 0x2A, 0x2B, 0x30, 0x31, 0x32, 0x33,
                0x34, 0x35, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x41}) {
            ssePfx(THREE38, b, 1, SSE_INT, 0);
        }
        ssePfx(THREE38, 0x14, 1, SSE_FP, 0); // BLENDVPS
        ssePfx(THREE38, 0x15, 1, SSE_FP, 0); // BLENDVPD
        ssePfx(THREE38, 0xF0, 3, SSE_INT, 0); // CRC32 r, r/m8
        ssePfx(THREE38, 0xF1, 3, SSE_INT, 0); // CRC32 r, r/m16/32/64
        for (int b : new int[] {0x0E, 0x0F, 0x14, 0x15, 0x16, 0x20, 0x22, 0x42, 0x60, 0x61, 0x62, 0x63}) {
            ssePfx(THREE3A, b, 1, SSE_INT, IMM8);
        }
        for (int b : new int[] {0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x17, 0x21, 0x40, 0x41}) {
            ssePfx(THREE3A, b, 1, SSE_FP, IMM8);
        }

        // ---- MMX (no prefix; Mmx), its SSE/SSE2/SSSE3 additions, MOVQ2DQ/MOVDQ2Q, CVT*PI* ----
        for (int b : new int[] {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6E, 0x6F,
                0x74, 0x75, 0x76, 0x7E, 0x7F, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD,
                0xDE, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
                0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}) {
            ssePfx(TWO, b, 0, MMX, 0);
        }
        for (int b : new int[] {0x70, 0x71, 0x72, 0x73, 0xC4, 0xC5}) ssePfx(TWO, b, 0, MMX, IMM8);
        TWO[0x77 * 4] = s(MMX, 0, 0); // EMMS
        ssePfx(TWO, 0xD6, 2, MMX, 0); // MOVQ2DQ
        ssePfx(TWO, 0xD6, 3, MMX, 0); // MOVDQ2Q
        for (int b : new int[] {0x2A, 0x2C, 0x2D}) {
            ssePfx(TWO, b, 0, MMX, 0); // CVTPI2PS, CVTTPS2PI, CVTPS2PI
            ssePfx(TWO, b, 1, MMX, 0); // CVTPI2PD, CVTTPD2PI, CVTPD2PI
        }
        for (int b : new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x1C, 0x1D,
                0x1E}) {
            ssePfx(THREE38, b, 0, MMX, 0);
        }
        ssePfx(THREE3A, 0x0F, 0, MMX, IMM8); // PALIGNR mm
    }
}
