/// Everything known about one run of a student's script.
public struct ScriptRun: Sendable {
    public enum Verdict: Equatable, Sendable, Codable {
        /// Ran to the end and left the assignment's variables.
        case finished
        /// Ran to the end but left no numbers at all: neither the assignment's variables nor
        /// any other array or list of numbers.
        case noVariables
        /// Raised an exception or exited with a non-zero status: the error's last line.
        case failed(String)
        /// Killed at the wall-clock limit.
        case timedOut
        /// Stopped by the memory limit.
        case outOfMemory
    }

    /// How the script was confined.
    public enum Isolation: Equatable, Sendable, Codable {
        /// In bubblewrap: no network, a read-only file system except its own folder.
        case bubblewrap
        /// bubblewrap could not start (the reason); only the resource limits applied.
        case limitsOnly(String)
    }

    public var verdict: Verdict
    public var isolation: Isolation
    /// The exit status, or nil when a signal ended the run.
    public var exitStatus: Int32?
    public var signal: Int32?
    public var wallSeconds: Double
    /// The wall time of the sigmoid's separate probe, beside the run.
    public var probeSeconds: Double
    /// CPU time and the largest resident set of the Python process, as the harness measured
    /// them; for a run killed before the harness finished, only the sandbox's own (a lower bound).
    public var cpuSeconds: Double
    public var peakMemoryBytes: Int
    public var stdout: String
    public var stderr: String
    /// Bytes of each stream beyond `RunLimits.outputBytes`, not kept.
    public var droppedOutputBytes: (stdout: Int, stderr: Int)
    /// What the harness recorded, when it got that far.
    public var capture: Capture?
    /// The capture file as the harness wrote it (what `capture` was parsed from), to keep the
    /// run and grade it again without running the script.
    public var captureBytes: [UInt8]?
    /// The script's sigmoid on `ScriptRunner.sigmoidProbe`, probed in a process of its own.
    public var sigmoid: SigmoidProbe
    /// The run's folder, which holds what the script wrote.
    public var folder: String

    public init(verdict: Verdict, isolation: Isolation, exitStatus: Int32?, signal: Int32?, wallSeconds: Double, probeSeconds: Double,
                cpuSeconds: Double, peakMemoryBytes: Int, stdout: String, stderr: String, droppedOutputBytes: (stdout: Int, stderr: Int),
                capture: Capture?, captureBytes: [UInt8]?, sigmoid: SigmoidProbe, folder: String) {
        self.verdict = verdict
        self.isolation = isolation
        self.exitStatus = exitStatus
        self.signal = signal
        self.wallSeconds = wallSeconds
        self.probeSeconds = probeSeconds
        self.cpuSeconds = cpuSeconds
        self.peakMemoryBytes = peakMemoryBytes
        self.stdout = stdout
        self.stderr = stderr
        self.droppedOutputBytes = droppedOutputBytes
        self.capture = capture
        self.captureBytes = captureBytes
        self.sigmoid = sigmoid
        self.folder = folder
    }
}

/// What the separate probe of a script's sigmoid found (see `ScriptRunner.sigmoidProbe`).
public enum SigmoidProbe: Sendable, Equatable, Codable {
    /// One value per point, from the function named `name` ("sigmoid", "Model.sigmoid"), and
    /// the warnings numpy raised.
    case values([Double], name: String, warnings: [String])
    /// The function raised this error.
    case raised(String, warnings: [String])
    /// The script defines no sigmoid.
    case missing(String)
    /// The probe itself did not work.
    case failed(String)
}
