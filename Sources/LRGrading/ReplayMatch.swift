import Foundation

/// Which rerun of gradient descent a student's work corresponds to, shared by the loss,
/// weights and comparison criteria.
///
/// The expected replay runs at the student's own `lr` and `epochs`. When the script left no
/// `lr`, or when its losses do not match that replay, the learning rate is also inferred
/// from the training loss after the first step; a replay at the inferred rate that matches
/// the whole history tells what the script really did (another rate than the stored one,
/// a gradient not divided by m, a flipped sign).
struct ReplayMatch: Sendable {
    /// The first epoch where a history leaves a replay, with both values.
    struct Divergence: Sendable, Equatable {
        var epoch: Int
        var expected: Double
        var found: Double
    }

    /// The replay at the stated learning rate (or the inferred one when none is stated) and
    /// epochs (or the history's length).
    var expected: Replays.Replay?
    /// A replay at an inferred learning rate that reproduces the training history, when the
    /// stated rate does not.
    var inferred: Replays.Replay?
    /// Why there is no expected replay.
    var missing: String?

    init(work: StudentWork, replays: Replays, relativeTolerance: Double) {
        let history = work.trainLoss?.value
        guard let epochs = work.epochs ?? history?.count else {
            missing = "the script left neither `epochs` nor a loss history, so there is nothing to replay"
            return
        }
        guard epochs <= Replays.maximumEpochs else {
            missing = "\(epochs) epochs are more than the \(Replays.maximumEpochs) the grader replays"
            return
        }
        if let rate = work.learningRate {
            expected = replays.replay(learningRate: rate, epochs: epochs)
            if expected == nil { missing = "`lr` = \(rate) is not a learning rate the grader can replay" }
        }
        guard let history, history.count >= 2 else {
            if expected == nil, missing == nil { missing = "the script left no `lr` and no loss history to infer it from" }
            return
        }
        if let expected, Self.divergence(of: history, from: expected.trainLoss, relativeTolerance: relativeTolerance) == nil { return }
        // The usual slips first (they can be too large for the first step to identify), then the
        // rates the first step points to.
        let slips = work.learningRate.map { Self.slips(of: $0, rows: replays.train.rowCount).map(\.rate) } ?? []
        // A candidate rate is tried on the first epochs before the whole history: most are
        // wrong, and a short replay costs a few hundredths of a full one.
        func reproducing(_ rate: Double) -> Replays.Replay? {
            let start = Array(history.prefix(Self.quickEpochs))
            guard let quick = replays.replay(learningRate: rate, epochs: start.count),
                  Self.divergence(of: start, from: quick.trainLoss, relativeTolerance: relativeTolerance) == nil else { return nil }
            return replays.replay(learningRate: rate, epochs: history.count).flatMap {
                Self.divergence(of: history, from: $0.trainLoss, relativeTolerance: relativeTolerance) == nil ? $0 : nil
            }
        }
        let found = slips.lazy.compactMap(reproducing).first ?? replays.learningRates(reproducing: history).lazy.compactMap(reproducing).first
        if expected == nil {
            expected = found.flatMap { replays.replay(learningRate: $0.learningRate, epochs: epochs) }
            if expected == nil { missing = "the script left no `lr`, and no learning rate reproduces its training loss history" }
        } else {
            inferred = found
        }
    }

    /// The usual ways a script trains at another rate than the `lr` it stores, each with what
    /// it means for the student.
    static func slips(of stated: Double, rows: Int) -> [(rate: Double, meaning: String)] {
        [(stated * Double(rows), "that is lr × m (m = \(rows) training images); is the gradient divided by m?"),
         (-stated, "the losses rise as in gradient ascent; is the update's sign flipped (W += lr · grad)?"),
         (stated / Double(rows), "that is lr / m (m = \(rows)); is the gradient divided by m twice?")]
    }

    /// Epochs of the short replay that screens a candidate learning rate.
    static let quickEpochs = 3

    /// The first epoch where `values` leaves `reference` by more than the relative tolerance,
    /// or where the lengths differ; nil when they agree.
    static func divergence(of values: [Double], from reference: [Double], relativeTolerance: Double) -> Divergence? {
        for (index, (found, expected)) in zip(values, reference).enumerated() where !(abs(found - expected) <= relativeTolerance * abs(expected)) {
            return Divergence(epoch: index + 1, expected: expected, found: found)
        }
        if values.count != reference.count {
            let index = min(values.count, reference.count)
            return Divergence(epoch: index + 1, expected: reference.indices.contains(index) ? reference[index] : .nan, found: values.indices.contains(index) ? values[index] : .nan)
        }
        return nil
    }

    /// The largest relative difference between two equally long histories.
    static func largestRelativeDifference(_ values: [Double], _ reference: [Double]) -> Double {
        zip(values, reference).map { abs($0 - $1) / max(abs($1), .leastNormalMagnitude) }.max() ?? 0
    }
}
