import CGather
import Foundation
import Testing
@testable import LRNumerics

/// The two gather kernels: `gatherDot` (portable) and its AVX-512 twin, which must give the
/// same bits, so that results do not depend on the processor.
@Suite("Gather kernels")
struct GatherKernelTests {
    /// Random nonzeros of MNIST's shape: pixel values 1…255, indices below 784, and values
    /// of x spread over six orders of magnitude with both signs, so that rounding differs
    /// with the order of the sums.
    static func sample(count: Int, seed: UInt64) -> (indices: [UInt16], values: [UInt8], x: [Double]) {
        let draws = Samples.uniform(seed: seed, count: 2 * count + 2 * 784)
        let indices = draws[0..<count].map { UInt16($0 * 784) }
        let values = draws[count..<(2 * count)].map { UInt8(1 + $0 * 255) }
        let x = (0..<784).map { j in (draws[2 * count + j] - 0.5) * pow(10, (draws[2 * count + 784 + j] * 7).rounded(.down) - 3) }
        return (indices, values, x)
    }

    @Test("the portable kernel sums what a plain loop sums, to rounding")
    func portable() {
        for count in [0, 1, 7, 8, 9, 150, 401] {
            let (indices, values, x) = Self.sample(count: count, seed: UInt64(count))
            let plain = zip(indices, values).reduce(0.0) { $0 + Double($1.1) * x[Int($1.0)] }
            let scale = zip(indices, values).reduce(0.0) { $0 + abs(Double($1.1) * x[Int($1.0)]) }
            let fast = gatherDot(indices, values, 0..<count, x)
            #expect(abs(fast - plain) <= 1e-14 * scale, "\(count) nonzeros: \(fast) vs \(plain)")
        }
    }

    @Test("the AVX-512 kernel gives the portable kernel's bits", .enabled(if: SparsePixels.wideGather, "this processor has no AVX-512"))
    func wide() {
        let (indices, values, x) = Self.sample(count: 1_000, seed: 42)
        /// The kernel's sums over the ranges between `starts`, each written to its place in
        /// reverse order, and put back in order.
        func wide(_ starts: [Int]) -> [Double] {
            let count = starts.count - 1, destinations = Array((0..<count).reversed())
            var out = [Double](repeating: .nan, count: count)
            lrgrade_gather_dots_avx512(indices, values, starts, count, x, destinations, &out)
            return out.reversed()
        }
        // One range: every length up to 70 from a few offsets, and the whole sample.
        for start in [0, 1, 5, 8] {
            for end in start...min(start + 70, indices.count) {
                let portable = gatherDot(indices, values, start..<end, x)
                #expect(portable.bitPattern == wide([start, end])[0].bitPattern, "nonzeros \(start)..<\(end): \(portable)")
            }
        }
        #expect(gatherDot(indices, values, 0..<indices.count, x).bitPattern == wide([0, indices.count])[0].bitPattern)
        // Consecutive ranges of random lengths (some empty), 0 to 20 of them: eight are folded
        // together, the rest one by one.
        let lengths = Samples.uniform(seed: 7, count: 20).map { Int($0 * 40) }
        for count in 0...20 {
            let starts = lengths.prefix(count).reduce(into: [3]) { $0.append($0.last! + $1) }
            let batch = wide(starts)
            for i in 0..<count {
                let portable = gatherDot(indices, values, starts[i]..<starts[i + 1], x)
                #expect(portable.bitPattern == batch[i].bitPattern, "range \(i) of \(count): \(portable) vs \(batch[i])")
            }
        }
    }
}
