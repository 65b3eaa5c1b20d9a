package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle is the host: each Linux guest runs natively and under Helctic with the same
 * arguments and environment; stdout and the exit status must be identical, byte for byte.
 */
class NativeDifferentialTest {
    static final List<String> ENV = List.of("HOME=/nonexistent", "LANG=C", "HELCTIC_TEST=1");

    static List<Arguments> cases() {
        return List.of(
            Arguments.of("hello", List.of()),
            Arguments.of("hello", List.of("7")),
            Arguments.of("hello", List.of("300")),
            Arguments.of("hello-pie", List.of("42")),
            Arguments.of("args", List.of()),
            Arguments.of("args", List.of("one", "two words", "", "tab\there", "x".repeat(5000))),
            Arguments.of("unknown", List.of()),
            Arguments.of("memory", List.of()),
            Arguments.of("memory", List.of("ro")),
            Arguments.of("memory", List.of("unmapped")),
            Arguments.of("segv", List.of()),
            Arguments.of("segv", List.of("page")),
            Arguments.of("mix-O0", List.of()),
            Arguments.of("mix-O1", List.of()),
            Arguments.of("mix-O2", List.of()),
            Arguments.of("mix-Os", List.of()),
            Arguments.of("mix-O3", List.of()));
    }

    /**
     * Runs a guest that takes a scratch directory as argv[1], natively and under Helctic, each
     * in a directory of its own; checks the native output holds {@code expected} and that
     * Helctic's stdout and status are the same. Returns Helctic's scratch directory.
     */
    static Path sameInScratch(Path tmp, String guest, String expected) throws Exception {
        return sameInScratch(tmp, guest, expected, null);
    }

