/* strtod/strtof/strtold/atof round-trips and edge inputs, printed as bit patterns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <math.h>

static unsigned long long lcg_state = 0xfeedfacecafebeefULL;
static unsigned long long lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state;
}

static void ld_bits(long double d) {
    unsigned char b[16] = {0};
    memcpy(b, &d, 10);
    printf("%02x%02x", b[9], b[8]);
    for (int i = 7; i >= 0; i--) printf("%02x", b[i]);
}

static void parse(const char *s) {
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    int e1 = errno;
    long de = end - s;
    errno = 0;
    float f = strtof(s, &end);
    int e2 = errno;
    long fe = end - s;
    errno = 0;
    long double l = strtold(s, &end);
    int e3 = errno;
    long le = end - s;
    uint64_t db;
    uint32_t fb;
    memcpy(&db, &d, 8);
    memcpy(&fb, &f, 4);
    if (isnan(d)) db &= ~(1ULL << 63), db = 0x7ff8000000000000ULL; /* sign/payload of NaN may vary */
    if (isnan(f)) fb = 0x7fc00000;
    printf("\"%s\" d=%016llx/%ld/%d f=%08x/%ld/%d l=", s, (unsigned long long)db, de, e1 ? 1 : 0, fb, fe, e2 ? 1 : 0);
    if (isnan(l)) printf("nan"); else ld_bits(l);
    printf("/%ld/%d\n", le, e3 ? 1 : 0);
}

int main(void) {
    const char *inputs[] = {
        "0", "-0", "1", "0.1", "  +3.5e2xyz", "1e308", "1e309", "-1e309", "1e-320", "1e-400", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "9007199254740993",
        "9007199254740992.5", "0x1p-1074", "0x1.fffffffffffffp1023", "0X1.8P+1", "0x.8", "0x1p", "inf", "-Infinity",
        "nan", "NAN(123)", "infinite", "1e", "1e+", ".", ".5", "5.", "e5", "", "   ", "0.000000000000000000000000000001",
        "123456789012345678901234567890", "3.14159265358979323846264338327950288419716939937510",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "1e4932", "1e-4951", "1.18973149535723176502e+4932",
        "3.4028235e38", "3.4028236e38", "1.4e-45", "7e-46", "0x1.fffffep127", "00000000000000000000001.5",
        "1_000", "-.e3", "+-1", "0.5e-0", "1E+0010",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) parse(inputs[i]);
    char buf[128];
    for (int i = 0; i < 400; i++) {
        uint64_t bits = lcg();
        double d;
        memcpy(&d, &bits, 8);
        if (isnan(d) || isinf(d)) continue;
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        snprintf(buf + 64, 64, "%.*e", (int)(lcg() % 25), d);
        parse(buf + 64);
        printf("rt %s %s\n", buf, memcmp(&back, &d, 8) == 0 ? "ok" : "MISMATCH");
    }
    for (int i = 0; i < 200; i++) {
        int digits = 1 + (int)(lcg() % 30);
        char *p = buf;
        if (lcg() & 1) *p++ = '-';
        for (int k = 0; k < digits; k++) {
            *p++ = (char)('0' + lcg() % 10);
            if (k == digits / 2) *p++ = '.';
        }
        p += sprintf(p, "e%d", (int)(lcg() % 700) - 350);
        parse(buf);
    }
    printf("atof %a atoi %d atol %ld strtol %ld strtoul %lu strtoll %lld\n", atof("2.5e-3"), atoi(" -123x"),
           atol("999999999999"), strtol("0x7fffffffffffffff0", NULL, 0), strtoul("-1", NULL, 10),
           strtoll("-0777", NULL, 0));
    return 0;
}
