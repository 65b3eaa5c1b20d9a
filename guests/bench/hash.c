/* A 64-bit multiply-xor hash (FNV-1a over 8-byte words, then a finaliser) over a buffer,
 * several passes. Prints the hash; bench/run compares it with the native run's. */
#include <stdio.h>
#include <string.h>
#include "bench.h"

int main(int argc, char **argv) {
    long passes = bench_scale(argc, argv, 160);
    size_t n = 4u << 20;
    uint64_t *buf = malloc(n);
    uint64_t s = 42;
    for (size_t i = 0; i < n / 8; i++) buf[i] = bench_rand(&s);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < n / 8; i++) {
            h ^= buf[i];
            h *= 0x100000001b3ULL;
            h ^= h >> 29;
        }
    }
    printf("hash %016llx\n", (unsigned long long) h);
    free(buf);
    return 0;
}
