import Foundation

/// Which rerun of gradient descent a student's work corresponds to, shared by the loss,
/// weights and comparison criteria.
///
/// The training history is the first of the script's candidate histories that equals the
/// replay at the student's own `lr` and epochs (else the likeliest by name). When the script
/// left no `lr`, the learning rate is inferred from the training loss after the first step.
/// When the history does not match, the known mistakes are tried: the usual learning-rate
/// slips, the rates the first step points to, then the `Mistake` library; one whose replay
/// matches the whole history tells what the script really did.
struct ReplayMatch: Sendable {
    /// The first epoch where a history leaves a replay, with both values.
    struct Divergence: Sendable, Equatable {
        var epoch: Int
        var expected: Double
        var found: Double
    }

    /// The training history graded, of the script's candidates.
    var history: StudentWork.Named<[Double]>?
    /// The replay at the stated learning rate (or the inferred one when none is stated) and
    /// epochs (or the history's length).
    var expected: Replays.Replay?
    /// What the training did instead, when a known mistake reproduces the history.
    var mistake: Mistake?
    /// Why there is no expected replay.
    var missing: String?

    /// Histories tried besides the likeliest one: a few, each compared with a replay that is
    /// computed once for the class.
    static let historiesTried = 6

    init(work: StudentWork, replays: Replays, relativeTolerance: Double) {
        history = work.trainHistories.first
        if let epochs = work.epochs ?? history?.value.count, let rate = work.learningRate, epochs <= Replays.maximumEpochs {
            // The first candidate that is the training the script states.
            for candidate in work.trainHistories.prefix(Self.historiesTried) where candidate.value.count == epochs || work.epochs == nil {
                if let replay = replays.replay(learningRate: rate, epochs: candidate.value.count),
                   Self.divergence(of: candidate.value, from: replay.trainLoss, relativeTolerance: relativeTolerance) == nil {
                    history = candidate
                    break
                }
            }
        }
        let history = history?.value
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
        func matches(_ replay: Replays.Replay?, shifted: Bool = false) -> Bool {
            guard let replay else { return false }
            return Self.divergence(of: history, from: shifted ? Array(replay.trainLoss.dropFirst()) : replay.trainLoss, relativeTolerance: relativeTolerance) == nil
        }
        // A candidate is tried on the first epochs before the whole history: most are wrong,
        // and a short replay costs a few hundredths of a full one.
        func reproducing(_ rate: Double, _ training: Replays.Training = .assignment) -> Replays.Replay? {
            let quick = replays.replay(learningRate: rate, epochs: min(Self.quickEpochs, history.count), training: training)
            guard let quick, Self.divergence(of: Array(history.prefix(quick.epochs)), from: quick.trainLoss, relativeTolerance: relativeTolerance) == nil else { return nil }
            let full = replays.replay(learningRate: rate, epochs: history.count, training: training)
            return matches(full) ? full : nil
        }
        // The rates tried, the likeliest and cheapest first (a short replay at each is shared by
        // the class): the stated rate's usual slips (too large, some, for the first step to
        // identify); without `lr`, the rates students write, then those times m (a gradient
        // not divided by m); then the rates the first step points to (a search: about 0.1 s
        // of this submission's own).
        let rows = Double(replays.train.rowCount)
        let guesses = work.learningRate.map { Self.slips(of: $0, rows: replays.train.rowCount).map(\.rate) } ?? Self.usualRates + Self.usualRates.map { $0 * rows }
        let firstStep = LazySearch { replays.learningRates(reproducing: history) }
        if let found = guesses.lazy.compactMap({ reproducing($0) }).first ?? firstStep.rates.lazy.compactMap({ reproducing($0) }).first {
            // The rate the script meant, when it states none: a negative one has its sign
            // flipped, and a usual rate times m is one whose gradient is not divided by m.
            let meant = work.learningRate ?? (found.learningRate < 0 ? -found.learningRate
                : Self.usualRates.first { abs($0 * rows - found.learningRate) <= 1e-9 * found.learningRate })
            if let meant, meant != found.learningRate {
                if expected == nil { expected = replays.replay(learningRate: meant, epochs: epochs) }
                mistake = Mistake.learningRate(found, stated: meant, rows: replays.train.rowCount)
            } else if expected == nil {
                expected = replays.replay(learningRate: found.learningRate, epochs: epochs)
            }
            return
        }
        // The mistakes, at the rates the script may have meant: its `lr`; else the loss
        // recorded after the update at the rates students write, then every mistake at the
        // rates the first step points to (searched above), and last the loss after the update
        // at the rates its first loss points to (another search).
        func explaining(meant: [Double] = [], firstStep: [Double] = [], shifted: [Double] = []) -> Mistake? {
            Self.mistake(in: history, meant: meant, firstStep: firstStep, shifted: shifted,
                         replays: replays, relativeTolerance: relativeTolerance, reproducing: reproducing, matches: matches)
        }
        if let stated = work.learningRate {
            mistake = explaining(meant: [stated])
        } else {
            mistake = explaining(shifted: Self.usualRates) ?? explaining(firstStep: firstStep.rates)
                ?? explaining(shifted: Array(replays.learningRates(reproducing: [StudentWork.initialLoss] + history).prefix(4)))
        }
        if expected == nil {
            // Without `lr`, the rate of the mistake's replay is the one the script used.
            expected = mistake.flatMap { replays.replay(learningRate: $0.replay.learningRate, epochs: epochs) }
            if expected == nil { missing = "the script left no `lr`, and no learning rate reproduces its training loss history" }
        }
    }

