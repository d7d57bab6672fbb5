#include "gather.h"

// A fused multiply-add rounds once where the portable kernel rounds twice.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int lrgrade_has_avx512(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
    unsigned needed = bit_AVX512F | bit_AVX512BW | bit_AVX512VL;  // BW and VL: the masked loads of the tail
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || (ebx & needed) != needed) return 0;
    // The operating system saves the SSE, AVX, opmask and upper ZMM state (XCR0 bits 1, 2, 5-7).
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;
}

#define TARGET __attribute__((target("avx512f,avx512bw,avx512vl"), always_inline)) static inline

/// The eight lane sums of one range: lane l adds the products of k = begin + l, begin + 8 + l, …
TARGET __m512d laneSums(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x) {
    __m512d sum = _mm512_setzero_pd();
    long k = begin;
    for (; k + 8 <= end; k += 8) {
        __m256i lanes = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(indices + k)));
        __m256i pixels = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(values + k)));
        __m512d gathered = _mm512_i32gather_pd(lanes, x, 8);
        sum = _mm512_add_pd(sum, _mm512_mul_pd(_mm512_cvtepi32_pd(pixels), gathered));
    }
    long rest = end - k;
    if (rest > 0) {
        // The last few nonzeros, one to a lane from lane 0, under a mask: masked-off
        // elements are neither read (nothing past `end`) nor added.
        __mmask8 live = (__mmask8)((1u << rest) - 1);
        __m256i lanes = _mm256_cvtepu16_epi32(_mm_maskz_loadu_epi16(live, indices + k));
        __m256i pixels = _mm256_cvtepu8_epi32(_mm_maskz_loadu_epi8((__mmask16)live, values + k));
        __m512d gathered = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), live, lanes, x, 8);
        sum = _mm512_mask_add_pd(sum, live, sum, _mm512_mul_pd(_mm512_cvtepi32_pd(pixels), gathered));
    }
    return sum;
}

/// One range's lanes folded: l and l + 4, then l and l + 2, then 0 and 1.
TARGET double fold(__m512d sum) {
    __m256d half = _mm256_add_pd(_mm512_castpd512_pd256(sum), _mm512_extractf64x4_pd(sum, 1));
    __m128d quarter = _mm_add_pd(_mm256_castpd256_pd128(half), _mm256_extractf128_pd(half, 1));
    return _mm_cvtsd_f64(_mm_add_sd(quarter, _mm_unpackhi_pd(quarter, quarter)));
}

/// Eight ranges' lanes folded at once, each with exactly `fold`'s adds: shuffles put the
/// operands of each of fold's three steps side by side, so seven vector adds serve eight
/// ranges where `fold` takes three each (with the call, about 6% of gradient descent).
TARGET __m512d foldEight(const __m512d s[8]) {
    __m512d halves[4], quarters[2];
    for (int p = 0; p < 4; p++)  // [s₂ₚ lanes l + (l+4), s₂ₚ₊₁ lanes l + (l+4)], l = 0…3
        halves[p] = _mm512_add_pd(_mm512_shuffle_f64x2(s[2 * p], s[2 * p + 1], 0x44), _mm512_shuffle_f64x2(s[2 * p], s[2 * p + 1], 0xEE));
    for (int q = 0; q < 2; q++)  // four ranges' (half m + half m+2), m = 0, 1
        quarters[q] = _mm512_add_pd(_mm512_shuffle_f64x2(halves[2 * q], halves[2 * q + 1], 0x88),
                                    _mm512_shuffle_f64x2(halves[2 * q], halves[2 * q + 1], 0xDD));
    // quarter 0 + quarter 1 of ranges 0, 4, 1, 5, 2, 6, 3, 7, then put back in order.
    __m512d sums = _mm512_add_pd(_mm512_unpacklo_pd(quarters[0], quarters[1]), _mm512_unpackhi_pd(quarters[0], quarters[1]));
    return _mm512_permutexvar_pd(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7), sums);
}

__attribute__((target("avx512f,avx512bw,avx512vl")))
void lrgrade_gather_dots_avx512(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                const long *destinations, double *out) {
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m512d sums[8];
        for (int r = 0; r < 8; r++) sums[r] = laneSums(indices, values, starts[i + r], starts[i + r + 1], x);
        _mm512_i64scatter_pd(out, _mm512_loadu_si512(destinations + i), foldEight(sums), 8);
    }
    for (; i < count; i++) out[destinations[i]] = fold(laneSums(indices, values, starts[i], starts[i + 1], x));
}

#else
#include <stdlib.h>

int lrgrade_has_avx512(void) { return 0; }

// Never called where there is no AVX-512 (`lrgrade_has_avx512` says so): gatherDot runs instead.
void lrgrade_gather_dots_avx512(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                const long *destinations, double *out) {
    abort();
}
#endif
