import Foundation
import LRRunner

/// A graded student as `lrgrade grade` left them in the results folder: what the gradebook,
/// the class summary and the class report are built from, without running or grading
/// anything again.
public struct StoredRecord: Sendable {
    /// The student's folder in the results folder.
    public var folder: String
    public var grade: Grade
    /// The script's code as it ran (a notebook's code cells), from the stored run; nil
    /// when there is no script or no readable stored run.
    public var code: String?

    /// Every student's record in `out`, by id, and the folders that look like a student's
    /// (they hold a `run.gz` or a `.grading` count) but have no readable `grade.json`.
    /// Reading the code costs a decompression per student; leave it out when not needed.
    public static func all(in out: String, withCode: Bool) throws(GradingError) -> (records: [StoredRecord], unreadable: [String]) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: out) } catch {
            throw GradingError(file: out, reason: "cannot list the results folder: \((error as NSError).localizedDescription)")
        }
        var records: [StoredRecord] = [], unreadable: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") && !BatchGrader.reservedNames.contains(name) {
            let folder = out + "/" + name
            guard case .folder = UntrustedFile.kind(atPath: folder) else { continue }
            if let stored = StoredGrade.read(from: folder) {
                records.append(StoredRecord(folder: name, grade: stored.grade, code: withCode ? StoredRun.code(in: folder) : nil))
            } else if [StoredRun.fileName, BatchGrader.attemptFile, StoredGrade.fileName].contains(where: { access(folder + "/" + $0, F_OK) == 0 }) {
                unreadable.append(name)
            }
        }
        return (records.sorted { $0.grade.id < $1.grade.id }, unreadable)
    }
}
