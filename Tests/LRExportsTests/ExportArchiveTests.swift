import Foundation
import Testing
import LRExports
import LRGrading

/// An export's .zip unpacked as `lrgrade grade` unpacks it: the same class as its folder,
/// and every hostile archive refused with one line, nothing written outside the work folder,
/// the archive unchanged.
@Suite("Unpacking LMS exports")
struct ExportArchiveTests {
    static func work() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-unpack-\(UUID())").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("each export's zip reads as the same class as its folder", arguments: ["canvas", "moodle", "moodle-flat", "blackboard", "gradescope"])
    func sameAsFolder(_ layout: String) throws {
        let zip = ExportReadingTests.exports + "/" + layout + ".zip"
        let before = try Data(contentsOf: URL(fileURLWithPath: zip))
        let unpacked = try ExportArchive.unpack(zip, into: Self.work() + "/export")
        let fromZip = try ClassExport(reading: unpacked), fromFolder = try ExportReadingTests.read(layout)
        #expect(fromZip.layout == fromFolder.layout)
        #expect(fromZip.submissions.map(\.id) == fromFolder.submissions.map(\.id))
        #expect(fromZip.submissions.map(\.student) == fromFolder.submissions.map(\.student))
        #expect(fromZip.submissions.map(ExportReadingTests.names) == fromFolder.submissions.map(ExportReadingTests.names))
        #expect(try Data(contentsOf: URL(fileURLWithPath: zip)) == before, "the export is never modified")
    }

    /// A zip made by Python's zipfile from (name, content, Unix mode) members; a content
    /// "zeros:N" is N zero digits (made there: too long for a command line).
    static func zip(_ members: [(String, String, Int)]) throws -> String {
        let path = work() + "/hostile.zip"
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(2, len(sys.argv), 3):
                info = zipfile.ZipInfo(sys.argv[i])
                info.create_system = 3
                info.external_attr = int(sys.argv[i + 2], 8) << 16
                content = sys.argv[i + 1]
                z.writestr(info, "0" * int(content[6:]) if content.startswith("zeros:") else content)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path] + members.flatMap { [$0.0, $0.1, String($0.2, radix: 8)] }
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return path
    }

    @Test("zip-slip, absolute names, links, devices, repeated names, too many members, a zip bomb and a damaged archive are refused before anything is written",
          arguments: [
            ([("../evil.py", "x", 0o100644)], "outside the folder"),
            ([("/tmp/evil.py", "x", 0o100644)], "outside the folder"),
            ([("a\\..\\..\\evil.py", "x", 0o100644)], "outside the folder"),
            ([("link.py", "/etc/passwd", 0o120777)], "is a symbolic link"),
            ([("fifo", "", 0o010644)], "is a device, FIFO or socket"),
            ([("a.py", "x", 0o100644), ("./a.py", "y", 0o100644)], "appears twice"),
          ] as [([(String, String, Int)], String)])
    func hostile(_ members: [(String, String, Int)], _ phrase: String) throws {
        let zip = try Self.zip(members)
        let parent = (zip as NSString).deletingLastPathComponent
        let target = parent + "/export"
        do {
            _ = try ExportArchive.unpack(zip, into: target)
            Issue.record("unpacked \(members.map(\.0))")
        } catch {
            #expect(error.description.contains(phrase) && error.description.hasPrefix(zip), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        #expect(!FileManager.default.fileExists(atPath: target), "nothing is written when the archive is refused")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["hostile.zip"])
    }

    @Test("the limits on members and on the unpacked size hold, and a damaged archive is one error")
    func limits() throws {
        var few = ExportArchive.Limits()
        few.members = 3
        let many = try Self.zip((0..<4).map { ("\($0).py", "x", 0o100644) })
        #expect(throws: GradingError.self) { try ExportArchive.unpack(many, into: Self.work() + "/a", limits: few) }
        var small = ExportArchive.Limits()
        small.totalBytes = 1 << 20
        let bomb = try Self.zip([("zeros.py", "zeros:\(4 << 20)", 0o100644)])
        do {
            _ = try ExportArchive.unpack(bomb, into: Self.work() + "/b", limits: small)
            Issue.record("a bomb was unpacked")
        } catch {
            #expect(error.description.contains("a zip bomb?"), "\(error)")
        }
        let damaged = Self.work() + "/damaged.zip"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ExportReadingTests.exports + "/canvas.zip"))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
        do {
            _ = try ExportArchive.unpack(damaged, into: Self.work() + "/c")
            Issue.record("a damaged zip was unpacked")
        } catch {
            #expect(error.description.contains("not a readable zip archive"), "\(error)")
        }
    }
}
