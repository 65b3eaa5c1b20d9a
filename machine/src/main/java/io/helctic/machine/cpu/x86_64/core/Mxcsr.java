package io.helctic.machine.cpu.x86_64.core;

/**
 * The SSE control/status register of one core, and the exception flags the current
 * instruction raised. An SSE floating-point instruction calls {@link #begin}, lets the
 * {@code SoftFp} operations accumulate flags in {@link #raised}, then calls {@link #commit}:
 * if every raised exception is masked the flags become sticky in MXCSR and the instruction
 * writes its result; otherwise the instruction must not write its destination and the
 * interpreter raises #XM ({@link Exit#XM}).
 */
public final class Mxcsr {
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
    public static final int DAZ = 1 << 6, FTZ = 1 << 15;
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;
    public static final int DEFAULT = 0x1F80;
    /** Bits LDMXCSR accepts (MXCSR_MASK with DAZ); any other set bit is #GP. */
    public static final int WRITABLE = 0xFFFF;

    public int value = DEFAULT;
    /** Exceptions raised by the instruction in progress. */
    public int raised;
    /** Set by {@code SoftFp.shiftRound}: whether its rounding was inexact. */
    public boolean inexact;

    /** Working storage for the executors, so nothing is allocated per instruction. */
    public final long[] t = new long[8];
    public final int[] ia = new int[16], ib = new int[16];

    /** Exceptions of completed stages of a multi-stage instruction (DPPS, DPPD). */
    int prior;

    public void begin() {
        raised = 0;
        prior = 0;
    }

    /** Ends a stage whose exceptions were all masked: its flags stand whatever later stages raise. */
    public void nextStage() {
        prior |= raised;
        raised = 0;
    }

    public int rc() {
        return (value >>> 13) & 3;
    }

    public boolean daz() {
        return (value & DAZ) != 0;
    }

    public boolean ftz() {
        return (value & FTZ) != 0;
    }

    /** Whether an exception raised so far is unmasked (for instructions that check between stages). */
    public boolean unmasked() {
        return ((raised | prior) & ~(value >>> 7) & 0x3F) != 0;
    }

    /**
     * Ends an instruction: true if it may write its result (every raised exception masked).
     * On an unmasked exception the flags are set as hardware does (only the pre-computation
     * ones, IE/DE/ZE, if one of those is unmasked) and false is returned.
     */
    public boolean commit() {
        int f = raised & 0x3F;
        int unmasked = f & ~(value >>> 7) & 0x3F;
        if ((unmasked & (IE | DE | ZE)) != 0) f &= IE | DE | ZE;
        value |= f | prior;
        return unmasked == 0;
    }
}
