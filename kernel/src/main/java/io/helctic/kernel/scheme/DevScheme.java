package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.PathScheme;
import io.helctic.kernel.vfs.Result;
import java.util.Locale;
import java.util.Map;

/**
 * The dev: scheme mounted at /dev: the devices a program expects, served by the kernel
 * (never the host's own device nodes). /dev/fd and /dev/std* link into /proc/self/fd.
 */
public final class DevScheme extends PathScheme {
    private static final long DEV = 0x6, BOOT = System.currentTimeMillis() * 1_000_000L;
    private static final Map<String, String> LINKS = Map.of(
        "fd", "/proc/self/fd", "stdin", "/proc/self/fd/0", "stdout", "/proc/self/fd/1", "stderr", "/proc/self/fd/2");
    private static final String[] ENTRIES = {"null", "zero", "full", "random", "urandom", "tty", "fd", "stdin", "stdout", "stderr",
        "shm"};

    private final Handle tty;
    /** The terminal's own node, "pts/N" relative to /dev, or null: ttyname() finds the console through it. */
    private final String pts;

    /** {@code tty} is the controlling terminal, or null when the host has none (then /dev/tty is ENXIO). */
    public DevScheme(Handle tty) {
        this.tty = tty;
        String p = tty != null ? tty.path() : null;
        this.pts = p != null && p.startsWith("/dev/pts/") ? p.substring("/dev/".length()) : null;
    }

    @Override
    public String name() { return "dev"; }

    static Devices.Kind kind(String rel) {
        try {
            return Devices.Kind.valueOf(rel.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long ino(String rel) {
        for (int i = 0; i < ENTRIES.length; i++) if (ENTRIES[i].equals(rel)) return 3 + i;
        return 2;
    }

    @Override
    public Result<Handle.Stat> lstat(String rel) {
        if (rel.isEmpty()) return Result.ok(new Handle.Stat(DEV, 1, 2, Handle.S_IFDIR | 0755, 0, 0, 0, 0, 4096, 0, BOOT, BOOT, BOOT));
        if (LINKS.containsKey(rel)) {
            return Result.ok(new Handle.Stat(DEV, ino(rel), 1, Handle.S_IFLNK | 0777, 0, 0, 0, LINKS.get(rel).length(),
                    4096, 0, BOOT, BOOT, BOOT));
        }
        Devices.Kind k = kind(rel);
        if (k != null) {
            return Result.ok(new Handle.Stat(DEV, ino(rel), 1, Handle.S_IFCHR | 0666, 0, 0, k.rdev(), 0, 4096, 0, BOOT, BOOT, BOOT));
        }
        if (rel.equals("shm")) { // the directory the kernel's tmpfs is mounted on (a walk enters the mount)
            return Result.ok(new Handle.Stat(DEV, ino(rel), 2, Handle.S_IFDIR | 01777, 0, 0, 0, 0, 4096, 0, BOOT, BOOT, BOOT));
        }
        if (rel.equals("tty")) return Result.ok(new Handle.Stat(DEV, ino(rel), 1, Handle.S_IFCHR | 0666, 0, 5, (5 << 8), 0, 4096, 0, BOOT, BOOT, BOOT));
        if (pts != null && rel.equals("pts")) {
            return Result.ok(new Handle.Stat(DEV, 2, 2, Handle.S_IFDIR | 0755, 0, 0, 0, 0, 4096, 0, BOOT, BOOT, BOOT));
        }
        if (pts != null && rel.equals(pts)) { // the host's own node: a path the kernel chose, not the guest
            return HostFs.available() ? HostFs.lstat(-100, HostFs.hostBytes("/dev/" + pts)) : Result.err(Errno.ENOENT);
        }
        return Result.err(rel.contains("/") ? Errno.ENOTDIR : Errno.ENOENT);
    }

    @Override
    public Result<String> readlink(String rel) {
        String t = LINKS.get(rel);
        return t != null ? Result.ok(t) : Result.err(lstat(rel).failed() ? Errno.ENOENT : Errno.EINVAL);
    }

    @Override
    public Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        Result<Handle.Stat> st = lstat(rel);
        if (st.failed()) return Result.err((flags & O_CREAT) != 0 ? Errno.EACCES : Errno.ENOENT);
        if (rel.isEmpty()) {
            if ((flags & O_ACCMODE) != O_RDONLY) return Result.err(Errno.EISDIR);
            return Result.ok(new ListingHandle(guestPath, st.value(), ENTRIES, (name) -> {
                Result<Handle.Stat> s = lstat(name);
                return s.failed() ? null : s.value();
            }));
        }
        if (rel.equals("tty") || (pts != null && rel.equals(pts))) return tty != null ? Result.ok(tty) : Result.err(Errno.ENXIO);
        if (pts != null && rel.equals("pts")) {
            if ((flags & O_ACCMODE) != O_RDONLY) return Result.err(Errno.EISDIR);
            String name = pts.substring("pts/".length());
            return Result.ok(new ListingHandle(guestPath, st.value(), new String[] {name}, n -> {
                Result<Handle.Stat> s = lstat("pts/" + n);
                return s.failed() ? null : s.value();
            }));
        }
        if ((flags & O_DIRECTORY) != 0) return Result.err(Errno.ENOTDIR);
        return Result.ok(Devices.open(kind(rel), st.value(), flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)));
    }
}
