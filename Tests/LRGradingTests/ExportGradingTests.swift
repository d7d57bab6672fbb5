import Foundation
import Testing
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
        let outcome = try BatchGrader(grader: ClassGradingTests.grader, jobs: 2).grade(chosen, into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        let grades = Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) })
        // Alice's files are 123456789.py and .pdf, graded in the class folder of ClassGradingTests.
        let alice = try #require(grades["101"]), plain = try #require(ClassGradingTests.graded.grades["123456789"])
        #expect(alice.results.map(\.points) == plain.results.map(\.points) && alice.results.map(\.outcome) == plain.results.map(\.outcome))
        #expect(alice.results.first { $0.id == .files }?.feedback.contains("123456789.py and 123456789.pdf") == true)
        // Bob's PDF, 987654321_hw.pdf, is his, and named as he named it.
        let bob = try #require(grades["102"])
        #expect(bob.results.first { $0.id == .files }?.feedback.contains("found 987654321_hw.pdf") == true)
        #expect(bob.results.first { $0.id == .pdf }?.outcome == .pass)
        let lines = try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("id,name,handout_id,late,score,max_score,files,") == true)
        #expect(lines.contains { $0.hasPrefix("101,martinalice,123456789,,100,100,") })
        #expect(lines.contains { $0.hasPrefix("102,ngbob,987654321,late,97.5,100,2.5,") }, "\(lines)")

        // The LMS's own import files, from the same grades.
        let canvas = try #require(ImportFile.file(for: .canvas, grades: outcome.grades, assignment: .init(name: "HW3", id: "4242")))
        #expect(canvas.name == "canvas-import.csv")
        #expect(canvas.csv.split(separator: "\n").map(String.init) == ["Student,ID,SIS User ID,SIS Login ID,Section,HW3 (4242)",
                                                                       "Points Possible,,,,,100", "martinalice,101,,,,100", "ngbob,102,,,,97.5"])
        let moodle = try #require(ImportFile.file(for: .moodle, grades: outcome.grades, assignment: .init(name: "HW3")))
        let rows = moodle.csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == "Identifier,Full name,Grade,Maximum Grade,Last modified (grade),Feedback comments")
        #expect(rows[1].hasPrefix("Participant 101,martinalice,100,100,") && rows[1].hasSuffix("\"lrgrade: 100 of 100, every criterion passed.\""), "\(rows)")
        #expect(rows[2].hasSuffix("lrgrade: 97.5 of 100; points lost: files 2.5/5. The feedback PDF says why."), "\(rows)")
        let blackboard = try #require(ImportFile.file(for: .blackboard, grades: outcome.grades, assignment: .init(name: "HW3", id: "_123_1")))
        #expect(blackboard.csv.hasPrefix("Username,Name,HW3 [Total Pts: 100 Score] |_123_1\n101,martinalice,100\n"))
        #expect(ImportFile.file(for: .gradescope, grades: outcome.grades, assignment: .init(name: "HW3")) == nil)
    }
}
