package io.helctic.kernel.memory;

import static io.helctic.abi.uapi.Mman.*;

import java.lang.foreign.MemorySegment;

/**
 * A mapped run of pages [start, end) with its protection and its provider: where the
 * contents of a page come from when it is first touched; its NUMA memory policy (mbind; null:
 * none, the thread's applies) and whether it is sealed (mseal: it can no longer be unmapped,
 * moved, replaced or reprotected).
 */
public record Grant(long start, long end, int prot, Provider provider, String name, MemPolicy policy, boolean sealed) {

    /** A grant with no policy of its own, not sealed. */
    public Grant(long start, long end, int prot, Provider provider, String name) {
        this(start, end, prot, provider, name, null, false);
    }


    /** Where a grant's pages come from. */
    public sealed interface Provider {
        /** Private anonymous memory: zero-filled on first touch. */
        record Anonymous() implements Provider {}

        /**
         * Private file-backed memory: the page at virtual address {@code va} holds the file
         * bytes at {@code fileOffset + (va - origin)} while {@code va - origin < fileBytes},
         * zero after (a segment's bss). The file stays mapped, so pages are read on demand
         * and never copied ahead of use. {@code shmem}: the file's shmem object when it is one (a
         * memfd), whose shared NUMA policy this mapping reads and sets as Linux's shmem mappings do.
         */
        record FileImage(MemorySegment file, long origin, long fileOffset, long fileBytes, String path, SharedPages shmem)
                implements Provider {
            /** A private mapping of a file that is not shmem. */
            public FileImage(MemorySegment file, long origin, long fileOffset, long fileBytes, String path) {
                this(file, origin, fileOffset, fileBytes, path, null);
            }

            /** The page index in the file of the page at va. */
            public long index(long va) {
                return (fileOffset + ((va & -AddressSpace.PAGE) - origin)) / AddressSpace.PAGE;
            }
        }

        /**
         * MAP_SHARED memory: the page at va is page {@code firstPage + (va - origin) / PAGE} of
         * a shared object, the same frame in every mapping of it. {@code mayWrite}: the mapping
         * may become writable (its file was opened for reading and writing).
         */
        record Shared(SharedPages pages, long origin, long firstPage, boolean mayWrite) implements Provider {
            public long index(long va) {
                return firstPage + ((va & -AddressSpace.PAGE) - origin) / AddressSpace.PAGE;
            }
        }
    }

    public static final Provider ANONYMOUS = new Provider.Anonymous();

    public Grant {
        if ((start & 0xfff) != 0 || (end & 0xfff) != 0 || end <= start) {
            throw new IllegalArgumentException("bad grant [" + Long.toHexString(start) + ", " + Long.toHexString(end) + ")");
        }
    }

    public boolean contains(long va) {
        return Long.compareUnsigned(va, start) >= 0 && Long.compareUnsigned(va, end) < 0;
    }

    public long length() { return end - start; }

    /** This grant cut to [from, to), which must lie inside it. */
    public Grant slice(long from, long to) {
        return new Grant(Math.max(from, start), Math.min(to, end), prot, provider, name, policy, sealed);
    }

    public Grant withProt(int newProt) {
        return new Grant(start, end, newProt, provider, name, policy, sealed);
    }

    public Grant withPolicy(MemPolicy p) {
        return new Grant(start, end, prot, provider, name, p, sealed);
    }

    public Grant withSeal() {
        return new Grant(start, end, prot, provider, name, policy, true);
    }

    /** The same attributes over [newStart, newEnd) with another provider (mremap). */
    public Grant moved(long newStart, long newEnd, Provider p) {
        return new Grant(newStart, newEnd, prot, p, name, policy, sealed);
    }

    /** Linux's vma_is_anonymous: private anonymous memory (no file, not shared). */
    public boolean anonymous() {
        return provider instanceof Provider.Anonymous;
    }

    /** Fills a fresh frame for the page at va from the provider. */
    void fill(long va, byte[] frame) {
        if (provider instanceof Provider.FileImage f) {
            long rel = va - f.origin();
            long n = Math.min(frame.length, f.fileBytes() - rel);
            if (n > 0) {
                // through a byte-buffer view: MemorySegment.copy into an array spins a pattern-switch
                // class at its first use, which the AOT cache cannot hold (a millisecond or more of
                // every run's first page fault)
                f.file().asSlice(f.fileOffset() + rel, n).asByteBuffer().get(0, frame, 0, (int) n);
            }
        }
    }
}
