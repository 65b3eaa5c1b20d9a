package io.helctic.kernel.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pipe's buffer is kernel memory: past Linux's pipe-user-pages-soft (64 MiB between all open
 * pipes) a new pipe gets one page, so thousands of full pipes cannot fill the JVM's heap; and
 * closing both ends gives the buffer back.
 */
class PipeBuffersTest {
    @Test
    void manyFullPipesHoldAtMostTheSoftLimitPlusAPageEach() {
        long before = Pipe.reserved();
        List<Handle[]> open = new ArrayList<>();
        byte[] full = new byte[Pipe.CAPACITY];
        int n = 3000; // 3000 x 64 KiB would be 187 MiB
        for (int i = 0; i < n; i++) {
            Handle[] p = Pipe.create(io.helctic.abi.uapi.Fcntl.O_NONBLOCK);
            long w = p[1].write(full, 0, full.length);
            assertThat(w).isPositive();
            open.add(p);
        }
        long held = Pipe.reserved() - before;
        assertThat(held).isLessThanOrEqualTo(Pipe.SOFT_LIMIT + (long) n * Pipe.PIPE_BUF);
        // the last pipes took one page: a write of 64 KiB went in as 4 KiB
        Handle[] last = open.getLast();
        assertThat(last[0].available()).isEqualTo(Pipe.PIPE_BUF);
        for (Handle[] p : open) {
            p[0].close();
            p[1].close();
        }
        assertThat(Pipe.reserved()).isEqualTo(before);
    }
}
