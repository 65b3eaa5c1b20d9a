/* Linux native AIO through raw syscalls (io_setup, io_submit, io_getevents, io_pgetevents,
 * io_cancel, io_destroy), the completion ring read straight from memory as libaio does, and the
 * small filesystem calls ustat and sysfs (issue 15). Run in a scratch directory (argv[1]);
 * compared byte for byte with a native run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x20
#endif
#define RWF_ATOMIC_ 0x40

struct aio_ring {
    unsigned id, nr, head, tail, magic, compat_features, incompat_features, header_length;
    struct io_event io_events[];
};

struct aio_sigset {
    const sigset_t *sigmask;
    size_t sigsetsize;
};

struct ustat_ {
    int f_tfree;
    unsigned long f_tinode;
    char f_fname[6];
    char f_fpack[6];
};

static long io_setup_(unsigned nr, aio_context_t *ctx) { return syscall(SYS_io_setup, nr, ctx); }
static long io_destroy_(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
static long io_submit_(aio_context_t ctx, long nr, struct iocb **p) { return syscall(SYS_io_submit, ctx, nr, p); }
static long io_cancel_(aio_context_t ctx, struct iocb *i, struct io_event *e) { return syscall(SYS_io_cancel, ctx, i, e); }
static long io_getevents_(aio_context_t ctx, long min, long nr, struct io_event *ev, struct timespec *ts) {
    return syscall(SYS_io_getevents, ctx, min, nr, ev, ts);
}
static long io_pgetevents_(aio_context_t ctx, long min, long nr, struct io_event *ev, struct timespec *ts,
                           struct aio_sigset *s) {
    return syscall(SYS_io_pgetevents, ctx, min, nr, ev, ts, s);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long aio_nr(void) {
    char b[64] = {0};
    int fd = open("/proc/sys/fs/aio-nr", O_RDONLY);
    if (fd < 0) return -1;
    long n = read(fd, b, sizeof b - 1);
    close(fd);
    return n > 0 ? atol(b) : -1;
}

static struct iocb cb(int op, int fd, void *buf, long n, long off, unsigned long long data) {
    struct iocb c;
    memset(&c, 0, sizeof c);
    c.aio_lio_opcode = op;
    c.aio_fildes = fd;
    c.aio_buf = (uintptr_t) buf;
    c.aio_nbytes = n;
    c.aio_offset = off;
    c.aio_data = data;
    return c;
}

/* Submits one iocb: io_submit's result as text. */
static const char *one(aio_context_t ctx, struct iocb *c) {
    struct iocb *p[1] = {c};
    long r = io_submit_(ctx, 1, p);
    return res(r);
}

static int cmp_data(const void *a, const void *b) {
    const struct io_event *x = a, *y = b;
    return x->data < y->data ? -1 : x->data > y->data;
}

static const char *evres(long long r) {
    static char b[4][32];
    static int k;
    k = (k + 1) % 4;
    if (r < 0) snprintf(b[k], sizeof b[k], "%s", strerrorname_np((int) -r));
    else snprintf(b[k], sizeof b[k], "%lld", r);
    return b[k];
}

static void print_events(const char *what, struct io_event *ev, long n, struct iocb **cbs) {
    qsort(ev, n, sizeof *ev, cmp_data);
    for (long i = 0; i < n; i++) {
        int obj_ok = 0;
        for (int k = 0; cbs && cbs[k]; k++) obj_ok |= ev[i].obj == (uintptr_t) cbs[k];
        printf("  %s event data %llu: res %s res2 %lld obj %s\n", what, (unsigned long long) ev[i].data,
               evres((long long) ev[i].res), (long long) ev[i].res2, cbs ? (obj_ok ? "matches" : "WRONG") : "-");
    }
}

static volatile int alarms, pipes_seen;
static void on_alarm(int s) { (void) s; alarms++; }
static void on_pipe(int s) { (void) s; pipes_seen++; }

static void arm(long ms) {
    struct itimerval t = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &t, NULL);
}

static int mapped(unsigned long addr, char *perms, char *name) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long a, b;
        char p[8], n[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255[^\n]", &a, &b, p, n) >= 3 && a == addr) {
            found = 1;
            if (perms) strcpy(perms, p);
            if (name) strcpy(name, n);
        }
    }
    if (f) fclose(f);
    return found;
}

static void setup_errors(void) {
    aio_context_t ctx = 0;
    printf("io_setup(0): %s\n", res(io_setup_(0, &ctx)));
    ctx = 1;
    printf("io_setup with *ctxp != 0: %s\n", res(io_setup_(1, &ctx)));
    printf("io_setup(1, NULL): %s\n", res(io_setup_(1, NULL)));
    printf("io_setup(1, 1): %s\n", res(io_setup_(1, (aio_context_t *) 1)));
    ctx = 0;
    printf("io_setup(70000) past aio-max-nr: %s\n", res(io_setup_(70000, &ctx)));
    printf("io_setup(0x800000) too many events: %s\n", res(io_setup_(0x800000, &ctx)));
    printf("io_setup(0xffffffff): %s\n", res(io_setup_(0xffffffffu, &ctx)));
    printf("io_setup(0x80000000) (doubled to 0): %s\n", res(io_setup_(0x80000000u, &ctx)));
    printf("ctx still 0: %d\n", ctx == 0);
}

