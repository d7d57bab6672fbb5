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
/// together) and one over the test set, in parallel; both models train in the same passes
/// (`StackedLoss`: the same bits as apart, the data read once). Losses agree with numpy's to
/// about 1e−14.
///
/// A diverging rate makes the weights NaN within a few epochs; from then on every later
/// loss and weight of that model is NaN, in numpy too.
public struct ClassGradientDescent: Sendable {
    public var learningRate: Double
    public var epochs: Int

    public enum Model: String, Sendable, Codable, CaseIterable {
        case softmax
        case oneVsRest = "one_vs_rest"

        /// How the model's scores become probabilities.
        public var probabilities: ClassProbabilities { self == .softmax ? .softmax : .oneVsRest }

        /// How many loss histories it records: one for the softmax, one per class for one-vs-rest.
        func lossCount(classes: Int) -> Int { self == .softmax ? 1 : classes }
    }

    public init(learningRate: Double, epochs: Int) {
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

    /// Trains each of `models` (`classes` classes) on `train`, records losses on both sets
    /// and keeps the weights after each epoch in `snapshots`; the runs in the order of `models`.
    public func run(_ models: [Model], classes: Int, train: DesignMatrix, test: DesignMatrix, snapshots: Set<Int> = []) -> [Run] {
        switch models {
        case [.softmax]: run(SoftmaxCrossEntropy(), models, classes: classes, train: train, test: test, snapshots: snapshots)
        case [.oneVsRest]: run(OneVsRestCrossEntropy(), models, classes: classes, train: train, test: test, snapshots: snapshots)
        case [.softmax, .oneVsRest]:
            run(StackedLoss(SoftmaxCrossEntropy(), OneVsRestCrossEntropy(), split: classes), models, classes: classes, train: train, test: test,
                snapshots: snapshots)
        default: preconditionFailure("the softmax, one-vs-rest, or both in that order")
        }
    }

    /// The loop for `models` models of `classes` classes side by side in W (785 × models·K):
    /// the runs are then cut apart, columns and loss histories.
    private func run<L: ClassLoss>(_ loss: L, _ models: [Model], classes: Int, train: DesignMatrix, test: DesignMatrix, snapshots: Set<Int>) -> [Run] {
        precondition(epochs >= 1, "at least one epoch")
        var weights = ClassWeights(zerosFor: models.count * classes)
        let histories = loss.lossCount(classes: models.count * classes)
        var trainLoss = [[Double]](repeating: [], count: histories), testLoss = trainLoss
        var weightsAfter: [Int: ClassWeights] = [:]
        let m = Double(train.rowCount), mTest = Double(test.rowCount)
        for epoch in 1...epochs {
            let sums = DesignMatrix.classLossSums(loss, at: weights, on: [train, test], withGradient: [true, false])
            for l in 0..<histories {
                trainLoss[l].append(sums[0].losses[l] / m)
                testLoss[l].append(sums[1].losses[l] / mTest)
            }
            let gradient = sums[0].gradient!
            for j in weights.values.indices { weights.values[j] -= learningRate * (gradient.values[j] / m) }
            if snapshots.contains(epoch) { weightsAfter[epoch] = weights }
        }
        // Model i has classes i·K ..< (i+1)·K and the loss histories that follow the previous models'.
        var firstHistory = 0
        return models.enumerated().map { i, model in
            let columns = (i * classes)..<((i + 1) * classes)
            let own = firstHistory..<(firstHistory + model.lossCount(classes: classes))
            firstHistory = own.upperBound
            return Run(trainLoss: Array(trainLoss[own]), testLoss: Array(testLoss[own]),
                       weightsAfter: weightsAfter.mapValues { $0.columns(columns) }, weights: weights.columns(columns))
        }
    }
}
