package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Poll.POLLIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A signal counter counts each sending, is readable while the count is not 0, and read takes the count. */
class SignalCounterTest {

    @Test
    void readTakesTheCountAndReadinessFollowsIt() {
        List<SignalCounter> detached = new ArrayList<>();
        SignalCounter c = new SignalCounter(10, true, detached::add);
        List<Integer> wakes = new ArrayList<>();
        c.waitQueue().add(wakes::add);
        byte[] b = new byte[8];
        assertThat(c.poll(POLLIN)).isZero();
        assertThat(c.read(b, 0, 8)).isEqualTo(Errno.EAGAIN.negative());
        c.count();
        c.count();
        assertThat(wakes).hasSize(2);
        assertThat(c.poll(POLLIN)).isEqualTo(POLLIN);
        assertThat(c.read(b, 0, 4)).isEqualTo(Errno.EINVAL.negative());
        assertThat(c.read(b, 0, 8)).isEqualTo(8);
        assertThat(b).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        assertThat(c.poll(POLLIN)).isZero();
        c.close();
        assertThat(detached).containsExactly(c);
    }
}
