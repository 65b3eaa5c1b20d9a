package io.helctic.machine.cpu.x86_64.core;

/**
 * Unwinds an instruction that faulted (page fault or #GP from a memory access). One
 * preallocated, stackless instance per CPU: faults allocate nothing.
 */
public final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int PAGE_FAULT = 1, GENERAL_PROTECTION = 2;

    public int kind;
    public long address;
    public boolean write, execute, present;

    public GuestFault() {
        super(null, null, false, false);
    }

    GuestFault pageFault(long address, boolean write, boolean execute, boolean present) {
        this.kind = PAGE_FAULT;
        this.address = address;
        this.write = write;
        this.execute = execute;
        this.present = present;
        return this;
    }

    GuestFault generalProtection(long address) {
        this.kind = GENERAL_PROTECTION;
        this.address = address;
        this.write = false;
        this.execute = false;
        this.present = false;
        return this;
    }
}
