import Foundation

/// Criterion 5: `train_loss_history` and `test_loss_history` hold one value per epoch and
/// equal a replay of the reference gradient descent at the student's own `lr` and `epochs`.
/// When they do not, the learning rate that does reproduce them says what went wrong.
enum LossHistoryCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        let work = evidence.work, match = evidence.match
        let tolerance = evidence.tolerances.lossRelative
        guard let train = work.trainLoss else {
            return .fail("Expected train_loss_history (one loss per epoch, starting at ln 2 ≈ 0.6931); the script left no such list.")
        }
        if let epochs = work.epochs, train.value.count != epochs {
            return .fail("\(train.name) has \(train.value.count) values for epochs = \(epochs); one per epoch expected.")
        }
        guard let expected = match.expected else { return .fail("Cannot check \(train.name): \(match.missing ?? "nothing to replay").") }
        let settings = "lr = \(Shown.rate(expected.learningRate)), \(expected.epochs) epochs"
        let inferredNote = work.learningRate == nil ? " (the script left no `lr`; the rate was inferred from its first step)" : ""

        if let divergence = ReplayMatch.divergence(of: train.value, from: expected.trainLoss, relativeTolerance: tolerance) {
            if let inferred = match.inferred, let stated = work.learningRate {
                return .fail("\(train.name) leaves the replay at \(settings) at epoch \(divergence.epoch), but equals a replay at lr = \(Shown.rate(inferred.learningRate)): \(diagnosis(stated: stated, used: inferred.learningRate, rows: evidence.replays.train.rowCount))")
            }
            if evidence.historyCopiedFromPublished { return .fail("\(train.name) \(Evidence.publishedDataNote).") }
            return .fail("\(train.name) leaves the replay at \(settings) at epoch \(divergence.epoch): expected \(Shown.value(divergence.expected)), found \(Shown.value(divergence.found)).")
        }
        guard let test = work.testLoss else {
            return .partial("\(train.name) equals the replay at \(settings)\(inferredNote), but no test_loss_history was found.")
        }
        if let divergence = ReplayMatch.divergence(of: test.value, from: expected.testLoss, relativeTolerance: tolerance) {
            return .partial("\(train.name) equals the replay at \(settings), but \(test.name) leaves it at epoch \(divergence.epoch): expected \(Shown.value(divergence.expected)), found \(Shown.value(divergence.found)) (the test loss is taken on the test set, standardized with the training set's scaler, before each update).")
        }
        let largest = max(ReplayMatch.largestRelativeDifference(train.value, expected.trainLoss), ReplayMatch.largestRelativeDifference(test.value, expected.testLoss))
        return .pass("\(train.name) and \(test.name) equal the replay at \(settings)\(inferredNote) at every epoch (largest relative difference \(String(format: "%.1e", largest))).")
    }

    /// What a learning rate that differs from the stated one means.
    static func diagnosis(stated: Double, used: Double, rows: Int) -> String {
        ReplayMatch.slips(of: stated, rows: rows).first { abs(used - $0.rate) <= 1e-6 * abs($0.rate) }?.meaning
            ?? "the script trains with another learning rate than the \(Shown.rate(stated)) it stores in `lr`."
    }
}
