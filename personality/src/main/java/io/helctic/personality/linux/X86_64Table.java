package io.helctic.personality.linux;

import static io.helctic.abi.KernelOp.*;
import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Sched.CLONE_VFORK;
import static io.helctic.abi.uapi.Sched.CLONE_VM;
import static io.helctic.abi.uapi.Signal.SIGCHLD;
import static io.helctic.personality.Handler.constant;
import static io.helctic.personality.Handler.op;
import static io.helctic.personality.Handler.pass;
import static io.helctic.personality.Handler.shim;

import io.helctic.personality.Handler;
import io.helctic.personality.Support;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Linux x86-64 syscall table: one {@link SyscallEntry} for every number from 0 to
 * {@link #MAX}, built from {@link X86_64Names} with the implemented calls laid over it.
 * Kernel ops take Linux x86-64 structures and constants, so most calls map directly.
 */
public final class X86_64Table {
    private X86_64Table() {}

    /** How the scheduling calls reach the host, said once for their rows. */
    static final String HOST_APPLIED = "applied to the host thread that runs the guest thread (its host tid); the kernel decides the permission with the guest's credentials and limits; should the host refuse (an unprivileged host process: CI runs as root, where it always applies) the kernel keeps the guest's value";

    /** The newest x86-64 syscall in mainline Linux: rseq_slice_yield. */
    public static final int MAX = 471;

    /** Each entry is built at first use (a race builds an equal one): the whole table costs tens of ms in a cold JVM. */
    private static final SyscallEntry[] ENTRIES = new SyscallEntry[MAX + 1];

    /** The entry for a number, or null outside 0..MAX. */
    public static SyscallEntry entry(long nr) {
        if (nr < 0 || nr > MAX) return null;
        SyscallEntry e = ENTRIES[(int) nr];
        return e != null ? e : (ENTRIES[(int) nr] = build((int) nr));
    }

    /** Every entry, index = number. */
    public static List<SyscallEntry> entries() {
        return Whole.ALL;
    }

    /** The whole table, checked: every name once, every implementation for a syscall in it. */
    private static final class Whole {
        static final List<SyscallEntry> ALL = all();

        private static List<SyscallEntry> all() {
            SyscallEntry[] t = new SyscallEntry[MAX + 1];
            Map<String, Integer> byName = new HashMap<>();
            for (int n = 0; n <= MAX; n++) {
                t[n] = entry(n);
                if (t[n].assigned() && byName.put(t[n].name(), n) != null) {
                    throw new IllegalStateException("name " + t[n].name() + " twice");
                }
            }
            for (String name : Implemented.BY_NAME.keySet()) {
                if (!byName.containsKey(name)) throw new IllegalStateException("no syscall " + name);
            }
            return Collections.unmodifiableList(Arrays.asList(t));
        }
    }

    /** The line of {@link X86_64Names#TABLE} for each number (null: no syscall has it). */
    private static final class Lines {
        static final String[] BY_NUMBER = index();

        private static String[] index() {
            String[] t = new String[MAX + 1];
            for (String line : X86_64Names.TABLE.strip().split("\n")) {
                line = line.strip();
                int end = 0;
                while (end < line.length() && Character.isDigit(line.charAt(end))) end++;
                int n = Integer.parseInt(line.substring(0, end));
                if (t[n] != null) throw new IllegalStateException("number " + n + " twice");
                t[n] = line;
            }
            return t;
        }
    }

    /** The implemented calls by name (a later one for the same name wins). */
    private static final class Implemented {
        static final Map<String, Impl> BY_NAME = byName();

        private static Map<String, Impl> byName() {
            Map<String, Impl> m = new HashMap<>();
            for (Impl i : implementations()) m.put(i.name, i);
            return m;
        }
    }

    private static SyscallEntry build(int n) {
        String line = Lines.BY_NUMBER[n];
        if (line == null) {
            return new SyscallEntry(n, "syscall_0x" + Integer.toHexString(n), false, List.of(), Ret.DECIMAL,
                                    Support.UNIMPLEMENTED, "no syscall has this number", Handler.NotImplemented.INSTANCE);
        }
        SyscallEntry e = parse(line);
        Impl i = Implemented.BY_NAME.get(e.name());
        if (i == null) return e;
        return e.implement(i.support, i.note, i.handler);
    }

    private static SyscallEntry parse(String line) {
        String note = "";
        int hash = line.indexOf('#');
        if (hash >= 0) {
            note = line.substring(hash + 1).strip();
            line = line.substring(0, hash).strip();
        }
        String[] f = fields(line);
        if (f == null) throw new IllegalArgumentException("bad table line: " + line);
        int number = Integer.parseInt(f[0]);
        List<ArgKind> args = new ArrayList<>();
        if (!f[2].equals("-")) for (String tok : f[2].split(",")) args.add(ArgKind.parse(tok));
        Ret ret = Ret.DECIMAL;
        if (f.length == 4) {
            ret = switch (f[3]) {
                case ">hex" -> Ret.HEX;
                case ">oct" -> Ret.OCTAL;
                case ">none" -> Ret.NORETURN;
                default -> throw new IllegalArgumentException("bad result kind: " + line);
            };
        }
        return new SyscallEntry(number, f[1], true, args, ret, Support.UNIMPLEMENTED, note,
                                Handler.NotImplemented.INSTANCE);
    }

    /**
     * The three or four whitespace-separated fields of a line, or null for any other count (no
     * regex: the first syscall parses its line in a JVM that has compiled nothing yet).
     */
    private static String[] fields(String line) {
        String[] f = new String[4];
        int n = 0;
        for (int i = 0, len = line.length(); ; ) {
            while (i < len && Character.isWhitespace(line.charAt(i))) i++;
            if (i == len) break;
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) i++;
            if (n == 4) return null;
            f[n++] = line.substring(start, i);
        }
        return n == 4 ? f : n == 3 ? Arrays.copyOf(f, 3) : null;
    }

    private record Impl(String name, Support support, String note, Handler handler) {}

    /** The names of the entries that run a shim, in the order {@link #implementations} declares them. */
    public static List<String> shimsInDeclarationOrder() {
        List<String> out = new ArrayList<>();
        for (Impl i : implementations()) if (i.handler instanceof Handler.Translated) out.add(i.name);
        return out;
    }

    private static Impl full(String name, Handler how) {
        return new Impl(name, Support.FULL, "", how);
    }

    private static Impl full(String name, String note, Handler how) {
        return new Impl(name, Support.FULL, note, how);
    }

    /** An entry whose {@code missing} says what of Linux's behaviour it lacks. */
    private static Impl partial(String name, String missing, Handler how) {
        return new Impl(name, Support.PARTIAL, missing, how);
    }

    private static Impl unimplemented(String name, String note) {
        return new Impl(name, Support.UNIMPLEMENTED, note, Handler.NotImplemented.INSTANCE);
    }

    /** The implemented calls, each with its support level. Everything else answers -ENOSYS. */
    private static List<Impl> implementations() {
        Handler.Arg a1 = pass(0), a2 = pass(1), a3 = pass(2), a4 = pass(3), a5 = pass(4), a6 = pass(5);
        Handler.Arg cwd = constant("AT_FDCWD", AT_FDCWD), zero = constant(0), nofollow = constant("AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW);
        String userXattrs = "user.* names live on the host file; other namespaces hold nothing (ENODATA) and refuse writes (EOPNOTSUPP)";
        return List.of(
            full("read", op(READ, a1, a2, a3)),
            full("write", op(WRITE, a1, a2, a3)),
            full("open", "open(path) = openat(AT_FDCWD, path)", op(OPENAT, cwd, a1, a2, a3)),
            full("close", op(CLOSE, a1)),
            full("stat", "stat(path) = newfstatat(AT_FDCWD, path, 0)", op(FSTATAT, cwd, a1, a2, zero)),
            full("fstat", op(FSTAT, a1, a2)),
            full("lstat", "lstat = newfstatat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)", op(FSTATAT, cwd, a1, a2, nofollow)),
            full("lseek", op(LSEEK, a1, a2, a3)),
            partial("mmap", "MAP_32BIT and MAP_GROWSDOWN are accepted without placing the mapping below 2 GiB or letting it "
                    + "grow; a shared file mapping is written back whole (no dirty bits)", op(MMAP, a1, a2, a3, a4, a5, a6)),
            full("mprotect", op(MPROTECT, a1, a2, a3)),
            full("munmap", op(MUNMAP, a1, a2)),
            full("brk", op(BRK, a1)),
            partial("ioctl", "terminal requests (TCGETS, TCSETS*, TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, "
                    + "TIOCNOTTY), FIONREAD, FIONBIO, FIOCLEX and FIONCLEX, FIOASYNC, on sockets FIOSETOWN/SIOCSPGRP and "
                    + "FIOGETOWN/SIOCGPGRP, SIOCOUTQ (always 0 on an internet socket: the "
                    + "host's unacknowledged bytes are not visible through the JDK); on sockets the host's interfaces "
                    + "(SIOCGIFCONF, SIOCGIFNAME, SIOCGIFINDEX, SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFTXQLEN, SIOCGIFHWADDR, and on "
                    + "AF_INET SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR); any other request answers ENOTTY",
                    op(IOCTL, a1, a2, a3)),
            full("pread64", op(PREAD, a1, a2, a3, a4)),
            full("pwrite64", op(PWRITE, a1, a2, a3, a4)),
            full("readv", "one read of up to 1 MiB at a time, scattered", op(READV, a1, a2, a3, constant(-1), zero)),
            full("writev", "one write of up to 1 MiB at a time, gathered first", op(WRITEV, a1, a2, a3, constant(-1), zero)),
            full("preadv", shim("pos_l < 0 → EINVAL, else READV at pos_l (pos_h is ignored on 64-bit)", IoVecShims::preadv)),
            full("pwritev", shim("pos_l < 0 → EINVAL, else WRITEV at pos_l", IoVecShims::pwritev)),
            partial("preadv2", "RWF_NOWAIT, RWF_HIPRI and the sync flags are accepted and change nothing",
                    op(READV, a1, a2, a3, a4, a6)),
            partial("pwritev2", "RWF_NOWAIT and RWF_HIPRI are accepted and change nothing; RWF_DSYNC/RWF_SYNC do not sync; "
                    + "RWF_APPEND on a file not opened O_APPEND is not atomic against other writers", op(WRITEV, a1, a2, a3, a4, a6)),
            full("copy_file_range", op(COPY_FILE_RANGE, a1, a2, a3, a4, a5, a6)),
            partial("splice", "the bytes are copied: pages are never moved (SPLICE_F_MOVE is a hint Linux may ignore too)",
                    op(SPLICE, a1, a2, a3, a4, a5, a6)),
            partial("vmsplice", "copies (as a writev into the pipe's write end, a readv from its read end); SPLICE_F_GIFT "
                    + "gifts nothing", shim("FCNTL(F_GETFL) picks WRITEV or READV", IoVecShims::vmsplice)),
            full("tee", op(TEE, a1, a2, a3, a4)),
            partial("close_range", "CLOSE_RANGE_UNSHARE is accepted but the table stays shared with the process's threads",
                    op(CLOSE_RANGE, a1, a2, a3)),
            full("times", op(TIMES, a1)),
            full("sched_getscheduler", "the policy the kernel keeps per thread and has applied to its host thread, "
                    + "SCHED_RESET_ON_FORK included", op(SCHED_GETSCHEDULER, a1)),
            full("sched_setscheduler", "SCHED_OTHER, BATCH, IDLE, FIFO, RR (DEADLINE needs sched_setattr's parameters: "
                    + "EINVAL) and SCHED_RESET_ON_FORK with Linux's permission rules (RLIMIT_RTPRIO, RLIMIT_NICE for "
                    + "leaving SCHED_IDLE, another user's thread, CAP_SYS_NICE); " + HOST_APPLIED,
                    op(SCHED_SETSCHEDULER, a1, a2, a3)),
            full("sched_getparam", "the real-time priority the kernel keeps (0 for the other policies)", op(SCHED_GETPARAM, a1, a2)),
            full("sched_setparam", "as sched_setscheduler with the thread's own policy; " + HOST_APPLIED,
                    op(SCHED_SETSCHEDULER, a1, constant(-1), a2)),
            full("sched_get_priority_max", shim("99 for SCHED_FIFO and SCHED_RR, 0 for the others", SchedShims::priorityMax)),
            full("sched_get_priority_min", shim("1 for SCHED_FIFO and SCHED_RR, 0 for the others", SchedShims::priorityMin)),
            full("sched_rr_get_interval", "the host scheduler's slice for the thread's host thread (SCHED_RR's quantum, 0 for "
                    + "FIFO and DEADLINE, a fair thread's slice)", op(SCHED_RR_GET_INTERVAL, a1, a2)),
            full("sched_setaffinity", "the mask is applied to the thread's host thread (a mask without an allowed host CPU is "
                    + "the host's EINVAL); another user's thread needs CAP_SYS_NICE", op(SCHED_SETAFFINITY, a1, a2, a3)),
            full("getpriority", "the nice values the kernel keeps per thread (PRIO_PROCESS: a thread id, PRIO_PGRP, "
                    + "PRIO_USER: the best of the threads named)", op(GETPRIORITY, a1, a2)),
            full("setpriority", "each thread named, with Linux's rules (another user's thread EPERM, a lower nice EACCES "
                    + "beyond RLIMIT_NICE without CAP_SYS_NICE; the last error stays); " + HOST_APPLIED,
                    op(SETPRIORITY, a1, a2, a3)),
            partial("mincore", "a page counts as resident when this process has it mapped (Linux also counts a file's pages "
                    + "cached by others)", op(MINCORE, a1, a2, a3)),
            full("mlock", "guest memory is never swapped out", op(MLOCK, a1, a2, zero, zero)),
            full("mlock2", "guest memory is never swapped out", op(MLOCK, a1, a2, a3, zero)),
            full("munlock", op(MLOCK, a1, a2, zero, constant(1))),
            full("mlockall", shim("flags 0 → EINVAL, else MLOCKALL(flags)", ThreadShims::mlockall)),
            full("munlockall", op(MLOCKALL, zero)),
            partial("membarrier", "GLOBAL, GLOBAL_EXPEDITED and PRIVATE_EXPEDITED with their registrations: a JVM full "
                    + "fence; the SYNC_CORE and RSEQ commands answer EINVAL", op(MEMBARRIER, a1, a2, a3)),
            partial("personality", "the persona is kept and inherited; ADDR_NO_RANDOMIZE and the other flags change nothing",
                    op(PERSONA, a1)),
            full("sync", op(SYNCFS, constant(-1))),
            full("syncfs", op(SYNCFS, a1)),
            full("sync_file_range", "a host file's range is written back by the host's own sync_file_range; a kernel-made "
                    + "file has nothing to write back", op(SYNC_FILE_RANGE, a1, a2, a3, a4)),
            full("fallocate", "Linux's vfs checks in the kernel; then a host file takes the host's own fallocate, a memfd "
                    + "tmpfs's (allocation and PUNCH_HOLE, with its seals)", op(FALLOCATE, a1, a2, a3, a4)),
            full("pidfd_open", op(PIDFD_OPEN, a1, a2)),
            partial("inotify_init", "inotify_init = inotify_init1(0); see inotify_add_watch for what is reported",
                    op(INOTIFY_INIT, zero)),
            partial("inotify_init1", "see inotify_add_watch for what is reported", op(INOTIFY_INIT, a1)),
            partial("inotify_add_watch", "reports what this kernel's processes do (create, delete, move, attributes, "
                    + "open, access, modify, close); changes made by host programs are not seen; IN_UNMOUNT never comes",
                    op(INOTIFY_ADD_WATCH, a1, a2, a3)),
            full("inotify_rm_watch", op(INOTIFY_RM_WATCH, a1, a2)),
            partial("mknod", "FIFOs (their pipes in the kernel), sockets and regular files; device nodes (CAP_MKNOD) "
                    + "in a tmpfs only, EPERM in a host directory and EROFS in a btrfs image", op(MKNODAT, cwd, a1, a2, a3)),
            partial("mknodat", "FIFOs (their pipes in the kernel), sockets and regular files; device nodes (CAP_MKNOD) "
                    + "in a tmpfs only, EPERM in a host directory and EROFS in a btrfs image", op(MKNODAT, a1, a2, a3, a4)),
            full("pidfd_send_signal", op(PIDFD_SEND_SIGNAL, a1, a2, a3, a4)),
            full("pidfd_getfd", op(PIDFD_GETFD, a1, a2, a3)),
            full("readahead", "a host file's pages are read ahead by the host (its fadvise64 POSIX_FADV_WILLNEED)",
                    op(FADVISE, a1, a2, a3, zero, constant(1))),
            full("fadvise64", "a host file takes the advice on its host descriptor; a kernel-made file keeps no pages "
                    + "to advise (Linux's noop backing device)", op(FADVISE, a1, a2, a3, a4, zero)),
            full("utime", shim("struct utimbuf → two timespecs in USER_SCRATCH, then UTIMENSAT", FileShims::utime)),
            full("utimes", shim("struct timeval[2] → timespecs in USER_SCRATCH, then UTIMENSAT", FileShims::utimes)),
            full("futimesat", shim("struct timeval[2] → timespecs in USER_SCRATCH, then UTIMENSAT(dirfd, ...)",
                    FileShims::futimesat)),
            full("getdents", shim("GETDENTS, each linux_dirent64 rewritten in place as a linux_dirent", FileShims::getdents)),
            full("dup", op(DUP, a1)),
            full("dup2", shim("old == new: FCNTL(fd, F_GETFD) validates and returns fd; else DUP3(old, new, 0)", FdShims::dup2)),
            full("nanosleep", op(NANOSLEEP, a1, a2)),
            full("getpid", op(GETPID)),
            full("exit", "exits the calling thread only", op(EXIT_THREAD, a1)),
            full("uname", op(UNAME, a1)),
            full("fcntl", "record locks, leases and dnotify are this kernel's: host programs neither see them nor break "
                    + "or trigger them; signal-driven I/O on what the host holds (the console's streams, TCP and UDP "
                    + "sockets) signals as the host shows readiness: POLL_IN once input is readable again, not per "
                    + "segment, and never POLL_OUT for the console",
                    op(FCNTL, a1, a2, a3)),
            partial("flock", "LOCK_SH, LOCK_EX, LOCK_UN, LOCK_NB, on the open file description, between the processes "
                    + "of one kernel (host programs do not see them)", op(FLOCK, a1, a2)),
            full("getuid", op(GET_ID, constant(0))),
            full("getgid", op(GET_ID, constant(2))),
            full("geteuid", op(GET_ID, constant(1))),
            full("getegid", op(GET_ID, constant(3))),
            full("setuid", "credentials are per process: a raw setuid from one thread changes every thread's, "
                    + "which glibc's setuid does anyway (SIGSETXID); host set-id bits are not honoured by execve",
                    op(SET_IDS, constant(0), a1, zero, zero)),
            full("setreuid", "per process, as setuid", op(SET_IDS, constant(1), a1, a2, zero)),
            full("setresuid", "per process, as setuid", op(SET_IDS, constant(2), a1, a2, a3)),
            full("setfsuid", "per process, as setuid", op(SET_IDS, constant(3), a1, zero, zero)),
            full("setgid", "per process, as setuid", op(SET_IDS, constant(4), a1, zero, zero)),
            full("setregid", "per process, as setuid", op(SET_IDS, constant(5), a1, a2, zero)),
            full("setresgid", "per process, as setuid", op(SET_IDS, constant(6), a1, a2, a3)),
            full("setfsgid", "per process, as setuid", op(SET_IDS, constant(7), a1, zero, zero)),
            full("getresuid", op(GET_IDS, constant(0), a1, a2, a3)),
            full("getresgid", op(GET_IDS, constant(1), a1, a2, a3)),
            full("setgroups", "per process, as setuid", op(SETGROUPS, a1, a2)),
            full("capget", "a thread id answers its process's sets (credentials are per process, and glibc applies "
                 + "capset and set*id to every thread)", op(CAPGET, a1, a2)),
            full("capset", "per process, as setuid; the ambient set and securebits stay empty (PR_CAP_AMBIENT and "
                    + "PR_SET_SECUREBITS are EINVAL)", op(CAPSET, a1, a2)),
            full("seccomp", "strict and filter modes (classic BPF over seccomp_data, every action, TSYNC, inherited by "
                    + "clone and fork, kept by exec) and user-space notification (the listener's RECV, SEND with CONTINUE, "
                    + "ID_VALID, ADDFD, SET_FLAGS, poll, WAIT_KILLABLE_RECV); TRACE answers ENOSYS as with no tracer "
                    + "attached (there is no ptrace); LOG writes no audit record", op(SECCOMP, a1, a2, a3)),
            full("getppid", op(GETPPID)),
            partial("arch_prctl", "other codes (ARCH_GET_CPUID, ARCH_MAP_VDSO_*, shadow stack) answer EINVAL",
                    shim("ARCH_SET_FS/GS → SET_TLS, ARCH_GET_FS/GS → GET_TLS + 8-byte USER_STORE", ThreadShims::archPrctl)),
            full("gettid", op(GETTID)),
            full("time", shim("CLOCK_READ(CLOCK_REALTIME) in seconds; stored to tloc (8 bytes) when it is not NULL",
                    TimeShims::time)),
            full("gettimeofday", shim("CLOCK_READ(CLOCK_REALTIME) stored as a struct timeval; tz, when given, is UTC (0, 0)",
                    TimeShims::gettimeofday)),
            full("clock_getres", "1 ns for every clock but the _COARSE ones, which read the last tick (4 ms); the CPU clocks "
                    + "(PROCESS/THREAD_CPUTIME_ID and the ids clock_getcpuclockid and pthread_getcpuclockid make) included; "
                    + "the _ALARM clocks as a machine with an RTC",
                    shim("a resolution of 1 ns (the tick, TICK_NSEC, for the _COARSE clocks) for every clock CLOCK_READ can read; EINVAL for the others",
                         TimeShims::clockGetres)),
            full("getcpu", "the host CPU the calling thread's host thread runs on and its NUMA node, as the host's getcpu "
                    + "answers; cache is ignored, as on Linux", op(GETCPU, a1, a2)),
            full("set_tid_address", op(SET_TID_ADDRESS, a1)),
            full("clock_gettime", op(CLOCK_GETTIME, a1, a2)),
            full("exit_group", op(EXIT_GROUP, a1)),
            full("openat", op(OPENAT, a1, a2, a3, a4)),
            partial("openat2", "O_TMPFILE answers EOPNOTSUPP, as openat's (no unnamed files yet). Otherwise Linux's: "
                    + "open_how size versions, the strict flag and mode checks, every RESOLVE_* flag enforced in the walk "
                    + "(a scoped walk returns by the directories it opened, so a concurrent rename cannot carry it out); "
                    + "RESOLVE_CACHED lookups all count as cached (EAGAIN only for O_CREAT, O_TRUNC, O_TMPFILE, as Linux's)",
                    op(OPENAT2, a1, a2, a3, a4)),
            full("newfstatat", op(FSTATAT, a1, a2, a3, a4)),
            full("dup3", op(DUP3, a1, a2, a3)),
            full("getrandom", op(GETRANDOM, a1, a2, a3)),
            full("getdents64", op(GETDENTS, a1, a2, a3)),
            full("access", "access(path) = faccessat(AT_FDCWD, path, mode, 0)", op(FACCESSAT, cwd, a1, a2, zero)),
            full("pipe", "pipe = pipe2(fds, 0)", op(PIPE2, a1, zero)),
            full("sendfile", op(SENDFILE, a1, a2, a3, a4)),
            full("fsync", op(FSYNC, a1)),
            full("fdatasync", "flushes data and metadata alike", op(FSYNC, a1)),
            full("truncate", op(TRUNCATE, a1, a2)),
            full("ftruncate", op(FTRUNCATE, a1, a2)),
            full("getcwd", op(GETCWD, a1, a2)),
            full("chdir", op(CHDIR, a1)),
            full("fchdir", op(FCHDIR, a1)),
            full("rename", "rename = renameat2(AT_FDCWD, old, AT_FDCWD, new, 0)", op(RENAMEAT, cwd, a1, cwd, a2, zero)),
            full("mkdir", "mkdir = mkdirat(AT_FDCWD, path, mode)", op(MKDIRAT, cwd, a1, a2)),
            full("rmdir", "rmdir = unlinkat(AT_FDCWD, path, AT_REMOVEDIR)",
                 op(UNLINKAT, cwd, a1, constant("AT_REMOVEDIR", AT_REMOVEDIR))),
            full("creat", "creat = openat(AT_FDCWD, path, O_CREAT|O_WRONLY|O_TRUNC, mode)",
                 op(OPENAT, cwd, a1, constant("O_CREAT|O_WRONLY|O_TRUNC", O_CREAT | O_WRONLY | O_TRUNC), a2)),
            full("link", "link = linkat(AT_FDCWD, old, AT_FDCWD, new, 0)", op(LINKAT, cwd, a1, cwd, a2, zero)),
            full("unlink", "unlink = unlinkat(AT_FDCWD, path, 0)", op(UNLINKAT, cwd, a1, zero)),
            full("symlink", "symlink = symlinkat(target, AT_FDCWD, path)", op(SYMLINKAT, a1, cwd, a2)),
            full("readlink", "readlink = readlinkat(AT_FDCWD, ...)", op(READLINKAT, cwd, a1, a2, a3)),
            full("chmod", "chmod = fchmodat(AT_FDCWD, path, mode, 0)", op(FCHMODAT, cwd, a1, a2, zero)),
            full("fchmod", "fchmod = FCHMODAT(fd, NULL, mode, 0)", op(FCHMODAT, a1, zero, a2, zero)),
            full("chown", "chown = fchownat(AT_FDCWD, path, uid, gid, 0)", op(FCHOWNAT, cwd, a1, a2, a3, zero)),
            full("fchown", "fchown = FCHOWNAT(fd, NULL, uid, gid, 0)", op(FCHOWNAT, a1, zero, a2, a3, zero)),
            full("lchown", "lchown = fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW)",
                 op(FCHOWNAT, cwd, a1, a2, a3, nofollow)),
            full("umask", op(UMASK, a1)),
            full("statfs", op(STATFS, a1, a2)),
            full("fstatfs", op(FSTATFS, a1, a2)),
            full("mkdirat", op(MKDIRAT, a1, a2, a3)),
            full("fchownat", op(FCHOWNAT, a1, a2, a3, a4, a5)),
            full("unlinkat", op(UNLINKAT, a1, a2, a3)),
            full("renameat", "renameat = renameat2(..., 0)", op(RENAMEAT, a1, a2, a3, a4, zero)),
            partial("renameat2", "RENAME_NOREPLACE and RENAME_EXCHANGE (the host's own, atomic); RENAME_WHITEOUT answers "
                    + "EINVAL (no overlay filesystems here)",
                    op(RENAMEAT, a1, a2, a3, a4, a5)),
            full("linkat", op(LINKAT, a1, a2, a3, a4, a5)),
            full("symlinkat", op(SYMLINKAT, a1, a2, a3)),
            full("readlinkat", op(READLINKAT, a1, a2, a3, a4)),
            full("fchmodat", "no flags (Linux's fchmodat takes none)", op(FCHMODAT, a1, a2, a3, zero)),
            full("fchmodat2", op(FCHMODAT, a1, a2, a3, a4)),
            full("faccessat", "faccessat = faccessat2(dirfd, path, mode, 0)", op(FACCESSAT, a1, a2, a3, zero)),
            full("faccessat2", op(FACCESSAT, a1, a2, a3, a4)),
            full("utimensat", op(UTIMENSAT, a1, a2, a3, a4)),
            full("pipe2", op(PIPE2, a1, a2)),
            partial("clone", "processes (fork/vfork forms) and threads (CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
                    + "CLONE_THREAD, with SYSVSEM, SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID); a thread without "
                    + "CLONE_FS or CLONE_FILES, CLONE_VM without CLONE_VFORK or CLONE_THREAD, and namespaces answer ENOSYS; "
                    + "a thread without CLONE_SYSVSEM shares its process's SEM_UNDO list (Linux: it gets none)",
                    op(CLONE, a1, a2, a3, a4, a5)),
            partial("clone3", "struct clone_args up to VER2 (88 bytes); CLONE_PIDFD, CLONE_INTO_CGROUP and set_tid answer "
                    + "ENOSYS", op(CLONE3, a1, a2)),
            partial("futex", "WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET; PRIVATE_FLAG, "
                    + "CLOCK_REALTIME; LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI on the PI word (owner tid, FUTEX_WAITERS, "
                    + "FUTEX_OWNER_DIED); priority inheritance itself has no effect (a waiter's priority does not boost the owner's "
                    + "host thread); "
                    + "WAIT_REQUEUE_PI and CMP_REQUEUE_PI answer ENOSYS", op(FUTEX, a1, a2, a3, a4, a5, a6)),
            full("kcmp", "every type; objects ordered by a per-boot obfuscation of their identity; the I/O context is "
                 + "never made (no ioprio_set, no CLONE_IO), so KCMP_IO answers 0 as Linux does for two tasks without one",
                 op(KCMP, a1, a2, a3, a4, a5)),
            full("futex_wait", "FUTEX2_SIZE_U32 (the only size Linux implements), FUTEX2_NUMA (one node: FUTEX_NO_NODE "
                 + "becomes 0), FUTEX2_MPOL, FUTEX2_PRIVATE; meets futex(2)'s waiters and wakers",
                 op(FUTEX2_WAIT, a1, a2, a3, a4, a5, a6)),
            full("futex_wake", op(FUTEX2_WAKE, a1, a2, a3, a4)),
            full("futex_waitv", "up to 128 futexes; returns the index woken", op(FUTEX_WAITV, a1, a2, a3, a4, a5)),
            full("futex_requeue", op(FUTEX2_REQUEUE, a1, a2, a3, a4)),
            full("set_robust_list", "on thread exit the list is walked: held futexes get FUTEX_OWNER_DIED and a waiter is woken",
                 op(SET_ROBUST_LIST, a1, a2)),
            full("sched_yield", op(SCHED_YIELD)),
            full("sched_getaffinity", "the CPU mask of the thread's host thread, as the host keeps it",
                 op(SCHED_GETAFFINITY, a1, a2, a3)),
            full("sched_setattr", "struct sched_attr by its size (0: 48 bytes; past 56 bytes must be zero, else E2BIG and the "
                    + "size written back), every policy, SCHED_FLAG_RESET_ON_FORK, KEEP_POLICY, KEEP_PARAMS, a fair thread's "
                    + "slice (sched_runtime), SCHED_DEADLINE's parameters checked as Linux (then the host's admission "
                    + "control: EBUSY) and DL flags, util clamps (the host's: EOPNOTSUPP without CONFIG_UCLAMP_TASK); "
                    + HOST_APPLIED, op(SCHED_SETATTR, a1, a2, a3)),
            full("sched_getattr", "the kernel's record of the policy, flags and parameters; a fair thread's slice and the "
                    + "util clamps as the host keeps them for its host thread; usize 48..4096, the rest zeroed",
                    op(SCHED_GETATTR, a1, a2, a3, a4)),
            full("ioprio_set", "IOPRIO_WHO_PROCESS, PGRP, USER; classes NONE (level 0), RT (CAP_SYS_ADMIN or CAP_SYS_NICE), "
                    + "BE, IDLE with their level and hint bits; another user's thread EPERM without CAP_SYS_NICE; kept per "
                    + "thread (inherited by fork and clone when the class is set) and applied to each host thread",
                    op(IOPRIO_SET, a1, a2, a3)),
            full("ioprio_get", "a thread's own value (IOPRIO_WHO_PROCESS); for a group or a user the best of the threads', "
                    + "where one without its own has its nice value's (class of its policy, level (nice + 20) / 5)",
                    op(IOPRIO_GET, a1, a2)),
            full("sethostname", "the node name of the caller's UTS namespace (uname, /proc/sys/kernel/hostname), never the "
                    + "host's; CAP_SYS_ADMIN, len 0..64", op(SETHOSTNAME, a1, a2)),
            full("setdomainname", "the domain name of the caller's UTS namespace (uname, /proc/sys/kernel/domainname), never "
                    + "the host's; CAP_SYS_ADMIN, len 0..64", op(SETDOMAINNAME, a1, a2)),
            partial("unshare", "CLONE_NEWUTS (a copy of the caller's host and domain names; CAP_SYS_ADMIN); CLONE_THREAD, "
                    + "CLONE_SIGHAND, CLONE_VM (EINVAL with other threads, as Linux); CLONE_FS, CLONE_FILES, CLONE_SYSVSEM "
                    + "(SEM_UNDO applied) in a single-threaded process, but EINVAL with other threads (a thread cannot have "
                    + "its own cwd, descriptors or undo list); CLONE_NEWNS, NEWIPC, NEWNET, NEWPID, NEWCGROUP, NEWTIME: "
                    + "EPERM without CAP_SYS_ADMIN, else EINVAL, and CLONE_NEWUSER EINVAL, as Linux built without them",
                    op(UNSHARE, a1)),
            unimplemented("rseq", "ENOSYS: no restartable sequences; glibc then does without"),
            full("get_robust_list", "another process's thread needs ptrace's PTRACE_MODE_READ_REALCREDS (EPERM)",
                 op(GET_ROBUST_LIST, a1, a2, a3)),
            full("fork", "fork = clone(SIGCHLD)", op(CLONE, constant("SIGCHLD", SIGCHLD), zero, zero, zero, zero)),
            partial("vfork", "the child gets a copy of the memory instead of sharing it; the parent waits for its exec or "
                    + "exit, as Linux's does", op(CLONE, constant("CLONE_VM|CLONE_VFORK|SIGCHLD", CLONE_VM | CLONE_VFORK | SIGCHLD),
                    zero, zero, zero, zero)),
            full("execve", "ELF and #! scripts", op(EXECVE, a1, a2, a3)),
            full("execveat", "AT_EMPTY_PATH (an O_PATH descriptor, a memfd, a file since unlinked), AT_SYMLINK_NOFOLLOW; "
                 + "the program is told /dev/fd/N[/path] as Linux names it", op(EXECVEAT, a1, a2, a3, a4, a5)),
            partial("wait4", "rusage holds the child's and its waited-for children's CPU times, ru_maxrss and ru_minflt "
                    + "(as getrusage); its major-fault, I/O and context-switch counts are 0",
                    op(WAIT4, a1, a2, a3, a4)),
            full("kill", op(KILL, a1, a2)),
            full("tgkill", shim("tgid <= 0 → EINVAL (TGKILL's -1 is tkill's), else TGKILL", ThreadShims::tgkill)),
            full("tkill", "tkill(tid, sig) = TGKILL(-1, tid, sig): the thread of any process", op(TGKILL, constant(-1), a1, a2)),
            full("getpgid", op(GETPGID, a1)),
            full("getpgrp", "getpgrp = getpgid(0)", op(GETPGID, zero)),
            full("setpgid", op(SETPGID, a1, a2)),
            full("getsid", op(GETSID, a1)),
            full("setsid", op(SETSID)),
            full("rt_sigaction", "SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND, SA_ONSTACK, SA_NOCLDSTOP, SA_NOCLDWAIT",
                 op(SIGACTION, a1, a2, a3, a4)),
            full("rt_sigprocmask", op(SIGPROCMASK, a1, a2, a3, a4)),
            full("rt_sigreturn", "the frame sits at the stack pointer", op(SIGRETURN, zero)),
            full("restart_syscall", "continues the sleep or wait a signal interrupted (nanosleep, poll, futex waits with a "
                 + "timeout), to the deadline it had", op(RESTART_SYSCALL)),
            full("poll", shim("timeout in ms → POLL in ns", PollShims::poll)),
            full("ppoll", shim("timespec → POLL in ns, with the temporary signal mask; the time left written back",
                    PollShims::ppoll)),
            full("select", shim("timeval → SELECT in ns; the time left written back (CLOCK_READ before and after)",
                    PollShims::select)),
            full("pselect6", shim("timespec → SELECT in ns; the {sigset *, size} pair → the temporary mask; the time "
                    + "left written back", PollShims::pselect6)),
            full("rt_sigsuspend", op(SIGSUSPEND, a1, a2)),
            full("pause", "pause = sigsuspend with the current mask", op(SIGSUSPEND, zero, constant(8))),
            full("epoll_create", shim("size must be positive, then EPOLL_CREATE(0)", EventShims::epollCreate)),
            full("epoll_create1", op(EPOLL_CREATE, a1)),
            full("epoll_ctl", "EPOLLIN/OUT/PRI/RDHUP/ERR/HUP, EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE (wakes every waiter), "
                 + "EPOLLWAKEUP (accepted)", op(EPOLL_CTL, a1, a2, a3, a4)),
            full("epoll_wait", shim("timeout in ms → EPOLL_WAIT in ns, no mask", EventShims::epollWait)),
            full("epoll_pwait", shim("timeout in ms → EPOLL_WAIT in ns, with the temporary mask", EventShims::epollPwait)),
            full("epoll_pwait2", shim("timespec → EPOLL_WAIT in ns, with the temporary mask", EventShims::epollPwait2)),
            full("eventfd", "eventfd = eventfd2(initval, 0)", op(EVENTFD, a1, zero)),
            full("eventfd2", op(EVENTFD, a1, a2)),
            full("rt_sigpending", op(SIGPENDING, a1, a2)),
            full("rt_sigtimedwait", shim("timespec → SIGTIMEDWAIT in ns", EventShims::sigtimedwait)),
            full("rt_sigqueueinfo", "rt_sigqueueinfo(tgid, sig, info) = SIGQUEUE(tgid, 0, sig, info)",
                 op(SIGQUEUE, a1, zero, a2, a3)),
            full("rt_tgsigqueueinfo", op(SIGQUEUE, a1, a2, a3, a4)),
            partial("signalfd", "signalfd = signalfd4(fd, mask, size, 0); a fork's child that polls an inherited signalfd "
                    + "is woken by its parent's signals, though it reads its own", op(SIGNALFD, a1, a2, a3, zero)),
            partial("signalfd4", "a fork's child that polls an inherited signalfd is woken by its parent's signals, "
                    + "though it reads its own", op(SIGNALFD, a1, a2, a3, a4)),
            full("timerfd_create", "the _ALARM clocks need CAP_WAKE_ALARM, as Linux's; the kernel never suspends, so they "
                    + "have nothing to wake", op(TIMERFD_CREATE, a1, a2)),
            partial("timerfd_settime", "TFD_TIMER_CANCEL_ON_SET is accepted; the guest cannot set the clock, so it never "
                    + "cancels (ECANCELED)", op(TIMERFD_SETTIME, a1, a2, a3, a4)),
            full("timerfd_gettime", op(TIMERFD_GETTIME, a1, a2)),
            partial("getitimer", "ITIMER_VIRTUAL and ITIMER_PROF count the host CPU time of the JVM threads running the "
                    + "process (its instructions and the kernel's work for it), checked each millisecond a thread runs",
                    op(GETITIMER, a1, a2)),
            partial("setitimer", "ITIMER_VIRTUAL and ITIMER_PROF count the host CPU time of the JVM threads running the "
                    + "process, checked each millisecond a thread runs, so they fire within a time slice of their expiry",
                    op(SETITIMER, a1, a2, a3)),
            full("alarm", op(ALARM, a1)),
            partial("timer_create", "SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID (glibc's SIGEV_THREAD rides on it); on "
                    + "CPU clocks the timer is checked each millisecond a thread of the process runs",
                    op(TIMER_CREATE, a1, a2, a3)),
            full("timer_settime", op(TIMER_SETTIME, a1, a2, a3, a4)),
            full("timer_gettime", op(TIMER_GETTIME, a1, a2)),
            full("timer_getoverrun", op(TIMER_GETOVERRUN, a1)),
            full("timer_delete", op(TIMER_DELETE, a1)),
            partial("getrusage", "ru_utime and ru_stime are the host's user and system time of the JVM threads that ran "
                    + "the process; ru_maxrss is the peak of its resident pages (across exec; RUSAGE_CHILDREN: the largest "
                    + "of the waited-for children's); ru_minflt the page faults that mapped or copied a page (a thread's "
                    + "are its process's); the major-fault, I/O and context-switch counts are 0", op(GETRUSAGE, a1, a2)),
            full("clock_nanosleep", "CLOCK_REALTIME, MONOTONIC, BOOTTIME, TAI; TIMER_ABSTIME", op(CLOCK_NANOSLEEP, a1, a2, a3, a4)),
            partial("prlimit64", "the caller's own limits only; limits are kept and reported but not enforced",
                    op(PRLIMIT, a1, a2, a3, a4)),
            partial("getrlimit", "getrlimit = prlimit64(0, resource, NULL, old); limits are not enforced",
                    op(PRLIMIT, zero, a1, zero, a2)),
            partial("setrlimit", "setrlimit = prlimit64(0, resource, new, NULL); limits are kept, not enforced",
                    op(PRLIMIT, zero, a1, a2, zero)),
            partial("prctl", "PR_SET/GET_NAME, PDEATHSIG (sent when the parent process ends; Linux: the thread that forked), "
                    + "DUMPABLE, KEEPCAPS, TIMERSLACK (kept, not applied), CHILD_SUBREAPER, NO_NEW_PRIVS, PR_SET/GET_SECCOMP (see seccomp), "
                    + "PR_CAPBSET_READ/DROP (the bounding set); other options answer EINVAL",
                    op(PRCTL, a1, a2, a3, a4, a5)),
            partial("sysinfo", "sharedram and bufferram are 0 (no swap, as a host without any); loads are Linux's "
                    + "decayed averages, sampled every 5 s, of the guest threads whose JVM threads are running or "
                    + "waiting for a kernel monitor (a host's own I/O wait is not told apart)", op(SYSINFO, a1)),
            full("getgroups", "the process's supplementary groups (the first process: its effective gid alone, "
                    + "whatever the host user's groups)", op(GETGROUPS, a1, a2)),
            full("mremap", op(MREMAP, a1, a2, a3, a4, a5)),
            partial("madvise", "MADV_DONTNEED, MADV_FREE and MADV_DONTNEED_LOCKED drop pages; advice that would discard "
                    + "data is refused on a sealed read-only private anonymous mapping (EPERM); other advice "
                    + "(MADV_DONTFORK, MADV_WIPEONFORK...) is accepted and has no effect; MADV_GUARD_INSTALL/REMOVE, "
                    + "MADV_HWPOISON and MADV_SOFT_OFFLINE answer EINVAL", op(MADVISE, a1, a2, a3)),
            full("msync", op(MSYNC, a1, a2, a3)),
            full("process_vm_readv", op(PROCESS_VM_READV, a1, a2, a3, a4, a5, a6)),
            full("process_vm_writev", op(PROCESS_VM_WRITEV, a1, a2, a3, a4, a5, a6)),
            full("set_mempolicy", "one NUMA node: the policy is kept and reported; memory comes from node 0",
                 op(MEMPOLICY, constant("set", 0), a1, a2, a3, zero, zero)),
            full("get_mempolicy", op(MEMPOLICY, constant("get", 1), a1, a2, a3, a4, a5)),
            full("mbind", "one NUMA node: the policy is kept on the mappings and reported; pages are on node 0",
                 op(MBIND, a1, a2, a3, a4, a5, a6)),
            full("migrate_pages", "one NUMA node: no page moves", op(MEMPOLICY, constant("migrate", 2), a1, a2, a3, a4, zero)),
            full("move_pages", "one NUMA node: every page is on node 0", op(MOVE_PAGES, a1, a2, a3, a4, a5, a6)),
            full("set_mempolicy_home_node", op(MEMPOLICY, constant("home", 3), a1, a2, a3, a4, zero)),
            full("remap_file_pages", "emulated with mmap, as Linux has done since 4.0", op(REMAP_FILE_PAGES, a1, a2, a3, a4, a5)),
            full("pkey_mprotect", "the CPU has no PKU: no key is ever allocated, as on such a Linux",
                 op(PKEY, constant("mprotect", 0), a1, a2, a3, a4)),
            full("pkey_alloc", "the CPU has no PKU: EINVAL once per address space, then ENOSPC, as on such a Linux",
                 op(PKEY, constant("alloc", 1), a1, a2, zero, zero)),
            full("pkey_free", "the CPU has no PKU: no key is allocated (EINVAL)",
                 op(PKEY, constant("free", 2), a1, zero, zero, zero)),
            full("process_madvise", op(PROCESS_MADVISE, a1, a2, a3, a4, a5)),
            full("process_mrelease", op(PROCESS_MRELEASE, a1, a2)),
            full("mseal", op(MSEAL, a1, a2, a3)),
            full("statx", "a host file is described by the host's statx (birth time, attributes, mount id, direct-I/O "
                    + "alignment as its filesystem gives them); the kernel's own files as their Linux counterparts "
                    + "(pipefs, sockfs, anon_inodefs, proc; /dev's nodes and memfds as tmpfs), with mount ids of the "
                    + "kernel's own numbering", op(STATX, a1, a2, a3, a4, a5)),
            full("io_setup", op(AIO_SETUP, a1, a2)),
            full("io_destroy", op(AIO_DESTROY, a1)),
            full("io_submit", "reads and writes run at submission (a read of an empty pipe blocks io_submit, as "
                    + "Linux's); FSYNC and FDSYNC run on the kernel's AIO worker; POLL waits on the file", op(AIO_SUBMIT, a1, a2, a3)),
            full("io_cancel", "only a waiting IOCB_CMD_POLL can be cancelled (-EINPROGRESS), as Linux for files "
                    + "without a cancel method", op(AIO_CANCEL, a1, a2, a3)),
            full("io_getevents", op(AIO_GETEVENTS, a1, a2, a3, a4, a5)),
            full("io_pgetevents", op(AIO_PGETEVENTS, a1, a2, a3, a4, a5, a6)),
            full("ustat", "the kernel's own filesystems count no free blocks or inodes; a host device is answered by "
                    + "the host's ustat", op(USTAT, a1, a2)),
            full("sysfs", "over the types /proc/filesystems lists", op(SYSFS, a1, a2, a3)),
            partial("waitid", "P_ALL, P_PID, P_PGID, P_PIDFD; rusage holds the child's and its waited-for children's CPU "
                    + "times, ru_maxrss and ru_minflt, its other fields are 0",
                    op(WAITID, a1, a2, a3, a4, a5)),
            full("sigaltstack", op(SIGALTSTACK, a1, a2)),
            partial("getxattr", userXattrs, op(GETXATTR, cwd, a1, a2, a3, a4, zero)),
            partial("lgetxattr", userXattrs, op(GETXATTR, cwd, a1, a2, a3, a4, nofollow)),
            partial("fgetxattr", userXattrs, op(GETXATTR, a1, zero, a2, a3, a4, zero)),
            partial("listxattr", userXattrs, op(LISTXATTR, cwd, a1, a2, a3, zero)),
            partial("llistxattr", userXattrs, op(LISTXATTR, cwd, a1, a2, a3, nofollow)),
            partial("flistxattr", userXattrs, op(LISTXATTR, a1, zero, a2, a3, zero)),
            partial("setxattr", userXattrs, op(SETXATTR, cwd, a1, a2, a3, a4, a5)),
            partial("lsetxattr", userXattrs,
                    shim("SETXATTR(AT_FDCWD, path, name, value, size, flags | AT_SYMLINK_NOFOLLOW)", XattrShims::lsetxattr)),
            partial("fsetxattr", userXattrs, op(SETXATTR, a1, zero, a2, a3, a4, a5)),
            partial("removexattr", userXattrs, op(REMOVEXATTR, cwd, a1, a2, zero)),
            partial("lremovexattr", userXattrs, op(REMOVEXATTR, cwd, a1, a2, nofollow)),
            partial("fremovexattr", userXattrs, op(REMOVEXATTR, a1, zero, a2, zero)),
            full("shmget", op(SHMGET, a1, a2, a3)),
            full("shmat", op(SHMAT, a1, a2, a3)),
            partial("shmdt", "an attach unmapped with munmap rather than shmdt still counts in shm_nattch until the "
                    + "process execs or exits", op(SHMDT, a1)),
            full("shmctl", "SHM_LOCK and SHM_UNLOCK set the SHM_LOCKED mode bit (guest memory is never swapped out "
                    + "either way); SHM_INFO's shm_rss counts the pages ever written or mapped", op(SHMCTL, a1, a2, a3)),
            full("semget", op(SEMGET, a1, a2, a3)),
            full("semop", "semop = semtimedop without a timeout", op(SEMOP, a1, a2, a3, constant(-1))),
            full("semtimedop", shim("timespec → SEMOP in ns", IpcShims::semtimedop)),
            full("semctl", op(SEMCTL, a1, a2, a3, a4)),
            full("msgget", op(MSGGET, a1, a2)),
            full("msgsnd", op(MSGSND, a1, a2, a3, a4)),
            full("msgrcv", "MSG_COPY as a kernel with CONFIG_CHECKPOINT_RESTORE", op(MSGRCV, a1, a2, a3, a4, a5)),
            full("msgctl", op(MSGCTL, a1, a2, a3)),
            partial("memfd_create", "MFD_HUGETLB answers EINVAL (no hugetlbfs); a MAP_PRIVATE mapping copies the file "
                    + "when it is made, so later writes through a descriptor do not show in its untouched pages",
                    op(MEMFD_CREATE, a1, a2)),
            full("mq_open", "the caller's capabilities decide (CAP_SYS_RESOURCE past msg_max and msgsize_max, the DAC "
                    + "ones on the queue's mode); the kernel has no system-wide file limit, so no ENFILE; the queues are "
                    + "not mounted as files under /dev/mqueue", op(MQ_OPEN, a1, a2, a3, a4)),
            full("mq_unlink", op(MQ_UNLINK, a1)),
            full("mq_timedsend", "the absolute timespec is read and checked first (EFAULT, EINVAL even when the call "
                    + "would not block, as Linux) and passed as CLOCK_REALTIME ns", shim("timespec → MQ_SEND deadline "
                    + "in ns", IpcShims::mqTimedsend)),
            full("mq_timedreceive", "the absolute timespec is read and checked first (EFAULT, EINVAL even when the call "
                    + "would not block, as Linux) and passed as CLOCK_REALTIME ns", shim("timespec → MQ_RECEIVE "
                    + "deadline in ns", IpcShims::mqTimedreceive)),
            partial("mq_notify", "SIGEV_THREAD is not implemented (the kernel never writes glibc's cookie to the netlink "
                    + "socket it names): it answers EBADF for a closed descriptor and ENOTSOCK for any other, a netlink "
                    + "socket included, where Linux would register it; the signal still goes to an owner that has exec'd "
                    + "since it registered", op(MQ_NOTIFY, a1, a2)),
            full("mq_getsetattr", op(MQ_GETSETATTR, a1, a2, a3)),
            partial("socket", "AF_UNIX (stream, datagram, seqpacket) in the kernel; AF_INET and AF_INET6 TCP and UDP "
                    + "through the host's network stack (the JDK's non-blocking channels, one selector thread per kernel), "
                    + "as --net allows (loopback: 127.0.0.0/8 and ::1 only; none: EACCES); ping sockets, UDP-Lite and SCTP "
                    + "answer EPROTONOSUPPORT (no JDK channel for them); AF_NETLINK with NETLINK_ROUTE "
                    + "(SOCK_RAW, SOCK_DGRAM): dumps of the host's links, addresses and routes (RTM_GETLINK, RTM_GETADDR, "
                    + "RTM_GETROUTE), one link or IPv6 address, acks and errors as Linux; RTM_NEW*/DEL*/SET* EPERM (no "
                    + "CAP_NET_ADMIN over the host), other GETs (a route lookup, neighbours, rules, qdiscs) EOPNOTSUPP, no "
                    + "notifications to groups ever, and any other netlink protocol EPROTONOSUPPORT; AF_PACKET and raw "
                    + "sockets EPERM", op(SOCKET, a1, a2, a3)),
            full("socketpair", "AF_UNIX only; EOPNOTSUPP for the internet families, as Linux",
                 op(SOCKETPAIR, a1, a2, a3, a4)),
            partial("bind", "AF_UNIX path names make a socket file in the guest's root (0777 less the umask), abstract "
                    + "names live in the kernel, a bare sa_family autobinds; an internet address is bound by the host "
                    + "(EADDRINUSE, EADDRNOTAVAIL, EACCES are its own); an IPV6_V6ONLY socket refuses v4-mapped addresses "
                    + "but its host socket is dual-stack and still holds the IPv4 port (the JDK cannot set IPV6_V6ONLY); "
                    + "under --net=loopback a wildcard is bound to the loopback address (getsockname shows the wildcard; "
                    + "an AF_INET6 one becomes ::1, out of IPv4 clients' reach) and any other address answers "
                    + "EADDRNOTAVAIL; AF_UNSPEC with INADDR_ANY on AF_INET answers "
                    + "EAFNOSUPPORT (Linux takes it as AF_INET); a netlink nl_pid of 0 takes the process's pid, then a "
                    + "negative port id, as netlink_autobind", op(BIND, a1, a2, a3)),
            partial("listen", "the host's listen queue is the socket's (poll and accept take one connection from it "
                    + "at a time); a backlog below 1 gives the host 1, and a second listen does not change the host's "
                    + "length", op(LISTEN, a1, a2)),
            full("accept", "accept = accept4(fd, addr, addrlen, 0); a TCP connection inherits what setsockopt set on "
                 + "its listener", op(ACCEPT, a1, a2, a3, zero)),
            full("accept4", op(ACCEPT, a1, a2, a3, a4)),
            partial("connect", "an AF_UNIX stream path bound by a host program (not by a guest of this kernel) is "
                    + "reached through the JDK's UNIX-domain channel, bytes only (no SCM_RIGHTS or credentials across, "
                    + "SO_PEERCRED unknown); a host program's datagram or seqpacket socket answers ECONNREFUSED; no write "
                    + "permission check on the socket file; TCP follows inet_stream_connect "
                    + "(EINPROGRESS, EALREADY, 0 for the call after a non-blocking connect completed, ECONNABORTED when "
                    + "SO_ERROR took the error, AF_UNSPEC resets the connection), a sockaddr_in on an AF_INET6 TCP socket "
                    + "answers EAFNOSUPPORT (Linux connects to it as v4-mapped); a UDP connect connects the host channel "
                    + "(the host filters and reports ICMP port unreachable as ECONNREFUSED), port 0 EINVAL; under "
                    + "--net=loopback other addresses answer ENETUNREACH", op(CONNECT, a1, a2, a3)),
            full("getsockname", op(GETSOCKNAME, a1, a2, a3)),
            full("getpeername", op(GETPEERNAME, a1, a2, a3)),
            partial("sendto", "EPIPE raises SIGPIPE unless MSG_NOSIGNAL; on TCP MSG_OOB answers EOPNOTSUPP (no urgent "
                    + "data through the JDK) and MSG_MORE is ignored; a UDP sendto another address on a connected socket "
                    + "(and an empty datagram there) lets go of the host channel's peer for the moment of the send, "
                    + "dropping what third parties send meanwhile", op(SENDTO, a1, a2, a3, a4, a5, a6)),
            partial("recvfrom", "TCP: MSG_PEEK, MSG_WAITALL, FIONREAD from the kernel's 64 KiB receive buffer, MSG_TRUNC "
                    + "receives rather than discards, MSG_OOB answers EINVAL (urgent data from a peer is dropped by the "
                    + "host socket); UDP: each datagram whole (MSG_TRUNC gives its real length)",
                    op(RECVFROM, a1, a2, a3, a4, a5, a6)),
            partial("sendmsg", "SCM_RIGHTS and SCM_CREDENTIALS; descriptors in flight that reach their own socket's "
                    + "queue in a cycle are never collected (Linux's unix_gc); control messages on an internet socket "
                    + "answer EINVAL (Linux ignores SCM_RIGHTS there and takes IP_PKTINFO, IP_TOS, IP_TTL); as sendto "
                    + "otherwise", op(SENDMSG, a1, a2, a3)),
            partial("recvmsg", "MSG_CMSG_CLOEXEC, MSG_CTRUNC when descriptors do not fit (the rest are closed); an "
                    + "internet socket delivers no control messages (IP_PKTINFO, timestamps); MSG_ERRQUEUE finds the "
                    + "error queue empty (EAGAIN): the host's ICMP errors reach a connected socket only, as ECONNREFUSED",
                    op(RECVMSG, a1, a2, a3)),
            full("sendmmsg", op(SENDMMSG, a1, a2, a3, a4)),
            full("recvmmsg", "the timeout is checked after each message, as Linux's", op(RECVMMSG, a1, a2, a3, a4, a5)),
            full("shutdown", "TCP's SHUT_WR is the host's FIN, SHUT_RD the kernel's; ENOTCONN on an unconnected "
                 + "socket with the flags set all the same, as Linux", op(SHUTDOWN, a1, a2)),
            partial("getsockopt", "SOL_SOCKET options answered by the kernel (a TCP connection's SO_RCVBUF/SO_SNDBUF the "
                    + "host's, unless set); on internet sockets IP_TOS, IP_TTL, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, "
                    + "IP_RECVERR, IPV6_V6ONLY, IPV6_RECVERR, TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT with Linux's defaults; any other "
                    + "option of those levels ENOPROTOOPT (TCP_INFO, TCP_MAXSEG, IP_PKTINFO, ...), another level "
                    + "EOPNOTSUPP (AF_INET) or ENOPROTOOPT (AF_INET6) as Linux; SOL_NETLINK's on netlink sockets; AF_UNIX's "
                    + "other levels EOPNOTSUPP",
                    op(GETSOCKOPT, a1, a2, a3, a4, a5)),
            partial("setsockopt", "SOL_SOCKET options recorded (SO_RCVTIMEO/SO_SNDTIMEO honoured, SO_PASSCRED); on "
                    + "internet sockets SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_SNDBUF, "
                    + "SO_BROADCAST, IP_TOS, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL "
                    + "and TCP_KEEPCNT go to the host socket with Linux's checks; IP_TTL, IPV6_V6ONLY, IP_RECVERR and "
                    + "IPV6_RECVERR are kept and reported but not applied (the JDK has none of them; glibc's DNS resolver "
                    + "needs IP_RECVERR to be accepted); the other SOL_SOCKET options are only recorded, "
                    + "other options ENOPROTOOPT (multicast membership, TCP_CORK, TCP_USER_TIMEOUT, ...); SOL_NETLINK's on "
                    + "netlink sockets (NETLINK_GET_STRICT_CHK, NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_NO_ENOBUFS "
                    + "honoured; memberships kept); AF_UNIX's other levels EOPNOTSUPP", op(SETSOCKOPT, a1, a2, a3, a4, a5)));
    }
}
