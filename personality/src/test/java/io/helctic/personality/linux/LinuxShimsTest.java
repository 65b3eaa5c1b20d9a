package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.KernelOp;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.FakeKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** readv / writev / preadv / vmsplice / dup2 / arch_prctl / time against a fake kernel with simulated guest memory. */
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
    void readvAndWritevAreOneOpEachAtTheFilePosition() {
        FakeKernel k = new FakeKernel();
        k.on(KernelOp.WRITEV, (fd, iov, n, off, flags, a6) -> 12);
        k.on(KernelOp.READV, (fd, iov, n, off, flags, a6) -> 7);
        assertThat(call(k, 20, 1, IOV, 3)).isEqualTo(12);
        assertThat(call(k, 19, 3, IOV, 2)).isEqualTo(7);
        assertThat(k.callsOf(KernelOp.WRITEV).getFirst().args()).startsWith(1, IOV, 3, -1, 0);
        assertThat(k.callsOf(KernelOp.READV).getFirst().args()).startsWith(3, IOV, 2, -1, 0);
    }

    @Test
    void preadvRefusesANegativeOffsetAndPreadv2TakesMinusOneAsThePosition() {
        FakeKernel k = new FakeKernel();
        k.on(KernelOp.READV, (fd, iov, n, off, flags, a6) -> 5);
        assertThat(call(k, 295, 3, IOV, 1, -1, 0)).isEqualTo(-22); // preadv
        assertThat(k.opCalls()).isEmpty();
        assertThat(call(k, 295, 3, IOV, 1, 4096, 77)).isEqualTo(5); // pos_h ignored
        assertThat(k.callsOf(KernelOp.READV).getFirst().args()).startsWith(3, IOV, 1, 4096, 0);
        assertThat(call(k, 327, 3, IOV, 1, -1, 0, 8)).isEqualTo(5); // preadv2, RWF_NOWAIT
        assertThat(k.callsOf(KernelOp.READV).get(1).args()).startsWith(3, IOV, 1, -1, 8);
    }

    @Test
    void vmspliceWritesIntoAWriteEndAndReadsFromAReadEnd() {
        FakeKernel k = new FakeKernel();
        k.on(KernelOp.FCNTL, (fd, cmd, arg, a4, a5, a6) -> fd == 4 ? 1 : fd == 3 ? 0 : -9); // O_WRONLY, O_RDONLY
        k.on(KernelOp.WRITEV, (fd, iov, n, off, flags, a6) -> 10);
        k.on(KernelOp.READV, (fd, iov, n, off, flags, a6) -> 11);
        assertThat(call(k, 278, 4, IOV, 2, 0)).isEqualTo(10);
        assertThat(call(k, 278, 3, IOV, 2, 0)).isEqualTo(11);
        assertThat(call(k, 278, 9, IOV, 2, 0)).isEqualTo(-9);
        assertThat(call(k, 278, 4, IOV, 2, 16)).isEqualTo(-22);
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
