import Foundation

/// What a student's script may use. The defaults suit the assignment: it trains on MNIST
/// 0/1 in a few seconds and a few hundred MB.
public struct RunLimits: Sendable, Equatable {
    /// Wall-clock seconds before the whole process tree is killed.
    public var seconds: Double = 300
    /// Address space per process (`RLIMIT_AS`), in bytes.
    public var memoryBytes: Int = 4 << 30
    /// Processes the sandboxed user may have at once (`RLIMIT_NPROC`).
    public var processes: Int = 64
    /// Largest file the script may write (`RLIMIT_FSIZE`), in bytes.
    public var fileBytes: Int = 256 << 20
    /// Size of the sandbox's private `/tmp` (a tmpfs, held in memory outside `RLIMIT_AS`).
    public var temporaryBytes: Int = 256 << 20
    /// Bytes of standard output and of standard error kept; the rest is counted, not kept.
    public var outputBytes: Int = 256 << 10
    /// Threads numpy's BLAS and OpenMP may start (`OPENBLAS_NUM_THREADS`, `OMP_NUM_THREADS`,
    /// `MKL_NUM_THREADS`). Scripts run side by side need their share of the cores: two
    /// handout solutions at once, each with a thread per core, took 17 s instead of 5 here,
    /// OpenBLAS's threads spinning against each other.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}
