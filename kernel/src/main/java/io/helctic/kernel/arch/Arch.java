package io.helctic.kernel.arch;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.kernel.arch.x86_64.X86Arch;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.memory.PhysicalMemory;

/** An instruction set as the kernel's boot and loader need it: its CPUs, and what programs are told of it. */
public interface Arch {

    Isa isa();

    /** A CPU for a first thread (its registers zero until {@link GuestCpu#startProgram}). */
    GuestCpu newCpu(PhysicalMemory memory);

    /** AT_HWCAP: the CPU's feature bits, as a program's auxiliary vector gives them. */
    long hwcap();

    /** The machine name uname(2) and AT_PLATFORM give ({@code x86_64}). */
    String machine();

    /** The code of a function that makes syscall {@code nr} and returns its result (the vDSO's stubs). */
    byte[] syscallStub(int nr);

    /**
     * Maps into a fresh address space what the OS's signal frames need there: FreeBSD's handlers
     * return through a kernel trampoline (its "sigcode"); Linux's libc brings its own restorer.
     */
    void mapSignalTrampoline(AddressSpace space, Conventions conventions);

    /**
     * CPU {@code cpu}'s stanza of /proc/cpuinfo (of {@code cpus} in all), as Linux writes it for
     * this architecture, describing the emulated CPU (what its CPUID answers), blank line included.
     */
    String cpuinfo(int cpu, int cpus);

    /** Translation counters for --stats (every CPU of this JVM): translated, regions, failed. */
    long[] translatorStats();

    /** The architecture programs for {@code isa} run on, or null when Helctic has none yet. */
    static Arch of(Isa isa) {
        return isa == Isa.X86_64 ? X86Arch.INSTANCE : null;
    }
}
