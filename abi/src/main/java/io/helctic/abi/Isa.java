package io.helctic.abi;

/**
 * The instruction set a guest thread runs. The personality entry point is told it with every
 * call: Linux numbers its syscalls and lays out some structures differently per ISA (AArch64 and
 * RISC-V use the generic numbering). The ids are fixed and appear in personality.h.
 */
public enum Isa {
    X86_64(1, "x86-64", "syscall"),
    AARCH64(2, "AArch64", "svc #0"),
    RISCV64(3, "RISC-V 64", "ecall");

    private final int id;
    private final String title;
    private final String trap;

    Isa(int id, String title, String trap) {
        this.id = id;
        this.title = title;
        this.trap = trap;
    }

    public int id() { return id; }

    public String title() { return title; }

    /** The instruction a guest traps into the kernel with. */
    public String trap() { return trap; }
}
