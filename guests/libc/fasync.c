/* Signal-driven I/O (O_ASYNC, F_SETOWN*, F_SETSIG, FIOASYNC), pipe sizes, leases, dnotify and the
 * other fcntl commands, compared with a native run. argv[1] is a scratch directory. Signals are
 * taken with sigtimedwait and printed with their si_code, si_band and si_fd (named by the
 * descriptor they are). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define RT1 40
#define RT2 41
#ifndef F_DUPFD_QUERY
#define F_DUPFD_QUERY 1027
#endif
#ifndef F_CREATED_QUERY
#define F_CREATED_QUERY 1028
#endif
#ifndef F_GETOWNER_UIDS
#define F_GETOWNER_UIDS 17
#endif

static const char *names[64];
static sigset_t set;

static void name(int fd, const char *n) { if (fd >= 0 && fd < 64) names[fd] = n; }

static const char *signame(int s) {
    static char b[16];
    if (s == SIGIO) return "SIGIO";
    if (s == SIGTRAP) return "SIGTRAP";
    snprintf(b, sizeof b, "SIGRT%d", s);
    return b;
}

static const char *codename(int c) {
    static char b[16];
    switch (c) {
    case SI_KERNEL: return "SI_KERNEL";
    case SI_SIGIO: return "SI_SIGIO";
    case POLL_IN: return "POLL_IN";
    case POLL_OUT: return "POLL_OUT";
    case POLL_MSG: return "POLL_MSG";
    case POLL_ERR: return "POLL_ERR";
    case POLL_PRI: return "POLL_PRI";
    case POLL_HUP: return "POLL_HUP";
    }
    snprintf(b, sizeof b, "%d", c);
    return b;
}

static void show(const siginfo_t *si) {
    if (si->si_code == SI_KERNEL) {
        printf("    %s %s\n", signame(si->si_signo), codename(si->si_code));
        return;
    }
    int fd = si->si_fd;
    printf("    %s %s band 0x%lx fd %s\n", signame(si->si_signo), codename(si->si_code), (long) si->si_band,
           fd >= 0 && fd < 64 && names[fd] ? names[fd] : "?");
}

/* Every signal of the set pending now; waiting up to `wait` seconds for the first. */
static void drain(const char *what, int wait) {
    printf("  %s:\n", what);
    struct timespec t = {wait, 0};
    siginfo_t si;
    int n = 0;
    while (sigtimedwait(&set, &si, &t) > 0) {
        show(&si);
        t.tv_sec = 0;
        n++;
    }
    if (n == 0) printf("    (none)\n");
}

#define SHOW(label, call) do { long r_ = (call); printf("%s: %s\n", label, res(r_)); } while (0)

