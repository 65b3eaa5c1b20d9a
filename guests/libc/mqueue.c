/*
 * POSIX message queues (issue 15), natively and under Helctic (compared byte for byte): mq_open's
 * flags, attributes and errors, the queue as a file (fstat, read, close-on-exec, dup, fork, poll and
 * epoll), priorities, blocking and timeouts, EINTR and SA_RESTART, mq_notify (a signal with
 * SI_MESGQ, once; SIGEV_NONE; EBUSY; removal by close; no signal while a receiver waits),
 * mq_getsetattr, mq_unlink, RLIMIT_MSGQUEUE, /proc/sys/fs/mqueue. Names are unique per run and every queue is
 * unlinked; only deterministic facts print. Runs as root (the tests' user).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static char name[64];

static const char *err(long r) {
    return r < 0 ? strerrorname_np(errno) : "ok";
}

static int reap(pid_t c) {
    int st;
    if (waitpid(c, &st, 0) != c) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static const char *qname(const char *suffix) {
    static char b[96];
    snprintf(b, sizeof b, "%s%s", name, suffix);
    return b;
}

static mqd_t make(const char *n, int flags, long maxmsg, long msgsize) {
    struct mq_attr a = {.mq_maxmsg = maxmsg, .mq_msgsize = msgsize};
    return mq_open(n, O_CREAT | flags, 0640, &a);
}

static struct timespec in_ms(long ms) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static void print_file(mqd_t q, const char *what) {
    char buf[128] = "";
    lseek(q, 0, SEEK_SET);
    long n = read(q, buf, sizeof buf - 1);
    if (n < 0) {
        printf("%s: read %s\n", what, strerrorname_np(errno));
        return;
    }
    buf[n] = 0;
    /* NOTIFY_PID varies: name it */
    char *p = strstr(buf, "NOTIFY_PID:");
    if (p) {
        int pid = atoi(p + 11);
        sprintf(p + 11, "%s\n", pid == 0 ? "0" : pid == getpid() ? "self" : "other");
    }
    printf("%s: %ld bytes: %s", what, n, buf);
}

static void limits(void) {
    const char *names[] = {"msg_max", "msgsize_max", "msg_default", "msgsize_default", "queues_max"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        char path[64], buf[64] = "";
        snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", names[i]);
        FILE *f = fopen(path, "r");
        if (f == NULL || fgets(buf, sizeof buf, f) == NULL) strcpy(buf, "unreadable\n");
        if (f) fclose(f);
        printf("%s: %s", names[i], buf);
    }
}

