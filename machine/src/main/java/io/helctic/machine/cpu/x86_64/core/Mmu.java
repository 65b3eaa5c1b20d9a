package io.helctic.machine.cpu.x86_64.core;

import static io.helctic.machine.memory.PageTableEntry.*;

import io.helctic.machine.memory.FrameAtomics;
import io.helctic.machine.memory.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The MMU of one CPU: walks the x86-64 four-level page tables from CR3 as hardware does in
 * user mode, and caches translations in a direct-mapped software TLB. A TLB slot holds the
 * virtual page number for each permitted access (read, write, execute; -1 when not permitted)
 * and the frame's {@code byte[]} ({@link Entry}), so a hit is a load of the slot's entry, a
 * compare and the access.
 *
 * <p>Faults throw the CPU's preallocated {@link GuestFault}. Writes to frames marked as
 * holding decoded code are reported to {@link PhysicalMemory#codeFrameStored}: the TLB never
 * caches the write permission of such a frame (its write tag stays -1, and marking a frame drops
 * the write tags that name it, {@link #dropWriteTags}), so a store that hits the write tag needs
 * no check, and every store to code takes the slow path, which reports it ({@link #stored}).
 */
public final class Mmu {
    public static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int TLB_BITS = 9, TLB_SIZE = 1 << TLB_BITS, TLB_MASK = TLB_SIZE - 1;
    private static final int PAGE_MASK = PhysicalMemory.PAGE_SIZE - 1;

    /** Count every TLB lookup (for --stats); a static final the JIT folds away when off. */
    public static final boolean STATS = Boolean.getBoolean("helctic.stats");

    final PhysicalMemory mem;
    /** TLB misses (walks) and, when {@link #STATS}, lookups: plain per-CPU counters. */
    public long misses, lookups;
    /** Set when a store hit a frame holding decoded code (the run loop then checks its block). */
    public boolean codeStored;
    final GuestFault fault;
    public long cr3;

    /**
     * A TLB slot: the virtual page number for each permitted access (-1 when not permitted), the
     * frame and its number. One object per slot, made once: a lookup loads the slot's object and
     * compares its tag (one range check, and tags C2 does not confuse with the register file's
     * {@code long[]}).
     */
    public static final class Entry {
        public long r = -1, w = -1, x = -1;
        public byte[] frame;
        public long pfn;

        void clear() {
            r = w = x = -1;
            frame = null;
        }
    }

    public final Entry[] tlb = new Entry[TLB_SIZE];

    public Mmu(PhysicalMemory mem, GuestFault fault) {
        this.mem = mem;
        this.fault = fault;
        for (int i = 0; i < TLB_SIZE; i++) tlb[i] = new Entry();
        flush();
    }

    /** Changes whenever translations may have changed (flush, invalidate): chained blocks check it. */
    public int gen;

    public void flush() {
        gen++;
        for (Entry t : tlb) t.clear();
    }

    /**
     * The frame {@code pfn} now holds decoded code: no write tag may name it any longer (called
     * from the thread that marked it, which may be another CPU's: plain stores, as the marks are).
     */
    public void dropWriteTags(long pfn) {
        for (Entry t : tlb) {
            if (t.pfn == pfn) t.w = -1;
        }
    }

    public void invalidate(long va) {
        gen++;
        int i = slot(va >>> 12);
        tlb[i].clear();
    }

    /** TLB slot of a virtual page: folds higher bits in so 2 MiB-aligned regions do not all collide. */
    public static int slot(long vpn) {
        return (int) (vpn ^ (vpn >>> TLB_BITS)) & TLB_MASK;
    }

    public static boolean canonical(long va) {
        return (va << 16 >> 16) == va;
    }

    static final int ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2;

    /** Walks the page tables for {@code va}, fills its TLB slot, returns the slot. Throws on fault. */
    int fill(long va, int access) {
        misses++;
        if (!canonical(va)) throw fault.generalProtection(va);
        boolean write = access == ACC_WRITE, exec = access == ACC_EXEC;
        long vpn = va >>> 12;
        long table = cr3 & ADDRESS_MASK;
        boolean user = true, writable = true, nx = false;
        long entry = 0, entryAddr = 0;
        long frameAddr;
        int level = 39;
        try {
            while (true) {
                entryAddr = table + ((va >>> level) & 0x1ff) * 8;
                entry = mem.read64(entryAddr);
                if ((entry & PRESENT) == 0) throw fault.pageFault(va, write, exec, false);
                user &= (entry & USER) != 0;
                writable &= (entry & WRITABLE) != 0;
                nx |= (entry & NO_EXECUTE) != 0;
                if (level == 12) {
                    frameAddr = entry & ADDRESS_MASK;
                    break;
                }
                if ((entry & LARGE_PAGE) != 0 && (level == 21 || level == 30)) {
                    long pageMask = (1L << level) - 1;
                    frameAddr = (entry & ADDRESS_MASK & ~pageMask) | (va & pageMask & ~(long) PAGE_MASK);
                    break;
                }
                // compare-and-set: never write back an entry another thread has just changed
                if ((entry & ACCESSED) == 0 && !mem.compareAndSet64(entryAddr, entry, entry | ACCESSED)) return fill(va, access);
                table = entry & ADDRESS_MASK;
                level -= 9;
            }
            if (!user || (write && !writable) || (exec && nx)) throw fault.pageFault(va, write, exec, true);
            long newEntry = entry | ACCESSED | (write ? DIRTY : 0);
            if (newEntry != entry && !mem.compareAndSet64(entryAddr, entry, newEntry)) return fill(va, access);
            long pfn = frameAddr >>> 12;
            int i = slot(vpn);
            byte[] frame = mem.frame(pfn);
            Entry t = tlb[i];
            t.frame = frame;
            t.pfn = pfn;
            t.r = vpn;
            t.x = nx ? -1 : vpn;
            if (writable && (newEntry & DIRTY) != 0) {
                // set, fence, then check the mark: PhysicalMemory#markCode marks, fences, then
                // drops write tags, so a frame marked meanwhile loses this tag one way or the other
                t.w = vpn;
                VarHandle.fullFence();
                if (mem.isCode(pfn)) t.w = -1;
            } else {
                t.w = -1;
            }
            return i;
        } catch (IllegalArgumentException e) {
            // page tables or a frame outside physical memory: a machine check on real hardware
            throw fault.generalProtection(va);
        }
    }

    public int slotRead(long va) {
        if (STATS) lookups++;
        int i = slot(va >>> 12);
        return tlb[i].r == va >>> 12 ? i : fill(va, ACC_READ);
    }

    public int slotWrite(long va) {
        if (STATS) lookups++;
        int i = slot(va >>> 12);
        if (tlb[i].w != va >>> 12) i = fill(va, ACC_WRITE);
        return i;
    }

    public int slotExec(long va) {
        if (STATS) lookups++;
        int i = slot(va >>> 12);
        return tlb[i].x == va >>> 12 ? i : fill(va, ACC_EXEC);
    }

    /**
     * The TLB slot for a read-modify-write of {@code size} bytes at {@code va} (one translation,
     * checked for writing, which implies reading), or -1 when the operand crosses a page.
     */
    public int slotRmw(long va, int size) {
        if (((int) va & PAGE_MASK) + size > PhysicalMemory.PAGE_SIZE) return -1;
        return slotWrite(va);
    }

    // ---- reads ----

    public int read8(long va) {
        int i = slotRead(va);
        return tlb[i].frame[(int) va & PAGE_MASK] & 0xff;
    }

    public int read16(long va) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.r == va >>> 12 && o <= PAGE_MASK - 1) return (short) I16.get(t.frame, o) & 0xffff;
        return (int) readSlow(va, 2);
    }

    public int read32(long va) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.r == va >>> 12 && o <= PAGE_MASK - 3) return (int) I32.get(t.frame, o);
        return (int) readSlow(va, 4);
    }

    public long read64(long va) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.r == va >>> 12 && o <= PAGE_MASK - 7) return (long) I64.get(t.frame, o);
        return readSlow(va, 8);
    }

    /** Zero-extended read of 1, 2, 4 or 8 bytes. */
    public long read(long va, int size) {
        return switch (size) {
            case 1 -> read8(va);
            case 2 -> read16(va);
            case 4 -> read32(va) & 0xffff_ffffL;
            default -> read64(va);
        };
    }

    /** A read the fast path did not take: a TLB miss (one fill, then the access), or one that crosses a page (byte by byte). */
    private long readSlow(long va, int size) {
        int o = (int) va & PAGE_MASK;
        if (o <= PAGE_MASK + 1 - size) {
            byte[] f = tlb[slotRead(va)].frame;
            return switch (size) {
                case 2 -> (short) I16.get(f, o) & 0xffffL;
                case 4 -> (int) I32.get(f, o) & 0xffff_ffffL;
                default -> (long) I64.get(f, o);
            };
        }
        long v = 0;
        for (int k = 0; k < size; k++) {
            long a = va + k;
            int i = slotRead(a);
            v |= (long) (tlb[i].frame[(int) a & PAGE_MASK] & 0xff) << (8 * k);
        }
        return v;
    }

    // ---- writes ----

    /** Makes sure {@code size} bytes at {@code va} can be written (faults now if not), without writing. */
    public void checkWrite(long va, int size) {
        slotWrite(va);
        if (((va & PAGE_MASK) + size) > PAGE_MASK + 1) slotWrite((va + size - 1) & ~(long) PAGE_MASK);
    }

    // A store that hits its write tag needs no code check: the TLB caches no write permission
    // for a frame holding code. Every other store goes through writeSlow, which checks.

    public void write8(long va, int v) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        if (t.w == va >>> 12) t.frame[(int) va & PAGE_MASK] = (byte) v;
        else writeSlow(va, 1, v);
    }

    public void write16(long va, int v) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.w == va >>> 12 && o <= PAGE_MASK - 1) {
            I16.set(t.frame, o, (short) v);
        } else {
            writeSlow(va, 2, v);
        }
    }

    public void write32(long va, int v) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.w == va >>> 12 && o <= PAGE_MASK - 3) {
            I32.set(t.frame, o, v);
        } else {
            writeSlow(va, 4, v);
        }
    }

    public void write64(long va, long v) {
        if (STATS) lookups++;
        Entry t = tlb[slot(va >>> 12)];
        int o = (int) va & PAGE_MASK;
        if (t.w == va >>> 12 && o <= PAGE_MASK - 7) {
            I64.set(t.frame, o, v);
        } else {
            writeSlow(va, 8, v);
        }
    }

    public void write(long va, int size, long v) {
        switch (size) {
            case 1 -> write8(va, (int) v);
            case 2 -> write16(va, (int) v);
            case 4 -> write32(va, (int) v);
            default -> write64(va, v);
        }
    }

    /**
     * A store the fast path did not take: a TLB miss or a frame holding code (one fill, the
     * store, the code check), or one that crosses a page (all-or-nothing, byte by byte).
     */
    private void writeSlow(long va, int size, long v) {
        int o = (int) va & PAGE_MASK;
        if (o <= PAGE_MASK + 1 - size) {
            int i = slotWrite(va);
            byte[] f = tlb[i].frame;
            switch (size) {
                case 1 -> f[o] = (byte) v;
                case 2 -> I16.set(f, o, (short) v);
                case 4 -> I32.set(f, o, (int) v);
                default -> I64.set(f, o, v);
            }
            stored(i);
            return;
        }
        checkWrite(va, size); // all-or-nothing across the page boundary
        for (int k = 0; k < size; k++) {
            long a = va + k;
            int i = slotWrite(a);
            tlb[i].frame[(int) a & PAGE_MASK] = (byte) (v >>> (8 * k));
            stored(i);
        }
    }

    /** For the rare atomic accesses no single host CAS covers (here and in {@code Atomics}). */
    public static final Object GLOBAL = new Object();

    /**
     * Atomically replaces the {@code size}-byte value at {@code va} with {@code update} if it
     * still equals {@code expect} (both zero-extended); the caller has checked the write with
     * {@link #checkWrite}. Sub-word and unaligned values are widened to the aligned int or long
     * that holds them; a value that no aligned long holds (or that crosses a page) falls back to
     * {@link #GLOBAL}.
     */
    public boolean compareAndSet(long va, int size, long expect, long update) {
        int o = (int) va & PAGE_MASK;
        if (o + size > PhysicalMemory.PAGE_SIZE) return compareAndSetLocked(va, size, expect, update);
        int i = slotWrite(va);
        byte[] f = tlb[i].frame;
        boolean done;
        if (size == 8 && (o & 7) == 0) {
            done = FrameAtomics.compareAndSetLong(f, o, expect, update);
        } else if (size == 4 && (o & 3) == 0) {
            done = FrameAtomics.compareAndSetInt(f, o, (int) expect, (int) update);
        } else if ((o & 3) + size <= 4) {
            int base = o & ~3, shift = (o - base) * 8;
            int m = (int) Core.mask(size) << shift;
            while (true) {
                int cur = FrameAtomics.getIntVolatile(f, base);
                if (((cur & m) >>> shift) != (int) expect) return false;
                if (FrameAtomics.compareAndSetInt(f, base, cur, (cur & ~m) | (((int) update << shift) & m))) break;
            }
            done = true;
        } else if ((o & 7) + size <= 8) {
            int base = o & ~7, shift = (o - base) * 8;
            long m = Core.mask(size) << shift;
            while (true) {
                long cur = FrameAtomics.getLongVolatile(f, base);
                if (((cur & m) >>> shift) != expect) return false;
                if (FrameAtomics.compareAndSetLong(f, base, cur, (cur & ~m) | ((update << shift) & m))) break;
            }
            done = true;
        } else {
            return compareAndSetLocked(va, size, expect, update);
        }
        if (done) stored(i);
        return done;
    }

    private boolean compareAndSetLocked(long va, int size, long expect, long update) {
        synchronized (GLOBAL) {
            if (read(va, size) != expect) return false;
            write(va, size, update);
            return true;
        }
    }

    public void stored(int slot) {
        long pfn = tlb[slot].pfn;
        if (mem.isCode(pfn)) {
            codeStored = true;
            mem.codeFrameStored(pfn);
        }
    }

    // ---- code fetch ----

    /** Copies up to out.length code bytes starting at va without faulting; returns how many were readable. */
    public int peekCode(long va, byte[] out) {
        int n = 0;
        try {
            while (n < out.length) {
                long a = va + n;
                int i = slotExec(a);
                out[n++] = tlb[i].frame[(int) a & PAGE_MASK];
            }
        } catch (GuestFault f) {
            // stop at the first unreadable byte
        }
        return n;
    }
}
