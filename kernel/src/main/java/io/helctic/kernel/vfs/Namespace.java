package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Fcntl.RESOLVE_BENEATH;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_IN_ROOT;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_NO_MAGICLINKS;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_NO_SYMLINKS;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_NO_XDEV;
import static io.helctic.abi.uapi.Fs.NAME_MAX;
import static io.helctic.abi.uapi.Fs.PATH_MAX;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The guest's view of the filesystem: a mount table mapping absolute guest paths to schemes,
 * and path resolution that walks a path one name at a time through open directories
 * ({@link Dir}: on the host filesystem, host descriptors), following symlinks itself. So no
 * "..", absolute symlink, link chain or rename made meanwhile can take a walk outside the guest
 * root: ".." at "/" stays at "/", an absolute link target starts again from the guest root, and
 * each step looks up one name in a directory already open, never following a host symlink.
 */
public final class Namespace {
    /** Linux's limit on the symlinks one walk follows. */
    public static final int MAX_SYMLINKS = 40;

    /** A mounted scheme. */
    public record Mount(String point, Scheme scheme) {}

    /**
     * Where a relative path starts: a canonical absolute guest path and, when one is open (a
     * directory descriptor, the working directory), that directory, borrowed.
     */
    public record Location(String path, Dir dir) {
        public static Location of(String path) {
            return new Location(path, null);
        }
    }

    /**
     * What a path names: its canonical absolute guest path, its mount, the open directory it is
     * in and its name there ("" when it is that directory itself: "/", a mount's root, a path
     * ending in "." or ".."), and its st_mode ({@link #MISSING}: it does not exist). Closing it
     * releases the directory.
     */
    public static final class Resolved implements AutoCloseable {
        /** The mode of a name that does not exist (the last component of a path may be missing). */
        public static final int MISSING = -1;

        private final String path;
        private final Mount mount;
        private final Dir dir;
        private final String name;
        private final int mode;

        Resolved(String path, Mount mount, Dir dir, String name, int mode) {
            this.path = path;
            this.mount = mount;
            this.dir = dir;
            this.name = name;
            this.mode = mode;
        }

        /**
         * An open file (a directory descriptor's or a file's own host descriptor, borrowed) as a
         * target, name "": EBADF when another thread closed it meanwhile.
         */
        public static Result<Resolved> of(Namespace ns, String path, Dir dir, int mode) {
            Dir d = dir.borrowed();
            if (d == null) return Result.err(Errno.EBADF);
            return Result.ok(new Resolved(path, ns.mountFor(path != null && path.startsWith("/") ? path : "/"), d, "", mode));
        }

        public String path() { return path; }

        public Mount mount() { return mount; }

        /** The open directory the name is in (or, for name "", the directory itself). */
        public Dir dir() { return dir; }

        public String name() { return name; }

        public int mode() { return mode; }

        public boolean exists() { return mode != MISSING; }

        /** The file type bits of the mode (S_IFMT). */
        public int type() { return mode & Handle.S_IFMT; }

        public boolean isDirectory() { return exists() && type() == Handle.S_IFDIR; }

        public boolean isSymlink() { return exists() && type() == Handle.S_IFLNK; }

        public Scheme scheme() { return dir.scheme(); }

        /** lstat of it, exact, asked of its scheme now; ENOENT when it does not exist. */
        public Result<Handle.Stat> stat() {
            return exists() ? dir.scheme().lstat(dir, name) : Result.err(Errno.ENOENT);
        }

        @Override
        public void close() {
            dir.close();
        }
    }

    private final List<Mount> mounts = new ArrayList<>();
    private final List<Mount> mountOrder = new ArrayList<>();

    /** Whether the caller may search (x) a directory the walk goes through; its stat is read only when asked. */
    @FunctionalInterface
    public interface Search {
        boolean mayEnter(java.util.function.Supplier<Handle.Stat> dir);
    }

    private volatile Search search = dir -> true;
    /** Whether the caller may search every directory (its search check would not look at one). */
    private volatile java.util.function.BooleanSupplier searchesAll = () -> true;

    /**
     * The search permission every walk checks on each directory it looks a name up in (EACCES when
     * refused), and whether the caller passes it for every directory (root's capabilities): only
     * then may a walk go through several directories in one step ({@link Scheme#descendAll}).
     */
    public void checkSearch(Search s, java.util.function.BooleanSupplier all) {
        search = s;
        searchesAll = all;
    }

    /** Mounts a scheme at an absolute path ("/" for the root). */
    public synchronized void mount(String point, Scheme scheme) {
        mounts.add(new Mount(point, scheme));
        mountOrder.add(mounts.getLast());
        mounts.sort((a, b) -> Integer.compare(b.point().length(), a.point().length())); // longest point first
    }

