/* Credentials (issue 15): the set*id calls with Linux's permission rules, saved-id swaps, the
 * capability sets as uid 0 comes and goes, setgroups, capget/capset, PR_CAPBSET_* and keepcaps,
 * and what the kernel enforces with them: access() against AT_EACCESS, opening a root-owned
 * file, the owner of a new file, chown/chmod, kill. Each scenario that drops root runs in a
 * child of its own. argv[1] is a scratch directory. Capability sets are printed as relations
 * (the host's own sets differ from machine to machine). As a non-root user the drop scenarios
 * are skipped. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <grp.h>
#include <limits.h>
#include <mqueue.h>
#include <sys/timerfd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "report.h"

static char dir[4096], secret[4200], pub[4200], mine[4200], open644[4200], closed[4200], inclosed[4300];

struct caps { unsigned long long eff, prm, inh; };

static long capget_of(pid_t pid, struct caps *c) {
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, pid};
    struct __user_cap_data_struct d[2];
    long r = syscall(SYS_capget, &h, d);
    if (r == 0) {
        c->eff = d[0].effective | (unsigned long long) d[1].effective << 32;
        c->prm = d[0].permitted | (unsigned long long) d[1].permitted << 32;
        c->inh = d[0].inheritable | (unsigned long long) d[1].inheritable << 32;
    }
    return r;
}

/* capset: CAP_SETUID alone, permitted and effective. */
static long capset_setuid(void) {
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct dt[2] = {{1u << CAP_SETUID, 1u << CAP_SETUID, 0}, {0, 0, 0}};
    return syscall(SYS_capset, &h, dt);
}

static void show_caps(const char *when) {
    struct caps c;
    long r = capget_of(0, &c);
    printf("%s: capget %s eff==prm %d eff==0 %d prm==0 %d setuid-eff %d\n", when, res(r), c.eff == c.prm, c.eff == 0,
           c.prm == 0, (int) ((c.eff >> CAP_SETUID) & 1));
}

static void show_ids(const char *when) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    printf("%s: uids %u %u %u gids %u %u %u fsuid %d\n", when, r, e, s, gr, ge, gs, setfsuid(-1));
}

static void status_lines(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[512];
    if (!f) { printf("no /proc/self/status\n"); return; }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) || !strncmp(line, "Groups:", 7)) printf("  %s", line);
    }
    fclose(f);
}

