/// The multiclass assignment's from-scratch training loops, step for step:
///
///     W = 0 (785 × K)
///     repeat epochs times:
///         record train and test loss at W
///         W −= lr · Xᵀ(P − Y) / m
///
/// with, for `softmax`, P = softmax(XW) and the mean softmax cross-entropy
/// −Σₖ yₖ·log(pₖ + 1e−10); for `oneVsRest`, P = σ(XW) column by column and K binary
/// cross-entropies (the binary assignment's), one per model: the K models of "class k against
/// the rest" trained side by side, each exactly as the binary `GradientDescent` trains one.
/// Each epoch is one pass over the training set computing all K classes (loss and gradient
/// together) and one over the test set, in parallel. Losses agree with numpy's to about 1e−15.
///
/// Once a weight is NaN (a diverging rate), every later loss and weight is NaN in numpy too;
/// the remaining epochs are filled with NaN instead of computed.
public struct ClassGradientDescent: Sendable {
    public var model: Model
    public var learningRate: Double
    public var epochs: Int

    public enum Model: String, Sendable, Codable {
        case softmax
        case oneVsRest = "one_vs_rest"

        /// How the model's scores become probabilities.
        public var probabilities: ClassProbabilities { self == .softmax ? .softmax : .oneVsRest }
    }

    public init(model: Model, learningRate: Double, epochs: Int) {
        self.model = model
        self.learningRate = learningRate
        self.epochs = epochs
    }

    public struct Run: Sendable {
        /// The training loss before each update, by loss: one history for the softmax, one
        /// per model (class) for one-vs-rest; each `epochs` long.
        public var trainLoss: [[Double]]
        /// The test loss before each update, in the same form.
        public var testLoss: [[Double]]
        /// The weights after the epochs asked for (counted from 1).
        public var weightsAfter: [Int: ClassWeights]
        /// The weights after the last epoch.
        public var weights: ClassWeights
    }

    /// Trains a `classes`-class model on `train`, records losses on both sets and keeps the
    /// weights after each epoch in `snapshots`.
    public func run(classes: Int, train: DesignMatrix, test: DesignMatrix, snapshots: Set<Int> = []) -> Run {
        switch model {
        case .softmax: run(SoftmaxCrossEntropy(), classes: classes, train: train, test: test, snapshots: snapshots)
        case .oneVsRest: run(OneVsRestCrossEntropy(), classes: classes, train: train, test: test, snapshots: snapshots)
        }
    }

    private func run<L: ClassLoss>(_ loss: L, classes: Int, train: DesignMatrix, test: DesignMatrix, snapshots: Set<Int>) -> Run {
        precondition(epochs >= 1, "at least one epoch")
        var weights = ClassWeights(zerosFor: classes)
        let histories = loss.lossCount(classes: classes)
        var run = Run(trainLoss: Array(repeating: [], count: histories), testLoss: Array(repeating: [], count: histories),
                      weightsAfter: [:], weights: weights)
        let m = Double(train.rowCount), mTest = Double(test.rowCount)
        for epoch in 1...epochs {
            let sums = DesignMatrix.classLossSums(loss, at: weights, on: [train, test], withGradient: [true, false])
            for l in 0..<histories {
                run.trainLoss[l].append(sums[0].losses[l] / m)
                run.testLoss[l].append(sums[1].losses[l] / mTest)
            }
            let gradient = sums[0].gradient!
            for j in weights.values.indices { weights.values[j] -= learningRate * (gradient.values[j] / m) }
            if weights.containsNaN {
                weights.values = [Double](repeating: .nan, count: weights.values.count)
                for later in epoch...epochs {
                    if later > epoch {
                        for l in 0..<histories { run.trainLoss[l].append(.nan); run.testLoss[l].append(.nan) }
                    }
                    if snapshots.contains(later) { run.weightsAfter[later] = weights }
                }
                break
            }
            if snapshots.contains(epoch) { run.weightsAfter[epoch] = weights }
        }
        run.weights = weights
        return run
    }
}
