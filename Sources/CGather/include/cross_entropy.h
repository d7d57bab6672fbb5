#ifndef LRGRADE_CROSS_ENTROPY_H
#define LRGRADE_CROSS_ENTROPY_H

#include <stdint.h>

/// The assignment's cross-entropy over `count` rows, with AVX-512: each score z is replaced
/// by its derivative σ(z) − y, and the sums of the losses and of the derivatives are stored
/// in `loss` and `derivative`. Call it only when lrgrade_has_avx512() says so.
///
/// Bit for bit what `AssignmentCrossEntropy().laneSums(overwritingScoresWithDerivatives:
/// targets:)` computes in LRNumerics, eight rows at a time: the same σ, fdlibm's exp and log
/// written without branches (lanes outside their shortcut's range go to the C library's exp
/// and log), the same eight lane sums and the same pairwise additions, and no fused
/// multiply-add anywhere.
void lrgrade_cross_entropy_avx512(double *scores, const double *targets, long count, double *loss, double *derivative);

/// The kinds of K-class losses, as LRNumerics' `ClassLoss` types name them.
enum {
    LRGRADE_SOFTMAX_CROSS_ENTROPY = 0,  // SoftmaxCrossEntropy
    LRGRADE_HALF_MULTINOMIAL = 1,       // HalfMultinomialLoss
    LRGRADE_ONE_VS_REST = 2,            // OneVsRestCrossEntropy
};

/// The most classes, and the most losses, a row may have (two models of twelve).
#define LRGRADE_CLASS_LOSS_MAX 24

/// The K-class losses over `rows` rows of scores in the blocked layout (class_dots.h), with
/// AVX-512: the classes are `parts` models side by side, part p of kind `kinds[p]` over the
/// next `widths[p]` classes; each score is replaced by its residual, and the sums of the
/// losses (one per softmax or multinomial part, one per class of a one-vs-rest part) and of
/// the residuals (one per class) are stored. Call it only when lrgrade_has_avx512() says so.
///
/// Bit for bit what `ClassLoss.sums(overwritingScoresWithResiduals:stride:classes:labels:)`
/// computes with the Swift losses, eight rows at a time, with the same exp, log and σ as above.
void lrgrade_class_losses_avx512(double *scores, const uint8_t *labels, long rows, long stride, const int *kinds, const long *widths, long parts,
                                 double *lossSums, double *residualSums);

#endif
