/* A million getppid system calls (the raw syscall: glibc does not cache it). The answer must
 * not change between calls. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "bench.h"

int main(int argc, char **argv) {
    long n = bench_scale(argc, argv, 1000000);
    long first = syscall(SYS_getppid);
    for (long i = 1; i < n; i++) {
        if (syscall(SYS_getppid) != first) {
            puts("getppid: the answer changed");
            return 1;
        }
    }
    printf("getppid %ld calls\n", n);
    return 0;
}
