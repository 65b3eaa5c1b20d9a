package io.helctic.personality.linux;

/** How a trace shows a successful result. */
public enum Ret {
    DECIMAL, HEX, OCTAL,
    /** the call does not return (exit, exit_group): strace prints {@code ?}. */
    NORETURN
}
