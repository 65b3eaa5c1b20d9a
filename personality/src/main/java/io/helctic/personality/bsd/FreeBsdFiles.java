package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fcntl;
import io.helctic.personality.GuestMemory;
import java.util.List;

/**
 * FreeBSD's file calls translated onto the kernel's: its O_ and AT_ flags, fcntl commands,
 * struct stat (FreeBSD 12's, 224 bytes), struct dirent for getdirentries, and the terminal
 * ioctls a program asks first. Values from FreeBSD's sys/sys/{fcntl,stat,dirent,ttycom}.h.
 */
final class FreeBsdFiles {
    private FreeBsdFiles() {}

    // sys/sys/fcntl.h
    static final int O_ACCMODE = 3, O_NONBLOCK = 0x4, O_APPEND = 0x8, O_SHLOCK = 0x10, O_EXLOCK = 0x20, O_ASYNC = 0x40,
            O_FSYNC = 0x80, O_NOFOLLOW = 0x100, O_CREAT = 0x200, O_TRUNC = 0x400, O_EXCL = 0x800, O_NOCTTY = 0x8000,
            O_DIRECT = 0x10000, O_DIRECTORY = 0x20000, O_EXEC = 0x40000, O_TTY_INIT = 0x80000, O_CLOEXEC = 0x100000,
            O_VERIFY = 0x200000, O_PATH = 0x400000, O_RESOLVE_BENEATH = 0x800000, O_DSYNC = 0x1000000,
            O_EMPTY_PATH = 0x2000000;
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x200, AT_REMOVEDIR = 0x800, AT_SYMLINK_FOLLOW = 0x400,
            AT_EMPTY_PATH = 0x4000;
    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 17;

    /** FreeBSD's and the kernel's open flags, pairwise (access mode aside). */
    private static final int[][] OPEN = {
        {O_NONBLOCK, Fcntl.O_NONBLOCK}, {O_APPEND, Fcntl.O_APPEND}, {O_ASYNC, 020000}, {O_FSYNC, Fcntl.O_SYNC},
        {O_NOFOLLOW, Fcntl.O_NOFOLLOW}, {O_CREAT, Fcntl.O_CREAT}, {O_TRUNC, Fcntl.O_TRUNC}, {O_EXCL, Fcntl.O_EXCL},
        {O_NOCTTY, Fcntl.O_NOCTTY}, {O_DIRECT, 040000}, {O_DIRECTORY, Fcntl.O_DIRECTORY}, {O_CLOEXEC, Fcntl.O_CLOEXEC},
        {O_PATH, Fcntl.O_PATH}, {O_DSYNC, 010000},
    };

    /** FreeBSD's open flags as the kernel's; -1 for what has no counterpart (O_SHLOCK, O_EXLOCK, O_RESOLVE_BENEATH...). */
    static long kernelFlags(long flags) {
        int f = (int) flags;
        long k = f & O_ACCMODE;
        if ((f & O_EXEC) != 0) k = Fcntl.O_PATH; // open for fexecve: nothing to read or write
        f &= ~(O_ACCMODE | O_EXEC | O_TTY_INIT | O_VERIFY);
        for (int[] p : OPEN) {
            if ((f & p[0]) != 0) k |= p[1];
            f &= ~p[0];
        }
        return f != 0 ? -1 : k;
    }

    static long guestFlags(long kflags) {
        long f = kflags & O_ACCMODE;
        for (int[] p : OPEN) if ((kflags & p[1]) == p[1] && p[1] != 0) f |= p[0];
        return f;
    }

    static long open(KernelOps ops, long path, long flags, long mode) {
        return openat(ops, AT_FDCWD, path, flags, mode);
    }

    static long openat(KernelOps ops, long dirfd, long path, long flags, long mode) {
        long k = kernelFlags(flags);
        if (k < 0) return Errno.EINVAL.negative();
        return ops.call(OPENAT, (int) dirfd, path, k, (int) mode & 07777);
    }

