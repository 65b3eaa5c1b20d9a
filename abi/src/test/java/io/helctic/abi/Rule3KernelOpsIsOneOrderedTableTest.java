package io.helctic.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DESIGN §1 rule 3: KernelOps is one ordered table of 64-bit scalar slots. */
class Rule3KernelOpsIsOneOrderedTableTest {

    /** The first slots, pinned: a reorder or removal breaks every personality and C client. */
    private static final String[] PINNED = {
        "EXIT_GROUP", "EXIT_THREAD", "READ", "WRITE", "OPENAT", "CLOSE", "LSEEK", "PREAD", "PWRITE",
        "DUP", "DUP3", "FSTAT", "FSTATAT", "GETDENTS", "IOCTL", "FCNTL", "BRK", "MMAP", "MUNMAP",
        "MPROTECT", "GETPID", "GETPPID", "GETTID", "SET_TLS", "GET_TLS", "SET_TID_ADDRESS",
        "CLOCK_GETTIME", "NANOSLEEP", "UNAME", "GETRANDOM", "USER_LOAD", "USER_STORE", "GET_ID", "CLOCK_READ",
        "MKDIRAT", "UNLINKAT", "RENAMEAT", "LINKAT", "SYMLINKAT", "READLINKAT", "FACCESSAT", "FCHMODAT", "FCHOWNAT",
        "UTIMENSAT", "TRUNCATE", "FTRUNCATE", "FSYNC", "STATFS", "FSTATFS", "UMASK", "CHDIR", "FCHDIR", "GETCWD",
        "PIPE2", "SENDFILE", "CLONE", "EXECVE", "WAIT4", "KILL", "TGKILL", "GETPGID", "SETPGID", "GETSID", "SETSID",
        "SIGACTION", "SIGPROCMASK", "SIGRETURN", "POLL", "SELECT", "SIGSUSPEND", "CLOCK_NANOSLEEP", "PRLIMIT", "PRCTL", "SYSINFO", "GETGROUPS", "MREMAP", "MADVISE", "MSYNC",
        "FUTEX", "CLONE3", "SET_ROBUST_LIST", "SCHED_YIELD", "SCHED_GETAFFINITY", "GET_ROBUST_LIST", "STATX", "WAITID", "SIGALTSTACK", "GETXATTR", "LISTXATTR", "SETXATTR", "REMOVEXATTR",
        "RESTART_SYSCALL", "USER_SCRATCH", "EPOLL_CREATE", "EPOLL_CTL", "EPOLL_WAIT", "EVENTFD",
        "SIGPENDING", "SIGTIMEDWAIT", "SIGQUEUE", "SIGNALFD", "TIMERFD_CREATE", "TIMERFD_SETTIME", "TIMERFD_GETTIME",
        "GETITIMER", "SETITIMER", "ALARM", "TIMER_CREATE", "TIMER_SETTIME", "TIMER_GETTIME", "TIMER_GETOVERRUN",
        "TIMER_DELETE", "GETRUSAGE", "FLOCK",
        "SHMGET", "SHMAT", "SHMDT", "SHMCTL", "SEMGET", "SEMOP", "SEMCTL", "MSGGET", "MSGSND", "MSGRCV", "MSGCTL",
        "MEMFD_CREATE", "MQ_OPEN", "MQ_UNLINK", "MQ_SEND", "MQ_RECEIVE", "MQ_NOTIFY",
        "MQ_GETSETATTR", "THREAD_START", "THREAD_FROM_CONTEXT",
        "READV", "WRITEV", "COPY_FILE_RANGE", "SPLICE", "CLOSE_RANGE", "TIMES", "SCHED_GETSCHEDULER", "SCHED_SETSCHEDULER",
        "SCHED_GETPARAM", "SCHED_SETAFFINITY", "GETPRIORITY", "SETPRIORITY", "MINCORE", "MLOCK", "MLOCKALL", "MEMBARRIER",
        "PERSONA", "SYNCFS", "FALLOCATE", "PIDFD_OPEN", "PIDFD_SEND_SIGNAL", "PIDFD_GETFD", "MKNODAT",
        "INOTIFY_INIT", "INOTIFY_ADD_WATCH", "INOTIFY_RM_WATCH", "TEE",
        "SOCKET", "SOCKETPAIR", "BIND", "LISTEN", "ACCEPT", "CONNECT", "GETSOCKNAME", "GETPEERNAME", "SENDTO", "RECVFROM",
        "SENDMSG", "RECVMSG", "SENDMMSG", "RECVMMSG", "SHUTDOWN", "GETSOCKOPT", "SETSOCKOPT",
        "SET_IDS", "GET_IDS", "SETGROUPS", "CAPGET", "CAPSET",
        "PROCESS_VM_READV", "PROCESS_VM_WRITEV", "MEMPOLICY", "MBIND", "MOVE_PAGES", "REMAP_FILE_PAGES",
        "SAVE_CONTEXT", "RESERVED_190", "PKEY", "PROCESS_MADVISE", "PROCESS_MRELEASE", "MSEAL", "FUTEX2_WAKE",
        "FUTEX2_WAIT", "FUTEX_WAITV", "FUTEX2_REQUEUE", "KCMP", "EXECVEAT", "OPENAT2", "SIGNAL_COUNTER", "PIDFD_STATUS",
        "FILE_REFS", "AIO_SETUP", "AIO_DESTROY", "AIO_SUBMIT", "AIO_CANCEL", "AIO_GETEVENTS", "AIO_PGETEVENTS",
        "USTAT", "SYSFS", "THREAD_PARK", "THREAD_UNPARK", "SCHED_SETATTR", "SCHED_GETATTR", "SCHED_RR_GET_INTERVAL",
        "GETCPU", "IOPRIO_SET", "IOPRIO_GET", "SETHOSTNAME", "SETDOMAINNAME", "UNSHARE", "USER_COMPARE_EXCHANGE",
        "CLOSE_ON_FORK", "RESERVED_226", "RESERVED_227", "RESERVED_228", "RESERVED_229", "RESERVED_230",
        "RESERVED_231", "RESERVED_232", "SECCOMP", "FADVISE", "SYNC_FILE_RANGE",
    };

