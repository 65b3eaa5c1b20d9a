package io.helctic.personality;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelOp;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult.Carry;
import io.helctic.abi.SyscallResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN §1 rule 6: results are encoded per OS. */
class Rule6ResultEncodingTest {

    private static Dispatcher with(FakeKernel k) {
        Dispatcher d = new Dispatcher();
        d.init(k.ops());
        return d;
    }

    private static FakeKernel writeAnswers(long value) {
        return new FakeKernel().on(KernelOp.WRITE, (a1, a2, a3, a4, a5, a6) -> value);
    }

    @Test
    void linuxValueOrNegativeErrnoInRaxFlagsUntouched() {
        assertThat(with(writeAnswers(6)).syscall(1, 1, 0x1000, 6, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64))
            .isEqualTo(SyscallResult.of(6));
        assertThat(with(writeAnswers(Errno.EBADF.negative())).syscall(1, 99, 0x1000, 6, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64))
            .isEqualTo(new SyscallResult(-9, 0, false, Carry.UNCHANGED, null));
        assertThat(with(new FakeKernel()).syscall(999, 0, 0, 0, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64))
            .isEqualTo(SyscallResult.of(-38));
    }

    @Test
    void bsdCarryClearValueOrCarrySetPositiveErrno() {
        for (PersonalityId p : new PersonalityId[] {PersonalityId.FREEBSD, PersonalityId.NETBSD, PersonalityId.OPENBSD}) {
            assertThat(with(writeAnswers(6)).syscall(4, 1, 0x1000, 6, 0, 0, 0, p, Isa.X86_64))
                .isEqualTo(SyscallResult.carryClear(6));
            // Linux EAGAIN (11) is 35 on every BSD; Linux EDEADLK (35) is 11.
            assertThat(with(writeAnswers(Errno.EAGAIN.negative())).syscall(4, 1, 0x1000, 6, 0, 0, 0, p, Isa.X86_64))
                .isEqualTo(SyscallResult.carrySet(35));
            assertThat(with(writeAnswers(Errno.EDEADLK.negative())).syscall(4, 1, 0x1000, 6, 0, 0, 0, p, Isa.X86_64))
                .isEqualTo(SyscallResult.carrySet(11));
            assertThat(with(writeAnswers(Errno.ENOSYS.negative())).syscall(4, 1, 0x1000, 6, 0, 0, 0, p, Isa.X86_64))
                .isEqualTo(SyscallResult.carrySet(78));
            // unknown number and known-but-unimplemented (read, 3)
            assertThat(with(new FakeKernel()).syscall(100_000, 0, 0, 0, 0, 0, 0, p, Isa.X86_64)).isEqualTo(SyscallResult.carrySet(78));
            assertThat(with(new FakeKernel()).syscall(3, 0, 0, 0, 0, 0, 0, p, Isa.X86_64)).isEqualTo(SyscallResult.carrySet(78));
            assertThat(with(new FakeKernel()).syscall(-1, 0, 0, 0, 0, 0, 0, p, Isa.X86_64)).isEqualTo(SyscallResult.carrySet(78));
        }
    }

    @Test
    void bsdErrnoNumbersDifferPerOs() {
        long eoverflow = Errno.EOVERFLOW.negative();
        assertThat(with(writeAnswers(eoverflow)).syscall(4, 1, 0, 1, 0, 0, 0, PersonalityId.FREEBSD, Isa.X86_64).value()).isEqualTo(84);
        assertThat(with(writeAnswers(eoverflow)).syscall(4, 1, 0, 1, 0, 0, 0, PersonalityId.NETBSD, Isa.X86_64).value()).isEqualTo(84);
        assertThat(with(writeAnswers(eoverflow)).syscall(4, 1, 0, 1, 0, 0, 0, PersonalityId.OPENBSD, Isa.X86_64).value()).isEqualTo(87);
        assertThat(with(writeAnswers(eoverflow)).syscall(0x2000004L, 1, 0, 1, 0, 0, 0, PersonalityId.DARWIN, Isa.X86_64).value()).isEqualTo(84);
    }

    @Test
    void bsdGetpidAndTheRdxCase() {
        FakeKernel k = new FakeKernel()
            .on(KernelOp.GETPID, (a1, a2, a3, a4, a5, a6) -> 1234)
            .on(KernelOp.GETPPID, (a1, a2, a3, a4, a5, a6) -> 1);
        Dispatcher d = with(k);
        // NetBSD's syscall 20 is getpid_with_ppid: the parent's pid in rdx.
        assertThat(d.syscall(20, 0, 0, 0, 0, 0, 0, PersonalityId.NETBSD, Isa.X86_64)).isEqualTo(SyscallResult.carryClear(1234, 1));
        // FreeBSD and OpenBSD leave rdx unchanged.
        SyscallResult f = d.syscall(20, 0, 0, 0, 0, 0, 0, PersonalityId.FREEBSD, Isa.X86_64);
        assertThat(f).isEqualTo(SyscallResult.carryClear(1234));
        assertThat(f.writesSecond()).isFalse();
        assertThat(d.syscall(20, 0, 0, 0, 0, 0, 0, PersonalityId.OPENBSD, Isa.X86_64).writesSecond()).isFalse();
    }

