package io.helctic.kernel.arch.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1 rule 1: the trap handler forwards the raw number, the six argument registers
 * and the context's personality, and applies whatever result comes back — it never looks
 * at what the syscall is.
 */
class Rule1TrapHandlerNeverInterpretsTest {

    static final class Recorder implements Personality {
        final List<long[]> calls = new ArrayList<>();
        final List<PersonalityId> ids = new ArrayList<>();
        SyscallResult answer;

        @Override public void init(KernelOps ops) { }

        final List<Isa> isas = new ArrayList<>();

        @Override
        public SyscallResult syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, PersonalityId p, Isa isa) {
            calls.add(new long[] {nr, a1, a2, a3, a4, a5, a6});
            ids.add(p);
            isas.add(isa);
            return answer;
        }

        @Override public String describe(long nr, long[] args, SyscallResult r, PersonalityId p, Isa isa) { return "x"; }

        @Override public Conventions conventions(PersonalityId p, Isa isa) { return null; }
    }

    private final PhysicalMemory ram = new PhysicalMemory(16L << 20);
    private final X86Cpu cpu = new X86Cpu(ram);
    private final X86Thread thread = new X86Thread(cpu);
    private PersonalityId personality = PersonalityId.FREEBSD;

    /** What the run loop does at a syscall trap: the trap handler calls the layer, then applies. */
    private void trap(Recorder r) {
        thread.complete(thread.syscall(r, personality));
    }

    private void loadRegisters(long nr) {
        cpu.setReg(X86Cpu.RAX, nr);
        cpu.setReg(X86Cpu.RDI, -1);
        cpu.setReg(X86Cpu.RSI, 0x8000_0000_0000_0000L);
        cpu.setReg(X86Cpu.RDX, 3);
        cpu.setReg(X86Cpu.R10, 4);
        cpu.setReg(X86Cpu.R8, 5);
        cpu.setReg(X86Cpu.R9, 6);
        cpu.setReg(X86Cpu.RCX, 0xdead); // SYSCALL's return address: not an argument
    }

    @Test
    void rawRegistersAndThePersonalityReachTheBoundaryUntouched() {
        Recorder r = new Recorder();
        r.answer = SyscallResult.of(0);
        for (long nr : new long[] {0, 1, 0x2000004, -1, 1L << 40, 0xffff_ffffL}) {
            loadRegisters(nr);
            trap(r);
        }
        assertThat(r.calls).allSatisfy(c ->
            assertThat(new long[] {c[1], c[2], c[3], c[4], c[5], c[6]})
                .containsExactly(-1, 0x8000_0000_0000_0000L, 3, 4, 5, 6));
        assertThat(r.calls).extracting(c -> c[0]).containsExactly(0L, 1L, 0x2000004L, -1L, 1L << 40, 0xffff_ffffL);
        assertThat(r.ids).containsOnly(PersonalityId.FREEBSD);
        assertThat(r.isas).containsOnly(Isa.X86_64);
        personality = PersonalityId.WINDOWS;
        trap(r);
        assertThat(r.ids.getLast()).isEqualTo(PersonalityId.WINDOWS);
    }

    @Test
    void theResultIsAppliedAsGiven() {
        Recorder r = new Recorder();
        loadRegisters(1);
        cpu.setRflags(cpu.rflags() & ~X86Cpu.FLAG_CF);

        r.answer = SyscallResult.carrySet(78);
        trap(r);
        assertThat(cpu.reg(X86Cpu.RAX)).isEqualTo(78);
        assertThat(cpu.reg(X86Cpu.RDX)).as("rdx untouched").isEqualTo(3);
        assertThat(cpu.rflags() & X86Cpu.FLAG_CF).isEqualTo(X86Cpu.FLAG_CF);

        r.answer = SyscallResult.carryClear(10, 20);
        trap(r);
        assertThat(cpu.reg(X86Cpu.RAX)).isEqualTo(10);
        assertThat(cpu.reg(X86Cpu.RDX)).isEqualTo(20);
        assertThat(cpu.rflags() & X86Cpu.FLAG_CF).isZero();

        cpu.setRflags(cpu.rflags() | X86Cpu.FLAG_CF);
        r.answer = SyscallResult.of(-38);
        trap(r);
        assertThat(cpu.reg(X86Cpu.RAX)).isEqualTo(-38);
        assertThat(cpu.rflags() & X86Cpu.FLAG_CF).as("Linux results leave flags alone").isEqualTo(X86Cpu.FLAG_CF);
        assertThat(cpu.reg(X86Cpu.RCX)).isEqualTo(0xdead);
    }

    @Test
    void aJustReturnResultLeavesTheRegistersAsTheOpSetThem() {
        Recorder r = new Recorder();
        loadRegisters(15);
        long flags = cpu.rflags();
        r.answer = SyscallResult.JUST_RETURN;
        trap(r);
        assertThat(cpu.reg(X86Cpu.RAX)).isEqualTo(15);
        assertThat(cpu.reg(X86Cpu.RDX)).isEqualTo(3);
        assertThat(cpu.rflags()).isEqualTo(flags);
    }

    /** A restart steps back over the two-byte SYSCALL with the number in rax again; the arguments are as they were. */
    @Test
    void aRestartRunsTheSameCallAgain() {
        Recorder r = new Recorder();
        loadRegisters(0x2000003);
        cpu.setRip(0x401002); // just after a SYSCALL at 0x401000
        r.answer = SyscallResult.carrySet(4).interrupted(io.helctic.abi.KernelCode.ERESTARTSYS);
        SyscallResult got = thread.syscall(r, personality);
        assertThat(got.interrupted()).isTrue();
        thread.restart(thread.syscallNumber());
        assertThat(cpu.rip()).isEqualTo(0x401000);
        assertThat(cpu.reg(X86Cpu.RAX)).isEqualTo(0x2000003);
        assertThat(cpu.reg(X86Cpu.RDI)).isEqualTo(-1);
        assertThat(cpu.reg(X86Cpu.R10)).isEqualTo(4);
    }
}
