/*
 * Inter-process communication (issue 15), natively and under Helctic (compared byte for byte):
 * System V shared memory (attaches sharing frames, fork, IPC_RMID with attaches, SHM_RND and
 * SHM_REMAP, /proc/self/maps), semaphores (all-or-nothing semop, waits for zero, GETNCNT and
 * GETZCNT, timeouts, EINTR, EIDRM, SEM_UNDO at a child's exit), message queues (type selection,
 * E2BIG and MSG_NOERROR, a full queue, EIDRM), memfd (read/write, mmap shared and private, seals)
 * and the /proc/sys/kernel limits. Every object made is removed; only deterministic facts print.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#include "report.h"

/* A child's exit status, or 100 + the signal that ended it. */
static int reap(pid_t c) {
    int st;
    if (waitpid(c, &st, 0) != c) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void sysctls(void) {
    const char *names[] = {"shmmax", "shmall", "shmmni", "sem", "msgmax", "msgmnb", "msgmni"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        char path[64], buf[128] = "";
        snprintf(path, sizeof path, "/proc/sys/kernel/%s", names[i]);
        FILE *f = fopen(path, "r");
        if (f == NULL || fgets(buf, sizeof buf, f) == NULL) strcpy(buf, "unreadable\n");
        if (f) fclose(f);
        printf("%s: %s", names[i], buf);
    }
}

static int maps_have_sysv(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof line, f)) found |= strstr(line, "/SYSV") != NULL;
    if (f) fclose(f);
    return found;
}

static void shm_stat(const char *what, int id) {
    struct shmid_ds ds;
    int r = shmctl(id, IPC_STAT, &ds);
    if (r != 0) {
        printf("%s: IPC_STAT %s\n", what, res(r));
        return;
    }
    printf("%s: size %zu nattch %lu mode %o dest %d key0 %d cpid self %d lpid self %d atime %d\n", what,
           ds.shm_segsz, (unsigned long) ds.shm_nattch, ds.shm_perm.mode & 0777, (ds.shm_perm.mode & SHM_DEST) != 0,
           ds.shm_perm.__key == 0, ds.shm_cpid == getpid(), ds.shm_lpid == getpid(), ds.shm_atime != 0);
}

static void shm(key_t key) {
    printf("shmget size 0: %s\n", res(shmget(IPC_PRIVATE, 0, 0600)));
    printf("shmget absent key: %s\n", res(shmget(key, 4096, 0600)));
    int id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);
    printf("shmget create: %s\n", id >= 0 ? "ok" : res(id));
    printf("shmget excl again: %s\n", res(shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600)));
    printf("shmget bigger: %s\n", res(shmget(key, 20000, 0600)));
    printf("shmget same id: %d\n", shmget(key, 100, 0600) == id);
    char *a = shmat(id, NULL, 0), *b = shmat(id, NULL, 0);
    printf("two attaches differ: %d\n", a != (void *) -1 && b != (void *) -1 && a != b);
    strcpy(a, "shared frames");
    printf("second attach reads: %s\n", b);
    printf("maps show SYSV: %d\n", maps_have_sysv());
    shm_stat("after two attaches", id);
    pid_t c = fork();
    if (c == 0) {
        struct shmid_ds ds;
        shmctl(id, IPC_STAT, &ds);
        strcpy(b + 5000, "from the child");
        _exit((int) ds.shm_nattch);
    }
    printf("child saw nattch %d\n", reap(c));
    printf("parent reads child's write: %s\n", a + 5000);
    shm_stat("after the child's exit", id);
    printf("shmdt wrong address: %s\n", res(shmdt(a + 4096)));
    printf("shmdt second: %s\n", res(shmdt(b)));
    char *area = mmap(NULL, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(area, 4 * 4096);
    printf("shmat unaligned: %s\n", (long) shmat(id, area + 1, 0) == -1 ? strerrorname_np(errno) : "ok");
    char *r = shmat(id, area + 1, SHM_RND);
    printf("SHM_RND rounds down: %d\n", r == area);
    printf("shmat over it: %s\n", (long) shmat(id, area, 0) == -1 ? strerrorname_np(errno) : "ok");
    printf("SHM_REMAP over it: %d\n", shmat(id, area, SHM_REMAP) == area);
    printf("SHM_REMAP without address: %s\n", (long) shmat(id, NULL, SHM_REMAP) == -1 ? strerrorname_np(errno) : "ok");
    printf("remapped reads: %s\n", area);
    printf("IPC_RMID while attached: %s\n", res(shmctl(id, IPC_RMID, NULL)));
    shm_stat("removed, attached", id);
    printf("shmget after rmid: %s\n", res(shmget(key, 100, 0600)));
    char *late = shmat(id, NULL, SHM_RDONLY);
    printf("attach by id after rmid: %s\n", late != (void *) -1 ? late : strerrorname_np(errno));
    shmdt(late);
    shmdt(a);
    shmdt(area);
    shm_stat("after the last detach", id);
    printf("shmctl bad cmd: %s\n", res(shmctl(0, 999, NULL)));
}

