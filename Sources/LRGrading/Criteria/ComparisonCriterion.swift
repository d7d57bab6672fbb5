import Foundation

/// Criterion 7: the accuracy and log loss after 5 epochs and after the last one were
/// printed and agree with the replay's checkpoints; `y_pred_manual`, when left, agrees with
/// the grader's σ(X·W) ≥ 0.5.
enum ComparisonCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        // The run whose weights the script really has, else the one it should have.
        guard let replay = evidence.weightsReplay ?? evidence.match.expected else {
            return .fail("Nothing to compare with: \(evidence.match.missing ?? "the training could not be replayed").")
        }
        if let predictions = evidence.work.manualPredictions, let weights = evidence.weights {
            let scores = evidence.replays.test.metrics(of: weights)
            let ownWrong = Set(scores.misclassified)
            let targets = evidence.replays.test.targets
            let disagreements = predictions.indices.filter { i in
                let grader = ownWrong.contains(i) ? 1 - targets[i] : targets[i]
                return predictions[i] != grader
            }.count
            if disagreements > 0 {
                return .fail("y_pred_manual disagrees with σ(X·W) ≥ 0.5 on \(disagreements) of \(predictions.count) test images: is the threshold on the right side?")
            }
        }
        let tolerance = evidence.tolerances
        var missing: [String] = []
        var shown: [String] = []
        let checkpoints = [5, replay.epochs].filter { $0 <= replay.epochs }
        for epoch in Set(checkpoints).sorted() {
            let metrics = replay.checkpoints[epoch]!
            for (name, value, keywords) in [("accuracy", metrics.accuracy, ["acc"]), ("log loss", metrics.logLoss, ["loss"])] {
                switch evidence.printed.find(value, keywords: keywords, tolerance: tolerance.printedAbsolute, minDecimals: tolerance.printedMinDecimals) {
                case .found: shown.append("\(name) after \(epoch) (\(Shown.value(value)))")
                default: missing.append("\(name) after \(epoch) epochs (\(Shown.value(value)))")
                }
            }
        }
        if missing.isEmpty {
            return .pass("Printed \(shown.joined(separator: ", ")), as the replay at lr = \(Shown.rate(replay.learningRate)) gives.")
        }
        let finalFound = !missing.contains { $0.contains("after \(replay.epochs) epochs") }
        let expectation = "Expected \(missing.joined(separator: " and ")) to be printed"
        return finalFound && replay.epochs != 5
            ? .partial("\(expectation); the final metrics were right.")
            : .fail("\(expectation) (to at least \(tolerance.printedMinDecimals) decimals), as the replay at lr = \(Shown.rate(replay.learningRate)) gives; no printed line shows them.")
    }
}
