#ifndef LRGRADE_COMPACT_H
#define LRGRADE_COMPACT_H

#include <stdint.h>

/// The number of places `lrgrade_compact_nonzeros_avx512` may write: 784 pixels, and the
/// whole vectors it stores past the last nonzero.
#define LRGRADE_COMPACT_CAPACITY (784 + 64)

/// Whether the processor and the operating system run the AVX-512 code of the two functions
/// below: what lrgrade_has_avx512() checks, and VBMI2.
int lrgrade_has_avx512_compress(void);

/// The number of nonzero bytes of a 784-byte image. Call only when
/// lrgrade_has_avx512_compress() says so.
long lrgrade_nonzero_count_avx512(const uint8_t *image);

/// Writes the column (0-783) and the value of each nonzero byte of a 784-byte image, in
/// column order, to the front of `columns` and `values` (LRGRADE_COMPACT_CAPACITY places
/// each), and returns how many there are: 64 pixels at a time, with the compress
/// instructions of AVX-512 VBMI2. Call only when lrgrade_has_avx512_compress() says so.
long lrgrade_compact_nonzeros_avx512(const uint8_t *image, uint16_t *columns, uint8_t *values);

#endif
