package io.helctic.personality;

/**
 * How completely a personality implements a syscall, stated per entry of its table. An entry whose
 * note admits missing behaviour is PARTIAL; FULL promises the OS's semantics, and a test fails
 * when a FULL or PARTIAL entry reaches a kernel slot the kernel leaves unimplemented.
 */
public enum Support {
    /** The OS's semantics are carried in full (by the op, or by the shim). */
    FULL,
    /** Implemented with departures from the OS, which the entry's note states. */
    PARTIAL,
    /** Answers ENOSYS in the personality's convention. */
    UNIMPLEMENTED
}
