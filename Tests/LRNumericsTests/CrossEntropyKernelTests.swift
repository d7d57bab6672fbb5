import CGather
import Testing
@testable import LRNumerics

/// The assignment's cross-entropy on AVX-512 (`lrgrade_cross_entropy_avx512`) against the
/// portable eight-lane code it mirrors: the same bits, so results do not depend on the processor.
@Suite("Cross-entropy kernel")
struct CrossEntropyKernelTests {
    /// Scores over every branch of σ, exp and log: tiny, moderate, beyond ±709 (the C
    /// library's lanes), zeros of both signs and infinities; targets 0 and 1, and in some
    /// rows fractions (the branch with both logarithms).
    static func sample(count: Int, seed: UInt64, fractions: Bool) -> (scores: [Double], targets: [Double]) {
        let draws = Samples.uniform(seed: seed, count: 3 * count)
        let special: [Double] = [0, -0.0, .infinity, -.infinity, 709.5, -745, 36.8, -36.8, 1e-300]
        let scores = (0..<count).map { i -> Double in
            if draws[i] < 0.05 { return special[i % special.count] }
            return (draws[count + i] - 0.5) * [2, 80, 2_000][i % 3]
        }
        let targets = (0..<count).map { i -> Double in
            fractions && draws[2 * count + i] < 0.2 ? draws[2 * count + i] * 5 : (draws[2 * count + i] < 0.6 ? 1 : 0)
        }
        return (scores, targets)
    }

    @Test("the AVX-512 kernel gives the portable code's bits", .enabled(if: AssignmentCrossEntropy.wide, "this processor has no AVX-512"),
          arguments: [false, true])
    func sameBits(fractions: Bool) {
        for count in Array(0...20) + [1_000] {
            let (scores, targets) = Self.sample(count: count, seed: UInt64(count) + (fractions ? 100 : 0), fractions: fractions)
            var portable = scores, wide = scores
            let expected = portable.withUnsafeMutableBufferPointer { z in
                targets.withUnsafeBufferPointer { AssignmentCrossEntropy().laneSums(overwritingScoresWithDerivatives: z, targets: $0) }
            }
            var loss = Double.nan, derivative = Double.nan
            lrgrade_cross_entropy_avx512(&wide, targets, count, &loss, &derivative)
            #expect(loss.bitPattern == expected.loss.bitPattern, "\(count) rows: loss \(loss) vs \(expected.loss)")
            #expect(derivative.bitPattern == expected.derivative.bitPattern, "\(count) rows: derivative \(derivative) vs \(expected.derivative)")
            #expect(wide.map(\.bitPattern) == portable.map(\.bitPattern), "\(count) rows: the derivatives written over the scores")
        }
    }
}
