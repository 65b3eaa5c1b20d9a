package io.helctic.personality.linux;

/** How completely the personality implements a syscall (the kernel may still lack the op). */
public enum Support {
    /** The Linux semantics are carried in full (by the op, or by the shim). */
    FULL,
    /** Implemented with documented departures from Linux. */
    PARTIAL,
    /** Answers -ENOSYS. */
    UNIMPLEMENTED
}
