package io.helctic.personality.bsd;

/**
 * The names --strace gives the BSDs' flag and number arguments: open(2) flags (FreeBSD's
 * sys/sys/fcntl.h, NetBSD's sys/sys/fcntl.h), the 4.4BSD signal numbers both keep (1..31; above
 * that the OSes differ, so the number is shown), _umtx_op's operations (sys/sys/umtx.h), and the socket
 * calls' address families, socket types, MSG_ flags and addresses (sys/sys/socket.h).
 */
final class BsdNames {
    private BsdNames() {}

    /** Each named bit above the access mode, lowest first. */
    record Bit(int value, String name) {}

    static final Bit[] FREEBSD_OPEN = {
        new Bit(0x4, "O_NONBLOCK"), new Bit(0x8, "O_APPEND"), new Bit(0x10, "O_SHLOCK"), new Bit(0x20, "O_EXLOCK"),
        new Bit(0x40, "O_ASYNC"), new Bit(0x80, "O_FSYNC"), new Bit(0x100, "O_NOFOLLOW"), new Bit(0x200, "O_CREAT"),
        new Bit(0x400, "O_TRUNC"), new Bit(0x800, "O_EXCL"), new Bit(0x8000, "O_NOCTTY"), new Bit(0x10000, "O_DIRECT"),
        new Bit(0x20000, "O_DIRECTORY"), new Bit(0x40000, "O_EXEC"), new Bit(0x80000, "O_TTY_INIT"),
        new Bit(0x100000, "O_CLOEXEC"), new Bit(0x200000, "O_VERIFY"), new Bit(0x400000, "O_PATH"),
        new Bit(0x800000, "O_RESOLVE_BENEATH"), new Bit(0x1000000, "O_DSYNC"), new Bit(0x2000000, "O_EMPTY_PATH")};

    static final Bit[] NETBSD_OPEN = {
        new Bit(0x4, "O_NONBLOCK"), new Bit(0x8, "O_APPEND"), new Bit(0x10, "O_SHLOCK"), new Bit(0x20, "O_EXLOCK"),
        new Bit(0x40, "O_ASYNC"), new Bit(0x80, "O_SYNC"), new Bit(0x100, "O_NOFOLLOW"), new Bit(0x200, "O_CREAT"),
        new Bit(0x400, "O_TRUNC"), new Bit(0x800, "O_EXCL"), new Bit(0x8000, "O_NOCTTY"), new Bit(0x10000, "O_DSYNC"),
        new Bit(0x20000, "O_RSYNC"), new Bit(0x40000, "O_ALT_IO"), new Bit(0x80000, "O_DIRECT"),
        new Bit(0x200000, "O_DIRECTORY"), new Bit(0x400000, "O_CLOEXEC"), new Bit(0x800000, "O_SEARCH"),
        new Bit(0x1000000, "O_NOSIGPIPE"), new Bit(0x2000000, "O_REGULAR")};

