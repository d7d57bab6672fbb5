import LRData

/// scikit-learn's `StandardScaler` fitted to pixels divided by 255: per-pixel mean and scale,
/// so that a standardized pixel is `(p / 255 − mean) / scale`.
///
/// Fitting follows `sklearn.utils.extmath._incremental_mean_and_var` from a zero state:
/// `mean = Σx / n`; `var = (Σ(x − mean)² − (Σ(x − mean))² / n) / n`, the population variance
/// with the corrected two-pass formula. A feature is constant when
/// `var ≤ n·ε·var + (n·mean·ε)²` or `√var < 10ε` (ε = 2⁻⁵²); its scale is then 1.
///
/// The sums run over a histogram of the 256 pixel values per column instead of over the
/// rows, so each is a sum of at most 256 terms: same formulas, and agreement with numpy's
/// row-by-row sums to a few units in the last place.
public struct Standardization: Sendable {
    public let mean: [Double]
    public let scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    public init(fittingTo images: SelectedImages) {
        self.init(histogram: SparsePixels(images, pieceCount: 1, byColumn: true).valueHistogram(), count: images.count)
    }

    /// Fits to the images of all `sets` together, as `StandardScaler().fit(np.vstack(sets))`.
    public init(fittingTo sets: [SelectedImages]) {
        let histograms = sets.map { SparsePixels($0, pieceCount: 1, byColumn: true).valueHistogram() }
        let histogram = histograms.dropFirst().reduce(histograms.first ?? []) { zip($0, $1).map(+) }
        self.init(histogram: histogram, count: sets.reduce(0) { $0 + $1.count })
    }

    /// Fits to `count` images whose pixel values occur `histogram[column * 256 + value]` times.
    init(histogram: [Int], count: Int) {
        let columns = LabeledImages.pixelCount
        let n = Double(count)
        let epsilon = Double.ulpOfOne
        var mean = [Double](repeating: 0, count: columns)
        var scale = [Double](repeating: 1, count: columns)
        for column in 0..<columns {
            let counts = histogram[(column * 256)..<((column + 1) * 256)]
            var sum = 0.0
            for (value, count) in zip(0..., counts) where count > 0 { sum += Double(count) * (Double(value) / 255.0) }
            let average = sum / n
            var correction = 0.0
            var squares = 0.0
            for (value, count) in zip(0..., counts) where count > 0 {
                let deviation = Double(value) / 255.0 - average
                correction += Double(count) * deviation
                squares += Double(count) * deviation * deviation
            }
            let variance = (squares - correction * correction / n) / n
            let constant = variance <= n * epsilon * variance + (n * average * epsilon) * (n * average * epsilon)
            let deviation = variance.squareRoot()
            mean[column] = average
            scale[column] = constant || deviation < 10 * epsilon ? 1 : deviation
        }
        self.mean = mean
        self.scale = scale
    }

    /// The standardized features of one image, as the assignment's `scaler.transform`.
    public func standardize(_ image: ArraySlice<UInt8>) -> [Double] {
        zip(image, zip(mean, scale)).map { pixel, stats in (Double(pixel) / 255.0 - stats.0) / stats.1 }
    }
}