static int sem_get(int id, int n, int cmd) { return semctl(id, n, cmd); }

static void wait_count(int id, int n, int cmd) {
    for (int i = 0; i < 5000 && sem_get(id, n, cmd) < 1; i++) usleep(1000);
}

static void on_usr1(int s) { (void) s; }

static void sem(void) {
    printf("semget 0 sems: %s\n", res(semget(IPC_PRIVATE, 0, 0600)));
    printf("semget too many: %s\n", res(semget(IPC_PRIVATE, 32001, 0600)));
    int id = semget(IPC_PRIVATE, 3, 0600);
    unsigned short init[3] = {1, 0, 5}, got[3];
    printf("SETALL: %s\n", res(semctl(id, 0, SETALL, init)));
    semctl(id, 0, GETALL, got);
    printf("GETALL: %d %d %d\n", got[0], got[1], got[2]);
    printf("SETVAL 40000: %s\n", res(semctl(id, 1, SETVAL, 40000)));
    printf("GETVAL bad semnum: %s\n", res(semctl(id, 3, GETVAL)));
    struct sembuf two[2] = {{0, -1, 0}, {1, -1, IPC_NOWAIT}};
    printf("atomic pair: %s\n", res(semop(id, two, 2)));
    printf("sem0 untouched: %d\n", sem_get(id, 0, GETVAL));
    struct sembuf big[501];
    memset(big, 0, sizeof big);
    printf("501 ops: %s\n", res(semop(id, big, 501)));
    struct sembuf far = {3, 1, 0};
    printf("semnum 3: %s\n", res(semop(id, &far, 1)));
    struct sembuf over = {2, 32767, 0};
    printf("past SEMVMX: %s\n", res(semop(id, &over, 1)));
    struct sembuf dec = {1, -1, 0};
    struct timespec ts = {0, 50000000};
    printf("semtimedop times out: %s\n", res(semtimedop(id, &dec, 1, &ts)));
    pid_t c = fork();
    if (c == 0) {
        struct sembuf z = {2, 0, 0};
        _exit(semop(id, &z, 1) == 0 ? 0 : 1);
    }
    wait_count(id, 2, GETZCNT);
    printf("GETZCNT: %d\n", sem_get(id, 2, GETZCNT));
    struct sembuf down = {2, -5, 0};
    semop(id, &down, 1);
    printf("waiter for zero: %d\n", reap(c));
    c = fork();
    if (c == 0) {
        struct sigaction sa = {.sa_handler = on_usr1, .sa_flags = SA_RESTART};
        sigaction(SIGUSR1, &sa, NULL);
        int r = semop(id, &dec, 1);
        _exit(r == -1 && errno == EINTR ? 4 : 5);
    }
    wait_count(id, 1, GETNCNT);
    printf("GETNCNT: %d\n", sem_get(id, 1, GETNCNT));
    kill(c, SIGUSR1);
    printf("signal ends semop with EINTR: %d\n", reap(c) == 4);
    c = fork();
    if (c == 0) {
        struct sembuf up = {0, 3, SEM_UNDO};
        semop(id, &up, 1);
        _exit(0);
    }
    reap(c);
    printf("after SEM_UNDO child: %d, pid is child %d\n", sem_get(id, 0, GETVAL), sem_get(id, 0, GETPID) == c);
    struct semid_ds ds;
    semctl(id, 0, IPC_STAT, &ds);
    printf("IPC_STAT: nsems %lu mode %o otime %d\n", (unsigned long) ds.sem_nsems, ds.sem_perm.mode & 0777,
           ds.sem_otime != 0);
    c = fork();
    if (c == 0) {
        int r = semop(id, &dec, 1);
        _exit(r == -1 && errno == EIDRM ? 6 : 7);
    }
    wait_count(id, 1, GETNCNT);
    printf("IPC_RMID: %s\n", res(semctl(id, 0, IPC_RMID)));
    printf("waiter gets EIDRM: %d\n", reap(c) == 6);
    printf("GETVAL after rmid: %s\n", res(semctl(id, 0, GETVAL)));
}

