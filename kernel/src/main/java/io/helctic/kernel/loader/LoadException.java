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

    public LoadException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static LoadException malformed(String what) {
        return new LoadException(CANNOT_EXECUTE, "malformed ELF: " + what);
    }

    public int status() { return status; }
}
