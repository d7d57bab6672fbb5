import Foundation
import LRClassSummary
import LRGrading
import LRReport
import LRRunner
import LRSolver

/// The files about the class as a whole, rebuilt from every student's stored record in the
/// results folder: `gradebook.csv`, `summary.json` and `class-report.pdf`. What `grade`
/// writes at the end of a batch and `gradebook DIR` writes on its own.
enum ClassFiles {
    static let summaryName = "summary.json"
    static let reportName = "class-report.pdf"

    /// What was written, and what could not be (one line each).
    struct Written {
        var names: [String] = []
        var problems: [String] = []
        var records = 0
        /// The grades read, for the LMS's files.
        var grades: [Grade] = []
        var unreadable: [String] = []
        /// Seconds spent reading the records, building and writing the summary (the
        /// similarity is most of it) and drawing the report.
        var seconds = (reading: 0.0, summary: 0.0, report: 0.0)
    }

    /// Writes the summary and the report of the records in `out` (and the gradebook too,
    /// when `gradebook`), the pairs of scripts listed from the rubric's similarity threshold.
    static func write(in out: String, rubric: Rubric, gradebook: Bool) -> Written {
        var written = Written()
        var clock = ContinuousClock.now
        func lap() -> Double {
            defer { clock = ContinuousClock.now }
            return (ContinuousClock.now - clock).seconds
        }
        let records: [StoredRecord]
        do { (records, written.unreadable) = try StoredRecord.all(in: out) } catch {
            written.problems.append(error.description)
            return written
        }
        written.records = records.count
        written.grades = records.map(\.grade)
        if gradebook {
            let criteria = StoredRecord.criteria(of: records)
            do {
                try Gradebook(criteria: criteria.isEmpty ? rubric.criteria.map(\.id) : criteria, grades: records.map(\.grade)).write(to: out + "/gradebook.csv")
                written.names.append("gradebook.csv")
            } catch { written.problems.append(error.description) }
        }
        written.seconds.reading = lap()
        let summary = ClassSummary(records: records, threshold: rubric.similarityThreshold, skeleton: skeleton)
        do {
            try summary.json.write(to: URL(fileURLWithPath: out + "/" + summaryName), options: .atomic)
            written.names.append(summaryName)
        } catch {
            written.problems.append("\(out)/\(summaryName): cannot write: \((error as NSError).localizedDescription)")
        }
        written.seconds.summary = lap()
        let code = Dictionary(records.compactMap { record in record.code.map { (record.grade.id, $0) } }, uniquingKeysWith: { first, _ in first })
        do {
            try ClassReport.write(summary, code: code, to: out + "/" + reportName)
            written.names.append(reportName)
        } catch { written.problems.append(error.description) }
        written.seconds.report = lap()
        return written
    }

    /// The handout's own code (templates/handout.py), which the similarity leaves out; none
    /// when the templates are not found.
    static var skeleton: String {
        BundledData.templates(executablePath: CommandLine.arguments[0])
            .flatMap { try? String(contentsOfFile: $0 + "/handout.py", encoding: .utf8) } ?? ""
    }
}
