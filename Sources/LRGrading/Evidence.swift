import Foundation
import LRNumerics
import LRRunner
import LRSolver

/// Everything known about one submission when its criteria are assessed: the run, what the
/// script left, the replay it corresponds to, the grader's own evaluation of its W, its PDF.
struct Evidence: Sendable {
    var submission: Submission
    var run: ScriptRun?
    /// Why there is no run (no script, or the runner could not start it).
    var runProblem: String?
    var limits: RunLimits
    /// Who reads the feedback (`Grader.Audience`).
    var audience = Grader.Audience.report
    var work: StudentWork
    var printed: PrintedNumbers
    var reference: Reference
    var replays: Replays
    /// The published data's replays and baseline, when the script was served a secret variant.
    var published: Grader.Published?
    var match: ReplayMatch
    /// The PDF as poppler sees it; nil when there is none.
    var pdf: Result<PDFInspection, PDFInspection.InspectionError>?
    var tolerances: Rubric.Tolerances
    /// The test images and labels, to find the digits a script drew.
    var testImages: TestImages
    /// The figures the script drew.
    var figures: [CapturedFigure]

    /// The known mistakes found, by name (`Mistake.name`): what the class report counts.
    var namedMistakes: [String] {
        var names = match.mistake.map { [$0.name] } ?? []
        if historyCopiedFromPublished || weightsCopiedFromPublished { names.append("results of the published data, not of the data loaded") }
        return names
    }

    /// The student's 785 weights, bias first, whatever shape they had; nil otherwise.
    let weights: [Double]?

    /// The grader's own test-set evaluation of the student's W (when it has 785 finite values).
    let weightsMetrics: BinaryClassificationMetrics?
    /// The replay whose final weights equal the student's W: the expected one or the one of
    /// the mistake that explains the training.
    let weightsReplay: Replays.Replay?
    /// The candidate model that equals the replay after 5 epochs, when the script kept one.
    private(set) var checkpointModel: String?
    /// The from-scratch model's predicted label (0 or 1) per test image: `y_pred_manual`, or
    /// σ(X·W) ≥ 0.5 from the script's W.
    let predictions: [Int]?
    /// Whether the training history, or W, leaves the expected replay on the served data but
    /// equals the published data's: computed elsewhere, or hard-coded. Only results that fail
    /// are replayed on the published data, so honest submissions cost no extra replay.
    private(set) var historyCopiedFromPublished = false
    private(set) var weightsCopiedFromPublished = false
    /// The 28×28 images the figures draw, but the weights image, each with the test image it
    /// is: the candidate misclassified examples.
    private(set) var digits: [MisclassifiedPlotCriterion.Shown] = []

