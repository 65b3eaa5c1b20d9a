package io.helctic.personality.windows;

import static io.helctic.personality.windows.NtStatus.*;

import io.helctic.abi.Errno;
import io.helctic.personality.ErrnoTable;
import java.util.EnumMap;
import java.util.Map;

/**
 * The total translation from the kernel's errno to NTSTATUS (DESIGN §1 rule 7). Every
 * errno is listed explicitly below; those with no NT counterpart are grouped under the
 * closest status with the reason.
 */
public final class WindowsErrno {
    private WindowsErrno() {}

    private static final Map<Errno, Long> M = new EnumMap<>(Errno.class);

    private static void map(long status, Errno... errnos) {
        for (Errno e : errnos) {
            if (M.put(e, status) != null) throw new IllegalStateException(e + " mapped twice");
        }
    }

    static {
        map(ACCESS_DENIED, Errno.EPERM, Errno.EACCES);
        map(OBJECT_NAME_NOT_FOUND, Errno.ENOENT);
        map(INVALID_CID, Errno.ESRCH, Errno.ECHILD);            // no such process / child id
        map(CANCELLED, Errno.EINTR, Errno.ECANCELED, Errno.ERESTART); // interrupted: the wait was cancelled
        map(IO_DEVICE_ERROR, Errno.EIO, Errno.EREMOTEIO, Errno.EHWPOISON, Errno.EUCLEAN);
        map(NO_SUCH_DEVICE, Errno.ENXIO, Errno.ENODEV, Errno.EUNATCH);
        map(INVALID_PARAMETER, Errno.E2BIG, Errno.EINVAL, Errno.EDOM, Errno.ESPIPE, Errno.ECHRNG,
            Errno.ELNRNG, Errno.EBADE, Errno.EBADR, Errno.EBADRQC, Errno.EBADSLT, Errno.ENOTUNIQ,
            Errno.EDESTADDRREQ, Errno.ENAVAIL);                  // a bad argument in NT terms
        map(INVALID_IMAGE_FORMAT, Errno.ENOEXEC, Errno.ELIBACC, Errno.ELIBBAD, Errno.ELIBSCN,
            Errno.ELIBMAX, Errno.ELIBEXEC, Errno.EBFONT);         // not a loadable image / format
        map(INVALID_HANDLE, Errno.EBADF, Errno.EBADFD, Errno.ENOTSOCK);
        map(CANT_WAIT, Errno.EAGAIN);
        map(NO_MEMORY, Errno.ENOMEM);
        map(ACCESS_VIOLATION, Errno.EFAULT);
        map(INVALID_DEVICE_REQUEST, Errno.ENOTBLK, Errno.ENOTTY, Errno.ENOSTR);
        map(DEVICE_BUSY, Errno.EBUSY, Errno.EINPROGRESS, Errno.EALREADY);
        map(OBJECT_NAME_COLLISION, Errno.EEXIST);
        map(NOT_SAME_DEVICE, Errno.EXDEV);
        map(NOT_A_DIRECTORY, Errno.ENOTDIR);
        map(FILE_IS_A_DIRECTORY, Errno.EISDIR);
        map(TOO_MANY_OPENED_FILES, Errno.ENFILE, Errno.EMFILE);
        map(SHARING_VIOLATION, Errno.ETXTBSY);
        map(FILE_TOO_LARGE, Errno.EFBIG);
        map(DISK_FULL, Errno.ENOSPC);
        map(MEDIA_WRITE_PROTECTED, Errno.EROFS);
        map(TOO_MANY_LINKS, Errno.EMLINK);
        map(PIPE_BROKEN, Errno.EPIPE, Errno.ESTRPIPE);
        map(BUFFER_TOO_SMALL, Errno.ERANGE);
        map(POSSIBLE_DEADLOCK, Errno.EDEADLK);
        map(NAME_TOO_LONG, Errno.ENAMETOOLONG);
        map(LOCK_NOT_GRANTED, Errno.ENOLCK);
        map(NOT_IMPLEMENTED, Errno.ENOSYS);
        map(DIRECTORY_NOT_EMPTY, Errno.ENOTEMPTY);
        map(REPARSE_POINT_NOT_RESOLVED, Errno.ELOOP);
        map(NOT_FOUND, Errno.ENOMSG, Errno.EIDRM, Errno.ENODATA, Errno.ENOPKG, Errno.ENOKEY,
            Errno.ENOTNAM);                                       // the thing looked up does not exist
        map(UNSUCCESSFUL, Errno.EL2NSYNC, Errno.EL3HLT, Errno.EL3RST, Errno.ENOCSI, Errno.EL2HLT,
            Errno.EXFULL, Errno.ENOANO, Errno.ETIME, Errno.EADV, Errno.ESRMNT, Errno.ECOMM,
            Errno.EPROTO, Errno.EMULTIHOP, Errno.EDOTDOT, Errno.EBADMSG, Errno.EREMCHG,
            Errno.EISNAM, Errno.EUSERS, Errno.EREMOTE, Errno.ENOLINK, Errno.EKEYEXPIRED,
            Errno.EKEYREVOKED, Errno.EKEYREJECTED, Errno.EOWNERDEAD, Errno.ENOTRECOVERABLE,
            Errno.ERFKILL);                                       // no NT equivalent: generic failure
        map(INSUFFICIENT_RESOURCES, Errno.ENOSR, Errno.ENOBUFS);
        map(NETWORK_UNREACHABLE, Errno.ENONET, Errno.ENETDOWN, Errno.ENETUNREACH, Errno.ENETRESET);
        map(INTEGER_OVERFLOW, Errno.EOVERFLOW);
        map(NO_UNICODE_TRANSLATION, Errno.EILSEQ);
        map(BUFFER_OVERFLOW, Errno.EMSGSIZE);
        map(NOT_SUPPORTED, Errno.EPROTOTYPE, Errno.ENOPROTOOPT, Errno.EPROTONOSUPPORT,
            Errno.ESOCKTNOSUPPORT, Errno.EOPNOTSUPP, Errno.EPFNOSUPPORT, Errno.EAFNOSUPPORT,
            Errno.ETOOMANYREFS);
        map(ADDRESS_ALREADY_EXISTS, Errno.EADDRINUSE);
        map(INVALID_ADDRESS_COMPONENT, Errno.EADDRNOTAVAIL);
        map(CONNECTION_ABORTED, Errno.ECONNABORTED);
        map(CONNECTION_RESET, Errno.ECONNRESET);
        map(CONNECTION_ACTIVE, Errno.EISCONN);
        map(INVALID_CONNECTION, Errno.ENOTCONN);
        map(PIPE_DISCONNECTED, Errno.ESHUTDOWN);
        map(IO_TIMEOUT, Errno.ETIMEDOUT);
        map(CONNECTION_REFUSED, Errno.ECONNREFUSED);
        map(HOST_UNREACHABLE, Errno.EHOSTDOWN, Errno.EHOSTUNREACH);
        map(FILE_INVALID, Errno.ESTALE);
        map(QUOTA_EXCEEDED, Errno.EDQUOT);
        map(NO_MEDIA_IN_DEVICE, Errno.ENOMEDIUM);
        map(UNRECOGNIZED_MEDIA, Errno.EMEDIUMTYPE);
    }

    /** The table; construction fails if any errno is missing. */
    public static final ErrnoTable TABLE = ErrnoTable.explicit("Windows NT", M, NtStatus.NAMES);
}
