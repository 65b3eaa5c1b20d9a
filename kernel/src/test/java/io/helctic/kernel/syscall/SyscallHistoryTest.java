package io.helctic.kernel.syscall;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The panic report's ring of recent calls: each call completes its own slot, whichever thread's
 * calls came between; a call whose slot later calls took is not completed into theirs; the
 * entries come oldest first with their arguments as they were.
 */
class SyscallHistoryTest {
    private static final PersonalityId P = PersonalityId.LINUX;
    private static final Isa X = Isa.X86_64;

    @Test
    void callsInFlightOnSeveralThreadsEachCompleteTheirOwn() {
        SyscallHistory h = new SyscallHistory(4);
        long a = h.add(1, 202, 1, 2, 3, 4, 5, 6, P, X); // tid 1 blocks in futex
        long b = h.add(2, 39, 0, 0, 0, 0, 0, 0, P, X);  // tid 2 calls getpid meanwhile
        h.complete(b, SyscallResult.of(7));
        List<SyscallHistory.Entry> e = h.entries();
        assertThat(e).hasSize(2);
        assertThat(e.get(0).tid()).isEqualTo(1);
        assertThat(e.get(0).args()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(e.get(0).result()).as("tid 1's call is still in flight").isNull();
        assertThat(e.get(1).result().value()).isEqualTo(7);
        h.complete(a, SyscallResult.of(0));
        assertThat(h.entries().get(0).result().value()).isEqualTo(0);
        assertThat(h.entries().get(1).result().value()).isEqualTo(7);
    }

    @Test
    void aCallWhoseSlotWasTakenIsNotCompletedIntoAnother() {
        SyscallHistory h = new SyscallHistory(4);
        long old = h.add(1, 0, 0, 0, 0, 0, 0, 0, P, X);
        for (int i = 1; i <= 5; i++) h.complete(h.add(2, i, i, 0, 0, 0, 0, 0, P, X), SyscallResult.of(i));
        h.complete(old, SyscallResult.of(-4));
        List<SyscallHistory.Entry> e = h.entries();
        assertThat(e).extracting(SyscallHistory.Entry::nr).containsExactly(2L, 3L, 4L, 5L);
        assertThat(e).extracting(x -> x.result().value()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(h.count()).isEqualTo(6);
    }

    @Test
    void resultsMadeOnceAreTheValuesAsked() {
        for (long v : new long[] {-4097, -4096, -4095, -1, 0, 1, 4095, 4096, 1L << 40, Long.MIN_VALUE}) {
            assertThat(SyscallResult.of(v).value()).isEqualTo(v);
            assertThat(SyscallResult.of(v)).isEqualTo(new SyscallResult(v, 0, false, SyscallResult.Carry.UNCHANGED, null));
        }
        assertThat(SyscallResult.of(3)).as("a small value is made once").isSameAs(SyscallResult.of(3));
    }
}
