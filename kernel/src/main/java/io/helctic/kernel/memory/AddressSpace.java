package io.helctic.kernel.memory;

import static io.helctic.abi.uapi.Mman.*;
import static io.helctic.machine.memory.PageTableEntry.NO_EXECUTE;
import static io.helctic.machine.memory.PageTableEntry.PRESENT;
import static io.helctic.machine.memory.PageTableEntry.USER;
import static io.helctic.machine.memory.PageTableEntry.WRITABLE;

import io.helctic.abi.Errno;
import io.helctic.machine.memory.PageTableEntry;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A guest address space: grants (what is mapped, with which protection and provider)
 * over real page tables that are filled on demand by page faults.
 */
public final class AddressSpace {
    public static final long PAGE = PhysicalMemory.PAGE_SIZE;
    /** The top of user space, as on Linux x86-64 with 4-level paging. */
    public static final long USER_TOP = 0x7fff_ffff_f000L;
    /** The lowest address mmap hands out (Linux's default vm.mmap_min_addr). */
    public static final long MMAP_MIN = 0x10000L;
    /** Where top-down mmap placement starts (below the stack and its gap). */
    public static final long MMAP_BASE = 0x7fff_f7ff_f000L;

    /** What a page fault turned out to be. */
    public enum Fault { RESOLVED, NOT_MAPPED, ACCESS, OUT_OF_MEMORY, /** a shared file page past the end of the file */ BEYOND_FILE }

    /** Told when translations must be dropped from the TLBs of CPUs using this space. */
    public interface TlbListener {
        void invalidate(long va);
        void flushAll();
    }

    private final FrameAllocator frames;
    private final PhysicalMemory memory;
    private final PageTables tables;
    private final TreeMap<Long, Grant> grants = new TreeMap<>();
    private final List<TlbListener> tlbs = new CopyOnWriteArrayList<>();
    private long brkStart, brk;
    /**
     * What exec left on the stack (Linux's mm->arg_start, arg_end, env_start, env_end and
     * saved_auxv): /proc/PID/cmdline and environ read the guest's memory between them, auxv the
     * pairs given. Set once by the loader, copied by fork; empty until then.
     */
    private volatile long[] execStrings = new long[4];
    private volatile long[] execAuxv = new long[0];

    public AddressSpace(FrameAllocator frames) {
        this.frames = frames;
        this.memory = frames.memory();
        this.tables = new PageTables(frames);
    }

    public long cr3() { return tables.root(); }

    /** The frames this space's memory comes from (for kernel objects that pin pages of it, as an AIO ring). */
    public FrameAllocator frames() { return frames; }

    /** What must happen before this space is destroyed (Linux's exit_aio at the last mmput), in order. */
    private final List<Runnable> beforeDestroy = new CopyOnWriteArrayList<>();

    /** Runs {@code r} once, when this space is destroyed (exit, exec), before anything is unmapped. */
    public void beforeDestroy(Runnable r) { beforeDestroy.add(r); }

    public void addTlbListener(TlbListener l) { tlbs.add(l); }

    public void removeTlbListener(TlbListener l) { tlbs.remove(l); }

    public static long pageDown(long a) { return a & -PAGE; }

    public static long pageUp(long a) { return (a + PAGE - 1) & -PAGE; }

    /** A snapshot of the grants in address order. */
    public synchronized List<Grant> grants() {
        return new ArrayList<>(grants.values());
    }

    public synchronized Grant grantAt(long va) {
        Map.Entry<Long, Grant> e = grants.floorEntry(va);
        return e != null && e.getValue().contains(va) ? e.getValue() : null;
    }

    // ---- mapping ----------------------------------------------------------------------

    /** Inserts a grant, replacing whatever was mapped in its range (MAP_FIXED semantics). */
    public synchronized void insert(Grant g) {
        removeRange(g.start(), g.end());
        grants.put(g.start(), g);
        if (g.provider() instanceof Grant.Provider.Shared s) s.pages().attach(this);
    }

    /** Whether any grant overlaps [start, end). */
    public synchronized boolean overlaps(long start, long end) {
        Map.Entry<Long, Grant> e = grants.lowerEntry(end);
        return e != null && e.getValue().end() > start;
    }

    /**
     * Where the last search for a free range ({@link #findFree}) of {@code hintLength} bytes below
     * {@code hintBelow} ended: no gap that large lies between {@code hintTop} and hintBelow, so the
     * next search of that size starts there (a thousand thread stacks in a row cost one step each,
     * not a walk over all of them). Any unmapping forgets it.
     */
    private long hintLength = -1, hintBelow, hintTop;

    /** The highest free, page-aligned range of {@code length} bytes below {@code below}, or -1. */
    public synchronized long findFree(long length, long below) {
        long top = length == hintLength && below == hintBelow ? hintTop : below;
        for (Grant g : grants.headMap(top, false).descendingMap().values()) {
            if (top - g.end() >= length) return remember(length, below, top - length);
            top = Math.min(top, g.start());
        }
        return top - MMAP_MIN >= length ? remember(length, below, top - length) : -1;
    }

    private long remember(long length, long below, long at) {
        hintLength = length;
        hintBelow = below;
        hintTop = at;
        return at;
    }

    /**
     * mmap of anonymous or file-image memory. Flags are decoded by the caller; returns
     * the address or -errno.
     */
    public synchronized long map(long addr, long length, int prot, boolean fixed, boolean noReplace,
                                 Grant.Provider provider, String name) {
        return map(addr, length, prot, fixed, noReplace, at -> provider, name);
    }

