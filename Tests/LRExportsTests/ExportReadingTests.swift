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

    static func read(_ layout: String, as forced: ExportLayout? = nil) throws -> ClassExport {
        try ClassExport(reading: exports + "/" + layout, layout: forced)
    }

    /// The student's files by the names they gave them.
    static func names(_ submission: Submission) -> [String?] {
        [submission.script.map(submission.shownName), submission.pdf.map(submission.shownName)]
    }

    @Test("each layout is detected from its names", arguments: [("canvas", ExportLayout.canvas), ("moodle", .moodle), ("moodle-flat", .moodle), ("blackboard", .blackboard), ("gradescope", .gradescope)])
    func detection(_ layout: String, _ expected: ExportLayout) throws {
        #expect(try Self.read(layout).layout == expected)
    }

    @Test("Canvas: students grouped by user id across attachments, the names they chose judged, LATE kept, text entries not gradable")
    func canvas() throws {
        let export = try Self.read("canvas")
        #expect(export.submissions.map(\.id) == ["101", "102", "103", "104", "105"])
        let byID = Dictionary(uniqueKeysWithValues: export.submissions.map { ($0.id, $0) })
        #expect(Self.names(byID["101"]!) == ["123456789.py", "123456789.pdf"])
        #expect(byID["101"]!.student == Student(name: "martinalice", handoutID: "123456789", late: nil))
        #expect(Self.names(byID["102"]!) == ["987654321.py", "987654321_hw.pdf"] && byID["102"]!.student?.late == "late")
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
    }

    @Test("Blackboard: the latest attempt graded, the earlier one listed; names from the receipts")
    func blackboard() throws {
        let export = try Self.read("blackboard")
        #expect(export.submissions.map(\.id) == ["amartin", "bng", "jdoe", "jdoe2", "sobrien"])
        let alice = try #require(export.submissions.first)
        #expect(alice.student?.name == "Alice Martin" && alice.student?.late == "2026-11-21-23-59-30")
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
