package io.helctic.abi;

import java.util.List;

/**
 * Boundary 2: the flat, ordered table of primitive kernel operations.
 *
 * <p>Each constant is a slot. Its index is its ordinal and never changes: new operations
 * take the first {@code RESERVED_n} slot (rename it), and slots are never reordered or
 * removed. Every operation takes up to six 64-bit scalars and returns a 64-bit value,
 * non-negative on success and {@code -errno} (Linux numbering, {@link Errno}) on
 * failure. Pointers are guest virtual addresses in the calling context's address space.
 *
 * <p>Structures that cross this boundary use Linux's layouts for the caller's ISA, as
 * {@link Struct} describes them (x86-64's struct stat, for one, is not AArch64's), so the Linux
 * personality passes them through and other personalities translate. {@code personality.h}
 * is generated from this enum.
 */
public enum KernelOp {
    EXIT_GROUP("exit the calling process (all its threads) with a status", "status"),
    EXIT_THREAD("exit the calling thread only", "status"),
    READ("read up to count bytes from fd into buf", "fd", "buf", "count"),
    WRITE("write count bytes from buf to fd", "fd", "buf", "count"),
    OPENAT("open the NUL-terminated path relative to dirfd; Linux O_* flags", "dirfd", "path", "flags", "mode"),
    CLOSE("close fd", "fd"),
    LSEEK("reposition fd; whence SEEK_SET/CUR/END = 0/1/2", "fd", "offset", "whence"),
    PREAD("read at an offset without moving the file position", "fd", "buf", "count", "offset"),
    PWRITE("write at an offset without moving the file position", "fd", "buf", "count", "offset"),
    DUP("duplicate fd onto the lowest free descriptor", "fd"),
    DUP3("duplicate oldfd onto newfd; flags may hold O_CLOEXEC", "oldfd", "newfd", "flags"),
    FSTAT("describe fd into a struct stat (Struct.STAT: 144 bytes on x86-64)", "fd", "statbuf"),
    FSTATAT("describe path relative to dirfd into a struct stat; AT_* flags", "dirfd", "path", "statbuf", "flags"),
    GETDENTS("read directory entries as struct linux_dirent64", "fd", "buf", "count"),
    IOCTL("device control; Linux request numbers", "fd", "request", "arg"),
    FCNTL("descriptor control; Linux F_* commands", "fd", "cmd", "arg"),
    BRK("move the program break; returns the new (or unchanged) break", "addr"),
    MMAP("map memory; Linux PROT_* and MAP_* values; returns the address", "addr", "length", "prot", "flags", "fd", "offset"),
    MUNMAP("unmap a page-aligned range", "addr", "length"),
    MPROTECT("change the protection of a page-aligned range", "addr", "length", "prot"),
    GETPID("the calling process's id"),
    GETPPID("the parent process's id"),
    GETTID("the calling thread's id"),
    SET_TLS("set a thread base register: which 0 = FS, 1 = GS", "which", "base"),
    GET_TLS("read a thread base register: which 0 = FS, 1 = GS", "which"),
    SET_TID_ADDRESS("remember the clear-child-tid address; returns the tid", "tidptr"),
    CLOCK_GETTIME("read a clock into a struct timespec; Linux clock ids", "clock", "tp"),
    NANOSLEEP("sleep for a struct timespec; remaining time to rem", "req", "rem"),
    UNAME("fill a Linux struct utsname (6 fields of 65 bytes)", "buf"),
    GETRANDOM("fill buf with random bytes", "buf", "count", "flags"),
    USER_LOAD("load 1, 2 or 4 bytes of guest memory, zero-extended", "addr", "width"),
    USER_STORE("store 1, 2, 4 or 8 bytes of value to guest memory; returns 0", "addr", "value", "width"),
    GET_ID("a credential: which 0 uid, 1 euid, 2 gid, 3 egid", "which"),
    CLOCK_READ("a clock's reading in nanoseconds as one value; Linux clock ids", "clock"),
    MKDIRAT("create a directory; mode is masked by the umask", "dirfd", "path", "mode"),
    UNLINKAT("remove a name; AT_REMOVEDIR (0x200) removes a directory", "dirfd", "path", "flags"),
    RENAMEAT("rename; flags RENAME_NOREPLACE (1) or RENAME_EXCHANGE (2)", "olddirfd", "oldpath", "newdirfd", "newpath", "flags"),
    LINKAT("make a hard link; AT_SYMLINK_FOLLOW (0x400) follows a symlink oldpath", "olddirfd", "oldpath", "newdirfd", "newpath", "flags"),
    SYMLINKAT("make a symlink holding target", "target", "newdirfd", "linkpath"),
    READLINKAT("read a symlink's target (no NUL added); returns its length", "dirfd", "path", "buf", "size"),
    FACCESSAT("check access: mode F_OK/R_OK/W_OK/X_OK; AT_EACCESS, AT_SYMLINK_NOFOLLOW", "dirfd", "path", "mode", "flags"),
    FCHMODAT("change mode bits; a NULL path means dirfd itself", "dirfd", "path", "mode", "flags"),
    FCHOWNAT("change owner (-1 keeps); a NULL path means dirfd itself; AT_SYMLINK_NOFOLLOW", "dirfd", "path", "uid", "gid", "flags"),
    UTIMENSAT("set times from struct timespec[2] (NULL: now; UTIME_NOW, UTIME_OMIT); a NULL path means dirfd", "dirfd", "path", "times", "flags"),
    TRUNCATE("set a file's length by path", "path", "length"),
    FTRUNCATE("set an open file's length", "fd", "length"),
    FSYNC("flush an open file to its storage", "fd"),
    STATFS("describe the filesystem holding path into a Linux struct statfs (120 bytes)", "path", "buf"),
    FSTATFS("describe the filesystem holding fd into a struct statfs", "fd", "buf"),
    UMASK("set the file mode creation mask; returns the old one", "mask"),
    CHDIR("change the working directory", "path"),
    FCHDIR("change the working directory to an open directory", "fd"),
    GETCWD("the working directory, NUL-terminated; returns its length with the NUL", "buf", "size"),
    PIPE2("create a pipe; int fds[2] receives the read and write ends; O_CLOEXEC, O_NONBLOCK", "fds", "flags"),
    SENDFILE("copy count bytes between descriptors in the kernel; offset (loff_t*) may be NULL", "outfd", "infd", "offset", "count"),
    CLONE("create a process (fork: flags SIGCHLD; vfork: CLONE_VM|CLONE_VFORK|SIGCHLD); Linux clone flags", "flags", "stack", "ptid", "ctid", "tls"),
    EXECVE("replace the program: NUL-terminated path, NULL-terminated argv and envp arrays", "path", "argv", "envp"),
    WAIT4("wait for a child: pid (>0, -1, 0, <-1), int *status, WNOHANG/WUNTRACED, struct rusage *", "pid", "status", "options", "rusage"),
    KILL("send a signal to a process (pid > 0), a group (0, < -1) or all (-1)", "pid", "sig"),
    TGKILL("send a signal to one thread of a thread group (tgid -1: whichever process has thread tid, as tkill)", "tgid",
           "tid", "sig"),
    GETPGID("the process group of pid (0: the caller)", "pid"),
    SETPGID("move pid (0: the caller) into group pgid (0: its own)", "pid", "pgid"),
    GETSID("the session of pid (0: the caller)", "pid"),
    SETSID("start a new session and process group led by the caller"),
    SIGACTION("examine or change a signal's action: struct sigaction (Linux x86-64 kernel layout)", "sig", "act", "oldact", "sigsetsize"),
    SIGPROCMASK("examine or change the calling thread's blocked signals: SIG_BLOCK/UNBLOCK/SETMASK", "how", "set", "oldset", "sigsetsize"),
    SIGRETURN("return from a signal handler: restore the state the signal frame saved (ucontext: where the OS's frame passes it; 0: the frame at the stack pointer); the registers are the result", "ucontext"),
    POLL("wait for events on struct pollfd[nfds]; timeout in nanoseconds, -1 forever; sigmask (may be NULL) replaces the "
         + "blocked mask meanwhile", "fds", "nfds", "timeout_ns", "sigmask", "sigsetsize"),
    SELECT("wait for descriptors in fd_set bitmaps (may be NULL); timeout in nanoseconds, -1 forever; sigmask (may be "
           + "NULL, 8 bytes) replaces the blocked mask meanwhile", "nfds", "readfds", "writefds", "exceptfds", "timeout_ns", "sigmask"),
    SIGSUSPEND("wait for a signal with the blocked mask temporarily replaced by *mask (NULL: unchanged, as pause); returns -EINTR", "mask", "sigsetsize"),
    CLOCK_NANOSLEEP("sleep on a clock; flags TIMER_ABSTIME (1) makes req an absolute time", "clock", "flags", "req", "rem"),
    PRLIMIT("get and/or set a resource limit (struct rlimit64) of pid (0: the caller)", "pid", "resource", "newlimit", "oldlimit"),
    PRCTL("process control; PR_SET_NAME (15) and PR_GET_NAME (16)", "option", "arg2", "arg3", "arg4", "arg5"),
    SYSINFO("memory, uptime and process counts as a Linux struct sysinfo (112 bytes)", "info"),
    GETGROUPS("the supplementary group ids into gid_t list[size] (size 0: just count them)", "size", "list"),
    MREMAP("grow, shrink or move a mapping; MREMAP_MAYMOVE (1), MREMAP_FIXED (2)", "oldaddr", "oldsize", "newsize", "flags", "newaddr"),
    MADVISE("advice about a range; MADV_DONTNEED and MADV_FREE drop its pages", "addr", "length", "advice"),
    MSYNC("flush a mapped range to its file; MS_ASYNC, MS_SYNC, MS_INVALIDATE", "addr", "length", "flags"),
    FUTEX("fast user-space locking: Linux futex ops (WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET; "
          + "FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME); timeout is a struct timespec * (relative for WAIT, absolute for "
          + "WAIT_BITSET) or, for the requeue ops, val2", "uaddr", "op", "val", "timeout", "uaddr2", "val3"),
    CLONE3("create a process or thread from a Linux struct clone_args of size bytes", "args", "size"),
    SET_ROBUST_LIST("register the calling thread's robust futex list head (struct robust_list_head, 24 bytes)", "head", "len"),
    SCHED_YIELD("give up the CPU to another runnable thread"),
    SCHED_GETAFFINITY("the CPUs pid (0: the caller) may run on, as a bit mask of size bytes; returns the bytes written", "pid", "size", "mask"),
    GET_ROBUST_LIST("the robust futex list head of thread tid (0: the caller) into *head, its size into *len; another "
                    + "process's thread needs ptrace read permission (EPERM)", "tid", "head", "len"),
    STATX("describe path (or dirfd with AT_EMPTY_PATH) into a Linux struct statx (256 bytes)", "dirfd", "path", "flags", "mask", "buf"),
    WAITID("wait for a child by P_ALL/P_PID/P_PGID; siginfo_t out; WEXITED, WNOHANG, WNOWAIT", "idtype", "id", "infop", "options", "rusage"),
    SIGALTSTACK("set and/or get the calling thread's alternate signal stack (stack_t)", "ss", "oldss"),
    GETXATTR("read extended attribute name of path (NULL: dirfd itself) into value; flags AT_SYMLINK_NOFOLLOW", "dirfd", "path", "name", "value", "size", "flags"),
    LISTXATTR("list extended attribute names (NUL-separated) of path (NULL: dirfd); flags AT_SYMLINK_NOFOLLOW", "dirfd", "path", "list", "size", "flags"),
    SETXATTR("set extended attribute name; flags XATTR_CREATE 1, XATTR_REPLACE 2, AT_SYMLINK_NOFOLLOW 0x100", "dirfd", "path", "name", "value", "size", "flags"),
    REMOVEXATTR("remove extended attribute name; flags AT_SYMLINK_NOFOLLOW", "dirfd", "path", "name", "flags"),
    RESTART_SYSCALL("continue the call a signal interrupted, from the kernel's saved state of it (Linux's restart_syscall); -EINTR when there is none"),
    USER_SCRATCH("an area of size bytes (at most 4096) in the caller's address space, below the stack's red zone and valid until the call returns, for structures a personality translates; returns its address", "size"),
    EPOLL_CREATE("a new epoll instance; flags EPOLL_CLOEXEC (O_CLOEXEC)", "flags"),
    EPOLL_CTL("add (1), remove (2) or modify (3) fd's interest in epfd: a packed 12-byte struct epoll_event {u32 events; u64 data}", "epfd", "op", "fd", "event"),
    EPOLL_WAIT("wait for up to maxevents ready events of epfd into struct epoll_event[]; timeout in nanoseconds, -1 forever; "
               + "sigmask (may be NULL) replaces the blocked mask meanwhile", "epfd", "events", "maxevents", "timeout_ns", "sigmask", "sigsetsize"),
    EVENTFD("a new eventfd counter starting at initval; flags EFD_SEMAPHORE (1), EFD_NONBLOCK, EFD_CLOEXEC", "initval", "flags"),
    SIGPENDING("the signals pending for the caller (its own and its process's) that it blocks, as a sigset", "set", "sigsetsize"),
    SIGTIMEDWAIT("take one pending signal of *set, waiting up to timeout_ns (-1: forever); its siginfo_t to info (may be NULL); "
                 + "returns the signal, -EAGAIN when the time passes, -EINTR when another signal is delivered", "set", "info", "timeout_ns",
                 "sigsetsize"),
    SIGQUEUE("queue signal sig with the caller's siginfo_t *info on process tgid (tid 0) or on its thread tid", "tgid", "tid", "sig",
             "info"),
    SIGNALFD("a descriptor reading the caller's pending signals of *mask as struct signalfd_siginfo (fd -1: a new one, else change "
             + "fd's mask); flags SFD_NONBLOCK, SFD_CLOEXEC", "fd", "mask", "sigsetsize", "flags"),
    TIMERFD_CREATE("a timer descriptor on clock (REALTIME, MONOTONIC, BOOTTIME and their _ALARM); flags TFD_NONBLOCK, TFD_CLOEXEC",
                   "clock", "flags"),
    TIMERFD_SETTIME("arm (or disarm with a zero value) fd with *new (struct itimerspec); flags TFD_TIMER_ABSTIME, "
                    + "TFD_TIMER_CANCEL_ON_SET; the previous setting to *old (may be NULL)", "fd", "flags", "new", "old"),
    TIMERFD_GETTIME("fd's time to the next expiry and interval, as struct itimerspec", "fd", "cur"),
    GETITIMER("the process's interval timer which (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF) as struct itimerval", "which", "cur"),
    SETITIMER("arm or disarm interval timer which with *new (NULL: disarm, as Linux); the previous setting to *old (may be NULL)",
              "which", "new", "old"),
    ALARM("arm ITIMER_REAL for seconds (0 disarms); returns the seconds that were left, rounded to the nearest, at least 1",
          "seconds"),
    TIMER_CREATE("a POSIX timer on clock notifying as struct sigevent *sevp says (NULL: SIGALRM, the id as value); its id to *timerid",
                 "clock", "sevp", "timerid"),
    TIMER_SETTIME("arm or disarm POSIX timer id with *new (struct itimerspec); flags TIMER_ABSTIME; the old setting to *old",
                  "timerid", "flags", "new", "old"),
    TIMER_GETTIME("POSIX timer id's time to the next expiry and interval, as struct itimerspec", "timerid", "cur"),
    TIMER_GETOVERRUN("the overrun count of POSIX timer id's last delivered signal", "timerid"),
    TIMER_DELETE("disarm and delete POSIX timer id; its pending signal goes with it", "timerid"),
    GETRUSAGE("resource usage (struct rusage) of the caller's process (RUSAGE_SELF 0), its waited-for children (-1) or thread (1)",
              "who", "usage"),
    FLOCK("an advisory whole-file lock on fd's open file description: LOCK_SH (1), LOCK_EX (2), LOCK_UN (8), | LOCK_NB (4)",
          "fd", "operation"),
    SHMGET("the System V shared memory segment of key (IPC_PRIVATE 0: a new one) of size bytes; flags IPC_CREAT, "
           + "IPC_EXCL and the mode bits; returns its id", "key", "size", "flags"),
    SHMAT("attach segment shmid at addr (0: where the kernel chooses); flags SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC; "
          + "returns the address", "shmid", "addr", "flags"),
    SHMDT("detach the segment attached at addr", "addr"),
    SHMCTL("control segment shmid: IPC_STAT/SHM_STAT (struct shmid64_ds to buf), IPC_SET (from buf), IPC_RMID",
           "shmid", "cmd", "buf"),
    SEMGET("the System V semaphore set of key (IPC_PRIVATE 0: a new one) with nsems semaphores; flags IPC_CREAT, "
           + "IPC_EXCL and the mode bits; returns its id", "key", "nsems", "flags"),
    SEMOP("apply the nsops struct sembuf operations of sops to set semid all at once or not at all, waiting up to "
          + "timeout_ns (-1: forever) for them to be possible; -EAGAIN when the time passes, -EINTR for a signal",
          "semid", "sops", "nsops", "timeout_ns"),
    SEMCTL("control set semid: GETVAL, SETVAL, GETALL, SETALL, GETPID, GETNCNT, GETZCNT (of semaphore semnum), "
           + "IPC_STAT/SEM_STAT (struct semid64_ds), IPC_SET, IPC_RMID; arg is union semun's value (a value or an address)",
           "semid", "semnum", "cmd", "arg"),
    MSGGET("the System V message queue of key (IPC_PRIVATE 0: a new one); flags IPC_CREAT, IPC_EXCL and the mode "
           + "bits; returns its id", "key", "flags"),
    MSGSND("send the message at msgp (a long mtype, then msgsz bytes) to queue msqid; flags IPC_NOWAIT",
           "msqid", "msgp", "msgsz", "flags"),
    MSGRCV("receive a message of type msgtyp (0 any, > 0 that one, < 0 the lowest up to -msgtyp) from queue msqid into "
           + "msgp; flags IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT; returns its size", "msqid", "msgp", "msgsz", "msgtyp",
           "flags"),
    MSGCTL("control queue msqid: IPC_STAT/MSG_STAT (struct msqid64_ds to buf), IPC_SET (from buf), IPC_RMID",
           "msqid", "cmd", "buf"),
    MEMFD_CREATE("an anonymous in-memory regular file named memfd:name; flags MFD_CLOEXEC, MFD_ALLOW_SEALING; "
                 + "returns a descriptor", "name", "flags"),
    MQ_OPEN("open the POSIX message queue name (no leading '/'); oflag O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL, "
            + "O_NONBLOCK; a new queue gets mode (less the umask) and attr's mq_maxmsg and mq_msgsize (attr 0: the "
            + "defaults); returns a close-on-exec descriptor", "name", "oflag", "mode", "attr"),
    MQ_UNLINK("remove the queue's name (no leading '/'); open descriptors keep the queue", "name"),
    MQ_SEND("send len bytes at msg with priority prio (below 32768) to the queue on fd, waiting until the absolute "
            + "CLOCK_REALTIME deadline_ns (-1: forever) for room; -ETIMEDOUT when it passes", "fd", "msg", "len", "prio",
            "deadline_ns"),
    MQ_RECEIVE("receive the oldest message of the highest priority from the queue on fd into buf (len at least "
               + "mq_msgsize), its priority to *prio (0: not stored), waiting until the absolute CLOCK_REALTIME "
               + "deadline_ns (-1: forever); returns its length", "fd", "buf", "len", "prio", "deadline_ns"),
    MQ_NOTIFY("register the process for one notification (struct sigevent at sevp: SIGEV_SIGNAL, SIGEV_NONE) when a "
              + "message arrives on the empty queue on fd; sevp 0 unregisters", "fd", "sevp"),
    MQ_GETSETATTR("the queue's struct mq_attr (mq_flags: the descriptor's O_NONBLOCK) to old, after setting O_NONBLOCK "
                  + "from new's mq_flags (either address may be 0)", "fd", "new", "old"),
    THREAD_START("a new thread of the caller's process that starts at entry with arg in its first argument register, "
                 + "stack as its stack pointer and tls as its thread pointer (0: the caller's); its id is stored as 8 bytes "
                 + "at child_tid and parent_tid (0: not stored) before it runs; returns its id", "entry", "arg", "stack", "tls",
                 "child_tid", "parent_tid"),
    THREAD_FROM_CONTEXT("a new thread of the caller's process whose registers, thread pointer and signal mask are the "
                        + "machine context at context, in the layout of the OS's signal frames (as its sigreturn reads one); "
                        + "its id stored as 4 bytes at tid (0: not stored); returns its id", "context", "tid"),
    READV("read into the buffers of struct iovec[iovcnt] as one read, at offset (-1: the file's position); flags RWF_*", "fd",
          "iov", "iovcnt", "offset", "flags"),
    WRITEV("write the buffers of struct iovec[iovcnt] as one write, at offset (-1: the file's position); flags RWF_* "
           + "(RWF_APPEND: at the end)", "fd", "iov", "iovcnt", "offset", "flags"),
    COPY_FILE_RANGE("copy len bytes between regular files, at *off_in / *off_out (NULL: the file positions), advancing them",
                    "fd_in", "off_in", "fd_out", "off_out", "len", "flags"),
    SPLICE("move up to len bytes between a pipe and a file (or two pipes); the non-pipe side's *offset (may be NULL) is used and "
           + "advanced", "fd_in", "off_in", "fd_out", "off_out", "len", "flags"),
    CLOSE_RANGE("close, or with CLOSE_RANGE_CLOEXEC mark close-on-exec, every descriptor in [first, last]", "first", "last",
                "flags"),
    TIMES("struct tms (user, system, children's user and system time in clock ticks) to buf (may be NULL); returns the "
          + "clock ticks since boot", "buf"),
    SCHED_GETSCHEDULER("the scheduling policy of thread pid (0: the caller)", "pid"),
    SCHED_SETSCHEDULER("set thread pid's policy (-1: keep it, as sched_setparam) and the priority in *param (an int)", "pid",
                       "policy", "param"),
    SCHED_GETPARAM("thread pid's priority to *param (an int)", "pid", "param"),
    SCHED_SETAFFINITY("set thread pid's CPU mask (size bytes at mask)", "pid", "size", "mask"),
    GETPRIORITY("20 - the nice value of the highest-priority thread that (which: PRIO_PROCESS, PGRP, USER; who) names",
                "which", "who"),
    SETPRIORITY("set the nice value of the threads that (which, who) names", "which", "who", "prio"),
    MINCORE("one byte per page of [addr, addr+length) to vec: 1 when resident", "addr", "length", "vec"),
    MLOCK("lock (unlock != 0: unlock) the pages of [addr, addr+length); flags MLOCK_ONFAULT", "addr", "length", "flags", "unlock"),
    MLOCKALL("lock every page (MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT); flags 0 unlocks all", "flags"),
    MEMBARRIER("a memory barrier across the process's (or every) thread: MEMBARRIER_CMD_*", "cmd", "flags", "cpu_id"),
    PERSONA("set the process's execution domain (personality(2)); 0xffffffff only queries; returns the old one", "persona"),
    SYNCFS("write back the filesystem holding fd (-1: every filesystem, as sync)", "fd"),
    FALLOCATE("allocate, or with mode's FALLOC_FL_* flags punch or zero, [offset, offset+len) of fd", "fd", "mode", "offset",
              "len"),
    PIDFD_OPEN("a descriptor for process pid, readable when it ends; flags PIDFD_NONBLOCK", "pid", "flags"),
    PIDFD_SEND_SIGNAL("send sig to the pidfd's process, with the caller's siginfo_t *info (NULL: as kill)", "pidfd", "sig",
                      "info", "flags"),
    PIDFD_GETFD("a close-on-exec duplicate of the pidfd's process's descriptor targetfd", "pidfd", "targetfd", "flags"),
    MKNODAT("make a FIFO, socket or regular file (S_IF* in mode, masked by the umask); device nodes where the filesystem "
            + "allows", "dirfd", "path", "mode", "dev"),
    INOTIFY_INIT("a new inotify instance; flags IN_NONBLOCK, IN_CLOEXEC", "flags"),
    INOTIFY_ADD_WATCH("watch (or change the watch on) the inode path names for the events in mask; returns the watch "
                      + "descriptor", "fd", "path", "mask"),
    INOTIFY_RM_WATCH("remove watch wd of instance fd (IN_IGNORED is read next)", "fd", "wd"),
    TEE("copy up to len bytes waiting in pipe fd_in into pipe fd_out without consuming them; flags SPLICE_F_NONBLOCK",
        "fd_in", "fd_out", "len", "flags"),
    SOCKET("a new socket of domain (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK), type (SOCK_STREAM, SOCK_DGRAM, "
           + "SOCK_SEQPACKET, with SOCK_NONBLOCK and SOCK_CLOEXEC) and protocol (0: the type's own)", "domain", "type",
           "protocol"),
    SOCKETPAIR("two connected sockets, their descriptors to int sv[2]", "domain", "type", "protocol", "sv"),
    BIND("give the socket the address (struct sockaddr_* of addrlen bytes)", "fd", "addr", "addrlen"),
    LISTEN("accept connections on the bound socket, at most backlog waiting", "fd", "backlog"),
    ACCEPT("a new connected socket from the listening socket's queue (waiting for one unless nonblocking); the "
           + "peer's address to addr (may be 0) with its length in *addrlen; flags SOCK_NONBLOCK, SOCK_CLOEXEC",
           "fd", "addr", "addrlen", "flags"),
    CONNECT("connect the socket to the address (a stream socket waits for the connection unless nonblocking: "
            + "EINPROGRESS)", "fd", "addr", "addrlen"),
    GETSOCKNAME("the socket's own address to addr, its full length to *addrlen (truncated to what *addrlen held)",
                "fd", "addr", "addrlen"),
    GETPEERNAME("the connected peer's address to addr, its full length to *addrlen", "fd", "addr", "addrlen"),
    SENDTO("send len bytes at buf to the address (0: the connected peer); flags MSG_*", "fd", "buf", "len", "flags",
           "addr", "addrlen"),
    RECVFROM("receive up to len bytes into buf, the sender's address to addr (may be 0) and its length to *addrlen; "
             + "flags MSG_*", "fd", "buf", "len", "flags", "addr", "addrlen"),
    SENDMSG("send the struct msghdr at msg (iovecs, address, ancillary data: SCM_RIGHTS, SCM_CREDENTIALS)", "fd",
            "msg", "flags"),
    RECVMSG("receive into the struct msghdr at msg: its iovecs, the sender's address, ancillary data; msg_flags "
            + "written back", "fd", "msg", "flags"),
    SENDMMSG("send each of vlen struct mmsghdr at vec as sendmsg, msg_len written back; returns how many were sent",
             "fd", "vec", "vlen", "flags"),
    RECVMMSG("receive up to vlen messages into the struct mmsghdr at vec as recvmsg (MSG_WAITFORONE: wait only for "
             + "the first), until the struct timespec at timeout (0: none) passes; the time left written back", "fd",
             "vec", "vlen", "flags", "timeout"),
    SHUTDOWN("shut down the reading (SHUT_RD), writing (SHUT_WR) or both (SHUT_RDWR) halves of a connection", "fd",
             "how"),
    GETSOCKOPT("option name at level to optval, its length in *optlen (in: room, out: used)", "fd", "level", "name",
               "optval", "optlen"),
    SETSOCKOPT("set option name at level from optlen bytes at optval", "fd", "level", "name", "optval", "optlen"),
    
