package io.helctic.personality;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Isa;
import io.helctic.abi.KernelOp;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import org.junit.jupiter.api.Test;

/** DESIGN §1 rule 5: the native personality is a pass-through; native number = op slot. */
class Rule5NativePassThroughTest {

    @Test
    void everySlotIsReachedWithItsArgumentsUntouched() {
        for (KernelOp op : KernelOp.values()) {
            FakeKernel k = new FakeKernel();
            if (!op.reserved()) k.on(op, (a1, a2, a3, a4, a5, a6) -> 1000 + op.slot());
            Dispatcher d = new Dispatcher();
            d.init(k.ops());
            long[] a = {-1, 0x7fff_0000_1234L, Long.MIN_VALUE, 3, 0xFFFF_FFFFL, 6};
            SyscallResult r = d.syscall(op.slot(), a[0], a[1], a[2], a[3], a[4], a[5], PersonalityId.KERNEL, Isa.X86_64);
            if (op.reserved()) {
                assertThat(r).isEqualTo(SyscallResult.of(-38));
                assertThat(k.calls).isEmpty();
            } else {
                assertThat(r).isEqualTo(SyscallResult.of(1000 + op.slot()));
                assertThat(k.calls).hasSize(1);
                assertThat(k.calls.get(0).op()).isEqualTo(op);
                assertThat(k.calls.get(0).args()).containsExactly(a);
            }
        }
    }

    @Test
    void kernelFailuresPassThroughAsNegativeErrno() {
        FakeKernel k = new FakeKernel().on(KernelOp.CLOSE, (a1, a2, a3, a4, a5, a6) -> -9);
        Dispatcher d = new Dispatcher();
        d.init(k.ops());
        assertThat(d.syscall(KernelOp.CLOSE.slot(), 77, 0, 0, 0, 0, 0, PersonalityId.KERNEL, Isa.X86_64))
            .isEqualTo(SyscallResult.of(-9));
    }

    @Test
    void numbersOutsideTheTableAnswerEnosysWithoutCallingTheKernel() {
        FakeKernel k = new FakeKernel();
        Dispatcher d = new Dispatcher();
        d.init(k.ops());
        for (long nr : new long[] {-1, KernelOp.SLOTS, 1L << 32, (1L << 32) + KernelOp.WRITE.slot(), Long.MIN_VALUE}) {
            assertThat(d.syscall(nr, 1, 2, 3, 4, 5, 6, PersonalityId.KERNEL, Isa.X86_64)).isEqualTo(SyscallResult.of(-38));
        }
        assertThat(k.calls).isEmpty();
    }
}
