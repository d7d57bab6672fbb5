import Foundation

/// A graded submission: the criteria's results and what the feedback report draws.
public struct Grade: Sendable {
    public var id: String
    /// Who the student is, for a class read from an LMS's export.
    public var student: Student?
    public var results: [CriterionResult]
    /// What lateness took, when the rubric has a late penalty and the student was late.
    public var penalty: Penalty?
    /// The criteria's points, before any penalty.
    public var earned: Double { results.reduce(0) { $0 + $1.points } }
    /// The points the student gets: what the criteria earned, less the penalty's fraction
    /// (to a millionth of a point, so that 97.5 less 10 % is 87.75 in every file).
    public var score: Double {
        guard let penalty else { return earned }
        return (earned * (1 - penalty.fraction) * 1e6).rounded() / 1e6
    }
    public var maxScore: Double { results.reduce(0) { $0 + $1.maxPoints } }
    public var passedAll: Bool { results.allSatisfy { $0.outcome == .pass } }

    /// A fraction of the score taken, and why, in words the student reads.
    public struct Penalty: Sendable, Equatable, Codable {
        public var fraction: Double
        public var reason: String
    }

    /// Points as people read them: whole numbers bare, others to at most two decimals
    /// (7, 2.5, 87.75 after a late penalty).
    public static func shown(points value: Double) -> String {
        guard value != value.rounded() else { return String(Int(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
    /// How the run ended, in a few words: "finished", "timed out", "no script", …
    public var status: String
    /// Why the script ran without bubblewrap (with the limits only), when it did: for the
    /// instructor's eyes (see `Grader.Audience`).
    public var unsandboxed: String?
    /// The status of a script that ran to the end.
    public static let finished = "finished"
    /// The status of a submission without a script.
    public static let noScript = "no script"
    public var scriptFinished: Bool { status == Self.finished }
    public var details: Details
    /// Where the time went: the script's run, and everything the grader did besides.
    public var timing = Timing()
    /// What the class report gathers from each grade (kept in `grade.json`).
    public var facts = Facts()

    public struct Facts: Sendable, Codable, Equatable {
        /// The wall time of the script's run and its sigmoid's probe, whenever the script
        /// ran (in this grading or the one its stored run is from); nil when it did not run.
        public var runSeconds: Double?
        /// The last line of a run that failed ("ValueError: shapes (12665,784) and (785,1) not aligned").
        public var error: String?
        /// The learning rate and epochs the student chose: the script's `lr` and `epochs`,
        /// else those its training was found to use.
        public var learningRate: Double?
        public var epochs: Int?
        /// The known mistakes the grader named, each in the same few words for every student.
        public var mistakes: [String] = []
        /// SHA-256 of the training loss history's values, bit for bit, when it is not the
        /// assignment's training: a wrong history two students share to the last digit.
        public var unusualLoss: String?
        /// SHA-256 of the PDF handed in.
        public var pdf: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case runSeconds = "run_seconds", error, learningRate = "learning_rate", epochs, mistakes, unusualLoss = "unusual_loss", pdf
        }
    }

    /// Where the time of this grading went.
    public struct Timing: Sendable {
        /// The script's wall time, when it ran in this grading (0 when its stored run was graded).
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