static void file_io(aio_context_t ctx) {
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char out[] = "hello aio world", in[32] = {0}, v1[4] = "abc", v2[5] = "defg", r1[3] = {0}, r2[6] = {0};
    struct iovec wv[2] = {{v1, 3}, {v2, 4}}, rv[2] = {{r1, 3}, {r2, 4}};
    struct iocb w = cb(IOCB_CMD_PWRITE, fd, out, 15, 0, 1);
    w.aio_key = 0x55;
    struct iocb *p[1] = {&w};
    long sub = io_submit_(ctx, 1, p);
    printf("PWRITE: io_submit %s, aio_key now %u\n", res(sub), w.aio_key);
    struct iocb c2 = cb(IOCB_CMD_PREAD, fd, in, 20, 6, 2), c3 = cb(IOCB_CMD_PWRITEV, fd, wv, 2, 100, 3),
                c4 = cb(IOCB_CMD_PREADV, fd, rv, 2, 100, 4), c5 = cb(IOCB_CMD_FSYNC, fd, NULL, 0, 0, 5),
                c6 = cb(IOCB_CMD_FDSYNC, fd, NULL, 0, 0, 6);
    struct iocb *batch[] = {&c2, &c3, &c4, &c5, &c6, NULL};
    printf("batch of 5: io_submit %s\n", res(io_submit_(ctx, 5, batch)));
    struct io_event ev[8];
    long n = io_getevents_(ctx, 6, 8, ev, NULL);
    printf("io_getevents(min 6): %s\n", res(n));
    struct iocb *all[] = {&w, &c2, &c3, &c4, &c5, &c6, NULL};
    if (n > 0) print_events("file", ev, n, all);
    printf("read at 6: '%s'; readv at 100: '%s' '%s'\n", in, r1, r2);
    long at = lseek(fd, 0, SEEK_CUR);
    printf("file offset unmoved: %ld; size %ld\n", at, (long) lseek(fd, 0, SEEK_END));

    /* appending: an O_APPEND file, and RWF_APPEND */
    int afd = open("data", O_WRONLY | O_APPEND);
    struct iocb a1 = cb(IOCB_CMD_PWRITE, afd, "XY", 2, 0, 7);
    struct iocb a2 = cb(IOCB_CMD_PWRITE, fd, "Z", 1, 0, 8);
    a2.aio_rw_flags = RWF_APPEND;
    printf("O_APPEND write: %s; RWF_APPEND write: %s\n", one(ctx, &a1), one(ctx, &a2));
    n = io_getevents_(ctx, 2, 8, ev, NULL);
    printf("io_getevents: %s\n", res(n));
    if (n > 0) print_events("append", ev, n, NULL);
    char whole[128] = {0};
    pread(fd, whole, sizeof whole, 0);
    printf("start '%.15s', at 107 '%s', size %ld\n", whole, whole + 107, (long) lseek(fd, 0, SEEK_END));
    close(afd);

    /* a buffer that access_ok takes but nothing maps: the event says EFAULT */
    struct iocb f = cb(IOCB_CMD_PREAD, fd, (void *) 0x1000, 4, 0, 9);
    printf("PREAD into an unmapped page: io_submit %s\n", one(ctx, &f));
    n = io_getevents_(ctx, 1, 1, ev, NULL);
    if (n == 1) printf("  event res %s\n", evres((long long) ev[0].res));
    struct iocb k = cb(IOCB_CMD_PREAD, fd, (void *) 0xffff800000000000ul, 4, 0, 10);
    printf("PREAD into a kernel address: %s\n", one(ctx, &k));
    close(fd);
}

static void ring_direct(aio_context_t ctx) {
    struct aio_ring *ring = (struct aio_ring *) ctx;
    int fd = open("data", O_RDONLY);
    char buf[8] = {0};
    struct iocb c = cb(IOCB_CMD_PREAD, fd, buf, 5, 0, 77);
    unsigned before = ring->tail;
    printf("ring: head == tail before: %d\n", ring->head == ring->tail);
    printf("PREAD: %s\n", one(ctx, &c));
    unsigned tail = ring->tail, head = ring->head;
    printf("ring tail moved by %u\n", (tail + ring->nr - before) % ring->nr);
    struct io_event *e = &ring->io_events[head];
    printf("event in the ring: data %llu res %lld obj %s buf '%s'\n", (unsigned long long) e->data,
           (long long) e->res, e->obj == (uintptr_t) &c ? "matches" : "WRONG", buf);
    ring->head = (head + 1) % ring->nr; /* consumed, as libaio does */
    struct timespec zero = {0, 0};
    struct io_event ev[2];
    printf("io_getevents after the program took it: %s\n", res(io_getevents_(ctx, 0, 2, ev, &zero)));
    close(fd);
}

