import Foundation

/// Criterion 5: `train_loss_history` and `test_loss_history` hold one value per epoch and
/// equal a replay of the reference gradient descent at the student's own `lr` and `epochs`.
/// When they do not, the mistake whose replay does reproduce them (`Mistake`) says what
/// went wrong.
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
            if let mistake = match.mistake {
                return .fail("\(train.name) leaves the replay at \(settings) at epoch \(divergence.epoch), but equals \(mistake.what): \(mistake.advice)")
            }
            if evidence.historyCopiedFromPublished { return .fail("\(train.name) \(Evidence.publishedDataNote).") }
            return .fail("\(train.name) leaves the replay at \(settings) at epoch \(divergence.epoch): expected \(Shown.value(divergence.expected)), found \(Shown.value(divergence.found)).")
        }
        guard let test = work.testLoss else {
            return .partial("\(train.name) equals the replay at \(settings)\(inferredNote), but no test_loss_history was found.")
        }
        if let divergence = ReplayMatch.divergence(of: test.value, from: expected.testLoss, relativeTolerance: tolerance) {
            return .partial("\(train.name) equals the replay at \(settings), but \(test.name) leaves it at epoch \(divergence.epoch): expected \(Shown.value(divergence.expected)), found \(Shown.value(divergence.found)). The training is right, so the test set differs: is the test filter right (the test images of the digits 0 and 1, all of them) and the test set standardized with the training set's scaler, its loss taken before each update?")
        }
        let largest = max(ReplayMatch.largestRelativeDifference(train.value, expected.trainLoss), ReplayMatch.largestRelativeDifference(test.value, expected.testLoss))
        return .pass("\(train.name) and \(test.name) equal the replay at \(settings)\(inferredNote) at every epoch (largest relative difference \(String(format: "%.1e", largest))).")
    }
}