static void opens(void) {
    printf("no slash: %s\n", err(mq_open("helctic", O_RDWR)));
    printf("missing: %s\n", err(mq_open(qname("-none"), O_RDWR)));
    printf("slash inside: %s\n", err(mq_open(qname("/x"), O_RDWR | O_CREAT, 0600, NULL)));
    printf("root alone: %s\n", err(mq_open("/", O_RDWR | O_CREAT, 0600, NULL)));
    printf("dot: %s\n", err(mq_open("/.", O_RDWR | O_CREAT, 0600, NULL)));
    printf("dotdot: %s\n", err(mq_open("/..", O_RDWR | O_CREAT, 0600, NULL)));
    char longname[300] = "/";
    memset(longname + 1, 'n', 256);
    printf("256 chars: %s\n", err(mq_open(longname, O_RDWR | O_CREAT, 0600, NULL)));
    longname[256] = 0;
    mqd_t q = mq_open(longname, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
    printf("255 chars: %s\n", err(q));
    if (q >= 0) mq_close(q), mq_unlink(longname);
    long bad[][2] = {{0, 10}, {10, 0}, {-1, 10}, {10, -5}, {65537, 10}, {10, 16 * 1024 * 1024 + 1}};
    for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
        printf("attr %ld/%ld: %s\n", bad[i][0], bad[i][1], err(make(qname("-bad"), O_RDWR, bad[i][0], bad[i][1])));
    }
    printf("attr EFAULT: %s\n", err(syscall(SYS_mq_open, qname("-bad") + 1, O_RDWR | O_CREAT, 0600, (void *) 8)));
    printf("name EFAULT: %s\n", err(syscall(SYS_mq_open, (void *) 8, O_RDWR | O_CREAT, 0600, NULL)));

    /* a queue of its own size; O_EXCL; an existing queue keeps its attributes */
    q = make(qname("-big"), O_RDWR | O_EXCL, 3, 100);
    printf("3 x 100: %s\n", err(q));
    struct mq_attr a;
    mq_getattr(q, &a);
    printf("attr: flags %ld maxmsg %ld msgsize %ld curmsgs %ld\n", a.mq_flags, a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
    mq_close(q);
    printf("O_EXCL again: %s\n", err(make(qname("-big"), O_RDWR | O_EXCL, 1, 1)));
    q = mq_open(qname("-big"), O_RDWR | O_CREAT, 0600, NULL);
    mq_getattr(q, &a);
    printf("existing keeps its attr: maxmsg %ld msgsize %ld\n", a.mq_maxmsg, a.mq_msgsize);
    mq_close(q);
    printf("O_WRONLY|O_RDWR: %s\n", err(mq_open(qname("-big"), O_WRONLY | O_RDWR)));
    printf("unlink: %s\n", err(mq_unlink(qname("-big"))));
    printf("again: %s\n", err(mq_unlink(qname("-big"))));
    printf("unlink no slash: %s\n", err(mq_unlink("x")));
    printf("unlink, slash inside: %s\n", err(mq_unlink(qname("/x"))));

    q = mq_open(qname("-def"), O_RDWR | O_CREAT, 0640, NULL);
    mq_getattr(q, &a);
    printf("defaults: flags %ld maxmsg %ld msgsize %ld\n", a.mq_flags, a.mq_maxmsg, a.mq_msgsize);
    struct stat st;
    fstat(q, &st);
    printf("fstat: type %s mode %o nlink %ld size %ld uid==me %d\n", S_ISREG(st.st_mode) ? "reg" : "other",
           st.st_mode & 07777, (long) st.st_nlink, (long) st.st_size, st.st_uid == geteuid());
    printf("FD_CLOEXEC %d, F_GETFL %o\n", fcntl(q, F_GETFD), fcntl(q, F_GETFL));
    print_file(q, "empty file");
    char one = 'x';
    printf("write: %s\n", err(write(q, &one, 1)));
    mq_close(q);
    q = mq_open(qname("-def"), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    printf("O_WRONLY|O_NONBLOCK: FD_CLOEXEC %d, F_GETFL %o\n", fcntl(q, F_GETFD), fcntl(q, F_GETFL));
    char buf[16];
    printf("read of O_WRONLY: %s\n", err(read(q, buf, sizeof buf)));
    mq_close(q);
    mq_unlink(qname("-def"));

    umask(077);
    q = mq_open(qname("-mask"), O_RDWR | O_CREAT, 0666, NULL);
    fstat(q, &st);
    printf("umask 077, mode 0666: %o\n", st.st_mode & 07777);
    mq_close(q);
    mq_unlink(qname("-mask"));
    umask(022);
}

static void messages(void) {
    mqd_t q = make(qname("-msg"), O_RDWR, 4, 16);
    char buf[64];
    unsigned prio;
    printf("send prio 32768: %s\n", err(mq_send(q, "x", 1, 32768)));
    printf("send 17 bytes: %s\n", err(mq_send(q, "0123456789abcdefg", 17, 0)));
    printf("receive into 15: %s\n", err(mq_receive(q, buf, 15, NULL)));
    const char *texts[] = {"low-a", "high", "low-b", "mid"};
    unsigned prios[] = {1, 32767, 1, 5};
    for (int i = 0; i < 4; i++) mq_send(q, texts[i], strlen(texts[i]) + 1, prios[i]);
    print_file(q, "four queued");
    struct pollfd p = {.fd = q, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM};
    int pr = poll(&p, 1, 0);
    printf("poll full: %d revents %x\n", pr, p.revents);
    struct timespec past = {1, 0};
    printf("send to full, past deadline: %s\n", err(mq_timedsend(q, "x", 1, 0, &past)));
    struct timespec bad = {0, 2000000000L};
    printf("send to full, bad timespec: %s\n", err(mq_timedsend(q, "x", 1, 0, &bad)));
    struct timespec soon = in_ms(50);
    printf("send to full, 50 ms: %s\n", err(mq_timedsend(q, "x", 1, 0, &soon)));
    struct mq_attr nb = {.mq_flags = O_NONBLOCK}, old;
    printf("setattr O_NONBLOCK: %s\n", err(mq_setattr(q, &nb, &old)));
    printf("old flags %ld curmsgs %ld\n", old.mq_flags, old.mq_curmsgs);
    printf("send to full, nonblocking: %s\n", err(mq_send(q, "x", 1, 0)));
    nb.mq_flags = O_NONBLOCK | O_APPEND;
    printf("setattr O_APPEND: %s\n", err(mq_setattr(q, &nb, NULL)));
    printf("setattr bad fd: %s\n", err(mq_setattr(99, &nb, NULL)));
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);
    for (int i = 0; i < 4; i++) {
        long n = mq_receive(q, buf, sizeof buf, &prio);
        printf("received %ld '%s' prio %u\n", n, n > 0 ? buf : "", prio);
    }
    p.revents = 0;
    pr = poll(&p, 1, 0);
    printf("poll empty: %d revents %x\n", pr, p.revents);
    printf("receive empty, past deadline: %s\n", err(mq_timedreceive(q, buf, sizeof buf, NULL, &past)));
    printf("receive empty, bad timespec: %s\n", err(mq_timedreceive(q, buf, sizeof buf, NULL, &bad)));
    soon = in_ms(50);
    printf("receive empty, 50 ms: %s\n", err(mq_timedreceive(q, buf, sizeof buf, NULL, &soon)));
    mq_send(q, "y", 1, 3);
    printf("send then bad timespec on a non-full queue: %s\n", err(mq_timedsend(q, "z", 1, 0, &bad)));
    printf("receive, bad timespec, message there: %s\n", err(mq_timedreceive(q, buf, sizeof buf, NULL, &bad)));
    printf("receive EFAULT buffer: %s\n", err(mq_receive(q, (char *) 8, 64, NULL)));
    printf("after EFAULT, curmsgs: ");
    mq_getattr(q, &old);
    printf("%ld\n", old.mq_curmsgs);
    printf("send EFAULT text: %s\n", err(mq_send(q, (char *) 8, 4, 0)));
    printf("timespec EFAULT: %s\n", err(mq_timedsend(q, "x", 1, 0, (struct timespec *) 8)));

    int pfd[2];
    pipe(pfd);
    printf("send to a pipe: %s\n", err(mq_send(pfd[1], "x", 1, 0)));
    printf("send to a closed fd: %s\n", err(mq_send(77, "x", 1, 0)));
    printf("getattr of a pipe: %s\n", err(mq_getattr(pfd[0], &old)));
    close(pfd[0]);
    close(pfd[1]);
    mqd_t r = mq_open(qname("-msg"), O_RDONLY), w = mq_open(qname("-msg"), O_WRONLY);
    printf("send on O_RDONLY: %s\n", err(mq_send(r, "x", 1, 0)));
    printf("receive on O_WRONLY: %s\n", err(mq_receive(w, buf, sizeof buf, NULL)));
    mq_close(r);
    mq_close(w);
    mq_close(q);
    mq_unlink(qname("-msg"));
}

static void blocking(void) {
    mqd_t q = make(qname("-blk"), O_RDWR, 1, 16);
    char buf[16];
    unsigned prio = 0;
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        _exit(mq_send(q, "wake", 5, 9) == 0 ? 0 : 1);
    }
    long n = mq_receive(q, buf, sizeof buf, &prio);
    printf("blocked receiver woken: %ld '%s' prio %u, child %d\n", n, buf, prio, reap(c));
    mq_send(q, "full", 5, 0);
    c = fork();
    if (c == 0) {
        usleep(100000);
        char b[16];
        _exit(mq_receive(q, b, sizeof b, NULL) == 5 && strcmp(b, "full") == 0 ? 0 : 1);
    }
    printf("blocked sender woken: %s", err(mq_send(q, "next", 5, 0)));
    printf(", child %d\n", reap(c));
    n = mq_receive(q, buf, sizeof buf, NULL);
    printf("then: '%s'\n", buf);

    /* a dup shares the file's O_NONBLOCK */
    mqd_t d = dup(q);
    struct mq_attr nb = {.mq_flags = O_NONBLOCK};
    mq_setattr(d, &nb, NULL);
    printf("dup shares O_NONBLOCK: %s\n", err(mq_receive(q, buf, sizeof buf, NULL)));
    close(d);
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);

    /* epoll */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = 7}, out;
    printf("epoll add: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, q, &ev)));
    int en = epoll_wait(ep, &out, 1, 0);
    printf("epoll empty: %d %x\n", en, out.events);
    mq_send(q, "e", 1, 0);
    en = epoll_wait(ep, &out, 1, 0);
    printf("epoll with a message: %d %x\n", en, out.events);
    mq_receive(q, buf, sizeof buf, NULL);
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_MOD, q, &ev);
    c = fork();
    if (c == 0) {
        usleep(100000);
        _exit(mq_send(q, "e", 1, 0) == 0 ? 0 : 1);
    }
    out.events = 0;
    en = epoll_wait(ep, &out, 1, 5000);
    printf("epoll woken by a child's send: %d %x", en, out.events);
    printf(", child %d\n", reap(c));
    close(ep);
    mq_receive(q, buf, sizeof buf, NULL);
    mq_close(q);
    mq_unlink(qname("-blk"));
}

