/*
 * The event files, natively and under Helctic (compared byte for byte): eventfd (counter,
 * semaphore, overflow, non-blocking), epoll (level and edge triggering, one-shot, round robin,
 * HUP, nesting and loops, the life of an item with its open file, fork, errors), and the
 * temporary signal masks of epoll_pwait, ppoll and pselect6.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void show_events(const char *what, struct epoll_event *ev, int n) {
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++) printf(" [data %llu events 0x%x]", (unsigned long long) ev[i].data.u64, ev[i].events);
    printf("\n");
}

static int wait_show(int ep, const char *what, int max, int timeout) {
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, max, timeout);
    if (n < 0) printf("%s: %s\n", what, res(n));
    else show_events(what, ev, n);
    return n;
}

static int add(int ep, int fd, uint32_t events, uint64_t data) {
    struct epoll_event e = {.events = events, .data.u64 = data};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static void eventfds(void) {
    printf("== eventfd\n");
    int e = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    uint64_t v = 0;
    printf("F_GETFL O_RDWR|O_NONBLOCK: %d, FD_CLOEXEC: %d\n", fcntl(e, F_GETFL) == (O_RDWR | O_NONBLOCK),
           fcntl(e, F_GETFD) == FD_CLOEXEC);
    long n = read(e, &v, 8);
    printf("read: %s value %llu\n", res(n), (unsigned long long) v);
    printf("read empty: %s\n", res(read(e, &v, 8)));
    v = 5;
    write(e, &v, 8);
    v = 7;
    write(e, &v, 8);
    v = 0;
    n = read(e, &v, 8);
    printf("read after 5+7: %s value %llu\n", res(n), (unsigned long long) v);
    printf("read 4 bytes: %s\n", res(read(e, &v, 4)));
    v = UINT64_MAX;
    printf("write ULLONG_MAX: %s\n", res(write(e, &v, 8)));
    v = UINT64_MAX - 1;
    printf("write max: %s\n", res(write(e, &v, 8)));
    v = 1;
    printf("write one more: %s\n", res(write(e, &v, 8)));
    struct pollfd p = {.fd = e, .events = POLLIN | POLLOUT};
    n = poll(&p, 1, 0);
    printf("poll full: %ld revents 0x%x\n", n, p.revents);
    read(e, &v, 8);
    p.revents = 0;
    n = poll(&p, 1, 0);
    printf("poll empty: %ld revents 0x%x\n", n, p.revents);
    close(e);
    e = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    for (int i = 0; i < 3; i++) {
        v = 0;
        long r = read(e, &v, 8);
        printf("semaphore read %d: %s value %llu\n", i, res(r), (unsigned long long) v);
    }
    printf("eventfd2 bad flags: %s\n", res(eventfd(0, 0x40)));
    struct stat st;
    fstat(e, &st);
    printf("st_mode 0%o\n", st.st_mode);
    char link[64] = {0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", e);
    readlink(path, link, sizeof link - 1);
    printf("link %s\n", link);
    close(e);
}

static void *later_write(void *a) {
    int fd = *(int *) a;
    struct timespec t = {0, 20 * 1000 * 1000};
    nanosleep(&t, NULL);
    uint64_t v = 9;
    write(fd, &v, 8);
    return NULL;
}

static void epolls(void) {
    printf("== epoll\n");
    printf("epoll_create(0): %s\n", res(epoll_create(0)));
    printf("epoll_create1(bad): %s\n", res(epoll_create1(1)));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("FD_CLOEXEC: %d\n", fcntl(ep, F_GETFD) == FD_CLOEXEC);
    int reg = open("/proc/self/exe", O_RDONLY);
    printf("add a regular file: %s\n", res(add(ep, reg, EPOLLIN, 1)));
    printf("add itself: %s\n", res(add(ep, ep, EPOLLIN, 1)));
    int p[2];
    pipe(p);
    printf("add pipe: %s\n", res(add(ep, p[0], EPOLLIN, 100)));
    printf("add again: %s\n", res(add(ep, p[0], EPOLLIN, 100)));
    struct epoll_event e = {.events = EPOLLIN};
    printf("mod unknown: %s\n", res(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &e)));
    printf("del unknown: %s\n", res(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL)));
    printf("bad op: %s\n", res(epoll_ctl(ep, 7, p[0], &e)));
    printf("ctl on a pipe: %s\n", res(epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &e)));
    printf("bad fd: %s\n", res(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &e)));
    printf("exclusive mod: %s\n", res(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &(struct epoll_event){.events = EPOLLIN | EPOLLEXCLUSIVE})));
    struct epoll_event ev[4];
    printf("maxevents 0: %s\n", res(epoll_wait(ep, ev, 0, 0)));
    printf("wait on a pipe fd: %s\n", res(epoll_wait(p[0], ev, 1, 0)));
    wait_show(ep, "nothing yet", 4, 0);
    wait_show(ep, "nothing in 30 ms", 4, 30);
    write(p[1], "ab", 2);
    wait_show(ep, "level 1", 4, 0);
    wait_show(ep, "level 2", 4, 0);
    char c;
    read(p[0], &c, 1);
    read(p[0], &c, 1);
    wait_show(ep, "drained", 4, 0);

    /* edge-triggered: once per change */
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &(struct epoll_event){.events = EPOLLIN | EPOLLET, .data.u64 = 200});
    write(p[1], "x", 1);
    wait_show(ep, "edge 1", 4, 0);
    wait_show(ep, "edge again", 4, 0);
    write(p[1], "y", 1);
    wait_show(ep, "edge after more data", 4, 0);
    read(p[0], &c, 1);
    read(p[0], &c, 1);

    /* one-shot: disarmed until MOD */
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &(struct epoll_event){.events = EPOLLIN | EPOLLONESHOT, .data.u64 = 300});
    write(p[1], "z", 1);
    wait_show(ep, "oneshot 1", 4, 0);
    wait_show(ep, "oneshot disarmed", 4, 0);
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &(struct epoll_event){.events = EPOLLIN | EPOLLONESHOT, .data.u64 = 301});
    wait_show(ep, "oneshot rearmed", 4, 0);
    read(p[0], &c, 1);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);

    /* round robin among level-triggered items, one event per call */
    int q[3][2];
    for (int i = 0; i < 3; i++) {
        pipe(q[i]);
        write(q[i][1], "r", 1);
        add(ep, q[i][0], EPOLLIN, 10 + i);
    }
    for (int i = 0; i < 5; i++) wait_show(ep, "round robin", 1, 0);
    for (int i = 0; i < 3; i++) {
        epoll_ctl(ep, EPOLL_CTL_DEL, q[i][0], NULL);
        close(q[i][0]);
        close(q[i][1]);
    }

    /* the write end, and HUP when the writer goes */
    add(ep, p[1], EPOLLOUT, 400);
    wait_show(ep, "write end", 4, 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
    add(ep, p[0], EPOLLIN | EPOLLRDHUP, 500);
    close(p[1]);
    wait_show(ep, "writer closed", 4, 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    close(p[0]);

    /* an item lives with its open file, not its descriptor */
    pipe(p);
    add(ep, p[0], EPOLLIN, 600);
    int d = dup(p[0]);
    close(p[0]);
    write(p[1], "k", 1);
    wait_show(ep, "descriptor closed, file open", 4, 0);
    printf("del by the closed descriptor: %s\n", res(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL)));
    close(d);
    wait_show(ep, "file closed", 4, 0);
    close(p[1]);

    /* nesting and loops */
    int inner = epoll_create1(0), outer = epoll_create1(0);
    pipe(p);
    add(inner, p[0], EPOLLIN, 700);
    printf("add inner to outer: %s\n", res(add(outer, inner, EPOLLIN, 701)));
    printf("add outer to inner (a loop): %s\n", res(add(inner, outer, EPOLLIN, 702)));
    wait_show(outer, "outer, nothing", 4, 0);
    write(p[1], "n", 1);
    wait_show(outer, "outer sees inner", 4, 0);
    wait_show(inner, "inner", 4, 0);
    struct pollfd pf = {.fd = inner, .events = POLLIN};
    int pn = poll(&pf, 1, 0);
    printf("poll on inner: %d revents 0x%x\n", pn, pf.revents);
    close(inner);
    close(outer);
    close(p[0]);
    close(p[1]);

    /* a wait woken by another thread's eventfd write */
    int efd = eventfd(0, 0);
    add(ep, efd, EPOLLIN, 800);
    pthread_t t;
    pthread_create(&t, NULL, later_write, &efd);
    wait_show(ep, "woken by a thread", 4, 5000);
    pthread_join(t, NULL);
    epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL);

    /* fork: the child shares the instance */
    pipe(p);
    add(ep, p[0], EPOLLIN, 900);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "f", 1);
        _exit(0);
    }
    wait_show(ep, "written by the child", 4, 5000);
    waitpid(pid, NULL, 0);
    close(p[0]);
    close(p[1]);
    close(efd);
    close(ep);
}

