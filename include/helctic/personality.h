/*
 * personality.h — the Helctic personality boundary, for C.
 *
 * GENERATED from io.helctic.abi (KernelOp, PersonalityId, Errno, uapi) by
 * HeaderGenerator. Do not edit: change the Java and regenerate with
 *   scripts/regenerate
 *
 * Every kernel op takes 64-bit scalars and returns a 64-bit value:
 * non-negative on success, -errno (Linux numbering) on failure.
 * Slots are never reordered; new ops take reserved slots.
 */
#ifndef HELCTIC_PERSONALITY_H
#define HELCTIC_PERSONALITY_H

#include <stdint.h>

/* Personality ids: which OS ABI a context speaks. */
enum helctic_personality_id {
    HELCTIC_PERSONALITY_KERNEL = 0,  /* Helctic's native ABI: syscall number = KernelOps slot */
    HELCTIC_PERSONALITY_LINUX = 1,  /* Linux */
    HELCTIC_PERSONALITY_WINDOWS = 2,  /* Windows NT */
    HELCTIC_PERSONALITY_DARWIN = 3,  /* Darwin (macOS) */
    HELCTIC_PERSONALITY_FREEBSD = 4,  /* FreeBSD */
    HELCTIC_PERSONALITY_NETBSD = 5,  /* NetBSD */
    HELCTIC_PERSONALITY_OPENBSD = 6,  /* OpenBSD */
};

/* Kernel op slots: the native personality's syscall numbers. */
enum helctic_op_slot {
    HELCTIC_OP_EXIT_GROUP = 0,
    HELCTIC_OP_EXIT_THREAD = 1,
    HELCTIC_OP_READ = 2,
    HELCTIC_OP_WRITE = 3,
    HELCTIC_OP_OPENAT = 4,
    HELCTIC_OP_CLOSE = 5,
    HELCTIC_OP_LSEEK = 6,
    HELCTIC_OP_PREAD = 7,
    HELCTIC_OP_PWRITE = 8,
    HELCTIC_OP_DUP = 9,
    HELCTIC_OP_DUP3 = 10,
    HELCTIC_OP_FSTAT = 11,
    HELCTIC_OP_FSTATAT = 12,
    HELCTIC_OP_GETDENTS = 13,
    HELCTIC_OP_IOCTL = 14,
    HELCTIC_OP_FCNTL = 15,
    HELCTIC_OP_BRK = 16,
    HELCTIC_OP_MMAP = 17,
    HELCTIC_OP_MUNMAP = 18,
    HELCTIC_OP_MPROTECT = 19,
    HELCTIC_OP_GETPID = 20,
    HELCTIC_OP_GETPPID = 21,
    HELCTIC_OP_GETTID = 22,
    HELCTIC_OP_SET_TLS = 23,
    HELCTIC_OP_GET_TLS = 24,
    HELCTIC_OP_SET_TID_ADDRESS = 25,
    HELCTIC_OP_CLOCK_GETTIME = 26,
    HELCTIC_OP_NANOSLEEP = 27,
    HELCTIC_OP_UNAME = 28,
    HELCTIC_OP_GETRANDOM = 29,
    HELCTIC_OP_USER_LOAD = 30,
    HELCTIC_OP_USER_STORE = 31,
    HELCTIC_OP_GET_ID = 32,
    HELCTIC_OP_CLOCK_READ = 33,
    HELCTIC_OP_MKDIRAT = 34,
    HELCTIC_OP_UNLINKAT = 35,
    HELCTIC_OP_RENAMEAT = 36,
    HELCTIC_OP_LINKAT = 37,
    HELCTIC_OP_SYMLINKAT = 38,
    HELCTIC_OP_READLINKAT = 39,
    HELCTIC_OP_FACCESSAT = 40,
    HELCTIC_OP_FCHMODAT = 41,
    HELCTIC_OP_FCHOWNAT = 42,
    HELCTIC_OP_UTIMENSAT = 43,
    HELCTIC_OP_TRUNCATE = 44,
    HELCTIC_OP_FTRUNCATE = 45,
    HELCTIC_OP_FSYNC = 46,
    HELCTIC_OP_STATFS = 47,
    HELCTIC_OP_FSTATFS = 48,
    HELCTIC_OP_UMASK = 49,
    HELCTIC_OP_CHDIR = 50,
    HELCTIC_OP_FCHDIR = 51,
    HELCTIC_OP_GETCWD = 52,
    HELCTIC_OP_PIPE2 = 53,
    HELCTIC_OP_SENDFILE = 54,
    HELCTIC_OP_CLONE = 55,
    HELCTIC_OP_EXECVE = 56,
    HELCTIC_OP_WAIT4 = 57,
    HELCTIC_OP_KILL = 58,
    HELCTIC_OP_TGKILL = 59,
    HELCTIC_OP_GETPGID = 60,
    HELCTIC_OP_SETPGID = 61,
    HELCTIC_OP_GETSID = 62,
    HELCTIC_OP_SETSID = 63,
    HELCTIC_OP_SIGACTION = 64,
    HELCTIC_OP_SIGPROCMASK = 65,
    HELCTIC_OP_SIGRETURN = 66,
    HELCTIC_OP_POLL = 67,
    HELCTIC_OP_SELECT = 68,
    HELCTIC_OP_SIGSUSPEND = 69,
    HELCTIC_OP_CLOCK_NANOSLEEP = 70,
    HELCTIC_OP_PRLIMIT = 71,
    HELCTIC_OP_PRCTL = 72,
    HELCTIC_OP_SYSINFO = 73,
    HELCTIC_OP_GETGROUPS = 74,
    HELCTIC_OP_MREMAP = 75,
    HELCTIC_OP_MADVISE = 76,
    HELCTIC_OP_MSYNC = 77,
    HELCTIC_OP_FUTEX = 78,
    HELCTIC_OP_CLONE3 = 79,
    HELCTIC_OP_SET_ROBUST_LIST = 80,
    HELCTIC_OP_SCHED_YIELD = 81,
    HELCTIC_OP_SCHED_GETAFFINITY = 82,
    HELCTIC_OP_GET_ROBUST_LIST = 83,
    HELCTIC_OP_STATX = 84,
    HELCTIC_OP_WAITID = 85,
    HELCTIC_OP_SIGALTSTACK = 86,
    HELCTIC_OP_GETXATTR = 87,
    HELCTIC_OP_LISTXATTR = 88,
    HELCTIC_OP_SETXATTR = 89,
    HELCTIC_OP_REMOVEXATTR = 90,
    HELCTIC_OP_RESTART_SYSCALL = 91,
    HELCTIC_OP_USER_SCRATCH = 92,
    HELCTIC_OP_EPOLL_CREATE = 93,
    HELCTIC_OP_EPOLL_CTL = 94,
    HELCTIC_OP_EPOLL_WAIT = 95,
    HELCTIC_OP_EVENTFD = 96,
    HELCTIC_OP_SIGPENDING = 97,
    HELCTIC_OP_SIGTIMEDWAIT = 98,
    HELCTIC_OP_SIGQUEUE = 99,
    HELCTIC_OP_SIGNALFD = 100,
    HELCTIC_OP_TIMERFD_CREATE = 101,
    HELCTIC_OP_TIMERFD_SETTIME = 102,
    HELCTIC_OP_TIMERFD_GETTIME = 103,
    HELCTIC_OP_GETITIMER = 104,
    HELCTIC_OP_SETITIMER = 105,
    HELCTIC_OP_ALARM = 106,
    HELCTIC_OP_TIMER_CREATE = 107,
    HELCTIC_OP_TIMER_SETTIME = 108,
    HELCTIC_OP_TIMER_GETTIME = 109,
    HELCTIC_OP_TIMER_GETOVERRUN = 110,
    HELCTIC_OP_TIMER_DELETE = 111,
    HELCTIC_OP_GETRUSAGE = 112,
    HELCTIC_OP_FLOCK = 113,
    HELCTIC_OP_SHMGET = 114,
    HELCTIC_OP_SHMAT = 115,
    HELCTIC_OP_SHMDT = 116,
    HELCTIC_OP_SHMCTL = 117,
    HELCTIC_OP_SEMGET = 118,
    HELCTIC_OP_SEMOP = 119,
    HELCTIC_OP_SEMCTL = 120,
    HELCTIC_OP_MSGGET = 121,
    HELCTIC_OP_MSGSND = 122,
    HELCTIC_OP_MSGRCV = 123,
    HELCTIC_OP_MSGCTL = 124,
    HELCTIC_OP_MEMFD_CREATE = 125,
    HELCTIC_OP_MQ_OPEN = 126,
    HELCTIC_OP_MQ_UNLINK = 127,
    HELCTIC_OP_MQ_SEND = 128,
    HELCTIC_OP_MQ_RECEIVE = 129,
    HELCTIC_OP_MQ_NOTIFY = 130,
    HELCTIC_OP_MQ_GETSETATTR = 131,
    HELCTIC_OP_THREAD_START = 132,
    HELCTIC_OP_THREAD_FROM_CONTEXT = 133,
    HELCTIC_OP_READV = 134,
    HELCTIC_OP_WRITEV = 135,
    HELCTIC_OP_COPY_FILE_RANGE = 136,
    HELCTIC_OP_SPLICE = 137,
    HELCTIC_OP_CLOSE_RANGE = 138,
    HELCTIC_OP_TIMES = 139,
    HELCTIC_OP_SCHED_GETSCHEDULER = 140,
    HELCTIC_OP_SCHED_SETSCHEDULER = 141,
    HELCTIC_OP_SCHED_GETPARAM = 142,
    HELCTIC_OP_SCHED_SETAFFINITY = 143,
    HELCTIC_OP_GETPRIORITY = 144,
    HELCTIC_OP_SETPRIORITY = 145,
    HELCTIC_OP_MINCORE = 146,
    HELCTIC_OP_MLOCK = 147,
    HELCTIC_OP_MLOCKALL = 148,
    HELCTIC_OP_MEMBARRIER = 149,
    HELCTIC_OP_PERSONA = 150,
    HELCTIC_OP_SYNCFS = 151,
    HELCTIC_OP_FALLOCATE = 152,
    HELCTIC_OP_PIDFD_OPEN = 153,
    HELCTIC_OP_PIDFD_SEND_SIGNAL = 154,
    HELCTIC_OP_PIDFD_GETFD = 155,
    HELCTIC_OP_MKNODAT = 156,
    HELCTIC_OP_INOTIFY_INIT = 157,
    HELCTIC_OP_INOTIFY_ADD_WATCH = 158,
    HELCTIC_OP_INOTIFY_RM_WATCH = 159,
    HELCTIC_OP_TEE = 160,
    HELCTIC_OP_SOCKET = 161,
    HELCTIC_OP_SOCKETPAIR = 162,
    HELCTIC_OP_BIND = 163,
    HELCTIC_OP_LISTEN = 164,
    HELCTIC_OP_ACCEPT = 165,
    HELCTIC_OP_CONNECT = 166,
    HELCTIC_OP_GETSOCKNAME = 167,
    HELCTIC_OP_GETPEERNAME = 168,
    HELCTIC_OP_SENDTO = 169,
    HELCTIC_OP_RECVFROM = 170,
    HELCTIC_OP_SENDMSG = 171,
    HELCTIC_OP_RECVMSG = 172,
    HELCTIC_OP_SENDMMSG = 173,
    HELCTIC_OP_RECVMMSG = 174,
    HELCTIC_OP_SHUTDOWN = 175,
    HELCTIC_OP_GETSOCKOPT = 176,
    HELCTIC_OP_SETSOCKOPT = 177,
    HELCTIC_OP_SET_IDS = 178,
    HELCTIC_OP_GET_IDS = 179,
    HELCTIC_OP_SETGROUPS = 180,
    HELCTIC_OP_CAPGET = 181,
    HELCTIC_OP_CAPSET = 182,
    HELCTIC_OP_PROCESS_VM_READV = 183,
    HELCTIC_OP_PROCESS_VM_WRITEV = 184,
    HELCTIC_OP_MEMPOLICY = 185,
    HELCTIC_OP_MBIND = 186,
    HELCTIC_OP_MOVE_PAGES = 187,
    HELCTIC_OP_REMAP_FILE_PAGES = 188,
    HELCTIC_OP_SAVE_CONTEXT = 189,
    HELCTIC_OP_RESERVED_190 = 190,
    HELCTIC_OP_PKEY = 191,
    HELCTIC_OP_PROCESS_MADVISE = 192,
    HELCTIC_OP_PROCESS_MRELEASE = 193,
    HELCTIC_OP_MSEAL = 194,
    HELCTIC_OP_FUTEX2_WAKE = 195,
    HELCTIC_OP_FUTEX2_WAIT = 196,
    HELCTIC_OP_FUTEX_WAITV = 197,
    HELCTIC_OP_FUTEX2_REQUEUE = 198,
    HELCTIC_OP_KCMP = 199,
    HELCTIC_OP_EXECVEAT = 200,
    HELCTIC_OP_OPENAT2 = 201,
    HELCTIC_OP_SIGNAL_COUNTER = 202,
    HELCTIC_OP_PIDFD_STATUS = 203,
    HELCTIC_OP_FILE_REFS = 204,
    HELCTIC_OP_AIO_SETUP = 205,
    HELCTIC_OP_AIO_DESTROY = 206,
    HELCTIC_OP_AIO_SUBMIT = 207,
    HELCTIC_OP_AIO_CANCEL = 208,
    HELCTIC_OP_AIO_GETEVENTS = 209,
    HELCTIC_OP_AIO_PGETEVENTS = 210,
    HELCTIC_OP_USTAT = 211,
    HELCTIC_OP_SYSFS = 212,
    HELCTIC_OP_THREAD_PARK = 213,
    HELCTIC_OP_THREAD_UNPARK = 214,
    HELCTIC_OP_SCHED_SETATTR = 215,
    HELCTIC_OP_SCHED_GETATTR = 216,
    HELCTIC_OP_SCHED_RR_GET_INTERVAL = 217,
    HELCTIC_OP_GETCPU = 218,
    HELCTIC_OP_IOPRIO_SET = 219,
    HELCTIC_OP_IOPRIO_GET = 220,
    HELCTIC_OP_SETHOSTNAME = 221,
    HELCTIC_OP_SETDOMAINNAME = 222,
    HELCTIC_OP_UNSHARE = 223,
    HELCTIC_OP_USER_COMPARE_EXCHANGE = 224,
    HELCTIC_OP_CLOSE_ON_FORK = 225,
    HELCTIC_OP_RESERVED_226 = 226,
    HELCTIC_OP_RESERVED_227 = 227,
    HELCTIC_OP_RESERVED_228 = 228,
    HELCTIC_OP_RESERVED_229 = 229,
    HELCTIC_OP_RESERVED_230 = 230,
    HELCTIC_OP_RESERVED_231 = 231,
    HELCTIC_OP_RESERVED_232 = 232,
    HELCTIC_OP_SECCOMP = 233,
    HELCTIC_OP_FADVISE = 234,
    HELCTIC_OP_SYNC_FILE_RANGE = 235,
    HELCTIC_OP_RESERVED_236 = 236,
    HELCTIC_OP_RESERVED_237 = 237,
    HELCTIC_OP_RESERVED_238 = 238,
    HELCTIC_OP_RESERVED_239 = 239,
    HELCTIC_OP_RESERVED_240 = 240,
    HELCTIC_OP_RESERVED_241 = 241,
    HELCTIC_OP_RESERVED_242 = 242,
    HELCTIC_OP_RESERVED_243 = 243,
    HELCTIC_OP_RESERVED_244 = 244,
    HELCTIC_OP_RESERVED_245 = 245,
    HELCTIC_OP_RESERVED_246 = 246,
    HELCTIC_OP_RESERVED_247 = 247,
    HELCTIC_OP_RESERVED_248 = 248,
    HELCTIC_OP_RESERVED_249 = 249,
    HELCTIC_OP_RESERVED_250 = 250,
    HELCTIC_OP_RESERVED_251 = 251,
    HELCTIC_OP_RESERVED_252 = 252,
    HELCTIC_OP_RESERVED_253 = 253,
    HELCTIC_OP_RESERVED_254 = 254,
    HELCTIC_OP_RESERVED_255 = 255,
    HELCTIC_OP_COUNT = 256
};

