/// A sample of numbers in brief: its size, mean, quartiles, extremes and a histogram.
///
/// Quartiles interpolate linearly between order statistics (numpy's `percentile` default,
/// "linear"): the q-quantile of n sorted values is at position q·(n − 1).
public struct Distribution: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var lowerQuartile: Double
    public var upperQuartile: Double
    public var minimum: Double
    public var maximum: Double
    /// Equal-width bins from `minimum` (or the range given) to `maximum`, the last closed.
    public var histogram: [Bin]

    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    enum CodingKeys: String, CodingKey {
        case count, mean, median, lowerQuartile = "lower_quartile", upperQuartile = "upper_quartile", minimum, maximum, histogram
    }

    /// The distribution of the finite `values` (nil when there are none), with `bins` bins
    /// over `range` (by default the values' own).
    public init?(_ values: [Double], bins: Int, range: ClosedRange<Double>? = nil) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
            return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
        }
        (median, lowerQuartile, upperQuartile) = (quantile(0.5), quantile(0.25), quantile(0.75))
        (minimum, maximum) = (first, last)
        let lower = min(range?.lowerBound ?? first, first), upper = max(range?.upperBound ?? last, last)
        let bins = max(1, bins)
        let width = (upper - lower) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in sorted {
            let index = width > 0 ? Int(((value - lower) / width).rounded(.down)) : 0
            counts[min(max(index, 0), bins - 1)] += 1
        }
        histogram = counts.enumerated().map { index, count in
            Bin(lower: lower + Double(index) * width, upper: index == bins - 1 ? upper : lower + Double(index + 1) * width, count: count)
        }
    }
}
