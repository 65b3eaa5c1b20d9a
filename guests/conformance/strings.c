/* String routines at every alignment, with buffers that end right before a PROT_NONE page
 * (an over-read past the terminator or the length faults). Results are hashed and checked
 * against naive loops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
static unsigned char *ra, *rb; /* two regions: 2 RW pages followed by a guard page */
static uint64_t h = 1469598103934665603ULL;
static volatile size_t huge = (size_t)-1;
static long bad;
static uint64_t lcg_state = 99;
static uint64_t lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state >> 33;
}
static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ULL; }
static void check(int ok) { if (!ok) bad++; }

static unsigned char *region(void) {
    unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + 2 * PAGE, PAGE, PROT_NONE) != 0) { perror("mmap"); exit(2); }
    return p;
}
static unsigned char *end_a(void) { return ra + 2 * PAGE; }
static unsigned char *end_b(void) { return rb + 2 * PAGE; }

static void fill(unsigned char *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)('a' + (i * 7 + seed) % 23);
}

/* fill(p, n, seed) leaves p equal to pattern(seed) (7 * 10 == 1 mod 23) */
static unsigned char pat[2 * PAGE + 64];
static const unsigned char *pattern(size_t seed) { return pat + (seed * 10) % 23; }

static size_t naive_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int sgn(int v) { return (v > 0) - (v < 0); }

static void report(const char *name) {
    printf("%-8s hash=%016llx bad=%ld\n", name, (unsigned long long)h, bad);
    h = 1469598103934665603ULL;
    bad = 0;
}

/* lengths: each base + 0..63, so the start takes every alignment mod 64 while the end stays at the guard */
static const size_t bases[] = {0, 64, 4032, 4096 + 64};

