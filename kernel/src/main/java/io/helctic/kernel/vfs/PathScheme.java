package io.helctic.kernel.vfs;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;

/**
 * A scheme the kernel makes up itself ({@code dev:}, {@code proc:}): nothing in it can be renamed
 * under a walk, so its directories are just the paths they were reached by, and its operations
 * take a path relative to its root.
 */
public abstract class PathScheme implements Scheme {
    private final Dir root = new Dir(this, "", -1, false);

    @Override
    public final Dir root() { return root; }

    /** Describes rel without following a final symlink. */
    protected abstract Result<Handle.Stat> lstat(String rel);

    protected Result<String> readlink(String rel) { return Result.err(Errno.EINVAL); }

    /** Whether the symlink rel is a magic link (see {@link Scheme#magicLink}). */
    protected boolean magicLink(String rel) { return false; }

    /** Where following the symlink rel leads (see {@link Scheme#followLink}): its target by default. */
    protected Result<String> followLink(String rel) { return readlink(rel); }

    @Override
    public final Result<String> followLink(Dir dir, String name) {
        return followLink(dir.child(name));
    }

    @Override
    public final boolean magicLink(Dir dir, String name) {
        return magicLink(dir.child(name));
    }

    /** Opens rel; mode already has the umask applied. */
    protected abstract Result<Handle> open(String rel, String guestPath, int flags, int mode);

    @Override
    public final Result<Entry> lookup(Dir dir, String name, boolean open) {
        String rel = dir.child(name);
        Result<Handle.Stat> s = lstat(rel);
        if (s.failed()) return s.cast();
        boolean isDir = s.value().isDirectory();
        return Result.ok(new Entry(s.value().mode(), isDir && open ? new Dir(this, rel, -1, true) : null, s.value()));
    }

    /**
     * The directories {@code names} lead through, in one step: each prefix described as
     * {@link #lookup} would describe it, and a directory — so no symlink among them — else null,
     * and the walk decides. What the walk would reach, without its steps.
     */
    @Override
    public final Dir descendAll(Dir dir, String names) {
        String rel = dir.child(names);
        int from = dir.rel().isEmpty() ? 0 : dir.rel().length() + 1;
        for (int i = rel.indexOf('/', from); ; i = rel.indexOf('/', i + 1)) {
            Result<Handle.Stat> s = lstat(i < 0 ? rel : rel.substring(0, i));
            if (s.failed() || !s.value().isDirectory()) return null;
            if (i < 0) return new Dir(this, rel, -1, true);
        }
    }

    @Override
    public final Result<Handle.Stat> lstat(Dir dir, String name) {
        return lstat(dir.child(name));
    }

    @Override
    public final Result<String> readlink(Dir dir, String name) {
        return readlink(dir.child(name));
    }

    @Override
    public final Result<Handle> open(Dir dir, String name, String guestPath, int flags, int mode) {
        return open(dir.child(name), guestPath, flags, mode);
    }
}
