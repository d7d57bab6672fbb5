import Foundation
import Testing
import LRData
import LRGrading
import LRReport
import LRRunner
import LRSolver

/// Grading again from stored runs: a rubric change runs no script and gives exactly the
/// grades of a full run; a changed script runs again; a stored run that is damaged or
/// missing is run again, never trusted.
@Suite("Regrading from stored runs", .serialized)
struct RegradeTests {
    static let submissions = ClassGradingTests.submissions

    /// Another rubric: fixtures/rubrics/reweighted.yaml (other points, another partial
    /// fraction), and a PDF that must now have its images counted (the stored inspection
    /// did not count them).
    static let changedRubric = try! Rubric(
        yaml: String(contentsOf: ClassGradingTests.root.appendingPathComponent("fixtures/rubrics/reweighted.yaml"), encoding: .utf8)
            + "tolerances:\n  pdf_min_figures: 6\n",
        file: "reweighted.yaml")

    static func grader(_ rubric: Rubric) -> Grader {
        let base = ClassGradingTests.grader
        return try! Grader(reference: base.reference, data: ClassGradingTests.data, rubric: rubric, runner: base.runner)
    }

    /// A class of four: a correct solution, one with a bug, one that crashes, and a PDF alone.
    static func makeClass() throws -> String {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("lrgrade-regrade-\(UUID())").path
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["123456789.py", "123456789.pdf"] { try manager.copyItem(atPath: submissions + "/" + name, toPath: folder + "/" + name) }
        let bug = ClassGradingTests.bugs.variants[0]
        var text = try String(contentsOfFile: submissions + "/" + ClassGradingTests.bugs.base, encoding: .utf8)
        for pair in bug.replace { text = text.replacingOccurrences(of: pair[0], with: pair[1]) }
        try text.write(toFile: folder + "/100000000.py", atomically: true, encoding: .utf8)
        try manager.copyItem(atPath: submissions + "/123456789.pdf", toPath: folder + "/100000000.pdf")
        try manager.copyItem(atPath: submissions + "/hostile/crashes.py", toPath: folder + "/200000002.py")
        try manager.copyItem(atPath: submissions + "/123456789.pdf", toPath: folder + "/300000000.pdf")
        return folder
    }


    /// Grades `folder` into `out`, and the events reported.
    static func grade(_ folder: String, into out: String, rubric: Rubric, force: Bool = false, rerun: Bool = false, work: inout Grader.SharedWork?) throws -> (BatchGrader.Outcome, [BatchGrader.Event]) {
        var batch = BatchGrader(grader: grader(rubric), jobs: 2)
        batch.force = force
        batch.rerun = rerun
        let events = Events()
        let outcome = try batch.grade(try SubmissionFolder(scanning: folder).submissions, into: out,
                                      writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: events.add)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        work = batch.grader.sharedWork
        return (outcome, events.all)
    }

    static func grade(_ folder: String, into out: String, rubric: Rubric, force: Bool = false, rerun: Bool = false) throws -> (BatchGrader.Outcome, [BatchGrader.Event]) {
        var work: Grader.SharedWork?
        return try grade(folder, into: out, rubric: rubric, force: force, rerun: rerun, work: &work)
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [BatchGrader.Event] = []
        func add(_ event: BatchGrader.Event) { lock.withLock { events.append(event) } }
        var all: [BatchGrader.Event] { lock.withLock { events } }
    }

    static func regraded(_ events: [BatchGrader.Event]) -> Set<String> {
        Set(events.compactMap { if case .regraded(let grade) = $0 { grade.id } else { nil } })
    }
    static func graded(_ events: [BatchGrader.Event]) -> Set<String> {
        Set(events.compactMap { if case .graded(let grade) = $0 { grade.id } else { nil } })
    }

