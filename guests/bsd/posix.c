/*
 * One freestanding program, built three times: for Linux, for FreeBSD (-DFREEBSD, ELF OSABI 9)
 * and for NetBSD (-DNETBSD, its ELF note). Each build speaks its own OS's ABI directly —
 * syscall numbers, carry-flag results, open flags, errno and signal numbers, struct stat,
 * directory records, sigaction and siginfo layouts, the fork convention, and its threads
 * (clone and futexes; thr_new and _umtx_op as FreeBSD's libthr uses them; _lwp_create and
 * _lwp_park) — and prints the same lines: the Linux build run natively is the reference.
 *
 * Sections: files (create, exclusive create, stat, symlink, rename, directory listing, dup2
 * and descriptor flags, a non-blocking pipe, the errors of each), processes (fork and exit
 * status, death by a signal, execve with arguments and environment, ECHILD), signals (a
 * handler with its siginfo, a blocked signal held pending, SIGCHLD), a peer of another
 * personality (argv[1], exec'd on a shared pipe: it writes, signals this process, and is
 * signalled back), and threads (a mutex, a kernel-assisted mutex, condition variables, a
 * semaphore, a reader-writer lock, a signal to one thread).
 */
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#if defined(FREEBSD) || defined(NETBSD)
#define BSD 1
enum { SIGUSR1_ = 30, SIGUSR2_ = 31, SIGCHLD_ = 20, SA_SIGINFO_ = 0x40, SIG_BLOCK_ = 1, SIG_UNBLOCK_ = 2,
       O_CREAT_ = 0x200, O_TRUNC_ = 0x400, O_EXCL_ = 0x800, O_NONBLOCK_ = 0x4,
       EAGAIN_ = 35, ENOTEMPTY_ = 66 };
enum { NR_exit = 1, NR_fork = 2, NR_read = 3, NR_write = 4, NR_open = 5, NR_close = 6, NR_unlink = 10,
       NR_getpid = 20, NR_kill = 37, NR_getppid = 39, NR_symlink = 57, NR_readlink = 58, NR_execve = 59,
       NR_umask = 60, NR_munmap = 73, NR_dup2 = 90, NR_fcntl = 92, NR_rename = 128, NR_mkdir = 136, NR_rmdir = 137 };
#else
enum { SIGUSR1_ = 10, SIGUSR2_ = 12, SIGCHLD_ = 17, SA_SIGINFO_ = 4, SIG_BLOCK_ = 0, SIG_UNBLOCK_ = 1,
       O_CREAT_ = 0100, O_TRUNC_ = 01000, O_EXCL_ = 0200, O_NONBLOCK_ = 04000,
       EAGAIN_ = 11, ENOTEMPTY_ = 39 };
enum { NR_read = 0, NR_write = 1, NR_open = 2, NR_close = 3, NR_fstat = 5, NR_lseek = 8, NR_mmap = 9, NR_munmap = 11, NR_sigaction = 13,
       NR_sigprocmask = 14, NR_yield = 24, NR_dup2 = 33, NR_nanosleep = 35, NR_getpid = 39, NR_clone = 56,
       NR_fork = 57, NR_execve = 59, NR_exit = 60, NR_wait4 = 61, NR_kill = 62, NR_fcntl = 72, NR_rename = 82,
       NR_mkdir = 83, NR_rmdir = 84, NR_unlink = 87, NR_symlink = 88, NR_readlink = 89, NR_umask = 95,
       NR_getppid = 110, NR_gettid = 186, NR_futex = 202, NR_getdents = 217, NR_tgkill = 234, NR_pipe2 = 293 };
#endif
#ifdef FREEBSD
enum { NR_wait4 = 7, NR_nanosleep = 240, NR_yield = 331, NR_sigprocmask = 340, NR_sigaction = 416,
       NR_thr_exit = 431, NR_thr_self = 432, NR_thr_kill = 433, NR_umtx = 454, NR_thr_new = 455,
       NR_mmap = 477, NR_lseek = 478, NR_pipe2 = 542, NR_fstat = 551, NR_getdents = 554 };
enum { MODE_AT = 24, MODE_WIDTH = 2, SIZE_AT = 112, SI_PID_AT = 12, SI_USER_ = 0x10001 };
#endif
#ifdef NETBSD
enum { NR_lseek = 199, NR_sigprocmask = 293, NR_getcontext = 307, NR_lwp_create = 309, NR_lwp_exit = 310,
       NR_lwp_self = 311, NR_lwp_kill = 318, NR_lwp_unpark = 321, NR_sigaction = 340, NR_yield = 350,
       NR_getdents = 390, NR_nanosleep = 430, NR_fstat = 440, NR_wait4 = 449, NR_pipe2 = 453, NR_lwp_park = 478 };
enum { MODE_AT = 8, MODE_WIDTH = 4, SIZE_AT = 112, SI_PID_AT = 16, SI_USER_ = 0 };
/* NetBSD's ELF note: what makes this a NetBSD program (ELF OSABI stays 0, as NetBSD's own are). */
__asm__(".section .note.netbsd.ident,\"a\",@note\n.p2align 2\n.long 7\n.long 4\n.long 1\n"
        ".asciz \"NetBSD\"\n.p2align 2\n.long 1000000000\n.text\n");
#endif
#ifndef BSD
enum { MODE_AT = 24, MODE_WIDTH = 4, SIZE_AT = 48, SI_PID_AT = 16, SI_USER_ = 0 };
#endif
enum { ENOENT_ = 2, EEXIST_ = 17, ECHILD_ = 10, SIGTERM_ = 15, EINTR_ = 4 };

/* ---- calls ------------------------------------------------------------------------------- */

static i64 second; /* rdx after the last call (fork's child flag on the BSDs) */

