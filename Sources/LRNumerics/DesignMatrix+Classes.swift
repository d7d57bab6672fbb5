import LRData

// K-class passes: the same sparse, folded design serves W (785 × K). With the weights
// folded onto raw pixels, per class k,
//
//     zᵢₖ = b′ₖ + Σ_{pᵢⱼ ≠ 0} pᵢⱼ · w′ⱼₖ,   w′ⱼₖ = Wⱼ₊₁,ₖ / σⱼ / 255,   b′ₖ = W₀ₖ − Σⱼ μⱼ Wⱼ₊₁,ₖ / σⱼ
//
// and (XᵀR)ⱼ₊₁,ₖ = (Σᵢ pᵢⱼ rᵢₖ / 255 − μⱼ Σᵢ rᵢₖ) / σⱼ. One pass over a row's nonzeros computes
// its K scores (each nonzero's K folded weights are side by side), and one pass over a
// column's its K gradient sums (`lrgrade_class_dots_*`). Pieces and their groups depend on the
// data alone, not on the cores, and their sums are added in order: the results are the same
// bits on any number of cores.
extension DesignMatrix {
    /// Σᵢ ℓ(zᵢ, yᵢ) for each of the loss's sums and, when asked, the gradient Σᵢ Σₖ (∂ℓ/∂zᵢₖ)
    /// xᵢ as a weight matrix: sums, not means.
    package struct ClassLossSums: Sendable {
        package var losses: [Double]
        package var gradient: ClassWeights?
    }

    /// About how many rows a training design for K classes has in a piece: their residuals
    /// (12 doubles a row) then fit the first-level cache, which Xᵀ(P − Y)'s gathers read,
    /// where 16 pieces of thousands of rows had them in the second (30 % slower).
    static let classPieceRows = 192

    /// One pass over each design: its pieces in fixed groups (`pieceGroups`), all groups of
    /// all designs in parallel; `designs[d]` gets a gradient when `withGradient[d]`. A group adds
    /// its pieces' sums in order and the groups are added in order: the same bits on any
    /// number of cores.
    package static func classLossSums<L: ClassLoss>(
        _ loss: L, at weights: ClassWeights, on designs: [DesignMatrix], withGradient: [Bool]
    ) -> [ClassLossSums] {
        precondition(designs.indices.allSatisfy { !withGradient[$0] || designs[$0].pixels.hasColumns }, "a test set's design has no gradients")
        let classes = weights.classes, stride = SparsePixels.classStride(classes), lossCount = loss.lossCount(classes: classes)
        let folded = designs.map { $0.classPixelWeights(for: weights) }
        let work = designs.indices.flatMap { d in designs[d].pieceGroups.map { (design: d, pieces: $0) } }
        let partials = Parallel.map(work.count) { index in
            let (d, pieces) = work[index]
            let design = designs[d]
            var losses = [Double](repeating: 0, count: lossCount), residualSums = [Double](repeating: 0, count: classes)
            var pixelSums = [Double](repeating: 0, count: withGradient[d] ? LabeledImages.pixelCount * stride : 0)
            for piece in pieces {
                var residuals = design.classScores(piece: piece, folded[d])
                let rows = design.pixels.pieces[piece]
                let sums = residuals.withUnsafeMutableBufferPointer { scores in
                    design.labels.withUnsafeBufferPointer { labels in
                        loss.sums(overwritingScoresWithResiduals: scores, stride: stride, classes: classes, labels: UnsafeBufferPointer(rebasing: labels[rows]))
                    }
                }
                for l in losses.indices { losses[l] += sums.losses[l] }
                for k in residualSums.indices { residualSums[k] += sums.residuals[k] }
                if withGradient[d] {
                    design.pixels.addColumnClassDots(piece: piece, unblocked(residuals, rows: rows.count, stride: stride), stride: stride, to: &pixelSums)
                }
            }
            return (losses, residualSums, pixelSums)
        }
        return designs.indices.map { d in
            var losses = [Double](repeating: 0, count: lossCount)
            var residualSums = [Double](repeating: 0, count: classes)
            var pixelSums = [Double](repeating: 0, count: withGradient[d] ? LabeledImages.pixelCount * stride : 0)
            for (item, part) in zip(work, partials) where item.design == d {
                for l in losses.indices { losses[l] += part.0[l] }
                for k in residualSums.indices { residualSums[k] += part.1[k] }
                for j in pixelSums.indices { pixelSums[j] += part.2[j] }
            }
            let gradient = withGradient[d] ? designs[d].classGradient(pixelSums: pixelSums, stride: stride, residualSums: residualSums) : nil
            return ClassLossSums(losses: losses, gradient: gradient)
        }
    }

