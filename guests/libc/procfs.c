/* /proc as programs read it: a process's cmdline (and a title written over its arguments),
 * environ, auxv, limits, task/ and its threads' names, mountinfo and cgroup, and /proc/sys's
 * files checked against the calls that enforce what they say. Everything printed is what the
 * same binary prints natively (NativeDifferentialTest); values that differ between machines are
 * only compared with the calls, never printed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "report.h"

/* A whole file into buf (NUL added); its length, or -1. */
static long slurp(const char *path, char *buf, long cap) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    long n = 0, r;
    while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

/* A one-line file without its newline. */
static const char *line(const char *path) {
    static char b[4][256];
    static int k;
    k = (k + 1) % 4;
    long n = slurp(path, b[k], sizeof b[k]);
    if (n < 0) return strerrorname_np(errno);
    if (n > 0 && b[k][n - 1] == '\n') b[k][n - 1] = 0;
    return b[k];
}

static long number(const char *path) {
    const char *s = line(path);
    char *end;
    long v = strtol(s, &end, 10);
    return end != s && *end == 0 ? v : -1;
}

static pthread_barrier_t ready, done;
static pid_t tids[2];

static void *worker(void *arg) {
    int i = (int) (long) arg;
    tids[i] = gettid();
    if (i == 1) prctl(PR_SET_NAME, "worker-two");
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&done);
    return NULL;
}

static int cmp(const void *a, const void *b) {
    return *(const int *) a - *(const int *) b;
}

static void threads(void) {
    pthread_t t[2];
    pthread_barrier_init(&ready, NULL, 3);
    pthread_barrier_init(&done, NULL, 3);
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *) i);
    pthread_barrier_wait(&ready);
    int seen[8], n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.' && n < 8) seen[n++] = atoi(e->d_name);
    }
    if (d) closedir(d);
    int want[3] = {getpid(), tids[0], tids[1]};
    qsort(seen, n, sizeof seen[0], cmp);
    qsort(want, 3, sizeof want[0], cmp);
    printf("task: %d entries, the threads' ids: %d\n", n, n == 3 && memcmp(seen, want, sizeof want) == 0);

    char path[96], name[32] = "";
    printf("pthread_setname_np(other): %d\n", pthread_setname_np(t[0], "worker-one"));
    printf("pthread_getname_np(other): %d %s\n", pthread_getname_np(t[0], name, sizeof name), name);
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", tids[1]);
    printf("its own PR_SET_NAME: %s\n", line(path));
    printf("the process's comm: %s\n", line("/proc/self/comm"));
    int fd = open(path, O_WRONLY);
    printf("write another's comm: %s\n", res(fd < 0 ? -1 : write(fd, "renamed\n", 8)));
    if (fd >= 0) close(fd);
    char b[2048];
    printf("after the write: [%s]\n", line(path));

    snprintf(path, sizeof path, "/proc/self/task/%d/status", tids[0]);
    slurp(path, b, sizeof b);
    char *pid = strstr(b, "\nPid:\t"), *tgid = strstr(b, "\nTgid:\t"), *nm = strstr(b, "Name:\t");
    printf("its status: Name %.10s, Pid is its tid %d, Tgid the pid %d\n", nm ? nm + 6 : "?",
           pid && atoi(pid + 6) == tids[0], tgid && atoi(tgid + 7) == getpid());
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tids[0]);
    slurp(path, b, sizeof b);
    printf("its stat starts with its tid: %d\n", atoi(b) == tids[0]);
    struct stat st;
    snprintf(path, sizeof path, "/proc/%d", tids[0]);
    int listed = 0;
    d = opendir("/proc");
    while (d && (e = readdir(d)) != NULL) listed |= atoi(e->d_name) == tids[0];
    if (d) closedir(d);
    printf("/proc/TID: stat %s, listed in /proc %d\n", res(stat(path, &st)), listed);
    snprintf(path, sizeof path, "/proc/self/task/%d/task", tids[0]);
    printf("no task/ in a thread's directory: %s\n", res(stat(path, &st)));

    pthread_barrier_wait(&done);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
}