    /** mmap whose provider depends on where the mapping lands (file images count from their start). */
    public synchronized long map(long addr, long length, int prot, boolean fixed, boolean noReplace,
                                 java.util.function.LongFunction<Grant.Provider> providerAt, String name) {
        if (length <= 0) return Errno.EINVAL.negative();
        long len = pageUp(length);
        if (len <= 0 || len > USER_TOP) return Errno.ENOMEM.negative();
        if (fixed || noReplace) {
            if ((addr & (PAGE - 1)) != 0) return Errno.EINVAL.negative();
            if (addr < MMAP_MIN || addr > USER_TOP - len) return Errno.ENOMEM.negative();
            if (noReplace && overlaps(addr, addr + len)) return Errno.EEXIST.negative();
            if (sealedIn(addr, addr + len)) return Errno.EPERM.negative();
        } else {
            long hint = pageDown(addr);
            if (hint >= MMAP_MIN && hint <= USER_TOP - len && !overlaps(hint, hint + len)) {
                addr = hint;
            } else {
                addr = findFree(len, MMAP_BASE);
                if (addr < 0) return Errno.ENOMEM.negative();
            }
        }
        insert(new Grant(addr, addr + len, prot, providerAt.apply(addr), name));
        return addr;
    }

    public synchronized long unmap(long addr, long length) {
        if ((addr & (PAGE - 1)) != 0 || length <= 0) return Errno.EINVAL.negative();
        long len = pageUp(length);
        if (addr > USER_TOP || len > USER_TOP - addr) return Errno.EINVAL.negative();
        if (sealedIn(addr, addr + len)) return Errno.EPERM.negative();
        removeRange(addr, addr + len);
        return 0;
    }

    public synchronized long protect(long addr, long length, int prot) {
        return protect(addr, length, prot, true);
    }