    /// Everything a grade says: status, every criterion's outcome, points and feedback, the
    /// score; for grades of two runs of the same script, all but the run's measured time
    /// ("Ran to the end in 4.6 s", "Stopped with an error after 0.2 s").
    static func same(_ a: [Grade], _ b: [Grade], sameRuns: Bool) {
        #expect(a.map(\.id) == b.map(\.id))
        func results(_ grade: Grade) -> [CriterionResult] {
            grade.results.map { result in
                var result = result
                if !sameRuns { result.feedback = result.feedback.replacing(/[0-9]+\.[0-9] s\b/, with: "… s") }
                return result
            }
        }
        for (x, y) in zip(a, b) {
            #expect(x.status == y.status, "\(x.id)")
            #expect(results(x) == results(y), "\(x.id): \(zip(results(x), results(y)).filter { $0 != $1 })")
            if sameRuns { #expect(x.facts == y.facts, "\(x.id)") }
            #expect(x.score == y.score && x.maxScore == y.maxScore, "\(x.id)")
        }
    }

    @Test("a rubric change regrades every student without running a script, with the grades of a full run; a changed script runs again")
    func rubricChange() throws {
        let folder = try Self.makeClass()
        let out = folder + "-results", full = folder + "-full"
        defer { for path in [folder, out, full] { try? FileManager.default.removeItem(atPath: path) } }

        let (first, _) = try Self.grade(folder, into: out, rubric: ClassGradingTests.grader.rubric)
        #expect(first.ran == 3)
        for id in ["123456789", "100000000", "200000002", "300000000"] {
            #expect(FileManager.default.fileExists(atPath: out + "/\(id)/run.gz"), "\(id) has no stored run")
        }
        // The same rubric, forced: from the stored runs, the very grades of the runs, times included.
        let (forced, forcedEvents) = try Self.grade(folder, into: out, rubric: ClassGradingTests.grader.rubric, force: true)
        #expect(forced.ran == 0 && Self.regraded(forcedEvents).count == 3)
        Self.same(forced.grades, first.grades, sameRuns: true)

        var work: Grader.SharedWork?
        let (regrade, events) = try Self.grade(folder, into: out, rubric: Self.changedRubric, work: &work)
        // The replays of the first batch (the bug variant's) came from DIR/.lrgrade-replays.gz:
        // the one computed is the 3-epoch check every grader makes before adopting the reference's run.
        #expect(work?.replays == 1 && work?.replayedEpochs == 3 && work?.learningRateSearches == 0, "\(String(describing: work))")
        #expect(regrade.ran == 0 && regrade.skipped == 0)
        #expect(Self.regraded(events) == ["123456789", "100000000", "200000002"])
        #expect(Self.graded(events) == ["300000000"])
        #expect(regrade.grades.first { $0.id == "123456789" }?.maxScore == 100)
        #expect(regrade.grades.first { $0.id == "123456789" }?.results.first { $0.id == .files }?.points == 4)

        // The same rubric on a fresh folder: every script runs.
        let (fresh, _) = try Self.grade(folder, into: full, rubric: Self.changedRubric, work: &work)
        #expect(fresh.ran == 3)
        #expect((work?.replays ?? 0) > 1)  // more than the adoption check: the bug variant's replays
        Self.same(regrade.grades, fresh.grades, sameRuns: false)
        // The records written from the stored runs are those of the full run, but for the script's time.
        for id in ["123456789", "100000000", "200000002", "300000000"] {
            func record(_ folder: String) throws -> NSDictionary {
                var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/\(id)/grade.json"))) as! [String: Any]
                object["facts"] = (object["facts"] as? [String: Any])?.filter { $0.key != "run_seconds" }
                object["results"] = (object["results"] as? [[String: Any]])?.map { result in
                    result.mapValues { ($0 as? String)?.replacing(/[0-9]+\.[0-9] s\b/, with: "… s") ?? $0 }
                }
                return object as NSDictionary
            }
            #expect(try record(out) == record(full), "\(id)")
        }

        // One script changed: it alone runs; the others are kept.
        try (String(contentsOfFile: folder + "/123456789.py", encoding: .utf8) + "\n# edited\n").write(toFile: folder + "/123456789.py", atomically: true, encoding: .utf8)
        let (edited, editedEvents) = try Self.grade(folder, into: out, rubric: Self.changedRubric)
        #expect(edited.ran == 1 && edited.skipped == 3)
        #expect(Self.graded(editedEvents) == ["123456789"])

        // --rerun runs every script again.
        let (rerun, _) = try Self.grade(folder, into: out, rubric: Self.changedRubric, rerun: true)
        #expect(rerun.ran == 3)
    }

    @Test("a stored run that is damaged, of another schema or missing is run again, never trusted")
    func damagedStoredRun() throws {
        let folder = try Self.makeClass()
        let out = folder + "-results"
        defer { for path in [folder, out] { try? FileManager.default.removeItem(atPath: path) } }
        let rubric = ClassGradingTests.grader.rubric
        let (first, _) = try Self.grade(folder, into: out, rubric: rubric)

        // Flipped bytes in the middle (gzip's CRC-32 catches them), a truncated file, and none at all.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/123456789/run.gz")))
        for index in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[index] ^= 0x5a }
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/123456789/run.gz"))
        let truncated = try Data(contentsOf: URL(fileURLWithPath: out + "/100000000/run.gz"))
        try truncated.prefix(truncated.count / 3).write(to: URL(fileURLWithPath: out + "/100000000/run.gz"))
        try FileManager.default.removeItem(atPath: out + "/200000002/run.gz")
        // A damaged replay cache is ignored: the replays are computed again.
        try Data("not a cache".utf8).write(to: URL(fileURLWithPath: out + "/.lrgrade-replays.gz"))

        var work: Grader.SharedWork?
        let (again, events) = try Self.grade(folder, into: out, rubric: Self.changedRubric, work: &work)
        #expect(again.ran == 3)
        #expect((work?.replays ?? 0) > 1)  // more than the adoption check: the bug variant's replays
        #expect(Self.regraded(events).isEmpty)
        // And the runs kept now are whole again: the next change regrades from them.
        let (then, thenEvents) = try Self.grade(folder, into: out, rubric: rubric)
        #expect(then.ran == 0)
        #expect(Self.regraded(thenEvents) == ["123456789", "100000000", "200000002"])
        Self.same(then.grades, first.grades, sameRuns: false)
    }
}
