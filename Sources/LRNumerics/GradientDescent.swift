/// The assignment's from-scratch training loop, step for step:
///
///     W = 0 (785 weights, bias first)
///     repeat epochs times:
///         record train and test loss at W   (mean binary cross-entropy, +1e−10 in the logs)
///         grad = Xᵀ(σ(XW) − y) / m
///         W −= lr · grad
///
/// Each epoch is one fused pass over the training set (loss and gradient together) and one
/// over the test set, in parallel. Losses agree with numpy's to about 1e−15 (see `DesignMatrix`).
///
/// `rule` replays two mistakes the same way, to name them in feedback: the gradient of the
/// squared error, Xᵀ((σ − y)·σ·(1 − σ)) / m, in place of the cross-entropy's, and a bias
/// that is never updated (its gradient taken as 0). The recorded losses stay the assignment's.
///
/// A diverging rate (1e307) makes a weight NaN within a few epochs; from then on every score,
/// loss and weight is NaN in numpy too (0 · NaN is NaN), so the remaining epochs are filled
/// with NaN instead of computed: a diverging replay costs a few epochs, not all of them.
public struct GradientDescent: Sendable {
    public var learningRate: Double
    public var epochs: Int
    public var rule: Rule

    /// How each step updates W.
    public enum Rule: Sendable, Hashable {
        /// W −= lr · Xᵀ(σ(XW) − y) / m.
        case assignment
        /// W −= lr · Xᵀ((σ − y)·σ·(1 − σ)) / m: the squared error's gradient (without its factor 2).
        case squaredErrorGradient
        /// The assignment's step for the pixel weights; the bias W₀ stays 0.
        case frozenBias
    }

    public init(learningRate: Double, epochs: Int, rule: Rule = .assignment) {
        self.learningRate = learningRate
        self.epochs = epochs
        self.rule = rule
    }

    public struct Run: Sendable {
        /// The training loss before each update, one per epoch.
        public var trainLoss: [Double]
        /// The test loss before each update, one per epoch.
        public var testLoss: [Double]
        /// The weights after the epochs asked for (counted from 1).
        public var weightsAfter: [Int: [Double]]
        /// The weights after the last epoch.
        public var weights: [Double]
    }

    /// Trains on `train`, records losses on both sets and keeps the weights after each epoch
    /// in `snapshots`.
    public func run(train: DesignMatrix, test: DesignMatrix, snapshots: Set<Int> = []) -> Run {
        precondition(epochs >= 1, "at least one epoch")
        var weights = [Double](repeating: 0, count: DesignMatrix.featureCount)
        var run = Run(trainLoss: [], testLoss: [], weightsAfter: [:], weights: [])
        run.trainLoss.reserveCapacity(epochs)
        run.testLoss.reserveCapacity(epochs)
        let m = Double(train.rowCount), mTest = Double(test.rowCount)
        for epoch in 1...epochs {
            let sums = rule == .squaredErrorGradient
                ? DesignMatrix.lossSums(SquaredErrorGradientSlip(), at: weights, on: [train, test], withGradient: [true, false])
                : DesignMatrix.lossSums(AssignmentCrossEntropy(), at: weights, on: [train, test], withGradient: [true, false])
            run.trainLoss.append(sums[0].loss / m)
            run.testLoss.append(sums[1].loss / mTest)
            var gradient = sums[0].gradient!
            if rule == .frozenBias { gradient[0] = 0 }
            for j in weights.indices { weights[j] -= learningRate * (gradient[j] / m) }
            if weights.contains(where: \.isNaN) {
                weights = [Double](repeating: .nan, count: weights.count)
                for later in epoch...epochs {
                    if later > epoch { run.trainLoss.append(.nan); run.testLoss.append(.nan) }
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
