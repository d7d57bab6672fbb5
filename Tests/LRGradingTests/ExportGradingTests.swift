import Foundation
import Testing
import LRData
import LRExports
import LRGrading
import LRReport

/// A class read from an LMS's export is graded as the same files in a plain folder, and the
/// gradebook names each student by the LMS's identity.
@Suite("Grading an LMS export", .serialized)
struct ExportGradingTests {
    @Test("a Canvas export's students get the grades their files get in a plain folder, with their LMS identity in the gradebook")
    func canvas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-canvas-\(UUID())").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ClassGradingTests.root.appendingPathComponent("fixtures/lms/make_exports.py").path, folder]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let export = try ClassExport(reading: folder + "/canvas")
        let chosen = export.submissions.filter { ["101", "102"].contains($0.id) }
        let out = folder + "-results"
        // Bob is LATE, which Canvas records without a time: one day of 10 %.
        var grader = ClassGradingTests.grader
        grader.rubric.latePenalty = .perDay(0.1)
        let batch = BatchGrader(grader: grader, jobs: 2)
        let outcome = try batch.grade(chosen, into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        let grades = Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) })
        // Alice's files are 123456789.py and .pdf, graded in the class folder of ClassGradingTests.
        let alice = try #require(grades["101"]), plain = try #require(ClassGradingTests.graded.grades["123456789"])
        #expect(alice.results.map(\.points) == plain.results.map(\.points) && alice.results.map(\.outcome) == plain.results.map(\.outcome))
        #expect(alice.results.first { $0.id == .files }?.feedback.contains("123456789.py and 123456789.pdf") == true)
        // Bob's PDF, 987654321_hw.pdf, is his, and named as he named it.
        // Bob's PDF, 987654321_hw.pdf, is his, and named as he named it; his script, which
        // Canvas renamed 987654321-1.py when he handed it in again, is judged as 987654321.py.
        let bob = try #require(grades["102"])
        #expect(bob.results.first { $0.id == .files }?.feedback.contains("Expected 987654321.pdf to go with 987654321.py; found 987654321_hw.pdf.") == true, "\(bob.results[0].feedback)")
        #expect(bob.results.first { $0.id == .pdf }?.outcome == .pass)
        #expect(alice.penalty == nil && bob.earned == 97.5 && bob.score == 87.75)
        #expect(bob.penalty?.reason == "Late (late): 10 % taken off (10 % per day late).")
        let lines = try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("id,name,handout_id,submitted,late,score,max_score,files,") == true)
        #expect(lines.contains { $0.hasPrefix("101,martinalice,123456789,,,100,100,") })
        #expect(lines.contains { $0.hasPrefix("102,ngbob,987654321,,late,87.75,100,2.5,") }, "\(lines)")
        let results = try String(contentsOfFile: out + "/102/results.json", encoding: .utf8)
        #expect(results.contains("87.75") && results.contains("10 % taken off"))
        // The stored record keeps the penalty: a second run skips both and gives the same scores.
        let again = try batch.grade(chosen, into: out, writeFeedback: { _, _ in Issue.record("graded again") }, finished: { _ in })
        #expect(again.skipped == 2 && again.grades.first { $0.id == "102" }?.score == 87.75)

        // The feedback bundle: each PDF under the download's own prefix, which Canvas's
        // re-upload matches on the user id.
        #expect(try FeedbackBundle.write(for: export, grades: outcome.grades, in: out) == 2)
        let bundle = try ZipArchive(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: out + "/feedback.zip"))), file: "feedback.zip")
        #expect(bundle.members.map(\.name) == ["martinalice_101_501_feedback.pdf", "ngbob_LATE_102_503_feedback.pdf"])
        #expect(try bundle.member("ngbob_LATE_102_503_feedback.pdf") == Array(try Data(contentsOf: URL(fileURLWithPath: out + "/102/feedback.pdf"))))

        // The LMS's own import files, from the same grades.
        let canvas = try #require(ImportFile.file(for: .canvas, grades: outcome.grades, assignment: .init(name: "HW3", id: "4242")))
        #expect(canvas.name == "canvas-import.csv")
        #expect(canvas.csv.split(separator: "\n").map(String.init) == ["Student,ID,SIS User ID,SIS Login ID,Section,HW3 (4242)",
                                                                       "Points Possible,,,,,100", "martinalice,101,,,,100", "ngbob,102,,,,87.75"])
        let moodle = try #require(ImportFile.file(for: .moodle, grades: outcome.grades, assignment: .init(name: "HW3")))
        let rows = moodle.csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == "Identifier,Full name,Grade,Maximum Grade,Last modified (grade),Feedback comments")
        #expect(rows[1].hasPrefix("Participant 101,martinalice,100,100,") && rows[1].hasSuffix("\"lrgrade: 100 of 100, every criterion passed.\""), "\(rows)")
        #expect(rows[2].hasSuffix("lrgrade: 87.75 of 100; points lost: files 2.5/5. Late (late): 10 % taken off (10 % per day late). The feedback PDF says why."), "\(rows)")
        let blackboard = try #require(ImportFile.file(for: .blackboard, grades: outcome.grades, assignment: .init(name: "HW3", id: "_123_1")))
        #expect(blackboard.csv.hasPrefix("Username,Name,HW3 [Total Pts: 100 Score] |_123_1\n101,martinalice,100\n"))
        #expect(ImportFile.file(for: .gradescope, grades: outcome.grades, assignment: .init(name: "HW3")) == nil)

        // A changed penalty is a changed rubric: the grade stored under 10 % a day is not kept.
        var halved = grader
        halved.rubric.latePenalty = .fixed(0.5)
        let rerun = try BatchGrader(grader: halved, jobs: 1).grade(chosen.filter { $0.id == "102" }, into: out, writeFeedback: { _, _ in }, finished: { _ in })
        #expect(rerun.skipped == 0 && rerun.grades.first?.score == 48.75)
    }
}