    @Test
    void slotsAreFixedAndNeverReordered() {
        for (int i = 0; i < PINNED.length; i++) {
            assertThat(KernelOp.atSlot(i).name()).as("slot %d", i).isEqualTo(PINNED[i]);
        }
    }

    @Test
    void theTableEndsInReservedSlots() {
        assertThat(KernelOp.SLOTS).isEqualTo(256);
        for (int i = PINNED.length; i < KernelOp.SLOTS; i++) {
            assertThat(KernelOp.atSlot(i).reserved()).as("slot %d", i).isTrue();
        }
        // a pinned RESERVED_n is a slot set aside while work that will fill it is under way
        for (int i = 0; i < PINNED.length; i++) {
            assertThat(KernelOp.atSlot(i).reserved()).as("slot %d", i).isEqualTo(PINNED[i].startsWith("RESERVED_"));
        }
    }

    @Test
    void everySlotHasAUniqueNameAndAtMostSixScalars() {
        Set<String> names = new HashSet<>();
        for (KernelOp op : KernelOp.values()) {
            assertThat(names.add(op.cName())).isTrue();
            assertThat(op.params()).hasSizeLessThanOrEqualTo(6);
            assertThat(op.cName()).matches("[a-z][a-z0-9_]*");
        }
    }

    @Test
    void unfilledSlotsAnswerEnosysAndReservedSlotsCannotBeFilled() {
        KernelOps ops = KernelOps.sparse(KernelOps.slot(KernelOp.GETPID, () -> 42));
        assertThat(ops.call(KernelOp.GETPID)).isEqualTo(42);
        assertThat(ops.call(KernelOp.WRITE, 1, 2, 3)).isEqualTo(-Errno.ENOSYS.number());
        assertThat(ops.call(500, 0, 0, 0, 0, 0, 0)).isEqualTo(-38);
        assertThat(ops.call(-1, 0, 0, 0, 0, 0, 0)).isEqualTo(-38);
        assertThatThrownBy(() -> KernelOps.slot(KernelOp.RESERVED_190, (a, b, c, d, e, f) -> 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSlotTakesAMethodOfItsOwnArity() {
        assertThatThrownBy(() -> KernelOps.slot(KernelOp.WRITE, (a, b) -> 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WRITE takes 3 arguments");
        KernelOps ops = KernelOps.sparse(KernelOps.slot(KernelOp.WRITE, (fd, buf, n) -> fd * 100 + buf * 10 + n));
        assertThat(ops.call(KernelOp.WRITE, 1, 2, 3)).isEqualTo(123);
    }

    @Test
    void aDeclaredTableNamesEverySlotOnceInSlotOrder() {
        KernelOps.Slot[] lines = new KernelOps.Slot[KernelOp.SLOTS];
        for (KernelOp op : KernelOp.values()) lines[op.slot()] = KernelOps.unimplemented(op);
        lines[KernelOp.GETPID.slot()] = KernelOps.slot(KernelOp.GETPID, () -> 7);
        KernelOps ops = KernelOps.declared(lines);
        assertThat(ops.call(KernelOp.GETPID)).isEqualTo(7);
        assertThat(ops.implemented(KernelOp.GETPID)).isTrue();
        assertThat(ops.implemented(KernelOp.READ)).isFalse();
        assertThat(ops.call(KernelOp.READ, 0, 0, 0)).isEqualTo(-38);

        KernelOps.Slot[] swapped = lines.clone();
        swapped[0] = lines[1];
        swapped[1] = lines[0];
        assertThatThrownBy(() -> KernelOps.declared(swapped)).hasMessageContaining("slot order");
        assertThatThrownBy(() -> KernelOps.declared(java.util.Arrays.copyOf(lines, lines.length - 1)))
            .hasMessageContaining("has " + KernelOp.SLOTS + " lines");
    }

    @Test
    void resultsAre64BitAndErrnoIsLinuxNumbered() {
        long address = 0x7fff_f7ff_0000L;
        KernelOps ops = KernelOps.sparse(KernelOps.slot(KernelOp.MMAP, (a, b, c, d, e, f) -> address));
        assertThat(ops.call(KernelOp.MMAP, 0, 4096, 3, 0x22, -1, 0)).isEqualTo(address);
        assertThat(Errno.ofResult(address)).isNull();
        assertThat(Errno.ofResult(-2)).isEqualTo(Errno.ENOENT);
        assertThat(Errno.ENOSYS.number()).isEqualTo(38);
        assertThat(Errno.EHWPOISON.number()).isEqualTo(133);
    }
}
