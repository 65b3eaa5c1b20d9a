package io.helctic.kernel.vfs;

/**
 * An open directory of a mounted scheme: where a path walk looks its next name up, and the
 * parent an operation on a final name is made in. The host filesystem's holds a host descriptor
 * ({@link #fd}), so what the walk found is what the operation acts on, whatever is renamed
 * meanwhile.
 *
 * <p>Three kinds: an <em>owned</em> Dir (a walk opened it) releases its descriptor when closed; a
 * <em>fixed</em> one (a scheme's root, a directory with no descriptor) holds nothing; a
 * <em>shared</em> one is a descriptor an open file or a working directory owns ({@link SharedFd}),
 * and is used through {@link #borrowed()}, which holds the descriptor open until closed.
 */
public final class Dir implements AutoCloseable {
    private final Scheme scheme;
    private final String rel;
    private final int fd;
    private final boolean owned;
    /** The shared descriptor: of a template (not held), or of a borrowed view (held until close). */
    private final SharedFd shared;
    private final boolean holds;
    /** A view that holds a shared descriptor has let it go (closing twice must not release twice). */
    private boolean closed;

    /** {@code rel}: the path in the scheme it was reached by ("" for the root); {@code fd}: a host descriptor or -1. */
    public Dir(Scheme scheme, String rel, int fd, boolean owned) {
        this(scheme, rel, fd, owned, null, false);
    }

    /** A directory whose descriptor is shared with its owner: use it through {@link #borrowed()}. */
    public Dir(Scheme scheme, String rel, SharedFd shared) {
        this(scheme, rel, shared.fd(), false, shared, false);
    }

    /**
     * A view that holds {@code shared} and takes over its creator's reference: closing it is that
     * reference's release (a working directory the process owns).
     */
    public static Dir holding(Scheme scheme, String rel, SharedFd shared) {
        return new Dir(scheme, rel, shared.fd(), false, shared, true);
    }

    private Dir(Scheme scheme, String rel, int fd, boolean owned, SharedFd shared, boolean holds) {
        this.scheme = scheme;
        this.rel = rel;
        this.fd = fd;
        this.owned = owned;
        this.shared = shared;
        this.holds = holds;
    }

    public Scheme scheme() { return scheme; }

    public String rel() { return rel; }

    public int fd() { return fd; }

    /**
     * The same directory for one use, closed by the user: a view that does not release an owned
     * descriptor, or holds a shared one open until closed. Null when a shared descriptor has been
     * closed meanwhile (its file was closed on another thread): the caller answers EBADF.
     */
    public Dir borrowed() {
        if (shared != null) return shared.acquire() ? new Dir(scheme, rel, fd, false, shared, true) : null;
        return owned ? new Dir(scheme, rel, fd, false) : this;
    }

    /** The path of {@code name} in the scheme ({@code name} "" is the directory itself). */
    public String child(String name) {
        return name.isEmpty() ? rel : rel.isEmpty() ? name : rel + "/" + name;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (holds) shared.release();
        else if (owned) scheme.release(this);
    }
}