    SET_IDS("setuid(a), setreuid(a, b), setresuid(a, b, c), setfsuid(a) for which 0..3, the gid calls for which "
            + "4..7, with Linux's permission rules (CAP_SETUID/CAP_SETGID in the effective set) and capability fix-ups; "
            + "-1 leaves an id (setuid/setgid: EINVAL); which 3 and 7 return the old filesystem id and never fail. "
            + "Credentials are per process (glibc applies set*id to every thread anyway)", "which", "a", "b", "c"),
    GET_IDS("the real, effective and saved user (which 0) or group (which 1) ids to three uid_t", "which", "ruid",
            "euid", "suid"),
    SETGROUPS("the supplementary groups from gid_t list[size] (CAP_SETGID; size at most NGROUPS_MAX)", "size", "list"),
    CAPGET("the effective, permitted and inheritable sets of the task hdr->pid (0: the caller; a thread: its process's) into data "
           + "(_LINUX_CAPABILITY_VERSION_1: one __user_cap_data_struct, _2/_3: two); an unknown version is "
           + "rewritten to _3 (EINVAL, or 0 when data is NULL)", "hdr", "data"),
    CAPSET("the caller's own effective, permitted and inheritable sets from data (hdr->pid 0 or its own: another "
           + "is EPERM), within Linux's limits", "hdr", "data"),
    PROCESS_VM_READV("copy from process pid's memory at the struct iovec remote[rcount] into the caller's at local[lcount] "
                     + "(flags 0), stopping at the first page or byte that faults; returns the bytes copied. The caller "
                     + "must pass the ptrace access check", "pid", "local", "lcount", "remote", "rcount", "flags"),
    PROCESS_VM_WRITEV("copy the caller's memory at local[lcount] into process pid's at remote[rcount], as "
                      + "PROCESS_VM_READV the other way", "pid", "local", "lcount", "remote", "rcount", "flags"),
    MEMPOLICY("the NUMA policy calls of a thread and a process: which 0 set_mempolicy(mode a, node mask at b of "
              + "c - 1 bits); 1 get_mempolicy(to *a, mask at b of c bits, addr d, flags e); 2 migrate_pages(pid a, "
              + "maxnode b, old mask at c, new mask at d); 3 set_mempolicy_home_node(start a, len b, node c, "
              + "flags d)", "which", "a", "b", "c", "d", "e"),
    MBIND("the NUMA policy of the mappings in [start, start + len): mode over the node mask at nmask; flags "
          + "MPOL_MF_STRICT, MPOL_MF_MOVE, MPOL_MF_MOVE_ALL", "start", "len", "mode", "nmask", "maxnode", "flags"),
    MOVE_PAGES("for count pages of process pid at the addresses in pages: move each to the node in nodes (NULL: "
               + "none) and write its node or -errno to status", "pid", "count", "pages", "nodes", "status", "flags"),
    REMAP_FILE_PAGES("map file page pgoff on at start (size bytes) in the shared file mapping there, as Linux's "
                     + "emulation does with mmap (prot and flags but MAP_NONBLOCK 0)", "start", "size", "prot", "pgoff",
                     "flags"),
    SAVE_CONTEXT("the calling thread's registers (as the call returns 0), thread pointer, signal mask and alternate stack "
                 + "written at context in the layout of the OS's signal frames (getcontext); EINVAL where the OS has none", "context"),
    RESERVED_190,
    PKEY("the protection-key calls: which 0 mprotect(a, b, c) with key d (-1: none); which 1 a key with access "
         + "rights b (PKEY_DISABLE_ACCESS, PKEY_DISABLE_WRITE), flags a; which 2 give back key a", "which", "a", "b", "c",
         "d"),
    PROCESS_MADVISE("madvise(behavior) over each range of the struct iovec vec[vlen] in the memory of the process of "
                    + "pidfd (flags 0); returns the bytes advised", "pidfd", "vec", "vlen", "behavior", "flags"),
    PROCESS_MRELEASE("free the memory of the dying process of pidfd now (flags 0)", "pidfd", "flags"),
    MSEAL("seal the mappings in [start, start + len) against unmapping, moving, replacing and reprotecting "
          + "(flags 0)", "start", "len", "flags"),
    FUTEX2_WAKE("futex_wake: wake up to nr waiters on the futex at uaddr whose bitset meets mask (nr 0: none); futex2 "
                + "flags (FUTEX2_SIZE_U32 only, FUTEX2_NUMA, FUTEX2_MPOL, FUTEX2_PRIVATE)", "uaddr", "mask", "nr", "flags"),
    FUTEX2_WAIT("futex_wait: sleep while the futex at uaddr holds val until a wake meeting mask, until the absolute "
                + "struct timespec at timeout (0: none) on clockid (CLOCK_MONOTONIC or CLOCK_REALTIME), or a signal",
                "uaddr", "val", "mask", "flags", "timeout", "clockid"),
    FUTEX_WAITV("wait on nr (1..128) futexes given as struct futex_waitv at waiters; returns the index of one woken; "
                + "timeout absolute on clockid as FUTEX2_WAIT", "waiters", "nr", "flags", "timeout", "clockid"),
    FUTEX2_REQUEUE("futex_requeue: waiters[0]'s word must hold its val; wake nr_wake of its waiters and move up to "
                   + "nr_requeue to waiters[1] (two struct futex_waitv with equal flags)", "waiters", "flags", "nrWake",
                   "nrRequeue"),
    KCMP("whether tasks pid1 and pid2 share a kernel object of a kcmp type (KCMP_FILE: descriptors idx1 and idx2; "
         + "KCMP_EPOLL_TFD: idx2 a struct kcmp_epoll_slot): 0, or 1 / 2 by a fixed obfuscated order", "pid1", "pid2",
         "type", "idx1", "idx2"),
    EXECVEAT("execve of path against dirfd, or of dirfd itself (AT_EMPTY_PATH and an empty path: fexecve); "
             + "AT_SYMLINK_NOFOLLOW refuses a last symlink (ELOOP)", "dirfd", "path", "argv", "envp", "flags"),
    OPENAT2("openat with a struct open_how {flags, mode, resolve} of size bytes: stricter flag checks and the "
            + "RESOLVE_* rules of the path walk", "dirfd", "path", "how", "size"),
    SIGNAL_COUNTER("a descriptor counting the sendings of signal sig to the caller's process (to it or one of its "
                   + "threads) from now on, whatever becomes of them (caught, blocked, ignored), taking none: read takes "
                   + "the count as 8 bytes (waiting, or EAGAIN, while it is 0); readable while it is not 0; flags "
                   + "O_NONBLOCK, O_CLOEXEC", "sig", "flags"),
    PIDFD_STATUS("the wait status (as wait4 stores it) of the pidfd's process once it has ended, without reaping it, "
                 + "whoever its parent and even after it was reaped; EAGAIN while it runs", "pidfd"),
    FILE_REFS("how many references hold fd's open file description: descriptors in every process's table (dup, "
              + "fork) and descriptors in flight (SCM_RIGHTS)", "fd"),
    AIO_SETUP("a native AIO context for at least nr_events requests: its completion ring (struct aio_ring and its "
              + "io_events) mapped into the caller's memory, whose address is written to *ctxp (which must hold 0)",
              "nr_events", "ctxp"),
    AIO_DESTROY("cancel what can be cancelled on the context, wait for its other requests, unmap its ring", "ctx"),
    AIO_SUBMIT("submit nr struct iocb whose pointers are at iocbpp; returns how many were submitted (the error of "
               + "the first when none was)", "ctx", "nr", "iocbpp"),
    AIO_CANCEL("cancel the request submitted with iocb (-EINPROGRESS: its event comes through the ring)", "ctx",
               "iocb", "result"),
    AIO_GETEVENTS("at least min_nr and at most nr io_events from the ring to events, waiting up to the relative "
                  + "struct timespec at timeout (0: no limit); -EINTR when a signal ends a wait that got none",
                  "ctx", "min_nr", "nr", "events", "timeout"),
    AIO_PGETEVENTS("AIO_GETEVENTS under the signal mask of the struct __aio_sigset at usig (0: the caller's)",
                   "ctx", "min_nr", "nr", "events", "timeout", "usig"),
    USTAT("the free blocks and inodes of the mounted filesystem on device dev (new_encode_dev) to struct ustat",
          "dev", "ubuf"),
    SYSFS("the index of the filesystem type named by the string at arg1 (option 1), the name of type arg1 to "
          + "arg2 (option 2), or how many types the kernel knows (option 3)", "option", "arg1", "arg2"),
    THREAD_PARK("sleep until the calling thread is unparked: a token THREAD_UNPARK left before ends the call at once "
                + "with -EALREADY (and is used up), one left during the sleep ends it with 0; -EINTR for a signal or an "
                + "interrupting THREAD_UNPARK, -ETIMEDOUT when the struct timespec at timeout (0: none; relative, or "
                + "absolute with flags 1) on clock passes", "clock", "flags", "timeout"),
    THREAD_UNPARK("leave thread tid of the caller's process its park token and wake it; with interrupt set, only end "
                  + "the park it sleeps in with -EINTR (-EBUSY when it is not parked); -ESRCH for no such thread",
                  "tid", "interrupt"),
    SCHED_SETATTR("set thread pid's policy and parameters from the struct sched_attr at attr (its own size; flags must be 0)",
                  "pid", "attr", "flags"),
    SCHED_GETATTR("thread pid's struct sched_attr to attr, size bytes (at least 48; flags must be 0)", "pid", "attr", "size",
                  "flags"),
    SCHED_RR_GET_INTERVAL("thread pid's round-robin time slice to the struct timespec at tp", "pid", "tp"),
    GETCPU("the CPU the caller runs on and its NUMA node to the unsigned ints at cpu and node (each may be NULL)", "cpu",
           "node"),
    IOPRIO_SET("set the io priority (class << 13 | data) of the threads that (which: IOPRIO_WHO_PROCESS, PGRP, USER; "
               + "who) names", "which", "who", "ioprio"),
    IOPRIO_GET("the io priority of the thread, or the best of the threads, that (which, who) names", "which", "who"),
    SETHOSTNAME("set the caller's UTS namespace's node name to len bytes at name (CAP_SYS_ADMIN; len at most 64)", "name",
                "len"),
    SETDOMAINNAME("set the caller's UTS namespace's domain name to len bytes at name (CAP_SYS_ADMIN; len at most 64)",
                  "name", "len"),
    UNSHARE("give the caller its own copy of what the CLONE_* flags name (CLONE_NEWUTS: the host and domain names)",
            "flags"),
    USER_COMPARE_EXCHANGE("atomically replace the aligned 32-bit word at uaddr by desired if it holds expected (as the "
                          + "guest's lock cmpxchg would): the word's old value, zero-extended, or -EFAULT / -EINVAL (unaligned)",
                          "uaddr", "expected", "desired"),
    CLOSE_ON_FORK("leave fd out of the table a fork's child gets (POSIX's FD_CLOFORK) when on is 1, keep it again when 0, "
                  + "only ask when -1: the previous setting (0 or 1)", "fd", "on"),
    RESERVED_226, RESERVED_227, RESERVED_228, RESERVED_229, RESERVED_230, RESERVED_231,
    RESERVED_232,
    SECCOMP("Linux's seccomp(2): operation SECCOMP_SET_MODE_STRICT, SECCOMP_SET_MODE_FILTER (uargs a struct "
            + "sock_fprog; flags SECCOMP_FILTER_FLAG_*), SECCOMP_GET_ACTION_AVAIL (uargs a u32 action) or "
            + "SECCOMP_GET_NOTIF_SIZES (uargs a struct seccomp_notif_sizes)", "operation", "flags", "uargs"),
    FADVISE("fadvise64 (readahead 0) or readahead (readahead 1, advice ignored: POSIX_FADV_WILLNEED on a readable "
            + "regular file, EBADF/EINVAL otherwise): the advice applied to the file, as Linux's vfs_fadvise",
            "fd", "offset", "len", "advice", "readahead"),
    SYNC_FILE_RANGE("sync_file_range: the byte range's dirty pages written back as flags (SYNC_FILE_RANGE_WAIT_BEFORE, "
            + "_WRITE, _WAIT_AFTER) ask; nbytes 0 means to the end", "fd", "offset", "nbytes", "flags"), RESERVED_236, RESERVED_237, RESERVED_238, RESERVED_239,
    RESERVED_240, RESERVED_241, RESERVED_242, RESERVED_243, RESERVED_244, RESERVED_245, RESERVED_246, RESERVED_247,
    RESERVED_248, RESERVED_249, RESERVED_250, RESERVED_251, RESERVED_252, RESERVED_253, RESERVED_254, RESERVED_255;

    /** The number of slots, reserved ones included. Never shrinks. */
    public static final int SLOTS = values().length;

    private static final KernelOp[] ALL = values();

    private final String note;
    private final List<String> params;

    KernelOp() {
        this.note = null;
        this.params = List.of("a1", "a2", "a3", "a4", "a5", "a6");
    }

    KernelOp(String note, String... params) {
        if (params.length > 6) throw new IllegalArgumentException("at most six arguments: " + name());
        this.note = note;
        this.params = List.of(params);
    }

    /** The fixed slot index. */
    public int slot() { return ordinal(); }

    /** The C name of the slot (lower case). */
    public String cName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The parameter names; all are 64-bit scalars. */
    public List<String> params() { return params; }

    /** What the operation does; null for a reserved slot. */
    public String note() { return note; }

    public boolean reserved() { return note == null; }

    /** The op at this slot, or null when the index is outside the table. */
    public static KernelOp atSlot(long slot) {
        return slot >= 0 && slot < ALL.length ? ALL[(int) slot] : null;
    }
}
