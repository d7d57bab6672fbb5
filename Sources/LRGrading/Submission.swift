import Foundation
import LRRunner

/// One student's files.
public struct Submission: Sendable, Equatable {
    /// The student's key: the files' stem (`123456789` for `123456789.py`) or, in an export
    /// with one folder per student, the folder's name.
    public var id: String
    public var script: String?
    public var pdf: String?
    /// The student's files that are not graded, with why (a link, a FIFO): named in the
    /// feedback, never opened.
    public var refusals: [UntrustedFile.Refusal] = []
    /// Who the student is, for a class read from an LMS's export; nil for a plain folder.
    public var student: Student?
    /// The names the student gave their files, by path, where the export renamed them
    /// (Canvas prefixes each with the student and the attachment): what `files` judges.
    public var originalNames: [String: String] = [:]

    /// The name the student gave the file at `path`.
    public func shownName(of path: String) -> String {
        originalNames[path] ?? (path as NSString).lastPathComponent
    }

    public init(id: String, script: String?, pdf: String?) {
        self.id = id
        self.script = script
        self.pdf = pdf
    }

    /// Why the student's script, or PDF, was not graded, if it was refused.
    func refusal(ofScript script: Bool) -> UntrustedFile.Refusal? {
        refusals.first { script ? Self.isScript($0.file) : $0.file.lowercased().hasSuffix(".pdf") }
    }

    /// Whether `name` is a script the runner takes: a `.py`, or a Jupyter notebook `.ipynb`
    /// (its code cells are run in order, as Jupyter runs them).
    static func isScript(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".py") || lowered.hasSuffix(".ipynb")
    }

    /// Whether `name` (a file stem) is a numeric student id, as the assignment asks.
    static func isNumericID(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// Why grading could not go on, with the file and what is wrong.
public struct GradingError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { file.isEmpty ? reason : "\(file): \(reason)" }
}
