package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Event.*;
import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.abi.uapi.Signal;
import io.helctic.kernel.scheme.Fasync;
import io.helctic.kernel.scheme.Handle;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Directory notification (fcntl F_NOTIFY, Linux's fs/notify/dnotify): an open directory asks to
 * be told of accesses, changes, creations, deletions, renames and attribute changes of its
 * entries; each one signals the description's owner (F_SETSIG's signal or SIGIO, POLL_MSG, with
 * the descriptor F_NOTIFY was called through), once unless DN_MULTISHOT. A request belongs to the
 * description and the descriptor table that made it, and goes when that table closes a
 * descriptor of it (dnotify_flush). The events are the kernel's own ({@link Notify}): changes
 * made by host programs are not seen.
 */
public final class Dnotify {
    private Dnotify() {}

    /** One description's request on one directory. */
    private static final class Request implements Notify.Watcher {
        final Handle dir;
        final Object table;
        final Notify.Inode inode;
        int fd, mask;

        Request(Handle dir, Object table, Notify.Inode inode) {
            this.dir = dir;
            this.table = table;
            this.inode = inode;
        }

        @Override
        public void event(Notify.Inode on, int in, int cookie, String name) {
            if (name == null && (in & IN_ISDIR) == 0) return; // only a directory's own events and its entries' count
            if ((in & IN_MOVED_FROM) != 0) fire(DN_RENAME); // fsnotify_move's FS_RENAME comes first
            int dn = ((in & IN_ACCESS) != 0 ? DN_ACCESS : 0) | ((in & IN_MODIFY) != 0 ? DN_MODIFY : 0)
                    | ((in & IN_ATTRIB) != 0 ? DN_ATTRIB : 0)
                    | ((in & (IN_CREATE | IN_MOVED_TO)) != 0 ? DN_CREATE : 0)
                    | ((in & (IN_DELETE | IN_MOVED_FROM)) != 0 ? DN_DELETE : 0);
            if (dn != 0) fire(dn);
        }

        private void fire(int dn) {
            int sendFd;
            synchronized (REQUESTS) {
                if ((mask & dn) == 0 || REQUESTS.get(dir) != this) return;
                sendFd = fd;
                if ((mask & DN_MULTISHOT) == 0) drop(this);
            }
            Fasync.signal(dir, sendFd, Signal.POLL_MSG);
        }
    }

    private static final Map<Handle, Request> REQUESTS = new IdentityHashMap<>();
    /** Whether any request was ever made: until then a close takes no lock here. */
    private static volatile boolean any;

    private static void drop(Request r) {
        REQUESTS.remove(r.dir);
        Notify.unwatch(r.inode, r);
    }

    /**
     * F_NOTIFY: {@code arg}'s events added to the description's request through descriptor
     * {@code fd} (0 or DN_MULTISHOT alone removes it); ENOTDIR for anything but a directory.
     */
    public static long request(Handle dir, int fd, int arg, Object table) {
        synchronized (REQUESTS) {
            if ((arg & ~DN_MULTISHOT) == 0) {
                Request r = REQUESTS.get(dir);
                if (r != null && r.table == table) drop(r);
                return 0;
            }
            Handle.Stat st = dir.stat();
            if (st == null || !st.isDirectory()) return Errno.ENOTDIR.negative();
            Request r = REQUESTS.get(dir);
            if (r == null || r.table != table) {
                if (r != null) drop(r);
                r = new Request(dir, table, Notify.Inode.of(st));
                any = true;
                REQUESTS.put(dir, r);
                Notify.watch(r.inode, r);
            }
            r.fd = fd;
            r.mask |= arg & (DN_ACCESS | DN_MODIFY | DN_CREATE | DN_DELETE | DN_RENAME | DN_ATTRIB | DN_MULTISHOT);
            return 0;
        }
    }

    /** A descriptor of {@code h} left {@code table} (every close: dnotify_flush): that table's request goes. */
    public static void flushed(Handle h, Object table) {
        if (!any) return;
        synchronized (REQUESTS) {
            Request r = REQUESTS.get(h);
            if (r != null && r.table == table) drop(r);
        }
    }
}
