import Foundation
import LRRunner
import Synchronization

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
    public static func all(in out: String) throws(GradingError) -> (records: [StoredRecord], unreadable: [String]) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: out) } catch {
            throw GradingError(file: out, reason: "cannot list the results folder: \((error as NSError).localizedDescription)")
        }
        let candidates = names.sorted().filter { !$0.hasPrefix(".") && !BatchGrader.reservedNames.contains($0) }
        // Each folder read on its own (JSON and a decompression each): on every core.
        let read = Mutex<[(index: Int, record: StoredRecord?, unreadable: Bool)]>([])
        DispatchQueue.concurrentPerform(iterations: candidates.count) { index in
            let name = candidates[index], folder = out + "/" + name
            guard case .folder = UntrustedFile.kind(atPath: folder) else { return }
            if let stored = StoredGrade.read(from: folder) {
                let record = StoredRecord(folder: name, grade: stored.grade, code: StoredRun.code(in: folder))
                read.withLock { $0.append((index, record, false)) }
            } else if [StoredRun.fileName, BatchGrader.attemptFile, StoredGrade.fileName].contains(where: { access(folder + "/" + $0, F_OK) == 0 }) {
                read.withLock { $0.append((index, nil, true)) }
            }
        }
        let found = read.withLock { $0 }.sorted { $0.index < $1.index }
        return (found.compactMap(\.record).sorted { $0.grade.id < $1.grade.id }, found.filter(\.unreadable).map { candidates[$0.index] })
    }

    /// The criteria graded in `records`, in `CriterionID` order.
    public static func criteria(of records: [StoredRecord]) -> [CriterionID] {
        CriterionID.allCases.filter { id in records.contains { $0.grade.results.contains { $0.id == id } } }
    }
}
