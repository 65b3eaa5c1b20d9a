package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.KernelOp;
import io.helctic.personality.FakeKernel;
import io.helctic.personality.Support;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The implemented Linux calls reach the ops they are documented to reach, with the right arguments. */
class DirectMappingTest {

    private static FakeKernel.Call only(String name, long... args) {
        FakeKernel k = new FakeKernel();
        for (KernelOp op : KernelOp.values()) if (!op.reserved()) k.on(op, (a, b, c, d, e, f) -> 0);
        long[] a = java.util.Arrays.copyOf(args, 6);
        LinuxAbi.INSTANCE.syscall(k.ops(), number(name), a[0], a[1], a[2], a[3], a[4], a[5]);
        List<FakeKernel.Call> calls = k.opCalls();
        assertThat(calls).as(name).hasSize(1);
        return calls.get(0);
    }

    private static int number(String name) {
        return X86_64Table.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().number();
    }

    private static void expect(String name, long[] args, KernelOp op, long... opArgs) {
        FakeKernel.Call c = only(name, args);
        assertThat(c.op()).as(name).isEqualTo(op);
        assertThat(c.args()).as(name).containsExactly(java.util.Arrays.copyOf(opArgs, 6));
    }

    @Test
    void mappings() {
        expect("read", new long[] {3, 0x1000, 10}, KernelOp.READ, 3, 0x1000, 10);
        expect("write", new long[] {0xFFFF_FFFF_0000_0001L, 0x1000, 10}, KernelOp.WRITE, 1, 0x1000, 10);
        expect("open", new long[] {0x2000, 0101, 0644}, KernelOp.OPENAT, -100, 0x2000, 0101, 0644);
        expect("close", new long[] {4}, KernelOp.CLOSE, 4);
        expect("stat", new long[] {0x2000, 0x3000}, KernelOp.FSTATAT, -100, 0x2000, 0x3000, 0);
        expect("fstat", new long[] {5, 0x3000}, KernelOp.FSTAT, 5, 0x3000);
        expect("lstat", new long[] {0x2000, 0x3000}, KernelOp.FSTATAT, -100, 0x2000, 0x3000, 0x100);
        expect("lseek", new long[] {3, -5, 2}, KernelOp.LSEEK, 3, -5, 2);
        expect("mmap", new long[] {0, 8192, 3, 0x22, 0xFFFF_FFFFL, 0}, KernelOp.MMAP, 0, 8192, 3, 0x22, -1, 0);
        expect("mprotect", new long[] {0x1000, 4096, 1}, KernelOp.MPROTECT, 0x1000, 4096, 1);
        expect("munmap", new long[] {0x1000, 4096}, KernelOp.MUNMAP, 0x1000, 4096);
        expect("brk", new long[] {0}, KernelOp.BRK, 0);
        expect("ioctl", new long[] {1, 0x5401, 0x4000}, KernelOp.IOCTL, 1, 0x5401, 0x4000);
        expect("pread64", new long[] {3, 0x1000, 10, 99}, KernelOp.PREAD, 3, 0x1000, 10, 99);
        expect("pwrite64", new long[] {3, 0x1000, 10, 99}, KernelOp.PWRITE, 3, 0x1000, 10, 99);
        expect("dup", new long[] {3}, KernelOp.DUP, 3);
        expect("epoll_create1", new long[] {02000000}, KernelOp.EPOLL_CREATE, 02000000);
        expect("epoll_create", new long[] {1}, KernelOp.EPOLL_CREATE, 0);
        expect("epoll_ctl", new long[] {3, 1, 4, 0x1000}, KernelOp.EPOLL_CTL, 3, 1, 4, 0x1000);
        expect("epoll_wait", new long[] {3, 0x1000, 8, 5}, KernelOp.EPOLL_WAIT, 3, 0x1000, 8, 5_000_000, 0, 0);
        expect("epoll_wait", new long[] {3, 0x1000, 8, 0xFFFF_FFFFL}, KernelOp.EPOLL_WAIT, 3, 0x1000, 8, -1, 0, 0);
        expect("epoll_pwait", new long[] {3, 0x1000, 8, 5, 0x2000, 8}, KernelOp.EPOLL_WAIT, 3, 0x1000, 8, 5_000_000, 0x2000, 8);
        expect("eventfd", new long[] {7}, KernelOp.EVENTFD, 7, 0);
        expect("eventfd2", new long[] {7, 1}, KernelOp.EVENTFD, 7, 1);
        expect("rt_sigqueueinfo", new long[] {5, 10, 0x1000}, KernelOp.SIGQUEUE, 5, 0, 10, 0x1000);
        expect("signalfd", new long[] {-1, 0x1000, 8}, KernelOp.SIGNALFD, -1, 0x1000, 8, 0);
        expect("alarm", new long[] {3}, KernelOp.ALARM, 3);
        expect("ppoll", new long[] {0x1000, 2, 0, 0x2000, 8}, KernelOp.POLL, 0x1000, 2, -1, 0x2000, 8);
        expect("nanosleep", new long[] {0x1000, 0}, KernelOp.NANOSLEEP, 0x1000, 0);
        expect("getpid", new long[] {}, KernelOp.GETPID);
        expect("exit", new long[] {7}, KernelOp.EXIT_THREAD, 7);
        expect("uname", new long[] {0x1000}, KernelOp.UNAME, 0x1000);
        expect("fcntl", new long[] {3, 1, 0}, KernelOp.FCNTL, 3, 1, 0);
        expect("getuid", new long[] {}, KernelOp.GET_ID, 0);
        expect("geteuid", new long[] {}, KernelOp.GET_ID, 1);
        expect("getgid", new long[] {}, KernelOp.GET_ID, 2);
        expect("getegid", new long[] {}, KernelOp.GET_ID, 3);
        expect("setresgid", new long[] {1, 2, 3}, KernelOp.SET_IDS, 6, 1, 2, 3);
        expect("getresuid", new long[] {0x1000, 0x2000, 0x3000}, KernelOp.GET_IDS, 0, 0x1000, 0x2000, 0x3000);
        expect("getppid", new long[] {}, KernelOp.GETPPID);
        expect("gettid", new long[] {}, KernelOp.GETTID);
        expect("set_tid_address", new long[] {0x1000}, KernelOp.SET_TID_ADDRESS, 0x1000);
        expect("clock_gettime", new long[] {1, 0x1000}, KernelOp.CLOCK_GETTIME, 1, 0x1000);
        expect("exit_group", new long[] {3}, KernelOp.EXIT_GROUP, 3);
        expect("openat", new long[] {0xFFFF_FF9CL, 0x2000, 0, 0}, KernelOp.OPENAT, -100, 0x2000, 0, 0);
        expect("newfstatat", new long[] {3, 0x2000, 0x3000, 0x1000}, KernelOp.FSTATAT, 3, 0x2000, 0x3000, 0x1000);
        expect("dup3", new long[] {3, 4, 02000000}, KernelOp.DUP3, 3, 4, 02000000);
        expect("getrandom", new long[] {0x1000, 16, 0}, KernelOp.GETRANDOM, 0x1000, 16, 0);
        expect("getdents64", new long[] {3, 0x1000, 4096}, KernelOp.GETDENTS, 3, 0x1000, 4096);
        expect("mkdir", new long[] {0x2000, 0755}, KernelOp.MKDIRAT, -100, 0x2000, 0755);
        expect("rmdir", new long[] {0x2000}, KernelOp.UNLINKAT, -100, 0x2000, 0x200);
        expect("unlink", new long[] {0x2000}, KernelOp.UNLINKAT, -100, 0x2000, 0);
        expect("creat", new long[] {0x2000, 0644}, KernelOp.OPENAT, -100, 0x2000, 01101, 0644);
        expect("rename", new long[] {0x2000, 0x3000}, KernelOp.RENAMEAT, -100, 0x2000, -100, 0x3000, 0);
        expect("fchmod", new long[] {3, 0600}, KernelOp.FCHMODAT, 3, 0, 0600, 0);
        expect("lchown", new long[] {0x2000, 5, 6}, KernelOp.FCHOWNAT, -100, 0x2000, 5, 6, 0x100);
        expect("pipe", new long[] {0x2000}, KernelOp.PIPE2, 0x2000, 0);
        expect("fork", new long[] {}, KernelOp.CLONE, 17, 0, 0, 0, 0);
        expect("vfork", new long[] {}, KernelOp.CLONE, 0x4111, 0, 0, 0, 0);
        expect("tkill", new long[] {7, 15}, KernelOp.TGKILL, -1, 7, 15); // the thread of any process
        expect("access", new long[] {0x2000, 4}, KernelOp.FACCESSAT, -100, 0x2000, 4, 0);
        expect("faccessat", new long[] {3, 0x2000, 4}, KernelOp.FACCESSAT, 3, 0x2000, 4, 0);
        expect("futex", new long[] {0x2000, 0x80, 0xFFFF_FFFFL, 0, 0x3000, 0xFFFF_FFFFL}, KernelOp.FUTEX,
               0x2000, 0x80, -1, 0, 0x3000, 0xFFFF_FFFFL);
        expect("clone3", new long[] {0x2000, 88}, KernelOp.CLONE3, 0x2000, 88);
        expect("set_robust_list", new long[] {0x2000, 24}, KernelOp.SET_ROBUST_LIST, 0x2000, 24);
        expect("sched_yield", new long[] {}, KernelOp.SCHED_YIELD);
        expect("get_robust_list", new long[] {0, 0x2000, 0x3000}, KernelOp.GET_ROBUST_LIST, 0, 0x2000, 0x3000);
        expect("sched_getaffinity", new long[] {0, 128, 0x2000}, KernelOp.SCHED_GETAFFINITY, 0, 128, 0x2000);
        expect("sched_setattr", new long[] {7, 0x2000, 0}, KernelOp.SCHED_SETATTR, 7, 0x2000, 0);
        expect("sched_getattr", new long[] {7, 0x2000, 56, 0}, KernelOp.SCHED_GETATTR, 7, 0x2000, 56, 0);
        expect("sched_rr_get_interval", new long[] {7, 0x2000}, KernelOp.SCHED_RR_GET_INTERVAL, 7, 0x2000);
        expect("getcpu", new long[] {0x2000, 0x3000, 0}, KernelOp.GETCPU, 0x2000, 0x3000);
        expect("ioprio_set", new long[] {1, 0, 0x4004}, KernelOp.IOPRIO_SET, 1, 0, 0x4004);
        expect("ioprio_get", new long[] {2, 0}, KernelOp.IOPRIO_GET, 2, 0);
        expect("sethostname", new long[] {0x2000, 5}, KernelOp.SETHOSTNAME, 0x2000, 5);
        expect("setdomainname", new long[] {0x2000, 5}, KernelOp.SETDOMAINNAME, 0x2000, 5);
        expect("unshare", new long[] {0x04000000}, KernelOp.UNSHARE, 0x04000000);
        expect("futex_wait", new long[] {0x2000, 1, 0xFFFF_FFFFL, 0x82, 0x3000, 1}, KernelOp.FUTEX2_WAIT,
               0x2000, 1, 0xFFFF_FFFFL, 0x82, 0x3000, 1);
        expect("futex_wake", new long[] {0x2000, 0xFFFF_FFFFL, 1, 2}, KernelOp.FUTEX2_WAKE, 0x2000, 0xFFFF_FFFFL, 1, 2);
        expect("futex_waitv", new long[] {0x2000, 3, 0, 0x3000, 0}, KernelOp.FUTEX_WAITV, 0x2000, 3, 0, 0x3000, 0);
        expect("futex_requeue", new long[] {0x2000, 0, 1, 2}, KernelOp.FUTEX2_REQUEUE, 0x2000, 0, 1, 2);
        expect("kcmp", new long[] {1, 2, 0, 3, 4}, KernelOp.KCMP, 1, 2, 0, 3, 4);
        expect("execveat", new long[] {3, 0x2000, 0x3000, 0x4000, 0x1000}, KernelOp.EXECVEAT, 3, 0x2000, 0x3000, 0x4000,
               0x1000);
    }

