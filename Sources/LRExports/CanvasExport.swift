/// Canvas's file names (instructure/canvas-lms, lib/content_zipper.rb): the sortable name
/// lowercased with non-word characters removed, `LATE` when late, the user id, joined by
/// `_`, then the attachment id and the original name; `anon_<id>` under anonymous grading;
/// `…_text.html` and `…_link.html` for text and URL entries, which cannot be graded.
enum CanvasExport {
    struct Entry: Equatable {
        var key: String
        var name: String
        var late: Bool
        /// Nil for a text or URL entry.
        var originalName: String?
    }

    static func entry(_ file: String) -> Entry? {
        if let match = file.wholeMatch(of: /anon_(?<user>\d+)_(?<attachment>\d+)_(?<file>.+)/) {
            return Entry(key: "anon_" + match.user, name: "anon_" + match.user, late: false, originalName: String(match.file))
        }
        if let match = file.wholeMatch(of: /(?<name>.+?)(?<late>_LATE)?_(?<user>\d+)_(?:text|link)\.html/) {
            return Entry(key: String(match.user), name: String(match.name), late: match.late != nil, originalName: nil)
        }
        if let match = file.wholeMatch(of: /(?<name>.+?)(?<late>_LATE)?_(?<user>\d+)_(?<attachment>\d+)_(?<file>.+)/) {
            return Entry(key: String(match.user), name: String(match.name), late: match.late != nil, originalName: String(match.file))
        }
        return nil
    }
}
