#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a binary classifier did on a labelled set, with scikit-learn's definitions.
public struct BinaryClassificationMetrics: Sendable, Equatable, Codable {
    /// Fraction of correct predictions (`accuracy_score`).
    public var accuracy: Double
    /// `log_loss`: the mean of −log p(true class), with p clipped to [ε, 1 − ε], ε = 2⁻⁵².
    public var logLoss: Double
    /// `confusion_matrix` with labels [0, 1]: rows are the true class, columns the predicted.
    public var confusion: [[Int]]
    /// Positions (in the set) of the wrongly predicted samples, ascending.
    public var misclassified: [Int]
    /// P(y = 1) of each misclassified sample, in the same order.
    public var misclassifiedProbabilities: [Double]

    public var errors: Int { misclassified.count }

    /// Metrics computed before, as a saved reference holds them.
    public init(accuracy: Double, logLoss: Double, confusion: [[Int]], misclassified: [Int], misclassifiedProbabilities: [Double]) {
        self.accuracy = accuracy
        self.logLoss = logLoss
        self.confusion = confusion
        self.misclassified = misclassified
        self.misclassifiedProbabilities = misclassifiedProbabilities
    }

    /// - Parameters:
    ///   - targets: the true classes, 0 or 1.
    ///   - probabilities: P(y = 1) per sample.
    ///   - predictions: the predicted classes, 0 or 1 (the rule that made them is the model's).
    public init(targets: [UInt8], probabilities: [Double], predictions: [UInt8]) {
        precondition(targets.count == probabilities.count && targets.count == predictions.count, "length mismatch")
        var confusion = [[0, 0], [0, 0]]
        var misclassified: [Int] = []
        var lossSum = 0.0
        let epsilon = Double.ulpOfOne
        for i in targets.indices {
            confusion[Int(targets[i])][Int(predictions[i])] += 1
            if targets[i] != predictions[i] { misclassified.append(i) }
            let p = targets[i] == 1 ? probabilities[i] : 1 - probabilities[i]
            lossSum += -log(min(max(p, epsilon), 1 - epsilon))
        }
        self.accuracy = Double(targets.count - misclassified.count) / Double(targets.count)
        self.logLoss = lossSum / Double(targets.count)
        self.confusion = confusion
        self.misclassified = misclassified
        self.misclassifiedProbabilities = misclassified.map { probabilities[$0] }
    }
}

extension DesignMatrix {
    /// The metrics of weights `w` on this set, predicting class 1 where σ(x·w) ≥ 0.5 (the
    /// assignment's rule) or, with `strictScores`, where x·w > 0 (scikit-learn's `predict`).
    public func metrics(of weights: [Double], strictScores: Bool = false) -> BinaryClassificationMetrics {
        let scores = scores(at: weights)
        let probabilities = scores.map(sigmoid)
        let predictions = zip(scores, probabilities).map { z, p in UInt8(strictScores ? (z > 0 ? 1 : 0) : (p >= 0.5 ? 1 : 0)) }
        return BinaryClassificationMetrics(targets: targets.map { UInt8($0) }, probabilities: probabilities, predictions: predictions)
    }
}
