import Foundation
import Testing
import LRData

/// The zips lrgrade writes read back whole, with their names as written, by its own reader
/// and by Python's zipfile (another implementation, as an LMS would use).
@Suite("Writing zips")
struct ZipWriterTests {
    @Test("members come back byte for byte, UTF-8 names and modes included, stored or deflated, and Python's zipfile agrees", arguments: [false, true])
    func roundTrip(deflate: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-zip-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let contents: [(String, [UInt8])] = [("Seán O'Brien_103_assignfeedback_file_feedback.pdf", Array("%PDF-1.5 one".utf8)),
                                             ("empty.pdf", []), ("binary.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
                                             ("bin/run_autograder", Array(String(repeating: "#!/bin/sh\necho graded\n", count: 50).utf8))]
        var members: [(name: String, file: String)] = []
        for (index, (name, bytes)) in contents.enumerated() {
            let file = folder + "/\(index)"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            if name.hasPrefix("bin/") { chmod(file, 0o755) }
            members.append((name, file))
        }
        let zip = folder + "/bundle.zip"
        try ZipWriter.write(members, to: zip, deflate: deflate)
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: zip))), file: zip)
        #expect(archive.members.map(\.name) == contents.map(\.0) && archive.members.allSatisfy { $0.kind == .file })
        for (name, bytes) in contents { #expect(try archive.member(name) == bytes) }
        #expect(!FileManager.default.fileExists(atPath: zip + ".partial"))

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(f'{i.filename} {i.external_attr >> 16:o} {i.compress_type}' for i in z.infolist()))", zip]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let listed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        // Deflated where it shrinks: the repeated script and the bytes of period 256, not 12 bytes of text nor an empty file.
        let expected = contents.map { name, bytes in
            "\(name) \(name.hasPrefix("bin/") ? "100755" : "100644") \(deflate && (name.hasPrefix("bin/") || name == "binary.bin") ? 8 : 0)"
        }
        #expect(python.terminationStatus == 0 && listed.split(separator: "\n").map(String.init) == expected, "\(listed)")
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
