import Foundation

/// Criterion 6: the grader evaluates the student's W itself on the test set and compares it
/// with the replay's weights; a wrong shape is named as such.
enum WeightsCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        guard let found = evidence.work.weights else {
            return .fail("Expected W (785 weights, bias first); the script left neither W nor another array of 785 numbers.")
        }
        let shape = "shape (\(evidence.work.weightsShape.map(String.init).joined(separator: ", ")))"
        switch found.value.count {
        case 785: break
        case 784: return .fail("\(found.name) has 784 values (\(shape)): there is no intercept column. Expected 785, the bias first, with a column of ones in front of X.")
        case let count: return .fail("\(found.name) has \(count) values (\(shape)); expected 785: the bias, then one weight per pixel.")
        }
        guard let own = evidence.weightsMetrics else { return .fail("\(found.name) contains NaN or infinite values.") }
        let scores = "the grader's evaluation of \(found.name) on the test set: accuracy \(Shown.value(own.accuracy)), log loss \(Shown.value(own.logLoss))"
        guard let expected = evidence.match.expected else {
            return .partial("Could not replay the training (\(evidence.match.missing ?? "")), so \(found.name) is only evaluated: \(scores).")
        }
        let distance = Evidence.relativeDistance(found.value, expected.weights)
        if distance <= evidence.tolerances.weightsRelative {
            return .pass("\(found.name) equals the replay's weights (relative difference \(String(format: "%.1e", distance))); \(scores).")
        }
        if let replay = evidence.weightsReplay {
            return .partial("\(found.name) equals the weights of a replay at lr = \(Shown.rate(replay.learningRate)), not at the lr = \(Shown.rate(expected.learningRate)) the script stores; \(scores).")
        }
        if evidence.weightsCopiedFromPublished { return .fail("\(found.name) \(Evidence.publishedDataNote).") }
        let replayScores = expected.checkpoints[expected.epochs].map { " (replay: accuracy \(Shown.value($0.accuracy)), log loss \(Shown.value($0.logLoss)))" } ?? ""
        return .fail("\(found.name) differs from the replay's weights by \(String(format: "%.2g", distance * 100)) % (relative); \(scores)\(replayScores).")
    }
}
