import Foundation
import LRExports
import LRGrading
import LRRunner

/// The one submission a platform's container holds: the student's files in the platform's
/// submission folder, whatever their names and however deep (a student may upload a zip of
/// a folder), and, on Gradescope, who handed it in and when, from the submission's metadata.
public struct PlatformSubmission: Sendable {
    public var submission: Submission
    /// The files not graded, relative to the submission folder: the other files, and links
    /// or special files, which are never followed.
    public var others: [String]

    /// Folders deeper than this are not looked into: an upload is a few files.
    static let maximumDepth = 4

    public init(_ platform: Platform, root: String) throws(PlatformError) {
        let folder = platform.submissionFolder(root: root)
        guard case .folder = UntrustedFile.kind(atPath: folder) else {
            throw PlatformError(file: folder, reason: "no such folder: the platform puts the student's files here (is --root right?)")
        }
        var files: [(path: String, name: String)] = []
        var others: [String] = []
        func walk(_ relative: String, depth: Int) {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                let inside = relative.isEmpty ? name : relative + "/" + name
                switch UntrustedFile.kind(atPath: folder + "/" + inside) {
                case .regular: files.append((folder + "/" + inside, name))
                // macOS's zip leaves its resource forks in __MACOSX: no student's file.
                case .folder where depth < Self.maximumDepth && name != "__MACOSX" && !name.hasPrefix("."): walk(inside, depth: depth + 1)
                default: others.append(inside)
                }
            }
        }
        walk("", depth: 0)
        let chosen = SubmissionFolder.choose(files)
        let stem = (chosen.script ?? chosen.pdf).map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        submission = Submission(id: stem ?? "submission", script: chosen.script, pdf: chosen.pdf)
        self.others = others + chosen.others.map { String($0.dropFirst(folder.count + 1)) }
        if let metadata = platform.metadataFile(root: root) { submission.student = try Self.student(metadata) }
    }

    /// The submitter and the lateness in Gradescope's `submission_metadata.json`: late when
    /// `created_at` is after the assignment's `due_date` (by the days begun since); nil when
    /// the file is absent (a test run).
    static func student(_ path: String) throws(PlatformError) -> Student? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes: [UInt8]
        do { bytes = try UntrustedFile.read(path, limit: 16 << 20) } catch { throw PlatformError(file: path, reason: error.reason) }
        guard let fields = (try? JSONValue(parsing: Data(bytes)))?.object else { throw PlatformError(file: path, reason: "not a JSON object") }
        let user = fields["users"]?.array?.first?.object
        let created = fields["created_at"]?.string
        let due = fields["assignment"]?.object?["due_date"]?.string
        let late = created.flatMap(ExportTime.date).flatMap { time in due.flatMap(ExportTime.date).flatMap { Lateness(submitted: time, due: $0) } }
        return Student(name: user?["name"]?.string ?? user?["email"]?.string ?? "", handoutID: user?["sid"]?.string, submitted: created, late: late)
    }
}
