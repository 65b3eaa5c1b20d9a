/* procs: processes and signals, checked against native Linux: fork, wait4, kill, execve
 * (of an ELF and of a #! script), signal handlers with siginfo, blocked signals, SIG_IGN.
 * argv[1] is a scratch directory; the program re-executes itself for some checks. */
#include "linux_rt.h"

#define SYS_close 3
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_pipe 22
#define SYS_getpid 39
#define SYS_fork 57
#define SYS_execve 59
#define SYS_wait4 61
#define SYS_kill 62
#define SYS_getppid 110
#define SYS_openat 257
#define SYS_fchmod 91
#define SYS_unlink 87

#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGTERM 15
#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000
#define WNOHANG 1

struct ksigaction { void *handler; unsigned long flags; void (*restorer)(void); unsigned long mask; };
struct ksiginfo { int signo, errno_, code, pad; unsigned long addr; };

__asm__(".text\n.globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");
void restore_rt(void);

static volatile int got;
static char **g_argv, **g_envp;

static void show(const char *what, i64 r) { put_str(what); put_str(" = "); put_dec(r); put_str("\n"); }

static void status_line(const char *what, int st) {
    put_str(what);
    if ((st & 0x7f) == 0) { put_str(": exited "); put_dec((st >> 8) & 0xff); }
    else { put_str(": killed by signal "); put_dec(st & 0x7f); }
    put_str("\n");
}

static i64 sigaction(int sig, void *handler, unsigned long flags) {
    struct ksigaction a = {handler, flags | SA_RESTORER, restore_rt, 0};
    return sys6(SYS_rt_sigaction, sig, (i64) &a, 0, 8, 0, 0);
}

static void on_usr(int sig, struct ksiginfo *info, void *uc) {
    put_str("handler: sig=");
    put_dec(sig);
    put_str(" si_signo=");
    put_dec(info->signo);
    put_str(" si_code=");
    put_dec(info->code);
    put_str(uc ? " uc ok\n" : " no uc\n");
    got += sig;
}

static void on_segv(int sig, struct ksiginfo *info, void *uc) {
    (void) uc;
    put_str("segv handler: sig=");
    put_dec(sig);
    put_str(info->addr == 0x1234000 ? " addr ok\n" : " addr wrong\n");
    exit_group(5);
}

static int wait_child(i64 pid) {
    int st = -1;
    i64 r = sys6(SYS_wait4, pid, (i64) &st, 0, 0, 0, 0);
    if (r != pid) show("wait4 returned", r);
    return st;
}

