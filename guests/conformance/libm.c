/* libm across rounding modes, with exception flags; results as %a and bit patterns. */
#include <stdio.h>
#include <math.h>
#include <fenv.h>
#include <float.h>
#include <stdint.h>
#include <string.h>


static unsigned long long lcg_state = 0x0ddba11deadbeefULL;
static unsigned long long lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state;
}

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *mode_names[] = {"near", "up", "down", "zero"};

static void flags(void) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf(" [%c%c%c%c%c]", f & FE_INVALID ? 'I' : '-', f & FE_DIVBYZERO ? 'Z' : '-', f & FE_OVERFLOW ? 'O' : '-',
           f & FE_UNDERFLOW ? 'U' : '-', f & FE_INEXACT ? 'X' : '-');
}

static uint64_t bits(double d) {
    uint64_t b;
    memcpy(&b, &d, 8);
    if (d != d) b = 0x7ff8000000000000ULL; /* NaN sign and payload are not specified */
    return b;
}

static void out(const char *name, double r) {
    printf(" %s=%016llx", name, (unsigned long long)bits(r));
    flags();
}

/* Exact IEEE operations: results and flags are fully specified. */
static void exact_ops(double x, double y) {
    volatile double vx = x, vy = y;
    feclearexcept(FE_ALL_EXCEPT); out("add", vx + vy);
    feclearexcept(FE_ALL_EXCEPT); out("sub", vx - vy);
    feclearexcept(FE_ALL_EXCEPT); out("mul", vx * vy);
    feclearexcept(FE_ALL_EXCEPT); out("div", vx / vy);
    feclearexcept(FE_ALL_EXCEPT); out("sqrt", sqrt(vx));
    feclearexcept(FE_ALL_EXCEPT); out("fma", fma(vx, vy, vx));
    feclearexcept(FE_ALL_EXCEPT); out("rint", rint(vx));
    feclearexcept(FE_ALL_EXCEPT); out("nearbyint", nearbyint(vx));
    feclearexcept(FE_ALL_EXCEPT); out("floor", floor(vx));
    feclearexcept(FE_ALL_EXCEPT); out("ceil", ceil(vx));
    feclearexcept(FE_ALL_EXCEPT); out("trunc", trunc(vx));
    feclearexcept(FE_ALL_EXCEPT); out("round", round(vx));
    feclearexcept(FE_ALL_EXCEPT); out("nextafter", nextafter(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); out("fmod", fmod(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); out("remainder", remainder(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); out("ldexp", ldexp(vx, 100));
    feclearexcept(FE_ALL_EXCEPT); out("scalbn", scalbn(vx, -1030));
    feclearexcept(FE_ALL_EXCEPT); out("fabs", fabs(vx));
    feclearexcept(FE_ALL_EXCEPT); out("copysign", copysign(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); out("fmin", fmin(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); out("fdim", fdim(vx, vy));
    feclearexcept(FE_ALL_EXCEPT); { volatile float f = (float)vx; out("tofloat", f); }
    if (fabs(x) < 1e18) {
        feclearexcept(FE_ALL_EXCEPT); printf(" lrint=%ld", lrint(vx)); flags();
        feclearexcept(FE_ALL_EXCEPT); printf(" llround=%lld", llround(vx)); flags();
        feclearexcept(FE_ALL_EXCEPT); printf(" cvt=%lld", (long long)vx); flags();
    }
    int e;
    double m = frexp(vx, &e);
    printf(" frexp=%a,%d ilogb=%d", m, e, x == 0 || x != x || isinf(x) ? 0 : ilogb(vx));
    volatile long double lx = vx, ly = vy;
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double lq = lx / ly;
    printf(" ldiv=%.20Le", (long double)lq);
    flags();
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double ls = sqrtl(lx < 0 ? -lx : lx);
    printf(" lsqrt=%.20Le", (long double)ls);
    flags();
}

/* Transcendental functions: compared against the same libm natively. */
static void transcendental(double x, double y) {
    volatile double vx = x, vy = y;
    double r[] = {sin(vx), cos(vx), tan(vx), exp(vx), log(vx), pow(vx, vy), atan2(vx, vy), exp2(vx), log2(vx),
                  log10(vx), expm1(vx), log1p(vx), sinh(vx), tanh(vx), asin(vx), acos(vx), atan(vx), cbrt(vx),
                  hypot(vx, vy), erf(vx), tgamma(vx), lgamma(vx)};
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) printf(" %a", r[i] != r[i] ? NAN : r[i]);
    volatile float fx = (float)x;
    printf(" f:%a %a %a %a", (double)sinf(fx), (double)expf(fx), (double)logf(fx), (double)sqrtf(fx));
}

int main(void) {
    double edge[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.5, 0.1, -0.7, 1e-310, -1e-310, DBL_MIN, DBL_MAX,
                     -DBL_MAX, DBL_EPSILON, 1e300, 1e-300, 4503599627370495.5, 9007199254740991.0, 710.0, -745.2,
                     M_PI, M_PI / 2, 1e22, 0x1p63, -0x1p63, 2147483647.5, -2147483648.5, INFINITY, -INFINITY, NAN};
    size_t n = sizeof edge / sizeof *edge;
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) { printf("fesetround failed\n"); return 1; }
        printf("mode %s get=%d\n", mode_names[m], fegetround() == modes[m]);
        for (size_t i = 0; i < n; i++) {
            double y = edge[(i * 7 + 3) % n];
            printf("%s %a %a:", mode_names[m], edge[i], y);
            exact_ops(edge[i], y);
            putchar('\n');
        }
        lcg_state = 42;
        for (int i = 0; i < 60; i++) {
            uint64_t b = lcg();
            double x, y;
            memcpy(&x, &b, 8);
            y = (double)(int64_t)lcg() / 0x1p40;
            if (i % 3 == 0) x = (double)(int64_t)lcg() / 0x1p50;
            printf("%s r%d %a %a:", mode_names[m], i, x, y);
            exact_ops(x, y);
            putchar('\n');
        }
    }
    fesetround(FE_TONEAREST);
    for (size_t i = 0; i < n; i++) {
        printf("t %a:", edge[i]);
        transcendental(edge[i], edge[(i * 5 + 1) % n]);
        putchar('\n');
    }
    lcg_state = 7;
    for (int i = 0; i < 300; i++) {
        double x = (double)(int64_t)lcg() / 0x1p58;
        double y = (double)(int64_t)lcg() / 0x1p60;
        printf("t%d %a:", i, x);
        transcendental(x, y);
        putchar('\n');
    }
    /* fenv save/restore and raising flags explicitly */
    fenv_t env;
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    flags();
    fegetenv(&env);
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(FE_DOWNWARD);
    flags();
    fesetenv(&env);
    flags();
    printf(" round=%d\n", fegetround() == FE_TONEAREST);
    fexcept_t saved;
    feraiseexcept(FE_DIVBYZERO);
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_DIVBYZERO);
    flags();
    putchar('\n');
    return 0;
}
