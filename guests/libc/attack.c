/*
 * The confinement attacks (issue 20), as a guest would make them. Run under helctic --root JAIL
 * with its working directory inside the jail, and HOSTDIR a host directory outside it.
 *
 *   attack race OP MS HOSTDIR   a child process swaps the directory "dir" with a symlink to
 *                               HOSTDIR, over and over, while this process runs OP through
 *                               "dir/..." for MS milliseconds; prints attempts and what it saw
 *   attack dirfd HOSTDIR        a directory descriptor keeps its directory when the path to it
 *                               becomes a symlink to HOSTDIR
 *   attack links                the l* calls act on a symlink itself (compared with a native run)
 *   attack names                names are bytes; malformed names get Linux's errno (compared
 *                               with a native run)
 *   attack shebang              #! lines with NUL bytes and over-long lines (compared natively)
 *   attack sigill N             N invalid instructions, each handled by the guest's SIGILL handler
 *   attack threads N | forks N  threads or processes until the kernel refuses one (EAGAIN)
 *   attack pipes N              N processes each filling 500 pipes: the kernel's buffers stay bounded
 *   attack memory               touches memory until the emulated RAM runs out (the OOM killer)
 *   attack killlatency          SIGKILL to a child in mprotect of a 32 TiB range: gone within a second
 *
 * Whatever reads a file prints ESCAPED when it sees "HOST" in it (the harness puts that in every
 * host file it plants outside the jail); what writes is checked by the harness on the host side.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static long escapes;

/* Reads a file through fd; counts an escape if it holds a host marker. */
static void check_fd(int fd, const char *what) {
    char b[64];
    ssize_t n = read(fd, b, sizeof b - 1);
    if (n > 0) {
        b[n] = 0;
        if (strstr(b, "HOST")) {
            escapes++;
            printf("ESCAPED %s: read \"%s\"\n", what, b);
        }
    }
}

static void check_path(const char *path, const char *what) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        check_fd(fd, what);
        close(fd);
    }
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(path); exit(2); }
    if (write(fd, text, strlen(text)) < 0) { perror(path); exit(2); }
    close(fd);
}

/* Checks every name in a directory stream for a host marker name. */
static void check_listing(int dfd, const char *what) {
    char buf[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; } *d = (void *) (buf + at);
            if (strncmp(d->name, "HOST", 4) == 0) {
                escapes++;
                printf("ESCAPED %s: listed %s\n", what, d->name);
            }
            at += d->reclen;
        }
    }
}

static volatile sig_atomic_t stop;

static void on_term(int s) { (void) s; stop = 1; }

/* The swapper: dir <-> lnk (a symlink to the host directory), as fast as it can. */
static pid_t start_swapper(void) {
    pid_t p = fork();
    if (p < 0) { perror("fork"); exit(2); }
    if (p == 0) {
        signal(SIGTERM, on_term);
        while (!stop) {
            rename("dir", "tmp");
            rename("lnk", "dir");
            rename("dir", "lnk");
            rename("tmp", "dir");
        }
        _exit(0);
    }
    return p;
}

static void stop_swapper(pid_t p) {
    kill(p, SIGTERM);
    int st;
    waitpid(p, &st, 0);
    struct stat s;
    if (lstat("tmp", &s) == 0) { /* stopped between the renames: put things back */
        if (lstat("dir", &s) == 0 && S_ISLNK(s.st_mode)) rename("dir", "lnk");
        rename("tmp", "dir");
    }
}

