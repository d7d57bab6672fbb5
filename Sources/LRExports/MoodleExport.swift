/// Moodle's names (mod/assign/classes/downloader.php): a folder per participant,
/// `<Full Name>_<participant id>_assignsubmission_<plugin>` (older exports end with `_`),
/// or with folders off, `<Full Name>_<participant id>_assignsubmission_<plugin>_<name>`.
/// A team's submission carries the group's name. Only the `file` plugin's files are graded.
enum MoodleExport {
    struct Entry: Equatable {
        var key: String
        var name: String
        var plugin: String
        /// Nil for a participant's folder.
        var originalName: String?
    }

    static func entry(_ name: String) -> Entry? {
        guard name.contains("_assignsubmission_") else { return nil }
        if let match = name.wholeMatch(of: /(?<name>.+)_(?<participant>\d+)_assignsubmission_(?<plugin>[a-z]+)_?/) {
            return Entry(key: String(match.participant), name: String(match.name), plugin: String(match.plugin), originalName: nil)
        }
        if let match = name.wholeMatch(of: /(?<name>.+)_(?<participant>\d+)_assignsubmission_(?<plugin>[a-z]+)_(?<file>.+)/) {
            return Entry(key: String(match.participant), name: String(match.name), plugin: String(match.plugin), originalName: String(match.file))
        }
        return nil
    }
}
