package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.AT_EMPTY_PATH;
import static io.helctic.abi.uapi.Fcntl.AT_SYMLINK_FOLLOW;
import static io.helctic.abi.uapi.Fcntl.AT_SYMLINK_NOFOLLOW;
import static io.helctic.abi.uapi.Fcntl.O_CLOEXEC;
import static io.helctic.abi.uapi.Time.RUSAGE_THREAD;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The host's file system calls by descriptor: every name is one component, passed as the guest's
 * bytes, relative to a directory descriptor, and nothing is looked up by a host path string. This
 * is what keeps a guest inside its root whatever it renames under the kernel's feet (DESIGN §3).
 *
 * <p>The calls are the host kernel's own (Linux x86-64: openat, newfstatat, readlinkat, ...), made
 * through libc's {@code syscall(2)}: one entry for all of them. It is the kernel's JNI library
 * ({@link HostCall}) when that loads, which binds in about a millisecond, else one FFM downcall,
 * whose stub a cold JVM takes 30-50 ms to generate. On any other host {@link #available()} is
 * false and the kernel refuses to serve a host directory, saying why.
 */
public final class HostFs {
    private HostFs() {}

    // Linux x86-64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl)
    static final int SYS_READ = 0, SYS_WRITE = 1, SYS_CLOSE = 3, SYS_LSEEK = 8, SYS_MMAP = 9, SYS_MUNMAP = 11,
            SYS_PREAD64 = 17, SYS_PWRITE64 = 18, SYS_DUP = 32, SYS_FSYNC = 74, SYS_FTRUNCATE = 77, SYS_FCHMOD = 91,
            SYS_FSTATFS = 138, SYS_GETXATTR = 191, SYS_LISTXATTR = 194, SYS_SETXATTR = 188, SYS_REMOVEXATTR = 197,
            SYS_GETDENTS64 = 217, SYS_OPENAT = 257, SYS_MKDIRAT = 258, SYS_FCHOWNAT = 260, SYS_NEWFSTATAT = 262,
            SYS_UNLINKAT = 263, SYS_MKNODAT = 259, SYS_LINKAT = 265, SYS_SYMLINKAT = 266, SYS_READLINKAT = 267, SYS_UTIMENSAT = 280,
            SYS_RENAMEAT2 = 316, SYS_FCHMODAT2 = 452, SYS_SYNC = 162, SYS_FALLOCATE = 285, SYS_SYNCFS = 306,
            SYS_FADVISE64 = 221, SYS_SYNC_FILE_RANGE = 277, SYS_USTAT = 136, SYS_STATX = 332,
            SYS_GETRUSAGE = 98, SYS_OPENAT2 = 437;

    // The host's flags are Linux's x86-64 values, the very ones io.helctic.abi.uapi defines for
    // guests: this class runs only on such a host (see available()).

    /** How the calls reach the host: the kernel's JNI library when it loads (see HostCall), else one FFM downcall. */
    private static final class Link {
        static final boolean JNI = linkJni();
    }

    /** The FFM downcall, linked only when it is used (no JNI library, or a test comparing both). */
    private static final class Ffm {
        static final MethodHandle SYSCALL = link();
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    private static boolean linkJni() {
        linked = true;
        return possible() && HostCall.load();
    }

    /** Whether the host calls were linked already (through FFM, the first use costs a cold JVM 30-50 ms of stub generation). */
    private static volatile boolean linked;

    /** Whether a host call was made (or tried) in this JVM: after that, more cost nothing to set up. */
    public static boolean linked() {
        return linked;
    }

    /** Whether this host can have the calls at all (Linux x86-64), asked without linking them. */
    public static boolean possible() {
        return "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
    }

    private static MethodHandle link() {
        if (!possible()) return null;
        try {
            Linker linker = Linker.nativeLinker();
            var sym = linker.defaultLookup().find("syscall");
            if (sym.isEmpty()) return null;
            ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
            return linker.downcallHandle(sym.get(), FunctionDescriptor.of(l, l, l, l, l, l, l, l),
                    Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether this host has the calls (Linux x86-64). */
    public static boolean available() {
        return Link.JNI || Ffm.SYSCALL != null;
    }

    /** Whether the calls go through the kernel's JNI library (HostCall) rather than FFM. */
    public static boolean throughJni() {
        return Link.JNI;
    }

    /** The raw call by the FFM downcall whichever way the kernel's calls go (for tests comparing the two). */
    static long throughFfm(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (Ffm.SYSCALL == null) return io.helctic.abi.Errno.ENOSYS.negative();
        try (Arena arena = Arena.ofConfined()) {
            return throughFfm(arena.allocate(Ffm.STATE), nr, a1, a2, a3, a4, a5, a6);
        }
    }

    /** Why not, in one line, for a host without them. */
    public static String unavailableReason() {
        return "serving a host directory needs a Linux x86-64 host (openat and the *at calls by descriptor); this host is "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }

    /** What a thread's calls use for names, results and transfers: native memory, one set per JVM thread. */
    private static final class Scratch {
        final MemorySegment state = Link.JNI ? null : Arena.ofAuto().allocate(Ffm.STATE);
        final MemorySegment name = Arena.ofAuto().allocate(4096 + 1, 8);
        final MemorySegment name2 = Arena.ofAuto().allocate(4096 + 1, 8);
        final MemorySegment buf = Arena.ofAuto().allocate(IO_CHUNK, 8);
        // Byte-buffer views of the same memory, through which names go in and results come out:
        // MemorySegment's copies and layout accessors spin method-handle forms in a cold JVM
        // (8-10 ms of every run's first host call, measured 2026-12-07), a direct buffer's
        // accessors none.
        final ByteBuffer nameView = name.asByteBuffer();
        final ByteBuffer name2View = name2.asByteBuffer();
        final ByteBuffer bufView = buf.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);

        /** {@code n} as a C string in the first name buffer (see cstr). */
        MemorySegment name(byte[] n) {
            return cstr(name, nameView, n);
        }

        /** {@code n} as a C string in the second name buffer (see cstr). */
        MemorySegment name2(byte[] n) {
            return cstr(name2, name2View, n);
        }
    }

    /** The first {@code n} bytes of the scratch buffer, copied out. */
    private static byte[] bufBytes(Scratch s, long n) {
        byte[] out = new byte[(int) n];
        s.bufView.get(0, out);
        return out;
    }

    /** The most bytes one read or write moves through the native buffer. */
    public static final int IO_CHUNK = 64 * 1024;

    /**
     * Each thread's scratch area, ~72 KiB of native memory: pooled (ThreadScratch) when a guest
     * thread ends, since every fork's child made and zeroed one at its first host call (~2.5 % of
     * a fork-and-wait loop's guest thread).
     */
    private static final ThreadScratch<Scratch> SCRATCH =
            new ThreadScratch<>(32, Scratch::new);

    /** The calling thread makes no more host calls (a guest thread's end): its scratch area goes to the next thread. */
    public static void threadEnded() {
        SCRATCH.threadEnded();
    }

    /** The raw call: its value, or -errno. */
    static long call(Scratch s, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (Link.JNI) return HostCall.call(nr, a1, a2, a3, a4, a5, a6);
        return throughFfm(s.state, nr, a1, a2, a3, a4, a5, a6);
    }

    /** The raw call by the FFM downcall, with {@code state} to capture errno in: its value, or -errno. */
    static long throughFfm(MemorySegment state, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            long r = (long) Ffm.SYSCALL.invokeExact(state, nr, a1, a2, a3, a4, a5, a6);
            return r == -1 ? -(int) Ffm.ERRNO.get(state, 0L) : r;
        } catch (Throwable t) {
            throw new IllegalStateException("host syscall " + nr + " failed to link", t);
        }
    }

    /**
     * The calling thread's CPU time as the host counts it, {total, user} in nanoseconds
     * (getrusage RUSAGE_THREAD, microsecond resolution), or null where the host cannot say.
     */
    public static long[] threadCpuTimes() {
        if (!available()) return null;
        Scratch s = SCRATCH.get();
        if (call(s, SYS_GETRUSAGE, RUSAGE_THREAD, s.buf.address(), 0, 0, 0, 0) != 0) return null;
        // struct rusage begins with ru_utime and ru_stime, two struct timevals
        long user = s.bufView.getLong(0) * 1_000_000_000L + s.bufView.getLong(8) * 1000;
        long sys = s.bufView.getLong(16) * 1_000_000_000L + s.bufView.getLong(24) * 1000;
        return new long[] {user + sys, user};
    }

    /**
     * One raw host call for the kernel's other host-facing code (kernel/host's HostSched): its
     * value or -errno; -ENOSYS on a host without the calls. The one entry to libc's syscall.
     */
    public static long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (!available()) return io.helctic.abi.Errno.ENOSYS.negative();
        return call(SCRATCH.get(), nr, a1, a2, a3, a4, a5, a6);
    }

    /** A name into a scratch segment, NUL-terminated: null when it holds a NUL or is too long. */
    private static MemorySegment cstr(MemorySegment seg, ByteBuffer view, byte[] name) {
        if (name.length > 4096) return null;
        for (byte b : name) if (b == 0) return null;
        view.put(0, name);
        view.put(name.length, (byte) 0);
        return seg;
    }

    /** The bytes of a kernel string: the kernel holds guest names as ISO-8859-1 strings, one char a byte. */
    public static byte[] bytes(String kernelString) {
        return kernelString.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A host path the JVM gave us (command line, properties) as the host's bytes. */
    public static byte[] hostBytes(String javaString) {
        String enc = System.getProperty("sun.jnu.encoding");
        Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : Charset.defaultCharset();
        return javaString.getBytes(cs);
    }

    /** A string the JVM gave us (command line, environment) as a kernel string: its host bytes, one char each. */
    public static String kernelString(String javaString) {
        return new String(hostBytes(javaString), StandardCharsets.ISO_8859_1);
    }

    private static long nameCall(long nr, int dirfd, byte[] name, long a3, long a4, long a5) {
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(name);
        if (n == null) return name.length > 4096 ? Errno.ENAMETOOLONG.negative() : Errno.EINVAL.negative();
        return call(s, nr, dirfd, n.address(), a3, a4, a5, 0);
    }

    // ---- names -------------------------------------------------------------------------------

    public static int openat(int dirfd, byte[] name, int flags, int mode) {
        return (int) nameCall(SYS_OPENAT, dirfd, name, flags | O_CLOEXEC, mode, 0);
    }

    /**
     * Whether the host has openat2 (Linux 5.6): cleared at its first ENOSYS, or EPERM (what a
     * container's seccomp filter may answer for a call it does not know; O_PATH opens of
     * directories are never refused so otherwise).
     */
    private static volatile boolean openat2 = true;

    /**
     * openat2 with struct open_how {flags, mode 0, resolve}: the host kernel resolves the whole
     * relative {@code path} from {@code dirfd} under the RESOLVE_* rules (Linux's values). Returns
     * the descriptor, or -errno; -ENOSYS, at once, on a host without openat2.
     */
    public static int openBeneath(int dirfd, byte[] path, int flags, long resolve) {
        if (!openat2) return (int) Errno.ENOSYS.negative();
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(path);
        if (n == null) return (int) (path.length > 4096 ? Errno.ENAMETOOLONG.negative() : Errno.EINVAL.negative());
        s.bufView.putLong(0, flags | O_CLOEXEC);
        s.bufView.putLong(8, 0);
        s.bufView.putLong(16, resolve);
        int r = (int) call(s, SYS_OPENAT2, dirfd, n.address(), s.buf.address(), 24, 0, 0);
        if (r == Errno.ENOSYS.negative() || r == Errno.EPERM.negative()) openat2 = false;
        return r;
    }

    /** A host path opened from the host's current directory (only the root of a served directory is). */
    public static int openPath(byte[] path, int flags) {
        return openat(-100, path, flags, 0);
    }

    public static long close(int fd) {
        return call(SCRATCH.get(), SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    }

    public static int dup(int fd) {
        return (int) call(SCRATCH.get(), SYS_DUP, fd, 0, 0, 0, 0, 0);
    }

    /** fstatat with AT_SYMLINK_NOFOLLOW (an empty name: the descriptor itself). */
    public static Result<Handle.Stat> lstat(int dirfd, byte[] name) {
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(name);
        if (n == null) return Result.err(Errno.EINVAL);
        long r = call(s, SYS_NEWFSTATAT, dirfd, n.address(), s.buf.address(),
                AT_SYMLINK_NOFOLLOW | (name.length == 0 ? AT_EMPTY_PATH : 0), 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(stat(s.bufView));
    }

    /** The host's struct stat (x86-64 Linux's, the guest's own) as the kernel's record. */
    static Handle.Stat stat(ByteBuffer b) {
        return new Handle.Stat(b.getLong(0), b.getLong(8), b.getLong(16), b.getInt(24), b.getInt(28),
                b.getInt(32), b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64),
                b.getLong(72) * 1_000_000_000L + b.getLong(80), b.getLong(88) * 1_000_000_000L + b.getLong(96),
                b.getLong(104) * 1_000_000_000L + b.getLong(112));
    }

    public static Result<byte[]> readlinkat(int dirfd, byte[] name) {
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(name);
        if (n == null) return Result.err(Errno.EINVAL);
        long r = call(s, SYS_READLINKAT, dirfd, n.address(), s.buf.address(), 4096, 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, r));
    }

    public static long mkdirat(int dirfd, byte[] name, int mode) {
        return nameCall(SYS_MKDIRAT, dirfd, name, mode, 0, 0);
    }

    public static long unlinkat(int dirfd, byte[] name, int flags) {
        return nameCall(SYS_UNLINKAT, dirfd, name, flags, 0, 0);
    }

    public static long symlinkat(byte[] target, int dirfd, byte[] name) {
        Scratch s = SCRATCH.get();
        MemorySegment t = s.name2(target);
        MemorySegment n = s.name(name);
        if (t == null || n == null) return Errno.EINVAL.negative();
        return call(s, SYS_SYMLINKAT, t.address(), dirfd, n.address(), 0, 0, 0);
    }

    /** renameat2 or linkat: two (directory, name) pairs. */
    private static long twoNames(long nr, int fromDir, byte[] from, int toDir, byte[] to, int flags) {
        Scratch s = SCRATCH.get();
        MemorySegment a = s.name(from);
        MemorySegment b = s.name2(to);
        if (a == null || b == null) return Errno.EINVAL.negative();
        return call(s, nr, fromDir, a.address(), toDir, b.address(), flags, 0);
    }

    public static long renameat2(int fromDir, byte[] from, int toDir, byte[] to, int flags) {
        return twoNames(SYS_RENAMEAT2, fromDir, from, toDir, to, flags);
    }

    /** mknodat: a FIFO, socket, regular file or device node (type in mode). */
    public static long mknodat(int dirfd, byte[] name, int mode, long dev) {
        return nameCall(SYS_MKNODAT, dirfd, name, mode, dev, 0);
    }

    /** A new name for the inode an open descriptor holds (linkat of its /proc/self/fd link, followed once). */
    public static long linkDescriptor(int fd, int toDir, byte[] to) {
        return twoNames(SYS_LINKAT, -100, ("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII), toDir, to, AT_SYMLINK_FOLLOW);
    }

    /** linkat without AT_SYMLINK_FOLLOW: a symlink is linked, never followed. */
    public static long linkat(int fromDir, byte[] from, int toDir, byte[] to) {
        return twoNames(SYS_LINKAT, fromDir, from, toDir, to, 0);
    }

    /** fchownat with AT_SYMLINK_NOFOLLOW (-1 keeps an id). */
    public static long lchownat(int dirfd, byte[] name, int uid, int gid) {
        return nameCall(SYS_FCHOWNAT, dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW | (name.length == 0 ? AT_EMPTY_PATH : 0));
    }

    /** fchmodat2 with AT_SYMLINK_NOFOLLOW: EOPNOTSUPP on a symlink, as Linux's lchmod. */
    public static long lchmodat(int dirfd, byte[] name, int mode) {
        return nameCall(SYS_FCHMODAT2, dirfd, name, mode, AT_SYMLINK_NOFOLLOW | (name.length == 0 ? AT_EMPTY_PATH : 0), 0);
    }

    public static long fchmod(int fd, int mode) {
        return call(SCRATCH.get(), SYS_FCHMOD, fd, mode, 0, 0, 0, 0);
    }

    /** utimensat with AT_SYMLINK_NOFOLLOW; times in ns, -1 leaves one as it is (UTIME_OMIT). */
    public static long lutimensat(int dirfd, byte[] name, long atimeNanos, long mtimeNanos) {
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(name);
        if (n == null) return Errno.EINVAL.negative();
        long omit = (1L << 30) - 2;
        s.bufView.putLong(0, atimeNanos == -1 ? 0 : Math.floorDiv(atimeNanos, 1_000_000_000L));
        s.bufView.putLong(8, atimeNanos == -1 ? omit : Math.floorMod(atimeNanos, 1_000_000_000L));
        s.bufView.putLong(16, mtimeNanos == -1 ? 0 : Math.floorDiv(mtimeNanos, 1_000_000_000L));
        s.bufView.putLong(24, mtimeNanos == -1 ? omit : Math.floorMod(mtimeNanos, 1_000_000_000L));
        return call(s, SYS_UTIMENSAT, dirfd, n.address(), s.buf.address(),
                AT_SYMLINK_NOFOLLOW | (name.length == 0 ? AT_EMPTY_PATH : 0), 0, 0);
    }

    // ---- descriptors ----------------------------------------------------------------------------

    /** read or pread ({@code pos} ≥ 0) into buf. */
    public static long read(int fd, byte[] buf, int off, int len, long pos) {
        Scratch s = SCRATCH.get();
        int n = Math.min(len, IO_CHUNK);
        long r = pos < 0 ? call(s, SYS_READ, fd, s.buf.address(), n, 0, 0, 0)
                : call(s, SYS_PREAD64, fd, s.buf.address(), n, pos, 0, 0);
        if (r > 0) s.bufView.get(0, buf, off, (int) r);
        return r;
    }

    /** write or pwrite ({@code pos} ≥ 0) from buf; one call (callers loop). */
    public static long write(int fd, byte[] buf, int off, int len, long pos) {
        Scratch s = SCRATCH.get();
        int n = Math.min(len, IO_CHUNK);
        s.bufView.put(0, buf, off, n);
        return pos < 0 ? call(s, SYS_WRITE, fd, s.buf.address(), n, 0, 0, 0)
                : call(s, SYS_PWRITE64, fd, s.buf.address(), n, pos, 0, 0);
    }

    public static long lseek(int fd, long offset, int whence) {
        return call(SCRATCH.get(), SYS_LSEEK, fd, offset, whence, 0, 0, 0);
    }

    public static long ftruncate(int fd, long length) {
        return call(SCRATCH.get(), SYS_FTRUNCATE, fd, length, 0, 0, 0, 0);
    }

    public static long fsync(int fd) {
        return call(SCRATCH.get(), SYS_FSYNC, fd, 0, 0, 0, 0, 0);
    }

    /** The host's fadvise64 on fd. */
    public static long fadvise(int fd, long offset, long len, int advice) {
        return call(SCRATCH.get(), SYS_FADVISE64, fd, offset, len, advice, 0, 0);
    }

    /** The host's sync_file_range on fd. */
    public static long syncFileRange(int fd, long offset, long nbytes, int flags) {
        return call(SCRATCH.get(), SYS_SYNC_FILE_RANGE, fd, offset, nbytes, flags, 0, 0);
    }

    /** syncfs of the filesystem holding fd. */
    public static long syncfs(int fd) {
        return call(SCRATCH.get(), SYS_SYNCFS, fd, 0, 0, 0, 0, 0);
    }

    /** sync(2): every filesystem of the host. */
    public static long syncAll() {
        return call(SCRATCH.get(), SYS_SYNC, 0, 0, 0, 0, 0, 0);
    }

    public static long fallocate(int fd, int mode, long offset, long len) {
        return call(SCRATCH.get(), SYS_FALLOCATE, fd, mode, offset, len, 0, 0);
    }

    /** getdents64 into the first {@code len} bytes of buf; the count of bytes, 0 at the end, or -errno. */
    public static long getdents64(int fd, byte[] buf, int len) {
        Scratch s = SCRATCH.get();
        long r = call(s, SYS_GETDENTS64, fd, s.buf.address(), Math.min(Math.min(len, buf.length), IO_CHUNK), 0, 0, 0);
        if (r > 0) s.bufView.get(0, buf, 0, (int) r);
        return r;
    }

    /** The host's statx of an open descriptor (AT_EMPTY_PATH), or null when it is closed or the call fails. */
    static byte[] statx(io.helctic.kernel.vfs.SharedFd fd, int syncFlags, int mask) {
        if (!fd.acquire()) return null;
        try {
            Result<byte[]> r = statx(fd.fd(), new byte[0], syncFlags, mask);
            return r.failed() ? null : r.value();
        } finally {
            fd.release();
        }
    }

    /**
     * The host's struct statx (256 bytes) of name in dirfd (never following a final symlink; "":
     * dirfd itself) for {@code mask}, with the AT_STATX_* sync flags given.
     */
    public static Result<byte[]> statx(int dirfd, byte[] name, int syncFlags, int mask) {
        Scratch s = SCRATCH.get();
        MemorySegment n = s.name(name);
        if (n == null) return Result.err(Errno.EINVAL);
        long r = call(s, SYS_STATX, dirfd, n.address(), AT_SYMLINK_NOFOLLOW | (name.length == 0 ? AT_EMPTY_PATH : 0)
                | syncFlags, mask & 0xffffffffL, s.buf.address(), 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, 256));
    }

    /** ustat: the host's struct ustat (32 bytes) of the filesystem on device dev (new_encode_dev), or -errno. */
    public static Result<byte[]> ustat(long dev) {
        Scratch s = SCRATCH.get();
        long r = call(s, SYS_USTAT, dev & 0xffffffffL, s.buf.address(), 0, 0, 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, 32));
    }

    /** fstatfs: the host's struct statfs (x86-64 Linux's, the guest's own: 120 bytes). */
    public static Result<byte[]> fstatfs(int fd) {
        Scratch s = SCRATCH.get();
        long r = call(s, SYS_FSTATFS, fd, s.buf.address(), 0, 0, 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, 120));
    }

    /** A read-only shared mapping of the first {@code size} bytes of fd, unmapped when collected. */
    public static MemorySegment map(int fd, long size) {
        if (size <= 0) return MemorySegment.NULL;
        long addr = call(SCRATCH.get(), SYS_MMAP, 0, size, 1 /* PROT_READ */, 1 /* MAP_SHARED */, fd, 0);
        if (addr < 0 && addr > -4096) return null;
        return MemorySegment.ofAddress(addr).reinterpret(size, Arena.ofAuto(),
                seg -> call(SCRATCH.get(), SYS_MUNMAP, addr, size, 0, 0, 0, 0));
    }

    // ---- extended attributes, through the descriptor's /proc/self/fd link ----------------------------

    /**
     * The /proc/self/fd path of a descriptor of a regular file or directory (not a symlink): its
     * magic link jumps to that inode, so a following path call there acts on it and nothing else.
     */
    private static byte[] procPath(int fd) {
        return ("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII);
    }

    public static Result<byte[]> getxattr(int fd, byte[] name) {
        Scratch s = SCRATCH.get();
        MemorySegment p = s.name(procPath(fd));
        MemorySegment n = s.name2(name);
        if (n == null) return Result.err(Errno.EINVAL);
        long r = call(s, SYS_GETXATTR, p.address(), n.address(), s.buf.address(), IO_CHUNK, 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, r));
    }

    public static Result<byte[]> listxattr(int fd) {
        Scratch s = SCRATCH.get();
        MemorySegment p = s.name(procPath(fd));
        long r = call(s, SYS_LISTXATTR, p.address(), s.buf.address(), IO_CHUNK, 0, 0, 0);
        if (r < 0) return Result.err(errno(r));
        return Result.ok(bufBytes(s, r));
    }

    public static long setxattr(int fd, byte[] name, byte[] value, int flags) {
        Scratch s = SCRATCH.get();
        if (value.length > IO_CHUNK) return Errno.E2BIG.negative();
        MemorySegment p = s.name(procPath(fd));
        MemorySegment n = s.name2(name);
        if (n == null) return Errno.EINVAL.negative();
        s.bufView.put(0, value);
        return call(s, SYS_SETXATTR, p.address(), n.address(), s.buf.address(), value.length, flags, 0);
    }

    public static long removexattr(int fd, byte[] name) {
        Scratch s = SCRATCH.get();
        MemorySegment p = s.name(procPath(fd));
        MemorySegment n = s.name2(name);
        if (n == null) return Errno.EINVAL.negative();
        return call(s, SYS_REMOVEXATTR, p.address(), n.address(), 0, 0, 0, 0);
    }

    // ---- errors --------------------------------------------------------------------------------

    /** The kernel's errno for a host call's -errno (the host is Linux: the numbers are the guest's). */
    public static Errno errno(long negative) {
        Errno e = Errno.ofResult(negative);
        return e != null ? e : Errno.EIO;
    }

    /** Reads the names of a directory's getdents64 records, as the kernel's byte strings (tests). */
    static java.util.List<String> names(byte[] buf, int len) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int at = 0; at < len; ) {
            int reclen = (buf[at + 16] & 0xff) | (buf[at + 17] & 0xff) << 8;
            int end = at + 19;
            while (buf[end] != 0) end++;
            out.add(new String(Arrays.copyOfRange(buf, at + 19, end), StandardCharsets.ISO_8859_1));
            at += reclen;
        }
        return out;
    }
}
