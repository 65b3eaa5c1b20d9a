package io.helctic.abi.uapi;

/**
 * Process attributes: prctl options, resource limits, getrandom flags and the exec limits:
 * Linux's {@code <linux/prctl.h>}, {@code <asm-generic/resource.h>}, {@code <linux/random.h>},
 * {@code <linux/binfmts.h>}.
 */
public final class Proc {
    private Proc() {}

    public static final int PR_SET_NAME = 15;
    public static final int PR_GET_NAME = 16;
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_GET_PDEATHSIG = 2;
    public static final int PR_GET_DUMPABLE = 3;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_GET_KEEPCAPS = 7;
    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_GET_SECCOMP = 21;
    public static final int PR_SET_SECCOMP = 22;
    public static final int SECCOMP_MODE_DISABLED = 0;
    public static final int SECCOMP_MODE_STRICT = 1;
    public static final int SECCOMP_MODE_FILTER = 2;
    public static final int SECCOMP_SET_MODE_STRICT = 0;
    public static final int SECCOMP_SET_MODE_FILTER = 1;
    public static final int SECCOMP_GET_ACTION_AVAIL = 2;
    public static final int SECCOMP_GET_NOTIF_SIZES = 3;
    public static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    public static final int SECCOMP_FILTER_FLAG_LOG = 2;
    public static final int SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4;
    public static final int SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;
    public static final int SECCOMP_FILTER_FLAG_TSYNC_ESRCH = 16;
    public static final int SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV = 32;
    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_KILL_THREAD = 0;
    public static final int SECCOMP_RET_TRAP = 0x00030000;
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    public static final int SECCOMP_RET_USER_NOTIF = 0x7fc00000;
    public static final int SECCOMP_RET_TRACE = 0x7ff00000;
    public static final int SECCOMP_RET_LOG = 0x7ffc0000;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    public static final int SECCOMP_RET_ACTION_FULL = 0xffff0000;
    public static final int SECCOMP_RET_DATA = 0x0000ffff;
    public static final int SYS_SECCOMP = 1;
    public static final int BPF_MAXINSNS = 4096;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_SET_TIMERSLACK = 29;
    public static final int PR_GET_TIMERSLACK = 30;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    /** The highest capability number (CAP_CHECKPOINT_RESTORE). */
    public static final int CAP_LAST_CAP = 40;
    public static final int PR_CAPBSET_DROP = 24;
    /** capget/capset header versions (linux/capability.h): v1 has one 32-bit word per set, v2 and v3 two. */
    public static final int _LINUX_CAPABILITY_VERSION_1 = 0x19980330;
    public static final int _LINUX_CAPABILITY_VERSION_2 = 0x20071026;
    public static final int _LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    public static final int CAP_CHOWN = 0;
    public static final int CAP_DAC_OVERRIDE = 1;
    public static final int CAP_DAC_READ_SEARCH = 2;
    public static final int CAP_FOWNER = 3;
    public static final int CAP_FSETID = 4;
    public static final int CAP_KILL = 5;
    public static final int CAP_SETGID = 6;
    public static final int CAP_SETUID = 7;
    public static final int CAP_SETPCAP = 8;
    public static final int CAP_LINUX_IMMUTABLE = 9;
    public static final int CAP_IPC_LOCK = 14;
    public static final int CAP_IPC_OWNER = 15;
    public static final int CAP_SYS_PTRACE = 19;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_SYS_NICE = 23;
    public static final int CAP_SYS_RESOURCE = 24;
    public static final int CAP_LEASE = 28;
    public static final int CAP_MKNOD = 27;
    public static final int CAP_MAC_OVERRIDE = 32;
    public static final int CAP_WAKE_ALARM = 35;
    /** The most supplementary groups a process may have (linux/limits.h). */
    public static final int NGROUPS_MAX = 65536;

    public static final int RLIMIT_CPU = 0;
    public static final int RLIMIT_FSIZE = 1;
    public static final int RLIMIT_DATA = 2;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_CORE = 4;
    public static final int RLIMIT_RSS = 5;
    public static final int RLIMIT_NPROC = 6;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final int RLIMIT_AS = 9;
    public static final int RLIMIT_LOCKS = 10;
    public static final int RLIMIT_SIGPENDING = 11;
    public static final int RLIMIT_MSGQUEUE = 12;
    public static final int RLIMIT_NICE = 13;
    public static final int RLIMIT_RTPRIO = 14;
    public static final int RLIMIT_RTTIME = 15;
    public static final int RLIM_NLIMITS = 16;
    public static final long RLIM_INFINITY = -1;

    public static final int GRND_NONBLOCK = 1;
    public static final int GRND_RANDOM = 2;
    public static final int GRND_INSECURE = 4;

    /** kcmp(2)'s types ({@code <linux/kcmp.h>}); KCMP_EPOLL_TFD's idx2 points to a 12-byte struct kcmp_epoll_slot (__u32 efd, tfd, toff). */
    public static final int KCMP_FILE = 0;
    public static final int KCMP_VM = 1;
    public static final int KCMP_FILES = 2;
    public static final int KCMP_FS = 3;
    public static final int KCMP_SIGHAND = 4;
    public static final int KCMP_IO = 5;
    public static final int KCMP_SYSVSEM = 6;
    public static final int KCMP_EPOLL_TFD = 7;
    public static final int KCMP_TYPES = 8;
}