    /// The pieces in `pieceCount` groups of consecutive pieces (one each for a design of
    /// `pieceCount` pieces).
    var pieceGroups: [Range<Int>] {
        let n = pixels.pieces.count, groups = min(Self.pieceCount, n)
        return (0..<groups).map { n * $0 / groups..<n * ($0 + 1) / groups }
    }

    /// Values in the blocked layout (class_dots.h) row by row: `stride` a row.
    private static func unblocked(_ blocked: [Double], rows: Int, stride: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows * stride) { out, initialized in
            for row in 0..<rows {
                for k in 0..<stride { out[row * stride + k] = blocked[(row / 8 * stride + k) * 8 + row % 8] }
            }
            initialized = rows * stride
        }
    }

    /// The K scores zᵢ = xᵢ·W of every row, row by row (`classes` values a row).
    package func classScores(at weights: ClassWeights) -> [Double] {
        let folded = classPixelWeights(for: weights), classes = weights.classes, stride = folded.stride
        let blocked = Parallel.map(pixels.pieces.count) { classScores(piece: $0, folded) }
        var scores: [Double] = []
        scores.reserveCapacity(rowCount * classes)
        for (piece, values) in zip(pixels.pieces, blocked) {
            let rows = Self.unblocked(values, rows: piece.count, stride: stride)
            for row in 0..<piece.count { scores += rows[(row * stride)..<(row * stride + classes)] }
        }
        return scores
    }

    /// W folded onto raw pixel values: zₖ = offset[k] + Σ p · perPixel[column · stride + k];
    /// the classes past K (up to the stride) have zero weights.
    package struct ClassPixelWeights: Sendable {
        package var stride: Int
        package var offset: [Double]
        package var perPixel: [Double]
    }

    package func classPixelWeights(for weights: ClassWeights) -> ClassPixelWeights {
        let mean = standardization.mean, scale = standardization.scale
        let classes = weights.classes, stride = SparsePixels.classStride(classes)
        var perPixel = [Double](repeating: 0, count: LabeledImages.pixelCount * stride)
        var offset = [Double](repeating: 0, count: stride)
        for k in 0..<classes { offset[k] = weights[0, k] }
        for j in 0..<LabeledImages.pixelCount {
            for k in 0..<classes {
                let w = weights[j + 1, k] / scale[j]
                perPixel[j * stride + k] = w / 255
                offset[k] -= mean[j] * w
            }
        }
        return ClassPixelWeights(stride: stride, offset: offset, perPixel: perPixel)
    }

    /// The scores of one piece's rows in the blocked layout (`SparsePixels.rowClassDots`).
    func classScores(piece: Int, _ folded: ClassPixelWeights) -> [Double] {
        var scores = pixels.rowClassDots(piece: piece, folded.perPixel, stride: folded.stride)
        let stride = folded.stride
        for block in 0..<(scores.count / (8 * stride)) {
            for k in 0..<stride {
                for lane in 0..<8 { scores[(block * stride + k) * 8 + lane] = folded.offset[k] + scores[(block * stride + k) * 8 + lane] }
            }
        }
        return scores
    }

    /// XᵀR from the pixel sums Σᵢ pᵢⱼ rᵢₖ (`stride` a pixel) and Σᵢ rᵢₖ.
    func classGradient(pixelSums: [Double], stride: Int, residualSums: [Double]) -> ClassWeights {
        let mean = standardization.mean, scale = standardization.scale, classes = residualSums.count
        var gradient = ClassWeights(zerosFor: classes)
        for k in 0..<classes { gradient[0, k] = residualSums[k] }
        for j in 0..<LabeledImages.pixelCount {
            for k in 0..<classes { gradient[j + 1, k] = (pixelSums[j * stride + k] / 255 - mean[j] * residualSums[k]) / scale[j] }
        }
        return gradient
    }
}