struct msg { long type; char text[64]; };

static void msg_send(int id, long type, const char *text) {
    struct msg m = {.type = type};
    strcpy(m.text, text);
    if (msgsnd(id, &m, strlen(text) + 1, IPC_NOWAIT) != 0) printf("msgsnd %ld: %s\n", type, strerrorname_np(errno));
}

static void msg_recv(const char *what, int id, size_t size, long type, int flags) {
    struct msg m;
    memset(&m, 0, sizeof m);
    ssize_t r = msgrcv(id, &m, size, type, flags | IPC_NOWAIT);
    if (r < 0) printf("%s: %s\n", what, strerrorname_np(errno));
    else printf("%s: %zd type %ld '%.*s'\n", what, r, m.type, (int) r, m.text);
}

static void msgq(void) {
    int id = msgget(IPC_PRIVATE, 0600);
    struct msg m = {.type = 0};
    printf("mtype 0: %s\n", res(msgsnd(id, &m, 1, 0)));
    printf("size 8193: %s\n", res(msgsnd(id, &m, 8193, 0)));
    msg_send(id, 3, "three");
    msg_send(id, 1, "one");
    msg_send(id, 2, "two");
    msg_send(id, 5, "five");
    struct msqid_ds ds;
    msgctl(id, IPC_STAT, &ds);
    printf("IPC_STAT: qnum %lu cbytes %lu qbytes %lu lspid self %d\n", (unsigned long) ds.msg_qnum,
           (unsigned long) ds.__msg_cbytes, (unsigned long) ds.msg_qbytes, ds.msg_lspid == getpid());
    msg_recv("type 2", id, 64, 2, 0);
    msg_recv("type -4", id, 64, -4, 0);
    msg_recv("except 3", id, 64, 3, MSG_EXCEPT);
    msg_recv("small buffer", id, 2, 0, 0);
    msg_recv("MSG_NOERROR", id, 2, 0, MSG_NOERROR);
    msg_recv("empty", id, 64, 0, 0);
    ds.msg_qbytes = 100;
    printf("IPC_SET qbytes: %s\n", res(msgctl(id, IPC_SET, &ds)));
    struct { long type; char text[60]; } big = {1, ""};
    printf("first 60: %s\n", res(msgsnd(id, &big, 60, IPC_NOWAIT)));
    printf("second 60: %s\n", res(msgsnd(id, &big, 60, IPC_NOWAIT)));
    pid_t c = fork();
    if (c == 0) _exit(msgsnd(id, &big, 60, 0) == 0 ? 0 : 1);
    usleep(50000);
    msg_recv("make room", id, 64, 0, MSG_NOERROR);
    printf("blocked sender: %d\n", reap(c));
    msgctl(id, IPC_STAT, &ds);
    printf("qnum %lu lrpid self %d\n", (unsigned long) ds.msg_qnum, ds.msg_lrpid == getpid());
    msg_recv("drain", id, 64, 0, MSG_NOERROR);
    c = fork();
    if (c == 0) {
        struct msg in;
        int r = msgrcv(id, &in, sizeof in.text, 0, 0);
        _exit(r == -1 && errno == EIDRM ? 6 : 7);
    }
    usleep(50000);
    printf("IPC_RMID: %s\n", res(msgctl(id, IPC_RMID, NULL)));
    printf("receiver gets EIDRM: %d\n", reap(c) == 6);
    printf("msgsnd after rmid: %s\n", res(msgsnd(id, &big, 1, 0)));
}

