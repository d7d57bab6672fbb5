import Foundation
import Testing
import LRData
import LRNumerics

/// The sparse, folded, piecewise-parallel kernels against the plain dense computation.
@Suite("Design-matrix kernels")
struct DesignMatrixTests {
    static let cases: [(name: String, pair: DigitPair, scale: Double)] = [
        ("tiny 1 vs 4, small weights", try! DigitPair(1, 4), 0.01),
        ("tiny 7 vs 2, large weights", try! DigitPair(7, 2), 3),
    ]

    @Test("scores, losses and gradients equal the dense computation", arguments: [0, 1])
    func tiny(_ index: Int) throws {
        let (_, pair, scale) = Self.cases[index]
        let images = try Samples.tiny.train.selecting(pair, split: "training")
        try compare(images, weights: Samples.weights(seed: UInt64(index + 1), scale: scale), tolerance: 1e-12)
    }

    @Test("the same on the full 0/1 training set")
    func bundled() throws {
        let images = try Samples.bundled.train.selecting(.zeroOne, split: "training")
        try compare(images, weights: Samples.weights(seed: 7, scale: 0.05), tolerance: 1e-11)
    }

    private func compare(_ images: SelectedImages, weights w: [Double], tolerance: Double) throws {
        let design = DesignMatrix(training: images)
        let plain = PlainDesign(images, standardization: design.standardization)

        let scores = design.scores(at: w)
        for (a, b) in zip(scores, plain.scores(w)) { #expect(close(a, b, tolerance), "score \(a) vs \(b)") }

        for (name, loss) in [("assignment", AssignmentCrossEntropy() as any SampleLoss), ("half binomial", HalfBinomialLoss())] {
            let fast = DesignMatrix.lossSums(loss, at: w, on: [design], withGradient: [true])[0]
            let slow = plain.lossSum(w) { loss.lossAndDerivative(score: $0, target: $1) }
            #expect(close(fast.loss, slow.loss, tolerance), "\(name) loss \(fast.loss) vs \(slow.loss)")
            let gradient = try #require(fast.gradient)
            let scale = slow.gradient.map(abs).max()!
            for j in gradient.indices {
                #expect(abs(gradient[j] - slow.gradient[j]) <= tolerance * max(1, scale), "\(name) gradient[\(j)]")
            }
            let withoutGradient = DesignMatrix.lossSums(loss, at: w, on: [design], withGradient: [false])[0]
            #expect(withoutGradient.gradient == nil)
            #expect(withoutGradient.loss == fast.loss)
        }
    }

    @Test("results do not depend on which other designs share the pass")
    func deterministic() throws {
        let train = DesignMatrix(training: try Samples.tiny.train.selecting(.zeroOne, split: "training"))
        let test = DesignMatrix(try Samples.tiny.test.selecting(.zeroOne, split: "test"), standardization: train.standardization)
        let w = Samples.weights(seed: 3, scale: 0.1)
        let together = DesignMatrix.lossSums(AssignmentCrossEntropy(), at: w, on: [train, test], withGradient: [true, false])
        let alone = DesignMatrix.lossSums(AssignmentCrossEntropy(), at: w, on: [train], withGradient: [true])[0]
        #expect(together[0].loss == alone.loss)
        #expect(together[0].gradient == alone.gradient)
    }
}

/// The gradients the solvers follow, against central finite differences.
@Suite("Gradient checks")
struct GradientCheckTests {
    private func check(_ f: ([Double]) -> (f: Double, gradient: [Double]), at w: [Double]) {
        let gradient = f(w).gradient
        let h = 1e-6
        for j in [0, 1, 100, 300, 405, 406, 500, 783, 784] {
            var up = w, down = w
            up[j] += h
            down[j] -= h
            let numeric = (f(up).f - f(down).f) / (2 * h)
            #expect(abs(numeric - gradient[j]) <= 1e-6 * max(1, abs(gradient[j])), "∂f/∂w[\(j)]: \(numeric) vs \(gradient[j])")
        }
    }

    @Test("scikit-learn's regularized objective")
    func regularized() throws {
        let design = DesignMatrix(training: try Samples.tiny.train.selecting(try DigitPair(1, 4), split: "training"))
        check(RegularizedLogisticRegression().objective(on: design), at: Samples.weights(seed: 11, scale: 0.05))
    }

    @Test("the assignment's mean cross-entropy (its 1e-10 is not differentiated)")
    func assignment() throws {
        let design = DesignMatrix(training: try Samples.tiny.train.selecting(.zeroOne, split: "training"))
        let m = Double(design.rowCount)
        check({ w in
            let sums = DesignMatrix.lossSums(AssignmentCrossEntropy(), at: w, on: [design], withGradient: [true])[0]
            return (sums.loss / m, sums.gradient!.map { $0 / m })
        }, at: Samples.weights(seed: 12, scale: 0.05))
    }
}
