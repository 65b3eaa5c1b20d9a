package io.helctic.machine.cpu.x86_64;

/**
 * CPUID, honest: it reports only what this CPU implements. Vendor "HelcticVirt ".
 * The x87 FPU (with FCMOVcc and FCOMI), FXSAVE/FXRSTOR (FXSR), MMX, SSE, SSE2, SSE3, SSSE3,
 * SSE4.1, SSE4.2 and POPCNT are implemented and checked against the host (X87DifferentialTest,
 * MmxDifferentialTest, SseDifferentialTest), and advertised: with CMOV, CX8, CX16 and LAHF64 that
 * is x86-64-v2, which glibc's loader checks. LZCNT and BMI1 are not advertised, so F3 0F BD/BC
 * execute as BSR/BSF, as on CPUs without them.
 */
final class Cpuid {
    private Cpuid() {}

    static final int FEAT_EDX_FPU = 1, FEAT_EDX_FXSR = 1 << 24;
    static final int FEAT_EDX_TSC = 1 << 4, FEAT_EDX_CX8 = 1 << 8, FEAT_EDX_CMOV = 1 << 15, FEAT_EDX_MMX = 1 << 23;
    static final int FEAT_EDX_SSE = 1 << 25, FEAT_EDX_SSE2 = 1 << 26;
    static final int FEAT_ECX_CX16 = 1 << 13;
    static final int FEAT_ECX_SSE3 = 1, FEAT_ECX_SSSE3 = 1 << 9, FEAT_ECX_SSE41 = 1 << 19, FEAT_ECX_SSE42 = 1 << 20,
            FEAT_ECX_POPCNT = 1 << 23;
    static final int EXT_EDX_SYSCALL = 1 << 11, EXT_EDX_NX = 1 << 20, EXT_EDX_LM = 1 << 29;
    static final int EXT_ECX_LAHF = 1;

    private static final int VENDOR_EBX = fourcc("Helc"), VENDOR_EDX = fourcc("ticV"), VENDOR_ECX = fourcc("irt ");

    private static int fourcc(String s) {
        return s.charAt(0) | s.charAt(1) << 8 | s.charAt(2) << 16 | s.charAt(3) << 24;
    }

    static void execute(long[] r) {
        int leaf = (int) r[0];
        int a = 0, b = 0, c = 0, d = 0;
        switch (leaf) {
            case 0 -> {
                a = 1;
                b = VENDOR_EBX;
                d = VENDOR_EDX;
                c = VENDOR_ECX;
            }
            case 1 -> {
                a = 0x0000_0600; // family 6, model 0, stepping 0
                d = FEAT_EDX_FPU | FEAT_EDX_TSC | FEAT_EDX_CX8 | FEAT_EDX_CMOV | FEAT_EDX_MMX | FEAT_EDX_FXSR | FEAT_EDX_SSE
                        | FEAT_EDX_SSE2;
                c = FEAT_ECX_CX16 | FEAT_ECX_SSE3 | FEAT_ECX_SSSE3 | FEAT_ECX_SSE41 | FEAT_ECX_SSE42 | FEAT_ECX_POPCNT;
            }
            case 0x8000_0000 -> a = 0x8000_0001;
            case 0x8000_0001 -> {
                d = EXT_EDX_SYSCALL | EXT_EDX_NX | EXT_EDX_LM;
                c = EXT_ECX_LAHF;
            }
            default -> { }
        }
        r[0] = a & 0xffff_ffffL;
        r[3] = b & 0xffff_ffffL;
        r[1] = c & 0xffff_ffffL;
        r[2] = d & 0xffff_ffffL;
    }
}
