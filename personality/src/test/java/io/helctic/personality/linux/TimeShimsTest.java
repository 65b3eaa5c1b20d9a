package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.personality.FakeKernel;
import org.junit.jupiter.api.Test;

/** gettimeofday and clock_getres: the calls the vDSO's stubs and glibc's fallbacks make. */
class TimeShimsTest {
    private static final long NOW = 1_700_000_123_456_789_012L;

    private static FakeKernel kernel() {
        return new FakeKernel().on(KernelOp.CLOCK_READ, (clock, b, c, d, e, f) ->
                clock >= 0 && clock <= 11 ? NOW : Errno.EINVAL.negative());
    }

    private static long call(FakeKernel k, int nr, long a1, long a2, long a3) {
        return LinuxAbi.INSTANCE.syscall(k.ops(), nr, a1, a2, a3, 0, 0, 0).value();
    }

    @Test
    void gettimeofdayIsTheRealtimeClockInMicroseconds() {
        FakeKernel k = kernel().map(0x1000, 16).map(0x2000, 8).poke64(0x2000, -1);
        assertThat(call(k, 96, 0x1000, 0x2000, 0)).isZero();
        assertThat(k.peek64(0x1000)).isEqualTo(1_700_000_123L);
        assertThat(k.peek64(0x1008)).isEqualTo(456_789L);
        assertThat(k.peek64(0x2000)).isZero();
        assertThat(call(kernel(), 96, 0, 0, 0)).isZero();
        assertThat(call(kernel(), 96, 0x1000, 0, 0)).isEqualTo(Errno.EFAULT.negative());
    }

    @Test
    void clockGetresIsOneNanosecondForTheKnownClocks() {
        FakeKernel k = kernel().map(0x1000, 16).poke64(0x1000, -1);
        assertThat(call(k, 229, 1, 0x1000, 0)).isZero();
        assertThat(k.peek64(0x1000)).isZero();
        assertThat(k.peek64(0x1008)).isEqualTo(1);
        assertThat(call(kernel(), 229, 0, 0, 0)).isZero();
        assertThat(call(kernel(), 229, 99, 0x1000, 0)).isEqualTo(Errno.EINVAL.negative());
        assertThat(call(kernel(), 229, 0, 0x1000, 0)).isEqualTo(Errno.EFAULT.negative());
    }
}