/* Kernel errno values (Linux numbering). */
#define HELCTIC_EPERM              1  /* Operation not permitted */
#define HELCTIC_ENOENT             2  /* No such file or directory */
#define HELCTIC_ESRCH              3  /* No such process */
#define HELCTIC_EINTR              4  /* Interrupted system call */
#define HELCTIC_EIO                5  /* I/O error */
#define HELCTIC_ENXIO              6  /* No such device or address */
#define HELCTIC_E2BIG              7  /* Argument list too long */
#define HELCTIC_ENOEXEC            8  /* Exec format error */
#define HELCTIC_EBADF              9  /* Bad file number */
#define HELCTIC_ECHILD            10  /* No child processes */
#define HELCTIC_EAGAIN            11  /* Try again */
#define HELCTIC_ENOMEM            12  /* Out of memory */
#define HELCTIC_EACCES            13  /* Permission denied */
#define HELCTIC_EFAULT            14  /* Bad address */
#define HELCTIC_ENOTBLK           15  /* Block device required */
#define HELCTIC_EBUSY             16  /* Device or resource busy */
#define HELCTIC_EEXIST            17  /* File exists */
#define HELCTIC_EXDEV             18  /* Cross-device link */
#define HELCTIC_ENODEV            19  /* No such device */
#define HELCTIC_ENOTDIR           20  /* Not a directory */
#define HELCTIC_EISDIR            21  /* Is a directory */
#define HELCTIC_EINVAL            22  /* Invalid argument */
#define HELCTIC_ENFILE            23  /* File table overflow */
#define HELCTIC_EMFILE            24  /* Too many open files */
#define HELCTIC_ENOTTY            25  /* Not a typewriter */
#define HELCTIC_ETXTBSY           26  /* Text file busy */
#define HELCTIC_EFBIG             27  /* File too large */
#define HELCTIC_ENOSPC            28  /* No space left on device */
#define HELCTIC_ESPIPE            29  /* Illegal seek */
#define HELCTIC_EROFS             30  /* Read-only file system */
#define HELCTIC_EMLINK            31  /* Too many links */
#define HELCTIC_EPIPE             32  /* Broken pipe */
#define HELCTIC_EDOM              33  /* Math argument out of domain of func */
#define HELCTIC_ERANGE            34  /* Math result not representable */
#define HELCTIC_EDEADLK           35  /* Resource deadlock would occur */
#define HELCTIC_ENAMETOOLONG      36  /* File name too long */
#define HELCTIC_ENOLCK            37  /* No record locks available */
#define HELCTIC_ENOSYS            38  /* Invalid system call number */
#define HELCTIC_ENOTEMPTY         39  /* Directory not empty */
#define HELCTIC_ELOOP             40  /* Too many symbolic links encountered */
#define HELCTIC_ENOMSG            42  /* No message of desired type */
#define HELCTIC_EIDRM             43  /* Identifier removed */
#define HELCTIC_ECHRNG            44  /* Channel number out of range */
#define HELCTIC_EL2NSYNC          45  /* Level 2 not synchronized */
#define HELCTIC_EL3HLT            46  /* Level 3 halted */
#define HELCTIC_EL3RST            47  /* Level 3 reset */
#define HELCTIC_ELNRNG            48  /* Link number out of range */
#define HELCTIC_EUNATCH           49  /* Protocol driver not attached */
#define HELCTIC_ENOCSI            50  /* No CSI structure available */
#define HELCTIC_EL2HLT            51  /* Level 2 halted */
#define HELCTIC_EBADE             52  /* Invalid exchange */
#define HELCTIC_EBADR             53  /* Invalid request descriptor */
#define HELCTIC_EXFULL            54  /* Exchange full */
#define HELCTIC_ENOANO            55  /* No anode */
#define HELCTIC_EBADRQC           56  /* Invalid request code */
#define HELCTIC_EBADSLT           57  /* Invalid slot */
#define HELCTIC_EBFONT            59  /* Bad font file format */
#define HELCTIC_ENOSTR            60  /* Device not a stream */
#define HELCTIC_ENODATA           61  /* No data available */
#define HELCTIC_ETIME             62  /* Timer expired */
#define HELCTIC_ENOSR             63  /* Out of streams resources */
#define HELCTIC_ENONET            64  /* Machine is not on the network */
#define HELCTIC_ENOPKG            65  /* Package not installed */
#define HELCTIC_EREMOTE           66  /* Object is remote */
#define HELCTIC_ENOLINK           67  /* Link has been severed */
#define HELCTIC_EADV              68  /* Advertise error */
#define HELCTIC_ESRMNT            69  /* Srmount error */
#define HELCTIC_ECOMM             70  /* Communication error on send */
#define HELCTIC_EPROTO            71  /* Protocol error */
#define HELCTIC_EMULTIHOP         72  /* Multihop attempted */
#define HELCTIC_EDOTDOT           73  /* RFS specific error */
#define HELCTIC_EBADMSG           74  /* Not a data message */
#define HELCTIC_EOVERFLOW         75  /* Value too large for defined data type */
#define HELCTIC_ENOTUNIQ          76  /* Name not unique on network */
#define HELCTIC_EBADFD            77  /* File descriptor in bad state */
#define HELCTIC_EREMCHG           78  /* Remote address changed */
#define HELCTIC_ELIBACC           79  /* Can not access a needed shared library */
#define HELCTIC_ELIBBAD           80  /* Accessing a corrupted shared library */
#define HELCTIC_ELIBSCN           81  /* .lib section in a.out corrupted */
#define HELCTIC_ELIBMAX           82  /* Attempting to link in too many shared libraries */
#define HELCTIC_ELIBEXEC          83  /* Cannot exec a shared library directly */
#define HELCTIC_EILSEQ            84  /* Illegal byte sequence */
#define HELCTIC_ERESTART          85  /* Interrupted system call should be restarted */
#define HELCTIC_ESTRPIPE          86  /* Streams pipe error */
#define HELCTIC_EUSERS            87  /* Too many users */
#define HELCTIC_ENOTSOCK          88  /* Socket operation on non-socket */
#define HELCTIC_EDESTADDRREQ      89  /* Destination address required */
#define HELCTIC_EMSGSIZE          90  /* Message too long */
#define HELCTIC_EPROTOTYPE        91  /* Protocol wrong type for socket */
#define HELCTIC_ENOPROTOOPT       92  /* Protocol not available */
#define HELCTIC_EPROTONOSUPPORT   93  /* Protocol not supported */
#define HELCTIC_ESOCKTNOSUPPORT   94  /* Socket type not supported */
#define HELCTIC_EOPNOTSUPP        95  /* Operation not supported on transport endpoint */
#define HELCTIC_EPFNOSUPPORT      96  /* Protocol family not supported */
#define HELCTIC_EAFNOSUPPORT      97  /* Address family not supported by protocol */
#define HELCTIC_EADDRINUSE        98  /* Address already in use */
#define HELCTIC_EADDRNOTAVAIL     99  /* Cannot assign requested address */
#define HELCTIC_ENETDOWN         100  /* Network is down */
#define HELCTIC_ENETUNREACH      101  /* Network is unreachable */
#define HELCTIC_ENETRESET        102  /* Network dropped connection because of reset */
#define HELCTIC_ECONNABORTED     103  /* Software caused connection abort */
#define HELCTIC_ECONNRESET       104  /* Connection reset by peer */
#define HELCTIC_ENOBUFS          105  /* No buffer space available */
#define HELCTIC_EISCONN          106  /* Transport endpoint is already connected */
#define HELCTIC_ENOTCONN         107  /* Transport endpoint is not connected */
#define HELCTIC_ESHUTDOWN        108  /* Cannot send after transport endpoint shutdown */
#define HELCTIC_ETOOMANYREFS     109  /* Too many references: cannot splice */
#define HELCTIC_ETIMEDOUT        110  /* Connection timed out */
#define HELCTIC_ECONNREFUSED     111  /* Connection refused */
#define HELCTIC_EHOSTDOWN        112  /* Host is down */
#define HELCTIC_EHOSTUNREACH     113  /* No route to host */
#define HELCTIC_EALREADY         114  /* Operation already in progress */
#define HELCTIC_EINPROGRESS      115  /* Operation now in progress */
#define HELCTIC_ESTALE           116  /* Stale file handle */
#define HELCTIC_EUCLEAN          117  /* Structure needs cleaning */
#define HELCTIC_ENOTNAM          118  /* Not a XENIX named type file */
#define HELCTIC_ENAVAIL          119  /* No XENIX semaphores available */
#define HELCTIC_EISNAM           120  /* Is a named type file */
#define HELCTIC_EREMOTEIO        121  /* Remote I/O error */
#define HELCTIC_EDQUOT           122  /* Quota exceeded */
#define HELCTIC_ENOMEDIUM        123  /* No medium found */
#define HELCTIC_EMEDIUMTYPE      124  /* Wrong medium type */
#define HELCTIC_ECANCELED        125  /* Operation Canceled */
#define HELCTIC_ENOKEY           126  /* Required key not available */
#define HELCTIC_EKEYEXPIRED      127  /* Key has expired */
#define HELCTIC_EKEYREVOKED      128  /* Key has been revoked */
#define HELCTIC_EKEYREJECTED     129  /* Key was rejected by service */
#define HELCTIC_EOWNERDEAD       130  /* Owner died */
#define HELCTIC_ENOTRECOVERABLE  131  /* State not recoverable */
#define HELCTIC_ERFKILL          132  /* Operation not possible due to RF-kill */
#define HELCTIC_EHWPOISON        133  /* Memory page has hardware error */

/* The constants kernel ops take (Linux numbering), from io.helctic.abi.uapi. */

/* Fcntl */
#define HELCTIC_O_ACCMODE                3
#define HELCTIC_O_RDONLY                 0
#define HELCTIC_O_WRONLY                 1
#define HELCTIC_O_RDWR                   2
#define HELCTIC_O_CREAT                  64
#define HELCTIC_O_EXCL                   128
#define HELCTIC_O_NOCTTY                 256
#define HELCTIC_O_TRUNC                  512
#define HELCTIC_O_APPEND                 1024
#define HELCTIC_O_NONBLOCK               2048
#define HELCTIC_O_DSYNC                  0x1000u
#define HELCTIC_O_ASYNC                  0x2000u
#define HELCTIC_O_DIRECT                 0x4000u
#define HELCTIC_O_LARGEFILE              0x8000u
#define HELCTIC_O_DIRECTORY              0x10000u
#define HELCTIC_O_NOFOLLOW               0x20000u
#define HELCTIC_O_NOATIME                0x40000u
#define HELCTIC_O_CLOEXEC                0x80000u
#define HELCTIC_O_SYNC                   0x101000u
#define HELCTIC_O_PATH                   0x200000u
#define HELCTIC_POSIX_FADV_NORMAL        0
#define HELCTIC_POSIX_FADV_RANDOM        1
#define HELCTIC_POSIX_FADV_SEQUENTIAL    2
#define HELCTIC_POSIX_FADV_WILLNEED      3
#define HELCTIC_POSIX_FADV_DONTNEED      4
#define HELCTIC_POSIX_FADV_NOREUSE       5
#define HELCTIC_SYNC_FILE_RANGE_WAIT_BEFORE 1
#define HELCTIC_SYNC_FILE_RANGE_WRITE    2
#define HELCTIC_SYNC_FILE_RANGE_WAIT_AFTER 4
#define HELCTIC_O_TMPFILE                0x410000u
#define HELCTIC_F_DUPFD                  0
#define HELCTIC_F_GETFD                  1
#define HELCTIC_F_SETFD                  2
#define HELCTIC_F_GETFL                  3
#define HELCTIC_F_SETFL                  4
#define HELCTIC_F_GETLK                  5
#define HELCTIC_F_SETLK                  6
#define HELCTIC_F_SETLKW                 7
#define HELCTIC_F_SETOWN                 8
#define HELCTIC_F_GETOWN                 9
#define HELCTIC_F_SETSIG                 10
#define HELCTIC_F_GETSIG                 11
#define HELCTIC_F_SETOWN_EX              15
#define HELCTIC_F_GETOWN_EX              16
#define HELCTIC_F_GETOWNER_UIDS          17
#define HELCTIC_F_OWNER_TID              0
#define HELCTIC_F_OWNER_PID              1
#define HELCTIC_F_OWNER_PGRP             2
#define HELCTIC_F_OFD_GETLK              36
#define HELCTIC_F_OFD_SETLK              37
#define HELCTIC_F_OFD_SETLKW             38
#define HELCTIC_F_SETLEASE               1024
#define HELCTIC_F_GETLEASE               1025
#define HELCTIC_F_NOTIFY                 1026
#define HELCTIC_F_DUPFD_QUERY            1027
#define HELCTIC_F_CREATED_QUERY          1028
#define HELCTIC_F_DUPFD_CLOEXEC          1030
#define HELCTIC_F_SETPIPE_SZ             1031
#define HELCTIC_F_GETPIPE_SZ             1032
#define HELCTIC_F_GET_RW_HINT            1035
#define HELCTIC_F_SET_RW_HINT            1036
#define HELCTIC_F_GET_FILE_RW_HINT       1037
#define HELCTIC_F_SET_FILE_RW_HINT       1038
#define HELCTIC_RWH_WRITE_LIFE_NOT_SET   0
#define HELCTIC_RWH_WRITE_LIFE_EXTREME   5
#define HELCTIC_DN_ACCESS                1
#define HELCTIC_DN_MODIFY                2
#define HELCTIC_DN_CREATE                4
#define HELCTIC_DN_DELETE                8
#define HELCTIC_DN_RENAME                16
#define HELCTIC_DN_ATTRIB                32
#define HELCTIC_DN_MULTISHOT             0x80000000u
#define HELCTIC_F_ADD_SEALS              1033
#define HELCTIC_F_GET_SEALS              1034
#define HELCTIC_F_SEAL_SEAL              1
#define HELCTIC_F_SEAL_SHRINK            2
#define HELCTIC_F_SEAL_GROW              4
#define HELCTIC_F_SEAL_WRITE             8
#define HELCTIC_F_SEAL_FUTURE_WRITE      16
#define HELCTIC_F_SEAL_EXEC              32
#define HELCTIC_FD_CLOEXEC               1
#define HELCTIC_F_RDLCK                  0
#define HELCTIC_F_WRLCK                  1
#define HELCTIC_F_UNLCK                  2
#define HELCTIC_LOCK_SH                  1
#define HELCTIC_LOCK_EX                  2
#define HELCTIC_LOCK_NB                  4
#define HELCTIC_LOCK_UN                  8
#define HELCTIC_AT_FDCWD                 (-100)
#define HELCTIC_AT_SYMLINK_NOFOLLOW      256
#define HELCTIC_AT_REMOVEDIR             512
#define HELCTIC_AT_EACCESS               512
#define HELCTIC_AT_SYMLINK_FOLLOW        1024
#define HELCTIC_AT_NO_AUTOMOUNT          2048
#define HELCTIC_AT_EMPTY_PATH            0x1000u
#define HELCTIC_AT_STATX_SYNC_TYPE       0x6000u
#define HELCTIC_OPEN_HOW_SIZE_VER0       24
#define HELCTIC_RESOLVE_NO_XDEV          1
#define HELCTIC_RESOLVE_NO_MAGICLINKS    2
#define HELCTIC_RESOLVE_NO_SYMLINKS      4
#define HELCTIC_RESOLVE_BENEATH          8
#define HELCTIC_RESOLVE_IN_ROOT          16
#define HELCTIC_RESOLVE_CACHED           32

