/*
 * A BSD-branded freestanding guest for kqueue(2) and kevent(2): a pipe's EVFILT_READ with its
 * udata, EVFILT_WRITE, an EVFILT_USER event triggered, a oneshot and a periodic EVFILT_TIMER, a
 * zero timeout with nothing ready, EV_DELETE, the error event an unknown registration gives,
 * EVFILT_SIGNAL counting an ignored signal, EVFILT_PROC seeing a child exit (which wait4 still
 * reaps), and kqueues closed with everything they hold. Built for FreeBSD (ELF OSABI 9: FreeBSD's
 * numbers and 64-byte struct kevent, sys/sys/event.h) and, with -DNETBSD, for NetBSD (OSABI 2:
 * NetBSD 10's numbers and 40-byte struct kevent); both print the same lines.
 */
typedef unsigned long u64;
typedef long i64;

/* One syscall: the value in rax, the carry flag to *carry, rdx to *second (when not NULL). */
static inline long sys6r(long n, long a1, long a2, long a3, long a4, long a5, long a6, int *carry, long *second) {
    long ret;
    unsigned char cf;
    register long rdx __asm__("rdx") = a3;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    __asm__ volatile("syscall; setc %1"
                     : "=a"(ret), "=q"(cf), "+r"(rdx)
                     : "a"(n), "D"(a1), "S"(a2), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory", "cc");
    *carry = cf;
    if (second) *second = rdx;
    return ret;
}

static inline long sys6(long n, long a1, long a2, long a3, long a4, long a5, long a6, int *carry) {
    return sys6r(n, a1, a2, a3, a4, a5, a6, carry, 0);
}

#ifdef NETBSD
struct kevent { u64 ident; unsigned int filter; unsigned int flags; unsigned int fflags; i64 data; void *udata; };
enum { SYS_exit = 1, SYS_fork = 2, SYS_write = 4, SYS_close = 6, SYS_getpid = 20, SYS_kill = 37, SYS_sigaction = 340,
       SYS_kqueue = 344, SYS_kevent = 435, SYS_wait4 = 449, SYS_pipe2 = 453 };
enum { EVFILT_READ = 0, EVFILT_WRITE = 1, EVFILT_PROC = 4, EVFILT_SIGNAL = 5, EVFILT_TIMER = 6, EVFILT_USER = 8 };
/* __sigaction_sigtramp's struct sigaction: handler, sigset_t, flags */
struct sigact { void *handler; unsigned int mask[4]; int flags; };
#else
struct kevent { u64 ident; short filter; unsigned short flags; unsigned int fflags; i64 data; void *udata; u64 ext[4]; };
enum { SYS_exit = 1, SYS_fork = 2, SYS_write = 4, SYS_close = 6, SYS_wait4 = 7, SYS_getpid = 20, SYS_kill = 37,
       SYS_kqueue = 362, SYS_sigaction = 416, SYS_pipe2 = 542, SYS_kevent = 560 };
enum { EVFILT_READ = -1, EVFILT_WRITE = -2, EVFILT_PROC = -5, EVFILT_SIGNAL = -6, EVFILT_TIMER = -7, EVFILT_USER = -11 };
struct sigact { void *handler; int flags; unsigned int mask[4]; };
#endif
struct timespec { i64 sec; i64 nsec; };

enum { EV_ADD = 1, EV_DELETE = 2, EV_ONESHOT = 0x10, EV_CLEAR = 0x20, EV_ERROR = 0x4000, EV_EOF = 0x8000 };
enum { NOTE_TRIGGER = 0x01000000, NOTE_EXIT = (int) 0x80000000, NOTE_FORK = 0x40000000 };
enum { SIGUSR1 = 30, SYS_fcntl = 92, F_GETFD = 1 };

static int cf;
static char buf[256];
static int len;

static void put(const char *s) { while (*s) buf[len++] = *s++; }
static void num(long v) {
    char t[24];
    int n = 0;
    if (v < 0) { buf[len++] = '-'; v = -v; }
    do { t[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) buf[len++] = t[--n];
}
static void line(void) { buf[len++] = '\n'; sys6(SYS_write, 1, (long) buf, len, 0, 0, 0, &cf); len = 0; }

static void set(struct kevent *k, long ident, int filter, int flags, int fflags, long data, void *udata) {
    k->ident = ident; k->filter = filter; k->flags = flags; k->fflags = fflags; k->data = data; k->udata = udata;
#ifndef NETBSD
    for (int i = 0; i < 4; i++) k->ext[i] = 0;
#endif
}

static const char *fname(long f) {
    return f == EVFILT_READ ? "EVFILT_READ" : f == EVFILT_WRITE ? "EVFILT_WRITE" : f == EVFILT_PROC ? "EVFILT_PROC"
         : f == EVFILT_SIGNAL ? "EVFILT_SIGNAL" : f == EVFILT_TIMER ? "EVFILT_TIMER" : f == EVFILT_USER ? "EVFILT_USER" : "?";
}

static long fork_(void) {
    long rdx = 0;
    long r = sys6r(SYS_fork, 0, 0, 0, 0, 0, 0, &cf, &rdx);
    if (cf) return -r;
    return rdx == 1 ? 0 : r; /* the child: rdx 1, as libc's fork stub tests */
}

static long kevent(int kq, struct kevent *ch, int n, struct kevent *ev, int nev, struct timespec *ts) {
    return sys6(SYS_kevent, kq, (long) ch, n, (long) ev, nev, (long) ts, &cf);
}

__attribute__((force_align_arg_pointer)) void _start(void) {
    struct kevent ch[4], ev[8];
    struct timespec zero = {0, 0}, second = {1, 0};
    int fds[2];
    long kq = sys6(SYS_kqueue, 0, 0, 0, 0, 0, 0, &cf);
    put("kqueue: "); put(cf ? "failed" : "ok"); line();
    sys6(SYS_pipe2, (long) fds, 0, 0, 0, 0, 0, &cf);

    set(&ch[0], fds[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, (void *) 0x1234);
    long n = kevent(kq, ch, 1, ev, 8, &zero);
    put("nothing ready: "); num(n); line();

    sys6(SYS_write, fds[1], (long) "abc", 3, 0, 0, 0, &cf);
    n = kevent(kq, 0, 0, ev, 8, &second);
    put("read ready: "); num(n); put(" ident="); num(ev[0].ident == (u64) fds[0]); put(" filter="); put(fname(ev[0].filter));
    put(" udata="); num((long) ev[0].udata); line();

    set(&ch[0], fds[1], EVFILT_WRITE, EV_ADD | EV_ONESHOT, 0, 0, (void *) 7);
    n = kevent(kq, ch, 1, ev, 8, &second);
    put("write ready: "); num(n); put(" filter="); put(fname(ev[0].filter)); put(" udata="); num((long) ev[0].udata); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("edge-triggered read and oneshot write, again: "); num(n); line();

    set(&ch[0], 42, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, (void *) 99);
    kevent(kq, ch, 1, 0, 0, 0);
    set(&ch[0], 42, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0);
    kevent(kq, ch, 1, 0, 0, 0);
    n = kevent(kq, 0, 0, ev, 8, &second);
    put("user event: "); num(n); put(" ident="); num(ev[0].ident); put(" filter="); put(fname(ev[0].filter));
    put(" udata="); num((long) ev[0].udata); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("user event cleared: "); num(n); line();

    set(&ch[0], 7, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 20, (void *) 5);
    n = kevent(kq, ch, 1, ev, 8, &second);
    put("oneshot timer: "); num(n); put(" ident="); num(ev[0].ident); put(" filter="); put(fname(ev[0].filter));
    put(" data="); num(ev[0].data); put(" udata="); num((long) ev[0].udata); line();

    set(&ch[0], 8, EVFILT_TIMER, EV_ADD, 0, 10, 0);
    int fired = 0;
    for (int i = 0; i < 3; i++) fired += kevent(kq, i == 0 ? ch : 0, i == 0 ? 1 : 0, ev, 8, &second) == 1 && ev[0].ident == 8;
    put("periodic timer fired three times: "); num(fired == 3); line();
    set(&ch[0], 8, EVFILT_TIMER, EV_DELETE, 0, 0, 0);
    kevent(kq, ch, 1, 0, 0, 0);
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("after EV_DELETE: "); num(n); line();

    set(&ch[0], 1000, EVFILT_READ, EV_DELETE, 0, 0, 0);
    n = kevent(kq, ch, 1, ev, 8, &zero);
    put("deleting what is not there: "); num(n); put(" flags&EV_ERROR="); num((ev[0].flags & EV_ERROR) != 0);
    put(" data="); num(ev[0].data); line();
    n = kevent(kq, ch, 1, 0, 0, &zero);
    put("the same without room for it: "); num(n); put(" carry="); num(cf); line();

    /* EVFILT_SIGNAL counts the signal even though it is ignored, and takes nothing from it. */
    struct sigact ign = {0};
    ign.handler = (void *) 1; /* SIG_IGN */
    sys6(SYS_sigaction, SIGUSR1, (long) &ign, 0, 0, 0, 0, &cf);
    put("SIGUSR1 ignored: "); num(!cf); line();
    set(&ch[0], SIGUSR1, EVFILT_SIGNAL, EV_ADD, 0, 0, (void *) 55);
    kevent(kq, ch, 1, 0, 0, 0);
    long me = sys6(SYS_getpid, 0, 0, 0, 0, 0, 0, &cf);
    sys6(SYS_kill, me, SIGUSR1, 0, 0, 0, 0, &cf);
    sys6(SYS_kill, me, SIGUSR1, 0, 0, 0, 0, &cf);
    n = kevent(kq, 0, 0, ev, 8, &second);
    put("signal sent twice: "); num(n); put(" ident="); num(ev[0].ident); put(" filter="); put(fname(ev[0].filter));
    put(" data="); num(ev[0].data); put(" flags&EV_CLEAR="); num((ev[0].flags & EV_CLEAR) != 0);
    put(" udata="); num((long) ev[0].udata); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("signal after it was reported: "); num(n); line();
    sys6(SYS_kill, me, SIGUSR1, 0, 0, 0, 0, &cf);
    n = kevent(kq, 0, 0, ev, 8, &second);
    put("signal sent once more: "); num(n); put(" data="); num(ev[0].data); line();

    /* EVFILT_PROC: a child's exit with its wait status, and the child is still the parent's to reap. */
    long child = fork_();
    if (child == 0) sys6(SYS_exit, 3, 0, 0, 0, 0, 0, &cf);
    set(&ch[0], child, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, (void *) 66);
    struct timespec ten = {10, 0};
    n = kevent(kq, ch, 1, ev, 8, &ten);
    put("child exit: "); num(n); put(" ident="); num(ev[0].ident == (u64) child); put(" filter="); put(fname(ev[0].filter));
    put(" fflags&NOTE_EXIT="); num((ev[0].fflags & NOTE_EXIT) != 0); put(" data="); num(ev[0].data);
    put(" flags&EV_EOF="); num((ev[0].flags & EV_EOF) != 0); put(" flags&EV_ONESHOT="); num((ev[0].flags & EV_ONESHOT) != 0);
    put(" udata="); num((long) ev[0].udata); line();
    int status = -1;
    long reaped = sys6(SYS_wait4, child, (long) &status, 0, 0, 0, 0, &cf);
    put("wait4 after it: reaped="); num(!cf && reaped == child); put(" status="); num(status); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("the exit was reported once: "); num(n == 0); line();

    /* A kqueue is not inherited by fork: in the child its descriptor is not open (EBADF). */
    child = fork_();
    if (child == 0) {
        long r = kevent(kq, 0, 0, ev, 8, &zero);
        sys6(SYS_exit, cf && r == 9 ? 0 : 1, 0, 0, 0, 0, 0, &cf);
    }
    status = -1;
    sys6(SYS_wait4, child, (long) &status, 0, 0, 0, 0, &cf);
    put("a forked child has no kqueue: "); num(status == 0); put(" the parent still has it: ");
    num(kevent(kq, 0, 0, ev, 8, &zero) == 0 && !cf); line();
    set(&ch[0], 999999, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, 0);
    n = kevent(kq, ch, 1, ev, 8, &zero);
    put("no such process: "); num(n); put(" flags&EV_ERROR="); num((ev[0].flags & EV_ERROR) != 0); put(" data="); num(ev[0].data);
    line();
    set(&ch[0], me, EVFILT_PROC, EV_ADD, NOTE_EXIT | NOTE_FORK, 0, 0);
    n = kevent(kq, ch, 1, ev, 8, &zero);
    put("NOTE_FORK: "); num(n); put(" flags&EV_ERROR="); num((ev[0].flags & EV_ERROR) != 0); put(" data="); num(ev[0].data); line();

    /* A closed kqueue takes with it what it holds: no descriptor is left open above it. */
    long first = -1, registered = 1, left = 0;
    for (int i = 0; i < 20; i++) {
        long k = sys6(SYS_kqueue, 0, 0, 0, 0, 0, 0, &cf);
        if (first < 0) first = k;
        set(&ch[0], 1, EVFILT_USER, EV_ADD, 0, 0, 0);
        set(&ch[1], 2, EVFILT_TIMER, EV_ADD, 0, 1000, 0);
        set(&ch[2], SIGUSR1, EVFILT_SIGNAL, EV_ADD, 0, 0, 0);
        set(&ch[3], me, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, 0);
        registered &= kevent(k, ch, 4, 0, 0, 0) == 0;
        sys6(SYS_close, k, 0, 0, 0, 0, 0, &cf);
    }
    for (long fd = first; fd < first + 100; fd++) {
        sys6(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0, &cf);
        left += !cf;
    }
    put("twenty kqueues closed: registered="); num(registered); put(" descriptors left open="); num(left); line();

    sys6(SYS_exit, 0, 0, 0, 0, 0, 0, &cf);
    for (;;) {}
}
