import Foundation
import Testing
import LRData
@testable import LRNumerics

/// The K-class passes over the sparse, folded design against the dense textbook computation,
/// and the multiclass models built on them.
@Suite("K-class passes")
struct ClassPassTests {
    /// Reproducible pseudo-random weights for `classes` classes.
    static func weights(classes: Int, seed: UInt64, scale: Double) -> ClassWeights {
        ClassWeights(classes: classes, values: Samples.uniform(seed: seed, count: DesignMatrix.featureCount * classes).map { ($0 - 0.5) * 2 * scale })
    }

    /// One row's losses and residuals, the plain way (Foundation's exp and log, loops in order).
    static func plainLoss(_ loss: any ClassLoss, scores z: [Double], label y: Int) -> (losses: [Double], residuals: [Double]) {
        let k = z.count
        switch loss {
        case is OneVsRestCrossEntropy:
            let p = z.map { 1 / (1 + Foundation.exp(-$0)) }
            let losses = (0..<k).map { c in c == y ? -Foundation.log(p[c] + 1e-10) : -Foundation.log(1 - p[c] + 1e-10) }
            return (losses, (0..<k).map { p[$0] - ($0 == y ? 1 : 0) })
        default:
            let maximum = z.max()!
            let e = z.map { Foundation.exp($0 - maximum) }
            let sum = e.reduce(0, +)
            let p = e.map { $0 / sum }
            let value = loss is HalfMultinomialLoss ? Foundation.log(sum) + maximum - z[y] : -Foundation.log(p[y] + 1e-10)
            return ([value], (0..<k).map { p[$0] - ($0 == y ? 1 : 0) })
        }
    }

