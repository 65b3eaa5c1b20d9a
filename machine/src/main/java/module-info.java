/**
 * Helctic's emulated hardware: physical memory, the x86-64 MMU with its software TLB, and
 * the x86-64 user-mode CPU. Knows nothing of the kernel.
 */
module io.helctic.machine {
    requires jdk.unsupported; // sun.misc.Unsafe: compare-and-swap on frame byte arrays (FrameAtomics)
    exports io.helctic.machine; // what is machine-wide: HelperThreads
    exports io.helctic.machine.memory;
    exports io.helctic.machine.cpu;
    exports io.helctic.machine.cpu.x86_64;
    exports io.helctic.machine.cpu.x86_64.disasm; // the kernel disassembles the code around a fault
}
