import Foundation
import LRRunner

/// Criterion 4: the student's `sigmoid` equals 1 / (1 + e^−z) on a probe from −1000 to 1000.
/// Overflow warnings are harmless when the values stay right; NaN at the extremes is not.
///
/// The function is probed in a process of its own, defined alone (`ScriptRunner`), on the
/// grader's own points: a script can neither replace the function nor change the probe.
enum SigmoidCriterion {
    /// Beyond this |z| a naive formula may overflow; within it every sigmoid must be right.
    static let moderate = 50.0

    static func assess(_ evidence: Evidence) -> Assessment {
        guard let run = evidence.run else { return .fail("The script was not run, so its sigmoid could not be probed.") }
        let probe = ScriptRunner.sigmoidProbe
        let values: [Double], name: String, warnings: [String]
        switch run.sigmoid {
        case .missing(let why): return .fail("No sigmoid was found: \(why).")
        case .failed(let why): return .fail("The sigmoid could not be probed: \(why).")
        case .raised(let error, _): return .fail("sigmoid(z) on an array z from −1000 to 1000 raised: \(error)")
        case .values(let found, let function, let raised): (values, name, warnings) = (found, function, raised)
        }
        guard values.count == probe.count else {
            return .fail("\(name)(z) did not return one value per element of its array argument.")
        }
        let wrong = zip(probe, values).filter { z, value in !(abs(value - 1 / (1 + exp(-z))) <= evidence.tolerances.sigmoidAbsolute) }
        guard let first = wrong.first else {
            let note = warnings.isEmpty ? "" : " numpy warned (\(warnings[0])), which is harmless here as the values stay right."
            return .pass("\(name) is right on z = −1000 … 1000 within \(evidence.tolerances.sigmoidAbsolute).\(note)")
        }
        let description = "\(name)(\(Shown.value(first.0))) = \(Shown.value(first.1)), expected \(Shown.value(1 / (1 + exp(-first.0))))"
        if wrong.allSatisfy({ abs($0.0) > moderate }) {
            return .partial("Right for |z| ≤ \(Int(moderate)) but \(description): clip z or use a numerically stable form.")
        }
        return .fail("\(description).")
    }
}
