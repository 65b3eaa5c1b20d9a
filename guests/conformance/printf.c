/* printf of float, double and long double in every format, plus integer formats. */
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static unsigned long long lcg_state = 0x123456789abcdefULL;
static unsigned long long lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state;
}

static const char *dfmts[] = {
    "%f", "%e", "%g", "%a", "%F", "%E", "%G", "%A", "%.0f", "%.0e", "%.0g", "%.0a",
    "%.3f", "%.17e", "%.17g", "%.13a", "%.1a", "%#g", "%#.0f", "%#.0e", "%+f", "% e",
    "%-20.5g|", "%020.8e", "%+.30f", "%.40e", "%12.4a", "%-+14.2f|", "%#a", "%.60g",
};

static void show_double(double d) {
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    printf("[%016llx]", (unsigned long long)bits);
    for (size_t i = 0; i < sizeof dfmts / sizeof *dfmts; i++) {
        putchar(' ');
        printf(dfmts[i], d);
    }
    putchar('\n');
}

static const char *lfmts[] = {
    "%Lf", "%Le", "%Lg", "%.0Lf", "%.3Le", "%.21Le", "%.21Lg", "%+.25Lf", "%#Lg", "%-24.10Lg|", "%030.12Le",
};

static void show_ldouble(long double d) {
    unsigned char b[16] = {0};
    memcpy(b, &d, 10);
    printf("[%02x%02x", b[9], b[8]);
    for (int i = 7; i >= 0; i--) printf("%02x", b[i]);
    printf("]");
    for (size_t i = 0; i < sizeof lfmts / sizeof *lfmts; i++) {
        putchar(' ');
        printf(lfmts[i], d);
    }
    /* %La differs between libcs in normalisation but each is compared to its own native run */
    printf(" %La %.5La\n", d, d);
}

int main(void) {
    double edge[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 1e-300, 1e300, DBL_MAX, DBL_MIN, DBL_EPSILON,
        4.9406564584124654e-324, 2.2250738585072009e-308, 123456789.0, 0.000123456789, 1.0 / 3.0,
        9.999999999999999e22, 1e23, 5e-324, 9007199254740993.0, 0.3, 2.0 / 3.0, 100.0, 1e15, 1e16,
        1e17, 1e21, 1e22, 0.05, 0.15, 0.25, 0.35, 999999.5, 9.5, 0.95, 123.456,
        INFINITY, -INFINITY, NAN, -NAN,
    };
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) show_double(edge[i]);
    for (int i = 0; i < 300; i++) {
        uint64_t bits = lcg();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isnan(d)) continue;
        show_double(d);
    }
    for (int i = 0; i < 200; i++) {
        double d = (double)(int64_t)(lcg() >> 20) / (double)(1 + (lcg() >> 40));
        show_double(d);
    }

    float fedge[] = {0.0f, 1.0f, 0.1f, FLT_MAX, FLT_MIN, FLT_EPSILON, 1e-45f, 3.14159265f, -2.5f, 16777217.0f};
    for (size_t i = 0; i < sizeof fedge / sizeof *fedge; i++) {
        float f = fedge[i];
        printf("float %f %e %g %a %.9g %.20f\n", f, f, f, f, f, f);
    }
    for (int i = 0; i < 100; i++) {
        uint32_t bits = (uint32_t)(lcg() >> 32);
        float f;
        memcpy(&f, &bits, sizeof f);
        if (isnan(f)) continue;
        printf("float %08x %g %.9e %a\n", bits, f, f, f);
    }

    long double ledge[] = {
        0.0L, -0.0L, 1.0L, 0.1L, 1.0L / 3.0L, LDBL_MAX, LDBL_MIN, LDBL_EPSILON, 1e4000L, 1e-4000L,
        3.36210314311209350626e-4932L / 1024, 123456789012345678901234567890.0L, 2.5L, -0.5L,
        INFINITY, -INFINITY, NAN,
    };
    for (size_t i = 0; i < sizeof ledge / sizeof *ledge; i++) show_ldouble(ledge[i]);
    for (int i = 0; i < 150; i++) {
        long double d = (long double)(int64_t)lcg() * powl(2.0L, (int)(lcg() % 600) - 300);
        show_ldouble(d);
    }

    /* integer formats */
    long long iv[] = {0, 1, -1, 42, -42, 2147483647, -2147483648LL, 9223372036854775807LL, (-9223372036854775807LL - 1)};
    for (size_t i = 0; i < sizeof iv / sizeof *iv; i++) {
        long long v = iv[i];
        printf("%d %i %u %x %X %o %#x %#o %lld %llu %llx %+d % d %-8d| %08d %.5d %hhd %hd %jd %zu %'d\n",
               (int)v, (int)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, v,
               (unsigned long long)v, (unsigned long long)v, (int)v, (int)v, (int)v, (int)v, (int)v, (signed char)v,
               (short)v, (intmax_t)v, (size_t)v, (int)v);
    }
    printf("%s|%10s|%-10s|%.2s|%c|%5c|%%|%p\n", "str", "right", "left", "trunc", 'x', 'y', (void *)0x1234);
    char buf[64];
    int n = snprintf(buf, 10, "%f", 3.14159265358979);
    printf("snprintf %d '%s'\n", n, buf);
    n = printf("%*.*f|%-*d|\n", 12, 4, 2.718281828, 6, 7);
    printf("returned %d\n", n);
    return 0;
}
