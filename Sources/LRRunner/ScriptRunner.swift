import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one student's `<id>.py` safely and reports what happened and what it left.
///
/// Each run gets a fresh folder holding a copy of the script and nothing else. The script
/// runs under `templates/harness.py` (which records its variables) with offline
/// `tensorflow.keras.datasets.mnist` and `keras.datasets.mnist` serving `mnistFolder`, and
/// `MPLBACKEND=Agg`, inside the sandbox described by `Sandbox`.
public struct ScriptRunner: Sendable {
    public var limits = RunLimits()
    public var python: PythonInstallation
    /// The folder with `harness.py` and `shim/`: the repository's `templates`.
    public var templates: String
    /// The MNIST IDX files the shim serves.
    public var mnistFolder: String
    /// False to run with the limits only, without bubblewrap, on purpose (every result then
    /// says so); by default bubblewrap is used wherever it can start.
    public var sandboxed = true
    /// matplotlib's font list for every run to start from (see `MatplotlibCache`); nil to let
    /// each script build its own.
    public var matplotlibCache: MatplotlibCache?

    public init(python: PythonInstallation, templates: String, mnistFolder: String) {
        self.python = python
        self.templates = templates
        self.mnistFolder = mnistFolder
    }

    /// Runs `script` in a new folder `folder` (created; it must not exist yet).
    public func run(script: String, in folder: String) throws(RunnerError) -> ScriptRun {
        let name = (script as NSString).lastPathComponent
        let manager = FileManager.default
        guard manager.isReadableFile(atPath: script) else { throw RunnerError(file: script, reason: "no such readable file") }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
            try manager.copyItem(atPath: script, toPath: folder + "/" + name)
            try manager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
        } catch { throw RunnerError(file: folder, reason: "cannot prepare the run folder: \((error as NSError).localizedDescription)") }

        let capture = ".lrgrade-capture-\(UInt64.random(in: 0...UInt64.max)).json"
        let sandbox = Sandbox(limits: limits, python: python, templates: templates, mnist: mnistFolder, matplotlibCache: matplotlibCache)
        let isolation: ScriptRun.Isolation
        let command: (arguments: [String], environment: [String: String])
        switch (sandboxed, Sandbox.availability) {
        case (true, .success):
            isolation = .bubblewrap
            command = sandbox.command(folder: folder, script: name, capture: capture)
        case (let wanted, let availability):
            let why = wanted ? "bubblewrap cannot start: \(Self.reason(availability))" : "the sandbox was turned off"
            let unprivileged = geteuid() == 0 && sandbox.reachableByOthers
            let user = geteuid() == 0 && !unprivileged ? "; the script ran as root, since an unprivileged user cannot reach \(python.executable)" : ""
            isolation = .limitsOnly(why + user)
            sandbox.provideMatplotlibCache(in: folder)
            command = sandbox.limitsOnlyCommand(folder: folder, script: name, capture: capture, asUnprivileged: unprivileged)
        }
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(command.arguments, environment: command.environment, seconds: limits.seconds, keep: limits.outputBytes) } catch {
            throw RunnerError(file: script, reason: "cannot start the run: \(error.reason)")
        }

        let captured = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + capture))).flatMap(Capture.init(parsing:))
        try? manager.removeItem(atPath: folder + "/" + capture)
        var files: [String: Int] = [:]
        for file in (try? manager.subpathsOfDirectory(atPath: folder)) ?? [] where file != name {
            if let attributes = try? manager.attributesOfItem(atPath: folder + "/" + file), attributes[.type] as? FileAttributeType == .typeRegular {
                files[file] = (attributes[.size] as? Int) ?? 0
            }
        }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        return ScriptRun(
            verdict: Self.verdict(outcome, captured, stderr: stderr),
            isolation: isolation,
            exitStatus: outcome.status, signal: outcome.signal,
            // bubblewrap's usage does not include the sandboxed Python's: the harness reports its own.
            wallSeconds: outcome.wallSeconds,
            cpuSeconds: max(outcome.cpuSeconds, captured?.resources?.cpuSeconds ?? 0),
            peakMemoryBytes: max(outcome.peakMemoryBytes, captured?.resources?.peakMemoryBytes ?? 0),
            stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: stderr,
            droppedOutputBytes: (outcome.dropped.0, outcome.dropped.1),
            files: files, capture: captured, folder: folder
        )
    }

    private static func reason(_ availability: Result<Void, ChildProcess.LaunchError>) -> String {
        if case .failure(let error) = availability { return error.reason }
        return ""
    }

    static func verdict(_ outcome: ChildProcess.Outcome, _ capture: Capture?, stderr: String) -> ScriptRun.Verdict {
        if outcome.timedOut { return .timedOut }
        let lastLine = stderr.split(separator: "\n").last.map(String.init)
        let error = capture?.error ?? lastLine
        if let error, error.contains("MemoryError") { return .outOfMemory }
        guard let capture else {
            if let signal = outcome.signal { return .failed("killed by signal \(signal)") }
            return .failed(lastLine ?? "the script ended without a word (exit status \(outcome.status ?? -1))")
        }
        switch capture.status {
        case "error": return .failed(capture.error ?? "error")
        case "exit" where (capture.exitCode ?? 0) != 0: return .failed("exited with status \(capture.exitCode!)")
        default: return capture.variables.isEmpty && capture.candidates.isEmpty ? .noVariables : .finished
        }
    }
}
