#include "compact.h"
#include "gather.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int lrgrade_has_avx512_compress(void) {
    // The gather kernel's check (F, BW, VL, and the state the OS saves), plus VBMI2.
    unsigned eax, ebx, ecx, edx;
    return lrgrade_has_avx512() && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ecx & bit_AVX512VBMI2);
}

// 784 = 12 × 64 + 16: twelve whole vectors and a last one of 16 bytes under a mask.
enum { wholeVectors = 12 };
static const __mmask64 lastVector = 0xFFFF;

__attribute__((target("avx512f,avx512bw")))
long lrgrade_nonzero_count_avx512(const uint8_t *image) {
    long count = 0;
    for (int v = 0; v < wholeVectors; v++) {
        __m512i pixels = _mm512_loadu_si512(image + 64 * v);
        count += __builtin_popcountll(_mm512_test_epi8_mask(pixels, pixels));
    }
    __m512i pixels = _mm512_maskz_loadu_epi8(lastVector, image + 64 * wholeVectors);
    return count + __builtin_popcountll(_mm512_test_epi8_mask(pixels, pixels));
}

__attribute__((target("avx512f,avx512bw,avx512vbmi2")))
static inline long compactVector(__m512i pixels, int first, uint16_t *columns, uint8_t *values, long k) {
    __mmask64 nonzero = _mm512_test_epi8_mask(pixels, pixels);
    if (!nonzero) return k;
    const __m512i lanes = _mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
                                           15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    __mmask32 low = (__mmask32)nonzero, high = (__mmask32)(nonzero >> 32);
    long lowCount = __builtin_popcount(low);
    // Whole vectors stored; only the first `count` places of each hold nonzeros.
    _mm512_storeu_si512(values + k, _mm512_maskz_compress_epi8(nonzero, pixels));
    _mm512_storeu_si512(columns + k, _mm512_maskz_compress_epi16(low, _mm512_add_epi16(lanes, _mm512_set1_epi16((short)first))));
    _mm512_storeu_si512(columns + k + lowCount,
                        _mm512_maskz_compress_epi16(high, _mm512_add_epi16(lanes, _mm512_set1_epi16((short)(first + 32)))));
    return k + __builtin_popcountll(nonzero);
}

__attribute__((target("avx512f,avx512bw,avx512vbmi2")))
long lrgrade_compact_nonzeros_avx512(const uint8_t *image, uint16_t *columns, uint8_t *values) {
    long k = 0;
    for (int v = 0; v < wholeVectors; v++) k = compactVector(_mm512_loadu_si512(image + 64 * v), 64 * v, columns, values, k);
    return compactVector(_mm512_maskz_loadu_epi8(lastVector, image + 64 * wholeVectors), 64 * wholeVectors, columns, values, k);
}

#else
#include <stdlib.h>

int lrgrade_has_avx512_compress(void) { return 0; }

// Never called where there is no AVX-512 (`lrgrade_has_avx512_compress` says so).
long lrgrade_nonzero_count_avx512(const uint8_t *image) { abort(); }
long lrgrade_compact_nonzeros_avx512(const uint8_t *image, uint16_t *columns, uint8_t *values) { abort(); }
#endif
