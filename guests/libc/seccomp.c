/* Syscall filters (seccomp): strict mode, classic BPF filters and their actions, precedence,
 * argument checks, inheritance, TSYNC, the checks on bad filters, and what /proc and prctl say.
 * Each filter runs in a child, so the parent stays free; output is compared with native Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1UL
#endif
#include "report.h"

static long sc(unsigned op, unsigned flags, void *args) { return syscall(SYS_seccomp, op, flags, args); }

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LD_ARG0 BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

/* A filter answering `action` for call `nr` and allowing the rest. */
static long deny(int nr, unsigned action, unsigned flags) {
    struct sock_filter f[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_KILL_PROCESS),
        LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1), RET(action), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog p = {sizeof f / sizeof f[0], f};
    return sc(SECCOMP_SET_MODE_FILTER, flags, &p);
}

static void status_of(const char *what, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
    fflush(stdout);
}

static void in_child(const char *what, void (*body)(void)) {
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        body();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    status_of(what, st);
}

static void strict(void) {
    printf("strict: %s\n", res(prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0)));
    fflush(stdout);
    write(1, "write is allowed\n", 17);
    syscall(SYS_getpid); // killed here
    write(1, "not reached\n", 12);
}

static void strict_exit(void) {
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
    syscall(SYS_exit, 7); // exit (not exit_group) is allowed
}

static void errno_action(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    printf("install: %s\n", res(deny(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0)));
    long r = syscall(SYS_getppid);
    printf("getppid: %ld %s\n", r, strerrorname_np(errno));
    printf("getpid allowed: %d\n", syscall(SYS_getpid) > 0);
    printf("PR_GET_SECCOMP: %s\n", res(prctl(PR_GET_SECCOMP, 0, 0, 0, 0)));
    // data above MAX_ERRNO is capped at 4095
    deny(SYS_getuid, SECCOMP_RET_ERRNO | 0xffff, 0);
    r = syscall(SYS_getuid);
    printf("getuid: %ld errno %d\n", r, errno);
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Seccomp", 7) || !strncmp(line, "NoNewPrivs", 10)) fputs(line, stdout);
    }
    if (f) fclose(f);
}

static volatile int trapped_nr, trapped_code, trapped_errno, trapped_arch_ok, trapped_addr_ok;
static void on_sys(int sig, siginfo_t *si, void *uc) {
    (void) sig;
    (void) uc;
    trapped_nr = si->si_syscall;
    trapped_code = si->si_code;
    trapped_errno = si->si_errno;
    trapped_arch_ok = si->si_arch == AUDIT_ARCH_X86_64;
    trapped_addr_ok = si->si_call_addr != NULL;
}

static void trap(void) {
    struct sigaction sa = {.sa_sigaction = on_sys, .sa_flags = SA_SIGINFO};
    sigaction(SIGSYS, &sa, NULL);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    deny(SYS_getppid, SECCOMP_RET_TRAP | 42, 0);
    long r = syscall(SYS_getppid);
    printf("trap: returned %s nr %d code %d errno %d arch %d addr %d\n", r == SYS_getppid ? "its number" : "other",
           trapped_nr, trapped_code, trapped_errno, trapped_arch_ok, trapped_addr_ok);
    // blocked SIGSYS: the trap kills
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSYS);
    sigprocmask(SIG_BLOCK, &s, NULL);
    fflush(stdout);
    syscall(SYS_getppid);
    printf("not reached\n");
}

static void kill_process(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    deny(SYS_getppid, SECCOMP_RET_KILL_PROCESS, 0);
    fflush(stdout);
    syscall(SYS_getppid);
    printf("not reached\n");
}

static void *killed_thread(void *a) {
    (void) a;
    syscall(SYS_getppid);
    return (void *) 1;
}

static void kill_thread(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    deny(SYS_getppid, SECCOMP_RET_KILL_THREAD, 0);
    pthread_t t;
    pthread_create(&t, NULL, killed_thread, NULL);
    sleep(1); // the thread is gone; the process lives on
    printf("the process outlived its thread\n");
    fflush(stdout);
    syscall(SYS_getppid); // the last thread: the process dies of SIGSYS
}

