import Foundation

/// Criterion 4: the student's `sigmoid` equals 1 / (1 + e^−z) on a probe from −1000 to 1000.
/// Overflow warnings are harmless when the values stay right; NaN at the extremes is not.
enum SigmoidCriterion {
    /// Beyond this |z| a naive formula may overflow; within it every sigmoid must be right.
    static let moderate = 50.0

    static func assess(_ evidence: Evidence) -> Assessment {
        guard let fields = evidence.run?.capture?.sigmoid?.object else { return .fail("No function named sigmoid was defined at the top level of the script.") }
        if let error = fields["error"]?.string { return .fail("sigmoid(z) on an array z from −1000 to 1000 raised: \(error)") }
        guard let probe = fields["probe"]?.numbers, let values = fields["values"]?.numbers, values.count == probe.count else {
            return .fail("sigmoid(z) did not return one value per element of its array argument.")
        }
        let wrong = zip(probe, values).filter { z, value in !(abs(value - 1 / (1 + exp(-z))) <= evidence.tolerances.sigmoidAbsolute) }
        let warnings = fields["warnings"]?.array?.compactMap(\.string) ?? []
        guard let first = wrong.first else {
            let note = warnings.isEmpty ? "" : " numpy warned (\(warnings[0])), which is harmless here as the values stay right."
            return .pass("sigmoid is right on z = −1000 … 1000 within \(evidence.tolerances.sigmoidAbsolute).\(note)")
        }
        let description = "sigmoid(\(Shown.value(first.0))) = \(Shown.value(first.1)), expected \(Shown.value(1 / (1 + exp(-first.0))))"
        if wrong.allSatisfy({ abs($0.0) > moderate }) {
            return .partial("Right for |z| ≤ \(Int(moderate)) but \(description): clip z or use a numerically stable form.")
        }
        return .fail("\(description).")
    }
}