    /** {@code O_RDWR|O_CREAT|O_EXCL}; bits without a name as a hex remainder. */
    static String openFlags(long flags, Bit[] bits) {
        StringBuilder s = new StringBuilder(switch ((int) flags & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        });
        long rest = flags & ~3L & 0xffffffffL;
        for (Bit b : bits) {
            if ((rest & b.value()) != 0) {
                s.append('|').append(b.name());
                rest &= ~b.value();
            }
        }
        if (rest != 0) s.append("|0x").append(Long.toHexString(rest));
        return s.toString();
    }

    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT", "SIGFPE", "SIGKILL", "SIGBUS",
        "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD",
        "SIGTTIN", "SIGTTOU", "SIGIO", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGINFO", "SIGUSR1",
        "SIGUSR2"};

    static String signal(int s) {
        return s > 0 && s < SIGNALS.length ? SIGNALS[s] : Integer.toString(s);
    }

    private static final String[] UMTX_OPS = {
        "UMTX_OP_RESERVED0", "UMTX_OP_RESERVED1", "UMTX_OP_WAIT", "UMTX_OP_WAKE", "UMTX_OP_MUTEX_TRYLOCK",
        "UMTX_OP_MUTEX_LOCK", "UMTX_OP_MUTEX_UNLOCK", "UMTX_OP_SET_CEILING", "UMTX_OP_CV_WAIT", "UMTX_OP_CV_SIGNAL",
        "UMTX_OP_CV_BROADCAST", "UMTX_OP_WAIT_UINT", "UMTX_OP_RW_RDLOCK", "UMTX_OP_RW_WRLOCK", "UMTX_OP_RW_UNLOCK",
        "UMTX_OP_WAIT_UINT_PRIVATE", "UMTX_OP_WAKE_PRIVATE", "UMTX_OP_MUTEX_WAIT", "UMTX_OP_MUTEX_WAKE",
        "UMTX_OP_SEM_WAIT", "UMTX_OP_SEM_WAKE", "UMTX_OP_NWAKE_PRIVATE", "UMTX_OP_MUTEX_WAKE2", "UMTX_OP_SEM2_WAIT",
        "UMTX_OP_SEM2_WAKE", "UMTX_OP_SHM", "UMTX_OP_ROBUST_LISTS", "UMTX_OP_GET_MIN_TIMEOUT", "UMTX_OP_SET_MIN_TIMEOUT"};

    static String umtxOp(int op) {
        return op >= 0 && op < UMTX_OPS.length ? UMTX_OPS[op] : Integer.toString(op);
    }

    static final Bit[] FREEBSD_MSG = {
        new Bit(0x1, "MSG_OOB"), new Bit(0x2, "MSG_PEEK"), new Bit(0x4, "MSG_DONTROUTE"), new Bit(0x8, "MSG_EOR"),
        new Bit(0x10, "MSG_TRUNC"), new Bit(0x20, "MSG_CTRUNC"), new Bit(0x40, "MSG_WAITALL"), new Bit(0x80, "MSG_DONTWAIT"),
        new Bit(0x100, "MSG_EOF"), new Bit(0x2000, "MSG_NOTIFICATION"), new Bit(0x4000, "MSG_NBIO"),
        new Bit(0x8000, "MSG_COMPAT"), new Bit(0x20000, "MSG_NOSIGNAL"), new Bit(0x40000, "MSG_CMSG_CLOEXEC"),
        new Bit(0x80000, "MSG_WAITFORONE")};

    static final Bit[] NETBSD_MSG = {
        new Bit(0x1, "MSG_OOB"), new Bit(0x2, "MSG_PEEK"), new Bit(0x4, "MSG_DONTROUTE"), new Bit(0x8, "MSG_EOR"),
        new Bit(0x10, "MSG_TRUNC"), new Bit(0x20, "MSG_CTRUNC"), new Bit(0x40, "MSG_WAITALL"), new Bit(0x80, "MSG_DONTWAIT"),
        new Bit(0x100, "MSG_BCAST"), new Bit(0x200, "MSG_MCAST"), new Bit(0x400, "MSG_NOSIGNAL"),
        new Bit(0x800, "MSG_CMSG_CLOEXEC"), new Bit(0x1000, "MSG_NBIO")};

    /** {@code MSG_PEEK|MSG_DONTWAIT}, {@code 0}; bits without a name as a hex remainder. */
    static String bits(long v, Bit[] bits) {
        if (v == 0) return "0";
        StringBuilder s = new StringBuilder();
        long rest = v & 0xffffffffL;
        for (Bit b : bits) {
            if ((rest & b.value()) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(b.name());
                rest &= ~b.value();
            }
        }
        if (rest != 0) s.append(s.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
        return s.toString();
    }

    static String family(int f, BsdSockets.Dialect d) {
        if (f == d.afInet6()) return "AF_INET6";
        return switch (f) {
            case 0 -> "AF_UNSPEC";
            case 1 -> "AF_UNIX";
            case 2 -> "AF_INET";
            default -> Integer.toString(f);
        };
    }

    private static final String[] TYPES = {null, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"};
    private static final Bit[] TYPE_FLAGS = {
        new Bit(BsdSockets.SOCK_CLOEXEC, "SOCK_CLOEXEC"), new Bit(BsdSockets.SOCK_NONBLOCK, "SOCK_NONBLOCK"),
        new Bit(BsdSockets.SOCK_NOSIGPIPE, "SOCK_NOSIGPIPE")};

    /** {@code SOCK_STREAM|SOCK_CLOEXEC}; accept4's flags alone ({@code SOCK_CLOEXEC}, {@code 0}). */
    static String sockType(int v) {
        int base = v & 0x0fffffff;
        String flags = bits(v & ~0x0fffffff, TYPE_FLAGS);
        String type = base > 0 && base < TYPES.length ? TYPES[base] : base == 0 ? null : Integer.toString(base);
        if (type == null) return flags;
        return flags.equals("0") ? type : type + "|" + flags;
    }

    /** {@code {AF_INET, 127.0.0.1:8080}}, {@code {AF_UNIX, "/tmp/s"}}, {@code {AF_INET6, [::1]:80}}; its address if unreadable. */
    static String sockaddr(io.helctic.abi.KernelOps ops, long addr, long len, BsdSockets.Dialect d) {
        int n = (int) Math.max(0, Math.min(len, BsdSockets.SOCK_MAXADDRLEN));
        if (addr == 0) return "NULL";
        byte[] b = io.helctic.personality.GuestMemory.readUpTo(ops, addr, n);
        if (b.length < 2 || b.length < n) return io.helctic.personality.StraceText.pointer(addr);
        int f = b[1] & 0xff;
        String family = family(f, d);
        if (f == BsdSockets.AF_INET && n >= 8) {
            return "{" + family + ", " + (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "." + (b[7] & 0xff) + ":"
                    + (((b[2] & 0xff) << 8) | (b[3] & 0xff)) + "}";
        }
        if (f == d.afInet6() && n >= 24) {
            StringBuilder s = new StringBuilder("{" + family + ", [");
            for (int i = 0; i < 8; i++) {
                if (i > 0) s.append(':');
                s.append(Integer.toHexString(((b[8 + 2 * i] & 0xff) << 8) | (b[9 + 2 * i] & 0xff)));
            }
            return s.append("]:").append(((b[2] & 0xff) << 8) | (b[3] & 0xff)).append('}').toString();
        }
        if (f == BsdSockets.AF_UNIX) {
            int end = 2;
            while (end < n && b[end] != 0) end++;
            return "{" + family + ", " + io.helctic.personality.StraceText.quote(java.util.Arrays.copyOfRange(b, 2, end), end - 2, false) + "}";
        }
        return "{" + family + ", ...}";
    }
}
