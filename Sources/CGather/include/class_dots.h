#ifndef LRGRADE_CLASS_DOTS_H
#define LRGRADE_CLASS_DOTS_H

#include <stdint.h>

/// The widest row of class values the kernel takes: 24 doubles (six 4-double vectors),
/// room for two models of the ten digits side by side.
#define LRGRADE_CLASS_STRIDE_MAX 24

/// Whether the processor runs AVX2 and FMA code (then `lrgrade_class_dots_avx2` may be called).
int lrgrade_has_avx2(void);

/// K products at once over a sparse matrix, for the multiclass models: for each i in
/// [0, count) and each c in [0, stride), the sum
///
///     s(i, c) = Σ values[k] · x[indices[k] * stride + c],  k in [starts[i], starts[i + 1])
///
/// X·W takes one range per row (indices = columns, x = the folded weights, 784 × stride);
/// Xᵀ(P − Y) one per column (indices = rows, x = the residuals, rows × stride). `stride` is a
/// multiple of 4 up to 24 (K classes padded with zero columns); `destinations` are distinct.
///
/// Without `adding`, s(i, c) is stored in the *blocked* layout, eight rows at a time and
/// class by class: at (d / 8) · 8 · stride + c · 8 + d mod 8 for d = destinations[i], so that
/// the per-row losses load eight rows' values of a class as one vector. With `adding`, it is
/// added to out[d · stride + c].
///
/// Each sum is added in a fixed order, whatever the processor: the products of the even
/// positions k = start, start + 2, … into one partial sum, of the odd ones into another (two
/// chains of adds, so each waits half as long on the latency), then even + odd. Each product
/// is added with one rounding: a fused multiply-add, which the portable kernel gets from the
/// C library's `fma` (correctly rounded, hence the same bits as the AVX2 kernel's; slow on a
/// processor without FMA, which has no AVX2 either and so runs it).
void lrgrade_class_dots_portable(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                 long stride, int adding, const long *destinations, double *out);

/// `lrgrade_class_dots_portable` in AVX2 registers with FMA, the same bits: call it only
/// when `lrgrade_has_avx2()` says so.
void lrgrade_class_dots_avx2(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                             long stride, int adding, const long *destinations, double *out);

#endif
