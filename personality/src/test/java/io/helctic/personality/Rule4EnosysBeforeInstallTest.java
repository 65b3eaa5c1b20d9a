package io.helctic.personality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult.Carry;
import io.helctic.abi.SyscallResult;
import org.junit.jupiter.api.Test;

/** DESIGN §1 rule 4: until the op table is installed, every call answers ENOSYS in its personality's convention. */
class Rule4EnosysBeforeInstallTest {

    private static final long[] NUMBERS = {0, 1, 4, 20, 39, 0x2000004L, 0x1000001L, 0xF, 999, -1};

    @Test
    void everyPersonalityAnswersEnosysInItsOwnConvention() {
        Dispatcher d = new Dispatcher();
        for (long nr : NUMBERS) {
            assertThat(d.syscall(nr, 1, 2, 3, 4, 5, 6, PersonalityId.KERNEL, Isa.X86_64)).isEqualTo(SyscallResult.of(-38));
            assertThat(d.syscall(nr, 1, 2, 3, 4, 5, 6, PersonalityId.LINUX, Isa.X86_64)).isEqualTo(SyscallResult.of(-38));
            for (PersonalityId bsd : new PersonalityId[] {PersonalityId.FREEBSD, PersonalityId.NETBSD,
                                                          PersonalityId.OPENBSD, PersonalityId.DARWIN}) {
                SyscallResult r = d.syscall(nr, 1, 2, 3, 4, 5, 6, bsd, Isa.X86_64);
                assertThat(r.carry()).as("%s %d", bsd, nr).isEqualTo(Carry.SET);
                assertThat(r.value()).as("%s %d", bsd, nr).isEqualTo(78);
                assertThat(r.writesSecond()).isFalse();
            }
            SyscallResult w = d.syscall(nr, 1, 2, 3, 4, 5, 6, PersonalityId.WINDOWS, Isa.X86_64);
            assertThat(w).isEqualTo(SyscallResult.of(0xC0000002L));
        }
    }

    @Test
    void everyPersonalityIdIsCovered() {
        Dispatcher d = new Dispatcher();
        for (PersonalityId p : PersonalityId.values()) {
            assertThat(d.syscall(1, 0, 0, 0, 0, 0, 0, p, Isa.X86_64)).isEqualTo(Dispatcher.abi(p).enosys());
        }
    }

    @Test
    void installIsOnceOnly() {
        Dispatcher d = new Dispatcher();
        assertThat(d.installed()).isFalse();
        d.init(new FakeKernel().ops());
        assertThat(d.installed()).isTrue();
        assertThatThrownBy(() -> d.init(new FakeKernel().ops())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Dispatcher().init(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void afterInstallCallsReachTheKernel() {
        FakeKernel k = new FakeKernel().on(io.helctic.abi.KernelOp.GETPID, (a, b, c, e, f, g) -> 42);
        Dispatcher d = new Dispatcher();
        d.init(k.ops());
        assertThat(d.syscall(39, 0, 0, 0, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64).value()).isEqualTo(42);
    }

    @Test
    void theModuleProvidesTheDispatcherAndRequiresOnlyTheAbi() {
        var descriptor = Dispatcher.class.getModule().getDescriptor();
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor != null, "running as a named module");
        assertThat(descriptor.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(io.helctic.abi.Personality.class.getName());
            assertThat(p.providers()).containsExactly(Dispatcher.class.getName());
        });
        assertThat(descriptor.requires().stream().map(r -> r.name())
                       .filter(n -> !n.equals("java.base")).toList())
            .containsExactly("io.helctic.abi");
    }
}
