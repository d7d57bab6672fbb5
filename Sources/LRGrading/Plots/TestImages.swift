import LRData
import LRNumerics

/// The test images as a script may have drawn them, for finding which test image a drawn
/// 28×28 image is: raw pixels (any scale: /255 is an affine change) and standardized with
/// the training set's scaler (which is not), each centered and of unit norm, so that one
/// dot product is a Pearson correlation. Kept in single precision (13 MB for the 2115 test
/// images in both forms): a match is a correlation of 0.999 or more, far above its rounding.
struct TestImages: Sendable {
    let count: Int
    let labels: [Int]
    private let raw: [Float]
    private let standardized: [Float]

    init(_ images: SelectedImages, standardization: Standardization) {
        count = images.count
        labels = images.targets.map(Int.init)
        var raw = [Float](), standardized = [Float]()
        raw.reserveCapacity(count * 784)
        standardized.reserveCapacity(count * 784)
        for index in 0..<count {
            let pixels = images.image(index).map(Double.init)
            raw += Self.normalized(pixels).map(Float.init)
            standardized += Self.normalized(pixels.indices.map { (pixels[$0] / 255 - standardization.mean[$0]) / standardization.scale[$0] }).map(Float.init)
        }
        self.raw = raw
        self.standardized = standardized
    }

    /// The test image `values` (784, row by row) shows, when one correlates with it at
    /// `minimumCorrelation` or more in either form.
    func index(of values: [Double], minimumCorrelation: Double = 0.999) -> Int? {
        guard values.count == 784 else { return nil }
        let best = correlations(with: values).enumerated().max { $0.element < $1.element }
        return best.flatMap { Double($0.element) >= minimumCorrelation ? $0.offset : nil }
    }

    /// Per test image, the larger of the Pearson correlations of `values` (784) with its raw
    /// and its standardized form: dot products of unit vectors, 16 lanes at a time (784 =
    /// 49 × 16), in single precision (relative error about 1e-6).
    func correlations(with values: [Double]) -> [Float] {
        let probe = Self.normalized(values).map(Float.init)
        let lanes = 784 / 16
        let stride = MemoryLayout<SIMD16<Float>>.size
        return probe.withUnsafeBytes { probe in
            let p = (0..<lanes).map { probe.loadUnaligned(fromByteOffset: $0 * stride, as: SIMD16<Float>.self) }
            func dots(_ table: [Float]) -> [Float] {
                table.withUnsafeBytes { table in
                    (0..<count).map { image in
                        var sum = SIMD16<Float>()
                        for lane in 0..<lanes {
                            // A product and a sum, not addProduct: without FMA in the baseline
                            // target, addProduct is one libm fmaf call per lane.
                            sum += p[lane] * table.loadUnaligned(fromByteOffset: (image * lanes + lane) * stride, as: SIMD16<Float>.self)
                        }
                        return sum.sum()
                    }
                }
            }
            return zip(dots(raw), dots(standardized)).map { max($0, $1) }
        }
    }

    /// `values` minus their mean, divided by their norm (all zeros when constant).
    static func normalized(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        let centered = values.map { $0 - mean }
        let norm = centered.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? centered.map { $0 / norm } : centered
    }

    /// The Pearson correlation of two equally long series (0 when either is constant).
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        zip(normalized(a), normalized(b)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