    @Test
    void bsdExitExitsTheProcess() {
        FakeKernel k = new FakeKernel().on(KernelOp.EXIT_GROUP, (a1, a2, a3, a4, a5, a6) -> 0);
        with(k).syscall(1, 0xFFFF_FFFF_0000_0003L, 0, 0, 0, 0, 0, PersonalityId.OPENBSD, Isa.X86_64);
        assertThat(k.opCalls()).singleElement().satisfies(c -> {
            assertThat(c.op()).isEqualTo(KernelOp.EXIT_GROUP);
            assertThat(c.args()[0]).isEqualTo(3); // int status: low 32 bits
        });
    }

    @Test
    void darwinClassesSelectTheCall() {
        FakeKernel k = writeAnswers(6).on(KernelOp.GETPID, (a1, a2, a3, a4, a5, a6) -> 77);
        Dispatcher d = with(k);
        assertThat(d.syscall(0x2000004L, 1, 0x1000, 6, 0, 0, 0, PersonalityId.DARWIN, Isa.X86_64)).isEqualTo(SyscallResult.carryClear(6));
        assertThat(d.syscall(0x2000014L, 0, 0, 0, 0, 0, 0, PersonalityId.DARWIN, Isa.X86_64)).isEqualTo(SyscallResult.carryClear(77));
        // the bare BSD number, Mach traps (class 1), machine-dependent (class 3), unknown Unix numbers
        for (long nr : new long[] {4, 0x1000004L, 0x100001fL, 0x3000003L, 0x2000003L, 0x2FFFFFFL, 0x5000004L}) {
            assertThat(d.syscall(nr, 1, 0x1000, 6, 0, 0, 0, PersonalityId.DARWIN, Isa.X86_64)).as("0x%x", nr)
                .isEqualTo(SyscallResult.carrySet(78));
        }
        assertThat(k.callsOf(KernelOp.WRITE)).hasSize(1);
    }

    @Test
    void darwinMapsLinuxEopnotsuppToEnotsup() {
        assertThat(with(writeAnswers(Errno.EOPNOTSUPP.negative()))
                       .syscall(0x2000004L, 1, 0, 1, 0, 0, 0, PersonalityId.DARWIN, Isa.X86_64))
            .isEqualTo(SyscallResult.carrySet(45));
    }

    @Test
    void windowsNtstatusZeroExtendedInRax() {
        Dispatcher d = with(new FakeKernel());
        for (long known : new long[] {0x0F, 0x08, 0x06, 0x2C, 0x18, 0x19, 0x55}) {
            SyscallResult r = d.syscall(known, 0, 0, 0, 0, 0, 0, PersonalityId.WINDOWS, Isa.X86_64);
            assertThat(r).isEqualTo(SyscallResult.of(0x00000000_C0000002L));
            assertThat(r.carry()).isEqualTo(Carry.UNCHANGED);
        }
        for (long unknown : new long[] {0x56, 0x1000, 0x1234, -1, 1L << 40}) {
            assertThat(d.syscall(unknown, 0, 0, 0, 0, 0, 0, PersonalityId.WINDOWS, Isa.X86_64))
                .isEqualTo(SyscallResult.of(0x00000000_C000001CL));
        }
    }

    /**
     * Restart codes never reach a guest: every personality hands back its own EINTR marked with
     * the code (the kernel decides restart or EINTR), and EJUSTRETURN as "apply nothing".
     */
    @Test
    void restartCodesComeBackAsTheConventionsEintrMarkedForTheKernel() {
        for (io.helctic.abi.KernelCode k : io.helctic.abi.KernelCode.values()) {
            FakeKernel answers = writeAnswers(k.negative());
            SyscallResult linux = with(answers).syscall(1, 1, 0x1000, 6, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64);
            SyscallResult freebsd = with(writeAnswers(k.negative())).syscall(4, 1, 0x1000, 6, 0, 0, 0, PersonalityId.FREEBSD,
                    Isa.X86_64);
            SyscallResult nativeAbi = with(writeAnswers(k.negative())).syscall(io.helctic.abi.KernelOp.WRITE.slot(), 1, 0x1000, 6,
                    0, 0, 0, PersonalityId.KERNEL, Isa.X86_64);
            if (k == io.helctic.abi.KernelCode.EJUSTRETURN) {
                assertThat(List.of(linux, freebsd, nativeAbi)).containsOnly(SyscallResult.JUST_RETURN);
                continue;
            }
            assertThat(linux).as("%s", k).isEqualTo(SyscallResult.of(Errno.EINTR.negative()).interrupted(k));
            assertThat(nativeAbi).as("%s", k).isEqualTo(SyscallResult.of(Errno.EINTR.negative()).interrupted(k));
            assertThat(freebsd).as("%s", k).isEqualTo(SyscallResult.carrySet(4).interrupted(k));
        }
    }
}
