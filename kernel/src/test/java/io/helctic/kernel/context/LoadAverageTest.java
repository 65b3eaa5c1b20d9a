package io.helctic.kernel.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Linux's calc_load, step by step (kernel/sched/loadavg.c): what /proc/loadavg would print. */
class LoadAverageTest {
    /** LOAD_INT.LOAD_FRAC of a fixed-point average, with Linux's rounding for two decimals. */
    private static String shown(long x) {
        long v = x + LoadAverage.FIXED_1 / 200;
        return (v >> 11) + "." + String.format("%02d", ((v & (LoadAverage.FIXED_1 - 1)) * 100) >> 11);
    }

    @Test
    void oneRunnableThreadRaisesTheOneMinuteAverageAsLinuxDoes() {
        long one = 0, five = 0;
        long active = LoadAverage.FIXED_1;
        one = LoadAverage.calcLoad(one, LoadAverage.EXP_1, active);
        five = LoadAverage.calcLoad(five, LoadAverage.EXP_5, active);
        // (0 * 1884 + 2048 * 164 + 2047) / 2048 = 164, rounded up while growing
        assertThat(one).isEqualTo(164);
        assertThat(shown(one)).isEqualTo("0.08");
        assertThat(five).isEqualTo((2048L * 34 + 2047) / 2048);
        for (int i = 1; i < 12; i++) one = LoadAverage.calcLoad(one, LoadAverage.EXP_1, active); // one minute
        assertThat(shown(one)).isEqualTo("0.63"); // 1 - 1/e, as a one-minute average should
        for (int i = 0; i < 200; i++) one = LoadAverage.calcLoad(one, LoadAverage.EXP_1, active);
        assertThat(shown(one)).isEqualTo("1.00");
        for (int i = 0; i < 200; i++) one = LoadAverage.calcLoad(one, LoadAverage.EXP_1, 0);
        assertThat(one).isZero(); // decays without rounding up
    }
}
