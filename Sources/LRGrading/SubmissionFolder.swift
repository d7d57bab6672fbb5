import Foundation

/// The submissions in a folder as a learning-management system exports them: either the
/// files side by side (`<id>.py`, `<id>.pdf`), paired by stem, or one folder per student
/// holding that student's files.
///
/// Nothing is dropped: a PDF without a script is a submission (graded as missing its
/// script), and every other file is listed in `unmatched`.
public struct SubmissionFolder: Sendable {
    public var submissions: [Submission]
    /// Files that belong to no submission, relative to the folder.
    public var unmatched: [String]

    public init(scanning folder: String) throws(GradingError) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder) else { throw GradingError(file: folder, reason: "no such folder") }
        guard isFolder.boolValue else { throw GradingError(file: folder, reason: "not a folder (expected a folder of <id>.py and <id>.pdf files, or one folder per student)") }
        let entries: [String]
        do { entries = try manager.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted() } catch {
            throw GradingError(file: folder, reason: "cannot list: \((error as NSError).localizedDescription)")
        }
        var byID: [String: Submission] = [:]
        var unmatched: [String] = []
        for entry in entries {
            let path = folder + "/" + entry
            var entryIsFolder: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &entryIsFolder)
            if entryIsFolder.boolValue {
                let inside = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
                let scripts = Self.preferred(inside.filter { $0.lowercased().hasSuffix(".py") })
                let pdfs = Self.preferred(inside.filter { $0.lowercased().hasSuffix(".pdf") })
                let used = [scripts.first, pdfs.first].compactMap { $0 }
                unmatched += inside.filter { !used.contains($0) }.map { entry + "/" + $0 }
                if used.isEmpty { unmatched.append(entry + "/"); continue }
                byID[entry] = Submission(id: entry, script: scripts.first.map { path + "/" + $0 }, pdf: pdfs.first.map { path + "/" + $0 })
                continue
            }
            let lowered = entry.lowercased()
            guard lowered.hasSuffix(".py") || lowered.hasSuffix(".pdf") else { unmatched.append(entry); continue }
            let stem = String((entry as NSString).deletingPathExtension)
            var submission = byID[stem] ?? Submission(id: stem, script: nil, pdf: nil)
            if lowered.hasSuffix(".py") { submission.script = path } else { submission.pdf = path }
            byID[stem] = submission
        }
        submissions = byID.values.sorted { $0.id < $1.id }
        self.unmatched = unmatched
        guard !submissions.isEmpty else {
            throw GradingError(file: folder, reason: "no submissions found (expected <id>.py and <id>.pdf files, or one folder per student)")
        }
    }

    /// Files with a numeric stem first, as the assignment names them.
    private static func preferred(_ files: [String]) -> [String] {
        files.filter { Submission.isNumericID(Substring(($0 as NSString).deletingPathExtension)) } + files.filter { !Submission.isNumericID(Substring(($0 as NSString).deletingPathExtension)) }
    }
}
