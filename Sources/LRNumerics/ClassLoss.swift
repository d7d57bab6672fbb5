import CGather

/// A loss of a row's K scores zₖ = x·Wₖ and its class y, with the residuals ∂ℓ/∂zₖ, on eight
/// rows at once. The K-class pass over the design matrix is generic over it, so one kernel
/// serves the softmax regression, one-vs-rest and scikit-learn's multinomial objective.
package protocol ClassLoss: Sendable {
    /// How many sums the loss has: 1 for one model over the K classes, K for K binary models.
    func lossCount(classes: Int) -> Int

    /// The loss as `lrgrade_class_losses_avx512` takes it: the kind and the width of each
    /// model side by side.
    func parts(classes: Int) -> [(kind: Int32, width: Int)]

    /// For eight rows: `scores[k]` holds their scores for class k and is overwritten with the
    /// residuals; `losses[l]` is set to their loss l.
    func evaluate(_ scores: UnsafeMutablePointer<SIMD8<Double>>, classes: Int, labels: SIMD8<Double>, losses: UnsafeMutablePointer<SIMD8<Double>>)
}

/// Whether the losses run on `lrgrade_class_losses_avx512` (CGather), the same bits as
/// `laneSums` in eight-lane registers, where Swift's SIMD8 takes four SSE2 instructions for
/// each operation: decided once, from the processor.
private let wideClassLosses = lrgrade_has_avx512() != 0

extension ClassLoss {
    /// The loss sums and Σᵢ rᵢₖ per class over the rows, whose scores are in the blocked layout
    /// (eight rows at a time, class by class: `SparsePixels.rowClassDots`); the first `classes`
    /// of each block's `stride` vectors are overwritten with the residuals. `laneSums`, or on
    /// AVX-512 its C twin.
    package func sums(overwritingScoresWithResiduals scores: UnsafeMutableBufferPointer<Double>, stride: Int, classes: Int,
                      labels: UnsafeBufferPointer<UInt8>) -> (losses: [Double], residuals: [Double]) {
        guard wideClassLosses else { return laneSums(overwritingScoresWithResiduals: scores, stride: stride, classes: classes, labels: labels) }
        precondition(scores.count == (labels.count + 7) / 8 * 8 * stride && classes <= stride, "one blocked row of scores per label")
        let parts = parts(classes: classes), lossCount = lossCount(classes: classes)
        precondition(classes <= Int(LRGRADE_CLASS_LOSS_MAX) && lossCount <= Int(LRGRADE_CLASS_LOSS_MAX), "at most 24 classes and losses")
        var losses = [Double](repeating: 0, count: lossCount), residuals = [Double](repeating: 0, count: classes)
        lrgrade_class_losses_avx512(scores.baseAddress, labels.baseAddress, labels.count, stride, parts.map(\.kind), parts.map(\.width), parts.count,
                                    &losses, &residuals)
        return (losses, residuals)
    }

    /// `sums` in Swift: each of the eight lanes adds its rows in order and the lanes are added
    /// pairwise at the end, the same order on every machine.
    package func laneSums(overwritingScoresWithResiduals scores: UnsafeMutableBufferPointer<Double>, stride: Int, classes: Int,
                          labels: UnsafeBufferPointer<UInt8>) -> (losses: [Double], residuals: [Double]) {
        precondition(scores.count == (labels.count + 7) / 8 * 8 * stride && classes <= stride, "one blocked row of scores per label")
        let lossCount = lossCount(classes: classes)
        let blocks = UnsafeMutableRawPointer(scores.baseAddress!).bindMemory(to: SIMD8<Double>.self, capacity: scores.count / 8)
        return withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: classes + 2 * lossCount) { buffer in
            let residualSums = buffer.baseAddress!, losses = residualSums + classes, lossSums = losses + lossCount
            (residualSums..<(lossSums + lossCount)).forEach { $0.initialize(to: .zero) }
            var start = 0
            while start < labels.count {
                let count = min(8, labels.count - start), z = blocks + start / 8 * stride
                var y = SIMD8<Double>()
                for lane in 0..<count { y[lane] = Double(labels[start + lane]) }
                evaluate(z, classes: classes, labels: y, losses: losses)
                if count == 8 {
                    for l in 0..<lossCount { lossSums[l] += losses[l] }
                    for k in 0..<classes { residualSums[k] += z[k] }
                } else {
                    // The lanes past the last row add nothing.
                    let unused = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int64(count)
                    for l in 0..<lossCount { lossSums[l] += losses[l].replacing(with: 0, where: unused) }
                    for k in 0..<classes {
                        z[k].replace(with: 0, where: unused)
                        residualSums[k] += z[k]
                    }
                }
                start += 8
            }
            return ((0..<lossCount).map { pairwiseSum(lossSums[$0]) }, (0..<classes).map { pairwiseSum(residualSums[$0]) })
        }
    }

    /// The stable softmax of eight rows' K scores, in place: e^(zₖ − max) / Σⱼ e^(zⱼ − max),
    /// the sum in class order; returns the sum and the maximum.
    @inline(__always)
    func softmax(_ z: UnsafeMutablePointer<SIMD8<Double>>, classes: Int) -> (sum: SIMD8<Double>, maximum: SIMD8<Double>) {
        var maximum = z[0]
        for k in 1..<classes { maximum = maximum.replacing(with: z[k], where: z[k] .> maximum) }
        var sum = SIMD8<Double>()
        for k in 0..<classes {
            z[k] = exp(z[k] - maximum)
            sum += z[k]
        }
        for k in 0..<classes { z[k] /= sum }
        return (sum, maximum)
    }
}