/* One attempt of op number n; returns nothing, counts escapes itself. */
static void attempt(const char *op, long n, uint64_t host_ino) {
    char name[64];
    if (!strcmp(op, "open")) {
        check_path("dir/secret", op);
    } else if (!strcmp(op, "deep-open")) {
        /* two directories before the name: the kernel may enter both in one host call */
        check_path("dir/deepdir/secret", op);
    } else if (!strcmp(op, "deep-creat")) {
        snprintf(name, sizeof name, "dir/deepdir/c%ld", n);
        int f = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (f >= 0) close(f);
    } else if (!strcmp(op, "openat")) {
        int d = open("dir", O_RDONLY | O_DIRECTORY);
        if (d >= 0) {
            int f = openat(d, "secret", O_RDONLY);
            if (f >= 0) { check_fd(f, op); close(f); }
            check_listing(d, op);
            close(d);
        }
    } else if (!strcmp(op, "readdir")) {
        int d = open("dir", O_RDONLY | O_DIRECTORY);
        if (d >= 0) { check_listing(d, op); close(d); }
    } else if (!strcmp(op, "creat")) {
        snprintf(name, sizeof name, "dir/c%ld", n);
        int f = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (f >= 0) close(f);
    } else if (!strcmp(op, "trunc-open")) {
        int f = open("dir/secret", O_WRONLY | O_TRUNC);
        if (f >= 0) { if (write(f, "jail\n", 5) < 0) perror("write"); close(f); }
    } else if (!strcmp(op, "mkdir")) {
        snprintf(name, sizeof name, "dir/m%ld", n);
        mkdir(name, 0755);
    } else if (!strcmp(op, "symlink")) {
        snprintf(name, sizeof name, "dir/s%ld", n);
        symlink("target", name);
    } else if (!strcmp(op, "unlink")) {
        if (unlink("dir/victim") == 0) put("victim-spare", "jail\n"), rename("victim-spare", "dir/victim");
    } else if (!strcmp(op, "rmdir")) {
        if (rmdir("dir/victimdir") == 0) mkdir("dir/victimdir", 0755);
    } else if (!strcmp(op, "rename")) {
        snprintf(name, sizeof name, "dir/r%ld", n);
        put("mine", "jail\n");
        rename("mine", name); /* into the host directory? */
        if (rename("dir/victim", "stolen") == 0) { /* out of it? */
            check_path("stolen", op);
            put("victim-spare", "jail\n");
            rename("victim-spare", "dir/victim");
            unlink("stolen");
        }
    } else if (!strcmp(op, "link")) {
        snprintf(name, sizeof name, "l%ld", n);
        if (link("dir/secret", name) == 0) { check_path(name, op); unlink(name); }
        snprintf(name, sizeof name, "dir/h%ld", n);
        link("secret-jail", name);
    } else if (!strcmp(op, "chmod")) {
        chmod("dir/secret", 0600);
    } else if (!strcmp(op, "chown")) {
        chown("dir/secret", 4321, 4321);
        lchown("dir/secret", 4321, 4321);
    } else if (!strcmp(op, "utimens")) {
        struct timespec t[2] = {{1, 0}, {1, 0}};
        utimensat(AT_FDCWD, "dir/secret", t, 0);
    } else if (!strcmp(op, "truncate")) {
        truncate("dir/secret", 1);
    } else if (!strcmp(op, "setxattr")) {
        setxattr("dir/secret", "user.evil", "1", 1, 0);
        removexattr("dir/secret", "user.host");
    } else if (!strcmp(op, "getxattr")) {
        char v[64];
        ssize_t k = getxattr("dir/secret", "user.host", v, sizeof v - 1);
        if (k > 0) {
            v[k] = 0;
            if (strstr(v, "HOST")) { escapes++; printf("ESCAPED %s: %s\n", op, v); }
        }
        k = listxattr("dir/secret", v, sizeof v);
        if (k > 0 && memmem(v, k, "user.host", 9)) { escapes++; printf("ESCAPED listxattr\n"); }
    } else if (!strcmp(op, "stat")) {
        struct stat s;
        if (stat("dir/secret", &s) == 0 && s.st_ino == host_ino) { escapes++; printf("ESCAPED stat\n"); }
        if (lstat("dir/secret", &s) == 0 && s.st_ino == host_ino) { escapes++; printf("ESCAPED lstat\n"); }
    } else if (!strcmp(op, "chdir")) {
        if (chdir("dir") == 0) {
            check_path("secret", op);
            if (chdir("..") != 0) { perror("chdir .."); exit(2); }
        }
    } else if (!strcmp(op, "exec")) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            char *argv[] = {"prog", "ESCAPED-EXEC", NULL};
            execve("dir/prog", argv, environ);
            _exit(0);
        }
        int st;
        waitpid(p, &st, 0);
    } else {
        fprintf(stderr, "unknown op %s\n", op);
        exit(2);
    }
}

