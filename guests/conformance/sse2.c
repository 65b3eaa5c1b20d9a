/* SSE2 intrinsics over fixed-seed data; every result printed as hex. */
#include <emmintrin.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static unsigned long long lcg_state = 0xabcdef0123456789ULL;
static uint64_t lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state ^ (lcg_state >> 29);
}

static void p(const char *name, __m128i v) {
    uint64_t q[2];
    _mm_storeu_si128((__m128i *)q, v);
    printf(" %s=%016llx%016llx", name, (unsigned long long)q[1], (unsigned long long)q[0]);
}
static void pd(const char *name, __m128d v) { p(name, _mm_castpd_si128(v)); }
static void ps(const char *name, __m128 v) { p(name, _mm_castps_si128(v)); }

static __m128i rnd(void) { return _mm_set_epi64x((long long)lcg(), (long long)lcg()); }

static __m128d rndpd(void) {
    double d[2];
    for (int i = 0; i < 2; i++) {
        uint64_t r = lcg();
        switch (r & 7) {
        case 0: { uint64_t b = lcg(); memcpy(&d[i], &b, 8); break; }
        case 1: d[i] = 0.0; break;
        case 2: d[i] = (double)(int64_t)lcg() * 1e-300; break;
        default: d[i] = (double)(int32_t)(r >> 32) / (double)(1 + (r & 0xffff)); break;
        }
    }
    return _mm_loadu_pd(d);
}

