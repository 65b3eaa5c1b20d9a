package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Event.*;

import io.helctic.kernel.scheme.Handle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who watches which inode (Linux's fsnotify): inotify instances register a {@link Watcher} on an
 * inode (st_dev, st_ino); the file operations report what they did — to the inode itself and,
 * with the name, to the directory it is in — and each watch whose mask asks for it is told.
 * When no watch exists at all, reporting costs one map lookup; callers skip even the stat that
 * finding an inode needs ({@link #active}).
 */
public final class Notify {
    private Notify() {}

    /**
     * An inode: what a watch is on, and the key by which the kernel finds a file's shared state
     * wherever it is opened (record locks, leases, the page cache, FIFOs on the host).
     */
    public record Inode(long dev, long ino) {
        // written out: a record's own equals and hashCode spin method-handle classes at first use
        @Override public boolean equals(Object o) {
            return o instanceof Inode i && i.dev == dev && i.ino == ino;
        }

        @Override public int hashCode() {
            return Long.hashCode(dev) * 31 + Long.hashCode(ino);
        }

        public static Inode of(Handle.Stat s) {
            return s == null ? null : new Inode(s.dev(), s.ino());
        }
    }

    /** A watch's owner: told each event its watch asked for. */
    public interface Watcher {
        /** The event {@code mask} (with IN_ISDIR) on the watched inode; name null unless a child's; cookie pairs moves. */
        void event(Inode inode, int mask, int cookie, String name);
    }

    private record Watch(Watcher owner, int mask) {}

    private static final Map<Inode, List<Watcher>> WATCHERS = new ConcurrentHashMap<>();
    private static final AtomicInteger COOKIES = new AtomicInteger();

    /** Whether any watch exists: when not, no event need be found. */
    public static boolean active() {
        return !WATCHERS.isEmpty();
    }

    public static void watch(Inode inode, Watcher w) {
        List<Watcher> l = WATCHERS.computeIfAbsent(inode, k -> new CopyOnWriteArrayList<>());
        if (!l.contains(w)) l.add(w);
    }

    public static void unwatch(Inode inode, Watcher w) {
        WATCHERS.computeIfPresent(inode, (k, l) -> {
            l.remove(w);
            return l.isEmpty() ? null : l;
        });
    }

    /** A fresh cookie for a rename's IN_MOVED_FROM / IN_MOVED_TO pair. */
    public static int cookie() {
        return COOKIES.incrementAndGet();
    }

    /** Tells the watchers of {@code inode} (no name) of an event on it. */
    public static void self(Inode inode, int mask) {
        if (inode == null) return;
        List<Watcher> l = WATCHERS.get(inode);
        if (l != null) for (Watcher w : l) w.event(inode, mask, 0, null);
    }

    /**
     * An event on the entry {@code name} of directory {@code dir} whose inode is {@code child}
     * (may be null): the directory's watchers hear it with the name, the child's without.
     */
    public static void child(Inode dir, String name, Inode child, int mask, int cookie) {
        if (dir != null) {
            List<Watcher> l = WATCHERS.get(dir);
            if (l != null) for (Watcher w : l) w.event(dir, mask, cookie, name);
        }
        if (child != null && (mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) == 0) self(child, mask);
    }

    /** Where an open file was found: its directory, name and inode, for the events its descriptors cause. */
    private record Origin(Inode dir, String name, Inode file, boolean isDir) {}

    private static final Map<Handle, Origin> ORIGINS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    /** Whether any origin was ever remembered: until then a close takes no lock here. */
    private static volatile boolean anyOrigin;

    /** An open file's directory, name and inode (remembered only while some watch exists). */
    public static void opened(Handle h, Inode dir, String name, Inode file, boolean isDir) {
        anyOrigin = true;
        ORIGINS.put(h, new Origin(dir, name, file, isDir));
    }

    /**
     * An event caused through an open file (IN_ACCESS, IN_MODIFY, IN_CLOSE_*): its inode's watchers
     * hear it, and its directory's with the name when the kernel knows where it was opened.
     */
    public static void through(Handle h, int mask) {
        if (!active()) return;
        Origin o = ORIGINS.get(h);
        if (o != null) {
            child(o.dir(), o.name(), o.file(), mask | (o.isDir() ? IN_ISDIR : 0), 0);
            return;
        }
        Handle.Stat st = h.stat();
        if (st != null) self(Inode.of(st), mask | (st.isDirectory() ? IN_ISDIR : 0));
    }

    /** The last descriptor of an open file closed: IN_CLOSE_WRITE or IN_CLOSE_NOWRITE. */
    public static void closed(Handle h, boolean writable) {
        if (active()) through(h, writable ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
        if (anyOrigin) ORIGINS.remove(h);
    }
}
