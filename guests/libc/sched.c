/* Scheduling (issue 15): nice values with getpriority/setpriority (PRIO_PROCESS on a thread id,
 * PRIO_PGRP, PRIO_USER, RLIMIT_NICE, EPERM/EACCES), the policies with sched_setscheduler,
 * sched_setparam, sched_setattr/sched_getattr (size versions, E2BIG, the flags, SCHED_DEADLINE and
 * its admission, util clamps), SCHED_RESET_ON_FORK at fork, sched_rr_get_interval, CPU affinity
 * with getcpu, io priorities, and the UTS names (sethostname, setdomainname, unshare(CLONE_NEWUTS),
 * uname, /proc/sys/kernel). Host-specific values (which CPU, the host's name, a slice's length) are
 * printed as relations. The host's own name is never changed: names are set only in a child that
 * has its own UTS namespace. As a non-root user the privileged scenarios are skipped. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

struct attr {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

#define FLAG_RESET_ON_FORK 0x01
#define FLAG_KEEP_POLICY 0x08
#define FLAG_KEEP_PARAMS 0x10
#define FLAG_UTIL_CLAMP_MIN 0x20
#define FLAG_SUGOV 0x10000000
#define IOPRIO(cls, data) (((cls) << 13) | (data))
#define OTHER_UID 54321

static int root;

static long setattr(pid_t pid, struct attr *a, unsigned flags) { return syscall(SYS_sched_setattr, pid, a, flags); }
static long getattr(pid_t pid, void *a, unsigned size, unsigned flags) { return syscall(SYS_sched_getattr, pid, a, size, flags); }
static long ioprio_set(int which, int who, int prio) { return syscall(SYS_ioprio_set, which, who, prio); }
static long ioprio_get(int which, int who) { return syscall(SYS_ioprio_get, which, who); }
static pid_t gettid_(void) { return (pid_t) syscall(SYS_gettid); }
static int nice_of(int which, int who) { return 20 - (int) syscall(SYS_getpriority, which, who); }

static long setsched(pid_t pid, int policy, int prio) {
    struct sched_param sp = {.sched_priority = prio};
    return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

static struct attr dl(uint64_t runtime, uint64_t deadline, uint64_t period) {
    struct attr a = {.size = sizeof a, .policy = SCHED_DEADLINE, .runtime = runtime, .deadline = deadline, .period = period};
    return a;
}

static struct attr normal(void) {
    struct attr a = {.size = sizeof a, .policy = SCHED_OTHER};
    return a;
}

/* Runs fn in a child and waits for it; the child's exit status is printed when it is not 0. */
static void in_child(const char *what, void (*fn)(void)) {
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) printf("%s: child status %#x\n", what, st);
}

/* Drops to another user (every capability goes), keeping the limits set before. */
static int drop(void) {
    return setresgid(OTHER_UID, OTHER_UID, OTHER_UID) == 0 && setresuid(OTHER_UID, OTHER_UID, OTHER_UID) == 0;
}

/* ---- nice values ---------------------------------------------------------------------------- */

static pid_t parent_pid;
static volatile int thread_nice = 99;
static int go[2], done[2];

static void *nice_thread(void *arg) {
    (void) arg;
    pid_t tid = gettid_();
    if (write(done[1], &tid, sizeof tid) != sizeof tid) return NULL;
    char c;
    if (read(go[0], &c, 1) != 1) return NULL;
    thread_nice = getpriority(PRIO_PROCESS, 0);
    return NULL;
}

