import CGather
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-sample loss ℓ(z, y) of the linear score z = x·w and a target y ∈ {0, 1}, with its
/// derivative ∂ℓ/∂z, evaluated on eight rows at once. The design-matrix kernel is generic
/// over it, so one fused pass serves both the assignment's gradient descent and the
/// scikit-learn objective.
package protocol SampleLoss: Sendable {
    func lossAndDerivative(scores z: SIMD8<Double>, targets y: SIMD8<Double>) -> (loss: SIMD8<Double>, derivative: SIMD8<Double>)

    /// Σᵢ ℓ(zᵢ, yᵢ) and Σᵢ ∂ℓ/∂zᵢ over the rows; each score is overwritten by its
    /// derivative. `laneSums` unless a loss has a faster way to the same bits.
    func sums(overwritingScoresWithDerivatives scores: UnsafeMutableBufferPointer<Double>, targets: UnsafeBufferPointer<Double>) -> (loss: Double, derivative: Double)
}

extension SampleLoss {
    package func sums(overwritingScoresWithDerivatives scores: UnsafeMutableBufferPointer<Double>, targets: UnsafeBufferPointer<Double>) -> (loss: Double, derivative: Double) {
        laneSums(overwritingScoresWithDerivatives: scores, targets: targets)
    }

    /// Σᵢ ℓ(zᵢ, yᵢ) and Σᵢ ∂ℓ/∂zᵢ over the rows, eight at a time; each score is overwritten
    /// by its derivative. Each lane adds its rows in order and the eight lane sums are added
    /// pairwise at the end, in the same order on every machine.
    @inline(__always)
    package func laneSums(overwritingScoresWithDerivatives scores: UnsafeMutableBufferPointer<Double>, targets: UnsafeBufferPointer<Double>) -> (loss: Double, derivative: Double) {
        precondition(scores.count == targets.count, "one target per score")
        var losses = SIMD8<Double>(), derivatives = SIMD8<Double>()
        let scoreBytes = UnsafeMutableRawPointer(scores.baseAddress), targetBytes = UnsafeRawPointer(targets.baseAddress)
        var start = 0
        while start + 8 <= scores.count {
            let offset = start * MemoryLayout<Double>.stride
            let (loss, derivative) = lossAndDerivative(
                scores: scoreBytes!.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self),
                targets: targetBytes!.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self))
            losses += loss
            derivatives += derivative
            scoreBytes!.storeBytes(of: derivative, toByteOffset: offset, as: SIMD8<Double>.self)
            start += 8
        }
        if start < scores.count {
            // The last few rows, in lanes padded with zeros whose results are then dropped.
            let count = scores.count - start
            var z = SIMD8<Double>(), y = SIMD8<Double>()
            for lane in 0..<count { (z[lane], y[lane]) = (scores[start + lane], targets[start + lane]) }
            var (loss, derivative) = lossAndDerivative(scores: z, targets: y)
            let unused = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int64(count)
            loss.replace(with: 0, where: unused)
            derivative.replace(with: 0, where: unused)
            losses += loss
            derivatives += derivative
            for lane in 0..<count { scores[start + lane] = derivative[lane] }
        }
        return (pairwiseSum(losses), pairwiseSum(derivatives))
    }
}

