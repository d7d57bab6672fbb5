import Foundation
import LRRunner

/// The submissions in a folder as a learning-management system exports them: either the
/// files side by side (`<id>.py` or a notebook `<id>.ipynb`, `<id>.pdf`), paired by stem,
/// or one folder per student holding that student's files (its only PDF is the student's,
/// whatever its name). A PDF whose name starts with a script's id
/// (`123456789_hw.pdf` beside `123456789.py`) belongs to that script when the script has no
/// PDF of its own: the `files` criterion names the mismatch, the PDF is still graded.
///
/// Nothing is dropped: a PDF without a script is a submission (graded as missing its
/// script), every other file is listed in `unmatched`, and what cannot be graded is listed
/// with the reason, in `ignored` or with the student it belongs to.
///
/// The folder is untrusted input. Every entry is looked at with `lstat`: only regular files
/// and real folders are submissions. A link, FIFO or device named like a student's file is
/// that student's problem (`Submission.refusals`), never followed or opened; a link to a
/// folder is not entered.
public struct SubmissionFolder: Sendable {
    public var submissions: [Submission]
    /// Files that belong to no submission, relative to the folder.
    public var unmatched: [String]
    /// Entries that were not looked at, with why: hidden names, and links or special files
    /// that no student's file name claims.
    public var ignored: [UntrustedFile.Refusal]

    public init(scanning folder: String) throws(GradingError) {
        switch UntrustedFile.kind(atPath: folder) {
        case .folder: break
        case .missing: throw GradingError(file: folder, reason: "no such folder")
        default: throw GradingError(file: folder, reason: "not a folder (expected a folder of <id>.py and <id>.pdf files, or one folder per student)")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            throw GradingError(file: folder, reason: "cannot list: \((error as NSError).localizedDescription)")
        }
        var byID: [String: Submission] = [:]
        /// Ids made of loose files, not of a student's folder: only those pair by prefix.
        var loose = Set<String>()
        var unmatched: [String] = []
        var ignored: [UntrustedFile.Refusal] = []
        for entry in entries {
            let path = folder + "/" + entry
            if entry.hasPrefix(".") {
                ignored.append(.init(file: entry, reason: "a hidden name, not graded (rename it to grade it)"))
                continue
            }
            let kind = UntrustedFile.kind(atPath: path)
            if kind == .folder {
                var submission = Submission(id: entry, script: nil, pdf: nil)
                let inside = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                var scripts: [String] = [], pdfs: [String] = []
                for name in inside {
                    let isScript = Submission.isScript(name), isPDF = name.lowercased().hasSuffix(".pdf")
                    if name.hasPrefix(".") {
                        ignored.append(.init(file: entry + "/" + name, reason: "a hidden name, not graded"))
                    } else if case .regular = UntrustedFile.kind(atPath: path + "/" + name) {
                        if isScript { scripts.append(name) } else if isPDF { pdfs.append(name) } else { unmatched.append(entry + "/" + name) }
                    } else if isScript || isPDF {
                        submission.refusals.append(Self.refusal(entry + "/" + name, UntrustedFile.kind(atPath: path + "/" + name)))
                    } else {
                        unmatched.append(entry + "/" + name)
                    }
                }
                let chosen = Self.choose((scripts + pdfs).map { (path: path + "/" + $0, name: $0) })
                unmatched += chosen.others.map { entry + "/" + ($0 as NSString).lastPathComponent }
                submission.script = chosen.script
                submission.pdf = chosen.pdf
                if submission.script == nil, submission.pdf == nil, submission.refusals.isEmpty { unmatched.append(entry + "/"); continue }
                byID[entry] = submission
                continue
            }
            let isScript = Submission.isScript(entry), isPDF = entry.lowercased().hasSuffix(".pdf")
            guard isScript || isPDF else {
                if case .regular = kind {
                    unmatched.append(entry)
                } else if !entry.contains(".") {
                    // Named like a student's folder: that student's row says why it was not graded.
                    var submission = Submission(id: entry, script: nil, pdf: nil)
                    submission.refusals.append(Self.refusal(entry, kind))
                    byID[entry] = submission
                } else {
                    ignored.append(Self.refusal(entry, kind))
                }
                continue
            }
            let stem = String((entry as NSString).deletingPathExtension)
            loose.insert(stem)
            var submission = byID[stem] ?? Submission(id: stem, script: nil, pdf: nil)
            if case .regular = kind {
                if isScript {
                    // A script and its notebook: the one `choose` prefers is run, the other listed.
                    let chosen = Self.choose(([submission.script].compactMap { $0 } + [path]).map { (path: $0, name: ($0 as NSString).lastPathComponent) })
                    submission.script = chosen.script
                    unmatched += chosen.others.map { ($0 as NSString).lastPathComponent }
                } else { submission.pdf = path }
            } else {
                submission.refusals.append(Self.refusal(entry, kind))
            }
            byID[stem] = submission
        }
        Self.pairByPrefix(&byID, loose: loose, unmatched: &unmatched, folder: folder)
        submissions = byID.values.sorted { $0.id < $1.id }
        self.unmatched = unmatched
        self.ignored = ignored
        guard !submissions.isEmpty else {
            throw GradingError(file: folder, reason: "no submissions found (expected <id>.py and <id>.pdf files, or one folder per student)")
        }
    }