static void pgrp_child(void) {
    setpgid(0, 0);
    fflush(stdout);
    int p[2];
    if (pipe(p)) return;
    pid_t g = fork();
    if (g == 0) {
        char c;
        if (read(p[0], &c, 1) != 1) _exit(1);
        _exit(getpriority(PRIO_PROCESS, 0) == 4 ? 0 : 1);
    }
    printf("PRIO_PGRP set 4: %s\n", res(setpriority(PRIO_PGRP, 0, 4)));
    printf("PRIO_PGRP get: nice %d; own group by number: nice %d\n", nice_of(PRIO_PGRP, 0), nice_of(PRIO_PGRP, getpgrp()));
    if (write(p[1], "x", 1) != 1) return;
    int st;
    waitpid(g, &st, 0);
    printf("the other member of the group has nice 4: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    printf("PRIO_PGRP of no group: %s\n", res(getpriority(PRIO_PGRP, 999999)));
}

static void unprivileged_nice(void) {
    struct rlimit rl = {25, 25}; /* nice down to -5, if this host lets root raise the hard limit */
    printf("setrlimit(RLIMIT_NICE, 25): %s\n", res(setrlimit(RLIMIT_NICE, &rl)));
    if (!drop()) {
        printf("drop failed\n");
        return;
    }
    printf("unprivileged: setpriority 10: %s, ", res(setpriority(PRIO_PROCESS, 0, 10)));
    printf("now %d\n", getpriority(PRIO_PROCESS, 0));
    printf("unprivileged: lower to 2: %s\n", res(setpriority(PRIO_PROCESS, 0, 2)));
    printf("unprivileged: lower to -5: %s\n", res(setpriority(PRIO_PROCESS, 0, -5)));
    printf("unprivileged: lower to -6: %s, ", res(setpriority(PRIO_PROCESS, 0, -6)));
    printf("now %d\n", getpriority(PRIO_PROCESS, 0));
    printf("unprivileged: the parent's (root's) nice: %s\n", res(setpriority(PRIO_PROCESS, parent_pid, 10)));
    errno = 0;
    int pn = getpriority(PRIO_PROCESS, parent_pid);
    printf("unprivileged: reading the parent's: %d %s\n", pn, errno ? strerrorname_np(errno) : "ok");
    printf("unprivileged: PRIO_USER of its own uid, raising to 12: %s, ", res(setpriority(PRIO_USER, 0, 12)));
    printf("get %d\n", nice_of(PRIO_USER, 0));
    printf("unprivileged: PRIO_USER by number: %d\n", nice_of(PRIO_USER, OTHER_UID));
    printf("unprivileged: PRIO_USER of a uid without processes: %s\n", res(getpriority(PRIO_USER, OTHER_UID + 1)));
    printf("unprivileged: SCHED_FIFO (RLIMIT_RTPRIO 0): %s\n", res(setsched(0, SCHED_FIFO, 1)));
    printf("unprivileged: the parent's policy: %s\n", res(setsched(parent_pid, SCHED_OTHER, 0)));
    printf("unprivileged: SCHED_IDLE: %s\n", res(setsched(0, SCHED_IDLE, 0)));
    printf("unprivileged: back to SCHED_OTHER (RLIMIT_NICE decides): %s\n", res(setsched(0, SCHED_OTHER, 0)));
    struct attr a = normal();
    a.nice = -5;
    printf("unprivileged: sched_setattr nice -5: %s; nice -6: ", res(setattr(0, &a, 0)));
    a.nice = -6;
    printf("%s\n", res(setattr(0, &a, 0)));
    a = dl(10000000, 30000000, 30000000);
    printf("unprivileged: SCHED_DEADLINE: %s\n", res(setattr(0, &a, 0)));
    cpu_set_t m;
    sched_getaffinity(0, sizeof m, &m);
    printf("unprivileged: the parent's affinity: %s; its own: %s\n", res(sched_setaffinity(parent_pid, sizeof m, &m)),
           res(sched_setaffinity(0, sizeof m, &m)));
}

static void rtprio_limit(void) {
    struct rlimit rl = {10, 10};
    printf("setrlimit(RLIMIT_RTPRIO, 10): %s\n", res(setrlimit(RLIMIT_RTPRIO, &rl)));
    printf("root: SCHED_OTHER with reset-on-fork: %s\n", res(setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0)));
    if (!drop()) return;
    printf("unprivileged: clearing reset-on-fork: %s\n", res(setsched(0, SCHED_OTHER, 0)));
    printf("unprivileged: FIFO 5 keeping the flag: %s\n", res(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 5)));
    printf("unprivileged: FIFO 11: %s; RR (another policy) 5: %s\n", res(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 11)),
           res(setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 5)));
    printf("unprivileged: policy now %#x\n", sched_getscheduler(0));
    setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0);
}

static void priorities(void) {
    printf("== nice values\n");
    printf("start: nice %d\n", getpriority(PRIO_PROCESS, 0));
    printf("setpriority 5: %s; ", res(setpriority(PRIO_PROCESS, 0, 5)));
    printf("getpriority %d, raw %ld\n", getpriority(PRIO_PROCESS, 0), syscall(SYS_getpriority, PRIO_PROCESS, 0));
    printf("setpriority 100 (clamped): %s; ", res(setpriority(PRIO_PROCESS, 0, 100)));
    printf("now %d\n", getpriority(PRIO_PROCESS, 0));
    if (root) {
        printf("setpriority -100 as root: %s; ", res(setpriority(PRIO_PROCESS, 0, -100)));
        printf("now %d\n", getpriority(PRIO_PROCESS, 0));
    }
    printf("back to 0: %s\n", res(setpriority(PRIO_PROCESS, 0, 0)));
    printf("which 9: %s; which -1: %s\n", res(setpriority(9, 0, 0)), res(getpriority(-1, 0)));
    printf("no such process: %s, %s\n", res(getpriority(PRIO_PROCESS, 999999)), res(setpriority(PRIO_PROCESS, 999999, 1)));
    printf("by own pid: %s\n", res(setpriority(PRIO_PROCESS, getpid(), 1)));

    /* a thread id names that thread only */
    if (pipe(go) || pipe(done)) return;
    pthread_t t;
    pthread_create(&t, NULL, nice_thread, NULL);
    pid_t tid;
    if (read(done[0], &tid, sizeof tid) != sizeof tid) return;
    printf("the thread's own: set 6: %s; ", res(setpriority(PRIO_PROCESS, tid, 6)));
    printf("getpriority(its tid) %d; the caller's still %d\n", getpriority(PRIO_PROCESS, tid), getpriority(PRIO_PROCESS, 0));
    if (write(go[1], "x", 1) != 1) return;
    pthread_join(t, NULL);
    printf("the thread read its own nice: %d\n", thread_nice);

    /* fork keeps it */
    setpriority(PRIO_PROCESS, 0, 3);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(getpriority(PRIO_PROCESS, 0));
    int st;
    waitpid(c, &st, 0);
    printf("a child's nice after fork at 3: %d\n", WEXITSTATUS(st));
    setpriority(PRIO_PROCESS, 0, 0);

    in_child("pgrp", pgrp_child);
    parent_pid = getpid();
    if (root) in_child("unprivileged nice", unprivileged_nice);
    else printf("(not root: unprivileged scenarios skipped)\n");
    if (root) in_child("rtprio limit", rtprio_limit);
    printf("the parent's nice after it all: %d\n", getpriority(PRIO_PROCESS, 0));
}

