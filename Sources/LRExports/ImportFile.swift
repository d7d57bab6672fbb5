import Foundation
import LRGrading

/// The grades in an LMS's own import format, beside `gradebook.csv`, so that nobody types
/// them in: each student's row keyed by the identity the LMS matches on.
public enum ImportFile {
    /// The assignment as the LMS knows it: its column's title and, where the LMS has one,
    /// its id (Canvas's `Title (id)` header updates that assignment; without an id, Canvas
    /// makes a new one).
    public struct Assignment: Sendable {
        public var name: String
        public var id: String?
        public init(name: String, id: String? = nil) {
            self.name = name
            self.id = id
        }
    }

    /// The import file for `export`'s LMS; none for a team export, whose rows would be
    /// groups where Moodle's worksheet matches participants.
    public static func file(for export: ClassExport, grades: [Grade], assignment: Assignment) -> (name: String, csv: String)? {
        export.byTeam ? nil : file(for: export.layout, grades: grades, assignment: assignment)
    }

    /// The file name and content of `layout`'s import file for `grades`, or nil for a layout
    /// without one (Gradescope takes each student's results.json; a plain folder has no LMS).
    public static func file(for layout: ExportLayout, grades: [Grade], assignment: Assignment) -> (name: String, csv: String)? {
        let graded = grades.sorted { $0.id < $1.id }
        let maximum = graded.first.map { Gradebook.number($0.maxScore) } ?? "100"
        func row(_ fields: [String]) -> String { fields.map(Gradebook.field).joined(separator: ",") }
        switch layout {
        case .canvas:
            // Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
            // assignment; a "Points Possible" row first.
            let column = assignment.id.map { "\(assignment.name) (\($0))" } ?? assignment.name
            var lines = [row(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]),
                         row(["Points Possible", "", "", "", "", maximum])]
            lines += graded.map { row([$0.student?.name ?? $0.id, $0.id, "", "", "", Gradebook.number($0.score)]) }
            return ("canvas-import.csv", lines.joined(separator: "\n") + "\n")
        case .moodle:
            // Moodle's offline grading worksheet, matched on "Participant <id>".
            var lines = [row(["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)", "Feedback comments"])]
            let now = Self.moodleDate(Date())
            lines += graded.map { grade in
                row(["Participant \(grade.id)", grade.student?.name ?? grade.id, Gradebook.number(grade.score), maximum, now, summary(grade)])
            }
            return ("moodle-grading-worksheet.csv", lines.joined(separator: "\n") + "\n")
        case .blackboard:
            // Blackboard's Grade Center upload, matched on Username.
            let column = "\(assignment.name) [Total Pts: \(maximum) Score]" + (assignment.id.map { " |\($0)" } ?? "")
            var lines = [row(["Username", "Name", column])]
            lines += graded.map { row([$0.id, $0.student?.name ?? "", Gradebook.number($0.score)]) }
            return ("blackboard-grade-center.csv", lines.joined(separator: "\n") + "\n")
        case .gradescope, .folder:
            return nil
        }
    }

    /// A grade in one line for a feedback comment: the score, each criterion that lost points
    /// and the late penalty.
    static func summary(_ grade: Grade) -> String {
        let lost = grade.results.filter { $0.points < $0.maxPoints }.map { "\($0.id.rawValue) \(Gradebook.number($0.points))/\(Gradebook.number($0.maxPoints))" }
        let score = "lrgrade: \(Gradebook.number(grade.score)) of \(Gradebook.number(grade.maxScore))"
        let criteria = lost.isEmpty ? ", every criterion passed." : "; points lost: " + lost.joined(separator: ", ") + "."
        let late = grade.penalty.map { " " + $0.reason } ?? ""
        return score + criteria + late + (lost.isEmpty ? "" : " The feedback PDF says why.")
    }

    /// Moodle's worksheet date: "Tuesday, 1 December 2026, 5:05 PM", in the local time zone.
    static func moodleDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "EEEE, d MMMM yyyy, h:mm a"
        return formatter.string(from: date)
    }
}
