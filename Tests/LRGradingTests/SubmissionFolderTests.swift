import Foundation
import Testing
import LRGrading

@Suite("Submission folders")
struct SubmissionFolderTests {
    static func folder(_ files: [String]) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-folder-\(UUID())").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        for file in files {
            let path = base + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if !file.hasSuffix("/") { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        }
        return base
    }

    @Test("files side by side are paired by stem; other files are listed, not dropped")
    func flat() throws {
        let base = try Self.folder(["111.py", "111.pdf", "222.py", "333.pdf", "notes.txt", "hw.py", ".DS_Store"])
        let found = try SubmissionFolder(scanning: base)
        #expect(found.submissions.map(\.id) == ["111", "222", "333", "hw"])
        #expect(found.submissions[0] == Submission(id: "111", script: base + "/111.py", pdf: base + "/111.pdf"))
        #expect(found.submissions[1].pdf == nil && found.submissions[2].script == nil)
        #expect(found.unmatched == ["notes.txt"])
        #expect(found.ignored.map(\.file) == [".DS_Store"], "hidden names are reported, not dropped")
    }

    @Test("one folder per student: the folder names the student, numeric files are preferred")
    func perStudent() throws {
        let base = try Self.folder(["alice/hw.py", "alice/123.py", "alice/123.pdf", "bob/report.pdf", "carol/readme.md"])
        let found = try SubmissionFolder(scanning: base)
        #expect(found.submissions.map(\.id) == ["alice", "bob"])
        #expect(found.submissions[0].script == base + "/alice/123.py" && found.submissions[0].pdf == base + "/alice/123.pdf")
        #expect(found.submissions[1].script == nil && found.submissions[1].pdf == base + "/bob/report.pdf")
        #expect(found.unmatched == ["alice/hw.py", "carol/readme.md", "carol/"])
    }

    @Test("an empty folder, a file and a missing folder are errors naming the path")
    func errors() throws {
        let empty = try Self.folder(["notes.txt"])
        for (path, message) in [(empty, "no submissions found"), (empty + "/notes.txt", "not a folder"), ("/nonexistent/x", "no such folder")] {
            #expect { try SubmissionFolder(scanning: path) } throws: { "\($0)".hasPrefix(path + ": ") && "\($0)".contains(message) }
        }
    }

    @Test("a PDF named after the script's id and more belongs to that script; a longer id stays its own")
    func prefixPairing() throws {
        let base = try Self.folder(["111.py", "111_hw.pdf", "222.py", "222.pdf", "222_extra.pdf", "1110.pdf", "alice.py", "alice-report.pdf", "alicex.pdf"])
        let found = try SubmissionFolder(scanning: base)
        #expect(found.submissions.map(\.id) == ["1110", "111", "222", "alice", "alicex"].sorted())
        #expect(found.submissions.first { $0.id == "111" }?.pdf == base + "/111_hw.pdf")
        #expect(found.submissions.first { $0.id == "222" }?.pdf == base + "/222.pdf")
        #expect(found.submissions.first { $0.id == "alice" }?.pdf == base + "/alice-report.pdf")
        #expect(found.submissions.first { $0.id == "1110" }?.script == nil)
        #expect(found.unmatched == ["222_extra.pdf"])
    }
}