/* A zombie (exited, not yet reaped) is still found by its pid. */
static void zombie(void) {
    printf("== a zombie\n");
    setpriority(PRIO_PROCESS, 0, 2);
    ioprio_set(1, 0, IOPRIO(2, 3));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(0);
    siginfo_t si;
    waitid(P_PID, c, &si, WEXITED | WNOWAIT);
    printf("getpriority: %d; ", getpriority(PRIO_PROCESS, c));
    printf("setpriority 9: %s; ", res(setpriority(PRIO_PROCESS, c, 9)));
    printf("now %d\n", getpriority(PRIO_PROCESS, c));
    printf("sched_getscheduler: %s; ", res(sched_getscheduler(c)));
    printf("setscheduler BATCH: %s; ", res(setsched(c, SCHED_BATCH, 0)));
    printf("now %s\n", res(sched_getscheduler(c)));
    cpu_set_t m, mine;
    sched_getaffinity(0, sizeof mine, &mine);
    long r = sched_getaffinity(c, sizeof m, &m);
    printf("getaffinity: %s, its parent's mask %d; ", res(r), r == 0 && CPU_EQUAL(&m, &mine));
    printf("setaffinity: %s\n", res(sched_setaffinity(c, sizeof mine, &mine)));
    printf("ioprio_get: %#lx; ", ioprio_get(1, c));
    printf("ioprio_set: %s; ", res(ioprio_set(1, c, IOPRIO(2, 5))));
    printf("now %#lx\n", ioprio_get(1, c));
    waitpid(c, NULL, 0);
    printf("reaped: %s\n", res(getpriority(PRIO_PROCESS, c)));
    setpriority(PRIO_PROCESS, 0, 0);
    ioprio_set(1, 0, 0);
}

/* ---- policies ------------------------------------------------------------------------------- */

static void show_policy(const char *when) {
    struct sched_param sp = {-1};
    int pol = sched_getscheduler(0);
    sched_getparam(0, &sp);
    printf("%s: policy %#x prio %d\n", when, pol, sp.sched_priority);
}

static void show_attr(const char *when, pid_t pid) {
    struct attr a;
    memset(&a, 0xee, sizeof a);
    long r = getattr(pid, &a, sizeof a, 0);
    printf("%s: getattr %s size %u policy %u flags %#llx nice %d prio %u runtime %s deadline %llu period %llu util %u %u\n",
           when, res(r), a.size, a.policy, (unsigned long long) a.flags, a.nice, a.priority,
           a.policy == SCHED_DEADLINE ? (a.runtime == 10000000 ? "10ms" : "other")
           : a.policy == SCHED_FIFO || a.policy == SCHED_RR ? (a.runtime == 0 ? "0" : "nonzero")
           : (a.runtime > 0 ? "the slice" : "0"),
           (unsigned long long) a.deadline, (unsigned long long) a.period, a.util_min, a.util_max);
}

static void rr(const char *when) {
    struct timespec ts = {-1, -1};
    long r = sched_rr_get_interval(0, &ts);
    printf("%s: rr_get_interval %s %s\n", when, res(r),
           ts.tv_sec == 0 && ts.tv_nsec == 0 ? "0" : ts.tv_sec == 0 && ts.tv_nsec > 0 ? "a slice" : "?");
}

static void reset_child(void) {
    show_policy("child of a reset-on-fork FIFO parent");
    printf("child's nice: %d\n", getpriority(PRIO_PROCESS, 0));
    show_attr("child", 0);
}

static void dl_reset_child(void) {
    show_policy("child of a reset-on-fork DEADLINE parent");
}

static int ready[2], release_[2];
static char busy_result[64], again_result[64];

static void *dl_thread(void *arg) {
    (void) arg;
    char c;
    if (read(release_[0], &c, 1) != 1) return NULL;
    struct attr a = dl(10000000, 10000000, 10000000);
    snprintf(busy_result, sizeof busy_result, "%s", res(setattr(0, &a, 0)));
    if (write(ready[1], "x", 1) != 1) return NULL;
    if (read(release_[0], &c, 1) != 1) return NULL;
    snprintf(again_result, sizeof again_result, "%s", res(setattr(0, &a, 0)));
    struct attr n = normal();
    setattr(0, &n, 0);
    return NULL;
}

static void *nothing(void *arg) { return arg; }