    /** FreeBSD's AT_ flags as the kernel's, or -1. */
    static long atFlags(long flags) {
        int f = (int) flags;
        long k = 0;
        if ((f & AT_SYMLINK_NOFOLLOW) != 0) k |= 0x100;
        if ((f & AT_SYMLINK_FOLLOW) != 0) k |= 0x400;
        if ((f & AT_REMOVEDIR) != 0) k |= 0x200;
        if ((f & AT_EMPTY_PATH) != 0) k |= 0x1000;
        return (f & ~(AT_SYMLINK_NOFOLLOW | AT_SYMLINK_FOLLOW | AT_REMOVEDIR | AT_EMPTY_PATH)) != 0 ? -1 : k;
    }

    // ---- stat ----------------------------------------------------------------------------------

    /** The kernel's struct stat as read from the guest: what the BSDs' own layouts are filled from. */
    record KernelStat(long dev, long ino, long nlink, long mode, long uid, long gid, long rdev, long size, long blksize,
                      long blocks, long[] times) {
        static KernelStat read(KernelOps ops, long k) {
            long[] t = new long[6];
            for (int i = 0; i < 6; i++) t[i] = GuestMemory.load64(ops, k + 72 + 8L * i);
            return new KernelStat(GuestMemory.load64(ops, k), GuestMemory.load64(ops, k + 8), GuestMemory.load64(ops, k + 16),
                    GuestMemory.load(ops, k + 24, 4), GuestMemory.load(ops, k + 28, 4), GuestMemory.load(ops, k + 32, 4),
                    GuestMemory.load64(ops, k + 40), GuestMemory.load64(ops, k + 48), GuestMemory.load64(ops, k + 56),
                    GuestMemory.load64(ops, k + 64), t);
        }

        /**
         * From uid (at {@code at}) on, the part FreeBSD 12's and NetBSD's layouts share: uid, gid,
         * rdev at 40, four timespecs at 48 (the birth time is the change time: the kernel keeps none
         * in struct stat), size 112, blocks 120, blksize 128.
         */
        void storeRest(KernelOps ops, long sb, int at) {
            GuestMemory.store(ops, sb + at, uid, 4);
            GuestMemory.store(ops, sb + at + 4, gid, 4);
            GuestMemory.store(ops, sb + 40, rdev, 8);
            for (int i = 0; i < 6; i++) GuestMemory.store(ops, sb + 48 + 8L * i, times[i], 8);
            GuestMemory.store(ops, sb + 96, times[4], 8);
            GuestMemory.store(ops, sb + 104, times[5], 8);
            GuestMemory.store(ops, sb + 112, size, 8);
            GuestMemory.store(ops, sb + 120, blocks, 8);
            GuestMemory.store(ops, sb + 128, blksize, 4);
        }
    }

    /** Copies the kernel's struct stat (144 bytes at k) into FreeBSD 12's (224 bytes at sb). */
    private static void toFreeBsd(KernelOps ops, long k, long sb) {
        KernelStat st = KernelStat.read(ops, k);
        for (int i = 0; i < 224; i += 8) GuestMemory.store(ops, sb + i, 0, 8);
        GuestMemory.store(ops, sb, st.dev(), 8);
        GuestMemory.store(ops, sb + 8, st.ino(), 8);
        GuestMemory.store(ops, sb + 16, st.nlink(), 8);
        GuestMemory.store(ops, sb + 24, st.mode(), 2);
        st.storeRest(ops, sb, 28);
    }

    /**
     * The kernel's struct stat in scratch: of descriptor dirfd itself when {@code ofFd}, else of
     * path against dirfd with the BSD AT_ flags. Its address, or -errno.
     */
    static long kernelStat(KernelOps ops, boolean ofFd, long dirfd, long path, long flags) {
        long f = atFlags(flags);
        if (f < 0) return Errno.EINVAL.negative();
        long k = ops.call(USER_SCRATCH, 144);
        if (k < 0) return k;
        long r = ofFd ? ops.call(FSTAT, (int) dirfd, k) : ops.call(FSTATAT, (int) dirfd, path, k, f);
        return r < 0 ? r : k;
    }

    static long fstat(KernelOps ops, long fd, long sb) {
        long k = kernelStat(ops, true, fd, 0, 0);
        if (k < 0) return k;
        toFreeBsd(ops, k, sb);
        return 0;
    }

    static long fstatat(KernelOps ops, long dirfd, long path, long sb, long flags) {
        long k = kernelStat(ops, false, dirfd, path, flags);
        if (k < 0) return k;
        toFreeBsd(ops, k, sb);
        return 0;
    }