/* Fs */
#define HELCTIC_S_ISUID                  2048
#define HELCTIC_S_ISGID                  1024
#define HELCTIC_S_ISVTX                  512
#define HELCTIC_SEEK_SET                 0
#define HELCTIC_SEEK_CUR                 1
#define HELCTIC_SEEK_END                 2
#define HELCTIC_SEEK_DATA                3
#define HELCTIC_SEEK_HOLE                4
#define HELCTIC_F_OK                     0
#define HELCTIC_X_OK                     1
#define HELCTIC_W_OK                     2
#define HELCTIC_R_OK                     4
#define HELCTIC_RENAME_NOREPLACE         1
#define HELCTIC_RENAME_EXCHANGE          2
#define HELCTIC_RENAME_WHITEOUT          4
#define HELCTIC_UTIME_NOW                0x3fffffffULL
#define HELCTIC_UTIME_OMIT               0x3ffffffeULL
#define HELCTIC_XATTR_CREATE             1
#define HELCTIC_XATTR_REPLACE            2
#define HELCTIC_XATTR_NAME_MAX           255
#define HELCTIC_XATTR_SIZE_MAX           0x10000u
#define HELCTIC_XATTR_LIST_MAX           0x10000u
#define HELCTIC_NAME_MAX                 255
#define HELCTIC_PATH_MAX                 0x1000u
#define HELCTIC_UIO_MAXIOV               1024
#define HELCTIC_RWF_HIPRI                1
#define HELCTIC_RWF_DSYNC                2
#define HELCTIC_RWF_SYNC                 4
#define HELCTIC_RWF_NOWAIT               8
#define HELCTIC_RWF_APPEND               16
#define HELCTIC_RWF_NOAPPEND             32
#define HELCTIC_RWF_ATOMIC               64
#define HELCTIC_RWF_DONTCACHE            128
#define HELCTIC_RWF_NOSIGNAL             256
#define HELCTIC_STATX_MTIME              64
#define HELCTIC_STATX_CTIME              128
#define HELCTIC_STATX_BASIC_STATS        2047
#define HELCTIC_STATX_BTIME              2048
#define HELCTIC_STATX_MNT_ID             0x1000u
#define HELCTIC_STATX_MNT_ID_UNIQUE      0x4000u
#define HELCTIC_STATX_CHANGE_COOKIE      0x40000000u
#define HELCTIC_STATX__RESERVED          0x80000000u
#define HELCTIC_STATX_ATTR_IMMUTABLE     16
#define HELCTIC_STATX_ATTR_APPEND        32
#define HELCTIC_STATX_ATTR_NODUMP        64
#define HELCTIC_STATX_ATTR_AUTOMOUNT     0x1000u
#define HELCTIC_STATX_ATTR_MOUNT_ROOT    0x2000u
#define HELCTIC_STATX_ATTR_DAX           0x200000u
#define HELCTIC_SPLICE_F_MOVE            1
#define HELCTIC_SPLICE_F_NONBLOCK        2
#define HELCTIC_SPLICE_F_MORE            4
#define HELCTIC_SPLICE_F_GIFT            8
#define HELCTIC_CLOSE_RANGE_UNSHARE      2
#define HELCTIC_CLOSE_RANGE_CLOEXEC      4
#define HELCTIC_FALLOC_FL_KEEP_SIZE      1
#define HELCTIC_FALLOC_FL_PUNCH_HOLE     2
#define HELCTIC_FALLOC_FL_NO_HIDE_STALE  4
#define HELCTIC_FALLOC_FL_COLLAPSE_RANGE 8
#define HELCTIC_FALLOC_FL_ZERO_RANGE     16
#define HELCTIC_FALLOC_FL_INSERT_RANGE   32
#define HELCTIC_FALLOC_FL_UNSHARE_RANGE  64

/* Signal */
#define HELCTIC_SIGHUP                   1
#define HELCTIC_SIGINT                   2
#define HELCTIC_SIGQUIT                  3
#define HELCTIC_SIGILL                   4
#define HELCTIC_SIGTRAP                  5
#define HELCTIC_SIGABRT                  6
#define HELCTIC_SIGBUS                   7
#define HELCTIC_SIGFPE                   8
#define HELCTIC_SIGKILL                  9
#define HELCTIC_SIGUSR1                  10
#define HELCTIC_SIGSEGV                  11
#define HELCTIC_SIGUSR2                  12
#define HELCTIC_SIGPIPE                  13
#define HELCTIC_SIGALRM                  14
#define HELCTIC_SIGTERM                  15
#define HELCTIC_SIGSTKFLT                16
#define HELCTIC_SIGCHLD                  17
#define HELCTIC_SIGCONT                  18
#define HELCTIC_SIGSTOP                  19
#define HELCTIC_SIGTSTP                  20
#define HELCTIC_SIGTTIN                  21
#define HELCTIC_SIGTTOU                  22
#define HELCTIC_SIGURG                   23
#define HELCTIC_SIGXCPU                  24
#define HELCTIC_SIGXFSZ                  25
#define HELCTIC_SIGVTALRM                26
#define HELCTIC_SIGPROF                  27
#define HELCTIC_SIGWINCH                 28
#define HELCTIC_SIGIO                    29
#define HELCTIC_SIGPWR                   30
#define HELCTIC_SIGSYS                   31
#define HELCTIC_SIGRTMIN                 32
#define HELCTIC_NSIG                     64
#define HELCTIC_SIG_DFL                  0
#define HELCTIC_SIG_IGN                  1
#define HELCTIC_SA_NOCLDSTOP             1
#define HELCTIC_SA_NOCLDWAIT             2
#define HELCTIC_SA_SIGINFO               4
#define HELCTIC_SA_RESTORER              0x4000000ULL
#define HELCTIC_SA_ONSTACK               0x8000000ULL
#define HELCTIC_SA_RESTART               0x10000000ULL
#define HELCTIC_SA_NODEFER               0x40000000ULL
#define HELCTIC_SA_RESETHAND             0x80000000ULL
#define HELCTIC_SIG_BLOCK                0
#define HELCTIC_SIG_UNBLOCK              1
#define HELCTIC_SIG_SETMASK              2
#define HELCTIC_SS_ONSTACK               1
#define HELCTIC_SS_DISABLE               2
#define HELCTIC_SS_AUTODISARM            0x80000000u
#define HELCTIC_MINSIGSTKSZ              2048
#define HELCTIC_SI_USER                  0
#define HELCTIC_SI_KERNEL                128
#define HELCTIC_SI_TKILL                 (-6)
#define HELCTIC_SI_QUEUE                 (-1)
#define HELCTIC_SI_TIMER                 (-2)
#define HELCTIC_SI_MESGQ                 (-3)
#define HELCTIC_SI_ASYNCIO               (-4)
#define HELCTIC_SI_SIGIO                 (-5)
#define HELCTIC_POLL_IN                  1
#define HELCTIC_POLL_OUT                 2
#define HELCTIC_POLL_MSG                 3
#define HELCTIC_POLL_ERR                 4
#define HELCTIC_POLL_PRI                 5
#define HELCTIC_POLL_HUP                 6
#define HELCTIC_SIGINFO_SIZE             128
#define HELCTIC_ILL_ILLOPN               2
#define HELCTIC_FPE_INTDIV               1
#define HELCTIC_FPE_INTOVF               2
#define HELCTIC_FPE_FLTDIV               3
#define HELCTIC_FPE_FLTOVF               4
#define HELCTIC_FPE_FLTUND               5
#define HELCTIC_FPE_FLTRES               6
#define HELCTIC_FPE_FLTINV               7
#define HELCTIC_SEGV_MAPERR              1
#define HELCTIC_SEGV_ACCERR              2
#define HELCTIC_BUS_ADRERR               2
#define HELCTIC_TRAP_BRKPT               1
#define HELCTIC_CLD_EXITED               1
#define HELCTIC_CLD_KILLED               2
#define HELCTIC_CLD_DUMPED               3
#define HELCTIC_CLD_STOPPED              5
#define HELCTIC_CLD_CONTINUED            6

/* Sched */
#define HELCTIC_CSIGNAL                  255
#define HELCTIC_CLONE_VM                 256
#define HELCTIC_CLONE_FS                 512
#define HELCTIC_CLONE_FILES              1024
#define HELCTIC_CLONE_SIGHAND            2048
#define HELCTIC_CLONE_PIDFD              0x1000ULL
#define HELCTIC_CLONE_PTRACE             0x2000ULL
#define HELCTIC_CLONE_VFORK              0x4000ULL
#define HELCTIC_CLONE_PARENT             0x8000ULL
#define HELCTIC_CLONE_THREAD             0x10000ULL
#define HELCTIC_CLONE_NEWNS              0x20000ULL
#define HELCTIC_CLONE_SYSVSEM            0x40000ULL
#define HELCTIC_CLONE_SETTLS             0x80000ULL
#define HELCTIC_CLONE_PARENT_SETTID      0x100000ULL
#define HELCTIC_CLONE_CHILD_CLEARTID     0x200000ULL
#define HELCTIC_CLONE_DETACHED           0x400000ULL
#define HELCTIC_CLONE_UNTRACED           0x800000ULL
#define HELCTIC_CLONE_CHILD_SETTID       0x1000000ULL
#define HELCTIC_CLONE_NEWTIME            128
#define HELCTIC_CLONE_NEWCGROUP          0x2000000ULL
#define HELCTIC_CLONE_NEWUTS             0x4000000ULL
#define HELCTIC_CLONE_NEWIPC             0x8000000ULL
#define HELCTIC_CLONE_NEWUSER            0x10000000ULL
#define HELCTIC_CLONE_NEWPID             0x20000000ULL
#define HELCTIC_CLONE_NEWNET             0x40000000ULL
#define HELCTIC_CLONE_IO                 0x80000000ULL
#define HELCTIC_CLONE_CLEAR_SIGHAND      0x100000000ULL
#define HELCTIC_CLONE_INTO_CGROUP        0x200000000ULL
#define HELCTIC_CLONE_ARGS_SIZE_VER0     64
#define HELCTIC_CLONE_ARGS_SIZE_VER2     88
#define HELCTIC_SCHED_OTHER              0
#define HELCTIC_SCHED_FIFO               1
#define HELCTIC_SCHED_RR                 2
#define HELCTIC_SCHED_BATCH              3
#define HELCTIC_SCHED_IDLE               5
#define HELCTIC_SCHED_DEADLINE           6
#define HELCTIC_SCHED_RESET_ON_FORK      0x40000000u
#define HELCTIC_SCHED_FLAG_RESET_ON_FORK 1
#define HELCTIC_SCHED_FLAG_RECLAIM       2
#define HELCTIC_SCHED_FLAG_DL_OVERRUN    4
#define HELCTIC_SCHED_FLAG_KEEP_POLICY   8
#define HELCTIC_SCHED_FLAG_KEEP_PARAMS   16
#define HELCTIC_SCHED_FLAG_UTIL_CLAMP_MIN 32
#define HELCTIC_SCHED_FLAG_UTIL_CLAMP_MAX 64
#define HELCTIC_SCHED_FLAG_UTIL_CLAMP    96
#define HELCTIC_SCHED_FLAG_ALL           127
#define HELCTIC_SCHED_ATTR_SIZE_VER0     48
#define HELCTIC_SCHED_ATTR_SIZE_VER1     56
#define HELCTIC_IOPRIO_CLASS_SHIFT       13
#define HELCTIC_IOPRIO_CLASS_NONE        0
#define HELCTIC_IOPRIO_CLASS_RT          1
#define HELCTIC_IOPRIO_CLASS_BE          2
#define HELCTIC_IOPRIO_CLASS_IDLE        3
#define HELCTIC_IOPRIO_NR_LEVELS         8
#define HELCTIC_IOPRIO_WHO_PROCESS       1
#define HELCTIC_IOPRIO_WHO_PGRP          2
#define HELCTIC_IOPRIO_WHO_USER          3
#define HELCTIC_PRIO_PROCESS             0
#define HELCTIC_PRIO_PGRP                1
#define HELCTIC_PRIO_USER                2
#define HELCTIC_PIDFD_NONBLOCK           2048

/* Mman */
#define HELCTIC_PROT_NONE                0
#define HELCTIC_PROT_READ                1
#define HELCTIC_PROT_WRITE               2
#define HELCTIC_PROT_EXEC                4
#define HELCTIC_PROT_SEM                 8
#define HELCTIC_PROT_GROWSDOWN           0x1000000u
#define HELCTIC_PROT_GROWSUP             0x2000000u
#define HELCTIC_MAP_SHARED               1
#define HELCTIC_MAP_PRIVATE              2
#define HELCTIC_MAP_SHARED_VALIDATE      3
#define HELCTIC_MAP_TYPE                 15
#define HELCTIC_MAP_FIXED                16
#define HELCTIC_MAP_ANONYMOUS            32
#define HELCTIC_MAP_32BIT                64
#define HELCTIC_MAP_GROWSDOWN            256
#define HELCTIC_MAP_DENYWRITE            2048
#define HELCTIC_MAP_EXECUTABLE           0x1000u
#define HELCTIC_MAP_LOCKED               0x2000u
#define HELCTIC_MAP_NORESERVE            0x4000u
#define HELCTIC_MAP_POPULATE             0x8000u
#define HELCTIC_MAP_NONBLOCK             0x10000u
#define HELCTIC_MAP_STACK                0x20000u
#define HELCTIC_MAP_HUGETLB              0x40000u
#define HELCTIC_MAP_SYNC                 0x80000u
#define HELCTIC_MAP_FIXED_NOREPLACE      0x100000u
#define HELCTIC_MAP_UNINITIALIZED        0x4000000u
#define HELCTIC_MREMAP_MAYMOVE           1
#define HELCTIC_MREMAP_FIXED             2
#define HELCTIC_MREMAP_DONTUNMAP         4
#define HELCTIC_MADV_NORMAL              0
#define HELCTIC_MADV_DONTNEED            4
#define HELCTIC_MADV_FREE                8
#define HELCTIC_MADV_WILLNEED            3
#define HELCTIC_MADV_REMOVE              9
#define HELCTIC_MADV_DONTFORK            10
#define HELCTIC_MADV_WIPEONFORK          18
#define HELCTIC_MADV_COLD                20
#define HELCTIC_MADV_PAGEOUT             21
#define HELCTIC_MADV_DONTNEED_LOCKED     24
#define HELCTIC_MADV_COLLAPSE            25
#define HELCTIC_MADV_GUARD_INSTALL       102
#define HELCTIC_PKEY_DISABLE_ACCESS      1
#define HELCTIC_PKEY_DISABLE_WRITE       2
#define HELCTIC_MS_ASYNC                 1
#define HELCTIC_MS_INVALIDATE            2
#define HELCTIC_MS_SYNC                  4
#define HELCTIC_MCL_CURRENT              1
#define HELCTIC_MCL_FUTURE               2
#define HELCTIC_MCL_ONFAULT              4
#define HELCTIC_MLOCK_ONFAULT            1
#define HELCTIC_MEMBARRIER_CMD_QUERY     0
#define HELCTIC_MEMBARRIER_CMD_GLOBAL    1
#define HELCTIC_MEMBARRIER_CMD_GLOBAL_EXPEDITED 2
#define HELCTIC_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED 4
#define HELCTIC_MEMBARRIER_CMD_PRIVATE_EXPEDITED 8
#define HELCTIC_MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16
#define HELCTIC_MFD_CLOEXEC              1
#define HELCTIC_MFD_ALLOW_SEALING        2
#define HELCTIC_MFD_HUGETLB              4
#define HELCTIC_MFD_NOEXEC_SEAL          8
#define HELCTIC_MFD_EXEC                 16
#define HELCTIC_MFD_NAME_MAX             249

/* Wait */
#define HELCTIC_WNOHANG                  1
#define HELCTIC_WUNTRACED                2
#define HELCTIC_WSTOPPED                 2
#define HELCTIC_WEXITED                  4
#define HELCTIC_WCONTINUED               8
#define HELCTIC_WNOWAIT                  0x1000000ULL
#define HELCTIC___WNOTHREAD              0x20000000ULL
#define HELCTIC___WALL                   0x40000000ULL
#define HELCTIC___WCLONE                 0x80000000ULL
#define HELCTIC_P_ALL                    0
#define HELCTIC_P_PID                    1
#define HELCTIC_P_PGID                   2
#define HELCTIC_P_PIDFD                  3

/* Time */
#define HELCTIC_CLOCK_REALTIME           0
#define HELCTIC_CLOCK_MONOTONIC          1
#define HELCTIC_CLOCK_PROCESS_CPUTIME_ID 2
#define HELCTIC_CLOCK_THREAD_CPUTIME_ID  3
#define HELCTIC_CLOCK_MONOTONIC_RAW      4
#define HELCTIC_CLOCK_REALTIME_COARSE    5
#define HELCTIC_CLOCK_MONOTONIC_COARSE   6
#define HELCTIC_CLOCK_BOOTTIME           7
#define HELCTIC_CLOCK_REALTIME_ALARM     8
#define HELCTIC_CLOCK_BOOTTIME_ALARM     9
#define HELCTIC_CLOCK_TAI                11
#define HELCTIC_TICK_NSEC                0x3d0900ULL
#define HELCTIC_TIMER_ABSTIME            1
#define HELCTIC_ITIMER_REAL              0
#define HELCTIC_ITIMER_VIRTUAL           1
#define HELCTIC_ITIMER_PROF              2
#define HELCTIC_SIGEV_SIGNAL             0
#define HELCTIC_SIGEV_NONE               1
#define HELCTIC_SIGEV_THREAD             2
#define HELCTIC_SIGEV_THREAD_ID          4
#define HELCTIC_RUSAGE_SELF              0
#define HELCTIC_RUSAGE_CHILDREN          (-1)
#define HELCTIC_RUSAGE_THREAD            1