static void policies(void) {
    printf("== policies\n");
    show_policy("start");
    rr("SCHED_OTHER");
    struct sched_param sp = {0};
    printf("priority max/min DEADLINE: %d %d\n", sched_get_priority_max(SCHED_DEADLINE), sched_get_priority_min(SCHED_DEADLINE));
    printf("SCHED_OTHER prio 1: %s; FIFO 0: %s; FIFO 100: %s; policy 4: %s; policy 7: %s; -5: %s\n",
           res(setsched(0, SCHED_OTHER, 1)), res(setsched(0, SCHED_FIFO, 0)), res(setsched(0, SCHED_FIFO, 100)),
           res(setsched(0, 4, 0)), res(setsched(0, 7, 0)), res(setsched(0, -5, 0)));
    printf("DEADLINE by sched_setscheduler: %s\n", res(setsched(0, SCHED_DEADLINE, 0)));
    printf("NULL param: %s; bad param: %s; pid -1: %s; no such pid: %s\n",
           res(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL)),
           res(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *) 8)), res(setsched(-1, SCHED_OTHER, 0)),
           res(setsched(999999, SCHED_OTHER, 0)));
    printf("getscheduler(-1): %s; (999999): %s; getparam NULL: %s; bad: %s\n", res(sched_getscheduler(-1)),
           res(sched_getscheduler(999999)), res(syscall(SYS_sched_getparam, 0, NULL)),
           res(syscall(SYS_sched_getparam, 0, (void *) 8)));
    printf("SCHED_BATCH: %s; ", res(setsched(0, SCHED_BATCH, 0)));
    show_policy("batch");
    printf("SCHED_IDLE: %s; ", res(setsched(0, SCHED_IDLE, 0)));
    show_policy("idle");
    printf("setparam 0 on IDLE: %s\n", res(sched_setparam(0, &sp)));
    printf("back to SCHED_OTHER: %s\n", res(setsched(0, SCHED_OTHER, 0)));
    if (!root) return;
    setpriority(PRIO_PROCESS, 0, 4);
    printf("FIFO 10: %s; ", res(setsched(0, SCHED_FIFO, 10)));
    show_policy("fifo");
    printf("nice under FIFO: %d; ", getpriority(PRIO_PROCESS, 0));
    printf("setpriority 6 under FIFO: %s\n", res(setpriority(PRIO_PROCESS, 0, 6)));
    rr("FIFO");
    sp.sched_priority = 30;
    printf("setparam 30: %s; ", res(sched_setparam(0, &sp)));
    show_policy("fifo 30");
    sp.sched_priority = 0;
    printf("setparam 0 on FIFO: %s\n", res(sched_setparam(0, &sp)));
    printf("RR 20: %s; ", res(setsched(0, SCHED_RR, 20)));
    show_policy("rr");
    struct timespec ts;
    sched_rr_get_interval(0, &ts);
    printf("RR interval: %ld ms\n", ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    printf("rr_get_interval pid -1: %s; 999999: %s; bad pointer: %s\n", res(sched_rr_get_interval(-1, &ts)),
           res(sched_rr_get_interval(999999, &ts)), res(syscall(SYS_sched_rr_get_interval, 0, (void *) 8)));
    show_attr("rr", 0);
    printf("back to SCHED_OTHER: %s; ", res(setsched(0, SCHED_OTHER, 0)));
    printf("nice kept: %d\n", getpriority(PRIO_PROCESS, 0));
    printf("FIFO 5 with reset-on-fork: %s; ", res(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 5)));
    show_policy("fifo reset");
    setpriority(PRIO_PROCESS, 0, -3);
    in_child("reset", reset_child);
    printf("setparam keeps the flag: %s; ", res(sched_setparam(0, &(struct sched_param){7})));
    printf("policy %#x\n", sched_getscheduler(0));
    printf("back to SCHED_OTHER (clears the flag): %s; ", res(setsched(0, SCHED_OTHER, 0)));
    printf("policy %#x\n", sched_getscheduler(0));
    setpriority(PRIO_PROCESS, 0, 0);

    printf("== sched_setattr\n");
    show_attr("start", 0);
    struct attr a;
    printf("getattr size 47: %s; 4097: %s; flags 1: %s; NULL: %s; pid -1: %s; no such pid: %s; bad pointer: %s\n",
           res(getattr(0, &a, 47, 0)), res(getattr(0, &a, 4097, 0)), res(getattr(0, &a, sizeof a, 1)),
           res(getattr(0, NULL, sizeof a, 0)), res(getattr(-1, &a, sizeof a, 0)), res(getattr(999999, &a, sizeof a, 0)),
           res(getattr(0, (void *) 8, sizeof a, 0)));
    unsigned char big[80];
    memset(big, 0xff, sizeof big);
    long r = getattr(0, big, 64, 0);
    printf("getattr usize 64: %s size %u, bytes 56..63 zero %d, 64.. untouched %d\n", res(r), *(uint32_t *) big,
           big[56] == 0 && big[63] == 0, big[64] == 0xff);
    memset(big, 0xff, sizeof big);
    r = getattr(0, big, 48, 0);
    printf("getattr usize 48: %s size %u, byte 48 untouched %d\n", res(r), *(uint32_t *) big, big[48] == 0xff);
    a = normal();
    a.nice = 3;
    printf("setattr OTHER nice 3: %s; ", res(setattr(0, &a, 0)));
    printf("getpriority %d\n", getpriority(PRIO_PROCESS, 0));
    a.nice = 50;
    printf("nice 50 (clamped): %s; ", res(setattr(0, &a, 0)));
    printf("getpriority %d\n", getpriority(PRIO_PROCESS, 0));
    a = normal();
    a.size = 0;
    printf("size 0 (the first version): %s; ", res(setattr(0, &a, 0)));
    printf("getpriority %d\n", getpriority(PRIO_PROCESS, 0));
    a.size = 40;
    printf("size 40: %s, ", res(setattr(0, &a, 0)));
    printf("size now %u\n", a.size);
    memset(big, 0, sizeof big);
    memcpy(big, &(struct attr){.size = 64, .policy = SCHED_BATCH}, sizeof(struct attr));
    big[60] = 1;
    printf("size 64, nonzero tail: %s, ", res(setattr(0, (struct attr *) big, 0)));
    printf("size now %u\n", *(uint32_t *) big);
    *(uint32_t *) big = 64;
    big[60] = 0;
    printf("size 64, zero tail: %s; ", res(setattr(0, (struct attr *) big, 0)));
    printf("policy %d\n", sched_getscheduler(0));
    *(uint32_t *) big = 8192;
    printf("size 8192: %s, ", res(setattr(0, (struct attr *) big, 0)));
    printf("size now %u\n", *(uint32_t *) big);
    a = normal();
    setattr(0, &a, 0);
    a = normal();
    printf("flags argument 1: %s; NULL: %s; pid -1: %s; no such pid: %s; bad pointer: %s\n", res(setattr(0, &a, 1)),
           res(setattr(0, NULL, 0)), res(setattr(-1, &a, 0)), res(setattr(999999, &a, 0)),
           res(setattr(0, (struct attr *) 8, 0)));
    a.flags = 0x80;
    printf("unknown flag: %s; ", res(setattr(0, &a, 0)));
    a.flags = FLAG_SUGOV;
    printf("SUGOV: %s; ", res(setattr(0, &a, 0)));
    a.flags = 0;
    a.policy = (uint32_t) -1;
    printf("policy -1: %s; policy 4: ", res(setattr(0, &a, 0)));
    a.policy = 4;
    printf("%s\n", res(setattr(0, &a, 0)));
    a = normal();
    a.flags = FLAG_UTIL_CLAMP_MIN;
    a.util_min = 100;
    a.size = 48;
    printf("util clamp in a 48-byte attr: %s; ", res(setattr(0, &a, 0)));
    a.size = sizeof a;
    long uc = setattr(0, &a, 0);
    printf("in 56 bytes: %s\n", uc == 0 ? "0" : res(uc));
    a.util_min = 2000;
    long uc2 = setattr(0, &a, 0);
    printf("util_min 2000: %s\n", uc2 == 0 ? "0" : res(uc2));
    a = normal();
    setattr(0, &a, 0);
    a.policy = SCHED_FIFO;
    a.priority = 10;
    printf("setattr FIFO 10: %s; ", res(setattr(0, &a, 0)));
    show_attr("fifo", 0);
    a = normal();
    a.priority = 20;
    a.flags = FLAG_KEEP_POLICY;
    printf("KEEP_POLICY prio 20: %s; ", res(setattr(0, &a, 0)));
    show_policy("kept");
    a = normal();
    a.policy = SCHED_RR;
    a.flags = FLAG_KEEP_PARAMS | FLAG_RESET_ON_FORK;
    printf("RR with KEEP_PARAMS and reset-on-fork: %s; ", res(setattr(0, &a, 0)));
    show_attr("rr kept", 0);
    a = normal();
    a.nice = -2;
    printf("OTHER nice -2: %s; ", res(setattr(0, &a, 0)));
    show_attr("other", 0);

    printf("== SCHED_DEADLINE\n");
    struct attr d = dl(0, 30000000, 30000000);
    printf("deadline 0 runtime: %s; ", res(setattr(0, &d, 0)));
    d = dl(512, 30000000, 30000000);
    printf("runtime 512 ns: %s; ", res(setattr(0, &d, 0)));
    d = dl(20000000, 10000000, 30000000);
    printf("runtime > deadline: %s; ", res(setattr(0, &d, 0)));
    d = dl(10000000, 30000000, 20000000);
    printf("period < deadline: %s\n", res(setattr(0, &d, 0)));
    d = dl(10000, 0, 0);
    printf("no deadline: %s; ", res(setattr(0, &d, 0)));
    d = dl(10000, 50000, 50000);
    printf("period 50 us: %s; ", res(setattr(0, &d, 0)));
    d = dl(10000000, 30000000, 5000000000ull);
    printf("period 5 s: %s; ", res(setattr(0, &d, 0)));
    d = dl(10000000, 30000000, 30000000);
    d.priority = 1;
    printf("priority 1: %s\n", res(setattr(0, &d, 0)));
    d = dl(10000000, 30000000, 0);
    printf("10 ms every 30 ms (period from the deadline): %s; ", res(setattr(0, &d, 0)));
    show_attr("deadline", 0);
    show_policy("deadline");
    rr("DEADLINE");
    printf("nice under DEADLINE: %d\n", getpriority(PRIO_PROCESS, 0));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(0);
    printf("fork of a deadline task: %s\n", res(c));
    if (c > 0) waitpid(c, NULL, 0);
    pthread_t t;
    int pr = pthread_create(&t, NULL, nothing, NULL);
    printf("pthread_create of a deadline task: %s\n", pr == 0 ? "0" : strerrorname_np(pr));
    if (pr == 0) pthread_join(t, NULL);
    d.flags = FLAG_RESET_ON_FORK;
    printf("with reset-on-fork: %s; ", res(setattr(0, &d, 0)));
    printf("policy %#x\n", sched_getscheduler(0));
    in_child("dl reset", dl_reset_child);
    a = normal();
    printf("back to OTHER: %s\n", res(setattr(0, &a, 0)));

    /* admission: two tasks of 100% do not fit on this machine's CPUs with the fair servers' share */
    if (pipe(ready) || pipe(release_)) return;
    pthread_create(&t, NULL, dl_thread, NULL);
    d = dl(10000000, 10000000, 10000000);
    printf("a whole CPU: %s\n", res(setattr(0, &d, 0)));
    if (write(release_[1], "x", 1) != 1) return;
    char ch;
    if (read(ready[0], &ch, 1) != 1) return;
    printf("another thread asking for a whole CPU too: %s\n", busy_result);
    a = normal();
    setattr(0, &a, 0);
    nanosleep(&(struct timespec){0, 200000000}, NULL); /* its bandwidth is freed at its 0-lag time */
    if (write(release_[1], "x", 1) != 1) return;
    pthread_join(t, NULL);
    printf("once the first has let go: %s\n", again_result);
    show_policy("end");
}

