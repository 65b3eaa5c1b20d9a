package io.helctic.kernel.context;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * A process's descriptor table: descriptor → open file description, plus FD_CLOEXEC.
 * Descriptions are reference counted across every table that holds them (dup, and
 * inheritance by a child), and closed when the last descriptor goes.
 */
public final class FileTable {
    /** RLIMIT_NOFILE's usual soft limit. */
    public static final int MAX_FDS = 1024;

    /** Reference counts of open descriptions, shared by all the tables of one kernel. */
    public static final class Descriptions {
        private final IdentityHashMap<Handle, int[]> refs = new IdentityHashMap<>();
        private final FileLocks locks = new FileLocks();
        private final Leases leases = new Leases(this);

        /** The kernel's advisory file locks. */
        public FileLocks locks() { return locks; }

        /** The kernel's file leases. */
        public Leases leases() { return leases; }

        /** Every open description of the kernel now. */
        synchronized java.util.List<Handle> snapshot() {
            return new java.util.ArrayList<>(refs.keySet());
        }

        /** How many references hold an open description now (0: none, it is closed). */
        public synchronized int references(Handle h) {
            int[] n = refs.get(h);
            return n == null ? 0 : n[0];
        }

        /** One more reference to an open description (a descriptor, or SCM_RIGHTS in flight). */
        public synchronized void retain(Handle h) {
            refs.computeIfAbsent(h, k -> new int[1])[0]++;
        }

        /** One reference fewer; the last closes the description. */
        public void release(Handle h) {
            boolean last;
            synchronized (this) {
                int[] n = refs.get(h);
                last = n == null || --n[0] == 0;
                if (last) refs.remove(h);
            }
            if (last) {
                locks.released(h);
                leases.released(h);
                io.helctic.kernel.scheme.Fasync.released(h);
                io.helctic.kernel.vfs.Notify.closed(h, (h.statusFlags() & io.helctic.abi.uapi.Fcntl.O_ACCMODE)
                        != io.helctic.abi.uapi.Fcntl.O_RDONLY);
                h.close();
            }
        }
    }

    private final Descriptions descriptions;
    private Handle[] handles = new Handle[16];
    private boolean[] cloexec = new boolean[16];
    /** FD_CLOFORK: left out of a fork's copy (the BSDs' kqueues). */
    private boolean[] clofork = new boolean[16];

    public FileTable(Descriptions descriptions) {
        this.descriptions = descriptions;
    }

    /** The reference counts this table shares with every table of its kernel. */
    public Descriptions descriptions() { return descriptions; }

    /** The kernel's advisory file locks (this table owns its record locks). */
    public FileLocks locks() { return descriptions.locks(); }

    /** A descriptor of {@code h} left this table: the record locks it held on the file go, then the reference. */
    private void dropped(Handle h) {
        descriptions.locks().closedBy(this, h);
        io.helctic.kernel.vfs.Dnotify.flushed(h, this);
        h.flushed(this);
        descriptions.release(h);
    }

    public synchronized Handle get(long fd) {
        return fd >= 0 && fd < handles.length ? handles[(int) fd] : null;
    }

    /** Installs h at the lowest free descriptor ≥ min; returns it or -EMFILE. */
    public synchronized long install(Handle h, int min, boolean closeOnExec) {
        for (int fd = min; fd < MAX_FDS; fd++) {
            if (fd >= handles.length) grow(fd);
            if (handles[fd] == null) {
                descriptions.retain(h);
                handles[fd] = h;
                cloexec[fd] = closeOnExec;
                clofork[fd] = false;
                return fd;
            }
        }
        return Errno.EMFILE.negative();
    }

    /** Puts h at fd, closing what was there. */
    public long installAt(Handle h, int fd, boolean closeOnExec) {
        Handle old;
        synchronized (this) {
            if (fd < 0 || fd >= MAX_FDS) return Errno.EBADF.negative();
            if (fd >= handles.length) grow(fd);
            old = handles[fd];
            descriptions.retain(h);
            handles[fd] = h;
            cloexec[fd] = closeOnExec;
            clofork[fd] = false;
        }
        if (old != null) dropped(old);
        return fd;
    }

    public long close(long fd) {
        Handle h;
        synchronized (this) {
            h = get(fd);
            if (h == null) return Errno.EBADF.negative();
            handles[(int) fd] = null;
        }
        dropped(h);
        return 0;
    }

    /**
     * The table a forked child inherits: the same descriptions and flags, each retained once more,
     * less the descriptors marked close-on-fork.
     */
    public synchronized FileTable copy() {
        FileTable t = new FileTable(descriptions);
        t.handles = handles.clone();
        t.cloexec = cloexec.clone();
        t.clofork = new boolean[handles.length];
        for (int fd = 0; fd < t.handles.length; fd++) {
            if (clofork[fd]) t.handles[fd] = null;
            else if (t.handles[fd] != null) descriptions.retain(t.handles[fd]);
        }
        return t;
    }

    /** The close-on-fork flag of fd set (1), cleared (0) or only read (-1): its old value, or -EBADF. */
    public synchronized long closeOnFork(long fd, int on) {
        if (get(fd) == null) return Errno.EBADF.negative();
        boolean old = clofork[(int) fd];
        if (on >= 0) clofork[(int) fd] = on == 1;
        return old ? 1 : 0;
    }

    /** execve: closes the descriptors marked FD_CLOEXEC. */
    public void closeOnExec() {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (closeOnExec(fd)) close(fd);
        }
    }

    /** Closes every descriptor (process exit). */
    public void closeAll() {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (get(fd) != null) close(fd);
        }
    }

    public synchronized boolean closeOnExec(long fd) {
        return get(fd) != null && cloexec[(int) fd];
    }

    public synchronized void setCloseOnExec(long fd, boolean on) {
        if (get(fd) != null) cloexec[(int) fd] = on;
    }

    private void grow(int fd) {
        int n = Math.min(MAX_FDS, Math.max(fd + 1, handles.length * 2));
        handles = Arrays.copyOf(handles, n);
        cloexec = Arrays.copyOf(cloexec, n);
        clofork = Arrays.copyOf(clofork, n);
    }
}
