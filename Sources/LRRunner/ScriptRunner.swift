import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one student's `<id>.py` (or notebook `<id>.ipynb`) safely and reports what happened
/// and what it left.
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

    /// The largest script run: a handout solution is a few KiB.
    public static let maximumScriptBytes = 4 << 20
    /// The largest notebook run: its outputs (plots as base64 images) are most of it, and
    /// only its code cells are read.
    public static let maximumNotebookBytes = 64 << 20
    /// The largest capture read back: the handout's is 205 KiB; its variables are bounded by
    /// the harness at a million numbers (about 20 MiB of JSON).
    public static let maximumCaptureBytes = 32 << 20

    /// Runs `script` in a new folder `folder` (created; it must not exist yet). `slot` is the
    /// job slot the run takes (0 for a lone run): scripts in different slots run as different
    /// users when the grader is root.
    public func run(script: String, in folder: String, slot: Int = 0) throws(RunnerError) -> ScriptRun {
        let name = (script as NSString).lastPathComponent
        let source: [UInt8]
        let limit = name.lowercased().hasSuffix(".ipynb") ? Self.maximumNotebookBytes : Self.maximumScriptBytes
        do { source = try UntrustedFile.read(script, limit: limit) } catch { throw RunnerError(file: script, reason: error.reason) }
        let user = Sandbox.user(slot: slot)
        // The script's own user owns its folder (0700) when the grader is root: no other
        // script, of this batch or another, can look in.
        guard mkdir(folder, 0o700) == 0 else {
            throw RunnerError(file: folder, reason: "cannot prepare the run folder: \(String(cString: strerror(errno)))")
        }
        do { try UntrustedFile.create(folder + "/" + name, bytes: source) } catch {
            throw RunnerError(file: folder, reason: "cannot prepare the run folder: \(error.reason)")
        }
        if geteuid() == 0 {
            guard chown(folder, user, user) == 0 else {
                throw RunnerError(file: folder, reason: "cannot give the run folder to the script's user: \(String(cString: strerror(errno)))")
            }
        }

        let capture = ".lrgrade-capture-\(UInt64.random(in: 0...UInt64.max)).json"
        let sandbox = Sandbox(limits: limits, python: python, templates: templates, mnist: mnistFolder, matplotlibCache: matplotlibCache, user: user)
        let isolation: ScriptRun.Isolation
        let command: (Sandbox.Job) -> (arguments: [String], environment: [String: String])
        switch (sandboxed, Sandbox.availability) {
        case (true, .success):
            isolation = .bubblewrap
            command = { sandbox.command(folder: folder, script: name, job: $0) }
        case (let wanted, let availability):
            let why = wanted ? "bubblewrap cannot start: \(Self.reason(availability))" : "the sandbox was turned off"
            let unprivileged = geteuid() == 0 && sandbox.reachableByOthers
            let user = geteuid() == 0 && !unprivileged ? "; the script ran as root, since an unprivileged user cannot reach \(python.executable)" : ""
            isolation = .limitsOnly(why + user)
            sandbox.provideMatplotlibCache(in: folder)
            command = { sandbox.limitsOnlyCommand(folder: folder, script: name, job: $0, asUnprivileged: unprivileged) }
        }
        // The sigmoid first, alone, in a process of its own, while the folder holds only the
        // script: nothing the script does when it runs can reach it.
        let probe = command(.probeSigmoid(Self.sigmoidProbe))
        let probed: ChildProcess.Outcome
        do { probed = try ChildProcess.run(probe.arguments, environment: probe.environment, seconds: min(limits.seconds, Self.probeSeconds), keep: 1 << 16) } catch {
            throw RunnerError(file: script, reason: "cannot start the run: \(error.reason)")
        }
        let main = command(.run(capture: capture))
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(main.arguments, environment: main.environment, seconds: limits.seconds, keep: limits.outputBytes) } catch {
            throw RunnerError(file: script, reason: "cannot start the run: \(error.reason)")
        }

        // The script could have replaced its capture with a link, a FIFO or a huge file.
        var captured: Capture?, captureBytes: [UInt8]?, captureProblem: String?
        do {
            let bytes = try UntrustedFile.read(folder + "/" + capture, limit: Self.maximumCaptureBytes)
            captured = Capture(parsing: Data(bytes))
            captureBytes = captured == nil ? nil : bytes
        } catch {
            if case .missing = UntrustedFile.kind(atPath: folder + "/" + capture) {} else { captureProblem = "its record was refused: \(error.reason)" }
        }
        unlink(folder + "/" + capture)
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        return ScriptRun(
            verdict: captureProblem.map(ScriptRun.Verdict.failed) ?? Self.verdict(outcome, captured, stderr: stderr),
            isolation: isolation,
            exitStatus: outcome.status, signal: outcome.signal,
            // bubblewrap's usage does not include the sandboxed Python's: the harness reports its own.
            wallSeconds: outcome.wallSeconds,
            probeSeconds: probed.wallSeconds,
            cpuSeconds: max(outcome.cpuSeconds, captured?.resources?.cpuSeconds ?? 0),
            peakMemoryBytes: max(outcome.peakMemoryBytes, captured?.resources?.peakMemoryBytes ?? 0),
            stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: stderr,
            droppedOutputBytes: (outcome.dropped.0, outcome.dropped.1),
            capture: captured, captureBytes: captureBytes, sigmoid: Self.sigmoid(probed), folder: folder
        )
    }

    /// The points the sigmoid is probed on: the overflow edges of exp (±745) and beyond.
    public static let sigmoidProbe: [Double] = [-1000, -745, -50, -1, 0, 1, 50, 745, 1000]
    /// Seconds the sigmoid's probe may take (numpy's import is most of it).
    static let probeSeconds = 30.0

    /// The probe's answer, or why there is none.
    private static func sigmoid(_ outcome: ChildProcess.Outcome) -> SigmoidProbe {
        if outcome.timedOut { return .failed("the sigmoid's probe took more than \(Int(probeSeconds)) s") }
        guard let fields = (try? JSONValue(parsing: Data(outcome.stdout)))?.object else {
            let last = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init)
            return .failed(last ?? "the sigmoid's probe ended without an answer")
        }
        if let missing = fields["missing"]?.string { return .missing(missing) }
        let warnings = fields["warnings"]?.array?.compactMap(\.string) ?? []
        if let error = fields["error"]?.string { return .raised(error, warnings: warnings) }
        guard let values = fields["values"]?.numbers else { return .failed("the sigmoid's probe gave no values") }
        return .values(values, name: fields["name"]?.string ?? "sigmoid", warnings: warnings)
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
