import Foundation
import LRGrading

/// A grade in PrairieLearn's external-grading format (`/grade/results/results.json`,
/// PrairieLearn docs/externalGrading.md): `gradable`, a score in [0, 1], a message, one test
/// per criterion with its points and feedback, and images (the feedback's plots as PNG data
/// URLs).
///
/// Invariant: the encoded file is at most `maximumBytes` (PrairieLearn refuses larger
/// results): images are left out first, then the outputs are shortened.
public struct PrairieLearnResults: Encodable, Sendable {
    public struct Test: Encodable, Sendable {
        public var name: String
        public var description: String
        public var points: Double
        public var maxPoints: Double
        public var message: String
        public var output: String

        enum CodingKeys: String, CodingKey { case name, description, points, maxPoints = "max_points", message, output }
    }

    public struct Image: Encodable, Sendable {
        public var label: String
        /// `data:image/png;base64,…`
        public var url: String
    }

    public static let maximumBytes = 1_000_000

    public var gradable: Bool
    /// Why the submission cannot be graded, when it cannot: no attempt is charged.
    public var formatErrors: [String]?
    public var score: Double
    public var message: String
    public var output: String
    public var tests: [Test]
    public var images: [Image]

    enum CodingKeys: String, CodingKey { case gradable, formatErrors = "format_errors", score, message, output, tests, images }

    /// The results of `grade`, with `images` (label, PNG bytes). A submission without a
    /// script is not gradable: PrairieLearn then charges no attempt.
    public init(_ grade: Grade, images: [(label: String, png: [UInt8])]) {
        let hasScript = grade.status != Grade.noScript
        gradable = hasScript
        formatErrors = hasScript ? nil : ["No Python script (.py) or notebook (.ipynb) was found among the files submitted."]
        score = grade.maxScore > 0 ? min(1, max(0, grade.score / grade.maxScore)) : 0
        let passed = grade.results.filter { $0.outcome == .pass }.count
        message = "\(Grade.shown(points: grade.score)) / \(Grade.shown(points: grade.maxScore)) points: \(passed) of \(grade.results.count) criteria passed; run: \(grade.status)."
            + (grade.penalty.map { " " + $0.reason } ?? "")
        output = grade.details.outputTail ?? ""
        tests = grade.results.map {
            Test(name: $0.id.title, description: $0.id.rawValue, points: $0.points, maxPoints: $0.maxPoints,
                 message: "\($0.outcome.rawValue.uppercased()): \($0.feedback)", output: "")
        }
        self.images = images.map { Image(label: $0.label, url: "data:image/png;base64," + Data($0.png).base64EncodedString()) }
    }

    /// The JSON, within `maximumBytes`.
    public func encoded() throws(PlatformError) -> Data {
        var results = self
        let encoder = JSONEncoder.nonFinite
        encoder.outputFormatting = [.sortedKeys]
        for step in 0..<3 {
            let data: Data
            do { data = try encoder.encode(results) } catch { throw PlatformError(file: "results.json", reason: "cannot encode: \(error)") }
            if data.count <= Self.maximumBytes { return data }
            // Too large: the images go first, then the script's output and the feedback are cut.
            if step == 0 { results.images = [] } else {
                results.output = String(results.output.suffix(20_000))
                for index in results.tests.indices { results.tests[index].message = String(results.tests[index].message.prefix(4_000)) }
            }
        }
        throw PlatformError(file: "results.json", reason: "over PrairieLearn's \(Self.maximumBytes) bytes even without images")
    }
}
