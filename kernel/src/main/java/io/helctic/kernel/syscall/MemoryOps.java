package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Mman.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.Grant;
import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.scheme.Handle;

/**
 * brk, mmap, munmap, mprotect and pkey_mprotect, mremap, madvise, msync, mseal, remap_file_pages, the
 * protection-key calls, mincore, the mlock family, membarrier, and the scalar user-memory access the
 * personality layer uses.
 */
final class MemoryOps {
    /** Every flag MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK plus the newer ones). */
    static final int KNOWN_FLAGS = MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE
            | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC
            | MAP_FIXED_NOREPLACE;

    static long brk(long addr) {
        return space().setBrk(addr);
    }

    static long munmap(long addr, long len) {
        return space().unmap(addr, len);
    }

    static long mprotect(long addr, long len, long prot) {
        return pkeyMprotect(addr, len, prot, -1);
    }

    /** The protection-key calls (one op, as SET_IDS): which 0 pkey_mprotect, 1 pkey_alloc, 2 pkey_free. */
    static long pkey(long which, long a, long b, long c, long d) {
        return switch ((int) which) {
            case 0 -> pkeyMprotect(a, b, c, d);
            case 1 -> pkeyAlloc(a, b);
            case 2 -> pkeyFree(a);
            default -> Errno.EINVAL.negative();
        };
    }

    /**
     * pkey_mprotect: mprotect with a protection key. The CPU has no PKU (CPUID leaf 7 says so),
     * so as on such a Linux no key is ever allocated: every key but -1 (none) is EINVAL, checked
     * after the range and protection bits and before the mappings.
     */
    static long pkeyMprotect(long addr, long len, long prot, long pkey) {
        // prot is an unsigned long: a bit above the 32 Linux knows is invalid like any other unknown bit
        int p = (prot >>> 32) != 0 ? PROT_SEM << 8 : (int) prot;
        return space().protect(addr, len, p, (int) pkey == -1);
    }

    /**
     * pkey_alloc: no flags (EINVAL), access rights within PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE
     * (EINVAL); then, without PKU, Linux takes key 0 and fails to set its rights (EINVAL) without
     * giving it back, so the next call finds no key (ENOSPC) — per address space, as Linux's mm.
     */
    private static long pkeyAlloc(long flags, long rights) {
        if (flags != 0) return Errno.EINVAL.negative();
        if ((rights & ~(long) (PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE)) != 0) return Errno.EINVAL.negative();
        return space().takePkey() ? Errno.EINVAL.negative() : Errno.ENOSPC.negative();
    }

    /** pkey_free: no key is ever allocated without PKU (key 0 counts as the execute-only key): EINVAL. */
    private static long pkeyFree(long pkey) {
        return Errno.EINVAL.negative();
    }

    /**
     * mseal (mm/mseal.c): no flags, an aligned start, a length that does not round up to zero or
     * wrap (EINVAL); zero length succeeds; the range must be mapped throughout (ENOMEM).
     */
    static long mseal(long start, long len, long flags) {
        if (flags != 0) return Errno.EINVAL.negative();
        if ((start & (AddressSpace.PAGE - 1)) != 0) return Errno.EINVAL.negative();
        long aligned = AddressSpace.pageUp(len);
        if (len != 0 && aligned == 0) return Errno.EINVAL.negative();
        long end = start + aligned;
        if (Long.compareUnsigned(end, start) < 0) return Errno.EINVAL.negative();
        if (end == start) return 0;
        if (Long.compareUnsigned(end, AddressSpace.USER_TOP) > 0) return Errno.ENOMEM.negative();
        return space().seal(start, end);
    }

    /**
     * remap_file_pages, as Linux has emulated it since 4.0: prot must be 0 (EINVAL); start and
     * size are rounded down to pages and must not wrap, nor pgoff plus the pages (EINVAL); the
     * mapping is made with the rights of the shared mapping there, MAP_FIXED and MAP_POPULATE
     * (the flags but MAP_NONBLOCK are ignored).
     */
    static long remapFilePages(long start, long size, long prot, long pgoff, long flags) {
        if (prot != 0) return Errno.EINVAL.negative();
        start &= -AddressSpace.PAGE;
        size &= -AddressSpace.PAGE;
        if (Long.compareUnsigned(start + size, start) <= 0) return Errno.EINVAL.negative();
        if (Long.compareUnsigned(pgoff + (size >>> 12), pgoff) < 0) return Errno.EINVAL.negative();
        return space().remapFilePages(start, size, pgoff);
    }