    /// Gives each loose PDF without a script of its stem to the script whose id is the longest
    /// proper prefix of its name, ending at a boundary (`123456789_hw`, `123456789 (1)`,
    /// `alice-report`, not `1234567890`); one PDF per script, the others listed as unmatched.
    private static func pairByPrefix(_ byID: inout [String: Submission], loose: Set<String>, unmatched: inout [String], folder: String) {
        let scripts = byID.values.filter { loose.contains($0.id) && $0.script != nil }.map(\.id).sorted { $0.count > $1.count }
        for orphan in byID.values.filter({ loose.contains($0.id) && $0.script == nil && $0.pdf != nil && $0.refusals.isEmpty }).sorted(by: { $0.id < $1.id }) {
            guard let owner = scripts.first(where: { Self.isPrefix($0, of: orphan.id) }) else { continue }
            byID[orphan.id] = nil
            if byID[owner]?.pdf == nil {
                byID[owner]?.pdf = orphan.pdf
            } else {
                unmatched.append((orphan.pdf! as NSString).lastPathComponent)
            }
        }
    }

    /// Whether `id` begins `name` and stops at a boundary: the next character is neither a
    /// digit after a digit nor a letter after a letter.
    static func isPrefix(_ id: String, of name: String) -> Bool {
        guard name.count > id.count, name.hasPrefix(id), let last = id.last else { return false }
        let next = name[name.index(name.startIndex, offsetBy: id.count)]
        return !(last.isNumber && next.isNumber) && !(last.isLetter && next.isLetter)
    }

    private static func refusal(_ name: String, _ kind: UntrustedFile.Kind) -> UntrustedFile.Refusal {
        switch kind {
        case .symbolicLink: .init(file: name, reason: "is a symbolic link; only regular files and folders are graded")
        case .special(let what): .init(file: name, reason: "is \(what); only regular files are graded")
        case .folder: .init(file: name, reason: "is a folder, not a file")
        case .missing: .init(file: name, reason: "disappeared while the folder was read")
        case .regular: .init(file: name, reason: "")
        }
    }

    /// One student's script and PDF among their `files` (paths with the names the student
    /// gave them): a numerically named file first, as the assignment names them, a .py
    /// before a notebook; the only PDF whatever its name. `others` are the paths not chosen.
    public static func choose(_ files: [(path: String, name: String)]) -> (script: String?, pdf: String?, others: [String]) {
        func rank(_ file: (path: String, name: String)) -> Int {
            (Submission.isNumericID(Substring((file.name as NSString).deletingPathExtension)) ? 0 : 2) + (file.name.lowercased().hasSuffix(".py") ? 0 : 1)
        }
        let ranked = files.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        let script = ranked.first { Submission.isScript($0.name) }?.path
        let pdf = ranked.first { $0.name.lowercased().hasSuffix(".pdf") }?.path
        return (script, pdf, files.map(\.path).filter { $0 != script && $0 != pdf })
    }
}
