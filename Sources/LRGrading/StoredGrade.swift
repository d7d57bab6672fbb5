import Foundation

/// A graded submission as `lrgrade grade` keeps it in `<out>/<id>/grade.json`: the results,
/// the status and the hash of everything the grade depends on. It is written last, after
/// `results.json` and `feedback.pdf`, so its presence with a matching hash means the
/// student's files are complete and current, and the gradebook can be rebuilt from it.
struct StoredGrade: Codable, Sendable {
    static let schema = "lrgrade-grade/1"
    static let fileName = "grade.json"

    var schema = StoredGrade.schema
    var id: String
    /// Who the student is, for a class read from an LMS's export (absent otherwise).
    var student: Student?
    var status: String
    /// SHA-256 over everything the grade depends on (see `BatchGrader`).
    var inputs: String
    var results: [CriterionResult]
    var penalty: Grade.Penalty?
    /// What the class report reads (see `Grade.Facts`).
    var facts: Grade.Facts?

    init(_ grade: Grade, inputs: String) {
        id = grade.id
        student = grade.student
        status = grade.status
        self.inputs = inputs
        results = grade.results
        penalty = grade.penalty
        facts = grade.facts
    }

    /// The grade, without the data its feedback report was drawn from.
    var grade: Grade {
        var grade = Grade(id: id, results: results, status: status, details: .init(expectedWeights: [], pdfPages: []))
        grade.student = student
        grade.penalty = penalty
        grade.facts = facts ?? Grade.Facts()
        return grade
    }

    /// The stored grade in `folder`, if there is a readable one.
    static func read(from folder: String) -> StoredGrade? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName),
              let stored = try? JSONDecoder().decode(StoredGrade.self, from: data), stored.schema == schema else { return nil }
        return stored
    }

    func write(to folder: String) throws(GradingError) { try writeJSON(to: folder + "/" + Self.fileName) }
}
