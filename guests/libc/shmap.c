/*
 * MAP_SHARED memory through glibc, run natively and under Helctic with the same output:
 * writable shared file mappings kept coherent with read/write, msync, write-back at munmap
 * and at exit, sharing across fork (file-backed and anonymous), process-shared mutexes and
 * semaphores (futexes keyed by the shared page), SIGBUS past the end of the file, and the
 * EACCES cases. argv[1] is a scratch directory; the program removes what it makes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAILED: %s (errno %s)\n", what, strerrorname_np(errno) ? strerrorname_np(errno) : "0");
        fflush(stdout);
        exit(1);
    }
}

static unsigned sum(const unsigned char *p, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static unsigned file_sum(const char *path, off_t *size) {
    int fd = open(path, O_RDONLY);
    check(fd >= 0, "open for checksum");
    static unsigned char buf[1 << 16];
    ssize_t n = read(fd, buf, sizeof buf);
    check(n >= 0, "read for checksum");
    close(fd);
    *size = n;
    return sum(buf, (size_t) n);
}

static sigjmp_buf bus_jump;
static volatile int bus_code;
static volatile void *bus_addr;

static void on_bus(int sig, siginfo_t *si, void *uc) {
    (void) sig; (void) uc;
    bus_code = si->si_code;
    bus_addr = si->si_addr;
    siglongjmp(bus_jump, 1);
}

/* Whether touching p raises SIGBUS (and with which si_code / address). */
static void touch(const char *what, volatile char *p) {
    bus_code = 0;
    if (sigsetjmp(bus_jump, 1) == 0) {
        char c = *p;
        (void) c;
        printf("%s: readable\n", what);
    } else {
        printf("%s: SIGBUS si_code=%d at the address: %s\n", what, bus_code, bus_addr == p ? "yes" : "no");
    }
}

static void perms_of(void *addr, const char *what) {
    FILE *f = fopen("/proc/self/maps", "r");
    check(f != NULL, "open maps");
    char line[512];
    unsigned long want = (unsigned long) addr;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi, off;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s %lx", &lo, &hi, perms, &off) == 4 && lo <= want && want < hi) {
            printf("%s in /proc/self/maps: %s offset %lx length %lu\n", what, perms, off, hi - lo);
        }
    }
    fclose(f);
}

