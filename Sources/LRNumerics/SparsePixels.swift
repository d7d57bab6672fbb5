import CGather
import LRData

/// The nonzero pixels of a set of images, 3 bytes each, stored by rows, for scores X·w,
/// and, for a training set, again within each piece of rows by columns, for gradients Xᵀr
/// (and the standardization's histogram). Both products are
/// then gathers (`gatherDot`), which pipeline; a row-wise scatter into the gradient stalls
/// on store-to-load dependencies and measured four times slower.
///
/// Within a piece, rows (and columns) are stored in order of their number of nonzeros:
/// the loop over one's nonzeros then mostly runs as many steps as the loop before, which
/// the branch predictor gets right, where it missed the end of most loops in image order
/// (X·w took 13 % less time on one core, Xᵀr 5 %). Results go back to their row or column,
/// so nothing else sees the order.
///
/// Invariants, established by `init` and never changed:
/// - `pieces` are consecutive, nonempty, cover `0..<rowCount`, and have at most 65,536 rows.
/// - Rows are stored in *slots* `0..<rowCount`; the slots of piece p are `pieces[p]`, and
///   slot s holds the row `pieces[p].lowerBound + rowInPiece[s]`. `rowStart.count ==
///   rowCount + 1`, nondecreasing from 0 to the number of nonzeros; slot s's nonzeros are
///   `rowStart[s] ..< rowStart[s + 1]` of `columns` (ascending, each < 784) and `values`
///   (each > 0).
/// - Without the column-sorted copy (`hasColumns` false) the four column arrays are empty.
///   With it, piece p's columns are stored in 784 slots: slot t holds column
///   `columnInSlot[p*784 + t]` (a permutation of 0..<784 per piece), its entries
///   `columnStart[p*785 + t] ..< columnStart[p*785 + t + 1]` of `rowsByColumn` (row − piece
///   start, ascending) and `valuesByColumn`; `columnStart[p*785 ..< p*785 + 785]` is
///   nondecreasing.
struct SparsePixels: Sendable {
    static let pixelCount = LabeledImages.pixelCount

    let rowCount: Int
    let rowStart: [Int]
    let rowInPiece: [Int]
    let columns: [UInt16]
    let values: [UInt8]
    let pieces: [Range<Int>]
    let columnStart: [Int]
    let columnInSlot: [Int]
    let rowsByColumn: [UInt16]
    let valuesByColumn: [UInt8]

    /// Whether the column-sorted copy was made.
    var hasColumns: Bool { !columnStart.isEmpty }

