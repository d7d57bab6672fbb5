import Foundation
import Testing
import LRData
import LRNumerics

/// `GradientDescent.learningRates(reproducingFirstStepLoss:on:)` recovers the rate a run used.
@Suite("Learning rate inference")
struct LearningRateSearchTests {
    static let train = DesignMatrix(training: try! Samples.bundled.train.selecting(.zeroOne, split: "training"))
    static let test = DesignMatrix(try! Samples.bundled.test.selecting(.zeroOne, split: "test"), standardization: train.standardization)

    @Test("the rate of a run is among the roots, for small, large and negative rates", arguments: [0.001, 0.01, 0.1, 0.5, 2, -0.1])
    func recovers(_ rate: Double) {
        let run = GradientDescent(learningRate: rate, epochs: 3).run(train: Self.train, test: Self.test)
        let roots = GradientDescent.learningRates(reproducingFirstStepLoss: run.trainLoss[1], on: Self.train)
        #expect(roots.contains { abs($0 - rate) <= 1e-9 * abs(rate) }, "\(roots)")
    }

    @Test("a loss at the first step's minimum, rounded a hair below it, still gives that rate")
    func atTheMinimum() {
        // The rate that minimizes the loss after one step, to a grid-independent precision.
        let probe = GradientDescent.learningRates(reproducingFirstStepLoss: 0, on: Self.train)
        #expect(probe.isEmpty)
        var best = (rate: 0.0, loss: Double.infinity)
        for rate in stride(from: 0.1, through: 0.4, by: 0.002) {
            let loss = GradientDescent(learningRate: rate, epochs: 2).run(train: Self.train, test: Self.test).trainLoss[1]
            if loss < best.loss { best = (rate, loss) }
        }
        let roots = GradientDescent.learningRates(reproducingFirstStepLoss: best.loss.nextDown.nextDown, on: Self.train)
        #expect(roots.contains { abs($0 - best.rate) <= 0.01 * best.rate }, "best \(best), roots \(roots)")
    }

    @Test("a diverging rate ends in NaN as numpy's loop does, every epoch recorded, the rest not computed")
    func diverging() {
        let run = GradientDescent(learningRate: 1e307, epochs: 500).run(train: Self.train, test: Self.test, snapshots: [5, 500])
        #expect(run.trainLoss.count == 500 && run.testLoss.count == 500)
        #expect(abs(run.trainLoss[0] - -log(0.5 + 1e-10)) < 1e-12)
        let firstNaN = run.trainLoss.firstIndex { $0.isNaN } ?? run.trainLoss.count
        #expect(firstNaN < 10 && run.trainLoss[firstNaN...].allSatisfy(\.isNaN) && run.testLoss[firstNaN...].allSatisfy(\.isNaN), "first NaN at \(firstNaN)")
        #expect(run.weights.allSatisfy(\.isNaN) && run.weightsAfter[500]?.allSatisfy(\.isNaN) == true && run.weightsAfter[5] != nil)
        // The same first epochs as a run that stops before the weights turn NaN.
        let short = GradientDescent(learningRate: 1e307, epochs: 2).run(train: Self.train, test: Self.test)
        #expect(Array(run.trainLoss.prefix(2)).elementsEqual(short.trainLoss) { $0 == $1 || $0.isNaN && $1.isNaN })
    }
}