    /** As above, and the native status must be {@code nativeStatus} when it is given. */
    static Path sameInScratch(Path tmp, String guest, String expected, Integer nativeStatus) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("native"));
        Path b = Files.createDirectory(tmp.resolve("helctic"));
        Guests.Run host = Guests.natively(guest, List.of(a.toString()), ENV);
        Guests.Run emu = Guests.helctic(guest, List.of(b.toString()), ENV);
        assertThat(host.stdout()).contains(expected);
        if (nativeStatus != null) assertThat(host.status()).as("native status of %s", guest).isEqualTo(nativeStatus);
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
        return b;
    }

    /** The file syscalls, each run in a scratch directory of its own; natively killed by SIGPIPE at the end. */
    @Test
    void fileSyscallsBehaveAsNative(@TempDir Path tmp) throws Exception {
        Path b = sameInScratch(tmp, "files", "writing to a pipe nobody reads: SIGPIPE", 141);
        try (var left = Files.list(b)) {
            assertThat(left).as("the guest cleaned up after itself").isEmpty();
        }
    }

    /**
     * eventfd (counter, semaphore, overflow), epoll (level and edge triggering, one-shot, round
     * robin, HUP, nesting and loops, an item's life with its open file, fork, the errors) and
     * the temporary signal masks of epoll_pwait, ppoll and pselect6 (issue 15).
     */
    @Test
    void eventFilesBehaveAsNative() {
        Guests.Run host = Guests.natively("events", List.of(), ENV);
        Guests.Run emu = Guests.helctic("events", List.of(), ENV);
        assertThat(host.stdout()).contains("written by the child: 1 [data 900 events 0x1]");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * /proc as programs read it: cmdline and environ from the memory exec laid the strings out
     * in (Linux's order: the arguments, then the environment) and a title written over the
     * arguments running into the environment (setproctitle); auxv against getauxval; limits
     * against getrlimit; task/ with its threads, their names set by pthread_setname_np (a write to
     * another thread's comm) and by PR_SET_NAME, their status and stat; /proc/TID unlisted;
     * mountinfo and cgroup; /proc/sys against the calls that enforce each value (ngroups_max and
     * setgroups, cap_last_cap and PR_CAPBSET_READ, pipe-max-size and F_SETPIPE_SZ, nr_open and
     * RLIMIT_NOFILE), uname against ostype, osrelease and version, uuid and boot_id.
     */
    @Test
    void procFilesBehaveAsNative() {
        Guests.Run host = Guests.natively("procfs", List.of("one", "two words"), ENV);
        Guests.Run emu = Guests.helctic("procfs", List.of("one", "two words"), ENV);
        assertThat(host.stdout()).contains("cmdline: ", "the arguments: 1", "task: 3 entries, the threads' ids: 1",
                "pthread_getname_np(other): 0 worker-one", "ngroups_max: sysconf agrees 1");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * Signals with their siginfo (sigqueue, SIGCHLD's fields, rt_sigtimedwait, rt_sigpending,
     * signalfd), real-time signals queued against standard ones coalesced, setitimer and alarm,
     * POSIX timers with overruns and SIGEV_THREAD_ID, timerfd, the CPU clocks and getrusage (issue 15).
     */
    @Test
    void signalsAndTimersBehaveAsNative() {
        Guests.Run host = Guests.natively("timers", List.of(), ENV);
        Guests.Run emu = Guests.helctic("timers", List.of(), ENV);
        assertThat(host.stdout()).contains("SIGCHLD: yes code 1 (CLD_EXITED 1) status 7 pid is child 1", "done");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * System V shared memory (frames shared between attaches and across fork, IPC_RMID with
     * attaches, SHM_RND/SHM_REMAP, /proc/self/maps), semaphores (atomic semop, waits for zero,
     * GETNCNT/GETZCNT, timeouts, EINTR, EIDRM, SEM_UNDO), message queues, memfd with its seals and
     * mappings, and the /proc/sys/kernel limits.
     */
    @Test
    void ipcBehavesAsNative() {
        Guests.Run host = Guests.natively("ipc", List.of(), ENV);
        Guests.Run emu = Guests.helctic("ipc", List.of(), ENV);
        assertThat(host.stdout()).contains("second attach reads: shared frames", "after SEM_UNDO child: 1, pid is child 1",
                "F_SEAL_WRITE while mapped: EBUSY", "done");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * POSIX message queues: mq_open's flags and errors, the queue as a file (fstat, read, poll,
     * epoll, dup, fork), priorities, blocking, timeouts, EINTR and SA_RESTART, mq_notify's signal
     * (SI_MESGQ, once, its removal by close), mq_getsetattr, mq_unlink and RLIMIT_MSGQUEUE.
     */
    @Test
    void posixMessageQueuesBehaveAsNative() {
        Guests.Run host = Guests.natively("mqueue", List.of(), ENV);
        Guests.Run emu = Guests.helctic("mqueue", List.of(), ENV);
        assertThat(host.stdout()).contains("received 5 'high' prio 32767", "code SI_MESGQ value 42 pid==child 1",
                "SA_RESTART receive: 5 'late'", "default queues until EMFILE: 9", "done");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * Internet sockets through the host's network (issue 16): TCP (bind and EADDRINUSE, listen,
     * accept4 and the peer's address, blocking and non-blocking connect with EINPROGRESS, SO_ERROR,
     * EALREADY/EISCONN/ECONNABORTED and ECONNREFUSED, MSG_PEEK/DONTWAIT/WAITALL/NOSIGNAL, FIONREAD,
     * half close, EPIPE and SIGPIPE, resets, Linux's poll bits in every state, a megabyte through
     * small buffers), UDP (addresses, MSG_TRUNC, empty datagrams, connected sockets and their
     * filter, ICMP's ECONNREFUSED, broadcast, AF_UNSPEC), AF_INET6 (v4-mapped peers, IPV6_V6ONLY),
     * the options with their checks and defaults, and EFAULT, EINVAL, EAFNOSUPPORT.
     */
    @Test
    void internetSocketsBehaveAsNative() {
        Guests.Run host = Guests.natively("inet", List.of(), ENV);
        Guests.Run emu = Guests.helctic("inet", List.of(), ENV);
        assertThat(host.stdout()).contains("poll after a reset: 0x201d", "connect again: ECONNABORTED",
                "accepted peer: family 10 len 28 ::ffff:127.0.0.1", "recv MSG_TRUNC 4: 10",
                "received 1048576 bytes, 0 wrong, writer status 0", "done");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * Advisory locks between processes: fcntl record locks (conflicts, readers, split and merge,
     * F_GETLK, release on any close and at exit, F_SETLKW, EDEADLK, EINTR), OFD locks and flock.
     */
    @Test
    void fileLocksBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "locks", "parent asks for the child's byte: EDEADLK");
    }

    /**
     * Vector I/O (atomic readv/writev, the positioned and v2 forms), copy_file_range, splice,
     * vmsplice, close_range, times, scheduling and priorities, mincore, mlock, membarrier,
     * personality, the sync family, fallocate, pidfds, readahead/fadvise, the utime family and
     * the old getdents (issue 15, item 6).
     */
    @Test
    void theRemainingCallsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "sysmisc", "waitid P_PIDFD: 0 status 42 pid is child 1");
    }

    /**
     * Linux native AIO (issue 15) by raw syscalls: io_setup's ring (read and consumed from memory as
     * libaio does), its limits and aio-nr, io_submit's checks in Linux's order, reads and writes of
     * files and pipes (blocking io_submit, EINTR in the event, SIGPIPE and RWF_NOSIGNAL), FSYNC,
     * POLL (at once, later, the wake's key, cancelled), IOCB_FLAG_RESFD, io_getevents' min_nr and
     * timeout, io_pgetevents' mask, a fork's child without the contexts, io_destroy; then ustat and
     * sysfs against /proc/filesystems.
     */
    @Test
    void linuxAioBehavesAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "aio", "  its event: 1, data 36 res 0", 0);
    }

    /**
     * Credentials (issue 15): set*id with Linux's rules and errnos, saved-id swaps, the capability
     * sets as uid 0 comes and goes (keepcaps, capset, setfsuid), setgroups, capget's version probe,
     * PR_CAPBSET_*, and what the kernel enforces with them — access() against AT_EACCESS, opening
     * and creating files, new files' owner, chown/chmod, unlink in another's directory, kill. As root
     * each drop runs in a child; as another user the drops are skipped, natively and under Helctic.
     */
    @Test
    void credentialsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "creds", "setuid(-1) EINVAL", 0);
    }

    /**
     * Syscall filters (seccomp): strict mode, classic BPF filters with every action (ERRNO capped,
     * TRAP's SIGSYS and its siginfo, KILL_PROCESS, KILL_THREAD with other threads alive, TRACE and
     * USER_NOTIF without a tracer or listener, LOG), precedence between filters, argument and ALU
     * filters, inheritance by fork and exec, TSYNC and its refusals, the checks on bad programs,
     * GET_ACTION_AVAIL, GET_NOTIF_SIZES, PR_GET_SECCOMP and /proc/self/status.
     */
    @Test
    void syscallFiltersBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "seccomp", "trap: returned its number nr 110 code 1 errno 42 arch 1 addr 1");
    }

    /**
     * The rarer memory calls (issue 15): process_vm_readv/writev between a parent and its children
     * (partial transfers at the first fault on either side, the ptrace access check with dropped
     * ids and dumpability), the NUMA policy calls on this one-node host (thread, mapping and
     * shmem policies, mbind's checks, migrate_pages, move_pages' statuses, home nodes), the
     * protection-key calls on a CPU without PKU, mseal against munmap, mprotect, mremap, MAP_FIXED,
     * destructive madvise and brk, and mremap's MREMAP_DONTUNMAP. Needs root (the ptrace checks
     * drop to uid 1000).
     */
    @Test
    void memoryPoliciesAndSealsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "memmisc", "same ids, dumpable target: 4", 0);
    }

    /**
     * Scheduling (issue 15), applied to the host thread that runs each guest thread: nice values
     * (PRIO_PROCESS on a thread id, PRIO_PGRP, PRIO_USER, EPERM/EACCES as another user), policies
     * with sched_setscheduler/sched_setparam and sched_setattr/sched_getattr (size versions, E2BIG,
     * KEEP_POLICY/KEEP_PARAMS, reset-on-fork at fork, SCHED_DEADLINE with its checks, EAGAIN at fork
     * and the host's admission control, util clamps), sched_rr_get_interval, affinity and getcpu,
     * io priorities, and the UTS names in a child with its own namespace (never the host's).
     */
    @Test
    void schedulingBehavesAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "sched", "another thread asking for a whole CPU too: EBUSY", 0);
    }

    /**
     * futex2 (futex_wait, futex_wake, futex_waitv, futex_requeue: flags, sizes, NUMA node words,
     * masks, clocks, absolute timeouts, every errno) with threads, meeting futex(2)'s waiters and
     * wakers (private and shared keys apart); kcmp; capget of another thread; get_robust_list's
     * permission check; execveat (dirfd, AT_EMPTY_PATH of open files, O_PATH and memfds, scripts,
     * the names the new program is told); openat2 (open_how versions, flag checks, every RESOLVE_*
     * rule, a scoped walk under racing renames).
     */
    @Test
    void futex2KcmpOpenat2AndExecveatBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "fdmisc", "racing renames: escapes 0", 0);
    }

    /**
     * inotify: the events of the process's own file operations on a watched directory and file
     * (create, open, access, modify, close, attributes, moves with one cookie, links, delete,
     * delete-self), one-shot and mask-add watches, rm_watch, reading, poll, epoll, FIONREAD, errors.
     */
    @Test
    void inotifyBehavesAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "inotify", "  wd 1 MOVED_TO cookie same name g");
    }

    /**
     * fcntl's remaining commands (issue 15): signal-driven I/O — O_ASYNC by F_SETFL and FIOASYNC,
     * F_SETOWN/F_SETOWN_EX owners (process, group, thread, one reaped, one sigio_perm refuses), F_SETSIG's signals with
     * si_code, si_band and si_fd (queued real-time ones, SIGIO plain, SI_SIGIO), from pipes (each
     * write, each read, the last close), a socketpair (data, shutdown, close), inotify, and none
     * from files without fasync; the socket owner ioctls; pipe sizes (rounding, EBUSY, EPERM past
     * pipe-max-size unprivileged, what a full pipe takes); leases (conflicting opens, a blocked
     * open and a truncate released by the holder, O_NONBLOCK, the target type while broken);
     * dnotify (each DN_ event, multishot and one-shot, the flush on close); write-life hints,
     * F_DUPFD_QUERY, F_CREATED_QUERY.
     */
    @Test
    void signalDrivenIoLeasesAndDnotifyBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "fasync", "    SIGRT41 POLL_MSG band 0x441 fd lease-r2", 0);
    }

    /**
     * tmpfs (issue 17): the kernel's /dev/shm against the host's (a tmpfs too) — creation of every
     * kind of node, directory sizes, link counts and readdir order (newest first), opens and their
     * refusals, FIFOs and device nodes, links, every rename rule (over files, over empty and full
     * directories, into itself, NOREPLACE, EXCHANGE across levels), append, truncate, fallocate
     * with st_blocks and SEEK_DATA/SEEK_HOLE (allocated pages are holes until written), punching,
     * a shared mapping, an unlinked open file, chmod/chown (set-id bits dropped), utimensat, xattrs.
     */
    @Test
    void tmpfsBehavesAsLinuxShmem() throws Exception {
        assertThat(Files.getFileStore(Path.of("/dev/shm")).type()).as("the host's /dev/shm").isEqualTo("tmpfs");
        String dir = "/dev/shm/helctic-tmpfs-test-" + ProcessHandle.current().pid();
        Guests.Run host, emu;
        try {
            host = Guests.natively("tmpfs", List.of(dir), ENV);
        } finally {
            new ProcessBuilder("rm", "-rf", dir).start().waitFor(); // whatever a failed run left in the host's /dev/shm
        }
        emu = Guests.helctic("tmpfs", List.of(dir), ENV);
        assertThat(host.stdout()).contains("value v1", "SEEK_HOLE 140000: 140000", "rmdir the directory: 0");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    /**
     * AF_UNIX sockets in the kernel (issue 16, item 2): socketpair of each type, path names (the
     * socket file, EADDRINUSE, ECONNREFUSED, ENOENT, EPROTOTYPE), abstract names, autobind,
     * listen/accept with the backlog, datagrams with their senders and queue limits, SCM_RIGHTS
     * (a pipe end and an epoll set; MSG_CTRUNC), SCM_CREDENTIALS, SO_PASSCRED and SO_PEERCRED,
     * shutdown, resets, poll bits, MSG_PEEK/TRUNC/WAITALL/DONTWAIT, sendmmsg/recvmmsg, SO_RCVTIMEO,
     * a megabyte through a pair to a child, and the errors.
     */
    @Test
    void unixSocketsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "unixsock", "MSG_WAITALL: 12 (abcabcabcabc)");
    }

    /** Planted: with locks that never conflict (as when they were no-ops) the comparison fails. */
    /**
     * NETLINK_ROUTE and the interface calls (issue 16): getifaddrs (glibc's RTM_GETLINK and
     * RTM_GETADDR dumps), if_nametoindex/if_indextoname/if_nameindex, getaddrinfo with
     * AI_ADDRCONFIG, the SIOCGIF* ioctls on AF_UNIX and netlink sockets, and rtnetlink itself:
     * port ids, dumps ending in NLMSG_DONE with the request's sequence number, MSG_PEEK|MSG_TRUNC
     * sizing, truncation, acknowledgements and errors, strict checking, unicast between sockets.
     */
    @Test
    void netlinkBehavesAsNative() {
        Guests.Run host = Guests.natively("netlink", List.of(), ENV);
        Guests.Run emu = Guests.helctic("netlink", List.of(), ENV);
        assertThat(host.stdout()).contains("  lo inet flags up 1 loopback 1 running 1 address 127.0.0.1 netmask 255.0.0.0",
                "if_indextoname(1): lo", "unix SIOCGIFCONF: lo 127.0.0.1", "socket(AF_NETLINK, SOCK_RAW, 31): EPROTONOSUPPORT",
                "port is the pid: 1", "messages == links + 1: 1; one DONE 1 error 0", "type 0x3ff: messages 1 error EOPNOTSUPP",
                "done");
        assertThat(emu.stdout()).as("stderr: %s", emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).isEqualTo(host.status());
    }

    @Test
    void lockComparisonCatchesLocksThatNeverConflict(@TempDir Path tmp) throws Exception {
        Guests.Run host = Guests.natively("locks", List.of(tmp.toString()), ENV);
        Guests.Run emu = Guests.helctic("locks", List.of(tmp.toString()), ENV, false, null,
                io.helctic.kernel.boot.BootConfig.PlantedBug.LOCKS_NEVER_CONFLICT);
        assertThat(host.stdout()).contains("child [5, 15): EAGAIN");
        assertThat(emu.stdout()).contains("child [5, 15): granted").isNotEqualTo(host.stdout());
    }

    /** statx, waitid, sigaltstack with SA_ONSTACK, record locks, mremap, madvise, stop/continue: through glibc. */
    @Test
    void glibcCallsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "calls", "handler ran on the alternate stack: 1");
    }

    /**
     * MAP_SHARED through glibc: file mappings coherent with read/write, msync, write-back at
     * munmap and exit, sharing across fork, process-shared mutexes and semaphores, SIGBUS
     * past the end of the file, EACCES cases, shared anonymous memory.
     */
    @Test
    void sharedMappingsBehaveAsNative(@TempDir Path tmp) throws Exception {
        Path b = sameInScratch(tmp, "shmap", "counter after 3 processes: 60000 (expected 60000)", 0);
        try (var left = Files.list(b)) {
            assertThat(left).as("the guest removed its file").isEmpty();
        }
    }

    /** glibc's PTHREAD_PRIO_INHERIT mutexes on the PI futex ops: contention, trylock, timed locks, owner death. */
    @Test
    void priorityInheritanceMutexesBehaveAsNative() {
        Guests.Run host = Guests.natively("pimutex", List.of(), ENV);
        assertThat(host.stdout()).contains("PI mutex counter 80000 (expected 80000)")
                .contains("robust PI mutex after its owner died: EOWNERDEAD");
        for (int run = 0; run < 3; run++) {
            Guests.Run emu = Guests.helctic("pimutex", List.of(), ENV);
            assertThat(emu.stdout()).as("run %d (stderr: %s)", run, emu.stderr()).isEqualTo(host.stdout());
            assertThat(emu.status()).isEqualTo(host.status()).isZero();
        }
    }

    /** fork, wait4, kill, execve (ELF and #!), signal handlers, masks and SIG_IGN. */
    @Test
    void processesAndSignalsBehaveAsNative(@TempDir Path tmp) throws Exception {
        sameInScratch(tmp, "procs", "child 7 (busy loop, SIGTERM): killed by signal 15");
    }

    /** Static glibc and musl pthread programs: threads, mutexes, condition variables, a barrier, robust mutexes. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pthreads", "pthreads-musl"})
    void threadsBehaveAsNative(String guest) {
        Guests.Run host = Guests.natively(guest, List.of(), ENV);
        assertThat(host.stdout()).contains("mutex counter 80000, atomic counter 80000")
                .contains("robust mutex after its owner died: EOWNERDEAD");
        for (int run = 0; run < 3; run++) {
            Guests.Run emu = Guests.helctic(guest, List.of(), ENV);
            assertThat(emu.stdout()).as("run %d of %s (stderr: %s)", run, guest, emu.stderr()).isEqualTo(host.stdout());
            assertThat(emu.status()).isEqualTo(host.status()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameOutputAndStatusAsNative(String guest, List<String> args) {
        Guests.Run host = Guests.natively(guest, args, ENV);
        Guests.Run emu = Guests.helctic(guest, args, ENV);
        assertThat(emu.stdout()).as("stdout of %s %s (stderr: %s)", guest, args, emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).as("status of %s %s", guest, args).isEqualTo(host.status());
    }
}
