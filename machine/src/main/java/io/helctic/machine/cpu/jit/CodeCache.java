package io.helctic.machine.cpu.jit;

import io.helctic.machine.memory.CodeListener;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.LongConsumer;

/**
 * Decoded blocks, keyed by the <em>physical</em> address of their first instruction and
 * checked against the virtual address they were decoded at (relative branch targets and
 * PC-relative operands are resolved at decode time). The same code mapped at another virtual
 * address simply decodes again. A direct-mapped array in front of the maps makes the common
 * lookup allocation-free.
 *
 * <p>Frames holding decoded code are marked in {@link PhysicalMemory}; when one is written
 * (guest store, {@code frameWritten}, {@code release}) its blocks are dropped and
 * {@link #invalidations} counts up so the run loop can leave a block that modified itself.
 *
 * <p>Each CPU has its own cache, used by its own thread; invalidation may come from any
 * thread (another CPU's store, the kernel). The maps are guarded by this cache's monitor; the
 * direct-mapped array is read without it (a block's identity fields are final, so a racy read
 * sees a whole block, and {@code valid} is volatile). A CPU sees another thread's write to
 * code it has decoded at its next block boundary.
 */
public final class CodeCache<B extends CodeBlock<B>> implements CodeListener {
    private static final int FAST_SIZE = 4096;

    private final PhysicalMemory mem;
    private final LongConsumer codeMarked;
    private final CodeBlock<?>[] fast = new CodeBlock<?>[FAST_SIZE];
    private final HashMap<Long, B> byPaddr = new HashMap<>();
    private final HashMap<Long, ArrayList<B>> byPfn = new HashMap<>();
    public volatile long invalidations;

    /**
     * {@code codeMarked} is told of each frame that becomes code (this CPU's or another's
     * decoding): the CPU's MMU must check its stores to that frame again.
     */
    public CodeCache(PhysicalMemory mem, LongConsumer codeMarked) {
        this.mem = mem;
        this.codeMarked = codeMarked;
    }

    private static int hash(long paddr) {
        long h = paddr * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 52) & (FAST_SIZE - 1);
    }

    /** The cached block for this start, or null. */
    @SuppressWarnings("unchecked") // fast holds only Bs: insert puts them there
    public B lookup(long paddr, long vaddr) {
        CodeBlock<?> b = fast[hash(paddr)];
        if (b != null && b.paddr == paddr && b.vaddr == vaddr && b.valid) return (B) b;
        synchronized (this) {
            B c = byPaddr.get(paddr);
            if (c != null && c.vaddr == vaddr && c.valid) {
                fast[hash(paddr)] = c;
                return c;
            }
        }
        return null;
    }

    /** Caches {@code b}, which starts in frame {@code pfn}. */
    public synchronized void insert(B b, long pfn) {
        byPaddr.put(b.paddr, b);
        fast[hash(b.paddr)] = b;
        byPfn.computeIfAbsent(pfn, k -> new ArrayList<>()).add(b);
        mem.markCode(pfn);
        if (b.pfn2 >= 0) {
            byPfn.computeIfAbsent(b.pfn2, k -> new ArrayList<>()).add(b);
            mem.markCode(b.pfn2);
        }
    }

    @Override
    public void codeMarked(long pfn) {
        codeMarked.accept(pfn);
    }

    @Override
    public synchronized void codeInvalidated(long pfn) {
        ArrayList<B> list = byPfn.remove(pfn);
        if (list == null) return;
        for (B b : list) {
            b.invalidate();
            byPaddr.remove(b.paddr, b);
        }
        invalidations++;
    }

    public synchronized void clear() {
        java.util.Arrays.fill(fast, null);
        for (B b : byPaddr.values()) b.invalidate();
        byPaddr.clear();
        byPfn.clear();
        invalidations++;
    }
}
