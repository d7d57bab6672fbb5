import Foundation

/// A graded submission: the criteria's results and what the feedback report draws.
public struct Grade: Sendable {
    public var id: String
    /// Who the student is, for a class read from an LMS's export.
    public var student: Student?
    public var results: [CriterionResult]
    public var score: Double { results.reduce(0) { $0 + $1.points } }
    public var maxScore: Double { results.reduce(0) { $0 + $1.maxPoints } }
    public var passedAll: Bool { results.allSatisfy { $0.outcome == .pass } }

    /// Points as people read them: whole numbers bare, others to one decimal (7, 2.5).
    public static func shown(points value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
    /// How the run ended, in a few words: "finished", "timed out", "no script", …
    public var status: String
    /// The status of a script that ran to the end.
    public static let finished = "finished"
    public var scriptFinished: Bool { status == Self.finished }
    public var details: Details
    /// Where the time went: the script's run, and everything the grader did besides.
    public var timing = Timing()

    public struct Timing: Sendable {
        public var scriptSeconds = 0.0
        public var graderSeconds = 0.0
    }

    /// The data behind the feedback report's plots.
    public struct Details: Sendable {
        /// The student's histories, and the replay's at the same settings.
        public var trainLoss: [Double]?
        public var testLoss: [Double]?
        public var replayTrainLoss: [Double]?
        public var replayTestLoss: [Double]?
        public var replayLearningRate: Double?
        /// The student's 785 weights (bias first) and the replay's (or the reference's).
        public var weights: [Double]?
        public var expectedWeights: [Double]
        /// JPEG renderings of the first pages of the student's PDF.
        public var pdfPages: [[UInt8]]
        /// The end of the script's output, when the run did not finish.
        public var outputTail: String?
        /// The assigned plots as the script's figures draw them.
        public var plots = DrawnPlots()
    }
}
