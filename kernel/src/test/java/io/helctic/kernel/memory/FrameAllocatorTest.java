package io.helctic.kernel.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helctic.machine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** The frame allocator, whose table of reference counts grows as fresh frames are handed out. */
class FrameAllocatorTest {
    @Test
    void countsReferencesPastItsFirstTableAndReusesFreedFrames() {
        long frames = 10_000;
        FrameAllocator a = new FrameAllocator(new PhysicalMemory(frames * PhysicalMemory.PAGE_SIZE));
        long[] got = new long[9_000]; // past the first table (4,096) twice
        for (int i = 0; i < got.length; i++) {
            got[i] = a.allocate();
            assertThat(got[i]).isEqualTo(i + 1L); // frame 0 is never handed out
        }
        assertThat(a.framesInUse()).isEqualTo(9_000);
        for (long pfn : new long[] {1, 4_095, 4_096, 4_097, 8_191, 8_192, 9_000}) assertThat(a.references(pfn)).isEqualTo(1);
        assertThat(a.references(9_001)).isZero();
        assertThat(a.references(frames + 5)).isZero();
        a.retain(8_192);
        assertThat(a.references(8_192)).isEqualTo(2);
        a.release(8_192);
        a.release(5_000);
        assertThat(a.references(8_192)).isEqualTo(1);
        assertThat(a.references(5_000)).isZero();
        assertThatThrownBy(() -> a.release(5_000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.retain(9_500)).isInstanceOf(IllegalStateException.class);
        assertThat(a.allocate()).isEqualTo(5_000); // a freed frame first
        for (long i = 9_001; i < frames; i++) assertThat(a.allocate()).isEqualTo(i);
        assertThat(a.allocate()).isEqualTo(-1); // exhausted
        assertThat(a.framesInUse()).isEqualTo(frames - 1);
    }
}
