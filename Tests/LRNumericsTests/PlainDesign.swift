import Foundation
import LRData
@testable import LRNumerics

/// The textbook computations the kernels are checked against: a dense X with the bias column
/// first, built from `Standardization.standardize`, and loops in the obvious order.
struct PlainDesign {
    var rows: [[Double]]
    var targets: [Double]

    init(_ images: SelectedImages, standardization: Standardization) {
        rows = (0..<images.count).map { [1] + standardization.standardize(images.image($0)) }
        targets = images.targets.map(Double.init)
    }

    func scores(_ w: [Double]) -> [Double] {
        rows.map { row in zip(row, w).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// Σ ℓ and Σ (∂ℓ/∂z) xᵢ for a loss given as a closure.
    func lossSum(_ w: [Double], _ loss: (Double, Double) -> (Double, Double)) -> (loss: Double, gradient: [Double]) {
        var total = 0.0
        var gradient = [Double](repeating: 0, count: w.count)
        for (row, z) in zip(rows.indices, scores(w)) {
            let (l, d) = loss(z, targets[row])
            total += l
            for j in w.indices { gradient[j] += d * rows[row][j] }
        }
        return (total, gradient)
    }
}

extension SampleLoss {
    /// One row's loss and derivative: lane 0 of the eight-lane evaluation.
    func lossAndDerivative(score z: Double, target y: Double) -> (Double, Double) {
        let (loss, derivative) = lossAndDerivative(scores: SIMD8(repeating: z), targets: SIMD8(repeating: y))
        return (loss[0], derivative[0])
    }
}

enum Samples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tiny = try! MNISTDataset(contentsOf: root.appendingPathComponent("fixtures/tiny/idx").path)
    static let bundled = try! MNISTDataset(contentsOf: root.appendingPathComponent("fixtures/mnist").path)

    /// Reproducible pseudo-random weights of a given scale.
    static func weights(seed: UInt64, scale: Double) -> [Double] {
        uniform(seed: seed, count: DesignMatrix.featureCount).map { ($0 - 0.5) * 2 * scale }
    }

    /// `count` reproducible pseudo-random numbers in [0, 1) (a 64-bit LCG; no global state).
    static func uniform(seed: UInt64, count: Int) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }
}

/// |a − b| ≤ tolerance · max(1, |a|, |b|).
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