int main(void) {
    fill(pat, sizeof pat, 0);
    ra = region();
    rb = region();

    /* memcpy: source ends at guard A; destination at alignment da in region B, canaries around it */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        unsigned char *src = end_a() - len;
        fill(src, len, (unsigned)k);
        for (size_t da = 0; da < 64; da += (len > 200 ? 9 : 1)) {
            unsigned char *dst = rb + 64 + da;
            memset(rb, 0xcc, len + 256);
            void *r = memcpy(dst, src, len);
            check(r == dst && memcmp(dst, src, len) == 0 && dst[-1] == 0xcc && dst[len] == 0xcc);
            mix(dst[len / 2] + len);
            /* and the other way: destination ends at guard B */
            unsigned char *d2 = end_b() - len;
            memmove(d2, rb + 64 + da, len); /* overlaps when len > 4K */
            check(memcmp(d2, src, len) == 0);
        }
    }
    report("memcpy");

    /* memmove: overlapping both ways, every shift 0..63, the block ending at the guard */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k += (bases[bi] > 100 ? 5 : 1)) {
        size_t len = bases[bi] + k;
        for (size_t sh = 0; sh < 64; sh++) {
            unsigned char *hi = end_a() - len, *lo = hi - sh;
            fill(hi, len, (unsigned)sh);
            memmove(lo, hi, len); /* forward overlap */
            int ok = memcmp(lo, pattern(sh), len) == 0;
            fill(lo, len, (unsigned)k);
            memmove(hi, lo, len); /* backward overlap */
            ok &= memcmp(hi, pattern(k), len) == 0;
            check(ok);
            mix(len * 64 + sh + (len ? lo[0] : 0));
        }
    }
    report("memmove");

    /* memset at every alignment, up to the guard */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        unsigned char *d = end_a() - len;
        d[-1] = 0x11;
        int c = (int)(k * 13 + 0x100); /* only the low byte is used */
        void *r = memset(d, c, len);
        int ok = r == d && d[-1] == 0x11;
        for (size_t i = 0; i < len; i++) ok &= d[i] == (unsigned char)c;
        check(ok);
        mix(len);
    }
    report("memset");

    /* memcmp: equal, or differing at one position; both ends at the guards; every alignment pair */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        unsigned char *a = end_a() - len;
        fill(a, len, 3);
        for (size_t sh = 0; sh < 64; sh += (len > 200 ? 7 : 1)) {
            unsigned char *b = end_b() - len - sh;
            memcpy(b, a, len);
            check(memcmp(a, b, len) == 0);
            if (len) {
                size_t pos = lcg() % len;
                b[pos] = (unsigned char)(a[pos] + 1 + lcg() % 200);
                int r = memcmp(a, b, len);
                check(sgn(r) == (a[pos] < b[pos] ? -1 : 1));
                mix((uint64_t)sgn(r) + pos);
                check(memcmp(b, a, pos) == 0);
            }
        }
    }
    report("memcmp");

    /* strlen/strchr/strrchr: the NUL is the last byte before the guard */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        char *s = (char *)end_a() - len - 1;
        fill((unsigned char *)s, len, (unsigned)k);
        s[len] = 0;
        check(strlen(s) == len);
        mix(strlen(s));
        check(strchr(s, 'Z') == NULL);
        check(strchr(s, 0) == s + len);
        check(strrchr(s, 'Z') == NULL);
        check(strrchr(s, 0) == s + len);
        if (len) {
            size_t pos = lcg() % len;
            s[pos] = 'Z';
            check(strchr(s, 'Z') == s + pos);
            check(strrchr(s, 'Z') == s + pos);
            char *r = strrchr(s, s[0] == 'Z' ? 'Z' : s[0]);
            mix((uint64_t)(r - s));
            char *f = strchr(s, 'a' + 5);
            mix(f ? (uint64_t)(f - s) : 999999);
            check(naive_strlen(s) == len);
        }
    }
    report("strlen");

    /* strcmp/strncmp: both strings end at a guard, every relative alignment */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        char *a = (char *)end_a() - len - 1;
        fill((unsigned char *)a, len, 1);
        a[len] = 0;
        for (size_t sh = 0; sh < 64; sh += (len > 200 ? 7 : 1)) {
            char *b = (char *)end_b() - len - 1 - sh;
            memcpy(b, a, len + 1);
            check(strcmp(a, b) == 0 && strncmp(a, b, len + 100) == 0 && strncmp(a, b, huge) == 0);
            if (len) {
                size_t pos = lcg() % len;
                b[pos] = (char)(0x80 + lcg() % 100); /* high bytes compare as unsigned char */
                int r = strcmp(a, b);
                check(r < 0);
                check(strncmp(a, b, pos) == 0);
                check(strncmp(a, b, pos + 1) < 0);
                mix(pos + (uint64_t)sgn(strcmp(b, a)));
                b[pos] = 0; /* b is a prefix of a */
                check(strcmp(a, b) > 0 && strcmp(b, a) < 0);
            }
        }
    }
    report("strcmp");

    /* strstr/strspn/strcspn, needle or accepted run at the very end */
    for (size_t bi = 0; bi < 4; bi++) for (size_t k = 0; k < 64; k++) {
        size_t len = bases[bi] + k;
        char *s = (char *)end_a() - len - 1;
        for (size_t i = 0; i < len; i++) s[i] = (char)('a' + (i % 3));
        s[len] = 0;
        check(strspn(s, "abc") == len);
        check(strcspn(s, "xyz") == len);
        check(strspn(s, "ab") == (len ? (len > 1 ? 2 : 1) : 0));
        check(strcspn(s, "c") == (len > 2 ? 2 : len));
        char needle[] = "abcx";
        check(strstr(s, needle) == NULL);
        if (len >= 4) {
            s[len - 1] = 'x';
            char *n2 = s + len - 4;
            char nb[5];
            memcpy(nb, n2, 5);
            char *r = strstr(s, nb);
            check(r != NULL && strcmp(r, nb) == 0);
            mix((uint64_t)(r - s));
            check(strspn(s, "abc") == len - 1);
            check(strcspn(s, "x") == len - 1);
        }
        check(strstr(s, "") == s);
        /* a longer needle, found only at the end */
        if (len >= 40) {
            char *t = (char *)end_b() - 41;
            memcpy(t, s + len - 40, 41);
            t[0] = 'q';
            s[len - 40] = 'q';
            check(strstr(s, t) == s + len - 40);
        }
    }
    report("strstr");
    printf("pagesize %ld\n", (long)(sysconf(_SC_PAGESIZE) == PAGE));
    return 0;
}
