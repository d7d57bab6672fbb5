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

__attribute__((target("avx512f,avx512bw,avx512vl")))
double lrgrade_gather_dot_avx512(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x) {
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
    // Lanes l and l + 4, then l and l + 2, then 0 and 1.
    __m256d half = _mm256_add_pd(_mm512_castpd512_pd256(sum), _mm512_extractf64x4_pd(sum, 1));
    __m128d quarter = _mm_add_pd(_mm256_castpd256_pd128(half), _mm256_extractf128_pd(half, 1));
    return _mm_cvtsd_f64(_mm_add_sd(quarter, _mm_unpackhi_pd(quarter, quarter)));
}

#else
#include <stdlib.h>

int lrgrade_has_avx512(void) { return 0; }

// Never called where there is no AVX-512 (`lrgrade_has_avx512` says so): gatherDot runs instead.
double lrgrade_gather_dot_avx512(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x) {
    abort();
}
#endif
