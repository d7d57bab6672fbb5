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
        precondition(stride % 4 == 0 && stride <= Self.maximumClassStride, "the kernel takes rows of 4, 8, …, 24 classes")
        let slots = pieces[piece]
        var out = [Double](repeating: 0, count: Self.blockedCount(rows: slots.count, stride: stride))
        columns.withUnsafeBufferPointer { indices in
            values.withUnsafeBufferPointer { values in
                rowStart.withUnsafeBufferPointer { starts in
                    rowInPiece[slots].withUnsafeBufferPointer { destinations in
                        w.withUnsafeBufferPointer { x in
                            out.withUnsafeMutableBufferPointer { out in
                                let kernel = Self.wideClassDots ? lrgrade_class_dots_avx2 : lrgrade_class_dots_portable
                                kernel(indices.baseAddress!, values.baseAddress!, starts.baseAddress! + slots.lowerBound, slots.count, x.baseAddress!,
                                       stride, destinations.baseAddress!, out.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
