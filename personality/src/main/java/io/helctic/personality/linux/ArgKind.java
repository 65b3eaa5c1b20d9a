package io.helctic.personality.linux;

/**
 * What one syscall argument is. The kind decides how a direct op mapping normalises the
 * register (the x86-64 kernel reads C {@code int} arguments from the low 32 bits only)
 * and how a trace shows it.
 */
public sealed interface ArgKind {

    /** How a register becomes the argument's value. */
    enum Width {
        /** C int: low 32 bits, sign-extended. */
        I32,
        /** C unsigned int: low 32 bits, zero-extended. */
        U32,
        /** long, size_t, pointers: the whole register. */
        I64
    }

    Width width();

    /** The trace / table token, e.g. {@code fd} or {@code out2}. */
    String token();

    enum Basic implements ArgKind {
        FD("fd", Width.I32),
        INT("int", Width.I32),
        UINT("uint", Width.U32),
        LONG("long", Width.I64),
        ULONG("ulong", Width.I64),
        SIZE("size", Width.I64),
        PTR("ptr", Width.I64),
        /** const char *: a NUL-terminated guest string. */
        STRING("str", Width.I64),
        /** char *const argv[]: strings up to a NULL, shown as strace does. */
        ARGV("argv", Width.I64),
        /** char *const envp[]: shown as strace abbreviates it, {@code 0x7ff... /* 35 vars *}{@code /}. */
        ENVP("envp", Width.I64),
        FLAGS("flags", Width.U32),
        MODE("mode", Width.U32),
        OFFSET("off", Width.I64),
        PID("pid", Width.I32),
        UID("uid", Width.U32),
        SIGNAL("sig", Width.I32),
        /** a directory descriptor; -100 is AT_FDCWD. */
        DIRFD("dirfd", Width.I32),
        OPEN_FLAGS("oflags", Width.I32),
        AT_FLAGS("atflags", Width.I32),
        ACCESS_MODE("amode", Width.I32),
        PROT("prot", Width.I64),
        MAP_FLAGS("mapflags", Width.I64),
        WHENCE("whence", Width.U32),
        CLOCK("clock", Width.I32),
        ARCH_PRCTL_CODE("archcode", Width.I32),
        FCNTL_CMD("fcntlcmd", Width.U32),
        /** a value best shown in hex (request codes, opaque handles). */
        HEX("hex", Width.I64),
        /** a socket address family (AF_*). */
        FAMILY("family", Width.I32),
        /** a socket type with SOCK_NONBLOCK and SOCK_CLOEXEC. */
        SOCK_TYPE("socktype", Width.I32),
        /** accept4's flags: SOCK_NONBLOCK, SOCK_CLOEXEC. */
        SOCK_FLAGS("sockflags", Width.I32),
        /** MSG_* flags. */
        MSG_FLAGS("msgflags", Width.U32),
        /** shutdown's SHUT_*. */
        SHUT_HOW("shut", Width.I32),
        /** a socket option level (SOL_SOCKET, SOL_TCP, ...). */
        SOL_LEVEL("level", Width.I32),
        /** int *: a length the call reads and writes, shown [n] after the call. */
        LEN_PTR("lenp", Width.I64),
        /** int sv[2], filled by socketpair. */
        FD_PAIR("fdpair", Width.I64),
        /** struct msghdr * a send reads. */
        MSGHDR_IN("msg", Width.I64),
        /** struct msghdr * a receive fills. */
        MSGHDR_OUT("msgo", Width.I64),
        /** struct mmsghdr * a send reads (as many as the result says were sent). */
        MMSGHDR_IN("mmsg", Width.I64),
        /** struct mmsghdr * a receive fills (as many as the result says). */
        MMSGHDR_OUT("mmsgo", Width.I64),
        /** const struct timespec *. */
        TIMESPEC_PTR("tsp", Width.I64);

        private final String token;
        private final Width width;

        Basic(String token, Width width) {
            this.token = token;
            this.width = width;
        }

        @Override public Width width() { return width; }
        @Override public String token() { return token; }
    }

    /** A buffer the call reads; its length is argument {@code lenArg} (0-based). */
    record BufIn(int lenArg) implements ArgKind {
        @Override public Width width() { return Width.I64; }
        @Override public String token() { return "in" + lenArg; }
    }

    /** A buffer the call fills; the result says how much (length limit in argument {@code lenArg}). */
    record BufOut(int lenArg) implements ArgKind {
        @Override public Width width() { return Width.I64; }
        @Override public String token() { return "out" + lenArg; }
    }

    /** A struct sockaddr the call reads; its length is argument {@code lenArg}. */
    record SockaddrIn(int lenArg) implements ArgKind {
        @Override public Width width() { return Width.I64; }
        @Override public String token() { return "sa" + lenArg; }
    }

    /** A struct sockaddr the call fills; its length is at the int * of argument {@code lenPtrArg}. */
    record SockaddrOut(int lenPtrArg) implements ArgKind {
        @Override public Width width() { return Width.I64; }
        @Override public String token() { return "sao" + lenPtrArg; }
    }

    /** A socket option's name at the level in argument {@code levelArg}. */
    record OptName(int levelArg) implements ArgKind {
        @Override public Width width() { return Width.I32; }
        @Override public String token() { return "opt" + levelArg; }
    }

    /** An option value the call reads (length: argument {@code lenArg}) or fills (length at the int * of argument {@code lenArg}). */
    record OptValue(int lenArg, boolean out) implements ArgKind {
        @Override public Width width() { return Width.I64; }
        @Override public String token() { return (out ? "optout" : "optin") + lenArg; }
    }

    /** Parses one token of the table's signature notation. */
    static ArgKind parse(String token) {
        for (String prefix : new String[] {"optout", "optin", "sao", "sa", "opt"}) {
            if (token.startsWith(prefix) && token.length() == prefix.length() + 1
                    && Character.isDigit(token.charAt(prefix.length()))) {
                int n = token.charAt(prefix.length()) - '0';
                return switch (prefix) {
                    case "optout" -> new OptValue(n, true);
                    case "optin" -> new OptValue(n, false);
                    case "sao" -> new SockaddrOut(n);
                    case "sa" -> new SockaddrIn(n);
                    default -> new OptName(n);
                };
            }
        }
        if (token.startsWith("in") && token.length() == 3 && Character.isDigit(token.charAt(2))) {
            return new BufIn(token.charAt(2) - '0');
        }
        if (token.startsWith("out") && token.length() == 4 && Character.isDigit(token.charAt(3))) {
            return new BufOut(token.charAt(3) - '0');
        }
        for (Basic b : Basic.values()) if (b.token.equals(token)) return b;
        throw new IllegalArgumentException("unknown argument kind: " + token);
    }

    /** Normalises a register value to this kind's width. */
    static long normalize(ArgKind kind, long reg) {
        return switch (kind.width()) {
            case I32 -> (int) reg;
            case U32 -> reg & 0xFFFF_FFFFL;
            case I64 -> reg;
        };
    }
}
