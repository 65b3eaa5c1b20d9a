package io.helctic.kernel.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.memory.PageTableEntry;
import io.helctic.machine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** Grants, demand paging and the Linux semantics of mmap, munmap, mprotect and brk. */
class AddressSpaceTest {
    static final int RW = io.helctic.abi.uapi.Mman.PROT_READ | io.helctic.abi.uapi.Mman.PROT_WRITE;
    final FrameAllocator frames = new FrameAllocator(new PhysicalMemory(64L << 20));
    final AddressSpace as = new AddressSpace(frames);

    @Test
    void anonymousMemoryIsZeroAndFaultedInOnFirstTouch() {
        long a = as.map(0, 3 * 4096, RW, false, false, Grant.ANONYMOUS, null);
        assertThat(a).isPositive();
        assertThat(a & 0xfff).isZero();
        long before = frames.framesInUse();
        byte[] buf = new byte[8];
        assertThat(as.read(a + 4096, buf, 0, 8)).isTrue();
        assertThat(buf).containsOnly(0);
        long afterOne = frames.framesInUse();
        assertThat(afterOne).as("one data frame and the three lower page tables").isEqualTo(before + 4);
        assertThat(as.fault(a + 2 * 4096 + 5, true, false)).isEqualTo(AddressSpace.Fault.RESOLVED);
        assertThat(frames.framesInUse()).as("one more frame; none for the untouched first page").isEqualTo(afterOne + 1);
    }

    @Test
    void faultsOutsideGrantsOrAgainstProtectionAreReported() {
        long a = as.map(0, 4096, io.helctic.abi.uapi.Mman.PROT_READ, false, false, Grant.ANONYMOUS, null);
        assertThat(as.fault(0x1000, false, false)).isEqualTo(AddressSpace.Fault.NOT_MAPPED);
        assertThat(as.fault(a, true, false)).isEqualTo(AddressSpace.Fault.ACCESS);
        assertThat(as.fault(a, false, true)).isEqualTo(AddressSpace.Fault.ACCESS);
        assertThat(as.fault(a, false, false)).isEqualTo(AddressSpace.Fault.RESOLVED);
        assertThat(as.write(a, new byte[] {1}, 0, 1)).as("kernel writes honour PROT_WRITE").isFalse();
    }

    @Test
    void munmapSplitsGrantsAndFreesFrames() {
        long a = as.map(0, 4 * 4096, RW, false, false, Grant.ANONYMOUS, null);
        for (int i = 0; i < 4; i++) assertThat(as.write(a + i * 4096L, new byte[] {7}, 0, 1)).isTrue();
        long used = frames.framesInUse();
        assertThat(as.unmap(a + 4096, 2 * 4096)).isZero();
        assertThat(frames.framesInUse()).isEqualTo(used - 2);
        assertThat(as.grants()).hasSize(2);
        assertThat(as.grantAt(a + 4096)).isNull();
        byte[] one = new byte[1];
        assertThat(as.read(a + 3 * 4096, one, 0, 1)).isTrue();
        assertThat(one[0]).isEqualTo((byte) 7);
        assertThat(as.unmap(a + 1, 4096)).isEqualTo(-22);
        assertThat(as.unmap(a, 0)).isEqualTo(-22);
        assertThat(as.unmap(0x7000_0000_0000L, 4096)).as("unmapping nothing is fine").isZero();
    }

    @Test
    void fixedNoReplaceAndHints() {
        long a = as.map(0x20000000L, 4096, RW, false, false, Grant.ANONYMOUS, null);
        assertThat(a).as("a free hint is honoured").isEqualTo(0x20000000L);
        assertThat(as.map(0x20000000L, 4096, RW, false, true, Grant.ANONYMOUS, null)).isEqualTo(-17);
        assertThat(as.map(0x20000001L, 4096, RW, true, false, Grant.ANONYMOUS, null)).isEqualTo(-22);
        assertThat(as.map(0x20000000L, 4096, io.helctic.abi.uapi.Mman.PROT_READ, true, false, Grant.ANONYMOUS, null)).isEqualTo(0x20000000L);
        assertThat(as.grantAt(0x20000000L).prot()).isEqualTo(io.helctic.abi.uapi.Mman.PROT_READ);
        assertThat(as.map(0, 0, RW, false, false, Grant.ANONYMOUS, null)).isEqualTo(-22);
        assertThat(as.map(0, -4096, RW, false, false, Grant.ANONYMOUS, null)).isEqualTo(-22);
        assertThat(as.map(0, 1L << 50, RW, false, false, Grant.ANONYMOUS, null)).isEqualTo(-12);
    }

