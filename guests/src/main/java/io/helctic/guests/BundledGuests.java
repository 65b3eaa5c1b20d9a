package io.helctic.guests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The guest programs bundled in this jar, by name (see guests/Makefile). */
public final class BundledGuests {

    /** Every bundled guest. */
    public static final List<String> NAMES = List.of(
        "hello", "hello-pie", "unknown", "segv", "memory", "args", "files", "procs", "native-hello", "freebsd-hello", "freebsd-kq", "netbsd-kq",
        "restart", "freebsd-restart", "posix", "freebsd-posix", "netbsd-posix", "net", "freebsd-net", "netbsd-net",
        "mix-O0", "mix-O1", "mix-O2", "mix-Os", "mix-O3", "pthreads", "pthreads-musl", "calls", "pimutex", "shmap", "attack", "events", "timers", "locks", "sysmisc", "ipc", "inotify", "mqueue", "unixsock", "exectrace", "netlink", "inet", "creds", "seccomp", "memmisc", "aio", "sched", "fdmisc", "fasync", "tmpfs", "procfs",
        "c-printf", "c-strtod", "c-libm", "c-strings", "c-misc", "c-sse2", "c-compute",
        "c-printf-musl", "c-strtod-musl", "c-libm-musl", "c-strings-musl", "c-misc-musl", "c-sse2-musl", "c-compute-musl");

    /** The guest `helctic run` starts when given no program. */
    public static final String DEFAULT = "hello";

    private BundledGuests() {}

    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** The guest's bytes as a stream, or null when there is no such guest. */
    public static InputStream open(String name) {
        return exists(name) ? BundledGuests.class.getResourceAsStream(name) : null;
    }

    /** Copies the guest into {@code dir} as an executable file and returns its path. */
    public static Path extract(String name, Path dir) {
        try (InputStream in = open(name)) {
            if (in == null) throw new IllegalArgumentException("no bundled guest named " + name);
            Path out = dir.resolve(name);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
