#include "cross_entropy.h"
#include "gather.h"

// Every product and sum is rounded on its own, as in the Swift code this mirrors.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

#define TARGET __attribute__((target("avx512f"), always_inline)) static inline

TARGET __m512d splat(double value) { return _mm512_set1_pd(value); }
TARGET __m512d bits(unsigned long long pattern) { return _mm512_castsi512_pd(_mm512_set1_epi64((long long)pattern)); }
// As Swift negates a SIMD vector: 0 − x (so −(+0) is +0).
TARGET __m512d negate(__m512d x) { return _mm512_sub_pd(_mm512_setzero_pd(), x); }

/// `result` with the lanes in `outside` replaced by the C library's `function` of `x`'s: the
/// arguments a shortcut does not cover, one at a time, as the Swift code hands them over.
TARGET __m512d withLibraryLanes(__m512d result, __mmask8 outside, double (*function)(double), __m512d x) {
    if (!outside) return result;
    double lanes[8], values[8];
    _mm512_storeu_pd(lanes, x);
    _mm512_storeu_pd(values, result);
    for (int lane = 0; lane < 8; lane++) if (outside >> lane & 1) values[lane] = function(lanes[lane]);
    return _mm512_loadu_pd(values);
}

/// e^x on eight lanes: `exp(_: SIMD8<Double>)` in SIMD8+ExpLog.swift, operation for operation.
TARGET __m512d exp8(__m512d x) {
    const double shift = 0x1.8p52;
    const __m512d invLn2 = bits(0x3FF71547652B82FEull), ln2Hi = bits(0x3FE62E42FEE00000ull), ln2Lo = bits(0x3DEA39EF35793C76ull);
    const __m512d p1 = bits(0x3FC555555555553Eull), p2 = bits(0xBF66C16C16BEBD93ull), p3 = bits(0x3F11566AAF25DE2Cull);
    const __m512d p4 = bits(0xBEBBBD41C5D26BF1ull), p5 = bits(0x3E66376972BEA4D0ull);
    __m512d t = _mm512_add_pd(_mm512_mul_pd(x, invLn2), splat(shift));
    __m512d k = _mm512_sub_pd(t, splat(shift));
    __m512d hi = _mm512_sub_pd(x, _mm512_mul_pd(k, ln2Hi)), lo = _mm512_mul_pd(k, ln2Lo);
    __m512d r = _mm512_sub_pd(hi, lo);
    __m512d r2 = _mm512_mul_pd(r, r);
    __m512d poly = _mm512_add_pd(p4, _mm512_mul_pd(r2, p5));
    poly = _mm512_add_pd(p3, _mm512_mul_pd(r2, poly));
    poly = _mm512_add_pd(p2, _mm512_mul_pd(r2, poly));
    poly = _mm512_add_pd(p1, _mm512_mul_pd(r2, poly));
    __m512d c = _mm512_sub_pd(r, _mm512_mul_pd(r2, poly));
    __m512d y = _mm512_sub_pd(splat(1), _mm512_sub_pd(_mm512_sub_pd(lo, _mm512_div_pd(_mm512_mul_pd(r, c), _mm512_sub_pd(splat(2), c))), hi));
    __m512i kBits = _mm512_sub_epi64(_mm512_castpd_si512(t), _mm512_set1_epi64(0x4338000000000000ll));
    __m512d scale = _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_add_epi64(kBits, _mm512_set1_epi64(1023)), 52));
    __m512d result = _mm512_mul_pd(y, scale);
    __mmask8 outside = _mm512_cmp_pd_mask(x, splat(-708), _CMP_LT_OQ) | _mm512_cmp_pd_mask(x, splat(709), _CMP_GT_OQ);
    return withLibraryLanes(result, outside, exp, x);
}