static volatile sig_atomic_t got;

static void on_usr1(int s) {
    (void) s;
    got++;
}

static int blocked_usr1(void) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, SIGUSR1);
}

static void masks(void) {
    printf("== temporary masks\n");
    signal(SIGUSR1, on_usr1);
    sigset_t block, open_;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&open_);
    int ep = epoll_create1(0);
    struct epoll_event ev[1];

    raise(SIGUSR1);
    printf("pending, blocked: handler ran %d\n", got);
    long r = epoll_pwait(ep, ev, 1, 1000, &open_);
    printf("epoll_pwait letting it in: %s, handler ran %d, still blocked after: %d\n", res(r), got, blocked_usr1());
    r = epoll_pwait(ep, ev, 1, 0, &open_);
    printf("epoll_pwait, nothing pending: %s, blocked after: %d\n", res(r), blocked_usr1());

    raise(SIGUSR1);
    struct timespec ts = {1, 0};
    r = ppoll(NULL, 0, &ts, &open_);
    printf("ppoll letting it in: %s, handler ran %d, still blocked after: %d\n", res(r), got, blocked_usr1());

    raise(SIGUSR1);
    r = pselect(0, NULL, NULL, NULL, &ts, &open_);
    printf("pselect letting it in: %s, handler ran %d, still blocked after: %d\n", res(r), got, blocked_usr1());

    struct timespec zero = {0, 0};
    r = ppoll(NULL, 0, &zero, &open_);
    printf("ppoll, nothing pending: %s, blocked after: %d\n", res(r), blocked_usr1());
    close(ep);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    eventfds();
    epolls();
    masks();
    return 0;
}
