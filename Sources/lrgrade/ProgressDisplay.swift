import Foundation
import LRGrading
import Synchronization

/// The progress of a batch: a bar redrawn in place on a terminal (done / total, runs that
/// failed so far, time left), one line per submission otherwise, or nothing.
final class ProgressDisplay: Sendable {
    enum Style { case bar, lines, silent }

    private let total: Int
    private let stream: FileHandle
    private let style: Style
    private let start = ContinuousClock.now
    private let state = Mutex((done: 0, graded: 0, failed: 0))

    init(total: Int, stream: FileHandle, style: Style) {
        self.total = total
        self.stream = stream
        self.style = style
    }

    func report(_ event: BatchGrader.Event) {
        let (grade, skipped, note): (Grade, Bool, String) = switch event {
        case .graded(let grade): (grade, false, "")
        case .regraded(let grade): (grade, false, ", from its stored run")
        case .skipped(let grade): (grade, true, ", unchanged, kept")
        }
        state.withLock { state in
            state.done += 1
            if !skipped { state.graded += 1 }
            if !grade.scriptFinished { state.failed += 1 }
            switch style {
            case .silent: break
            case .lines:
                write("[\(state.done)/\(total)] \(grade.id): \(Grade.shown(points: grade.score)) / \(Grade.shown(points: grade.maxScore)) (\(grade.status)\(note))\n")
            case .bar:
                write("\r" + bar(done: state.done, graded: state.graded, failed: state.failed) + "\u{1B}[K")
            }
        }
    }

    /// Ends the bar's line.
    func finish() {
        if style == .bar { write("\n") }
    }

    private func bar(done: Int, graded: Int, failed: Int) -> String {
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let elapsed = (ContinuousClock.now - start).components.seconds
        // Time left from the pace of the submissions graded in this run (kept ones cost nothing).
        let left = graded > 0 ? Int(Double(elapsed) / Double(graded) * Double(total - done)) : nil
        let eta = left.map { $0 >= 60 ? "\($0 / 60)m\(String(format: "%02d", $0 % 60))s" : "\($0)s" } ?? "…"
        return "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) · \(failed) failed · ETA \(eta)"
    }

    /// A closed pipe (`| head`) ends the progress, not the batch.
    private func write(_ text: String) { try? stream.write(contentsOf: Data(text.utf8)) }
}
