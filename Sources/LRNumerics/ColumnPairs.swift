import CGather
import LRData

/// A training design's nonzero pixels by pairs of neighbouring columns (2c, 2c + 1) within
/// each piece of rows, for Xᵀ(P − Y) with K classes (`lrgrade_class_pair_dots_*`).
///
/// An entry is a row where either pixel of the pair is nonzero, with both values: the row's
/// K residuals are then loaded once for both columns. Neighbouring pixels of a stroke are
/// mostly nonzero together, so the MNIST training images have about 0.58 entries per nonzero:
/// 42 % fewer loads for 17 % more multiply-adds (by a zero value), which measured about a
/// fifth less time for the product than one column at a time.
///
/// Invariants, established by `init` and never changed:
/// - Piece p's 392 pairs are stored in slots, in increasing order of their number of entries
///   (as `SparsePixels` stores columns: the loop over one mostly runs as many steps as the
///   one before). Slot t holds pair `pairInSlot[p*392 + t]` (a permutation of 0..<392 per
///   piece), its entries `starts[p*393 + t] ..< starts[p*393 + t + 1]`; `starts` is
///   nondecreasing over all pieces.
/// - Entry k is row `rows[k]` of its piece (row − piece start), ascending within a slot;
///   `values[2k]` is column 2c's value there, `values[2k + 1]` column 2c + 1's, not both 0.
struct ColumnPairs: Sendable {
    static let pairCount = SparsePixels.pixelCount / 2

    let starts: [Int]
    let pairInSlot: [Int]
    /// The number of rows of each piece, which the residuals passed must have.
    let pieceRows: [Int]
    let rows: [UInt16]
    let values: [UInt8]

    /// The pairs of `pixels`' column-sorted copy, each piece's merged in parallel.
    init(_ pixels: SparsePixels) {
        precondition(pixels.hasColumns, "the pairs are merged from the column-sorted copy")
        let pieceCount = pixels.pieces.count, pairs = Self.pairCount
        // Two passes: count each pair's entries, then write them at offsets known from the counts.
        let counts = Parallel.map(pieceCount) { p in
            let columns = Self.columnRanges(pixels, piece: p)
            return (0..<pairs).map { c in
                var count = 0
                Self.merge(pixels, columns[2 * c], columns[2 * c + 1]) { _, _, _ in count += 1 }
                return count
            }
        }
        var starts = [Int](repeating: 0, count: pieceCount * (pairs + 1))
        var pairInSlot = [Int](repeating: 0, count: pieceCount * pairs)
        var offset = 0
        for p in 0..<pieceCount {
            for (slot, pair) in SparsePixels.orderByCount(pairs, key: { counts[p][$0] }).enumerated() {
                pairInSlot[p * pairs + slot] = pair
                starts[p * (pairs + 1) + slot] = offset
                offset += counts[p][pair]
            }
            starts[p * (pairs + 1) + pairs] = offset
        }
        var values: [UInt8] = []
        let rows = [UInt16](unsafeUninitializedCapacity: offset) { rowBuffer, rowCount in
            values = [UInt8](unsafeUninitializedCapacity: 2 * offset) { valueBuffer, valueCount in
                nonisolated(unsafe) let rowsOut = rowBuffer.baseAddress!, valuesOut = valueBuffer.baseAddress!
                _ = Parallel.map(pieceCount) { [starts, pairInSlot] p in
                    let columns = Self.columnRanges(pixels, piece: p)
                    for slot in 0..<pairs {
                        var k = starts[p * (pairs + 1) + slot]
                        let c = pairInSlot[p * pairs + slot]
                        Self.merge(pixels, columns[2 * c], columns[2 * c + 1]) { row, first, second in
                            rowsOut[k] = row
                            valuesOut[2 * k] = first
                            valuesOut[2 * k + 1] = second
                            k += 1
                        }
                    }
                }
                valueCount = 2 * offset
            }
            rowCount = offset
        }
        self.starts = starts
        self.pairInSlot = pairInSlot
        self.pieceRows = pixels.pieces.map(\.count)
        self.rows = rows
        self.values = values
    }

    /// Where each column's nonzeros of piece `piece` are in `pixels`' column-sorted copy.
    private static func columnRanges(_ pixels: SparsePixels, piece p: Int) -> [Range<Int>] {
        let size = SparsePixels.pixelCount, base = p * (size + 1)
        var ranges = [Range<Int>](repeating: 0..<0, count: size)
        for slot in 0..<size { ranges[pixels.columnInSlot[p * size + slot]] = pixels.columnStart[base + slot]..<pixels.columnStart[base + slot + 1] }
        return ranges
    }

    /// Calls `body(row, value in the first column, value in the second)` for each row where
    /// either is nonzero, rows ascending: a merge of two columns' ascending rows, given as
    /// ranges of `pixels`' column-sorted copy.
    @inline(__always)
    private static func merge(_ pixels: SparsePixels, _ first: Range<Int>, _ second: Range<Int>, _ body: (UInt16, UInt8, UInt8) -> Void) {
        var a = first.lowerBound, b = second.lowerBound
        let aEnd = first.upperBound, bEnd = second.upperBound
        while a < aEnd || b < bEnd {
            let rowA = a < aEnd ? pixels.rowsByColumn[a] : .max, rowB = b < bEnd ? pixels.rowsByColumn[b] : .max
            if rowA == rowB {
                body(rowA, pixels.valuesByColumn[a], pixels.valuesByColumn[b])
                a += 1
                b += 1
            } else if rowA < rowB {
                body(rowA, pixels.valuesByColumn[a], 0)
                a += 1
            } else {
                body(rowB, 0, pixels.valuesByColumn[b])
                b += 1
            }
        }
    }

    /// Adds to `sums` (784 × stride), for each column j and class c, Σ p · r[(row − piece
    /// start) · stride + c] over piece `piece`'s nonzeros in that column: Xᵀr for K classes at
    /// once, without the standardization. A piece's residuals are few enough to stay in the
    /// first-level cache while the kernel reads them.
    func addClassDots(piece: Int, _ r: [Double], stride: Int, to sums: inout [Double]) {
        precondition(stride % 4 == 0 && stride <= SparsePixels.maximumClassStride, "the kernel takes rows of 4, 8, …, 24 classes")
        precondition(r.count == pieceRows[piece] * stride && sums.count == SparsePixels.pixelCount * stride,
                     "one row of residuals per row of the piece, and one row of sums per pixel")
        let pairs = Self.pairCount
        rows.withUnsafeBufferPointer { rows in
            values.withUnsafeBufferPointer { values in
                starts.withUnsafeBufferPointer { starts in
                    pairInSlot.withUnsafeBufferPointer { destinations in
                        r.withUnsafeBufferPointer { x in
                            sums.withUnsafeMutableBufferPointer { out in
                                let kernel = SparsePixels.wideClassDots ? lrgrade_class_pair_dots_avx2 : lrgrade_class_pair_dots_portable
                                kernel(rows.baseAddress!, values.baseAddress!, starts.baseAddress! + piece * (pairs + 1), pairs, x.baseAddress!, stride,
                                       destinations.baseAddress! + piece * pairs, out.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