/* ---- CPUs ----------------------------------------------------------------------------------- */

static int first_cpu;
static cpu_set_t all_cpus;

static void *affinity_thread(void *arg) {
    cpu_set_t m;
    sched_getaffinity(0, sizeof m, &m);
    *(int *) arg = CPU_COUNT(&m) == 1 && CPU_ISSET(first_cpu, &m);
    return NULL;
}

static void affinity_child(void) {
    cpu_set_t m;
    sched_getaffinity(0, sizeof m, &m);
    printf("a child has its parent's mask: %d\n", CPU_COUNT(&m) == 1 && CPU_ISSET(first_cpu, &m));
}

static void cpus(void) {
    printf("== affinity\n");
    long n = syscall(SYS_sched_getaffinity, 0, sizeof all_cpus, &all_cpus);
    printf("getaffinity: %s bytes (a multiple of 8: %d), CPUs in it > 0: %d\n", n > 0 ? "some" : res(n), n > 0 && n % 8 == 0,
           CPU_COUNT(&all_cpus) > 0);
    unsigned cpu = 99, node = 99;
    long r = syscall(SYS_getcpu, &cpu, &node, NULL);
    printf("getcpu: %s, the CPU is in the mask: %d, node %u\n", res(r), CPU_ISSET(cpu, &all_cpus), node);
    printf("getcpu NULL NULL: %s; bad pointer: %s; sched_getcpu in the mask: %d\n", res(syscall(SYS_getcpu, NULL, NULL, NULL)),
           res(syscall(SYS_getcpu, (void *) 8, NULL, NULL)), CPU_ISSET(sched_getcpu(), &all_cpus));
    for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &all_cpus)) first_cpu = i; /* the last: not CPU 0 where there are more */
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first_cpu, &one);
    printf("setaffinity to one CPU: %s\n", res(sched_setaffinity(0, sizeof one, &one)));
    cpu_set_t m;
    sched_getaffinity(0, sizeof m, &m);
    printf("getaffinity now: %d CPU, the one set: %d\n", CPU_COUNT(&m), CPU_ISSET(first_cpu, &m));
    int ok = 1;
    for (int i = 0; i < 50; i++) {
        sched_yield();
        if (sched_getcpu() != first_cpu) ok = 0;
        syscall(SYS_getcpu, &cpu, NULL, NULL);
        if ((int) cpu != first_cpu) ok = 0;
    }
    printf("getcpu answers that CPU every time: %d\n", ok);
    pthread_t t;
    int inherited = 0;
    pthread_create(&t, NULL, affinity_thread, &inherited);
    pthread_join(t, NULL);
    printf("a new thread has the mask: %d\n", inherited);
    in_child("affinity", affinity_child);
    printf("back to every CPU: %s; ", res(sched_setaffinity(0, sizeof all_cpus, &all_cpus)));
    sched_getaffinity(0, sizeof m, &m);
    printf("the same CPUs again: %d\n", CPU_EQUAL(&m, &all_cpus));
    cpu_set_t none;
    CPU_ZERO(&none);
    printf("no CPU: %s; ", res(sched_setaffinity(0, sizeof none, &none)));
    unsigned long far[32] = {0};
    far[31] = 1ul << 63; /* CPU 2047 */
    printf("only CPU 2047: %s; length 0: %s; NULL: %s; no such pid: %s\n", res(syscall(SYS_sched_setaffinity, 0, sizeof far, far)),
           res(syscall(SYS_sched_setaffinity, 0, 0, &all_cpus)), res(syscall(SYS_sched_setaffinity, 0, 8, NULL)),
           res(sched_setaffinity(999999, sizeof one, &one)));
    printf("getaffinity size 0: %s; size 12: %s; NULL: %s; no such pid: %s; pid -1: %s\n",
           res(syscall(SYS_sched_getaffinity, 0, 0, &m)), res(syscall(SYS_sched_getaffinity, 0, 12, &m)),
           res(syscall(SYS_sched_getaffinity, 0, sizeof m, NULL)), res(syscall(SYS_sched_getaffinity, 999999, sizeof m, &m)),
           res(syscall(SYS_sched_getaffinity, -1, sizeof m, &m)));
    sched_getaffinity(0, sizeof m, &m);
    printf("the mask is unchanged by the errors: %d\n", CPU_EQUAL(&m, &all_cpus));
}