static void scenario(const char *name, void (*body)(void)) {
    printf("-- %s\n", name);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        body();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("   child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* Everything dropped to 1000/2000: no way back, nothing of root's. */
static void full_drop(void) {
    gid_t g[] = {3000, 2500};
    long r1 = setgroups(2, g);
    long r2 = setresgid(2000, 2000, 2000);
    long r3 = setresuid(1000, 1000, 1000);
    printf("setgroups %s setresgid %s setresuid %s\n", res(r1), res(r2), res(r3));
    show_ids("dropped");
    show_caps("dropped");
    status_lines();
    gid_t got[8];
    long n = getgroups(8, got);
    printf("getgroups %s [%u %u]\n", res(n), got[0], got[1]);
    long n1 = getgroups(1, got);
    printf("getgroups(1) %s\n", res(n1));
    long a = setuid(0);
    printf("setuid(0) %s\n", res(a));
    long b = setresuid(1000, 1001, -1);
    printf("setresuid(1000,1001,-1) %s\n", res(b));
    long c = setreuid(-1, 1000);
    printf("setreuid(-1,1000) %s\n", res(c));
    long d = setgroups(0, NULL);
    printf("setgroups(0) %s\n", res(d));
    long e = setgid(0);
    printf("setgid(0) %s\n", res(e));
    int old = setfsuid(0);
    int now = setfsuid(-1);
    printf("setfsuid(0) returned %d, fsuid now %d\n", old, now);
    long f = kill(getppid(), 0);
    printf("kill(root parent, 0) %s\n", res(f));
    long f2 = kill(getppid(), SIGCONT);
    printf("kill(root parent, SIGCONT) same session %s\n", res(f2));
    long f3 = kill(getpid(), 0);
    printf("kill(self, 0) %s\n", res(f3));
    long o = open(secret, O_RDONLY);
    printf("open root's 0600 file %s\n", res(o));
    long o2 = open(open644, O_WRONLY);
    printf("open root's 0644 file for writing %s\n", res(o2));
    long o3 = open(open644, O_RDONLY);
    printf("open root's 0644 file for reading %s\n", res(o3 >= 0 ? 0 : o3));
    long ac = access(open644, W_OK);
    printf("access(0644, W_OK) %s\n", res(ac));
    long w1 = open(inclosed, O_RDONLY);
    long w2 = access(inclosed, F_OK);
    long w3 = chdir(closed);
    printf("through root's 0700 dir: open %s access %s chdir %s\n", res(w1), res(w2), res(w3));
    long cr = open(mine, O_CREAT | O_WRONLY, 0640);
    struct stat st = {0};
    long sr = stat(mine, &st);
    printf("create in 0777 dir %s, stat %s owner %u:%u mode %o\n", res(cr >= 0 ? 0 : cr), res(sr), st.st_uid, st.st_gid,
           st.st_mode & 07777);
    long cr2 = open(secret, O_CREAT | O_EXCL | O_WRONLY, 0600);
    printf("O_EXCL over root's file %s\n", res(cr2));
    char inroot[4300];
    snprintf(inroot, sizeof inroot, "%s/not-mine", dir);
    long cr3 = open(inroot, O_CREAT | O_WRONLY, 0600);
    printf("create in root's 0755 dir %s\n", res(cr3));
    long u1 = unlink(secret);
    printf("unlink in root's dir %s\n", res(u1));
    long ch = chown(mine, 0, -1);
    printf("chown own file to root %s\n", res(ch));
    long ch2 = chown(mine, -1, 2500);
    printf("chgrp own file to a supplementary group %s\n", res(ch2));
    long ch3 = chown(mine, -1, 4000);
    printf("chgrp own file to a foreign group %s\n", res(ch3));
    long cm = chmod(open644, 0666);
    printf("chmod root's file %s\n", res(cm));
    long cm2 = chmod(mine, 0600);
    printf("chmod own file %s\n", res(cm2));
    long cs = capset_setuid();
    printf("capset raising CAP_SETUID %s\n", res(cs));
    long bd = prctl(PR_CAPBSET_DROP, CAP_NET_RAW, 0, 0, 0);
    printf("PR_CAPBSET_DROP without CAP_SETPCAP %s\n", res(bd));
}

/* ruid 1000, euid 0 back from the saved uid: access() sees 1000, AT_EACCESS sees root. */
static void saved_swap(void) {
    long r = setresuid(1000, 1000, 0);
    printf("setresuid(1000,1000,0) %s\n", res(r));
    show_ids("swapped out");
    show_caps("swapped out");
    long o = open(secret, O_RDONLY);
    printf("open root's 0600 file %s\n", res(o));
    long b = setresuid(-1, 0, -1);
    printf("seteuid back to the saved 0 %s\n", res(b));
    show_ids("back");
    show_caps("back");
    long o2 = open(secret, O_RDONLY);
    printf("open root's 0600 file %s\n", res(o2 >= 0 ? 0 : o2));
    long a1 = access(secret, R_OK);
    long a2 = faccessat(AT_FDCWD, secret, R_OK, AT_EACCESS);
    printf("access(R_OK) %s, AT_EACCESS %s\n", res(a1), res(a2));
    long c = setreuid(-1, 1000);
    printf("setreuid(-1,1000) %s\n", res(c));
    show_ids("setreuid");
    long d = setuid(0);
    printf("setuid(0) with saved 0 %s\n", res(d));
    show_ids("setuid");
    long e = setuid(1000);
    printf("setuid(1000) as euid 0 %s\n", res(e));
    show_ids("setuid all");
    show_caps("setuid all");
    long f = setuid(0);
    printf("setuid(0) %s\n", res(f));
}

/* PR_SET_KEEPCAPS keeps the permitted set across the drop; capset brings CAP_SETUID back. */
static void keepcaps(void) {
    long k = prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
    long g = prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0);
    long k2 = prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0);
    printf("PR_SET_KEEPCAPS %s get %s set 2 %s\n", res(k), res(g), res(k2));
    struct caps before;
    capget_of(0, &before);
    long r = setresuid(1000, 1000, 1000);
    struct caps after;
    capget_of(0, &after);
    printf("setresuid %s prm kept %d eff==0 %d\n", res(r), after.prm == before.prm, after.eff == 0);
    long cs = capset_setuid();
    printf("capset CAP_SETUID from the permitted set %s\n", res(cs));
    show_caps("after capset");
    long u = setuid(0);
    printf("setuid(0) with CAP_SETUID %s\n", res(u));
    show_ids("root again");
    show_caps("root again");
}

