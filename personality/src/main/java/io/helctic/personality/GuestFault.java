package io.helctic.personality;

import io.helctic.abi.Errno;

/**
 * A guest memory access through USER_LOAD / USER_STORE failed. Shims catch it and return
 * {@link #result()}; it carries no stack trace because it is an expected outcome.
 */
public final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long result;

    public GuestFault(long negativeErrno) {
        super("guest memory access failed: " + negativeErrno, null, false, false);
        this.result = negativeErrno;
    }

    /** The op's failure value, {@code -errno}. */
    public long result() { return result; }

    public Errno errno() {
        Errno e = Errno.ofResult(result);
        return e != null ? e : Errno.EFAULT;
    }
}
