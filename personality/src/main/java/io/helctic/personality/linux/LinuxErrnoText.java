package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import java.util.EnumMap;
import java.util.Map;

/**
 * The message strace prints after a Linux errno name: the C library's strerror text
 * (glibc wording), which differs from the kernel's comments that {@link Errno#description()}
 * carries. Total over {@link Errno}.
 */
final class LinuxErrnoText {
    private LinuxErrnoText() {}

    private static final Map<Errno, String> TEXT = new EnumMap<>(Errno.class);

    private static void m(Errno e, String text) {
        TEXT.put(e, text);
    }

    static {
        m(Errno.EPERM, "Operation not permitted");
        m(Errno.ENOENT, "No such file or directory");
        m(Errno.ESRCH, "No such process");
        m(Errno.EINTR, "Interrupted system call");
        m(Errno.EIO, "Input/output error");
        m(Errno.ENXIO, "No such device or address");
        m(Errno.E2BIG, "Argument list too long");
        m(Errno.ENOEXEC, "Exec format error");
        m(Errno.EBADF, "Bad file descriptor");
        m(Errno.ECHILD, "No child processes");
        m(Errno.EAGAIN, "Resource temporarily unavailable");
        m(Errno.ENOMEM, "Cannot allocate memory");
        m(Errno.EACCES, "Permission denied");
        m(Errno.EFAULT, "Bad address");
        m(Errno.ENOTBLK, "Block device required");
        m(Errno.EBUSY, "Device or resource busy");
        m(Errno.EEXIST, "File exists");
        m(Errno.EXDEV, "Invalid cross-device link");
        m(Errno.ENODEV, "No such device");
        m(Errno.ENOTDIR, "Not a directory");
        m(Errno.EISDIR, "Is a directory");
        m(Errno.EINVAL, "Invalid argument");
        m(Errno.ENFILE, "Too many open files in system");
        m(Errno.EMFILE, "Too many open files");
        m(Errno.ENOTTY, "Inappropriate ioctl for device");
        m(Errno.ETXTBSY, "Text file busy");
        m(Errno.EFBIG, "File too large");
        m(Errno.ENOSPC, "No space left on device");
        m(Errno.ESPIPE, "Illegal seek");
        m(Errno.EROFS, "Read-only file system");
        m(Errno.EMLINK, "Too many links");
        m(Errno.EPIPE, "Broken pipe");
        m(Errno.EDOM, "Numerical argument out of domain");
        m(Errno.ERANGE, "Numerical result out of range");
        m(Errno.EDEADLK, "Resource deadlock avoided");
        m(Errno.ENAMETOOLONG, "File name too long");
        m(Errno.ENOLCK, "No locks available");
        m(Errno.ENOSYS, "Function not implemented");
        m(Errno.ENOTEMPTY, "Directory not empty");
        m(Errno.ELOOP, "Too many levels of symbolic links");
        m(Errno.ENOMSG, "No message of desired type");
        m(Errno.EIDRM, "Identifier removed");
        m(Errno.ECHRNG, "Channel number out of range");
        m(Errno.EL2NSYNC, "Level 2 not synchronized");
        m(Errno.EL3HLT, "Level 3 halted");
        m(Errno.EL3RST, "Level 3 reset");
        m(Errno.ELNRNG, "Link number out of range");
        m(Errno.EUNATCH, "Protocol driver not attached");
        m(Errno.ENOCSI, "No CSI structure available");
        m(Errno.EL2HLT, "Level 2 halted");
        m(Errno.EBADE, "Invalid exchange");
        m(Errno.EBADR, "Invalid request descriptor");
        m(Errno.EXFULL, "Exchange full");
        m(Errno.ENOANO, "No anode");
        m(Errno.EBADRQC, "Invalid request code");
        m(Errno.EBADSLT, "Invalid slot");
        m(Errno.EBFONT, "Bad font file format");
        m(Errno.ENOSTR, "Device not a stream");
        m(Errno.ENODATA, "No data available");
        m(Errno.ETIME, "Timer expired");
        m(Errno.ENOSR, "Out of streams resources");
        m(Errno.ENONET, "Machine is not on the network");
        m(Errno.ENOPKG, "Package not installed");
        m(Errno.EREMOTE, "Object is remote");
        m(Errno.ENOLINK, "Link has been severed");
        m(Errno.EADV, "Advertise error");
        m(Errno.ESRMNT, "Srmount error");
        m(Errno.ECOMM, "Communication error on send");
        m(Errno.EPROTO, "Protocol error");
        m(Errno.EMULTIHOP, "Multihop attempted");
        m(Errno.EDOTDOT, "RFS specific error");
        m(Errno.EBADMSG, "Bad message");
        m(Errno.EOVERFLOW, "Value too large for defined data type");
        m(Errno.ENOTUNIQ, "Name not unique on network");
        m(Errno.EBADFD, "File descriptor in bad state");
        m(Errno.EREMCHG, "Remote address changed");
        m(Errno.ELIBACC, "Can not access a needed shared library");
        m(Errno.ELIBBAD, "Accessing a corrupted shared library");
        m(Errno.ELIBSCN, ".lib section in a.out corrupted");
        m(Errno.ELIBMAX, "Attempting to link in too many shared libraries");
        m(Errno.ELIBEXEC, "Cannot exec a shared library directly");
        m(Errno.EILSEQ, "Invalid or incomplete multibyte or wide character");
        m(Errno.ERESTART, "Interrupted system call should be restarted");
        m(Errno.ESTRPIPE, "Streams pipe error");
        m(Errno.EUSERS, "Too many users");
        m(Errno.ENOTSOCK, "Socket operation on non-socket");
        m(Errno.EDESTADDRREQ, "Destination address required");
        m(Errno.EMSGSIZE, "Message too long");
        m(Errno.EPROTOTYPE, "Protocol wrong type for socket");
        m(Errno.ENOPROTOOPT, "Protocol not available");
        m(Errno.EPROTONOSUPPORT, "Protocol not supported");
        m(Errno.ESOCKTNOSUPPORT, "Socket type not supported");
        m(Errno.EOPNOTSUPP, "Operation not supported");
        m(Errno.EPFNOSUPPORT, "Protocol family not supported");
        m(Errno.EAFNOSUPPORT, "Address family not supported by protocol");
        m(Errno.EADDRINUSE, "Address already in use");
        m(Errno.EADDRNOTAVAIL, "Cannot assign requested address");
        m(Errno.ENETDOWN, "Network is down");
        m(Errno.ENETUNREACH, "Network is unreachable");
        m(Errno.ENETRESET, "Network dropped connection on reset");
        m(Errno.ECONNABORTED, "Software caused connection abort");
        m(Errno.ECONNRESET, "Connection reset by peer");
        m(Errno.ENOBUFS, "No buffer space available");
        m(Errno.EISCONN, "Transport endpoint is already connected");
        m(Errno.ENOTCONN, "Transport endpoint is not connected");
        m(Errno.ESHUTDOWN, "Cannot send after transport endpoint shutdown");
        m(Errno.ETOOMANYREFS, "Too many references: cannot splice");
        m(Errno.ETIMEDOUT, "Connection timed out");
        m(Errno.ECONNREFUSED, "Connection refused");
        m(Errno.EHOSTDOWN, "Host is down");
        m(Errno.EHOSTUNREACH, "No route to host");
        m(Errno.EALREADY, "Operation already in progress");
        m(Errno.EINPROGRESS, "Operation now in progress");
        m(Errno.ESTALE, "Stale file handle");
        m(Errno.EUCLEAN, "Structure needs cleaning");
        m(Errno.ENOTNAM, "Not a XENIX named type file");
        m(Errno.ENAVAIL, "No XENIX semaphores available");
        m(Errno.EISNAM, "Is a named type file");
        m(Errno.EREMOTEIO, "Remote I/O error");
        m(Errno.EDQUOT, "Disk quota exceeded");
        m(Errno.ENOMEDIUM, "No medium found");
        m(Errno.EMEDIUMTYPE, "Wrong medium type");
        m(Errno.ECANCELED, "Operation canceled");
        m(Errno.ENOKEY, "Required key not available");
        m(Errno.EKEYEXPIRED, "Key has expired");
        m(Errno.EKEYREVOKED, "Key has been revoked");
        m(Errno.EKEYREJECTED, "Key was rejected by service");
        m(Errno.EOWNERDEAD, "Owner died");
        m(Errno.ENOTRECOVERABLE, "State not recoverable");
        m(Errno.ERFKILL, "Operation not possible due to RF-kill");
        m(Errno.EHWPOISON, "Memory page has hardware error");
        for (Errno e : Errno.values()) {
            if (!TEXT.containsKey(e)) throw new IllegalStateException("no message for " + e);
        }
    }

    static String message(Errno e) {
        return TEXT.get(e);
    }

    /** {@code -1 ENOSYS (Function not implemented)} for an op failure value. */
    static String failure(long negative) {
        Errno e = Errno.ofResult(negative);
        if (e == null) return "-1 E" + (-negative) + " (Unknown error " + (-negative) + ")";
        return "-1 " + e.name() + " (" + message(e) + ")";
    }
}
