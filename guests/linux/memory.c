/* memory: brk, anonymous mmap, munmap and mprotect, checked from inside the guest.
 * With an argument "ro" it finally writes to a read-only page and must die of SIGSEGV. */
#include "linux_rt.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20

static int failures;
static void check(const char *what, int ok) {
    put_str(ok ? "ok   " : "FAIL ");
    put_str(what);
    put_str("\n");
    if (!ok) failures++;
}

int guest_main(int argc, char **argv, char **envp) {
    (void) envp;
    u64 cur = (u64) sys3(SYS_brk, 0, 0, 0);
    check("brk(0) returns the break", cur > 0);
    u64 want = cur + 3 * 4096 + 100;
    check("brk grows", (u64) sys3(SYS_brk, (i64) want, 0, 0) == want);
    volatile char *heap = (volatile char *) cur;
    heap[0] = 'a';
    heap[3 * 4096 + 99] = 'z';
    check("heap is zeroed and writable", heap[1] == 0 && heap[0] == 'a' && heap[3 * 4096 + 99] == 'z');
    check("brk shrinks", (u64) sys3(SYS_brk, (i64) cur, 0, 0) == cur);
    check("brk grows again, zeroed", (u64) sys3(SYS_brk, (i64) want, 0, 0) == want && heap[0] == 0);

    i64 m = sys6(SYS_mmap, 0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap anonymous", m > 0 && (m & 0xfff) == 0);
    volatile u64 *words = (volatile u64 *) m;
    int zero = 1;
    for (int i = 0; i < 8 * 512; i++) if (words[i]) zero = 0;
    check("mmap memory is zeroed", zero);
    for (int i = 0; i < 8 * 512; i++) words[i] = (u64) i * 0x9e3779b97f4a7c15UL;
    u64 sum = 0;
    for (int i = 0; i < 8 * 512; i++) sum ^= words[i];
    u64 expect = 0;
    for (int i = 0; i < 8 * 512; i++) expect ^= (u64) i * 0x9e3779b97f4a7c15UL;
    check("mmap memory keeps what is written", sum == expect);
    check("munmap the middle", sys3(SYS_munmap, m + 2 * 4096, 2 * 4096, 0) == 0);
    check("munmap unaligned is EINVAL", sys3(SYS_munmap, m + 1, 4096, 0) == -22);
    check("mmap of length 0 is EINVAL", sys6(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -22);
    check("mprotect read-only", sys3(SYS_mprotect, m, 4096, PROT_READ) == 0);
    check("read-only page still reads", words[1] == 0x9e3779b97f4a7c15UL);
    check("write from a read-only buffer works", sys3(SYS_write, 1, m, 0) == 0);
    check("write from an unmapped buffer is EFAULT", sys3(SYS_write, 1, m + 2 * 4096, 8) == -14);
    if (argc > 1 && str_eq(argv[1], "ro")) {
        put_str("writing to a read-only page\n");
        words[0] = 1;
        put_str("still alive?\n");
        return 2;
    }
    if (argc > 1 && str_eq(argv[1], "unmapped")) {
        put_str("reading an unmapped page\n");
        return (int) words[2 * 512];
    }
    put_str(failures ? "memory: FAILED\n" : "memory: all ok\n");
    return failures;
}
