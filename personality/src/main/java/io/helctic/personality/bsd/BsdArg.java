package io.helctic.personality.bsd;

import io.helctic.abi.KernelOps;
import io.helctic.personality.StraceText;
import java.util.ArrayList;
import java.util.List;

/** Argument kinds of BSD-family calls, for op mapping (width) and traces. */
public enum BsdArg {
    INT("int"), FD("fd"), SIZE("size"), PTR("ptr"), STRING("str"), MODE("mode"), HEX("hex"),
    /** a buffer the call reads; its length is argument 2 (write). */
    IN2("in2"),
    /** a buffer the call fills; the result says how much (read). */
    OUT2("out2"),
    /** open(2) flags in FreeBSD's bits, shown by name. */
    FBSD_OFLAGS("fbsd_oflags"),
    /** open(2) flags in NetBSD's bits, shown by name. */
    NBSD_OFLAGS("nbsd_oflags"),
    /** a signal number in the 4.4BSD numbering, shown by name. */
    SIGNAL("sig"),
    /** _umtx_op's operation, shown by name. */
    UMTX_OP("umtxop"),
    /** an address family in FreeBSD's numbers (AF_INET6 28), shown by name. */
    FBSD_AF("fbsd_af"),
    /** an address family in NetBSD's numbers (AF_INET6 24), shown by name. */
    NBSD_AF("nbsd_af"),
    /** a socket type with its SOCK_ flags (or accept4's flags alone), shown by name. */
    SOCKTYPE("socktype"),
    /** MSG_ flags in FreeBSD's bits, shown by name. */
    FBSD_MSG("fbsd_msg"),
    /** MSG_ flags in NetBSD's bits, shown by name. */
    NBSD_MSG("nbsd_msg"),
    /** a FreeBSD struct sockaddr the call reads; its length is the next argument. */
    FBSD_SA("fbsd_sa"),
    /** a NetBSD struct sockaddr the call reads; its length is the next argument. */
    NBSD_SA("nbsd_sa");

    private final String token;

    BsdArg(String token) { this.token = token; }

    /** C int arguments use the low 32 bits, sign-extended; the rest the whole register. */
    public long normalize(long reg) {
        return switch (this) {
            case INT, FD, MODE, FBSD_OFLAGS, NBSD_OFLAGS, SIGNAL, UMTX_OP, FBSD_AF, NBSD_AF, SOCKTYPE, FBSD_MSG, NBSD_MSG -> (int) reg;
            default -> reg;
        };
    }

    /** Parses comma-separated tokens; {@code -} is no arguments. */
    public static List<BsdArg> parse(String sig) {
        List<BsdArg> out = new ArrayList<>();
        if (sig.equals("-")) return out;
        for (String t : sig.split(",")) {
            BsdArg found = null;
            for (BsdArg a : values()) if (a.token.equals(t)) found = a;
            if (found == null) throw new IllegalArgumentException("unknown BSD argument kind " + t);
            out.add(found);
        }
        return out;
    }

    String show(KernelOps ops, long[] a, int i, long okResult) {
        long v = normalize(a[i]);
        return switch (this) {
            case INT, FD -> Long.toString(v);
            case SIZE -> Long.toUnsignedString(v);
            case PTR -> StraceText.pointer(v);
            case STRING -> StraceText.cString(ops, v);
            case MODE -> "0" + Long.toOctalString(v & 0xFFFF_FFFFL);
            case HEX -> StraceText.hex(v);
            case IN2 -> StraceText.buffer(ops, a[i], a[2]);
            case OUT2 -> okResult >= 0 ? StraceText.buffer(ops, a[i], okResult) : StraceText.pointer(a[i]);
            case FBSD_OFLAGS -> BsdNames.openFlags(v, BsdNames.FREEBSD_OPEN);
            case NBSD_OFLAGS -> BsdNames.openFlags(v, BsdNames.NETBSD_OPEN);
            case SIGNAL -> BsdNames.signal((int) v);
            case UMTX_OP -> BsdNames.umtxOp((int) v);
            case FBSD_AF -> BsdNames.family((int) v, BsdSockets.FREEBSD);
            case NBSD_AF -> BsdNames.family((int) v, BsdSockets.NETBSD);
            case SOCKTYPE -> BsdNames.sockType((int) v);
            case FBSD_MSG -> BsdNames.bits(v, BsdNames.FREEBSD_MSG);
            case NBSD_MSG -> BsdNames.bits(v, BsdNames.NETBSD_MSG);
            case FBSD_SA -> BsdNames.sockaddr(ops, v, i + 1 < a.length ? a[i + 1] : 0, BsdSockets.FREEBSD);
            case NBSD_SA -> BsdNames.sockaddr(ops, v, i + 1 < a.length ? a[i + 1] : 0, BsdSockets.NETBSD);
        };
    }
}
