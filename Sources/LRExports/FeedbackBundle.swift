import Foundation
import LRData
import LRGrading
import LRRunner

/// Every student's `feedback.pdf` in one zip, each named so that the LMS's bulk upload
/// attaches it to that student: Moodle's "Upload multiple feedback files in a zip"
/// (`<Full Name>_<participant id>_assignfeedback_file_feedback.pdf`) and Canvas's
/// "Re-Upload Submissions" (`<sortable name>_<user id>_<attachment id>_feedback.pdf`, the
/// download's own prefix, which Canvas reads the user id from).
public enum FeedbackBundle {
    public static let fileName = "feedback.zip"

    /// Writes `out/feedback.zip` from the feedback PDFs the batch wrote for `grades`, and
    /// returns how many it holds; nil (and nothing written) when the LMS has no such upload
    /// or the export is by team.
    @discardableResult
    public static func write(for export: ClassExport, grades: [Grade], in out: String) throws(GradingError) -> Int? {
        guard !export.feedbackNames.isEmpty else { return nil }
        let members = grades.sorted { $0.id < $1.id }.compactMap { grade -> (name: String, file: String)? in
            let pdf = out + "/" + BatchGrader.folderName(grade.id) + "/feedback.pdf"
            guard let name = export.feedbackNames[grade.id], case .regular = UntrustedFile.kind(atPath: pdf) else { return nil }
            return (name, pdf)
        }
        do { try ZipWriter.write(members, to: out + "/" + fileName) } catch { throw GradingError(file: error.file, reason: error.reason) }
        return members.count
    }
}