static int race(const char *op, long ms, const char *hostdir, uint64_t host_ino) {
    struct stat s;
    if (lstat("dir", &s) != 0) {
        mkdir("dir", 0755);
        put("dir/secret", "jail\n");
        put("dir/victim", "jail\n");
        mkdir("dir/victimdir", 0755);
        mkdir("dir/deepdir", 0755);
        put("dir/deepdir/secret", "jail\n");
        put("secret-jail", "jail\n");
        if (link("prog-jail", "dir/prog") != 0) { perror("link prog-jail"); return 2; }
        if (symlink(hostdir, "lnk") != 0) { perror("symlink"); return 2; }
    }
    pid_t sw = start_swapper();
    long end = now_ms() + ms, n = 0;
    while (now_ms() < end) attempt(op, n++, host_ino);
    stop_swapper(sw);
    printf("race %s: %ld attempts, %ld escapes\n", op, n, escapes);
    return escapes != 0;
}

static void list_sorted(int dfd) {
    char *names[64];
    int k = 0;
    char buf[4096];
    lseek(dfd, 0, SEEK_SET);
    for (;;) {
        long n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; } *d = (void *) (buf + at);
            if (k < 64) names[k++] = strdup(d->name);
            at += d->reclen;
        }
    }
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            if (strcmp(names[i], names[j]) > 0) { char *t = names[i]; names[i] = names[j]; names[j] = t; }
    for (int i = 0; i < k; i++) {
        printf(" ");
        for (const unsigned char *c = (const unsigned char *) names[i]; *c; c++) {
            if (*c < 0x21 || *c > 0x7e) printf("\\x%02x", *c); else putchar(*c);
        }
        free(names[i]);
    }
    printf("\n");
}

static const char *err(long r) {
    static char b[32];
    if (r >= 0) { snprintf(b, sizeof b, "ok %ld", r); return b; }
    return strerrorname_np(errno);
}

/* A directory descriptor reads the directory it opened wherever that directory goes. */
static int dirfd_attack(const char *hostdir) {
    mkdir("d", 0755);
    put("d/inner", "jail\n");
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    printf("open d: %s\n", err(fd));
    printf("rename d d2: %s\n", err(rename("d", "d2")));
    printf("symlink host d: %s\n", err(symlink(hostdir, "d")));
    printf("getdents:");
    list_sorted(fd);
    int f = openat(fd, "inner", O_RDONLY);
    printf("openat inner: %s\n", f >= 0 ? "ok" : err(f));
    if (f >= 0) { check_fd(f, "openat"); close(f); }
    f = openat(fd, "HOSTFILE", O_RDONLY);
    printf("openat HOSTFILE: %s\n", f >= 0 ? "ESCAPED" : err(f));
    if (f >= 0) escapes++;
    printf("fchdir: %s\n", err(fchdir(fd)));
    check_path("inner", "fchdir");
    f = open("HOSTFILE", O_RDONLY);
    printf("open HOSTFILE after fchdir: %s\n", f >= 0 ? "ESCAPED" : err(f));
    if (f >= 0) escapes++;
    struct stat s;
    f = fstatat(fd, "../d/HOSTFILE", &s, 0);
    printf("fstatat ../d/HOSTFILE: %s\n", f >= 0 ? "ESCAPED" : err(f));
    if (f >= 0) escapes++;
    printf("escapes %ld\n", escapes);
    return escapes != 0;
}

