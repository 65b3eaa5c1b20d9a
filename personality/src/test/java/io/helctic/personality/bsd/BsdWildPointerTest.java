package io.helctic.personality.bsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.SyscallResult;
import io.helctic.personality.FakeKernel;
import org.junit.jupiter.api.Test;

/** A BSD shim that meets a guest pointer it cannot follow ends the call with EFAULT, never a kernel panic. */
class BsdWildPointerTest {

    private static SyscallResult run(BsdOs os, int number, long... args) {
        FakeKernel k = new FakeKernel(); // nothing mapped: every guest load faults
        long[] a = java.util.Arrays.copyOf(args, 6);
        return BsdCalls.run(k.ops(), os.calls().get(number), os.errno(), a);
    }

    @Test
    void aTimeoutAtAnUnmappedAddressIsEfaultOnBothBsds() {
        SyscallResult freebsd = run(BsdOs.FREEBSD, 93, 1, 0, 0, 0, 0x1000);   // select(..., tv)
        assertThat(freebsd.carry()).isEqualTo(SyscallResult.Carry.SET);
        assertThat(freebsd.value()).isEqualTo(14);                            // EFAULT
        SyscallResult netbsd = run(BsdOs.NETBSD, 417, 1, 0, 0, 0, 0x1000);   // __select50(..., tv)
        assertThat(netbsd.carry()).isEqualTo(SyscallResult.Carry.SET);
        assertThat(netbsd.value()).isEqualTo(14);
    }

    @Test
    void aWildUmtxObjectIsEfault() {
        SyscallResult r = run(BsdOs.FREEBSD, 454, 0x2000, 17, 0, 0, 0);      // _umtx_op(obj, MUTEX_WAIT)
        assertThat(r.carry()).isEqualTo(SyscallResult.Carry.SET);
        assertThat(r.value()).isEqualTo(14);
    }
}
