package io.helctic.personality.darwin;

import io.helctic.abi.Errno;
import io.helctic.personality.ErrnoTable;
import java.util.Map;

/** Darwin's errno numbers (xnu bsd/sys/errno.h) and the total translation from Linux's. */
final class DarwinErrno {
    private DarwinErrno() {}

    static String[] names() {
        String[] n = new String[107];
        for (int i = 1; i < 82; i++) n[i] = ErrnoTable.bsd44().get(i);
        n[45] = "ENOTSUP"; // Darwin numbers ENOTSUP 45 and EOPNOTSUPP 102
        String[] from82 = {
            "EPWROFF", "EDEVERR", "EOVERFLOW", "EBADEXEC", "EBADARCH", "ESHLIBVERS", "EBADMACHO",
            "ECANCELED", "EIDRM", "ENOMSG", "EILSEQ", "ENOATTR", "EBADMSG", "EMULTIHOP", "ENODATA",
            "ENOLINK", "ENOSR", "ENOSTR", "EPROTO", "ETIME", "EOPNOTSUPP", "ENOPOLICY",
            "ENOTRECOVERABLE", "EOWNERDEAD", "EQFULL"};
        System.arraycopy(from82, 0, n, 82, from82.length);
        return n;
    }

    static final ErrnoTable TABLE = ErrnoTable.unixLike("Darwin", names(), Map.of(
        // Linux's EOPNOTSUPP is also its ENOTSUP ("Operation not supported"); Darwin's
        // EOPNOTSUPP (102) is the socket-only variant, so the general ENOTSUP (45) is closer.
        Errno.EOPNOTSUPP, "ENOTSUP",
        // Darwin has dedicated executable-format errors for a bad shared library.
        Errno.ELIBBAD, "EBADMACHO",
        Errno.ELIBEXEC, "EBADEXEC"));
}