@inline(__always)
func pairwiseSum(_ x: SIMD8<Double>) -> Double {
    ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]))
}

/// The multiclass assignment's softmax cross-entropy, as its numpy computes it:
/// P = softmax(z) (the row maximum subtracted), ℓ = −Σₖ yₖ·log(pₖ + 1e−10) = −log(p_y + 1e−10),
/// residual pₖ − yₖ (the 1e−10 is not differentiated). exp and log are the eight-lane ones
/// (within an ulp of the C library's); the sums differ from numpy's in their order, by an ulp
/// or two.
package struct SoftmaxCrossEntropy: ClassLoss {
    package init() {}

    package func lossCount(classes: Int) -> Int { 1 }

    package func parts(classes: Int) -> [(kind: Int32, width: Int)] { [(Int32(LRGRADE_SOFTMAX_CROSS_ENTROPY), classes)] }

    @inline(__always)
    package func evaluate(_ z: UnsafeMutablePointer<SIMD8<Double>>, classes: Int, labels: SIMD8<Double>, losses: UnsafeMutablePointer<SIMD8<Double>>) {
        _ = softmax(z, classes: classes)
        var truth = SIMD8<Double>()
        for k in 0..<classes {
            let isClass = labels .== Double(k)
            truth.replace(with: z[k], where: isClass)
            z[k] = z[k] - SIMD8<Double>(repeating: 0).replacing(with: 1, where: isClass)
        }
        losses[0] = -log(truth + 1e-10)
    }
}

/// scikit-learn's `HalfMultinomialLoss`: ℓ = log Σₖ e^(zₖ − max) + max − z_y, residual pₖ − yₖ,
/// as `sum_exp_minus_max` and `loss_gradient` in `sklearn/_loss/_loss.pyx.tp` evaluate them
/// (with the eight-lane exp and log, within an ulp of the C library's).
package struct HalfMultinomialLoss: ClassLoss {
    package init() {}

    package func lossCount(classes: Int) -> Int { 1 }

    package func parts(classes: Int) -> [(kind: Int32, width: Int)] { [(Int32(LRGRADE_HALF_MULTINOMIAL), classes)] }

    @inline(__always)
    package func evaluate(_ z: UnsafeMutablePointer<SIMD8<Double>>, classes: Int, labels: SIMD8<Double>, losses: UnsafeMutablePointer<SIMD8<Double>>) {
        var truthScore = SIMD8<Double>()
        for k in 0..<classes { truthScore.replace(with: z[k], where: labels .== Double(k)) }
        let (sum, maximum) = softmax(z, classes: classes)
        for k in 0..<classes { z[k] = z[k] - SIMD8<Double>(repeating: 0).replacing(with: 1, where: labels .== Double(k)) }
        losses[0] = (log(sum) + maximum) - truthScore
    }
}

/// One-vs-rest: K binary models side by side, model k the binary assignment's on "class k
/// against the rest": loss k is `AssignmentCrossEntropy` of zₖ with target [y = k], residual
/// σ(zₖ) − [y = k].
package struct OneVsRestCrossEntropy: ClassLoss {
    package init() {}

    package func lossCount(classes: Int) -> Int { classes }

    package func parts(classes: Int) -> [(kind: Int32, width: Int)] { [(Int32(LRGRADE_ONE_VS_REST), classes)] }

    @inline(__always)
    package func evaluate(_ z: UnsafeMutablePointer<SIMD8<Double>>, classes: Int, labels: SIMD8<Double>, losses: UnsafeMutablePointer<SIMD8<Double>>) {
        for k in 0..<classes {
            let target = SIMD8<Double>(repeating: 0).replacing(with: 1, where: labels .== Double(k))
            (losses[k], z[k]) = AssignmentCrossEntropy().lossAndDerivative(scores: z[k], targets: target)
        }
    }
}

/// Two models in one pass: `first` over classes 0..<split, `second` over the rest, their
/// losses one after the other. Each class's sums are computed as they are alone (the kernel
/// and the losses treat the classes apart), so the results are the same bits; the pass reads
/// the data once for both.
package struct StackedLoss<First: ClassLoss, Second: ClassLoss>: ClassLoss {
    package let first: First
    package let second: Second
    package let split: Int

    package init(_ first: First, _ second: Second, split: Int) {
        self.first = first
        self.second = second
        self.split = split
    }

    package func lossCount(classes: Int) -> Int { first.lossCount(classes: split) + second.lossCount(classes: classes - split) }

    package func parts(classes: Int) -> [(kind: Int32, width: Int)] { first.parts(classes: split) + second.parts(classes: classes - split) }

    @inline(__always)
    package func evaluate(_ z: UnsafeMutablePointer<SIMD8<Double>>, classes: Int, labels: SIMD8<Double>, losses: UnsafeMutablePointer<SIMD8<Double>>) {
        first.evaluate(z, classes: split, labels: labels, losses: losses)
        second.evaluate(z + split, classes: classes - split, labels: labels, losses: losses + first.lossCount(classes: split))
    }
}
