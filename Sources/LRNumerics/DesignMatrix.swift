import LRData

/// The assignment's design matrix X = [1 | (P / 255 − μ) / σ]: a bias column, then the
/// standardized pixels (μ, σ from a `Standardization` fitted to the training set).
///
/// It is never stored densely. 81 % of MNIST pixels are zero, and a zero pixel contributes
/// the same −μⱼ/σⱼ to every row, so X·w is evaluated as
///
///     z = b′ + Σ_{pᵢⱼ ≠ 0} pᵢⱼ · w′ⱼ,   w′ⱼ = wⱼ₊₁ / σⱼ / 255,   b′ = w₀ − Σⱼ μⱼ wⱼ₊₁ / σⱼ
///
/// and Xᵀr as (Σᵢrᵢ, (Σᵢ pᵢⱼ rᵢ / 255 − μⱼ Σᵢrᵢ) / σⱼ), over `SparsePixels`: 3 bytes per
/// nonzero instead of 8 per entry, so passes run from cache. The arithmetic is Float64
/// throughout; the reordering changes a score by a few ulps of its terms (about 1e−13), far
/// below the 1e−9 to which the losses must agree with numpy.
public struct DesignMatrix: Sendable {
    /// Columns of X: the bias, then 784 pixels.
    public static let featureCount = LabeledImages.pixelCount + 1
    /// Rows are cut into this many pieces for a pass, whatever the number of cores, so sums
    /// are added in the same order, and results are the same, on every machine.
    static let pieceCount = 16

    public var rowCount: Int { pixels.rowCount }
    /// y, 0 or 1 per row (for K classes: the class, 0…K−1).
    public let targets: [Double]
    /// The class of each row, 0…K−1 (0 or 1 for a pair).
    public let labels: [UInt8]
    public let standardization: Standardization
    let pixels: SparsePixels

    /// The design of a test set, standardized with the training set's statistics: scores and
    /// losses, no gradients (it has no column-sorted copy, which took 1 ms to make).
    public init(_ images: SelectedImages, standardization: Standardization) {
        self.pixels = SparsePixels(images, pieceCount: Self.pieceCount, byColumn: false)
        self.targets = images.targets.map(Double.init)
        self.labels = images.targets
        self.standardization = standardization
    }

    /// The design of a training set, with a `Standardization` fitted to it, or with
    /// `standardization` (one fitted to other data, to replay a script that did so).
    /// `forClasses` cuts it for the K-class passes (`classPieceRows`).
    public init(training images: SelectedImages, standardization: Standardization? = nil, forClasses: Bool = false) {
        let pieces = forClasses ? max(Self.pieceCount, (images.count + Self.classPieceRows - 1) / Self.classPieceRows) : Self.pieceCount
        self.pixels = SparsePixels(images, pieceCount: pieces, byColumn: true)
        self.targets = images.targets.map(Double.init)
        self.labels = images.targets
        self.standardization = standardization ?? Standardization(histogram: pixels.valueHistogram(), count: images.count)
    }
}

// MARK: - Passes over the data

extension DesignMatrix {
    /// Σᵢ ℓ(zᵢ, yᵢ) and, when asked, its gradient Σᵢ (∂ℓ/∂zᵢ) xᵢ for the 785 weights: sums, not means.
    package struct LossSum: Sendable {
        package var loss: Double
        package var gradient: [Double]?
    }

