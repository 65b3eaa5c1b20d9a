package io.helctic.abi.uapi;

/**
 * Names and files: seek origins, access modes, rename flags, utimensat's special times, xattr
 * flags and the path limits: Linux's {@code <linux/fs.h>}, {@code <unistd.h>},
 * {@code <linux/stat.h>}, {@code <linux/xattr.h>}, {@code <linux/limits.h>}, {@code <linux/uio.h>}.
 */
public final class Fs {
    private Fs() {}

    /** The set-user-id, set-group-id and sticky mode bits (sys/stat.h). */
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    /** utimensat: a tv_nsec meaning "now". */
    public static final long UTIME_NOW = (1L << 30) - 1;
    /** utimensat: a tv_nsec meaning "leave this time alone". */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;
    public static final int XATTR_NAME_MAX = 255;
    public static final int XATTR_SIZE_MAX = 65536;
    public static final int XATTR_LIST_MAX = 65536;

    public static final int NAME_MAX = 255;
    public static final int PATH_MAX = 4096;
    /** The longest iovec array readv/writev take. */
    public static final int UIO_MAXIOV = 1024;
    /** preadv2/pwritev2 flags. */
    public static final int RWF_HIPRI = 0x1;
    public static final int RWF_DSYNC = 0x2;
    public static final int RWF_SYNC = 0x4;
    public static final int RWF_NOWAIT = 0x8;
    public static final int RWF_APPEND = 0x10;
    public static final int RWF_NOAPPEND = 0x20;
    public static final int RWF_ATOMIC = 0x40;
    public static final int RWF_DONTCACHE = 0x80;
    public static final int RWF_NOSIGNAL = 0x100;
    /** statx's mask bits and attributes. */
    public static final int STATX_MTIME = 0x40;
    public static final int STATX_CTIME = 0x80;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_BTIME = 0x800;
    public static final int STATX_MNT_ID = 0x1000;
    public static final int STATX_MNT_ID_UNIQUE = 0x4000;
    public static final int STATX_CHANGE_COOKIE = 0x40000000;
    public static final int STATX__RESERVED = 0x80000000;
    public static final int STATX_ATTR_IMMUTABLE = 0x10;
    public static final int STATX_ATTR_APPEND = 0x20;
    public static final int STATX_ATTR_NODUMP = 0x40;
    public static final int STATX_ATTR_AUTOMOUNT = 0x1000;
    public static final int STATX_ATTR_MOUNT_ROOT = 0x2000;
    public static final int STATX_ATTR_DAX = 0x200000;
    /** splice flags. */
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;
    public static final int SPLICE_F_GIFT = 8;
    public static final int CLOSE_RANGE_UNSHARE = 2;
    public static final int CLOSE_RANGE_CLOEXEC = 4;
    public static final int FALLOC_FL_KEEP_SIZE = 1;
    public static final int FALLOC_FL_PUNCH_HOLE = 2;
    public static final int FALLOC_FL_NO_HIDE_STALE = 4;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 8;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;
}