/* Futex */
#define HELCTIC_FUTEX_WAIT               0
#define HELCTIC_FUTEX_WAKE               1
#define HELCTIC_FUTEX_FD                 2
#define HELCTIC_FUTEX_REQUEUE            3
#define HELCTIC_FUTEX_CMP_REQUEUE        4
#define HELCTIC_FUTEX_WAKE_OP            5
#define HELCTIC_FUTEX_LOCK_PI            6
#define HELCTIC_FUTEX_UNLOCK_PI          7
#define HELCTIC_FUTEX_TRYLOCK_PI         8
#define HELCTIC_FUTEX_WAIT_BITSET        9
#define HELCTIC_FUTEX_WAKE_BITSET        10
#define HELCTIC_FUTEX_WAIT_REQUEUE_PI    11
#define HELCTIC_FUTEX_CMP_REQUEUE_PI     12
#define HELCTIC_FUTEX_LOCK_PI2           13
#define HELCTIC_FUTEX_PRIVATE_FLAG       128
#define HELCTIC_FUTEX_CLOCK_REALTIME     256
#define HELCTIC_FUTEX_CMD_MASK           (-385)
#define HELCTIC_FUTEX_BITSET_MATCH_ANY   (-1)
#define HELCTIC_FUTEX_WAITERS            0x80000000u
#define HELCTIC_FUTEX_OWNER_DIED         0x40000000u
#define HELCTIC_FUTEX_TID_MASK           0x3fffffffu
#define HELCTIC_FUTEX_OP_SET             0
#define HELCTIC_FUTEX_OP_ADD             1
#define HELCTIC_FUTEX_OP_OR              2
#define HELCTIC_FUTEX_OP_ANDN            3
#define HELCTIC_FUTEX_OP_XOR             4
#define HELCTIC_FUTEX_OP_OPARG_SHIFT     8
#define HELCTIC_FUTEX_OP_CMP_EQ          0
#define HELCTIC_FUTEX_OP_CMP_NE          1
#define HELCTIC_FUTEX_OP_CMP_LT          2
#define HELCTIC_FUTEX_OP_CMP_LE          3
#define HELCTIC_FUTEX_OP_CMP_GT          4
#define HELCTIC_FUTEX_OP_CMP_GE          5
#define HELCTIC_FUTEX2_SIZE_U8           0
#define HELCTIC_FUTEX2_SIZE_U16          1
#define HELCTIC_FUTEX2_SIZE_U32          2
#define HELCTIC_FUTEX2_SIZE_U64          3
#define HELCTIC_FUTEX2_NUMA              4
#define HELCTIC_FUTEX2_MPOL              8
#define HELCTIC_FUTEX2_PRIVATE           128
#define HELCTIC_FUTEX2_SIZE_MASK         3
#define HELCTIC_FUTEX_NO_NODE            (-1)
#define HELCTIC_FUTEX_WAITV_MAX          128
#define HELCTIC_FUTEX_WAITV_SIZE         24
#define HELCTIC_ROBUST_LIST_LIMIT        2048

/* Poll */
#define HELCTIC_POLLIN                   1
#define HELCTIC_POLLPRI                  2
#define HELCTIC_POLLOUT                  4
#define HELCTIC_POLLERR                  8
#define HELCTIC_POLLHUP                  16
#define HELCTIC_POLLNVAL                 32
#define HELCTIC_POLLRDNORM               64
#define HELCTIC_POLLRDBAND               128
#define HELCTIC_POLLWRNORM               256
#define HELCTIC_POLLWRBAND               512
#define HELCTIC_POLLMSG                  1024
#define HELCTIC_POLLRDHUP                0x2000u

/* Ioctl */
#define HELCTIC_TCGETS                   0x5401u
#define HELCTIC_TCSETS                   0x5402u
#define HELCTIC_TCSETSW                  0x5403u
#define HELCTIC_TCSETSF                  0x5404u
#define HELCTIC_TIOCSCTTY                0x540eu
#define HELCTIC_TIOCGPGRP                0x540fu
#define HELCTIC_TIOCSPGRP                0x5410u
#define HELCTIC_TIOCGWINSZ               0x5413u
#define HELCTIC_TIOCSWINSZ               0x5414u
#define HELCTIC_FIONREAD                 0x541bu
#define HELCTIC_FIONBIO                  0x5421u
#define HELCTIC_TIOCNOTTY                0x5422u
#define HELCTIC_FIONCLEX                 0x5450u
#define HELCTIC_FIOCLEX                  0x5451u
#define HELCTIC_FIOASYNC                 0x5452u
#define HELCTIC_FIOSETOWN                0x8901u
#define HELCTIC_SIOCSPGRP                0x8902u
#define HELCTIC_FIOGETOWN                0x8903u
#define HELCTIC_SIOCGPGRP                0x8904u

/* Proc */
#define HELCTIC_PR_SET_NAME              15
#define HELCTIC_PR_GET_NAME              16
#define HELCTIC_PR_SET_PDEATHSIG         1
#define HELCTIC_PR_GET_PDEATHSIG         2
#define HELCTIC_PR_GET_DUMPABLE          3
#define HELCTIC_PR_SET_DUMPABLE          4
#define HELCTIC_PR_GET_KEEPCAPS          7
#define HELCTIC_PR_SET_KEEPCAPS          8
#define HELCTIC_PR_GET_SECCOMP           21
#define HELCTIC_PR_SET_SECCOMP           22
#define HELCTIC_SECCOMP_MODE_DISABLED    0
#define HELCTIC_SECCOMP_MODE_STRICT      1
#define HELCTIC_SECCOMP_MODE_FILTER      2
#define HELCTIC_SECCOMP_SET_MODE_STRICT  0
#define HELCTIC_SECCOMP_SET_MODE_FILTER  1
#define HELCTIC_SECCOMP_GET_ACTION_AVAIL 2
#define HELCTIC_SECCOMP_GET_NOTIF_SIZES  3
#define HELCTIC_SECCOMP_FILTER_FLAG_TSYNC 1
#define HELCTIC_SECCOMP_FILTER_FLAG_LOG  2
#define HELCTIC_SECCOMP_FILTER_FLAG_SPEC_ALLOW 4
#define HELCTIC_SECCOMP_FILTER_FLAG_NEW_LISTENER 8
#define HELCTIC_SECCOMP_FILTER_FLAG_TSYNC_ESRCH 16
#define HELCTIC_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV 32
#define HELCTIC_SECCOMP_RET_KILL_PROCESS 0x80000000u
#define HELCTIC_SECCOMP_RET_KILL_THREAD  0
#define HELCTIC_SECCOMP_RET_TRAP         0x30000u
#define HELCTIC_SECCOMP_RET_ERRNO        0x50000u
#define HELCTIC_SECCOMP_RET_USER_NOTIF   0x7fc00000u
#define HELCTIC_SECCOMP_RET_TRACE        0x7ff00000u
#define HELCTIC_SECCOMP_RET_LOG          0x7ffc0000u
#define HELCTIC_SECCOMP_RET_ALLOW        0x7fff0000u
#define HELCTIC_SECCOMP_RET_ACTION_FULL  0xffff0000u
#define HELCTIC_SECCOMP_RET_DATA         0xffffu
#define HELCTIC_SYS_SECCOMP              1
#define HELCTIC_BPF_MAXINSNS             0x1000u
#define HELCTIC_PR_CAPBSET_READ          23
#define HELCTIC_PR_SET_TIMERSLACK        29
#define HELCTIC_PR_GET_TIMERSLACK        30
#define HELCTIC_PR_SET_CHILD_SUBREAPER   36
#define HELCTIC_PR_GET_CHILD_SUBREAPER   37
#define HELCTIC_PR_SET_NO_NEW_PRIVS      38
#define HELCTIC_PR_GET_NO_NEW_PRIVS      39
#define HELCTIC_CAP_LAST_CAP             40
#define HELCTIC_PR_CAPBSET_DROP          24
#define HELCTIC__LINUX_CAPABILITY_VERSION_1 0x19980330u
#define HELCTIC__LINUX_CAPABILITY_VERSION_2 0x20071026u
#define HELCTIC__LINUX_CAPABILITY_VERSION_3 0x20080522u
#define HELCTIC_CAP_CHOWN                0
#define HELCTIC_CAP_DAC_OVERRIDE         1
#define HELCTIC_CAP_DAC_READ_SEARCH      2
#define HELCTIC_CAP_FOWNER               3
#define HELCTIC_CAP_FSETID               4
#define HELCTIC_CAP_KILL                 5
#define HELCTIC_CAP_SETGID               6
#define HELCTIC_CAP_SETUID               7
#define HELCTIC_CAP_SETPCAP              8
#define HELCTIC_CAP_LINUX_IMMUTABLE      9
#define HELCTIC_CAP_IPC_LOCK             14
#define HELCTIC_CAP_IPC_OWNER            15
#define HELCTIC_CAP_SYS_PTRACE           19
#define HELCTIC_CAP_SYS_ADMIN            21
#define HELCTIC_CAP_SYS_NICE             23
#define HELCTIC_CAP_SYS_RESOURCE         24
#define HELCTIC_CAP_LEASE                28
#define HELCTIC_CAP_MKNOD                27
#define HELCTIC_CAP_MAC_OVERRIDE         32
#define HELCTIC_CAP_WAKE_ALARM           35
#define HELCTIC_NGROUPS_MAX              0x10000u
#define HELCTIC_RLIMIT_CPU               0
#define HELCTIC_RLIMIT_FSIZE             1
#define HELCTIC_RLIMIT_DATA              2
#define HELCTIC_RLIMIT_STACK             3
#define HELCTIC_RLIMIT_CORE              4
#define HELCTIC_RLIMIT_RSS               5
#define HELCTIC_RLIMIT_NPROC             6
#define HELCTIC_RLIMIT_NOFILE            7
#define HELCTIC_RLIMIT_MEMLOCK           8
#define HELCTIC_RLIMIT_AS                9
#define HELCTIC_RLIMIT_LOCKS             10
#define HELCTIC_RLIMIT_SIGPENDING        11
#define HELCTIC_RLIMIT_MSGQUEUE          12
#define HELCTIC_RLIMIT_NICE              13
#define HELCTIC_RLIMIT_RTPRIO            14
#define HELCTIC_RLIMIT_RTTIME            15
#define HELCTIC_RLIM_NLIMITS             16
#define HELCTIC_RLIM_INFINITY            (-1)
#define HELCTIC_GRND_NONBLOCK            1
#define HELCTIC_GRND_RANDOM              2
#define HELCTIC_GRND_INSECURE            4
#define HELCTIC_KCMP_FILE                0
#define HELCTIC_KCMP_VM                  1
#define HELCTIC_KCMP_FILES               2
#define HELCTIC_KCMP_FS                  3
#define HELCTIC_KCMP_SIGHAND             4
#define HELCTIC_KCMP_IO                  5
#define HELCTIC_KCMP_SYSVSEM             6
#define HELCTIC_KCMP_EPOLL_TFD           7
#define HELCTIC_KCMP_TYPES               8

/* Event */
#define HELCTIC_EPOLL_CLOEXEC            0x80000u
#define HELCTIC_EPOLL_CTL_ADD            1
#define HELCTIC_EPOLL_CTL_DEL            2
#define HELCTIC_EPOLL_CTL_MOD            3
#define HELCTIC_EPOLLIN                  1
#define HELCTIC_EPOLLPRI                 2
#define HELCTIC_EPOLLOUT                 4
#define HELCTIC_EPOLLERR                 8
#define HELCTIC_EPOLLHUP                 16
#define HELCTIC_EPOLLRDNORM              64
#define HELCTIC_EPOLLRDBAND              128
#define HELCTIC_EPOLLWRNORM              256
#define HELCTIC_EPOLLWRBAND              512
#define HELCTIC_EPOLLMSG                 1024
#define HELCTIC_EPOLLRDHUP               0x2000u
#define HELCTIC_EPOLLEXCLUSIVE           0x10000000u
#define HELCTIC_EPOLLWAKEUP              0x20000000u
#define HELCTIC_EPOLLONESHOT             0x40000000u
#define HELCTIC_EPOLLET                  0x80000000u
#define HELCTIC_EPOLL_EVENT_SIZE         12
#define HELCTIC_EP_MAX_EVENTS            0xaaaaaaau
#define HELCTIC_EFD_SEMAPHORE            1
#define HELCTIC_EFD_CLOEXEC              0x80000u
#define HELCTIC_EFD_NONBLOCK             2048
#define HELCTIC_SFD_CLOEXEC              0x80000u
#define HELCTIC_SFD_NONBLOCK             2048
#define HELCTIC_TFD_CLOEXEC              0x80000u
#define HELCTIC_TFD_NONBLOCK             2048
#define HELCTIC_TFD_TIMER_ABSTIME        1
#define HELCTIC_TFD_TIMER_CANCEL_ON_SET  2
#define HELCTIC_IN_ACCESS                1
#define HELCTIC_IN_MODIFY                2
#define HELCTIC_IN_ATTRIB                4
#define HELCTIC_IN_CLOSE_WRITE           8
#define HELCTIC_IN_CLOSE_NOWRITE         16
#define HELCTIC_IN_OPEN                  32
#define HELCTIC_IN_MOVED_FROM            64
#define HELCTIC_IN_MOVED_TO              128
#define HELCTIC_IN_CREATE                256
#define HELCTIC_IN_DELETE                512
#define HELCTIC_IN_DELETE_SELF           1024
#define HELCTIC_IN_MOVE_SELF             2048
#define HELCTIC_IN_UNMOUNT               0x2000u
#define HELCTIC_IN_Q_OVERFLOW            0x4000u
#define HELCTIC_IN_IGNORED               0x8000u
#define HELCTIC_IN_ONLYDIR               0x1000000u
#define HELCTIC_IN_DONT_FOLLOW           0x2000000u
#define HELCTIC_IN_EXCL_UNLINK           0x4000000u
#define HELCTIC_IN_MASK_CREATE           0x10000000u
#define HELCTIC_IN_MASK_ADD              0x20000000u
#define HELCTIC_IN_ISDIR                 0x40000000u
#define HELCTIC_IN_ONESHOT               0x80000000u
#define HELCTIC_IN_ALL_EVENTS            4095
#define HELCTIC_IN_CLOEXEC               0x80000u
#define HELCTIC_IN_NONBLOCK              2048

/* Ipc */
#define HELCTIC_IPC_PRIVATE              0
#define HELCTIC_IPC_CREAT                512
#define HELCTIC_IPC_EXCL                 1024
#define HELCTIC_IPC_NOWAIT               2048
#define HELCTIC_IPC_RMID                 0
#define HELCTIC_IPC_SET                  1
#define HELCTIC_IPC_STAT                 2
#define HELCTIC_IPC_INFO                 3
#define HELCTIC_SHM_RDONLY               0x1000u
#define HELCTIC_SHM_RND                  0x2000u
#define HELCTIC_SHM_REMAP                0x4000u
#define HELCTIC_SHM_EXEC                 0x8000u
#define HELCTIC_SHM_LOCK                 11
#define HELCTIC_SHM_UNLOCK               12
#define HELCTIC_SHM_STAT                 13
#define HELCTIC_SHM_INFO                 14
#define HELCTIC_SHM_STAT_ANY             15
#define HELCTIC_SHM_DEST                 512
#define HELCTIC_SHM_LOCKED               1024
#define HELCTIC_SHM_HUGETLB              2048
#define HELCTIC_SHMLBA                   0x1000u
#define HELCTIC_SHMMIN                   1
#define HELCTIC_SHMMAX                   0xfffffffffeffffffULL
#define HELCTIC_SHMALL                   0xfffffffffeffffffULL
#define HELCTIC_SHMMNI                   0x1000u
#define HELCTIC_SEM_UNDO                 0x1000u
#define HELCTIC_GETPID                   11
#define HELCTIC_GETVAL                   12
#define HELCTIC_GETALL                   13
#define HELCTIC_GETNCNT                  14
#define HELCTIC_GETZCNT                  15
#define HELCTIC_SETVAL                   16
#define HELCTIC_SETALL                   17
#define HELCTIC_SEM_STAT                 18
#define HELCTIC_SEM_INFO                 19
#define HELCTIC_SEM_STAT_ANY             20
#define HELCTIC_SEMMNI                   0x7d00u
#define HELCTIC_SEMMSL                   0x7d00u
#define HELCTIC_SEMMNS                   0x3d090000u
#define HELCTIC_SEMOPM                   500
#define HELCTIC_SEMVMX                   0x7fffu
#define HELCTIC_SEMAEM                   0x7fffu
#define HELCTIC_MSG_NOERROR              0x1000u
#define HELCTIC_MSG_EXCEPT               0x2000u
#define HELCTIC_MSG_COPY                 0x4000u
#define HELCTIC_MSG_STAT                 11
#define HELCTIC_MSG_INFO                 12
#define HELCTIC_MSG_STAT_ANY             13
#define HELCTIC_MSGMAX                   0x2000u
#define HELCTIC_MSGMNB                   0x4000u
#define HELCTIC_MSGMNI                   0x7d00u
#define HELCTIC_MSGSSZ                   16
#define HELCTIC_MSGSEG                   0xffffu
#define HELCTIC_MSGPOOL                  0x7d000u
#define HELCTIC_MQ_PRIO_MAX              0x8000u
#define HELCTIC_MQ_MSG_MAX               10
#define HELCTIC_MQ_MSGSIZE_MAX           0x2000u
#define HELCTIC_MQ_MSG_DEFAULT           10
#define HELCTIC_MQ_MSGSIZE_DEFAULT       0x2000u
#define HELCTIC_MQ_QUEUES_MAX            256
#define HELCTIC_HARD_MSGMAX              0x10000u
#define HELCTIC_HARD_MSGSIZEMAX          0x1000000u
#define HELCTIC_MQ_NAME_MAX              255
#define HELCTIC_SIGEVENT_SIZE            64

