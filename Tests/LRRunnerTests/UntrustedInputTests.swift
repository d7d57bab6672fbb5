import Foundation
import Testing
import LRRunner
#if canImport(Glibc)
import Glibc
#endif

/// The pieces that touch students' files outside the sandbox: reading without following
/// links or blocking on FIFOs, removing any tree, and children that inherit no descriptor.
@Suite("Untrusted files and descriptors")
struct UntrustedInputTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-untrusted-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("regular files are read; links, FIFOs, folders and files past the limit are refused without blocking")
    func reading() throws {
        let folder = try Self.scratch()
        defer { FileTree.remove(folder) }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: folder + "/plain.py"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.py", withDestinationPath: folder + "/plain.py")
        #expect(mkfifo(folder + "/fifo.py", 0o644) == 0)
        #expect(try UntrustedFile.read(folder + "/plain.py", limit: 100) == Array("hello".utf8))
        #expect(UntrustedFile.kind(atPath: folder + "/plain.py") == .regular(size: 5))
        #expect(UntrustedFile.kind(atPath: folder + "/link.py") == .symbolicLink)
        #expect(UntrustedFile.kind(atPath: folder + "/fifo.py") == .special("a FIFO"))
        #expect(UntrustedFile.kind(atPath: folder) == .folder && UntrustedFile.kind(atPath: folder + "/none") == .missing)
        let cases: [(String, Int, String)] = [("link.py", 100, "symbolic link"), ("fifo.py", 100, "a FIFO"), ("plain.py", 4, "more than the 4"), ("", 100, "folder")]
        for (name, limit, reason) in cases {
            #expect { try UntrustedFile.read(folder + "/" + name, limit: limit) } throws: { "\($0)".contains(reason) }
        }
        try UntrustedFile.create(folder + "/new", bytes: [1, 2])
        #expect { try UntrustedFile.create(folder + "/link.py", bytes: [1]) } throws: { "\($0)".contains("cannot create") }
        #expect(try UntrustedFile.read(folder + "/plain.py", limit: 100) == Array("hello".utf8), "the link's target is untouched")
    }

    @Test("a tree deeper than PATH_MAX with many files is removed whole; links are removed, not followed")
    func removal() throws {
        let folder = try Self.scratch(), outside = try Self.scratch()
        defer { FileTree.remove(outside) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: outside + "/keep"))
        for index in 0..<3_000 { #expect(FileManager.default.createFile(atPath: folder + "/f\(index)", contents: nil)) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/out", withDestinationPath: outside)
        #expect(mkfifo(folder + "/fifo", 0o644) == 0)
        // 5,000 levels of "dd/": 15,000 bytes of path, past PATH_MAX (4,096).
        var fd = open(folder, O_RDONLY | O_DIRECTORY)
        for _ in 0..<5_000 {
            #expect(mkdirat(fd, "dd", 0o755) == 0)
            let next = openat(fd, "dd", O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        #expect(symlinkat(outside, fd, "deep-link") == 0)
        close(fd)
        #expect(FileTree.remove(folder) == nil)
        #expect(UntrustedFile.kind(atPath: folder) == .missing)
        #expect(FileManager.default.contents(atPath: outside + "/keep") == Data("keep".utf8))
        #expect(FileTree.remove(folder + "/never-there") == nil)
    }

    @Test("a child inherits no descriptor but 0, 1 and 2, whatever the parent holds open")
    func descriptors() throws {
        var leaked: [Int32] = [0, 0]
        #expect(pipe(&leaked) == 0)  // without close-on-exec, as an inherited descriptor would be
        let file = open("/dev/null", O_RDONLY)
        defer { close(leaked[0]); close(leaked[1]); close(file) }
        let outcome = try ChildProcess.run(["python3", "-c", "import os; print(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))"],
                                           environment: ["PATH": "/usr/bin:/bin:/usr/local/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")], seconds: 30, keep: 4096)
        let listed = String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // 3 is the folder os.listdir reads.
        #expect(listed == "[0, 1, 2, 3]", "the child saw \(listed); the parent held \(leaked) and \(file)")
    }
}
