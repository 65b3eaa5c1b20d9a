/* A floating-point kernel: dense double matrix multiply plus a few sqrt/divisions per row.
 * Prints a checksum with enough digits to catch any rounding difference. */
#include <stdio.h>
#include <math.h>
#include "bench.h"

int main(int argc, char **argv) {
    long n = bench_scale(argc, argv, 700);
    double *a = malloc(n * n * sizeof(double)), *b = malloc(n * n * sizeof(double)),
           *c = malloc(n * n * sizeof(double));
    uint64_t s = 99;
    for (long i = 0; i < n * n; i++) {
        a[i] = (double) (bench_rand(&s) >> 11) / 9007199254740992.0 - 0.5;
        b[i] = (double) (bench_rand(&s) >> 11) / 9007199254740992.0 - 0.5;
    }
    for (long i = 0; i < n; i++) {
        for (long j = 0; j < n; j++) c[i * n + j] = 0;
        for (long k = 0; k < n; k++) {
            double x = a[i * n + k];
            for (long j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
        }
    }
    double sum = 0;
    for (long i = 0; i < n; i++) {
        double row = 0;
        for (long j = 0; j < n; j++) row += c[i * n + j] * c[i * n + j];
        sum += sqrt(row) / (1.0 + (double) i);
    }
    printf("fp %.15e\n", sum);
    return 0;
}
