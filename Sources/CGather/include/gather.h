#ifndef LRGRADE_GATHER_H
#define LRGRADE_GATHER_H

#include <stdint.h>

/// Whether the processor and the operating system run AVX-512 F, BW and VL code (cpuid and xgetbv).
int lrgrade_has_avx512(void);

/// Σ values[k] · x[indices[k]] for k in [begin, end), with AVX-512 gathers: call it only when
/// lrgrade_has_avx512() says so.
///
/// Bit for bit the result of the portable kernel (`gatherDot` in LRNumerics): lane l of the
/// one accumulator adds the products of k = begin + l, begin + 8 + l, … in order, exactly as
/// that kernel's partial sum l does; the last (end − begin) mod 8 products go one to a lane
/// from lane 0 (a masked gather); the lanes are then added as the vector halves fold,
/// ((0+4)+(2+6))+((1+5)+(3+7)). Products and sums are rounded separately (this file turns
/// contraction into fused multiply-adds off).
double lrgrade_gather_dot_avx512(const uint16_t *indices, const uint8_t *values, long begin, long end, const double *x);

#endif
