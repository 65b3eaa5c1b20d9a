package io.helctic.kernel.loader;

import java.lang.foreign.MemorySegment;

/** What kind of program a file holds, from its first bytes. */
public enum BinaryFormat {
    ELF("ELF"),
    PE("Windows PE (MZ) executable"),
    MACH_O("Mach-O executable"),
    MACH_O_UNIVERSAL("universal (fat) Mach-O executable"),
    SCRIPT("#! script"),
    UNKNOWN("unknown format");

    private final String title;

    BinaryFormat(String title) { this.title = title; }

    public String title() { return title; }

    public static BinaryFormat detect(MemorySegment file) {
        long n = file.byteSize();
        if (n >= 4) {
            int be = FileBytes.be32(file, 0);
            switch (be) {
                case 0x7f454c46 -> { return ELF; }
                case 0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe -> { return MACH_O; }
                case 0xcafebabe -> {
                    // Also the Java class-file magic: a fat header has a small arch count there.
                    if (n >= 8) {
                        int count = FileBytes.be32(file, 4);
                        if (count > 0 && count < 32) return MACH_O_UNIVERSAL;
                    }
                }
                default -> { }
            }
        }
        if (n >= 2) {
            byte b0 = (byte) FileBytes.le(file, 0, 1), b1 = (byte) FileBytes.le(file, 1, 1);
            if (b0 == 'M' && b1 == 'Z') return PE;
            if (b0 == '#' && b1 == '!') return SCRIPT;
        }
        return UNKNOWN;
    }
}