    static long mremap(long old, long oldSize, long newSize, long flags, long newAddr) {
        if ((flags & ~(long) (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0) return Errno.EINVAL.negative();
        return space().remap(old, oldSize, newSize, (flags & MREMAP_MAYMOVE) != 0, (flags & MREMAP_FIXED) != 0,
                (flags & MREMAP_DONTUNMAP) != 0, newAddr);
    }

    static long madvise(long addr, long len, long advice) {
        return adviseIn(space(), addr, len, advice);
    }

    /** Whether madvise knows this advice (what it would not is EINVAL before anything else). */
    static boolean adviceKnown(long advice) {
        return advice >= 0 && advice <= 25 && (advice < 5 || advice > 7);
    }

    /** madvise on an address space (process_madvise gives another process's). */
    static long adviseIn(AddressSpace space, long addr, long len, long advice) {
        if (!adviceKnown(advice)) return Errno.EINVAL.negative();
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || len < 0) return Errno.EINVAL.negative();
        return switch ((int) advice) {
            case MADV_DONTNEED, MADV_FREE, MADV_DONTNEED_LOCKED -> space.discard(addr, len);
            // advice that would discard data: refused on a sealed read-only private anonymous mapping
            case MADV_REMOVE, MADV_DONTFORK, MADV_WIPEONFORK -> space.adviseRange(addr, len, true);
            default -> space.adviseRange(addr, len, false); // hints Helctic has no use for
        };
    }

    static long msync(long addr, long len, long flags) {
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || (flags & ~(long) (MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            return Errno.EINVAL.negative();
        }
        if (len < 0) return Errno.EINVAL.negative();
        // MS_ASYNC and MS_SYNC both write the shared file pages back now; MS_INVALIDATE has nothing to drop.
        return space().sync(addr, len);
    }

    static long userLoad(long addr, long width) {
        if (width != 1 && width != 2 && width != 4) return Errno.EINVAL.negative();
        byte[] v = UserAccess.get(addr, (int) width);
        if (v == null) return Errno.EFAULT.negative();
        long r = 0;
        for (int i = (int) width - 1; i >= 0; i--) r = (r << 8) | (v[i] & 0xff);
        return r;
    }

    static long userStore(long addr, long value, long width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) return Errno.EINVAL.negative();
        byte[] v = new byte[(int) width];
        for (int i = 0; i < width; i++) v[i] = (byte) (value >>> (8 * i));
        return UserAccess.put(addr, v) ? 0 : Errno.EFAULT.negative();
    }

    /** The most USER_SCRATCH gives at once. */
    static final int SCRATCH_MAX = 4096;

    /**
     * Space for a personality's translated structures, as Linux's compat layer once took it: on
     * the caller's own stack below its red zone, which nothing uses while the thread is in a call
     * (a signal frame goes there only after the call returns). Checked writable (the stack grows
     * into it as any write would make it), 16-aligned.
     */
    static long userScratch(long size) {
        if (size <= 0 || size > SCRATCH_MAX) return Errno.EINVAL.negative();
        long addr = Context.current().cpu().belowStack(size);
        return UserAccess.put(addr, new byte[(int) size]) ? addr : Errno.EFAULT.negative();
    }

    private static AddressSpace space() {
        return Context.current().space();
    }

    /**
     * A file mapping. Private mappings are read from the file on first touch and writes to
     * them stay private. Shared ones map the file's page cache ({@link SharedPages}): every
     * shared mapping of the file and its descriptors see the same bytes, and changes reach
     * the file on msync, munmap and exit.
     */
    private static long mapFile(long addr, long length, int prot, int flags, long fd, long offset) {
        Handle h = Context.current().files().get(fd);
        if (h == null) return Errno.EBADF.negative();
        int access = h.statusFlags() & O_ACCMODE;
        if (access == O_WRONLY) return Errno.EACCES.negative();
        boolean shared = (flags & MAP_TYPE) != MAP_PRIVATE;
        if (shared) {
            if ((prot & PROT_WRITE) != 0 && access != O_RDWR) return Errno.EACCES.negative();
            if (offset < 0) return Errno.EINVAL.negative();
            SharedPages pages = h.sharedPages();
            if (pages == null) return Errno.ENODEV.negative();
            int sealed = h.mapShared((prot & PROT_WRITE) != 0);
            if (sealed != 0) return sealed;
            return space().map(addr, length, prot, (flags & MAP_FIXED) != 0, (flags & MAP_FIXED_NOREPLACE) != 0,
                    at -> new Grant.Provider.Shared(pages, at, offset / AddressSpace.PAGE, access == O_RDWR), h.path());
        }
        java.lang.foreign.MemorySegment file = h.mapping();
        if (file == null) return Errno.ENODEV.negative();
        if (offset < 0) return Errno.EINVAL.negative();
        long available = Math.max(0, file.byteSize() - offset);
        // a memfd is shmem: a private mapping of it reads and sets its shared NUMA policy
        SharedPages shmem = h instanceof io.helctic.kernel.scheme.MemFd ? h.sharedPages() : null;
        return space().map(addr, length, prot, (flags & MAP_FIXED) != 0, (flags & MAP_FIXED_NOREPLACE) != 0,
                at -> new Grant.Provider.FileImage(file, at, offset, available, h.path(), shmem), h.path());
    }

    static long mmap(long addr, long length, long protArg, long flagsArg, long fd, long offset) {
        int prot = (int) protArg, flags = (int) flagsArg;
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return Errno.EINVAL.negative();
        if (type == MAP_SHARED_VALIDATE && (flags & ~KNOWN_FLAGS) != 0) return Errno.EOPNOTSUPP.negative();
        if ((offset & (AddressSpace.PAGE - 1)) != 0) return Errno.EINVAL.negative();
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) return Errno.EINVAL.negative();
        if (length == 0) return Errno.EINVAL.negative();
        if ((flags & MAP_HUGETLB) != 0) return Errno.EINVAL.negative(); // no huge pages configured
        if ((flags & MAP_ANONYMOUS) == 0) return mapFile(addr, length, prot, flags, fd, offset);
        boolean fixed = (flags & MAP_FIXED) != 0, noReplace = (flags & MAP_FIXED_NOREPLACE) != 0;
        if (type == MAP_PRIVATE) return space().map(addr, length, prot, fixed, noReplace, Grant.ANONYMOUS, null);
        SharedPages pages = SharedPages.anonymous(); // shared with the children this process forks
        return space().map(addr, length, prot, fixed, noReplace, at -> new Grant.Provider.Shared(pages, at, 0, true), pages.name());
    }

