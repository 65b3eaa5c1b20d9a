/*
 * Signals with their siginfo and the timers (issue 15), natively and under Helctic (compared
 * byte for byte): sigqueue and rt_tgsigqueueinfo values, SIGCHLD's fields, rt_sigpending,
 * rt_sigtimedwait (a process's signal taken by the thread that waits), signalfd (records, masks,
 * poll and epoll), real-time signals queued in order against standard ones coalesced, setitimer
 * and alarm, POSIX timers (SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID, overruns), timerfd, the CPU
 * clocks of processes and threads, ITIMER_PROF, getrusage, and the errors of each.
 * Only what is deterministic is printed: counts as "at least", times as comparisons.
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
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static sigset_t only(int a, int b) {
    sigset_t s;
    sigemptyset(&s);
    if (a) sigaddset(&s, a);
    if (b) sigaddset(&s, b);
    return s;
}

static const struct timespec SHORT = {0, 20 * 1000 * 1000};

static volatile sig_atomic_t got_sig, got_code, got_int, got_pid_ok;

static void on_info(int sig, siginfo_t *si, void *uc) {
    (void) uc;
    got_sig = sig;
    got_code = si->si_code;
    got_int = si->si_value.sival_int;
    got_pid_ok = si->si_pid == getpid();
}

static void queued(void) {
    printf("== sigqueue and siginfo\n");
    struct sigaction sa = {.sa_sigaction = on_info, .sa_flags = SA_SIGINFO};
    sigaction(SIGUSR1, &sa, NULL);
    union sigval v = {.sival_int = 4242};
    printf("sigqueue: %s\n", res(sigqueue(getpid(), SIGUSR1, v)));
    printf("handler: sig %d code %d (SI_QUEUE %d) value %d pid is mine %d\n", got_sig, got_code, SI_QUEUE, got_int,
           got_pid_ok);
    kill(getpid(), SIGUSR1);
    printf("kill: code %d (SI_USER) pid is mine %d\n", got_code, got_pid_ok);
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    printf("tgkill: code %d (SI_TKILL %d)\n", got_code, SI_TKILL);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_value.sival_int = 77;
    long r = syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR1, &si);
    printf("rt_tgsigqueueinfo: %s value %d code %d\n", res(r), got_int, got_code);
    si.si_code = SI_USER; // only to itself may a process pretend to be kill()
    printf("rt_sigqueueinfo SI_USER to self: %s\n", res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
    printf("rt_sigqueueinfo SI_USER to parent: %s\n", res(syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &si)));
    printf("rt_sigqueueinfo bad signal: %s\n", res(syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si)));
    printf("rt_sigqueueinfo bad pointer: %s\n", res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *) 8)));
    printf("rt_tgsigqueueinfo no such thread: %s\n",
           res(syscall(SYS_rt_tgsigqueueinfo, getpid(), 999999, SIGUSR1, &si)));
    signal(SIGUSR1, SIG_DFL);
}

static void pending_and_waiting(void) {
    printf("== rt_sigpending, sigtimedwait\n");
    sigset_t set = only(SIGUSR2, SIGRTMIN + 1), old, chld = only(SIGCHLD, 0);
    sigprocmask(SIG_BLOCK, &set, &old);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR2); // coalesced
    union sigval v;
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i;
        sigqueue(getpid(), SIGRTMIN + 1, v); // queued in order
    }
    sigset_t p;
    sigpending(&p);
    printf("pending: USR2 %d RTMIN+1 %d USR1 %d\n", sigismember(&p, SIGUSR2), sigismember(&p, SIGRTMIN + 1),
           sigismember(&p, SIGUSR1));
    siginfo_t si;
    int n = 0, s;
    while ((s = sigtimedwait(&set, &si, &(struct timespec) {0, 0})) > 0) {
        if (s == SIGUSR2) printf("took USR2 code %d\n", si.si_code);
        else printf("took RTMIN+1 value %d code %d\n", si.si_value.sival_int, si.si_code);
        n++;
    }
    printf("taken %d, then: %s\n", n, strerrorname_np(errno));
    printf("wait 20 ms for nothing: %s\n", res(sigtimedwait(&set, &si, &SHORT)));
    printf("bad timeout: %s\n", res(sigtimedwait(&set, &si, &(struct timespec) {0, 1000000000})));
    printf("bad size: %s\n", res(syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 4)));
    printf("rt_sigpending size 16: %s\n", res(syscall(SYS_rt_sigpending, &p, 16)));
    // A signal to the process, waited for by a thread that is not the one it was sent at.
    pid_t child = fork();
    if (child == 0) {
        usleep(20000);
        kill(getppid(), SIGUSR2);
        _exit(7);
    }
    s = sigwaitinfo(&set, &si);
    printf("sigwaitinfo: %s code %d pid is child %d\n", s == SIGUSR2 ? "USR2" : "?", si.si_code, si.si_pid == child);
    // SIGCHLD, blocked and waited for: its fields.
    s = sigtimedwait(&chld, &si, &(struct timespec) {5, 0});
    printf("SIGCHLD: %s code %d (CLD_EXITED %d) status %d pid is child %d\n", s == SIGCHLD ? "yes" : res(s), si.si_code,
           CLD_EXITED, si.si_status, si.si_pid == child);
    waitpid(child, NULL, 0);
    child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    kill(child, SIGTERM);
    s = sigtimedwait(&chld, &si, &(struct timespec) {5, 0});
    printf("SIGCHLD killed: code %d (CLD_KILLED %d) status %d (SIGTERM)\n", si.si_code, CLD_KILLED, si.si_status);
    waitpid(child, NULL, 0);
    // Ignoring a pending signal discards it.
    kill(getpid(), SIGUSR2);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGUSR2, SIG_DFL);
    sigpending(&p);
    printf("USR2 pending after SIG_IGN: %d\n", sigismember(&p, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void signalfds(void) {
    printf("== signalfd\n");
    sigset_t set = only(SIGUSR1, SIGRTMIN), old;
    sigprocmask(SIG_BLOCK, &set, &old);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %d, FD_CLOEXEC %d\n", fd >= 0, fcntl(fd, F_GETFD) == FD_CLOEXEC);
    struct signalfd_siginfo r[4];
    printf("read empty: %s\n", res(read(fd, r, sizeof r)));
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    printf("poll empty: %d\n", poll(&pf, 1, 0));
    union sigval v = {.sival_int = 9};
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 10;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR1);
    int pr = poll(&pf, 1, 0);
    printf("poll: %d revents 0x%x\n", pr, pf.revents);
    printf("read short buffer: %s\n", res(read(fd, r, 100)));
    long n = read(fd, r, sizeof r);
    printf("read: %ld records\n", n / (long) sizeof r[0]);
    for (long i = 0; i < n / (long) sizeof r[0]; i++) {
        printf("  signo %s code %d pid is mine %d int %d ptr %llu\n", r[i].ssi_signo == SIGUSR1 ? "USR1" : "RTMIN",
               r[i].ssi_code, r[i].ssi_pid == (uint32_t) getpid(), r[i].ssi_int, (unsigned long long) r[i].ssi_ptr);
    }
    // A new mask on the same descriptor; epoll sees it become readable.
    sigset_t two = only(SIGUSR2, 0);
    sigprocmask(SIG_BLOCK, &two, NULL);
    printf("re-mask: %d\n", signalfd(fd, &two, 0) == fd);
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 5};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    kill(getpid(), SIGUSR1); // not in the mask any more
    printf("epoll USR1: %d\n", epoll_wait(ep, &e, 1, 0));
    kill(getpid(), SIGUSR2);
    e.data.u64 = 0;
    pr = epoll_wait(ep, &e, 1, 0);
    printf("epoll USR2: %d data %llu\n", pr, (unsigned long long) e.data.u64);
    n = read(fd, r, sizeof r);
    printf("read: %ld USR2 %d\n", n / (long) sizeof r[0], r[0].ssi_signo == SIGUSR2);
    printf("signalfd on a pipe: %s\n", res(signalfd(0, &two, 0)));
    printf("signalfd bad flags: %s\n", res(signalfd(-1, &two, 1)));
    printf("signalfd bad size: %s\n", res(syscall(SYS_signalfd4, -1, &two, 4, 0)));
    sigset_t pend;
    sigpending(&pend);
    printf("USR1 still pending: %d\n", sigismember(&pend, SIGUSR1));
    sigset_t one = only(SIGUSR1, 0);
    sigtimedwait(&one, NULL, &(struct timespec) {0, 0});
    close(ep);
    close(fd);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) {
    (void) sig;
    alarms++;
}

/* Burns CPU until a handler counts an alarm (or 30 s pass). */
static void spin_until_alarm(void) {
    volatile unsigned long spin = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        for (int i = 0; i < 100000; i++) spin++;
        clock_gettime(CLOCK_MONOTONIC, &t1);
    } while (!alarms && t1.tv_sec - t0.tv_sec < 30);
}

