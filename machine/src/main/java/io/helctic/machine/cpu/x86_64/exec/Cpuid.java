package io.helctic.machine.cpu.x86_64.exec;

/**
 * CPUID, honest: the features are exactly what this CPU implements.
 *
 * <p>The vendor string is "GenuineIntel": glibc reads the feature leaves only for vendors it
 * knows (any other falls to a path that reads no leaf 1, so every baseline feature looks
 * absent and its loader refuses the CPU). It names the code path software takes, not a
 * capability; family 6, model 0 matches none of glibc's model-specific tweaks. Leaf 2 holds
 * the single descriptor 0xFF ("see leaf 4") and leaf 4 a plain cache hierarchy (32 KiB L1d
 * and L1i, 1 MiB L2, no L3), which glibc sizes its copy thresholds from. Leaves 0x80000002-4
 * name it "Helctic emulated x86-64" (/proc/cpuinfo's model name).
 *
 * The x87 FPU (with FCMOVcc and FCOMI), FXSAVE/FXRSTOR (FXSR), MMX, SSE, SSE2, SSE3, SSSE3,
 * SSE4.1, SSE4.2, POPCNT and CLFLUSH (a no-op: the emulated memory has no caches) are implemented and checked against the host (X87DifferentialTest,
 * MmxDifferentialTest, SseDifferentialTest), and advertised: with CMOV, CX8, CX16 and LAHF64 that
 * is x86-64-v2, which glibc's loader checks. LZCNT and BMI1 are not advertised, so F3 0F BD/BC
 * execute as BSR/BSF, as on CPUs without them.
 */
public final class Cpuid {
    private Cpuid() {}

    static final int FEAT_EDX_FPU = 1, FEAT_EDX_FXSR = 1 << 24;
    static final int FEAT_EDX_TSC = 1 << 4, FEAT_EDX_CX8 = 1 << 8, FEAT_EDX_CMOV = 1 << 15, FEAT_EDX_MMX = 1 << 23;
    static final int FEAT_EDX_SSE = 1 << 25, FEAT_EDX_SSE2 = 1 << 26, FEAT_EDX_CLFSH = 1 << 19;
    static final int FEAT_ECX_CX16 = 1 << 13;
    static final int FEAT_ECX_SSE3 = 1, FEAT_ECX_SSSE3 = 1 << 9, FEAT_ECX_SSE41 = 1 << 19, FEAT_ECX_SSE42 = 1 << 20,
            FEAT_ECX_POPCNT = 1 << 23;
    static final int EXT_EDX_SYSCALL = 1 << 11, EXT_EDX_NX = 1 << 20, EXT_EDX_LM = 1 << 29;
    static final int EXT_ECX_LAHF = 1;

    private static final int VENDOR_EBX = fourcc("Genu"), VENDOR_EDX = fourcc("ineI"), VENDOR_ECX = fourcc("ntel");
    /** Leaf 4 sub-leaves: {type | level << 5 | self-initialising, ways-1 << 22 | partitions-1 << 12 | line-1, sets-1}. */
    private static final int[][] CACHES = {
        {1 | 1 << 5 | 1 << 8, 7 << 22 | 63, 63},     // L1 data, 8 ways, 64 sets: 32 KiB
        {2 | 1 << 5 | 1 << 8, 7 << 22 | 63, 63},     // L1 instruction: 32 KiB
        {3 | 2 << 5 | 1 << 8, 15 << 22 | 63, 1023},  // L2 unified, 16 ways, 1024 sets: 1 MiB
    };

    /** CPUID 0x80000002-4: the processor's name, NUL-padded to 48 bytes. */
    static final String BRAND = "Helctic emulated x86-64";

    private static int brand(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (at + i < BRAND.length() ? BRAND.charAt(at + i) : 0) << (8 * i);
        return v;
    }

    private static int fourcc(String s) {
        return s.charAt(0) | s.charAt(1) << 8 | s.charAt(2) << 16 | s.charAt(3) << 24;
    }

    public static void execute(long[] r) {
        int leaf = (int) r[0];
        int a = 0, b = 0, c = 0, d = 0;
        switch (leaf) {
            case 0 -> {
                a = 4;
                b = VENDOR_EBX;
                d = VENDOR_EDX;
                c = VENDOR_ECX;
            }
            case 1 -> {
                a = 0x0000_0600; // family 6, model 0, stepping 0
                b = 8 << 8; // CLFLUSH line size, in 8-byte units: 64 bytes
                d = FEAT_EDX_FPU | FEAT_EDX_TSC | FEAT_EDX_CX8 | FEAT_EDX_CMOV | FEAT_EDX_MMX | FEAT_EDX_FXSR | FEAT_EDX_SSE
                        | FEAT_EDX_SSE2 | FEAT_EDX_CLFSH;
                c = FEAT_ECX_CX16 | FEAT_ECX_SSE3 | FEAT_ECX_SSSE3 | FEAT_ECX_SSE41 | FEAT_ECX_SSE42 | FEAT_ECX_POPCNT;
            }
            case 2 -> a = 0x00ff_0001; // one round, descriptor 0xFF: the caches are in leaf 4
            case 4 -> {
                int sub = (int) r[1];
                if (sub >= 0 && sub < CACHES.length) {
                    a = CACHES[sub][0];
                    b = CACHES[sub][1];
                    c = CACHES[sub][2];
                }
            }
            case 0x8000_0000 -> a = 0x8000_0004;
            case 0x8000_0001 -> {
                d = EXT_EDX_SYSCALL | EXT_EDX_NX | EXT_EDX_LM;
                c = EXT_ECX_LAHF;
            }
            case 0x8000_0002, 0x8000_0003, 0x8000_0004 -> { // the brand string, 16 bytes a leaf
                int at = (leaf - 0x8000_0002) * 16;
                a = brand(at);
                b = brand(at + 4);
                c = brand(at + 8);
                d = brand(at + 12);
            }
            default -> { }
        }
        r[0] = a & 0xffff_ffffL;
        r[3] = b & 0xffff_ffffL;
        r[1] = c & 0xffff_ffffL;
        r[2] = d & 0xffff_ffffL;
    }
}