int main(int argc, char **argv) {
    check(argc == 2 && chdir(argv[1]) == 0, "chdir to the scratch directory");
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);

    /* 1. A file of 2.5 pages, mapped shared and written through the mapping. */
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    check(fd >= 0, "create data");
    unsigned char init[PAGE * 5 / 2];
    for (size_t i = 0; i < sizeof init; i++) init[i] = (unsigned char) (i * 7);
    check(write(fd, init, sizeof init) == (ssize_t) sizeof init, "write data");
    unsigned char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check(m != MAP_FAILED, "mmap shared rw");
    printf("mapping reads the file: %s\n", memcmp(m, init, sizeof init) == 0 ? "yes" : "no");
    printf("bytes past the end of the file in the last page are zero: %s\n",
           m[sizeof init] == 0 && m[3 * PAGE - 1] == 0 ? "yes" : "no");
    perms_of(m, "shared file mapping");
    memcpy(m + 100, "through the mapping", 19);
    char buf[64] = {0};
    check(pread(fd, buf, 19, 100) == 19, "pread after a store");
    printf("pread sees the store at once: %.19s\n", buf);
    check(pwrite(fd, "through pwrite", 14, PAGE + 10) == 14, "pwrite");
    printf("the mapping sees pwrite at once: %.14s\n", (char *) m + PAGE + 10);
    check(lseek(fd, 2 * PAGE, SEEK_SET) == 2 * PAGE && write(fd, "via write", 9) == 9, "write");
    printf("the mapping sees write at once: %.9s\n", (char *) m + 2 * PAGE);

    /* 2. A second mapping of the same file (another descriptor) is the same memory. */
    int fd2 = open("data", O_RDWR);
    check(fd2 >= 0, "open data again");
    unsigned char *m2 = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, PAGE);
    check(m2 != MAP_FAILED, "mmap at an offset");
    perms_of(m2, "second mapping at offset 4096");
    printf("second mapping at offset 4096 sees pwrite: %.14s\n", (char *) m2 + 10);
    m2[500] = 'Z';
    printf("first mapping sees the second's store: %c\n", m[PAGE + 500]);
    check(msync(m, 3 * PAGE, MS_SYNC) == 0, "msync");
    check(munmap(m2, PAGE) == 0, "munmap second");
    close(fd2);

    /* 3. fork: the child's stores reach the parent's mapping and the file. */
    pid_t pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        memcpy(m + 200, "written by the child", 20);
        _exit(0); /* no munmap, no msync: exit writes back */
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent's mapping sees the child's store: %.20s\n", (char *) m + 200);
    check(munmap(m, 3 * PAGE) == 0, "munmap");
    close(fd);
    off_t size;
    unsigned h = file_sum("data", &size);
    check(pread(open("data", O_RDONLY), buf, 20, 200) == 20, "read back");
    printf("after munmap the file holds: %.20s; size %lld; checksum %08x\n", buf, (long long) size, h);

    /* 4. A child that maps the file itself, stores, and exits without munmap. */
    pid = fork();
    if (pid == 0) {
        int cfd = open("data", O_RDWR);
        char *cm = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        if (cm == MAP_FAILED) _exit(3);
        memcpy(cm + 300, "child mapping, exit", 19);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    fd = open("data", O_RDONLY);
    check(pread(fd, buf, 19, 300) == 19, "read child's bytes");
    printf("child status %d; the file holds after its exit: %.19s\n", WEXITSTATUS(st), buf);

    /* 5. Read-only shared: EACCES for PROT_WRITE, for mprotect to write, and O_WRONLY/O_APPEND. */
    void *bad = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("PROT_WRITE shared of an O_RDONLY descriptor: %s\n", bad == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    unsigned char *ro = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    check(ro != MAP_FAILED, "read-only shared");
    printf("mprotect to write: %s\n", mprotect(ro, PAGE, PROT_READ | PROT_WRITE) == 0 ? "allowed" : strerrorname_np(errno));
    int wfd = open("data", O_RDWR | O_APPEND);
    bad = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0);
    printf("PROT_WRITE shared of an O_APPEND descriptor: %s\n", bad == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    close(wfd);
    wfd = open("data", O_WRONLY);
    bad = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wfd, 0);
    printf("shared of an O_WRONLY descriptor: %s\n", bad == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    close(wfd);
    /* A read-only shared mapping sees writes made through another descriptor. */
    wfd = open("data", O_RDWR);
    check(pwrite(wfd, "fresh", 5, 0) == 5, "pwrite fresh");
    printf("read-only shared mapping sees a later pwrite: %.5s\n", (char *) ro);
    munmap(ro, PAGE);
    close(fd);

    /* 6. SIGBUS past the end of the file, and after ftruncate shrinks it. */
    unsigned char *big = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0);
    check(big != MAP_FAILED, "map past the end");
    touch("page 2 (the file's last, partly)", (char *) big + 2 * PAGE + 100);
    touch("page 3 (wholly past the end)", (char *) big + 3 * PAGE);
    big[PAGE + 1] = 'q';
    check(ftruncate(wfd, PAGE + 2) == 0, "ftruncate");
    printf("after ftruncate to 4098 the mapping keeps byte 4097: %c; byte 4098 reads zero: %s\n", big[PAGE + 1],
           big[PAGE + 2] == 0 ? "yes" : "no");
    touch("page 2 after the shrink", (char *) big + 2 * PAGE);
    check(ftruncate(wfd, 3 * PAGE) == 0, "ftruncate grow");
    touch("page 2 after growing again", (char *) big + 2 * PAGE);
    printf("grown page reads zero: %s\n", big[2 * PAGE + 100] == 0 ? "yes" : "no");
    munmap(big, 4 * PAGE);
    struct stat sb;
    fstat(wfd, &sb);
    printf("file size now %lld\n", (long long) sb.st_size);
    close(wfd);

    /* 7. Shared anonymous memory across fork, with a process-shared mutex and semaphore. */
    struct shared {
        pthread_mutex_t lock;
        sem_t done;
        long counter;
    } *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(s != MAP_FAILED, "shared anonymous");
    perms_of(s, "shared anonymous mapping");
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->lock, &ma);
    sem_init(&s->done, 1, 0);
    enum { KIDS = 3, ROUNDS = 20000 };
    for (int k = 0; k < KIDS; k++) {
        if (fork() == 0) {
            for (int i = 0; i < ROUNDS; i++) {
                pthread_mutex_lock(&s->lock);
                s->counter++;
                pthread_mutex_unlock(&s->lock);
            }
            sem_post(&s->done);
            _exit(0);
        }
    }
    for (int k = 0; k < KIDS; k++) sem_wait(&s->done);
    while (wait(NULL) > 0) {}
    printf("counter after %d processes: %ld (expected %d)\n", KIDS, s->counter, KIDS * ROUNDS);
    /* MADV_DONTNEED keeps shared memory's contents. */
    madvise(s, PAGE, MADV_DONTNEED);
    printf("counter after MADV_DONTNEED: %ld\n", s->counter);
    munmap(s, sizeof *s);

    /* 7b. The old way to share memory with children: MAP_SHARED of /dev/zero; MAP_PRIVATE of it is zeros. */
    int zfd = open("/dev/zero", O_RDWR);
    volatile int *z = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
    check(z != MAP_FAILED, "shared /dev/zero");
    char *zp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, zfd, 0);
    check(zp != MAP_FAILED, "private /dev/zero");
    close(zfd);
    if (fork() == 0) {
        *z = 1234;
        _exit(0);
    }
    wait(NULL);
    zp[1] = 1;
    printf("/dev/zero shared across fork: %d; private reads zero: %s\n", *z, zp[0] == 0 && zp[PAGE - 1] == 0 ? "yes" : "no");
    munmap((void *) z, PAGE);
    munmap(zp, PAGE);

    /* 8. A private mapping's stores stay private while a shared one's reach the file. */
    fd = open("data", O_RDWR);
    char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check(priv != MAP_FAILED, "private");
    memcpy(priv, "PRIVATE", 7);
    check(pread(fd, buf, 7, 0) == 7, "pread private");
    printf("the file after a private store: %.5s\n", buf);
    munmap(priv, PAGE);
    close(fd);

    h = file_sum("data", &size);
    printf("final file: size %lld checksum %08x\n", (long long) size, h);
    check(unlink("data") == 0, "unlink");
    printf("done\n");
    return 0;
}