static i64 sc6(i64 n, i64 a1, i64 a2, i64 a3, i64 a4, i64 a5, i64 a6) {
    register i64 r10 __asm__("r10") = a4;
    register i64 r8 __asm__("r8") = a5;
    register i64 r9 __asm__("r9") = a6;
    register i64 rdx __asm__("rdx") = a3;
    i64 ret;
    unsigned char cf;
    __asm__ volatile("syscall; setc %1" : "=a"(ret), "=q"(cf), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory", "cc");
    second = rdx;
#ifdef BSD
    return cf ? -ret : ret;
#else
    (void) cf;
    return ret;
#endif
}
#define sc(n, a, b, c) sc6(n, (i64) (a), (i64) (b), (i64) (c), 0, 0, 0)

static __attribute__((noreturn)) void quit(int status) { for (;;) sc(NR_exit, status, 0, 0); }

/* ---- output ------------------------------------------------------------------------------ */

static char line[512];
static int len;
static void put(const char *s) { while (*s) line[len++] = *s++; }
static void num(i64 v) {
    char t[24];
    int n = 0;
    if (v < 0) { line[len++] = '-'; v = -v; }
    do { t[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) line[len++] = t[--n];
}
static void nl(void) { line[len++] = '\n'; sc(NR_write, 1, line, len); len = 0; }
static void yes(int b) { put(b ? "yes" : "no"); }
static int eq(const char *a, const char *b) { while (*a && *a == *b) a++, b++; return *a == *b; }

static const char *errname(i64 r) {
    switch (-r) {
        case 0: return "ok";
        case ENOENT_: return "ENOENT";
        case EEXIST_: return "EEXIST";
        case ECHILD_: return "ECHILD";
        case EINTR_: return "EINTR";
        case EAGAIN_: return "EAGAIN";
        case ENOTEMPTY_: return "ENOTEMPTY";
        default: return r >= 0 ? "ok" : "another error";
    }
}
static const char *signame(int s) {
    switch (s) {
        case SIGUSR1_: return "SIGUSR1";
        case SIGUSR2_: return "SIGUSR2";
        case SIGCHLD_: return "SIGCHLD";
        case SIGTERM_: return "SIGTERM";
        default: return "another signal";
    }
}

static void nap(long ms) {
    i64 ts[2] = {ms / 1000, (ms % 1000) * 1000000};
    sc(NR_nanosleep, ts, 0, 0);
}

static i64 fork_(void) {
    i64 r = sc(NR_fork, 0, 0, 0);
#ifdef BSD
    if (r >= 0 && second == 1) return 0;
#endif
    return r;
}

static i64 wait_(i64 pid, int *status, int options) { return sc6(NR_wait4, pid, (i64) status, options, 0, 0, 0); }

/* ---- signals ----------------------------------------------------------------------------- */

#ifdef FREEBSD
struct sigact { void (*handler)(int, void *, void *); int flags; u32 mask[4]; };
#elif defined(NETBSD)
struct sigact { void (*handler)(int, void *, void *); u32 mask[4]; int flags; };
void nb_tramp(void);
__asm__(".text\n.globl nb_tramp\nnb_tramp:\n\tmov %r15, %rdi\n\tmov $308, %eax\n\tsyscall\n\tmov $1, %eax\n\tsyscall\n\thlt\n");
#else
struct sigact { void (*handler)(int, void *, void *); u64 flags; void (*restorer)(void); u64 mask; };
void restore_rt(void);
__asm__(".text\n.globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");
#endif

static void on(int sig, void (*h)(int, void *, void *)) {
    struct sigact a = {0};
    a.handler = h;
#ifdef NETBSD
    a.flags = SA_SIGINFO_;
    sc6(NR_sigaction, sig, (i64) &a, 0, (i64) nb_tramp, 2, 0);
#elif defined(FREEBSD)
    a.flags = SA_SIGINFO_;
    sc(NR_sigaction, sig, &a, 0);
#else
    a.flags = SA_SIGINFO_ | 0x04000000;
    a.restorer = restore_rt;
    sc6(NR_sigaction, sig, (i64) &a, 0, 8, 0, 0);
#endif
}

static void mask(int how, int sig) {
#ifdef BSD
    u32 set[4] = {0};
    set[(sig - 1) / 32] = 1u << ((sig - 1) % 32);
    sc(NR_sigprocmask, how, set, 0);
#else
    u64 set = 1ul << (sig - 1);
    sc6(NR_sigprocmask, how, (i64) &set, 0, 8, 0, 0);
#endif
}

static i64 thread_id(void) {
#ifdef FREEBSD
    i64 id;
    sc(NR_thr_self, &id, 0, 0);
    return id;
#elif defined(NETBSD)
    return sc(NR_lwp_self, 0, 0, 0);
#else
    return sc(NR_gettid, 0, 0, 0);
#endif
}

static volatile int got[64], got_code, got_pid;
static volatile i64 handled_on;
static void handler(int sig, void *info, void *uc) {
    (void) uc;
    got[sig]++;
    got_code = *(int *) ((char *) info + 8);
#ifdef NETBSD
    got_code = *(int *) ((char *) info + 4);
#endif
    got_pid = *(int *) ((char *) info + SI_PID_AT);
    handled_on = thread_id();
}

/* ---- files ------------------------------------------------------------------------------- */

static char dir[64], path[96];
static const char *at(const char *name) {
    int n = 0;
    for (const char *s = dir; *s; s++) path[n++] = *s;
    path[n++] = '/';
    while (*name) path[n++] = *name++;
    path[n] = 0;
    return path;
}

static void files(void) {
    sc(NR_umask, 022, 0, 0);
    int pid = (int) sc(NR_getpid, 0, 0, 0);
    char *d = dir;
    for (const char *s = "/tmp/helctic-posix-"; *s; s++) *d++ = *s;
    char t[12];
    int n = 0;
    do { t[n++] = '0' + pid % 10; pid /= 10; } while (pid);
    while (n) *d++ = t[--n];
    *d = 0;
    put("mkdir: "); put(errname(sc(NR_mkdir, dir, 0755, 0))); nl();
    i64 fd = sc(NR_open, at("a"), O_CREAT_ | O_EXCL_ | 2, 0666);
    put("create: "); put(errname(fd)); nl();
    put("write: "); num(sc(NR_write, fd, "hello, world\n", 13)); nl();
#ifdef NETBSD
    i64 end = sc6(NR_lseek, fd, 0, 0, 1, 0, 0); /* NetBSD's lseek has a pad argument before the offset */
    sc6(NR_lseek, fd, 0, 0, 0, 0, 0);
#else
    i64 end = sc(NR_lseek, fd, 0, 1);
    sc(NR_lseek, fd, 0, 0);
#endif
    char buf[64] = {0};
    put("at "); num(end); put(", read back: "); num(sc(NR_read, fd, buf, 63)); put(" bytes: "); put(buf);
    len--; nl();
    u8 st[256] = {0};
    sc(NR_fstat, fd, st, 0);
    u32 mode = MODE_WIDTH == 2 ? *(u16 *) (st + MODE_AT) : *(u32 *) (st + MODE_AT);
    i64 size = *(i64 *) (st + SIZE_AT);
    put("fstat: regular "); yes((mode & 0170000) == 0100000); put(", mode "); num((mode >> 6) & 7); num((mode >> 3) & 7);
    num(mode & 7); put(", size "); num(size); nl();
    /* a file's second page mapped: NetBSD's mmap takes its offset as a seventh argument, on the stack */
    char *page;
#ifdef NETBSD
    sc6(NR_lseek, fd, 0, 4096, 0, 0, 0);
    sc(NR_write, fd, "page two\n", 9);
    {
        register i64 r10 __asm__("r10") = 1; /* MAP_SHARED */
        register i64 r8 __asm__("r8") = fd;
        register i64 r9 __asm__("r9") = 0;   /* the pad */
        i64 ret;
        unsigned char cf;
        __asm__ volatile("sub $256, %%rsp\n\tmovq $4096, 8(%%rsp)\n\tsyscall\n\tsetc %1\n\tadd $256, %%rsp"
                         : "=a"(ret), "=q"(cf), "+r"(r10), "+r"(r8), "+r"(r9)
                         : "a"(197), "D"(0), "S"(4096), "d"(1) : "rcx", "r11", "memory", "cc");
        page = cf ? 0 : (char *) ret;
    }
#else
    sc(NR_lseek, fd, 4096, 0);
    sc(NR_write, fd, "page two\n", 9);
    i64 mp = sc6(NR_mmap, 0, 4096, 1, 1, fd, 4096);
    page = mp < 0 ? 0 : (char *) mp;
#endif
    put("mmap of the second page: ");
    if (page) { for (int i = 0; i < 8; i++) line[len++] = page[i]; sc(NR_munmap, page, 4096, 0); } else put("failed");
    nl();
    put("exclusive create again: "); put(errname(sc(NR_open, at("a"), O_CREAT_ | O_EXCL_ | 2, 0666))); nl();
    put("open a missing file: "); put(errname(sc(NR_open, at("missing"), 0, 0))); nl();
    char target[8] = "a";
    sc(NR_symlink, target, at("l"), 0);
    char link[32] = {0};
    i64 ln = sc(NR_readlink, at("l"), link, 31);
    put("readlink: "); num(ln); put(" "); put(link); nl();
    char from[96];
    for (int i = 0; i < 96; i++) from[i] = at("a")[i];
    put("rename: "); put(errname(sc(NR_rename, from, at("b"), 0))); nl();
    sc(NR_mkdir, at("sub"), 0700, 0);
    put("rmdir of a full directory: "); put(errname(sc(NR_rmdir, dir, 0, 0))); nl();

    /* the directory's names, sorted, with their types */
    i64 dfd = sc(NR_open, dir, 0, 0);
    char names[8][16];
    int types[8], count = 0;
    static char dbuf[4096];
#ifdef FREEBSD
    i64 base = 0;
    i64 got_bytes = sc6(NR_getdents, dfd, (i64) dbuf, sizeof dbuf, (i64) &base, 0, 0);
#else
    i64 got_bytes = sc(NR_getdents, dfd, dbuf, sizeof dbuf);
#endif
    for (i64 off = 0; off < got_bytes;) {
        char *e = dbuf + off, *name;
        int reclen, type;
#ifdef FREEBSD
        reclen = *(u16 *) (e + 16); type = *(u8 *) (e + 18); name = e + 24;
#elif defined(NETBSD)
        reclen = *(u16 *) (e + 8); type = *(u8 *) (e + 12); name = e + 13;
#else
        reclen = *(u16 *) (e + 16); type = *(u8 *) (e + 18); name = e + 19;
#endif
        if (!eq(name, ".") && !eq(name, "..") && count < 8) {
            int i = 0;
            for (; name[i] && i < 15; i++) names[count][i] = name[i];
            names[count][i] = 0;
            types[count++] = type;
        }
        off += reclen;
    }
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++) {
            const char *x = names[i], *y = names[j];
            while (*x && *x == *y) x++, y++;
            if ((u8) *x > (u8) *y) {
                char tmp[16];
                int tt = types[i];
                for (int k = 0; k < 16; k++) tmp[k] = names[i][k], names[i][k] = names[j][k], names[j][k] = tmp[k];
                types[i] = types[j]; types[j] = tt;
            }
        }
    put("listing:");
    for (int i = 0; i < count; i++) {
        put(" "); put(names[i]); put(types[i] == 4 ? "/" : types[i] == 10 ? "@" : types[i] == 8 ? "" : "?");
    }
    nl();
    sc(NR_close, dfd, 0, 0);

    put("dup2: "); num(sc(NR_dup2, fd, 9, 0)); put(", close-on-exec "); num(sc(NR_fcntl, 9, 1, 0));
    sc(NR_fcntl, 9, 2, 1);
    put(" then "); num(sc(NR_fcntl, 9, 1, 0)); nl();
    sc(NR_close, 9, 0, 0);
    put("close twice: "); put(sc(NR_close, 9, 0, 0) == -9 ? "EBADF" : "?"); nl();
    int p[2];
    sc(NR_pipe2, p, O_NONBLOCK_, 0);
    put("non-blocking pipe: "); yes((sc(NR_fcntl, p[0], 3, 0) & O_NONBLOCK_) != 0); put(", empty read "); put(errname(sc(NR_read, p[0], buf, 1)));
    nl();
    sc(NR_close, p[0], 0, 0); sc(NR_close, p[1], 0, 0); sc(NR_close, fd, 0, 0);
    sc(NR_unlink, at("b"), 0, 0); sc(NR_unlink, at("l"), 0, 0); sc(NR_rmdir, at("sub"), 0, 0);
    put("cleaned up: "); put(errname(sc(NR_rmdir, dir, 0, 0))); nl();
}

/* ---- processes --------------------------------------------------------------------------- */

static char *self;
static char **environ_;

static void processes(void) {
    int status = 0;
    i64 pid = fork_();
    if (pid == 0) quit(7);
    i64 w = wait_(pid, &status, 0);
    put("child exit: same pid "); yes(w == pid); put(", exited "); yes((status & 0x7f) == 0); put(" with "); num((status >> 8) & 0xff); nl();

    pid = fork_();
    if (pid == 0) { for (;;) nap(1000); }
    nap(20);
    sc(NR_kill, pid, SIGTERM_, 0);
    wait_(pid, &status, 0);
    put("killed child: by "); put(signame(status & 0x7f)); nl();
    put("SIGCHLD handled: "); yes(got[SIGCHLD_] == 2); nl();

    pid = fork_();
    if (pid == 0) {
        char *argv[] = {self, "exec", "42", 0};
        char *envp[] = {"GREETING=hello from the parent", 0};
        sc(NR_execve, self, argv, envp);
        quit(99);
    }
    wait_(pid, &status, 0);
    put("exec'd child: exit "); num((status >> 8) & 0xff); nl();
    put("no more children: "); put(errname(wait_(-1, &status, 1))); nl();
}

/* waiting with a siginfo: wait6 on the BSDs, waitid on Linux; a signal taken by sigtimedwait */
#ifdef FREEBSD
enum { NR_wait6 = 532, NR_sigtimedwait = 345, P_PID_ = 0, WEXITED_ = 16, SI_CODE_AT = 8, SI_STATUS_AT = 20 };
#elif defined(NETBSD)
enum { NR_wait6 = 481, NR_sigtimedwait = 431, P_PID_ = 1, WEXITED_ = 0x20, SI_CODE_AT = 4, SI_STATUS_AT = 24 };
#else
enum { NR_waitid = 247, NR_sigtimedwait = 128, P_PID_ = 1, WEXITED_ = 4, SI_CODE_AT = 8, SI_STATUS_AT = 24 };
#endif
static void waits(void) {
    i64 pid = fork_();
    if (pid == 0) quit(3);
    u8 info[128] = {0};
    int status = -1;
#ifdef BSD
    u8 wru[288];
    i64 r = sc6(NR_wait6, P_PID_, pid, (i64) &status, WEXITED_, (i64) wru, (i64) info);
#else
    i64 r = sc6(NR_waitid, P_PID_, pid, (i64) info, WEXITED_, 0, 0);
    if (r == 0) r = *(int *) (info + SI_PID_AT), status = *(int *) (info + SI_STATUS_AT) << 8;
#endif
    put("wait with siginfo: the child "); yes(r == pid); put(", CLD_EXITED "); yes(*(int *) (info + SI_CODE_AT) == 1);
    put(", si_pid "); yes(*(int *) (info + SI_PID_AT) == pid); put(", si_status "); num(*(int *) (info + SI_STATUS_AT));
    put(", status word exit "); num((status >> 8) & 0xff); nl();

    i64 me = sc(NR_getpid, 0, 0, 0);
    mask(SIG_BLOCK_, SIGUSR2_);
    sc(NR_kill, me, SIGUSR2_, 0);
    i64 zero[2] = {0, 0}, ms[2] = {0, 1000000};
#ifdef BSD
    u32 set[4] = {0};
    set[(SIGUSR2_ - 1) / 32] = 1u << ((SIGUSR2_ - 1) % 32);
    i64 s1 = sc(NR_sigtimedwait, set, info, zero);
    i64 s2 = sc(NR_sigtimedwait, set, info + 64, ms);
#else
    u64 set = 1ul << (SIGUSR2_ - 1);
    i64 s1 = sc6(NR_sigtimedwait, (i64) &set, (i64) info, (i64) zero, 8, 0, 0);
    i64 s2 = sc6(NR_sigtimedwait, (i64) &set, (i64) info + 64, (i64) ms, 8, 0, 0);
#endif
    mask(SIG_UNBLOCK_, SIGUSR2_);
    put("sigtimedwait: took "); put(signame((int) s1)); put(", SI_USER "); yes(*(int *) (info + SI_CODE_AT) == SI_USER_);
    put(", from us "); yes(*(int *) (info + SI_PID_AT) == me); put(", the handler ran "); num(got[SIGUSR2_]);
    put("; nothing pending: "); put(errname(s2)); nl();
}

/* the process's nice value, an interval timer and the pending set, each in its OS's shape */
#ifdef FREEBSD
enum { NR_getpriority = 100, NR_setpriority = 96, NR_setitimer = 83, NR_getitimer = 86, NR_sigpending = 343 };
#elif defined(NETBSD)
enum { NR_getpriority = 100, NR_setpriority = 96, NR_setitimer = 425, NR_getitimer = 426, NR_sigpending = 292 };
#else
enum { NR_getpriority = 140, NR_setpriority = 141, NR_setitimer = 38, NR_getitimer = 36, NR_sigpending = 127 };
#endif
static void state(void) {
    i64 p0 = sc(NR_getpriority, 0, 0, 0);
    sc(NR_setpriority, 0, 0, 5);
    i64 p1 = sc(NR_getpriority, 0, 0, 0);
#ifndef BSD
    p0 = 20 - p0, p1 = 20 - p1; /* Linux's call gives 20 - nice */
#endif
    put("nice: "); num(p0); put(", then "); num(p1); nl();
    i64 it[4] = {0, 0, 10, 0}, cur[4] = {-1, -1, -1, -1}, zero[4] = {0, 0, 0, 0};
    sc(NR_setitimer, 0, it, 0);
    sc(NR_getitimer, 0, cur, 0);
    int armed = cur[2] == 9 && cur[3] > 0 && cur[3] < 1000000 && cur[0] == 0 && cur[1] == 0;
    sc(NR_setitimer, 0, zero, 0);
    sc(NR_getitimer, 0, cur, 0);
    put("ITIMER_REAL: armed for 10 s, 9.x left "); yes(armed); put(", disarmed "); yes(cur[2] == 0 && cur[3] == 0); nl();
    mask(SIG_BLOCK_, SIGUSR2_);
    sc(NR_kill, sc(NR_getpid, 0, 0, 0), SIGUSR2_, 0);
#ifdef BSD
    u32 pend[4] = {0};
    sc(NR_sigpending, pend, 0, 0);
    int pending = (pend[(SIGUSR2_ - 1) / 32] >> ((SIGUSR2_ - 1) % 32)) & 1;
#else
    u64 pend = 0;
    sc(NR_sigpending, &pend, 8, 0);
    int pending = (pend >> (SIGUSR2_ - 1)) & 1;
#endif
    int before = got[SIGUSR2_];
    mask(SIG_UNBLOCK_, SIGUSR2_);
    put("sigpending: SIGUSR2 "); yes(pending); put(", handled once unblocked "); yes(got[SIGUSR2_] == before + 1); nl();
    got[SIGUSR2_] = 0;
}

/* POSIX shared memory: FreeBSD's shm_open2/shm_unlink syscalls; Linux's and NetBSD's libc open a
 * file in a tmpfs (/dev/shm here) and make anonymous objects with memfd_create or an unlinked file */
#ifdef FREEBSD
enum { NR_shm_open2 = 571, NR_shm_unlink = 483, O_CLOEXEC_ = 0x100000 };
#endif
#ifndef FREEBSD
/* Where libc's shm_open keeps a name on Linux and NetBSD: /dev/shm/NAME (p holds 64 bytes). */
static const char *shm_path(char *p, const char *name) {
    int n = 0;
    for (const char *s = "/dev/shm"; *s; s++) p[n++] = *s;
    for (const char *s = name; *s; s++) p[n++] = *s;
    p[n] = 0;
    return p;
}
#endif
static i64 shm_open_(const char *name, int flags, int mode) {
#ifdef FREEBSD
    return sc6(NR_shm_open2, (i64) name, flags | O_CLOEXEC_, mode, 0, 0, 0);
#else
    char p[64];
    return sc(NR_open, shm_path(p, name), flags, mode);
#endif
}
static i64 shm_unlink_(const char *name) {
#ifdef FREEBSD
    return sc(NR_shm_unlink, name, 0, 0);
#else
    char p[64];
    return sc(NR_unlink, shm_path(p, name), 0, 0);
#endif
}
static void shm(void) {
    char name[40] = "/helctic-posix-shm-";
    int n = 19, pid = (int) sc(NR_getpid, 0, 0, 0);
    char t[12];
    int k = 0;
    do { t[k++] = '0' + pid % 10; pid /= 10; } while (pid);
    while (k) name[n++] = t[--k];
    name[n] = 0;
    i64 fd = shm_open_(name, O_CREAT_ | O_EXCL_ | 2, 0600);
    sc(NR_write, fd, "shared", 6);
    i64 again = shm_open_(name, 0, 0);
    char buf[8] = {0};
    sc(NR_read, again, buf, 6);
    put("shm_open: created "); put(errname(fd)); put(", another open reads "); put(buf);
    put(", exclusive again "); put(errname(shm_open_(name, O_CREAT_ | O_EXCL_ | 2, 0600)));
    sc(NR_close, fd, 0, 0); sc(NR_close, again, 0, 0);
    put(", unlinked "); put(errname(shm_unlink_(name))); put(", then "); put(errname(shm_open_(name, 2, 0)));
#ifdef FREEBSD
    i64 anon = sc6(NR_shm_open2, 1 /* SHM_ANON */, 2 | O_CLOEXEC_, 0600, 0, 0, 0);
#elif defined(NETBSD)
    i64 anon = shm_open_(name, O_CREAT_ | O_EXCL_ | 2, 0600);
    shm_unlink_(name);
#else
    i64 anon = sc(319 /* memfd_create */, "shm_anon", 1, 0);
#endif
    i64 w = sc(NR_write, anon, "anonymous", 9);
    put(", an anonymous one takes "); num(w); put(" bytes"); nl();
    sc(NR_close, anon, 0, 0);
}

/* poll and select on a pipe: POLLWRNORM is POLLOUT (4) on the BSDs, 0x100 on Linux */
#ifdef FREEBSD
enum { NR_poll = 209, NR_select = 93, POLLWRNORM_ = 4 };
#elif defined(NETBSD)
enum { NR_poll = 209, NR_select = 417, POLLWRNORM_ = 4 };
#else
enum { NR_poll = 7, NR_select = 23, POLLWRNORM_ = 0x100 };
#endif
static void polling(void) {
    int p[2];
    sc(NR_pipe2, p, 0, 0);
    sc(NR_write, p[1], "x", 1);
    struct { int fd; short events, revents; } pf[2] = {{p[0], 0x1 | 0x40, 0}, {p[1], POLLWRNORM_, 0}};
    i64 n = sc(NR_poll, pf, 2, 1000);
    put("poll: "); num(n); put(" ready, readable "); yes((pf[0].revents & 0x41) == 0x41); put(", POLLWRNORM "); yes(pf[1].revents == POLLWRNORM_);
    u64 set[16] = {0};
    set[p[0] / 64] |= 1ul << (p[0] % 64);
    i64 tv[2] = {0, 10000};
    i64 s1 = sc6(NR_select, p[0] + 1, (i64) set, 0, 0, (i64) tv, 0);
    char c;
    sc(NR_read, p[0], &c, 1);
    set[p[0] / 64] |= 1ul << (p[0] % 64);
    i64 s2 = sc6(NR_select, p[0] + 1, (i64) set, 0, 0, (i64) tv, 0);
    pf[0].revents = 0;
    i64 n2 = sc(NR_poll, pf, 1, 10);
    put("; select: "); num(s1); put(" then "); num(s2); put(" after the read, poll then "); num(n2); nl();
    sc(NR_close, p[0], 0, 0); sc(NR_close, p[1], 0, 0);
}

/* a coroutine on its own stack through the OS's getcontext and setcontext (FreeBSD's 421/422,
 * NetBSD's 307/308); Linux has no such calls (glibc switches in user space): a few instructions do */
static char co_stack[16384] __attribute__((aligned(16)));
static volatile int co_phase;
static volatile i64 co_sp;
#ifdef BSD
#ifdef FREEBSD
enum { NR_getctx = 421, NR_setctx = 422, UC_BYTES = 880, CTX_RDI = 16 + 8, CTX_RIP = 16 + 160, CTX_RSP = 16 + 184 };
#else
enum { NR_getctx = 307, NR_setctx = 308, UC_BYTES = 784, CTX_RDI = 56, CTX_RIP = 56 + 8 * 21, CTX_RSP = 56 + 8 * 24 };
#endif
static u8 main_uc[UC_BYTES] __attribute__((aligned(16))), co_uc[UC_BYTES] __attribute__((aligned(16)));
static void coroutine(i64 arg) {
    i64 sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    co_sp = sp;
    co_phase = (int) arg;
    sc(NR_setctx, main_uc, 0, 0);
    quit(98);
}
static void coroutines(void) {
    co_phase = 0;
    sc(NR_getctx, main_uc, 0, 0); /* returns twice: now, and when the coroutine sets this context */
    if (co_phase == 0) {
        co_phase = 1;
        sc(NR_getctx, co_uc, 0, 0);
        *(i64 *) (co_uc + CTX_RDI) = 2;
        *(i64 *) (co_uc + CTX_RIP) = (i64) coroutine;
        *(i64 *) (co_uc + CTX_RSP) = (i64) (co_stack + sizeof co_stack) - 8;
        sc(NR_setctx, co_uc, 0, 0);
        quit(97);
    }
#else
static i64 co_saved;
void co_switch(i64 *save, i64 to, void (*fn)(i64), i64 arg);
__asm__(".text\n.globl co_switch\nco_switch:\n\tpush %rbp\n\tpush %rbx\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
        "\tmov %rsp, (%rdi)\n\tmov %rsi, %rsp\n\tmov %rcx, %rdi\n\tcall *%rdx\n\thlt\n"
        ".globl co_back\nco_back:\n\tmov %rdi, %rsp\n\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbx\n\tpop %rbp\n\tret\n");
void co_back(i64 sp);
static void coroutine(i64 arg) {
    i64 sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    co_sp = sp;
    co_phase = (int) arg;
    co_back(co_saved);
}
static void coroutines(void) {
    co_phase = 1;
    co_switch(&co_saved, (i64) (co_stack + sizeof co_stack), coroutine, 2);
#endif
    put("getcontext/setcontext: a coroutine ran on its own stack "); yes(co_sp > (i64) co_stack && co_sp < (i64) (co_stack + sizeof co_stack));
    put(" with its argument "); yes(co_phase == 2); put(" and came back"); nl();
}

static void exec_child(int argc, char **argv) {
    put("  exec: argc "); num(argc); put(", argv[2] "); put(argv[2]);
    for (char **e = environ_; *e; e++) { put(", env "); put(*e); }
    nl();
    quit(5);
}

/* ---- a peer of another personality -------------------------------------------------------- */

static void peer_child(char **argv) {
    int fd = argv[2][0] - '0';
    on(SIGUSR1_, handler);
    sc(NR_write, fd, "ping", 4);
    sc(NR_kill, sc(NR_getppid, 0, 0, 0), SIGUSR2_, 0);
    for (int i = 0; i < 5000 && !got[SIGUSR1_]; i++) nap(1);
    quit(got[SIGUSR1_] ? 9 : 1);
}

static void peer(const char *other) {
    int p[2], status = 0;
    sc(NR_pipe2, p, 0, 0);
    i64 pid = fork_();
    if (pid == 0) {
        sc(NR_close, p[0], 0, 0);
        if (p[1] != 5) { sc(NR_dup2, p[1], 5, 0); sc(NR_close, p[1], 0, 0); }
        char *argv[] = {(char *) other, "peer", "5", 0};
        char *envp[] = {0};
        sc(NR_execve, other, argv, envp);
        quit(99);
    }
    sc(NR_close, p[1], 0, 0);
    char buf[8] = {0};
    i64 n = sc(NR_read, p[0], buf, 4);
    for (int i = 0; i < 5000 && !got[SIGUSR2_]; i++) nap(1);
    put("peer wrote: "); num(n); put(" "); put(buf); put("; its signal arrived as "); put(got[SIGUSR2_] ? "SIGUSR2" : "nothing");
    put(", from its pid "); yes(got_pid == pid); nl();
    sc(NR_kill, pid, SIGUSR1_, 0);
    wait_(pid, &status, 0);
    put("peer signalled back: exit "); num((status >> 8) & 0xff); nl();
    sc(NR_close, p[0], 0, 0);
}

/* the terminal on stdin, if there is one: its modes as this OS's struct termios holds them */
static void terminal(void) {
    u8 t[64] = {0};
#ifdef BSD
    i64 r = sc(54, 0, 0x402c7413L, t); /* TIOCGETA */
    u32 lflag = *(u32 *) (t + 12), canon = lflag & 0x100, echo = lflag & 0x8, cs8 = (*(u32 *) (t + 8) & 0x300) == 0x300;
    int vintr = t[16 + 8], speed = (int) *(u32 *) (t + 40);
#else
    i64 r = sc(16, 0, 0x5401, t); /* TCGETS */
    u32 lflag = *(u32 *) (t + 12), canon = lflag & 02, echo = lflag & 010, cs8 = (*(u32 *) (t + 8) & 060) == 060;
    int vintr = t[17], code = *(u32 *) (t + 8) & 010017;
    static const int speeds[] = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400};
    static const int high[] = {57600, 115200, 230400, 460800};
    int speed = code & 010000 ? ((code & 15) >= 1 && (code & 15) <= 4 ? high[(code & 15) - 1] : -1) : speeds[code];
#endif
    if (r < 0) { put("stdin: not a terminal, "); put(r == -25 ? "ENOTTY" : "another error"); nl(); return; }
    put("stdin: a terminal, canonical "); yes(canon != 0); put(", echo "); yes(echo != 0); put(", CS8 "); yes(cs8);
    put(", VINTR "); num(vintr); put(", speed "); num(speed); nl();
}

static void signals(void) {
    i64 me = sc(NR_getpid, 0, 0, 0);
    sc(NR_kill, me, SIGUSR1_, 0);
    put("handler: "); put(signame(SIGUSR1_)); put(" ran "); num(got[SIGUSR1_]); put(", code SI_USER "); yes(got_code == SI_USER_);
    put(", sender is us "); yes(got_pid == me); nl();
    mask(SIG_BLOCK_, SIGUSR2_);
    sc(NR_kill, me, SIGUSR2_, 0);
    put("blocked: ran "); num(got[SIGUSR2_]);
    mask(SIG_UNBLOCK_, SIGUSR2_);
    put(", unblocked: ran "); num(got[SIGUSR2_]); nl();
    got[SIGUSR1_] = got[SIGUSR2_] = 0;
}

/* ---- threads ----------------------------------------------------------------------------- */

typedef void (*fn_t)(void *);
enum { MAXT = 6 };
static char stacks[MAXT][65536] __attribute__((aligned(16)));
static __attribute__((unused)) struct { fn_t fn; void *arg; } recs[MAXT];

#ifndef FREEBSD
/* A word threads wait on; on NetBSD with the LWPs waiting on it, for the waker to unpark. */
typedef struct { volatile int v; volatile int lid[8]; } word_t;
#endif

#ifdef FREEBSD
enum { UMTX_OP_WAIT = 2, UMTX_OP_MUTEX_LOCK = 5, UMTX_OP_MUTEX_UNLOCK = 6, UMTX_OP_CV_WAIT = 8,
       UMTX_OP_CV_SIGNAL = 9, UMTX_OP_CV_BROADCAST = 10, UMTX_OP_RW_RDLOCK = 12, UMTX_OP_RW_WRLOCK = 13,
       UMTX_OP_RW_UNLOCK = 14, UMTX_OP_MUTEX_WAIT = 17, UMTX_OP_MUTEX_WAKE2 = 22, UMTX_OP_SEM2_WAIT = 23,
       UMTX_OP_SEM2_WAKE = 24 };
enum { C_ = (int) 0x80000000, PRIO_INHERIT = 4 };
typedef struct { volatile u32 owner; u32 flags; u32 ceilings[2]; u64 rb; u32 spare[2]; } mutex_t;
typedef struct { volatile u32 has_waiters; u32 flags; u32 clockid; u32 spare; } cond_t;
typedef struct { volatile u32 count; u32 flags; } sem_t;
typedef struct { volatile u32 state; u32 flags; u32 blocked_readers, blocked_writers; u32 spare[4]; } rw_t;
static i64 umtx(volatile void *obj, int op, i64 val, void *a, void *b) { return sc6(NR_umtx, (i64) obj, op, val, (i64) a, (i64) b, 0); }
static u32 cas(volatile u32 *w, u32 old, u32 nw) { __atomic_compare_exchange_n(w, &old, nw, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return old; }

/* libthr's protocol: the owner's id by compare-exchange; MUTEX_WAIT to sleep, MUTEX_WAKE2 when contested */
static void lock(mutex_t *m) {
    u32 id = (u32) thread_id();
    if (cas(&m->owner, 0, id) == 0) return;
    for (;;) {
        u32 o = m->owner;
        if ((o & ~C_) == 0 && cas(&m->owner, o, id | o) == o) return;
        umtx(m, UMTX_OP_MUTEX_WAIT, 0, 0, 0);
    }
}
static void unlock(mutex_t *m) {
    u32 o;
    do o = m->owner; while (cas(&m->owner, o, 0) != o);
    if (o & C_) umtx(m, UMTX_OP_MUTEX_WAKE2, m->flags, 0, 0);
}
static void klock(mutex_t *m) { if (cas(&m->owner, 0, (u32) thread_id()) != 0) umtx(m, UMTX_OP_MUTEX_LOCK, 0, 0, 0); }
static void kunlock(mutex_t *m) { u32 id = (u32) thread_id(); if (cas(&m->owner, id, 0) != id) umtx(m, UMTX_OP_MUTEX_UNLOCK, 0, 0, 0); }
static void cond_wait(cond_t *c, mutex_t *m) { umtx(c, UMTX_OP_CV_WAIT, 0, m, 0); lock(m); }
static void cond_signal(cond_t *c) { if (c->has_waiters) umtx(c, UMTX_OP_CV_SIGNAL, 0, 0, 0); }
static void cond_broadcast(cond_t *c) { if (c->has_waiters) umtx(c, UMTX_OP_CV_BROADCAST, 0, 0, 0); }
static void sem_wait(sem_t *s) {
    for (;;) {
        u32 c = s->count;
        while ((c & 0x7fffffff) > 0) {
            if (cas(&s->count, c, c - 1) == c) return;
            c = s->count;
        }
        umtx(s, UMTX_OP_SEM2_WAIT, 0, 0, 0);
    }
}
static void sem_post(sem_t *s) { if (__atomic_fetch_add(&s->count, 1, __ATOMIC_SEQ_CST) & 0x80000000u) umtx(s, UMTX_OP_SEM2_WAKE, 0, 0, 0); }
static void rdlock(rw_t *rw) {
    for (;;) {
        u32 s = rw->state;
        if (!(s & 0xc0000000u)) { if (cas(&rw->state, s, s + 1) == s) return; continue; }
        if (umtx(rw, UMTX_OP_RW_RDLOCK, 0, 0, 0) == 0) return;
    }
}
static void wrlock(rw_t *rw) { if (cas(&rw->state, 0, 0x80000000u) != 0) umtx(rw, UMTX_OP_RW_WRLOCK, 0, 0, 0); }
static void rwunlock(rw_t *rw) {
    u32 s = rw->state;
    if (s & 0x80000000u) { if (cas(&rw->state, 0x80000000u, 0) == 0x80000000u) return; }
    else if (!(s & 0x60000000u) && (s & 0x1fffffff) > 1 && cas(&rw->state, s, s - 1) == s) return;
    umtx(rw, UMTX_OP_RW_UNLOCK, 0, 0, 0);
}
static mutex_t kmutex_init = {0, PRIO_INHERIT, {0, 0}, 0, {0, 0}};

static volatile i64 exited[MAXT];
static void entry(void *r) {
    int i = (int) (i64) r;
    recs[i].fn(recs[i].arg);
    sc(NR_thr_exit, &exited[i], 0, 0);
}
static void spawn(int i, fn_t fn, void *arg) {
    static i64 tids[MAXT];
    struct { void (*start)(void *); void *arg; char *stack; u64 size; char *tls; u64 tls_size; i64 *ctid, *ptid;
             int flags; void *rtp; void *spare[3]; } p = {entry, (void *) (i64) i, stacks[i], sizeof stacks[i], 0, 0, &tids[i], &tids[i], 0, 0, {0}};
    recs[i].fn = fn; recs[i].arg = arg; exited[i] = 0;
    sc(NR_thr_new, &p, sizeof p, 0);
}
static void join(int i) { while (!exited[i]) umtx(&exited[i], UMTX_OP_WAIT, 0, 0, 0); }
static i64 kill_thread(i64 id, int sig) { return sc(NR_thr_kill, id, sig, 0); }

#else /* Linux and NetBSD: locks on word_t */

static int cas(volatile int *w, int old, int nw) { __atomic_compare_exchange_n(w, &old, nw, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return old; }

#ifdef NETBSD
/* The waiter registers its LWP, looks at the word once more and parks; the waker unparks all registered. */
static void wwait(word_t *w, int v) {
    int me = (int) thread_id(), slot = -1;
    while (slot < 0) {
        for (int i = 0; i < 8 && slot < 0; i++) if (cas(&w->lid[i], 0, me) == 0) slot = i;
        if (slot < 0) sc(NR_yield, 0, 0, 0);
    }
    if (__atomic_load_n(&w->v, __ATOMIC_SEQ_CST) == v) sc6(NR_lwp_park, 3, 0, 0, 0, (i64) w, 0);
    __atomic_store_n(&w->lid[slot], 0, __ATOMIC_SEQ_CST);
}
static void wwake(word_t *w, int n) {
    (void) n;
    for (int i = 0; i < 8; i++) {
        int l = __atomic_load_n(&w->lid[i], __ATOMIC_SEQ_CST);
        if (l) sc(NR_lwp_unpark, l, w, 0);
    }
}
#else
static void wwait(word_t *w, int v) { sc6(NR_futex, (i64) &w->v, 128, v, 0, 0, 0); }
static void wwake(word_t *w, int n) { sc6(NR_futex, (i64) &w->v, 129, n, 0, 0, 0); }
#endif
typedef word_t mutex_t;
typedef word_t cond_t;
typedef word_t sem_t;
typedef word_t rw_t;
/* 0 free, 1 held, 2 held with waiters */
static void lock(mutex_t *m) {
    int c = cas(&m->v, 0, 1);
    if (c == 0) return;
    if (c != 2) c = __atomic_exchange_n(&m->v, 2, __ATOMIC_SEQ_CST);
    while (c != 0) { wwait(m, 2); c = __atomic_exchange_n(&m->v, 2, __ATOMIC_SEQ_CST); }
}
static void unlock(mutex_t *m) { if (__atomic_fetch_sub(&m->v, 1, __ATOMIC_SEQ_CST) != 1) { __atomic_store_n(&m->v, 0, __ATOMIC_SEQ_CST); wwake(m, 1); } }
#ifdef NETBSD
static void klock(mutex_t *m) { lock(m); }
static void kunlock(mutex_t *m) { unlock(m); }
#else
/* the kernel's priority-inheriting lock: the owner's tid, FUTEX_LOCK_PI and FUTEX_UNLOCK_PI when contested */
static void klock(mutex_t *m) { if (cas(&m->v, 0, (int) thread_id()) != 0) sc6(NR_futex, (i64) &m->v, 6 | 128, 0, 0, 0, 0); }
static void kunlock(mutex_t *m) { int id = (int) thread_id(); if (cas(&m->v, id, 0) != id) sc6(NR_futex, (i64) &m->v, 7 | 128, 0, 0, 0, 0); }
#endif
static void cond_wait(cond_t *c, mutex_t *m) { int s = c->v; unlock(m); wwait(c, s); lock(m); }
static void cond_signal(cond_t *c) { __atomic_fetch_add(&c->v, 1, __ATOMIC_SEQ_CST); wwake(c, 1); }
static void cond_broadcast(cond_t *c) { __atomic_fetch_add(&c->v, 1, __ATOMIC_SEQ_CST); wwake(c, 1 << 30); }
static void sem_wait(sem_t *s) {
    for (;;) {
        int v = s->v;
        if (v > 0) { if (cas(&s->v, v, v - 1) == v) return; continue; }
        wwait(s, 0);
    }
}
static void sem_post(sem_t *s) { __atomic_fetch_add(&s->v, 1, __ATOMIC_SEQ_CST); wwake(s, 1); }
static void rdlock(rw_t *rw) { lock(rw); }
static void wrlock(rw_t *rw) { lock(rw); }
static void rwunlock(rw_t *rw) { unlock(rw); }
static mutex_t kmutex_init;

#ifdef NETBSD
static word_t exited[MAXT];
static u8 contexts[MAXT][784] __attribute__((aligned(16)));
static void entry(void *r) {
    int i = (int) (i64) r;
    recs[i].fn(recs[i].arg);
    __atomic_store_n(&exited[i].v, 1, __ATOMIC_SEQ_CST);
    wwake(&exited[i], 1);
    sc(NR_lwp_exit, 0, 0, 0);
}
static void spawn(int i, fn_t fn, void *arg) {
    recs[i].fn = fn; recs[i].arg = arg; exited[i].v = 0;
    u8 *uc = contexts[i];
    sc(NR_getcontext, uc, 0, 0);
    *(u32 *) uc = 0x1 | 0x4 | 0x8; /* _UC_SIGMASK | _UC_CPU | _UC_FPU */
    i64 *gregs = (i64 *) (uc + 56);
    gregs[0] = i;                                                  /* rdi */
    gregs[21] = (i64) entry;                                       /* rip */
    gregs[24] = (i64) (stacks[i] + sizeof stacks[i]) - 8;          /* rsp, as after a call */
    int lid;
    sc(NR_lwp_create, uc, 0, &lid);
}
static void join(int i) { while (!__atomic_load_n(&exited[i].v, __ATOMIC_SEQ_CST)) wwait(&exited[i], 0); }
static i64 kill_thread(i64 id, int sig) { return sc(NR_lwp_kill, id, sig, 0); }
#else
static volatile int ctids[MAXT];
i64 linux_clone(i64 flags, void *stack, volatile int *ptid, volatile int *ctid, fn_t fn, void *arg);
__asm__(".text\n.globl linux_clone\nlinux_clone:\n"
        "\tsub $16, %rsi\n\tmov %r8, 0(%rsi)\n\tmov %r9, 8(%rsi)\n\tmov %rcx, %r10\n\txor %r8d, %r8d\n"
        "\tmov $56, %eax\n\tsyscall\n\ttest %rax, %rax\n\tjnz 1f\n"
        "\tpop %rax\n\tpop %rdi\n\tcall *%rax\n\tmov $60, %eax\n\txor %edi, %edi\n\tsyscall\n\thlt\n1:\tret\n");
static void spawn(int i, fn_t fn, void *arg) {
    linux_clone(0x350f00, stacks[i] + sizeof stacks[i], &ctids[i], &ctids[i], fn, arg);
}
static void join(int i) { int t; while ((t = ctids[i]) != 0) sc6(NR_futex, (i64) &ctids[i], 0, t, 0, 0, 0); }
static i64 kill_thread(i64 id, int sig) { return sc(NR_tgkill, sc(NR_getpid, 0, 0, 0), id, sig); }
#endif
#endif

static mutex_t m1, m2, kmutex;
static volatile int counter, kcounter;
static void count(void *arg) {
    (void) arg;
    for (int i = 0; i < 20000; i++) { lock(&m1); counter++; unlock(&m1); }
    for (int i = 0; i < 5000; i++) { klock(&kmutex); kcounter++; kunlock(&kmutex); }
}

/* one slot, two producers, two consumers */
static cond_t notfull, notempty;
static volatile int full, slot, consumed;
static volatile i64 sum;
static void produce(void *arg) {
    int base = (int) (i64) arg;
    for (int i = 1; i <= 1000; i++) {
        lock(&m2);
        while (full) cond_wait(&notfull, &m2);
        slot = base + i; full = 1;
        cond_signal(&notempty);
        unlock(&m2);
    }
}
static void consume(void *arg) {
    (void) arg;
    lock(&m2);
    for (;;) {
        while (!full && consumed < 2000) cond_wait(&notempty, &m2);
        if (consumed == 2000) break;
        sum += slot; full = 0; consumed++;
        if (consumed == 2000) cond_broadcast(&notempty);
        cond_signal(&notfull);
    }
    unlock(&m2);
}

/* a ring of four behind two semaphores */
static sem_t items, spaces;
static mutex_t ring_lock;
static volatile int ring[4], head, tail;
static volatile i64 sem_sum;
static void sem_produce(void *arg) {
    int base = (int) (i64) arg;
    for (int i = 1; i <= 1000; i++) {
        sem_wait(&spaces);
        lock(&ring_lock); ring[head++ & 3] = base + i; unlock(&ring_lock);
        sem_post(&items);
    }
}
static void sem_consume(void *arg) {
    (void) arg;
    for (int i = 0; i < 1000; i++) {
        sem_wait(&items);
        lock(&ring_lock); sem_sum += ring[tail++ & 3]; unlock(&ring_lock);
        sem_post(&spaces);
    }
}

static rw_t rw;
static volatile int pa, pb, torn, reads;
static void writer(void *arg) {
    (void) arg;
    for (int i = 0; i < 2000; i++) { wrlock(&rw); pa++; nap(0); pb++; rwunlock(&rw); }
}
static void reader(void *arg) {
    (void) arg;
    for (int i = 0; i < 2000; i++) { rdlock(&rw); if (pa != pb) torn++; __atomic_fetch_add(&reads, 1, __ATOMIC_SEQ_CST); rwunlock(&rw); }
}

/* parking: a thread sleeps until another wakes it by its id (thr_suspend and thr_wake on FreeBSD,
 * _lwp_park and _lwp_unpark on NetBSD, a futex word per thread on Linux); a wake may come first */
#ifdef FREEBSD
enum { NR_thr_suspend = 442, NR_thr_wake = 443 };
static i64 park(long ms) { i64 ts[2] = {ms / 1000, (ms % 1000) * 1000000}; return sc(NR_thr_suspend, ms < 0 ? 0 : (i64) ts, 0, 0); }
static void unpark(i64 id, int slot) { (void) slot; sc(NR_thr_wake, id, 0, 0); }
static int my_slot(void) { return 0; }
#elif defined(NETBSD)
static i64 park(long ms) {
    i64 ts[2] = {ms / 1000, (ms % 1000) * 1000000};
    i64 r = sc6(NR_lwp_park, 3, 0, ms < 0 ? 0 : (i64) ts, 0, 0, 0);
    return r == -37 ? 0 : r; /* EALREADY: the wake came first */
}
static void unpark(i64 id, int slot) { (void) slot; sc(NR_lwp_unpark, id, 0, 0); }
static int my_slot(void) { return 0; }
#else
static volatile int tokens[2];
static int parker_slot; /* which token word the calling thread parks on: set by the thread itself */
static int my_slot(void) { return parker_slot; }
static i64 park(long ms) {
    volatile int *t = &tokens[my_slot()];
    i64 ts[2] = {ms / 1000, (ms % 1000) * 1000000};
    for (;;) {
        if (__atomic_exchange_n(t, 0, __ATOMIC_SEQ_CST)) return 0;
        i64 r = sc6(NR_futex, (i64) t, 128, 0, ms < 0 ? 0 : (i64) ts, 0, 0);
        if (r == -110) return r;
    }
}
static void unpark(i64 id, int slot) { (void) id; __atomic_store_n(&tokens[slot], 1, __ATOMIC_SEQ_CST); sc6(NR_futex, (i64) &tokens[slot], 129, 1, 0, 0, 0); }
#endif
static volatile i64 parked_id;
static volatile int parked_ready, parked_woken;
static void parked(void *arg) {
    (void) arg;
#ifndef BSD
    parker_slot = 1; /* no TLS here: the main thread waits for this one to finish before it parks again */
#endif
    parked_id = thread_id();
    parked_ready = 1;
    parked_woken = park(5000) == 0;
}

static volatile i64 target_id;
static volatile int target_ready, target_saw;
static void target(void *arg) {
    (void) arg;
    target_id = thread_id();
    target_ready = 1;
    for (int i = 0; i < 5000 && !got[SIGUSR1_]; i++) nap(1);
    target_saw = got[SIGUSR1_] && handled_on == target_id;
}

static void threads(void) {
    kmutex = kmutex_init;
#ifdef FREEBSD
    spaces.count = 4;
#else
    spaces.v = 4;
#endif
    for (int i = 0; i < 4; i++) spawn(i, count, 0);
    for (int i = 0; i < 4; i++) join(i);
    put("mutex: 4 threads counted "); num(counter); put("; kernel-assisted mutex: "); num(kcounter); nl();

    spawn(0, produce, (void *) 0); spawn(1, produce, (void *) 1000); spawn(2, consume, 0); spawn(3, consume, 0);
    for (int i = 0; i < 4; i++) join(i);
    put("condition variables: "); num(consumed); put(" items, sum "); num(sum); nl();

    spawn(0, sem_produce, (void *) 0); spawn(1, sem_produce, (void *) 1000); spawn(2, sem_consume, 0); spawn(3, sem_consume, 0);
    for (int i = 0; i < 4; i++) join(i);
    put("semaphores: sum "); num(sem_sum); nl();

    spawn(0, writer, 0); spawn(1, writer, 0); spawn(2, reader, 0); spawn(3, reader, 0);
    for (int i = 0; i < 4; i++) join(i);
    put("rwlock: "); num(pa); put(" writes, "); num(reads); put(" reads, torn "); num(torn); nl();

    /* wakes an earlier thread's end left behind (NetBSD's joins above wake by unparking) are drained first */
    nap(20);
    for (int i = 0; i < 100 && park(1) == 0; i++) {}
    unpark(thread_id(), my_slot());
    i64 r1 = park(5000);
    i64 r2 = park(10);
    put("park: a wake left before the sleep ends it at once "); yes(r1 == 0); put(", a 10 ms park ends "); put(r2 == -110 || r2 == -60 ? "ETIMEDOUT" : errname(r2));
    spawn(0, parked, 0);
    while (!parked_ready) nap(1);
    nap(20);
    unpark(parked_id, 1);
    join(0);
#ifndef BSD
    parker_slot = 0;
#endif
    put(", a parked thread woken by its id "); yes(parked_woken); nl();

    spawn(0, target, 0);
    while (!target_ready) nap(1);
    kill_thread(target_id, SIGUSR1_);
    join(0);
    put("a signal to one thread ran its handler there: "); yes(target_saw); put(", not on the main thread "); yes(target_id != thread_id());
    nl();
}

/* the auxiliary vector each OS's loader leaves above the environment */
#ifdef FREEBSD
enum { AT_EXECNAME_ = 15 };   /* AT_EXECPATH */
#elif defined(NETBSD)
enum { AT_EXECNAME_ = 2014 }; /* AT_SUN_EXECNAME */
#else
enum { AT_EXECNAME_ = 31 };   /* AT_EXECFN */
#endif
void _start(void);
static void auxv(char **envp, const char *argv0) {
    while (*envp) envp++;
    u64 page = 0, entry = 0;
    const char *name = 0;
    for (u64 *a = (u64 *) (envp + 1); a[0] != 0; a += 2) {
        if (a[0] == 6) page = a[1];
        if (a[0] == 9) entry = a[1];
        if (a[0] == AT_EXECNAME_) name = (const char *) a[1];
    }
    put("auxv: page size "); num((i64) page); put(", entry is _start "); yes(entry == (u64) _start);
    put(", exec name is argv[0] "); yes(name && eq(name, argv0)); nl();
}

__attribute__((used)) void start_c(i64 *sp) {
    int argc = (int) sp[0];
    char **argv = (char **) (sp + 1);
    environ_ = argv + argc + 1;
    self = argv[0];
    if (argc > 2 && eq(argv[1], "exec")) exec_child(argc, argv);
    if (argc > 2 && eq(argv[1], "peer")) peer_child(argv);
    if (argc < 2) { put("usage: posix PEER"); nl(); quit(2); }
    auxv(environ_, argv[0]);
    on(SIGUSR1_, handler);
    on(SIGUSR2_, handler);
    on(SIGCHLD_, handler);
    files();
    terminal();
    signals();
    processes();
    waits();
    state();
    shm();
    polling();
    coroutines();
    peer(argv[1]);
    threads();
    quit(0);
}

__asm__(".text\n.globl _start\n_start:\n"
#ifdef FREEBSD
        "\tmov %rdi, %rdi\n" /* FreeBSD's amd64 entry: rdi points at argc */
#else
        "\tmov %rsp, %rdi\n"
#endif
        "\tand $-16, %rsp\n\tcall start_c\n\thlt\n");