static void itimers(void) {
    printf("== setitimer, alarm\n");
    signal(SIGALRM, on_alarm);
    struct itimerval it = {.it_interval = {0, 10000}, .it_value = {0, 10000}}, cur;
    printf("setitimer: %s\n", res(setitimer(ITIMER_REAL, &it, NULL)));
    while (alarms < 3) pause();
    getitimer(ITIMER_REAL, &cur);
    printf("3 alarms; interval %ld.%06ld value armed %d\n", (long) cur.it_interval.tv_sec, (long) cur.it_interval.tv_usec,
           cur.it_value.tv_sec > 0 || cur.it_value.tv_usec > 0);
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &off, &cur);
    printf("disarmed; old interval %ld\n", (long) cur.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &cur);
    printf("now: %ld %ld\n", (long) cur.it_value.tv_sec, (long) cur.it_value.tv_usec);
    printf("alarm(5): %u\n", alarm(5));
    printf("alarm(0): %u\n", alarm(0));
    printf("alarm(0) again: %u\n", alarm(0));
    struct itimerval bad = {.it_value = {0, 1000000}};
    printf("setitimer bad usec: %s\n", res(setitimer(ITIMER_REAL, &bad, NULL)));
    printf("setitimer bad which: %s\n", res(setitimer(7, &it, NULL)));
    printf("getitimer bad pointer: %s\n", res(getitimer(ITIMER_REAL, (void *) 8)));
    alarms = 0;
    alarm(1);
    pause();
    printf("alarm(1) rang: %d\n", alarms);
    // ITIMER_PROF counts CPU time: a busy loop makes it fire.
    signal(SIGPROF, on_alarm);
    alarms = 0;
    struct itimerval prof = {.it_value = {0, 30000}};
    setitimer(ITIMER_PROF, &prof, NULL);
    spin_until_alarm();
    printf("ITIMER_PROF fired: %d\n", alarms);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPROF, SIG_DFL);
}