/* ---- io priorities -------------------------------------------------------------------------- */

static void io_unprivileged(void) {
    if (!drop()) return;
    printf("unprivileged: RT: %s; ", res(ioprio_set(1, 0, IOPRIO(1, 0))));
    printf("BE 2 on itself: %s, ", res(ioprio_set(1, 0, IOPRIO(2, 2))));
    printf("get %#lx\n", ioprio_get(1, 0));
    printf("unprivileged: the parent's: %s; ", res(ioprio_set(1, parent_pid, IOPRIO(2, 2))));
    printf("reading it: %#lx\n", ioprio_get(1, parent_pid));
    printf("unprivileged: IOPRIO_WHO_USER of its uid: set IDLE %s, ", res(ioprio_set(3, OTHER_UID, IOPRIO(3, 0))));
    printf("get %#lx; ", ioprio_get(3, OTHER_UID));
    printf("uid without processes: %s\n", res(ioprio_get(3, OTHER_UID + 1)));
}

static void io_group(void) {
    setpgid(0, 0);
    setpriority(PRIO_PROCESS, 0, 7);
    ioprio_set(1, 0, 0);
    printf("group without io priorities, nice 7: %#lx\n", ioprio_get(2, 0));
    setsched(0, SCHED_IDLE, 0);
    printf("SCHED_IDLE: %#lx\n", ioprio_get(2, 0));
    setsched(0, SCHED_OTHER, 0);
    printf("set BE 1 for the group: %s; ", res(ioprio_set(2, 0, IOPRIO(2, 1))));
    printf("get %#lx; process %#lx\n", ioprio_get(2, 0), ioprio_get(1, 0));
    printf("no such group: %s %s\n", res(ioprio_get(2, 999999)), res(ioprio_set(2, 999999, 0)));
}

