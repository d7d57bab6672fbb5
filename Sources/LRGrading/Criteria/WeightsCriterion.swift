import Foundation

/// Criterion 6: the grader evaluates the student's W itself on the test set and compares it
/// with the replay's weights; a wrong shape is named as such. The model graded is the
/// candidate that equals the replay (see `Evidence`), and the feedback names it. A W that
/// no replay explains, the assignment's or a known mistake's, earns nothing.
enum WeightsCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        guard let found = evidence.work.weights else {
            return .fail("Expected W (785 weights, bias first); the script left neither W nor another array of 785 numbers (or 784 weights and a bias), in any scope.")
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
            return .fail("Could not replay the training (\(evidence.match.missing ?? "")), so nothing explains \(found.name): \(scores).")
        }
        let distance = Evidence.relativeDistance(found.value, expected.weights)
        // Among several arrays the script left, say which one is graded.
        let subject = evidence.work.models.count > 1 ? "Graded `\(found.name)`, which" : found.name
        if distance <= evidence.tolerances.weightsRelative {
            return .pass("\(subject) equals the replay's weights (relative difference \(String(format: "%.1e", distance))); \(scores).")
        }
        if evidence.weightsReplay != nil, let mistake = evidence.match.mistake {
            return .partial("\(subject) equals the weights of \(mistake.what), not of the replay at lr = \(Shown.rate(expected.learningRate)) the assignment's training gives; \(scores).")
        }
        if evidence.weightsCopiedFromPublished { return .fail("\(found.name) \(Evidence.publishedDataNote).") }
        let replayScores = expected.checkpoints[expected.epochs].map { " (replay: accuracy \(Shown.value($0.accuracy)), log loss \(Shown.value($0.logLoss)))" } ?? ""
        return .fail("\(found.name) differs from the replay's weights by \(String(format: "%.2g", distance * 100)) % (relative); \(scores)\(replayScores).")
    }
}