    @Test
    void mprotectChangesPresentPagesAndNeedsAMappedRange() {
        long a = as.map(0, 2 * 4096, RW, false, false, Grant.ANONYMOUS, null);
        assertThat(as.write(a, new byte[] {1}, 0, 1)).isTrue();
        assertThat(as.protect(a, 4096, io.helctic.abi.uapi.Mman.PROT_READ)).isZero();
        assertThat(as.write(a, new byte[] {1}, 0, 1)).isFalse();
        assertThat(as.write(a + 4096, new byte[] {1}, 0, 1)).isTrue();
        assertThat(as.protect(a, 3 * 4096, io.helctic.abi.uapi.Mman.PROT_READ)).isEqualTo(-12);
        assertThat(as.protect(a + 1, 4096, io.helctic.abi.uapi.Mman.PROT_READ)).isEqualTo(-22);
        assertThat(as.protect(a, 4096, 0x80)).isEqualTo(-22);
        assertThat(as.grants()).hasSize(2);
    }

    @Test
    void brkGrowsShrinksAndRefusesToRunIntoMappings() {
        as.initBrk(0x500123);
        long start = as.brk();
        assertThat(start).isEqualTo(0x501000);
        assertThat(as.setBrk(0)).isEqualTo(start);
        assertThat(as.setBrk(start + 10000)).isEqualTo(start + 10000);
        assertThat(as.write(start + 9999, new byte[] {9}, 0, 1)).isTrue();
        assertThat(as.setBrk(start)).isEqualTo(start);
        assertThat(as.grantAt(start)).isNull();
        as.map(start + 0x10000, 4096, RW, true, false, Grant.ANONYMOUS, null);
        assertThat(as.setBrk(start + 0x20000)).as("refused: runs into a mapping").isEqualTo(start);
        assertThat(as.setBrk(start + 0x8000)).isEqualTo(start + 0x8000);
    }

    @Test
    void mremapGrowsInPlaceOrMovesTheFramesItself() {
        long a = as.map(0x30000000L, 2 * 4096, RW, true, false, Grant.ANONYMOUS, null);
        assertThat(as.write(a, new byte[] {42}, 0, 1)).isTrue();
        assertThat(as.remap(a, 2 * 4096, 4 * 4096, false, false, 0)).as("room after it: in place").isEqualTo(a);
        as.map(a + 4 * 4096, 4096, RW, true, false, Grant.ANONYMOUS, null);
        assertThat(as.remap(a, 4 * 4096, 8 * 4096, false, false, 0)).as("blocked, may not move").isEqualTo(-12);
        long used = frames.framesInUse();
        long b = as.remap(a, 4 * 4096, 8 * 4096, true, false, 0);
        assertThat(b).isNotEqualTo(a).isPositive();
        byte[] one = new byte[1];
        assertThat(as.read(b, one, 0, 1)).isTrue();
        assertThat(one[0]).as("the data moved with the frame").isEqualTo((byte) 42);
        assertThat(frames.framesInUse()).as("no page was copied").isLessThanOrEqualTo(used + 3);
        assertThat(as.grantAt(a)).isNull();
        assertThat(as.remap(b, 8 * 4096, 4096, false, false, 0)).as("shrink").isEqualTo(b);
        assertThat(as.grantAt(b + 4096)).isNull();
        assertThat(as.remap(b + 1, 4096, 8192, true, false, 0)).isEqualTo(-22);
    }

    @Test
    void discardDropsPagesSoTheyReadAsZeroAgain() {
        long a = as.map(0, 2 * 4096, RW, false, false, Grant.ANONYMOUS, null);
        assertThat(as.write(a + 10, new byte[] {7}, 0, 1)).isTrue();
        assertThat(as.discard(a, 2 * 4096)).isZero();
        byte[] one = {1};
        assertThat(as.read(a + 10, one, 0, 1)).isTrue();
        assertThat(one[0]).isZero();
        assertThat(as.discard(a + 1, 4096)).isEqualTo(-22);
        assertThat(as.discard(0x7000_0000_0000L, 4096)).isEqualTo(-12);
    }

    @Test
    void destroyReturnsEveryFrame() {
        long a = as.map(0, 16 * 4096, RW, false, false, Grant.ANONYMOUS, null);
        for (int i = 0; i < 16; i++) as.write(a + i * 4096L, new byte[] {1}, 0, 1);
        as.destroy();
        assertThat(frames.framesInUse()).isZero();
        assertThat(PageTableEntry.PRESENT).isEqualTo(1);
    }
}
