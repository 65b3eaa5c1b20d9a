package io.helctic.personality.bsd;

import io.helctic.abi.Errno;
import io.helctic.personality.ErrnoTable;
import java.util.Map;

/**
 * The errno numbers of FreeBSD, NetBSD and OpenBSD (from their sys/errno.h) and the
 * resulting total translation tables. Numbers 1–81 are 4.4BSD's and shared; the rest
 * differ per OS. A Linux errno maps to the OS errno of the same name, else to the
 * explicit closest choice in the shared fallback list (io.helctic.personality.ErrnoFallback).
 */
final class BsdErrnoNames {
    private BsdErrnoNames() {}

    static String[] bsd44Plus(String... from82) {
        String[] names = new String[82 + from82.length];
        for (int i = 1; i < 82; i++) names[i] = ErrnoTable.bsd44().get(i);
        System.arraycopy(from82, 0, names, 82, from82.length);
        return names;
    }

    static final ErrnoTable FREEBSD = ErrnoTable.unixLike("FreeBSD", bsd44Plus(
        "EIDRM", "ENOMSG", "EOVERFLOW", "ECANCELED", "EILSEQ", "ENOATTR", "EDOOFUS", "EBADMSG",
        "EMULTIHOP", "ENOLINK", "EPROTO", "ENOTCAPABLE", "ECAPMODE", "ENOTRECOVERABLE",
        "EOWNERDEAD", "EINTEGRITY"), Map.of());

    static final ErrnoTable NETBSD = ErrnoTable.unixLike("NetBSD", bsd44Plus(
        "EIDRM", "ENOMSG", "EOVERFLOW", "EILSEQ", "ENOTSUP", "ECANCELED", "EBADMSG", "ENODATA",
        "ENOSR", "ENOSTR", "ETIME", "ENOATTR", "EMULTIHOP", "ENOLINK", "EPROTO", "EOWNERDEAD",
        "ENOTRECOVERABLE"), Map.of());

    static final ErrnoTable OPENBSD = ErrnoTable.unixLike("OpenBSD", bsd44Plus(
        "EIPSEC", "ENOATTR", "EILSEQ", "ENOMEDIUM", "EMEDIUMTYPE", "EOVERFLOW", "ECANCELED",
        "EIDRM", "ENOMSG", "ENOTSUP", "EBADMSG", "ENOTRECOVERABLE", "EOWNERDEAD", "EPROTO"),
        // Linux's EOPNOTSUPP is also its ENOTSUP; OpenBSD keeps EOPNOTSUPP (45) for
        // sockets and ENOTSUP (91) for the general case. Same name wins: 45.
        Map.<Errno, String>of());
}