int guest_main(int argc, char **argv, char **envp) {
    g_argv = argv;
    g_envp = envp;
    if (argc >= 2 && str_eq(argv[1], "exec-child")) {
        put_str("exec'd child: argc=");
        put_dec(argc);
        put_str(" argv[2]=");
        put_str(argc > 2 ? argv[2] : "(none)");
        put_str("\n");
        return 3;
    }
    if (argc >= 3 && str_eq(argv[1], "script-mode")) {
        put_str("script interpreter: argc=");
        put_dec(argc);
        put_str(" last=");
        put_str(str_len(argv[argc - 1]) > 0 ? "script path" : "?");
        put_str("\n");
        return 4;
    }
    if (argc < 2) { put_str("usage: procs SCRATCH_DIR\n"); return 2; }
    i64 me = sys3(SYS_getpid, 0, 0, 0);

    /* fork, exit status, getppid */
    i64 pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        put_str(sys3(SYS_getppid, 0, 0, 0) == me ? "child: getppid is the parent\n" : "child: wrong ppid\n");
        exit_group(7);
    }
    status_line("child 1", wait_child(pid));
    show("fork returned a pid", pid > 0);
    show("wait4 with no children", sys6(SYS_wait4, -1, 0, 0, 0, 0, 0));

    /* a pipe from child to parent */
    int p[2];
    sys3(SYS_pipe, (i64) p, 0, 0);
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        sys3(SYS_close, p[0], 0, 0);
        sys3(SYS_write, p[1], (i64) "from the child\n", 15);
        exit_group(0);
    }
    sys3(SYS_close, p[1], 0, 0);
    char buf[64];
    i64 n, total = 0;
    while ((n = sys3(SYS_read, p[0], (i64) buf + total, sizeof buf - total)) > 0) total += n;
    put_str("parent read: ");
    sys3(SYS_write, 1, (i64) buf, total);
    sys3(SYS_close, p[0], 0, 0);
    status_line("child 2", wait_child(pid));

    /* kill a child blocked in read */
    sys3(SYS_pipe, (i64) p, 0, 0);
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        sys3(SYS_read, p[0], (i64) buf, 1); /* blocks: the parent holds the write end */
        exit_group(1);
    }
    int st = -1;
    show("WNOHANG on a running child", sys6(SYS_wait4, pid, (i64) &st, WNOHANG, 0, 0, 0));
    show("kill SIGTERM", sys3(SYS_kill, pid, SIGTERM, 0));
    status_line("child 3", wait_child(pid));
    sys3(SYS_close, p[0], 0, 0);
    sys3(SYS_close, p[1], 0, 0);
    show("kill a reaped pid", sys3(SYS_kill, pid, 0, 0));

    /* execve of this program */
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        char *args[] = {g_argv[0], "exec-child", "second", 0};
        i64 r = sys3(SYS_execve, (i64) g_argv[0], (i64) args, (i64) g_envp);
        show("execve failed", r);
        exit_group(9);
    }
    status_line("child 4", wait_child(pid));
    char *nargs[] = {"x", 0};
    show("execve missing", sys3(SYS_execve, (i64) "/nonexistent/prog", (i64) nargs, (i64) g_envp));
    show("execve a directory", sys3(SYS_execve, (i64) "/", (i64) nargs, (i64) g_envp));

    /* a #! script whose interpreter is this program */
    char script[512];
    u64 k = 0;
    const char *dir = argv[1];
    while (dir[k] && k < 400) { script[k] = dir[k]; k++; }
    const char *name = "/script.sh";
    for (u64 j = 0; name[j]; j++) script[k++] = name[j];
    script[k] = 0;
    i64 fd = sys6(SYS_openat, -100, (i64) script, 01 | 0100 | 01000, 0755, 0, 0);
    char line[512];
    u64 m = 0;
    line[m++] = '#'; line[m++] = '!';
    for (u64 j = 0; g_argv[0][j]; j++) line[m++] = g_argv[0][j];
    const char *rest = " script-mode\n";
    for (u64 j = 0; rest[j]; j++) line[m++] = rest[j];
    sys3(SYS_write, fd, (i64) line, m);
    sys3(SYS_close, fd, 0, 0);
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        char *args[] = {script, 0};
        show("execve script failed", sys3(SYS_execve, (i64) script, (i64) args, (i64) g_envp));
        exit_group(9);
    }
    status_line("child 5", wait_child(pid));
    sys3(SYS_unlink, (i64) script, 0, 0);

    /* a handler with siginfo */
    show("sigaction SIGUSR1", sigaction(SIGUSR1, on_usr, SA_SIGINFO));
    show("kill self SIGUSR1", sys3(SYS_kill, me, SIGUSR1, 0));
    show("handler ran", got == SIGUSR1);

    /* a blocked signal waits until it is unblocked */
    sigaction(SIGUSR2, on_usr, SA_SIGINFO);
    unsigned long set = 1UL << (SIGUSR2 - 1), old = 0;
    show("block SIGUSR2", sys6(SYS_rt_sigprocmask, 0, (i64) &set, (i64) &old, 8, 0, 0));
    got = 0;
    sys3(SYS_kill, me, SIGUSR2, 0);
    show("not delivered while blocked", got);
    show("unblock SIGUSR2", sys6(SYS_rt_sigprocmask, 1, (i64) &set, 0, 8, 0, 0));
    show("delivered after unblocking", got == SIGUSR2);

    /* a SIGSEGV handler sees the fault address */
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        sigaction(SIGSEGV, on_segv, SA_SIGINFO);
        *(volatile int *) 0x1234000 = 1;
        exit_group(8);
    }
    status_line("child 6", wait_child(pid));

    /* SIG_IGN for SIGPIPE: the write fails with EPIPE instead */
    struct ksigaction ign = {(void *) 1, SA_RESTORER, restore_rt, 0};
    sys6(SYS_rt_sigaction, SIGPIPE, (i64) &ign, 0, 8, 0, 0);
    sys3(SYS_pipe, (i64) p, 0, 0);
    sys3(SYS_close, p[0], 0, 0);
    show("write to a broken pipe, SIGPIPE ignored", sys3(SYS_write, p[1], (i64) "x", 1));

    /* default action from another process */
    pid = sys3(SYS_fork, 0, 0, 0);
    if (pid == 0) {
        for (;;) { }
    }
    sys3(SYS_kill, pid, SIGTERM, 0);
    status_line("child 7 (busy loop, SIGTERM)", wait_child(pid));
    return 0;
}
