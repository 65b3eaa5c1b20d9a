/* A FreeBSD-branded guest (ELF OSABI 9): FreeBSD syscall numbers, carry-flag results. */
typedef unsigned long u64;

/* Returns the raw rax; *carry receives CF. */
static inline long bsd_syscall3(long n, long a1, long a2, long a3, int *carry) {
    long ret;
    unsigned char cf;
    __asm__ volatile("syscall; setc %1"
                     : "=a"(ret), "=q"(cf)
                     : "a"(n), "D"(a1), "S"(a2), "d"(a3)
                     : "rcx", "r11", "memory", "cc");
    *carry = cf;
    return ret;
}

static const char msg[] = "Hello from a FreeBSD guest on Helctic!\n";
static const char enosys_ok[] = "unknown syscall: carry set, errno 78 (ENOSYS)\n";
static const char enosys_bad[] = "unknown syscall: wrong convention\n";

void _start(void) {
    int cf;
    bsd_syscall3(4, 1, (long) msg, sizeof msg - 1, &cf);          /* write */
    long r = bsd_syscall3(999, 0, 0, 0, &cf);                      /* unassigned */
    int ok = cf && r == 78;
    if (ok) bsd_syscall3(4, 1, (long) enosys_ok, sizeof enosys_ok - 1, &cf);
    else bsd_syscall3(4, 1, (long) enosys_bad, sizeof enosys_bad - 1, &cf);
    bsd_syscall3(1, ok ? 0 : 5, 0, 0, &cf);                        /* exit */
    for (;;) {}
}
