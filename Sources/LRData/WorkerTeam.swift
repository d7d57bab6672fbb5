import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Worker threads for `Parallel`'s fork-join jobs that spin for a while between jobs
/// before they go to sleep.
///
/// Gradient descent runs one parallel pass per epoch, about a millisecond long, with a few
/// dozen microseconds of serial work between passes. `DispatchQueue.concurrentPerform` parks
/// its threads after each pass, and waking them again in a virtual machine left a core idle
/// for about a fifth of each pass. A spinning worker takes the next pass at once; after
/// `spinLimit` checks without a job it sleeps until the next one.
///
/// Invariants:
/// - At most one job runs at a time: `run` holds `busy` from before it publishes a job
///   until every worker has counted itself out of it.
/// - A job is written before `generation` is bumped and read only after a worker has seen
///   the new generation, so workers never see a half-written job.
/// - `run` returns only once `finished` equals the number of workers: no worker still
///   holds the job's closure, which therefore never outlives the call.
final class WorkerTeam: @unchecked Sendable {
    /// The team of this process: one worker for each core the process may use beyond the
    /// caller's; nil on a single core, where there is nothing to share.
    static let shared: WorkerTeam? = {
        let cores = usableCores()
        return cores > 1 ? WorkerTeam(workerCount: cores - 1) : nil
    }()

    /// About 100 µs of checking before a worker sleeps, or a waiting caller yields its core.
    private static let spinLimit = 1 << 16

    private struct Job {
        var count: Int
        var body: (Int) -> Void
    }

    /// One worker's way to sleep: `asleep` is set before it waits on `wake`, and whoever
    /// clears it signals `wake`.
    private final class Sleeper: Sendable {
        let asleep = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private var job: Job?
    private let sleepers: [Sleeper]

    /// Fails when a thread cannot be started (the process is at its thread limit).
    private init?(workerCount: Int) {
        sleepers = (0..<workerCount).map { _ in Sleeper() }
        for sleeper in sleepers {
            // A worker that did start never gets a job from a team that failed: it sleeps.
            guard startThread({ [unowned self] in self.serve(sleeper) }) else { return nil }
        }
    }

    /// Calls `body` on each index of `0..<count` once, on this thread and the workers, and
    /// returns true when done; returns false at once, having called nothing, when the team
    /// is busy with another caller's job (or one of its own workers calls).
    func run(_ count: Int, _ body: @escaping (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        job = Job(count: count, body: body)
        nextIndex.store(0, ordering: .relaxed)
        finished.store(0, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
        for sleeper in sleepers where sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
            sleeper.wake.signal()
        }
        takeIndices(of: job!)
        var spins = 0
        while finished.load(ordering: .acquiring) < sleepers.count {
            spins += 1
            if spins > Self.spinLimit { sched_yield() }  // a worker was descheduled: let it run
        }
        job = nil
        busy.store(false, ordering: .releasing)
        return true
    }

    private func takeIndices(of job: Job) {
        while true {
            let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < job.count else { return }
            job.body(index)
        }
    }

    private func serve(_ sleeper: Sleeper) -> Never {
        var seen = 0
        while true {
            seen = waitForJob(after: seen, sleeper)
            takeIndices(of: job!)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Returns the generation of the next job after `seen`, spinning, then sleeping.
    ///
    /// Sleeping is a handshake on `asleep`, all sequentially consistent: the worker sets it,
    /// then looks at `generation` once more; `run` bumps `generation`, then clears `asleep`
    /// and signals if it was set. Either the worker sees the new job, or `run` sees it asleep.
    private func waitForJob(after seen: Int, _ sleeper: Sleeper) -> Int {
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            if spins < Self.spinLimit { continue }
            sleeper.asleep.store(true, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) != seen {
                // A job came meanwhile. If `run` already cleared `asleep`, it also signalled:
                // take that signal now so it does not wake a later sleep.
                if !sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) { sleeper.wake.wait() }
            } else {
                sleeper.wake.wait()
            }
            spins = 0
        }
    }

    /// The number of cores this process may run on: its affinity mask on Linux (the
    /// `Cpus_allowed` line of /proc/self/status, so that `taskset` is obeyed), else the
    /// number of cores online.
    private static func usableCores() -> Int {
        let online = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        guard let status = fopen("/proc/self/status", "r") else { return online }
        defer { fclose(status) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, status) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("Cpus_allowed:") else { continue }
            let allowed = text.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
                count + (digit.hexDigitValue?.nonzeroBitCount ?? 0)
            }
            return allowed > 0 ? min(allowed, online) : online
        }
        return online
    }
}

/// Starts a detached thread that runs `body`; false if none could be started.
private func startThread(_ body: @escaping () -> Void) -> Bool {
    final class Start { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
    let start = Unmanaged.passRetained(Start(body)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { argument in
        Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, start)
    guard created == 0 else {
        Unmanaged<AnyObject>.fromOpaque(start).release()
        return false
    }
    pthread_detach(thread)
    return true
}
