package io.helctic.personality.linux;

import static io.helctic.personality.linux.Handler.constant;
import static io.helctic.personality.linux.Handler.pass;

import io.helctic.abi.KernelOp;
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

    /** The newest x86-64 syscall in mainline Linux: rseq_slice_yield. */
    public static final int MAX = 471;

    static final long AT_FDCWD = -100;
    static final long AT_SYMLINK_NOFOLLOW = 0x100;
    static final long AT_REMOVEDIR = 0x200;

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
        String note = switch (i.handler) {
            case Handler.Direct d -> (i.note.isEmpty() ? "" : i.note + "; ") + "op " + d.render();
            case Handler.Translated s -> "shim: " + s.summary() + (i.note.isEmpty() ? "" : "; " + i.note);
            case Handler.NotImplemented x -> i.note;
        };
        return e.implement(i.support, note, i.handler);
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

    private static Impl direct(String name, KernelOp op, Handler.Arg... args) {
        return new Impl(name, Support.FULL, "", new Handler.Direct(op, List.of(args)));
    }

    private static Impl direct(String name, String note, KernelOp op, Handler.Arg... args) {
        return new Impl(name, Support.FULL, note, new Handler.Direct(op, List.of(args)));
    }

    private static Impl shim(String name, Support support, String summary, String note, Shim shim) {
        return new Impl(name, support, note, new Handler.Translated(summary, shim));
    }

    /** The implemented calls. Everything else answers -ENOSYS. */
    private static List<Impl> implementations() {
        Handler.Arg a1 = pass(0), a2 = pass(1), a3 = pass(2), a4 = pass(3), a5 = pass(4), a6 = pass(5);
        return List.of(
            direct("read", KernelOp.READ, a1, a2, a3),
            direct("write", KernelOp.WRITE, a1, a2, a3),
            direct("open", "open(path) = openat(AT_FDCWD, path)", KernelOp.OPENAT, constant(AT_FDCWD), a1, a2, a3),
            direct("close", KernelOp.CLOSE, a1),
            direct("stat", "stat(path) = newfstatat(AT_FDCWD, path, 0)", KernelOp.FSTATAT, constant(AT_FDCWD), a1, a2, constant(0)),
            direct("fstat", KernelOp.FSTAT, a1, a2),
            direct("lstat", "lstat = newfstatat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)", KernelOp.FSTATAT,
                   constant(AT_FDCWD), a1, a2, constant(AT_SYMLINK_NOFOLLOW)),
            direct("lseek", KernelOp.LSEEK, a1, a2, a3),
            direct("mmap", KernelOp.MMAP, a1, a2, a3, a4, a5, a6),
            direct("mprotect", KernelOp.MPROTECT, a1, a2, a3),
            direct("munmap", KernelOp.MUNMAP, a1, a2),
            direct("brk", KernelOp.BRK, a1),
            direct("ioctl", "Linux request numbers pass through", KernelOp.IOCTL, a1, a2, a3),
            direct("pread64", KernelOp.PREAD, a1, a2, a3, a4),
            direct("pwrite64", KernelOp.PWRITE, a1, a2, a3, a4),
            shim("readv", Support.PARTIAL, "iovec array read with USER_LOAD, one READ per element",
                 "not atomic across elements", (o, fd, iov, cnt, x4, x5, x6) -> IoVecShims.readv(o, fd, iov, cnt)),
            shim("writev", Support.PARTIAL, "iovec array read with USER_LOAD, one WRITE per element",
                 "not atomic across elements", (o, fd, iov, cnt, x4, x5, x6) -> IoVecShims.writev(o, fd, iov, cnt)),
            direct("dup", KernelOp.DUP, a1),
            shim("dup2", Support.FULL, "old == new: FCNTL(fd, F_GETFD) validates and returns fd; else DUP3(old, new, 0)",
                 "", (o, oldfd, newfd, x3, x4, x5, x6) -> FdShims.dup2(o, oldfd, newfd)),
            direct("nanosleep", KernelOp.NANOSLEEP, a1, a2),
            direct("getpid", KernelOp.GETPID),
            direct("exit", "exits the calling thread only", KernelOp.EXIT_THREAD, a1),
            direct("uname", KernelOp.UNAME, a1),
            direct("fcntl", "F_DUPFD(_CLOEXEC), F_GETFD/SETFD, F_GETFL/SETFL; record locks (F_GETLK/SETLK/SETLKW and OFD) are advisory no-ops: nothing is ever locked", KernelOp.FCNTL, a1, a2, a3),
            direct("getuid", KernelOp.GET_ID, constant(0)),
            direct("getgid", KernelOp.GET_ID, constant(2)),
            direct("geteuid", KernelOp.GET_ID, constant(1)),
            direct("getegid", KernelOp.GET_ID, constant(3)),
            direct("getppid", KernelOp.GETPPID),
            shim("arch_prctl", Support.PARTIAL,
                 "ARCH_SET_FS/GS → SET_TLS, ARCH_GET_FS/GS → GET_TLS + 8-byte USER_STORE",
                 "other codes (ARCH_GET_CPUID, ARCH_MAP_VDSO_*, shadow stack) answer EINVAL",
                 (o, code, addr, x3, x4, x5, x6) -> ThreadShims.archPrctl(o, code, addr)),
            direct("gettid", KernelOp.GETTID),
            shim("time", Support.FULL,
                 "CLOCK_READ(CLOCK_REALTIME) in seconds; stored to tloc (8 bytes) when it is not NULL",
                 "EFAULT for a bad tloc",
                 (o, tloc, x2, x3, x4, x5, x6) -> TimeShims.time(o, tloc)),
            shim("gettimeofday", Support.FULL,
                 "CLOCK_READ(CLOCK_REALTIME) stored as a struct timeval; tz, when given, is UTC (0, 0)",
                 "EFAULT for a bad tv or tz",
                 (o, tv, tz, x3, x4, x5, x6) -> TimeShims.gettimeofday(o, tv, tz)),
            shim("clock_getres", Support.FULL,
                 "a resolution of 1 ns for every clock CLOCK_READ can read; EINVAL for the others",
                 "EFAULT for a bad res",
                 (o, clock, res, x3, x4, x5, x6) -> TimeShims.clockGetres(o, clock, res)),
            shim("getcpu", Support.FULL,
                 "CPU 0 on node 0 (4-byte stores to cpu and node when not NULL); cache is ignored, as on Linux",
                 "EFAULT for a bad cpu or node",
                 (o, cpu, node, x3, x4, x5, x6) -> TimeShims.getcpu(o, cpu, node)),
            direct("set_tid_address", KernelOp.SET_TID_ADDRESS, a1),
            direct("clock_gettime", KernelOp.CLOCK_GETTIME, a1, a2),
            direct("exit_group", KernelOp.EXIT_GROUP, a1),
            direct("openat", KernelOp.OPENAT, a1, a2, a3, a4),
            direct("newfstatat", KernelOp.FSTATAT, a1, a2, a3, a4),
            direct("dup3", KernelOp.DUP3, a1, a2, a3),
            direct("getrandom", KernelOp.GETRANDOM, a1, a2, a3),
            direct("getdents64", KernelOp.GETDENTS, a1, a2, a3),
            direct("access", "access(path) = faccessat(AT_FDCWD, path, mode, 0)", KernelOp.FACCESSAT, constant(AT_FDCWD), a1, a2, constant(0)),
            direct("pipe", "pipe = pipe2(fds, 0)", KernelOp.PIPE2, a1, constant(0)),
            direct("sendfile", KernelOp.SENDFILE, a1, a2, a3, a4),
            direct("fsync", KernelOp.FSYNC, a1),
            direct("fdatasync", "flushes data and metadata alike", KernelOp.FSYNC, a1),
            direct("truncate", KernelOp.TRUNCATE, a1, a2),
            direct("ftruncate", KernelOp.FTRUNCATE, a1, a2),
            direct("getcwd", KernelOp.GETCWD, a1, a2),
            direct("chdir", KernelOp.CHDIR, a1),
            direct("fchdir", KernelOp.FCHDIR, a1),
            direct("rename", "rename = renameat2(AT_FDCWD, old, AT_FDCWD, new, 0)", KernelOp.RENAMEAT,
                   constant(AT_FDCWD), a1, constant(AT_FDCWD), a2, constant(0)),
            direct("mkdir", "mkdir = mkdirat(AT_FDCWD, path, mode)", KernelOp.MKDIRAT, constant(AT_FDCWD), a1, a2),
            direct("rmdir", "rmdir = unlinkat(AT_FDCWD, path, AT_REMOVEDIR)", KernelOp.UNLINKAT, constant(AT_FDCWD), a1,
                   constant(AT_REMOVEDIR)),
            direct("creat", "creat = openat(AT_FDCWD, path, O_CREAT|O_WRONLY|O_TRUNC, mode)", KernelOp.OPENAT,
                   constant(AT_FDCWD), a1, constant(01101), a2),
            direct("link", "link = linkat(AT_FDCWD, old, AT_FDCWD, new, 0)", KernelOp.LINKAT,
                   constant(AT_FDCWD), a1, constant(AT_FDCWD), a2, constant(0)),
            direct("unlink", "unlink = unlinkat(AT_FDCWD, path, 0)", KernelOp.UNLINKAT, constant(AT_FDCWD), a1, constant(0)),
            direct("symlink", "symlink = symlinkat(target, AT_FDCWD, path)", KernelOp.SYMLINKAT, a1, constant(AT_FDCWD), a2),
            direct("readlink", "readlink = readlinkat(AT_FDCWD, ...)", KernelOp.READLINKAT, constant(AT_FDCWD), a1, a2, a3),
            direct("chmod", "chmod = fchmodat(AT_FDCWD, path, mode, 0)", KernelOp.FCHMODAT, constant(AT_FDCWD), a1, a2, constant(0)),
            direct("fchmod", "fchmod = FCHMODAT(fd, NULL, mode, 0)", KernelOp.FCHMODAT, a1, constant(0), a2, constant(0)),
            direct("chown", "chown = fchownat(AT_FDCWD, path, uid, gid, 0)", KernelOp.FCHOWNAT, constant(AT_FDCWD), a1, a2, a3, constant(0)),
            direct("fchown", "fchown = FCHOWNAT(fd, NULL, uid, gid, 0)", KernelOp.FCHOWNAT, a1, constant(0), a2, a3, constant(0)),
            direct("lchown", "lchown = fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW)", KernelOp.FCHOWNAT,
                   constant(AT_FDCWD), a1, a2, a3, constant(AT_SYMLINK_NOFOLLOW)),
            direct("umask", KernelOp.UMASK, a1),
            direct("statfs", KernelOp.STATFS, a1, a2),
            direct("fstatfs", KernelOp.FSTATFS, a1, a2),
            direct("mkdirat", KernelOp.MKDIRAT, a1, a2, a3),
            direct("fchownat", KernelOp.FCHOWNAT, a1, a2, a3, a4, a5),
            direct("unlinkat", KernelOp.UNLINKAT, a1, a2, a3),
            direct("renameat", "renameat = renameat2(..., 0)", KernelOp.RENAMEAT, a1, a2, a3, a4, constant(0)),
            direct("renameat2", "RENAME_NOREPLACE; RENAME_EXCHANGE and RENAME_WHITEOUT answer EINVAL", KernelOp.RENAMEAT, a1, a2, a3, a4, a5),
            direct("linkat", KernelOp.LINKAT, a1, a2, a3, a4, a5),
            direct("symlinkat", KernelOp.SYMLINKAT, a1, a2, a3),
            direct("readlinkat", KernelOp.READLINKAT, a1, a2, a3, a4),
            direct("fchmodat", "no flags (Linux's fchmodat takes none)", KernelOp.FCHMODAT, a1, a2, a3, constant(0)),
            direct("fchmodat2", KernelOp.FCHMODAT, a1, a2, a3, a4),
            direct("faccessat", "faccessat = faccessat2(dirfd, path, mode, 0)", KernelOp.FACCESSAT, a1, a2, a3, constant(0)),
            direct("faccessat2", KernelOp.FACCESSAT, a1, a2, a3, a4),
            direct("utimensat", KernelOp.UTIMENSAT, a1, a2, a3, a4),
            direct("pipe2", KernelOp.PIPE2, a1, a2),
            direct("clone", "processes (fork/vfork forms) and threads (CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, "
                   + "with SYSVSEM, SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID); a thread without CLONE_FS or "
                   + "CLONE_FILES and CLONE_VM without CLONE_VFORK or CLONE_THREAD answer ENOSYS",
                   KernelOp.CLONE, a1, a2, a3, a4, a5),
            direct("clone3", "struct clone_args up to VER2 (88 bytes); CLONE_PIDFD, CLONE_INTO_CGROUP and set_tid answer ENOSYS",
                   KernelOp.CLONE3, a1, a2),
            direct("futex", "WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET; PRIVATE_FLAG, CLOCK_REALTIME; "
                   + "LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI on the PI word (owner tid, FUTEX_WAITERS, FUTEX_OWNER_DIED; "
                   + "unlock and owner death hand the word to the first waiter); priority inheritance itself has no "
                   + "effect, as every guest thread has the same priority; WAIT_REQUEUE_PI and CMP_REQUEUE_PI answer ENOSYS",
                   KernelOp.FUTEX, a1, a2, a3, a4, a5, a6),
            direct("set_robust_list", "on thread exit the list is walked: held futexes get FUTEX_OWNER_DIED and a waiter is woken",
                   KernelOp.SET_ROBUST_LIST, a1, a2),
            direct("sched_yield", KernelOp.SCHED_YIELD),
            direct("sched_getaffinity", "every host CPU (each guest thread is a host thread)", KernelOp.SCHED_GETAFFINITY, a1, a2, a3),
            new Impl("rseq", Support.UNIMPLEMENTED, "ENOSYS: no restartable sequences; glibc then does without",
                     Handler.NotImplemented.INSTANCE),
            direct("get_robust_list", "any thread of any process may be asked (no ptrace permission checks)",
                   KernelOp.GET_ROBUST_LIST, a1, a2, a3),
            direct("fork", "fork = clone(SIGCHLD)", KernelOp.CLONE, constant(17), constant(0), constant(0), constant(0), constant(0)),
            direct("vfork", "vfork = clone(CLONE_VM|CLONE_VFORK|SIGCHLD): the child gets a copy; the parent waits for its exec or exit",
                   KernelOp.CLONE, constant(0x4111), constant(0), constant(0), constant(0), constant(0)),
            direct("execve", "ELF and #! scripts", KernelOp.EXECVE, a1, a2, a3),
            direct("wait4", "rusage is zero-filled", KernelOp.WAIT4, a1, a2, a3, a4),
            direct("kill", KernelOp.KILL, a1, a2),
            direct("tgkill", KernelOp.TGKILL, a1, a2, a3),
            direct("tkill", "tkill(tid, sig) = tgkill(tid, tid, sig): reaches a process's main thread only", KernelOp.TGKILL, a1, a1, a2),
            direct("getpgid", KernelOp.GETPGID, a1),
            direct("getpgrp", "getpgrp = getpgid(0)", KernelOp.GETPGID, constant(0)),
            direct("setpgid", KernelOp.SETPGID, a1, a2),
            direct("getsid", KernelOp.GETSID, a1),
            direct("setsid", KernelOp.SETSID),
            direct("rt_sigaction", "SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND, SA_ONSTACK",
                   KernelOp.SIGACTION, a1, a2, a3, a4),
            direct("rt_sigprocmask", KernelOp.SIGPROCMASK, a1, a2, a3, a4),
            direct("rt_sigreturn", KernelOp.SIGRETURN),
            shim("poll", Support.FULL, "timeout in ms → POLL in ns", "",
                 (o, fds, n, ms, x4, x5, x6) -> PollShims.poll(o, fds, n, ms)),
            shim("ppoll", Support.PARTIAL, "timespec → POLL in ns", "the temporary signal mask is not applied",
                 (o, fds, n, ts, x4, x5, x6) -> PollShims.ppoll(o, fds, n, ts)),
            shim("select", Support.PARTIAL, "timeval → SELECT in ns", "the time left is not written back to the timeval",
                 (o, n, r, w, e, tv, x6) -> PollShims.select(o, n, r, w, e, tv)),
            shim("pselect6", Support.PARTIAL, "timespec → SELECT in ns", "the temporary signal mask is not applied",
                 (o, n, r, w, e, ts, x6) -> PollShims.pselect6(o, n, r, w, e, ts)),
            direct("rt_sigsuspend", KernelOp.SIGSUSPEND, a1, a2),
            direct("pause", "pause = sigsuspend with the current mask", KernelOp.SIGSUSPEND, constant(0), constant(8)),
            direct("clock_nanosleep", "CLOCK_REALTIME, MONOTONIC, BOOTTIME, TAI; TIMER_ABSTIME", KernelOp.CLOCK_NANOSLEEP, a1, a2, a3, a4),
            direct("prlimit64", "the caller's own limits only", KernelOp.PRLIMIT, a1, a2, a3, a4),
            direct("getrlimit", "getrlimit = prlimit64(0, resource, NULL, old)", KernelOp.PRLIMIT, constant(0), a1, constant(0), a2),
            direct("setrlimit", "setrlimit = prlimit64(0, resource, new, NULL)", KernelOp.PRLIMIT, constant(0), a1, a2, constant(0)),
            direct("prctl", "PR_SET_NAME and PR_GET_NAME; other options answer EINVAL", KernelOp.PRCTL, a1, a2, a3, a4, a5),
            direct("sysinfo", "no swap; loads are 0", KernelOp.SYSINFO, a1),
            direct("getgroups", "one supplementary group: the effective gid", KernelOp.GETGROUPS, a1, a2),
            direct("mremap", "MREMAP_DONTUNMAP answers EINVAL", KernelOp.MREMAP, a1, a2, a3, a4, a5),
            direct("madvise", "MADV_DONTNEED/MADV_FREE drop pages; other advice is accepted and has no effect", KernelOp.MADVISE, a1, a2, a3),
            direct("msync", KernelOp.MSYNC, a1, a2, a3),
            direct("statx", "STATX_BASIC_STATS; no birth time", KernelOp.STATX, a1, a2, a3, a4, a5),
            direct("waitid", "P_ALL, P_PID, P_PGID; WEXITED; rusage is zero-filled", KernelOp.WAITID, a1, a2, a3, a4, a5),
            direct("sigaltstack", KernelOp.SIGALTSTACK, a1, a2),
            direct("getxattr", "user.* on the host file; other namespaces hold nothing (ENODATA)", KernelOp.GETXATTR, constant(AT_FDCWD), a1, a2, a3, a4, constant(0)),
            direct("lgetxattr", KernelOp.GETXATTR, constant(AT_FDCWD), a1, a2, a3, a4, constant(AT_SYMLINK_NOFOLLOW)),
            direct("fgetxattr", KernelOp.GETXATTR, a1, constant(0), a2, a3, a4, constant(0)),
            direct("listxattr", KernelOp.LISTXATTR, constant(AT_FDCWD), a1, a2, a3, constant(0)),
            direct("llistxattr", KernelOp.LISTXATTR, constant(AT_FDCWD), a1, a2, a3, constant(AT_SYMLINK_NOFOLLOW)),
            direct("flistxattr", KernelOp.LISTXATTR, a1, constant(0), a2, a3, constant(0)),
            direct("setxattr", "user.* only; others answer EOPNOTSUPP", KernelOp.SETXATTR, constant(AT_FDCWD), a1, a2, a3, a4, a5),
            shim("lsetxattr", Support.FULL, "SETXATTR(AT_FDCWD, path, name, value, size, flags | AT_SYMLINK_NOFOLLOW)", "",
                 (o, p, n, v, sz, fl, x6) -> o.call(KernelOp.SETXATTR, AT_FDCWD, p, n, v, sz, fl | AT_SYMLINK_NOFOLLOW)),
            direct("fsetxattr", KernelOp.SETXATTR, a1, constant(0), a2, a3, a4, a5),
            direct("removexattr", KernelOp.REMOVEXATTR, constant(AT_FDCWD), a1, a2, constant(0)),
            direct("lremovexattr", KernelOp.REMOVEXATTR, constant(AT_FDCWD), a1, a2, constant(AT_SYMLINK_NOFOLLOW)),
            direct("fremovexattr", KernelOp.REMOVEXATTR, a1, constant(0), a2, constant(0)));
    }
}
