package io.helctic.kernel.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A wake-up interrupts a thread at once, except inside host I/O: then it is delivered when the I/O ends. */
class WakeGateTest {
    final WakeGate gate = new WakeGate();
    final Thread me = Thread.currentThread();

    @AfterEach
    void clear() {
        Thread.interrupted();
    }

    private long inGate(WakeGate.HostLongCall io) throws Exception {
        return ScopedValue.where(WakeGate.CURRENT, gate).call(() -> WakeGate.uninterruptibly(io));
    }

    @Test
    void outsideHostIoAWakeUpInterruptsAtOnce() {
        gate.interrupt(me);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void insideHostIoAWakeUpWaitsForItsEnd() throws Exception {
        long r = inGate(() -> {
            gate.interrupt(me);
            assertThat(Thread.currentThread().isInterrupted()).as("during the I/O").isFalse();
            long nested = WakeGate.uninterruptibly(() -> {
                gate.interrupt(me);
                return 7;
            });
            assertThat(Thread.currentThread().isInterrupted()).as("after a nested section").isFalse();
            return nested;
        });
        assertThat(r).isEqualTo(7);
        assertThat(Thread.interrupted()).as("after the I/O").isTrue();
        assertThat(inGate(() -> Thread.currentThread().isInterrupted() ? 1 : 0)).isZero();
        assertThat(Thread.interrupted()).as("delivered once").isFalse();
    }

    @Test
    void aWakeUpAlreadySetIsHeldDuringHostIoAndKept() throws Exception {
        me.interrupt();
        assertThat(inGate(() -> Thread.currentThread().isInterrupted() ? 1 : 0)).isZero();
        assertThat(Thread.interrupted()).isTrue();
        me.interrupt();
        assertThat(WakeGate.uninterruptibly(() -> Thread.currentThread().isInterrupted() ? 1 : 0))
                .as("not a guest thread").isZero();
        assertThat(Thread.interrupted()).isTrue();
    }
}