static void others(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    deny(SYS_getppid, SECCOMP_RET_TRACE, 0);
    printf("trace without a tracer: %s\n", res(syscall(SYS_getppid)));
    deny(SYS_getpgrp, SECCOMP_RET_USER_NOTIF, 0);
    printf("user notif without a listener: %s\n", res(syscall(SYS_getpgrp)));
    deny(SYS_getuid, SECCOMP_RET_LOG, 0);
    printf("log: %d\n", syscall(SYS_getuid) >= 0);
    // precedence: ERRNO(5) in an older filter, ERRNO(7) in a newer: equal actions, the newer wins;
    // TRAP beats ERRNO whatever the order
    deny(SYS_getgid, SECCOMP_RET_ERRNO | 5, 0);
    deny(SYS_getgid, SECCOMP_RET_ERRNO | 7, 0);
    printf("getgid: %s\n", res(syscall(SYS_getgid)));
    deny(SYS_geteuid, SECCOMP_RET_ERRNO | 5, 0);
    deny(SYS_geteuid, SECCOMP_RET_ALLOW, 0);
    printf("geteuid (errno then allow): %s\n", res(syscall(SYS_geteuid)));
    // an argument: write to fd 2 is refused, to fd 1 allowed
    struct sock_filter f[] = {
        LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 0, 3), LD_ARG0,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1), RET(SECCOMP_RET_ERRNO | EBADE), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog p = {sizeof f / sizeof f[0], f};
    printf("arg filter: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &p)));
    fflush(stdout);
    printf("write to 2: %s\n", res(write(2, "x", 1)));
    // scratch memory, X, ALU: ((nr * 2) >> 1) stored and reloaded, compared through X
    struct sock_filter g[] = {
        LD_NR, BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 2), BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 1), BPF_STMT(BPF_ST, 3),
        BPF_STMT(BPF_LDX | BPF_IMM, SYS_getsid), BPF_STMT(BPF_LD | BPF_MEM, 3),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1), RET(SECCOMP_RET_ERRNO | ENOTUNIQ), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog q = {sizeof g / sizeof g[0], g};
    printf("alu filter: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &q)));
    printf("getsid: %s\n", res(syscall(SYS_getsid, 0)));
    printf("strict after filter: %s\n", res(sc(SECCOMP_SET_MODE_STRICT, 0, NULL)));
}

static void inherited(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    deny(SYS_getppid, SECCOMP_RET_ERRNO | EXDEV, 0);
    pid_t c = fork();
    if (c == 0) {
        printf("fork's child: %s\n", res(syscall(SYS_getppid)));
        fflush(stdout);
        execl("/proc/self/exe", "seccomp", "exec", (char *) NULL);
        _exit(3);
    }
    int st;
    waitpid(c, &st, 0);
    status_of("exec'd child", st);
}

static void *waiter(void *a) {
    (void) a;
    sleep(1);
    long r = syscall(SYS_getppid);
    return (void *) (r < 0 ? (long) errno : 0);
}

static void tsync(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    printf("tsync: %s\n", res(deny(SYS_getppid, SECCOMP_RET_ERRNO | ENOLINK, SECCOMP_FILTER_FLAG_TSYNC)));
    void *r;
    pthread_join(t, &r);
    printf("the other thread's getppid: %s\n", strerrorname_np((int) (long) r));
}

static void *filtered_alone(void *a) {
    (void) a;
    deny(SYS_getppid, SECCOMP_RET_ERRNO | 1, 0); // this thread only
    sleep(2);
    return NULL;
}

static void tsync_refused(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, filtered_alone, NULL);
    sleep(1);
    long r = deny(SYS_getpgrp, SECCOMP_RET_ERRNO | 1, SECCOMP_FILTER_FLAG_TSYNC);
    printf("tsync over a diverged thread: %s\n", r > 0 ? "its tid" : res(r));
    r = deny(SYS_getpgrp, SECCOMP_RET_ERRNO | 1, SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH);
    printf("with TSYNC_ESRCH: %s\n", res(r));
    printf("getppid here: %d\n", syscall(SYS_getppid) > 0);
    pthread_join(t, NULL);
}

