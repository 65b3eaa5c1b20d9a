package io.helctic.machine.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The machine's physical memory: an array of 4 KiB frames, each a {@code byte[4096]} created
 * (zero-filled) on first touch, so host memory follows guest use. The tables of frames and of
 * code marks are themselves in chunks of {@value #CHUNK} frames made at first touch: whole tables
 * for the default 2 GiB (4.5 MiB, zeroed by the JVM and faulted in by the host) cost every boot
 * ~3 ms, while a small program touches a few chunks.
 *
 * <p>Frames that hold code a CPU has decoded are <em>marked</em>; any write to a marked frame
 * (a guest store, {@link #frameWritten}, {@link #release}) clears the mark and tells every
 * registered {@link CodeListener}, which is how self-modifying and freshly loaded code is seen.
 */
public final class PhysicalMemory {
    public static final int PAGE_SIZE = 4096, PAGE_SHIFT = 12;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Frames per chunk of the tables. */
    static final int CHUNK = 1024;
    private static final int CHUNK_SHIFT = 10;

    private final long frameCount;
    /** Chunks of frames (null until a frame of the chunk is touched), each frame null until touched. */
    private final byte[][][] frames;
    /** Chunks of code marks (null until a frame of the chunk is marked). */
    private final byte[][] codeMarks;
    private final CopyOnWriteArrayList<CodeListener> codeListeners = new CopyOnWriteArrayList<>();

    /** @param sizeBytes size of physical memory; rounded down to whole frames, at least one frame. */
    public PhysicalMemory(long sizeBytes) {
        long count = sizeBytes >>> PAGE_SHIFT;
        if (sizeBytes <= 0 || count == 0) {
            throw new IllegalArgumentException("physical memory must hold at least one frame: " + sizeBytes);
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("physical memory too large: " + sizeBytes);
        }
        this.frameCount = count;
        int chunks = (int) ((count + CHUNK - 1) >>> CHUNK_SHIFT);
        this.frames = new byte[chunks][][];
        this.codeMarks = new byte[chunks][];
    }

    public long frameCount() {
        return frameCount;
    }

    /** The frame's storage, materialised (zero-filled) on demand. */
    public byte[] frame(long pfn) {
        int i = index(pfn);
        byte[][] c = frames[i >>> CHUNK_SHIFT];
        byte[] f;
        return c != null && (f = c[i & (CHUNK - 1)]) != null ? f : materialise(i);
    }

    /** The frame's storage, or null when it has none. */
    private byte[] existing(int i) {
        byte[][] c = frames[i >>> CHUNK_SHIFT];
        return c == null ? null : c[i & (CHUNK - 1)];
    }

    /** Whether the frame has storage yet (for statistics and tests). */
    public boolean isMaterialised(long pfn) {
        return existing(index(pfn)) != null;
    }

    private synchronized byte[] materialise(int i) {
        byte[][] c = frames[i >>> CHUNK_SHIFT];
        if (c == null) {
            c = new byte[CHUNK][];
            frames[i >>> CHUNK_SHIFT] = c;
        }
        byte[] f = c[i & (CHUNK - 1)];
        if (f == null) {
            f = new byte[PAGE_SIZE];
            c[i & (CHUNK - 1)] = f;
        }
        return f;
    }

    /** Drops the frame's storage (its contents read as zero again) and any code decoded from it. */
    public void release(long pfn) {
        int i = index(pfn);
        synchronized (this) {
            byte[][] c = frames[i >>> CHUNK_SHIFT];
            if (c != null) c[i & (CHUNK - 1)] = null;
        }
        invalidateCode(i);
    }

    /** Little-endian 64-bit read at an 8-aligned physical address (page tables). */
    public long read64(long paddr) {
        checkAligned(paddr);
        byte[] f = existing(index(paddr >>> PAGE_SHIFT));
        return f == null ? 0 : (long) LONGS.get(f, (int) (paddr & (PAGE_SIZE - 1)));
    }

    /** Little-endian 64-bit write at an 8-aligned physical address (page tables). */
    public void write64(long paddr, long value) {
        checkAligned(paddr);
        long pfn = paddr >>> PAGE_SHIFT;
        LONGS.set(frame(pfn), (int) (paddr & (PAGE_SIZE - 1)), value);
        if (isCode(pfn)) invalidateCode((int) pfn);
    }

    /**
     * Atomically replaces the 64-bit value at an 8-aligned physical address if it still holds
     * {@code expect} (a CPU setting ACCESSED/DIRTY while another thread edits the tables).
     */
    public boolean compareAndSet64(long paddr, long expect, long update) {
        checkAligned(paddr);
        long pfn = paddr >>> PAGE_SHIFT;
        boolean done = FrameAtomics.compareAndSetLong(frame(pfn), (int) (paddr & (PAGE_SIZE - 1)), expect, update);
        if (done && isCode(pfn)) invalidateCode((int) pfn);
        return done;
    }

    /** The kernel wrote this frame directly (loader, copy-to-user): decoded code from it is dropped. */
    public void frameWritten(long pfn) {
        invalidateCode(index(pfn));
    }

    // ---- code tracking, used by CPUs ----

    /** Registers a code cache to be told when a marked frame changes. */
    public void addCodeListener(CodeListener listener) {
        codeListeners.add(listener);
    }

    public void removeCodeListener(CodeListener listener) {
        codeListeners.remove(listener);
    }

    /**
     * A CPU decoded code from this frame; later writes to it must be reported. When the mark is
     * new, every listener is told ({@link CodeListener#codeMarked}) after the mark is set, with a
     * fence between: an MMU that caches a write permission sets it, fences, then checks the mark
     * (Mmu#fill), so one of the two sees the other.
     */
    public void markCode(long pfn) {
        int i = index(pfn);
        byte[] c = codeMarks[i >>> CHUNK_SHIFT];
        if (c == null) c = markChunk(i >>> CHUNK_SHIFT);
        if (c[i & (CHUNK - 1)] != 0) return;
        c[i & (CHUNK - 1)] = 1;
        VarHandle.fullFence();
        for (CodeListener l : codeListeners) l.codeMarked(pfn);
    }

    private synchronized byte[] markChunk(int k) {
        byte[] c = codeMarks[k];
        if (c == null) {
            c = new byte[CHUNK];
            codeMarks[k] = c;
        }
        return c;
    }

    /** Whether the frame is marked as holding decoded code (the guest-store check). */
    public boolean isCode(long pfn) {
        byte[] c = codeMarks[(int) pfn >>> CHUNK_SHIFT];
        return c != null && c[(int) pfn & (CHUNK - 1)] != 0;
    }

    /** A guest store hit a marked frame. */
    public void codeFrameStored(long pfn) {
        invalidateCode(index(pfn));
    }

    private void invalidateCode(int i) {
        byte[] c = codeMarks[i >>> CHUNK_SHIFT];
        if (c != null && c[i & (CHUNK - 1)] != 0) {
            c[i & (CHUNK - 1)] = 0;
            for (CodeListener l : codeListeners) {
                l.codeInvalidated(i);
            }
        }
    }

    private int index(long pfn) {
        if (pfn < 0 || pfn >= frameCount) {
            throw new IllegalArgumentException("no such frame: " + pfn + " (memory has " + frameCount + ")");
        }
        return (int) pfn;
    }

    private static void checkAligned(long paddr) {
        if ((paddr & 7) != 0) {
            throw new IllegalArgumentException("unaligned 64-bit physical access: 0x" + Long.toHexString(paddr));
        }
    }
}
