import Foundation
import Testing
import LRData
@testable import LRNumerics

/// The mistakes the grader replays (`GradientDescent.Rule`, a scaler fitted on both sets)
/// against the textbook loop on a dense X, on the tiny data set.
@Suite("Replayed mistakes")
struct MistakeRuleTests {
    static let trainImages = try! Samples.tiny.train.selecting(.zeroOne, split: "training")
    static let testImages = try! Samples.tiny.test.selecting(.zeroOne, split: "test")

    /// The plain loop: W = 0, record the cross-entropy, step with `derivative(σ, y)` per row,
    /// the bias's step dropped when `frozenBias`.
    static func plainRun(_ train: PlainDesign, _ test: PlainDesign, rate: Double, epochs: Int, frozenBias: Bool,
                         derivative: (Double, Double) -> Double) -> (trainLoss: [Double], testLoss: [Double], weights: [Double]) {
        func sigma(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        func loss(_ design: PlainDesign, _ w: [Double]) -> Double {
            zip(design.scores(w), design.targets).reduce(0) { sum, pair in
                let p = sigma(pair.0), y = pair.1
                return sum - (y * log(p + 1e-10) + (1 - y) * log(1 - p + 1e-10))
            } / Double(design.rows.count)
        }
        var w = [Double](repeating: 0, count: DesignMatrix.featureCount)
        var trainLoss: [Double] = [], testLoss: [Double] = []
        for _ in 0..<epochs {
            trainLoss.append(loss(train, w))
            testLoss.append(loss(test, w))
            var gradient = [Double](repeating: 0, count: w.count)
            for (row, z) in zip(train.rows.indices, train.scores(w)) {
                let d = derivative(sigma(z), train.targets[row])
                for j in w.indices { gradient[j] += d * train.rows[row][j] }
            }
            if frozenBias { gradient[0] = 0 }
            for j in w.indices { w[j] -= rate * gradient[j] / Double(train.rows.count) }
        }
        return (trainLoss, testLoss, w)
    }

    static func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
        #expect(a.count == b.count)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= 1e-12, "\(what): largest difference \(worst)")
    }

    @Test("the squared error's gradient and a frozen bias train as the plain loop does", arguments: [GradientDescent.Rule.squaredErrorGradient, .frozenBias, .assignment])
    func rules(_ rule: GradientDescent.Rule) {
        let train = DesignMatrix(training: Self.trainImages)
        let test = DesignMatrix(Self.testImages, standardization: train.standardization)
        let run = GradientDescent(learningRate: 0.5, epochs: 6, rule: rule).run(train: train, test: test)
        let plain = Self.plainRun(PlainDesign(Self.trainImages, standardization: train.standardization),
                                  PlainDesign(Self.testImages, standardization: train.standardization),
                                  rate: 0.5, epochs: 6, frozenBias: rule == .frozenBias) { p, y in
            rule == .squaredErrorGradient ? (p - y) * p * (1 - p) : p - y
        }
        Self.expectClose(run.trainLoss, plain.trainLoss, "\(rule) train loss")
        Self.expectClose(run.testLoss, plain.testLoss, "\(rule) test loss")
        Self.expectClose(run.weights, plain.weights, "\(rule) weights")
        if rule == .frozenBias { #expect(run.weights[0] == 0) }
        if rule != .assignment {
            // Each is a different training: the grader can tell them apart.
            let right = GradientDescent(learningRate: 0.5, epochs: 6).run(train: train, test: test)
            #expect(right.trainLoss[5] != run.trainLoss[5])
        }
    }

    @Test("a scaler fitted on both sets is numpy's vstack fit: mean and population deviation of every pixel over all images")
    func scalerOnBothSets() {
        let both = Standardization(fittingTo: [Self.trainImages, Self.testImages])
        let count = Double(Self.trainImages.count + Self.testImages.count)
        let images = (0..<Self.trainImages.count).map { Self.trainImages.image($0) } + (0..<Self.testImages.count).map { Self.testImages.image($0) }
        for column in [0, 100, 350, 406, 783] {
            let values = images.map { Double($0[$0.startIndex + column]) / 255 }
            let mean = values.reduce(0, +) / count
            let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count).squareRoot()
            #expect(close(both.mean[column], mean, 1e-13), "column \(column)")
            #expect(close(both.scale[column], deviation < 1e-12 ? 1 : deviation, 1e-12), "column \(column)")
        }
        let trainOnly = Standardization(fittingTo: Self.trainImages)
        #expect(both.mean != trainOnly.mean)
    }
}
