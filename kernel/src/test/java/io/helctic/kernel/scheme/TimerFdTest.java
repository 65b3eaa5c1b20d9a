package io.helctic.kernel.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timers are entries of the kernel's one timer thread: a thousand armed timerfds cost no threads. */
class TimerFdTest {

    @Test
    void aThousandArmedTimerfdsCostNoThreads() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        new TimerFd(System::nanoTime, true).set(1, 0, false); // the timer thread exists from now on
        Thread.sleep(20);
        int before = threads.getThreadCount();
        List<TimerFd> fds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            TimerFd t = new TimerFd(System::nanoTime, true);
            t.set(60_000_000_000L + i, 1_000_000_000L, false);
            fds.add(t);
        }
        assertThat(threads.getThreadCount()).isLessThanOrEqualTo(before + 1);
        // and they fire: one armed to expire now is readable at once, the others not
        TimerFd soon = new TimerFd(System::nanoTime, true);
        soon.set(1_000_000, 0, false);
        byte[] b = new byte[8];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (soon.read(b, 0, 8) < 0 && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(b[0]).isEqualTo((byte) 1);
        assertThat(fds.getFirst().read(b, 0, 8)).isNegative(); // EAGAIN: not yet
        for (TimerFd t : fds) t.close();
        soon.close();
    }
}
