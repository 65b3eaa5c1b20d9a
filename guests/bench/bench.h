/* Shared helpers for Helctic's benchmark workloads: a scale argument and a small PRNG. */
#ifndef HELCTIC_BENCH_H
#define HELCTIC_BENCH_H
#include <stdint.h>
#include <stdlib.h>

/* The workload's size: argv[1] when given (a positive integer), else the default. */
static inline long bench_scale(int argc, char **argv, long def) {
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v > 0) return v;
    }
    return def;
}

/* xorshift64*: deterministic input data, the same natively and under any emulator. */
static inline uint64_t bench_rand(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}
#endif