/* setfsuid moves the file-system capabilities; the other ids stay. */
static void fsuid(void) {
    int old = setfsuid(1000);
    printf("setfsuid(1000) returned %d\n", old);
    show_ids("fsuid 1000");
    struct caps c;
    capget_of(0, &c);
    printf("fs caps dropped: DAC_OVERRIDE %d SETUID %d\n", (int) ((c.eff >> CAP_DAC_OVERRIDE) & 1),
           (int) ((c.eff >> CAP_SETUID) & 1));
    long o = open(secret, O_RDONLY);
    printf("open root's 0600 file %s\n", res(o));
    long cr = open(mine, O_CREAT | O_WRONLY, 0600);
    struct stat st = {0};
    stat(mine, &st);
    printf("create %s owner %u\n", res(cr >= 0 ? 0 : cr), st.st_uid);
    unlink(mine);
    int back = setfsuid(0);
    printf("setfsuid(0) returned %d\n", back);
    long o2 = open(secret, O_RDONLY);
    printf("open root's 0600 file %s\n", res(o2 >= 0 ? 0 : o2));
    show_caps("fsuid 0");
}

static void groups_and_bset(void) {
    long e = setgroups(NGROUPS_MAX + 1, NULL);
    printf("setgroups(NGROUPS_MAX+1) %s\n", res(e));
    gid_t g[] = {30, 10, 20};
    long s = setgroups(3, g);
    gid_t got[3];
    long n = getgroups(3, got);
    printf("setgroups %s getgroups %s [%u %u %u]\n", res(s), res(n), got[0], got[1], got[2]);
    status_lines();
    long r = setresgid(2000, 2001, 2002);
    printf("setresgid %s\n", res(r));
    show_ids("gids");
    long rg = setregid(2002, -1);
    printf("setregid(2002,-1) %s\n", res(rg));
    show_ids("setregid");
    long d = prctl(PR_CAPBSET_DROP, CAP_NET_RAW, 0, 0, 0);
    long rd = prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0);
    long bad = prctl(PR_CAPBSET_READ, 999, 0, 0, 0);
    printf("PR_CAPBSET_DROP %s READ %s READ(999) %s\n", res(d), res(rd), res(bad));
}

/* Keeps the process's capabilities but those in `drop` (effective and permitted). */
static long drop_caps(unsigned long long drop) {
    struct caps c;
    capget_of(0, &c);
    c.eff &= ~drop;
    c.prm &= ~drop;
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2] = {{(unsigned) c.eff, (unsigned) c.prm, (unsigned) c.inh},
                                          {(unsigned) (c.eff >> 32), (unsigned) (c.prm >> 32), (unsigned) (c.inh >> 32)}};
    return syscall(SYS_capset, &h, d);
}

