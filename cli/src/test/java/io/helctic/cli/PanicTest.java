package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** A kernel bug becomes a panic report with the guest's context, not a JVM stack trace. */
class PanicTest {

    /** The real layer, except that the second write blows up inside the kernel's side. */
    static final class FaultyLayer implements Personality {
        final Personality real = ServiceLoader.load(Personality.class).findFirst().orElseThrow();
        int writes;

        @Override public void init(KernelOps ops) { real.init(ops); }

        @Override
        public SyscallResult syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, PersonalityId p, Isa isa) {
            if (nr == 1 && ++writes == 2) throw new IllegalStateException("injected kernel bug");
            return real.syscall(nr, a1, a2, a3, a4, a5, a6, p, isa);
        }

        @Override
        public String describe(long nr, long[] args, SyscallResult r, PersonalityId p, Isa isa) {
            return real.describe(nr, args, r, p, isa);
        }

        @Override
        public Conventions conventions(PersonalityId p, Isa isa) {
            return real.conventions(p, isa);
        }
    }

    @Test
    void aPanicReportsRegistersCodeAndRecentSyscalls() {
        Guests.Run r = Guests.helctic("memory", List.of(), List.of(), false, new FaultyLayer());
        assertThat(r.status()).isEqualTo(70);
        assertThat(r.stdout()).as("the first write went through, the second panicked").isEqualTo("ok   ");
        assertThat(r.stderr())
            .startsWith("helctic: KERNEL PANIC in pid 1 tid 1: java.lang.IllegalStateException: injected kernel bug\n")
            .contains("guest registers (LINUX personality):")
            .containsPattern("rip\\W")
            .contains("code at the program counter:")
            .contains("last syscalls (oldest first):")
            .contains("brk(NULL) = ")
            .contains("<- in flight");
    }
}
