import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A helper program (poppler's `pdftoppm`, `pdfimages`) run on a file a student handed in,
/// confined like a script: the same system view and namespaces, no network, an
/// unprivileged user of its own when the grader is root, limits on memory, file size and
/// time.
///
/// The tool never sees the student's folders. It reads a copy of the input that the grader
/// made in a fresh private folder, read-only, and writes into another fresh folder of its
/// own; the grader then reads back only regular files, through `UntrustedFile`, and removes
/// both. So nothing a script planted (a link named like the tool's output, a FIFO) is ever
/// written through or read as output.
public struct ConfinedTool: Sendable {
    public var seconds: Double = 30
    public var memoryBytes: Int = 1 << 30
    public var fileBytes: Int = 64 << 20
    /// Output files read back, and the bytes of each.
    public var maximumOutputs = 32
    public var maximumOutputBytes = 8 << 20

    public init() {}

    public struct Result: Sendable {
        public var status: Int32?
        public var timedOut: Bool
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        /// The regular files the tool wrote, by name.
        public var outputs: [String: [UInt8]]
    }

    /// Runs `arguments(input, outputFolder)` with `input` (the file's bytes) at the path it is
    /// given and an empty folder for what the tool writes.
    public func run(_ input: [UInt8], named name: String, _ arguments: (_ input: String, _ outputFolder: String) -> [String]) throws(RunnerError) -> Result {
        var template = Array((FileManager.default.temporaryDirectory.path + "/lrgrade-tool-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw RunnerError(file: name, reason: "cannot make a private folder: \(String(cString: strerror(errno)))") }
        let private_ = String(cString: made)
        defer { FileTree.remove(private_) }
        // The grader's, and no other user lists it. When the grader is root, the tool's user
        // may pass through it (for the run without bubblewrap), read the input (group) and
        // write its own output folder, but not rename or replace either.
        let inputs = private_ + "/in", outputs = private_ + "/out"
        let root = geteuid() == 0
        guard mkdir(inputs, 0o750) == 0, mkdir(outputs, 0o700) == 0 else { throw RunnerError(file: name, reason: "cannot make a private folder: \(String(cString: strerror(errno)))") }
        do { try UntrustedFile.create(inputs + "/" + name, bytes: input, mode: 0o640) } catch { throw RunnerError(file: name, reason: error.reason) }
        if root {
            guard chmod(private_, 0o711) == 0, chown(inputs, 0, Sandbox.toolUser) == 0, chown(inputs + "/" + name, 0, Sandbox.toolUser) == 0,
                  chown(outputs, Sandbox.toolUser, Sandbox.toolUser) == 0 else { throw RunnerError(file: name, reason: "cannot hand the private folder to the tool's user: \(String(cString: strerror(errno)))") }
        }
        let limits = Sandbox.limitArguments(memoryBytes: memoryBytes, processes: nil, fileBytes: fileBytes)
        let command: [String]
        if case .success = Sandbox.availability {
            command = limits + ["bwrap"] + Sandbox.isolation + Sandbox.systemView + (root ? [] : ["--unshare-user"]) + [
                "--tmpfs", "/tmp", "--ro-bind", inputs, "/in", "--bind", outputs, "/out", "--chdir", "/out",
                "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LC_ALL", "C.UTF-8", "--setenv", "HOME", "/tmp",
            ] + (root ? Sandbox.dropPrivileges(to: Sandbox.toolUser) : []) + arguments("/in/" + name, "/out")
        } else {
            command = limits + (root ? Sandbox.dropPrivileges(to: Sandbox.toolUser) : []) + arguments(inputs + "/" + name, outputs)
        }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(command, environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/tmp"], seconds: seconds, keep: 4 << 20)
        } catch { throw RunnerError(file: command[0], reason: error.reason) }
        ToolUsage.add(outcome)
        return Result(status: outcome.status, timedOut: outcome.timedOut, stdout: outcome.stdout, stderr: outcome.stderr,
                      outputs: UntrustedFile.readFiles(in: outputs, count: maximumOutputs, limit: maximumOutputBytes))
    }
}