static void getevents_errors(aio_context_t ctx) {
    struct io_event ev[4];
    struct timespec zero = {0, 0};
    long local = 0;
    printf("min_nr > nr: %s\n", res(io_getevents_(ctx, 2, 1, ev, &zero)));
    printf("min_nr < 0: %s\n", res(io_getevents_(ctx, -1, 1, ev, &zero)));
    printf("nr < 0: %s\n", res(io_getevents_(ctx, 0, -1, ev, &zero)));
    printf("ctx 0: %s\n", res(io_getevents_(0, 0, 1, ev, &zero)));
    printf("ctx on the stack: %s\n", res(io_getevents_((aio_context_t) &local, 0, 1, ev, &zero)));
    printf("ctx + 4096: %s\n", res(io_getevents_(ctx + 4096, 0, 1, ev, &zero)));
    printf("bad timeout pointer: %s\n", res(io_getevents_(ctx, 0, 1, ev, (struct timespec *) 1)));
    printf("nothing, timeout 0: %s\n", res(io_getevents_(ctx, 1, 1, ev, &zero)));
    struct timespec t50 = {0, 50000000};
    long t0 = now_ms();
    long r = io_getevents_(ctx, 1, 1, ev, &t50);
    printf("nothing, timeout 50 ms: %s after >= 40 ms: %d\n", res(r), now_ms() - t0 >= 40);
    int fd = open("data", O_RDONLY);
    char buf[4];
    struct iocb c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 5);
    printf("one more PREAD: %s\n", one(ctx, &c));
    printf("into a bad events pointer: %s\n", res(io_getevents_(ctx, 1, 1, (struct io_event *) 8, &zero)));
    printf("the event is still there: %s\n", res(io_getevents_(ctx, 1, 4, ev, &zero)));
    printf("nr 0: %s\n", res(io_getevents_(ctx, 0, 0, ev, NULL)));
    close(fd);
}

