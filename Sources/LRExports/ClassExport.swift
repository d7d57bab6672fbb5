import Foundation
import LRGrading
import LRRunner

/// A class's submissions as a learning-management system exported them: each student by
/// the LMS's identity, with their name, lateness and the names they gave their files.
///
/// The export is untrusted input, read as `SubmissionFolder` reads a folder: every entry
/// is looked at with `lstat`, links and special files are never followed or opened, and
/// nothing in the export is written. Files that cannot be graded (text entries, other
/// plugins' files, earlier attempts) are listed in `notGraded` with why; files that belong
/// to no student in `unmatched`.
public struct ClassExport: Sendable {
    public var layout: ExportLayout
    public var submissions: [Submission]
    public var unmatched: [String]
    public var notGraded: [UntrustedFile.Refusal]
    /// Whether each submission is a team's (Moodle's team submissions), keyed by the group.
    public var byTeam = false
    /// Per submission id, the name under which the LMS's bulk feedback upload attaches a
    /// file to that student (`FeedbackBundle`); empty where the LMS has no such upload.
    public var feedbackNames: [String: String] = [:]

    /// Reads `folder` as `layout`, or as the layout detected from its entries. Work handed
    /// in after `due` is late by the days begun since; `teams` says the export is by team
    /// (Moodle's team submissions), which the names alone show only for the default team.
    public init(reading folder: String, layout forced: ExportLayout? = nil, due: Date? = nil, teams: Bool = false) throws(GradingError) {
        guard case .folder = UntrustedFile.kind(atPath: folder) else {
            throw GradingError(file: folder, reason: UntrustedFile.kind(atPath: folder) == .missing ? "no such folder" : "not a folder (expected an LMS's export or a folder of submissions)")
        }
        let names = Self.entries(folder)
        layout = forced ?? ExportLayout.detect(names)
        var files: [ExportedFile] = [], unmatched: [String] = [], notGraded: [UntrustedFile.Refusal] = []
        var refused: [String: [UntrustedFile.Refusal]] = [:]
        /// Students the export names, by key, whether or not they left a file.
        var people: [String: String] = [:]
        func regular(_ path: String, _ shown: String, key: String) -> Bool {
            switch UntrustedFile.kind(atPath: path) {
            case .regular: return true
            case .folder: return false
            case let kind:
                refused[key, default: []].append(.init(file: shown, reason: kind == .symbolicLink ? "is a symbolic link; only regular files are graded" : "is not a regular file; only regular files are graded"))
                return false
            }
        }
        switch layout {
        case .folder:
            let plain = try SubmissionFolder(scanning: folder)
            (submissions, self.unmatched, self.notGraded) = (plain.submissions, plain.unmatched, plain.ignored)
            return
        case .canvas:
            for name in names where !name.hasPrefix(".") {
                guard let entry = CanvasExport.entry(name) else { unmatched.append(name); continue }
                guard let original = entry.originalName else {
                    notGraded.append(.init(file: name, reason: "a text or URL entry, not a file: not gradable")); continue
                }
                if regular(folder + "/" + name, name, key: entry.key) {
                    files.append(ExportedFile(key: entry.key, name: entry.name, originalName: original, path: folder + "/" + name, markedLate: entry.late,
                                              feedbackName: entry.prefix + "_feedback.pdf"))
                }
            }
        case .moodle:
            byTeam = teams
            for name in names where !name.hasPrefix(".") {
                guard let entry = MoodleExport.entry(name) else { unmatched.append(name); continue }
                let path = folder + "/" + name
                byTeam = byTeam || entry.defaultTeam
                guard entry.plugin == "file" else { notGraded.append(.init(file: name, reason: "Moodle's \(entry.plugin) submission, not a file: not gradable")); continue }
                let feedbackName = MoodleExport.feedbackName(name: entry.name, key: entry.key)
                if let original = entry.originalName {
                    if regular(path, name, key: entry.key) {
                        files.append(ExportedFile(key: entry.key, name: entry.name, originalName: original, path: path, feedbackName: feedbackName))
                    }
                } else if case .folder = UntrustedFile.kind(atPath: path) {
                    for inner in Self.files(below: path) {
                        if regular(path + "/" + inner, name + "/" + inner, key: entry.key) {
                            files.append(ExportedFile(key: entry.key, name: entry.name, originalName: (inner as NSString).lastPathComponent, path: path + "/" + inner,
                                                      feedbackName: feedbackName))
                        }
                    }
                } else {
                    _ = regular(path, name, key: entry.key)
                }
            }
        case .blackboard:
            var receipts: [String: String] = [:]
            for name in names where !name.hasPrefix(".") {
                guard let entry = BlackboardExport.entry(name) else { unmatched.append(name); continue }
                let path = folder + "/" + name
                guard regular(path, name, key: entry.username) else { continue }
                if let original = entry.originalName {
                    files.append(ExportedFile(key: entry.username, name: entry.username, originalName: original, path: path, submitted: entry.attempt))
                } else if let bytes = try? UntrustedFile.read(path, limit: 1 << 20), let student = BlackboardExport.name(inReceipt: String(decoding: bytes, as: UTF8.self)) {
                    receipts[entry.username] = student
                }
            }
            // The latest attempt is graded; the others are listed.
            let latest = Dictionary(files.map { ($0.key, $0.submitted ?? "") }, uniquingKeysWith: max)
            for file in files where file.submitted != latest[file.key] {
                notGraded.append(.init(file: (file.path as NSString).lastPathComponent, reason: "an earlier attempt (\(file.submitted ?? "")); the latest, \(latest[file.key] ?? ""), is graded"))
            }
            files = files.filter { $0.submitted == latest[$0.key] }.map { var file = $0; file.name = receipts[file.key] ?? file.name; return file }
        case .gradescope:
            let text: String
            do { text = String(decoding: try UntrustedFile.read(folder + "/" + GradescopeExport.metadataFile, limit: 64 << 20), as: UTF8.self) } catch {
                throw GradingError(file: folder + "/" + GradescopeExport.metadataFile, reason: error.reason)
            }
            let entries: [GradescopeExport.Entry]
            do { entries = try GradescopeExport.entries(metadata: text) } catch { throw GradingError(file: folder + "/" + GradescopeExport.metadataFile, reason: error.reason) }
            let known = Set(entries.map(\.folder))
            unmatched += names.filter { !$0.hasPrefix(".") && $0 != GradescopeExport.metadataFile && !known.contains($0) }
            for entry in entries {
                let path = folder + "/" + entry.folder
                guard case .folder = UntrustedFile.kind(atPath: path) else { refused[entry.key, default: []].append(.init(file: entry.folder, reason: "is missing or not a folder")); continue }
                for inner in Self.files(below: path) where regular(path + "/" + inner, entry.folder + "/" + inner, key: entry.key) {
                    files.append(ExportedFile(key: entry.key, name: entry.name, originalName: (inner as NSString).lastPathComponent, path: path + "/" + inner,
                                              submitted: entry.submittedAt))
                }
                people[entry.key] = entry.name
            }
        }
        for file in files where people[file.key] == nil { people[file.key] = file.name }
        (submissions, feedbackNames) = Self.submissions(of: files, people: people, refused: refused, due: due, unmatched: &unmatched)
        // Moodle's feedback upload matches participants, never a team.
        if byTeam { feedbackNames = [:] }
        self.unmatched = unmatched
        self.notGraded = notGraded
        guard !submissions.isEmpty else {
            throw GradingError(file: folder, reason: "no student found in it as a \(layout.title)")
        }
    }

