import Foundation
import Synchronization
import Testing
@testable import LRGrading

/// Shared results: each value is computed once, however many threads ask for it at once.
@Suite("Shared results")
struct SharedResultsTests {
    @Test("callers that ask while a value is being computed wait for it instead of computing it again")
    func computesOnce() {
        let shared = SharedResults<Int, [Int]>()
        let computations = Mutex(0)
        let values = Mutex<[[Int]]>([])
        // Eight threads for two keys; each computation lasts long enough for the others to arrive.
        let done = DispatchGroup()
        for index in 0..<8 {
            done.enter()
            Thread.detachNewThread {
                let key = index % 2
                let value = shared.value(for: key) {
                    computations.withLock { $0 += 1 }
                    usleep(200_000)
                    return [key, key * 10]
                }
                values.withLock { $0.append(value) }
                done.leave()
            }
        }
        done.wait()
        #expect(computations.withLock { $0 } == 2)
        #expect(values.withLock { $0.sorted { $0[0] < $1[0] } } == Array(repeating: [0, 0], count: 4) + Array(repeating: [1, 10], count: 4))
        #expect(shared.knownKeys.sorted() == [0, 1])
    }

    @Test("a stored value is taken only for a key not yet known")
    func stores() {
        let shared = SharedResults<String, Int>()
        #expect(shared.store(1, for: "a"))
        #expect(!shared.store(2, for: "a"))
        #expect(shared.value(for: "a") { 3 } == 1)
        #expect(shared.value(for: "b") { 4 } == 4 && shared.knownKeys.sorted() == ["a", "b"])
    }
}
