package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Fs.NAME_MAX;
import static io.helctic.abi.uapi.Fs.PATH_MAX;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The guest's view of the filesystem: a mount table mapping absolute guest paths to
 * schemes, and path resolution that follows symlinks itself, component by component, so
 * no "..", absolute symlink or link chain can leave the guest root: ".." at "/" stays at
 * "/", and an absolute link target starts again from the guest root.
 */
public final class Namespace {
    /** Linux's limits. */
    public static final int MAX_SYMLINKS = 40;

    /** A mounted scheme. */
    public record Mount(String point, Scheme scheme) {}

    /**
     * What a path names: its canonical absolute guest path, its mount and the path in it, and
     * its st_mode ({@link #MISSING}: it does not exist). Resolution needs only each
     * component's type, which the host answers more cheaply than an exact stat; a caller
     * that needs the exact stat asks for it with {@link #stat()}.
     */
    public record Resolved(String path, Mount mount, String rel, int mode) {
        /** The mode of a name that does not exist (the last component of a path may be missing). */
        public static final int MISSING = -1;

        public boolean exists() { return mode != MISSING; }

        /** The file type bits of the mode (S_IFMT). */
        public int type() { return mode & Handle.S_IFMT; }

        public boolean isDirectory() { return exists() && type() == Handle.S_IFDIR; }

        public Scheme scheme() { return mount.scheme(); }

        /** lstat of it, exact (every field the guest sees), asked of its scheme now; ENOENT when it does not exist. */
        public Result<Handle.Stat> stat() {
            return exists() ? mount.scheme().lstat(rel) : Result.err(Errno.ENOENT);
        }
    }

    private final List<Mount> mounts = new ArrayList<>();

    /** Mounts a scheme at an absolute path ("/" for the root). */
    public synchronized void mount(String point, Scheme scheme) {
        mounts.add(new Mount(point, scheme));
        mounts.sort((a, b) -> Integer.compare(b.point().length(), a.point().length())); // longest point first
    }

    public synchronized List<Mount> mounts() { return List.copyOf(mounts); }

    /** The mount holding an absolute canonical path. */
    public synchronized Mount mountFor(String abs) {
        for (Mount m : mounts) {
            if (m.point().equals("/") || abs.equals(m.point()) || abs.startsWith(m.point() + "/")) return m;
        }
        throw new IllegalStateException("no root mount");
    }

    static String rel(Mount m, String abs) {
        if (m.point().equals("/")) return abs.substring(1);
        return abs.length() == m.point().length() ? "" : abs.substring(m.point().length() + 1);
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    private Result<Integer> lmode(String abs) {
        Mount m = mountFor(abs);
        return m.scheme().lmode(rel(m, abs));
    }

    /**
     * Resolves {@code path} against the directory {@code base} (absolute, canonical).
     * All components but the last must exist and be directories (or links to them); the
     * last may be missing (the result's mode is then {@link Resolved#MISSING}) and is followed when it is a
     * symlink only if {@code followLast}. A trailing slash requires a directory.
     */
    public Result<Resolved> resolve(String base, String path, boolean followLast) {
        if (path.isEmpty()) return Result.err(Errno.ENOENT);
        if (path.length() >= PATH_MAX) return Result.err(Errno.ENAMETOOLONG);
        boolean mustBeDir = path.endsWith("/");
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> cur = path.startsWith("/") ? new ArrayList<>() : new ArrayList<>(split(base));
        int mode = Resolved.MISSING;
        int links = 0;
        if (todo.isEmpty()) { // "/" or "///"
            Result<Integer> s = lmode(join(cur));
            if (s.failed()) return s.cast();
            String abs = join(cur);
            Mount m = mountFor(abs);
            return Result.ok(new Resolved(abs, m, rel(m, abs), s.value()));
        }
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            boolean last = todo.isEmpty();
            if (c.length() > NAME_MAX) return Result.err(Errno.ENAMETOOLONG);
            if (c.equals(".") || c.equals("..")) {
                if (c.equals("..") && !cur.isEmpty()) cur.removeLast();
                if (last) {
                    Result<Integer> s = lmode(join(cur));
                    if (s.failed()) return s.cast();
                    mode = s.value();
                }
                continue;
            }
            cur.add(c);
            String abs = join(cur);
            Result<Integer> s = lmode(abs);
            if (s.failed()) {
                if (s.errno() == Errno.ENOENT.number() && last) {
                    Mount m = mountFor(abs);
                    return Result.ok(new Resolved(abs, m, rel(m, abs), Resolved.MISSING));
                }
                return s.cast();
            }
            mode = s.value();
            int type = mode & 0170000;
            if (type == 0120000 && (!last || followLast || mustBeDir)) {
                if (++links > MAX_SYMLINKS) return Result.err(Errno.ELOOP);
                Mount m = mountFor(abs);
                Result<String> target = m.scheme().readlink(rel(m, abs));
                if (target.failed()) return target.cast();
                cur.removeLast();
                String t = target.value();
                if (t.isEmpty()) return Result.err(Errno.ENOENT);
                if (t.startsWith("/")) cur.clear();
                List<String> more = split(t);
                for (int i = more.size() - 1; i >= 0; i--) todo.addFirst(more.get(i));
                if (more.isEmpty() && last) { // a link to "/"
                    Result<Integer> r = lmode(join(cur));
                    if (r.failed()) return r.cast();
                    mode = r.value();
                }
                continue;
            }
            if (!last && type != 0040000) return Result.err(Errno.ENOTDIR);
        }
        String abs = join(cur);
        if (mustBeDir && mode != Resolved.MISSING && (mode & 0170000) != 0040000) return Result.err(Errno.ENOTDIR);
        Mount m = mountFor(abs);
        return Result.ok(new Resolved(abs, m, rel(m, abs), mode));
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