static volatile pid_t handled_tid;
static void on_timer(int sig, siginfo_t *si, void *uc) {
    (void) sig;
    (void) uc;
    got_code = si->si_code;
    got_int = si->si_value.sival_int;
    handled_tid = gettid();
    alarms++;
}

static pid_t worker_tid;
static volatile int worker_done;
static void *worker(void *arg) {
    (void) arg;
    worker_tid = gettid();
    while (!worker_done) usleep(1000);
    return NULL;
}

static void posix_timers(void) {
    printf("== timer_create\n");
    struct sigaction sa = {.sa_sigaction = on_timer, .sa_flags = SA_SIGINFO};
    sigaction(SIGRTMIN + 2, &sa, NULL);
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 2, .sigev_value.sival_int = 31};
    timer_t t;
    printf("timer_create: %s\n", res(timer_create(CLOCK_MONOTONIC, &ev, &t)));
    struct itimerspec its = {.it_value = {0, 5000000}}, cur;
    alarms = 0;
    printf("timer_settime: %s\n", res(timer_settime(t, 0, &its, NULL)));
    while (!alarms) pause();
    printf("fired: code %d (SI_TIMER %d) value %d\n", got_code, SI_TIMER, got_int);
    timer_gettime(t, &cur);
    printf("one-shot after: %ld %ld\n", (long) cur.it_value.tv_sec, cur.it_value.tv_nsec);
    // Overruns: blocked for 50 ms of a 5 ms timer.
    sigset_t set = only(SIGRTMIN + 2, 0);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct itimerspec per = {.it_interval = {0, 5000000}, .it_value = {0, 5000000}};
    timer_settime(t, 0, &per, NULL);
    nanosleep(&(struct timespec) {0, 50000000}, NULL);
    siginfo_t si;
    int s = sigtimedwait(&set, &si, &(struct timespec) {5, 0});
    int over = timer_getoverrun(t);
    printf("after 50 ms blocked: signal %d overrun >= 5 %d, si_overrun == timer_getoverrun %d\n", s == SIGRTMIN + 2,
           over >= 5, si.si_overrun == over);
    timer_settime(t, 0, &(struct itimerspec) {0}, NULL);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    // An absolute expiry in the past fires at once.
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    alarms = 0;
    timer_settime(t, TIMER_ABSTIME, &(struct itimerspec) {.it_value = {now.tv_sec - 1, 0}}, NULL);
    while (!alarms) pause();
    printf("absolute in the past: fired %d\n", alarms);
    printf("timer_delete: %s\n", res(timer_delete(t)));
    printf("timer_delete again: %s\n", res(timer_delete(t)));
    // A NULL sigevent: SIGALRM with the timer's id as its value.
    timer_t d;
    timer_create(CLOCK_REALTIME, NULL, &d);
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    timer_settime(d, 0, &(struct itimerspec) {.it_value = {0, 1000000}}, NULL);
    while (!alarms) pause();
    printf("NULL sigevent: value %d id %d\n", got_int, (int) (intptr_t) d);
    timer_delete(d);
    // SIGEV_NONE: nothing is sent, the time still runs.
    struct sigevent none = {.sigev_notify = SIGEV_NONE};
    timer_t q;
    timer_create(CLOCK_MONOTONIC, &none, &q);
    timer_settime(q, 0, &(struct itimerspec) {.it_interval = {2, 0}, .it_value = {1, 0}}, NULL);
    timer_gettime(q, &cur);
    printf("SIGEV_NONE: value <= 1 s %d interval %ld\n", cur.it_value.tv_sec == 0 || (cur.it_value.tv_sec == 1 &&
           cur.it_value.tv_nsec == 0), (long) cur.it_interval.tv_sec);
    timer_delete(q);
    // SIGEV_THREAD_ID: the signal goes to the named thread.
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    while (!worker_tid) usleep(1000);
    struct sigevent to = {.sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGRTMIN + 2};
    to._sigev_un._tid = worker_tid;
    timer_t w;
    printf("SIGEV_THREAD_ID: %s\n", res(timer_create(CLOCK_MONOTONIC, &to, &w)));
    alarms = 0;
    timer_settime(w, 0, &(struct itimerspec) {.it_value = {0, 1000000}}, NULL);
    while (!alarms) usleep(1000);
    printf("handled by the worker: %d\n", handled_tid == worker_tid);
    worker_done = 1;
    pthread_join(th, NULL);
    timer_delete(w);
    to._sigev_un._tid = 999999;
    printf("SIGEV_THREAD_ID no such thread: %s\n", res(timer_create(CLOCK_MONOTONIC, &to, &w)));
    struct sigevent badsig = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = 65};
    printf("bad signal: %s\n", res(timer_create(CLOCK_MONOTONIC, &badsig, &w)));
    printf("bad clock: %s\n", res(timer_create(CLOCK_MONOTONIC_RAW, NULL, &w)));
    printf("settime unknown id: %s\n", res(syscall(SYS_timer_settime, 12345, 0, &its, NULL)));
    printf("getoverrun unknown id: %s\n", res(syscall(SYS_timer_getoverrun, 12345)));
    timer_t c;
    printf("timer on the process CPU clock: %s\n", res(timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &c)));
    sigaction(SIGRTMIN + 2, &sa, NULL);
    alarms = 0;
    timer_settime(c, 0, &(struct itimerspec) {.it_value = {0, 20000000}}, NULL);
    spin_until_alarm();
    printf("CPU-clock timer fired: %d\n", alarms);
    timer_delete(c);
    signal(SIGRTMIN + 2, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
}