    @Test
    void theImplementedSetIsExactlyTheDocumentedOne() {
        Map<String, Support> implemented = new TreeMap<>();
        for (SyscallEntry e : X86_64Table.entries()) if (e.support() != Support.UNIMPLEMENTED) implemented.put(e.name(), e.support());
        assertThat(implemented.keySet()).containsExactlyInAnyOrder(
            "read", "write", "open", "close", "stat", "fstat", "lstat", "lseek", "mmap", "mprotect", "munmap",
            "brk", "ioctl", "pread64", "pwrite64", "readv", "writev", "dup", "dup2", "nanosleep", "getpid",
            "exit", "uname", "fcntl", "getuid", "getgid", "geteuid", "getegid", "getppid", "arch_prctl",
            "gettid", "time", "set_tid_address", "clock_gettime", "exit_group", "openat", "newfstatat",
            "dup3", "getrandom", "getdents64", "gettimeofday", "clock_getres", "getcpu",
            "access", "pipe", "sendfile", "fsync", "fdatasync", "truncate", "ftruncate", "getcwd", "chdir", "fchdir",
            "rename", "mkdir", "rmdir", "creat", "link", "unlink", "symlink", "readlink", "chmod", "fchmod", "chown",
            "fchown", "lchown", "umask", "statfs", "fstatfs", "mkdirat", "fchownat", "unlinkat", "renameat", "renameat2",
            "linkat", "symlinkat", "readlinkat", "fchmodat", "fchmodat2", "faccessat", "faccessat2", "utimensat", "pipe2",
            "clone", "fork", "vfork", "execve", "wait4", "kill", "tgkill", "tkill", "getpgid", "getpgrp", "setpgid",
            "getsid", "setsid", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "restart_syscall",
            "poll", "ppoll", "select", "pselect6", "rt_sigsuspend", "clock_nanosleep", "prlimit64", "getrlimit",
            "setrlimit", "prctl", "sysinfo", "getgroups", "mremap", "madvise", "msync", "statx", "waitid", "sigaltstack", "pause", "getxattr", "lgetxattr", "fgetxattr", "listxattr",
            "llistxattr", "flistxattr", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
            "clone3", "futex", "set_robust_list", "sched_yield", "sched_getaffinity", "get_robust_list",
            "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2",
            "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "signalfd", "signalfd4",
            "timerfd_create", "timerfd_settime", "timerfd_gettime", "getitimer", "setitimer", "alarm", "timer_create",
            "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete", "getrusage", "flock",
            "preadv", "pwritev", "preadv2", "pwritev2", "copy_file_range", "splice", "vmsplice", "close_range", "times",
            "sched_getscheduler", "sched_setscheduler", "sched_getparam", "sched_setparam", "sched_get_priority_max",
            "sched_get_priority_min", "sched_rr_get_interval", "sched_setaffinity", "getpriority", "setpriority", "mincore",
            "sched_setattr", "sched_getattr", "ioprio_set", "ioprio_get", "sethostname", "setdomainname", "unshare",
            "mlock", "mlock2", "munlock", "mlockall", "munlockall", "membarrier", "personality", "sync", "syncfs",
            "sync_file_range", "fallocate", "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "readahead", "fadvise64",
            "utime", "utimes", "futimesat", "getdents", "mknod", "mknodat", "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "tee",

            "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semctl", "msgget", "msgsnd", "msgrcv",
            "msgctl", "memfd_create", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
            "mq_getsetattr",
            "socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername",
            "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt",
            "setuid", "setgid", "setreuid", "setregid", "setresuid", "getresuid", "setresgid", "getresgid", "setfsuid",
            "setfsgid", "setgroups", "capget", "capset", "seccomp",
            "process_vm_readv", "process_vm_writev", "set_mempolicy", "get_mempolicy", "mbind", "migrate_pages",
            "move_pages", "set_mempolicy_home_node", "pkey_mprotect", "pkey_alloc", "pkey_free", "mseal",
            "process_madvise", "process_mrelease", "remap_file_pages",
            "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents", "ustat", "sysfs",
            "futex_wait", "futex_wake", "futex_waitv", "futex_requeue", "kcmp", "execveat", "openat2");
    }
}
