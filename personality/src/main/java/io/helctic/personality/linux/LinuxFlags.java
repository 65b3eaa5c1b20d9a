package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Fs.*;
import static io.helctic.abi.uapi.Mman.*;

import java.util.List;

/** Linux x86-64 constant names, as strace shows them. */
final class LinuxFlags {
    private LinuxFlags() {}

    record Bit(long value, String name) {}

    static final List<Bit> PROT = List.of(
        new Bit(PROT_READ, "PROT_READ"), new Bit(PROT_WRITE, "PROT_WRITE"), new Bit(PROT_EXEC, "PROT_EXEC"),
        new Bit(PROT_SEM, "PROT_SEM"), new Bit(PROT_GROWSDOWN, "PROT_GROWSDOWN"), new Bit(PROT_GROWSUP, "PROT_GROWSUP"));

    static final List<Bit> MAP = List.of(
        new Bit(MAP_FIXED, "MAP_FIXED"), new Bit(MAP_ANONYMOUS, "MAP_ANONYMOUS"), new Bit(MAP_32BIT, "MAP_32BIT"),
        new Bit(MAP_GROWSDOWN, "MAP_GROWSDOWN"), new Bit(MAP_DENYWRITE, "MAP_DENYWRITE"), new Bit(MAP_EXECUTABLE, "MAP_EXECUTABLE"),
        new Bit(MAP_LOCKED, "MAP_LOCKED"), new Bit(MAP_NORESERVE, "MAP_NORESERVE"), new Bit(MAP_POPULATE, "MAP_POPULATE"),
        new Bit(MAP_NONBLOCK, "MAP_NONBLOCK"), new Bit(MAP_STACK, "MAP_STACK"), new Bit(MAP_HUGETLB, "MAP_HUGETLB"),
        new Bit(MAP_SYNC, "MAP_SYNC"), new Bit(MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"),
        new Bit(MAP_UNINITIALIZED, "MAP_UNINITIALIZED"));

    /** Multi-bit open flags first, so O_SYNC and O_TMPFILE win over their parts. */
    static final List<Bit> OPEN = List.of(
        new Bit(O_CREAT, "O_CREAT"), new Bit(O_EXCL, "O_EXCL"), new Bit(O_NOCTTY, "O_NOCTTY"), new Bit(O_TRUNC, "O_TRUNC"),
        new Bit(O_APPEND, "O_APPEND"), new Bit(O_NONBLOCK, "O_NONBLOCK"), new Bit(O_SYNC, "O_SYNC"),
        new Bit(O_DSYNC, "O_DSYNC"), new Bit(O_ASYNC, "O_ASYNC"), new Bit(O_DIRECT, "O_DIRECT"),
        new Bit(O_LARGEFILE, "O_LARGEFILE"), new Bit(O_TMPFILE, "O_TMPFILE"), new Bit(O_DIRECTORY, "O_DIRECTORY"),
        new Bit(O_NOFOLLOW, "O_NOFOLLOW"), new Bit(O_NOATIME, "O_NOATIME"), new Bit(O_CLOEXEC, "O_CLOEXEC"),
        new Bit(O_PATH, "O_PATH"));

    static final List<Bit> AT = List.of(
        new Bit(AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"), new Bit(AT_REMOVEDIR, "AT_REMOVEDIR"), new Bit(AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"),
        new Bit(AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT"), new Bit(AT_EMPTY_PATH, "AT_EMPTY_PATH"));

    static final List<Bit> ACCESS = List.of(new Bit(R_OK, "R_OK"), new Bit(W_OK, "W_OK"), new Bit(X_OK, "X_OK"));

    static final List<String> WHENCE = List.of("SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE");

    static final List<String> CLOCKS = List.of(
        "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
        "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
        "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", "CLOCK_SGI_CYCLE", "CLOCK_TAI");

    static final List<String> FCNTL = List.of(
        "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW",
        "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG");

    /** fcntl commands whose third argument is unused (strace omits it). */
    static boolean fcntlHasNoArg(long cmd) {
        return cmd == F_GETFD || cmd == F_GETFL || cmd == F_GETOWN || cmd == F_GETSIG || cmd == F_GETLEASE
                || cmd == F_GETPIPE_SZ || cmd == F_GET_SEALS;
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
        long type = v & MAP_TYPE;
        String t = switch ((int) type) {
            case MAP_SHARED -> "MAP_SHARED";
            case MAP_PRIVATE -> "MAP_PRIVATE";
            case MAP_SHARED_VALIDATE -> "MAP_SHARED_VALIDATE";
            default -> type == 0 ? null : "0x" + Long.toHexString(type);
        };
        long rest = v & ~(long) MAP_TYPE;
        if (rest == 0) return t == null ? "0" : t;
        String r = bits(rest, MAP, "0");
        return t == null ? r : t + "|" + r;
    }

    static String openFlags(long v) {
        int flags = (int) v;
        String mode = switch (flags & O_ACCMODE) {
            case O_RDONLY -> "O_RDONLY";
            case O_WRONLY -> "O_WRONLY";
            case O_RDWR -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        long rest = flags & ~(long) O_ACCMODE & 0xFFFF_FFFFL;
        return rest == 0 ? mode : mode + "|" + bits(rest, OPEN, "0");
    }

    static String named(long v, List<String> names) {
        return v >= 0 && v < names.size() ? names.get((int) v) : Long.toString(v);
    }

    static String fcntlCmd(long v) {
        return switch ((int) v) {
            case F_DUPFD_CLOEXEC -> "F_DUPFD_CLOEXEC";
            case F_SETOWN_EX -> "F_SETOWN_EX";
            case F_GETOWN_EX -> "F_GETOWN_EX";
            case F_GETOWNER_UIDS -> "F_GETOWNER_UIDS";
            case F_OFD_GETLK -> "F_OFD_GETLK";
            case F_OFD_SETLK -> "F_OFD_SETLK";
            case F_OFD_SETLKW -> "F_OFD_SETLKW";
            case F_SETLEASE -> "F_SETLEASE";
            case F_GETLEASE -> "F_GETLEASE";
            case F_NOTIFY -> "F_NOTIFY";
            case F_DUPFD_QUERY -> "F_DUPFD_QUERY";
            case F_CREATED_QUERY -> "F_CREATED_QUERY";
            case F_SETPIPE_SZ -> "F_SETPIPE_SZ";
            case F_GETPIPE_SZ -> "F_GETPIPE_SZ";
            case F_ADD_SEALS -> "F_ADD_SEALS";
            case F_GET_SEALS -> "F_GET_SEALS";
            case F_GET_RW_HINT -> "F_GET_RW_HINT";
            case F_SET_RW_HINT -> "F_SET_RW_HINT";
            case F_GET_FILE_RW_HINT -> "F_GET_FILE_RW_HINT";
            case F_SET_FILE_RW_HINT -> "F_SET_FILE_RW_HINT";
            default -> v == (int) v ? named(v, FCNTL) : Long.toString(v);
        };
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
