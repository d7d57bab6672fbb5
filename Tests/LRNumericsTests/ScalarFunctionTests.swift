import Foundation
import Testing
import LRData
@testable import LRNumerics

@Suite("Scalar functions")
struct ScalarFunctionTests {
    @Test("sigmoid is numpy's 1/(1+exp(-z)) for z ≥ 0 and finite, ordered and symmetric everywhere")
    func sigmoidValues() {
        for z in stride(from: 0.0, through: 40, by: 0.37) { #expect(sigmoid(z) == 1 / (1 + exp(-z))) }
        for z in stride(from: -40.0, through: 40, by: 0.37) {
            #expect(abs(sigmoid(z) + sigmoid(-z) - 1) <= 2 * Double.ulpOfOne)
            #expect(abs(sigmoid(z) - 1 / (1 + exp(-z))) <= 2 * Double.ulpOfOne * sigmoid(z))
        }
        #expect(sigmoid(-1000) == 0)
        #expect(sigmoid(1000) == 1)
        #expect(sigmoid(-745.2) >= 0 && sigmoid(-700) > 0)
        #expect(sigmoid(-.infinity) == 0 && sigmoid(.infinity) == 1)
        #expect(sigmoid(0) == 0.5)
    }

    @Test("sigmoid on eight lanes is within two ulps of the scalar one, the extremes exact")
    func sigmoidLanes() {
        let z = (0..<4000).map { Double($0 - 2000) * 0.0371 } + [-1000, -745.2, -700, 0, -0.0, 700, 1000, .infinity, -.infinity]
        for start in stride(from: 0, to: z.count - 7, by: 8) {
            let lanes = sigmoid(SIMD8<Double>(z[start..<start + 8]))
            for lane in 0..<8 {
                let scalar = sigmoid(z[start + lane])
                #expect(abs(lanes[lane] - scalar) <= 2 * scalar.ulp, "σ(\(z[start + lane]))")
                if scalar == 0 || scalar == 1 || scalar == 0.5 { #expect(lanes[lane] == scalar) }
            }
        }
    }

    @Test("the losses stay finite for |z| = 1000")
    func extremeLosses() {
        for z in [-1000.0, -40, -37, -18, -2, 0, 2, 18, 37, 1000] {
            for y in [0.0, 1.0] {
                let (l, d) = HalfBinomialLoss().lossAndDerivative(score: z, target: y)
                #expect(l.isFinite && d.isFinite)
                #expect(abs(l - (log1p(exp(-abs(z))) + max(z, 0) - y * z)) <= 1e-12 * max(1, abs(l)))
                let (a, r) = AssignmentCrossEntropy().lossAndDerivative(score: z, target: y)
                // In [−log(1 + 1e−10), −log(1e−10)]: slightly negative when σ(z) is exactly the target, as in numpy.
                #expect(a.isFinite && a >= -log(1 + 1e-10) && a <= -log(1e-10))
                let p = sigmoid(z), textbook = -(y * log(p + 1e-10) + (1 - y) * log(1 - p + 1e-10))
                #expect(abs(a - textbook) <= 4 * Double.ulpOfOne * max(1, abs(textbook)))
                #expect(abs(r - (p - y)) <= 2 * Double.ulpOfOne)
            }
        }
    }
}

@Suite("Standardization")
struct StandardizationTests {
    @Test("mean and population standard deviation per pixel, scale 1 for constant pixels")
    func matchesTwoPass() throws {
        let images = try Samples.tiny.train.selecting(.zeroOne, split: "training")
        let fitted = Standardization(fittingTo: images)
        let n = Double(images.count)
        var constantPixels = 0
        for j in 0..<LabeledImages.pixelCount {
            let x = (0..<images.count).map { Double(images.image($0)[images.image($0).startIndex + j]) / 255 }
            let mean = x.reduce(0, +) / n
            let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
            #expect(abs(fitted.mean[j] - mean) <= 1e-15)
            if variance == 0 { constantPixels += 1; #expect(fitted.scale[j] == 1) }
            else { #expect(abs(fitted.scale[j] - variance.squareRoot()) <= 1e-14) }
        }
        #expect(constantPixels > 0, "the tiny set has blank border pixels")
    }
}

@Suite("Metrics")
struct MetricsTests {
    @Test("confusion, accuracy, misclassified and log loss with scikit-learn's clipping")
    func metrics() {
        let metrics = BinaryClassificationMetrics(
            targets: [0, 0, 1, 1, 1], probabilities: [0.2, 0.7, 0.9, 0.4, 1.0], predictions: [0, 1, 1, 0, 1])
        #expect(metrics.confusion == [[1, 1], [1, 2]])
        #expect(metrics.accuracy == 0.6)
        #expect(metrics.misclassified == [1, 3])
        #expect(metrics.misclassifiedProbabilities == [0.7, 0.4])
        // p = 1.0 for a true 1 is clipped to 1 − ε: its loss is −log(1 − ε), not 0.
        let expected = -(log(0.8) + log(0.3) + log(0.9) + log(0.4) + log(1 - Double.ulpOfOne)) / 5
        #expect(abs(metrics.logLoss - expected) <= 1e-15)
        let certainAndWrong = BinaryClassificationMetrics(targets: [1], probabilities: [0], predictions: [0])
        #expect(certainAndWrong.logLoss == -log(Double.ulpOfOne))
    }
}
