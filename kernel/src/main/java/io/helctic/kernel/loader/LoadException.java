package io.helctic.kernel.loader;

/**
 * A program that cannot be loaded. The message is one clear line for the user; the
 * status is what a shell would report (126 cannot execute, 127 not found).
 */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int CANNOT_EXECUTE = 126;
    public static final int NOT_FOUND = 127;

    private final int status;
    private final io.helctic.abi.Errno errno;

    public LoadException(int status, String message) {
        this(status, message, status == NOT_FOUND ? io.helctic.abi.Errno.ENOENT : io.helctic.abi.Errno.ENOEXEC);
    }

    /** {@code errno} is what execve returns to a guest for this failure. */
    public LoadException(int status, String message, io.helctic.abi.Errno errno) {
        super(message, null, false, false);
        this.status = status;
        this.errno = errno;
    }

    public static LoadException malformed(String what) {
        return new LoadException(CANNOT_EXECUTE, "malformed ELF: " + what);
    }

    public int status() { return status; }

    /** The errno execve answers with. */
    public io.helctic.abi.Errno errno() { return errno; }
}