int main(void) {
    for (int it = 0; it < 400; it++) {
        __m128i a = rnd(), b = rnd();
        int sh = (int)(lcg() % 70);
        __m128i cnt = _mm_cvtsi32_si128(sh);
        printf("i%d", it);
        p("a", a); p("b", b);
        p("add8", _mm_add_epi8(a, b)); p("add16", _mm_add_epi16(a, b)); p("add32", _mm_add_epi32(a, b));
        p("add64", _mm_add_epi64(a, b)); p("adds8", _mm_adds_epi8(a, b)); p("addsu8", _mm_adds_epu8(a, b));
        p("adds16", _mm_adds_epi16(a, b)); p("addsu16", _mm_adds_epu16(a, b)); p("sub8", _mm_sub_epi8(a, b));
        p("subs16", _mm_subs_epi16(a, b)); p("subsu8", _mm_subs_epu8(a, b)); p("sub64", _mm_sub_epi64(a, b));
        p("mullo16", _mm_mullo_epi16(a, b)); p("mulhi16", _mm_mulhi_epi16(a, b)); p("mulhiu16", _mm_mulhi_epu16(a, b));
        p("mulu32", _mm_mul_epu32(a, b)); p("madd", _mm_madd_epi16(a, b)); p("sad", _mm_sad_epu8(a, b));
        p("avg8", _mm_avg_epu8(a, b)); p("avg16", _mm_avg_epu16(a, b)); p("max16", _mm_max_epi16(a, b));
        p("minu8", _mm_min_epu8(a, b)); p("and", _mm_and_si128(a, b)); p("andn", _mm_andnot_si128(a, b));
        p("or", _mm_or_si128(a, b)); p("xor", _mm_xor_si128(a, b)); p("cmpeq8", _mm_cmpeq_epi8(a, b));
        p("cmpgt16", _mm_cmpgt_epi16(a, b)); p("cmplt32", _mm_cmplt_epi32(a, b));
        p("sll16", _mm_sll_epi16(a, cnt)); p("srl32", _mm_srl_epi32(a, cnt)); p("sra16", _mm_sra_epi16(a, cnt));
        p("sll64", _mm_sll_epi64(a, cnt)); p("slli32", _mm_slli_epi32(a, 7)); p("srai32", _mm_srai_epi32(a, 31));
        p("srli64", _mm_srli_epi64(a, 13)); p("bsl", _mm_slli_si128(a, 5)); p("bsr", _mm_srli_si128(a, 11));
        p("pk16", _mm_packs_epi16(a, b)); p("pk32", _mm_packs_epi32(a, b)); p("pku16", _mm_packus_epi16(a, b));
        p("unlo8", _mm_unpacklo_epi8(a, b)); p("unhi16", _mm_unpackhi_epi16(a, b)); p("unlo32", _mm_unpacklo_epi32(a, b));
        p("unhi64", _mm_unpackhi_epi64(a, b)); p("shuf32", _mm_shuffle_epi32(a, 0x1b));
        p("shufhi", _mm_shufflehi_epi16(a, 0x93)); p("shuflo", _mm_shufflelo_epi16(a, 0x4e));
        p("ins", _mm_insert_epi16(a, 0x7777, 5)); p("movq", _mm_move_epi64(a));
        printf(" ext=%d mask=%08x cvt=%d", _mm_extract_epi16(b, 3), _mm_movemask_epi8(a), _mm_cvtsi128_si32(b));
        putchar('\n');

        __m128d x = rndpd(), y = rndpd();
        printf("d%d", it);
        pd("x", x); pd("y", y);
        pd("add", _mm_add_pd(x, y)); pd("sub", _mm_sub_pd(x, y)); pd("mul", _mm_mul_pd(x, y));
        pd("div", _mm_div_pd(x, y)); pd("sqrt", _mm_sqrt_pd(x)); pd("min", _mm_min_pd(x, y));
        pd("max", _mm_max_pd(x, y)); pd("adds", _mm_add_sd(x, y)); pd("sqrts", _mm_sqrt_sd(x, y));
        pd("cmplt", _mm_cmplt_pd(x, y)); pd("cmpunord", _mm_cmpunord_pd(x, y)); pd("cmpnle", _mm_cmpnle_pd(x, y));
        pd("cmpeq", _mm_cmpeq_pd(x, y)); pd("and", _mm_and_pd(x, y)); pd("xor", _mm_xor_pd(x, y));
        pd("unpk", _mm_unpacklo_pd(x, y)); pd("shuf", _mm_shuffle_pd(x, y, 1));
        ps("cvtpdps", _mm_cvtpd_ps(x)); p("cvtpd", _mm_cvtpd_epi32(x)); p("cvttpd", _mm_cvttpd_epi32(x));
        pd("cvtps", _mm_cvtps_pd(_mm_castsi128_ps(rnd())));
        __m128 fa = _mm_castsi128_ps(rnd());
        p("cvtps2dq", _mm_cvtps_epi32(fa)); p("cvttps2dq", _mm_cvttps_epi32(fa)); ps("cvtdq", _mm_cvtepi32_ps(a));
        pd("cvtdqpd", _mm_cvtepi32_pd(a)); pd("cvtsi", _mm_cvtsi64_sd(x, (long long)lcg()));
        printf(" sd2si=%lld tsd2si=%lld comi=%d%d%d ucomi=%d%d mm=%d", _mm_cvtsd_si64(x), _mm_cvttsd_si64(x),
               _mm_comieq_sd(x, y), _mm_comilt_sd(x, y), _mm_comige_sd(x, y), _mm_ucomineq_sd(x, y),
               _mm_ucomile_sd(x, y), _mm_movemask_pd(x));
        putchar('\n');
    }
    /* Non-temporal stores, masked move, loads at odd alignments. */
    _Alignas(16) unsigned char buf[64];
    for (int i = 0; i < 64; i++) buf[i] = (unsigned char)(i * 37);
    __m128i v = _mm_loadu_si128((const __m128i *)(buf + 3));
    _mm_maskmoveu_si128(_mm_set1_epi8(0x55), _mm_set_epi8(-1, 0, -1, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1, -1, 0),
                        (char *)buf + 17);
    _mm_stream_si128((__m128i *)(buf + 32), v);
    _mm_sfence();
    _mm_mfence();
    _mm_lfence();
    for (int i = 0; i < 64; i++) printf("%02x", buf[i]);
    putchar('\n');
    return 0;
}