    private func compare(_ images: SelectedImages, classes: Int, forClasses: Bool, scale: Double, tolerance: Double) throws {
        let design = DesignMatrix(training: images, forClasses: forClasses)
        let plain = PlainDesign(images, standardization: design.standardization)
        let w = Self.weights(classes: classes, seed: UInt64(classes), scale: scale)
        let columns = (0..<classes).map { w.column($0) }
        let plainScores = columns.map { plain.scores($0) }

        let scores = design.classScores(at: w)
        for row in 0..<images.count {
            for k in 0..<classes { #expect(close(scores[row * classes + k], plainScores[k][row], tolerance), "score of row \(row), class \(k)") }
        }
        for loss in [SoftmaxCrossEntropy() as any ClassLoss, HalfMultinomialLoss(), OneVsRestCrossEntropy()] {
            let fast = DesignMatrix.classLossSums(loss, at: w, on: [design], withGradient: [true])[0]
            var losses = [Double](repeating: 0, count: loss.lossCount(classes: classes))
            var gradient = ClassWeights(zerosFor: classes)
            for row in 0..<images.count {
                let (rowLosses, residuals) = Self.plainLoss(loss, scores: plainScores.map { $0[row] }, label: Int(images.targets[row]))
                for l in losses.indices { losses[l] += rowLosses[l] }
                for j in 0..<DesignMatrix.featureCount {
                    for k in 0..<classes { gradient[j, k] += residuals[k] * plain.rows[row][j] }
                }
            }
            for l in losses.indices { #expect(close(fast.losses[l], losses[l], tolerance), "\(loss) loss \(l): \(fast.losses[l]) vs \(losses[l])") }
            let fastGradient = try #require(fast.gradient)
            let largest = gradient.values.map(abs).max()!
            for j in gradient.values.indices {
                #expect(abs(fastGradient.values[j] - gradient.values[j]) <= tolerance * max(1, largest), "\(loss) gradient \(j)")
            }
            let alone = DesignMatrix.classLossSums(loss, at: w, on: [design], withGradient: [false])[0]
            #expect(alone.gradient == nil)
            #expect(alone.losses == fast.losses)
        }
    }

    @Test("scores, losses and gradients of 3 and 5 classes equal the dense computation", arguments: [false, true])
    func tiny(forClasses: Bool) throws {
        try compare(try Samples.tiny.train.selecting(try DigitClasses([1, 4, 7]), split: "training"), classes: 3, forClasses: forClasses, scale: 0.05, tolerance: 1e-12)
        try compare(try Samples.tiny.train.selecting(try DigitClasses([9, 2, 0, 3, 6]), split: "training"), classes: 5, forClasses: forClasses, scale: 2, tolerance: 1e-12)
    }

    @Test("the same for ten digits (stride 12, two padding classes)")
    func tenDigits() throws {
        try compare(try Samples.tiny.train.selecting(try DigitClasses(Array(0...9)), split: "training"), classes: 10, forClasses: true, scale: 0.3, tolerance: 1e-12)
    }

    @Test("the same on the bundled training images of 3, 5 and 8 (17,403 rows, many pieces)")
    func bundled() throws {
        try compare(try Samples.bundled.train.selecting(try DigitClasses([3, 5, 8]), split: "training"), classes: 3, forClasses: true, scale: 0.02, tolerance: 1e-11)
    }

    @Test("a design's sums do not depend on the designs that share its pass")
    func deterministic() throws {
        let classes = try DigitClasses([1, 4, 7])
        let train = DesignMatrix(training: try Samples.tiny.train.selecting(classes, split: "training"), forClasses: true)
        let test = DesignMatrix(try Samples.tiny.test.selecting(classes, split: "test"), standardization: train.standardization)
        let w = Self.weights(classes: 3, seed: 5, scale: 0.1)
        let together = DesignMatrix.classLossSums(SoftmaxCrossEntropy(), at: w, on: [train, test], withGradient: [true, false])
        let alone = DesignMatrix.classLossSums(SoftmaxCrossEntropy(), at: w, on: [train], withGradient: [true])[0]
        #expect(together[0].losses == alone.losses)
        #expect(together[0].gradient == alone.gradient)
    }

    @Test("scikit-learn's multinomial objective has the gradient of finite differences")
    func multinomialGradient() throws {
        let classes = try DigitClasses([1, 4, 7])
        let design = DesignMatrix(training: try Samples.tiny.train.selecting(classes, split: "training"), forClasses: true)
        let objective = MultinomialLogisticRegression().objective(on: design, classes: 3)
        let w = Self.weights(classes: 3, seed: 9, scale: 0.05).values
        let gradient = objective(w).gradient
        let h = 1e-6
        // The biases (0…2), pixel weights of each class, the last weights.
        for j in [0, 1, 2, 3, 300, 1_217, 1_218, 1_219, 2_352, 2_354] {
            var up = w, down = w
            up[j] += h
            down[j] -= h
            let numeric = (objective(up).f - objective(down).f) / (2 * h)
            #expect(abs(numeric - gradient[j]) <= 1e-6 * max(1, abs(gradient[j])), "∂f/∂w[\(j)]: \(numeric) vs \(gradient[j])")
        }
    }
}

/// The metrics of K-class predictions, against values worked out by hand.
@Suite("Multiclass metrics")
struct MulticlassMetricsTests {
    @Test("accuracy, confusion, log loss, precision and recall as scikit-learn defines them")
    func handWorked() {
        // Four samples, three classes; sample 3's tie between classes 0 and 2 goes to 0, as np.argmax.
        let probabilities: [Double] = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.4, 0.2, 0.4]
        let metrics = MulticlassMetrics(labels: [0, 2, 0, 2], probabilities: probabilities, classes: 3, withLogLoss: true)
        #expect(metrics.accuracy == 0.5)
        #expect(metrics.confusion == [[1, 1, 0], [0, 0, 0], [1, 0, 1]])
        #expect(metrics.misclassified == [2, 3])
        #expect(metrics.misclassifiedTruths == [0, 2])
        #expect(metrics.misclassifiedPredictions == [1, 0])
        #expect(metrics.misclassifiedConfidence == [0.5, 0.4])
        let expected = -(log(0.7) + log(0.6) + log(0.2) + log(0.4)) / 4
        #expect(abs(metrics.logLoss! - expected) < 1e-15)
        // Class 1 is predicted once, wrongly; never the truth: precision 0, recall 0 (zero_division).
        #expect(metrics.precision == [0.5, 0, 1])
        #expect(metrics.recall == [0.5, 0, 0.5])
        #expect(MulticlassMetrics(labels: [0, 2, 0, 2], probabilities: probabilities, classes: 3, withLogLoss: false).logLoss == nil)
    }

    @Test("probabilities of 0 or 1 are clipped to ε as log_loss does")
    func clipped() {
        let metrics = MulticlassMetrics(labels: [1], probabilities: [1, 0, 0], classes: 3, withLogLoss: true)
        #expect(metrics.logLoss == -log(Double.ulpOfOne))
    }

    @Test("softmax probabilities are a stable distribution; one-vs-rest's are K sigmoids")
    func probabilities() {
        let softmax = ClassProbabilities.softmax.of(scores: [1000, 999, -1000], classes: 3)
        #expect(softmax.allSatisfy { $0.isFinite })
        #expect(abs(softmax.reduce(0, +) - 1) < 1e-15)
        #expect(abs(softmax[0] - 1 / (1 + exp(-1))) < 1e-15)
        #expect(ClassProbabilities.oneVsRest.of(scores: [0, 2, -3], classes: 3) == [0.5, sigmoid(2), sigmoid(-3)])
    }
}

/// The from-scratch multiclass models.
@Suite("Multiclass gradient descent")
struct ClassGradientDescentTests {
    @Test("the softmax and one-vs-rest trained in one pass are the same bits as trained apart")
    func stacked() throws {
        let classes = try DigitClasses([1, 4, 7, 9])
        let train = DesignMatrix(training: try Samples.tiny.train.selecting(classes, split: "training"), forClasses: true)
        let test = DesignMatrix(try Samples.tiny.test.selecting(classes, split: "test"), standardization: train.standardization)
        let descent = ClassGradientDescent(learningRate: 0.05, epochs: 6)
        let together = descent.run([.softmax, .oneVsRest], classes: 4, train: train, test: test, snapshots: [5])
        let apart = [descent.run([.softmax], classes: 4, train: train, test: test, snapshots: [5])[0],
                     descent.run([.oneVsRest], classes: 4, train: train, test: test, snapshots: [5])[0]]
        #expect(together.map(\.trainLoss.count) == [1, 4])
        for (a, b) in zip(together, apart) {
            #expect(a.trainLoss == b.trainLoss && a.testLoss == b.testLoss)
            #expect(a.weights == b.weights && a.weightsAfter == b.weightsAfter)
            #expect(a.trainLoss.allSatisfy { $0.count == 6 })
        }
        // Each epoch lowers every training loss at this small rate.
        for history in together.flatMap(\.trainLoss) { #expect(zip(history, history.dropFirst()).allSatisfy { $1 < $0 }) }
    }

    @Test("one step from zero is −lr·Xᵀ(P − Y)/m with P uniform for the softmax and ½ for one-vs-rest")
    func firstStep() throws {
        let classes = try DigitClasses([1, 4, 7])
        let images = try Samples.tiny.train.selecting(classes, split: "training")
        let train = DesignMatrix(training: images, forClasses: true)
        let plain = PlainDesign(images, standardization: train.standardization)
        let runs = ClassGradientDescent(learningRate: 0.5, epochs: 1).run([.softmax, .oneVsRest], classes: 3, train: train, test: train)
        for (run, p) in zip(runs, [1.0 / 3, 0.5]) {
            for j in [0, 300, 400, 784] {
                for k in 0..<3 {
                    var gradient = 0.0
                    for (row, label) in images.targets.enumerated() { gradient += (p - (Int(label) == k ? 1 : 0)) * plain.rows[row][j] }
                    #expect(abs(run.weights[j, k] - -0.5 * gradient / Double(images.count)) <= 1e-14, "W[\(j)][\(k)]")
                }
            }
        }
    }
}
