package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.AT_FDCWD;
import static io.helctic.abi.uapi.Fcntl.F_GETFL;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Fs;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * Old file calls in terms of newer ops: utime, utimes and futimesat as UTIMENSAT (their
 * timevals and utimbuf become timespecs in USER_SCRATCH), getdents as GETDENTS (each
 * linux_dirent64 rewritten in place as a linux_dirent, which has the same size), and the
 * advisory calls readahead, fadvise64 and sync_file_range.
 */
final class FileShims {
    private FileShims() {}

    /** utime(path, struct utimbuf {actime, modtime} *): seconds only; NULL: now. */
    static long utime(KernelOps ops, long path, long times) {
        if (times == 0) return ops.call(KernelOp.UTIMENSAT, AT_FDCWD, path, 0, 0);
        try {
            long a = GuestMemory.load64(ops, times), m = GuestMemory.load64(ops, times + 8);
            return timespecs(ops, AT_FDCWD, path, a, 0, m, 0);
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
    }

    static long utimes(KernelOps ops, long path, long tv) {
        return futimesat(ops, AT_FDCWD, path, tv);
    }

    /** futimesat(dirfd, path, struct timeval[2]): microseconds 0..999999 (EINVAL otherwise); NULL: now. */
    static long futimesat(KernelOps ops, long dirfd, long path, long tv) {
        if (tv == 0) return ops.call(KernelOp.UTIMENSAT, dirfd, path, 0, 0);
        try {
            long as = GuestMemory.load64(ops, tv), au = GuestMemory.load64(ops, tv + 8);
            long ms = GuestMemory.load64(ops, tv + 16), mu = GuestMemory.load64(ops, tv + 24);
            if (au < 0 || au >= 1_000_000 || mu < 0 || mu >= 1_000_000) return Errno.EINVAL.negative();
            return timespecs(ops, dirfd, path, as, au * 1000, ms, mu * 1000);
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
    }

    private static long timespecs(KernelOps ops, long dirfd, long path, long as, long ans, long ms, long mns) {
        long scratch = ops.call(KernelOp.USER_SCRATCH, 32);
        if (scratch < 0) return scratch;
        try {
            GuestMemory.store(ops, scratch, as, 8);
            GuestMemory.store(ops, scratch + 8, ans, 8);
            GuestMemory.store(ops, scratch + 16, ms, 8);
            GuestMemory.store(ops, scratch + 24, mns, 8);
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
        return ops.call(KernelOp.UTIMENSAT, dirfd, path, scratch, 0);
    }

    /**
     * getdents: GETDENTS fills dirp with linux_dirent64 records {ino, off, reclen, type, name};
     * each is rewritten where it lies as a linux_dirent {ino, off, reclen, name, 0, type}: the
     * name moves one byte down and the type goes to the record's last byte.
     */
    static long getdents(KernelOps ops, long fd, long dirp, long count) {
        long n = ops.call(KernelOp.GETDENTS, fd, dirp, count);
        if (n <= 0) return n;
        try {
            byte[] buf = GuestMemory.readUpTo(ops, dirp, (int) n);
            if (buf.length < n) return Errno.EFAULT.negative();
            for (int off = 0; off < n; ) {
                int reclen = (buf[off + 16] & 0xff) | (buf[off + 17] & 0xff) << 8;
                byte type = buf[off + 18];
                System.arraycopy(buf, off + 19, buf, off + 18, reclen - 19);
                buf[off + reclen - 2] = 0;
                buf[off + reclen - 1] = type;
                off += reclen;
            }
            for (int i = 0; i < n; i += 8) {
                long v = 0;
                for (int k = 0; k < 8 && i + k < n; k++) v |= (buf[i + k] & 0xffL) << (8 * k);
                GuestMemory.store(ops, dirp + i, v, (int) Math.min(8, n - i));
            }
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
        return n;
    }

}
