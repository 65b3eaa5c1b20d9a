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
        HEX("hex", Width.I64);

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

    /** Parses one token of the table's signature notation. */
    static ArgKind parse(String token) {
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
