import Foundation
import Testing
import LRGrading
import LRReport

/// The solutions of fixtures/submissions/styles (functions, classes, notebooks, `w` and `b`
/// apart, tables of results) and the one-bug scripts written in those shapes, graded as a
/// class: every criterion ends as styles.json says, with its phrase.
@Suite("Grading every style of solution", .serialized)
struct StyleGradingTests {
    static let folder = ClassGradingTests.submissions + "/styles"

    struct Fixture: Decodable {
        var id: String
        var script: String
        var pdf: String?
        var folder: Bool?
        var style: String
        var expect: [String: [String]]
        var says: [String: String]?
    }
    struct Manifest: Decodable { var fixtures: [Fixture] }
    static let manifest = try! JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/styles.json")))

    /// The class folder, graded once with two jobs.
    static let grades: [String: Grade] = {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("lrgrade-styles-\(UUID())").path
        try! manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        for fixture in manifest.fixtures {
            let place = fixture.folder == true ? root + "/" + fixture.id : root
            try? manager.createDirectory(atPath: place, withIntermediateDirectories: true)
            let script = fixture.id + "." + (fixture.script as NSString).pathExtension
            try! manager.copyItem(atPath: folder + "/" + fixture.script, toPath: place + "/" + script)
            try! manager.copyItem(atPath: folder + "/" + (fixture.script as NSString).deletingPathExtension + ".pdf",
                                  toPath: place + "/" + (fixture.pdf ?? fixture.id + ".pdf"))
        }
        let found = try! SubmissionFolder(scanning: root)
        precondition(found.submissions.map(\.id) == manifest.fixtures.map(\.id).sorted(), "\(found.submissions.map(\.id)) \(found.unmatched)")
        let outcome = try! BatchGrader(grader: ClassGradingTests.grader, jobs: 2).grade(found.submissions, into: root + "-results", writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        precondition(outcome.problems.isEmpty, "\(outcome.problems)")
        return Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) })
    }()

    @Test("each style and each bug gets the human grader's verdict on every criterion", arguments: manifest.fixtures.map(\.id))
    func verdicts(_ id: String) throws {
        let fixture = try #require(Self.manifest.fixtures.first { $0.id == id })
        let grade = try #require(Self.grades[id], "\(fixture.script) was not graded")
        let results = Dictionary(uniqueKeysWithValues: grade.results.map { ($0.id, $0) })
        try ClassGradingTests.check("\(fixture.script) (\(fixture.style))", expect: fixture.expect, says: fixture.says ?? [:], results)
    }

    @Test("every correct solution, whatever its shape, earns full marks")
    func correctStylesEarnFullMarks() throws {
        let correct = Self.manifest.fixtures.filter { $0.expect.isEmpty }
        #expect(correct.count >= 6)
        for fixture in correct {
            let grade = try #require(Self.grades[fixture.id])
            #expect(grade.score == grade.maxScore, "\(fixture.script): \(grade.results.filter { $0.outcome != .pass }.map(\.feedback))")
        }
    }
}