static void owners(void) {
    printf("== owners and signals ==\n");
    int p[2];
    pipe(p);
    name(p[0], "pipe-r");
    name(p[1], "pipe-w");
    struct f_owner_ex ex = {9, 9};
    SHOW("F_GETOWN of a new pipe", fcntl(p[0], F_GETOWN));
    SHOW("F_GETOWN_EX", fcntl(p[0], F_GETOWN_EX, &ex));
    printf("  type %d pid %d\n", ex.type, ex.pid);
    SHOW("F_GETSIG", fcntl(p[0], F_GETSIG));
    SHOW("F_SETFL O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC));
    printf("O_ASYNC in F_GETFL: %d\n", (fcntl(p[0], F_GETFL) & O_ASYNC) != 0);
    write(p[1], "abc", 3);
    drain("write with no owner", 0);
    SHOW("F_SETOWN self", fcntl(p[0], F_SETOWN, getpid()));
    printf("F_GETOWN is self: %d\n", fcntl(p[0], F_GETOWN) == getpid());
    SHOW("F_GETOWN_EX", fcntl(p[0], F_GETOWN_EX, &ex));
    printf("  type %d pid is self %d\n", ex.type, ex.pid == getpid());
    uint32_t u[2] = {7, 7};
    SHOW("F_GETOWNER_UIDS", fcntl(p[0], F_GETOWNER_UIDS, u));
    printf("  uid is mine %d euid is mine %d\n", u[0] == getuid(), u[1] == geteuid());
    write(p[1], "abc", 3);
    drain("write, F_SETSIG 0", 0);
    SHOW("F_SETSIG RT1", fcntl(p[0], F_SETSIG, RT1));
    SHOW("F_GETSIG", fcntl(p[0], F_GETSIG));
    write(p[1], "d", 1);
    write(p[1], "e", 1);
    drain("two writes, F_SETSIG RT1 (queued each)", 0);
    SHOW("F_SETSIG SIGIO", fcntl(p[0], F_SETSIG, SIGIO));
    write(p[1], "f", 1);
    drain("write, F_SETSIG SIGIO", 0);
    SHOW("F_SETSIG SIGTRAP", fcntl(p[0], F_SETSIG, SIGTRAP));
    write(p[1], "g", 1);
    drain("write, F_SETSIG SIGTRAP (a signal with codes of its own)", 0);
    fcntl(p[0], F_SETSIG, RT1);
    char buf[64];
    read(p[0], buf, sizeof buf);
    drain("read, no O_ASYNC on the write end", 0);
    int on = 1;
    SHOW("FIOASYNC on the write end", ioctl(p[1], FIOASYNC, &on));
    printf("O_ASYNC in F_GETFL: %d\n", (fcntl(p[1], F_GETFL) & O_ASYNC) != 0);
    int me = getpid(), got = 0;
    SHOW("FIOSETOWN on a pipe (sockets only)", ioctl(p[1], FIOSETOWN, &me));
    SHOW("FIOGETOWN on a pipe", ioctl(p[1], FIOGETOWN, &got));
    SHOW("F_SETOWN self on the write end", fcntl(p[1], F_SETOWN, me));
    fcntl(p[1], F_SETSIG, RT2);
    write(p[1], "hi", 2);
    read(p[0], buf, 1);
    drain("write then read of one byte", 0);
    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
    read(p[0], buf, sizeof buf);
    SHOW("read of an empty pipe", read(p[0], buf, sizeof buf));
    drain("reads (the writers are told each time)", 0);
    SHOW("read of 0 bytes", read(p[0], buf, 0));
    drain("read of 0 bytes", 0);
    int d = dup(p[0]);
    name(d, "pipe-r-dup");
    fcntl(d, F_SETFL, O_ASYNC);
    write(p[1], "x", 1);
    drain("O_ASYNC set again through a dup: the first descriptor still named", 0);
    fcntl(d, F_SETFL, 0);
    fcntl(d, F_SETFL, O_ASYNC);
    write(p[1], "x", 1);
    drain("off and on through the dup", 0);
    close(d);
    close(p[1]);
    drain("the last writer closed", 0);
    close(p[0]);

    printf("-- errors --\n");
    pipe(p);
    SHOW("F_SETSIG 65", fcntl(p[0], F_SETSIG, 65));
    SHOW("F_SETSIG -1", fcntl(p[0], F_SETSIG, -1));
    SHOW("F_SETSIG 64", fcntl(p[0], F_SETSIG, 64));
    SHOW("F_SETOWN INT_MIN", fcntl(p[0], F_SETOWN, INT32_MIN));
    ex.type = 7;
    ex.pid = getpid();
    SHOW("F_SETOWN_EX type 7", fcntl(p[0], F_SETOWN_EX, &ex));
    SHOW("F_SETOWN_EX bad pointer", fcntl(p[0], F_SETOWN_EX, (void *) 8));
    SHOW("F_GETOWN_EX bad pointer", fcntl(p[0], F_GETOWN_EX, (void *) 8));
    SHOW("F_SETOWN -pgrp", fcntl(p[0], F_SETOWN, -getpgrp()));
    printf("F_GETOWN is -pgrp: %d\n", fcntl(p[0], F_GETOWN) == -getpgrp());
    fcntl(p[0], F_GETOWN_EX, &ex);
    printf("  F_GETOWN_EX type %d\n", ex.type);
    fcntl(p[0], F_SETFL, O_ASYNC);
    fcntl(p[0], F_SETSIG, RT1);
    write(p[1], "x", 1);
    drain("write, owner the process group", 0);
    ex.type = F_OWNER_TID;
    ex.pid = gettid();
    SHOW("F_SETOWN_EX F_OWNER_TID", fcntl(p[0], F_SETOWN_EX, &ex));
    write(p[1], "x", 1);
    drain("write, owner the thread", 0);
    pid_t c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    SHOW("F_SETOWN a child", fcntl(p[0], F_SETOWN, c));
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
    SHOW("F_GETOWN after it was reaped", fcntl(p[0], F_GETOWN));
    fcntl(p[0], F_GETOWN_EX, &ex);
    printf("  F_GETOWN_EX type %d pid %d\n", ex.type, ex.pid);
    SHOW("F_SETOWN of its pid now", fcntl(p[0], F_SETOWN, c));
    SHOW("F_SETOWN_EX of its pid now", (ex.type = F_OWNER_PID, ex.pid = c, fcntl(p[0], F_SETOWN_EX, &ex)));
    c = fork();
    if (c == 0) {
        if (setuid(65534) != 0) _exit(3);
        printf("  unprivileged child: F_SETOWN of its root parent %s\n", res(fcntl(p[0], F_SETOWN, getppid())));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    write(p[1], "x", 1);
    drain("write, owner set by an unprivileged process (sigio_perm refuses)", 0);
    SHOW("F_SETOWN 0", fcntl(p[0], F_SETOWN, 0));
    write(p[1], "x", 1);
    drain("write, no owner", 0);
    close(p[0]);
    close(p[1]);
}

static void kinds(const char *dir) {
    printf("== file kinds ==\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/plain", dir);
    int f = open(path, O_RDWR | O_CREAT, 0644);
    int e = eventfd(0, 0);
    int on = 1;
    SHOW("F_SETFL O_ASYNC on a regular file", fcntl(f, F_SETFL, O_ASYNC));
    printf("  O_ASYNC kept: %d\n", (fcntl(f, F_GETFL) & O_ASYNC) != 0);
    SHOW("FIOASYNC on a regular file", ioctl(f, FIOASYNC, &on));
    SHOW("F_SETFL O_ASYNC on an eventfd", fcntl(e, F_SETFL, O_ASYNC));
    printf("  O_ASYNC kept: %d\n", (fcntl(e, F_GETFL) & O_ASYNC) != 0);
    SHOW("FIOASYNC on an eventfd", ioctl(e, FIOASYNC, &on));
    fcntl(e, F_SETOWN, getpid());
    uint64_t one = 1;
    write(e, &one, 8);
    drain("eventfd written", 0);
    SHOW("F_SETOWN on a regular file", fcntl(f, F_SETOWN, getpid()));
    write(f, "x", 1);
    drain("regular file written", 0);
    close(f);
    close(e);

    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    name(s[0], "sock0");
    name(s[1], "sock1");
    int on2 = 1, me = getpid(), got = 0;
    SHOW("socket FIOASYNC", ioctl(s[0], FIOASYNC, &on2));
    printf("  O_ASYNC in F_GETFL: %d\n", (fcntl(s[0], F_GETFL) & O_ASYNC) != 0);
    SHOW("FIOSETOWN self", ioctl(s[0], FIOSETOWN, &me));
    SHOW("FIOGETOWN", ioctl(s[0], FIOGETOWN, &got));
    printf("  is self %d\n", got == me);
    int grp = -getpgrp();
    SHOW("SIOCSPGRP -pgrp", ioctl(s[0], SIOCSPGRP, &grp));
    got = 0;
    SHOW("SIOCGPGRP", ioctl(s[0], SIOCGPGRP, &got));
    printf("  is -pgrp %d\n", got == -getpgrp());
    SHOW("FIOSETOWN bad pointer", ioctl(s[0], FIOSETOWN, (void *) 8));
    SHOW("F_SETOWN self", fcntl(s[0], F_SETOWN, getpid()));
    fcntl(s[0], F_SETSIG, RT1);
    write(s[1], "hello", 5);
    drain("peer wrote", 0);
    char buf[16];
    read(s[0], buf, sizeof buf);
    drain("read", 0);
    shutdown(s[1], SHUT_WR);
    drain("peer shut down writing", 0);
    close(s[1]);
    drain("peer closed", 0);
    close(s[0]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    name(s[1], "sock-writer");
    fcntl(s[1], F_SETFL, O_ASYNC | O_NONBLOCK);
    fcntl(s[1], F_SETOWN, getpid());
    fcntl(s[1], F_SETSIG, RT2);
    fcntl(s[0], F_SETFL, O_NONBLOCK);
    static char chunk[1000];
    while (write(s[1], chunk, sizeof chunk) > 0) {}
    drain("writer filled the socket until EAGAIN", 0);
    while (read(s[0], chunk, sizeof chunk) > 0) {}
    drain("reader drained it (room again after no room)", 0);
    while (read(s[0], chunk, sizeof chunk) > 0) {}
    write(s[1], chunk, 10);
    read(s[0], chunk, sizeof chunk);
    drain("a write and a read with room to spare", 0);
    close(s[0]);
    drain("the reader closed", 0);
    close(s[1]);

    snprintf(path, sizeof path, "%s/async-fifo", dir);
    mkfifo(path, 0644);
    int ff = open(path, O_RDWR | O_ASYNC | O_APPEND | O_SYNC);
    name(ff, "fifo");
    printf("FIFO opened with O_ASYNC|O_APPEND|O_SYNC: F_GETFL 0%o\n", fcntl(ff, F_GETFL));
    fcntl(ff, F_SETOWN, getpid());
    fcntl(ff, F_SETFL, O_ASYNC);
    write(ff, "x", 1);
    drain("O_ASYNC from open(2) registers nothing, nor does F_SETFL O_ASYNC then", 0);
    fcntl(ff, F_SETFL, 0);
    printf("after F_SETFL 0: O_ASYNC still %d\n", (fcntl(ff, F_GETFL) & O_ASYNC) != 0);
    fcntl(ff, F_SETFL, O_ASYNC);
    write(ff, "x", 1);
    drain("F_SETFL O_ASYNC again", 0);
    close(ff);
    int in = inotify_init1(0);
    name(in, "inotify");
    inotify_add_watch(in, dir, IN_CREATE | IN_DELETE);
    SHOW("inotify O_ASYNC", fcntl(in, F_SETFL, O_ASYNC));
    fcntl(in, F_SETOWN, getpid());
    fcntl(in, F_SETSIG, RT1);
    snprintf(path, sizeof path, "%s/watched", dir);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    unlink(path);
    drain("a file made and removed", 0);
    close(in);
}

static void pipesizes(const char *dir) {
    printf("== pipe sizes ==\n");
    int p[2];
    pipe(p);
    SHOW("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ 0", fcntl(p[1], F_SETPIPE_SZ, 0));
    SHOW("F_SETPIPE_SZ 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
    SHOW("F_GETPIPE_SZ (read end)", fcntl(p[0], F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ 1 MiB", fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
    SHOW("F_SETPIPE_SZ 1 MiB + 1 (privileged)", fcntl(p[1], F_SETPIPE_SZ, (1 << 20) + 1));
    SHOW("F_SETPIPE_SZ 2^31 + 1", fcntl(p[1], F_SETPIPE_SZ, (1u << 31) + 1));
    SHOW("F_SETPIPE_SZ 2^32 + 4096 (an unsigned int)", fcntl(p[1], F_SETPIPE_SZ, (1ul << 32) + 4096));
    fcntl(p[1], F_SETPIPE_SZ, 65536);
    static char big[10000];
    memset(big, 'q', sizeof big);
    SHOW("write 10000", write(p[1], big, sizeof big));
    SHOW("F_SETPIPE_SZ 8192 with 10000 waiting", fcntl(p[1], F_SETPIPE_SZ, 8192));
    SHOW("F_SETPIPE_SZ 16384", fcntl(p[1], F_SETPIPE_SZ, 16384));
    SHOW("read back", read(p[0], big, sizeof big));
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    long total = 0, n;
    while ((n = write(p[1], big, sizeof big)) > 0) total += n;
    printf("a 16384-byte pipe took %ld bytes\n", total);
    pid_t c = fork();
    if (c == 0) {
        if (setuid(65534) != 0) _exit(3);
        printf("  unprivileged F_SETPIPE_SZ 2 MiB: %s\n", res(fcntl(p[0], F_SETPIPE_SZ, 2 << 20)));
        printf("  unprivileged F_SETPIPE_SZ 1 MiB: %s\n", res(fcntl(p[0], F_SETPIPE_SZ, 1 << 20)));
        printf("  unprivileged F_SETPIPE_SZ 4096 (shrinking; full): %s\n", res(fcntl(p[0], F_SETPIPE_SZ, 4096)));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    close(p[0]);
    close(p[1]);
    printf("-- packets (O_DIRECT) --\n");
    pipe2(p, O_DIRECT);
    printf("write end O_DIRECT: %d, read end: %d\n", (fcntl(p[1], F_GETFL) & O_DIRECT) != 0,
           (fcntl(p[0], F_GETFL) & O_DIRECT) != 0);
    write(p[1], "abc", 3);
    write(p[1], "defgh", 5);
    char small[4];
    SHOW("read 64 of two packets", read(p[0], big, 64));
    SHOW("read 4 of a 5-byte packet", read(p[0], small, 4));
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    SHOW("nothing left (the rest was dropped)", read(p[0], small, 4));
    fcntl(p[0], F_SETFL, 0);
    fcntl(p[1], F_SETFL, 0);
    write(p[1], "ij", 2);
    SHOW("O_DIRECT off: merged writes", (write(p[1], "kl", 2), read(p[0], big, 64)));
    SHOW("F_SETFL O_DIRECT on a pipe end", fcntl(p[0], F_SETFL, O_DIRECT));
    close(p[0]);
    close(p[1]);
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    SHOW("F_SETFL O_DIRECT on a socket", fcntl(s[0], F_SETFL, O_DIRECT));
    close(s[0]);
    close(s[1]);
    char path[4096];
    snprintf(path, sizeof path, "%s/plain", dir);
    int f = open(path, O_RDONLY);
    printf("F_GETFL of a regular file: 0%o\n", fcntl(f, F_GETFL));
    SHOW("F_SETFL O_DIRECT on a regular file", fcntl(f, F_SETFL, O_DIRECT));
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    printf("F_GETFL of a directory: 0%o\n", fcntl(dfd, F_GETFL));
    SHOW("F_SETFL O_DIRECT on a directory", fcntl(dfd, F_SETFL, O_DIRECT));
    close(dfd);
    int pfd = open(path, O_PATH);
    printf("F_GETFL of O_PATH: 0%o\n", fcntl(pfd, F_GETFL));
    SHOW("F_SETFL through O_PATH", fcntl(pfd, F_SETFL, 0));
    SHOW("F_GETOWN through O_PATH", fcntl(pfd, F_GETOWN));
    SHOW("F_DUPFD_QUERY through O_PATH", fcntl(pfd, F_DUPFD_QUERY, pfd));
    close(pfd);
    pid_t c2 = fork();
    if (c2 == 0) {
        if (setuid(65534) != 0) _exit(3);
        int g = open("/etc/passwd", O_RDONLY);
        printf("  unprivileged O_NOATIME on another's file: %s\n", res(fcntl(g, F_SETFL, O_NOATIME)));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c2, NULL, 0);
    SHOW("F_GETPIPE_SZ of a regular file", fcntl(f, F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ of a regular file", fcntl(f, F_SETPIPE_SZ, 4096));
    close(f);
    snprintf(path, sizeof path, "%s/fifo", dir);
    mkfifo(path, 0644);
    int ff = open(path, O_RDWR);
    SHOW("F_GETPIPE_SZ of a FIFO", fcntl(ff, F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ of a FIFO", fcntl(ff, F_SETPIPE_SZ, 100000));
    close(ff);
}

static void misc(const char *dir) {
    printf("== hints and queries ==\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/hinted", dir);
    int f = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
    uint64_t h = 77;
    SHOW("F_GET_RW_HINT", fcntl(f, F_GET_RW_HINT, &h));
    printf("  %lu\n", (unsigned long) h);
    h = RWH_WRITE_LIFE_SHORT;
    SHOW("F_SET_RW_HINT SHORT", fcntl(f, F_SET_RW_HINT, &h));
    h = 77;
    fcntl(f, F_GET_RW_HINT, &h);
    printf("  now %lu\n", (unsigned long) h);
    int g = open(path, O_RDONLY);
    h = 77;
    fcntl(g, F_GET_RW_HINT, &h);
    printf("  through another open: %lu\n", (unsigned long) h);
    h = 9;
    SHOW("F_SET_RW_HINT 9", fcntl(f, F_SET_RW_HINT, &h));
    SHOW("F_SET_RW_HINT bad pointer", fcntl(f, F_SET_RW_HINT, (void *) 8));
    SHOW("F_GET_FILE_RW_HINT", fcntl(f, F_GET_FILE_RW_HINT, &h));
    SHOW("F_SET_FILE_RW_HINT", fcntl(f, F_SET_FILE_RW_HINT, &h));
    int d = dup(f);
    SHOW("F_DUPFD_QUERY itself", fcntl(f, F_DUPFD_QUERY, f));
    SHOW("F_DUPFD_QUERY a dup", fcntl(f, F_DUPFD_QUERY, d));
    SHOW("F_DUPFD_QUERY another open", fcntl(f, F_DUPFD_QUERY, g));
    SHOW("F_DUPFD_QUERY a closed fd", fcntl(f, F_DUPFD_QUERY, 60));
    SHOW("F_DUPFD_QUERY -1", fcntl(f, F_DUPFD_QUERY, -1));
    SHOW("F_CREATED_QUERY of an open that made it", fcntl(f, F_CREATED_QUERY));
    SHOW("F_CREATED_QUERY through its dup", fcntl(d, F_CREATED_QUERY));
    SHOW("F_CREATED_QUERY of a plain open", fcntl(g, F_CREATED_QUERY));
    int o = open(path, O_RDWR | O_CREAT, 0644);
    SHOW("F_CREATED_QUERY of O_CREAT of an existing file", fcntl(o, F_CREATED_QUERY));
    SHOW("unknown command 12345", fcntl(f, 12345, 0));
    SHOW("F_GETLEASE on a pipe-less regular file", fcntl(g, F_GETLEASE));
    close(o);
    close(d);
    close(g);
    close(f);
}

static void leases(const char *dir) {
    printf("== leases ==\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/leased", dir);
    close(open(path, O_RDWR | O_CREAT, 0644));
    int rw = open(path, O_RDWR);
    SHOW("F_RDLCK through an O_RDWR open", fcntl(rw, F_SETLEASE, F_RDLCK));
    int w = open(path, O_WRONLY);
    name(w, "lease-w");
    SHOW("F_WRLCK with another open", fcntl(w, F_SETLEASE, F_WRLCK));
    close(rw);
    SHOW("F_WRLCK, the only open", fcntl(w, F_SETLEASE, F_WRLCK));
    SHOW("F_GETLEASE", fcntl(w, F_GETLEASE));
    printf("  O_ASYNC now in F_GETFL: %d, owner is self: %d, F_GETSIG %d\n", (fcntl(w, F_GETFL) & O_ASYNC) != 0,
           fcntl(w, F_GETOWN) == getpid(), fcntl(w, F_GETSIG));
    SHOW("F_SETLEASE 7", fcntl(w, F_SETLEASE, 7));
    SHOW("F_RDLCK through the O_WRONLY holder (downgrade)", fcntl(w, F_SETLEASE, F_RDLCK));
    fcntl(w, F_SETSIG, RT1);
    SHOW("open O_RDONLY|O_NONBLOCK", open(path, O_RDONLY | O_NONBLOCK));
    drain("the holder", 0);
    SHOW("F_GETLEASE while broken for a reader", fcntl(w, F_GETLEASE));
    SHOW("open O_WRONLY|O_NONBLOCK", open(path, O_WRONLY | O_NONBLOCK));
    drain("the holder", 0);
    SHOW("F_GETLEASE while broken for a writer", fcntl(w, F_GETLEASE));
    SHOW("F_UNLCK", fcntl(w, F_SETLEASE, F_UNLCK));
    printf("  O_ASYNC in F_GETFL: %d, F_GETOWN %d, F_GETSIG %d\n", (fcntl(w, F_GETFL) & O_ASYNC) != 0,
           fcntl(w, F_GETOWN), fcntl(w, F_GETSIG));
    SHOW("F_UNLCK again", fcntl(w, F_SETLEASE, F_UNLCK));
    fflush(stdout);

    SHOW("F_WRLCK", fcntl(w, F_SETLEASE, F_WRLCK));
    fcntl(w, F_SETSIG, RT2);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int r = open(path, O_RDONLY);
        printf("  child: blocking open returned %s\n", r >= 0 ? "a descriptor" : res(r));
        fflush(stdout);
        _exit(0);
    }
    drain("the holder, a child opening to read", 10);
    SHOW("F_GETLEASE", fcntl(w, F_GETLEASE));
    printf("removing the lease\n");
    fflush(stdout);
    long un = fcntl(w, F_SETLEASE, F_UNLCK);
    waitpid(c, NULL, 0);
    printf("F_UNLCK: %s\n", res(un));

    SHOW("F_WRLCK", fcntl(w, F_SETLEASE, F_WRLCK));
    fflush(stdout);
    c = fork();
    if (c == 0) {
        close(w); /* the lease goes with the parent's close only if no copy of its descriptor is left */
        printf("  child: truncate %s\n", res(truncate(path, 0)));
        fflush(stdout);
        _exit(0);
    }
    drain("the holder, a child truncating", 10);
    printf("closing the holder\n");
    fflush(stdout);
    close(w);
    waitpid(c, NULL, 0);

    int r1 = open(path, O_RDONLY), r2 = open(path, O_RDONLY);
    name(r1, "lease-r1");
    name(r2, "lease-r2");
    SHOW("F_RDLCK r1", fcntl(r1, F_SETLEASE, F_RDLCK));
    SHOW("F_RDLCK r2", fcntl(r2, F_SETLEASE, F_RDLCK));
    SHOW("F_WRLCK r1 (r2 open)", fcntl(r1, F_SETLEASE, F_WRLCK));
    fcntl(r1, F_SETSIG, RT1);
    fcntl(r2, F_SETSIG, RT2);
    SHOW("open O_RDONLY|O_NONBLOCK (no conflict)", open(path, O_RDONLY | O_NONBLOCK) >= 0);
    SHOW("open O_WRONLY|O_NONBLOCK", open(path, O_WRONLY | O_NONBLOCK));
    drain("both holders", 0);
    int p[2];
    pipe(p);
    SHOW("F_SETLEASE on a pipe", fcntl(p[0], F_SETLEASE, F_RDLCK));
    SHOW("F_GETLEASE on a pipe", fcntl(p[0], F_GETLEASE));
    int dd = open(dir, O_RDONLY | O_DIRECTORY);
    SHOW("F_SETLEASE on a directory", fcntl(dd, F_SETLEASE, F_RDLCK));
    close(dd);
    close(p[0]);
    close(p[1]);
    close(r1);
    close(r2);
}

static void dnotify(const char *dir) {
    printf("== dnotify ==\n");
    char sub[2048], path[4096], path2[4096];
    snprintf(sub, sizeof sub, "%s/watched-dir", dir);
    mkdir(sub, 0755);
    int d = open(sub, O_RDONLY | O_DIRECTORY);
    name(d, "dir");
    fcntl(d, F_SETSIG, RT1);
    SHOW("F_NOTIFY all, multishot", fcntl(d, F_NOTIFY, DN_ACCESS | DN_MODIFY | DN_CREATE | DN_DELETE | DN_RENAME
                                                       | DN_ATTRIB | DN_MULTISHOT));
    printf("  owner is self: %d\n", fcntl(d, F_GETOWN) == getpid());
    snprintf(path, sizeof path, "%s/a", sub);
    int f = open(path, O_CREAT | O_WRONLY, 0644);
    drain("created", 0);
    write(f, "x", 1);
    drain("written", 0);
    close(f);
    drain("closed", 0);
    chmod(path, 0600);
    drain("chmod", 0);
    f = open(path, O_RDONLY);
    char c;
    read(f, &c, 1);
    close(f);
    drain("read", 0);
    snprintf(path2, sizeof path2, "%s/b", sub);
    rename(path, path2);
    drain("renamed", 0);
    unlink(path2);
    drain("removed", 0);
    SHOW("F_NOTIFY 0", fcntl(d, F_NOTIFY, 0));
    close(open(path, O_CREAT | O_WRONLY, 0644));
    drain("created after F_NOTIFY 0", 0);
    SHOW("F_NOTIFY DN_DELETE (one shot)", fcntl(d, F_NOTIFY, DN_DELETE));
    unlink(path);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    unlink(path);
    drain("two removals", 0);
    SHOW("F_NOTIFY DN_CREATE|DN_MULTISHOT", fcntl(d, F_NOTIFY, DN_CREATE | DN_MULTISHOT));
    int d2 = dup(d);
    close(d2);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    drain("created after a dup was closed (every close flushes)", 0);
    unlink(path);
    int f2 = open(dir, O_RDONLY);
    snprintf(path, sizeof path, "%s/plain", dir);
    int reg = open(path, O_RDONLY);
    SHOW("F_NOTIFY on a regular file", fcntl(reg, F_NOTIFY, DN_CREATE));
    SHOW("F_NOTIFY 0 on a regular file", fcntl(reg, F_NOTIFY, 0));
    close(reg);
    close(f2);
    close(d);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) return 2;
    setpgid(0, 0); /* signals to "the process group" must reach this program's processes only */
    sigemptyset(&set);
    sigaddset(&set, SIGIO);
    sigaddset(&set, SIGTRAP);
    sigaddset(&set, RT1);
    sigaddset(&set, RT2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    owners();
    kinds(argv[1]);
    pipesizes(argv[1]);
    misc(argv[1]);
    leases(argv[1]);
    dnotify(argv[1]);
    return 0;
}