    /**
     * mprotect and pkey_mprotect, in the order of Linux's do_mprotect_pkey: PROT_GROWSDOWN and
     * PROT_GROWSUP together, an unaligned start (EINVAL); a zero length succeeds; a range that wraps
     * (ENOMEM); bits beyond read, write, exec and PROT_SEM (EINVAL); a protection key that is not
     * allocated ({@code keyAllocated} false: EINVAL); then the mappings from the start in order —
     * the first must hold the start (ENOMEM), PROT_GROWSDOWN extends the range down to the start of
     * a growing stack (EINVAL for any other mapping; x86 has no upward-growing ones), and each is
     * changed in turn until a hole (ENOMEM), a shared mapping of a file not opened for writing made
     * writable (EACCES) or a sealed mapping (EPERM) stops the walk: what came before stays changed.
     */
    public synchronized long protect(long addr, long length, int protArg, boolean keyAllocated) {
        int grows = protArg & (PROT_GROWSDOWN | PROT_GROWSUP);
        int prot = protArg & ~(PROT_GROWSDOWN | PROT_GROWSUP);
        if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) return Errno.EINVAL.negative();
        if ((addr & (PAGE - 1)) != 0) return Errno.EINVAL.negative();
        if (length == 0) return 0;
        long end = addr + pageUp(length);
        if (pageUp(length) == 0 || Long.compareUnsigned(end, addr) <= 0) return Errno.ENOMEM.negative();
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) != 0) return Errno.EINVAL.negative();
        prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
        if (!keyAllocated) return Errno.EINVAL.negative();
        Map.Entry<Long, Grant> e = grants.floorEntry(addr);
        Grant first = e != null && e.getValue().end() > addr ? e.getValue() : null;
        if (first == null) {
            Map.Entry<Long, Grant> next = grants.ceilingEntry(addr);
            first = next != null && Long.compareUnsigned(next.getKey(), end) < 0 ? next.getValue() : null;
        }
        if (first == null) return Errno.ENOMEM.negative();
        if ((grows & PROT_GROWSDOWN) != 0) {
            addr = first.start();
            if (!"[stack]".equals(first.name())) return Errno.EINVAL.negative();
        } else {
            if (first.start() > addr) return Errno.ENOMEM.negative();
            if ((grows & PROT_GROWSUP) != 0) return Errno.EINVAL.negative();
        }
        long error = 0, at = addr;
        List<Grant> changed = new ArrayList<>();
        while (at < end) {
            Grant g = grantAt(at);
            if (g == null) {
                error = Errno.ENOMEM.negative();
                break;
            }
            if ((prot & PROT_WRITE) != 0 && (g.prot() & PROT_WRITE) == 0
                    && g.provider() instanceof Grant.Provider.Shared s && !s.mayWrite()) {
                error = Errno.EACCES.negative();
                break;
            }
            if (g.sealed()) {
                error = Errno.EPERM.negative();
                break;
            }
            long to = Math.min(end, g.end());
            grants.remove(g.start());
            if (g.start() < at) grants.put(g.start(), g.slice(g.start(), at));
            if (g.end() > to) grants.put(to, g.slice(to, g.end()));
            Grant mid = g.slice(at, to).withProt(prot);
            grants.put(mid.start(), mid);
            changed.add(mid);
            at = to;
        }
        // Only the pages present: a huge, mostly untouched range costs what is mapped, not its size.
        boolean flush = false;
        for (Grant g : changed) {
            for (long[] pe : present(g.start(), g.end())) {
                flush = true;
                long va = pe[0], pte = pe[1];
                if (prot == 0) {
                    // PROT_NONE keeps the page (a later mprotect brings it back) but without USER:
                    // every user access faults, and the kernel's copies refuse it.
                    tables.protect(va, NO_EXECUTE);
                } else {
                    long pfn = (pte & PageTableEntry.ADDRESS_MASK) >>> PhysicalMemory.PAGE_SHIFT;
                    long flags = entryFlags(prot);
                    if (g.provider() instanceof Grant.Provider.Shared s) {
                        if ((prot & PROT_WRITE) != 0) s.pages().madeWritable(s.index(va));
                    } else if (frames.references(pfn) > 1) {
                        flags &= ~WRITABLE; // still shared after fork: copy on write
                    }
                    tables.protect(va, flags);
                }
            }
        }
        if (flush) flushTlbs(); // a TLB holds only present pages: none changed, nothing to forget
        return error;
    }

    /** Whether a sealed grant overlaps [start, end). */
    private boolean sealedIn(long start, long end) {
        Map.Entry<Long, Grant> first = grants.lowerEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        for (Grant g : grants.subMap(from, true, end, false).values()) {
            if (g.sealed() && g.end() > start) return true;
        }
        return false;
    }

    private void removeRange(long start, long end) {
        removeRange(start, end, null);
    }

    /** Unmaps [start, end); {@code keep}, a shared object about to be mapped again there, is not let go of. */
    private void removeRange(long start, long end, SharedPages keep) {
        Map.Entry<Long, Grant> first = grants.lowerEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        List<Grant> hit = new ArrayList<>(grants.subMap(from, true, end, false).values());
        if (hit.isEmpty()) return;
        hintLength = -1; // a gap may open above a remembered search
        List<SharedPages> shared = new ArrayList<>();
        boolean flush = false;
        for (Grant g : hit) {
            if (g.provider() instanceof Grant.Provider.Shared s && !shared.contains(s.pages())) shared.add(s.pages());
            if (g.end() <= start) continue;
            grants.remove(g.start());
            if (g.start() < start) grants.put(g.start(), g.slice(g.start(), start));
            if (g.end() > end) grants.put(end, g.slice(end, g.end()));
            long lo = Math.max(g.start(), start), hi = Math.min(g.end(), end);
            for (long[] pe : present(lo, hi)) {
                long pfn = tables.unmap(pe[0]);
                if (pfn >= 0) drop(g, pe[0], pfn);
                flush = true;
            }
        }
        for (SharedPages p : shared) {
            if (p != keep && grants.values().stream().noneMatch(g -> g.provider() instanceof Grant.Provider.Shared s && s.pages() == p)) {
                p.detach(this);
            }
        }
        if (flush) flushTlbs();
    }

    /** A page-table entry of g for va went away: its frame reference goes (through the shared object for shared memory). */
    private void drop(Grant g, long va, long pfn) {
        if (g.provider() instanceof Grant.Provider.Shared s) s.pages().unmapped(s.index(va), pfn);
        else frames.release(pfn);
    }

    /** mremap without MREMAP_DONTUNMAP. */
    public synchronized long remap(long old, long oldSize, long newSize, boolean mayMove, boolean fixed, long newAddr) {
        return remap(old, oldSize, newSize, mayMove, fixed, false, newAddr);
    }

    /**
     * mremap: grows or shrinks the mapping at {@code old} (which must lie in one grant), in
     * place when the pages after it are free, else (MREMAP_MAYMOVE) at a new address the
     * frames move to — no page is copied. MREMAP_DONTUNMAP always moves, keeps the size, and
     * leaves the old range mapped without its pages: private anonymous memory reads zeros there
     * again, a file or shared mapping shows its object again. A sealed mapping (or a sealed
     * target of MREMAP_FIXED) refuses (EPERM). Returns the address or -errno.
     */
    public synchronized long remap(long old, long oldSize, long newSize, boolean mayMove, boolean fixed,
                                   boolean dontUnmap, long newAddr) {
        long oldLen = pageUp(oldSize), newLen = pageUp(newSize);
        if ((old & (PAGE - 1)) != 0 || newSize == 0 || newLen == 0 || Long.compareUnsigned(newLen, USER_TOP) > 0) {
            return Errno.EINVAL.negative();
        }
        if (fixed || dontUnmap) {
            if (Long.compareUnsigned(newAddr, USER_TOP - newLen) > 0 || (newAddr & (PAGE - 1)) != 0 || !mayMove) {
                return Errno.EINVAL.negative();
            }
            if (dontUnmap && oldLen != newLen) return Errno.EINVAL.negative();
            if (Long.compareUnsigned(newAddr, old + oldLen) < 0 && Long.compareUnsigned(old, newAddr + newLen) < 0) {
                return Errno.EINVAL.negative(); // vrm_overlaps, a hint of MREMAP_DONTUNMAP too
            }
        }
        if (fixed && newAddr < MMAP_MIN) return Errno.EINVAL.negative();
        Grant g = grantAt(old);
        if (g == null) return Errno.EFAULT.negative();
        if (g.sealed()) return Errno.EPERM.negative();
        if (oldLen > 0 && old + oldLen > g.end()) return Errno.EFAULT.negative();
        if (oldLen == 0) return Errno.EINVAL.negative(); // duplicating shared mappings: not supported
        if (fixed) {
            if (sealedIn(newAddr, newAddr + newLen)) return Errno.EPERM.negative();
            removeRange(newAddr, newAddr + newLen);
        } else if (dontUnmap) {
            long hint = newAddr;
            if (hint >= MMAP_MIN && hint <= USER_TOP - newLen && !overlaps(hint, hint + newLen)) {
                newAddr = hint;
            } else {
                newAddr = findFree(newLen, MMAP_BASE);
                if (newAddr < 0) return Errno.ENOMEM.negative();
            }
        } else {
            if (newLen <= oldLen) {
                if (newLen < oldLen) removeRange(old + newLen, old + oldLen);
                return old;
            }
            long end = old + oldLen;
            if (end == g.end() && end + (newLen - oldLen) <= MMAP_BASE && !overlaps(end, old + newLen)) {
                grants.put(g.start(), new Grant(g.start(), old + newLen, g.prot(), g.provider(), g.name(), g.policy(),
                        g.sealed()));
                return old;
            }
            if (!mayMove) return Errno.ENOMEM.negative();
            newAddr = findFree(newLen, MMAP_BASE);
            if (newAddr < 0) return Errno.ENOMEM.negative();
        }
        long delta = newAddr - old;
        Grant.Provider moved = switch (g.provider()) {
            case Grant.Provider.FileImage f ->
                new Grant.Provider.FileImage(f.file(), f.origin() + delta, f.fileOffset(), f.fileBytes(), f.path(), f.shmem());
            case Grant.Provider.Shared s -> new Grant.Provider.Shared(s.pages(), s.origin() + delta, s.firstPage(), s.mayWrite());
            case Grant.Provider.Anonymous a -> a;
        };
        long keep = Math.min(oldLen, newLen);
        java.util.List<long[]> pages = new java.util.ArrayList<>();
        tables.forEachPresent(old, old + keep, (va, entry) -> pages.add(new long[] {va, entry}));
        for (long[] pe : pages) {
            tables.unmap(pe[0]);
            long pfn = (pe[1] & PageTableEntry.ADDRESS_MASK) >>> PhysicalMemory.PAGE_SHIFT;
            tables.map(pe[0] + delta, pfn, pe[1] & ~PageTableEntry.ADDRESS_MASK & ~PRESENT);
        }
        // the new grant first: removing the old one must not let go of a shared object the new one holds
        grants.put(newAddr, g.slice(old, old + oldLen).moved(newAddr, newAddr + newLen, moved));
        if (!dontUnmap) removeRange(old, old + oldLen); // what was not moved (the tail of a shrink) is freed here
        flushTlbs();
        return newAddr;
    }

    /**
     * madvise(MADV_DONTNEED): private pages are dropped and read afresh (zero or from the file)
     * on next touch; shared pages keep their contents (as Linux's page cache and shmem do), so
     * they stay mapped. The mappings are visited in order, as Linux's madvise walks them: a hole
     * is skipped and answered ENOMEM at the end; a sealed read-only private anonymous mapping
     * stops the walk (EPERM), what came before it dropped.
     */
    public synchronized long discard(long addr, long length) {
        if ((addr & (PAGE - 1)) != 0 || length < 0) return Errno.EINVAL.negative();
        return walkAdvice(addr, length, true);
    }

    /**
     * Linux's madvise walk for advice that changes nothing here: ENOMEM when part of the range
     * is unmapped, EPERM at a sealed read-only private anonymous mapping when the advice would
     * discard its data (MADV_DONTFORK, MADV_WIPEONFORK, MADV_REMOVE, MADV_DONTNEED_LOCKED...).
     */
    public synchronized long adviseRange(long addr, long length, boolean discards) {
        if (!discards) return mapped(addr, length) ? 0 : Errno.ENOMEM.negative();
        return walkAdvice(addr, length, false);
    }

    private long walkAdvice(long addr, long length, boolean drop) {
        long end = pageUp(addr + length);
        long error = 0;
        boolean flush = false;
        for (long va = addr; va < end; ) {
            Grant g = grantAt(va);
            if (g == null) {
                error = Errno.ENOMEM.negative();
                Map.Entry<Long, Grant> next = grants.higherEntry(va);
                if (next == null) break;
                va = next.getKey();
                continue;
            }
            // mm/madvise.c can_madvise_modify: a sealed private anonymous mapping the user cannot write
            if (g.sealed() && g.anonymous() && (g.prot() & PROT_WRITE) == 0) return Errno.EPERM.negative();
            long to = Math.min(end, g.end());
            if (drop && !(g.provider() instanceof Grant.Provider.Shared)) {
                for (long[] pe : present(va, to)) {
                    long pfn = tables.unmap(pe[0]);
                    if (pfn >= 0) frames.release(pfn);
                    flush = true;
                }
            }
            va = to;
        }
        if (flush) flushTlbs();
        return error;
    }

    /**
     * remap_file_pages as Linux emulates it (mm/mmap.c): the mapping at start must be a shared
     * mapping that may write its object (VM_SHARED), and [start, start + size) must run through
     * mappings of the same object with the same rights without a hole (EINVAL); then the range is
     * mapped afresh at object page {@code pgoff} (MAP_FIXED: EPERM over a sealed mapping) and its
     * pages faulted in (MAP_POPULATE, as reads, up to the first that cannot be).
     */
    public synchronized long remapFilePages(long start, long size, long pgoff) {
        Grant g = grantAt(start);
        if (g == null || !(g.provider() instanceof Grant.Provider.Shared s) || !s.mayWrite()) return Errno.EINVAL.negative();
        long end = start + size;
        if (end > g.end()) {
            Grant prev = g;
            boolean reached = false;
            for (Grant next : within(g.end(), end)) {
                if (next.start() != prev.end()) return Errno.EINVAL.negative();
                if (!(next.provider() instanceof Grant.Provider.Shared n) || n.pages() != s.pages() || !n.mayWrite()
                        || next.prot() != g.prot() || next.sealed() != g.sealed()) {
                    return Errno.EINVAL.negative();
                }
                if (end <= next.end()) {
                    reached = true;
                    break;
                }
                prev = next;
            }
            if (!reached) return Errno.EINVAL.negative();
        }
        if (sealedIn(start, end)) return Errno.EPERM.negative();
        removeRange(start, end, s.pages());
        grants.put(start, new Grant(start, end, g.prot(), new Grant.Provider.Shared(s.pages(), start, pgoff, true), g.name()));
        for (long va = start; va < end; va += PAGE) {
            if (g.prot() == 0 || resolve(va, false, false, false) != Fault.RESOLVED) break; // (populating: not a fault)
        }
        return 0;
    }

    /**
     * mseal: every mapping in [start, end) is sealed (split at the ends); ENOMEM, and nothing
     * sealed, when part of the range is not mapped.
     */
    public synchronized long seal(long start, long end) {
        if (!mapped(start, end - start)) return Errno.ENOMEM.negative();
        for (Grant g : within(start, end)) {
            if (g.sealed()) continue;
            replacePart(g, Math.max(start, g.start()), Math.min(end, g.end()), g.withSeal());
        }
        return 0;
    }

    /** The grants overlapping [start, end), in address order. */
    private List<Grant> within(long start, long end) {
        Map.Entry<Long, Grant> first = grants.lowerEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        List<Grant> out = new ArrayList<>();
        for (Grant g : grants.subMap(from, true, end, false).values()) if (g.end() > start) out.add(g);
        return out;
    }

    /** Grant g becomes {@code changed} (the same grant with other attributes) over [from, to), split there. */
    private void replacePart(Grant g, long from, long to, Grant changed) {
        grants.remove(g.start());
        if (g.start() < from) grants.put(g.start(), g.slice(g.start(), from));
        if (g.end() > to) grants.put(to, g.slice(to, g.end()));
        grants.put(from, changed.slice(from, to));
    }

    // ---- NUMA memory policy -----------------------------------------------------------------------

    /**
     * mbind's change of the mappings in [start, end) to policy p (null: the default), after
     * Linux's queue_pages_range checks: no mapping in the range at all is EFAULT, and so is a hole
     * unless {@code holesOk} (the default policy). Returns 0 or -EFAULT.
     */
    public synchronized long setPolicy(long start, long end, MemPolicy p, boolean holesOk) {
        List<Grant> hit = within(start, end);
        if (hit.isEmpty()) return Errno.EFAULT.negative();
        if (!holesOk && !mapped(start, end - start)) return Errno.EFAULT.negative();
        for (Grant g : hit) {
            if (java.util.Objects.equals(g.policy(), p)) continue;
            replacePolicy(g, Math.max(start, g.start()), Math.min(end, g.end()), p);
        }
        return 0;
    }

    /**
     * Linux's vma_replace_policy: the grant's part [from, to) gets policy p, and a shmem object's
     * pages under it too (its shared policy, which every mapping of the object reads).
     */
    private void replacePolicy(Grant g, long from, long to, MemPolicy p) {
        if (g.provider() instanceof Grant.Provider.Shared s && s.pages().shmem()) {
            s.pages().setPolicy(s.index(from), s.index(to - 1) + 1, p);
        } else if (g.provider() instanceof Grant.Provider.FileImage f && f.shmem() != null) {
            f.shmem().setPolicy(f.index(from), f.index(to - 1) + 1, p);
        }
        replacePart(g, from, to, g.withPolicy(p));
    }

    /**
     * set_mempolicy_home_node over [start, end): each mapping with a policy of its own gets the
     * home node, in order; one whose policy is neither MPOL_BIND nor MPOL_PREFERRED_MANY stops
     * the walk (EOPNOTSUPP). ENOENT when no mapping in the range had a policy.
     */
    public synchronized long setHomeNode(long start, long end, int node, java.util.function.IntPredicate modeAllows) {
        long error = Errno.ENOENT.negative();
        for (Grant g : within(start, end)) {
            MemPolicy p = g.policy();
            if (p == null) continue;
            if (!modeAllows.test(p.mode())) return Errno.EOPNOTSUPP.negative();
            replacePolicy(g, Math.max(start, g.start()), Math.min(end, g.end()), p.withHomeNode(node));
            error = 0;
        }
        return error;
    }

    /**
     * The policy of the mapping holding va (for shmem, its object's policy of that page):
     * {@code Optional.empty()} when none holds it, an empty one inside for the default.
     */
    public synchronized java.util.Optional<java.util.Optional<MemPolicy>> policyAt(long va) {
        Grant g = grantAt(va);
        if (g == null) return java.util.Optional.empty();
        if (g.provider() instanceof Grant.Provider.Shared s && s.pages().shmem()) {
            return java.util.Optional.of(java.util.Optional.ofNullable(s.pages().policyAt(s.index(va)))); // shmem_get_policy
        }
        if (g.provider() instanceof Grant.Provider.FileImage f && f.shmem() != null) {
            return java.util.Optional.of(java.util.Optional.ofNullable(f.shmem().policyAt(f.index(va))));
        }
        return java.util.Optional.of(java.util.Optional.ofNullable(g.policy()));
    }

    /**
     * Whether some page in [start, end) is present (mbind's MPOL_MF_STRICT looks at the pages
     * already there).
     */
    public synchronized boolean anyPresent(long start, long end) {
        return !present(start, end).isEmpty();
    }

    /**
     * move_pages' status of the page at va: its node (0, the only one) when it is present, -ENOENT
     * when the mapping holds no page there yet, -EFAULT when nothing is mapped there, and -EFAULT
     * for what Linux would hold as its shared zero page, which it cannot move: a page of private
     * anonymous memory only ever read (Linux maps the zero page at such a read fault; here a fresh
     * frame is mapped, and its entry's dirty bit, set by the first write of the CPU or the kernel,
     * tells the two apart).
     */
    public synchronized int pageStatus(long va) {
        Grant g = grantAt(va);
        if (g == null) return (int) Errno.EFAULT.negative();
        long pte = tables.lookup(pageDown(va));
        if ((pte & PRESENT) == 0) return (int) Errno.ENOENT.negative();
        if (g.anonymous() && (pte & PageTableEntry.DIRTY) == 0) return (int) Errno.EFAULT.negative();
        return 0;
    }

    // ---- protection keys ------------------------------------------------------------------------

    /**
     * Whether pkey_alloc has taken key 0 of this space. On a CPU without PKU, Linux's x86
     * mm_pkey_alloc hands out key 0 once and cannot free it again (the key's access rights cannot
     * be set, and key 0 counts as the execute-only key), so the first pkey_alloc fails with EINVAL
     * and every later one in this space (or a forked copy) with ENOSPC.
     */
    private boolean pkeyTaken;

    /** Takes the one key; false when it is already taken. */
    public synchronized boolean takePkey() {
        if (pkeyTaken) return false;
        pkeyTaken = true;
        return true;
    }

    /**
     * The pages present in [start, end), as {va, entry}: found by walking only the page tables that
     * exist, so a range of terabytes with nothing mapped in it costs nothing.
     */
    private List<long[]> present(long start, long end) {
        List<long[]> out = new ArrayList<>();
        tables.forEachPresent(start, end, (va, entry) -> out.add(new long[] {va, entry}));
        return out;
    }

    /** The pages of shared object p from page {@code firstIndex} on are unmapped here (the file shrank). */
    synchronized void unmapShared(SharedPages p, long firstIndex) {
        for (Grant g : grants.values()) {
            if (!(g.provider() instanceof Grant.Provider.Shared s) || s.pages() != p) continue;
            for (long[] pe : present(g.start(), g.end())) {
                if (s.index(pe[0]) < firstIndex) continue;
                long pfn = tables.unmap(pe[0]);
                if (pfn >= 0) drop(g, pe[0], pfn);
            }
        }
        flushTlbs();
    }

    /**
     * msync: the shared file pages of [addr, addr+length) are written back. 0, -ENOMEM when
     * part of the range is unmapped, -EIO when the host refused a write.
     */
    public long sync(long addr, long length) {
        List<Grant> hit = new ArrayList<>();
        synchronized (this) {
            if (!mapped(addr, length)) return Errno.ENOMEM.negative();
            long end = pageUp(addr + length);
            for (long va = addr; va < end; ) {
                Grant g = grantAt(va);
                hit.add(g.slice(va, end));
                va = g.end();
            }
        }
        boolean ok = true;
        for (Grant g : hit) {
            if (g.provider() instanceof Grant.Provider.Shared s) {
                ok &= s.pages().sync(s.index(g.start()), s.index(g.end() - 1));
            }
        }
        return ok ? 0 : Errno.EIO.negative();
    }

    /**
     * mincore: for each page of [addr, addr+length), whether it is resident (present in this
     * space's page tables); null when part of the range is not mapped.
     */
    public synchronized boolean[] resident(long addr, long length) {
        if (!mapped(addr, length)) return null;
        long end = pageUp(addr + length);
        boolean[] out = new boolean[(int) ((end - addr) / PAGE)];
        for (long[] pe : present(addr, end)) out[(int) ((pe[0] - addr) / PAGE)] = true;
        return out;
    }

    /**
     * The resident pages (present in this space's page tables) by what backs them, as /proc's
     * RssAnon, RssFile and RssShmem count them: {anonymous, file, shmem}. A private file mapping's
     * pages count as the file's, written or not.
     */
    public synchronized long[] residentPages() {
        long[] n = new long[3];
        for (Grant g : grants.values()) {
            int kind = switch (g.provider()) {
                case Grant.Provider.Anonymous a -> 0;
                case Grant.Provider.FileImage f -> 1;
                case Grant.Provider.Shared sh -> sh.pages().shmem() ? 2 : 1;
            };
            long[] count = {0};
            tables.forEachPresent(g.start(), g.end(), (va, entry) -> count[0]++);
            n[kind] += count[0];
        }
        return n;
    }

    /** The most pages this space has had resident at once (fork: the parent's resident ones at first). */
    public long peakResidentPages() {
        return tables.peakPresent();
    }

    /** Whether [addr, addr+length) is mapped throughout (msync, madvise). */
    public synchronized boolean mapped(long addr, long length) {
        long end = pageUp(addr + length);
        for (long va = addr; va < end; ) {
            Grant g = grantAt(va);
            if (g == null) return false;
            va = g.end();
        }
        return true;
    }

    // ---- the program break ----------------------------------------------------------------

    /** The loader's record: where the argument and environment strings lie, and the auxiliary vector's pairs (AT_NULL's included). */
    public void setExecLayout(long argStart, long argEnd, long envStart, long envEnd, long[] auxv) {
        execStrings = new long[] {argStart, argEnd, envStart, envEnd};
        execAuxv = auxv.clone();
    }

    /** {arg_start, arg_end, env_start, env_end}, all 0 before an exec recorded them (a copy). */
    public long[] execStrings() { return execStrings.clone(); }

    /** The auxiliary vector exec gave, as pairs ending in AT_NULL's (a copy; empty before an exec). */
    public long[] execAuxv() { return execAuxv.clone(); }

    public synchronized void initBrk(long start) {
        brkStart = brk = pageUp(start);
    }

    public synchronized long brk() { return brk; }

    /** Linux brk semantics: returns the new break, or the old one when the request fails. */
    public synchronized long setBrk(long addr) {
        if (addr < brkStart) return brk;
        long oldTop = pageUp(brk), newTop = pageUp(addr);
        if (newTop < oldTop) {
            if (sealedIn(newTop, oldTop)) return brk;
            removeRange(newTop, oldTop);
        } else if (newTop > oldTop) {
            if (newTop > MMAP_BASE || overlaps(oldTop, newTop + PAGE)) return brk;
            grants.put(oldTop, new Grant(oldTop, newTop, PROT_READ | PROT_WRITE, Grant.ANONYMOUS, "[heap]"));
        }
        brk = addr;
        return brk;
    }

    // ---- demand paging -------------------------------------------------------------------

    private static long entryFlags(int prot) {
        long flags = PRESENT | USER;
        if ((prot & PROT_WRITE) != 0) flags |= WRITABLE;
        if ((prot & PROT_EXEC) == 0) flags |= NO_EXECUTE;
        return flags;
    }

    private static boolean allows(int prot, boolean write, boolean exec) {
        if (write) return (prot & PROT_WRITE) != 0;
        if (exec) return (prot & PROT_EXEC) != 0;
        return prot != 0;
    }

    /**
     * Page faults this space resolved by mapping or copying a page (Linux's minor faults: a CPU's,
     * or the kernel's own access to user memory; not a stale TLB entry, not populating a range).
     */
    private final java.util.concurrent.atomic.AtomicLong minorFaults = new java.util.concurrent.atomic.AtomicLong();

    public long minorFaults() { return minorFaults.get(); }

    /** Resolves a fault at va for a write or an instruction fetch (neither means a read). */
    public synchronized Fault fault(long va, boolean write, boolean exec) {
        return resolve(va, write, exec, true);
    }

    /** {@link #fault}; {@code count}: a minor fault when it maps or copies a page. */
    private Fault resolve(long va, boolean write, boolean exec, boolean count) {
        Grant g = grantAt(va);
        if (g == null) return Fault.NOT_MAPPED;
        if (!allows(g.prot(), write, exec)) return Fault.ACCESS;
        long page = pageDown(va);
        long pte = tables.lookup(page);
        Fault r = resolve(page, pte, g, write);
        boolean stale = (pte & PRESENT) != 0 && (!write || (pte & WRITABLE) != 0);
        if (count && r == Fault.RESOLVED && !stale) minorFaults.incrementAndGet();
        return r;
    }

    /** The fault on {@code page} of grant g, whose entry is {@code pte}, for the access allowed. */
    private Fault resolve(long page, long pte, Grant g, boolean write) {
        if (g.provider() instanceof Grant.Provider.Shared s) return sharedFault(page, pte, g, s, write);
        if ((pte & PRESENT) != 0) {
            if (write && (pte & WRITABLE) == 0) return copyOnWrite(page, pte, g) ? Fault.RESOLVED : Fault.OUT_OF_MEMORY;
            // Mapped with rights that allow the access: a stale TLB entry somewhere.
            for (TlbListener l : tlbs) l.invalidate(page);
            return Fault.RESOLVED;
        }
        long pfn = frames.allocate();
        if (pfn < 0) return Fault.OUT_OF_MEMORY;
        g.fill(page, memory.frame(pfn));
        if (!tables.map(page, pfn, entryFlags(g.prot()))) {
            frames.release(pfn);
            return Fault.OUT_OF_MEMORY;
        }
        memory.frameWritten(pfn);
        return Fault.RESOLVED;
    }

    /** A fault in shared memory: the object's frame is mapped (never copied), writable when the grant is. */
    private Fault sharedFault(long page, long pte, Grant g, Grant.Provider.Shared s, boolean write) {
        long index = s.index(page);
        if ((pte & PRESENT) != 0) {
            if (write && (pte & WRITABLE) == 0) {
                s.pages().madeWritable(index);
                tables.protect(page, entryFlags(g.prot()));
            }
            for (TlbListener l : tlbs) l.invalidate(page);
            return Fault.RESOLVED;
        }
        if (s.pages().beyondEnd(index)) return Fault.BEYOND_FILE;
        boolean writable = (g.prot() & PROT_WRITE) != 0;
        long pfn = s.pages().map(index, frames, writable);
        if (pfn < 0) return Fault.OUT_OF_MEMORY;
        if (!tables.map(page, pfn, entryFlags(g.prot()))) {
            s.pages().unmapped(index, pfn);
            return Fault.OUT_OF_MEMORY;
        }
        return Fault.RESOLVED;
    }

    /** A write to a page shared after fork: copy it, unless this space is its last holder. */
    private boolean copyOnWrite(long page, long pte, Grant g) {
        long pfn = (pte & PageTableEntry.ADDRESS_MASK) >>> PhysicalMemory.PAGE_SHIFT;
        if (frames.references(pfn) == 1) {
            tables.protect(page, entryFlags(g.prot()));
        } else {
            long copy = frames.allocate();
            if (copy < 0) return false;
            System.arraycopy(memory.frame(pfn), 0, memory.frame(copy), 0, (int) PAGE);
            memory.frameWritten(copy);
            tables.map(page, copy, entryFlags(g.prot()));
            frames.release(pfn);
        }
        for (TlbListener l : tlbs) l.invalidate(page);
        return true;
    }

    /**
     * A copy of this space for a forked child: the same grants and break, every present
     * private page shared and write-protected in both, to be copied on the first write;
     * pages of shared memory stay shared and keep their rights.
     */
    public synchronized AddressSpace fork() {
        AddressSpace child = new AddressSpace(frames);
        child.brkStart = brkStart;
        child.brk = brk;
        child.execStrings = execStrings;
        child.execAuxv = execAuxv;
        child.pkeyTaken = pkeyTaken;
        for (Grant g : grants.values()) {
            child.grants.put(g.start(), g);
            boolean shared = g.provider() instanceof Grant.Provider.Shared;
            if (g.provider() instanceof Grant.Provider.Shared s) s.pages().attach(child);
            tables.forEachPresent(g.start(), g.end(), (va, entry) -> {
                long pfn = (entry & PageTableEntry.ADDRESS_MASK) >>> PhysicalMemory.PAGE_SHIFT;
                if (shared) {
                    long flags = entry & ~PageTableEntry.ADDRESS_MASK & ~PRESENT;
                    frames.retain(pfn);
                    if (!child.tables.map(va, pfn, flags)) drop(g, va, pfn);
                    return;
                }
                long flags = entry & ~PageTableEntry.ADDRESS_MASK & ~WRITABLE & ~PRESENT;
                frames.retain(pfn);
                tables.protect(va, flags);
                if (!child.tables.map(va, pfn, flags)) frames.release(pfn);
            });
        }
        flushTlbs();
        return child;
    }

    private void flushTlbs() {
        for (TlbListener l : tlbs) l.flushAll();
    }

    // ---- kernel access to user memory ----------------------------------------------------

    /** The frame holding va, faulted in as the access needs, or null (EFAULT). */
    private byte[] userFrame(long va, boolean write) {
        if (va < 0 || va >= USER_TOP) return null;
        long page = pageDown(va);
        long pte = tables.lookup(page);
        boolean ok = (pte & PRESENT) != 0 && (pte & USER) != 0 && (!write || (pte & WRITABLE) != 0);
        if (!ok) {
            if (fault(va, write, false) != Fault.RESOLVED) return null;
            pte = tables.lookup(page);
        }
        long pfn = (pte & PageTableEntry.ADDRESS_MASK) >>> PhysicalMemory.PAGE_SHIFT;
        if (write) {
            memory.frameWritten(pfn);
            if ((pte & PageTableEntry.DIRTY) == 0) tables.markDirty(page);
        }
        return memory.frame(pfn);
    }

    /**
     * The frame holding va, faulted in as a read (or a write) by the guest would, or null when
     * that access would fault (EFAULT): for atomic access to a user word (futexes).
     */
    public synchronized byte[] frameAt(long va, boolean write) {
        return userFrame(va, write);
    }

    /** Copies guest memory into dst; false on a bad address (EFAULT). */
    public synchronized boolean read(long va, byte[] dst, int off, int len) {
        while (len > 0) {
            byte[] f = userFrame(va, false);
            if (f == null) return false;
            int in = (int) (va & (PAGE - 1));
            int n = Math.min(len, (int) PAGE - in);
            System.arraycopy(f, in, dst, off, n);
            va += n; off += n; len -= n;
        }
        return true;
    }

    /** Copies src into guest memory; false on a bad or read-only address (EFAULT). */
    public synchronized boolean write(long va, byte[] src, int off, int len) {
        while (len > 0) {
            byte[] f = userFrame(va, true);
            if (f == null) return false;
            int in = (int) (va & (PAGE - 1));
            int n = Math.min(len, (int) PAGE - in);
            System.arraycopy(src, off, f, in, n);
            va += n; off += n; len -= n;
        }
        return true;
    }

    /** Reads a NUL-terminated string of at most max bytes; null on EFAULT or when too long. */
    public synchronized byte[] readString(long va, int max) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] one = new byte[1];
        for (int i = 0; i < max; i++) {
            if (!read(va + i, one, 0, 1)) return null;
            if (one[0] == 0) return out.toByteArray();
            out.write(one[0]);
        }
        return null;
    }

    /** Unmaps everything and frees the page tables (after the {@link #beforeDestroy} actions, outside its lock). */
    public void destroy() {
        for (Runnable r : beforeDestroy) r.run();
        beforeDestroy.clear();
        synchronized (this) {
            removeRange(0, USER_TOP);
            tables.destroy();
        }
    }
}