static void memfd(void) {
    printf("memfd bad flag: %s\n", res(memfd_create("x", 0x100)));
    char name[260];
    memset(name, 'n', sizeof name);
    name[250] = 0;
    printf("memfd 250-byte name: %s\n", res(memfd_create(name, 0)));
    name[249] = 0;
    int longfd = memfd_create(name, 0);
    printf("memfd 249-byte name: %s\n", longfd >= 0 ? "ok" : strerrorname_np(errno));
    close(longfd);
    int fd = memfd_create("test", MFD_ALLOW_SEALING | MFD_CLOEXEC);
    printf("write: %s\n", res(write(fd, "hello world", 11)));
    char buf[64] = "";
    lseek(fd, 6, SEEK_SET);
    printf("read back: %s '%s'\n", res(read(fd, buf, sizeof buf)), buf);
    struct stat st;
    fstat(fd, &st);
    printf("fstat: regular %d size %ld\n", S_ISREG(st.st_mode), (long) st.st_size);
    char link[64], target[128];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    printf("link: %s\n", target);
    printf("FD_CLOEXEC: %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    printf("ftruncate: %s\n", res(ftruncate(fd, 8192)));
    char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(map + 4096, "via the mapping");
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 15, 4096);
    printf("pread sees the mapping: %s\n", buf);
    pwrite(fd, "HELLO", 5, 0);
    printf("mapping sees pwrite: %.11s\n", map);
    char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private mapping: %.11s %s\n", priv, priv + 4096);
    priv[0] = 'J';
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 5, 0);
    printf("private write stays private: %s\n", buf);
    munmap(priv, 8192);
    pid_t c = fork();
    if (c == 0) _exit(pwrite(fd, "child", 5, 100) == 5 ? 0 : 1);
    reap(c);
    printf("child's write: %.5s\n", map + 100);
    printf("F_GET_SEALS: %s\n", res(fcntl(fd, F_GET_SEALS)));
    printf("F_SEAL_WRITE while mapped: %s\n", res(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE)));
    munmap(map, 8192);
    printf("F_SEAL_WRITE: %s\n", res(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE)));
    printf("write sealed: %s\n", res(write(fd, "x", 1)));
    printf("mmap shared writable sealed: %s\n",
           mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? strerrorname_np(errno) : "ok");
    void *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    printf("mmap shared read-only sealed: %s\n", ro == MAP_FAILED ? strerrorname_np(errno) : "ok");
    munmap(ro, 4096);
    printf("F_SEAL_SHRINK|F_SEAL_GROW: %s\n", res(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW)));
    printf("shrink: %s\n", res(ftruncate(fd, 100)));
    printf("grow: %s\n", res(ftruncate(fd, 100000)));
    printf("same size: %s\n", res(ftruncate(fd, 8192)));
    printf("F_SEAL_SEAL: %s\n", res(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL)));
    printf("seal after F_SEAL_SEAL: %s\n", res(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE)));
    printf("F_GET_SEALS: %s\n", res(fcntl(fd, F_GET_SEALS)));
    printf("unknown seal: %s\n", res(fcntl(fd, F_ADD_SEALS, 0x1000)));
    close(fd);
    int plain = memfd_create("plain", 0);
    printf("no sealing: F_GET_SEALS %s", res(fcntl(plain, F_GET_SEALS)));
    printf(" F_ADD_SEALS %s\n", res(fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE)));
    close(plain);
    int p[2];
    pipe(p);
    printf("pipe F_GET_SEALS: %s\n", res(fcntl(p[0], F_GET_SEALS)));
    close(p[0]);
    close(p[1]);
}

