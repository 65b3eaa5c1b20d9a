package io.helctic.abi;

/**
 * Results an op may return besides a value or {@code -errno}, which no guest ever sees (gVisor's
 * and Linux's ERESTARTSYS family, FreeBSD's EJUSTRETURN). A blocking op that a signal interrupts
 * returns a restart code, and a personality passes it on instead of encoding it
 * ({@link SyscallResult#encode}); the kernel then decides, before anything reaches the guest's
 * registers, whether the call restarts or ends with EINTR — the same decision for every
 * personality, whatever its result convention. An op that has set the guest's registers itself
 * (sigreturn, execve) returns {@link #EJUSTRETURN}.
 */
public enum KernelCode {
    /** Restart when no handler runs or the handler has SA_RESTART; otherwise EINTR. */
    ERESTARTSYS(512, "To be restarted if SA_RESTART is set"),
    /** Always restart. */
    ERESTARTNOINTR(513, "To be restarted"),
    /** Restart when no handler runs; otherwise EINTR. */
    ERESTARTNOHAND(514, "To be restarted if no handler"),
    /**
     * When no handler runs, continue the call through the personality's restart syscall (Linux's
     * restart_syscall) from the kernel's saved state of it; otherwise EINTR. A personality without
     * a restart syscall gets EINTR.
     */
    ERESTART_RESTARTBLOCK(516, "Interrupted by signal"),
    /** The op has set the guest's registers: the trap handler applies nothing. */
    EJUSTRETURN(600, "Registers already set");

    private final int number;
    private final String description;

    KernelCode(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() { return number; }

    /** What strace prints after the name. */
    public String description() { return description; }

    /** The value an op returns: {@code -number}. */
    public long negative() { return -number; }

    /** Whether the call may run again (every code but EJUSTRETURN). */
    public boolean restarts() { return this != EJUSTRETURN; }

    /** The code an op's value is, or null for a value or -errno. */
    public static KernelCode of(long result) {
        if (result > -512 || result < -600) return null;
        return switch ((int) -result) {
            case 512 -> ERESTARTSYS;
            case 513 -> ERESTARTNOINTR;
            case 514 -> ERESTARTNOHAND;
            case 516 -> ERESTART_RESTARTBLOCK;
            case 600 -> EJUSTRETURN;
            default -> null;
        };
    }
}