/// The assignment's binary cross-entropy with 1e−10 inside both logarithms:
/// ℓ = −(y·log(σ(z) + 1e−10) + (1 − y)·log(1 − σ(z) + 1e−10)), ∂ℓ/∂z taken as σ(z) − y, the
/// residual the assignment's gradient uses (the 1e−10 is not differentiated, as in HOMEWORK.md).
///
/// σ is evaluated as `sigmoid` does, with the eight-lane `exp` and `log` (within an ulp of
/// the C library's). For y ∈ {0, 1} one of the two terms is exactly zero in numpy as well,
/// so only the other logarithm is evaluated: the result is the same Double.
package struct AssignmentCrossEntropy: SampleLoss {
    package init() {}

    /// Whether `sums` runs on `lrgrade_cross_entropy_avx512` (CGather), the same bits as
    /// `laneSums` in eight-lane registers where Swift's SIMD8 takes four SSE2 instructions
    /// for each operation: decided once, from the processor.
    static let wide = lrgrade_has_avx512() != 0

    package func sums(overwritingScoresWithDerivatives scores: UnsafeMutableBufferPointer<Double>, targets: UnsafeBufferPointer<Double>) -> (loss: Double, derivative: Double) {
        guard Self.wide, let scoreBase = scores.baseAddress, let targetBase = targets.baseAddress else {
            return laneSums(overwritingScoresWithDerivatives: scores, targets: targets)
        }
        precondition(scores.count == targets.count, "one target per score")
        var loss = 0.0, derivative = 0.0
        lrgrade_cross_entropy_avx512(scoreBase, targetBase, scores.count, &loss, &derivative)
        return (loss, derivative)
    }

    @inline(__always)
    package func lossAndDerivative(scores z: SIMD8<Double>, targets y: SIMD8<Double>) -> (loss: SIMD8<Double>, derivative: SIMD8<Double>) {
        let p = sigmoid(z)
        let positive = y .== 1
        let loss: SIMD8<Double>
        if !anyLane(.!(positive .| (y .== 0))) {
            loss = -log((1 - p).replacing(with: p, where: positive) + 1e-10)
        } else {
            loss = -(y * log(p + 1e-10) + (1 - y) * log(1 - p + 1e-10))
        }
        return (loss, p - y)
    }
}

/// scikit-learn's `HalfBinomialLoss`: ℓ = log(1 + e^z) − y·z, ∂ℓ/∂z = σ(z) − y, with the same
/// four-branch evaluation as `closs_grad_half_binomial` in `sklearn/_loss/_loss.pyx.tp`, which
/// is accurate to about one ulp for every z. Lane by lane, with the C library's exp and log1p,
/// as scikit-learn's compiled loss calls them.
package struct HalfBinomialLoss: SampleLoss {
    package init() {}

    @inline(__always)
    package func lossAndDerivative(scores z: SIMD8<Double>, targets y: SIMD8<Double>) -> (loss: SIMD8<Double>, derivative: SIMD8<Double>) {
        var loss = SIMD8<Double>(), derivative = SIMD8<Double>()
        for lane in 0..<8 { (loss[lane], derivative[lane]) = Self.lossAndDerivative(score: z[lane], target: y[lane]) }
        return (loss, derivative)
    }

    @inline(__always)
    private static func lossAndDerivative(score z: Double, target y: Double) -> (loss: Double, derivative: Double) {
        if z <= -37 {
            let e = exp(z)
            return (e - y * z, e - y)
        } else if z <= -2 {
            let e = exp(z)
            return (log1p(e) - y * z, ((1 - y) * e - y) / (1 + e))
        } else if z <= 18 {
            let e = exp(-z)
            return (log1p(e) + (1 - y) * z, ((1 - y) - y * e) / (1 + e))
        } else {
            let e = exp(-z)
            return (e + (1 - y) * z, ((1 - y) - y * e) / (1 + e))
        }
    }
}

/// The assignment's loss with the squared error's derivative in place of the cross-entropy's:
/// ∂ℓ/∂z taken as (σ − y)·σ·(1 − σ), the slip of a script that differentiates ½(σ − y)²
/// while it records the cross-entropy. σ is recovered as (σ − y) + y, exact for y = 0 and
/// within an ulp of 1 for y = 1: far below the 1e−6 to which the grader compares histories.
package struct SquaredErrorGradientSlip: SampleLoss {
    package init() {}

    @inline(__always)
    package func lossAndDerivative(scores z: SIMD8<Double>, targets y: SIMD8<Double>) -> (loss: SIMD8<Double>, derivative: SIMD8<Double>) {
        let (loss, residual) = AssignmentCrossEntropy().lossAndDerivative(scores: z, targets: y)
        let sigma = residual + y
        return (loss, residual * sigma * (1 - sigma))
    }
}
