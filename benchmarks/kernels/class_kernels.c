// The K-class kernels of Sources/CGather/class_dots.c alone, on the MNIST training images, against
// what this core can do: compiled and run by benchmarks/class_kernels.py, which explains the output.
//
// usage: class_kernels IMAGES ROWS   (IMAGES: ROWS × 784 raw bytes)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "class_dots.h"

typedef double v4d __attribute__((vector_size(32)));

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/// The processor's clock in GHz: a chain of dependent integer adds takes one cycle each on
/// every x86 processor.
static double clockGHz(void) {
    const long steps = 100000000;
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        long x = 0;
        const double start = now();
        for (long n = 0; n < steps; n++) __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x));
        const double seconds = now() - start;
        if (seconds < best) best = seconds;
    }
    return 4.0 * steps / best / 1e9;
}

/// Nanoseconds per 4-double fused multiply-add when nothing else limits them: twelve
/// independent chains in registers.
__attribute__((target("avx2,fma"))) static double multiplyAddNs(void) {
    v4d sums[12];
    for (int i = 0; i < 12; i++) sums[i] = (v4d){i, i, i, i};
    const v4d factor = {1.0000001, 1.0000001, 1.0000001, 1.0000001}, term = {1e-9, 1e-9, 1e-9, 1e-9};
    const long steps = 50000000;
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        const double start = now();
        for (long n = 0; n < steps; n++) {
            for (int i = 0; i < 12; i++) sums[i] = __builtin_elementwise_fma(sums[i], factor, term);
            __asm__ volatile("" : "+x"(sums[0]), "+x"(sums[1]), "+x"(sums[2]), "+x"(sums[3]), "+x"(sums[4]), "+x"(sums[5]), "+x"(sums[6]),
                             "+x"(sums[7]), "+x"(sums[8]), "+x"(sums[9]), "+x"(sums[10]), "+x"(sums[11]));
        }
        const double seconds = now() - start;
        if (seconds < best) best = seconds;
    }
    return best / (steps * 12.0) * 1e9;
}

enum { pieceRows = 192, size = 784 };

typedef void (*Kernel)(const uint16_t *, const uint8_t *, const long *, long, const double *, long, int, const long *, double *);

/// Seconds for X·W over all rows, in pieces of 192 rows as the job runs it, with `columns`
/// as each nonzero's column.
static double rowPass(Kernel kernel, const uint16_t *columns, const uint8_t *values, const long *rowStart, long n, const double *weights,
                      long stride, const long *destinations, double *out) {
    const double start = now();
    for (long first = 0; first < n; first += pieceRows) {
        const long count = first + pieceRows < n ? pieceRows : n - first;
        kernel(columns, values, rowStart + first, count, weights, stride, 0, destinations, out);
    }
    return now() - start;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: class_kernels IMAGES ROWS\n");
        return 2;
    }
    const long n = atol(argv[2]);
    uint8_t *images = malloc(n * size);
    FILE *file = fopen(argv[1], "rb");
    if (!file || fread(images, 1, n * size, file) != (size_t)(n * size)) {
        fprintf(stderr, "class_kernels: cannot read %ld images from %s\n", n, argv[1]);
        return 1;
    }
    fclose(file);
    const int wide = lrgrade_has_avx2();
    const Kernel kernel = wide ? lrgrade_class_dots_avx2 : lrgrade_class_dots_portable;

    // Rows as the design stores them (columns ascending), in pieces of 192 rows; each piece's
    // columns (rows ascending), as its column-sorted copy stores them (without its order by count).
    long nonzeros = 0;
    for (long i = 0; i < n * size; i++) nonzeros += images[i] != 0;
    uint16_t *columns = malloc(nonzeros * 2), *confined = malloc(nonzeros * 2), *rowsByColumn = malloc(nonzeros * 2);
    uint8_t *values = malloc(nonzeros), *valuesByColumn = malloc(nonzeros);
    long *rowStart = malloc((n + 1) * sizeof(long));
    const long pieces = (n + pieceRows - 1) / pieceRows;
    long *columnStart = malloc((pieces * (size + 1)) * sizeof(long));
    long k = 0;
    for (long i = 0; i < n; i++) {
        rowStart[i] = k;
        for (int j = 0; j < size; j++)
            if (images[i * size + j]) {
                columns[k] = j;
                confined[k] = j % 150;  // 150 pixels of weights: they stay in the first-level cache
                values[k++] = images[i * size + j];
            }
    }
    rowStart[n] = k;
    k = 0;
    for (long p = 0; p < pieces; p++) {
        const long first = p * pieceRows, end = first + pieceRows < n ? first + pieceRows : n;
        for (int j = 0; j < size; j++) {
            columnStart[p * (size + 1) + j] = k;
            for (long i = first; i < end; i++)
                if (images[i * size + j]) {
                    rowsByColumn[k] = i - first;
                    valuesByColumn[k++] = images[i * size + j];
                }
        }
        columnStart[p * (size + 1) + size] = k;
    }
    long destinations[size];
    for (int i = 0; i < size; i++) destinations[i] = i;

    const double ghz = clockGHz(), fma = multiplyAddNs();
    printf("clock_ghz %.3f\nfma_ns %.4f\nnonzeros %ld\nkernel %s\n", ghz, fma, nonzeros, wide ? "avx2" : "portable");
    const long strides[] = {12, 20};
    for (int s = 0; s < 2; s++) {
        const long stride = strides[s];
        double *weights = malloc(size * stride * sizeof(double)), *residuals = malloc(pieceRows * stride * sizeof(double));
        double *out = malloc(pieceRows * stride * sizeof(double)), *sums = calloc(size * stride, sizeof(double));
        for (long i = 0; i < size * stride; i++) weights[i] = 1e-3 * (i % 97) - 0.05;
        for (long i = 0; i < pieceRows * stride; i++) residuals[i] = 1e-2 * (i % 89) - 0.4;
        double rows = 1e9, rowsInL1 = 1e9, columnSums = 1e9;
        for (int run = 0; run < 7; run++) {
            double seconds = rowPass(kernel, columns, values, rowStart, n, weights, stride, destinations, out);
            if (seconds < rows) rows = seconds;
            seconds = rowPass(kernel, confined, values, rowStart, n, weights, stride, destinations, out);
            if (seconds < rowsInL1) rowsInL1 = seconds;
            const double start = now();
            for (long p = 0; p < pieces; p++) kernel(rowsByColumn, valuesByColumn, columnStart + p * (size + 1), size, residuals, stride, 1, destinations, sums);
            seconds = now() - start;
            if (seconds < columnSums) columnSums = seconds;
        }
        printf("rows_ns %ld %.4f\nrows_in_l1_ns %ld %.4f\ncolumns_ns %ld %.4f\n", stride, rows / nonzeros * 1e9, stride, rowsInL1 / nonzeros * 1e9, stride,
               columnSums / nonzeros * 1e9);
        free(weights), free(residuals), free(out), free(sums);
    }
    return 0;
}
