import Foundation
import Yams

/// Gradescope's "Export Submissions": `submission_metadata.yml` maps each
/// `submission_<id>` folder to its `:submitters` (`:name`, `:sid`, `:email`) and
/// `:created_at`; the student is the first submitter's SID (else email, else the folder).
enum GradescopeExport {
    static let metadataFile = "submission_metadata.yml"

    struct Entry: Equatable {
        var folder: String
        var key: String
        var name: String
        var submittedAt: String?
    }

    /// The metadata's entries, or why it cannot be read.
    static func entries(metadata text: String) throws(ExportError) -> [Entry] {
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch { throw ExportError(reason: "\(metadataFile) is not valid YAML") }
        guard let folders = document as? [String: Any] else { throw ExportError(reason: "\(metadataFile) is not a mapping of submission folders") }
        return folders.keys.sorted().map { folder in
            let fields = folders[folder] as? [String: Any] ?? [:]
            let submitter = (fields[":submitters"] as? [[String: Any]])?.first ?? [:]
            func text(_ key: String) -> String? { submitter[key].map { "\($0)" }.flatMap { $0.isEmpty ? nil : $0 } }
            // Yams reads `2026-11-22 10:00:00.000000000 -08:00` as a date.
            let created = fields[":created_at"].map { ($0 as? Date).map(ExportTime.text) ?? "\($0)" }
            return Entry(folder: folder, key: text(":sid") ?? text(":email") ?? folder, name: text(":name") ?? folder, submittedAt: created)
        }
    }
}

/// Why an export cannot be read.
struct ExportError: Error {
    var reason: String
}