    /// One submission per student: the script and the PDF chosen among their files as in a
    /// student's folder (`SubmissionFolder.choose`), the others listed; and the name of each
    /// one's feedback in the LMS's bulk upload, from the file graded.
    private static func submissions(of files: [ExportedFile], people: [String: String], refused: [String: [UntrustedFile.Refusal]],
                                    due: Date?, unmatched: inout [String]) -> ([Submission], [String: String]) {
        let byStudent = Dictionary(grouping: files, by: \.key)
        var feedbackNames: [String: String] = [:]
        let submissions = Set(people.keys).union(refused.keys).sorted().map { key in
            let own = byStudent[key] ?? []
            let chosen = SubmissionFolder.choose(own.map { (path: $0.path, name: $0.originalName) })
            unmatched += chosen.others.map { ($0 as NSString).lastPathComponent }
            var submission = Submission(id: key, script: chosen.script, pdf: chosen.pdf)
            submission.refusals = refused[key] ?? []
            submission.originalNames = Dictionary(own.map { ($0.path, $0.originalName) }, uniquingKeysWith: { first, _ in first })
            // The handout's id: the digits its script (else its PDF) is named with.
            let handout = [chosen.script, chosen.pdf].compactMap { $0 }.lazy.compactMap { path -> String? in
                let stem = (submission.shownName(of: path) as NSString).deletingPathExtension.prefix { $0.isASCII && $0.isNumber }
                return stem.isEmpty ? nil : String(stem)
            }.first
            let submitted = own.compactMap(\.submitted).max()
            let late: Lateness? = own.contains(where: \.markedLate) ? .marked
                : submitted.flatMap(ExportTime.date).flatMap { time in due.flatMap { Lateness(submitted: time, due: $0) } }
            submission.student = Student(name: people[key] ?? key, handoutID: handout, submitted: submitted, late: late)
            let graded = [chosen.script, chosen.pdf].compactMap { $0 }.first
            feedbackNames[key] = (own.first { $0.path == graded } ?? own.first)?.feedbackName
            return submission
        }
        return (submissions, feedbackNames)
    }

    /// The top-level entries of `folder`, sorted.
    private static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The regular files and other non-folders below `folder`, relative to it, found without
    /// following links (a linked folder is listed as an entry, never entered), at most 1,000.
    static func files(below folder: String) -> [String] {
        var found: [String] = [], pending = [""]
        while let relative = pending.popLast(), found.count < 1_000 {
            let base = relative.isEmpty ? folder : folder + "/" + relative
            for name in entries(base) where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                if case .folder = UntrustedFile.kind(atPath: folder + "/" + path) { pending.append(path) } else { found.append(path) }
            }
        }
        return found.sorted()
    }
}
