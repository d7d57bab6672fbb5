import CGather
import Foundation
import Testing
import LRData
@testable import LRNumerics

/// The K-class kernels (`lrgrade_class_dots_*`, `lrgrade_class_pair_dots_*`) against plain
/// sums, and their two builds against each other.
@Suite("K-class kernels")
struct ClassKernelTests {
    /// A random sparse matrix: `count` ranges of up to 40 entries over `columns` columns,
    /// `width` values an entry (a value may be 0 when `width` is 2, as in a pair of columns).
    private func sparse(count: Int, columns: Int, width: Int, seed: UInt64) -> (indices: [UInt16], values: [UInt8], starts: [Int]) {
        let random = Samples.uniform(seed: seed, count: count * 121)
        var indices: [UInt16] = [], values: [UInt8] = [], starts = [0]
        for i in 0..<count {
            let length = Int(random[i * 121] * 41)
            for k in 0..<length {
                indices.append(UInt16(Int(random[i * 121 + 1 + 3 * k] * Double(columns))))
                for h in 0..<width {
                    let r = random[i * 121 + 2 + 3 * k + h]
                    values.append(width == 1 ? UInt8(1 + Int(r * 255)) : UInt8(Int(r * 256)))
                }
            }
            starts.append(indices.count)
        }
        return (indices, values, starts)
    }

    /// The row kernel's blocked scores and the plain loop's.
    private func rows(_ kernel: RowKernel, stride: Int, seed: UInt64) -> (out: [Double], plain: [Double]) {
        let count = 37, columns = 50
        let (indices, values, starts) = sparse(count: count, columns: columns, width: 1, seed: seed)
        let x = Samples.uniform(seed: seed + 1, count: columns * stride).map { ($0 - 0.5) * 4 }
        let destinations = (0..<count).reversed().map { $0 }
        var out = [Double](repeating: 0, count: (count + 7) / 8 * 8 * stride)
        kernel.function(indices, values, starts, count, x, stride, destinations, &out)
        var plain = [Double](repeating: 0, count: out.count)
        for i in 0..<count {
            for c in 0..<stride {
                var sum = 0.0
                for k in starts[i]..<starts[i + 1] { sum += Double(values[k]) * x[Int(indices[k]) * stride + c] }
                let d = destinations[i]
                plain[d / 8 * 8 * stride + c * 8 + d % 8] = sum
            }
        }
        return (out, plain)
    }

    /// The pair kernel's sums added to random starting values, and the plain loop's.
    private func pairs(_ kernel: RowKernel, stride: Int, seed: UInt64) -> (out: [Double], plain: [Double]) {
        let count = 23, rowCount = 60
        let (indices, values, starts) = sparse(count: count, columns: rowCount, width: 2, seed: seed)
        let x = Samples.uniform(seed: seed + 1, count: rowCount * stride).map { ($0 - 0.5) * 4 }
        let destinations = (0..<count).map { ($0 * 7) % count }
        let initial = Samples.uniform(seed: seed + 2, count: 2 * count * stride)
        var out = initial
        kernel.function(indices, values, starts, count, x, stride, destinations, &out)
        var plain = initial
        for i in 0..<count {
            for h in 0..<2 {
                for c in 0..<stride {
                    var sum = 0.0
                    for k in starts[i]..<starts[i + 1] { sum += Double(values[2 * k + h]) * x[Int(indices[k]) * stride + c] }
                    plain[(2 * destinations[i] + h) * stride + c] += sum
                }
            }
        }
        return (out, plain)
    }

    struct RowKernel: CustomStringConvertible {
        var description: String
        var function: @convention(c) (UnsafePointer<UInt16>?, UnsafePointer<UInt8>?, UnsafePointer<Int>?, Int, UnsafePointer<Double>?, Int,
                                      UnsafePointer<Int>?, UnsafeMutablePointer<Double>?) -> Void
        static let portable = RowKernel(description: "portable", function: lrgrade_class_dots_portable)
        static let avx2 = RowKernel(description: "AVX2", function: lrgrade_class_dots_avx2)
        static let pairPortable = RowKernel(description: "pairs, portable", function: lrgrade_class_pair_dots_portable)
        static let pairAVX2 = RowKernel(description: "pairs, AVX2", function: lrgrade_class_pair_dots_avx2)
    }

    static let strides = [4, 8, 12, 16, 20, 24]

    @Test("row sums equal the plain loop's, stored blocked", arguments: strides)
    func plainRowSums(stride: Int) {
        let (out, plain) = rows(.portable, stride: stride, seed: UInt64(stride))
        for (a, b) in zip(out, plain) { #expect(close(a, b, 1e-13), "\(a) vs \(b)") }
    }

    @Test("pair sums equal the plain loop's, both columns, added (one chain and two)", arguments: strides)
    func plainPairSums(stride: Int) {
        let (out, plain) = pairs(.pairPortable, stride: stride, seed: 20 + UInt64(stride))
        for (a, b) in zip(out, plain) { #expect(close(a, b, 1e-13), "\(a) vs \(b)") }
    }

    @Test("the AVX2 builds give the portable builds' bits", .enabled(if: lrgrade_has_avx2() != 0, "this processor has no AVX2 to compare"),
          arguments: strides)
    func sameBits(stride: Int) throws {
        let seed = 40 + UInt64(stride)
        #expect(rows(.portable, stride: stride, seed: seed).out.map(\.bitPattern) == rows(.avx2, stride: stride, seed: seed).out.map(\.bitPattern))
        #expect(pairs(.pairPortable, stride: stride, seed: seed).out.map(\.bitPattern) == pairs(.pairAVX2, stride: stride, seed: seed).out.map(\.bitPattern))
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
