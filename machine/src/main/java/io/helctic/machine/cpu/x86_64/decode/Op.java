package io.helctic.machine.cpu.x86_64.decode;

/** Operation ids of decoded instructions: the interpreter switches over these. */
public final class Op {
    private Op() {}

    public static final int UD = 0;          // invalid or not implemented: #UD
    public static final int PRIV = 1;        // privileged in user mode: #GP
    public static final int NOP = 2;
    // integer ALU; sub = ADD..CMP (the x86 order), or reg field of group 1
    public static final int ALU_EG = 3, ALU_GE = 4, ALU_AI = 5, ALU_EI = 6;
    public static final int TEST_EG = 7, TEST_AI = 8, TEST_EI = 9;
    public static final int MOV_EG = 10, MOV_GE = 11, MOV_EI = 12, MOV_RI = 13, MOV_AO = 14, MOV_OA = 15;
    public static final int MOVZX_B = 16, MOVZX_W = 17, MOVSX_B = 18, MOVSX_W = 19, MOVSXD = 20, LEA = 21;
    public static final int INC = 22, DEC = 23, NOT = 24, NEG = 25, MUL = 26, IMUL1 = 27, DIV = 28, IDIV = 29;
    public static final int IMUL_GE = 30, IMUL_GEI = 31;
    public static final int SHIFT = 32;      // kind = reg field; sub: 0 imm8, 1 by one, 2 by CL
    public static final int SHLD = 33, SHRD = 34; // sub: 0 imm8, 2 CL
    public static final int BT_EG = 35, BT_EI = 36; // sub (EG) / reg field (EI): 0 BT, 1 BTS, 2 BTR, 3 BTC
    public static final int BSF = 37, BSR = 38, BSWAP = 39, CBW = 40, CWD = 41;
    public static final int PUSH_R = 42, POP_R = 43, PUSH_I = 44, PUSH_E = 45, POP_E = 46;
    public static final int CALL_REL = 47, CALL_E = 48, RET = 49, JMP_REL = 50, JMP_E = 51, JCC = 52;
    public static final int SETCC = 53, CMOVCC = 54, XCHG_EG = 55, XCHG_AR = 56, CMPXCHG = 57, XADD = 58;
    public static final int CMPXCHG8B = 59, LEAVE = 60, SYSCALL = 61, CPUID = 62, RDTSC = 63, UD2 = 64;
    public static final int INT3 = 65, MOVS = 66, CMPS = 67, STOS = 68, LODS = 69, SCAS = 70;
    public static final int CLD = 71, STD = 72, CLC = 73, STC = 74, CMC = 75, LAHF = 76, SAHF = 77;
    public static final int PUSHF = 78, POPF = 79, LOOP = 80, JRCXZ = 81; // LOOP sub: 0 loopne, 1 loope, 2 loop
    public static final int FENCE = 82;      // group 15 (0F AE): fences are NOPs, the rest #UD
    public static final int INT = 83;        // INT imm8: #GP in user mode
    public static final int VEX = 84;        // VEX-encoded: recognised, refused
    // SSE (sub selects the variant where one op id covers several encodings)
    public static final int SSE_MOV_LOAD = 90;  // xmm <- xmm/m128 ; sub 1 = aligned
    public static final int SSE_MOV_STORE = 91; // xmm/m128 <- xmm ; sub 1 = aligned
    public static final int MOVSS_LOAD = 92, MOVSS_STORE = 93, MOVSD_LOAD = 94, MOVSD_STORE = 95;
    public static final int MOVD_TO_XMM = 96, MOVD_FROM_XMM = 97, MOVQ_LOAD = 98, MOVQ_STORE = 99;
    public static final int SSE_LOGIC = 100;    // sub: 0 xor, 1 and, 2 andn, 3 or
    public static final int PUNPCKLQDQ = 101, PUNPCKHQDQ = 102;
    public static final int MOVLPS_LOAD = 103, MOVLPS_STORE = 104, MOVHPS_LOAD = 105, MOVHPS_STORE = 106;
    public static final int PSHUFD = 107, PCMPEQB = 108, PMOVMSKB = 109, MOVNTI = 110;
    // SSE arithmetic families: sub = mandatory-prefix index (0 none, 1 66, 2 F3, 3 F2); the
    // executors dispatch on map and opcode
    public static final int SSE_FP = 111;  // SseFloat: floating point, LDMXCSR/STMXCSR/CLFLUSH
    public static final int SSE_INT = 112; // SseInt: integer SSE2..SSE4.2, CRC32, POPCNT

    // x87 (sub = escape byte & 7) and its state instructions
    public static final int X87 = 120, FWAIT = 121, FXSAVE = 122; // FXSAVE sub: 0 save, 1 restore
    public static final int MMX = 123;     // Mmx: MMX registers (sub = mandatory-prefix index)

    static final int COUNT = 128;

    /** ALU kinds: the sub of ALU_* (and group 1's reg field), in x86's order. */
    public static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

    /** Whether an instruction ends a decoded block (control transfer or trap). */
    public static boolean endsBlock(int op) {
        return switch (op) {
            case UD, PRIV, CALL_REL, CALL_E, RET, JMP_REL, JMP_E, JCC, SYSCALL, UD2, INT3, INT, LOOP, JRCXZ,
                 POPF, VEX -> true;
            default -> false;
        };
    }
}