/// ln x on eight lanes: `log(_: SIMD8<Double>)` in SIMD8+ExpLog.swift, operation for operation.
TARGET __m512d log8(__m512d x) {
    const __m512d ln2Hi = bits(0x3FE62E42FEE00000ull), ln2Lo = bits(0x3DEA39EF35793C76ull);
    const __m512d lg1 = bits(0x3FE5555555555593ull), lg2 = bits(0x3FD999999997FA04ull), lg3 = bits(0x3FD2492494229359ull);
    const __m512d lg4 = bits(0x3FCC71C51D8E78AFull), lg5 = bits(0x3FC7466496CB03DEull), lg6 = bits(0x3FC39A09D078C69Full);
    const __m512d lg7 = bits(0x3FC2F112DF3E5244ull);
    __m512i raw = _mm512_castpd_si512(x);
    __m512d mantissa = _mm512_castsi512_pd(_mm512_or_si512(_mm512_and_si512(raw, _mm512_set1_epi64(0x000FFFFFFFFFFFFFll)),
                                                           _mm512_set1_epi64(0x3FF0000000000000ll)));
    __mmask8 pastRoot2 = _mm512_cmp_pd_mask(mantissa, splat(1 + (double)0x6A09C / 0x1p20), _CMP_GE_OQ);
    __m512d exponent = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(_mm512_srli_epi64(raw, 52), _mm512_set1_epi64(0x4330000000000000ll))),
                                     splat(0x1p52 + 1023));
    __m512d dk = _mm512_add_pd(exponent, _mm512_mask_blend_pd(pastRoot2, splat(0), splat(1)));
    __m512d f = _mm512_sub_pd(_mm512_mask_blend_pd(pastRoot2, mantissa, _mm512_mul_pd(mantissa, splat(0.5))), splat(1));
    __mmask8 halfSquareRange = _mm512_cmp_pd_mask(mantissa, splat(1 + (double)0x6147A / 0x1p20), _CMP_GE_OQ)
                             & _mm512_cmp_pd_mask(mantissa, splat(1 + (double)0x6B852 / 0x1p20), _CMP_LT_OQ);
    __m512d s = _mm512_div_pd(f, _mm512_add_pd(splat(2), f));
    __m512d z = _mm512_mul_pd(s, s), w = _mm512_mul_pd(z, z);
    __m512d t1 = _mm512_mul_pd(w, _mm512_add_pd(lg2, _mm512_mul_pd(w, _mm512_add_pd(lg4, _mm512_mul_pd(w, lg6)))));
    __m512d t2 = _mm512_mul_pd(z, _mm512_add_pd(lg1, _mm512_mul_pd(w, _mm512_add_pd(lg3, _mm512_mul_pd(w, _mm512_add_pd(lg5, _mm512_mul_pd(w, lg7)))))));
    __m512d r = _mm512_add_pd(t2, t1);
    __m512d halfSquare = _mm512_mul_pd(_mm512_mul_pd(splat(0.5), f), f);
    __m512d withHalfSquare = _mm512_sub_pd(_mm512_mul_pd(dk, ln2Hi),
        _mm512_sub_pd(_mm512_sub_pd(halfSquare, _mm512_add_pd(_mm512_mul_pd(s, _mm512_add_pd(halfSquare, r)), _mm512_mul_pd(dk, ln2Lo))), f));
    __m512d plain = _mm512_sub_pd(_mm512_mul_pd(dk, ln2Hi),
        _mm512_sub_pd(_mm512_sub_pd(_mm512_mul_pd(s, _mm512_sub_pd(f, r)), _mm512_mul_pd(dk, ln2Lo)), f));
    __m512d result = _mm512_mask_blend_pd(halfSquareRange, plain, withHalfSquare);
    __mmask8 inside = _mm512_cmp_pd_mask(x, splat(0x1p-1022), _CMP_GE_OQ) & _mm512_cmp_pd_mask(x, splat(INFINITY), _CMP_LT_OQ);
    return withLibraryLanes(result, (__mmask8)~inside, log, x);
}

