/* qsort, setjmp/longjmp, varargs, __int128, bit tricks. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <string.h>

static uint64_t lcg_state = 2024;
static uint32_t lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 32);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

struct rec { int key; int seq; char pad[12]; };
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->seq - y->seq;
}

static void sorts(int N) {
    int *v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++) v[i] = (int)lcg();
    qsort(v, N, sizeof *v, cmp_int);
    uint64_t h = 0;
    int sorted = 1;
    for (int i = 0; i < N; i++) {
        h = h * 31 + (uint32_t)v[i];
        if (i && v[i - 1] > v[i]) sorted = 0;
    }
    printf("qsort %d ints: sorted=%d hash=%016llx min=%d max=%d median=%d\n", N, sorted, (unsigned long long)h, v[0],
           v[N - 1], v[N / 2]);
    free(v);
    struct rec *r = malloc(5000 * sizeof *r);
    for (int i = 0; i < 5000; i++) { r[i].key = (int)(lcg() % 50); r[i].seq = i; memset(r[i].pad, i, 12); }
    qsort(r, 5000, sizeof *r, cmp_rec);
    h = 0;
    for (int i = 0; i < 5000; i++) h = h * 131 + (uint64_t)(r[i].key * 10000 + r[i].seq);
    printf("qsort records hash=%016llx\n", (unsigned long long)h);
    int few[] = {5, 3, 9, 1, 1, 0, -7};
    qsort(few, 7, sizeof(int), cmp_int);
    for (int i = 0; i < 7; i++) printf(" %d", few[i]);
    int key = 5;
    int *found = bsearch(&key, few, 7, sizeof(int), cmp_int);
    printf(" bsearch=%td\n", found ? found - few : -1);
}

static jmp_buf jb;
static int depth_reached;
static void dive(int d) {
    volatile char frame[64];
    frame[d % 64] = (char)d;
    depth_reached = d;
    if (d == 500) longjmp(jb, d + frame[d % 64] - (char)d);
    if (d < 1000) dive(d + 1);
}

static void jumps(void) {
    volatile int counter = 0;
    int r = setjmp(jb);
    counter++;
    if (r == 0) dive(0);
    printf("longjmp returned %d counter %d depth %d\n", r, counter, depth_reached);
    r = setjmp(jb);
    if (r == 0) longjmp(jb, 0); /* longjmp with 0 makes setjmp return 1 */
    printf("longjmp(0) gave %d\n", r);
    sigjmp_buf sj;
    if ((r = sigsetjmp(sj, 1)) == 0) siglongjmp(sj, 77);
    printf("siglongjmp %d\n", r);
}

static double sum_mixed(const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    double s = 0;
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': s += va_arg(ap, int); break;
        case 'l': s += (double)va_arg(ap, long long); break;
        case 'd': s += va_arg(ap, double); break;
        case 'L': s += (double)va_arg(ap, long double); break;
        case 'p': s += (double)(uintptr_t)va_arg(ap, void *); break;
        }
    }
    va_end(ap);
    /* second pass through the copy, printed */
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': printf(" i%d", va_arg(ap2, int)); break;
        case 'l': printf(" l%lld", va_arg(ap2, long long)); break;
        case 'd': printf(" d%a", va_arg(ap2, double)); break;
        case 'L': printf(" L%.21Lg", va_arg(ap2, long double)); break;
        case 'p': printf(" p%p", va_arg(ap2, void *)); break;
        }
    }
    va_end(ap2);
    return s;
}

static void varargs(void) {
    double s = sum_mixed("idLidLlddddddddddLLip", 1, 2.5, 3.25L, 4, 0.1, 1e300L * 1e10L, -5LL, 1.0, 2.0, 3.0, 4.0,
                         5.0, 6.0, 7.0, 8.0, 9.0, 10.0, (long double)1 / 3, -0.0L, 99, (void *)0x1000);
    printf("\nvarargs sum %a\n", s);
    char buf[200];
    snprintf(buf, sizeof buf, "%d %s %Lf %c %lu", 42, "x", 2.5L, 'q', 123456789012UL);
    printf("snprintf: %s\n", buf);
}

