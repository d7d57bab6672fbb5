import CGather

extension SparsePixels {
    /// Whether the K-class products run on the AVX2 kernel (`lrgrade_class_dots_avx2`, the
    /// same bits as the portable one): decided once, from the processor.
    static let wideClassDots = lrgrade_has_avx2() != 0

    /// The widest row of class values the kernels take (`LRGRADE_CLASS_STRIDE_MAX`).
    static let maximumClassStride = Int(LRGRADE_CLASS_STRIDE_MAX)

    /// The row width for `classes` classes: the next multiple of 4, as the kernels take.
    static func classStride(_ classes: Int) -> Int { (classes + 3) / 4 * 4 }

    /// The number of values of `rows` rows of `stride` classes in the blocked layout
    /// (class_dots.h): the rows rounded up to a multiple of 8.
    static func blockedCount(rows: Int, stride: Int) -> Int { (rows + 7) / 8 * 8 * stride }

    /// For each row of piece `piece` and each class c, Σ p · w[column · stride + c] over the
    /// row's nonzeros: X·W for K classes at once, without the bias and the standardization.
    /// The result is in the blocked layout (class_dots.h), the rows past the last zero.
    func rowClassDots(piece: Int, _ w: [Double], stride: Int) -> [Double] {
        precondition(w.count == Self.pixelCount * stride, "one row of class weights per pixel")
        let slots = pieces[piece]
        var out = [Double](repeating: 0, count: Self.blockedCount(rows: slots.count, stride: stride))
        Self.classDots(columns, values, starts: rowStart, slots, destinations: rowInPiece[slots], w, stride: stride, adding: false, into: &out)
        return out
    }

    /// Adds to `sums` (784 × stride), for each column j and class c, Σ p · r[(row − piece
    /// start) · stride + c] over the piece's nonzeros in that column: Xᵀr for K classes at
    /// once, without the standardization. A piece's residuals are few enough to stay in the
    /// first-level cache while the gathers read them.
    func addColumnClassDots(piece: Int, _ r: [Double], stride: Int, to sums: inout [Double]) {
        precondition(hasColumns, "Xᵀr reads the column-sorted copy")
        precondition(r.count == pieces[piece].count * stride && sums.count == Self.pixelCount * stride, "one row of residuals per row of the piece")
        let base = piece * (Self.pixelCount + 1)
        Self.classDots(rowsByColumn, valuesByColumn, starts: columnStart, base..<(base + Self.pixelCount),
                       destinations: columnInSlot[(piece * Self.pixelCount)..<((piece + 1) * Self.pixelCount)], r, stride: stride, adding: true, into: &sums)
    }

    /// `lrgrade_class_dots_*` over the ranges `starts[ranges]`.
    private static func classDots(
        _ indices: [UInt16], _ values: [UInt8], starts: [Int], _ ranges: Range<Int>, destinations: ArraySlice<Int>, _ x: [Double], stride: Int,
        adding: Bool, into out: inout [Double]
    ) {
        precondition(ranges.upperBound < starts.count && destinations.count == ranges.count, "ranges past the starts, or destinations missing")
        precondition(stride % 4 == 0 && stride <= maximumClassStride, "the kernel takes rows of 4, 8, …, 24 classes")
        indices.withUnsafeBufferPointer { indices in
            values.withUnsafeBufferPointer { values in
                starts.withUnsafeBufferPointer { starts in
                    destinations.withUnsafeBufferPointer { destinations in
                        x.withUnsafeBufferPointer { x in
                            out.withUnsafeMutableBufferPointer { out in
                                let kernel = wideClassDots ? lrgrade_class_dots_avx2 : lrgrade_class_dots_portable
                                kernel(indices.baseAddress!, values.baseAddress!, starts.baseAddress! + ranges.lowerBound, ranges.count,
                                       x.baseAddress!, stride, adding ? 1 : 0, destinations.baseAddress!, out.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