static void timerfds(void) {
    printf("== timerfd\n");
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("timerfd_create: %d FD_CLOEXEC %d\n", fd >= 0, fcntl(fd, F_GETFD) == FD_CLOEXEC);
    uint64_t n = 0;
    printf("read unarmed: %s\n", res(read(fd, &n, 8)));
    struct itimerspec its = {.it_interval = {0, 5000000}, .it_value = {0, 5000000}}, cur;
    printf("settime: %s\n", res(timerfd_settime(fd, 0, &its, NULL)));
    timerfd_gettime(fd, &cur);
    printf("gettime: value <= 5 ms %d interval %ld\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 5000000,
           cur.it_interval.tv_nsec);
    nanosleep(&(struct timespec) {0, 30000000}, NULL);
    long rd = read(fd, &n, 8);
    printf("read after 30 ms: %s, at least 3: %d\n", res(rd), n >= 3);
    printf("read short: %s\n", res(read(fd, &n, 4)));
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 11};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    e.data.u64 = 0;
    int en = epoll_wait(ep, &e, 1, 1000);
    printf("epoll: %d data %llu\n", en, (unsigned long long) e.data.u64);
    timerfd_settime(fd, 0, &(struct itimerspec) {0}, &cur);
    printf("disarm, old interval %ld\n", cur.it_interval.tv_nsec);
    read(fd, &n, 8);
    printf("epoll disarmed: %d\n", epoll_wait(ep, &e, 1, 20));
    // Blocking read of a one-shot absolute timer.
    int b = timerfd_create(CLOCK_REALTIME, 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 10000000;
    if (now.tv_nsec >= 1000000000) now.tv_sec++, now.tv_nsec -= 1000000000;
    timerfd_settime(b, TFD_TIMER_ABSTIME, &(struct itimerspec) {.it_value = now}, NULL);
    rd = read(b, &n, 8);
    printf("blocking read: %s value %llu\n", res(rd), (unsigned long long) n);
    timerfd_gettime(b, &cur);
    printf("after the one shot: %ld %ld\n", (long) cur.it_value.tv_sec, cur.it_value.tv_nsec);
    printf("bad clock: %s\n", res(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0)));
    printf("bad flags: %s\n", res(timerfd_create(CLOCK_MONOTONIC, 1)));
    printf("settime bad flags: %s\n", res(timerfd_settime(fd, 4, &its, NULL)));
    struct itimerspec badns = {.it_value = {0, 1000000000}};
    printf("settime bad nsec: %s\n", res(timerfd_settime(fd, 0, &badns, NULL)));
    printf("settime on a pipe: %s\n", res(timerfd_settime(0, 0, &its, NULL)));
    printf("gettime bad fd: %s\n", res(timerfd_gettime(99, &cur)));
    close(ep);
    close(fd);
    close(b);
}