    // ---- directories ---------------------------------------------------------------------------

    /**
     * getdirentries(fd, buf, nbytes, basep): the kernel's linux_dirent64 records rewritten as
     * FreeBSD 12's struct dirent (d_fileno, d_off, d_reclen, d_type, d_namlen, d_name; 8-byte
     * aligned); *basep (when not NULL) the offset the read began at.
     */
    static long getdirentries(KernelOps ops, long fd, long buf, long nbytes, long basep) {
        int n = (int) Math.min(nbytes, 4096);
        if (n < 32) return Errno.EINVAL.negative();
        long start = ops.call(LSEEK, (int) fd, 0, 1);
        long out = 0;
        for (KernelDirent e : kernelDirents(ops, (int) fd, n / 2)) {
            if (e.error() < 0) return e.error();
            int len = e.name().length, rec = (24 + len + 1 + 7) & ~7;
            GuestMemory.store(ops, buf + out, e.ino(), 8);
            GuestMemory.store(ops, buf + out + 8, e.off(), 8);
            GuestMemory.store(ops, buf + out + 16, rec, 2);
            GuestMemory.store(ops, buf + out + 18, e.type(), 1);
            GuestMemory.store(ops, buf + out + 19, 0, 1);
            GuestMemory.store(ops, buf + out + 20, len, 2);
            GuestMemory.store(ops, buf + out + 22, 0, 2);
            for (int i = 0; i < len; i++) GuestMemory.store(ops, buf + out + 24 + i, e.name()[i], 1);
            for (int i = 24 + len; i < rec; i++) GuestMemory.store(ops, buf + out + i, 0, 1);
            out += rec;
        }
        if (basep != 0) GuestMemory.store(ops, basep, Math.max(0, start), 8);
        return out;
    }

    /** One linux_dirent64 record the kernel read, or (error < 0) the error it answered. */
    record KernelDirent(long error, long ino, long off, int type, byte[] name) {}

    /**
     * Directory entries of fd as the kernel's GETDENTS gives them, at most {@code bytes} of
     * records read (each BSD's own record is at most 4/3 of one of these: reading half the
     * caller's room always fits).
     */
    static List<KernelDirent> kernelDirents(KernelOps ops, int fd, int bytes) {
        long k = ops.call(USER_SCRATCH, bytes);
        long got = k < 0 ? k : ops.call(GETDENTS, fd, k, bytes);
        if (got < 0) return List.of(new KernelDirent(got, 0, 0, 0, null));
        List<KernelDirent> out = new java.util.ArrayList<>();
        for (long p = 0; p < got; ) {
            int reclen = (int) GuestMemory.load(ops, k + p + 16, 2);
            byte[] name = GuestMemory.readUpTo(ops, k + p + 19, reclen - 19);
            int len = 0;
            while (len < name.length && name[len] != 0) len++;
            out.add(new KernelDirent(0, GuestMemory.load64(ops, k + p), GuestMemory.load64(ops, k + p + 8),
                    (int) GuestMemory.load(ops, k + p + 18, 1), java.util.Arrays.copyOf(name, len)));
            p += reclen;
        }
        return out;
    }

    // ---- fcntl and ioctl -----------------------------------------------------------------------

    static long fcntl(KernelOps ops, long fd, long cmd, long arg) {
        int f = (int) fd;
        return switch ((int) cmd) {
            case F_DUPFD -> ops.call(FCNTL, f, Fcntl.F_DUPFD, (int) arg);
            case F_DUPFD_CLOEXEC -> ops.call(FCNTL, f, Fcntl.F_DUPFD_CLOEXEC, (int) arg);
            case F_GETFD -> ops.call(FCNTL, f, Fcntl.F_GETFD, 0);
            case F_SETFD -> ops.call(FCNTL, f, Fcntl.F_SETFD, (int) arg & 1);
            case F_GETFL -> {
                long r = ops.call(FCNTL, f, Fcntl.F_GETFL, 0);
                yield r < 0 ? r : guestFlags(r);
            }
            case F_SETFL -> {
                long k = kernelFlags(arg & (O_NONBLOCK | O_APPEND | O_ASYNC | O_DIRECT));
                yield ops.call(FCNTL, f, Fcntl.F_SETFL, k);
            }
            default -> Errno.EINVAL.negative();
        };
    }