/* The l* calls on a symlink act on the link itself. */
static int links(void) {
    put("target", "jail\n");
    printf("setxattr target: %s\n", err(setxattr("target", "user.t", "v", 1, 0)));
    printf("symlink: %s\n", err(symlink("target", "ln")));
    char v[64];
    printf("lgetxattr ln user.t: %s\n", err(lgetxattr("ln", "user.t", v, sizeof v)));
    printf("getxattr ln user.t: %s\n", err(getxattr("ln", "user.t", v, sizeof v)));
    printf("lsetxattr ln user.x: %s\n", err(lsetxattr("ln", "user.x", "1", 1, 0)));
    printf("lremovexattr ln user.t: %s\n", err(lremovexattr("ln", "user.t")));
    long n = llistxattr("ln", v, sizeof v);
    printf("llistxattr ln: %s\n", err(n));
    printf("getxattr target user.t after: %s\n", err(getxattr("target", "user.t", v, sizeof v)));
    struct stat s, t;
    stat("target", &t);
    printf("lchown ln: %s\n", err(lchown("ln", 4321, 4322)));
    lstat("ln", &s);
    struct stat t2;
    stat("target", &t2);
    printf("link uid %u gid %u; target owner unchanged: %d\n", s.st_uid, s.st_gid, t.st_uid == t2.st_uid && t.st_gid == t2.st_gid);
    struct timespec ts[2] = {{100, 0}, {200, 0}};
    printf("utimensat ln NOFOLLOW: %s\n", err(utimensat(AT_FDCWD, "ln", ts, AT_SYMLINK_NOFOLLOW)));
    lstat("ln", &s);
    stat("target", &t2);
    printf("link mtime %ld; target mtime unchanged: %d\n", (long) s.st_mtime, t2.st_mtime == t.st_mtime);
    printf("fchmodat ln NOFOLLOW: %s\n", err(syscall(452, AT_FDCWD, "ln", 0600, AT_SYMLINK_NOFOLLOW)));
    stat("target", &t2);
    printf("target mode %o\n", t2.st_mode & 07777);
    printf("faccessat ln W NOFOLLOW: %s\n", err(faccessat(AT_FDCWD, "ln", W_OK, AT_SYMLINK_NOFOLLOW)));
    printf("open ln O_NOFOLLOW: %s\n", err(open("ln", O_RDONLY | O_NOFOLLOW)));
    int p = open("ln", O_PATH | O_NOFOLLOW);
    printf("open ln O_PATH|O_NOFOLLOW: %s\n", p >= 0 ? "ok" : err(p));
    if (p >= 0) {
        printf("fstat O_PATH link is link: %d\n", fstat(p, &s) == 0 && S_ISLNK(s.st_mode));
        close(p);
    }
    printf("truncate ln: %s\n", err(truncate("ln", 0)));
    stat("target", &t2);
    printf("target size %ld\n", (long) t2.st_size);
    return 0;
}

static void try_name(const char *label, const char *name) {
    int f = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("creat %s: %s\n", label, f >= 0 ? "ok" : err(f));
    if (f >= 0) {
        if (write(f, label, strlen(label)) < 0) perror("write");
        close(f);
    }
}

