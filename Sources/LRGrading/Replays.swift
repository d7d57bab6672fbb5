import Foundation
import LRData
import LRNumerics
import LRSolver
import Synchronization

/// The reference gradient descent rerun at the learning rates and epochs students chose:
/// each distinct pair is computed once and shared by every submission that needs it.
final class Replays: Sendable {
    /// One rerun of the assignment's gradient descent.
    struct Replay: Sendable, Codable {
        var learningRate: Double
        var epochs: Int
        var training: Training = .assignment
        var trainLoss: [Double]
        var testLoss: [Double]
        var weights: [Double]
        /// Test metrics after the 5-epoch checkpoint (when there is one) and the last epoch.
        var checkpoints: [Int: BinaryClassificationMetrics]
    }

    /// How a replay trains: the assignment's way, or one of the mistakes the grader names
    /// when a script's history equals it (see `Mistake`).
    enum Training: String, Hashable, Sendable, Codable {
        case assignment
        /// The squared error's gradient in place of the cross-entropy's.
        case squaredErrorGradient
        /// The bias never updated.
        case frozenBias
        /// The scaler fitted on the training and test sets together.
        case scalerOnTrainAndTest

        /// How its gradient descent updates W (the scaler's mistake changes the data, not the step).
        var rule: GradientDescent.Rule {
            switch self {
            case .squaredErrorGradient: .squaredErrorGradient
            case .frozenBias: .frozenBias
            case .assignment, .scalerOnTrainAndTest: .assignment
            }
        }
    }

    /// Longer schedules are not replayed: 100 epochs take about 0.1 s, this about 2 s, and a
    /// submission may need its own schedule replayed twice (at its rate and at an inferred
    /// one). Beyond it the feedback says the grader could not replay so many epochs.
    static let maximumEpochs = 2_000

    let train: DesignMatrix
    let test: DesignMatrix
    /// The images, to replay a scaler fitted on both sets (designs made when first needed).
    private let images: (train: SelectedImages, test: SelectedImages)?
    private let mixedDesigns = SharedResults<Int, MixedDesigns>()
    private struct MixedDesigns: Sendable { var train: DesignMatrix; var test: DesignMatrix }
    private let computed = SharedResults<Key, Replay>()
    /// Learning rates by the first-step loss they reproduce: students with the same rate and
    /// the same arithmetic leave the same bits.
    private let rates = SharedResults<Double, [Double]>()

    /// The replay taken from the reference instead of computed (see `adopt(_:)`), and those
    /// and the searches taken from an earlier batch (see `preload(_:)`).
    private let adopted = Mutex<Key?>(nil)
    private let preloaded = Mutex<(replays: Set<Key>, searches: Set<Double>)>(([], []))

    private struct Key: Hashable { var learningRate: Double; var epochs: Int; var training: Training = .assignment }

    /// The replays computed so far, the epochs they ran in all, and the learning-rate searches.
    var work: Grader.SharedWork {
        let adopted = adopted.withLock { $0 }
        let preloaded = preloaded.withLock { $0 }
        let keys = computed.knownKeys.filter { $0 != adopted && !preloaded.replays.contains($0) }
        return Grader.SharedWork(replays: keys.count, replayedEpochs: keys.reduce(0) { $0 + $1.epochs },
                                 learningRateSearches: rates.knownKeys.filter { !preloaded.searches.contains($0) }.count)
    }

    /// Every replay and learning-rate search known (the adopted reference's run aside).
    var known: (replays: [Replay], searches: [(loss: Double, rates: [Double])]) {
        let adopted = adopted.withLock { $0 }
        return (computed.known.filter { $0.key != adopted }.map(\.value), rates.known.map { ($0.key, $0.value) })
    }

    /// Takes `replays` and `searches` as computed: they were, by an earlier batch on the
    /// same data with the same code (`ReplayCache`). Those already known are kept.
    func preload(replays: [Replay], searches: [(loss: Double, rates: [Double])]) {
        for replay in replays {
            let key = Key(learningRate: replay.learningRate, epochs: replay.epochs, training: replay.training)
            if computed.store(replay, for: key) { preloaded.withLock { _ = $0.replays.insert(key) } }
        }
        for search in searches where rates.store(search.rates, for: search.loss) {
            preloaded.withLock { _ = $0.searches.insert(search.loss) }
        }
    }

    /// - Parameter images: the sets `train` and `test` were made of, to replay a scaler
    ///   fitted on both; without them that mistake is not replayed.
    init(train: DesignMatrix, test: DesignMatrix, images: (train: SelectedImages, test: SelectedImages)? = nil) {
        self.train = train
        self.test = test
        self.images = images
    }

