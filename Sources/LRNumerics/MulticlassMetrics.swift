#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a K-class classifier did on a labelled set, with scikit-learn's definitions; the
/// prediction is the class of the highest probability (the first on a tie, as `np.argmax`).
public struct MulticlassMetrics: Sendable, Equatable {
    /// Fraction of correct predictions (`accuracy_score`).
    public var accuracy: Double
    /// `log_loss`: the mean of −log p(true class), p clipped to [ε, 1 − ε], ε = 2⁻⁵²; nil
    /// for one-vs-rest, whose K probabilities are not a distribution.
    public var logLoss: Double?
    /// `confusion_matrix` with labels 0…K−1: rows are the true class, columns the predicted.
    public var confusion: [[Int]]
    /// Positions (in the set) of the wrongly predicted samples, ascending.
    public var misclassified: [Int]
    /// The true and the predicted class of each misclassified sample.
    public var misclassifiedTruths: [Int]
    public var misclassifiedPredictions: [Int]
    /// The model's probability of its prediction, for each misclassified sample.
    public var misclassifiedConfidence: [Double]

    public var errors: Int { misclassified.count }

    /// Per class k, `precision_score(average=None)`: the share of the predictions of k that
    /// are right (0 when k is never predicted, scikit-learn's `zero_division` result).
    public var precision: [Double] {
        confusion.indices.map { k in
            let predicted = confusion.reduce(0) { $0 + $1[k] }
            return predicted == 0 ? 0 : Double(confusion[k][k]) / Double(predicted)
        }
    }

    /// Per class k, `recall_score(average=None)`: the share of the images of k predicted as k.
    public var recall: [Double] {
        confusion.indices.map { k in
            let actual = confusion[k].reduce(0, +)
            return actual == 0 ? 0 : Double(confusion[k][k]) / Double(actual)
        }
    }

    /// - Parameters:
    ///   - labels: the true classes, 0…K−1.
    ///   - probabilities: K per sample, sample after sample.
    ///   - withLogLoss: whether the probabilities are a distribution, so the log loss means something.
    public init(labels: [UInt8], probabilities: [Double], classes: Int, withLogLoss: Bool) {
        precondition(probabilities.count == labels.count * classes, "K probabilities per sample")
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var misclassified: [Int] = [], truths: [Int] = [], predictions: [Int] = [], confidence: [Double] = []
        var lossSum = 0.0
        let epsilon = Double.ulpOfOne
        for i in labels.indices {
            let row = probabilities[(i * classes)..<((i + 1) * classes)]
            var best = row.startIndex
            for k in row.indices where row[k] > row[best] { best = k }
            let predicted = best - row.startIndex, truth = Int(labels[i])
            confusion[truth][predicted] += 1
            if predicted != truth {
                misclassified.append(i)
                truths.append(truth)
                predictions.append(predicted)
                confidence.append(row[best])
            }
            lossSum += -log(min(max(row[row.startIndex + truth], epsilon), 1 - epsilon))
        }
        self.accuracy = Double(labels.count - misclassified.count) / Double(labels.count)
        self.logLoss = withLogLoss ? lossSum / Double(labels.count) : nil
        self.confusion = confusion
        self.misclassified = misclassified
        self.misclassifiedTruths = truths
        self.misclassifiedPredictions = predictions
        self.misclassifiedConfidence = confidence
    }
}

/// How a K-class model turns its scores into probabilities.
public enum ClassProbabilities: Sendable {
    /// One model over the K classes: pₖ = e^(zₖ − max) / Σⱼ e^(zⱼ − max).
    case softmax
    /// K binary models: pₖ = σ(zₖ), each on its own.
    case oneVsRest

    /// The probabilities of rows of K scores, row by row.
    public func of(scores: [Double], classes: Int) -> [Double] {
        switch self {
        case .oneVsRest:
            return scores.map(sigmoid)
        case .softmax:
            var probabilities = scores
            for start in stride(from: 0, to: scores.count, by: classes) {
                let row = start..<(start + classes)
                let maximum = scores[row].max()!
                var sum = 0.0
                for k in row {
                    probabilities[k] = exp(scores[k] - maximum)
                    sum += probabilities[k]
                }
                for k in row { probabilities[k] /= sum }
            }
            return probabilities
        }
    }
}

extension DesignMatrix {
    /// The metrics of the K-class weights on this set.
    public func metrics(of weights: ClassWeights, _ probabilities: ClassProbabilities) -> MulticlassMetrics {
        let scores = classScores(at: weights)
        return MulticlassMetrics(labels: labels, probabilities: probabilities.of(scores: scores, classes: weights.classes),
                                 classes: weights.classes, withLogLoss: probabilities == .softmax)
    }
}