static void bad(void) {
    struct sock_filter ok[] = {RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog p = {1, ok};
    printf("without NNP as root: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &p)));
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    printf("bad op: %s\n", res(sc(9, 0, NULL)));
    printf("strict with flags: %s\n", res(sc(SECCOMP_SET_MODE_STRICT, 1, NULL)));
    printf("bad flags: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 1u << 20, &p)));
    printf("WAIT_KILLABLE_RECV alone: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &p)));
    printf("NULL prog: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, NULL)));
    struct sock_fprog empty = {0, ok};
    printf("empty: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &empty)));
    struct sock_fprog huge = {4097, ok};
    printf("too long: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &huge)));
    struct sock_fprog wild = {1, (struct sock_filter *) 16};
    printf("wild insns: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &wild)));
    struct sock_filter noret[] = {LD_NR};
    struct sock_fprog a = {1, noret};
    printf("no return: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &a)));
    struct sock_filter far[] = {BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog b = {2, far};
    printf("jump out: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &b)));
    struct sock_filter mis[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog c = {2, mis};
    printf("misaligned load: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &c)));
    struct sock_filter beyond[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog d = {2, beyond};
    printf("load beyond: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &d)));
    struct sock_filter byte[] = {BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog e = {2, byte};
    printf("byte load: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &e)));
    struct sock_filter div0[] = {BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog g = {2, div0};
    printf("division by 0: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &g)));
    struct sock_filter mod[] = {BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog h = {2, mod};
    printf("mod: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &h)));
    struct sock_filter unset[] = {BPF_STMT(BPF_LD | BPF_MEM, 2), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog i = {2, unset};
    printf("scratch read before a store: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &i)));
    struct sock_filter len[] = {BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 64, 1, 0),
                                RET(SECCOMP_RET_KILL_PROCESS), RET(SECCOMP_RET_ALLOW)};
    struct sock_fprog j = {4, len};
    printf("len is 64: %s\n", res(sc(SECCOMP_SET_MODE_FILTER, 0, &j)));
    unsigned acts[] = {SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
                       SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW, 0x12340000};
    for (unsigned k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        printf("action 0x%x available: %s\n", acts[k], res(sc(SECCOMP_GET_ACTION_AVAIL, 0, &acts[k])));
    }
    printf("action avail NULL: %s\n", res(sc(SECCOMP_GET_ACTION_AVAIL, 0, NULL)));
    struct seccomp_notif_sizes sz;
    printf("notif sizes: %s", res(sc(SECCOMP_GET_NOTIF_SIZES, 0, &sz)));
    printf(" %u %u %u\n", sz.seccomp_notif, sz.seccomp_notif_resp, sz.seccomp_data);
    printf("prctl bad mode: %s\n", res(prctl(PR_SET_SECCOMP, 5, 0, 0, 0)));
    printf("PR_GET_SECCOMP: %s\n", res(prctl(PR_GET_SECCOMP, 0, 0, 0, 0)));
}

/* A user-space supervisor: thread T1 is filtered with a listener; the main thread answers its calls. */
static volatile int lfd = -1, t1_tid, t1_done;
static volatile long t1_results[8];

static long notif_filter(unsigned flags) {
    struct sock_filter f[] = {
        LD_NR,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 4, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getgid, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgrp, 1, 0),
        RET(SECCOMP_RET_ALLOW),
        RET(SECCOMP_RET_USER_NOTIF),
    };
    struct sock_fprog p = {sizeof f / sizeof f[0], f};
    return sc(SECCOMP_SET_MODE_FILTER, flags, &p);
}

static void *filtered(void *a) {
    (void) a;
    t1_tid = gettid();
    long fd = notif_filter(SECCOMP_FILTER_FLAG_NEW_LISTENER);
    t1_results[7] = notif_filter(SECCOMP_FILTER_FLAG_NEW_LISTENER) < 0 ? errno : 0; // a second listener
    lfd = (int) fd;
    t1_results[0] = syscall(SYS_getppid);
    t1_results[1] = syscall(SYS_getuid) < 0 ? -errno : 0;
    t1_results[2] = syscall(SYS_getgid);
    long nfd = syscall(SYS_getpgrp);
    t1_results[3] = nfd >= 0 && write((int) nfd, "z", 1) == 1 ? nfd : -1;
    t1_results[4] = syscall(SYS_getppid) < 0 ? errno : 0; // the listener is closed while this waits
    t1_results[5] = syscall(SYS_getppid) < 0 ? errno : 0; // and after
    t1_done = 1;
    return NULL;
}

static struct seccomp_notif *recv_one(int fd) {
    static struct seccomp_notif n;
    memset(&n, 0, sizeof n);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    poll(&p, 1, 5000);
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &n)) {
        printf("recv: %s\n", strerrorname_np(errno));
        return NULL;
    }
    return &n;
}

static long send_resp(int fd, unsigned long long id, long long val, int error, unsigned flags) {
    struct seccomp_notif_resp r = {.id = id, .val = val, .error = error, .flags = flags};
    return ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &r);
}

static void listener(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, filtered, NULL);
    while (lfd < 0) usleep(1000);
    int fd = lfd;
    char link[64] = {0}, path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    readlink(path, link, sizeof link - 1);
    printf("listener: %s, cloexec %d\n", link, fcntl(fd, F_GETFD) & FD_CLOEXEC);
    struct seccomp_notif *n = recv_one(fd);
    if (!n) return;
    printf("notif: nr getppid %d pid is T1 %d arch %d flags %u\n", n->data.nr == SYS_getppid, (int) n->pid == t1_tid,
           n->data.arch == AUDIT_ARCH_X86_64, n->flags);
    unsigned long long id = n->id;
    printf("id valid: %s\n", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id)));
    printf("send bad flags: %s, continue with a value: %s, unknown id: %s\n", res(send_resp(fd, id, 0, 0, 2)),
           res(send_resp(fd, id, 1, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE)), res(send_resp(fd, id + 1000, 0, 0, 0)));
    printf("send 4242: %s\n", res(send_resp(fd, id, 4242, 0, 0)));
    printf("id valid after the reply: %s\n", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id)));
    n = recv_one(fd); // getuid
    if (!n) return;
    printf("send -EPERM: %s\n", res(send_resp(fd, n->id, 0, -EPERM, 0)));
    n = recv_one(fd); // getgid
    if (!n) return;
    printf("send CONTINUE: %s\n", res(send_resp(fd, n->id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE)));
    n = recv_one(fd); // getpgrp: answered with a descriptor put into T1's table
    if (!n) return;
    int p[2];
    if (pipe(p)) return;
    struct seccomp_notif_addfd bad = {.id = n->id, .srcfd = p[1], .newfd = 5};
    printf("addfd newfd without SETFD: %s, bad srcfd: ", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &bad)));
    struct seccomp_notif_addfd badfd = {.id = n->id, .srcfd = 999};
    printf("%s\n", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &badfd)));
    struct seccomp_notif_addfd add = {.id = n->id, .flags = SECCOMP_ADDFD_FLAG_SEND, .srcfd = p[1]};
    long nfd = ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
    char c = 0;
    while (t1_results[3] == 0) usleep(1000);
    read(p[0], &c, 1);
    printf("addfd SEND: the call's result %d, a byte through it '%c'\n", nfd == t1_results[3], c);
    struct seccomp_notif zero;
    memset(&zero, 0, sizeof zero);
    zero.pid = 1;
    printf("recv of a struct not zeroed: %s\n", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &zero)));
    printf("set flags bad: %s, sync wake-up: %s\n", res(ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 2UL)),
           res(ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)));
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    poll(&pf, 1, 5000); // T1's getppid waits, not yet received
    close(fd);
    pthread_join(t, NULL);
    printf("T1: getppid %ld, getuid %s, getgid is real %d, second listener %s, after close %s then %s\n",
           t1_results[0], strerrorname_np((int) -t1_results[1]), t1_results[2] == getgid(),
           strerrorname_np((int) t1_results[7]), strerrorname_np((int) t1_results[4]), strerrorname_np((int) t1_results[5]));
}

static void *short_lived(void *a) {
    (void) a;
    lfd = (int) notif_filter(SECCOMP_FILTER_FLAG_NEW_LISTENER);
    return NULL;
}

static void listener_hangup(void) {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    lfd = -1;
    pthread_t t;
    pthread_create(&t, NULL, short_lived, NULL);
    pthread_join(t, NULL);
    struct pollfd p = {.fd = lfd, .events = POLLIN | POLLOUT};
    int r = poll(&p, 1, 1000);
    printf("the filtered thread is gone: poll %d revents 0x%x\n", r, p.revents);
    struct seccomp_notif n;
    memset(&n, 0, sizeof n);
    printf("recv: %s\n", res(ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &n)));
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "exec")) { // exec'd under a filter: it is still there
        printf("after exec: %s\n", res(syscall(SYS_getppid)));
        return 0;
    }
    printf("== bad filters and queries\n");
    in_child("bad", bad);
    printf("== strict mode\n");
    in_child("strict", strict);
    in_child("strict exit", strict_exit);
    printf("== actions\n");
    in_child("errno", errno_action);
    in_child("trap", trap);
    in_child("kill process", kill_process);
    in_child("kill thread", kill_thread);
    in_child("others", others);
    printf("== inheritance\n");
    in_child("inherited", inherited);
    in_child("tsync", tsync);
    in_child("tsync refused", tsync_refused);
    printf("== user-space notification\n");
    in_child("listener", listener);
    in_child("listener hangup", listener_hangup);
    return 0;
}
