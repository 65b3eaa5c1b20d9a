package io.helctic.personality;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import org.junit.jupiter.api.Test;

/** Trace lines of the non-Linux personalities. */
class DescribeTest {

    private final FakeKernel k = new FakeKernel();
    private final Dispatcher d = new Dispatcher();

    DescribeTest() {
        d.init(k.ops());
    }

    @Test
    void bsdAndDarwin() {
        k.poke(0x1000, "Hello\n".getBytes());
        for (PersonalityId p : new PersonalityId[] {PersonalityId.FREEBSD, PersonalityId.NETBSD, PersonalityId.OPENBSD}) {
            assertThat(d.describe(4, new long[] {1, 0x1000, 6}, SyscallResult.carryClear(6), p, Isa.X86_64))
                .isEqualTo("write(1, \"Hello\\n\", 6) = 6");
            assertThat(d.describe(3, new long[] {0, 0x1000, 6}, SyscallResult.carrySet(78), p, Isa.X86_64))
                .isEqualTo("read(0, 0x1000, 6) = -1 errno 78 (ENOSYS)");
            assertThat(d.describe(20, new long[0], SyscallResult.carryClear(42), p, Isa.X86_64)).isEqualTo("getpid() = 42");
            assertThat(d.describe(1, new long[] {0}, null, p, Isa.X86_64)).as("a call that never returned").isEqualTo("exit(0) = ?");
            assertThat(d.describe(20, new long[0], null, p, Isa.X86_64)).isEqualTo("getpid() = ?");
            assertThat(d.describe(999, new long[] {1}, SyscallResult.carrySet(78), p, Isa.X86_64))
                .isEqualTo("syscall_0x3e7(0x1, 0x0, 0x0, 0x0, 0x0, 0x0) = -1 errno 78 (ENOSYS)");
        }
        assertThat(d.describe(4, new long[] {1, 0x1000, 6}, SyscallResult.carrySet(35), PersonalityId.FREEBSD, Isa.X86_64))
            .isEqualTo("write(1, \"Hello\\n\", 6) = -1 errno 35 (EAGAIN)");
        assertThat(d.describe(0x2000004L, new long[] {1, 0x1000, 6}, SyscallResult.carryClear(6), PersonalityId.DARWIN, Isa.X86_64))
            .isEqualTo("write(1, \"Hello\\n\", 6) = 6");
        assertThat(d.describe(0x2000004L, new long[] {1, 0x1000, 6}, SyscallResult.carrySet(102), PersonalityId.DARWIN, Isa.X86_64))
            .isEqualTo("write(1, \"Hello\\n\", 6) = -1 errno 102 (EOPNOTSUPP)");
        assertThat(d.describe(0x100001fL, new long[0], SyscallResult.carrySet(78), PersonalityId.DARWIN, Isa.X86_64))
            .isEqualTo("syscall_0x100001f(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) = -1 errno 78 (ENOSYS)");
    }

    @Test
    void windows() {
        assertThat(d.describe(0x8, new long[] {0x40, 0, 0, 0, 0x1000, 6}, SyscallResult.of(0xC0000002L), PersonalityId.WINDOWS, Isa.X86_64))
            .isEqualTo("NtWriteFile(0x40, 0x0, 0x0, 0x0, 0x1000, 0x6) = 0xc0000002 (STATUS_NOT_IMPLEMENTED)");
        assertThat(d.describe(0x1234, new long[0], SyscallResult.of(0xC000001CL), PersonalityId.WINDOWS, Isa.X86_64))
            .isEqualTo("syscall_0x1234(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) = 0xc000001c (STATUS_INVALID_SYSTEM_SERVICE)");
    }

    @Test
    void nativeAbi() {
        assertThat(d.describe(3, new long[] {1, 0x1000, 6}, SyscallResult.of(6), PersonalityId.KERNEL, Isa.X86_64))
            .isEqualTo("write(0x1, 0x1000, 0x6) = 6");
        assertThat(d.describe(20, new long[0], SyscallResult.of(-38), PersonalityId.KERNEL, Isa.X86_64))
            .isEqualTo("getpid() = -1 ENOSYS (Invalid system call number)");
        assertThat(d.describe(190, new long[0], SyscallResult.of(-38), PersonalityId.KERNEL, Isa.X86_64))
            .startsWith("syscall_0xbe(");
    }
}
