#ifndef LRGRADE_GATHER_H
#define LRGRADE_GATHER_H

#include <stdint.h>

/// Whether the processor and the operating system run AVX-512 F, BW and VL code (cpuid and xgetbv).
int lrgrade_has_avx512(void);

/// For each i in [0, count): out[destinations[i]] = Σ values[k] · x[indices[k]] over k in
/// [starts[i], starts[i + 1]), with AVX-512 gathers: call it only when lrgrade_has_avx512()
/// says so. X·w takes one range per row, Xᵀr one per column; `destinations` are distinct.
///
/// Bit for bit the results of the portable kernel (`gatherDot` in LRNumerics): lane l of a
/// range's accumulator adds the products of k = start + l, start + 8 + l, … in order, exactly
/// as that kernel's partial sum l does; the last (end − start) mod 8 products go one to a
/// lane from lane 0 (a masked gather); the lanes are then added as the vector halves fold,
/// ((0+4)+(2+6))+((1+5)+(3+7)), eight ranges at a time. Products and sums are rounded
/// separately (this file turns contraction into fused multiply-adds off).
void lrgrade_gather_dots_avx512(const uint16_t *indices, const uint8_t *values, const long *starts, long count, const double *x,
                                const long *destinations, double *out);

#endif
