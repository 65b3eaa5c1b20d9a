package io.helctic.personality.linux;

import java.util.List;

/** Linux x86-64 constant names, as strace shows them. */
final class LinuxFlags {
    private LinuxFlags() {}

    record Bit(long value, String name) {}

    static final List<Bit> PROT = List.of(
        new Bit(0x1, "PROT_READ"), new Bit(0x2, "PROT_WRITE"), new Bit(0x4, "PROT_EXEC"),
        new Bit(0x8, "PROT_SEM"), new Bit(0x01000000, "PROT_GROWSDOWN"), new Bit(0x02000000, "PROT_GROWSUP"));

    static final List<Bit> MAP = List.of(
        new Bit(0x10, "MAP_FIXED"), new Bit(0x20, "MAP_ANONYMOUS"), new Bit(0x40, "MAP_32BIT"),
        new Bit(0x100, "MAP_GROWSDOWN"), new Bit(0x800, "MAP_DENYWRITE"), new Bit(0x1000, "MAP_EXECUTABLE"),
        new Bit(0x2000, "MAP_LOCKED"), new Bit(0x4000, "MAP_NORESERVE"), new Bit(0x8000, "MAP_POPULATE"),
        new Bit(0x10000, "MAP_NONBLOCK"), new Bit(0x20000, "MAP_STACK"), new Bit(0x40000, "MAP_HUGETLB"),
        new Bit(0x80000, "MAP_SYNC"), new Bit(0x100000, "MAP_FIXED_NOREPLACE"),
        new Bit(0x4000000, "MAP_UNINITIALIZED"));

    /** Multi-bit open flags first, so O_SYNC and O_TMPFILE win over their parts. */
    static final List<Bit> OPEN = List.of(
        new Bit(0100, "O_CREAT"), new Bit(0200, "O_EXCL"), new Bit(0400, "O_NOCTTY"), new Bit(01000, "O_TRUNC"),
        new Bit(02000, "O_APPEND"), new Bit(04000, "O_NONBLOCK"), new Bit(04010000, "O_SYNC"),
        new Bit(010000, "O_DSYNC"), new Bit(020000, "O_ASYNC"), new Bit(040000, "O_DIRECT"),
        new Bit(0100000, "O_LARGEFILE"), new Bit(020200000, "O_TMPFILE"), new Bit(0200000, "O_DIRECTORY"),
        new Bit(0400000, "O_NOFOLLOW"), new Bit(01000000, "O_NOATIME"), new Bit(02000000, "O_CLOEXEC"),
        new Bit(010000000, "O_PATH"));

    static final long O_CREAT = 0100;
    static final long O_TMPFILE = 020200000;

    static final List<Bit> AT = List.of(
        new Bit(0x100, "AT_SYMLINK_NOFOLLOW"), new Bit(0x200, "AT_REMOVEDIR"), new Bit(0x400, "AT_SYMLINK_FOLLOW"),
        new Bit(0x800, "AT_NO_AUTOMOUNT"), new Bit(0x1000, "AT_EMPTY_PATH"));

    static final List<Bit> ACCESS = List.of(new Bit(4, "R_OK"), new Bit(2, "W_OK"), new Bit(1, "X_OK"));

    static final List<String> WHENCE = List.of("SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE");

    static final List<String> CLOCKS = List.of(
        "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
        "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
        "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", "CLOCK_SGI_CYCLE", "CLOCK_TAI");

    static final List<String> FCNTL = List.of(
        "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW",
        "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG");

    static final int F_DUPFD_CLOEXEC = 1030;

    /** fcntl commands whose third argument is unused (strace omits it). */
    static boolean fcntlHasNoArg(long cmd) {
        return cmd == 1 || cmd == 3 || cmd == 9 || cmd == 11;
    }

    static String bits(long v, List<Bit> bits, String zero) {
        if (v == 0) return zero;
        StringBuilder s = new StringBuilder();
        long left = v;
        for (Bit b : bits) {
            if ((left & b.value()) == b.value()) {
                if (!s.isEmpty()) s.append('|');
                s.append(b.name());
                left &= ~b.value();
            }
        }
        if (left != 0) {
            if (!s.isEmpty()) s.append('|');
            s.append("0x").append(Long.toHexString(left));
        }
        return s.toString();
    }

    static String prot(long v) {
        return bits(v, PROT, "PROT_NONE");
    }

    static String mapFlags(long v) {
        long type = v & 0xF;
        String t = switch ((int) type) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> type == 0 ? null : "0x" + Long.toHexString(type);
        };
        long rest = v & ~0xFL;
        if (rest == 0) return t == null ? "0" : t;
        String r = bits(rest, MAP, "0");
        return t == null ? r : t + "|" + r;
    }

    static String openFlags(long v) {
        int flags = (int) v;
        String mode = switch (flags & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        long rest = flags & ~3L & 0xFFFF_FFFFL;
        return rest == 0 ? mode : mode + "|" + bits(rest, OPEN, "0");
    }

    static String named(long v, List<String> names) {
        return v >= 0 && v < names.size() ? names.get((int) v) : Long.toString(v);
    }

    static String fcntlCmd(long v) {
        if (v == F_DUPFD_CLOEXEC) return "F_DUPFD_CLOEXEC";
        return named(v, FCNTL);
    }

    static String archPrctl(long v) {
        return switch ((int) v) {
            case ThreadShims.ARCH_SET_GS -> "ARCH_SET_GS";
            case ThreadShims.ARCH_SET_FS -> "ARCH_SET_FS";
            case ThreadShims.ARCH_GET_FS -> "ARCH_GET_FS";
            case ThreadShims.ARCH_GET_GS -> "ARCH_GET_GS";
            default -> "0x" + Integer.toHexString((int) v);
        };
    }

    static String mode(long v) {
        long m = v & 0xFFFF_FFFFL;
        StringBuilder s = new StringBuilder(m == 0 ? "0" : "0" + Long.toOctalString(m));
        while (s.length() < 3) s.insert(0, '0');
        return s.toString(); // C's "%#03o", as strace prints a mode
    }
}