/// `AssignmentCrossEntropy.lossAndDerivative`: σ through e^−|z|, then the one logarithm
/// each 0/1 target needs, or both for other targets.
TARGET void lossAndDerivative(__m512d z, __m512d y, __m512d *loss, __m512d *derivative) {
    __mmask8 negative = _mm512_cmp_pd_mask(z, splat(0), _CMP_LT_OQ);
    __m512d e = exp8(_mm512_mask_blend_pd(negative, negate(z), z));
    __m512d p = _mm512_div_pd(_mm512_mask_blend_pd(negative, splat(1), e), _mm512_add_pd(splat(1), e));
    __mmask8 positive = _mm512_cmp_pd_mask(y, splat(1), _CMP_EQ_OQ);
    __mmask8 zero = _mm512_cmp_pd_mask(y, splat(0), _CMP_EQ_OQ);
    if ((__mmask8)(positive | zero) == 0xFF) {
        __m512d q = _mm512_mask_blend_pd(positive, _mm512_sub_pd(splat(1), p), p);
        *loss = negate(log8(_mm512_add_pd(q, splat(1e-10))));
    } else {
        __m512d ones = _mm512_mul_pd(y, log8(_mm512_add_pd(p, splat(1e-10))));
        __m512d zeros = _mm512_mul_pd(_mm512_sub_pd(splat(1), y), log8(_mm512_add_pd(_mm512_sub_pd(splat(1), p), splat(1e-10))));
        *loss = negate(_mm512_add_pd(ones, zeros));
    }
    *derivative = _mm512_sub_pd(p, y);
}

/// ((x₀ + x₁) + (x₂ + x₃)) + ((x₄ + x₅) + (x₆ + x₇)).
TARGET double pairwiseSum(__m512d x) {
    double v[8];
    _mm512_storeu_pd(v, x);
    return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

__attribute__((target("avx512f")))
void lrgrade_cross_entropy_avx512(double *scores, const double *targets, long count, double *loss, double *derivative) {
    __m512d losses = _mm512_setzero_pd(), derivatives = _mm512_setzero_pd();
    long start = 0;
    for (; start + 8 <= count; start += 8) {
        __m512d l, d;
        lossAndDerivative(_mm512_loadu_pd(scores + start), _mm512_loadu_pd(targets + start), &l, &d);
        losses = _mm512_add_pd(losses, l);
        derivatives = _mm512_add_pd(derivatives, d);
        _mm512_storeu_pd(scores + start, d);
    }
    if (start < count) {
        // The last few rows, in lanes padded with zeros whose results are then dropped.
        __mmask8 used = (__mmask8)((1u << (count - start)) - 1);
        __m512d l, d;
        lossAndDerivative(_mm512_maskz_loadu_pd(used, scores + start), _mm512_maskz_loadu_pd(used, targets + start), &l, &d);
        losses = _mm512_add_pd(losses, _mm512_maskz_mov_pd(used, l));
        derivatives = _mm512_add_pd(derivatives, _mm512_maskz_mov_pd(used, d));
        _mm512_mask_storeu_pd(scores + start, used, d);
    }
    *loss = pairwiseSum(losses);
    *derivative = pairwiseSum(derivatives);
}


/// The stable softmax of eight rows' `classes` scores in place, the sum in class order:
/// `ClassLoss.softmax` in ClassLoss.swift, operation for operation.
TARGET void softmax8(__m512d *z, long classes, __m512d *sum, __m512d *maximum) {
    __m512d high = z[0];
    for (long k = 1; k < classes; k++) high = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(z[k], high, _CMP_GT_OQ), high, z[k]);
    __m512d total = _mm512_setzero_pd();
    for (long k = 0; k < classes; k++) {
        z[k] = exp8(_mm512_sub_pd(z[k], high));
        total = _mm512_add_pd(total, z[k]);
    }
    for (long k = 0; k < classes; k++) z[k] = _mm512_div_pd(z[k], total);
    *sum = total;
    *maximum = high;
}

