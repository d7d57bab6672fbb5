/// Moodle's names (mod/assign/classes/downloader.php): a folder per participant,
/// `<Full Name>_<participant id>_assignsubmission_<plugin>` (older exports end with `_`),
/// or with folders off, `<Full Name>_<participant id>_assignsubmission_<plugin>_<name>`.
/// A team's submission carries the group's name and id instead, and the team of those in
/// no group is named without an id (`Default group_assignsubmission_file`). Only the
/// `file` plugin's files are graded.
enum MoodleExport {
    struct Entry: Equatable {
        var key: String
        var name: String
        var plugin: String
        /// Nil for a participant's folder.
        var originalName: String?
        /// Whether the name has no id: then it is the default team, and the export is by team.
        var defaultTeam = false
    }

    /// The name Moodle's "Upload multiple feedback files in a zip" matches to participant
    /// `key` (mod/assign/feedback/file/importziplib.php splits it at the first four `_`:
    /// name, participant id, plugin type, plugin, then the file's name).
    static func feedbackName(name: String, key: String) -> String {
        "\(name.replacingOccurrences(of: "_", with: " "))_\(key)_assignfeedback_file_feedback.pdf"
    }

    static func entry(_ name: String) -> Entry? {
        guard name.contains("_assignsubmission_") else { return nil }
        if let match = name.wholeMatch(of: /(?<name>.+)_(?<participant>\d+)_assignsubmission_(?<plugin>[a-z]+)_?/) {
            return Entry(key: String(match.participant), name: String(match.name), plugin: String(match.plugin), originalName: nil)
        }
        if let match = name.wholeMatch(of: /(?<name>.+)_(?<participant>\d+)_assignsubmission_(?<plugin>[a-z]+)_(?<file>.+)/) {
            return Entry(key: String(match.participant), name: String(match.name), plugin: String(match.plugin), originalName: String(match.file))
        }
        if let match = name.wholeMatch(of: /(?<name>[^_]+)_assignsubmission_(?<plugin>[a-z]+)(?:_(?<file>.*))?/) {
            let file = match.file.flatMap { $0.isEmpty ? nil : String($0) }
            return Entry(key: String(match.name), name: String(match.name), plugin: String(match.plugin), originalName: file, defaultTeam: true)
        }
        return nil
    }
}
