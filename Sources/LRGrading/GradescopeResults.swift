import Foundation

/// A grade in Gradescope's autograder format (`results.json`): the score, and one test per
/// criterion with its name, score, maximum and feedback.
public struct GradescopeResults: Encodable, Sendable {
    public struct Test: Encodable, Sendable {
        public var name: String
        public var score: Double
        public var maxScore: Double
        public var status: String
        public var output: String

        enum CodingKeys: String, CodingKey { case name, score, maxScore = "max_score", status, output }
    }

    public var score: Double
    public var maxScore: Double
    public var output: String
    public var tests: [Test]

    enum CodingKeys: String, CodingKey { case score, maxScore = "max_score", output, tests }

    public init(_ grade: Grade) {
        score = grade.score
        maxScore = grade.maxScore
        let passed = grade.results.filter { $0.outcome == .pass }.count
        output = "\(passed) of \(grade.results.count) criteria passed; run: \(grade.status)." + (grade.penalty.map { " " + $0.reason } ?? "")
        tests = grade.results.map {
            Test(name: $0.id.title, score: $0.points, maxScore: $0.maxPoints, status: $0.outcome == .pass ? "passed" : "failed",
                 output: "\($0.outcome.rawValue.uppercased()): \($0.feedback)")
        }
    }

    /// Writes `results.json` to `path` atomically.
    public func write(to path: String) throws(GradingError) { try writeJSON(to: path) }
}