    public synchronized List<Mount> mounts() { return List.copyOf(mounts); }

    /** The mounts in the order they were made (/proc/mounts lists them so). */
    public synchronized List<Mount> mountOrder() { return List.copyOf(mountOrder); }

    /** The mount holding an absolute canonical path. */
    public synchronized Mount mountFor(String abs) {
        for (Mount m : mounts) {
            if (m.point().equals("/") || abs.equals(m.point()) || abs.startsWith(m.point() + "/")) return m;
        }
        throw new IllegalStateException("no root mount");
    }

    /** The mount whose point is exactly abs, or null. */
    private synchronized Mount mountAt(String abs) {
        for (Mount m : mounts) if (m.point().equals(abs)) return m;
        return null;
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** Resolves {@code path} against the absolute canonical directory {@code base} (walked from the root). */
    public Result<Resolved> resolve(String base, String path, boolean followLast) {
        return resolve(Location.of(base), path, followLast);
    }

    /**
     * Resolves {@code path} against {@code base}. All components but the last must exist and be
     * directories (or links to them); the last may be missing (the result's mode is then
     * {@link Resolved#MISSING}) and is followed when it is a symlink only if {@code followLast}. A
     * trailing slash requires a directory. The caller closes the result.
     */
    public Result<Resolved> resolve(Location base, String path, boolean followLast) {
        return resolve(base, path, followLast, 0);
    }

    /**
     * As {@link #resolve(Location, String, boolean)}, with openat2's RESOLVE_* rules enforced by
     * the walk itself ({@code resolve}, Linux's bits): RESOLVE_BENEATH refuses to leave {@code base}
     * (an absolute path or symlink, ".." above it: EXDEV); RESOLVE_IN_ROOT treats base as the root
     * ("/" and ".." stop there); RESOLVE_NO_XDEV refuses to cross a mount (EXDEV);
     * RESOLVE_NO_SYMLINKS refuses to follow any symlink, RESOLVE_NO_MAGICLINKS a procfs magic link
     * (ELOOP), which a scoped walk refuses too (EXDEV). The walk moves by the directories it
     * opened: ".." returns to the directory it came through, so a concurrent rename cannot carry a
     * scoped walk out of base.
     */
    public Result<Resolved> resolve(Location base, String path, boolean followLast, int resolve) {
        if (path.isEmpty()) return Result.err(Errno.ENOENT);
        if (path.length() >= PATH_MAX) return Result.err(Errno.ENAMETOOLONG);
        Walk w = new Walk();
        try {
            boolean scoped = (resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0;
            if (path.startsWith("/") && !scoped) {
                w.toRoot();
            } else if (path.startsWith("/") && (resolve & RESOLVE_BENEATH) != 0) {
                return Result.err(Errno.EXDEV);
            } else if (base.dir() != null) {
                w.comps.addAll(split(base.path()));
                for (int i = 0; i < w.comps.size(); i++) w.dirs.add(null);
                w.cur = w.base = base.dir().borrowed();
                if (w.cur == null) return Result.err(Errno.EBADF);
            } else {
                Result<Void> r = w.walkTo(split(base.path()));
                if (r.failed()) return r.cast();
            }
            w.baseDepth = w.comps.size();
            w.baseDir = w.cur;
            w.rules = resolve;
            Result<Resolved> r = w.run(path, followLast);
            if (!r.failed()) w.keep(r.value().dir());
            return r;
        } finally {
            w.closeAll();
        }
    }

    /** One walk: the canonical components so far, the open directory of each one known, the current one. */
    private final class Walk {
        final List<String> comps = new ArrayList<>();
        /** dirs.get(i): the Dir of comps[0..i], owned by the walk, or null when not opened. */
        final List<Dir> dirs = new ArrayList<>();
        Dir cur;
        /** The Dir the result keeps: not closed with the rest. */
        Dir kept;
        /** The view of the starting directory a relative walk holds, or null. */
        Dir base;
        /** The RESOLVE_* rules of the walk (0: none). */
        int rules;
        /** Where a scoped walk started: its depth in comps and its directory. */
        int baseDepth;
        Dir baseDir;

        boolean scoped() { return (rules & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0; }

        /** RESOLVE_IN_ROOT's "/": back to where the walk started, by the directory it holds. */
        void toBase() {
            while (comps.size() > baseDepth) {
                comps.removeLast();
                Dir d = dirs.removeLast();
                if (d != null && d != kept && d != baseDir) d.close();
            }
            cur = baseDir;
        }

        void toRoot() {
            closeDirs();
            comps.clear();
            cur = mountFor("/").scheme().root();
        }

        void closeDirs() {
            for (Dir d : dirs) if (d != null && d != kept) d.close();
            dirs.clear();
        }

        void keep(Dir d) { kept = d; }

        void closeAll() {
            closeDirs();
            if (base != null && base != kept) base.close();
        }

        /** From the root down these components, opening each (all must be directories). */
        Result<Void> walkTo(List<String> path) {
            toRoot();
            for (String c : path) {
                Result<Integer> r = descend(c, true);
                if (r.failed()) return r.cast();
                if ((r.value() & Handle.S_IFMT) != Handle.S_IFDIR) return Result.err(Errno.ENOTDIR);
            }
            return Result.ok(null);
        }

        /**
         * Enters child {@code c} of the current directory: a mount point enters that mount's root;
         * otherwise the current scheme looks it up (opening it when {@code open} and it is a
         * directory). Returns its mode; the walk has moved into it only when it is an opened directory.
         */
        Result<Integer> descend(String c, boolean open) {
            List<String> next = new ArrayList<>(comps);
            next.add(c);
            Mount m = mountAt(join(next));
            if (m != null) {
                if ((rules & RESOLVE_NO_XDEV) != 0) return Result.err(Errno.EXDEV);
                comps.add(c);
                dirs.add(null);
                cur = m.scheme().root();
                return Result.ok(Handle.S_IFDIR | 0755);
            }
            Result<Scheme.Entry> e = cur.scheme().lookup(cur, c, open);
            if (e.failed()) return e.cast();
            if (e.value().dir() != null) {
                comps.add(c);
                dirs.add(e.value().dir());
                cur = e.value().dir();
            }
            return Result.ok(e.value().mode());
        }

        /** Up one level ("..", never above the root). */
        Result<Void> up() {
            if (scoped() && comps.size() <= baseDepth) {
                // at the start of a scoped walk: BENEATH may not leave it, IN_ROOT stays (its "/")
                return (rules & RESOLVE_BENEATH) != 0 ? Result.err(Errno.EXDEV) : Result.ok(null);
            }
            if ((rules & RESOLVE_NO_XDEV) != 0 && (comps.isEmpty() ? null : mountAt(join(comps))) != null) {
                return Result.err(Errno.EXDEV); // out of a mount's root
            }
            if (rules != 0 && comps.size() == baseDepth + 1 && baseDir != null) {
                comps.removeLast();
                Dir d = dirs.removeLast();
                if (d != null && d != baseDir) d.close();
                cur = baseDir; // the directory the walk started from, not whatever now has its name
                return Result.ok(null);
            }
            if (comps.isEmpty()) return Result.ok(null);
            comps.removeLast();
            Dir d = dirs.removeLast();
            if (d != null) d.close();
            if (comps.isEmpty()) {
                cur = mountFor("/").scheme().root();
                return Result.ok(null);
            }
            Mount m = mountAt(join(comps));
            if (m != null) {
                cur = m.scheme().root();
                return Result.ok(null);
            }
            if (dirs.getLast() != null) {
                cur = dirs.getLast();
                return Result.ok(null);
            }
            return walkTo(new ArrayList<>(comps)); // above where the walk started: from the root again
        }

        Result<Resolved> run(String path, boolean followLast) {
            boolean mustBeDir = path.endsWith("/");
            Deque<String> todo = new ArrayDeque<>(split(path));
            int links = 0;
            if (todo.isEmpty()) return self(); // "/" or "///"
            while (!todo.isEmpty()) {
                if (todo.size() > 2 && rules == 0 && descendAll(todo)) continue;
                String c = todo.pollFirst();
                boolean last = todo.isEmpty();
                if (c.length() > NAME_MAX) return Result.err(Errno.ENAMETOOLONG);
                Dir here = cur;
                if (!search.mayEnter(() -> {
                    Result<Handle.Stat> st = here.scheme().lstat(here, "");
                    return st.failed() ? null : st.value();
                })) {
                    return Result.err(Errno.EACCES); // Linux's may_lookup: x on each directory walked through
                }
                if (c.equals(".") || c.equals("..")) {
                    if (c.equals("..")) {
                        Result<Void> u = up();
                        if (u.failed()) return u.cast();
                    }
                    if (last) return self();
                    continue;
                }
                String parentPath = join(comps);
                boolean isMount = mountAt(parentPath.equals("/") ? "/" + c : parentPath + "/" + c) != null;
                if (last && !isMount) {
                    Result<Scheme.Entry> e = cur.scheme().lookup(cur, c, false);
                    if (e.failed()) {
                        if (e.errno() == Errno.ENOENT.number()) return result(c, Resolved.MISSING, mustBeDir);
                        return e.cast();
                    }
                    int mode = e.value().mode();
                    if ((mode & Handle.S_IFMT) == Handle.S_IFLNK && (followLast || mustBeDir)) {
                        if (++links > MAX_SYMLINKS) return Result.err(Errno.ELOOP);
                        Result<Void> f = follow(c, todo);
                        if (f.failed()) return f.cast();
                        if (todo.isEmpty()) return self(); // a link to "/" or to "."
                        continue;
                    }
                    return result(c, mode, mustBeDir);
                }
                Result<Integer> r = descend(c, true);
                if (r.failed()) return r.cast();
                int mode = r.value();
                int type = mode & Handle.S_IFMT;
                if (type == Handle.S_IFLNK) {
                    if (++links > MAX_SYMLINKS) return Result.err(Errno.ELOOP);
                    Result<Void> f = follow(c, todo);
                    if (f.failed()) return f.cast();
                    if (last && todo.isEmpty()) return self();
                    continue;
                }
                if (type != Handle.S_IFDIR) return Result.err(Errno.ENOTDIR);
                if (last) return self();
            }
            return self();
        }

        /**
         * Directories named in a row at the front of {@code todo} (plain names, not the path's
         * last, no mount point among them, two at least), entered in one step when the current
         * scheme can ({@link Scheme#descendAll}) and the caller may search every directory: the
         * walk is then where looking each up would have taken it, the ones in between not open.
         * False (nothing changed) when it does not apply; the names are then walked one by one.
         */
        boolean descendAll(Deque<String> todo) {
            List<String> names = new ArrayList<>();
            String at = join(comps);
            int i = 0, plain = todo.size() - 1; // never the last name: it may be missing, a link to follow or not, ...
            for (String c : todo) {
                if (i++ == plain || c.equals(".") || c.equals("..") || c.length() > NAME_MAX) break;
                at = at.equals("/") ? "/" + c : at + "/" + c;
                if (mountAt(at) != null) break;
                names.add(c);
            }
            if (names.size() < 2 || !searchesAll.getAsBoolean()) return false;
            Dir d = cur.scheme().descendAll(cur, names);
            if (d == null) return false;
            for (int k = 0; k < names.size(); k++) {
                todo.pollFirst();
                comps.add(names.get(k));
                dirs.add(k == names.size() - 1 ? d : null);
            }
            cur = d;
            return true;
        }

        /** Reads symlink {@code c} of the current directory and puts its target's components in front of the rest. */
        Result<Void> follow(String c, Deque<String> todo) {
            if ((rules & RESOLVE_NO_SYMLINKS) != 0) return Result.err(Errno.ELOOP);
            boolean magic = rules != 0 && cur.scheme().magicLink(cur, c);
            if (magic && (rules & RESOLVE_NO_MAGICLINKS) != 0) return Result.err(Errno.ELOOP);
            if (magic && scoped()) return Result.err(Errno.EXDEV); // Linux: a magic-link jump is never scoped
            Result<String> target = cur.scheme().readlink(cur, c);
            if (target.failed()) return target.cast();
            String t = target.value();
            if (t.isEmpty()) return Result.err(Errno.ENOENT);
            if (t.startsWith("/")) {
                if ((rules & RESOLVE_BENEATH) != 0) return Result.err(Errno.EXDEV);
                if ((rules & RESOLVE_NO_XDEV) != 0 && mountFor(join(comps)) != mountFor("/")) {
                    return Result.err(Errno.EXDEV);
                }
            }
            if (t.startsWith("/") && (rules & RESOLVE_IN_ROOT) != 0) toBase();
            else if (t.startsWith("/")) toRoot();
            List<String> more = split(t);
            for (int i = more.size() - 1; i >= 0; i--) todo.addFirst(more.get(i));
            return Result.ok(null);
        }

        /** The current directory itself (name ""). */
        Result<Resolved> self() {
            Result<Handle.Stat> s = cur.scheme().lstat(cur, "");
            if (s.failed()) return s.cast();
            String abs = join(comps);
            return Result.ok(new Resolved(abs, mountFor(abs), cur, "", s.value().mode()));
        }

        Result<Resolved> result(String c, int mode, boolean mustBeDir) {
            if (mustBeDir && mode != Resolved.MISSING && (mode & Handle.S_IFMT) != Handle.S_IFDIR) {
                return Result.err(Errno.ENOTDIR);
            }
            String abs = comps.isEmpty() ? "/" + c : join(comps) + "/" + c;
            return Result.ok(new Resolved(abs, mountFor(abs), cur, c, mode));
        }
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
