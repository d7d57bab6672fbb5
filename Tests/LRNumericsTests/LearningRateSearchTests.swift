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
}