static void *spin_thread(void *arg) {
    volatile unsigned long x = 0;
    for (long i = 0; i < 20000000; i++) x++;
    *(clockid_t *) arg = 0;
    return NULL;
}

static long ns(clockid_t c) {
    struct timespec t;
    if (clock_gettime(c, &t) != 0) return -1;
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void cpu_clocks(void) {
    printf("== CPU clocks\n");
    struct timespec r = {0};
    int rc = clock_getres(CLOCK_PROCESS_CPUTIME_ID, &r);
    printf("getres PROCESS: %d %ld\n", rc, r.tv_nsec);
    rc = clock_getres(CLOCK_THREAD_CPUTIME_ID, &r);
    printf("getres THREAD: %d %ld\n", rc, r.tv_nsec);
    // every clock's resolution (the _ALARM ones, 8 and 9, answer EINVAL on a host without an RTC)
    int ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
                 CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_TAI, 12, 1000};
    for (int i = 0; i < (int) (sizeof ids / sizeof ids[0]); i++) {
        struct timespec g = {7, 7};
        int rr = clock_getres(ids[i], &g);
        printf("getres %d: %s %ld.%09ld\n", ids[i], res(rr), (long) g.tv_sec, g.tv_nsec);
    }
    printf("getres NULL: %s\n", res(clock_getres(CLOCK_MONOTONIC_COARSE, NULL)));
    // a coarse clock is never ahead of its precise one
    struct timespec co, f;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &co);
    clock_gettime(CLOCK_MONOTONIC, &f);
    printf("coarse behind precise: %d\n", co.tv_sec < f.tv_sec || (co.tv_sec == f.tv_sec && co.tv_nsec <= f.tv_nsec));
    clockid_t mine, self;
    pthread_getcpuclockid(pthread_self(), &mine);
    clock_getcpuclockid(0, &self);
    printf("pthread_getcpuclockid getres: %s\n", res(clock_getres(mine, &r)));
    printf("clock_getcpuclockid getres: %s\n", res(clock_getres(self, &r)));
    long p0 = ns(CLOCK_PROCESS_CPUTIME_ID), t0 = ns(CLOCK_THREAD_CPUTIME_ID), m0 = ns(mine);
    volatile unsigned long x = 0;
    for (long i = 0; i < 20000000; i++) x++;
    long p1 = ns(CLOCK_PROCESS_CPUTIME_ID), t1 = ns(CLOCK_THREAD_CPUTIME_ID), m1 = ns(mine);
    printf("after spinning: process grew %d thread grew %d own clock grew %d\n", p1 > p0, t1 > t0, m1 > m0);
    clockid_t other = 1;
    pthread_t th;
    pthread_create(&th, NULL, spin_thread, &other);
    clockid_t thc;
    pthread_getcpuclockid(th, &thc);
    pthread_join(th, NULL);
    long after = ns(CLOCK_PROCESS_CPUTIME_ID);
    printf("a thread's spin counts for the process: %d\n", after - p1 > (t1 - t0) / 4);
    printf("process clock of a missing pid: %s\n", res(clock_gettime((clockid_t) ((~999999u) << 3) | 2, &r) ? -1 : 0));
    printf("clock_nanosleep on the thread clock: %d\n", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &SHORT, NULL));
    struct rusage u;
    const char *ru = res(getrusage(RUSAGE_SELF, &u));
    printf("getrusage self: %s user+sys > 0 %d\n", ru,
           u.ru_utime.tv_sec + u.ru_utime.tv_usec + u.ru_stime.tv_sec + u.ru_stime.tv_usec > 0);
    printf("getrusage thread: %s\n", res(getrusage(RUSAGE_THREAD, &u)));
    printf("getrusage bad who: %s\n", res(getrusage(5, &u)));
    pid_t c = fork();
    if (c == 0) {
        for (long i = 0; i < 20000000; i++) x++;
        _exit(0);
    }
    struct rusage cu;
    wait4(c, NULL, 0, &cu);
    getrusage(RUSAGE_CHILDREN, &u);
    printf("children's time counted: %d, wait4's rusage too: %d\n",
           u.ru_utime.tv_sec * 1000000 + u.ru_utime.tv_usec + u.ru_stime.tv_sec * 1000000 + u.ru_stime.tv_usec > 0,
           cu.ru_utime.tv_sec * 1000000 + cu.ru_utime.tv_usec + cu.ru_stime.tv_sec * 1000000 + cu.ru_stime.tv_usec > 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    queued();
    pending_and_waiting();
    signalfds();
    itimers();
    posix_timers();
    timerfds();
    cpu_clocks();
    printf("done\n");
    return 0;
}