    /// The gradient descent at `learningRate` for `epochs`, trained as `training` says, or
    /// nil beyond `maximumEpochs` (or for a training these replays cannot do).
    func replay(learningRate: Double, epochs: Int, training: Training = .assignment) -> Replay? {
        guard learningRate.isFinite, (1...Self.maximumEpochs).contains(epochs) else { return nil }
        let designs: (train: DesignMatrix, test: DesignMatrix)
        if training == .scalerOnTrainAndTest {
            guard let images else { return nil }
            let mixed = mixedDesigns.value(for: 0) {
                let both = Standardization(fittingTo: [images.train, images.test])
                return MixedDesigns(train: DesignMatrix(training: images.train, standardization: both), test: DesignMatrix(images.test, standardization: both))
            }
            designs = (mixed.train, mixed.test)
        } else {
            designs = (train, test)
        }
        return computed.value(for: Key(learningRate: learningRate, epochs: epochs, training: training)) {
            let checkpoints = Set([5, epochs].filter { $0 <= epochs })
            let run = GradientDescent(learningRate: learningRate, epochs: epochs, rule: training.rule).run(train: designs.train, test: designs.test, snapshots: checkpoints)
            return Replay(
                learningRate: learningRate, epochs: epochs, training: training, trainLoss: run.trainLoss, testLoss: run.testLoss, weights: run.weights,
                checkpoints: Dictionary(uniqueKeysWithValues: checkpoints.map { ($0, designs.test.metrics(of: run.weightsAfter[$0]!)) })
            )
        }
    }

    /// Takes the reference's own gradient descent as the replay at its rate and epochs (most
    /// students use the handout's), once a short replay shows that its first epochs are
    /// what this data gives, bit for bit: a reference read from a file may come from other
    /// data. Returns whether it was taken.
    @discardableResult
    func adopt(_ run: Reference.GradientDescentRun) -> Bool {
        let checkpoints = Set([5, run.epochs].filter { $0 <= run.epochs })
        let stored = checkpoints.compactMap { epoch in run.checkpoints[String(epoch)].map { (epoch, BinaryClassificationMetrics($0)) } }
        guard let start = replay(learningRate: run.learningRate, epochs: min(run.epochs, Self.adoptionCheckEpochs)),
              start.trainLoss == Array(run.trainLoss.prefix(start.epochs)), start.testLoss == Array(run.testLoss.prefix(start.epochs)),
              run.trainLoss.count == run.epochs, run.testLoss.count == run.epochs, run.weights.count == start.weights.count,
              stored.count == checkpoints.count
        else { return false }
        let key = Key(learningRate: run.learningRate, epochs: run.epochs)
        let replay = Replay(learningRate: run.learningRate, epochs: run.epochs, trainLoss: run.trainLoss, testLoss: run.testLoss, weights: run.weights, checkpoints: Dictionary(uniqueKeysWithValues: stored))
        guard computed.store(replay, for: key) else { return false }
        adopted.withLock { $0 = key }
        return true
    }

    /// Epochs replayed to check a reference before adopting it.
    static let adoptionCheckEpochs = 3

    /// The learning rates whose first step reproduces the second value of `trainLoss` (see
    /// `GradientDescent.learningRates(reproducingFirstStepLoss:on:)`), each preceded by the
    /// short decimal that close to it, when there is one: tried in this order, the written
    /// rate wins unless a rubric's tolerance is finer than the search's precision.
    func learningRates(reproducing trainLoss: [Double]) -> [Double] {
        guard trainLoss.count >= 2 else { return [] }
        let loss = trainLoss[1]
        return rates.value(for: loss) {
            GradientDescent.learningRates(reproducingFirstStepLoss: loss, on: train).flatMap { rate in
                let decimal = Self.shortestDecimal(near: rate)
                return decimal == rate ? [rate] : [decimal, rate]
            }
        }
    }

    /// The decimal of at most 6 significant digits with the fewest within `relativeTolerance`
    /// of `rate`, or `rate` itself when there is none. Students write rates as short decimals
    /// (0.05), which the search finds to about 1e−9 (0.05000000000000045): the written one is
    /// the replay other students at that rate share, where the found one would cost a replay
    /// of its own.
    static func shortestDecimal(near rate: Double, relativeTolerance: Double = 1e-8) -> Double {
        guard rate.isFinite, rate != 0 else { return rate }
        for digits in 1...6 {
            if let decimal = Double(String(format: "%.\(digits - 1)e", rate)), abs(decimal - rate) <= relativeTolerance * abs(rate) {
                return decimal
            }
        }
        return rate
    }
}