static volatile int alarms;
static void on_alarm(int sig) {
    (void) sig;
    alarms++;
}

static void interrupts(void) {
    mqd_t q = make(qname("-int"), O_RDWR, 1, 16);
    char buf[16];
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    ualarm(50000, 0);
    const char *e = err(mq_receive(q, buf, sizeof buf, NULL));
    printf("receive interrupted: %s, handler %d\n", e, alarms);
    mq_send(q, "f", 1, 0);
    ualarm(50000, 0);
    e = err(mq_send(q, "g", 1, 0));
    printf("send interrupted: %s, handler %d\n", e, alarms);
    mq_receive(q, buf, sizeof buf, NULL);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t c = fork();
    if (c == 0) {
        usleep(250000);
        _exit(mq_send(q, "late", 5, 0) == 0 ? 0 : 1);
    }
    ualarm(50000, 0);
    long n = mq_receive(q, buf, sizeof buf, NULL);
    int st = reap(c);
    printf("SA_RESTART receive: %ld '%s', handler %d, child %d\n", n, n > 0 ? buf : "", alarms, st);
    signal(SIGALRM, SIG_DFL);
    mq_close(q);
    mq_unlink(qname("-int"));
}

static void notifies(void) {
    mqd_t q = make(qname("-ntf"), O_RDWR, 4, 16);
    char buf[16];
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    struct sigevent se = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 42};
    printf("notify: %s\n", err(mq_notify(q, &se)));
    print_file(q, "registered");
    printf("notify again: %s\n", err(mq_notify(q, &se)));
    pid_t c = fork();
    if (c == 0) {
        int busy = mq_notify(q, &se) < 0 && errno == EBUSY;
        int unreg = mq_notify(q, NULL); /* not the owner: 0, nothing changes */
        _exit(busy && unreg == 0 && mq_send(q, "n", 1, 0) == 0 ? 0 : 1);
    }
    int st = reap(c);
    struct timespec t = {2, 0};
    siginfo_t si;
    int sig = sigtimedwait(&usr1, &si, &t);
    printf("child %d; signal %d code %s value %d pid==child %d uid %d\n", st, sig,
           si.si_code == SI_MESGQ ? "SI_MESGQ" : "other", si.si_value.sival_int, si.si_pid == c, si.si_uid);
    print_file(q, "after the signal");
    mq_send(q, "m", 1, 0);
    struct timespec zero = {0, 0};
    printf("once only: %s\n", err(sigtimedwait(&usr1, &si, &zero)));
    mq_receive(q, buf, sizeof buf, NULL);
    mq_receive(q, buf, sizeof buf, NULL);

    /* not while the queue holds a message */
    mq_notify(q, &se);
    mq_send(q, "a", 1, 0);
    sigtimedwait(&usr1, &si, &zero);
    mq_notify(q, &se);
    mq_send(q, "b", 1, 0);
    printf("send to a non-empty queue: %s\n", err(sigtimedwait(&usr1, &si, &zero)));
    mq_receive(q, buf, sizeof buf, NULL);
    mq_receive(q, buf, sizeof buf, NULL);
    printf("still registered: %s\n", err(mq_notify(q, &se)));

    /* not while a receiver waits */
    c = fork();
    if (c == 0) _exit(mq_receive(q, buf, sizeof buf, NULL) == 1 ? 0 : 1);
    usleep(150000);
    mq_send(q, "r", 1, 0);
    st = reap(c);
    printf("receiver waiting: child %d, signal %s\n", st, err(sigtimedwait(&usr1, &si, &zero)));
    printf("registration kept: %s\n", err(mq_notify(q, &se)));

    /* closing any descriptor of the queue removes the owner's registration */
    mqd_t d = dup(q);
    close(d);
    c = fork();
    if (c == 0) _exit(mq_notify(q, &se) == 0 ? 0 : 1);
    printf("after close of a dup, another registers: %d\n", reap(c));
    print_file(q, "child's registration");
    c = fork();
    if (c == 0) _exit(mq_notify(q, NULL) == 0 ? 0 : 1);
    reap(c);

    /* SIGEV_NONE and unregistering */
    struct sigevent none = {.sigev_notify = SIGEV_NONE};
    printf("SIGEV_NONE: %s\n", err(mq_notify(q, &none)));
    print_file(q, "SIGEV_NONE");
    printf("NULL: %s\n", err(mq_notify(q, NULL)));
    printf("NULL again: %s\n", err(mq_notify(q, NULL)));
    struct sigevent badev = {.sigev_notify = 99};
    printf("sigev_notify 99: %s\n", err(mq_notify(q, &badev)));
    badev = (struct sigevent){.sigev_notify = SIGEV_SIGNAL, .sigev_signo = 65};
    printf("signal 65: %s\n", err(mq_notify(q, &badev)));
    badev.sigev_signo = 0;
    printf("signal 0: %s\n", err(mq_notify(q, &badev)));
    mq_notify(q, NULL);
    printf("notify bad fd: %s\n", err(mq_notify(99, &se)));
    printf("notify EFAULT: %s\n", err(syscall(SYS_mq_notify, q, (void *) 8)));
    char cookie[32] = {0};
    int pfd[2];
    pipe(pfd);
    struct sigevent th = {.sigev_notify = SIGEV_THREAD, .sigev_signo = pfd[0], .sigev_value.sival_ptr = cookie};
    printf("SIGEV_THREAD, a pipe: %s\n", err(syscall(SYS_mq_notify, q, &th)));
    th.sigev_signo = 99;
    printf("SIGEV_THREAD, closed fd: %s\n", err(syscall(SYS_mq_notify, q, &th)));
    close(pfd[0]);
    close(pfd[1]);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    mq_close(q);
    mq_unlink(qname("-ntf"));
}

