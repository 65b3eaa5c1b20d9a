/*
 * A FreeBSD-branded freestanding guest (ELF OSABI 9) for kqueue(2) and kevent(2): a pipe's
 * EVFILT_READ with its udata, EVFILT_WRITE, an EVFILT_USER event triggered, a oneshot and a
 * periodic EVFILT_TIMER, a zero timeout with nothing ready, EV_DELETE, and the error event an
 * unknown registration gives. FreeBSD's numbers and struct kevent (sys/sys/event.h, 64 bytes).
 */
typedef unsigned long u64;
typedef long i64;

static inline long sys6(long n, long a1, long a2, long a3, long a4, long a5, long a6, int *carry) {
    long ret;
    unsigned char cf;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    __asm__ volatile("syscall; setc %1"
                     : "=a"(ret), "=q"(cf)
                     : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory", "cc");
    *carry = cf;
    return ret;
}

struct kevent { u64 ident; short filter; unsigned short flags; unsigned int fflags; i64 data; void *udata; u64 ext[4]; };
struct timespec { i64 sec; i64 nsec; };

enum { SYS_exit = 1, SYS_write = 4, SYS_kqueue = 362, SYS_kevent = 560, SYS_pipe2 = 542 };
enum { EVFILT_READ = -1, EVFILT_WRITE = -2, EVFILT_TIMER = -7, EVFILT_USER = -11 };
enum { EV_ADD = 1, EV_DELETE = 2, EV_ONESHOT = 0x10, EV_CLEAR = 0x20, EV_ERROR = 0x4000, EV_EOF = 0x8000 };
enum { NOTE_TRIGGER = 0x01000000 };

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
    for (int i = 0; i < 4; i++) k->ext[i] = 0;
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
    put("read ready: "); num(n); put(" ident="); num(ev[0].ident == (u64) fds[0]); put(" filter="); num(ev[0].filter);
    put(" udata="); num((long) ev[0].udata); line();

    set(&ch[0], fds[1], EVFILT_WRITE, EV_ADD | EV_ONESHOT, 0, 0, (void *) 7);
    n = kevent(kq, ch, 1, ev, 8, &second);
    put("write ready: "); num(n); put(" filter="); num(ev[0].filter); put(" udata="); num((long) ev[0].udata); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("edge-triggered read and oneshot write, again: "); num(n); line();

    set(&ch[0], 42, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, (void *) 99);
    kevent(kq, ch, 1, 0, 0, 0);
    set(&ch[0], 42, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0);
    kevent(kq, ch, 1, 0, 0, 0);
    n = kevent(kq, 0, 0, ev, 8, &second);
    put("user event: "); num(n); put(" ident="); num(ev[0].ident); put(" filter="); num(ev[0].filter);
    put(" udata="); num((long) ev[0].udata); line();
    n = kevent(kq, 0, 0, ev, 8, &zero);
    put("user event cleared: "); num(n); line();

    set(&ch[0], 7, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 20, (void *) 5);
    n = kevent(kq, ch, 1, ev, 8, &second);
    put("oneshot timer: "); num(n); put(" ident="); num(ev[0].ident); put(" filter="); num(ev[0].filter);
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

    sys6(SYS_exit, 0, 0, 0, 0, 0, 0, &cf);
    for (;;) {}
}
