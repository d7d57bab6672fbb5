/// How a learning-management system lays out a class's submissions when it exports them.
public enum ExportLayout: String, CaseIterable, Sendable {
    /// Canvas's "Download Submissions": flat files
    /// `<sortable name>[_LATE]_<user id>_<attachment id>_<original name>`.
    case canvas
    /// Moodle's "Download all submissions": `<Full Name>_<participant id>_assignsubmission_file/`
    /// folders, or flat `…_assignsubmission_file_<name>` files.
    case moodle
    /// Blackboard's download: `<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<name>`
    /// and a `….txt` receipt per attempt.
    case blackboard
    /// Gradescope's "Export Submissions": `submission_metadata.yml` and `submission_<id>/`.
    case gradescope
    /// `<id>.py` and `<id>.pdf` side by side, or one folder per student (`SubmissionFolder`).
    case folder

    /// What people call it.
    public var title: String {
        switch self {
        case .canvas: "Canvas export"
        case .moodle: "Moodle export"
        case .blackboard: "Blackboard export"
        case .gradescope: "Gradescope export"
        case .folder: "folder"
        }
    }

    /// The layout of a folder whose top-level entries are `names`: the first whose
    /// signature they carry (Gradescope's metadata file; Moodle's `_assignsubmission_`;
    /// Blackboard's `_attempt_<time>`; most files named as Canvas names them), else a plain
    /// folder.
    public static func detect(_ names: [String]) -> ExportLayout {
        if names.contains(GradescopeExport.metadataFile) { return .gradescope }
        if names.contains(where: { MoodleExport.entry($0) != nil }) { return .moodle }
        if names.contains(where: { BlackboardExport.entry($0) != nil }) { return .blackboard }
        let visible = names.filter { !$0.hasPrefix(".") }
        let canvas = visible.filter { CanvasExport.entry($0) != nil }.count
        return !visible.isEmpty && 2 * canvas > visible.count ? .canvas : .folder
    }
}
