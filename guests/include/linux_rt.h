/* A tiny freestanding runtime for Helctic's own Linux x86-64 guests: raw syscalls
 * and output helpers. No libc; every guest also builds and runs natively. */
#ifndef LINUX_RT_H
#define LINUX_RT_H

typedef unsigned long u64;
typedef long i64;

#define SYS_read 0
#define SYS_write 1
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_munmap 11
#define SYS_brk 12
#define SYS_getpid 39
#define SYS_exit 60
#define SYS_exit_group 231

static inline i64 sys6(i64 n, i64 a1, i64 a2, i64 a3, i64 a4, i64 a5, i64 a6) {
    register i64 r10 __asm__("r10") = a4;
    register i64 r8 __asm__("r8") = a5;
    register i64 r9 __asm__("r9") = a6;
    i64 ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
static inline i64 sys3(i64 n, i64 a1, i64 a2, i64 a3) { return sys6(n, a1, a2, a3, 0, 0, 0); }

static inline __attribute__((noreturn)) void exit_group(int status) {
    for (;;) sys3(SYS_exit_group, status, 0, 0);
}

static inline u64 str_len(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static inline int str_eq(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}
static inline void put_str(const char *s) { sys3(SYS_write, 1, (i64) s, (i64) str_len(s)); }

/* Formats a signed decimal number into buf (at least 21 bytes) and returns its start. */
static inline char *fmt_dec(char *buf, i64 v) {
    char *p = buf + 20;
    u64 u = v < 0 ? -(u64) v : (u64) v;
    *p = 0;
    do { *--p = (char) ('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *--p = '-';
    return p;
}
static inline void put_dec(i64 v) { char b[21]; put_str(fmt_dec(b, v)); }
static inline i64 parse_dec(const char *s) {
    i64 v = 0, sign = 1;
    if (*s == '-') { sign = -1; s++; }
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    return v * sign;
}

/* Every guest defines this; start.S calls it with the initial stack pointer. */
int guest_main(int argc, char **argv, char **envp);

#endif
