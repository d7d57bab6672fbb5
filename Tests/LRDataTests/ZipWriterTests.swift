import Foundation
import Testing
import LRData

/// The zips lrgrade writes read back whole, with their names as written, by its own reader
/// and by Python's zipfile (another implementation, as an LMS would use).
@Suite("Writing zips")
struct ZipWriterTests {
    @Test("members come back byte for byte, UTF-8 names included, and Python's zipfile agrees")
    func roundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-zip-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let contents: [(String, [UInt8])] = [("Seán O'Brien_103_assignfeedback_file_feedback.pdf", Array("%PDF-1.5 one".utf8)),
                                             ("empty.pdf", []), ("binary.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })]
        var members: [(name: String, file: String)] = []
        for (index, (name, bytes)) in contents.enumerated() {
            let file = folder + "/\(index)"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            members.append((name, file))
        }
        let zip = folder + "/bundle.zip"
        try ZipWriter.write(members, to: zip)
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: zip))), file: zip)
        #expect(archive.members.map(\.name) == contents.map(\.0) && archive.members.allSatisfy { $0.kind == .file })
        for (name, bytes) in contents { #expect(try archive.member(name) == bytes) }
        #expect(!FileManager.default.fileExists(atPath: zip + ".partial"))

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist()))", zip]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let listed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0 && listed.split(separator: "\n").map(String.init) == contents.map(\.0))
    }

    @Test("a member that cannot be read is named, and the archive already there stays whole")
    func failure() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-zip-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let zip = folder + "/bundle.zip"
        try Data("old".utf8).write(to: URL(fileURLWithPath: zip))
        #expect { try ZipWriter.write([("a.pdf", folder + "/missing.pdf")], to: zip) } throws: { error in
            (error as? ZipWriter.Failure)?.description == folder + "/missing.pdf: cannot read"
        }
        #expect(FileManager.default.contents(atPath: zip) == Data("old".utf8) && !FileManager.default.fileExists(atPath: zip + ".partial"))
    }
}