static void io_child(void) {
    printf("a child's io priority: %#lx\n", ioprio_get(1, 0));
}

static void ioprio(void) {
    printf("== io priorities\n");
    printf("start: %#lx\n", ioprio_get(1, 0));
    printf("BE 4: %s, ", res(ioprio_set(1, 0, IOPRIO(2, 4))));
    printf("get %#lx\n", ioprio_get(1, 0));
    printf("IDLE: %s, ", res(ioprio_set(1, 0, IOPRIO(3, 0))));
    printf("get %#lx\n", ioprio_get(1, 0));
    if (root) printf("RT 3: %s, ", res(ioprio_set(1, 0, IOPRIO(1, 3))));
    printf("get %#lx\n", ioprio_get(1, 0));
    printf("BE with a hint: %s, ", res(ioprio_set(1, 0, IOPRIO(2, 8 | 5))));
    printf("get %#lx\n", ioprio_get(1, 0));
    in_child("io inherit", io_child);
    printf("NONE: %s, ", res(ioprio_set(1, 0, 0)));
    printf("get %#lx\n", ioprio_get(1, 0));
    printf("NONE level 3: %s; class 4: %s; class 7: %s; which 0: %s; which 4: %s; get which 9: %s\n",
           res(ioprio_set(1, 0, 3)), res(ioprio_set(1, 0, IOPRIO(4, 0))), res(ioprio_set(1, 0, IOPRIO(7, 0))),
           res(ioprio_set(0, 0, 0)), res(ioprio_set(4, 0, 0)), res(ioprio_get(9, 0)));
    printf("1 << 16: %s, ", res(ioprio_set(1, 0, 1 << 16)));
    printf("get %#lx\n", ioprio_get(1, 0));
    printf("NONE with a hint: %s, ", res(ioprio_set(1, 0, 8)));
    printf("get %#lx\n", ioprio_get(1, 0));
    in_child("io inherit none", io_child);
    printf("no such pid: %s %s\n", res(ioprio_set(1, 999999, 0)), res(ioprio_get(1, 999999)));
    printf("by own pid: %s, ", res(ioprio_set(1, getpid(), IOPRIO(2, 6))));
    printf("get %#lx\n", ioprio_get(1, getpid()));
    in_child("io group", io_group);
    if (root) in_child("io unprivileged", io_unprivileged);
    ioprio_set(1, 0, 0);
}

/* ---- UTS names ------------------------------------------------------------------------------ */

static char host_node[65];

static void show_names(const char *when) {
    struct utsname u;
    uname(&u);
    char node[200] = "", dom[200] = "";
    int fd = open("/proc/sys/kernel/hostname", O_RDONLY);
    long n = fd >= 0 ? read(fd, node, sizeof node - 1) : -1;
    if (fd >= 0) close(fd);
    fd = open("/proc/sys/kernel/domainname", O_RDONLY);
    long m = fd >= 0 ? read(fd, dom, sizeof dom - 1) : -1;
    if (fd >= 0) close(fd);
    if (n > 0) node[n] = 0;
    if (m > 0) dom[m] = 0;
    char gh[100] = "";
    gethostname(gh, sizeof gh);
    printf("%s: uname [%s] [%s], /proc/sys/kernel [%.*s] [%.*s], gethostname [%s]\n", when, u.nodename, u.domainname,
           n > 0 ? (int) n - 1 : 0, node, m > 0 ? (int) m - 1 : 0, dom, gh);
}