/* Names are bytes; malformed ones get Linux's errno. */
static int names(void) {
    mkdir("n", 0755);
    if (chdir("n") != 0) { perror("chdir n"); return 2; }
    try_name("a-ff", "a\xff");
    try_name("a-fe", "a\xfe");
    try_name("c3-28", "\xc3\x28");
    try_name("cafe-utf8", "caf\xc3\xa9");
    try_name("cafe-latin1", "caf\xe9");
    try_name("lone-80", "\x80");
    try_name("a-ff-again", "a\xff");
    char n255[256], n256[257];
    memset(n255, 'x', 255); n255[255] = 0;
    memset(n256, 'y', 256); n256[256] = 0;
    try_name("255 bytes", n255);
    try_name("256 bytes", n256);
    printf("mkdir 256: %s\n", err(mkdir(n256, 0755)));
    printf("symlink to 256: %s\n", err(symlink(n256, "s256")));
    printf("rename to 256: %s\n", err(rename("a\xff", n256)));
    printf("stat 256: %s\n", err(access(n256, F_OK)));
    char *longpath = malloc(4200);
    strcpy(longpath, ".");
    while (strlen(longpath) < 4100) strcat(longpath, "/.");
    printf("path 4100: %s\n", err(open(longpath, O_RDONLY)));
    printf("readlink a-ff (not a link): %s\n", err(readlink("a\xff", n256, 10)));
    printf("symlink non-utf8 target: %s\n", err(symlink("t\xff\xfe", "sl\xfd")));
    char t[32];
    long k = readlink("sl\xfd", t, sizeof t);
    printf("readlink: %ld bytes, %s\n", k, k == 3 && memcmp(t, "t\xff\xfe", 3) == 0 ? "same" : "DIFFERENT");
    printf("setxattr non-utf8 name: %s\n", err(setxattr("a\xfe", "user.\xff", "v", 1, 0)));
    char v[64];
    k = listxattr("a\xfe", v, sizeof v);
    printf("listxattr: %ld %s\n", k, k == 7 && memcmp(v, "user.\xff", 7) == 0 ? "same" : "DIFFERENT");
    printf("mkdir .: %s\n", err(mkdir(".", 0755)));
    printf("mkdir ..: %s\n", err(mkdir("..", 0755)));
    printf("rmdir .: %s\n", err(rmdir(".")));
    printf("rmdir ..: %s\n", err(rmdir("..")));
    printf("unlink .: %s\n", err(unlink(".")));
    printf("unlink ..: %s\n", err(unlink("..")));
    printf("rename . x: %s\n", err(rename(".", "x")));
    printf("rename a-fe ..: %s\n", err(rename("a\xfe", "..")));
    printf("link . x: %s\n", err(link(".", "x")));
    printf("link a-fe .: %s\n", err(link("a\xfe", ".")));
    printf("symlink x .: %s\n", err(symlink("x", ".")));
    printf("open empty: %s\n", err(open("", O_RDONLY)));
    printf("symlink empty target: %s\n", err(symlink("", "e")));
    printf("open a-ff/: %s\n", err(open("a\xfe/", O_RDONLY)));
    printf("creat new/: %s\n", err(open("new/", O_WRONLY | O_CREAT, 0644)));
    printf("mkdir d/: %s\n", err(mkdir("d/", 0755)));
    printf("rmdir d//: %s\n", err(rmdir("d//")));
    printf("listing:");
    int d = open(".", O_RDONLY | O_DIRECTORY);
    list_sorted(d);
    close(d);
    /* getcwd returns the bytes of a non-UTF-8 directory name */
    mkdir("dir\xff", 0755);
    if (chdir("dir\xff") == 0) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            const char *tail = strrchr(cwd, '/');
            printf("getcwd tail %s\n", tail && strcmp(tail, "/dir\xff") == 0 ? "same" : "DIFFERENT");
        }
    }
    return 0;
}

/* #! lines with NUL bytes and no newline, compared with a native run. */
static void script(const char *name, const char *text, size_t len) {
    int f = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (write(f, text, len) < 0) perror("write");
    close(f);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char *argv[] = {(char *) name, "one", NULL};
        execve(name, argv, environ);
        printf("exec %s: %s\n", name, strerrorname_np(errno));
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("%s: status %d\n", name, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static int shebang(void) {
    script("s-nul-name", "#!./interp\0junk\n", 16);
    script("s-nul-arg", "#!./interp ar\0g\n", 16);
    script("s-nul-first", "#!\0./interp\n", 12);
    char longline[400];
    memcpy(longline, "#!./interp ", 11);
    memset(longline + 11, 'z', sizeof longline - 12);
    longline[sizeof longline - 1] = '\n';
    script("s-long-arg", longline, sizeof longline);
    char longname[400];
    memcpy(longname, "#!./", 4);
    memset(longname + 4, 'q', sizeof longname - 5);
    longname[sizeof longname - 1] = '\n';
    script("s-long-name", longname, sizeof longname);
    script("s-no-newline", "#!./interp  spaced  ", 20);
    script("s-tab", "#!\t./interp\targ\t\n", 17);
    script("s-empty", "#!\n", 3);
    script("s-nonutf8-arg", "#!./interp \xff\xfe\n", 15);
    return 0;
}

/* ---- exhaustion: threads, processes, memory, kernel buffers; kill latency ---- */

static void *blocked(void *a) {
    (void) a;
    for (;;) pause();
    return NULL;
}

/* Threads until the kernel says no: EAGAIN, never a hang or a dead JVM. */
static int threads(long n) {
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 65536);
    long made = 0;
    int e = 0;
    for (; made < n; made++) {
        pthread_t t;
        if ((e = pthread_create(&t, &at, blocked, NULL)) != 0) break;
    }
    printf("threads: %s after %s\n", e ? strerrorname_np(e) : "no refusal", made > 100 ? "more than 100" : "100 or fewer");
    fflush(stdout);
    _exit(0); /* the blocked threads go with the process */
}

/* Processes until the kernel says no (a fork bomb that stops at its first refusal). */
static int forks(long n) {
    pid_t *kids = calloc(n, sizeof *kids);
    long made = 0;
    int e = 0;
    for (; made < n; made++) {
        pid_t p = fork();
        if (p < 0) { e = errno; break; }
        if (p == 0) { for (;;) pause(); }
        kids[made] = p;
    }
    for (long i = 0; i < made; i++) kill(kids[i], SIGKILL);
    for (long i = 0; i < made; i++) waitpid(kids[i], NULL, 0);
    printf("forks: %s after %s\n", e ? strerrorname_np(e) : "no refusal", made > 50 ? "more than 50" : "50 or fewer");
    return 0;
}

/* Pipes: 1,000 of them, each written full, in each of several processes: the kernel's buffers stay bounded. */
static int pipes(long procs) {
    for (long k = 0; k < procs; k++) {
        pid_t p = fork();
        if (p == 0) {
            static char buf[65536];
            long full = 0;
            for (int i = 0; i < 500; i++) {
                int fd[2];
                if (pipe2(fd, O_NONBLOCK) != 0) break;
                long w = write(fd[1], buf, sizeof buf);
                if (w > 0) full += w;
            }
            _exit(full > 0 ? 0 : 1);
        }
    }
    int bad = 0, st;
    while (wait(&st) > 0) bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    printf("pipes: %ld processes, %d failed\n", procs, bad);
    return 0;
}

/* Touches memory until the emulated RAM runs out: the OOM killer ends it (SIGKILL), nothing else. */
static int memory(void) {
    size_t chunk = 16 << 20;
    for (long i = 0;; i++) {
        char *m = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) { printf("memory: mmap %s\n", strerrorname_np(errno)); return 0; }
        for (size_t o = 0; o < chunk; o += 4096) m[o] = 1;
    }
}