/* Socket */
#define HELCTIC_AF_UNSPEC                0
#define HELCTIC_AF_UNIX                  1
#define HELCTIC_AF_INET                  2
#define HELCTIC_AF_INET6                 10
#define HELCTIC_AF_NETLINK               16
#define HELCTIC_AF_PACKET                17
#define HELCTIC_SOCK_STREAM              1
#define HELCTIC_SOCK_DGRAM               2
#define HELCTIC_SOCK_RAW                 3
#define HELCTIC_SOCK_RDM                 4
#define HELCTIC_SOCK_SEQPACKET           5
#define HELCTIC_SOCK_NONBLOCK            2048
#define HELCTIC_SOCK_CLOEXEC             0x80000u
#define HELCTIC_SHUT_RD                  0
#define HELCTIC_SHUT_WR                  1
#define HELCTIC_SHUT_RDWR                2
#define HELCTIC_MSG_OOB                  1
#define HELCTIC_MSG_PEEK                 2
#define HELCTIC_MSG_DONTROUTE            4
#define HELCTIC_MSG_CTRUNC               8
#define HELCTIC_MSG_TRUNC                32
#define HELCTIC_MSG_DONTWAIT             64
#define HELCTIC_MSG_EOR                  128
#define HELCTIC_MSG_WAITALL              256
#define HELCTIC_MSG_ERRQUEUE             0x2000u
#define HELCTIC_MSG_NOSIGNAL             0x4000u
#define HELCTIC_MSG_MORE                 0x8000u
#define HELCTIC_MSG_WAITFORONE           0x10000u
#define HELCTIC_MSG_CMSG_CLOEXEC         0x40000000u
#define HELCTIC_SOL_SOCKET               1
#define HELCTIC_SO_DEBUG                 1
#define HELCTIC_SO_REUSEADDR             2
#define HELCTIC_SO_TYPE                  3
#define HELCTIC_SO_ERROR                 4
#define HELCTIC_SO_DONTROUTE             5
#define HELCTIC_SO_BROADCAST             6
#define HELCTIC_SO_SNDBUF                7
#define HELCTIC_SO_RCVBUF                8
#define HELCTIC_SO_KEEPALIVE             9
#define HELCTIC_SO_OOBINLINE             10
#define HELCTIC_SO_NO_CHECK              11
#define HELCTIC_SO_PRIORITY              12
#define HELCTIC_SO_LINGER                13
#define HELCTIC_SO_REUSEPORT             15
#define HELCTIC_SO_PASSCRED              16
#define HELCTIC_SO_PEERCRED              17
#define HELCTIC_SO_RCVLOWAT              18
#define HELCTIC_SO_SNDLOWAT              19
#define HELCTIC_SO_RCVTIMEO              20
#define HELCTIC_SO_SNDTIMEO              21
#define HELCTIC_SO_BINDTODEVICE          25
#define HELCTIC_SO_TIMESTAMP             29
#define HELCTIC_SO_ACCEPTCONN            30
#define HELCTIC_SO_PEERSEC               31
#define HELCTIC_SO_SNDBUFFORCE           32
#define HELCTIC_SO_RCVBUFFORCE           33
#define HELCTIC_SO_PASSSEC               34
#define HELCTIC_SO_MARK                  36
#define HELCTIC_SO_PROTOCOL              38
#define HELCTIC_SO_DOMAIN                39
#define HELCTIC_SO_PEEK_OFF              42
#define HELCTIC_SO_BUSY_POLL             46
#define HELCTIC_SO_INCOMING_CPU          49
#define HELCTIC_SO_COOKIE                57
#define HELCTIC_SO_PEERGROUPS            59
#define HELCTIC_SCM_RIGHTS               1
#define HELCTIC_SCM_CREDENTIALS          2
#define HELCTIC_SCM_MAX_FD               253
#define HELCTIC_IPPROTO_IP               0
#define HELCTIC_IPPROTO_ICMP             1
#define HELCTIC_IPPROTO_TCP              6
#define HELCTIC_IPPROTO_UDP              17
#define HELCTIC_IPPROTO_IPV6             41
#define HELCTIC_IPPROTO_ICMPV6           58
#define HELCTIC_IPPROTO_RAW              255
#define HELCTIC_IP_TOS                   1
#define HELCTIC_IP_TTL                   2
#define HELCTIC_IP_HDRINCL               3
#define HELCTIC_IP_OPTIONS               4
#define HELCTIC_IP_PKTINFO               8
#define HELCTIC_IP_RECVERR               11
#define HELCTIC_IP_MTU_DISCOVER          10
#define HELCTIC_IP_MULTICAST_IF          32
#define HELCTIC_IP_MULTICAST_TTL         33
#define HELCTIC_IP_MULTICAST_LOOP        34
#define HELCTIC_IP_ADD_MEMBERSHIP        35
#define HELCTIC_IP_DROP_MEMBERSHIP       36
#define HELCTIC_IPV6_UNICAST_HOPS        16
#define HELCTIC_IPV6_MULTICAST_IF        17
#define HELCTIC_IPV6_MULTICAST_HOPS      18
#define HELCTIC_IPV6_MULTICAST_LOOP      19
#define HELCTIC_IPV6_RECVERR             25
#define HELCTIC_IPV6_V6ONLY              26
#define HELCTIC_IPV6_RECVPKTINFO         49
#define HELCTIC_IPV6_TCLASS              67
#define HELCTIC_TCP_NODELAY              1
#define HELCTIC_TCP_MAXSEG               2
#define HELCTIC_TCP_CORK                 3
#define HELCTIC_TCP_KEEPIDLE             4
#define HELCTIC_TCP_KEEPINTVL            5
#define HELCTIC_TCP_KEEPCNT              6
#define HELCTIC_TCP_INFO                 11
#define HELCTIC_TCP_QUICKACK             12
#define HELCTIC_TCP_CONGESTION           13
#define HELCTIC_TCP_USER_TIMEOUT         18
#define HELCTIC_TCP_FASTOPEN             23
#define HELCTIC_NETLINK_ROUTE            0
#define HELCTIC_NLM_F_REQUEST            1
#define HELCTIC_NLM_F_MULTI              2
#define HELCTIC_NLM_F_ACK                4
#define HELCTIC_NLM_F_ROOT               256
#define HELCTIC_NLM_F_MATCH              512
#define HELCTIC_NLM_F_DUMP               768
#define HELCTIC_NLMSG_NOOP               1
#define HELCTIC_NLMSG_ERROR              2
#define HELCTIC_NLMSG_DONE               3
#define HELCTIC_NLM_F_ECHO               8
#define HELCTIC_NLM_F_DUMP_INTR          16
#define HELCTIC_NLM_F_DUMP_FILTERED      32
#define HELCTIC_NLM_F_CAPPED             256
#define HELCTIC_NLM_F_ACK_TLVS           512
#define HELCTIC_NLMSG_OVERRUN            4
#define HELCTIC_NLMSG_MIN_TYPE           16
#define HELCTIC_NLMSG_HDRLEN             16
#define HELCTIC_MAX_LINKS                32
#define HELCTIC_SOL_NETLINK              270
#define HELCTIC_NETLINK_ADD_MEMBERSHIP   1
#define HELCTIC_NETLINK_DROP_MEMBERSHIP  2
#define HELCTIC_NETLINK_PKTINFO          3
#define HELCTIC_NETLINK_BROADCAST_ERROR  4
#define HELCTIC_NETLINK_NO_ENOBUFS       5
#define HELCTIC_NETLINK_LISTEN_ALL_NSID  8
#define HELCTIC_NETLINK_LIST_MEMBERSHIPS 9
#define HELCTIC_NETLINK_CAP_ACK          10
#define HELCTIC_NETLINK_EXT_ACK          11
#define HELCTIC_NETLINK_GET_STRICT_CHK   12
#define HELCTIC_RTM_BASE                 16
#define HELCTIC_RTM_NEWLINK              16
#define HELCTIC_RTM_DELLINK              17
#define HELCTIC_RTM_GETLINK              18
#define HELCTIC_RTM_SETLINK              19
#define HELCTIC_RTM_NEWADDR              20
#define HELCTIC_RTM_DELADDR              21
#define HELCTIC_RTM_GETADDR              22
#define HELCTIC_RTM_NEWROUTE             24
#define HELCTIC_RTM_DELROUTE             25
#define HELCTIC_RTM_GETROUTE             26
#define HELCTIC_RTM_MAX                  123
#define HELCTIC_RTNLGRP_MAX              36
#define HELCTIC_IFLA_ADDRESS             1
#define HELCTIC_IFLA_BROADCAST           2
#define HELCTIC_IFLA_IFNAME              3
#define HELCTIC_IFLA_MTU                 4
#define HELCTIC_IFLA_LINK                5
#define HELCTIC_IFLA_QDISC               6
#define HELCTIC_IFLA_STATS               7
#define HELCTIC_IFLA_MASTER              10
#define HELCTIC_IFLA_TXQLEN              13
#define HELCTIC_IFLA_OPERSTATE           16
#define HELCTIC_IFLA_LINKMODE            17
#define HELCTIC_IFLA_LINKINFO            18
#define HELCTIC_IFLA_IFALIAS             20
#define HELCTIC_IFLA_STATS64             23
#define HELCTIC_IFLA_GROUP               27
#define HELCTIC_IFLA_EXT_MASK            29
#define HELCTIC_IFLA_PROMISCUITY         30
#define HELCTIC_IFLA_NUM_TX_QUEUES       31
#define HELCTIC_IFLA_NUM_RX_QUEUES       32
#define HELCTIC_IFLA_CARRIER             33
#define HELCTIC_IFLA_CARRIER_CHANGES     35
#define HELCTIC_IFLA_PROTO_DOWN          39
#define HELCTIC_IFLA_CARRIER_UP_COUNT    47
#define HELCTIC_IFLA_CARRIER_DOWN_COUNT  48
#define HELCTIC_IFLA_ALT_IFNAME          53
#define HELCTIC_RTEXT_FILTER_VF          1
#define HELCTIC_RTEXT_FILTER_SKIP_STATS  8
#define HELCTIC_IFA_ADDRESS              1
#define HELCTIC_IFA_LOCAL                2
#define HELCTIC_IFA_LABEL                3
#define HELCTIC_IFA_BROADCAST            4
#define HELCTIC_IFA_CACHEINFO            6
#define HELCTIC_IFA_FLAGS                8
#define HELCTIC_IFA_F_SECONDARY          1
#define HELCTIC_IFA_F_NODAD              2
#define HELCTIC_IFA_F_DEPRECATED         32
#define HELCTIC_IFA_F_TENTATIVE          64
#define HELCTIC_IFA_F_PERMANENT          128
#define HELCTIC_RTA_DST                  1
#define HELCTIC_RTA_SRC                  2
#define HELCTIC_RTA_OIF                  4
#define HELCTIC_RTA_GATEWAY              5
#define HELCTIC_RTA_PRIORITY             6
#define HELCTIC_RTA_PREFSRC              7
#define HELCTIC_RTA_CACHEINFO            12
#define HELCTIC_RTA_TABLE                15
#define HELCTIC_RTA_PREF                 20
#define HELCTIC_RTN_UNSPEC               0
#define HELCTIC_RTN_UNICAST              1
#define HELCTIC_RTN_LOCAL                2
#define HELCTIC_RTN_BROADCAST            3
#define HELCTIC_RTN_ANYCAST              4
#define HELCTIC_RTN_MULTICAST            5
#define HELCTIC_RTN_UNREACHABLE          7
#define HELCTIC_RTPROT_UNSPEC            0
#define HELCTIC_RTPROT_KERNEL            2
#define HELCTIC_RTPROT_BOOT              3
#define HELCTIC_RTPROT_RA                9
#define HELCTIC_RT_SCOPE_UNIVERSE        0
#define HELCTIC_RT_SCOPE_SITE            200
#define HELCTIC_RT_SCOPE_LINK            253
#define HELCTIC_RT_SCOPE_HOST            254
#define HELCTIC_RT_TABLE_UNSPEC          0
#define HELCTIC_RT_TABLE_MAIN            254
#define HELCTIC_RT_TABLE_LOCAL           255
#define HELCTIC_RTM_F_CLONED             512
#define HELCTIC_RTM_F_PREFIX             2048
#define HELCTIC_RTF_GATEWAY              2
#define HELCTIC_RTF_REJECT               512
#define HELCTIC_RTF_DEFAULT              0x10000u
#define HELCTIC_RTF_ADDRCONF             0x40000u
#define HELCTIC_RTF_ANYCAST              0x100000u
#define HELCTIC_RTF_CACHE                0x1000000u
#define HELCTIC_RTF_PREF_MASK            0x18000000u
#define HELCTIC_RTF_LOCAL                0x80000000u
#define HELCTIC_RTNH_F_LINKDOWN          16
#define HELCTIC_NLMSGERR_ATTR_MSG        1
#define HELCTIC_IFF_UP                   1
#define HELCTIC_IFF_BROADCAST            2
#define HELCTIC_IFF_LOOPBACK             8
#define HELCTIC_IFF_POINTOPOINT          16
#define HELCTIC_IFF_RUNNING              64
#define HELCTIC_IFF_NOARP                128
#define HELCTIC_IFF_PROMISC              256
#define HELCTIC_IFF_MULTICAST            0x1000u
#define HELCTIC_IFF_LOWER_UP             0x10000u
#define HELCTIC_IFF_DORMANT              0x20000u
#define HELCTIC_IFNAMSIZ                 16
#define HELCTIC_ARPHRD_ETHER             1
#define HELCTIC_ARPHRD_LOOPBACK          772
#define HELCTIC_ARPHRD_NONE              0xfffeu
#define HELCTIC_SIOCINQ                  0x541bu
#define HELCTIC_SIOCOUTQ                 0x5411u
#define HELCTIC_SIOCGIFNAME              0x8910u
#define HELCTIC_SIOCGIFCONF              0x8912u
#define HELCTIC_SIOCGIFFLAGS             0x8913u
#define HELCTIC_SIOCGIFADDR              0x8915u
#define HELCTIC_SIOCGIFNETMASK           0x891bu
#define HELCTIC_SIOCGIFBRDADDR           0x8919u
#define HELCTIC_SIOCGIFMTU               0x8921u
#define HELCTIC_SIOCGIFHWADDR            0x8927u
#define HELCTIC_SIOCGIFINDEX             0x8933u
#define HELCTIC_SIOCGIFTXQLEN            0x8942u
#define HELCTIC_SOCKADDR_UN_SIZE         110
#define HELCTIC_SOCKADDR_IN_SIZE         16
#define HELCTIC_SOCKADDR_IN6_SIZE        28
#define HELCTIC_SOCKADDR_NL_SIZE         12
#define HELCTIC_SOCKADDR_STORAGE_SIZE    128
#define HELCTIC_MSGHDR_SIZE              56
#define HELCTIC_MMSGHDR_SIZE             64

/* Mempolicy */
#define HELCTIC_MPOL_DEFAULT             0
#define HELCTIC_MPOL_PREFERRED           1
#define HELCTIC_MPOL_BIND                2
#define HELCTIC_MPOL_INTERLEAVE          3
#define HELCTIC_MPOL_LOCAL               4
#define HELCTIC_MPOL_PREFERRED_MANY      5
#define HELCTIC_MPOL_WEIGHTED_INTERLEAVE 6
#define HELCTIC_MPOL_F_STATIC_NODES      0x8000u
#define HELCTIC_MPOL_F_RELATIVE_NODES    0x4000u
#define HELCTIC_MPOL_F_NUMA_BALANCING    0x2000u
#define HELCTIC_MPOL_F_NODE              1
#define HELCTIC_MPOL_F_ADDR              2
#define HELCTIC_MPOL_F_MEMS_ALLOWED      4
#define HELCTIC_MPOL_MF_STRICT           1
#define HELCTIC_MPOL_MF_MOVE             2
#define HELCTIC_MPOL_MF_MOVE_ALL         4