    /** mincore: one byte per page, 1 when it is resident here (a file page only cached elsewhere counts as not). */
    static long mincore(long addr, long length, long vec) {
        if ((addr & (AddressSpace.PAGE - 1)) != 0) return Errno.EINVAL.negative();
        if (length < 0 || addr + length < addr) return Errno.ENOMEM.negative();
        if (length == 0) return 0;
        if (length > (1L << 40)) return Errno.ENOMEM.negative();
        boolean[] r = UserAccess.space().resident(addr, length);
        if (r == null) return Errno.ENOMEM.negative();
        byte[] out = new byte[r.length];
        for (int i = 0; i < r.length; i++) out[i] = (byte) (r[i] ? 1 : 0);
        return UserAccess.put(vec, out) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * mlock, mlock2 and munlock: the range must be mapped (ENOMEM). Guest memory is never swapped
     * out, so a locked page stays resident as every page does; nothing more is recorded.
     */
    static long mlock(long addr, long length, long flags, long unlock) {
        if ((flags & ~(long) MLOCK_ONFAULT) != 0) return Errno.EINVAL.negative();
        long start = AddressSpace.pageDown(addr);
        long len = length + (addr - start);
        if (length == 0) return 0;
        if (len < 0 || start + len < start) return Errno.ENOMEM.negative();
        return UserAccess.space().mapped(start, len) ? 0 : Errno.ENOMEM.negative();
    }

    /** mlockall (flags 0: munlockall): MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT (only with one of the others). */
    static long mlockall(long flags) {
        if (flags == 0) return 0;
        if ((flags & ~(long) (MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) != 0 || (flags & (MCL_CURRENT | MCL_FUTURE)) == 0) {
            return Errno.EINVAL.negative();
        }
        return 0;
    }

    private static final int MEMBARRIER_SUPPORTED = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;

    /**
     * membarrier: QUERY answers the commands supported; the barriers are a full fence of the
     * JVM, which orders every guest thread's accesses to guest memory (all of them are JVM
     * threads over one memory); PRIVATE_EXPEDITED needs its registration first (EPERM).
     */
    static long membarrier(long cmd, long flags, long cpu) {
        if (flags != 0) return Errno.EINVAL.negative();
        io.helctic.kernel.context.Process p = Context.current().process();
        switch ((int) cmd) {
            case MEMBARRIER_CMD_QUERY -> { return MEMBARRIER_SUPPORTED; }
            case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED -> {
                p.registerMembarrier((int) cmd);
                return 0;
            }
            case MEMBARRIER_CMD_PRIVATE_EXPEDITED -> {
                if ((p.membarriers() & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0) return Errno.EPERM.negative();
            }
            case MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_GLOBAL_EXPEDITED -> { }
            default -> { return Errno.EINVAL.negative(); }
        }
        java.lang.invoke.VarHandle.fullFence();
        return 0;
    }
}
