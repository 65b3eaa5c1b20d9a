package io.helctic.kernel.arch.x86_64;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.memory.PhysicalMemory;

/** x86-64: the emulated CPU of the machine module, as the kernel's boot and loader need it. */
public final class X86Arch implements Arch {
    public static final X86Arch INSTANCE = new X86Arch();

    private X86Arch() {}

    @Override
    public Isa isa() { return Isa.X86_64; }

    @Override
    public GuestCpu newCpu(PhysicalMemory memory) {
        return new X86Thread(new X86Cpu(memory));
    }

    /** AT_HWCAP on x86-64 is CPUID leaf 1's EDX, as the emulated CPU reports it. */
    @Override
    public long hwcap() {
        return Integer.toUnsignedLong(X86Cpu.identify(1, 0)[3]);
    }

    @Override
    public String machine() { return "x86_64"; }

    @Override
    public byte[] syscallStub(int nr) {
        return new byte[] {
            (byte) 0xb8, (byte) nr, (byte) (nr >> 8), (byte) (nr >> 16), (byte) (nr >> 24), // mov $nr,%eax
            0x0f, 0x05,                                                                      // syscall
            (byte) 0xc3,                                                                     // ret
        };
    }

    @Override
    public void mapSignalTrampoline(AddressSpace space, Conventions conventions) {
        if (conventions.frames() == Conventions.SignalFrames.FREEBSD) FreeBsdSignalFrame.mapTrampoline(space);
    }

    @Override
    public long[] translatorStats() {
        return new long[] {X86Cpu.blocksTranslated(), X86Cpu.regionsTranslated(), X86Cpu.translationsFailed()};
    }
}
