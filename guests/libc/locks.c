/*
 * Advisory file locks between processes (issue 15), natively and under Helctic (compared byte
 * for byte): fcntl record locks (conflicts, shared readers, ranges split and merged, F_GETLK's
 * answer, release on any close and at exit, F_SETLKW waiting, EDEADLK), open file description
 * locks, flock (per description: dup and fork share it, another open contends), and the errors.
 * Children report through their exit status or pipes; the order of events is forced by waits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static const char *path;

static int lk(int fd, int cmd, short type, off_t start, off_t len) {
    struct flock f = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(fd, cmd, &f);
}

/* F_GETLK from a fresh open in a child: what blocks [start, start+len) for a write lock. */
static void probe(const char *what, short type, off_t start, off_t len) {
    int p[2];
    if (pipe(p) != 0) exit(3);
    pid_t c = fork();
    if (c == 0) {
        int fd = open(path, O_RDWR);
        struct flock f = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
        int r = fcntl(fd, F_GETLK, &f);
        char line[200];
        int n = snprintf(line, sizeof line, "%s: %s type %s start %ld len %ld pid is parent %d\n", what, res(r),
                         f.l_type == F_UNLCK ? "UNLCK" : f.l_type == F_WRLCK ? "WRLCK" : "RDLCK", (long) f.l_start,
                         (long) f.l_len, f.l_pid == getppid());
        if (write(p[1], line, n) != n) _exit(4);
        _exit(0);
    }
    close(p[1]);
    char buf[256];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    fputs(buf, stdout);
    close(p[0]);
    waitpid(c, NULL, 0);
}

/* A child's F_SETLK attempt: its result. */
static void attempt(const char *what, short type, off_t start, off_t len) {
    pid_t c = fork();
    if (c == 0) {
        int fd = open(path, O_RDWR);
        _exit(lk(fd, F_SETLK, type, start, len) == 0 ? 0 : errno == EAGAIN ? 11 : 99);
    }
    int st;
    waitpid(c, &st, 0);
    printf("%s: %s\n", what, WEXITSTATUS(st) == 0 ? "granted" : WEXITSTATUS(st) == 11 ? "EAGAIN" : "?");
}

static void sleep_ms(int ms) {
    nanosleep(&(struct timespec) {0, ms * 1000000L}, NULL);
}

