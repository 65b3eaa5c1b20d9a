/* mix: assorted integer code (hashing, division of every width, 128-bit arithmetic, bit
 * tricks, struct copies, a sieve). Built at -O0/-O1/-O2/-Os/-O3 as mix-O*, it prints one
 * number, which must be the same natively and under Helctic; the machine's decoder oracle
 * compiles it too. */
#include "linux_rt.h"

typedef unsigned int u32;
typedef unsigned char u8;

struct point { i64 x, y, z; u32 tag; u8 flags[12]; };

u64 fnv1a(const u8 *p, u64 n) {
    u64 h = 0xcbf29ce484222325UL;
    for (u64 i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3UL; }
    return h;
}

u64 mix64(u64 x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
    return x;
}

i64 divs(i64 a, i64 b, u64 c, u64 d) { return a / b + a % b + (i64) (c / d) + (i64) (c % d); }
int divs32(int a, int b, unsigned c, unsigned d) { return a / b + a % b + (int) (c / d) + (int) (c % d); }
short s16(short a, short b) { return (short) (a * b + (a >> 3) - (b << 2)); }
signed char s8(signed char a, unsigned char b) { return (signed char) (a * b - (a >> 1) + (b % 7)); }

void copy_points(struct point *dst, const struct point *src, int n) {
    for (int i = 0; i < n; i++) dst[i] = src[i];
}

void zero_point(struct point *p) { struct point z = {0}; *p = z; }

int classify(int c) {
    switch (c) {
        case 0: return 10; case 1: return 17; case 2: return 33; case 3: return 41;
        case 4: return 5; case 5: return 99; case 6: return 123; default: return -1;
    }
}

u64 bits(u64 x, int s) {
    u64 r = (x << s) | (x >> (64 - s));
    r += (u64) __builtin_popcountll(x);
    r ^= (u64) __builtin_ctzll(x | 1) + (u64) __builtin_clzll(x | 1);
    r += __builtin_bswap64(x) + __builtin_bswap32((u32) x);
    return r;
}

i64 minmax(i64 *a, int n) {
    i64 mn = a[0], mx = a[0];
    for (int i = 1; i < n; i++) { if (a[i] < mn) mn = a[i]; if (a[i] > mx) mx = a[i]; }
    return mx - mn;
}

u64 sieve(u8 *buf, u64 n) {
    u64 count = 0;
    for (u64 i = 0; i < n; i++) buf[i] = 1;
    for (u64 i = 2; i < n; i++) {
        if (!buf[i]) continue;
        count++;
        for (u64 j = i * i; j < n; j += i) buf[j] = 0;
    }
    return count;
}

u64 strsum(const char *s) {
    u64 h = 5381;
    while (*s) h = h * 33 + (u8) *s++;
    return h;
}

int cmp_signed(i64 a, i64 b) { return (a < b) - (a > b) + (a == b) * 7; }
u32 mulhi(u32 a, u32 b) { return (u32) (((u64) a * b) >> 32); }
u64 mulhi64(u64 a, u64 b) { return (u64) (((unsigned __int128) a * b) >> 64); }
i64 sdiv128(__int128 a, i64 b) { return (i64) (a / b); }

/* the differential workload: everything above, folded into one number */
u64 workload(void) {
    static u8 buf[5000];
    static struct point pts[8], out[8];
    u64 acc = 0;
    for (int i = 0; i < 8; i++) {
        pts[i].x = i * 3 - 7; pts[i].y = (i64) mix64((u64) i); pts[i].z = -i; pts[i].tag = (u32) i * 0x9e37u;
        for (int k = 0; k < 12; k++) pts[i].flags[k] = (u8) (i + k);
    }
    copy_points(out, pts, 8);
    zero_point(&out[3]);
    acc += fnv1a((const u8 *) out, sizeof out);
    acc ^= sieve(buf, sizeof buf);
    for (int i = -50; i < 50; i++) {
        acc += (u64) classify(i & 7);
        acc = mix64(acc + (u64) i);
        acc += (u64) divs(acc >> 3 | 1, (i | 1), acc, (u64) (i * i + 1));
        acc += (u64) divs32((int) acc, i | 1, (unsigned) acc, (unsigned) i | 3);
        acc += (u64) s16((short) acc, (short) i) + (u64) s8((signed char) acc, (u8) i);
        acc += bits(acc, (i & 63) | 1);
        acc += (u64) cmp_signed((i64) acc, i);
        acc += mulhi((u32) acc, (u32) i) + mulhi64(acc, (u64) i * 0x1234567);
        acc += (u64) sdiv128(((__int128) (i64) acc << 20), (i64) (i | 1) * 1000003);
    }
    i64 arr[16];
    for (int i = 0; i < 16; i++) arr[i] = (i64) mix64(acc + (u64) i);
    acc += (u64) minmax(arr, 16);
    acc += strsum("the quick brown fox jumps over the lazy dog");
    return acc;
}

int guest_main(int argc, char **argv, char **envp) {
    (void) argc; (void) argv; (void) envp;
    char buf[24], *p = buf + 23;
    u64 v = workload();
    *p = 0;
    do { *--p = (char) ('0' + v % 10); v /= 10; } while (v);
    put_str(p);
    put_str("\n");
    return 0;
}
