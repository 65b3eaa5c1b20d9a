package io.helctic.kernel.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.memory.PhysicalMemory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The page cache of MAP_SHARED mappings: one frame per page for every mapping, write-back, fork, truncation. */
class SharedPagesTest {
    static final int RW = io.helctic.abi.uapi.Mman.PROT_READ | io.helctic.abi.uapi.Mman.PROT_WRITE;
    static final int PAGE = 4096;
    final FrameAllocator frames = new FrameAllocator(new PhysicalMemory(64L << 20));

    /** A file in a byte array. */
    static final class MemFile implements SharedPages.Backing {
        byte[] bytes;
        int writes;
        boolean released;

        MemFile(int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) bytes[i] = (byte) (i * 31 + 1);
        }

        @Override public long size() { return bytes.length; }

        @Override public void read(long pos, byte[] dst, int len) { System.arraycopy(bytes, (int) pos, dst, 0, len); }

        @Override public boolean write(long pos, byte[] src, int len) {
            writes++;
            System.arraycopy(src, 0, bytes, (int) pos, len);
            return true;
        }

        @Override public boolean writable() { return true; }

        @Override public void release() { released = true; }
    }

    static long mapShared(AddressSpace as, SharedPages p, long pages, long firstPage) {
        return as.map(0, pages * PAGE, RW, false, false, at -> new Grant.Provider.Shared(p, at, firstPage, true), "f");
    }

    @Test
    void twoMappingsShareOneFrameAndWriteBackOnUnmap() {
        MemFile file = new MemFile(2 * PAGE + 100);
        SharedPages p = SharedPages.of(file, "/f");
        AddressSpace as = new AddressSpace(frames);
        long a = mapShared(as, p, 3, 0), b = mapShared(as, p, 1, 1);
        byte[] one = new byte[1];
        assertThat(as.read(b + 5, one, 0, 1)).isTrue();
        assertThat(one[0]).as("read from the file at page 1").isEqualTo(file.bytes[PAGE + 5]);
        assertThat(as.write(a + PAGE + 5, new byte[] {42}, 0, 1)).isTrue();
        assertThat(as.read(b + 5, one, 0, 1)).isTrue();
        assertThat(one[0]).as("the other mapping sees the store").isEqualTo((byte) 42);
        assertThat(p.cachedPages()).isEqualTo(1);
        assertThat(file.bytes[PAGE + 5]).as("not yet written back").isNotEqualTo((byte) 42);
        assertThat(as.unmap(b, PAGE)).isZero();
        assertThat(file.writes).as("a mapping remains: no write-back yet").isZero();
        assertThat(as.sync(a, 3 * PAGE)).isZero();
        assertThat(file.bytes[PAGE + 5]).isEqualTo((byte) 42);
        assertThat(as.fault(a + 2 * PAGE, false, false)).as("the last, partial page").isEqualTo(AddressSpace.Fault.RESOLVED);
        long used = frames.framesInUse();
        assertThat(as.unmap(a, 3 * PAGE)).isZero();
        assertThat(p.cachedPages()).isZero();
        assertThat(frames.framesInUse()).as("both cached frames freed").isEqualTo(used - 2);
        assertThat(file.bytes).as("a mapping never extends its file").hasSize(2 * PAGE + 100);
    }

    @Test
    void pagesWhollyPastTheEndAreBusErrorsAndTruncationUnmapsThem() {
        MemFile file = new MemFile(PAGE + 1);
        SharedPages p = SharedPages.of(file, "/f");
        AddressSpace as = new AddressSpace(frames);
        long a = mapShared(as, p, 3, 0);
        assertThat(as.fault(a + PAGE + 4000, true, false)).isEqualTo(AddressSpace.Fault.RESOLVED);
        assertThat(as.fault(a + 2 * PAGE, false, false)).isEqualTo(AddressSpace.Fault.BEYOND_FILE);
        assertThat(as.read(a + 2 * PAGE, new byte[1], 0, 1)).as("the kernel's copies get EFAULT").isFalse();
        file.bytes = Arrays.copyOf(file.bytes, 10);
        p.truncated(10);
        assertThat(as.fault(a + PAGE, false, false)).isEqualTo(AddressSpace.Fault.BEYOND_FILE);
        byte[] tail = new byte[PAGE - 10];
        assertThat(as.read(a + 10, tail, 0, tail.length)).isTrue();
        assertThat(tail).as("past the new end reads zero").containsOnly(0);
    }

    @Test
    void forkKeepsSharedPagesSharedAndWritable() {
        SharedPages p = SharedPages.anonymous();
        AddressSpace parent = new AddressSpace(frames);
        long a = mapShared(parent, p, 1, 0);
        long priv = parent.map(0, PAGE, RW, false, false, Grant.ANONYMOUS, null);
        assertThat(parent.write(a, new byte[] {1}, 0, 1)).isTrue();
        assertThat(parent.write(priv, new byte[] {1}, 0, 1)).isTrue();
        AddressSpace child = parent.fork();
        assertThat(child.write(a, new byte[] {2}, 0, 1)).isTrue();
        assertThat(child.write(priv, new byte[] {2}, 0, 1)).isTrue();
        byte[] one = new byte[1];
        parent.read(a, one, 0, 1);
        assertThat(one[0]).as("shared: the child's store is seen").isEqualTo((byte) 2);
        parent.read(priv, one, 0, 1);
        assertThat(one[0]).as("private: copied on write").isEqualTo((byte) 1);
        child.destroy();
        parent.read(a, one, 0, 1);
        assertThat(one[0]).isEqualTo((byte) 2);
        assertThat(parent.discard(a, PAGE)).isZero();
        parent.read(a, one, 0, 1);
        assertThat(one[0]).as("MADV_DONTNEED keeps shared contents").isEqualTo((byte) 2);
        long before = frames.framesInUse();
        assertThat(parent.unmap(a, PAGE)).isZero();
        assertThat(frames.framesInUse()).isEqualTo(before - 1);
    }

    @Test
    void anonymousPagesOutliveTheMappingsThatTouchedThemUntilTheLastHolderLetsGo() {
        SharedPages p = SharedPages.anonymous();
        AddressSpace parent = new AddressSpace(frames);
        long a = mapShared(parent, p, 2, 0);
        AddressSpace child = parent.fork();
        assertThat(child.write(a + PAGE, new byte[] {77}, 0, 1)).as("a page the parent never touched").isTrue();
        child.destroy();
        byte[] one = new byte[1];
        assertThat(parent.read(a + PAGE, one, 0, 1)).isTrue();
        assertThat(one[0]).as("the child's store outlives the child").isEqualTo((byte) 77);
        long before = frames.framesInUse();
        parent.destroy();
        assertThat(p.cachedPages()).isZero();
        assertThat(frames.framesInUse()).as("the page and the parent's tables are freed").isLessThan(before);
    }

    @Test
    void writesThroughADescriptorReachCachedPagesAndFlushWritesStoresBack() {
        MemFile file = new MemFile(2 * PAGE);
        SharedPages p = SharedPages.of(file, "/f");
        AddressSpace as = new AddressSpace(frames);
        long a = mapShared(as, p, 2, 0);
        assertThat(as.write(a + 10, new byte[] {9}, 0, 1)).isTrue();
        byte[] data = {5, 6, 7};
        p.written(PAGE - 1, data, 0, 3); // spans a cached and an uncached page
        byte[] got = new byte[3];
        assertThat(as.read(a + PAGE - 1, got, 0, 3)).isTrue();
        assertThat(got[0]).isEqualTo((byte) 5);
        assertThat(got[1]).as("page 1 was read from the file after the write")
                .isEqualTo(file.bytes[PAGE]);
        p.flush();
        assertThat(file.bytes[10]).isEqualTo((byte) 9);
    }
}