/// One part of the eight rows' classes: its losses and residuals, as `evaluate` of the
/// Swift loss of that kind does.
TARGET void evaluatePart(int kind, __m512d *z, long classes, __m512d labels, __m512d *losses) {
    switch (kind) {
    case LRGRADE_SOFTMAX_CROSS_ENTROPY: {
        __m512d sum, maximum, truth = _mm512_setzero_pd();
        softmax8(z, classes, &sum, &maximum);
        for (long k = 0; k < classes; k++) {
            __mmask8 isClass = _mm512_cmp_pd_mask(labels, splat((double)k), _CMP_EQ_OQ);
            truth = _mm512_mask_blend_pd(isClass, truth, z[k]);
            z[k] = _mm512_sub_pd(z[k], _mm512_mask_blend_pd(isClass, splat(0), splat(1)));
        }
        losses[0] = negate(log8(_mm512_add_pd(truth, splat(1e-10))));
        break;
    }
    case LRGRADE_HALF_MULTINOMIAL: {
        __m512d sum, maximum, truthScore = _mm512_setzero_pd();
        for (long k = 0; k < classes; k++) {
            truthScore = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(labels, splat((double)k), _CMP_EQ_OQ), truthScore, z[k]);
        }
        softmax8(z, classes, &sum, &maximum);
        for (long k = 0; k < classes; k++) {
            __mmask8 isClass = _mm512_cmp_pd_mask(labels, splat((double)k), _CMP_EQ_OQ);
            z[k] = _mm512_sub_pd(z[k], _mm512_mask_blend_pd(isClass, splat(0), splat(1)));
        }
        losses[0] = _mm512_sub_pd(_mm512_add_pd(log8(sum), maximum), truthScore);
        break;
    }
    default:  // LRGRADE_ONE_VS_REST
        for (long k = 0; k < classes; k++) {
            __m512d target = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(labels, splat((double)k), _CMP_EQ_OQ), splat(0), splat(1));
            lossAndDerivative(z[k], target, &losses[k], &z[k]);
        }
    }
}

__attribute__((target("avx512f")))
void lrgrade_class_losses_avx512(double *scores, const uint8_t *labels, long rows, long stride, const int *kinds, const long *widths, long parts,
                                 double *lossSums, double *residualSums) {
    __m512d z[LRGRADE_CLASS_LOSS_MAX], losses[LRGRADE_CLASS_LOSS_MAX], lossLanes[LRGRADE_CLASS_LOSS_MAX], residualLanes[LRGRADE_CLASS_LOSS_MAX];
    long classes = 0, lossCount = 0;
    for (long part = 0; part < parts; part++) {
        classes += widths[part];
        lossCount += kinds[part] == LRGRADE_ONE_VS_REST ? widths[part] : 1;
    }
    for (long l = 0; l < lossCount; l++) lossLanes[l] = _mm512_setzero_pd();
    for (long k = 0; k < classes; k++) residualLanes[k] = _mm512_setzero_pd();
    for (long start = 0; start < rows; start += 8) {
        const long count = rows - start < 8 ? rows - start : 8;
        double *block = scores + start * stride;  // eight rows, class by class
        double y[8] = {0};
        for (long lane = 0; lane < count; lane++) y[lane] = labels[start + lane];
        const __m512d labelLanes = _mm512_loadu_pd(y);
        for (long k = 0; k < classes; k++) z[k] = _mm512_loadu_pd(block + 8 * k);
        for (long part = 0, first = 0, firstLoss = 0; part < parts; part++) {
            evaluatePart(kinds[part], z + first, widths[part], labelLanes, losses + firstLoss);
            first += widths[part];
            firstLoss += kinds[part] == LRGRADE_ONE_VS_REST ? widths[part] : 1;
        }
        // The lanes past the last row add nothing.
        const __mmask8 used = (__mmask8)((1u << count) - 1);
        for (long l = 0; l < lossCount; l++) lossLanes[l] = _mm512_add_pd(lossLanes[l], _mm512_maskz_mov_pd(used, losses[l]));
        for (long k = 0; k < classes; k++) {
            const __m512d residual = _mm512_maskz_mov_pd(used, z[k]);
            residualLanes[k] = _mm512_add_pd(residualLanes[k], residual);
            _mm512_storeu_pd(block + 8 * k, count == 8 ? z[k] : residual);
        }
    }
    for (long l = 0; l < lossCount; l++) lossSums[l] = pairwiseSum(lossLanes[l]);
    for (long k = 0; k < classes; k++) residualSums[k] = pairwiseSum(residualLanes[k]);
}

#else
#include <stdlib.h>

// Never called where there is no AVX-512 (`lrgrade_has_avx512` says so).
void lrgrade_cross_entropy_avx512(double *scores, const double *targets, long count, double *loss, double *derivative) {
    abort();
}

void lrgrade_class_losses_avx512(double *scores, const uint8_t *labels, long rows, long stride, const int *kinds, const long *widths, long parts,
                                 double *lossSums, double *residualSums) {
    abort();
}
#endif
