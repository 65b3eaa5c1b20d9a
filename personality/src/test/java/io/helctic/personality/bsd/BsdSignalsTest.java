package io.helctic.personality.bsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.uapi.Signal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * FreeBSD's signal map is total both ways: every kernel signal has a FreeBSD number of its own,
 * and every FreeBSD signal from 1 to 33 and its real-time ones from 65 reach a kernel signal
 * and come back as themselves (sys/sys/signal.h: SIGEMT 7, SIGINFO 29, SIGTHR 32, SIGLIBRT 33).
 */
class BsdSignalsTest {
    @Test
    void freeBsdsMapIsTotalAndOneToOne() {
        int[] m = BsdSignals.freeBsd();
        Set<Integer> seen = new HashSet<>();
        for (int k = 1; k <= Signal.NSIG; k++) {
            assertThat(m[k]).as("FreeBSD's number for kernel signal %d", k).isPositive();
            assertThat(seen.add(m[k])).as("FreeBSD's %d given twice", m[k]).isTrue();
        }
        for (int f = 1; f <= 33; f++) {
            int k = BsdSignals.toKernel(m, f);
            assertThat(k).as("kernel signal for FreeBSD's %d", f).isPositive();
            assertThat(m[k]).isEqualTo(f);
        }
        for (int f = 65; f < 65 + (Signal.NSIG - 33); f++) assertThat(m[BsdSignals.toKernel(m, f)]).isEqualTo(f);
        assertThat(m[Signal.SIGUSR1]).isEqualTo(30);
        assertThat(m[Signal.SIGCHLD]).isEqualTo(20);
        assertThat(BsdSignals.toKernel(m, 7)).isEqualTo(Signal.SIGSTKFLT);
        assertThat(BsdSignals.toKernel(m, 29)).isEqualTo(Signal.SIGPWR);
    }
}
