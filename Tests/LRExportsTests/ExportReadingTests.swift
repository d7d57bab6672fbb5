import Foundation
import Testing
import LRExports
import LRGrading

/// Each LMS's export, written by fixtures/lms/make_exports.py from the fixture solutions,
/// read back: one submission per student, by the LMS's identity, with their name, the
/// handout's id, lateness and the files they chose; what cannot be graded listed.
@Suite("Reading LMS exports")
struct ExportReadingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The exports, written once into a temporary folder.
    static let exports: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-exports-\(UUID())").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("fixtures/lms/make_exports.py").path, folder]
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "make_exports.py failed")
        return folder
    }()

    static func read(_ layout: String, as forced: ExportLayout? = nil, due: String? = nil) throws -> ClassExport {
        try ClassExport(reading: exports + "/" + layout, layout: forced, due: due.flatMap(ExportTime.date))
    }

    /// The student's files by the names they gave them.
    static func names(_ submission: Submission) -> [String?] {
        [submission.script.map(submission.shownName), submission.pdf.map(submission.shownName)]
    }

    @Test("each layout is detected from its names", arguments: [("canvas", ExportLayout.canvas), ("moodle", .moodle), ("moodle-flat", .moodle), ("blackboard", .blackboard), ("gradescope", .gradescope)])
    func detection(_ layout: String, _ expected: ExportLayout) throws {
        #expect(try Self.read(layout).layout == expected)
    }

    @Test("Canvas: students grouped by user id across attachments, the names they chose judged (without Canvas's -1 of a resubmission), LATE kept, text entries not gradable")
    func canvas() throws {
        let export = try Self.read("canvas")
        #expect(export.submissions.map(\.id) == ["101", "102", "103", "104", "105"])
        let byID = Dictionary(uniqueKeysWithValues: export.submissions.map { ($0.id, $0) })
        #expect(Self.names(byID["101"]!) == ["123456789.py", "123456789.pdf"])
        #expect(byID["101"]!.student == Student(name: "martinalice", handoutID: "123456789", late: nil))
        #expect(byID["102"]!.script?.hasSuffix("_987654321-1.py") == true)
        #expect(Self.names(byID["102"]!) == ["987654321.py", "987654321_hw.pdf"] && byID["102"]!.student?.late == .marked)
        #expect(export.feedbackNames["101"] == "martinalice_101_501_feedback.pdf" && export.feedbackNames["102"] == "ngbob_LATE_102_503_feedback.pdf")
        #expect(export.feedbackNames["103"] == "obriensen_103_505_feedback.pdf", "a student with only a PDF gets feedback under its prefix")
        #expect(Self.names(byID["103"]!) == [nil, "111222333.pdf"], "a student with only a PDF is a submission")
        #expect(byID["104"]!.student?.name == "doejane" && byID["105"]!.student?.name == "doejane", "two students of the same name stay two")
        #expect(export.notGraded.map(\.file) == ["martinalice_101_text.html"])
        #expect(export.unmatched == ["notes.txt"])
    }

    @Test("Moodle: folders per participant (files in subfolders, the older trailing _) and flat files give the same class; online text is not gradable", arguments: ["moodle", "moodle-flat"])
    func moodle(_ layout: String) throws {
        let export = try Self.read(layout)
        #expect(export.submissions.map(\.id) == ["101", "102", "103", "104", "105"])
        let byID = Dictionary(uniqueKeysWithValues: export.submissions.map { ($0.id, $0) })
        #expect(byID["103"]!.student?.name == "Seán O'Brien", "Unicode and apostrophes kept exactly")
        #expect(byID["104"]!.student?.name == "Jane Doe" && byID["105"]!.student?.name == "Jane Doe")
        #expect(Self.names(byID["101"]!) == ["123456789.py", "123456789.pdf"] && Self.names(byID["102"]!) == ["987654321.py", "987654321_hw.pdf"])
        #expect(export.notGraded.count == 1 && export.notGraded[0].reason.contains("onlinetext"))
        #expect(export.unmatched == ["readme.txt"])
        #expect(!export.byTeam && export.feedbackNames["103"] == "Seán O'Brien_103_assignfeedback_file_feedback.pdf")
        #expect(export.submissions.allSatisfy { $0.student?.late == nil && $0.student?.submitted == nil }, "Moodle's download records no times")
    }

    @Test("Moodle team submissions: one submission per group, the default group (named without an id) included; no feedback names, which Moodle matches to participants")
    func moodleTeams() throws {
        let export = try Self.read("moodle-teams")
        #expect(export.layout == .moodle && export.byTeam)
        #expect(export.submissions.map(\.id) == ["7", "8", "Default group"])
        #expect(export.submissions.map { $0.student?.name } == ["Team Alpha", "Team Beta", "Default group"])
        #expect(Self.names(export.submissions[2]) == [nil, "111222333.pdf"])
        #expect(export.feedbackNames.isEmpty)
        #expect(ImportFile.file(for: export, grades: [], assignment: .init(name: "HW3")) == nil)
        // Teams with ids alone look like participants: --teams says so.
        let told = try ClassExport(reading: Self.exports + "/moodle", teams: true)
        #expect(told.byTeam && told.feedbackNames.isEmpty)
    }

    @Test("Blackboard: the latest attempt graded, the earlier one listed; names from the receipts")
    func blackboard() throws {
        let export = try Self.read("blackboard")
        #expect(export.submissions.map(\.id) == ["amartin", "bng", "jdoe", "jdoe2", "sobrien"])
        let alice = try #require(export.submissions.first)
        #expect(alice.student?.name == "Alice Martin" && alice.student?.submitted == "2026-11-21-23-59-30" && alice.student?.late == nil)
        #expect(alice.script?.contains("2026-11-21-23-59-30") == true && Self.names(alice) == ["123456789.py", "123456789.pdf"])
        #expect(export.notGraded.count == 2 && export.notGraded.allSatisfy { $0.reason.contains("an earlier attempt (2026-11-20-09-15-00)") })
        #expect(export.unmatched == ["gradebook_notes.txt"])
    }

    @Test("Gradescope: students from submission_metadata.yml, by SID")
    func gradescope() throws {
        let export = try Self.read("gradescope")
        #expect(export.submissions.map(\.id) == ["S101", "S102", "S103", "S104", "S105"])
        #expect(export.submissions.map { $0.student?.name } == ["Alice Martin", "Bob Ng", "Seán O'Brien", "Jane Doe", "Jane Doe"])
        #expect(Self.names(export.submissions[1]) == ["987654321.py", "987654321_hw.pdf"])
        #expect(export.submissions[1].student?.submitted == "2026-11-22T18:00:00Z", "Gradescope's created_at, in UTC")
        #expect(export.feedbackNames.isEmpty, "Gradescope takes results.json, not a bundle")
    }

    @Test("lateness against --due: the days begun since the due time, from Blackboard's attempts and Gradescope's created_at")
    func lateness() throws {
        let blackboard = try Self.read("blackboard", due: "2026-11-22T00:00")
        #expect(blackboard.submissions.map { $0.student?.late } == [nil, .days(1), nil, nil, nil])
        #expect(try Self.read("blackboard", due: "2026-11-21T10:00").submissions.map { $0.student?.late } == [.days(1), .days(1), .days(1), .days(1), .days(1)])
        #expect(try Self.read("blackboard", due: "2026-11-20T09:00").submissions[1].student?.late == .days(3))
        #expect(try Self.read("blackboard").submissions.allSatisfy { $0.student?.late == nil }, "no --due, no lateness")
        let gradescope = try Self.read("gradescope", due: "2026-11-22T00:00-08:00")
        #expect(gradescope.submissions.map { $0.student?.late } == [nil, .days(1), nil, nil, nil])
        #expect(try Self.read("gradescope", due: "2026-11-22T12:00-08:00").submissions.allSatisfy { $0.student?.late == nil })
        #expect(try Self.read("canvas", due: "2020-01-01T00:00").submissions.map { $0.student?.late } == [nil, .marked, nil, nil, nil],
                "Canvas's download has no times: only its LATE counts")
    }

    @Test("times as exports and --due write them", arguments: [
        ("2026-11-22T23:59", 1_795_391_940.0), ("2026-11-22 23:59:00", 1_795_391_940), ("2026-11-22-23-59-00", 1_795_391_940),
        ("2026-11-22T23:59:00Z", 1_795_391_940), ("2026-11-22 15:59:00.123456000 -08:00", 1_795_391_940), ("2026-11-23T01:59+0200", 1_795_391_940),
    ])
    func times(_ text: String, _ seconds: Double) {
        #expect(ExportTime.date(text)?.timeIntervalSince1970 == seconds, "\(text)")
    }

    @Test("what is not a time is nil", arguments: ["", "2026-11-22", "tomorrow", "2026-13-01T00:00", "2026-11-22T25:00", "22/11/2026 23:59"])
    func notTimes(_ text: String) {
        #expect(ExportTime.date(text) == nil, "\(text)")
    }

    @Test("a layout forced on an export of another kind, or a damaged metadata file, is one clear error")
    func wrongLayouts() throws {
        #expect(throws: GradingError.self) { try Self.read("moodle", as: .canvas) }
        #expect(throws: GradingError.self) { try Self.read("canvas", as: .gradescope) }
        let broken = Self.exports + "/broken-gradescope"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try "submission_1: [unclosed".write(toFile: broken + "/submission_metadata.yml", atomically: true, encoding: .utf8)
        do {
            _ = try ClassExport(reading: broken)
            Issue.record("a damaged metadata file was read")
        } catch {
            #expect(error.description.contains("submission_metadata.yml is not valid YAML"), "\(error)")
        }
    }
}
