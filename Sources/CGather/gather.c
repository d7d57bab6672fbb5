#include "gather.h"

// A fused multiply-add rounds once where the portable kernel rounds twice.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int lrgrade_has_avx512(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || !(ebx & bit_AVX512F)) return 0;
    // The operating system saves the SSE, AVX, opmask and upper ZMM state (XCR0 bits 1, 2, 5-7).
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;
}

__attribute__((target("avx512f")))
double lrgrade_gather_dot_avx512(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x) {
    __m512d sum = _mm512_setzero_pd();
    long k = begin;
    for (; k + 8 <= end; k += 8) {
        __m256i lanes = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(indices + k)));
        __m256i pixels = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(values + k)));
        __m512d gathered = _mm512_i32gather_pd(lanes, x, 8);
        sum = _mm512_add_pd(sum, _mm512_mul_pd(_mm512_cvtepi32_pd(pixels), gathered));
    }
    double a[8];
    _mm512_storeu_pd(a, sum);
    for (; k < end; k++) a[0] += (double)values[k] * x[indices[k]];
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

#else
#include <stdlib.h>

int lrgrade_has_avx512(void) { return 0; }

// Never called where there is no AVX-512 (`lrgrade_has_avx512` says so): gatherDot runs instead.
double lrgrade_gather_dot_avx512(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x) {
    abort();
}
#endif
