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
}