/* System V objects of another user and POSIX queue limits decided by capabilities, not by uid 0. */
static void ipc_caps(void) {
    /* uid 1000 creates three 0600 objects: root is neither their owner nor their creator */
    int ids[3] = {-1, -1, -1}, p[2];
    if (pipe(p)) return;
    if (fork() == 0) {
        if (setresgid(2000, 2000, 2000) || setresuid(1000, 1000, 1000)) _exit(1);
        ids[0] = shmget(IPC_PRIVATE, 4096, 0600);
        ids[1] = semget(IPC_PRIVATE, 1, 0600);
        ids[2] = msgget(IPC_PRIVATE, 0600);
        if (write(p[1], ids, sizeof ids) != sizeof ids) _exit(2);
        _exit(0);
    }
    if (read(p[0], ids, sizeof ids) != sizeof ids) return;
    wait(NULL);
    int shm = ids[0], sem = ids[1], msg = ids[2];
    struct shmid_ds sd;
    void *at = shmat(shm, NULL, 0);
    printf("   uid 0 with CAP_IPC_OWNER: shmat %s\n", at == (void *) -1 ? res(-1) : "0");
    if (at != (void *) -1) shmdt(at);
    long d1 = drop_caps(1ULL << CAP_IPC_OWNER);
    printf("   drop CAP_IPC_OWNER %s\n", res(d1));
    at = shmat(shm, NULL, 0);
    printf("   shmat of uid 1000's 0600 segment %s\n", at == (void *) -1 ? res(-1) : "0");
    long sv = semctl(sem, 0, GETVAL);
    printf("   semctl GETVAL %s\n", res(sv));
    char buf[16];
    long mr = msgrcv(msg, buf, 8, 0, IPC_NOWAIT);
    printf("   msgrcv %s\n", res(mr));
    long st = shmctl(shm, IPC_STAT, &sd);
    printf("   IPC_STAT %s\n", res(st));
    long rm = shmctl(shm, IPC_RMID, NULL);
    printf("   IPC_RMID with CAP_SYS_ADMIN %s\n", res(rm));
    long d2 = drop_caps(1ULL << CAP_SYS_ADMIN);
    printf("   drop CAP_SYS_ADMIN %s\n", res(d2));
    long rs = semctl(sem, 0, IPC_RMID);
    printf("   semctl IPC_RMID without it %s\n", res(rs));
    long rq = msgctl(msg, IPC_RMID, NULL);
    printf("   msgctl IPC_RMID without it %s\n", res(rq));
    if (fork() == 0) { /* their owner removes them */
        if (setresuid(1000, 1000, 1000)) _exit(1);
        semctl(sem, 0, IPC_RMID);
        msgctl(msg, IPC_RMID, NULL);
        _exit(0);
    }
    wait(NULL);
    struct mq_attr a = {.mq_maxmsg = 11, .mq_msgsize = 64};
    mqd_t q = mq_open("/helctic-creds-mq", O_CREAT | O_RDWR, 0600, &a);
    printf("   mq_open maxmsg 11 as the host has it %s\n", q == (mqd_t) -1 ? res(-1) : "0");
    if (q != (mqd_t) -1) mq_close(q);
    mq_unlink("/helctic-creds-mq");
    int tf = timerfd_create(CLOCK_REALTIME_ALARM, 0);
    printf("   timerfd_create REALTIME_ALARM with CAP_WAKE_ALARM %s\n", tf < 0 ? res(tf) : "0");
    if (tf >= 0) close(tf);
    long d4 = drop_caps(1ULL << CAP_WAKE_ALARM);
    printf("   drop CAP_WAKE_ALARM %s\n", res(d4));
    tf = timerfd_create(CLOCK_BOOTTIME_ALARM, 0);
    printf("   timerfd_create BOOTTIME_ALARM without it %s\n", tf < 0 ? res(tf) : "0");
    long d3 = drop_caps(1ULL << CAP_SYS_RESOURCE);
    printf("   drop CAP_SYS_RESOURCE %s\n", res(d3));
    q = mq_open("/helctic-creds-mq", O_CREAT | O_RDWR, 0600, &a);
    printf("   mq_open maxmsg 11 without CAP_SYS_RESOURCE %s\n", q == (mqd_t) -1 ? res(-1) : "0");
    if (q != (mqd_t) -1) mq_close(q);
    mq_unlink("/helctic-creds-mq");
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    snprintf(dir, sizeof dir, "%s", argv[1]);
    snprintf(secret, sizeof secret, "%s/secret", dir);
    snprintf(open644, sizeof open644, "%s/open644", dir);
    snprintf(pub, sizeof pub, "%s/pub", dir);
    snprintf(mine, sizeof mine, "%s/pub/mine", dir);
    snprintf(closed, sizeof closed, "%s/closed", dir);
    snprintf(inclosed, sizeof inclosed, "%s/closed/f", dir);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    /* what any user sees */
    struct __user_cap_header_struct h = {0, 0};
    long p = syscall(SYS_capget, &h, NULL);
    printf("capget version probe %s version %#x\n", res(p), h.version);
    struct __user_cap_data_struct d[2];
    h.version = 0x12345678;
    long p2 = syscall(SYS_capget, &h, d);
    printf("capget bad version %s version %#x\n", res(p2), h.version);
    struct caps c;
    h.version = _LINUX_CAPABILITY_VERSION_3;
    h.pid = -5;
    long p3 = syscall(SYS_capget, &h, d);
    printf("capget pid -5 %s\n", res(p3));
    long p4 = capget_of(getpid(), &c);
    printf("capget own pid %s\n", res(p4));
    struct __user_cap_header_struct hs = {_LINUX_CAPABILITY_VERSION_3, getppid()};
    long p5 = syscall(SYS_capset, &hs, d);
    printf("capset another pid %s\n", res(p5));
    long u = setuid(-1);
    printf("setuid(-1) %s\n", res(u));
    long g = setgid(-1);
    printf("setgid(-1) %s\n", res(g));
    long n0 = syscall(SYS_getgroups, -1, NULL);
    printf("getgroups(-1) %s\n", res(n0));
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("getresuid consistent %d\n", r == getuid() && e == geteuid());
    long ok = setresuid(-1, -1, -1);
    printf("setresuid(-1,-1,-1) %s\n", res(ok));
    long same = setreuid(getuid(), geteuid());
    printf("setreuid(own, own) %s\n", res(same));
    long rd = prctl(PR_CAPBSET_READ, 999, 0, 0, 0);
    printf("PR_CAPBSET_READ(999) %s\n", res(rd));

    capget_of(0, &c);
    if (geteuid() != 0 || !((c.eff >> CAP_SETUID) & 1) || !((c.eff >> CAP_SETGID) & 1)
            || !((c.eff >> CAP_DAC_OVERRIDE) & 1) || !((c.eff >> CAP_CHOWN) & 1)) {
        printf("not root: skipped\n");
        return 0;
    }
    /* root: a 0600 and a 0644 file of root's, and a world-writable directory */
    umask(0);
    int fd = open(secret, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd >= 0) close(fd);
    fd = open(open644, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd >= 0) close(fd);
    chmod(dir, 0755);
    mkdir(pub, 0777);
    mkdir(closed, 0700);
    fd = open(inclosed, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd >= 0) close(fd);
    /* the scratch directory's parent (a test's private temporary directory) must be searchable
     * for the dropped children to reach the scratch directory at all */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        struct stat ps;
        if (stat(parent, &ps) == 0 && ps.st_uid == 0) chmod(parent, (ps.st_mode & 07777) | 0111);
    }
    show_ids("start");
    show_caps("start");

    scenario("full drop", full_drop);
    scenario("saved uid swap", saved_swap);
    scenario("keepcaps", keepcaps);
    scenario("fsuid", fsuid);
    scenario("groups and bounding set", groups_and_bset);
    scenario("ipc capabilities", ipc_caps);
    /* what the scenario left: root removes it */

    unlink(mine);
    rmdir(pub);
    unlink(inclosed);
    rmdir(closed);
    unlink(secret);
    unlink(open644);
    printf("done\n");
    return 0;
}
