import Foundation

/// A known mistake in the from-scratch training, recognised because a replay that makes it
/// equals the script's training history: what the feedback names instead of "leaves the
/// replay" ("your losses equal training with the bias never updated").
///
/// Each is screened by a short replay of `ReplayMatch.quickEpochs` epochs and confirmed by
/// a full one (`ReplayMatch`), so a class of correct scripts costs no mistake replay at all.
struct Mistake: Sendable {
    /// The replay that trains as the script did: the script's W should be its weights. Its
    /// `training` says how (for a learning-rate slip or a loss after the update, the
    /// assignment's way).
    var replay: Replays.Replay
    /// What the history equals, as the feedback says it: "a replay at lr = 1266.5".
    var what: String
    /// What it means and what to change.
    var advice: String
    /// The mistake in a few words, the same for every student who makes it: what the class
    /// report counts ("gradient not divided by m").
    var name: String

    /// The trainings of the library, in the order they are tried, with the rates to try for
    /// each: the rates the script may have `meant` (its `lr`, or the rates students write),
    /// then at most 4 that the first step points to (`firstStepRates`), scaled as the
    /// mistake scales the first step.
    static func trainings(meant: [Double], firstStepRates: [Double]) -> [(training: Replays.Training, rates: [Double])] {
        let firstStep = firstStepRates.prefix(4)
        let rates = meant + firstStep.map { Replays.shortestDecimal(near: $0, relativeTolerance: 0.02) }
        // At W = 0, σ(1 − σ) = 1/4: a squared-error step is a quarter of the cross-entropy's
        // at the same rate (half with the factor 2 of (σ − y)²'s derivative).
        let squaredRates = meant.flatMap { [$0, 2 * $0] } + firstStep.flatMap { [4 * $0, 2 * $0] }.map { Replays.shortestDecimal(near: $0, relativeTolerance: 0.02) }
        return [(.squaredErrorGradient, squaredRates), (.frozenBias, rates), (.scalerOnTrainAndTest, rates)]
    }

    /// Training at `replay`'s rate instead of the `stated` one: one of the usual slips
    /// (`ReplayMatch.slips`), or another rate.
    static func learningRate(_ replay: Replays.Replay, stated: Double, rows: Int) -> Mistake {
        let slip = ReplayMatch.slips(of: stated, rows: rows).first { abs(replay.learningRate - $0.rate) <= 1e-6 * abs($0.rate) }
        return Mistake(replay: replay, what: "a replay at lr = \(Shown.rate(replay.learningRate))",
                       advice: slip?.meaning ?? "the script trains with another learning rate than the \(Shown.rate(stated)) it stores in `lr`.",
                       name: slip?.name ?? "trains at another rate than its lr")
    }

    /// Each loss recorded after its update, not before: the history is `replay`'s shifted
    /// by one epoch, and W is right.
    static func lossAfterUpdate(_ replay: Replays.Replay) -> Mistake {
        Mistake(replay: replay, what: "the replay's losses one epoch later",
                advice: "each loss is recorded after the update instead of before it; record it before W changes (the first value is then ln 2 ≈ 0.6931, the loss of W = 0)",
                name: "loss recorded after the update")
    }

    /// The mistake a replay of the library's trainings stands for, by its `training`.
    static func trained(_ replay: Replays.Replay) -> Mistake {
        let rate = "lr = \(Shown.rate(replay.learningRate))"
        switch replay.training {
        case .assignment:
            return Mistake(replay: replay, what: "a replay at \(rate)", advice: "the script trains at another learning rate.", name: "trains at another rate than its lr")
        case .squaredErrorGradient:
            return Mistake(replay: replay, what: "training with an MSE gradient, Xᵀ((σ − y)·σ·(1 − σ)) / m, at \(rate)",
                           advice: "the cross-entropy's gradient is Xᵀ(σ − y) / m, without the σ·(1 − σ) factor of the squared error's",
                           name: "MSE gradient")
        case .frozenBias:
            // Training without an intercept column is the same training.
            return Mistake(replay: replay, what: "training with the bias never updated (or no intercept column at all), at \(rate)",
                           advice: "X needs its column of ones (or the model a bias b), and the bias must be updated every epoch, with the mean of σ − y, like the other weights",
                           name: "bias never updated")
        case .scalerOnTrainAndTest:
            return Mistake(replay: replay, what: "training with the scaler fitted on the training and test sets together, at \(rate)",
                           advice: "fit StandardScaler on the training set only, then transform both sets with it: the test set must not shape the model",
                           name: "scaler fitted on train and test")
        }
    }
}
