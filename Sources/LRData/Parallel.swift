import Dispatch

/// Fork-join over a fixed number of independent pieces of work, on all cores: on the
/// `WorkerTeam` when it is free, else (a second caller at the same time, or a job started
/// inside a job) on Dispatch.
///
/// Results come back in index order, so a reduction over them is deterministic whatever the
/// number of cores or the scheduling.
package enum Parallel {
    package static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let results = buffer.baseAddress!
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                let job: @Sendable (Int) -> Void = { index in (results + index).initialize(to: body(index)) }
                if count > 1, let team = WorkerTeam.shared, team.run(count, job) { return }
                DispatchQueue.concurrentPerform(iterations: count, execute: job)
            }
            initialized = count
        }
    }
}
