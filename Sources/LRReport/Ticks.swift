import Foundation

/// Axis limits and tick positions a reader can take in at a glance.
///
/// Any Double is accepted, since the values drawn come from students' scripts: non-finite
/// limits fall back to [0, 1], and magnitudes beyond `largest` are clamped to it, so the
/// arithmetic below never overflows and every count stays small.
package struct Ticks: Equatable {
    package var lower: Double
    package var upper: Double
    package var values: [Double]
    /// Decimals for linear tick labels; unused on a log axis.
    package var decimals: Int

    /// Steps of 1, 2 or 5 times a power of ten, about `target` of them, the limits widened to
    /// whole steps (Heckbert's "nice numbers"); with `integers`, steps of at least 1.
    /// The largest magnitude an axis shows: a range of two of them is still finite.
    static let largest = 1e300

    package static func linear(_ low: Double, _ high: Double, target: Int = 6, integers: Bool = false) -> Ticks {
        var (low, high) = low.isFinite && high.isFinite ? (clamped(min(low, high)), clamped(max(low, high))) : (0, 1)
        // Widened relative to the value too: 1e300 − 0.5 is 1e300.
        if !(high > low) { let pad = max(0.5, abs(low) * 1e-6); (low, high) = (low - pad, high + pad) }
        let rough = max((high - low) / Double(max(target - 1, 1)), integers ? 1 : 0)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough * (1 - 1e-9) }!
        let first = floor(low / step + 1e-9) * step, last = ceil(high / step - 1e-9) * step
        let count = min(Int(((last - first) / step).rounded()), 1_000)
        let values = (0...count).map { first + Double($0) * step }
        return Ticks(lower: first, upper: last, values: values, decimals: max(0, -Int(floor(log10(step) + 1e-9))))
    }

    /// Ticks for a color bar over exactly [low, high]: the nice values inside it, at least
    /// three of them, with the limits kept as they are.
    package static func inside(_ low: Double, _ high: Double) -> Ticks {
        let (low, high) = low.isFinite && high.isFinite ? (clamped(min(low, high)), clamped(max(low, high))) : (0, 1)
        for target in [5, 7, 9, 13, 17] {
            let ticks = linear(low, high, target: target)
            let values = ticks.values.filter { $0 >= low - 1e-12 * abs(high - low) && $0 <= high + 1e-12 * abs(high - low) }
            if values.count >= 3 { return Ticks(lower: low, upper: high, values: values, decimals: ticks.decimals) }
        }
        return Ticks(lower: low, upper: high, values: [low, high], decimals: 3)
    }

    /// Powers of ten covering [low, high] (both > 0), at least one decade, with 2 and 5
    /// between them when the range spans fewer than three decades.
    package static func logarithmic(_ low: Double, _ high: Double) -> Ticks {
        let low = low.isFinite && low > 0 ? min(max(low, 1 / largest), largest) : 1e-3
        let high = high.isFinite ? min(max(high, low), largest) : max(low, 1)
        let first = floor(log10(low)), last = max(ceil(log10(high)), first + 1)
        var values: [Double] = []
        for exponent in stride(from: first, through: last, by: 1) {
            let decade = pow(10, exponent)
            values.append(decade)
            if last - first < 3, exponent < last { values += [2 * decade, 5 * decade] }
        }
        return Ticks(lower: pow(10, first), upper: pow(10, last), values: values, decimals: 0)
    }

    static func clamped(_ value: Double) -> Double { min(max(value, -largest), largest) }

    package func label(_ value: Double, logarithmic: Bool) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value > 0 ? "∞" : "−∞" }
        if !logarithmic { return String(format: "%.\(min(decimals, 20))f", value) }
        guard value > 0 else { return String(format: "%g", value) }
        let exponent = Int(floor(log10(value) + 1e-9))
        if (-4...4).contains(exponent) { return String(format: "%.\(max(0, -exponent))f", value) }
        return "\(Int((value / pow(10, Double(exponent))).rounded()))e\(exponent)"
    }
}
