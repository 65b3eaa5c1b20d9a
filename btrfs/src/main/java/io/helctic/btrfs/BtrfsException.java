package io.helctic.btrfs;

/**
 * Anything wrong with an image or a request against it. The message names what is wrong and
 * where: a physical offset, a logical address, a tree, an inode or a path.
 */
public final class BtrfsException extends Exception {
    private static final long serialVersionUID = 1L;

    private boolean noSpace;

    public BtrfsException(String message) {
        super(message);
    }

    /** The image has no room left for a change (ENOSPC). */
    static BtrfsException noSpace(String message) {
        BtrfsException e = new BtrfsException(message);
        e.noSpace = true;
        return e;
    }

    /** Whether the request failed for want of space in the image. */
    public boolean isNoSpace() { return noSpace; }

    public BtrfsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Error at logical address {@code logical}. */
    static BtrfsException at(long logical, String what) {
        return new BtrfsException(what + " (tree block at logical " + logical + ")");
    }

    /** The same error, prefixed with the path being worked on. */
    public BtrfsException onPath(String path) {
        if (getMessage().startsWith(path + ": ")) return this;
        return new BtrfsException(path + ": " + getMessage(), this);
    }
}