    /// - Parameters:
    ///   - pieceCount: how many pieces to cut the rows into (more if a piece would exceed
    ///     65,536 rows); pieces are balanced by their nonzeros plus a per-row cost.
    ///   - byColumn: whether to make the column-sorted copy, which gradients (Xᵀr) and the
    ///     value histogram need; without it the column arrays are empty.
    init(_ images: SelectedImages, pieceCount: Int, byColumn: Bool) {
        let size = Self.pixelCount
        // Two parallel sweeps over the images: count each row's nonzeros, then store them
        // at offsets known from the counts.
        let blocks = (0..<Self.scanBlocks).map { images.count * $0 / Self.scanBlocks..<images.count * ($0 + 1) / Self.scanBlocks }
        let wide = Self.wideCompress
        let counts = images.withImagePointers { image in
            Parallel.map(blocks.count) { b in blocks[b].map { Self.nonzeroCount(of: image($0), wide: wide) } }.flatMap { $0 }
        }
        let pieces = Self.balancedPieces(counts: counts, count: max(pieceCount, (images.count + 65_535) / 65_536))
        // Slots: each piece's rows by their number of nonzeros (ties in row order).
        var rowInPiece = [Int](repeating: 0, count: images.count), slotOfRow = [Int](repeating: 0, count: images.count)
        var rowStart = [Int](repeating: 0, count: images.count + 1)
        for piece in pieces {
            for (offset, local) in Self.orderByCount(piece.count, key: { counts[piece.lowerBound + $0] }).enumerated() {
                let slot = piece.lowerBound + offset, row = piece.lowerBound + local
                rowInPiece[slot] = local
                slotOfRow[row] = slot
                rowStart[slot + 1] = counts[row]
            }
        }
        for slot in 0..<images.count { rowStart[slot + 1] += rowStart[slot] }
        let nonzeros = rowStart[images.count]
        var values: [UInt8] = []
        let columns = [UInt16](unsafeUninitializedCapacity: nonzeros) { columnBuffer, columnCount in
            values = [UInt8](unsafeUninitializedCapacity: nonzeros) { valueBuffer, valueCount in
                nonisolated(unsafe) let columnsOut = columnBuffer.baseAddress!, valuesOut = valueBuffer.baseAddress!
                images.withImagePointers { image in
                    _ = Parallel.map(blocks.count) { b in
                        // Each row is compacted into scratch space, then copied exactly into its slot.
                        var scratchColumns = [UInt16](repeating: 0, count: Self.compactCapacity)
                        var scratchValues = [UInt8](repeating: 0, count: Self.compactCapacity)
                        for row in blocks[b] {
                            let count = Self.compactNonzeros(of: image(row), &scratchColumns, &scratchValues, wide: wide)
                            let start = rowStart[slotOfRow[row]]
                            (columnsOut + start).update(from: scratchColumns, count: count)
                            (valuesOut + start).update(from: scratchValues, count: count)
                        }
                    }
                }
                valueCount = nonzeros
            }
            columnCount = nonzeros
        }

        // A counting sort of each piece's nonzeros by column, the pieces in parallel; each
        // piece fills its own ranges of the shared arrays, which together cover them, so the
        // arrays are never zeroed first (that was a serial pass over fresh memory).
        let stride = size + 1, columnPieces = byColumn ? pieces.count : 0, columnNonzeros = byColumn ? nonzeros : 0
        var columnStart = [Int](repeating: 0, count: columnPieces * stride)
        var columnInSlot = [Int](repeating: 0, count: columnPieces * size)
        var valuesByColumn: [UInt8] = []
        let rowsByColumn = [UInt16](unsafeUninitializedCapacity: columnNonzeros) { rowBuffer, rowCount in
            valuesByColumn = [UInt8](unsafeUninitializedCapacity: columnNonzeros) { valueBuffer, valueCount in
                columnStart.withUnsafeMutableBufferPointer { starts in
                    columnInSlot.withUnsafeMutableBufferPointer { columnInSlot in
                        nonisolated(unsafe) let starts = starts.baseAddress!, columnInSlot = columnInSlot.baseAddress!
                        nonisolated(unsafe) let rowsOut = rowBuffer.baseAddress!, valuesOut = valueBuffer.baseAddress!
                        let (rowStart, slotOfRow, columns, values) = (rowStart, slotOfRow, columns, values)
                        _ = Parallel.map(columnPieces) { p in
                            let piece = pieces[p], first = rowStart[piece.lowerBound], end = rowStart[piece.upperBound]
                            withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { next in
                                columns.withUnsafeBufferPointer { columns in
                                    // next[j]: first the count of column j, then its next free place.
                                    next.initialize(repeating: 0)
                                    for k in first..<end { next[Int(columns[k])] &+= 1 }
                                    let order = Self.orderByCount(size) { next[$0] }
                                    var offset = first
                                    for (slot, column) in order.enumerated() {
                                        columnInSlot[p * size + slot] = column
                                        starts[p * stride + slot] = offset
                                        (next[column], offset) = (offset, offset &+ next[column])
                                    }
                                    starts[p * stride + size] = offset
                                    rowStart.withUnsafeBufferPointer { rowStart in
                                        slotOfRow.withUnsafeBufferPointer { slotOfRow in
                                            values.withUnsafeBufferPointer { values in
                                                Self.scatterByColumn(piece, rowStart.baseAddress!, slotOfRow.baseAddress!, columns.baseAddress!,
                                                                     values.baseAddress!, next: next.baseAddress!, rowsOut, valuesOut)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                valueCount = columnNonzeros
            }
            rowCount = columnNonzeros
        }
        self.rowCount = images.count
        self.rowStart = rowStart
        self.rowInPiece = rowInPiece
        self.columns = columns
        self.values = values
        self.pieces = pieces
        self.columnStart = columnStart
        self.columnInSlot = columnInSlot
        self.rowsByColumn = rowsByColumn
        self.valuesByColumn = valuesByColumn
    }

    /// The numbers 0..<count in increasing order of `key` (a count: small, not negative),
    /// ties in increasing order: a counting sort.
    private static func orderByCount(_ count: Int, key: (Int) -> Int) -> [Int] {
        let keys = (0..<count).map(key)
        var next = [Int](repeating: 0, count: (keys.max() ?? 0) + 2)  // first the number below each key, then its next place
        for k in keys { next[k + 1] += 1 }
        for k in next.indices.dropFirst() { next[k] += next[k - 1] }
        var order = [Int](repeating: 0, count: count)
        for (index, k) in keys.enumerated() {
            order[next[k]] = index
            next[k] += 1
        }
        return order
    }

    /// Writes each nonzero of the rows of `piece` at `next[its column]` of `rowsOut` (its row
    /// less the piece's first) and of `valuesOut`, advancing that place: the scatter of a
    /// counting sort, rows in order, so each column's rows come out ascending. Unchecked:
    /// `next` holds, per column, a place with room for all of that column's nonzeros.
    @inline(__always)
    private static func scatterByColumn(
        _ piece: Range<Int>, _ rowStart: UnsafePointer<Int>, _ slotOfRow: UnsafePointer<Int>, _ columns: UnsafePointer<UInt16>,
        _ values: UnsafePointer<UInt8>, next: UnsafeMutablePointer<Int>, _ rowsOut: UnsafeMutablePointer<UInt16>, _ valuesOut: UnsafeMutablePointer<UInt8>
    ) {
        for row in piece {
            let local = UInt16(truncatingIfNeeded: row &- piece.lowerBound), slot = slotOfRow[row]
            for k in rowStart[slot]..<rowStart[slot &+ 1] {
                let j = Int(columns[k]), place = next[j]
                rowsOut[place] = local
                valuesOut[place] = values[k]
                next[j] = place &+ 1
            }
        }
    }

    /// Row blocks of the scan: enough for both cores, few enough to be cheap.
    private static let scanBlocks = 8

    /// Whether images are compacted with AVX-512's compress instructions
    /// (`lrgrade_compact_nonzeros_avx512`, the same output as `compactNonzeros` in about a
    /// fifth of the time) rather than by `compactNonzeros`: decided once, from the processor.
    static let wideCompress = lrgrade_has_avx512_compress() != 0

    /// The places `compactNonzeros` may write, whichever kernel runs.
    static let compactCapacity = Int(LRGRADE_COMPACT_CAPACITY)

    /// `nonzeroCount(of:)` or its AVX-512 twin.
    @inline(__always)
    static func nonzeroCount(of image: UnsafePointer<UInt8>, wide: Bool) -> Int {
        wide ? lrgrade_nonzero_count_avx512(image) : nonzeroCount(of: image)
    }

    /// `compactNonzeros(of:_:_:)` or its AVX-512 twin; both write at most `compactCapacity` places.
    @inline(__always)
    static func compactNonzeros(of image: UnsafePointer<UInt8>, _ columns: inout [UInt16], _ values: inout [UInt8], wide: Bool) -> Int {
        guard wide else { return compactNonzeros(of: image, &columns, &values) }
        return columns.withUnsafeMutableBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in lrgrade_compact_nonzeros_avx512(image, columns.baseAddress!, values.baseAddress!) }
        }
    }

    /// The number of nonzero pixels of one image, eight at a time: a byte is nonzero when
    /// any of its bits is, which three shift-ors move into its lowest bit.
    static func nonzeroCount(of image: UnsafePointer<UInt8>) -> Int {
        let raw = UnsafeRawPointer(image)
        var count = 0
        for word in 0..<(pixelCount / 8) {
            var w = raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
            w |= w >> 4
            w |= w >> 2
            w |= w >> 1
            count &+= (w & 0x0101_0101_0101_0101).nonzeroBitCount
        }
        return count
    }

    /// Writes the (column, value) of the nonzero pixels of one image to the front of
    /// `columns` and `values` (785 places each) and returns how many there are. All-zero
    /// 16-pixel blocks (most of an MNIST image) are skipped with one test; inside the others
    /// every pixel is written and the position advances only past nonzeros, which avoids a
    /// branch per pixel that the processor cannot predict (so one write may land just past
    /// the last nonzero: hence the 785th place).
    static func compactNonzeros(of image: UnsafePointer<UInt8>, _ columns: inout [UInt16], _ values: inout [UInt8]) -> Int {
        columns.withUnsafeMutableBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in
                var k = 0
                var block = 0
                while block < pixelCount {
                    let raw = UnsafeRawPointer(image + block)
                    if raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) != 0 {
                        for column in block..<(block + 16) {
                            let value = image[column]
                            columns[k] = UInt16(truncatingIfNeeded: column)
                            values[k] = value
                            k &+= value == 0 ? 0 : 1
                        }
                    }
                    block += 16
                }
                return k
            }
        }
    }

    private static func balancedPieces(counts: [Int], count: Int) -> [Range<Int>] {
        let rows = counts.count
        let rowCost = 24  // a row's exp and log weigh about as much as 24 nonzeros
        var workBefore = [0]  // the nonzeros and row costs of the rows before each row
        workBefore.reserveCapacity(rows + 1)
        for row in 0..<rows { workBefore.append(workBefore[row] + counts[row] + rowCost) }
        var pieces: [Range<Int>] = []
        var start = 0
        for piece in 1...count where start < rows {
            var end = start
            while end < rows, workBefore[end + 1] <= workBefore[rows] * piece / count, end - start < 65_536 { end += 1 }
            if piece == count { end = rows }
            if end > start { pieces.append(start..<end); start = end }
        }
        return pieces
    }

    /// How many times each value 0…255 occurs in each column: `counts[column * 256 + value]`.
    /// Read from the column-sorted copy in its stored order (each piece's column slots in
    /// turn); the columns are split between the cores (integer counts: the order does not
    /// matter).
    func valueHistogram() -> [Int] {
        precondition(hasColumns, "the histogram reads the column-sorted copy")
        let halves = [0..<(Self.pixelCount / 2), (Self.pixelCount / 2)..<Self.pixelCount]
        return Parallel.map(halves.count) { half in
            let columns = halves[half]
            var counts = [Int](repeating: 0, count: columns.count * 256), nonzero = [Int](repeating: 0, count: columns.count)
            for piece in pieces.indices {
                for slot in 0..<Self.pixelCount where columns.contains(columnInSlot[piece * Self.pixelCount + slot]) {
                    let place = columnInSlot[piece * Self.pixelCount + slot] - columns.lowerBound, base = piece * (Self.pixelCount + 1) + slot
                    for k in columnStart[base]..<columnStart[base + 1] { counts[place * 256 + Int(valuesByColumn[k])] += 1 }
                    nonzero[place] += columnStart[base + 1] - columnStart[base]
                }
            }
            for place in nonzero.indices { counts[place * 256] = rowCount - nonzero[place] }
            return counts
        }.flatMap { $0 }
    }
}

extension SparsePixels {
    /// Whether the products run on the AVX-512 gather kernel (`lrgrade_gather_dots_avx512`,
    /// the same bits as `gatherDot` at about twice its speed) rather than on `gatherDot`:
    /// decided once, from the processor.
    static let wideGather = lrgrade_has_avx512() != 0

    /// Σ p · w[column] over the nonzeros of each row of piece `piece`, in row order: X·w
    /// without the bias and the standardization, which the caller folds into `w`.
    func rowDots(piece: Int, _ w: [Double]) -> [Double] {
        let slots = pieces[piece]
        return Self.dots(columns, values, starts: rowStart, slots, destinations: rowInPiece[slots], w)
    }

    /// For each column j, Σ p · r[row − piece start] over the piece's nonzeros in that column:
    /// Xᵀr for one piece, without the standardization.
    func columnDots(piece: Int, _ r: [Double]) -> [Double] {
        precondition(hasColumns, "Xᵀr reads the column-sorted copy")
        let base = piece * (Self.pixelCount + 1)
        return Self.dots(rowsByColumn, valuesByColumn, starts: columnStart, base..<(base + Self.pixelCount),
                         destinations: columnInSlot[(piece * Self.pixelCount)..<((piece + 1) * Self.pixelCount)], r)
    }

    /// `out[destinations[i]] = gatherDot` over the range `starts[ranges.lowerBound + i] ..<
    /// starts[ranges.lowerBound + i + 1]` of `indices` and `values`, for each i; on the
    /// AVX-512 kernel when the processor has it (the same bits). `destinations` is a
    /// permutation of `0..<ranges.count`.
    private static func dots(
        _ indices: [UInt16], _ values: [UInt8], starts: [Int], _ ranges: Range<Int>, destinations: ArraySlice<Int>, _ x: [Double]
    ) -> [Double] {
        precondition(ranges.upperBound < starts.count && destinations.count == ranges.count, "ranges past the starts, or destinations missing")
        return [Double](unsafeUninitializedCapacity: ranges.count) { out, initialized in
            indices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    starts.withUnsafeBufferPointer { starts in
                        destinations.withUnsafeBufferPointer { destinations in
                            x.withUnsafeBufferPointer { x in
                                let (indices, values, x, destinations) = (indices.baseAddress!, values.baseAddress!, x.baseAddress!, destinations.baseAddress!)
                                let first = starts.baseAddress! + ranges.lowerBound
                                if wideGather {
                                    lrgrade_gather_dots_avx512(indices, values, first, ranges.count, x, destinations, out.baseAddress!)
                                } else {
                                    for i in 0..<ranges.count { out[destinations[i]] = gatherDot(indices, values, first[i]..<first[i + 1], x) }
                                }
                            }
                        }
                    }
                }
            }
            initialized = ranges.count
        }
    }
}

/// Σₖ values[k] · x[indices[k]] over `range`: the kernel of both X·w (indices = columns,
/// x = weights) and Xᵀr (indices = rows, x = residuals). Eight partial sums break the chain
/// of dependent adds: the compiler pairs them into four two-lane vectors, and four chains of
/// adds wait less on the add's latency than the two of four partial sums (gradient descent
/// took about 10% less CPU). Each partial sum adds in index order; the last few nonzeros go
/// one to a partial sum from the first, and the sums are added in the order AVX-512 folds
/// its halves (one masked gather and three adds there, where a scalar tail and a scalar
/// reduction cost gradient descent about 5% more). `lrgrade_gather_dots_avx512` (CGather)
/// computes the same sums, bit for bit.
@inline(__always)
func gatherDot(_ indices: UnsafePointer<UInt16>, _ values: UnsafePointer<UInt8>, _ range: Range<Int>, _ x: UnsafePointer<Double>) -> Double {
    var k = range.lowerBound
    let end = range.upperBound
    var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, a5 = 0.0, a6 = 0.0, a7 = 0.0
    while k &+ 8 <= end {
        a0 += Double(values[k]) * x[Int(indices[k])]
        a1 += Double(values[k &+ 1]) * x[Int(indices[k &+ 1])]
        a2 += Double(values[k &+ 2]) * x[Int(indices[k &+ 2])]
        a3 += Double(values[k &+ 3]) * x[Int(indices[k &+ 3])]
        a4 += Double(values[k &+ 4]) * x[Int(indices[k &+ 4])]
        a5 += Double(values[k &+ 5]) * x[Int(indices[k &+ 5])]
        a6 += Double(values[k &+ 6]) * x[Int(indices[k &+ 6])]
        a7 += Double(values[k &+ 7]) * x[Int(indices[k &+ 7])]
        k &+= 8
    }
    if k < end { a0 += Double(values[k]) * x[Int(indices[k])] }
    if k &+ 1 < end { a1 += Double(values[k &+ 1]) * x[Int(indices[k &+ 1])] }
    if k &+ 2 < end { a2 += Double(values[k &+ 2]) * x[Int(indices[k &+ 2])] }
    if k &+ 3 < end { a3 += Double(values[k &+ 3]) * x[Int(indices[k &+ 3])] }
    if k &+ 4 < end { a4 += Double(values[k &+ 4]) * x[Int(indices[k &+ 4])] }
    if k &+ 5 < end { a5 += Double(values[k &+ 5]) * x[Int(indices[k &+ 5])] }
    if k &+ 6 < end { a6 += Double(values[k &+ 6]) * x[Int(indices[k &+ 6])] }
    return ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7))
}
