package io.helctic.machine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Physical memory's frames and code marks, whose tables are made in chunks at first touch. */
class PhysicalMemoryTest {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;

    @Test
    void framesOnEitherSideOfAChunkBoundaryAreDistinctAndReadAsZeroUntilTouched() {
        // 3 chunks and a part: the last chunk's table is only partly backed by frames
        long frames = 3L * PhysicalMemory.CHUNK + 17;
        PhysicalMemory m = new PhysicalMemory(frames * PAGE);
        assertThat(m.frameCount()).isEqualTo(frames);
        long[] pfns = {0, PhysicalMemory.CHUNK - 1, PhysicalMemory.CHUNK, 2L * PhysicalMemory.CHUNK + 5, frames - 1};
        for (long pfn : pfns) {
            assertThat(m.isMaterialised(pfn)).isFalse();
            assertThat(m.read64(pfn * PAGE + 8)).isZero(); // reading does not materialise
            assertThat(m.isMaterialised(pfn)).isFalse();
        }
        for (long pfn : pfns) m.write64(pfn * PAGE + 8, 0x1111_0000L + pfn);
        for (long pfn : pfns) {
            assertThat(m.isMaterialised(pfn)).isTrue();
            assertThat(m.read64(pfn * PAGE + 8)).isEqualTo(0x1111_0000L + pfn);
        }
        for (int i = 1; i < pfns.length; i++) assertThat(m.frame(pfns[i])).isNotSameAs(m.frame(pfns[i - 1]));
        assertThat(m.isMaterialised(1)).isFalse(); // a neighbour in a made chunk still has no frame
        m.release(PhysicalMemory.CHUNK);
        assertThat(m.isMaterialised(PhysicalMemory.CHUNK)).isFalse();
        assertThat(m.read64((long) PhysicalMemory.CHUNK * PAGE + 8)).isZero();
        assertThat(m.read64((PhysicalMemory.CHUNK - 1L) * PAGE + 8)).isEqualTo(0x1111_0000L + PhysicalMemory.CHUNK - 1);
        assertThatThrownBy(() -> m.frame(frames)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.frame(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeMarksAreKeptPerFrameAcrossChunksAndClearedByAWrite() {
        long frames = 2L * PhysicalMemory.CHUNK + 3;
        PhysicalMemory m = new PhysicalMemory(frames * PAGE);
        List<Long> marked = new ArrayList<>(), invalidated = new ArrayList<>();
        m.addCodeListener(new CodeListener() {
            @Override
            public void codeMarked(long pfn) { marked.add(pfn); }

            @Override
            public void codeInvalidated(long pfn) { invalidated.add(pfn); }
        });
        long a = PhysicalMemory.CHUNK - 1, b = PhysicalMemory.CHUNK, c = frames - 1;
        assertThat(m.isCode(a)).isFalse();
        assertThat(m.isCode(c)).isFalse(); // a chunk never made: no mark
        m.markCode(a);
        m.markCode(b);
        m.markCode(b); // once only
        m.markCode(c);
        assertThat(marked).containsExactly(a, b, c);
        assertThat(m.isCode(a)).isTrue();
        assertThat(m.isCode(b)).isTrue();
        assertThat(m.isCode(c)).isTrue();
        assertThat(m.isCode(a - 1)).isFalse();
        assertThat(m.isCode(b + 1)).isFalse();
        m.write64(b * PAGE, 1); // a store into a marked frame drops its mark and tells the listeners
        assertThat(m.isCode(b)).isFalse();
        assertThat(m.isCode(a)).isTrue();
        m.frameWritten(a);
        m.release(c);
        assertThat(invalidated).containsExactly(b, a, c);
        assertThat(m.isCode(a)).isFalse();
        assertThat(m.isCode(c)).isFalse();
        m.write64(b * PAGE, 2); // no mark: nothing to tell
        assertThat(invalidated).hasSize(3);
    }
}