/* Aio */
#define HELCTIC_IOCB_CMD_PREAD           0
#define HELCTIC_IOCB_CMD_PWRITE          1
#define HELCTIC_IOCB_CMD_FSYNC           2
#define HELCTIC_IOCB_CMD_FDSYNC          3
#define HELCTIC_IOCB_CMD_POLL            5
#define HELCTIC_IOCB_CMD_NOOP            6
#define HELCTIC_IOCB_CMD_PREADV          7
#define HELCTIC_IOCB_CMD_PWRITEV         8
#define HELCTIC_IOCB_FLAG_RESFD          1
#define HELCTIC_IOCB_FLAG_IOPRIO         2
#define HELCTIC_IOCB_SIZE                64
#define HELCTIC_IO_EVENT_SIZE            32
#define HELCTIC_AIO_RING_HEADER_SIZE     32
#define HELCTIC_AIO_RING_MAGIC           0xa10a10a1u
#define HELCTIC_AIO_RING_COMPAT_FEATURES 1
#define HELCTIC_AIO_RING_INCOMPAT_FEATURES 0
#define HELCTIC_AIO_MAX_NR_DEFAULT       0x10000u

/* The ordered table of primitive kernel operations: slot i is at offset i * 8. */
struct helctic_kernel_ops {
    int64_t (*exit_group)(uint64_t status);  /* exit the calling process (all its threads) with a status */
    int64_t (*exit_thread)(uint64_t status);  /* exit the calling thread only */
    int64_t (*read)(uint64_t fd, uint64_t buf, uint64_t count);  /* read up to count bytes from fd into buf */
    int64_t (*write)(uint64_t fd, uint64_t buf, uint64_t count);  /* write count bytes from buf to fd */
    int64_t (*openat)(uint64_t dirfd, uint64_t path, uint64_t flags, uint64_t mode);  /* open the NUL-terminated path relative to dirfd; Linux O_* flags */
    int64_t (*close)(uint64_t fd);  /* close fd */
    int64_t (*lseek)(uint64_t fd, uint64_t offset, uint64_t whence);  /* reposition fd; whence SEEK_SET/CUR/END = 0/1/2 */
    int64_t (*pread)(uint64_t fd, uint64_t buf, uint64_t count, uint64_t offset);  /* read at an offset without moving the file position */
    int64_t (*pwrite)(uint64_t fd, uint64_t buf, uint64_t count, uint64_t offset);  /* write at an offset without moving the file position */
    int64_t (*dup)(uint64_t fd);  /* duplicate fd onto the lowest free descriptor */
    int64_t (*dup3)(uint64_t oldfd, uint64_t newfd, uint64_t flags);  /* duplicate oldfd onto newfd; flags may hold O_CLOEXEC */
    int64_t (*fstat)(uint64_t fd, uint64_t statbuf);  /* describe fd into a struct stat (Struct.STAT: 144 bytes on x86-64) */
    int64_t (*fstatat)(uint64_t dirfd, uint64_t path, uint64_t statbuf, uint64_t flags);  /* describe path relative to dirfd into a struct stat; AT_* flags */
    int64_t (*getdents)(uint64_t fd, uint64_t buf, uint64_t count);  /* read directory entries as struct linux_dirent64 */
    int64_t (*ioctl)(uint64_t fd, uint64_t request, uint64_t arg);  /* device control; Linux request numbers */
    int64_t (*fcntl)(uint64_t fd, uint64_t cmd, uint64_t arg);  /* descriptor control; Linux F_* commands */
    int64_t (*brk)(uint64_t addr);  /* move the program break; returns the new (or unchanged) break */
    int64_t (*mmap)(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t fd, uint64_t offset);  /* map memory; Linux PROT_* and MAP_* values; returns the address */
    int64_t (*munmap)(uint64_t addr, uint64_t length);  /* unmap a page-aligned range */
    int64_t (*mprotect)(uint64_t addr, uint64_t length, uint64_t prot);  /* change the protection of a page-aligned range */
    int64_t (*getpid)(void);  /* the calling process's id */
    int64_t (*getppid)(void);  /* the parent process's id */
    int64_t (*gettid)(void);  /* the calling thread's id */
    int64_t (*set_tls)(uint64_t which, uint64_t base);  /* set a thread base register: which 0 = FS, 1 = GS */
    int64_t (*get_tls)(uint64_t which);  /* read a thread base register: which 0 = FS, 1 = GS */
    int64_t (*set_tid_address)(uint64_t tidptr);  /* remember the clear-child-tid address; returns the tid */
    int64_t (*clock_gettime)(uint64_t clock, uint64_t tp);  /* read a clock into a struct timespec; Linux clock ids */
    int64_t (*nanosleep)(uint64_t req, uint64_t rem);  /* sleep for a struct timespec; remaining time to rem */
    int64_t (*uname)(uint64_t buf);  /* fill a Linux struct utsname (6 fields of 65 bytes) */
    int64_t (*getrandom)(uint64_t buf, uint64_t count, uint64_t flags);  /* fill buf with random bytes */
    int64_t (*user_load)(uint64_t addr, uint64_t width);  /* load 1, 2 or 4 bytes of guest memory, zero-extended */
    int64_t (*user_store)(uint64_t addr, uint64_t value, uint64_t width);  /* store 1, 2, 4 or 8 bytes of value to guest memory; returns 0 */
    int64_t (*get_id)(uint64_t which);  /* a credential: which 0 uid, 1 euid, 2 gid, 3 egid */
    int64_t (*clock_read)(uint64_t clock);  /* a clock's reading in nanoseconds as one value; Linux clock ids */
    int64_t (*mkdirat)(uint64_t dirfd, uint64_t path, uint64_t mode);  /* create a directory; mode is masked by the umask */
    int64_t (*unlinkat)(uint64_t dirfd, uint64_t path, uint64_t flags);  /* remove a name; AT_REMOVEDIR (0x200) removes a directory */
    int64_t (*renameat)(uint64_t olddirfd, uint64_t oldpath, uint64_t newdirfd, uint64_t newpath, uint64_t flags);  /* rename; flags RENAME_NOREPLACE (1) or RENAME_EXCHANGE (2) */
    int64_t (*linkat)(uint64_t olddirfd, uint64_t oldpath, uint64_t newdirfd, uint64_t newpath, uint64_t flags);  /* make a hard link; AT_SYMLINK_FOLLOW (0x400) follows a symlink oldpath */
    int64_t (*symlinkat)(uint64_t target, uint64_t newdirfd, uint64_t linkpath);  /* make a symlink holding target */
    int64_t (*readlinkat)(uint64_t dirfd, uint64_t path, uint64_t buf, uint64_t size);  /* read a symlink's target (no NUL added); returns its length */
    int64_t (*faccessat)(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags);  /* check access: mode F_OK/R_OK/W_OK/X_OK; AT_EACCESS, AT_SYMLINK_NOFOLLOW */
    int64_t (*fchmodat)(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags);  /* change mode bits; a NULL path means dirfd itself */
    int64_t (*fchownat)(uint64_t dirfd, uint64_t path, uint64_t uid, uint64_t gid, uint64_t flags);  /* change owner (-1 keeps); a NULL path means dirfd itself; AT_SYMLINK_NOFOLLOW */
    int64_t (*utimensat)(uint64_t dirfd, uint64_t path, uint64_t times, uint64_t flags);  /* set times from struct timespec[2] (NULL: now; UTIME_NOW, UTIME_OMIT); a NULL path means dirfd */
    int64_t (*truncate)(uint64_t path, uint64_t length);  /* set a file's length by path */
    int64_t (*ftruncate)(uint64_t fd, uint64_t length);  /* set an open file's length */
    int64_t (*fsync)(uint64_t fd);  /* flush an open file to its storage */
    int64_t (*statfs)(uint64_t path, uint64_t buf);  /* describe the filesystem holding path into a Linux struct statfs (120 bytes) */
    int64_t (*fstatfs)(uint64_t fd, uint64_t buf);  /* describe the filesystem holding fd into a struct statfs */
    int64_t (*umask)(uint64_t mask);  /* set the file mode creation mask; returns the old one */
    int64_t (*chdir)(uint64_t path);  /* change the working directory */
    int64_t (*fchdir)(uint64_t fd);  /* change the working directory to an open directory */
    int64_t (*getcwd)(uint64_t buf, uint64_t size);  /* the working directory, NUL-terminated; returns its length with the NUL */
    int64_t (*pipe2)(uint64_t fds, uint64_t flags);  /* create a pipe; int fds[2] receives the read and write ends; O_CLOEXEC, O_NONBLOCK */
    int64_t (*sendfile)(uint64_t outfd, uint64_t infd, uint64_t offset, uint64_t count);  /* copy count bytes between descriptors in the kernel; offset (loff_t*) may be NULL */
    int64_t (*clone)(uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t ctid, uint64_t tls);  /* create a process (fork: flags SIGCHLD; vfork: CLONE_VM|CLONE_VFORK|SIGCHLD); Linux clone flags */
    int64_t (*execve)(uint64_t path, uint64_t argv, uint64_t envp);  /* replace the program: NUL-terminated path, NULL-terminated argv and envp arrays */
    int64_t (*wait4)(uint64_t pid, uint64_t status, uint64_t options, uint64_t rusage);  /* wait for a child: pid (>0, -1, 0, <-1), int *status, WNOHANG/WUNTRACED, struct rusage * */
    int64_t (*kill)(uint64_t pid, uint64_t sig);  /* send a signal to a process (pid > 0), a group (0, < -1) or all (-1) */
    int64_t (*tgkill)(uint64_t tgid, uint64_t tid, uint64_t sig);  /* send a signal to one thread of a thread group (tgid -1: whichever process has thread tid, as tkill) */
    int64_t (*getpgid)(uint64_t pid);  /* the process group of pid (0: the caller) */
    int64_t (*setpgid)(uint64_t pid, uint64_t pgid);  /* move pid (0: the caller) into group pgid (0: its own) */
    int64_t (*getsid)(uint64_t pid);  /* the session of pid (0: the caller) */
    int64_t (*setsid)(void);  /* start a new session and process group led by the caller */
    int64_t (*sigaction)(uint64_t sig, uint64_t act, uint64_t oldact, uint64_t sigsetsize);  /* examine or change a signal's action: struct sigaction (Linux x86-64 kernel layout) */
    int64_t (*sigprocmask)(uint64_t how, uint64_t set, uint64_t oldset, uint64_t sigsetsize);  /* examine or change the calling thread's blocked signals: SIG_BLOCK/UNBLOCK/SETMASK */
    int64_t (*sigreturn)(uint64_t ucontext);  /* return from a signal handler: restore the state the signal frame saved (ucontext: where the OS's frame passes it; 0: the frame at the stack pointer); the registers are the result */
    int64_t (*poll)(uint64_t fds, uint64_t nfds, uint64_t timeout_ns, uint64_t sigmask, uint64_t sigsetsize);  /* wait for events on struct pollfd[nfds]; timeout in nanoseconds, -1 forever; sigmask (may be NULL) replaces the blocked mask meanwhile */
    int64_t (*select)(uint64_t nfds, uint64_t readfds, uint64_t writefds, uint64_t exceptfds, uint64_t timeout_ns, uint64_t sigmask);  /* wait for descriptors in fd_set bitmaps (may be NULL); timeout in nanoseconds, -1 forever; sigmask (may be NULL, 8 bytes) replaces the blocked mask meanwhile */
    int64_t (*sigsuspend)(uint64_t mask, uint64_t sigsetsize);  /* wait for a signal with the blocked mask temporarily replaced by *mask (NULL: unchanged, as pause); returns -EINTR */
    int64_t (*clock_nanosleep)(uint64_t clock, uint64_t flags, uint64_t req, uint64_t rem);  /* sleep on a clock; flags TIMER_ABSTIME (1) makes req an absolute time */
    int64_t (*prlimit)(uint64_t pid, uint64_t resource, uint64_t newlimit, uint64_t oldlimit);  /* get and/or set a resource limit (struct rlimit64) of pid (0: the caller) */
    int64_t (*prctl)(uint64_t option, uint64_t arg2, uint64_t arg3, uint64_t arg4, uint64_t arg5);  /* process control; PR_SET_NAME (15) and PR_GET_NAME (16) */
    int64_t (*sysinfo)(uint64_t info);  /* memory, uptime and process counts as a Linux struct sysinfo (112 bytes) */
    int64_t (*getgroups)(uint64_t size, uint64_t list);  /* the supplementary group ids into gid_t list[size] (size 0: just count them) */
    int64_t (*mremap)(uint64_t oldaddr, uint64_t oldsize, uint64_t newsize, uint64_t flags, uint64_t newaddr);  /* grow, shrink or move a mapping; MREMAP_MAYMOVE (1), MREMAP_FIXED (2) */
    int64_t (*madvise)(uint64_t addr, uint64_t length, uint64_t advice);  /* advice about a range; MADV_DONTNEED and MADV_FREE drop its pages */
    int64_t (*msync)(uint64_t addr, uint64_t length, uint64_t flags);  /* flush a mapped range to its file; MS_ASYNC, MS_SYNC, MS_INVALIDATE */
    int64_t (*futex)(uint64_t uaddr, uint64_t op, uint64_t val, uint64_t timeout, uint64_t uaddr2, uint64_t val3);  /* fast user-space locking: Linux futex ops (WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET; FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME); timeout is a struct timespec * (relative for WAIT, absolute for WAIT_BITSET) or, for the requeue ops, val2 */
    int64_t (*clone3)(uint64_t args, uint64_t size);  /* create a process or thread from a Linux struct clone_args of size bytes */
    int64_t (*set_robust_list)(uint64_t head, uint64_t len);  /* register the calling thread's robust futex list head (struct robust_list_head, 24 bytes) */
    int64_t (*sched_yield)(void);  /* give up the CPU to another runnable thread */
    int64_t (*sched_getaffinity)(uint64_t pid, uint64_t size, uint64_t mask);  /* the CPUs pid (0: the caller) may run on, as a bit mask of size bytes; returns the bytes written */
    int64_t (*get_robust_list)(uint64_t tid, uint64_t head, uint64_t len);  /* the robust futex list head of thread tid (0: the caller) into *head, its size into *len; another process's thread needs ptrace read permission (EPERM) */
    int64_t (*statx)(uint64_t dirfd, uint64_t path, uint64_t flags, uint64_t mask, uint64_t buf);  /* describe path (or dirfd with AT_EMPTY_PATH) into a Linux struct statx (256 bytes) */
    int64_t (*waitid)(uint64_t idtype, uint64_t id, uint64_t infop, uint64_t options, uint64_t rusage);  /* wait for a child by P_ALL/P_PID/P_PGID; siginfo_t out; WEXITED, WNOHANG, WNOWAIT */
    int64_t (*sigaltstack)(uint64_t ss, uint64_t oldss);  /* set and/or get the calling thread's alternate signal stack (stack_t) */
    int64_t (*getxattr)(uint64_t dirfd, uint64_t path, uint64_t name, uint64_t value, uint64_t size, uint64_t flags);  /* read extended attribute name of path (NULL: dirfd itself) into value; flags AT_SYMLINK_NOFOLLOW */
    int64_t (*listxattr)(uint64_t dirfd, uint64_t path, uint64_t list, uint64_t size, uint64_t flags);  /* list extended attribute names (NUL-separated) of path (NULL: dirfd); flags AT_SYMLINK_NOFOLLOW */
    int64_t (*setxattr)(uint64_t dirfd, uint64_t path, uint64_t name, uint64_t value, uint64_t size, uint64_t flags);  /* set extended attribute name; flags XATTR_CREATE 1, XATTR_REPLACE 2, AT_SYMLINK_NOFOLLOW 0x100 */
    int64_t (*removexattr)(uint64_t dirfd, uint64_t path, uint64_t name, uint64_t flags);  /* remove extended attribute name; flags AT_SYMLINK_NOFOLLOW */
    int64_t (*restart_syscall)(void);  /* continue the call a signal interrupted, from the kernel's saved state of it (Linux's restart_syscall); -EINTR when there is none */
    int64_t (*user_scratch)(uint64_t size);  /* an area of size bytes (at most 4096) in the caller's address space, below the stack's red zone and valid until the call returns, for structures a personality translates; returns its address */
    int64_t (*epoll_create)(uint64_t flags);  /* a new epoll instance; flags EPOLL_CLOEXEC (O_CLOEXEC) */
    int64_t (*epoll_ctl)(uint64_t epfd, uint64_t op, uint64_t fd, uint64_t event);  /* add (1), remove (2) or modify (3) fd's interest in epfd: a packed 12-byte struct epoll_event {u32 events; u64 data} */
    int64_t (*epoll_wait)(uint64_t epfd, uint64_t events, uint64_t maxevents, uint64_t timeout_ns, uint64_t sigmask, uint64_t sigsetsize);  /* wait for up to maxevents ready events of epfd into struct epoll_event[]; timeout in nanoseconds, -1 forever; sigmask (may be NULL) replaces the blocked mask meanwhile */
    int64_t (*eventfd)(uint64_t initval, uint64_t flags);  /* a new eventfd counter starting at initval; flags EFD_SEMAPHORE (1), EFD_NONBLOCK, EFD_CLOEXEC */
    int64_t (*sigpending)(uint64_t set, uint64_t sigsetsize);  /* the signals pending for the caller (its own and its process's) that it blocks, as a sigset */
    int64_t (*sigtimedwait)(uint64_t set, uint64_t info, uint64_t timeout_ns, uint64_t sigsetsize);  /* take one pending signal of *set, waiting up to timeout_ns (-1: forever); its siginfo_t to info (may be NULL); returns the signal, -EAGAIN when the time passes, -EINTR when another signal is delivered */
    int64_t (*sigqueue)(uint64_t tgid, uint64_t tid, uint64_t sig, uint64_t info);  /* queue signal sig with the caller's siginfo_t *info on process tgid (tid 0) or on its thread tid */
    int64_t (*signalfd)(uint64_t fd, uint64_t mask, uint64_t sigsetsize, uint64_t flags);  /* a descriptor reading the caller's pending signals of *mask as struct signalfd_siginfo (fd -1: a new one, else change fd's mask); flags SFD_NONBLOCK, SFD_CLOEXEC */
    int64_t (*timerfd_create)(uint64_t clock, uint64_t flags);  /* a timer descriptor on clock (REALTIME, MONOTONIC, BOOTTIME and their _ALARM); flags TFD_NONBLOCK, TFD_CLOEXEC */
    int64_t (*timerfd_settime)(uint64_t fd, uint64_t flags, uint64_t new, uint64_t old);  /* arm (or disarm with a zero value) fd with *new (struct itimerspec); flags TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET; the previous setting to *old (may be NULL) */
    int64_t (*timerfd_gettime)(uint64_t fd, uint64_t cur);  /* fd's time to the next expiry and interval, as struct itimerspec */
    int64_t (*getitimer)(uint64_t which, uint64_t cur);  /* the process's interval timer which (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF) as struct itimerval */
    int64_t (*setitimer)(uint64_t which, uint64_t new, uint64_t old);  /* arm or disarm interval timer which with *new (NULL: disarm, as Linux); the previous setting to *old (may be NULL) */
    int64_t (*alarm)(uint64_t seconds);  /* arm ITIMER_REAL for seconds (0 disarms); returns the seconds that were left, rounded to the nearest, at least 1 */
    int64_t (*timer_create)(uint64_t clock, uint64_t sevp, uint64_t timerid);  /* a POSIX timer on clock notifying as struct sigevent *sevp says (NULL: SIGALRM, the id as value); its id to *timerid */
    int64_t (*timer_settime)(uint64_t timerid, uint64_t flags, uint64_t new, uint64_t old);  /* arm or disarm POSIX timer id with *new (struct itimerspec); flags TIMER_ABSTIME; the old setting to *old */
    int64_t (*timer_gettime)(uint64_t timerid, uint64_t cur);  /* POSIX timer id's time to the next expiry and interval, as struct itimerspec */
    int64_t (*timer_getoverrun)(uint64_t timerid);  /* the overrun count of POSIX timer id's last delivered signal */
    int64_t (*timer_delete)(uint64_t timerid);  /* disarm and delete POSIX timer id; its pending signal goes with it */
    int64_t (*getrusage)(uint64_t who, uint64_t usage);  /* resource usage (struct rusage) of the caller's process (RUSAGE_SELF 0), its waited-for children (-1) or thread (1) */
    int64_t (*flock)(uint64_t fd, uint64_t operation);  /* an advisory whole-file lock on fd's open file description: LOCK_SH (1), LOCK_EX (2), LOCK_UN (8), | LOCK_NB (4) */
    int64_t (*shmget)(uint64_t key, uint64_t size, uint64_t flags);  /* the System V shared memory segment of key (IPC_PRIVATE 0: a new one) of size bytes; flags IPC_CREAT, IPC_EXCL and the mode bits; returns its id */
    int64_t (*shmat)(uint64_t shmid, uint64_t addr, uint64_t flags);  /* attach segment shmid at addr (0: where the kernel chooses); flags SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC; returns the address */
    int64_t (*shmdt)(uint64_t addr);  /* detach the segment attached at addr */
    int64_t (*shmctl)(uint64_t shmid, uint64_t cmd, uint64_t buf);  /* control segment shmid: IPC_STAT/SHM_STAT (struct shmid64_ds to buf), IPC_SET (from buf), IPC_RMID */
    int64_t (*semget)(uint64_t key, uint64_t nsems, uint64_t flags);  /* the System V semaphore set of key (IPC_PRIVATE 0: a new one) with nsems semaphores; flags IPC_CREAT, IPC_EXCL and the mode bits; returns its id */
    int64_t (*semop)(uint64_t semid, uint64_t sops, uint64_t nsops, uint64_t timeout_ns);  /* apply the nsops struct sembuf operations of sops to set semid all at once or not at all, waiting up to timeout_ns (-1: forever) for them to be possible; -EAGAIN when the time passes, -EINTR for a signal */
    int64_t (*semctl)(uint64_t semid, uint64_t semnum, uint64_t cmd, uint64_t arg);  /* control set semid: GETVAL, SETVAL, GETALL, SETALL, GETPID, GETNCNT, GETZCNT (of semaphore semnum), IPC_STAT/SEM_STAT (struct semid64_ds), IPC_SET, IPC_RMID; arg is union semun's value (a value or an address) */
    int64_t (*msgget)(uint64_t key, uint64_t flags);  /* the System V message queue of key (IPC_PRIVATE 0: a new one); flags IPC_CREAT, IPC_EXCL and the mode bits; returns its id */
    int64_t (*msgsnd)(uint64_t msqid, uint64_t msgp, uint64_t msgsz, uint64_t flags);  /* send the message at msgp (a long mtype, then msgsz bytes) to queue msqid; flags IPC_NOWAIT */
    int64_t (*msgrcv)(uint64_t msqid, uint64_t msgp, uint64_t msgsz, uint64_t msgtyp, uint64_t flags);  /* receive a message of type msgtyp (0 any, > 0 that one, < 0 the lowest up to -msgtyp) from queue msqid into msgp; flags IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT; returns its size */
    int64_t (*msgctl)(uint64_t msqid, uint64_t cmd, uint64_t buf);  /* control queue msqid: IPC_STAT/MSG_STAT (struct msqid64_ds to buf), IPC_SET (from buf), IPC_RMID */
    int64_t (*memfd_create)(uint64_t name, uint64_t flags);  /* an anonymous in-memory regular file named memfd:name; flags MFD_CLOEXEC, MFD_ALLOW_SEALING; returns a descriptor */
    int64_t (*mq_open)(uint64_t name, uint64_t oflag, uint64_t mode, uint64_t attr);  /* open the POSIX message queue name (no leading '/'); oflag O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL, O_NONBLOCK; a new queue gets mode (less the umask) and attr's mq_maxmsg and mq_msgsize (attr 0: the defaults); returns a close-on-exec descriptor */
    int64_t (*mq_unlink)(uint64_t name);  /* remove the queue's name (no leading '/'); open descriptors keep the queue */
    int64_t (*mq_send)(uint64_t fd, uint64_t msg, uint64_t len, uint64_t prio, uint64_t deadline_ns);  /* send len bytes at msg with priority prio (below 32768) to the queue on fd, waiting until the absolute CLOCK_REALTIME deadline_ns (-1: forever) for room; -ETIMEDOUT when it passes */
    int64_t (*mq_receive)(uint64_t fd, uint64_t buf, uint64_t len, uint64_t prio, uint64_t deadline_ns);  /* receive the oldest message of the highest priority from the queue on fd into buf (len at least mq_msgsize), its priority to *prio (0: not stored), waiting until the absolute CLOCK_REALTIME deadline_ns (-1: forever); returns its length */
    int64_t (*mq_notify)(uint64_t fd, uint64_t sevp);  /* register the process for one notification (struct sigevent at sevp: SIGEV_SIGNAL, SIGEV_NONE) when a message arrives on the empty queue on fd; sevp 0 unregisters */
    int64_t (*mq_getsetattr)(uint64_t fd, uint64_t new, uint64_t old);  /* the queue's struct mq_attr (mq_flags: the descriptor's O_NONBLOCK) to old, after setting O_NONBLOCK from new's mq_flags (either address may be 0) */
    int64_t (*thread_start)(uint64_t entry, uint64_t arg, uint64_t stack, uint64_t tls, uint64_t child_tid, uint64_t parent_tid);  /* a new thread of the caller's process that starts at entry with arg in its first argument register, stack as its stack pointer and tls as its thread pointer (0: the caller's); its id is stored as 8 bytes at child_tid and parent_tid (0: not stored) before it runs; returns its id */
    int64_t (*thread_from_context)(uint64_t context, uint64_t tid);  /* a new thread of the caller's process whose registers, thread pointer and signal mask are the machine context at context, in the layout of the OS's signal frames (as its sigreturn reads one); its id stored as 4 bytes at tid (0: not stored); returns its id */
    int64_t (*readv)(uint64_t fd, uint64_t iov, uint64_t iovcnt, uint64_t offset, uint64_t flags);  /* read into the buffers of struct iovec[iovcnt] as one read, at offset (-1: the file's position); flags RWF_* */
    int64_t (*writev)(uint64_t fd, uint64_t iov, uint64_t iovcnt, uint64_t offset, uint64_t flags);  /* write the buffers of struct iovec[iovcnt] as one write, at offset (-1: the file's position); flags RWF_* (RWF_APPEND: at the end) */
    int64_t (*copy_file_range)(uint64_t fd_in, uint64_t off_in, uint64_t fd_out, uint64_t off_out, uint64_t len, uint64_t flags);  /* copy len bytes between regular files, at *off_in / *off_out (NULL: the file positions), advancing them */
    int64_t (*splice)(uint64_t fd_in, uint64_t off_in, uint64_t fd_out, uint64_t off_out, uint64_t len, uint64_t flags);  /* move up to len bytes between a pipe and a file (or two pipes); the non-pipe side's *offset (may be NULL) is used and advanced */
    int64_t (*close_range)(uint64_t first, uint64_t last, uint64_t flags);  /* close, or with CLOSE_RANGE_CLOEXEC mark close-on-exec, every descriptor in [first, last] */
    int64_t (*times)(uint64_t buf);  /* struct tms (user, system, children's user and system time in clock ticks) to buf (may be NULL); returns the clock ticks since boot */
    int64_t (*sched_getscheduler)(uint64_t pid);  /* the scheduling policy of thread pid (0: the caller) */
    int64_t (*sched_setscheduler)(uint64_t pid, uint64_t policy, uint64_t param);  /* set thread pid's policy (-1: keep it, as sched_setparam) and the priority in *param (an int) */
    int64_t (*sched_getparam)(uint64_t pid, uint64_t param);  /* thread pid's priority to *param (an int) */
    int64_t (*sched_setaffinity)(uint64_t pid, uint64_t size, uint64_t mask);  /* set thread pid's CPU mask (size bytes at mask) */
    int64_t (*getpriority)(uint64_t which, uint64_t who);  /* 20 - the nice value of the highest-priority thread that (which: PRIO_PROCESS, PGRP, USER; who) names */
    int64_t (*setpriority)(uint64_t which, uint64_t who, uint64_t prio);  /* set the nice value of the threads that (which, who) names */
    int64_t (*mincore)(uint64_t addr, uint64_t length, uint64_t vec);  /* one byte per page of [addr, addr+length) to vec: 1 when resident */
    int64_t (*mlock)(uint64_t addr, uint64_t length, uint64_t flags, uint64_t unlock);  /* lock (unlock != 0: unlock) the pages of [addr, addr+length); flags MLOCK_ONFAULT */
    int64_t (*mlockall)(uint64_t flags);  /* lock every page (MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT); flags 0 unlocks all */
    int64_t (*membarrier)(uint64_t cmd, uint64_t flags, uint64_t cpu_id);  /* a memory barrier across the process's (or every) thread: MEMBARRIER_CMD_* */
    int64_t (*persona)(uint64_t persona);  /* set the process's execution domain (personality(2)); 0xffffffff only queries; returns the old one */
    int64_t (*syncfs)(uint64_t fd);  /* write back the filesystem holding fd (-1: every filesystem, as sync) */
    int64_t (*fallocate)(uint64_t fd, uint64_t mode, uint64_t offset, uint64_t len);  /* allocate, or with mode's FALLOC_FL_* flags punch or zero, [offset, offset+len) of fd */
    int64_t (*pidfd_open)(uint64_t pid, uint64_t flags);  /* a descriptor for process pid, readable when it ends; flags PIDFD_NONBLOCK */
    int64_t (*pidfd_send_signal)(uint64_t pidfd, uint64_t sig, uint64_t info, uint64_t flags);  /* send sig to the pidfd's process, with the caller's siginfo_t *info (NULL: as kill) */
    int64_t (*pidfd_getfd)(uint64_t pidfd, uint64_t targetfd, uint64_t flags);  /* a close-on-exec duplicate of the pidfd's process's descriptor targetfd */
    int64_t (*mknodat)(uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t dev);  /* make a FIFO, socket or regular file (S_IF* in mode, masked by the umask); device nodes where the filesystem allows */
    int64_t (*inotify_init)(uint64_t flags);  /* a new inotify instance; flags IN_NONBLOCK, IN_CLOEXEC */
    int64_t (*inotify_add_watch)(uint64_t fd, uint64_t path, uint64_t mask);  /* watch (or change the watch on) the inode path names for the events in mask; returns the watch descriptor */
    int64_t (*inotify_rm_watch)(uint64_t fd, uint64_t wd);  /* remove watch wd of instance fd (IN_IGNORED is read next) */
    int64_t (*tee)(uint64_t fd_in, uint64_t fd_out, uint64_t len, uint64_t flags);  /* copy up to len bytes waiting in pipe fd_in into pipe fd_out without consuming them; flags SPLICE_F_NONBLOCK */
    int64_t (*socket)(uint64_t domain, uint64_t type, uint64_t protocol);  /* a new socket of domain (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK), type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, with SOCK_NONBLOCK and SOCK_CLOEXEC) and protocol (0: the type's own) */
    int64_t (*socketpair)(uint64_t domain, uint64_t type, uint64_t protocol, uint64_t sv);  /* two connected sockets, their descriptors to int sv[2] */
    int64_t (*bind)(uint64_t fd, uint64_t addr, uint64_t addrlen);  /* give the socket the address (struct sockaddr_* of addrlen bytes) */
    int64_t (*listen)(uint64_t fd, uint64_t backlog);  /* accept connections on the bound socket, at most backlog waiting */
    int64_t (*accept)(uint64_t fd, uint64_t addr, uint64_t addrlen, uint64_t flags);  /* a new connected socket from the listening socket's queue (waiting for one unless nonblocking); the peer's address to addr (may be 0) with its length in *addrlen; flags SOCK_NONBLOCK, SOCK_CLOEXEC */
    int64_t (*connect)(uint64_t fd, uint64_t addr, uint64_t addrlen);  /* connect the socket to the address (a stream socket waits for the connection unless nonblocking: EINPROGRESS) */
    int64_t (*getsockname)(uint64_t fd, uint64_t addr, uint64_t addrlen);  /* the socket's own address to addr, its full length to *addrlen (truncated to what *addrlen held) */
    int64_t (*getpeername)(uint64_t fd, uint64_t addr, uint64_t addrlen);  /* the connected peer's address to addr, its full length to *addrlen */
    int64_t (*sendto)(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags, uint64_t addr, uint64_t addrlen);  /* send len bytes at buf to the address (0: the connected peer); flags MSG_* */
    int64_t (*recvfrom)(uint64_t fd, uint64_t buf, uint64_t len, uint64_t flags, uint64_t addr, uint64_t addrlen);  /* receive up to len bytes into buf, the sender's address to addr (may be 0) and its length to *addrlen; flags MSG_* */
    int64_t (*sendmsg)(uint64_t fd, uint64_t msg, uint64_t flags);  /* send the struct msghdr at msg (iovecs, address, ancillary data: SCM_RIGHTS, SCM_CREDENTIALS) */
    int64_t (*recvmsg)(uint64_t fd, uint64_t msg, uint64_t flags);  /* receive into the struct msghdr at msg: its iovecs, the sender's address, ancillary data; msg_flags written back */
    int64_t (*sendmmsg)(uint64_t fd, uint64_t vec, uint64_t vlen, uint64_t flags);  /* send each of vlen struct mmsghdr at vec as sendmsg, msg_len written back; returns how many were sent */
    int64_t (*recvmmsg)(uint64_t fd, uint64_t vec, uint64_t vlen, uint64_t flags, uint64_t timeout);  /* receive up to vlen messages into the struct mmsghdr at vec as recvmsg (MSG_WAITFORONE: wait only for the first), until the struct timespec at timeout (0: none) passes; the time left written back */
    int64_t (*shutdown)(uint64_t fd, uint64_t how);  /* shut down the reading (SHUT_RD), writing (SHUT_WR) or both (SHUT_RDWR) halves of a connection */
    int64_t (*getsockopt)(uint64_t fd, uint64_t level, uint64_t name, uint64_t optval, uint64_t optlen);  /* option name at level to optval, its length in *optlen (in: room, out: used) */
    int64_t (*setsockopt)(uint64_t fd, uint64_t level, uint64_t name, uint64_t optval, uint64_t optlen);  /* set option name at level from optlen bytes at optval */
    int64_t (*set_ids)(uint64_t which, uint64_t a, uint64_t b, uint64_t c);  /* setuid(a), setreuid(a, b), setresuid(a, b, c), setfsuid(a) for which 0..3, the gid calls for which 4..7, with Linux's permission rules (CAP_SETUID/CAP_SETGID in the effective set) and capability fix-ups; -1 leaves an id (setuid/setgid: EINVAL); which 3 and 7 return the old filesystem id and never fail. Credentials are per process (glibc applies set*id to every thread anyway) */
    int64_t (*get_ids)(uint64_t which, uint64_t ruid, uint64_t euid, uint64_t suid);  /* the real, effective and saved user (which 0) or group (which 1) ids to three uid_t */
    int64_t (*setgroups)(uint64_t size, uint64_t list);  /* the supplementary groups from gid_t list[size] (CAP_SETGID; size at most NGROUPS_MAX) */
    int64_t (*capget)(uint64_t hdr, uint64_t data);  /* the effective, permitted and inheritable sets of the task hdr->pid (0: the caller; a thread: its process's) into data (_LINUX_CAPABILITY_VERSION_1: one __user_cap_data_struct, _2/_3: two); an unknown version is rewritten to _3 (EINVAL, or 0 when data is NULL) */
    int64_t (*capset)(uint64_t hdr, uint64_t data);  /* the caller's own effective, permitted and inheritable sets from data (hdr->pid 0 or its own: another is EPERM), within Linux's limits */
    int64_t (*process_vm_readv)(uint64_t pid, uint64_t local, uint64_t lcount, uint64_t remote, uint64_t rcount, uint64_t flags);  /* copy from process pid's memory at the struct iovec remote[rcount] into the caller's at local[lcount] (flags 0), stopping at the first page or byte that faults; returns the bytes copied. The caller must pass the ptrace access check */
    int64_t (*process_vm_writev)(uint64_t pid, uint64_t local, uint64_t lcount, uint64_t remote, uint64_t rcount, uint64_t flags);  /* copy the caller's memory at local[lcount] into process pid's at remote[rcount], as PROCESS_VM_READV the other way */
    int64_t (*mempolicy)(uint64_t which, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e);  /* the NUMA policy calls of a thread and a process: which 0 set_mempolicy(mode a, node mask at b of c - 1 bits); 1 get_mempolicy(to *a, mask at b of c bits, addr d, flags e); 2 migrate_pages(pid a, maxnode b, old mask at c, new mask at d); 3 set_mempolicy_home_node(start a, len b, node c, flags d) */
    int64_t (*mbind)(uint64_t start, uint64_t len, uint64_t mode, uint64_t nmask, uint64_t maxnode, uint64_t flags);  /* the NUMA policy of the mappings in [start, start + len): mode over the node mask at nmask; flags MPOL_MF_STRICT, MPOL_MF_MOVE, MPOL_MF_MOVE_ALL */
    int64_t (*move_pages)(uint64_t pid, uint64_t count, uint64_t pages, uint64_t nodes, uint64_t status, uint64_t flags);  /* for count pages of process pid at the addresses in pages: move each to the node in nodes (NULL: none) and write its node or -errno to status */
    int64_t (*remap_file_pages)(uint64_t start, uint64_t size, uint64_t prot, uint64_t pgoff, uint64_t flags);  /* map file page pgoff on at start (size bytes) in the shared file mapping there, as Linux's emulation does with mmap (prot and flags but MAP_NONBLOCK 0) */
    int64_t (*save_context)(uint64_t context);  /* the calling thread's registers (as the call returns 0), thread pointer, signal mask and alternate stack written at context in the layout of the OS's signal frames (getcontext); EINVAL where the OS has none */
    int64_t (*reserved_190)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*pkey)(uint64_t which, uint64_t a, uint64_t b, uint64_t c, uint64_t d);  /* the protection-key calls: which 0 mprotect(a, b, c) with key d (-1: none); which 1 a key with access rights b (PKEY_DISABLE_ACCESS, PKEY_DISABLE_WRITE), flags a; which 2 give back key a */
    int64_t (*process_madvise)(uint64_t pidfd, uint64_t vec, uint64_t vlen, uint64_t behavior, uint64_t flags);  /* madvise(behavior) over each range of the struct iovec vec[vlen] in the memory of the process of pidfd (flags 0); returns the bytes advised */
    int64_t (*process_mrelease)(uint64_t pidfd, uint64_t flags);  /* free the memory of the dying process of pidfd now (flags 0) */
    int64_t (*mseal)(uint64_t start, uint64_t len, uint64_t flags);  /* seal the mappings in [start, start + len) against unmapping, moving, replacing and reprotecting (flags 0) */
    int64_t (*futex2_wake)(uint64_t uaddr, uint64_t mask, uint64_t nr, uint64_t flags);  /* futex_wake: wake up to nr waiters on the futex at uaddr whose bitset meets mask (nr 0: none); futex2 flags (FUTEX2_SIZE_U32 only, FUTEX2_NUMA, FUTEX2_MPOL, FUTEX2_PRIVATE) */
    int64_t (*futex2_wait)(uint64_t uaddr, uint64_t val, uint64_t mask, uint64_t flags, uint64_t timeout, uint64_t clockid);  /* futex_wait: sleep while the futex at uaddr holds val until a wake meeting mask, until the absolute struct timespec at timeout (0: none) on clockid (CLOCK_MONOTONIC or CLOCK_REALTIME), or a signal */
    int64_t (*futex_waitv)(uint64_t waiters, uint64_t nr, uint64_t flags, uint64_t timeout, uint64_t clockid);  /* wait on nr (1..128) futexes given as struct futex_waitv at waiters; returns the index of one woken; timeout absolute on clockid as FUTEX2_WAIT */
    int64_t (*futex2_requeue)(uint64_t waiters, uint64_t flags, uint64_t nrWake, uint64_t nrRequeue);  /* futex_requeue: waiters[0]'s word must hold its val; wake nr_wake of its waiters and move up to nr_requeue to waiters[1] (two struct futex_waitv with equal flags) */
    int64_t (*kcmp)(uint64_t pid1, uint64_t pid2, uint64_t type, uint64_t idx1, uint64_t idx2);  /* whether tasks pid1 and pid2 share a kernel object of a kcmp type (KCMP_FILE: descriptors idx1 and idx2; KCMP_EPOLL_TFD: idx2 a struct kcmp_epoll_slot): 0, or 1 / 2 by a fixed obfuscated order */
    int64_t (*execveat)(uint64_t dirfd, uint64_t path, uint64_t argv, uint64_t envp, uint64_t flags);  /* execve of path against dirfd, or of dirfd itself (AT_EMPTY_PATH and an empty path: fexecve); AT_SYMLINK_NOFOLLOW refuses a last symlink (ELOOP) */
    int64_t (*openat2)(uint64_t dirfd, uint64_t path, uint64_t how, uint64_t size);  /* openat with a struct open_how {flags, mode, resolve} of size bytes: stricter flag checks and the RESOLVE_* rules of the path walk */
    int64_t (*signal_counter)(uint64_t sig, uint64_t flags);  /* a descriptor counting the sendings of signal sig to the caller's process (to it or one of its threads) from now on, whatever becomes of them (caught, blocked, ignored), taking none: read takes the count as 8 bytes (waiting, or EAGAIN, while it is 0); readable while it is not 0; flags O_NONBLOCK, O_CLOEXEC */
    int64_t (*pidfd_status)(uint64_t pidfd);  /* the wait status (as wait4 stores it) of the pidfd's process once it has ended, without reaping it, whoever its parent and even after it was reaped; EAGAIN while it runs */
    int64_t (*file_refs)(uint64_t fd);  /* how many references hold fd's open file description: descriptors in every process's table (dup, fork) and descriptors in flight (SCM_RIGHTS) */
    int64_t (*aio_setup)(uint64_t nr_events, uint64_t ctxp);  /* a native AIO context for at least nr_events requests: its completion ring (struct aio_ring and its io_events) mapped into the caller's memory, whose address is written to *ctxp (which must hold 0) */
    int64_t (*aio_destroy)(uint64_t ctx);  /* cancel what can be cancelled on the context, wait for its other requests, unmap its ring */
    int64_t (*aio_submit)(uint64_t ctx, uint64_t nr, uint64_t iocbpp);  /* submit nr struct iocb whose pointers are at iocbpp; returns how many were submitted (the error of the first when none was) */
    int64_t (*aio_cancel)(uint64_t ctx, uint64_t iocb, uint64_t result);  /* cancel the request submitted with iocb (-EINPROGRESS: its event comes through the ring) */
    int64_t (*aio_getevents)(uint64_t ctx, uint64_t min_nr, uint64_t nr, uint64_t events, uint64_t timeout);  /* at least min_nr and at most nr io_events from the ring to events, waiting up to the relative struct timespec at timeout (0: no limit); -EINTR when a signal ends a wait that got none */
    int64_t (*aio_pgetevents)(uint64_t ctx, uint64_t min_nr, uint64_t nr, uint64_t events, uint64_t timeout, uint64_t usig);  /* AIO_GETEVENTS under the signal mask of the struct __aio_sigset at usig (0: the caller's) */
    int64_t (*ustat)(uint64_t dev, uint64_t ubuf);  /* the free blocks and inodes of the mounted filesystem on device dev (new_encode_dev) to struct ustat */
    int64_t (*sysfs)(uint64_t option, uint64_t arg1, uint64_t arg2);  /* the index of the filesystem type named by the string at arg1 (option 1), the name of type arg1 to arg2 (option 2), or how many types the kernel knows (option 3) */
    int64_t (*thread_park)(uint64_t clock, uint64_t flags, uint64_t timeout);  /* sleep until the calling thread is unparked: a token THREAD_UNPARK left before ends the call at once with -EALREADY (and is used up), one left during the sleep ends it with 0; -EINTR for a signal or an interrupting THREAD_UNPARK, -ETIMEDOUT when the struct timespec at timeout (0: none; relative, or absolute with flags 1) on clock passes */
    int64_t (*thread_unpark)(uint64_t tid, uint64_t interrupt);  /* leave thread tid of the caller's process its park token and wake it; with interrupt set, only end the park it sleeps in with -EINTR (-EBUSY when it is not parked); -ESRCH for no such thread */
    int64_t (*sched_setattr)(uint64_t pid, uint64_t attr, uint64_t flags);  /* set thread pid's policy and parameters from the struct sched_attr at attr (its own size; flags must be 0) */
    int64_t (*sched_getattr)(uint64_t pid, uint64_t attr, uint64_t size, uint64_t flags);  /* thread pid's struct sched_attr to attr, size bytes (at least 48; flags must be 0) */
    int64_t (*sched_rr_get_interval)(uint64_t pid, uint64_t tp);  /* thread pid's round-robin time slice to the struct timespec at tp */
    int64_t (*getcpu)(uint64_t cpu, uint64_t node);  /* the CPU the caller runs on and its NUMA node to the unsigned ints at cpu and node (each may be NULL) */
    int64_t (*ioprio_set)(uint64_t which, uint64_t who, uint64_t ioprio);  /* set the io priority (class << 13 | data) of the threads that (which: IOPRIO_WHO_PROCESS, PGRP, USER; who) names */
    int64_t (*ioprio_get)(uint64_t which, uint64_t who);  /* the io priority of the thread, or the best of the threads, that (which, who) names */
    int64_t (*sethostname)(uint64_t name, uint64_t len);  /* set the caller's UTS namespace's node name to len bytes at name (CAP_SYS_ADMIN; len at most 64) */
    int64_t (*setdomainname)(uint64_t name, uint64_t len);  /* set the caller's UTS namespace's domain name to len bytes at name (CAP_SYS_ADMIN; len at most 64) */
    int64_t (*unshare)(uint64_t flags);  /* give the caller its own copy of what the CLONE_* flags name (CLONE_NEWUTS: the host and domain names) */
    int64_t (*user_compare_exchange)(uint64_t uaddr, uint64_t expected, uint64_t desired);  /* atomically replace the aligned 32-bit word at uaddr by desired if it holds expected (as the guest's lock cmpxchg would): the word's old value, zero-extended, or -EFAULT / -EINVAL (unaligned) */
    int64_t (*close_on_fork)(uint64_t fd, uint64_t on);  /* leave fd out of the table a fork's child gets (POSIX's FD_CLOFORK) when on is 1, keep it again when 0, only ask when -1: the previous setting (0 or 1) */
    int64_t (*reserved_226)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_227)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_228)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_229)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_230)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_231)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_232)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*seccomp)(uint64_t operation, uint64_t flags, uint64_t uargs);  /* Linux's seccomp(2): operation SECCOMP_SET_MODE_STRICT, SECCOMP_SET_MODE_FILTER (uargs a struct sock_fprog; flags SECCOMP_FILTER_FLAG_*), SECCOMP_GET_ACTION_AVAIL (uargs a u32 action) or SECCOMP_GET_NOTIF_SIZES (uargs a struct seccomp_notif_sizes) */
    int64_t (*fadvise)(uint64_t fd, uint64_t offset, uint64_t len, uint64_t advice, uint64_t readahead);  /* fadvise64 (readahead 0) or readahead (readahead 1, advice ignored: POSIX_FADV_WILLNEED on a readable regular file, EBADF/EINVAL otherwise): the advice applied to the file, as Linux's vfs_fadvise */
    int64_t (*sync_file_range)(uint64_t fd, uint64_t offset, uint64_t nbytes, uint64_t flags);  /* sync_file_range: the byte range's dirty pages written back as flags (SYNC_FILE_RANGE_WAIT_BEFORE, _WRITE, _WAIT_AFTER) ask; nbytes 0 means to the end */
    int64_t (*reserved_236)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_237)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_238)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_239)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_240)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_241)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_242)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_243)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_244)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_245)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_246)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_247)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_248)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_249)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_250)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_251)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_252)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_253)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_254)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
    int64_t (*reserved_255)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);  /* reserved */
};

/* What the trap handler applies to the guest after a syscall. */
#define HELCTIC_RESULT_WRITES_RDX  0x1u  /* rdx receives the second value */
#define HELCTIC_RESULT_CARRY_CLEAR 0x2u  /* clear CF (BSD/Darwin success) */
#define HELCTIC_RESULT_CARRY_SET   0x4u  /* set CF (BSD/Darwin failure, rax = positive errno) */

struct helctic_syscall_result {
    int64_t  rax;
    int64_t  rdx;
    uint32_t flags;
};

/* Installs the op table; before this every call answers ENOSYS in the caller's convention. */
void personality_init(const struct helctic_kernel_ops *ops);

/* Boundary 1: the syscall number, six arguments and the calling context's personality id. */
struct helctic_syscall_result personality_syscall(uint64_t nr,
        uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
        uint32_t personality);

#endif /* HELCTIC_PERSONALITY_H */
