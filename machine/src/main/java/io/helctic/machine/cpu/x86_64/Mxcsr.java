package io.helctic.machine.cpu.x86_64;

/**
 * The SSE control/status register of one core, and the exception flags the current
 * instruction raised. An SSE floating-point instruction calls {@link #begin}, lets the
 * {@link SoftFp} operations accumulate flags in {@link #raised}, then calls {@link #commit}:
 * if every raised exception is masked the flags become sticky in MXCSR and the instruction
 * writes its result; otherwise the instruction must not write its destination and the
 * interpreter raises #XM ({@link Interpreter#XM}).
 */
final class Mxcsr {
    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
    static final int DAZ = 1 << 6, FTZ = 1 << 15;
    static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;
    static final int DEFAULT = 0x1F80;
    /** Bits LDMXCSR accepts (MXCSR_MASK with DAZ); any other set bit is #GP. */
    static final int WRITABLE = 0xFFFF;

    int value = DEFAULT;
    /** Exceptions raised by the instruction in progress. */
    int raised;
    /** Set by {@link SoftFp#shiftRound}: whether its rounding was inexact. */
    boolean inexact;

    /** Working storage for the executors, so nothing is allocated per instruction. */
    final long[] t = new long[8];
    final int[] ia = new int[16], ib = new int[16];

    /** Exceptions of completed stages of a multi-stage instruction (DPPS, DPPD). */
    int prior;

    void begin() {
        raised = 0;
        prior = 0;
    }

    /** Ends a stage whose exceptions were all masked: its flags stand whatever later stages raise. */
    void nextStage() {
        prior |= raised;
        raised = 0;
    }

    int rc() {
        return (value >>> 13) & 3;
    }

    boolean daz() {
        return (value & DAZ) != 0;
    }

    boolean ftz() {
        return (value & FTZ) != 0;
    }

    /** Whether an exception raised so far is unmasked (for instructions that check between stages). */
    boolean unmasked() {
        return ((raised | prior) & ~(value >>> 7) & 0x3F) != 0;
    }

    /**
     * Ends an instruction: true if it may write its result (every raised exception masked).
     * On an unmasked exception the flags are set as hardware does (only the pre-computation
     * ones, IE/DE/ZE, if one of those is unmasked) and false is returned.
     */
    boolean commit() {
        int f = raised & 0x3F;
        int unmasked = f & ~(value >>> 7) & 0x3F;
        if ((unmasked & (IE | DE | ZE)) != 0) f &= IE | DE | ZE;
        value |= f | prior;
        return unmasked == 0;
    }
}