/* The *_INFO commands (limits, and what is in use), SHM_LOCK/UNLOCK and msgrcv's MSG_COPY. */
static void infos(void) {
    printf("== info\n");
    struct shminfo si;
    long r = shmctl(0, IPC_INFO, (struct shmid_ds *) &si);
    printf("shm IPC_INFO %s max %lx min %lu mni %lu seg %lu all %lx\n", res(r), si.shmmax, si.shmmin, si.shmmni,
           si.shmseg, si.shmall);
    int a = shmget(IPC_PRIVATE, 3 * 4096, 0600), b = shmget(IPC_PRIVATE, 100, 0600);
    char *p = shmat(a, NULL, 0);
    p[0] = 1;
    p[8192] = 1;
    struct shm_info sh;
    r = shmctl(0, SHM_INFO, (struct shmid_ds *) &sh);
    printf("SHM_INFO %s used %d tot %lu rss %lu swp %lu\n", r >= 0 ? "the highest index" : res(r), sh.used_ids,
           sh.shm_tot, sh.shm_rss, sh.shm_swp);
    printf("IPC_INFO negative id %s, bad buffer %s\n", res(shmctl(-1, IPC_INFO, (struct shmid_ds *) &si)),
           res(shmctl(0, IPC_INFO, (struct shmid_ds *) 8)));
    struct shmid_ds ds;
    long l = shmctl(a, SHM_LOCK, NULL);
    shmctl(a, IPC_STAT, &ds);
    printf("SHM_LOCK %s mode %o", res(l), ds.shm_perm.mode);
    l = shmctl(a, SHM_UNLOCK, NULL);
    shmctl(a, IPC_STAT, &ds);
    printf(", SHM_UNLOCK %s mode %o, bad id %s\n", res(l), ds.shm_perm.mode, res(shmctl(b + 1, SHM_LOCK, NULL)));
    shmdt(p);
    shmctl(a, IPC_RMID, NULL);
    shmctl(b, IPC_RMID, NULL);

    struct seminfo se;
    r = semctl(0, 0, IPC_INFO, &se);
    printf("sem IPC_INFO %s map %d mni %d mns %d mnu %d msl %d opm %d ume %d usz %d vmx %d aem %d\n", res(r), se.semmap,
           se.semmni, se.semmns, se.semmnu, se.semmsl, se.semopm, se.semume, se.semusz, se.semvmx, se.semaem);
    int s1 = semget(IPC_PRIVATE, 3, 0600), s2 = semget(IPC_PRIVATE, 2, 0600);
    r = semctl(0, 0, SEM_INFO, &se);
    printf("SEM_INFO %s sets %d semaphores %d; negative id %s\n", r >= 0 ? "the highest index" : res(r), se.semusz,
           se.semaem, res(semctl(-1, 0, IPC_INFO, &se)));
    semctl(s1, 0, IPC_RMID);
    semctl(s2, 0, IPC_RMID);

    struct msginfo mi;
    r = msgctl(0, IPC_INFO, (struct msqid_ds *) &mi);
    printf("msg IPC_INFO %s pool %d map %d max %d mnb %d mni %d ssz %d tql %d seg %d\n", res(r), mi.msgpool, mi.msgmap,
           mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgtql, mi.msgseg);
    int q = msgget(IPC_PRIVATE, 0600);
    struct { long type; char text[16]; } m = {5, "first"}, got;
    msgsnd(q, &m, 6, 0);
    m.type = 7;
    strcpy(m.text, "second message");
    msgsnd(q, &m, 15, 0);
    r = msgctl(0, MSG_INFO, (struct msqid_ds *) &mi);
    printf("MSG_INFO %s queues %d messages %d bytes %d\n", r >= 0 ? "the highest index" : res(r), mi.msgpool, mi.msgmap,
           mi.msgtql);
    memset(&got, 0, sizeof got);
    long n = msgrcv(q, &got, 16, 1, MSG_COPY | IPC_NOWAIT);
    printf("MSG_COPY 1: %s type %ld \"%s\"\n", res(n), got.type, got.text);
    n = msgrcv(q, &got, 16, 2, MSG_COPY | IPC_NOWAIT);
    printf("MSG_COPY 2: %s\n", res(n));
    n = msgrcv(q, &got, 16, 0, MSG_COPY);
    printf("MSG_COPY without IPC_NOWAIT: %s\n", res(n));
    n = msgrcv(q, &got, 16, 0, MSG_COPY | IPC_NOWAIT | MSG_EXCEPT);
    printf("MSG_COPY with MSG_EXCEPT: %s\n", res(n));
    n = msgrcv(q, &got, 4, 1, MSG_COPY | IPC_NOWAIT);
    printf("MSG_COPY too small: %s\n", res(n));
    n = msgrcv(q, &got, 4, 1, MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
    printf("MSG_COPY too small, MSG_NOERROR: %s\n", res(n));
    n = msgrcv(q, &got, 16, -1, MSG_COPY | IPC_NOWAIT);
    printf("MSG_COPY -1: %s\n", res(n));
    struct msqid_ds qd;
    msgctl(q, IPC_STAT, &qd);
    printf("still queued: %lu\n", (unsigned long) qd.msg_qnum);
    printf("msgctl negative id: %s\n", res(msgctl(-1, IPC_INFO, (struct msqid_ds *) &mi)));
    msgctl(q, IPC_RMID, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    unshare(CLONE_NEWIPC); // natively (as root) a namespace of its own: what other programs hold is not counted
    sysctls();
    shm((key_t) (0x4c000000 | (getpid() & 0xffffff)));
    sem();
    msgq();
    memfd();
    infos();
    printf("done\n");
    return 0;
}
