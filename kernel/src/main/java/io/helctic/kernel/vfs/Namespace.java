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

        private String path;
        private Mount mount;
        /** For a path and mount made when first asked: the namespace, the base's path and the names after it. */
        private final Namespace ns;
        private final String base, rest;
        private final Dir dir;
        private final String name;
        private final int mode;
        /** The lstat the walk read of it as it looked it up, or null. */
        private final Handle.Stat walked;

        Resolved(String path, Mount mount, Dir dir, String name, int mode) {
            this(path, mount, dir, name, mode, null);
        }

        Resolved(String path, Mount mount, Dir dir, String name, int mode, Handle.Stat walked) {
            this(path, mount, null, null, null, dir, name, mode, walked);
        }

        private Resolved(String path, Mount mount, Namespace ns, String base, String rest, Dir dir, String name,
                int mode, Handle.Stat walked) {
            this.path = path;
            this.mount = mount;
            this.ns = ns;
            this.base = base;
            this.rest = rest;
            this.dir = dir;
            this.name = name;
            this.mode = mode;
            this.walked = walked;
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

        public String path() {
            if (path == null) path = childPath(base, rest);
            return path;
        }

        public Mount mount() {
            if (mount == null) mount = ns.mountFor(path());
            return mount;
        }

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

        /**
         * lstat of it as the walk read it when it looked its last name up, in this same call (a
         * scheme that reads the whole stat to learn the mode: no second host call); else as
         * {@link #stat()}. For a caller that reads it before changing anything.
         */
        public Result<Handle.Stat> walkedStat() {
            return walked != null ? Result.ok(walked) : stat();
        }

        @Override
        public void close() {
            dir.close();
        }
    }

    private final List<Mount> mounts = new ArrayList<>();
    /** The last name of each mount point but "/": a walk looks for a mount only at a name among these. */
    private volatile String[] pointNames = {};
    private final List<Mount> mountOrder = new ArrayList<>();
    /** The mounts, longest point first, as walks read them (a new array at each mount: no lock to read). */
    private volatile Mount[] table = {};

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
        if (!point.equals("/")) {
            String[] names = java.util.Arrays.copyOf(pointNames, pointNames.length + 1);
            names[pointNames.length] = point.substring(point.lastIndexOf('/') + 1);
            pointNames = names;
        }
        table = mounts.toArray(new Mount[0]);
    }

    public synchronized List<Mount> mounts() { return List.copyOf(mounts); }

    /** The mounts in the order they were made (/proc/mounts lists them so). */
    public synchronized List<Mount> mountOrder() { return List.copyOf(mountOrder); }

    /** The mount holding an absolute canonical path. */
    public Mount mountFor(String abs) {
        for (Mount m : table) {
            String p = m.point();
            if (p.equals("/") || abs.startsWith(p) && (abs.length() == p.length() || abs.charAt(p.length()) == '/')) return m;
        }
        throw new IllegalStateException("no root mount");
    }

    /** The mount whose point is exactly abs, or null. */
    private Mount mountAt(String abs) {
        for (Mount m : table) if (m.point().equals(abs)) return m;
        return null;
    }

    /** Whether a mount point's last name is {@code name} (else no mount is at any path ending in it). */
    private boolean mayBeMount(String name) {
        for (String p : pointNames) if (p.equals(name)) return true;
        return false;
    }

    /** The canonical absolute path of {@code name} (or names) in the directory at canonical absolute {@code dir}. */
    private static String childPath(String dir, String name) {
        return dir.length() == 1 ? "/" + name : dir + "/" + name;
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
        if (resolve == 0 && QUICK) {
            Result<Resolved> q = quick(base, path, followLast);
            if (q != null) return q;
        }
        return walk(base, path, followLast, resolve);
    }

    /** The general walk, one name at a time (package-private: tests compare {@link #quick} with it). */
    Result<Resolved> walk(Location base, String path, boolean followLast, int resolve) {
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

    /** Whether resolve may take {@link #quick} ({@code -Dhelctic.vfs.quick=false}: every path takes the general walk, to compare the two). */
    static final boolean QUICK = !"false".equals(System.getProperty("helctic.vfs.quick"));

    /**
     * The common case of a walk in one step, as the general walk would end it: a path of plain
     * names (no ".", "..", empty name, name a mount point ends in, or trailing slash) from the
     * root or from an open base directory, by a caller that may search every directory
     * ({@link #checkSearch}). Its directories are opened in one {@link Scheme#descendAll} (the
     * host's openat2 beneath the start, no symlink followed); its last name is looked up there.
     * Null — nothing done that anyone sees — when it does not apply or meets what the general
     * walk decides (a symlink on the way, a missing directory, a final symlink to follow, a
     * scheme that cannot descend in one step): the caller then walks from the start. The
     * result's path and mount are made only when asked.
     */
    Result<Resolved> quick(Location base, String path, boolean followLast) {
        int n = path.length();
        boolean abs = path.charAt(0) == '/';
        int from = abs ? 1 : 0;
        if (from >= n || path.charAt(n - 1) == '/') return null;
        String[] points = pointNames;
        for (int i = from; i < n; ) {
            int j = path.indexOf('/', i);
            if (j < 0) j = n;
            int len = j - i;
            if (len == 0 || len > NAME_MAX) return null;
            if (path.charAt(i) == '.' && (len == 1 || len == 2 && path.charAt(i + 1) == '.')) return null;
            for (String p : points) if (p.length() == len && path.regionMatches(i, p, 0, len)) return null;
            i = j + 1;
        }
        if (!searchesAll.getAsBoolean()) return null;
        Dir start;
        String at;
        if (abs) {
            start = mountFor("/").scheme().root();
            at = "/";
        } else {
            if (base.dir() == null) return null;
            start = base.dir().borrowed();
            if (start == null) return null; // (the general walk answers EBADF)
            at = base.path();
        }
        int slash = path.lastIndexOf('/');
        Dir dir = start;
        if (slash > from) {
            dir = start.scheme().descendAll(start, path.substring(from, slash));
            start.close();
            if (dir == null) return null;
        }
        String last = slash < from ? path.substring(from) : path.substring(slash + 1);
        Result<Scheme.Entry> e = dir.scheme().lookup(dir, last, false);
        int mode;
        Handle.Stat walked = null;
        if (e.failed()) {
            if (e.errno() != Errno.ENOENT.number()) {
                dir.close();
                return e.cast();
            }
            mode = Resolved.MISSING;
        } else {
            mode = e.value().mode();
            walked = e.value().stat();
            if ((mode & Handle.S_IFMT) == Handle.S_IFLNK && followLast) {
                dir.close();
                return null;
            }
        }
        return Result.ok(new Resolved(null, null, this, at, path.substring(from), dir, last, mode, walked));
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

        /** join(comps), kept while comps has the size it was made at: names are only added at its end, and taken off by {@link #pop} or {@link #toRoot}, which reset hereSize. */
        private String here;
        private int hereSize = -1;

        boolean scoped() { return (rules & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0; }

        /** The walk's current canonical absolute path. */
        String here() {
            if (hereSize != comps.size()) {
                here = join(comps);
                hereSize = comps.size();
            }
            return here;
        }

        /** The canonical absolute path of name {@code c} in the current directory. */
        String child(String c) {
            return childPath(here(), c);
        }

        /** Takes the last name off comps (after which an add may give it its old size with another name: here() is made again). */
        void pop() {
            comps.removeLast();
            hereSize = -1;
        }

        /** RESOLVE_IN_ROOT's "/": back to where the walk started, by the directory it holds. */
        void toBase() {
            while (comps.size() > baseDepth) {
                pop();
                Dir d = dirs.removeLast();
                if (d != null && d != kept && d != baseDir) d.close();
            }
            cur = baseDir;
        }

        void toRoot() {
            closeDirs();
            comps.clear();
            hereSize = -1;
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
            Mount m = mayBeMount(c) ? mountAt(child(c)) : null;
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
            if ((rules & RESOLVE_NO_XDEV) != 0 && (comps.isEmpty() ? null : mountAt(here())) != null) {
                return Result.err(Errno.EXDEV); // out of a mount's root
            }
            if (rules != 0 && comps.size() == baseDepth + 1 && baseDir != null) {
                pop();
                Dir d = dirs.removeLast();
                if (d != null && d != baseDir) d.close();
                cur = baseDir; // the directory the walk started from, not whatever now has its name
                return Result.ok(null);
            }
            if (comps.isEmpty()) return Result.ok(null);
            pop();
            Dir d = dirs.removeLast();
            if (d != null) d.close();
            if (comps.isEmpty()) {
                cur = mountFor("/").scheme().root();
                return Result.ok(null);
            }
            Mount m = mountAt(here());
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
                boolean isMount = mayBeMount(c) && mountAt(child(c)) != null;
                if (last && !isMount) {
                    Result<Scheme.Entry> e = cur.scheme().lookup(cur, c, false);
                    if (e.failed()) {
                        if (e.errno() == Errno.ENOENT.number()) return result(c, Resolved.MISSING, mustBeDir, null);
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
                    return result(c, mode, mustBeDir, e.value().stat());
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
            int i = 0, plain = todo.size() - 1; // never the last name: it may be missing, a link to follow or not, ...
            for (String c : todo) {
                if (i++ == plain || c.equals(".") || c.equals("..") || c.length() > NAME_MAX) break;
                if (mayBeMount(c)) {
                    String at = here();
                    for (String n : names) at = childPath(at, n);
                    if (mountAt(childPath(at, c)) != null) break;
                }
                names.add(c);
            }
            if (names.size() < 2 || !searchesAll.getAsBoolean()) return false;
            Dir d = cur.scheme().descendAll(cur, String.join("/", names));
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
            Result<String> target = cur.scheme().followLink(cur, c);
            if (target.failed()) return target.cast();
            String t = target.value();
            if (t.isEmpty()) return Result.err(Errno.ENOENT);
            if (t.startsWith("/")) {
                if ((rules & RESOLVE_BENEATH) != 0) return Result.err(Errno.EXDEV);
                if ((rules & RESOLVE_NO_XDEV) != 0 && mountFor(here()) != mountFor("/")) {
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
            String abs = here();
            return Result.ok(new Resolved(abs, mountFor(abs), cur, "", s.value().mode(), s.value()));
        }

        Result<Resolved> result(String c, int mode, boolean mustBeDir, Handle.Stat walked) {
            if (mustBeDir && mode != Resolved.MISSING && (mode & Handle.S_IFMT) != Handle.S_IFDIR) {
                return Result.err(Errno.ENOTDIR);
            }
            String abs = child(c);
            return Result.ok(new Resolved(abs, mountFor(abs), cur, c, mode, walked));
        }
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int n = path.length();
        for (int i = 0; i < n; ) {
            int j = path.indexOf('/', i);
            if (j < 0) j = n;
            if (j > i) out.add(path.substring(i, j));
            i = j + 1;
        }
        return out;
    }
}