int main(int argc, char **argv, char **envp) {
    static char b[1 << 16], want[1 << 16];
    long n, w = 0;

    /* cmdline and environ: the strings exec laid out, contiguous, the environment after the arguments */
    for (int i = 0; i < argc; i++) w += strlen(strcpy(want + w, argv[i])) + 1;
    n = slurp("/proc/self/cmdline", b, sizeof b);
    printf("cmdline: %ld bytes, the arguments: %d\n", n == w ? n - (long) strlen(argv[0]) : -1, n == w && memcmp(b, want, n) == 0);
    int contiguous = 1;
    for (int i = 1; i < argc; i++) contiguous &= argv[i] == argv[i - 1] + strlen(argv[i - 1]) + 1;
    char *area_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    printf("arguments contiguous: %d, the environment right after them: %d\n", contiguous, envp[0] == area_end);
    w = 0;
    for (char **e = envp; *e; e++) w += strlen(strcpy(want + w, *e)) + 1;
    setenv("PROCFS_LATER", "not in environ", 1);
    n = slurp("/proc/self/environ", b, sizeof b);
    printf("environ: %ld bytes, the initial environment: %d\n", n, n == w && memcmp(b, want, n) == 0);

    /* auxv: the pairs glibc was given */
    n = slurp("/proc/self/auxv", b, sizeof b);
    unsigned long *a = (unsigned long *) b;
    long pairs = n / 16, bad = 0;
    /* (glibc keeps its own AT_HWCAP and AT_HWCAP2 on x86, the platform's bits) */
    for (long i = 0; i + 1 < pairs; i++) {
        if (a[2 * i] == AT_HWCAP || a[2 * i] == AT_HWCAP2) continue;
        if (a[2 * i] == AT_NULL || getauxval(a[2 * i]) != a[2 * i + 1]) {
            printf("auxv: type %lu is %#lx, getauxval %#lx\n", a[2 * i], a[2 * i + 1], getauxval(a[2 * i]));
            bad++;
        }
    }
    printf("auxv: whole pairs %d, ends with AT_NULL %d, each as getauxval gives it %d, has AT_PAGESZ %d\n", n % 16 == 0,
           pairs > 0 && a[2 * (pairs - 1)] == AT_NULL, bad == 0, getauxval(AT_PAGESZ) == 4096);

    /* limits */
    struct rlimit nofile = {100, 200}, cpu = {3600, RLIM_INFINITY};
    setrlimit(RLIMIT_NOFILE, &nofile);
    setrlimit(RLIMIT_CPU, &cpu);
    slurp("/proc/self/limits", b, sizeof b);
    char *l = b, *nl;
    int agree = 0, lines = 0;
    printf("limits header: %.*s|\n", (int) (strchr(b, '\n') - b), b);
    l = strchr(b, '\n') + 1;
    for (int r = 0; r < RLIM_NLIMITS && (nl = strchr(l, '\n')) != NULL; r++, l = nl + 1) {
        struct rlimit x;
        getrlimit(r, &x);
        char soft[32], hard[32], text[128];
        snprintf(soft, sizeof soft, x.rlim_cur == RLIM_INFINITY ? "unlimited" : "%lu", (unsigned long) x.rlim_cur);
        snprintf(hard, sizeof hard, x.rlim_max == RLIM_INFINITY ? "unlimited" : "%lu", (unsigned long) x.rlim_max);
        snprintf(text, sizeof text, "%-20s %-20s ", soft, hard);
        agree += strncmp(l + 26, text, strlen(text)) == 0;
        lines++;
        if (r == RLIMIT_NOFILE || r == RLIMIT_CPU || r == RLIMIT_NICE) printf("  %.*s|\n", (int) (nl - l), l);
    }
    printf("limits: %d lines, as getrlimit gives them %d\n", lines, agree);

    /* the title a daemon writes over its arguments (setproctitle), running on into the environment */
    const char *title = "procfs: a title longer than the arguments it is written over";
    memset(argv[0], 'x', area_end - argv[0]); /* no NUL left at the arguments' end */
    strcpy(argv[0], title);
    n = slurp("/proc/self/cmdline", b, sizeof b);
    printf("cmdline after the title: %ld [%s]\n", n, b);
    strcpy(argv[0], "short");
    n = slurp("/proc/self/cmdline", b, sizeof b);
    printf("a short title: %ld [%s]\n", n, b);

    threads();

    /* fdinfo: position and flags (mnt_id and ino are the machine's) */
    int pf[2], ff = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
    char buf3[3];
    if (pipe(pf) == 0 && ff >= 0 && read(ff, buf3, 3) == 3) {
        fcntl(pf[0], F_SETFL, O_NONBLOCK);
        int fds[3] = {ff, pf[0], pf[1]};
        for (int i = 0; i < 3; i++) {
            char path[64];
            snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fds[i]);
            slurp(path, b, sizeof b);
            char *mnt = strstr(b, "mnt_id:"), *ino = strstr(b, "\nino:");
            if (mnt) *mnt = 0;
            printf("fdinfo %d: %s mnt_id and ino %d", i, b, mnt != NULL && ino != NULL);
            printf("\n");
        }
        snprintf(b, 64, "/proc/self/fdinfo/%d", pf[1] + 1);
        printf("fdinfo of a closed descriptor: %s\n", line(b));
    }

    /* the file behind a descriptor's link: a pipe opened again through it (/dev/stdin, bash's <(...)) */
    int q[2];
    if (pipe(q) == 0 && write(q[1], "abc", 3) == 3) {
        char path[64], got[8] = "";
        struct stat a, l;
        snprintf(path, sizeof path, "/proc/self/fd/%d", q[0]);
        int again = open(path, O_RDONLY);
        fstat(q[0], &a);
        int st_ok = stat(path, &l) == 0 && S_ISFIFO(l.st_mode) && l.st_ino == a.st_ino;
        printf("pipe through its link: stat is the pipe %d, open %s, read %s", st_ok, res(again),
               res(again >= 0 ? read(again, got, sizeof got - 1) : -1));
        printf(" [%s]\n", got);
        snprintf(path, sizeof path, "/proc/self/fd/%d", q[1]);
        int w2 = open(path, O_WRONLY);
        printf("its write end again: %s, writes %s\n", res(w2), res(w2 >= 0 ? write(w2, "de", 2) : -1));
        close(q[1]);
        if (w2 >= 0) close(w2);
        long r1 = again >= 0 ? read(again, got, sizeof got - 1) : -1;
        const char *t1 = res(r1);
        printf("then the rest, and the end: %s %s\n", t1, res(again >= 0 ? read(again, got, sizeof got - 1) : -1));
        if (again >= 0) close(again);
        close(q[0]);
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        snprintf(path, sizeof path, "/proc/self/fd/%d", sv[0]);
        printf("a socket through its link: stat a socket %d, open %s\n", stat(path, &l) == 0 && S_ISSOCK(l.st_mode),
               res(open(path, O_RDWR)));
        int ev = eventfd(0, 0);
        snprintf(path, sizeof path, "/proc/self/fd/%d", ev);
        int evo = open(path, O_RDWR);
        printf("an eventfd through its link: stat %s, open %s\n", res(stat(path, &l)), res(evo));
    }

    /* mountinfo and cgroup */
    n = slurp("/proc/self/mountinfo", b, sizeof b);
    int root = 0, proc = 0, formed = 1;
    for (l = b; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
        *nl = 0;
        char point[256], type[64];
        int id, parent;
        char *sep = strstr(l, " - ");
        formed &= sep != NULL && sscanf(l, "%d %d %*s %*s %255s", &id, &parent, point) == 3;
        if (sep == NULL || sscanf(sep + 3, "%63s", type) != 1) continue;
        root |= strcmp(point, "/") == 0;
        proc |= strcmp(point, "/proc") == 0 && strcmp(type, "proc") == 0;
    }
    printf("mountinfo: well formed %d, a root %d, proc at /proc %d\n", formed, root, proc);
    n = slurp("/proc/self/cgroup", b, sizeof b);
    printf("cgroup: a v2 line %d\n", strstr(b, "0::/") == b || strstr(b, "\n0::/") != NULL);

    /* /proc/sys: what the calls enforce */
    struct utsname u;
    uname(&u);
    printf("ostype %d osrelease %d version %d hostname %d\n", strcmp(line("/proc/sys/kernel/ostype"), u.sysname) == 0,
           strcmp(line("/proc/sys/kernel/osrelease"), u.release) == 0, strcmp(line("/proc/sys/kernel/version"), u.version) == 0,
           strcmp(line("/proc/sys/kernel/hostname"), u.nodename) == 0);
    char uuid1[64], uuid2[64], boot1[64], boot2[64];
    strcpy(uuid1, line("/proc/sys/kernel/random/uuid"));
    strcpy(uuid2, line("/proc/sys/kernel/random/uuid"));
    strcpy(boot1, line("/proc/sys/kernel/random/boot_id"));
    strcpy(boot2, line("/proc/sys/kernel/random/boot_id"));
    printf("uuid: %zu chars, version %c, variant %d, new at each read %d; boot_id the same at each read %d\n", strlen(uuid1),
           uuid1[14], strchr("89ab", uuid1[19]) != NULL, strcmp(uuid1, uuid2) != 0, strlen(boot1) == 36 && strcmp(boot1, boot2) == 0);
    long ngroups = number("/proc/sys/kernel/ngroups_max");
    printf("ngroups_max: sysconf agrees %d", ngroups == sysconf(_SC_NGROUPS_MAX));
    if (geteuid() == 0) {
        gid_t *g = calloc(ngroups + 1, sizeof *g);
        printf(", setgroups of one more %s", res(setgroups(ngroups + 1, g)));
        free(g);
    }
    printf("\n");
    long last = number("/proc/sys/kernel/cap_last_cap");
    printf("cap_last_cap: in the bounding set's range %d, one past it %s\n", prctl(PR_CAPBSET_READ, last) >= 0,
           res(prctl(PR_CAPBSET_READ, last + 1)));
    long pipemax = number("/proc/sys/fs/pipe-max-size");
    int p[2];
    pipe(p);
    printf("pipe-max-size: F_SETPIPE_SZ to it %d\n", fcntl(p[1], F_SETPIPE_SZ, (int) pipemax) >= pipemax);
    long nropen = number("/proc/sys/fs/nr_open");
    struct rlimit over = {nropen + 1, nropen + 1};
    printf("nr_open: a limit past it %s\n", res(setrlimit(RLIMIT_NOFILE, &over))); /* even with CAP_SYS_RESOURCE */
    printf("pid_max above our pid %d; somaxconn %d; randomize_va_space %d; mmap_min_addr %d\n",
           number("/proc/sys/kernel/pid_max") > getpid(), number("/proc/sys/net/core/somaxconn") > 0,
           number("/proc/sys/kernel/randomize_va_space") >= 0, number("/proc/sys/vm/mmap_min_addr") >= 0);
    printf("no such sysctl: %s\n", line("/proc/sys/kernel/no_such_thing"));
    return 0;
}
