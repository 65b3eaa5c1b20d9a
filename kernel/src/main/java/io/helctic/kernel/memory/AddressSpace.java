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
        removeRange(addr, addr + len);
        return 0;
    }

    public synchronized long protect(long addr, long length, int prot) {
        if ((addr & (PAGE - 1)) != 0) return Errno.EINVAL.negative();
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) return Errno.EINVAL.negative();
        if (length == 0) return 0;
        long end = pageUp(addr + length);
        if (end <= addr) return Errno.ENOMEM.negative();
        // The whole range must be mapped, and a shared file mapping only becomes writable if its file was opened so.
        for (long va = addr; va < end; ) {
            Grant g = grantAt(va);
            if (g == null) return Errno.ENOMEM.negative();
            if ((prot & PROT_WRITE) != 0 && (g.prot() & PROT_WRITE) == 0
                    && g.provider() instanceof Grant.Provider.Shared s && !s.mayWrite()) return Errno.EACCES.negative();
            va = g.end();
        }
        List<Grant> touched = new ArrayList<>(grants.subMap(grants.floorKey(addr), true, end, false).values());
        List<Grant> changed = new ArrayList<>();
        for (Grant g : touched) {
            if (g.end() <= addr || g.start() >= end) continue;
            grants.remove(g.start());
            if (g.start() < addr) grants.put(g.start(), g.slice(g.start(), addr));
            if (g.end() > end) grants.put(end, g.slice(end, g.end()));
            Grant mid = g.slice(addr, end).withProt(prot);
            grants.put(mid.start(), mid);
            changed.add(mid);
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
        return 0;
    }

    private void removeRange(long start, long end) {
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
            if (grants.values().stream().noneMatch(g -> g.provider() instanceof Grant.Provider.Shared s && s.pages() == p)) {
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

    /**
     * mremap: grows or shrinks the mapping at {@code old} (which must lie in one grant), in
     * place when the pages after it are free, else (MREMAP_MAYMOVE) at a new address the
     * frames move to — no page is copied. Returns the address or -errno.
     */
    public synchronized long remap(long old, long oldSize, long newSize, boolean mayMove, boolean fixed, long newAddr) {
        if ((old & (PAGE - 1)) != 0 || newSize <= 0) return Errno.EINVAL.negative();
        if (fixed && (!mayMove || (newAddr & (PAGE - 1)) != 0)) return Errno.EINVAL.negative();
        long oldLen = pageUp(oldSize), newLen = pageUp(newSize);
        Grant g = grantAt(old);
        if (g == null || (oldLen > 0 && old + oldLen > g.end())) return Errno.EFAULT.negative();
        if (oldLen == 0) return Errno.EINVAL.negative(); // duplicating shared mappings: not supported
        if (!fixed) {
            if (newLen <= oldLen) {
                if (newLen < oldLen) removeRange(old + newLen, old + oldLen);
                return old;
            }
            long end = old + oldLen;
            if (end == g.end() && end + (newLen - oldLen) <= MMAP_BASE && !overlaps(end, old + newLen)) {
                grants.put(g.start(), new Grant(g.start(), old + newLen, g.prot(), g.provider(), g.name()));
                return old;
            }
            if (!mayMove) return Errno.ENOMEM.negative();
            newAddr = findFree(newLen, MMAP_BASE);
            if (newAddr < 0) return Errno.ENOMEM.negative();
        } else {
            if (newAddr < MMAP_MIN || newAddr > USER_TOP - newLen) return Errno.EINVAL.negative();
            if (newAddr < old + oldLen && old < newAddr + newLen) return Errno.EINVAL.negative();
            removeRange(newAddr, newAddr + newLen);
        }
        long delta = newAddr - old;
        Grant.Provider moved = switch (g.provider()) {
            case Grant.Provider.FileImage f ->
                new Grant.Provider.FileImage(f.file(), f.origin() + delta, f.fileOffset(), f.fileBytes(), f.path());
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
        removeRange(old, old + oldLen); // what was not moved (the tail of a shrink) is freed here
        grants.put(newAddr, new Grant(newAddr, newAddr + newLen, g.prot(), moved, g.name()));
        flushTlbs();
        return newAddr;
    }

    /**
     * madvise(MADV_DONTNEED): private pages are dropped and read afresh (zero or from the file)
     * on next touch; shared pages keep their contents (as Linux's page cache and shmem do), so
     * they stay mapped.
     */
    public synchronized long discard(long addr, long length) {
        if ((addr & (PAGE - 1)) != 0 || length < 0) return Errno.EINVAL.negative();
        long end = pageUp(addr + length);
        for (long va = addr; va < end; ) {
            Grant g = grantAt(va);
            if (g == null) return Errno.ENOMEM.negative();
            va = g.end();
        }
        boolean flush = false;
        for (long[] pe : present(addr, end)) {
            if (grantAt(pe[0]).provider() instanceof Grant.Provider.Shared) continue;
            long pfn = tables.unmap(pe[0]);
            if (pfn >= 0) frames.release(pfn);
            flush = true;
        }
        if (flush) flushTlbs();
        return 0;
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

    public synchronized void initBrk(long start) {
        brkStart = brk = pageUp(start);
    }

    public synchronized long brk() { return brk; }

    /** Linux brk semantics: returns the new break, or the old one when the request fails. */
    public synchronized long setBrk(long addr) {
        if (addr < brkStart) return brk;
        long oldTop = pageUp(brk), newTop = pageUp(addr);
        if (newTop < oldTop) {
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

    /** Resolves a fault at va for a write or an instruction fetch (neither means a read). */
    public synchronized Fault fault(long va, boolean write, boolean exec) {
        Grant g = grantAt(va);
        if (g == null) return Fault.NOT_MAPPED;
        if (!allows(g.prot(), write, exec)) return Fault.ACCESS;
        long page = pageDown(va);
        long pte = tables.lookup(page);
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
        if (write) memory.frameWritten(pfn);
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
