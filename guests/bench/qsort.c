/* qsort(3) of a million pseudo-random integers; checks the order and prints a checksum. */
#include <stdio.h>
#include "bench.h"

static int cmp(const void *x, const void *y) {
    int a = *(const int *) x, b = *(const int *) y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    long n = bench_scale(argc, argv, 1000000);
    int *v = malloc(n * sizeof(int));
    uint64_t s = 12345;
    for (long i = 0; i < n; i++) v[i] = (int) (bench_rand(&s) >> 33);
    qsort(v, n, sizeof(int), cmp);
    uint64_t sum = 0;
    for (long i = 0; i < n; i++) {
        if (i > 0 && v[i - 1] > v[i]) {
            printf("qsort: out of order at %ld\n", i);
            return 1;
        }
        sum = sum * 31 + (uint64_t) v[i];
    }
    printf("qsort %ld %016llx\n", n, (unsigned long long) sum);
    return 0;
}
