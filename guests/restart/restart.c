/* A signal handler interrupts a read from an empty pipe: with SA_RESTART the read goes on and
 * returns the byte written later, without it the read fails with EINTR. Built twice from this
 * one source, freestanding: for Linux (native and under Helctic) and, with -DFREEBSD, for
 * FreeBSD (ELF OSABI 9: FreeBSD's syscall numbers, carry-flag results, sigaction layout, signal
 * numbers and fork convention, and the kernel's own signal trampoline). All three runs must
 * print the same lines: the kernel decides restart or EINTR the same way for both personalities. */
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;

#ifdef FREEBSD
enum { NR_read = 3, NR_write = 4, NR_exit = 1, NR_fork = 2, NR_wait4 = 7, NR_kill = 37, NR_getppid = 39,
       NR_nanosleep = 240, NR_sigaction = 416, NR_pipe2 = 542 };
enum { SIGUSR1_ = 30, SA_RESTART_ = 0x2, O_NONBLOCK_ = 0x4, EAGAIN_ = 35 };
struct sigact { void (*handler)(int); int flags; u32 mask[4]; };
#else
enum { NR_read = 0, NR_write = 1, NR_exit = 231, NR_fork = 57, NR_wait4 = 61, NR_kill = 62, NR_getppid = 110,
       NR_nanosleep = 35, NR_sigaction = 13, NR_pipe2 = 293 };
enum { SIGUSR1_ = 10, SA_RESTART_ = 0x10000000, SA_RESTORER_ = 0x04000000, O_NONBLOCK_ = 04000, EAGAIN_ = 11 };
struct sigact { void (*handler)(int); u64 flags; void (*restorer)(void); u64 mask; };
void restore_rt(void);
__asm__(".text\n.globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");
#endif
enum { EINTR_ = 4 };

/* One syscall; the result as Linux gives it (-errno on failure) whatever the OS; *second gets rdx. */
static i64 call(i64 n, i64 a1, i64 a2, i64 a3, i64 a4, i64 *second) {
    register i64 r10 __asm__("r10") = a4;
    register i64 rdx __asm__("rdx") = a3;
    i64 ret;
    unsigned char cf;
    __asm__ volatile("syscall; setc %1"
                     : "=a"(ret), "=q"(cf), "+r"(rdx)
                     : "a"(n), "D"(a1), "S"(a2), "r"(r10)
                     : "rcx", "r11", "r8", "r9", "memory", "cc");
    if (second) *second = rdx;
#ifdef FREEBSD
    return cf ? -ret : ret;
#else
    (void) cf;
    return ret;
#endif
}

static u64 len(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void say(const char *s) { call(NR_write, 1, (i64) s, (i64) len(s), 0, 0); }
static __attribute__((noreturn)) void quit(int status) { for (;;) call(NR_exit, status, 0, 0, 0, 0); }

static i64 fork_(void) {
    i64 rdx = 0;
    i64 r = call(NR_fork, 0, 0, 0, 0, &rdx);
#ifdef FREEBSD
    if (r >= 0 && rdx == 1) return 0; /* the child: rdx 1, as libc's fork stub tests */
#endif
    return r;
}

static void nap(long ns) {
    i64 ts[2] = {0, ns};
    call(NR_nanosleep, (i64) ts, 0, 0, 0, 0);
}

static volatile int in_read, handled, interrupted;

static void on_usr1(int sig) {
    (void) sig;
    handled++;
    if (in_read) interrupted++;
}

static i64 handle_usr1(int restart) {
    struct sigact a = {0};
    a.handler = on_usr1;
    a.flags = restart ? SA_RESTART_ : 0;
#ifdef FREEBSD
    return call(NR_sigaction, SIGUSR1_, (i64) &a, 0, 0, 0);
#else
    a.flags |= SA_RESTORER_;
    a.restorer = restore_rt;
    return call(NR_sigaction, SIGUSR1_, (i64) &a, 0, 8, 0);
#endif
}

/* The child signals its parent every few milliseconds until told to stop (or, with SA_RESTART,
 * for a while), then writes the byte the parent's read waits for. */
static __attribute__((noreturn)) void child(int restart, int data_w, int stop_r) {
    i64 parent = call(NR_getppid, 0, 0, 0, 0, 0);
    char c;
    for (int i = 0; i < 400; i++) {
        call(NR_kill, parent, SIGUSR1_, 0, 0, 0);
        nap(5 * 1000 * 1000);
        if (call(NR_read, stop_r, (i64) &c, 1, 0, 0) == 1) break;
        if (restart && i == 20) break;
    }
    call(NR_write, data_w, (i64) "x", 1, 0, 0);
    quit(0);
}

static int run(int restart) {
    int data[2], stop[2];
    char c;
    const char *mode = restart ? "SA_RESTART: " : "no SA_RESTART: ";
    if (handle_usr1(restart) != 0) { say("sigaction failed\n"); return 1; }
    if (call(NR_pipe2, (i64) data, 0, 0, 0, 0) != 0 || call(NR_pipe2, (i64) stop, O_NONBLOCK_, 0, 0, 0) != 0) {
        say("pipe2 failed\n");
        return 1;
    }
    handled = interrupted = 0;
    i64 pid = fork_();
    if (pid < 0) { say("fork failed\n"); return 1; }
    if (pid == 0) child(restart, data[1], stop[0]);
    in_read = 1;
    i64 r = call(NR_read, data[0], (i64) &c, 1, 0, 0);
    in_read = 0;
    say(mode);
    if (restart) {
        say(r == 1 && c == 'x' ? "the read went on and returned the byte" : "the read did not go on");
    } else {
        say(r == -EINTR_ ? "the read failed with EINTR" : "the read did not fail with EINTR");
        call(NR_write, stop[1], (i64) "s", 1, 0, 0);
        while ((r = call(NR_read, data[0], (i64) &c, 1, 0, 0)) == -EINTR_) { }
        say(r == 1 && c == 'x' ? "; a later read returned the byte" : "; a later read failed");
    }
    say(interrupted > 0 ? "; a handler ran during it\n" : "; no handler ran during it\n");
    int status = -1;
    while ((r = call(NR_wait4, pid, (i64) &status, 0, 0, 0)) == -EINTR_) { }
    say(r == pid && status == 0 ? "the child exited with 0\n" : "the child's end was not seen\n");
    return 0;
}

__attribute__((force_align_arg_pointer)) void _start(void) {
    int failed = run(1) | run(0);
    (void) EAGAIN_;
    quit(failed);
}
