import Foundation

/// Criterion 7: the accuracy and log loss after 5 epochs and after the last one were
/// printed and agree with the replay's checkpoints; `y_pred_manual`, when left, agrees with
/// the grader's σ(X·W) ≥ 0.5.
///
/// Printed numbers are backed by the script's W: it must be the replay's, or else give the
/// printed final metrics when the grader evaluates it.
enum ComparisonCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        guard let own = evidence.weightsMetrics else {
            let found = evidence.work.weights.map { "\($0.name) has \($0.value.count) values, not 785 finite weights" } ?? "the script left no W"
            return .fail("The printed metrics cannot be checked against your model: \(found).")
        }
        // The run whose weights the script really has, else the one it should have.
        guard let replay = evidence.weightsReplay ?? evidence.match.expected else {
            return .fail("Nothing to compare with: \(evidence.match.missing ?? "the training could not be replayed").")
        }
        if let predictions = evidence.work.manualPredictions {
            let ownWrong = Set(own.misclassified)
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
            for (name, value, keywords, others) in [("accuracy", metrics.accuracy, PrintedNumbers.accuracyLabels, PrintedNumbers.logLossLabels),
                                                    ("log loss", metrics.logLoss, PrintedNumbers.logLossLabels, PrintedNumbers.accuracyLabels)] {
                switch evidence.printed.find(value, keywords: keywords, otherLabels: others, avoiding: PrintedNumbers.baselineWords, percent: name == "accuracy",
                                             tolerance: tolerance.printedAbsolute, minDecimals: tolerance.printedMinDecimals) {
                case .found: shown.append("\(name) after \(epoch) (\(Shown.value(value)))")
                default: missing.append("\(name) after \(epoch) epochs (\(Shown.value(value)))")
                }
            }
        }
        if missing.isEmpty, evidence.weightsReplay == nil, let final = replay.checkpoints[replay.epochs],
           own.errors != final.errors || !(abs(own.logLoss - final.logLoss) <= tolerance.lossRelative * final.logLoss + tolerance.printedAbsolute) {
            return .fail("The printed metrics are the replay's, but your W gives accuracy \(Shown.value(own.accuracy)) and log loss \(Shown.value(own.logLoss)) when the grader evaluates it: printed numbers must come from your model.")
        }
        if missing.isEmpty {
            let checkpoint = evidence.checkpointModel.map { " (`\($0)` is the 5-epoch model)" } ?? ""
            return .pass("Printed \(shown.joined(separator: ", ")), as the replay at lr = \(Shown.rate(replay.learningRate)) gives\(checkpoint).")
        }
        let finalFound = !missing.contains { $0.contains("after \(replay.epochs) epochs") }
        let expectation = "Expected \(missing.joined(separator: " and ")) to be printed"
        return finalFound && replay.epochs != 5
            ? .partial("\(expectation); the final metrics were right.")
            : .fail("\(expectation) (to at least \(tolerance.printedMinDecimals) decimals), as the replay at lr = \(Shown.rate(replay.learningRate)) gives; no printed line shows them.")
    }
}
