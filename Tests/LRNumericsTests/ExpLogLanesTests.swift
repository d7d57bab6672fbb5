import Foundation
import Testing
@testable import LRNumerics

/// The eight-lane e^x and ln x against the C library's (correctly rounded in all but rare
/// cases): never more than one ulp apart, and exactly equal at the special values.
@Suite("exp and log on eight lanes")
struct ExpLogLanesTests {
    @Test("e^x is within one ulp of the C library's", arguments: [
        (-745.5, 710.0), (-40.0, 40.0), (-1.0, 1.0), (-1e-6, 1e-6), (-709.0, -700.0), (700.0, 709.9),
    ])
    func expWithinOneUlp(range: (Double, Double)) {
        let samples = Samples.uniform(seed: 7, count: 80_000).map { range.0 + (range.1 - range.0) * $0 }
        #expect(largestUlpDistance(samples: samples, lanes: exp, scalar: Foundation.exp) <= 1)
    }

    @Test("ln x is within one ulp of the C library's", arguments: [
        (1e-10, 1e-9), (0.5, 2.0), (0.999, 1.001), (1e-300, 1e300), (0x1p-1074, 0x1p-1020),
    ])
    func logWithinOneUlp(range: (Double, Double)) {
        // Spread evenly in the exponent, so that every binade of the range is sampled.
        let (low, high) = (Foundation.log(range.0), Foundation.log(range.1))
        let samples = Samples.uniform(seed: 11, count: 80_000).map { Foundation.exp(low + (high - low) * $0) }
        #expect(largestUlpDistance(samples: samples, lanes: log, scalar: Foundation.log) <= 1)
    }

    @Test("a mask has a lane set exactly when one of its lanes is")
    func anyLaneOfMask() {
        #expect(!anyLane(SIMDMask<SIMD8<Int64>>(repeating: false)))
        for lane in 0..<8 {
            var mask = SIMDMask<SIMD8<Int64>>(repeating: false)
            mask[lane] = true
            #expect(anyLane(mask), "lane \(lane)")
        }
    }

    @Test("special values are what the C library gives")
    func specialValues() {
        let expArguments: [Double] = [0, -0.0, 1e-300, .infinity, -.infinity, .nan, 709.79, -745.2, 1000, -1000]
        let logArguments: [Double] = [1, 0, -0.0, -1, .leastNonzeroMagnitude, .infinity, -.infinity, .nan]
        for (arguments, lanes, scalar) in [(expArguments, exp, Foundation.exp), (logArguments, log, Foundation.log)] as [([Double], (SIMD8<Double>) -> SIMD8<Double>, (Double) -> Double)] {
            for start in stride(from: 0, to: arguments.count, by: 8) {
                var x = SIMD8<Double>(repeating: 1)
                for lane in 0..<min(8, arguments.count - start) { x[lane] = arguments[start + lane] }
                let y = lanes(x)
                for lane in 0..<min(8, arguments.count - start) {
                    let expected = scalar(x[lane])
                    #expect(y[lane].bitPattern == expected.bitPattern || (y[lane].isNaN && expected.isNaN), "at \(x[lane])")
                }
            }
        }
    }

    /// The largest distance, in units in the last place, between the lanes' and the
    /// scalar function's results over `samples`.
    private func largestUlpDistance(samples: [Double], lanes: (SIMD8<Double>) -> SIMD8<Double>, scalar: (Double) -> Double) -> Int64 {
        var worst: Int64 = 0
        for start in stride(from: 0, to: samples.count - 7, by: 8) {
            let x = SIMD8<Double>(samples[start..<start + 8])
            let y = lanes(x)
            for lane in 0..<8 {
                let expected = scalar(x[lane])
                let distance = expected == y[lane] ? 0 : abs(Int64(bitPattern: expected.bitPattern) &- Int64(bitPattern: y[lane].bitPattern))
                worst = max(worst, distance)
            }
        }
        return worst
    }
}