    /// One pass over each design (score, loss and derivative per row, then the gradient),
    /// all pieces of all designs in parallel; `designs[k]` gets a gradient when `withGradient[k]`.
    package static func lossSums<L: SampleLoss>(
        _ loss: L, at weights: [Double], on designs: [DesignMatrix], withGradient: [Bool]
    ) -> [LossSum] {
        precondition(weights.count == featureCount, "expected \(featureCount) weights")
        precondition(designs.indices.allSatisfy { !withGradient[$0] || designs[$0].pixels.hasColumns }, "a test set's design has no gradients")
        let folded = designs.map { $0.pixelWeights(for: weights) }
        let work = designs.indices.flatMap { d in designs[d].pixels.pieces.indices.map { (design: d, piece: $0) } }
        let partials = Parallel.map(work.count) { index in
            let (d, piece) = work[index]
            return designs[d].pieceSum(loss, piece: piece, folded[d], withGradient: withGradient[d])
        }
        return designs.indices.map { d in
            var loss = 0.0, derivative = 0.0
            var pixelSums = [Double](repeating: 0, count: withGradient[d] ? LabeledImages.pixelCount : 0)
            for (piece, part) in zip(work, partials) where piece.design == d {
                loss += part.loss
                derivative += part.derivative
                for j in pixelSums.indices { pixelSums[j] += part.pixelSums[j] }
            }
            let gradient = withGradient[d] ? designs[d].featureGradient(pixelSums: pixelSums, derivativeSum: derivative) : nil
            return LossSum(loss: loss, gradient: gradient)
        }
    }

    /// The scores z = X·w of every row.
    package func scores(at weights: [Double]) -> [Double] {
        precondition(weights.count == Self.featureCount, "expected \(Self.featureCount) weights")
        let folded = pixelWeights(for: weights)
        return Array(Parallel.map(pixels.pieces.count) { scores(piece: $0, folded) }.joined())
    }

    /// The scores of one piece's rows, in order: offset + Σ p · perPixel[column].
    func scores(piece: Int, _ folded: PixelWeights) -> [Double] {
        var scores = pixels.rowDots(piece: piece, folded.perPixel)
        for i in scores.indices { scores[i] = folded.offset + scores[i] }
        return scores
    }

    /// The weights folded onto raw pixel values: z = offset + Σ p · perPixel[column].
    package struct PixelWeights: Sendable {
        package var offset: Double
        package var perPixel: [Double]
    }

    package func pixelWeights(for weights: [Double]) -> PixelWeights {
        let mean = standardization.mean, scale = standardization.scale
        var perPixel = [Double](repeating: 0, count: LabeledImages.pixelCount)
        var offset = weights[0]
        for j in 0..<LabeledImages.pixelCount {
            let w = weights[j + 1] / scale[j]
            perPixel[j] = w / 255
            offset -= mean[j] * w
        }
        return PixelWeights(offset: offset, perPixel: perPixel)
    }

    /// Xᵀr from the pixel sums Σᵢ pᵢⱼ rᵢ and Σᵢ rᵢ (see the type's documentation).
    func featureGradient(pixelSums: [Double], derivativeSum: Double) -> [Double] {
        let mean = standardization.mean, scale = standardization.scale
        var gradient = [Double](repeating: 0, count: Self.featureCount)
        gradient[0] = derivativeSum
        for j in 0..<LabeledImages.pixelCount {
            gradient[j + 1] = (pixelSums[j] / 255 - mean[j] * derivativeSum) / scale[j]
        }
        return gradient
    }

    struct PieceSum: Sendable {
        var loss: Double
        var derivative: Double
        /// Σᵢ pᵢⱼ rᵢ over the piece's rows; empty when no gradient was asked for.
        var pixelSums: [Double]
    }

    /// The hot loop, over one piece of rows: each row's score (a gather over its nonzeros),
    /// then the losses and derivatives rᵢ eight rows at a time, then, if asked, Σᵢ pᵢⱼ rᵢ per
    /// column (a gather over the rᵢ).
    func pieceSum<L: SampleLoss>(_ loss: L, piece: Int, _ folded: PixelWeights, withGradient: Bool) -> PieceSum {
        let rows = pixels.pieces[piece]
        var residuals = scores(piece: piece, folded)
        let sums = residuals.withUnsafeMutableBufferPointer { scores in
            targets.withUnsafeBufferPointer { targets in
                loss.sums(overwritingScoresWithDerivatives: scores, targets: UnsafeBufferPointer(rebasing: targets[rows]))
            }
        }
        guard withGradient else { return PieceSum(loss: sums.loss, derivative: sums.derivative, pixelSums: []) }
        return PieceSum(loss: sums.loss, derivative: sums.derivative, pixelSums: pixels.columnDots(piece: piece, residuals))
    }
}
