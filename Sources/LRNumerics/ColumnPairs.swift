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

    /// The pairs of `pixels`' rows, each piece's in parallel.
    init(_ pixels: SparsePixels) {
        let pieceCount = pixels.pieces.count, pairs = Self.pairCount
        // Two passes over the rows: count each pair's entries, then write them at offsets
        // known from the counts (a counting sort by pair, rows in order).
        let counts = Parallel.map(pieceCount) { p in
            [Int](unsafeUninitializedCapacity: pairs) { counts, initialized in
                counts.initialize(repeating: 0)
                Self.forEachEntry(of: pixels, piece: p) { _, pair, _, _ in counts[pair] &+= 1 }
                initialized = pairs
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
                    // next[pair]: where the pair's next entry goes.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: pairs) { next in
                        for slot in 0..<pairs { next[pairInSlot[p * pairs + slot]] = starts[p * (pairs + 1) + slot] }
                        Self.forEachEntry(of: pixels, piece: p) { row, pair, first, second in
                            let k = next[pair]
                            next[pair] = k &+ 1
                            rowsOut[k] = row
                            valuesOut[2 &* k] = first
                            valuesOut[2 &* k &+ 1] = second
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

    /// Calls `body(row − piece start, pair, value in column 2·pair, value in column 2·pair +
    /// 1)` for each row of piece `piece`, in row order, and each pair where the row is nonzero.
    @inline(__always)
    private static func forEachEntry(of pixels: SparsePixels, piece p: Int, _ body: (UInt16, Int, UInt8, UInt8) -> Void) {
        let piece = pixels.pieces[p]
        // The rows are stored by their number of nonzeros: find each one's slot.
        var slotOfRow = [Int](repeating: 0, count: piece.count)
        for slot in piece { slotOfRow[pixels.rowInPiece[slot]] = slot }
        pixels.columns.withUnsafeBufferPointer { columns in
            pixels.values.withUnsafeBufferPointer { values in
                pixels.rowStart.withUnsafeBufferPointer { rowStart in
                    for local in 0..<piece.count {
                        let slot = slotOfRow[local], row = UInt16(truncatingIfNeeded: local), end = rowStart[slot + 1]
                        var k = rowStart[slot]
                        // A row's columns ascend, so a pair's two nonzeros are neighbours.
                        while k < end {
                            let column = Int(columns[k])
                            if column & 1 == 1 {
                                body(row, column >> 1, 0, values[k])
                                k += 1
                            } else if k + 1 < end && Int(columns[k + 1]) == column + 1 {
                                body(row, column >> 1, values[k], values[k + 1])
                                k += 2
                            } else {
                                body(row, column >> 1, values[k], 0)
                                k += 1
                            }
                        }
                    }
                }
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