static void lifetimes(void) {
    mqd_t q = make(qname("-life"), O_RDWR, 2, 8);
    mq_send(q, "kept", 5, 0);
    printf("unlink while open: %s\n", err(mq_unlink(qname("-life"))));
    printf("open again: %s\n", err(mq_open(qname("-life"), O_RDWR)));
    char buf[8];
    printf("the descriptor still works: %s\n", res(mq_receive(q, buf, sizeof buf, NULL)));
    mqd_t q2 = make(qname("-life"), O_RDWR | O_EXCL, 2, 8);
    printf("a new queue by that name: %s, empty: ", err(q2));
    struct mq_attr a;
    mq_getattr(q2, &a);
    printf("%ld\n", a.mq_curmsgs);
    pid_t c = fork();
    if (c == 0) _exit(mq_send(q2, "fork", 5, 0) == 0 ? 0 : 1);
    printf("fork child sends: %d, ", reap(c));
    printf("parent gets %s\n", res(mq_receive(q2, buf, sizeof buf, NULL)));
    mq_close(q);
    mq_close(q2);
    mq_unlink(qname("-life"));

    /* RLIMIT_MSGQUEUE: 819200 bytes for default queues of 10 x 8192 */
    int n = 0;
    mqd_t qs[32];
    for (; n < 32; n++) {
        char nm[96];
        snprintf(nm, sizeof nm, "%s-r%d", name, n);
        qs[n] = mq_open(nm, O_RDWR | O_CREAT, 0600, NULL);
        if (qs[n] < 0) break;
    }
    printf("default queues until %s: %d\n", n < 32 ? strerrorname_np(errno) : "none", n);
    for (int i = 0; i < n; i++) {
        char nm[96];
        snprintf(nm, sizeof nm, "%s-r%d", name, i);
        mq_close(qs[i]);
        mq_unlink(nm);
    }
    q = mq_open(qname("-r0"), O_RDWR | O_CREAT, 0600, NULL);
    printf("after unlinking them: %s\n", err(q));
    mq_close(q);
    mq_unlink(qname("-r0"));
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(name, sizeof name, "/helctic-test-%d", getpid());
    umask(022);
    limits();
    opens();
    messages();
    blocking();
    interrupts();
    notifies();
    lifetimes();
    printf("done\n");
    return 0;
}
