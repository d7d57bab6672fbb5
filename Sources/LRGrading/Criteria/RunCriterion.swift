import Foundation

/// Criterion 2: the script runs to completion within the limits.
enum RunCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        guard let run = evidence.run else { return .fail("The script was not run: \(evidence.runProblem ?? "no script").") }
        var seconds = String(format: "%.1f s", run.wallSeconds)
        if evidence.audience == .report, case .limitsOnly(let reason) = run.isolation { seconds += " (NOT sandboxed: \(reason))" }
        switch run.verdict {
        case .finished:
            return .pass("Ran to the end in \(seconds) (limit \(Int(evidence.limits.seconds)) s).")
        case .noVariables:
            return .fail("Ran to the end in \(seconds) but left none of the assignment's variables (W, lr, epochs, train_loss_history, …) nor any array of numbers to check.")
        case .failed(let line):
            return .fail("Stopped with an error after \(seconds): \(line)")
        case .timedOut:
            return .fail("Did not finish within the \(Int(evidence.limits.seconds)) s limit and was stopped.")
        case .outOfMemory:
            return .fail("Ran out of memory (limit \(evidence.limits.memoryBytes >> 20) MiB) and was stopped.")
        }
    }
}