typedef unsigned __int128 u128;
typedef __int128 i128;
static void print_u128(u128 v) {
    char b[48];
    int n = 0;
    do { b[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    while (n) putchar(b[--n]);
}
static void print_i128(i128 v) {
    if (v < 0) { putchar('-'); print_u128(-(u128)v); } else print_u128((u128)v);
}

static void int128(void) {
    u128 acc = 1;
    for (int i = 1; i <= 34; i++) acc *= (u128)i; /* 34! fits in 128 bits */
    printf("34! = "); print_u128(acc); putchar('\n');
    u128 h = 0;
    for (int i = 0; i < 20000; i++) {
        u128 a = ((u128)lcg() << 96) | ((u128)lcg() << 64) | ((u128)lcg() << 32) | lcg();
        u128 b = ((u128)lcg() << (lcg() % 96)) | 1;
        i128 sa = (i128)a, sb = (i128)(b >> (lcg() % 3));
        if (lcg() & 1) sb = -sb;
        u128 q = a / b, r = a % b;
        if (q * b + r != a || r >= b) printf("udiv mismatch at %d\n", i);
        i128 sq = sa / sb, sr = sa % sb;
        if (sq * sb + sr != sa) printf("sdiv mismatch at %d\n", i);
        h = h * 0x9e3779b97f4a7c15ULL + q + (u128)sr + (a >> (i % 128)) + ((u128)sa >> 3) + (a * b);
        if (i < 6) {
            print_u128(a); printf(" / "); print_u128(b); printf(" = "); print_u128(q); printf(" r "); print_u128(r);
            printf("; "); print_i128(sa); printf(" / "); print_i128(sb); printf(" = "); print_i128(sq);
            printf(" r "); print_i128(sr); putchar('\n');
        }
    }
    printf("int128 hash %016llx%016llx\n", (unsigned long long)(h >> 64), (unsigned long long)h);
    uint64_t hi, x = 0xfedcba9876543210ULL, y = 0x0123456789abcdefULL;
    u128 p = (u128)x * y;
    hi = (uint64_t)(p >> 64);
    i128 sp = (i128)(int64_t)x * (int64_t)y;
    printf("mul hi %016llx lo %016llx smulhi %016llx\n", (unsigned long long)hi, (unsigned long long)p,
           (unsigned long long)(uint64_t)(sp >> 64));
}

static void bits(void) {
    uint64_t h = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t v = ((uint64_t)lcg() << 32 | lcg()) >> (lcg() % 64);
        uint32_t w = (uint32_t)v;
        int c = __builtin_popcountll(v), cw = __builtin_popcount(w);
        int lz = v ? __builtin_clzll(v) : 64, tz = v ? __builtin_ctzll(v) : 64;
        int lzw = w ? __builtin_clz(w) : 32, tzw = w ? __builtin_ctz(w) : 32;
        uint64_t bs = __builtin_bswap64(v);
        uint32_t bw = __builtin_bswap32(w);
        uint16_t bh = __builtin_bswap16((uint16_t)w);
        int par = __builtin_parityll(v), ffs = __builtin_ffsll((long long)v);
        int clrsb = __builtin_clrsbll((long long)v);
        uint64_t rot = (v << (i % 64)) | (v >> ((64 - i % 64) % 64));
        uint64_t lowest = v & -v, noLowest = v & (v - 1);
        uint64_t nextPow = v ? 1ULL << (63 - __builtin_clzll(v)) : 0;
        h = h * 1000003 ^ (uint64_t)c ^ ((uint64_t)cw << 7) ^ ((uint64_t)lz << 14) ^ ((uint64_t)tz << 21) ^
            ((uint64_t)lzw << 28) ^ ((uint64_t)tzw << 35) ^ bs ^ bw ^ bh ^ ((uint64_t)par << 42) ^ ((uint64_t)ffs << 45) ^
            ((uint64_t)clrsb << 52) ^ rot ^ lowest ^ noLowest ^ nextPow;
        if (i < 8)
            printf("%016llx pop=%d clz=%d ctz=%d bswap=%016llx bswap32=%08x par=%d ffs=%d clrsb=%d\n",
                   (unsigned long long)v, c, lz, tz, (unsigned long long)bs, bw, par, ffs, clrsb);
    }
    printf("bits hash %016llx\n", (unsigned long long)h);
    /* signed overflow-checking builtins */
    long long r;
    int o1 = __builtin_add_overflow(0x7fffffffffffffffLL, 1LL, &r);
    int o2 = __builtin_mul_overflow(3037000500LL, 3037000500LL, &r);
    int o3 = __builtin_sub_overflow(-5LL, 7LL, &r);
    printf("overflow %d %d %d r=%lld\n", o1, o2, o3, r);
}

int main(int argc, char **argv) {
    sorts(argc > 1 ? atoi(argv[1]) : 1000000); /* a million by default */
    jumps();
    varargs();
    int128();
    bits();
    return 40 + argc; /* a non-zero exit status, compared too */
}