    /// The first mistake of the library whose replay equals `history`.
    /// - Parameters:
    ///   - meant: rates the script may have meant (its `lr`), for every mistake.
    ///   - firstStep: the rates its first step points to, for the mistakes that scale it.
    ///   - shifted: more rates for the loss recorded after the update alone.
    private static func mistake(in history: [Double], meant: [Double], firstStep: [Double], shifted: [Double], replays: Replays, relativeTolerance: Double,
                                reproducing: (Double, Replays.Training) -> Replays.Replay?, matches: (Replays.Replay?, Bool) -> Bool) -> Mistake? {
        // Losses recorded after each update: the history is the replay's from epoch 2 on, and
        // its first value is the loss after one step, which points to the rate.
        for rate in meant + shifted {
            if let quick = replays.replay(learningRate: rate, epochs: min(quickEpochs, history.count) + 1),
               divergence(of: Array(history.prefix(quick.epochs - 1)), from: Array(quick.trainLoss.dropFirst()), relativeTolerance: relativeTolerance) == nil,
               let longer = replays.replay(learningRate: rate, epochs: history.count + 1), matches(longer, true),
               let replay = replays.replay(learningRate: rate, epochs: history.count) {
                return Mistake.lossAfterUpdate(replay)
            }
        }
        for (training, rates) in Mistake.trainings(meant: meant, firstStepRates: firstStep) {
            for rate in rates {
                if let replay = reproducing(rate, training) { return Mistake.trained(replay) }
            }
        }
        return nil
    }

    /// The usual ways a script trains at another rate than the `lr` it stores, each with what
    /// it means for the student.
    static func slips(of stated: Double, rows: Int) -> [(rate: Double, meaning: String, name: String)] {
        [(stated * Double(rows), "that is lr × m (m = \(rows) training images); is the gradient divided by m?", "gradient not divided by m"),
         (-stated, "the losses rise as in gradient ascent; is the update's sign flipped (W += lr · grad)?", "update's sign flipped"),
         (stated / Double(rows), "that is lr / m (m = \(rows)); is the gradient divided by m twice?", "gradient divided by m twice")]
    }

    /// The rates of a learning-rate search, searched for when first asked.
    private final class LazySearch {
        private let search: () -> [Double]
        private(set) lazy var rates: [Double] = search()
        init(_ search: @escaping () -> [Double]) { self.search = search }
    }

    /// The learning rates students write, tried times m for a script that states none and
    /// does not divide its gradient by m (the first step cannot identify such large rates).
    static let usualRates = [0.1, 0.01, 0.05, 0.5, 1, 0.001, 0.2, 0.02, 0.005, 0.3, 0.03]

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
