package io.helctic.kernel.scheme;

import io.helctic.abi.Errno;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/** Translates the host's I/O failures into the Linux errno the guest expects. */
public final class HostErrors {
    private HostErrors() {}

    public static Errno errno(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> Errno.ENOENT;
            case FileAlreadyExistsException x -> Errno.EEXIST;
            case AccessDeniedException x -> Errno.EACCES;
            case DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
            case NotDirectoryException x -> Errno.ENOTDIR;
            case NotLinkException x -> Errno.EINVAL;
            case FileSystemLoopException x -> Errno.ELOOP;
            case FileSystemException f when f.getReason() != null -> byReason(f.getReason());
            default -> byReason(String.valueOf(e.getMessage()));
        };
    }

    public static long negative(IOException e) {
        return errno(e).negative();
    }

    /** The JDK reports other errors with strerror's text: map it back. */
    private static Errno byReason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("is a directory")) return Errno.EISDIR;
        if (r.contains("not a directory")) return Errno.ENOTDIR;
        if (r.contains("read-only file system")) return Errno.EROFS;
        if (r.contains("too many levels of symbolic links")) return Errno.ELOOP;
        if (r.contains("no space left")) return Errno.ENOSPC;
        if (r.contains("disk quota")) return Errno.EDQUOT;
        if (r.contains("file name too long")) return Errno.ENAMETOOLONG;
        if (r.contains("invalid cross-device link")) return Errno.EXDEV;
        if (r.contains("operation not permitted")) return Errno.EPERM;
        if (r.contains("permission denied")) return Errno.EACCES;
        if (r.contains("file exists")) return Errno.EEXIST;
        if (r.contains("no such file")) return Errno.ENOENT;
        if (r.contains("directory not empty")) return Errno.ENOTEMPTY;
        if (r.contains("text file busy")) return Errno.ETXTBSY;
        if (r.contains("too many open files")) return Errno.EMFILE;
        if (r.contains("invalid argument")) return Errno.EINVAL;
        if (r.contains("broken pipe")) return Errno.EPIPE;
        if (r.contains("device or resource busy")) return Errno.EBUSY;
        if (r.contains("too many links")) return Errno.EMLINK;
        if (r.contains("file too large")) return Errno.EFBIG;
        return Errno.EIO;
    }
}
