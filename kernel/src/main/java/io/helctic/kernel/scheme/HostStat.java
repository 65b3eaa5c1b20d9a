package io.helctic.kernel.scheme;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * lstat of a host path. On a Linux x86-64 host the host's struct stat is the guest's, so
 * fstatat(2) is called through FFM and every field (st_blocks, st_blksize, nanosecond
 * times) is exact; elsewhere the JDK's unix attributes are used and st_blocks is
 * estimated from the size.
 */
public final class HostStat {
    /** The host's fstatat flags (a Linux host's: FFM links it only there). */
    private static final int HOST_AT_FDCWD = -100, HOST_AT_SYMLINK_NOFOLLOW = 0x100;

    /** The FFM link, made at first use of an exact stat (not by {@link #lmode}, which needs none). */
    private static final class Ffm {
        static final MethodHandle FSTATAT = linkFstatat();
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    }

    private HostStat() {}

    private static MethodHandle linkFstatat() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) return null;
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> sym = linker.defaultLookup().find("fstatat");
            if (sym.isEmpty()) return null;
            return linker.downcallHandle(sym.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno"));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts the FFM link of the exact stat on another thread, once: it costs tens of ms in a
     * cold JVM, so a program about to stat files (a dynamically linked one, whose loader
     * fstats every library it opens) should not wait for all of it at its first stat.
     */
    public static void warmUp() {
        if (WARMING.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("helctic-warm-up").start(HostStat::exact);
        }
    }

    /** Whether stat results are exact (the FFM path). */
    public static boolean exact() { return Ffm.FSTATAT != null; }

    public static Result<Handle.Stat> lstat(Path path) {
        if (Ffm.FSTATAT != null) return viaFfm(path);
        return viaNio(path);
    }

    private static Result<Handle.Stat> viaFfm(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path.toString());
            MemorySegment buf = arena.allocate(144, 8);
            MemorySegment state = arena.allocate(Ffm.CALL_STATE);
            int r = (int) Ffm.FSTATAT.invokeExact(state, HOST_AT_FDCWD, name, buf, HOST_AT_SYMLINK_NOFOLLOW);
            if (r != 0) {
                int errno = (int) Ffm.ERRNO.get(state, 0L);
                Errno e = Errno.of(errno);
                return Result.err(e != null ? e : Errno.EIO);
            }
            ValueLayout.OfLong L = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
            ValueLayout.OfInt I = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
            return Result.ok(new Handle.Stat(buf.get(L, 0), buf.get(L, 8), buf.get(L, 16), buf.get(I, 24),
                    buf.get(I, 28), buf.get(I, 32), buf.get(L, 40), buf.get(L, 48), buf.get(L, 56), buf.get(L, 64),
                    buf.get(L, 72) * 1_000_000_000L + buf.get(L, 80), buf.get(L, 88) * 1_000_000_000L + buf.get(L, 96),
                    buf.get(L, 104) * 1_000_000_000L + buf.get(L, 112)));
        } catch (Throwable t) {
            return viaNio(path);
        }
    }

    /** What names a host file and its type: lstat's st_dev, st_ino and st_mode, exact. */
    public record Identity(long dev, long ino, int mode) {
        public int type() { return mode & Handle.S_IFMT; }

        public boolean isDirectory() { return type() == Handle.S_IFDIR; }
    }

    /**
     * lstat's dev, ino and mode of a host path through the JDK's file system: the same lstat,
     * without the FFM link that {@link #lstat} waits for at its first use. Path lookups, open
     * and getdents need no more.
     */
    public static Result<Identity> identity(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
            return Result.ok(new Identity(num(a, "dev"), num(a, "ino"), (int) num(a, "mode")));
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Result<Handle.Stat> s = lstat(path);
            return s.failed() ? s.cast() : Result.ok(new Identity(s.value().dev(), s.value().ino(), s.value().mode()));
        }
    }

    /** lstat's st_mode of a host path (see {@link #identity}). */
    public static Result<Integer> lmode(Path path) {
        Result<Identity> id = identity(path);
        return id.failed() ? id.cast() : Result.ok(id.value().mode());
    }

    static Result<Handle.Stat> viaNio(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
            long size = num(a, "size");
            return Result.ok(new Handle.Stat(num(a, "dev"), num(a, "ino"), num(a, "nlink"), (int) num(a, "mode"),
                    (int) num(a, "uid"), (int) num(a, "gid"), num(a, "rdev"), size, 4096, (size + 4095) / 4096 * 8,
                    nanos(a.get("lastAccessTime")), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime"))));
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Result.err(Errno.ENOSYS);
        }
    }

    private static long num(Map<String, Object> a, String k) {
        return a.get(k) instanceof Number n ? n.longValue() : 0;
    }

    static long nanos(Object t) {
        if (!(t instanceof FileTime ft)) return 0;
        var i = ft.toInstant();
        try {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (ArithmeticException e) {
            return i.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