static void records(void) {
    printf("== record locks\n");
    int fd = open(path, O_RDWR);
    printf("write lock [0, 10): %s\n", res(lk(fd, F_SETLK, F_WRLCK, 0, 10)));
    attempt("child [10, 20)", F_WRLCK, 10, 10);
    attempt("child [5, 15)", F_WRLCK, 5, 10);
    probe("getlk [5, 15)", F_WRLCK, 5, 10);
    probe("getlk [20, 30)", F_WRLCK, 20, 10);
    lk(fd, F_SETLK, F_UNLCK, 0, 0);
    printf("== shared readers\n");
    lk(fd, F_SETLK, F_RDLCK, 0, 100);
    attempt("child read lock", F_RDLCK, 50, 10);
    attempt("child write lock", F_WRLCK, 50, 10);
    probe("getlk read", F_RDLCK, 0, 0);
    printf("== split and merge\n");
    lk(fd, F_SETLK, F_WRLCK, 0, 100); // converts the read lock
    lk(fd, F_SETLK, F_UNLCK, 40, 20);
    probe("hole [45, 50)", F_WRLCK, 45, 5);
    probe("[30, 50)", F_WRLCK, 30, 20);
    probe("[55, 70)", F_WRLCK, 55, 15);
    lk(fd, F_SETLK, F_WRLCK, 40, 20); // fills the hole: one lock again
    probe("merged", F_WRLCK, 0, 0);
    lk(fd, F_SETLK, F_RDLCK, 10, 10); // a read lock inside a write lock splits it
    probe("read inside write, read probe", F_RDLCK, 10, 10);
    probe("read inside write, write probe", F_WRLCK, 12, 1);
    printf("== any close releases\n");
    int other = open(path, O_RDONLY);
    close(other);
    attempt("after closing another descriptor of the file", F_WRLCK, 0, 0);
    printf("== to the end, and SEEK_END\n");
    lk(fd, F_SETLK, F_WRLCK, 1000, 0);
    attempt("child at 5000", F_WRLCK, 5000, 1);
    struct flock e = {.l_type = F_UNLCK, .l_whence = SEEK_END, .l_start = 0, .l_len = 0};
    printf("unlock from SEEK_END: %s\n", res(fcntl(fd, F_SETLK, &e)));
    probe("after", F_WRLCK, 0, 0);
    lk(fd, F_SETLK, F_UNLCK, 0, 0);
    printf("== exit releases\n");
    pid_t c = fork();
    if (c == 0) {
        int f = open(path, O_RDWR);
        lk(f, F_SETLK, F_WRLCK, 0, 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("after the holder's exit: %s\n", res(lk(fd, F_SETLK, F_WRLCK, 0, 0)));
    lk(fd, F_SETLK, F_UNLCK, 0, 0);
    close(fd);
}

static void waiting(void) {
    printf("== F_SETLKW\n");
    int fd = open(path, O_RDWR);
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    int p[2];
    if (pipe(p) != 0) exit(3);
    pid_t c = fork();
    if (c == 0) {
        int f = open(path, O_RDWR);
        close(p[0]);
        if (write(p[1], "w", 1) != 1) _exit(4);
        int r = lk(f, F_SETLKW, F_WRLCK, 0, 1);
        if (write(p[1], r == 0 ? "g" : "e", 1) != 1) _exit(4);
        _exit(0);
    }
    close(p[1]);
    char ch;
    if (read(p[0], &ch, 1) != 1) exit(5);
    sleep_ms(50);
    printf("child waits; releasing\n");
    lk(fd, F_SETLK, F_UNLCK, 0, 1);
    if (read(p[0], &ch, 1) != 1) exit(5);
    printf("child: %s\n", ch == 'g' ? "granted after the release" : "error");
    waitpid(c, NULL, 0);
    close(p[0]);

    printf("== EDEADLK\n");
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    if (pipe(p) != 0) exit(3);
    c = fork();
    if (c == 0) {
        int f = open(path, O_RDWR);
        close(p[0]);
        lk(f, F_SETLK, F_WRLCK, 1, 1);
        if (write(p[1], "w", 1) != 1) _exit(4);
        int r = lk(f, F_SETLKW, F_WRLCK, 0, 1); // waits for the parent
        _exit(r == 0 ? 0 : 1);
    }
    close(p[1]);
    if (read(p[0], &ch, 1) != 1) exit(5);
    sleep_ms(100);
    printf("parent asks for the child's byte: %s\n", res(lk(fd, F_SETLKW, F_WRLCK, 1, 1)));
    lk(fd, F_SETLK, F_UNLCK, 0, 1);
    int st;
    waitpid(c, &st, 0);
    printf("child got the parent's byte: %d\n", WEXITSTATUS(st) == 0);
    close(p[0]);

    lk(fd, F_SETLK, F_UNLCK, 0, 1);
    close(fd);
}

static void on_alarm(int sig) {
    (void) sig;
}

static void interrupted(void) {
    printf("== a signal ends F_SETLKW with EINTR\n");
    int fd = open(path, O_RDWR);
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    pid_t c = fork();
    if (c == 0) {
        struct sigaction sa = {.sa_handler = on_alarm}; // no SA_RESTART
        sigaction(SIGALRM, &sa, NULL);
        int f = open(path, O_RDWR);
        alarm(1);
        int r = lk(f, F_SETLKW, F_WRLCK, 0, 1);
        _exit(r == -1 && errno == EINTR ? 0 : 1);
    }
    int st;
    waitpid(c, &st, 0);
    printf("child: %s\n", WEXITSTATUS(st) == 0 ? "EINTR" : "other");
    close(fd);
}

static void ofd(void) {
    printf("== OFD locks\n");
    int a = open(path, O_RDWR), b = open(path, O_RDWR);
    printf("OFD write on a: %s\n", res(lk(a, F_OFD_SETLK, F_WRLCK, 0, 10)));
    printf("OFD write on b (same process, other description): %s\n", res(lk(b, F_OFD_SETLK, F_WRLCK, 5, 10)));
    printf("process lock on b: %s\n", res(lk(b, F_SETLK, F_WRLCK, 5, 10)));
    struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    printf("OFD getlk on b: %s ", res(fcntl(b, F_OFD_GETLK, &f)));
    printf("type %s pid %d\n", f.l_type == F_WRLCK ? "WRLCK" : "other", f.l_pid);
    struct flock bad = {.l_type = F_WRLCK, .l_pid = 5};
    printf("OFD with l_pid: %s\n", res(fcntl(a, F_OFD_SETLK, &bad)));
    int d = dup(a);
    close(d); // the description stays: so does its lock
    printf("after closing a dup: %s\n", res(lk(b, F_OFD_SETLK, F_WRLCK, 0, 1)));
    close(a);
    printf("after closing a: %s\n", res(lk(b, F_OFD_SETLK, F_WRLCK, 0, 1)));
    close(b);
}

static void flocks(void) {
    printf("== flock\n");
    int a = open(path, O_RDONLY), b = open(path, O_RDONLY);
    printf("LOCK_EX a: %s\n", res(flock(a, LOCK_EX)));
    printf("LOCK_EX|LOCK_NB b: %s\n", res(flock(b, LOCK_EX | LOCK_NB)));
    printf("LOCK_SH|LOCK_NB b: %s\n", res(flock(b, LOCK_SH | LOCK_NB)));
    int d = dup(a);
    printf("LOCK_EX on a dup: %s\n", res(flock(d, LOCK_EX | LOCK_NB)));
    printf("fcntl lock beside flock: %s\n", res(lk(open(path, O_RDWR), F_SETLK, F_WRLCK, 0, 0)));
    pid_t c = fork();
    if (c == 0) _exit(flock(a, LOCK_EX | LOCK_NB) == 0 ? 0 : 1); // the same description
    int st;
    waitpid(c, &st, 0);
    printf("a fork's child on the inherited descriptor: %s\n", WEXITSTATUS(st) == 0 ? "granted" : "refused");
    flock(a, LOCK_SH);
    printf("downgraded; LOCK_SH|LOCK_NB b: %s\n", res(flock(b, LOCK_SH | LOCK_NB)));
    flock(b, LOCK_UN);
    int p[2];
    if (pipe(p) != 0) exit(3);
    flock(a, LOCK_EX);
    c = fork();
    if (c == 0) {
        int f = open(path, O_RDONLY);
        close(p[0]);
        if (write(p[1], "w", 1) != 1) _exit(4);
        int r = flock(f, LOCK_EX);
        if (write(p[1], r == 0 ? "g" : "e", 1) != 1) _exit(4);
        _exit(0);
    }
    close(p[1]);
    char ch;
    if (read(p[0], &ch, 1) != 1) exit(5);
    sleep_ms(50);
    printf("child waits; LOCK_UN\n");
    flock(a, LOCK_UN);
    if (read(p[0], &ch, 1) != 1) exit(5);
    printf("child: %s\n", ch == 'g' ? "granted" : "error");
    waitpid(c, NULL, 0);
    close(d);
    close(a);
    printf("after the last close of a: LOCK_EX|LOCK_NB b: %s\n", res(flock(b, LOCK_EX | LOCK_NB)));
    close(b);
}

static void errors(void) {
    printf("== errors\n");
    int fd = open(path, O_RDONLY), w = open(path, O_WRONLY);
    printf("bad type: %s\n", res(lk(fd, F_SETLK, 7, 0, 0)));
    printf("write lock on O_RDONLY: %s\n", res(lk(fd, F_SETLK, F_WRLCK, 0, 0)));
    printf("read lock on O_WRONLY: %s\n", res(lk(w, F_SETLK, F_RDLCK, 0, 0)));
    struct flock f = {.l_type = F_RDLCK, .l_whence = 9};
    printf("bad whence: %s\n", res(fcntl(fd, F_SETLK, &f)));
    printf("negative start: %s\n", res(lk(fd, F_SETLK, F_RDLCK, -5, 1)));
    printf("bad pointer: %s\n", res(fcntl(fd, F_SETLK, (void *) 8)));
    printf("getlk F_UNLCK: %s\n", res(lk(fd, F_GETLK, F_UNLCK, 0, 0)));
    printf("flock bad op: %s\n", res(flock(fd, 3)));
    printf("flock bad op 0: %s\n", res(flock(fd, 0)));
    printf("flock bad fd: %s\n", res(flock(99, LOCK_EX)));
    printf("fcntl lock bad fd: %s\n", res(lk(99, F_SETLK, F_RDLCK, 0, 0)));
    close(fd);
    close(w);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    static char file[4096];
    snprintf(file, sizeof file, "%s/locks.data", argc > 1 ? argv[1] : ".");
    path = file;
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "0123456789", 10) != 10) return 2;
    close(fd);
    records();
    waiting();
    interrupted();
    ofd();
    flocks();
    errors();
    unlink(path);
    printf("done\n");
    return 0;
}
