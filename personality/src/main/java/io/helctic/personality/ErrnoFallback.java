package io.helctic.personality;

import io.helctic.abi.Errno;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * For each Linux errno that a BSD-derived OS may lack, the closest equivalents in order
 * of preference. Each list ends with an errno every 4.4BSD descendant has, so a table
 * built with it is total. Every choice is listed here explicitly; nothing falls back
 * silently.
 */
final class ErrnoFallback {
    private ErrnoFallback() {}

    /** 4.4BSD errno names, index = number (1..81); shared by FreeBSD, NetBSD, OpenBSD, Darwin. */
    static final List<String> BSD44 = List.of("",
        "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EDEADLK", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EAGAIN", "EINPROGRESS", "EALREADY", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
        "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN",
        "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
        "ECONNREFUSED", "ELOOP", "ENAMETOOLONG", "EHOSTDOWN", "EHOSTUNREACH", "ENOTEMPTY", "EPROCLIM", "EUSERS", "EDQUOT", "ESTALE",
        "EREMOTE", "EBADRPC", "ERPCMISMATCH", "EPROGUNAVAIL", "EPROGMISMATCH", "EPROCUNAVAIL", "ENOLCK", "ENOSYS", "EFTYPE", "EAUTH",
        "ENEEDAUTH");

    private static final Map<Errno, List<String>> CLOSEST = new EnumMap<>(Errno.class);

    private static void near(Errno e, String... candidates) {
        CLOSEST.put(e, List.of(candidates));
    }

    static {
        // STREAMS and System V leftovers with no BSD counterpart.
        near(Errno.ECHRNG, "EINVAL");            // channel number out of range: a bad argument
        near(Errno.EL2NSYNC, "EIO");             // level 2 not synchronized: device state
        near(Errno.EL3HLT, "EIO");               // level 3 halted
        near(Errno.EL3RST, "EIO");               // level 3 reset
        near(Errno.ELNRNG, "EINVAL");            // link number out of range: a bad argument
        near(Errno.EUNATCH, "ENXIO");            // protocol driver not attached: no such device
        near(Errno.ENOCSI, "EIO");               // no CSI structure
        near(Errno.EL2HLT, "EIO");               // level 2 halted
        near(Errno.EBADE, "EINVAL");             // invalid exchange
        near(Errno.EBADR, "EINVAL");             // invalid request descriptor
        near(Errno.EXFULL, "ENOBUFS");           // exchange full: out of buffer space
        near(Errno.ENOANO, "EIO");               // no anode
        near(Errno.EBADRQC, "EINVAL");           // invalid request code
        near(Errno.EBADSLT, "EINVAL");           // invalid slot
        near(Errno.EBFONT, "EFTYPE");            // bad font file format: inappropriate file type
        near(Errno.ENOSTR, "ENOSTR", "ENOTTY");  // not a stream: wrong kind of device
        near(Errno.ENODATA, "ENODATA", "ENOATTR"); // Linux uses it for a missing xattr
        near(Errno.ETIME, "ETIME", "ETIMEDOUT"); // timer expired
        near(Errno.ENOSR, "ENOSR", "ENOBUFS");   // out of streams resources
        near(Errno.ENONET, "ENETDOWN");          // machine not on the network
        near(Errno.ENOPKG, "ENOENT");            // package not installed: it is not there
        near(Errno.EADV, "EIO");                 // RFS advertise error
        near(Errno.ESRMNT, "EIO");               // RFS srmount error
        near(Errno.ECOMM, "EIO");                // communication error on send
        near(Errno.EMULTIHOP, "EMULTIHOP", "EIO");
        near(Errno.ENOLINK, "ENOLINK", "EIO");
        near(Errno.EDOTDOT, "EIO");              // RFS specific
        near(Errno.ENOTUNIQ, "EINVAL");          // name not unique on network
        near(Errno.EBADFD, "EBADF");             // descriptor in bad state
        near(Errno.EREMCHG, "EIO");              // remote address changed
        near(Errno.ELIBACC, "ENOEXEC");          // shared-library problems: cannot execute
        near(Errno.ELIBBAD, "ENOEXEC");
        near(Errno.ELIBSCN, "ENOEXEC");
        near(Errno.ELIBMAX, "ENOEXEC");
        near(Errno.ELIBEXEC, "ENOEXEC");
        near(Errno.ERESTART, "EINTR");           // restartable interruption: interrupted
        near(Errno.ESTRPIPE, "EPIPE");           // streams pipe error
        near(Errno.EUCLEAN, "EINTEGRITY", "EIO"); // structure needs cleaning (FreeBSD has EINTEGRITY)
        near(Errno.ENOTNAM, "EFTYPE");           // XENIX: not a named type file
        near(Errno.ENAVAIL, "EINVAL");           // XENIX: no semaphores available
        near(Errno.EISNAM, "EFTYPE");            // XENIX: is a named type file
        near(Errno.EREMOTEIO, "EIO");            // remote I/O error
        near(Errno.ENOMEDIUM, "ENOMEDIUM", "ENXIO");
        near(Errno.EMEDIUMTYPE, "EMEDIUMTYPE", "EFTYPE");
        near(Errno.ENOKEY, "ENOENT");            // key not available: it is not there
        near(Errno.EKEYEXPIRED, "EAUTH");        // keyring: authentication failed
        near(Errno.EKEYREVOKED, "EAUTH");
        near(Errno.EKEYREJECTED, "EAUTH");
        near(Errno.ERFKILL, "ENETDOWN");         // radio killed: network down
        near(Errno.EHWPOISON, "EIO");            // memory hardware error
        // Errnos most BSDs have under the same name; the fallback is for any that lack it.
        near(Errno.EIDRM, "EIDRM", "EINVAL");
        near(Errno.ENOMSG, "ENOMSG", "EAGAIN");
        near(Errno.EPROTO, "EPROTO", "EIO");
        near(Errno.EBADMSG, "EBADMSG", "EIO");
        near(Errno.EOVERFLOW, "EOVERFLOW", "ERANGE");
        near(Errno.EILSEQ, "EILSEQ", "EINVAL");
        near(Errno.ECANCELED, "ECANCELED", "EINTR");
        near(Errno.EOWNERDEAD, "EOWNERDEAD", "EIO");
        near(Errno.ENOTRECOVERABLE, "ENOTRECOVERABLE", "EIO");
    }

    /** Preferred targets for a Linux errno an OS may lack; empty when every 4.4BSD descendant has it. */
    static List<String> closest(Errno e) {
        return CLOSEST.getOrDefault(e, List.of());
    }
}
