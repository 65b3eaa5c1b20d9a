package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.KernelOp;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.FakeKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** readv / writev / dup2 / arch_prctl / time against a fake kernel with simulated guest memory. */
class LinuxShimsTest {

    private static final long IOV = 0x10000;

    private static long call(FakeKernel k, int nr, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        SyscallResult r = LinuxAbi.INSTANCE.syscall(k.ops(), nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        return r.value();
    }

    private static FakeKernel iovecs(long... baseLen) {
        FakeKernel k = new FakeKernel().map(IOV, 16 * baseLen.length / 2);
        for (int i = 0; i < baseLen.length; i += 2) {
            k.poke64(IOV + 8L * i, baseLen[i]);
            k.poke64(IOV + 8L * i + 8, baseLen[i + 1]);
        }
        return k;
    }

    @Test
    void writevCallsWritePerElementWithLoadedBasesAndLengths() {
        FakeKernel k = iovecs(0x7fff_0000_1000L, 5, 0x2000, 0, 0x3000, 7);
        k.on(KernelOp.WRITE, (fd, buf, n, a4, a5, a6) -> n);
        assertThat(call(k, 20, 1, IOV, 3)).isEqualTo(12);
        List<long[]> writes = new ArrayList<>();
        k.callsOf(KernelOp.WRITE).forEach(c -> writes.add(new long[] {c.args()[0], c.args()[1], c.args()[2]}));
        assertThat(writes).containsExactly(new long[] {1, 0x7fff_0000_1000L, 5}, new long[] {1, 0x3000, 7});
        // 64-bit fields are read as two 4-byte loads
        assertThat(k.callsOf(KernelOp.USER_LOAD)).hasSize(12).allSatisfy(c -> assertThat(c.args()[1]).isEqualTo(4));
    }

    @Test
    void readvStopsAtTheFirstShortTransfer() {
        FakeKernel k = iovecs(0x1000, 10, 0x2000, 10, 0x3000, 10);
        k.on(KernelOp.READ, (fd, buf, n, a4, a5, a6) -> buf == 0x2000 ? 4 : n);
        assertThat(call(k, 19, 3, IOV, 3)).isEqualTo(14);
        assertThat(k.callsOf(KernelOp.READ)).hasSize(2);
    }

    @Test
    void anErrorAfterProgressReturnsTheProgressAndAnErrorFirstReturnsTheError() {
        FakeKernel k = iovecs(0x1000, 10, 0x2000, 10);
        k.on(KernelOp.READ, (fd, buf, n, a4, a5, a6) -> buf == 0x2000 ? -14 : n);
        assertThat(call(k, 19, 3, IOV, 2)).isEqualTo(10);
        FakeKernel bad = iovecs(0x1000, 10);
        bad.on(KernelOp.READ, (fd, buf, n, a4, a5, a6) -> -9);
        assertThat(call(bad, 19, 99, IOV, 1)).isEqualTo(-9);
    }

    @Test
    void countsAndLengthsAreValidated() {
        FakeKernel k = iovecs(0x1000, 10);
        assertThat(call(k, 20, 1, IOV, -1)).isEqualTo(-22);
        assertThat(call(k, 20, 1, IOV, 1025)).isEqualTo(-22);
        assertThat(call(k, 20, 1, IOV, 0)).isZero();
        assertThat(k.opCalls()).isEmpty();
        FakeKernel negative = iovecs(0x1000, -1);
        assertThat(call(negative, 20, 1, IOV, 1)).isEqualTo(-22);
        assertThat(negative.opCalls()).isEmpty();
    }

    @Test
    void anUnreadableIovecArrayFaultsBeforeAnyTransfer() {
        FakeKernel k = iovecs(0x1000, 10);
        k.on(KernelOp.WRITE, (fd, buf, n, a4, a5, a6) -> n);
        assertThat(call(k, 20, 1, IOV, 2)).isEqualTo(-14);
        assertThat(k.callsOf(KernelOp.WRITE)).isEmpty();
    }

    @Test
    void dup2() {
        FakeKernel open = new FakeKernel().on(KernelOp.FCNTL, (fd, cmd, a, a4, a5, a6) -> 1);
        assertThat(call(open, 33, 5, 5)).isEqualTo(5);
        assertThat(open.opCalls()).singleElement().satisfies(c -> {
            assertThat(c.op()).isEqualTo(KernelOp.FCNTL);
            assertThat(c.args()[0]).isEqualTo(5);
            assertThat(c.args()[1]).isEqualTo(1); // F_GETFD
        });
        FakeKernel closed = new FakeKernel().on(KernelOp.FCNTL, (fd, cmd, a, a4, a5, a6) -> -9);
        assertThat(call(closed, 33, 5, 5)).isEqualTo(-9);
        FakeKernel other = new FakeKernel().on(KernelOp.DUP3, (o, n, f, a4, a5, a6) -> n);
        assertThat(call(other, 33, 3, 10)).isEqualTo(10);
        assertThat(other.opCalls()).singleElement().satisfies(c -> {
            assertThat(c.op()).isEqualTo(KernelOp.DUP3);
            assertThat(c.args()).startsWith(3, 10, 0);
        });
    }

    @Test
    void archPrctlSetsAndGetsThreadBases() {
        FakeKernel k = new FakeKernel()
            .on(KernelOp.SET_TLS, (which, base, a3, a4, a5, a6) -> 0)
            .on(KernelOp.GET_TLS, (which, a2, a3, a4, a5, a6) -> which == 0 ? 0x7f00_1234_5678L : 0x5000)
            .map(0x8000, 8);
        assertThat(call(k, 158, 0x1002, 0x4c9380)).isZero();
        assertThat(call(k, 158, 0x1001, 0x5000)).isZero();
        assertThat(k.callsOf(KernelOp.SET_TLS)).extracting(c -> List.of(c.args()[0], c.args()[1]))
            .containsExactly(List.of(0L, 0x4c9380L), List.of(1L, 0x5000L));
        assertThat(call(k, 158, 0x1003, 0x8000)).isZero();
        assertThat(k.peek64(0x8000)).isEqualTo(0x7f00_1234_5678L);
        assertThat(call(k, 158, 0x1004, 0x8000)).isZero();
        assertThat(k.peek64(0x8000)).isEqualTo(0x5000);
        assertThat(k.callsOf(KernelOp.USER_STORE)).allSatisfy(c -> assertThat(c.args()[2]).isEqualTo(8));
        assertThat(call(k, 158, 0x1003, 0x9000)).isEqualTo(-14);
        assertThat(call(k, 158, 0x1011, 0)).isEqualTo(-22);
        assertThat(call(k, 158, 0, 0)).isEqualTo(-22);
    }

    private static FakeKernel clockAt(long seconds) {
        FakeKernel k = new FakeKernel();
        k.on(KernelOp.CLOCK_READ, (clock, a2, a3, a4, a5, a6) -> seconds * 1_000_000_000L + 999_999_999L);
        return k;
    }

    @Test
    void timeWithAndWithoutTloc() {
        FakeKernel k = clockAt(1_700_000_000L);
        assertThat(call(k, 201, 0)).isEqualTo(1_700_000_000L);
        assertThat(k.callsOf(KernelOp.CLOCK_READ)).singleElement()
            .satisfies(c -> assertThat(c.args()[0]).isZero()); // CLOCK_REALTIME

        FakeKernel t = clockAt(42).map(0x9000, 16).poke64(0x9008, 0x1122334455667788L);
        assertThat(call(t, 201, 0x9000)).isEqualTo(42);
        assertThat(t.peek64(0x9000)).isEqualTo(42);
        assertThat(t.peek64(0x9008)).as("the bytes after tloc are untouched").isEqualTo(0x1122334455667788L);

        assertThat(call(clockAt(42), 201, 0xdead0000L)).isEqualTo(-14);
        FakeKernel broken = new FakeKernel().on(KernelOp.CLOCK_READ, (a1, a2, a3, a4, a5, a6) -> -22);
        assertThat(call(broken, 201, 0)).isEqualTo(-22);
    }
}
