import Foundation

/// The class's grades as CSV: a header row, then one row per student with `id`, `score`,
/// `max_score`, the points of each criterion (in `CriterionID` order) and `status`. A class
/// read from an LMS's export has `name`, `handout_id`, `submitted` and `late` after `id`
/// (the LMS's identity); `score` is after any late penalty.
public struct Gradebook: Sendable {
    public var criteria: [CriterionID]
    public var grades: [Grade]

    public init(criteria: [CriterionID], grades: [Grade]) {
        self.criteria = criteria
        self.grades = grades.sorted { $0.id < $1.id }
    }

    public var csv: String {
        let identified = grades.contains { $0.student != nil }
        let who = identified ? ["name", "handout_id", "submitted", "late"] : []
        var lines = [(["id"] + who + ["score", "max_score"] + criteria.map(\.rawValue) + ["status"]).joined(separator: ",")]
        for grade in grades {
            let points = criteria.map { id in grade.results.first { $0.id == id }.map { Self.number($0.points) } ?? "" }
            let student = identified ? [grade.student?.name ?? "", grade.student?.handoutID ?? "", grade.student?.submitted ?? "", grade.student?.late?.description ?? ""].map(Self.field) : []
            lines.append(([Self.field(grade.id)] + student + [Self.number(grade.score), Self.number(grade.maxScore)] + points + [Self.field(grade.status)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the CSV to `path` atomically: the old file stays whole until the new one is complete.
    public func write(to path: String) throws(GradingError) {
        do { try Data(csv.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw GradingError(file: path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
    }

    /// 7, 2.5, 0.25: as short as exact.
    package static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break. Text a spreadsheet
    /// would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return: an id like `=HYPERLINK(...)`) gets a leading `'`, as OWASP advises, so it is
    /// shown as text.
    package static func field(_ text: String) -> String {
        let text = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
        return text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
