#include "class_dots.h"
#include <stdlib.h>
#include <string.h>

// Every multiply-add is written as one (fma below); no other is formed.
#pragma STDC FP_CONTRACT OFF

typedef double v4d __attribute__((vector_size(32)));

__attribute__((always_inline)) static inline v4d load(const double *p) {
    v4d v;
    memcpy(&v, p, sizeof v);
    return v;
}

__attribute__((always_inline)) static inline void store(double *p, v4d v) { memcpy(p, &v, sizeof v); }

/// p·x + sum in each lane, rounded once: a fused multiply-add where the target has one, the C
/// library's `fma` (the same correctly rounded result) in the portable build.
__attribute__((always_inline)) static inline v4d multiplyAdd(double p, v4d x, v4d sum) {
    return __builtin_elementwise_fma((v4d){p, p, p, p}, x, sum);
}

/// The row kernel for rows of 4·V values; V is a constant after inlining, so the partial
/// sums live in registers.
__attribute__((always_inline)) static inline void classDots(const int V, const uint16_t *indices, const uint8_t *values, const long *starts,
                                                            long count, const double *x, const long *destinations, double *out) {
    const long stride = 4 * V;
    for (long i = 0; i < count; i++) {
        v4d even[6], odd[6];
        for (int v = 0; v < V; v++) even[v] = odd[v] = (v4d){0, 0, 0, 0};
        long k = starts[i];
        const long end = starts[i + 1];
        for (; k + 2 <= end; k += 2) {
            const double *a = x + (long)indices[k] * stride, *b = x + (long)indices[k + 1] * stride;
            const double p = values[k], q = values[k + 1];
            for (int v = 0; v < V; v++) {
                even[v] = multiplyAdd(p, load(a + 4 * v), even[v]);
                odd[v] = multiplyAdd(q, load(b + 4 * v), odd[v]);
            }
        }
        if (k < end) {
            const double *a = x + (long)indices[k] * stride;
            const double p = values[k];
            for (int v = 0; v < V; v++) even[v] = multiplyAdd(p, load(a + 4 * v), even[v]);
        }
        const long d = destinations[i];
        double *o = out + (d >> 3) * 8 * stride + (d & 7);
        for (int v = 0; v < V; v++) {
            const v4d sum = even[v] + odd[v];
            for (int c = 0; c < 4; c++) o[(4 * v + c) * 8] = sum[c];
        }
    }
}

/// The pair kernel for rows of 4·V values: the two columns' partial sums, in two chains each
/// (even and odd entries) when V ≤ 3, else in one, are 2·V to 4·V vectors in registers.
__attribute__((always_inline)) static inline void classPairDots(const int V, const uint16_t *rows, const uint8_t *values, const long *starts,
                                                                long count, const double *x, const long *destinations, double *out) {
    const long stride = 4 * V;
    const int twoChains = V <= 3;
    for (long i = 0; i < count; i++) {
        v4d first[6], second[6], firstOdd[6], secondOdd[6];
        for (int v = 0; v < V; v++) first[v] = second[v] = (v4d){0, 0, 0, 0};
        for (int v = 0; v < V; v++) firstOdd[v] = secondOdd[v] = (v4d){0, 0, 0, 0};
        long k = starts[i];
        const long end = starts[i + 1];
        if (twoChains) {
            for (; k + 2 <= end; k += 2) {
                const double *a = x + (long)rows[k] * stride, *b = x + (long)rows[k + 1] * stride;
                const double p = values[2 * k], q = values[2 * k + 1], r = values[2 * k + 2], s = values[2 * k + 3];
                for (int v = 0; v < V; v++) {
                    const v4d ra = load(a + 4 * v), rb = load(b + 4 * v);
                    first[v] = multiplyAdd(p, ra, first[v]);
                    second[v] = multiplyAdd(q, ra, second[v]);
                    firstOdd[v] = multiplyAdd(r, rb, firstOdd[v]);
                    secondOdd[v] = multiplyAdd(s, rb, secondOdd[v]);
                }
            }
        }
        for (; k < end; k++) {
            const double *a = x + (long)rows[k] * stride;
            const double p = values[2 * k], q = values[2 * k + 1];
            for (int v = 0; v < V; v++) {
                const v4d ra = load(a + 4 * v);
                first[v] = multiplyAdd(p, ra, first[v]);
                second[v] = multiplyAdd(q, ra, second[v]);
            }
        }
        double *o = out + 2 * destinations[i] * stride;
        for (int v = 0; v < V; v++) {
            const v4d a = twoChains ? first[v] + firstOdd[v] : first[v], b = twoChains ? second[v] + secondOdd[v] : second[v];
            store(o + 4 * v, load(o + 4 * v) + a);
            store(o + stride + 4 * v, load(o + stride + 4 * v) + b);
        }
    }
}

#define DISPATCH(kernel)                                                       \
    switch (stride) {                                                          \
    case 4: kernel(1, indices, values, starts, count, x, destinations, out); break;  \
    case 8: kernel(2, indices, values, starts, count, x, destinations, out); break;  \
    case 12: kernel(3, indices, values, starts, count, x, destinations, out); break; \
    case 16: kernel(4, indices, values, starts, count, x, destinations, out); break; \
    case 20: kernel(5, indices, values, starts, count, x, destinations, out); break; \
    case 24: kernel(6, indices, values, starts, count, x, destinations, out); break; \
    default: abort();                                                          \
    }

void lrgrade_class_dots_portable(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                 long stride, const long *destinations, double *out) {
    DISPATCH(classDots)
}

void lrgrade_class_pair_dots_portable(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                      long stride, const long *destinations, double *out) {
    DISPATCH(classPairDots)
}

#if defined(__x86_64__)
int lrgrade_has_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

__attribute__((target("avx2,fma")))
void lrgrade_class_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                             long stride, const long *destinations, double *out) {
    DISPATCH(classDots)
}

__attribute__((target("avx2,fma")))
void lrgrade_class_pair_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                  long stride, const long *destinations, double *out) {
    DISPATCH(classPairDots)
}
#else
int lrgrade_has_avx2(void) { return 0; }

// Never called where there is no AVX2 (`lrgrade_has_avx2` says so).
void lrgrade_class_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                             long stride, const long *destinations, double *out) {
    abort();
}

void lrgrade_class_pair_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                  long stride, const long *destinations, double *out) {
    abort();
}
#endif
