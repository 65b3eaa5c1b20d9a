/* futex2 (futex_wait, futex_wake, futex_waitv, futex_requeue), kcmp, capget of another thread,
 * get_robust_list's permission check, execveat and openat2 (issue 15), compared with a native run.
 * argv[1] is a scratch directory ("fdmisc show ..." is what the execveat cases run). Threads prove
 * a wait is queued before it is woken by requeueing it onto its own futex (which wakes no one and
 * counts it). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/kcmp.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#ifndef SYS_futex_wake
#define SYS_futex_wake 454
#define SYS_futex_wait 455
#define SYS_futex_requeue 456
#endif
#define F32 0x02
#define FNUMA 0x04
#define FMPOL 0x08
#define FPRIV 0x80
#define ANY 0xffffffffUL

static long fwake(void *a, unsigned long mask, int nr, unsigned flags) {
    return syscall(SYS_futex_wake, a, mask, nr, flags);
}
static long fwait(void *a, unsigned long val, unsigned long mask, unsigned flags, struct timespec *ts, int clk) {
    return syscall(SYS_futex_wait, a, val, mask, flags, ts, clk);
}
static long frequeue(struct futex_waitv *v, unsigned flags, int nw, int nr) {
    return syscall(SYS_futex_requeue, v, flags, nw, nr);
}

/* Waits until n threads are queued on the futex at a (flags as they waited), without waking any. */
static void queued(uint32_t *a, unsigned flags, int n) {
    struct futex_waitv v[2] = {{*a, (uintptr_t) a, flags, 0}, {*a, (uintptr_t) a, flags, 0}};
    while (frequeue(v, 0, 0, n) < n) usleep(1000);
}

static uint32_t fw[8] __attribute__((aligned(64)));

