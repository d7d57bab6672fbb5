import Foundation
import LRGrading

/// A grade as terminal text: a header with the score, then per criterion its outcome,
/// points and title, with the feedback wrapped below. ANSI colors only when `colored`.
struct GradeTable {
    var grade: Grade
    var colored: Bool
    var width = 100

    var text: String {
        var lines = ["\(grade.id): \(Grade.shown(points: grade.score)) / \(Grade.shown(points: grade.maxScore)) points (run: \(grade.status))"]
        for result in grade.results {
            let label = result.outcome.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
            let points = "\(Grade.shown(points: result.points))/\(Grade.shown(points: result.maxPoints))".padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(paint(label, result.outcome)) \(points) \(result.id.title)")
            lines += Self.wrap(result.feedback, width: width - 18).map { String(repeating: " ", count: 18) + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func paint(_ text: String, _ outcome: Outcome) -> String {
        guard colored else { return text }
        let code = switch outcome { case .pass: "32"; case .partial: "33"; case .fail: "31" }
        return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
