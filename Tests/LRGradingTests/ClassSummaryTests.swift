import Foundation
import Testing
import LRClassSummary
import LRGrading
import LRReport
import LRRunner

/// The class at a glance: a small class graded for real, its summary built from the stored
/// records alone, and the class report read back with poppler.
@Suite("Class summary and report", .serialized)
struct ClassSummaryTests {
    static let submissions = ClassGradingTests.submissions

    @Test("quartiles interpolate between order statistics, as numpy's percentile does")
    func distribution() throws {
        let d = try #require(Distribution([4, 1, 3, 2], bins: 3, range: 0...6))
        #expect(d.count == 4 && d.mean == 2.5 && d.median == 2.5)
        #expect(d.lowerQuartile == 1.75 && d.upperQuartile == 3.25)
        #expect(d.minimum == 1 && d.maximum == 4)
        #expect(d.histogram.map(\.count) == [1, 2, 1] && d.histogram.map(\.lower) == [0, 2, 4] && d.histogram.last?.upper == 6)
        // The maximum falls in the last bin, which is closed.
        #expect(Distribution([0, 10], bins: 10, range: 0...10)?.histogram.map(\.count) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Distribution([.nan, .infinity], bins: 4) == nil)
        #expect(Distribution([7], bins: 2)?.histogram.map(\.count) == [1, 0])
    }

    /// The handout solution, a disguised copy of it, one with the gradient not divided by m,
    /// and one that crashes with the same PDF as the first.
    static let graded: (out: String, summary: ClassSummary, records: [StoredRecord]) = {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("lrgrade-summary-\(UUID())").path
        try! manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func copy(_ source: String, _ name: String) { try! manager.copyItem(atPath: submissions + "/" + source, toPath: folder + "/" + name) }
        copy("123456789.py", "111111111.py"); copy("123456789.pdf", "111111111.pdf")
        var disguised = try! String(contentsOfFile: submissions + "/123456789.py", encoding: .utf8)
        for (name, renamed) in [("grad", "g"), ("wrong", "errors_found"), ("p5", "early"), ("index", "j"), ("y_hat", "probs"), ("loss", "cost")] {
            disguised = disguised.replacing(try! Regex("\\b\(name)\\b"), with: renamed)
        }
        disguised = disguised.replacingOccurrences(of: "\n    ", with: "\n    # next step\n    ").replacingOccurrences(of: " * ", with: "*")
        try! disguised.write(toFile: folder + "/222222222.py", atomically: true, encoding: .utf8)
        copy("987654321.pdf", "222222222.pdf")
        var bug = try! String(contentsOfFile: submissions + "/" + ClassGradingTests.bugs.base, encoding: .utf8)
        for pair in ClassGradingTests.bugs.variants[0].replace { bug = bug.replacingOccurrences(of: pair[0], with: pair[1]) }
        try! bug.write(toFile: folder + "/333333333.py", atomically: true, encoding: .utf8)
        copy("987654321.pdf", "333333333.pdf")
        copy("hostile/crashes.py", "444444444.py"); copy("123456789.pdf", "444444444.pdf")
        let out = folder + "-results"
        let outcome = try! BatchGrader(grader: ClassGradingTests.grader, jobs: 2).grade(try! SubmissionFolder(scanning: folder).submissions, into: out,
                                                                                       writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        precondition(outcome.problems.isEmpty, "\(outcome.problems)")
        let records = try! StoredRecord.all(in: out).records
        let handout = try! String(contentsOf: ClassGradingTests.root.appendingPathComponent("templates/handout.py"), encoding: .utf8)
        return (out, ClassSummary(records: records, threshold: 0.5, skeleton: handout), records)
    }()

    @Test("the summary counts the scores, the criteria, the mistakes named, the runs and the choices")
    func summary() throws {
        let summary = Self.graded.summary
        #expect(summary.students == 4 && summary.maxScore == 100)
        let records = Self.graded.records
        #expect(records.map(\.grade.id) == ["111111111", "222222222", "333333333", "444444444"])
        #expect(records.allSatisfy { $0.code != nil })
        let scores = try #require(summary.scores)
        #expect(scores.mean == records.map(\.grade.score).reduce(0, +) / 4)
        #expect(summary.criteria.first { $0.id == "loss_history" }.map { [$0.pass, $0.partial, $0.fail] } == [2, 0, 2])
        #expect(summary.mistakes.map { [$0.name, String($0.count)] + $0.students } == [["gradient not divided by m", "1", "333333333"]])
        #expect(summary.runs.statuses.first { $0.name == "failed" }?.students == ["444444444"])
        #expect(summary.runs.errors.map(\.name) == ["ValueError"])
        #expect(summary.runs.seconds?.count == 4 && summary.runs.slowest.count == 4)
        // All four store lr = 0.1, the crashing one too (before it crashes).
        #expect(summary.learningRates.map { [$0.value, Double($0.count)] } == [[0.1, 4]])
        #expect(summary.epochs.first?.value == 100)
    }

    @Test("the disguised copy and the one-line bug variant are listed with the original, the other script not; the same PDF twice is named")
    func similarity() throws {
        let similarity = Self.graded.summary.similarity
        let pair = try #require(similarity.pairs.first)
        #expect([pair.first, pair.second] == ["111111111", "222222222"])
        // The bug variant is the handout solution with one line changed: a copy too.
        #expect(Set(similarity.pairs.map { [$0.first, $0.second] }) == [["111111111", "222222222"], ["111111111", "333333333"], ["222222222", "333333333"]],
                "\(similarity.pairs.map { ($0.first, $0.second, $0.similarity) })")
        #expect(similarity.pairs.allSatisfy { $0.similarity >= 0.9 && !$0.fragments.isEmpty })
        #expect(similarity.identicalPDFs == [["111111111", "444444444"], ["222222222", "333333333"]])
        // The summary as JSON keeps every pair and group.
        let json = try JSONSerialization.jsonObject(with: Self.graded.summary.json) as! [String: Any]
        let pairs = (json["similarity"] as? [String: Any])?["pairs"] as? [[String: Any]]
        #expect(pairs?.first?["first"] as? String == "111111111")
    }

    @Test("the class report's pages read back with poppler, the counts as text")
    func report() throws {
        let summary = Self.graded.summary
        let path = Self.graded.out + "/class-report.pdf"
        let code = Dictionary(uniqueKeysWithValues: Self.graded.records.compactMap { record in record.code.map { (record.grade.id, $0) } })
        try ClassReport.write(summary, code: code, to: path)
        let text = try ClassGradingTests.poppler("pdftotext", [path, "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("4 students"))
        #expect(text.contains("gradient not divided by m") && text.contains("333333333"))
        #expect(text.contains("ValueError"))
        #expect(text.contains("111111111 and 222222222"))
        #expect(text.contains("Identical PDFs: 111111111 = 444444444; 222222222 = 333333333."))
        #expect(text.contains("Learning rates: 0.1 (4)."))
    }
}
