import Foundation
import Synchronization
import Testing
@testable import LRData

/// Fork-join on the worker team: every index runs exactly once and results keep their
/// order, whether the workers are spinning, asleep, or busy with someone else's job.
@Suite("Parallel and the worker team")
struct ParallelTests {
    @Test("each index runs once and the results come back in index order", arguments: [0, 1, 2, 3, 17, 1000])
    func indicesOnce(count: Int) {
        let calls = Mutex([Int](repeating: 0, count: count))
        let squares = Parallel.map(count) { index in
            calls.withLock { $0[index] += 1 }
            return index * index
        }
        #expect(squares == (0..<count).map { $0 * $0 })
        #expect(calls.withLock { $0 }.allSatisfy { $0 == 1 })
    }

    @Test("ten thousand short jobs in a row all complete, as gradient descent's epochs do")
    func shortJobs() {
        var total = 0
        for job in 0..<10_000 { total += Parallel.map(4) { $0 + job }.reduce(0, +) }
        #expect(total == (0..<10_000).reduce(0) { $0 + 4 * $1 + 6 })
    }

    @Test("a worker that went to sleep between jobs wakes for the next and shares it",
          .enabled(if: WorkerTeam.shared != nil, "needs two cores"))
    func wakesSleepingWorkers() {
        let team = WorkerTeam.shared!
        for _ in 0..<5 {
            usleep(20_000)  // far beyond the spin: the workers are asleep
            let threads = Mutex(Set<pthread_t>())
            runOnTeam(team, 8) { _ in
                usleep(2_000)
                threads.withLock { _ = $0.insert(pthread_self()) }
            }
            #expect(threads.withLock { $0.count } > 1)
        }
    }

    @Test("while the team is busy, other callers and jobs started inside a job still get every result")
    func concurrentAndNestedCallers() {
        let results = Mutex<[[Int]]>([])
        let done = DispatchGroup()
        for caller in 0..<4 {
            done.enter()
            Thread.detachNewThread {
                let sums = Parallel.map(100) { index in Parallel.map(3) { index * 3 + $0 + caller }.reduce(0, +) }
                results.withLock { $0.append(sums) }
                done.leave()
            }
        }
        done.wait()
        let expected = (0..<4).map { caller in (0..<100).map { 9 * $0 + 3 + 3 * caller } }
        #expect(Set(results.withLock { $0 }) == Set(expected))
    }

    @Test("the team refuses a second job while it runs one", .enabled(if: WorkerTeam.shared != nil, "needs two cores"))
    func refusesWhileBusy() {
        let team = WorkerTeam.shared!
        let inner = Mutex<[Bool]>([])
        runOnTeam(team, 2) { _ in
            let accepted = team.run(1) { _ in }
            inner.withLock { $0.append(accepted) }
        }
        #expect(inner.withLock { $0 } == [false, false])
    }

    /// Runs a job on the team itself, waiting while other tests' jobs hold it.
    private func runOnTeam(_ team: WorkerTeam, _ count: Int, _ body: @escaping (Int) -> Void) {
        while !team.run(count, body) { usleep(1_000) }
    }
}