static void submit_errors(aio_context_t ctx) {
    int fd = open("data", O_RDONLY), wfd = open("data", O_WRONLY), p[2];
    pipe(p);
    char buf[16];
    printf("io_submit nr -1: %s\n", res(io_submit_(ctx, -1, NULL)));
    printf("io_submit nr 0: %s\n", res(io_submit_(ctx, 0, NULL)));
    printf("io_submit bad ctx: %s\n", res(io_submit_(12345, 1, NULL)));
    printf("io_submit bad array: %s\n", res(io_submit_(ctx, 1, (struct iocb **) 8)));
    struct iocb *nul[1] = {NULL};
    printf("io_submit NULL iocb: %s\n", res(io_submit_(ctx, 1, nul)));
    struct iocb c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 1);
    c.aio_reserved2 = 1;
    printf("aio_reserved2 set: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, 999, buf, 4, 0, 1);
    printf("bad fd: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_NOOP, fd, buf, 4, 0, 1);
    printf("IOCB_CMD_NOOP: %s\n", one(ctx, &c));
    c = cb(99, fd, buf, 4, 0, 1);
    printf("opcode 99: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PWRITE, fd, buf, 4, 0, 1);
    printf("PWRITE on O_RDONLY: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, wfd, buf, 4, 0, 1);
    printf("PREAD on O_WRONLY: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, fd, buf, 4, -1, 1);
    printf("negative offset: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, p[0], buf, 4, -1, 1);
    printf("negative offset on a pipe: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, fd, buf, -1, 0, 1);
    printf("negative nbytes: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 1);
    c.aio_rw_flags = 0x200;
    printf("unknown rw flag: %s\n", one(ctx, &c));
    c.aio_rw_flags = RWF_APPEND | RWF_NOAPPEND;
    printf("RWF_APPEND|RWF_NOAPPEND: %s\n", one(ctx, &c));
    c.aio_rw_flags = RWF_ATOMIC_;
    printf("RWF_ATOMIC read: %s\n", one(ctx, &c));
    c.aio_rw_flags = 0x200;
    c.aio_fildes = 999;
    printf("bad fd with an unknown flag: %s\n", one(ctx, &c));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    c = cb(IOCB_CMD_PREAD, dfd, buf, 4, 0, 1);
    printf("PREAD of a directory: %s\n", one(ctx, &c));
    int efd = eventfd(0, 0);
    c = cb(IOCB_CMD_PWRITE, efd, buf, 8, 0, 1);
    printf("PWRITE of an eventfd: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_FSYNC, fd, NULL, 1, 0, 1);
    printf("FSYNC with nbytes: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_FSYNC, p[0], NULL, 0, 0, 1);
    printf("FSYNC of a pipe: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_FSYNC, efd, NULL, 0, 0, 1);
    printf("FSYNC of an eventfd: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 1);
    c.aio_flags = IOCB_FLAG_RESFD;
    c.aio_resfd = 999;
    printf("RESFD not open: %s\n", one(ctx, &c));
    c.aio_resfd = p[0];
    printf("RESFD not an eventfd: %s\n", one(ctx, &c));
    c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 1);
    c.aio_flags = IOCB_FLAG_IOPRIO;
    c.aio_reqprio = 7 << 13;
    printf("IOPRIO class 7: %s\n", one(ctx, &c));
    c.aio_reqprio = 0 << 13 | 3;
    printf("IOPRIO class NONE, level 3: %s\n", one(ctx, &c));
    c.aio_reqprio = 2 << 13 | 4;
    printf("IOPRIO class BE, level 4: %s\n", one(ctx, &c));
    struct io_event ev[4];
    printf("  its event: %s\n", res(io_getevents_(ctx, 1, 4, ev, NULL)));
    c = cb(IOCB_CMD_PREAD, fd, buf, 4, 0, 1);
    c.aio_key = 0;
    struct iocb *key_ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(key_ro, &c, sizeof c);
    mprotect(key_ro, 4096, PROT_READ);
    printf("iocb in read-only memory: %s\n", one(ctx, key_ro));
    struct iocb g1 = cb(IOCB_CMD_PREAD, fd, buf, 2, 0, 11), g2 = cb(IOCB_CMD_PREAD, 999, buf, 2, 0, 12),
                g3 = cb(IOCB_CMD_PREAD, fd, buf, 2, 0, 13);
    struct iocb *three[] = {&g1, &g2, &g3};
    printf("good, bad fd, good: io_submit %s\n", res(io_submit_(ctx, 3, three)));
    printf("  events: %s\n", res(io_getevents_(ctx, 1, 4, ev, NULL)));
    close(fd);
    close(wfd);
    close(dfd);
    close(efd);
    close(p[0]);
    close(p[1]);
}

static void pipes(aio_context_t ctx) {
    int p[2];
    pipe(p);
    char buf[16] = {0};
    struct io_event ev[4];
    struct iocb c = cb(IOCB_CMD_PREAD, p[0], buf, 16, 0, 21);
    c.aio_rw_flags = RWF_NOWAIT;
    printf("RWF_NOWAIT read of an empty pipe: %s\n", one(ctx, &c));
    long n = io_getevents_(ctx, 1, 4, ev, NULL);
    if (n == 1) printf("  event res %s\n", evres((long long) ev[0].res));
    pid_t child = fork();
    if (child == 0) {
        usleep(100000);
        write(p[1], "pipe!", 5);
        _exit(0);
    }
    c = cb(IOCB_CMD_PREAD, p[0], buf, 16, 0, 22);
    long t0 = now_ms();
    const char *r = one(ctx, &c);
    printf("PREAD of an empty pipe: io_submit %s, blocked until the write: %d\n", r, now_ms() - t0 >= 50);
    waitpid(child, NULL, 0);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  %s event, res %lld, '%s'\n", res(n), (long long) ev[0].res, buf);
    struct iocb w = cb(IOCB_CMD_PWRITE, p[1], "xyz", 3, 0, 23);
    printf("PWRITE of a pipe: %s\n", one(ctx, &w));
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    memset(buf, 0, sizeof buf);
    printf("  res %lld, the pipe holds '%s'\n", (long long) ev[0].res, (read(p[0], buf, 16), buf));

    /* a blocked read ended by a signal: the event says EINTR, io_submit succeeds */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    arm(50);
    c = cb(IOCB_CMD_PREAD, p[0], buf, 16, 0, 24);
    const char *sub = one(ctx, &c);
    int seen = alarms;
    (void) sub;
    printf("PREAD of an empty pipe, SIGALRM: io_submit %s, alarms %d\n", sub, seen);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  %s event, res %s\n", res(n), evres((long long) ev[0].res));

    /* writing to a pipe nobody reads: SIGPIPE, unless RWF_NOSIGNAL */
    static volatile int pipes_;
    struct sigaction sp;
    memset(&sp, 0, sizeof sp);
    sp.sa_handler = on_pipe;
    sigaction(SIGPIPE, &sp, NULL);
    close(p[0]);
    pipes_seen = 0;
    struct iocb w2 = cb(IOCB_CMD_PWRITE, p[1], "q", 1, 0, 25);
    sub = one(ctx, &w2);
    seen = pipes_seen;
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("PWRITE to a pipe without reader: %s, SIGPIPEs %d, res %s\n", sub, seen, evres((long long) ev[0].res));
    w2.aio_rw_flags = 0x100; /* RWF_NOSIGNAL */
    sub = one(ctx, &w2);
    seen = pipes_seen;
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  with RWF_NOSIGNAL: %s, SIGPIPEs %d, res %s\n", sub, seen, evres((long long) ev[0].res));
    (void) pipes_;
    close(p[1]);
}

static void polls(aio_context_t ctx) {
    int p[2], fd = open("data", O_RDONLY), efd = eventfd(0, 0);
    pipe(p);
    struct io_event ev[4];
    struct timespec zero = {0, 0};
    struct iocb c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 31);
    c.aio_buf = POLLIN;
    c.aio_flags = IOCB_FLAG_RESFD;
    c.aio_resfd = efd;
    printf("POLLIN of an empty pipe: %s\n", one(ctx, &c));
    printf("  no event yet: %s\n", res(io_getevents_(ctx, 1, 4, ev, &zero)));
    write(p[1], "a", 1);
    long n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  after a write: %s event, res 0x%llx\n", res(n), (unsigned long long) ev[0].res);
    uint64_t count = 0;
    read(efd, &count, 8);
    printf("  the eventfd counted %llu\n", (unsigned long long) count);
    c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 32);
    c.aio_buf = POLLIN | POLLOUT;
    printf("POLLIN|POLLOUT of a pipe with data: %s\n", one(ctx, &c));
    n = io_getevents_(ctx, 1, 4, ev, &zero);
    printf("  at once: %s event, res 0x%llx\n", res(n), (unsigned long long) ev[0].res);
    c = cb(IOCB_CMD_POLL, p[1], NULL, 0, 0, 33);
    c.aio_buf = POLLOUT;
    printf("POLLOUT of the write end: %s\n", one(ctx, &c));
    n = io_getevents_(ctx, 1, 4, ev, &zero);
    printf("  at once: %s event, res 0x%llx\n", res(n), (unsigned long long) ev[0].res);
    c = cb(IOCB_CMD_POLL, fd, NULL, 0, 0, 34);
    c.aio_buf = POLLIN | POLLPRI;
    printf("POLLIN|POLLPRI of a regular file: %s\n", one(ctx, &c));
    n = io_getevents_(ctx, 1, 4, ev, &zero);
    printf("  at once: %s event, res 0x%llx\n", res(n), (unsigned long long) ev[0].res);
    c.aio_buf = POLLPRI;
    printf("POLLPRI of a regular file: %s\n", one(ctx, &c));
    c.aio_buf = 0x10000;
    printf("poll bits past 16: %s\n", one(ctx, &c));
    c.aio_buf = POLLIN;
    c.aio_nbytes = 1;
    printf("POLL with nbytes: %s\n", one(ctx, &c));
    char drain[8];
    read(p[0], drain, 8);

    /* a POLL waiting in the background, then a writer */
    pid_t child = fork();
    if (child == 0) {
        usleep(100000);
        write(p[1], "b", 1);
        _exit(0);
    }
    c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 35);
    c.aio_buf = POLLIN;
    printf("POLLIN, a child writes later: %s\n", one(ctx, &c));
    long t0 = now_ms();
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  io_getevents waited for it: %s, res 0x%llx, waited: %d\n", res(n), (unsigned long long) ev[0].res,
           now_ms() - t0 >= 50);
    waitpid(child, NULL, 0);
    read(p[0], drain, 8);

    /* what a wake reports: the waker's whole class of readiness */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    c = cb(IOCB_CMD_POLL, sv[0], NULL, 0, 0, 38);
    c.aio_buf = POLLIN;
    printf("POLLIN of a socket: %s\n", one(ctx, &c));
    write(sv[1], "s", 1);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  after a send: res 0x%llx\n", (unsigned long long) ev[0].res);
    c = cb(IOCB_CMD_POLL, efd, NULL, 0, 0, 39);
    c.aio_buf = POLLIN;
    printf("POLLIN of an eventfd: %s\n", one(ctx, &c));
    uint64_t one_ = 1;
    write(efd, &one_, 8);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  after a write: res 0x%llx\n", (unsigned long long) ev[0].res);
    read(efd, &one_, 8);
    int q[2];
    pipe(q);
    c = cb(IOCB_CMD_POLL, q[0], NULL, 0, 0, 40);
    c.aio_buf = POLLIN;
    printf("POLLIN of a pipe whose writer closes: %s\n", one(ctx, &c));
    close(q[1]);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  res 0x%llx\n", (unsigned long long) ev[0].res);
    close(q[0]);
    pipe(q);
    fcntl(q[1], F_SETFL, O_NONBLOCK);
    static char big[4096];
    while (write(q[1], big, sizeof big) > 0) {}
    c = cb(IOCB_CMD_POLL, q[1], NULL, 0, 0, 41);
    c.aio_buf = POLLOUT;
    printf("POLLOUT of a full pipe: %s\n", one(ctx, &c));
    static char sink[65536];
    read(q[0], sink, sizeof sink);
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  after a read: res 0x%llx\n", (unsigned long long) ev[0].res);
    close(q[0]);
    close(q[1]);
    close(sv[0]);
    close(sv[1]);

    /* cancelling */
    c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 36);
    c.aio_buf = POLLIN;
    struct io_event result;
    printf("POLLIN to cancel: %s\n", one(ctx, &c));
    printf("  io_cancel: %s\n", res(io_cancel_(ctx, &c, &result)));
    n = io_getevents_(ctx, 1, 4, ev, NULL);
    printf("  its event: %s, data %llu res %lld\n", res(n), (unsigned long long) ev[0].data, (long long) ev[0].res);
    printf("  io_cancel again: %s\n", res(io_cancel_(ctx, &c, &result)));
    struct iocb r = cb(IOCB_CMD_PREAD, fd, drain, 4, 0, 37);
    printf("PREAD: %s\n", one(ctx, &r));
    printf("  io_cancel of a completed read: %s\n", res(io_cancel_(ctx, &r, &result)));
    io_getevents_(ctx, 1, 4, ev, NULL);
    r.aio_key = 3;
    printf("io_cancel with aio_key 3: %s\n", res(io_cancel_(ctx, &r, &result)));
    printf("io_cancel of a bad iocb pointer: %s\n", res(io_cancel_(ctx, (struct iocb *) 8, &result)));
    r.aio_key = 0;
    printf("io_cancel with a bad ctx: %s\n", res(io_cancel_(12345, &r, &result)));
    close(p[0]);
    close(p[1]);
    close(fd);
    close(efd);
}

static void signals(aio_context_t ctx) {
    struct io_event ev[2];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    arm(50);
    long r = io_getevents_(ctx, 1, 1, ev, NULL);
    int seen = alarms;
    printf("io_getevents, SIGALRM: %s, alarms %d\n", res(r), seen);
    arm(50);
    struct aio_sigset none = {NULL, 8};
    r = io_pgetevents_(ctx, 1, 1, ev, NULL, &none);
    seen = alarms;
    printf("io_pgetevents (no mask), SIGALRM: %s, alarms %d\n", res(r), seen);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    struct aio_sigset masked = {&block, 8};
    struct timespec t150 = {0, 150000000};
    int before = alarms;
    arm(30);
    r = io_pgetevents_(ctx, 1, 1, ev, &t150, &masked);
    int after = alarms;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("io_pgetevents with SIGALRM blocked: %s, handled once the old mask came back: %d, mask back: %d\n",
           res(r), after - before, !sigismember(&now, SIGALRM));
    struct aio_sigset bad = {&block, 7};
    printf("io_pgetevents sigsetsize 7: %s\n", res(io_pgetevents_(ctx, 0, 1, ev, NULL, &bad)));
    printf("io_pgetevents bad usig: %s\n", res(io_pgetevents_(ctx, 0, 1, ev, NULL, (struct aio_sigset *) 8)));
    struct aio_sigset badmask = {(sigset_t *) 8, 8};
    printf("io_pgetevents bad mask: %s\n", res(io_pgetevents_(ctx, 0, 1, ev, NULL, &badmask)));
}

static void forked(aio_context_t ctx) {
    pid_t child = fork();
    if (child == 0) {
        struct io_event ev[1];
        struct timespec zero = {0, 0};
        struct aio_ring *ring = (struct aio_ring *) ctx;
        printf("child: the ring is still mapped, magic ok %d\n", ring->magic == 0xa10a10a1);
        printf("child: io_getevents %s\n", res(io_getevents_(ctx, 0, 1, ev, &zero)));
        printf("child: io_submit %s\n", res(io_submit_(ctx, 0, NULL)));
        printf("child: io_destroy %s\n", res(io_destroy_(ctx)));
        aio_context_t own = 0;
        long r = io_setup_(8, &own);
        printf("child: its own io_setup %s, id %u\n", res(r), own ? ((struct aio_ring *) own)->id : 99);
        fflush(stdout);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    struct timespec zero = {0, 0};
    struct io_event ev[1];
    printf("parent: io_getevents still works: %s\n", res(io_getevents_(ctx, 0, 1, ev, &zero)));
}

/* mremap moves a ring: the context is its new address (aio_ring_mremap) */
static void moved(void) {
    aio_context_t ctx = 0;
    io_setup_(8, &ctx);
    struct aio_ring *ring = (struct aio_ring *) ctx;
    size_t len = (sizeof *ring + ring->nr * sizeof(struct io_event) + 4095) & ~4095ul;
    void *to = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *at = mremap((void *) ctx, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
    printf("mremap of a ring: moved %d\n", at == to);
    struct timespec zero = {0, 0};
    struct io_event ev[1];
    printf("  io_getevents at the old address: %s\n", res(io_getevents_(ctx, 0, 1, ev, &zero)));
    printf("  io_getevents at the new one: %s\n", res(io_getevents_((aio_context_t) to, 0, 1, ev, &zero)));
    printf("  io_destroy at the new one: %s\n", res(io_destroy_((aio_context_t) to)));
}

static void slots(void) {
    aio_context_t ctx = 0;
    io_setup_(1, &ctx);
    int fd = open("data", O_RDONLY);
    static char buf[300][4];
    static struct iocb c[300];
    int ok = 0;
    long last = 0;
    for (int i = 0; i < 300; i++) {
        c[i] = cb(IOCB_CMD_PREAD, fd, buf[i], 1, 0, i);
        struct iocb *p[1] = {&c[i]};
        last = io_submit_(ctx, 1, p);
        if (last != 1) break;
        ok++;
    }
    printf("io_setup(1): requests until one failed: at least 1: %d, at most ring->nr - 1: %d, then %s\n", ok >= 1,
           ok <= (int) ((struct aio_ring *) ctx)->nr - 1, res(last));
    static struct io_event ev[300];
    long n = io_getevents_(ctx, 1, 300, ev, NULL);
    printf("  io_getevents took them all: %d\n", n == ok);
    struct iocb *p[1] = {&c[0]};
    printf("  and a slot is free again: %s\n", res(io_submit_(ctx, 1, p)));
    printf("  io_destroy with an event in the ring: %s\n", res(io_destroy_(ctx)));
    close(fd);
}

static void destroy(aio_context_t ctx, aio_context_t ctx2) {
    int p[2];
    pipe(p);
    struct iocb c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 41);
    c.aio_buf = POLLIN;
    printf("a POLL waiting on ctx2: %s\n", one(ctx2, &c));
    printf("io_destroy(ctx2): %s\n", res(io_destroy_(ctx2)));
    printf("  ring unmapped: %d\n", !mapped(ctx2, NULL, NULL));
    printf("  io_destroy(ctx2) again: %s\n", res(io_destroy_(ctx2)));
    printf("  io_submit on it: %s\n", res(io_submit_(ctx2, 1, (struct iocb *[]){&c})));
    printf("io_destroy(0): %s\n", res(io_destroy_(0)));
    printf("io_destroy(ctx): %s\n", res(io_destroy_(ctx)));
    close(p[0]);
    close(p[1]);
}

static void ustats(void) {
    struct stat st;
    struct ustat_ u;
    memset(&u, 0x5a, sizeof u);
    stat(".", &st);
    long r = syscall(SYS_ustat, (unsigned) st.st_dev, &u);
    int names_zero = 1;
    for (int i = 0; i < 6; i++) names_zero &= u.f_fname[i] == 0 && u.f_fpack[i] == 0;
    printf("ustat of the scratch directory's device: %s, names empty: %d, inodes free: %d\n", res(r), names_zero,
           u.f_tinode > 0);
    stat("/proc", &st);
    memset(&u, 0x5a, sizeof u);
    r = syscall(SYS_ustat, (unsigned) st.st_dev, &u);
    printf("ustat of /proc's device: %s, tfree %d tinode %lu\n", res(r), u.f_tfree, u.f_tinode);
    int p[2];
    pipe(p);
    fstat(p[0], &st);
    r = syscall(SYS_ustat, (unsigned) st.st_dev, &u);
    printf("ustat of a pipe's device: %s, tfree %d tinode %lu\n", res(r), u.f_tfree, u.f_tinode);
    close(p[0]);
    close(p[1]);
    printf("ustat of no device: %s\n", res(syscall(SYS_ustat, 0x0ffffffful, &u)));
    stat(".", &st);
    printf("ustat to NULL: %s\n", res(syscall(SYS_ustat, (unsigned) st.st_dev, NULL)));
}

static void sysfs_(void) {
    long n = syscall(SYS_sysfs, 3);
    printf("sysfs(3) > 0: %d\n", n > 0);
    FILE *f = fopen("/proc/filesystems", "r");
    char line[128];
    int i = 0, same = 1;
    while (f && fgets(line, sizeof line, f)) {
        char *name = strchr(line, '\t');
        if (!name) continue;
        name++;
        name[strcspn(name, "\n")] = 0;
        char buf[64] = {0};
        long r = syscall(SYS_sysfs, 2, i, buf);
        long back = syscall(SYS_sysfs, 1, name);
        if (r != 0 || strcmp(buf, name) != 0 || back != i) same = 0;
        i++;
    }
    if (f) fclose(f);
    printf("sysfs(2, i) and sysfs(1, name) agree with /proc/filesystems: %d, count: %d\n", same, i == n);
    char buf[64];
    printf("sysfs(1, \"proc\") found: %d\n", syscall(SYS_sysfs, 1, "proc") >= 0);
    printf("sysfs(2, count): %s\n", res(syscall(SYS_sysfs, 2, n, buf)));
    printf("sysfs(2, 1 << 32): %s\n", res(syscall(SYS_sysfs, 2, 1ul << 32, buf)));
    printf("sysfs(1, \"nosuchfs\"): %s\n", res(syscall(SYS_sysfs, 1, "nosuchfs")));
    printf("sysfs(1, \"\"): %s\n", res(syscall(SYS_sysfs, 1, "")));
    printf("sysfs(1, NULL): %s\n", res(syscall(SYS_sysfs, 1, NULL)));
    printf("sysfs(2, 0, NULL): %s\n", res(syscall(SYS_sysfs, 2, 0, NULL)));
    printf("sysfs(0): %s\n", res(syscall(SYS_sysfs, 0)));
    printf("sysfs(4): %s\n", res(syscall(SYS_sysfs, 4)));
}

static void sx(const char *what, int dfd, const char *path, int flags, unsigned mask, struct statx *out) {
    struct statx st;
    memset(&st, 0, sizeof st);
    long r = syscall(SYS_statx, dfd, path, flags, mask, &st);
    if (out) *out = st;
    if (r != 0) {
        printf("statx %s: %s\n", what, res(r));
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int has_btime = (st.stx_mask & STATX_BTIME) != 0;
    printf("statx %s: mask 0x%x attributes 0x%llx of 0x%llx type 0%o btime %s\n", what, st.stx_mask,
           (unsigned long long) st.stx_attributes, (unsigned long long) st.stx_attributes_mask, st.stx_mode & S_IFMT,
           !has_btime ? "-" : strncmp(what, "/dev", 4) == 0 ? "(when the node was made)" : st.stx_btime.tv_sec == 0 ? "0"
           : (st.stx_btime.tv_sec > now.tv_sec - 600 && st.stx_btime.tv_sec <= now.tv_sec + 5) ? "recent" : "older");
}

static void statxs(void) {
    struct statx a, b, c;
    unsigned want = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID | 0x2000 /* STATX_DIOALIGN */;
    int fd = open("fresh", O_RDWR | O_CREAT, 0644);
    write(fd, "x", 1);
    sx("new file", AT_FDCWD, "fresh", 0, want, &a);
    printf("  dio alignment as the host's: %d\n", (a.stx_mask & 0x2000) == 0 || a.stx_dio_mem_align < 65536);
    sx("new file, mask 0", AT_FDCWD, "fresh", 0, 0, NULL);
    sx("new file by fd", fd, "", AT_EMPTY_PATH, want, &b);
    sx("new file by fd, NULL path", fd, NULL, AT_EMPTY_PATH, want, NULL);
    sx("scratch dir", AT_FDCWD, ".", 0, want, &c);
    printf("  same inode by path and fd: %d, same mount as its directory: %d\n", a.stx_ino == b.stx_ino,
           a.stx_mnt_id == c.stx_mnt_id);
    symlink("fresh", "lnk");
    sx("symlink, nofollow", AT_FDCWD, "lnk", AT_SYMLINK_NOFOLLOW, want, NULL);
    sx("symlink, followed", AT_FDCWD, "lnk", AT_STATX_DONT_SYNC, want, NULL);
    int p[2], q[2], efd = eventfd(0, 0), mfd = memfd_create("m", 0);
    pipe(p);
    pipe(q);
    sx("pipe", p[0], "", AT_EMPTY_PATH, STATX_BASIC_STATS, &a);
    sx("another pipe", q[1], "", AT_EMPTY_PATH, 0, &b);
    printf("  pipes share a mount: %d\n", a.stx_mnt_id == b.stx_mnt_id);
    sx("pipe, unique mount id", p[0], "", AT_EMPTY_PATH, 0x4000, &c);
    printf("  the unique id differs from the old one: %d\n", c.stx_mnt_id != a.stx_mnt_id);
    sx("eventfd", efd, "", AT_EMPTY_PATH, 0xfff, NULL);
    sx("memfd, mask 0", mfd, "", AT_EMPTY_PATH, 0, NULL);
    sx("memfd, 0xfff", mfd, "", AT_EMPTY_PATH, 0xfff, NULL);
    sx("/proc/self/status", AT_FDCWD, "/proc/self/status", 0, 0xfff, NULL);
    sx("/proc", AT_FDCWD, "/proc", 0, 0xfff, NULL);
    sx("/dev/null", AT_FDCWD, "/dev/null", 0, 0, NULL);
    sx("/dev/null, btime", AT_FDCWD, "/dev/null", 0, STATX_BTIME, NULL);
    sx("reserved mask bit", AT_FDCWD, "fresh", 0, 0x80000000u, NULL);
    sx("unknown flag", AT_FDCWD, "fresh", 0x100000, 0, NULL);
    sx("both sync flags", AT_FDCWD, "fresh", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0, NULL);
    sx("NULL path", AT_FDCWD, NULL, 0, 0, NULL);
    sx("missing", AT_FDCWD, "missing", 0, 0, NULL);
    sx("empty path without AT_EMPTY_PATH", AT_FDCWD, "", 0, 0, NULL);
    sx("bad fd", 999, "", AT_EMPTY_PATH, 0, NULL);
    printf("statx into a bad buffer: %s\n", res(syscall(SYS_statx, AT_FDCWD, "fresh", 0, 0, (void *) 8)));
    close(fd);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(efd);
    close(mfd);
}

static void sysinfo_(void) {
    struct sysinfo_ {
        long uptime;
        unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        unsigned short procs, pad;
        unsigned long totalhigh, freehigh;
        unsigned mem_unit;
        char f[4];
    } si;
    memset(&si, 0, sizeof si);
    long r = syscall(SYS_sysinfo, &si);
    printf("sysinfo: %s, uptime > 0: %d, procs > 0: %d, mem_unit %u, free <= total: %d\n", res(r), si.uptime > 0,
           si.procs > 0, si.mem_unit, si.freeram <= si.totalram);
    printf("sysinfo to a bad pointer: %s\n", res(syscall(SYS_sysinfo, (void *) 8)));
    char b[128] = {0};
    int fd = open("/proc/loadavg", O_RDONLY);
    read(fd, b, sizeof b - 1);
    close(fd);
    int a1, a2, b1, b2, c1, c2, run, all, last;
    int n = sscanf(b, "%d.%2d %d.%2d %d.%2d %d/%d %d", &a1, &a2, &b1, &b2, &c1, &c2, &run, &all, &last);
    printf("/proc/loadavg has Linux's nine fields: %d, threads >= 1: %d\n", n == 9, n == 9 && all >= 1);
}

int main(int argc, char **argv) {
    if (argc < 2 || chdir(argv[1]) != 0) return 2;
    setvbuf(stdout, NULL, _IONBF, 0);
    setup_errors();
    long nr0 = aio_nr();
    aio_context_t ctx = 0, ctx2 = 0;
    printf("io_setup(128): %s\n", res(io_setup_(128, &ctx)));
    struct aio_ring *ring = (struct aio_ring *) ctx;
    printf("ring: magic 0x%x nr %u head %u tail %u id %u compat %u incompat %u header %u, page aligned %d\n",
           ring->magic, ring->nr, ring->head, ring->tail, ring->id, ring->compat_features, ring->incompat_features,
           ring->header_length, (ctx & 4095) == 0);
    char perms[8] = "", name[256] = "";
    printf("mapped at ctx: %d, %s %s\n", mapped(ctx, perms, name), perms, name);
    printf("aio-nr grew by %ld\n", aio_nr() - nr0);
    printf("io_setup(1): %s\n", res(io_setup_(1, &ctx2)));
    struct aio_ring *ring2 = (struct aio_ring *) ctx2;
    printf("second ring: nr %u id %u\n", ring2->nr, ring2->id);
    file_io(ctx);
    ring_direct(ctx);
    getevents_errors(ctx);
    submit_errors(ctx);
    pipes(ctx);
    polls(ctx);
    signals(ctx);
    forked(ctx);
    moved();
    slots();
    destroy(ctx, ctx2);
    printf("aio-nr back: %ld\n", aio_nr() - nr0);
    ustats();
    sysfs_();
    statxs();
    sysinfo_();
    /* a context left with a waiting POLL: the exit cleans up */
    aio_context_t last = 0;
    io_setup_(4, &last);
    int p[2];
    pipe(p);
    struct iocb c = cb(IOCB_CMD_POLL, p[0], NULL, 0, 0, 51);
    c.aio_buf = POLLIN;
    printf("exiting with a POLL waiting: %s\n", one(last, &c));
    return 0;
}
