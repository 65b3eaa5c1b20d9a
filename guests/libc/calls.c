/* calls: statx, waitid, sigaltstack with SA_ONSTACK, fcntl record locks, mremap, madvise —
 * through glibc, checked against native Linux. argv[1] is a scratch directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char altstack[65536];
static volatile int on_alt;

static void handler(int sig) {
    char here;
    on_alt = (uintptr_t) &here >= (uintptr_t) altstack && (uintptr_t) &here < (uintptr_t) altstack + sizeof altstack;
    (void) sig;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (chdir(argv[1]) != 0) return 3;
    setvbuf(stdout, NULL, _IONBF, 0);

    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0640);
    if (write(fd, "0123456789", 10) != 10) return 4;
    struct statx sx;
    struct stat st;
    printf("statx: %d\n", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
    fstat(fd, &st);
    printf("statx matches fstat: size %d ino %d mode %d nlink %d blocks %d\n", sx.stx_size == (uint64_t) st.st_size,
           sx.stx_ino == st.st_ino, sx.stx_mode == st.st_mode, sx.stx_nlink == st.st_nlink,
           sx.stx_blocks == (uint64_t) st.st_blocks);
    printf("statx mask has basic stats: %d\n", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    printf("statx empty path: %d\n", statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx) == 0 && sx.stx_size == 10);
    int r = statx(AT_FDCWD, "nope", 0, STATX_SIZE, &sx);
    printf("statx missing: %d errno=%d\n", r, errno);

    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5};
    printf("F_SETLK: %d\n", fcntl(fd, F_SETLK, &lk));
    lk.l_type = F_RDLCK;
    r = fcntl(fd, F_GETLK, &lk);
    printf("F_GETLK: %d type unlocked: %d\n", r, lk.l_type == F_UNLCK);
    close(fd);

    pid_t pid = fork();
    if (pid == 0) _exit(9);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: %d\n", r);
    printf("  code=%d status=%d pid ok=%d\n", si.si_code, si.si_status, si.si_pid == pid);
    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid again: %d code=%d status=%d\n", r, si.si_code, si.si_status);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid none left: %d errno=%d\n", r, errno);
    pid = fork();
    if (pid == 0) { pause(); _exit(0); }
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
    printf("waitid WNOHANG: %d pid=%d\n", r, si.si_pid);
    kill(pid, SIGKILL);
    r = waitid(P_PID, pid, &si, WEXITED);
    printf("waitid killed: %d code=%d status=%d\n", r, si.si_code, si.si_status);

    pid = fork();
    if (pid == 0) { for (;;) pause(); }
    int wst = 0;
    kill(pid, SIGSTOP);
    r = waitpid(pid, &wst, WUNTRACED);
    printf("stopped: %d WIFSTOPPED=%d sig=%d\n", r == pid, WIFSTOPPED(wst), WSTOPSIG(wst));
    kill(pid, SIGCONT);
    r = waitpid(pid, &wst, WCONTINUED);
    printf("continued: %d WIFCONTINUED=%d\n", r == pid, WIFCONTINUED(wst));
    kill(pid, SIGTERM);
    r = waitpid(pid, &wst, 0);
    printf("then killed: %d WTERMSIG=%d\n", r == pid, WTERMSIG(wst));

    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0}, old;
    r = sigaltstack(&ss, &old);
    printf("sigaltstack: %d\n", r);
    printf("old was disabled: %d\n", (old.ss_flags & SS_DISABLE) != 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("handler ran on the alternate stack: %d\n", on_alt);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("without SA_ONSTACK it did not: %d\n", !on_alt);
    stack_t tiny = {.ss_sp = altstack, .ss_size = 100, .ss_flags = 0};
    r = sigaltstack(&tiny, NULL);
    printf("too small: %d errno=%d\n", r, errno);

    char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 'x';
    p[4096] = 'y';
    char *q = mremap(p, 2 * 4096, 64 * 4096, MREMAP_MAYMOVE);
    printf("mremap kept the data: %d %d\n", q != MAP_FAILED && q[0] == 'x', q[4096] == 'y');
    q[63 * 4096] = 'z';
    r = madvise(q, 4096, MADV_DONTNEED);
    printf("madvise DONTNEED: %d now zero: %d\n", r, q[0] == 0);
    r = madvise(q, 4096, 12345);
    printf("madvise bad advice: %d errno=%d\n", r, errno);
    printf("msync: %d\n", msync(q, 4096, MS_SYNC));
    unlink("f");
    return 0;
}