static void futex2_errors(void) {
    printf("-- futex2 errors\n");
    long r;
    for (unsigned f = 0; f < 0x200; f++) {
        r = fwake(&fw[0], ANY, 1, f);
        if (r >= 0 || errno != EINVAL) printf("futex_wake flags %#x: %s\n", f, res(r));
    }
    r = syscall(SYS_futex_wake, &fw[0], ANY, 1, F32 | 0x100000000UL); printf("flags' upper half ignored: %s\n", res(r));
    r = fwake(&fw[0], 0, 1, F32); printf("wake mask 0: %s\n", res(r));
    r = fwake(&fw[0], 0x100000000UL, 1, F32); printf("wake mask of 33 bits: %s\n", res(r));
    r = fwake(&fw[0], 1, 0, F32); printf("wake nr 0: %s\n", res(r));
    r = fwake((char *) &fw[0] + 2, 1, 1, F32); printf("wake unaligned: %s\n", res(r));
    r = fwake(&fw[1], 1, 1, F32 | FNUMA); printf("wake NUMA not 8-aligned: %s\n", res(r));
    fw[1] = 5; r = fwake(&fw[0], 1, 1, F32 | FNUMA); printf("wake NUMA node 5: %s\n", res(r));
    fw[1] = 1; r = fwake(&fw[0], 1, 1, F32 | FNUMA); printf("wake NUMA node 1: %s\n", res(r));
    fw[1] = -1; r = fwake(&fw[0], 1, 1, F32 | FNUMA); printf("wake NUMA no node: %s, node word now %d\n", res(r), (int) fw[1]);
    fw[1] = 0; r = fwake(&fw[0], 1, 1, F32 | FNUMA); printf("wake NUMA node 0: %s\n", res(r));
    r = fwake((void *) 8, 1, 1, F32); printf("wake unmapped shared: %s\n", res(r));
    r = fwake((void *) 8, 1, 1, F32 | FPRIV); printf("wake unmapped private: %s\n", res(r));
    r = fwake((void *) 8, 1, 1, F32 | FPRIV | FNUMA); printf("wake unmapped private NUMA: %s\n", res(r));
    r = syscall(SYS_futex, (void *) 8, FUTEX_WAKE, 1); printf("FUTEX_WAKE unmapped: %s\n", res(r));
    r = syscall(SYS_futex, (void *) 8, FUTEX_WAKE_PRIVATE, 1); printf("FUTEX_WAKE_PRIVATE unmapped: %s\n", res(r));
    r = syscall(SYS_futex, &fw[0], FUTEX_WAKE, -1); printf("FUTEX_WAKE -1: %s\n", res(r));

    struct timespec past = {0, 0}, bad = {0, 1000000000}, neg = {-1, 0};
    fw[0] = 3;
    r = fwait(&fw[0], 4, ANY, F32, NULL, 0); printf("wait other value: %s\n", res(r));
    r = fwait(&fw[0], 3, 0, F32, NULL, 0); printf("wait mask 0: %s\n", res(r));
    r = fwait(&fw[0], 0x100000003UL, 1, F32, NULL, 0); printf("wait value of 33 bits: %s\n", res(r));
    r = fwait(&fw[0], 3, 0x100000000UL, F32, NULL, 0); printf("wait mask of 33 bits: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, &past, CLOCK_REALTIME); printf("wait REALTIME past: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, &past, CLOCK_MONOTONIC); printf("wait MONOTONIC past: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, &past, CLOCK_BOOTTIME); printf("wait BOOTTIME: %s\n", res(r));
    r = fwait(&fw[0], 4, 1, F32, &past, CLOCK_PROCESS_CPUTIME_ID); printf("wait bad clock, other value: %s\n", res(r));
    r = fwait(&fw[0], 4, 1, F32, NULL, 77); printf("wait clock without timeout: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, (void *) 8, CLOCK_MONOTONIC); printf("wait unmapped timeout: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, (void *) 8, 77); printf("wait unmapped timeout, bad clock: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, &bad, CLOCK_MONOTONIC); printf("wait tv_nsec 1e9: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32, &neg, CLOCK_MONOTONIC); printf("wait tv_sec -1: %s\n", res(r));
    r = fwait((void *) 8, 3, 1, F32, NULL, 0); printf("wait unmapped: %s\n", res(r));
    r = fwait((char *) &fw[0] + 1, 3, 1, F32, NULL, 0); printf("wait unaligned: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, F32 | 0x10, NULL, 0); printf("wait unknown flag: %s\n", res(r));
    r = fwait(&fw[0], 3, 1, 0x03, NULL, 0); printf("wait U64: %s\n", res(r));
    fw[2] = 3; fw[3] = -1;
    r = fwait(&fw[2], 3, 1, F32 | FNUMA, &past, CLOCK_MONOTONIC); printf("wait NUMA: %s node %d\n", res(r), (int) fw[3]);
    fw[3] = -1;
    r = fwait(&fw[2], 4, 1, F32 | FNUMA, &past, CLOCK_MONOTONIC); printf("wait NUMA other value: %s node %d\n", res(r), (int) fw[3]);
    fw[3] = -1;
    r = fwait(&fw[2], 3, 1, F32 | FNUMA | FMPOL, &past, CLOCK_MONOTONIC); printf("wait NUMA|MPOL: %s node %d\n", res(r), (int) fw[3]);
    r = fwait(&fw[2], 3, 1, F32 | FMPOL, &past, CLOCK_MONOTONIC); printf("wait MPOL: %s\n", res(r));

    struct futex_waitv v[2] = {{3, (uintptr_t) &fw[0], F32, 0}, {3, (uintptr_t) &fw[2], F32 | FPRIV, 0}};
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv past: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 2, 1, &past, CLOCK_MONOTONIC); printf("waitv flags 1: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 0, 0, &past, CLOCK_MONOTONIC); printf("waitv none: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 129, 0, &past, CLOCK_MONOTONIC); printf("waitv 129: %s\n", res(r));
    r = syscall(SYS_futex_waitv, NULL, 1, 0, &past, CLOCK_MONOTONIC); printf("waitv NULL: %s\n", res(r));
    r = syscall(SYS_futex_waitv, (void *) 8, 1, 0, &past, CLOCK_MONOTONIC); printf("waitv unmapped: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_TAI); printf("waitv TAI: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 2, 0, (void *) 8, CLOCK_MONOTONIC); printf("waitv unmapped timeout: %s\n", res(r));
    v[1].val = 4;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv other value: %s\n", res(r));
    r = syscall(SYS_futex_waitv, v, 2, 0, NULL, 77); printf("waitv other value, no timeout: %s\n", res(r));
    v[1].val = 3; v[1].__reserved = 1;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv reserved: %s\n", res(r));
    v[1].__reserved = 0; v[1].flags = 1;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv U16: %s\n", res(r));
    v[1].flags = F32; v[1].uaddr = 8;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv unmapped word: %s\n", res(r));
    v[1].uaddr = (uintptr_t) &fw[2]; v[1].val = 0x100000003ULL;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv value of 33 bits: %s\n", res(r));
    v[1].val = 3; v[0].uaddr += 2;
    r = syscall(SYS_futex_waitv, v, 2, 0, &past, CLOCK_MONOTONIC); printf("waitv unaligned: %s\n", res(r));
    v[0].uaddr -= 2;

    r = frequeue(v, 0, 1, 1); printf("requeue: %s\n", res(r));
    r = frequeue(v, 1, 1, 1); printf("requeue flags 1: %s\n", res(r));
    v[1].flags = F32;
    r = frequeue(v, 0, 1, 1); printf("requeue: %s\n", res(r));
    r = frequeue(NULL, 0, 1, 1); printf("requeue NULL: %s\n", res(r));
    r = frequeue((void *) 8, 0, 1, 1); printf("requeue unmapped: %s\n", res(r));
    r = frequeue(v, 0, -1, 1); printf("requeue nr_wake -1: %s\n", res(r));
    r = frequeue(v, 0, 1, -1); printf("requeue nr_requeue -1: %s\n", res(r));
    v[0].val = 9; r = frequeue(v, 0, 1, 1); printf("requeue other value: %s\n", res(r));
    v[0].val = 3; v[1].val = 99; r = frequeue(v, 0, 1, 1); printf("requeue second value unchecked: %s\n", res(r));
    v[1].flags = F32 | FNUMA; r = frequeue(v, 0, 1, 1); printf("requeue mixed NUMA: %s\n", res(r));
    v[1].flags = 0; r = frequeue(v, 0, 1, 1); printf("requeue U8: %s\n", res(r));
}

struct waiter { uint32_t *a; unsigned long val, mask; unsigned flags; int legacy; long r; int err; };

static void *wait_thread(void *p) {
    struct waiter *w = p;
    if (w->legacy) w->r = syscall(SYS_futex, w->a, w->legacy == 2 ? FUTEX_WAIT_PRIVATE : FUTEX_WAIT, (int) w->val, NULL);
    else w->r = fwait(w->a, w->val, w->mask, w->flags, NULL, 0);
    w->err = errno;
    return NULL;
}

static const char *done(struct waiter *w) {
    errno = w->err;
    return res(w->r);
}

static struct futex_waitv wv[3];
static long wv_r;
static int wv_err;

static void *waitv_thread(void *p) {
    (void) p;
    wv_r = syscall(SYS_futex_waitv, wv, 3, 0, NULL, 0);
    wv_err = errno;
    return NULL;
}

static void on_usr1(int s) { (void) s; }

static void futex2_threads(void) {
    printf("-- futex2 with threads\n");
    pthread_t t, u;
    static uint32_t a __attribute__((aligned(8))), b __attribute__((aligned(8)));
    a = 0;
    struct waiter w = {&a, 0, ANY, F32 | FPRIV, 0, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w);
    queued(&a, F32 | FPRIV, 1);
    printf("FUTEX_WAKE_PRIVATE wakes a private futex_wait: %s\n", res(syscall(SYS_futex, &a, FUTEX_WAKE_PRIVATE, 1)));
    pthread_join(t, NULL);
    printf("  futex_wait returned %s\n", done(&w));

    w = (struct waiter) {&a, 0, ANY, 0, 1, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w);
    queued(&a, F32, 1);
    printf("private futex_wake of a shared FUTEX_WAIT: %s\n", res(fwake(&a, ANY, 1, F32 | FPRIV)));
    printf("FUTEX_WAKE_PRIVATE of it: %s\n", res(syscall(SYS_futex, &a, FUTEX_WAKE_PRIVATE, 1)));
    printf("futex_wake nr 0: %s\n", res(fwake(&a, ANY, 0, F32)));
    printf("shared futex_wake of it: %s\n", res(fwake(&a, ANY, 1, F32)));
    pthread_join(t, NULL);
    printf("  FUTEX_WAIT returned %s\n", done(&w));

    w = (struct waiter) {&a, 0, 0x1, F32, 0, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w);
    queued(&a, F32, 1);
    printf("futex_wake mask 2 of a mask-1 waiter: %s\n", res(fwake(&a, 2, 1, F32)));
    printf("FUTEX_WAKE_BITSET 4 of it: %s\n", res(syscall(SYS_futex, &a, FUTEX_WAKE_BITSET, 1, NULL, NULL, 4)));
    printf("FUTEX_WAKE_BITSET 3 of it: %s\n", res(syscall(SYS_futex, &a, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3)));
    pthread_join(t, NULL);
    printf("  futex_wait returned %s\n", done(&w));

    w = (struct waiter) {&a, 0, ANY, F32, 0, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w);
    queued(&a, F32, 1);
    printf("futex_wake nr -1: %s\n", res(fwake(&a, ANY, -1, F32)));
    pthread_join(t, NULL);
    printf("  futex_wait returned %s\n", done(&w));

    /* requeue: two waiters on a, one woken, one moved to b, woken there */
    struct waiter w1 = {&a, 0, ANY, F32 | FPRIV, 0, 0, 0}, w2 = {&a, 0, ANY, 0, 2, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w1);
    pthread_create(&u, NULL, wait_thread, &w2);
    queued(&a, F32 | FPRIV, 2);
    b = 7;
    struct futex_waitv rq[2] = {{0, (uintptr_t) &a, F32 | FPRIV, 0}, {123, (uintptr_t) &b, F32 | FPRIV, 0}};
    printf("futex_requeue wake 1, move 1: %s\n", res(frequeue(rq, 0, 1, 1)));
    printf("FUTEX_WAKE_PRIVATE on the first: %s\n", res(syscall(SYS_futex, &a, FUTEX_WAKE_PRIVATE, 2)));
    printf("futex_wake on the second: %s\n", res(fwake(&b, ANY, 2, F32 | FPRIV)));
    pthread_join(t, NULL);
    pthread_join(u, NULL);
    printf("  waiters returned %s %s\n", done(&w1), done(&w2));

    /* futex_waitv woken by futex(2) on its second futex: the index */
    static uint32_t x[3] __attribute__((aligned(8))) = {1, 2, 3};
    for (int i = 0; i < 3; i++) wv[i] = (struct futex_waitv) {x[i], (uintptr_t) &x[i], F32 | (i == 1 ? 0 : FPRIV), 0};
    pthread_create(&t, NULL, waitv_thread, NULL);
    queued(&x[2], F32 | FPRIV, 1);
    queued(&x[1], F32, 1);
    printf("FUTEX_WAKE of the waitv's second: %s\n", res(syscall(SYS_futex, &x[1], FUTEX_WAKE, 1)));
    pthread_join(t, NULL);
    errno = wv_err;
    printf("  futex_waitv returned %s\n", res(wv_r));
    pthread_create(&t, NULL, waitv_thread, NULL);
    queued(&x[0], F32 | FPRIV, 1);
    printf("futex_wake of the waitv's first: %s\n", res(fwake(&x[0], ANY, 1, F32 | FPRIV)));
    pthread_join(t, NULL);
    errno = wv_err;
    printf("  futex_waitv returned %s\n", res(wv_r));

    /* timeouts: absolute on either clock */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    long r = syscall(SYS_futex_waitv, wv, 3, 0, &ts, CLOCK_MONOTONIC);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("futex_waitv MONOTONIC +30ms: %s, after the deadline %d\n", res(r),
           now.tv_sec > ts.tv_sec || (now.tv_sec == ts.tv_sec && now.tv_nsec >= ts.tv_nsec));
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    r = fwait(&a, a, ANY, F32, &ts, CLOCK_REALTIME);
    clock_gettime(CLOCK_REALTIME, &now);
    printf("futex_wait REALTIME +30ms: %s, after the deadline %d\n", res(r),
           now.tv_sec > ts.tv_sec || (now.tv_sec == ts.tv_sec && now.tv_nsec >= ts.tv_nsec));

    /* a signal without SA_RESTART ends a wait with EINTR */
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    w = (struct waiter) {&a, a, ANY, F32, 0, 0, 0};
    pthread_create(&t, NULL, wait_thread, &w);
    queued(&a, F32, 1);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("futex_wait interrupted by a handler: %s\n", done(&w));
    pthread_create(&t, NULL, waitv_thread, NULL);
    queued(&x[0], F32 | FPRIV, 1);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    errno = wv_err;
    printf("futex_waitv interrupted by a handler: %s\n", res(wv_r));
    signal(SIGUSR1, SIG_DFL);
}

#ifndef SYS_kcmp
#define SYS_kcmp 312
#endif

static long kcmp(pid_t a, pid_t b, int type, unsigned long i1, unsigned long i2) {
    return syscall(SYS_kcmp, a, b, type, i1, i2);
}

/* Both directions: "same" (0 both ways), "different" (1 and 2, or 2 and 1), or what went wrong. */
static const char *rel(pid_t a, pid_t b, int type, unsigned long i1, unsigned long i2) {
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    long x = kcmp(a, b, type, i1, i2);
    int ex = errno;
    long y = kcmp(b, a, type, i2, i1);
    if (x == 0 && y == 0) return "same";
    if ((x == 1 && y == 2) || (x == 2 && y == 1)) return "different";
    errno = ex;
    snprintf(buf[k], sizeof buf[k], "%s/", res(x));
    strncat(buf[k], res(y), sizeof buf[k] - strlen(buf[k]) - 1);
    return buf[k];
}

static volatile int thread_tid;
static int go_pipe[2];

static void *idle_thread(void *p) {
    (void) p;
    thread_tid = gettid();
    char c;
    if (read(go_pipe[0], &c, 1) < 0) return NULL;
    return NULL;
}

static void kcmp_section(const char *dir) {
    printf("-- kcmp\n");
    pid_t me = getpid();
    char path[4200];
    snprintf(path, sizeof path, "%s/kcmp-file", dir);
    int a = open(path, O_RDWR | O_CREAT, 0600), b = open(path, O_RDONLY), c = dup(a);
    printf("an fd and itself: %s\n", rel(me, me, KCMP_FILE, a, a));
    printf("an fd and its dup: %s\n", rel(me, me, KCMP_FILE, a, c));
    printf("two opens of one file: %s\n", rel(me, me, KCMP_FILE, a, b));
    long x = kcmp(me, me, KCMP_FILE, a, b), y = kcmp(me, me, KCMP_FILE, b, c);
    long z = kcmp(me, me, KCMP_FILE, a, 0), w = kcmp(me, me, KCMP_FILE, 0, c);
    printf("the order is one order: %d %d\n", x == 3 - y, z == 3 - w);
    printf("a closed fd: %s\n", res(kcmp(me, me, KCMP_FILE, a, 999)));
    printf("fd -1: %s\n", res(kcmp(me, me, KCMP_FILE, (unsigned long) -1, a)));
    printf("type 8: %s\n", res(kcmp(me, me, 8, 0, 0)));
    printf("type -1: %s\n", res(kcmp(me, me, -1, 0, 0)));
    printf("no such pid: %s\n", res(kcmp(me, 999999, KCMP_VM, 0, 0)));
    printf("no such pid, bad type: %s\n", res(kcmp(999999, me, 99, 0, 0)));
    printf("pid 0: %s\n", res(kcmp(0, me, KCMP_VM, 0, 0)));
    for (int t = KCMP_VM; t <= KCMP_SYSVSEM; t++) printf("self type %d: %s\n", t, rel(me, me, t, 0, 0));

    /* a thread shares everything */
    pthread_t th;
    if (pipe(go_pipe)) return;
    pthread_create(&th, NULL, idle_thread, NULL);
    while (!thread_tid) usleep(1000);
    for (int t = KCMP_VM; t <= KCMP_SYSVSEM; t++) printf("thread type %d: %s\n", t, rel(me, thread_tid, t, 0, 0));
    printf("thread's fd: %s\n", rel(me, thread_tid, KCMP_FILE, a, c));

    /* epoll targets */
    int ep = epoll_create1(0), p[2];
    if (pipe(p)) return;
    struct epoll_event ev = {EPOLLIN, {0}};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
    struct kcmp_epoll_slot slot = {ep, p[0], 0};
    printf("epoll target, its fd: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long) &slot)));
    printf("epoll target, another fd: %s\n", kcmp(me, me, KCMP_EPOLL_TFD, p[1], (unsigned long) &slot) > 0 ? "nonzero" : "0 or error");
    int pd = dup(p[0]);
    printf("epoll target, a dup of its fd: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, pd, (unsigned long) &slot)));
    slot.toff = 1;
    printf("epoll target, toff 1: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, pd, (unsigned long) &slot)));
    slot.tfd = a;
    printf("epoll target, a regular file (never watched): %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, c, (unsigned long) &slot)));
    slot.toff = 0; slot.tfd = b;
    printf("epoll target not watched: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, c, (unsigned long) &slot)));
    slot.efd = a;
    printf("epoll slot naming no epoll: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, c, (unsigned long) &slot)));
    slot.efd = 999;
    printf("epoll slot naming no fd: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, c, (unsigned long) &slot)));
    slot.efd = ep;
    printf("epoll idx1 closed: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, 999, (unsigned long) &slot)));
    printf("epoll slot unmapped: %s\n", res(kcmp(me, me, KCMP_EPOLL_TFD, 999, 8)));

    /* a forked child: a copy of each, the same open files */
    int sync1[2], sync2[2];
    if (pipe(sync1) || pipe(sync2)) return;
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        char ch;
        if (read(sync1[0], &ch, 1) != 1) _exit(1);
        if (ch == 'u') { /* drop to an unprivileged user */
            if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000)) _exit(2);
            printf("  child as uid 1000: kcmp of its parent %s, of itself %s\n", res(kcmp(getppid(), getpid(), KCMP_VM, 0, 0)),
                   res(kcmp(getpid(), getpid(), KCMP_VM, 0, 0)));
            void *head; size_t len;
            printf("  child as uid 1000: get_robust_list of its parent %s, of itself %s\n",
                   res(syscall(SYS_get_robust_list, getppid(), &head, &len)), res(syscall(SYS_get_robust_list, 0, &head, &len)));
            fflush(stdout);
            if (write(sync2[1], "x", 1) != 1) _exit(3);
            if (read(sync1[0], &ch, 1) != 1) _exit(1);
        }
        _exit(0);
    }
    for (int t = KCMP_VM; t <= KCMP_SYSVSEM; t++) printf("child type %d: %s\n", t, rel(me, kid, t, 0, 0));
    printf("child's inherited fd: %s\n", rel(me, kid, KCMP_FILE, a, a));
    printf("child's fd against another open: %s\n", rel(me, kid, KCMP_FILE, b, a));
    int sem = semget(IPC_PRIVATE, 1, 0600);
    struct sembuf up = {0, 1, SEM_UNDO};
    printf("semop SEM_UNDO: %s\n", res(semop(sem, &up, 1)));
    printf("child after SEM_UNDO: %s\n", rel(me, kid, KCMP_SYSVSEM, 0, 0));
    printf("thread after SEM_UNDO: %s\n", rel(me, thread_tid, KCMP_SYSVSEM, 0, 0));
    semctl(sem, 0, IPC_RMID);
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, thread_tid};
    struct __user_cap_data_struct d1[2], d2[2];
    long r1 = syscall(SYS_capget, &h, d1);
    h.pid = 0;
    long r2 = syscall(SYS_capget, &h, d2);
    printf("capget of a thread: %s, the process's sets %d\n", res(r1), r1 == 0 && r2 == 0 && !memcmp(d1, d2, sizeof d1));
    void *head; size_t len;
    long rr;
    len = 0;
    rr = syscall(SYS_get_robust_list, thread_tid, &head, &len);
    printf("get_robust_list of a thread: %s len %zu\n", res(rr), len);
    printf("get_robust_list of the child: %s\n", res(syscall(SYS_get_robust_list, kid, &head, &len)));
    printf("get_robust_list, no such task: %s\n", res(syscall(SYS_get_robust_list, 999999, &head, &len)));
    printf("get_robust_list, len unmapped: %s\n", res(syscall(SYS_get_robust_list, 0, &head, (void *) 8)));
    len = 0;
    rr = syscall(SYS_get_robust_list, 0, (void *) 8, &len);
    printf("get_robust_list, head unmapped: %s len %zu\n", res(rr), len);

    /* the child as another user: EPERM both ways but for root's CAP_SYS_PTRACE */
    if (write(sync1[1], "u", 1) != 1) return;
    char ch;
    if (read(sync2[0], &ch, 1) != 1) return;
    printf("root's kcmp of a uid-1000 child: %s\n", rel(me, kid, KCMP_VM, 0, 0));
    printf("root's get_robust_list of it: %s\n", res(syscall(SYS_get_robust_list, kid, &head, &len)));
    if (write(sync1[1], "x", 1) != 1) return;
    int st;
    waitpid(kid, &st, 0);
    printf("child status %d\n", st);

    /* a zombie */
    fflush(stdout);
    kid = fork();
    if (kid == 0) _exit(0);
    siginfo_t si;
    waitid(P_PID, kid, &si, WEXITED | WNOWAIT);
    printf("zombie: VM %s FILES %s FS %s SIGHAND %s file %s\n", rel(me, kid, KCMP_VM, 0, 0), rel(me, kid, KCMP_FILES, 0, 0),
           rel(me, kid, KCMP_FS, 0, 0), rel(me, kid, KCMP_SIGHAND, 0, 0), res(kcmp(kid, me, KCMP_FILE, 0, 0)));
    h.pid = kid;
    printf("capget of a zombie: %s\n", res(syscall(SYS_capget, &h, d1)));
    head = (void *) 1;
    rr = syscall(SYS_get_robust_list, kid, &head, &len);
    printf("get_robust_list of a zombie: %s head %p\n", res(rr), head);
    waitpid(kid, &st, 0);
    if (write(go_pipe[1], "x", 1) != 1) return;
    pthread_join(th, NULL);
}

/* ---- execveat ---- */

static const char *scratch;

/* s with the scratch directory shown as $DIR (native and Helctic runs use different ones). */
static const char *undir(const char *s) {
    static char b[4][4200];
    static int k;
    k = (k + 1) % 4;
    const char *d = getenv("FDMISC_DIR");
    size_t n = d ? strlen(d) : 0;
    const char *at = n ? strstr(s, d) : NULL;
    if (!at) snprintf(b[k], sizeof b[k], "%s", s);
    else snprintf(b[k], sizeof b[k], "%.*s$DIR%s", (int) (at - s), s, at + n);
    return b[k];
}

/* What an exec'd copy of this program is told: argv, AT_EXECFN, its name and its file. */
static int show(int argc, char **argv) {
    char comm[64] = "", exe[4200] = "";
    FILE *f = fopen("/proc/self/comm", "r");
    if (f) {
        if (!fgets(comm, sizeof comm, f)) comm[0] = 0;
        fclose(f);
    }
    comm[strcspn(comm, "\n")] = 0;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = 0;
    printf("  argv:");
    for (int i = 0; i < argc; i++) printf(" [%s]", undir(argv[i]));
    printf(" execfn [%s] comm [%s] exe [%s]\n", undir((const char *) getauxval(AT_EXECFN)), comm, undir(exe));
    return 0;
}

static void exec_case(const char *what, int dfd, const char *path, int flags) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char env[4300];
        snprintf(env, sizeof env, "FDMISC_DIR=%s", scratch);
        char *argv[] = {"x", "show", "more", NULL}, *envp[] = {env, NULL};
        long r = syscall(SYS_execveat, dfd, path, argv, envp, flags);
        printf("%s: %s\n", what, res(r));
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    if (st) printf("%s: status %d\n", what, st);
}

static int copy_to(int to, const char *from) {
    int s = open(from, O_RDONLY);
    char buf[65536];
    ssize_t n;
    while ((n = read(s, buf, sizeof buf)) > 0) if (write(to, buf, n) != n) return -1;
    close(s);
    return 0;
}

static void execveat_section(const char *dir) {
    printf("-- execveat\n");
    printf("close_range(3, ~0, 0): %s\n", res(syscall(SYS_close_range, 3, ~0U, 0)));
    scratch = dir;
    setenv("FDMISC_DIR", dir, 1);
    char prog[4200], link[4200], scr[4200], gone[4200], line[4300];
    snprintf(prog, sizeof prog, "%s/prog", dir);
    snprintf(link, sizeof link, "%s/proglink", dir);
    snprintf(scr, sizeof scr, "%s/scr", dir);
    snprintf(gone, sizeof gone, "%s/gone", dir);
    int out = open(prog, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    copy_to(out, "/proc/self/exe");
    close(out);
    out = open(gone, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    copy_to(out, "/proc/self/exe");
    close(out);
    if (symlink("prog", link)) printf("symlink failed\n");
    snprintf(line, sizeof line, "#!%s show\n", prog);
    out = open(scr, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (write(out, line, strlen(line)) < 0) printf("write failed\n");
    close(out);

    int d = open(dir, O_RDONLY | O_DIRECTORY);
    int f = open(prog, O_RDONLY), op = open(prog, O_PATH), fc = open(prog, O_RDONLY | O_CLOEXEC);
    int dc = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    exec_case("dirfd and name", d, "prog", 0);
    exec_case("absolute path", AT_FDCWD, prog, 0);
    exec_case("absolute path, a bad dirfd", 99, prog, 0);
    exec_case("an open file", f, "", AT_EMPTY_PATH);
    exec_case("an O_PATH descriptor", op, "", AT_EMPTY_PATH);
    exec_case("a close-on-exec descriptor", fc, "", AT_EMPTY_PATH);
    exec_case("a symlink, AT_SYMLINK_NOFOLLOW", d, "proglink", AT_SYMLINK_NOFOLLOW);
    exec_case("a symlink", d, "proglink", 0);
    exec_case("a name with AT_EMPTY_PATH", d, "prog", AT_EMPTY_PATH);
    exec_case("empty path, no AT_EMPTY_PATH", f, "", 0);
    exec_case("flag 2", d, "prog", 2);
    exec_case("AT_REMOVEDIR", d, "prog", AT_REMOVEDIR);
    exec_case("a bad dirfd", 99, "prog", 0);
    exec_case("a dirfd that is a file", f, "prog", 0);
    exec_case("a missing name", d, "nope", 0);
    exec_case("a directory descriptor", d, "", AT_EMPTY_PATH);
    exec_case("AT_FDCWD and an empty path", AT_FDCWD, "", AT_EMPTY_PATH);
    exec_case("a directory name", d, ".", 0);
    exec_case("path unmapped", d, (const char *) 8, 0);
    exec_case("a script by dirfd and name", d, "scr", 0);
    exec_case("a script through a close-on-exec dirfd", dc, "scr", 0);
    exec_case("a script, absolute", AT_FDCWD, scr, 0);
    int m = memfd_create("mfd", 0);
    copy_to(m, "/proc/self/exe");
    exec_case("a memfd", m, "", AT_EMPTY_PATH);
    int ms = memfd_create("script", 0);
    if (write(ms, line, strlen(line)) < 0) printf("write failed\n");
    exec_case("a memfd script", ms, "", AT_EMPTY_PATH);
    int msc = memfd_create("scriptc", MFD_CLOEXEC);
    if (write(msc, line, strlen(line)) < 0) printf("write failed\n");
    exec_case("a close-on-exec memfd script", msc, "", AT_EMPTY_PATH);
    int g = open(gone, O_RDONLY);
    unlink(gone);
    exec_case("an unlinked file", g, "", AT_EMPTY_PATH);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char *argv[] = {"x", "show", NULL};
        execve(link, argv, environ);
        _exit(1);
    }
    int st;
    waitpid(p, &st, 0);
}

/* ---- openat2 ---- */

static long o2(int d, const char *p, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how h = {flags, mode, resolve};
    long r = syscall(SYS_openat2, d, p, &h, sizeof h);
    if (r >= 0) { close(r); return 0; }
    return r;
}

static volatile int racing;
static char race_dir[4200];

static void *renamer(void *p) {
    (void) p;
    char a[4300], b[4300];
    snprintf(a, sizeof a, "%s/in/sub", race_dir);
    snprintf(b, sizeof b, "%s/sub", race_dir);
    while (racing) {
        if (rename(a, b) == 0) rename(b, a);
    }
    return NULL;
}

static void openat2_section(const char *dir) {
    printf("-- openat2\n");
    syscall(SYS_close_range, 3, ~0U, 0);
    char o[4200], t[4300];
    snprintf(o, sizeof o, "%s/o", dir);
    mkdir(o, 0755);
    snprintf(t, sizeof t, "%s/sub", o); mkdir(t, 0755);
    snprintf(t, sizeof t, "%s/f", o); close(open(t, O_CREAT | O_WRONLY, 0644));
    snprintf(t, sizeof t, "%s/abs", o); if (symlink("/etc/passwd", t)) printf("symlink failed\n");
    snprintf(t, sizeof t, "%s/absf", o); if (symlink("/f", t)) printf("symlink failed\n");
    snprintf(t, sizeof t, "%s/sub/up", o); if (symlink("../f", t)) printf("symlink failed\n");
    snprintf(t, sizeof t, "%s/esc", o); if (symlink("../o/f", t)) printf("symlink failed\n");
    snprintf(t, sizeof t, "%s/rel", o); if (symlink("f", t)) printf("symlink failed\n");
    int d = open(o, O_RDONLY | O_DIRECTORY);
    struct { struct open_how h; uint64_t extra; } big = {{O_RDONLY, 0, 0}, 0};
    long r = syscall(SYS_openat2, d, "f", &big, 32);
    printf("size 32, zero tail: %s\n", r >= 0 ? "ok" : res(r));
    if (r >= 0) close(r);
    big.extra = 1;
    printf("size 32, a non-zero tail: %s\n", res(syscall(SYS_openat2, d, "f", &big, 32)));
    printf("size 16: %s\n", res(syscall(SYS_openat2, d, "f", &big, 16)));
    printf("size 0: %s\n", res(syscall(SYS_openat2, d, "f", &big, 0)));
    printf("size 4097: %s\n", res(syscall(SYS_openat2, d, "f", &big, 4097)));
    printf("how NULL: %s\n", res(syscall(SYS_openat2, d, "f", NULL, 24)));
    printf("how unmapped, size 4096: %s\n", res(syscall(SYS_openat2, d, "f", (void *) 8, 4096)));
    printf("plain: %s\n", res(o2(d, "f", O_RDONLY, 0, 0)));
    printf("a mode without O_CREAT: %s\n", res(o2(d, "f", O_RDONLY, 0644, 0)));
    printf("mode 010000 with O_CREAT: %s\n", res(o2(d, "g", O_CREAT | O_WRONLY, 010000, 0)));
    printf("O_CREAT with mode 0644: %s\n", res(o2(d, "g", O_CREAT | O_WRONLY, 0644, 0)));
    printf("flag bit 40: %s\n", res(o2(d, "f", O_RDONLY | (1ULL << 40), 0, 0)));
    printf("flag 04: %s\n", res(o2(d, "f", 04, 0, 0)));
    printf("flag 0x40000000: %s\n", res(o2(d, "f", 0x40000000, 0, 0)));
    printf("O_ACCMODE 3: %s\n", res(o2(d, "f", 3, 0, 0)));
    printf("resolve 0x40: %s\n", res(o2(d, "f", 0, 0, 0x40)));
    printf("BENEATH|IN_ROOT: %s\n", res(o2(d, "f", 0, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT)));
    printf("O_CREAT|O_DIRECTORY: %s\n", res(o2(d, "zz", O_CREAT | O_DIRECTORY, 0644, 0)));
    printf("O_PATH|O_RDWR: %s\n", res(o2(d, "f", O_PATH | O_RDWR, 0, 0)));
    printf("O_PATH|O_NOFOLLOW|O_CLOEXEC|O_DIRECTORY: %s\n", res(o2(d, "sub", O_PATH | O_NOFOLLOW | O_CLOEXEC | O_DIRECTORY, 0, 0)));
    printf("O_TMPFILE read-only: %s\n", res(o2(d, ".", O_TMPFILE | O_RDONLY, 0600, 0)));
    printf("O_TMPFILE with O_CREAT: %s\n", res(o2(d, ".", O_TMPFILE | O_CREAT | O_RDWR, 0600, 0)));
    printf("path unmapped: %s\n", res(o2(d, (char *) 8, 0, 0, 0)));
    printf("bad dirfd: %s\n", res(o2(99, "f", 0, 0, 0)));
    printf("BENEATH f: %s\n", res(o2(d, "f", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH ..: %s\n", res(o2(d, "..", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH sub/..: %s\n", res(o2(d, "sub/..", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH sub/../..: %s\n", res(o2(d, "sub/../..", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH an absolute path: %s\n", res(o2(d, o, 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH an absolute symlink: %s\n", res(o2(d, "abs", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH sub/up: %s\n", res(o2(d, "sub/up", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH a symlink climbing out and back: %s\n", res(o2(d, "esc", 0, 0, RESOLVE_BENEATH)));
    printf("BENEATH a magic link: %s\n", res(o2(AT_FDCWD, "/proc/self/fd/0", 0, 0, RESOLVE_BENEATH)));
    printf("IN_ROOT ../f: %s\n", res(o2(d, "../f", 0, 0, RESOLVE_IN_ROOT)));
    printf("IN_ROOT /f: %s\n", res(o2(d, "/f", 0, 0, RESOLVE_IN_ROOT)));
    printf("IN_ROOT an absolute symlink to /f: %s\n", res(o2(d, "absf", 0, 0, RESOLVE_IN_ROOT)));
    printf("IN_ROOT an absolute symlink to /etc/passwd: %s\n", res(o2(d, "abs", 0, 0, RESOLVE_IN_ROOT)));
    printf("IN_ROOT esc: %s\n", res(o2(d, "esc", 0, 0, RESOLVE_IN_ROOT)));
    printf("NO_SYMLINKS rel: %s\n", res(o2(d, "rel", 0, 0, RESOLVE_NO_SYMLINKS)));
    printf("NO_SYMLINKS rel O_PATH|O_NOFOLLOW: %s\n", res(o2(d, "rel", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS)));
    printf("NO_SYMLINKS rel O_NOFOLLOW: %s\n", res(o2(d, "rel", O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS)));
    printf("NO_SYMLINKS sub/up: %s\n", res(o2(d, "sub/up", 0, 0, RESOLVE_NO_SYMLINKS)));
    printf("NO_MAGICLINKS /proc/self/exe: %s\n", res(o2(AT_FDCWD, "/proc/self/exe", 0, 0, RESOLVE_NO_MAGICLINKS)));
    printf("NO_MAGICLINKS /proc/self/fd/0: %s\n", res(o2(AT_FDCWD, "/proc/self/fd/0", 0, 0, RESOLVE_NO_MAGICLINKS)));
    printf("NO_MAGICLINKS O_PATH|O_NOFOLLOW: %s\n", res(o2(AT_FDCWD, "/proc/self/exe", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_MAGICLINKS)));
    printf("NO_MAGICLINKS /proc/self/status: %s\n", res(o2(AT_FDCWD, "/proc/self/status", 0, 0, RESOLVE_NO_MAGICLINKS)));
    printf("NO_MAGICLINKS rel: %s\n", res(o2(d, "rel", 0, 0, RESOLVE_NO_MAGICLINKS)));
    printf("NO_XDEV /proc/self/status: %s\n", res(o2(AT_FDCWD, "/proc/self/status", 0, 0, RESOLVE_NO_XDEV)));
    printf("NO_XDEV f: %s\n", res(o2(d, "f", 0, 0, RESOLVE_NO_XDEV)));
    printf("NO_XDEV sub/..: %s\n", res(o2(d, "sub/..", 0, 0, RESOLVE_NO_XDEV)));
    printf("CACHED f: %s\n", res(o2(d, "f", 0, 0, RESOLVE_CACHED)));
    printf("CACHED O_CREAT: %s\n", res(o2(d, "f", O_CREAT, 0644, RESOLVE_CACHED)));
    printf("CACHED O_TRUNC: %s\n", res(o2(d, "f", O_TRUNC | O_WRONLY, 0, RESOLVE_CACHED)));
    printf("CACHED and a bad mode: %s\n", res(o2(d, "f", O_CREAT, 010000, RESOLVE_CACHED)));

    /* a directory moving in and out under a scoped walk never lets it reach the file outside */
    snprintf(race_dir, sizeof race_dir, "%s/race", dir);
    mkdir(race_dir, 0755);
    snprintf(t, sizeof t, "%s/in", race_dir); mkdir(t, 0755);
    int in = open(t, O_RDONLY | O_DIRECTORY);
    snprintf(t, sizeof t, "%s/in/sub", race_dir); mkdir(t, 0755);
    snprintf(t, sizeof t, "%s/outside", race_dir); close(open(t, O_CREAT | O_WRONLY, 0644));
    racing = 1;
    pthread_t th;
    pthread_create(&th, NULL, renamer, NULL);
    int escapes = 0;
    for (int i = 0; i < 3000; i++) {
        if (o2(in, "sub/../../outside", 0, 0, RESOLVE_BENEATH) == 0) escapes++;
        if (o2(in, "sub/../../outside", 0, 0, RESOLVE_IN_ROOT) == 0) escapes++;
        if (o2(in, "sub/../../../../race/outside", 0, 0, RESOLVE_IN_ROOT) == 0) escapes++;
    }
    racing = 0;
    pthread_join(th, NULL);
    printf("racing renames: escapes %d\n", escapes);
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "show")) return show(argc, argv);
    if (argc < 2) return 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    futex2_errors();
    futex2_threads();
    kcmp_section(argv[1]);
    execveat_section(argv[1]);
    openat2_section(argv[1]);
    return 0;
}
