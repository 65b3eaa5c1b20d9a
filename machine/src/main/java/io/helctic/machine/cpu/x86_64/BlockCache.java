package io.helctic.machine.cpu.x86_64;

import io.helctic.machine.memory.CodeListener;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Decoded blocks, keyed by the <em>physical</em> address of their first instruction and
 * checked against the virtual address they were decoded at (relative branch targets and
 * RIP-relative operands are resolved at decode time). The same code mapped at another virtual
 * address simply decodes again. A direct-mapped array in front of the maps makes the common
 * lookup allocation-free.
 *
 * <p>Frames holding decoded code are marked in {@link PhysicalMemory}; when one is written
 * (guest store, {@code frameWritten}, {@code release}) its blocks are dropped and
 * {@link #invalidations} counts up so the run loop can leave a block that modified itself.
 *
 * <p>Each CPU has its own cache, used by its own thread; invalidation may come from any
 * thread (another CPU's store, the kernel). The maps are guarded by this cache's monitor; the
 * direct-mapped array is read without it (a {@link Block}'s fields are final, so a racy read
 * sees a whole block, and {@code valid} is volatile). A CPU sees another thread's write to
 * code it has decoded at its next block boundary.
 */
final class BlockCache implements CodeListener {
    static final int MAX_BLOCK = 64;
    private static final int FAST_SIZE = 4096;

    private final PhysicalMemory mem;
    private final Mmu mmu;
    private final Block[] fast = new Block[FAST_SIZE];
    private final HashMap<Long, Block> byPaddr = new HashMap<>();
    private final HashMap<Long, ArrayList<Block>> byPfn = new HashMap<>();
    volatile long invalidations;

    BlockCache(PhysicalMemory mem, Mmu mmu) {
        this.mem = mem;
        this.mmu = mmu;
    }

    private static int hash(long paddr) {
        long h = paddr * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 52) & (FAST_SIZE - 1);
    }

    /** The cached block for this start, or null. */
    Block lookup(long paddr, long vaddr) {
        Block b = fast[hash(paddr)];
        if (b != null && b.paddr == paddr && b.vaddr == vaddr && b.valid) return b;
        synchronized (this) {
            b = byPaddr.get(paddr);
            if (b != null && b.vaddr == vaddr && b.valid) {
                fast[hash(paddr)] = b;
                return b;
            }
        }
        return null;
    }

    synchronized void insert(Block b, long pfn) {
        byPaddr.put(b.paddr, b);
        fast[hash(b.paddr)] = b;
        byPfn.computeIfAbsent(pfn, k -> new ArrayList<>()).add(b);
        mem.markCode(pfn);
        if (b.pfn2 >= 0) {
            byPfn.computeIfAbsent(b.pfn2, k -> new ArrayList<>()).add(b);
            mem.markCode(b.pfn2);
        }
    }

    /** A frame became code (this CPU's or another's decoding): this CPU's stores to it must be checked again. */
    @Override
    public void codeMarked(long pfn) {
        mmu.dropWriteTags(pfn);
    }

    @Override
    public synchronized void codeInvalidated(long pfn) {
        ArrayList<Block> list = byPfn.remove(pfn);
        if (list == null) return;
        for (Block b : list) {
            b.invalidate();
            byPaddr.remove(b.paddr, b);
        }
        invalidations++;
    }

    synchronized void clear() {
        java.util.Arrays.fill(fast, null);
        for (Block b : byPaddr.values()) b.invalidate();
        byPaddr.clear();
        byPfn.clear();
        invalidations++;
    }
}
