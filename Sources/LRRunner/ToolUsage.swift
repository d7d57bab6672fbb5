import Synchronization

/// The CPU time of the helper processes the grader starts for itself (poppler's tools, the
/// matplotlib font scan; not the students' scripts): part of the grader's own cost.
public enum ToolUsage {
    private static let total = Mutex(0.0)

    /// CPU seconds all helper processes of this process took so far.
    public static var cpuSeconds: Double { total.withLock { $0 } }

    package static func add(_ outcome: ChildProcess.Outcome) { total.withLock { $0 += outcome.cpuSeconds } }
}