    // sys/sys/ttycom.h and filio.h (the same numbers on NetBSD)
    static final long TIOCGETA = 0x402c7413L, TIOCSETA = 0x802c7414L, TIOCSETAW = 0x802c7415L, TIOCSETAF = 0x802c7416L,
            TIOCGWINSZ = 0x40087468L, TIOCSWINSZ = 0x80087467L, TIOCGPGRP = 0x40047477L, TIOCSPGRP = 0x80047476L,
            TIOCSCTTY = 0x20007461L, TIOCNOTTY = 0x20007471L, FIONREAD = 0x4004667fL, FIONBIO = 0x8004667eL,
            FIOCLEX = 0x20006601L, FIONCLEX = 0x20006602L;

    /**
     * ioctl with the BSDs' request numbers: the terminal's attributes (TIOCGETA, TIOCSETA/W/F, the
     * struct termios translated by {@link BsdTermios}), window size, foreground process group,
     * controlling terminal, FIONREAD, FIONBIO, FIOCLEX and FIONCLEX; others ENOTTY.
     */
    static long ioctl(KernelOps ops, long fd, long request, long arg) {
        int f = (int) fd;
        long req = request & 0xffffffffL;
        if (req == TIOCGETA) return BsdTermios.get(ops, f, arg);
        if (req == TIOCSETA || req == TIOCSETAW || req == TIOCSETAF) return BsdTermios.set(ops, f, (int) (req - TIOCSETA), arg);
        if (req == TIOCGWINSZ) return ops.call(IOCTL, f, 0x5413, arg);
        if (req == TIOCSWINSZ) return ops.call(IOCTL, f, 0x5414, arg);
        if (req == TIOCGPGRP) return ops.call(IOCTL, f, 0x540f, arg);
        if (req == TIOCSPGRP) return ops.call(IOCTL, f, 0x5410, arg);
        if (req == TIOCSCTTY) return ops.call(IOCTL, f, 0x540e, 0);
        if (req == TIOCNOTTY) return ops.call(IOCTL, f, 0x5422, 0);
        if (req == FIONREAD) return ops.call(IOCTL, f, 0x541b, arg);
        if (req == FIONBIO) return ops.call(IOCTL, f, 0x5421, arg);
        if (req == FIOCLEX) return ops.call(IOCTL, f, 0x5451, 0);
        if (req == FIONCLEX) return ops.call(IOCTL, f, 0x5450, 0);
        return Errno.ENOTTY.negative();
    }

    /** dup2(old, new): new closed first when open; the same descriptor twice is checked and returned. */
    static long dup2(KernelOps ops, long oldfd, long newfd) {
        int o = (int) oldfd, n = (int) newfd;
        if (o == n) {
            long r = ops.call(FCNTL, o, Fcntl.F_GETFD, 0);
            return r < 0 ? r : o;
        }
        return ops.call(DUP3, o, n, 0);
    }

