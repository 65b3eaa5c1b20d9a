package io.helctic.kernel.net;

import io.helctic.abi.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;

/**
 * What the host's network stack said, as the errno a Linux guest expects. The JDK reports a
 * socket's failures with a few exception types of its own and, for the rest, with strerror's text
 * of the host's errno (which is Linux's here, or another Unix's, whose texts are the same for
 * these errors): this is the one place that turns either back into a number.
 */
final class HostNetErrors {
    private HostNetErrors() {}

    /** The guest's errno for a failure of a host socket operation. */
    static Errno errno(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return switch (e) {
            // the types first, each with the errno it stands for unless its text names another
            case PortUnreachableException x -> Errno.ECONNREFUSED;
            case NoRouteToHostException x -> byText(m, Errno.EHOSTUNREACH);
            case ConnectException x -> byText(m, Errno.ECONNREFUSED);
            case BindException x -> byText(m, Errno.EADDRINUSE);
            case SocketTimeoutException x -> Errno.ETIMEDOUT;
            case ClosedChannelException x -> Errno.EBADF;
            case AlreadyConnectedException x -> Errno.EISCONN;
            case AlreadyBoundException x -> Errno.EINVAL;
            case ConnectionPendingException x -> Errno.EALREADY;
            case NotYetConnectedException x -> Errno.ENOTCONN;
            case UnsupportedAddressTypeException x -> Errno.EAFNOSUPPORT;
            case UnresolvedAddressException x -> Errno.EINVAL;
            case UnsupportedOperationException x -> Errno.ENOPROTOOPT;
            case IllegalArgumentException x -> Errno.EINVAL;
            case IOException x -> byText(m, Errno.EIO);
            default -> Errno.EIO;
        };
    }

    static long negative(Throwable e) {
        return errno(e).negative();
    }

    /** The JDK's own wordings, then every errno's strerror text; {@code fallback} when none fits. */
    private static Errno byText(String m, Errno fallback) {
        if (m.isEmpty()) return fallback;
        if (m.startsWith("connection reset")) return Errno.ECONNRESET; // the JDK's "Connection reset"
        if (m.contains("broken pipe")) return Errno.EPIPE;
        if (m.contains("operation not supported")) return Errno.EOPNOTSUPP; // glibc's text, not the kernel's
        if (m.contains("protocol family unavailable")) return Errno.EAFNOSUPPORT;
        for (Errno e : Errno.values()) {
            if (m.startsWith(e.description().toLowerCase(Locale.ROOT))) return e;
        }
        for (Errno e : Errno.values()) {
            if (m.contains(e.description().toLowerCase(Locale.ROOT))) return e;
        }
        return fallback;
    }
}
