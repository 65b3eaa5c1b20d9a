package io.helctic.kernel.memory;

import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shared memory object: the frames of MAP_SHARED mappings, by page index, so that every
 * mapping of it — in any address space, across fork — sees the same frame. For a file it is
 * the page cache: pages are read from the {@link Backing} on first touch and written back on
 * msync, when the last mapping of a page goes away (munmap, exit, exec), and before the file
 * is read through a descriptor; writes through a descriptor update the cached frames. Without
 * a backing it is shared anonymous memory.
 *
 * <p>The object holds one reference to each cached frame and each page-table entry one more.
 * A file's page is written back (if it was ever mapped writable) and freed when its last entry
 * goes; an anonymous page lives as long as the object. The object knows which address spaces
 * hold grants of it: when the last lets go, whatever frames remain are freed. The backing is
 * released when the object is no longer reachable.
 */
public final class SharedPages {
    /** Where a file's pages come from and go to (positional I/O on the host file). */
    public interface Backing {
        /** The file's current size in bytes. */
        long size();

        /** Reads up to len bytes at pos into dst; the rest of dst stays zero. */
        void read(long pos, byte[] dst, int len);

        /** Writes len bytes of src at pos; false on a host I/O error. */
        boolean write(long pos, byte[] src, int len);

        /** Whether {@link #write} can succeed (the file was opened for writing). */
        boolean writable();

        /** Called once when this object stops using the backing. */
        void release();
    }

    private static final int PAGE = (int) AddressSpace.PAGE;

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** The backing, in a holder the cleaner can release once this object is unreachable. */
    private static final class Holder implements Runnable {
        volatile Backing backing;

        Holder(Backing backing) { this.backing = backing; }

        @Override
        public void run() {
            Backing b = backing;
            backing = null;
            if (b != null) b.release();
        }
    }

    private final Holder holder;
    private Backing backing;
    private final String name;
    private FrameAllocator frames;
    private final Map<Long, Long> cached = new HashMap<>();
    /** The address spaces holding grants of this object (truncation unmaps from them). */
    private final Set<AddressSpace> holders = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Pages that some mapping could have written: these are written back. */
    private final Set<Long> dirtyable = new HashSet<>();

    private SharedPages(Backing backing, String name) {
        this.backing = backing;
        this.name = name;
        this.holder = new Holder(backing);
        if (backing != null) CLEANER.register(this, holder);
    }

    /** Shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS). */
    public static SharedPages anonymous() {
        return new SharedPages(null, "/dev/zero (deleted)");
    }

    /** Shared memory without a file that /proc/PID/maps shows under {@code name} (an AIO ring's "/[aio] (deleted)"). */
    public static SharedPages anonymous(String name) {
        return new SharedPages(null, name);
    }

    /**
     * Page {@code index} for the kernel's own use (an AIO ring the kernel writes while the guest
     * reads it): made (zeroed) if it is not yet, with one more reference on its frame, which the
     * caller gives back with {@link FrameAllocator#release}. -1 when memory is exhausted.
     */
    public long pin(long index, FrameAllocator allocator) {
        return map(index, allocator, false);
    }

    /** The page cache of a file; takes over one reference to the backing. */
    public static SharedPages of(Backing backing, String path) {
        return new SharedPages(backing, path);
    }

    public String name() { return name; }

    /**
     * Whether this is Linux's shmem (shared anonymous memory, a memfd, a System V segment): such
     * an object keeps the NUMA policies mbind gives its pages (a shared policy, seen by every
     * mapping of it), where a file's mapping keeps its own.
     */
    public synchronized boolean shmem() {
        return backing == null || backing instanceof MemoryBacking;
    }

    /** The shared policy: page ranges [start, end) by start, each {end, policy}. */
    private final java.util.TreeMap<Long, Object[]> policies = new java.util.TreeMap<>();

    /** Pages [from, to) get policy p (null: none), splitting the ranges they cut (Linux's shared_policy_replace). */
    public synchronized void setPolicy(long from, long to, MemPolicy p) {
        Map.Entry<Long, Object[]> before = policies.lowerEntry(from);
        if (before != null && (Long) before.getValue()[0] > from) {
            long end = (Long) before.getValue()[0];
            before.getValue()[0] = from;
            if (end > to) policies.put(to, new Object[] {end, before.getValue()[1]});
        }
        for (Long k : new java.util.ArrayList<>(policies.subMap(from, true, to, false).keySet())) {
            Object[] r = policies.remove(k);
            if ((Long) r[0] > to) policies.put(to, new Object[] {r[0], r[1]});
        }
        if (p != null) policies.put(from, new Object[] {to, p});
    }

    /** The shared policy of page index, or null. */
    public synchronized MemPolicy policyAt(long index) {
        Map.Entry<Long, Object[]> e = policies.floorEntry(index);
        return e != null && (Long) e.getValue()[0] > index ? (MemPolicy) e.getValue()[1] : null;
    }

    public boolean isFile() { return backing != null; }

    /** A later writable mapping through a writable descriptor replaces a read-only backing. */
    public synchronized void offer(Backing other) {
        if (backing != null && !backing.writable() && other.writable()) {
            backing.release();
            backing = other;
            holder.backing = other;
        } else {
            other.release();
        }
    }

    /** Whether page {@code index} lies wholly past the end of the file (touching it is SIGBUS). */
    synchronized boolean beyondEnd(long index) {
        return backing != null && index * PAGE >= backing.size();
    }

