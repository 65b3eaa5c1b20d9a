package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.F_SEAL_EXEC;
import static io.helctic.abi.uapi.Fcntl.F_SEAL_SEAL;
import static io.helctic.abi.uapi.Mman.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.scheme.MemFd;
import io.helctic.kernel.vfs.Result;

/** memfd_create: an in-memory regular file on a new descriptor. */
final class MemfdOps {
    private MemfdOps() {}

    /** Linux's order: unknown flags, MFD_HUGETLB (no huge pages here), MFD_EXEC with MFD_NOEXEC_SEAL, then the name. */
    static long memfdCreate(long name, long flagsArg) {
        int flags = (int) flagsArg;
        if ((flagsArg & ~(long) (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC)) != 0) {
            return Errno.EINVAL.negative();
        }
        if ((flags & MFD_HUGETLB) != 0) return Errno.EINVAL.negative(); // no hugetlbfs
        if ((flags & MFD_EXEC) != 0 && (flags & MFD_NOEXEC_SEAL) != 0) return Errno.EINVAL.negative();
        Result<String> n = UserAccess.string(name, MFD_NAME_MAX + 1);
        if (n.failed()) return n.negative() == Errno.ENAMETOOLONG.negative() ? Errno.EINVAL.negative() : n.negative();
        boolean noexec = (flags & MFD_NOEXEC_SEAL) != 0;
        int seals = noexec ? F_SEAL_EXEC : (flags & MFD_ALLOW_SEALING) != 0 ? 0 : F_SEAL_SEAL;
        MemFd f = new MemFd(n.value(), seals, noexec ? 0666 : 0777);
        long fd = Context.current().files().install(f, 0, (flags & MFD_CLOEXEC) != 0);
        if (fd < 0) f.close();
        return fd;
    }
}