    static long unlinkat(KernelOps ops, long dirfd, long path, long flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) return Errno.EINVAL.negative();
        return ops.call(UNLINKAT, (int) dirfd, path, (flags & AT_REMOVEDIR) != 0 ? 0x200 : 0);
    }

    static final int AT_EACCESS = 0x100;

    static long faccessat(KernelOps ops, long dirfd, long path, long mode, long flags) {
        int f = (int) flags;
        if ((f & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)) != 0) return Errno.EINVAL.negative();
        long k = ((f & AT_EACCESS) != 0 ? 0x200 : 0) | ((f & AT_SYMLINK_NOFOLLOW) != 0 ? 0x100 : 0);
        return ops.call(FACCESSAT, (int) dirfd, path, (int) mode, k);
    }

    static long fchmodat(KernelOps ops, long dirfd, long path, long mode, long flags) {
        long k = atFlags(flags);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(FCHMODAT, (int) dirfd, path, (int) mode & 07777, k);
    }

    static long fchownat(KernelOps ops, long dirfd, long path, long uid, long gid, long flags) {
        long k = atFlags(flags);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(FCHOWNAT, (int) dirfd, path, (int) uid, (int) gid, k);
    }

    static long linkat(KernelOps ops, long fd1, long p1, long fd2, long p2, long flags) {
        long k = atFlags(flags);
        return k < 0 ? Errno.EINVAL.negative() : ops.call(LINKAT, (int) fd1, p1, (int) fd2, p2, k);
    }

    /** FreeBSD's UTIME_NOW (-1) and UTIME_OMIT (-2) as Linux's; the times rewritten in scratch. */
    static long utimensat(KernelOps ops, long dirfd, long path, long times, long flags) {
        long k = atFlags(flags);
        if (k < 0) return Errno.EINVAL.negative();
        long t = 0;
        if (times != 0) {
            t = ops.call(USER_SCRATCH, 32);
            if (t < 0) return t;
            for (int i = 0; i < 2; i++) {
                long sec = GuestMemory.load64(ops, times + 16L * i), nsec = GuestMemory.load64(ops, times + 16L * i + 8);
                if (nsec == -1) nsec = (1L << 30) - 1;
                else if (nsec == -2) nsec = (1L << 30) - 2;
                GuestMemory.store(ops, t + 16L * i, sec, 8);
                GuestMemory.store(ops, t + 16L * i + 8, nsec, 8);
            }
        }
        return ops.call(UTIMENSAT, (int) dirfd, path, t, k);
    }

    static long futimens(KernelOps ops, long fd, long times) {
        return utimensat(ops, fd, 0, times, 0);
    }

    /** FreeBSD's RLIMIT_ numbers as the kernel's (-1: none there). */
    static int resource(long r) {
        return switch ((int) r) {
            case 0, 1, 2, 3, 4, 5 -> (int) r; // CPU, FSIZE, DATA, STACK, CORE, RSS
            case 6 -> 8;  // MEMLOCK
            case 7 -> 6;  // NPROC
            case 8 -> 7;  // NOFILE
            case 10 -> 9; // AS (VMEM)
            default -> -1;
        };
    }

    static long getrlimit(KernelOps ops, long res, long rlp) {
        int k = resource(res);
        if (k < 0) {
            if (res < 0 || res > 14) return Errno.EINVAL.negative();
            GuestMemory.store(ops, rlp, -1, 8); // SBSIZE, NPTS, SWAP, KQUEUES, UMTXP: unlimited here
            GuestMemory.store(ops, rlp + 8, -1, 8);
            return 0;
        }
        return ops.call(PRLIMIT, 0, k, 0, rlp);
    }

    static long setrlimit(KernelOps ops, long res, long rlp) {
        int k = resource(res);
        if (k < 0) return res < 0 || res > 14 ? Errno.EINVAL.negative() : 0;
        return ops.call(PRLIMIT, 0, k, rlp, 0);
    }

    /** gettimeofday(tp, tzp): the realtime clock as a struct timeval; a zeroed struct timezone. */
    static long gettimeofday(KernelOps ops, long tp, long tzp) {
        if (tp != 0) {
            long ts = ops.call(USER_SCRATCH, 16);
            long r = ops.call(CLOCK_GETTIME, 0, ts);
            if (r < 0) return r;
            GuestMemory.store(ops, tp, GuestMemory.load64(ops, ts), 8);
            GuestMemory.store(ops, tp + 8, GuestMemory.load64(ops, ts + 8) / 1000, 8);
        }
        if (tzp != 0) GuestMemory.store(ops, tzp, 0, 8);
        return 0;
    }

    /** __getcwd(buf, size): 0 (not the length) when the path fits. */
    static long getcwd(KernelOps ops, long buf, long size) {
        long r = ops.call(GETCWD, buf, size);
        return r < 0 ? r : 0;
    }

    static long readlink(KernelOps ops, long path, long buf, long size) {
        return ops.call(READLINKAT, AT_FDCWD, path, buf, size);
    }

    // ---- statfs ---------------------------------------------------------------------------------

    /** FreeBSD's STATFS_VERSION and the size of its struct statfs (sys/sys/mount.h, FreeBSD 12 on). */
    static final int STATFS_VERSION = 0x20140518, STATFS_SIZE = 2344;
    // mount flags: MNT_RDONLY, MNT_SYNCHRONOUS, MNT_NOEXEC, MNT_NOSUID, MNT_NOATIME
    private static final long[][] MOUNT_FLAGS = {{1, 0x1}, {16, 0x2}, {8, 0x4}, {2, 0x8}, {1024, 0x10000000}};

    /** The kernel's filesystem magic numbers with FreeBSD's name for the same kind of filesystem. */
    static String fsTypeName(long magic) {
        return switch ((int) magic) {
            case 0xEF53 -> "ext2fs";
            case 0x01021994 -> "tmpfs";
            case 0x9123683E -> "btrfs";
            case 0x9fa0 -> "procfs";
            case 0x58465342 -> "xfs";
            case 0x794c7630 -> "overlay";
            case 0x6969 -> "nfs";
            case 0x2fc12fc1 -> "zfs";
            case 0x65735546 -> "fusefs";
            case 0x62656572 -> "sysfs";
            case 0x4d44 -> "msdosfs";
            default -> "unknown";
        };
    }

    /**
     * The kernel's struct statfs (at k) as FreeBSD's (at sb): sizes and counts, flags, the name
     * limit, the fsid and the filesystem type's name; f_type and the mount names (which the
     * kernel's struct does not carry) are left 0 and empty.
     */
    private static void toFreeBsdStatfs(KernelOps ops, long k, long sb) {
        for (int i = 0; i < STATFS_SIZE; i += 8) GuestMemory.store(ops, sb + i, 0, 8);
        long bsize = GuestMemory.load64(ops, k + 8), frsize = GuestMemory.load64(ops, k + 72);
        long kflags = GuestMemory.load64(ops, k + 80), flags = 0;
        for (long[] f : MOUNT_FLAGS) if ((kflags & f[0]) != 0) flags |= f[1];
        GuestMemory.store(ops, sb, STATFS_VERSION, 4);
        GuestMemory.store(ops, sb + 8, flags, 8);
        GuestMemory.store(ops, sb + 16, frsize != 0 ? frsize : bsize, 8);
        GuestMemory.store(ops, sb + 24, bsize, 8);
        for (int i = 0; i < 5; i++) GuestMemory.store(ops, sb + 32 + 8L * i, GuestMemory.load64(ops, k + 16 + 8L * i), 8);
        GuestMemory.store(ops, sb + 184, GuestMemory.load64(ops, k + 64), 4);
        GuestMemory.store(ops, sb + 192, GuestMemory.load64(ops, k + 56), 8);
        byte[] name = fsTypeName(GuestMemory.load64(ops, k)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < name.length; i++) GuestMemory.store(ops, sb + 280 + i, name[i], 1);
    }

    static long statfs(KernelOps ops, long path, long sb) {
        long k = ops.call(USER_SCRATCH, 120);
        if (k < 0) return k;
        long r = ops.call(STATFS, path, k);
        if (r < 0) return r;
        toFreeBsdStatfs(ops, k, sb);
        return 0;
    }

    static long fstatfs(KernelOps ops, long fd, long sb) {
        long k = ops.call(USER_SCRATCH, 120);
        if (k < 0) return k;
        long r = ops.call(FSTATFS, (int) fd, k);
        if (r < 0) return r;
        toFreeBsdStatfs(ops, k, sb);
        return 0;
    }

    // ---- the rest of the file calls ------------------------------------------------------------

    /** msync(addr, len, flags): FreeBSD's MS_SYNC is 0 (a flush that waits unless MS_ASYNC), MS_ASYNC 1, MS_INVALIDATE 2. */
    static long msync(KernelOps ops, long addr, long len, long flags) {
        int f = (int) flags;
        if ((f & ~3) != 0 || f == 3) return Errno.EINVAL.negative();
        long k = ((f & 1) != 0 ? 1 : 4) | ((f & 2) != 0 ? 2 : 0);
        return ops.call(MSYNC, addr, len, k);
    }

    /** Two struct timeval at tv (NULL: now) as struct timespec[2] in scratch; 0 for NULL, -EINVAL for a bad one. */
    private static long timevals(KernelOps ops, long tv) {
        if (tv == 0) return 0;
        long ts = ops.call(USER_SCRATCH, 32);
        if (ts < 0) return ts;
        for (int i = 0; i < 2; i++) {
            long sec = GuestMemory.load64(ops, tv + 16L * i), usec = GuestMemory.load64(ops, tv + 16L * i + 8);
            if (usec < 0 || usec >= 1_000_000L) return Errno.EINVAL.negative();
            GuestMemory.store(ops, ts + 16L * i, sec, 8);
            GuestMemory.store(ops, ts + 16L * i + 8, usec * 1000, 8);
        }
        return ts;
    }

    static long utimes(KernelOps ops, long path, long tv) {
        long ts = timevals(ops, tv);
        return ts < 0 ? ts : ops.call(UTIMENSAT, AT_FDCWD, path, ts, 0);
    }

    static long lutimes(KernelOps ops, long path, long tv) {
        long ts = timevals(ops, tv);
        return ts < 0 ? ts : ops.call(UTIMENSAT, AT_FDCWD, path, ts, 0x100); // AT_SYMLINK_NOFOLLOW
    }

    static long futimes(KernelOps ops, long fd, long tv) {
        long ts = timevals(ops, tv);
        return ts < 0 ? ts : ops.call(UTIMENSAT, (int) fd, 0, ts, 0);
    }

    static long futimesat(KernelOps ops, long dirfd, long path, long tv) {
        long ts = timevals(ops, tv);
        return ts < 0 ? ts : ops.call(UTIMENSAT, (int) dirfd, path, ts, 0);
    }

    /** mkfifo(path, mode) and mkfifoat: a FIFO through mknodat. */
    static long mkfifo(KernelOps ops, long path, long mode) {
        return ops.call(MKNODAT, AT_FDCWD, path, 0010000 | (mode & 07777), 0);
    }

    static long mkfifoat(KernelOps ops, long dirfd, long path, long mode) {
        return ops.call(MKNODAT, (int) dirfd, path, 0010000 | (mode & 07777), 0);
    }

    /**
     * mknodat(fd, path, mode, dev): FreeBSD's 64-bit dev_t (major in bits 8-19 and 32-43, minor in
     * 0-7 and 20-31, sys/sys/types.h) as the kernel's (Linux's new_encode_dev).
     */
    static long mknodat(KernelOps ops, long dirfd, long path, long mode, long dev) {
        long major = ((dev >>> 32) & 0xffffff00L) | ((dev >>> 8) & 0xffL);
        long minor = ((dev >>> 24) & 0xff00L) | (dev & 0xffff00ffL);
        long k = (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12);
        return ops.call(MKNODAT, (int) dirfd, path, (int) mode, k);
    }

    /** eaccess(path, mode): access checked against the effective ids. */
    static long eaccess(KernelOps ops, long path, long mode) {
        return ops.call(FACCESSAT, AT_FDCWD, path, (int) mode, 0x200); // AT_EACCESS
    }

    /** fexecve(fd, argv, envp): execveat of the descriptor itself. */
    static long fexecve(KernelOps ops, long fd, long argv, long envp) {
        long empty = ops.call(USER_SCRATCH, 8);
        if (empty < 0) return empty;
        GuestMemory.store(ops, empty, 0, 8);
        return ops.call(EXECVEAT, (int) fd, empty, argv, envp, 0x1000); // AT_EMPTY_PATH
    }

    /** posix_fadvise(fd, offset, len, advice): the same advice numbers; the error as the call's value. */
    static long posixFadvise(KernelOps ops, long fd, long offset, long len, long advice) {
        long r = ops.call(FADVISE, (int) fd, offset, len, (int) advice, 0);
        return r < 0 ? BsdErrnoNames.FREEBSD.translateResult(r) : 0;
    }

    /** close_range(low, high, flags): FreeBSD's CLOSE_RANGE_CLOEXEC is the kernel's (1 << 2). */
    static long closeRange(KernelOps ops, long low, long high, long flags) {
        if ((flags & ~4L) != 0) return Errno.EINVAL.negative();
        return ops.call(CLOSE_RANGE, low, high, flags);
    }

    // ---- POSIX shared memory --------------------------------------------------------------------

    static final long SHM_ANON = 1;
    static final int SHM_ALLOW_SEALING = 0x1, SHM_GROW_ON_WRITE = 0x2, SHM_LARGEPAGE = 0x4;
    static final int SHM_RENAME_NOREPLACE = 0x1, SHM_RENAME_EXCHANGE = 0x2;
    /** Where the kernel keeps POSIX shared memory objects (its tmpfs, as Linux's glibc does). */
    private static final String SHM_DIR = "/dev/shm";

    /**
     * A shared memory object's name (a guest string) as the kernel's path under /dev/shm, or null
     * with the errno in err[0]: EINVAL for a name that is not "/" and one component,
     * ENAMETOOLONG, EFAULT.
     */
    private static String shmPath(KernelOps ops, long name, long[] err) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; ; i++) {
            long c = i >= 1024 ? 0 : ops.call(USER_LOAD, name + i, 1);
            if (i >= 1024 || c < 0) {
                err[0] = i >= 1024 ? Errno.ENAMETOOLONG.negative() : Errno.EFAULT.negative();
                return null;
            }
            if (c == 0) break;
            b.append((char) c);
        }
        String n = b.toString();
        if (n.length() < 2 || n.charAt(0) != '/' || n.indexOf('/', 1) >= 0) {
            err[0] = Errno.EINVAL.negative();
            return null;
        }
        return SHM_DIR + n;
    }

    /** The strings as NUL-terminated C strings one after another in scratch: the address of the first, or -errno. */
    private static long cStrings(KernelOps ops, String... strings) {
        byte[][] bytes = new byte[strings.length][];
        int size = 0;
        for (int i = 0; i < strings.length; i++) {
            bytes[i] = strings[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            size += bytes[i].length + 1;
        }
        long k = ops.call(USER_SCRATCH, size);
        if (k < 0) return k;
        long at = k;
        for (byte[] b : bytes) {
            for (byte c : b) GuestMemory.store(ops, at++, c, 1);
            GuestMemory.store(ops, at++, 0, 1);
        }
        return k;
    }

    /**
     * shm_open2(path, flags, mode, shmflags, name): SHM_ANON as a memfd (sealable with
     * SHM_ALLOW_SEALING), a named object as a file in the kernel's /dev/shm (O_RDONLY or O_RDWR,
     * O_CREAT, O_EXCL, O_TRUNC; always close-on-exec, as FreeBSD's).
     */
    static long shmOpen2(KernelOps ops, long path, long flags, long mode, long shmflags, long name) {
        int f = (int) flags, sf = (int) shmflags;
        if ((sf & ~(SHM_ALLOW_SEALING | SHM_GROW_ON_WRITE | SHM_LARGEPAGE)) != 0 || (sf & SHM_LARGEPAGE) != 0) {
            return Errno.EINVAL.negative();
        }
        if ((f & ~(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)) != 0) return Errno.EINVAL.negative();
        if ((f & O_ACCMODE) == 1) return Errno.EINVAL.negative(); // O_WRONLY
        if (path == SHM_ANON) {
            if ((f & O_ACCMODE) != 2) return Errno.EINVAL.negative();
            long k = cStrings(ops, "shm_anon");
            return k < 0 ? k : ops.call(MEMFD_CREATE, k, 1 | ((sf & SHM_ALLOW_SEALING) != 0 ? 2 : 0));
        }
        long[] err = new long[1];
        String p = shmPath(ops, path, err);
        if (p == null) return err[0];
        long k = cStrings(ops, p);
        if (k < 0) return k;
        long kf = kernelFlags(f | O_CLOEXEC | O_NOFOLLOW);
        if (kf < 0) return Errno.EINVAL.negative();
        return ops.call(OPENAT, AT_FDCWD, k, kf, (int) mode & 0777);
    }

    /** shm_unlink(path): the named object's file in /dev/shm removed. */
    static long shmUnlink(KernelOps ops, long path) {
        long[] err = new long[1];
        String p = shmPath(ops, path, err);
        if (p == null) return err[0];
        long k = cStrings(ops, p);
        return k < 0 ? k : ops.call(UNLINKAT, AT_FDCWD, k, 0);
    }

    /** shm_rename(from, to, flags): SHM_RENAME_NOREPLACE and SHM_RENAME_EXCHANGE as renameat2's. */
    static long shmRename(KernelOps ops, long from, long to, long flags) {
        if ((flags & ~(long) (SHM_RENAME_NOREPLACE | SHM_RENAME_EXCHANGE)) != 0 || flags == 3) return Errno.EINVAL.negative();
        long[] err = new long[1];
        String a = shmPath(ops, from, err);
        if (a == null) return err[0];
        String b = shmPath(ops, to, err);
        if (b == null) return err[0];
        long k = cStrings(ops, a, b);
        return k < 0 ? k : ops.call(RENAMEAT, AT_FDCWD, k, AT_FDCWD, k + a.length() + 1, flags);
    }
}