static void *names_thread(void *arg) {
    (void) arg;
    show_names("a thread");
    return NULL;
}

static void uts_unprivileged(void) {
    if (!drop()) return;
    printf("unprivileged: sethostname %s, setdomainname %s, unshare(CLONE_NEWUTS) %s, unshare(CLONE_NEWNET) %s\n",
           res(sethostname("x", 1)), res(setdomainname("x", 1)), res(unshare(CLONE_NEWUTS)), res(unshare(CLONE_NEWNET)));
}

static void uts_grandchild(void) {
    show_names("a child of the renamed process");
}

static void uts_child(void) {
    long r = unshare(CLONE_NEWUTS);
    printf("unshare(CLONE_NEWUTS): %s\n", res(r));
    if (r != 0) return; /* never rename the host */
    struct utsname u;
    uname(&u);
    printf("the copy starts with the old name: %d\n", strcmp(u.nodename, host_node) == 0);
    printf("sethostname: %s; setdomainname: %s\n", res(sethostname("guest-name", 10)), res(setdomainname("dom.example", 11)));
    show_names("renamed");
    pthread_t t;
    pthread_create(&t, NULL, names_thread, NULL);
    pthread_join(t, NULL);
    in_child("uts grandchild", uts_grandchild);
    char long_name[70];
    memset(long_name, 'a', sizeof long_name);
    printf("len 65: %s; len -1: %s; bad pointer: %s; ", res(sethostname(long_name, 65)),
           res(syscall(SYS_sethostname, long_name, -1)), res(syscall(SYS_sethostname, 8, 4)));
    printf("domain len 65: %s, bad pointer: %s\n", res(setdomainname(long_name, 65)), res(syscall(SYS_setdomainname, 8, 4)));
    printf("len 64: %s; ", res(sethostname(long_name, 64)));
    uname(&u);
    printf("uname has 64 bytes: %d\n", strlen(u.nodename) == 64);
    printf("an inner NUL: %s; ", res(sethostname("ab\0cd", 5)));
    show_names("ab");
    printf("len 0: %s; ", res(sethostname("zz", 0)));
    show_names("empty");
    printf("unshare again: %s; ", res(unshare(CLONE_NEWUTS)));
    show_names("still its names");
    if (root) in_child("uts unprivileged", uts_unprivileged);
}

static void *sleeper(void *arg) {
    char c;
    if (read(*(int *) arg, &c, 1) < 0) return NULL;
    return NULL;
}

static void unshare_threads(void) {
    int p[2];
    if (pipe(p)) return;
    pthread_t t;
    pthread_create(&t, NULL, sleeper, &p[0]);
    printf("with a thread: CLONE_THREAD %s, CLONE_VM %s, CLONE_SIGHAND %s, CLONE_NEWUTS %s\n", res(unshare(CLONE_THREAD)),
           res(unshare(CLONE_VM)), res(unshare(CLONE_SIGHAND)), res(unshare(CLONE_NEWUTS)));
    if (write(p[1], "x", 1) != 1) return;
    pthread_join(t, NULL);
}

static void names(void) {
    printf("== UTS names\n");
    struct utsname u;
    uname(&u);
    snprintf(host_node, sizeof host_node, "%s", u.nodename);
    char node[200] = "";
    int fd = open("/proc/sys/kernel/hostname", O_RDONLY);
    long n = fd >= 0 ? read(fd, node, sizeof node - 1) : -1;
    if (fd >= 0) close(fd);
    if (n > 0) node[n - 1] = 0;
    printf("/proc/sys/kernel/hostname is uname's nodename: %d\n", strcmp(node, u.nodename) == 0);
    printf("unshare(0): %s; CLONE_FILES: %s; CLONE_FS: %s; CLONE_THREAD|CLONE_VM|CLONE_SIGHAND alone: %s; CSIGNAL bits: %s\n",
           res(unshare(0)), res(unshare(CLONE_FILES)), res(unshare(CLONE_FS)),
           res(unshare(CLONE_THREAD | CLONE_VM | CLONE_SIGHAND)), res(unshare(0x11)));
    int sem = semget(IPC_PRIVATE, 1, 0600);
    struct sembuf up = {0, 2, SEM_UNDO};
    semop(sem, &up, 1);
    printf("the semaphore: %d; ", semctl(sem, 0, GETVAL));
    printf("CLONE_SYSVSEM: %s; ", res(unshare(CLONE_SYSVSEM)));
    printf("after its undo: %d\n", semctl(sem, 0, GETVAL));
    semctl(sem, 0, IPC_RMID);
    in_child("unshare threads", unshare_threads);
    if (root) in_child("uts", uts_child);
    uname(&u);
    printf("the parent's names are unchanged: %d\n", strcmp(u.nodename, host_node) == 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    root = geteuid() == 0;
    priorities();
    zombie();
    policies();
    cpus();
    ioprio();
    names();
    printf("done\n");
    return 0;
}
