package io.helctic.kernel.host;

import static io.helctic.abi.uapi.Fcntl.O_CREAT;
import static io.helctic.abi.uapi.Fcntl.O_DIRECTORY;
import static io.helctic.abi.uapi.Fcntl.O_EXCL;
import static io.helctic.abi.uapi.Fcntl.O_NOFOLLOW;
import static io.helctic.abi.uapi.Fcntl.O_PATH;
import static io.helctic.abi.uapi.Fcntl.O_WRONLY;

import io.helctic.kernel.scheme.HostFs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host directory written by descriptor, for what fills one from an untrusted source (the btrfs
 * extractor): every name is one component given as bytes, created relative to this directory's
 * descriptor, exclusively, never following a symlink. So no name in an image, and no symlink an
 * image made a moment ago, can put anything outside the directory, and an existing name is an
 * error ("File exists"), never overwritten or walked through. Errors are IOExceptions whose
 * message is the host's one-line description of the errno.
 */
public final class HostTree implements AutoCloseable {
    private final int fd;

    private HostTree(int fd) {
        this.fd = fd;
    }

    /** Whether this host can (see {@link HostFs#available()}); else why not. */
    public static String unavailableReason() {
        return HostFs.available() ? null : HostFs.unavailableReason();
    }

    /** The directory {@code dir} (the user's own path: created if missing, symlinks in it followed). */
    public static HostTree open(Path dir) throws IOException {
        String why = unavailableReason();
        if (why != null) throw new IOException(why);
        Files.createDirectories(dir);
        int fd = HostFs.openPath(HostFs.hostBytes(dir.toAbsolutePath().toString()), O_PATH | O_DIRECTORY);
        return new HostTree(check(fd));
    }

    private static int check(long r) throws IOException {
        if (r < 0) throw new IOException(HostFs.errno(r).description());
        return (int) r;
    }

    /** Creates directory {@code name} (mode 0700 until {@link #chmod}) and opens it. */
    public HostTree mkdir(byte[] name) throws IOException {
        check(HostFs.mkdirat(fd, name, 0700));
        return new HostTree(check(HostFs.openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0)));
    }

    /** Creates regular file {@code name} with what {@code in} holds. */
    public void write(byte[] name, InputStream in) throws IOException {
        int f = check(HostFs.openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600));
        try {
            byte[] buf = new byte[HostFs.IO_CHUNK];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int done = 0; done < n; ) done += check(HostFs.write(f, buf, done, n - done, -1));
            }
        } finally {
            HostFs.close(f);
        }
    }

    public void symlink(byte[] target, byte[] name) throws IOException {
        check(HostFs.symlinkat(target, fd, name));
    }

    /** A FIFO, socket or device node ({@code mode} holds the type). */
    public void mknod(byte[] name, int mode, long dev) throws IOException {
        check(HostFs.mknodat(fd, name, mode, dev));
    }

    /** A descriptor of {@code name} itself, to give it more names later ({@link #link}); {@link #unpin} it. */
    public int pin(byte[] name) throws IOException {
        return check(HostFs.openat(fd, name, O_PATH | O_NOFOLLOW, 0));
    }

    public static void unpin(int pinned) {
        HostFs.close(pinned);
    }

    /** Another name, here, for the file {@code pinned} holds. */
    public void link(int pinned, byte[] name) throws IOException {
        check(HostFs.linkDescriptor(pinned, fd, name));
    }

    /** Owner of the name itself (a symlink is not followed). */
    public void chown(byte[] name, int uid, int gid) throws IOException {
        check(HostFs.lchownat(fd, name, uid, gid));
    }

    /** Mode of the name itself; "" is this directory. */
    public void chmod(byte[] name, int mode) throws IOException {
        check(HostFs.lchmodat(fd, name, mode));
    }

    /** Modification time of the name itself ("" is this directory); the access time is left. */
    public void setMtime(byte[] name, long nanos) throws IOException {
        check(HostFs.lutimensat(fd, name, -1, nanos));
    }

    /** An extended attribute of a regular file or directory ("" is this directory). */
    public void setxattr(byte[] name, byte[] attr, byte[] value) throws IOException {
        int f = name.length == 0 ? fd : check(HostFs.openat(fd, name, O_PATH | O_NOFOLLOW, 0));
        try {
            check(HostFs.setxattr(f, attr, value, 0));
        } finally {
            if (f != fd) HostFs.close(f);
        }
    }

    @Override
    public void close() {
        HostFs.close(fd);
    }
}
