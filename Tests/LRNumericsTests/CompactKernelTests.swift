import CGather
import Testing
@testable import LRNumerics

/// Compacting an image to its nonzero pixels: the portable kernels against a plain loop,
/// and their AVX-512 twins against them.
@Suite("Compact kernels")
struct CompactKernelTests {
    /// Images that reach every edge: empty, full, one pixel at each vector boundary, the
    /// last 16 pixels only, and every MNIST training image.
    static let images: [[UInt8]] = {
        var images: [[UInt8]] = [[UInt8](repeating: 0, count: 784), [UInt8](repeating: 255, count: 784)]
        for column in [0, 1, 15, 16, 31, 32, 63, 64, 767, 768, 783] {
            var image = [UInt8](repeating: 0, count: 784)
            image[column] = UInt8(1 + column % 255)
            images.append(image)
        }
        images.append((0..<784).map { $0 >= 768 ? UInt8($0 % 7) : 0 })
        let train = Samples.bundled.train
        return images + (0..<train.count).map { Array(train.image($0)) }
    }()

    private func plain(_ image: [UInt8]) -> (columns: [UInt16], values: [UInt8]) {
        let columns = image.indices.filter { image[$0] != 0 }
        return (columns.map { UInt16($0) }, columns.map { image[$0] })
    }

    private func compacted(_ image: [UInt8], wide: Bool) -> (count: Int, columns: [UInt16], values: [UInt8]) {
        var columns = [UInt16](repeating: 0, count: SparsePixels.compactCapacity)
        var values = [UInt8](repeating: 0, count: SparsePixels.compactCapacity)
        let (count, nonzeros) = image.withUnsafeBufferPointer { pixels in
            (SparsePixels.nonzeroCount(of: pixels.baseAddress!, wide: wide),
             SparsePixels.compactNonzeros(of: pixels.baseAddress!, &columns, &values, wide: wide))
        }
        #expect(count == nonzeros)
        return (count, Array(columns[..<nonzeros]), Array(values[..<nonzeros]))
    }

    @Test("the portable kernels find each nonzero pixel, in column order")
    func portable() {
        for image in Self.images {
            let expected = plain(image), found = compacted(image, wide: false)
            #expect(found.count == expected.columns.count && found.columns == expected.columns && found.values == expected.values)
        }
    }

    @Test("the AVX-512 kernels give the portable kernels' output", .enabled(if: SparsePixels.wideCompress, "this processor has no AVX-512 VBMI2"))
    func wide() {
        var mismatches = 0
        for image in Self.images {
            let portable = compacted(image, wide: false), wide = compacted(image, wide: true)
            if portable.count != wide.count || portable.columns != wide.columns || portable.values != wide.values { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(Self.images.count) images compact differently")
    }
}
