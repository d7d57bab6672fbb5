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

/// The kernel for rows of 4·V values; V and `adding` are constants after inlining, so the
/// partial sums live in registers.
__attribute__((always_inline)) static inline void classDots(const int V, const int adding, const uint16_t *indices, const uint8_t *values,
                                                            const long *starts, long count, const double *x, const long *destinations,
                                                            double *out) {
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
        if (adding) {
            double *o = out + d * stride;
            for (int v = 0; v < V; v++) store(o + 4 * v, load(o + 4 * v) + (even[v] + odd[v]));
        } else {
            double *o = out + (d >> 3) * 8 * stride + (d & 7);
            for (int v = 0; v < V; v++) {
                const v4d sum = even[v] + odd[v];
                for (int c = 0; c < 4; c++) o[(4 * v + c) * 8] = sum[c];
            }
        }
    }
}

#define KERNEL(V)                                                                                       \
    if (adding) classDots(V, 1, indices, values, starts, count, x, destinations, out);                  \
    else classDots(V, 0, indices, values, starts, count, x, destinations, out);

#define DISPATCH                     \
    switch (stride) {                \
    case 4: KERNEL(1) break;         \
    case 8: KERNEL(2) break;         \
    case 12: KERNEL(3) break;        \
    case 16: KERNEL(4) break;        \
    case 20: KERNEL(5) break;        \
    case 24: KERNEL(6) break;        \
    default: abort();                \
    }

void lrgrade_class_dots_portable(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                 long stride, int adding, const long *destinations, double *out) {
    DISPATCH
}

#if defined(__x86_64__)
int lrgrade_has_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

__attribute__((target("avx2,fma")))
void lrgrade_class_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                             long stride, int adding, const long *destinations, double *out) {
    DISPATCH
}
#else
int lrgrade_has_avx2(void) { return 0; }

// Never called where there is no AVX2 (`lrgrade_has_avx2` says so).
void lrgrade_class_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                             long stride, int adding, const long *destinations, double *out) {
    abort();
}
#endif