/* SIGKILL during mprotect and munmap of a huge, sparse range: how long until the child is gone. */
static int killlatency(void) {
    size_t huge = 1UL << 45; /* 32 TiB, nothing touched */
    char *m = mmap(NULL, huge, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) { printf("killlatency: mmap %s\n", strerrorname_np(errno)); return 1; }
    pid_t p = fork();
    if (p == 0) {
        for (;;) {
            mprotect(m, huge, PROT_READ | PROT_WRITE);
            m[0] = 1;
            mprotect(m, huge, PROT_NONE);
        }
    }
    usleep(300000);
    long t0 = now_ms();
    kill(p, SIGKILL);
    int st;
    waitpid(p, &st, 0);
    long dt = now_ms() - t0;
    printf("killlatency: killed by %s within %s\n", WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "nothing",
           dt < 1000 ? "a second" : "MORE than a second");
    return 0;
}

static volatile long ills;

static void on_ill(int s, siginfo_t *si, void *uc) {
    (void) s;
    (void) si;
    ((ucontext_t *) uc)->uc_mcontext.gregs[REG_RIP] += 2; /* past the ud2 */
    ills++;
}

/* A guest that handles its own invalid instructions: nothing may appear on the host's stderr. */
static int sigill(long n) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    for (long i = 0; i < n; i++) __asm__ volatile("ud2");
    printf("handled %ld SIGILLs\n", (long) ills);
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 5 && !strcmp(argv[1], "race")) {
        uint64_t ino = argc >= 6 ? strtoull(argv[5], NULL, 10) : 0;
        return race(argv[2], atol(argv[3]), argv[4], ino);
    }
    if (argc == 3 && !strcmp(argv[1], "dirfd")) return dirfd_attack(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "links")) return links();
    if (argc == 2 && !strcmp(argv[1], "names")) return names();
    if (argc == 2 && !strcmp(argv[1], "shebang")) return shebang();
    if (argc == 3 && !strcmp(argv[1], "sigill")) return sigill(atol(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "threads")) return threads(atol(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "forks")) return forks(atol(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "pipes")) return pipes(atol(argv[2]));
    if (argc == 2 && !strcmp(argv[1], "memory")) return memory();
    if (argc == 2 && !strcmp(argv[1], "killlatency")) return killlatency();
    fprintf(stderr, "usage: attack race OP MS HOSTDIR [HOST-INO] | dirfd HOSTDIR | links | names | shebang | sigill N | threads N | forks N | pipes N | memory | killlatency\n");
    return 2;
}