    /**
     * The frame for page {@code index} with one more reference, for a page-table entry the caller
     * makes; read from the file when it is not cached. -1 when memory is exhausted.
     */
    synchronized long map(long index, FrameAllocator allocator, boolean writable) {
        if (frames == null) frames = allocator;
        else if (frames != allocator) throw new IllegalStateException("shared object used by two machines");
        Long pfn = cached.get(index);
        if (pfn == null) {
            long fresh = frames.allocate();
            if (fresh < 0) return -1;
            if (backing != null) {
                long pos = index * PAGE;
                int n = (int) Math.max(0, Math.min(PAGE, backing.size() - pos));
                if (n > 0) backing.read(pos, frames.memory().frame(fresh), n);
                frames.memory().frameWritten(fresh);
            }
            cached.put(index, fresh);
            pfn = fresh;
        }
        frames.retain(pfn);
        if (writable) dirtyable.add(index);
        return pfn;
    }

    /** A mapping of page {@code index} became writable (mprotect, or a write fault on a read-only entry). */
    synchronized void madeWritable(long index) {
        dirtyable.add(index);
    }

    /** An address space now holds a grant of this object. */
    synchronized void attach(AddressSpace space) {
        holders.add(space);
    }

    /** An address space holds no grant of this object any more; the last one frees what is cached. */
    synchronized void detach(AddressSpace space) {
        if (!holders.remove(space) || !holders.isEmpty()) return;
        for (Map.Entry<Long, Long> e : cached.entrySet()) {
            writeBack(e.getKey(), e.getValue());
            frames.release(e.getValue());
        }
        cached.clear();
        dirtyable.clear();
    }

    /** A page-table entry mapping page {@code index} to {@code pfn} went away. */
    synchronized void unmapped(long index, long pfn) {
        frames.release(pfn);
        if (backing != null && frames.references(pfn) == 1) {
            writeBack(index, pfn);
            dirtyable.remove(index);
            cached.remove(index);
            frames.release(pfn);
        }
    }

    /** msync: writes back the cached pages in [first, last]; false when the host refused a write (EIO). */
    public synchronized boolean sync(long first, long last) {
        boolean ok = true;
        if (backing == null) return ok;
        for (Map.Entry<Long, Long> e : cached.entrySet()) {
            if (e.getKey() >= first && e.getKey() <= last) ok &= writeBack(e.getKey(), e.getValue());
        }
        return ok;
    }

    /** Before the file is read through a descriptor: every page a mapping may have changed goes to the file. */
    public synchronized void flush() {
        if (backing == null || dirtyable.isEmpty()) return;
        for (long index : dirtyable) {
            Long pfn = cached.get(index);
            if (pfn != null) writeBack(index, pfn);
        }
    }

    /** After len bytes of src were written to the file at pos: the cached pages they cover change too. */
    public synchronized void written(long pos, byte[] src, int off, int len) {
        if (cached.isEmpty() || len <= 0) return;
        for (long index = pos / PAGE; index * PAGE < pos + len; index++) {
            Long pfn = cached.get(index);
            if (pfn == null) continue;
            long from = Math.max(pos, index * PAGE), to = Math.min(pos + len, (index + 1) * PAGE);
            System.arraycopy(src, (int) (off + from - pos), frames.memory().frame(pfn), (int) (from - index * PAGE),
                    (int) (to - from));
            frames.memory().frameWritten(pfn);
        }
    }

    /**
     * After the file was truncated to {@code size}: cached bytes past the end read as zero, and
     * pages wholly past it are unmapped everywhere, so touching them again is SIGBUS.
     */
    public void truncated(long size) {
        List<AddressSpace> spaces;
        synchronized (this) {
            for (Map.Entry<Long, Long> e : cached.entrySet()) {
                long pos = e.getKey() * PAGE;
                if (pos + PAGE <= size) continue;
                byte[] f = frames.memory().frame(e.getValue());
                java.util.Arrays.fill(f, (int) Math.max(0, size - pos), PAGE, (byte) 0);
                frames.memory().frameWritten(e.getValue());
            }
            spaces = new ArrayList<>(holders);
        }
        long firstGone = (size + PAGE - 1) / PAGE;
        for (AddressSpace space : spaces) space.unmapShared(this, firstGone); // outside our lock: spaces lock first
    }

    private boolean writeBack(long index, long pfn) {
        if (backing == null || !dirtyable.contains(index) || !backing.writable()) return true;
        long pos = index * PAGE;
        int n = (int) Math.min(PAGE, backing.size() - pos);
        return n <= 0 || backing.write(pos, frames.memory().frame(pfn), n); // a mapping never extends its file
    }

    /** Whether some address space maps this object shared and writable now (F_SEAL_WRITE answers EBUSY then). */
    public boolean mappedWritable() {
        List<AddressSpace> spaces;
        synchronized (this) {
            spaces = new ArrayList<>(holders);
        }
        for (AddressSpace space : spaces) { // outside our lock: spaces lock first
            for (Grant g : space.grants()) {
                if (g.provider() instanceof Grant.Provider.Shared sh && sh.pages() == this
                        && (g.prot() & io.helctic.abi.uapi.Mman.PROT_WRITE) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The indexes of the pages cached in frames. */
    public synchronized java.util.Set<Long> cachedIndexes() { return new HashSet<>(cached.keySet()); }

    /** Frames currently cached (for tests and accounting). */
    public synchronized int cachedPages() { return cached.size(); }
}
