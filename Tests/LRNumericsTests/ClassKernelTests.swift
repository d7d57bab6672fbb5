import CGather
import Foundation
import Testing
import LRData
@testable import LRNumerics

/// The K-class kernel (`lrgrade_class_dots_*`) against plain sums, and its two builds
/// against each other.
@Suite("K-class kernel")
struct ClassKernelTests {
    /// A random sparse matrix: `count` ranges of up to 40 entries over `columns` columns.
    private func sparse(count: Int, columns: Int, seed: UInt64) -> (indices: [UInt16], values: [UInt8], starts: [Int]) {
        let random = Samples.uniform(seed: seed, count: count * 81)
        var indices: [UInt16] = [], values: [UInt8] = [], starts = [0]
        for i in 0..<count {
            let length = Int(random[i * 81] * 41)
            for k in 0..<length {
                indices.append(UInt16(Int(random[i * 81 + 1 + 2 * k] * Double(columns))))
                values.append(UInt8(1 + Int(random[i * 81 + 2 + 2 * k] * 255)))
            }
            starts.append(indices.count)
        }
        return (indices, values, starts)
    }

    private func run(_ kernel: ClassKernel, stride: Int, adding: Bool, seed: UInt64) -> (out: [Double], plain: [Double]) {
        let count = 37, columns = 50
        let (indices, values, starts) = sparse(count: count, columns: columns, seed: seed)
        let x = Samples.uniform(seed: seed + 1, count: columns * stride).map { ($0 - 0.5) * 4 }
        let destinations = (0..<count).reversed().map { $0 }
        let initial = Samples.uniform(seed: seed + 2, count: count * stride)
        var out = adding ? initial : [Double](repeating: 0, count: (count + 7) / 8 * 8 * stride)
        kernel.function(indices, values, starts, count, x, stride, adding ? 1 : 0, destinations, &out)
        var plain = adding ? initial : [Double](repeating: 0, count: out.count)
        for i in 0..<count {
            for c in 0..<stride {
                var sum = 0.0
                for k in starts[i]..<starts[i + 1] { sum += Double(values[k]) * x[Int(indices[k]) * stride + c] }
                let d = destinations[i]
                if adding { plain[d * stride + c] += sum } else { plain[d / 8 * 8 * stride + c * 8 + d % 8] = sum }
            }
        }
        return (out, plain)
    }

    struct ClassKernel: CustomStringConvertible {
        var description: String
        var function: @convention(c) (UnsafePointer<UInt16>?, UnsafePointer<UInt8>?, UnsafePointer<Int>?, Int, UnsafePointer<Double>?, Int, Int32,
                                      UnsafePointer<Int>?, UnsafeMutablePointer<Double>?) -> Void
        static let portable = ClassKernel(description: "portable", function: lrgrade_class_dots_portable)
        static let avx2 = ClassKernel(description: "AVX2", function: lrgrade_class_dots_avx2)
    }

    @Test("sums equal the plain loop's, stored blocked or added row by row", arguments: [4, 8, 12, 20, 24], [false, true])
    func plainSums(stride: Int, adding: Bool) {
        let (out, plain) = run(.portable, stride: stride, adding: adding, seed: UInt64(stride))
        for (a, b) in zip(out, plain) { #expect(close(a, b, 1e-13), "\(a) vs \(b)") }
    }

    @Test("the AVX2 build gives the portable build's bits", .enabled(if: lrgrade_has_avx2() != 0, "this processor has no AVX2 to compare"),
          arguments: [4, 8, 12, 20, 24], [false, true])
    func sameBits(stride: Int, adding: Bool) throws {
        let portable = run(.portable, stride: stride, adding: adding, seed: 40 + UInt64(stride)).out
        let wide = run(.avx2, stride: stride, adding: adding, seed: 40 + UInt64(stride)).out
        #expect(portable.map(\.bitPattern) == wide.map(\.bitPattern))
    }
}

/// The K-class losses in C (`lrgrade_class_losses_avx512`) against their Swift lanes.
@Suite("K-class losses on AVX-512")
struct ClassLossKernelTests {
    static let losses: [(name: String, loss: any ClassLoss, classes: Int)] = [
        ("softmax", SoftmaxCrossEntropy(), 10), ("multinomial", HalfMultinomialLoss(), 3), ("one-vs-rest", OneVsRestCrossEntropy(), 10),
        ("softmax and one-vs-rest", StackedLoss(SoftmaxCrossEntropy(), OneVsRestCrossEntropy(), split: 10), 20),
        ("one-vs-rest and multinomial", StackedLoss(OneVsRestCrossEntropy(), HalfMultinomialLoss(), split: 5), 12),
    ]

    @Test("the same bits as the Swift lanes, on every row count and extreme scores",
          .enabled(if: lrgrade_has_avx512() != 0, "this processor has no AVX-512 to compare"), arguments: losses.indices)
    func sameBits(_ index: Int) {
        let (name, loss, classes) = Self.losses[index]
        let stride = SparsePixels.classStride(classes)
        for rows in [1, 7, 8, 13, 64] {
            let random = Samples.uniform(seed: UInt64(rows * 31 + index), count: (rows + 7) / 8 * 8 * stride)
            // Scores of every size, some far past exp's shortcut (±800) and σ's saturation.
            var scores = random.enumerated().map { i, u in i % 17 == 0 ? (u - 0.5) * 1_600 : (u - 0.5) * 30 }
            let labels = (0..<rows).map { UInt8($0 * 7 % (classes > 12 ? classes / 2 : classes)) }
            var swift = scores
            let expected = swift.withUnsafeMutableBufferPointer { scores in
                labels.withUnsafeBufferPointer { loss.laneSums(overwritingScoresWithResiduals: scores, stride: stride, classes: classes, labels: $0) }
            }
            let wide = scores.withUnsafeMutableBufferPointer { scores in
                labels.withUnsafeBufferPointer { loss.sums(overwritingScoresWithResiduals: scores, stride: stride, classes: classes, labels: $0) }
            }
            #expect(wide.losses.map(\.bitPattern) == expected.losses.map(\.bitPattern), "\(name), \(rows) rows: losses")
            #expect(wide.residuals.map(\.bitPattern) == expected.residuals.map(\.bitPattern), "\(name), \(rows) rows: residual sums")
            #expect(scores.map(\.bitPattern) == swift.map(\.bitPattern), "\(name), \(rows) rows: residuals")
        }
    }
}
