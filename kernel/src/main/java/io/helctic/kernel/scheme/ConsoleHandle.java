package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Poll.*;

import io.helctic.abi.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tty: scheme's console: one of the host's standard streams, passed through
 * unbuffered so the guest's writes reach the host in order. stat reports what the
 * host stream really is (terminal, pipe, file, socket).
 */
public final class ConsoleHandle implements Handle {

    private final InputStream in;
    private final OutputStream out;
    private final Stat stat;
    private final String path;
    private final Terminal terminal;
    private int flags;

    private ConsoleHandle(InputStream in, OutputStream out, int hostFd, int flags, Terminal terminal) {
        this.in = in;
        this.out = out;
        this.stat = describeHostFd(hostFd);
        this.path = hostLink(hostFd);
        this.flags = flags;
        // This stream is the terminal only if the host descriptor itself is one.
        this.terminal = terminal != null && terminal.isTty() && hostFd >= 0 && HostTty.getAttr(hostFd) != null
                ? terminal : null;
    }

    public static ConsoleHandle input(InputStream in, int hostFd, Terminal t) {
        return new ConsoleHandle(in, null, hostFd, O_RDONLY, t);
    }

    public static ConsoleHandle output(OutputStream out, int hostFd, Terminal t) {
        return new ConsoleHandle(null, out, hostFd, O_WRONLY, t);
    }

    /** The terminal as /dev/tty: reads the host's stdin, writes its stdout. */
    public static ConsoleHandle terminal(InputStream in, OutputStream out, Terminal t) {
        return new ConsoleHandle(in, out, t.hostFd(), O_RDWR, t);
    }

    @Override
    public Terminal terminal() { return terminal; }

    @Override
    public long available() {
        if (in == null) return Errno.EINVAL.negative();
        try {
            return in.available();
        } catch (IOException e) {
            return Errno.EIO.negative();
        }
    }

    @Override
    public String path() { return path; }

    /** What /proc/self/fd/N shows: the host's own description of the stream (a pipe, a terminal, a file). */
    private static String hostLink(int hostFd) {
        if (hostFd < 0) return "pipe:[console]";
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + hostFd)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "pipe:[console]";
        }
    }

    @Override
    public long read(byte[] buf, int off, int len) {
        if (in == null) return Errno.EBADF.negative();
        if (len == 0) return 0;
        try {
            int n = in.read(buf, off, len);
            return n < 0 ? 0 : n;
        } catch (IOException e) {
            return Errno.EIO.negative();
        }
    }

    @Override
    public long write(byte[] buf, int off, int len) {
        if (out == null) return Errno.EBADF.negative();
        try {
            out.write(buf, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            return Errno.EPIPE.negative();
        }
    }

    /**
     * Output is always ready. Input from a terminal is ready when it has bytes; input from
     * a pipe, a file or a test stream counts as ready (a read then returns data or end-of-file).
     */
    @Override
    public boolean pollRechecks() {
        return in != null; // the host's input arrives unannounced
    }

    @Override
    public int poll(int events) {
        int r = events & (POLLOUT | POLLWRNORM);
        if (in != null && (events & (POLLIN | POLLRDNORM)) != 0) {
            boolean tty = (stat.mode() & S_IFMT) == S_IFCHR;
            try {
                if (!tty || in.available() > 0) r |= events & (POLLIN | POLLRDNORM);
            } catch (IOException e) {
                r |= POLLERR;
            }
        }
        return r;
    }

    /** The descriptions that set O_ASYNC on this stream, and the thread watching the host's input for them. */
    private final Fasync.Registrations async = new Fasync.Registrations();
    private Thread watcher;

    /**
     * A terminal, pipe or socket of the host has Linux's fasync (a regular file or /dev/null has
     * none). The host's input arrives unannounced, so while a description asks, a daemon thread
     * looks every 2 ms (as a wait on the console does) and signals POLL_IN each time input becomes
     * readable; the host's side of an output stream is never seen, so it never signals POLL_OUT.
     */
    @Override
    public synchronized boolean fasync(int fd, boolean on) {
        int type = stat.type();
        boolean hasFasync = type == S_IFIFO || type == S_IFSOCK || (type == S_IFCHR && terminal != null);
        if (!hasFasync) return false;
        async.set(this, fd, on);
        if (in != null && !async.isEmpty() && watcher == null) {
            watcher = Thread.ofPlatform().daemon().name("console-sigio").start(this::watch);
        } else if (async.isEmpty() && watcher != null) {
            watcher.interrupt();
            watcher = null;
        }
        return true;
    }

    private void watch() {
        boolean had = false;
        while (!Thread.currentThread().isInterrupted()) {
            boolean has;
            try {
                has = in.available() > 0;
            } catch (IOException e) {
                return;
            }
            if (has && !had) async.kill(io.helctic.abi.uapi.Signal.POLL_IN);
            had = has;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public Stat stat() { return stat; }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int f) { flags = (flags & 3) | (f & ~3); }

    /** What the host's descriptor is, for fstat; a pipe when it cannot be told (tests, redirection). */
    static Stat describeHostFd(int hostFd) {
        long now = System.currentTimeMillis() * 1_000_000L;
        if (hostFd >= 0) {
            try {
                Path link = Path.of("/proc/self/fd/" + hostFd);
                String target = Files.readSymbolicLink(link).toString();
                if (target.startsWith("pipe:")) return pseudo(S_IFIFO | 0600, now);
                if (target.startsWith("socket:")) return pseudo(S_IFSOCK | 0777, now);
                Map<String, Object> a = Files.readAttributes(link, "unix:*");
                long ns = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() * 1_000_000L;
                long size = ((Number) a.get("size")).longValue();
                return new Stat(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                        ((Number) a.get("nlink")).longValue(), (Integer) a.get("mode"), (Integer) a.get("uid"),
                        (Integer) a.get("gid"), ((Number) a.get("rdev")).longValue(), size, 4096,
                        (size + 511) / 512, ns, ns, ns);
            } catch (IOException | UnsupportedOperationException | ClassCastException | NullPointerException e) {
                // fall through: describe it as a pipe
            }
        }
        return pseudo(S_IFIFO | 0600, now);
    }

    private static Stat pseudo(int mode, long now) {
        return new Stat(0xc, 1, 1, mode, 0, 0, 0, 0, 4096, 0, now, now, now);
    }
}
