#ifndef LRGRADE_CROSS_ENTROPY_H
#define LRGRADE_CROSS_ENTROPY_H

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

#endif
