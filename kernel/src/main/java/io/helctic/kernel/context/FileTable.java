package io.helctic.kernel.context;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;
import java.util.Arrays;

/** A process's descriptor table: descriptor → open file description, plus FD_CLOEXEC. */
public final class FileTable {
    /** RLIMIT_NOFILE's usual soft limit. */
    public static final int MAX_FDS = 1024;

    private Handle[] handles = new Handle[16];
    private boolean[] cloexec = new boolean[16];

    public synchronized Handle get(long fd) {
        return fd >= 0 && fd < handles.length ? handles[(int) fd] : null;
    }

    /** Installs h at the lowest free descriptor ≥ min; returns it or -EMFILE. */
    public synchronized long install(Handle h, int min, boolean closeOnExec) {
        for (int fd = min; fd < MAX_FDS; fd++) {
            if (fd >= handles.length) grow(fd);
            if (handles[fd] == null) {
                handles[fd] = h;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        return Errno.EMFILE.negative();
    }

    /** Puts h at fd, closing what was there. */
    public synchronized long installAt(Handle h, int fd, boolean closeOnExec) {
        if (fd < 0 || fd >= MAX_FDS) return Errno.EBADF.negative();
        if (fd >= handles.length) grow(fd);
        Handle old = handles[fd];
        handles[fd] = h;
        cloexec[fd] = closeOnExec;
        if (old != null && !isOpenElsewhere(old)) old.close();
        return fd;
    }

    public synchronized long close(long fd) {
        Handle h = get(fd);
        if (h == null) return Errno.EBADF.negative();
        handles[(int) fd] = null;
        if (!isOpenElsewhere(h)) h.close();
        return 0;
    }

    public synchronized boolean closeOnExec(long fd) {
        return get(fd) != null && cloexec[(int) fd];
    }

    public synchronized void setCloseOnExec(long fd, boolean on) {
        if (get(fd) != null) cloexec[(int) fd] = on;
    }

    private boolean isOpenElsewhere(Handle h) {
        for (Handle x : handles) if (x == h) return true;
        return false;
    }

    private void grow(int fd) {
        int n = Math.min(MAX_FDS, Math.max(fd + 1, handles.length * 2));
        handles = Arrays.copyOf(handles, n);
        cloexec = Arrays.copyOf(cloexec, n);
    }
}
