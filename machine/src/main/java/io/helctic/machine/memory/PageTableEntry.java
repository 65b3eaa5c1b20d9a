package io.helctic.machine.memory;

/** Bits of an x86-64 page-table entry (all four levels, 4 KiB pages). Constants only. */
public final class PageTableEntry {
    public static final long PRESENT = 1;
    public static final long WRITABLE = 2;
    public static final long USER = 4;
    public static final long ACCESSED = 0x20;
    public static final long DIRTY = 0x40;
    /** Page-size bit in a PDPT or PD entry (1 GiB / 2 MiB page); the MMU honours it, the kernel need not use it. */
    public static final long LARGE_PAGE = 0x80;
    public static final long NO_EXECUTE = 1L << 63;
    public static final long ADDRESS_MASK = 0x000f_ffff_ffff_f000L;

    private PageTableEntry() {}
}
