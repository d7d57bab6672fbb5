import Foundation

/// A grade in Gradescope's autograder format (`results.json`, gradescope/autograder_samples
/// docs/specs.md): the score, one test per criterion with its points, outcome, feedback
/// and the visibility the rubric gives it, and in `extra_data` (stored, never shown to
/// students) the diagnosis the class report reads.
///
/// Invariant: `score` is the sum of the tests' scores, less the late penalty when there
/// is one (Gradescope takes a top-level score over the sum).
public struct GradescopeResults: Encodable, Sendable {
    public struct Test: Encodable, Sendable {
        public var name: String
        public var number: String
        public var score: Double
        public var maxScore: Double
        /// `passed` or `failed`: a partial pass is failed, with its points.
        public var status: String
        public var output: String
        public var outputFormat = "md"
        public var visibility: String
        public var tags: [String]

        enum CodingKeys: String, CodingKey {
            case name, number, score, maxScore = "max_score", status, output, outputFormat = "output_format", visibility, tags
        }
    }

    /// What is kept beside the grade for the instructor: how the run ended and what went wrong.
    public struct Diagnosis: Encodable, Sendable {
        public var status: String
        public var facts: Grade.Facts
        /// Why the script ran without bubblewrap, when it did.
        public var unsandboxed: String?
        public var penalty: String?
        public var scriptSeconds: Double
        public var graderSeconds: Double

        enum CodingKeys: String, CodingKey {
            case status, facts, unsandboxed, penalty, scriptSeconds = "script_seconds", graderSeconds = "grader_seconds"
        }
    }

    public var score: Double
    public var maxScore: Double
    /// Seconds the grading took, script included (whole seconds, as Gradescope shows them).
    public var executionTime: Int
    public var output: String
    public var outputFormat = "md"
    public var tests: [Test]
    public var extraData: Diagnosis

    enum CodingKeys: String, CodingKey {
        case score, maxScore = "max_score", executionTime = "execution_time", output, outputFormat = "output_format", tests, extraData = "extra_data"
    }

    /// The results of `grade`, each criterion shown to students as `rubric` says (criteria
    /// it does not list are visible).
    public init(_ grade: Grade, rubric: Rubric) {
        score = grade.score
        maxScore = grade.maxScore
        executionTime = Int((grade.timing.scriptSeconds + grade.timing.graderSeconds).rounded(.up))
        let passed = grade.results.filter { $0.outcome == .pass }.count
        var summary = "**\(Grade.shown(points: grade.score)) / \(Grade.shown(points: grade.maxScore))**: \(passed) of \(grade.results.count) criteria passed; run: \(grade.status)."
        if let penalty = grade.penalty { summary += "\n\n" + penalty.reason }
        output = summary
        let visibility = Dictionary(rubric.criteria.map { ($0.id, $0.points.visibility) }, uniquingKeysWith: { first, _ in first })
        tests = grade.results.enumerated().map { index, result in
            Test(name: result.id.title, number: String(index + 1), score: result.points, maxScore: result.maxPoints,
                 status: result.outcome == .pass ? "passed" : "failed", output: "**\(result.outcome.rawValue.uppercased())**: \(result.feedback)",
                 visibility: (visibility[result.id] ?? .visible).rawValue, tags: [result.id.rawValue])
        }
        extraData = Diagnosis(status: grade.status, facts: grade.facts, unsandboxed: grade.unsandboxed, penalty: grade.penalty?.reason,
                              scriptSeconds: grade.timing.scriptSeconds, graderSeconds: grade.timing.graderSeconds)
    }

    /// Writes `results.json` to `path` atomically.
    public func write(to path: String) throws(GradingError) { try writeJSON(to: path) }
}