    init(submission: Submission, run: ScriptRun?, runProblem: String?, limits: RunLimits, reference: Reference, replays: Replays,
         published: Grader.Published?, pdf: Result<PDFInspection, PDFInspection.InspectionError>?, tolerances: Rubric.Tolerances, testImages: TestImages) {
        self.submission = submission
        self.run = run
        self.runProblem = runProblem
        self.limits = limits
        self.reference = reference
        self.replays = replays
        self.published = published
        self.pdf = pdf
        self.tolerances = tolerances
        self.testImages = testImages
        figures = run?.capture?.figures ?? []
        var work = StudentWork(capture: run?.capture, testCount: replays.test.rowCount)
        printed = PrintedNumbers(run?.capture?.printed ?? run.map { $0.stdout.split(separator: "\n").map(String.init) } ?? [])
        match = ReplayMatch(work: work, replays: replays, relativeTolerance: tolerances.lossRelative)
        if let history = match.history {
            work.trainLoss = history
            work.testLoss = work.testHistory(beside: history) ?? work.testHistories.first
        }
        // The model is the candidate that equals the replay, else the one that equals the
        // training a known mistake gives; only when none does, the likeliest by name.
        var explained: (model: StudentWork.Model, replay: Replays.Replay)?
        for (replay, mistaken) in [(match.expected, false), (match.mistake?.replay, true)] where explained == nil {
            guard let replay else { continue }
            if let model = work.models.first(where: { ($0.byName || !mistaken) && $0.weights.count == DesignMatrix.featureCount && Self.relativeDistance($0.weights, replay.weights) <= tolerances.weightsRelative }) {
                explained = (model, replay)
            }
        }
        if let explained { work.choose(explained.model) }
        weightsReplay = explained?.replay
        // A second model that equals the 5-epoch replay serves as that checkpoint.
        if work.models.count > 1, let expected = match.expected, expected.epochs > 5,
           let five = replays.replay(learningRate: expected.learningRate, epochs: 5, training: expected.training) {
            checkpointModel = work.models.first { $0.weights.count == DesignMatrix.featureCount && Self.relativeDistance($0.weights, five.weights) <= tolerances.weightsRelative }?.name
        }
        self.work = work
        weights = work.weights.flatMap { $0.value.count == DesignMatrix.featureCount ? $0.value : nil }
        weightsMetrics = weights.flatMap { $0.allSatisfy(\.isFinite) ? replays.test.metrics(of: $0) : nil }
        // σ(z) ≥ 0.5 exactly when z ≥ 0.
        predictions = work.manualPredictions.map { $0.map { $0 >= 0.5 ? 1 : 0 } }
            ?? weights.flatMap { $0.allSatisfy(\.isFinite) ? replays.test.scores(at: $0).map { $0 >= 0 ? 1 : 0 } : nil }
        digits = MisclassifiedPlotCriterion.digits(drawnIn: self)
        if published != nil, let expected = match.expected {
            let (lossTolerance, weightsTolerance) = (tolerances.lossRelative, tolerances.weightsRelative)
            if let train = work.trainLoss?.value, ReplayMatch.divergence(of: train, from: expected.trainLoss, relativeTolerance: lossTolerance) != nil,
               let replay = publishedReplay(like: expected) {
                historyCopiedFromPublished = ReplayMatch.divergence(of: train, from: replay.trainLoss, relativeTolerance: lossTolerance) == nil
            }
            if let weights, weightsReplay == nil, let replay = publishedReplay(like: expected) {
                weightsCopiedFromPublished = Self.relativeDistance(weights, replay.weights) <= weightsTolerance
            }
        }
    }

    /// ‖a − b‖ / ‖b‖.
    static func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
        let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let norm = b.reduce(0) { $0 + $1 * $1 }
        return norm > 0 ? (difference / norm).squareRoot() : difference.squareRoot()
    }
}

/// Numbers as feedback shows them.
enum Shown {
    /// Five significant digits: 0.99953, 0.0017234.
    static func value(_ x: Double) -> String {
        x.isNaN ? "NaN" : x.isInfinite ? (x > 0 ? "inf" : "-inf") : String(format: "%.5g", x)
    }

    /// A learning rate as a person would write it: 0.1, 1266.5, -0.1.
    static func rate(_ x: Double) -> String { String(format: "%.6g", x) }

    /// A printed number as the script printed it.
    static func printed(_ number: PrintedNumbers.Number) -> String { "\(value(number.value)) (\"\(number.line.trimmingCharacters(in: .whitespaces).prefix(60))\")" }

}

extension Evidence {
    /// Why results that equal the published data's earn nothing, after the thing they name.
    static let publishedDataNote = "equals what the published MNIST gives, not the data load_data() returned in this run (the grader serves a copy with a few training images changed): it was not computed by this run"

    /// The published data's replay at `replay`'s schedule, when the script was served a
    /// secret variant (computed once per schedule, and only for submissions that need it).
    func publishedReplay(like replay: Replays.Replay) -> Replays.Replay? {
        published?.replays.replay(learningRate: replay.learningRate, epochs: replay.epochs)
    }

}
