package io.helctic.personality;

import io.helctic.abi.KernelOps;

/**
 * strace's rendering of guest strings and buffers (default {@code -s 32}): at most 32
 * bytes inside double quotes, then {@code ...} after the closing quote when there was
 * more; {@code \" \\ \f \n \r \t \v} escaped by letter, other non-printable bytes in
 * octal (three digits when the next byte is an octal digit, else as few as needed).
 */
public final class StraceText {
    private StraceText() {}

    /** strace's default string limit. */
    public static final int MAX = 32;

    /** A NUL-terminated guest string ({@code const char *}); NULL and unreadable pointers as numbers. */
    public static String cString(KernelOps ops, long addr) {
        if (addr == 0) return "NULL";
        if (ops == null) return hex(addr);
        byte[] b = GuestMemory.readUpTo(ops, addr, MAX + 1);
        int nul = -1;
        for (int i = 0; i < b.length; i++) if (b[i] == 0) { nul = i; break; }
        if (nul >= 0) return quote(b, nul, false);
        if (b.length == MAX + 1) return quote(b, MAX, true);
        return hex(addr); // faulted before a NUL: strace prints the address
    }

    /**
     * A NULL-terminated array of string pointers (execve's argv) as strace prints it:
     * {@code ["ls", "-l"]}, at most {@link #MAX} strings and then {@code ...}; the address alone
     * when not even its first pointer can be read, and {@code ... /* 0x... *}{@code /} where a
     * later one cannot.
     */
    public static String stringArray(KernelOps ops, long addr) {
        if (addr == 0) return "NULL";
        if (ops == null) return hex(addr);
        StringBuilder s = new StringBuilder();
        for (int n = 0; ; n++, addr += 8) {
            Long w = n > 0 && Long.compareUnsigned(addr, addr - 8) < 0 ? null : word(ops, addr); // (wrapped around)
            if (w == null) {
                if (n == 0) return hex(addr);
                return s.append(", ... /* ").append(hex(addr)).append(" */]").toString();
            }
            long word = w;
            if (n == 0) s.append('[');
            if (word == 0) break;
            if (n > 0) s.append(", ");
            if (n + 1 > MAX) {
                s.append("...");
                break;
            }
            s.append(cString(ops, word));
        }
        return s.append(']').toString();
    }

    /**
     * A NULL-terminated pointer array counted, as strace abbreviates execve's envp:
     * {@code 0x7ffc3ac12768 /* 35 vars *}{@code /} ({@code , unterminated} when it runs into
     * memory that cannot be read).
     */
    public static String countedArray(KernelOps ops, long addr) {
        if (addr == 0) return "NULL";
        if (ops == null) return hex(addr);
        int n = 0;
        boolean unterminated = false;
        for (long a = addr; ; a += 8, n++) {
            if (n > 0 && Long.compareUnsigned(a, a - 8) < 0) {
                unterminated = true;
                break;
            }
            Long w = word(ops, a);
            if (w == null) {
                if (n == 0) return hex(addr);
                unterminated = true;
                break;
            }
            if (w == 0) break;
        }
        return hex(addr) + " /* " + n + (n == 1 ? " var" : " vars") + (unterminated ? ", unterminated" : "") + " */";
    }

    /** The 64-bit word at addr, or null when it cannot be read. */
    private static Long word(KernelOps ops, long addr) {
        try {
            return GuestMemory.load64(ops, addr);
        } catch (GuestFault f) {
            return null;
        }
    }

    /** A buffer of {@code len} bytes; at most {@link #MAX} shown. */
    public static String buffer(KernelOps ops, long addr, long len) {
        if (addr == 0) return "NULL";
        if (ops == null || len < 0) return hex(addr);
        int want = (int) Math.min(len, MAX);
        byte[] b = GuestMemory.readUpTo(ops, addr, want);
        if (b.length < want) return hex(addr);
        return quote(b, want, len > MAX);
    }

    public static String quote(byte[] b, int len, boolean more) {
        StringBuilder s = new StringBuilder(len + 8).append('"');
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\f' -> s.append("\\f");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 0x0B -> s.append("\\v");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        s.append((char) c);
                    } else {
                        boolean nextIsOctalDigit = i + 1 < len && b[i + 1] >= '0' && b[i + 1] <= '7';
                        String oct = Integer.toOctalString(c);
                        s.append('\\');
                        if (nextIsOctalDigit) s.append("000", 0, 3 - oct.length());
                        s.append(oct);
                    }
                }
            }
        }
        s.append('"');
        if (more) s.append("...");
        return s.toString();
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A pointer: NULL or hex. */
    public static String pointer(long v) {
        return v == 0 ? "NULL" : hex(v);
    }

    /** {@code syscall_0x3e8(0x1, ...)}: strace's form for a number with no name. */
    public static String unknown(long nr, long[] args) {
        StringBuilder s = new StringBuilder("syscall_").append(hex(nr)).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) s.append(", ");
            s.append(hex(args[i]));
        }
        return s.append(')').toString();
    }
}
