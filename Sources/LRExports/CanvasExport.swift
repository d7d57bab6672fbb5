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

    /// The parts of a Canvas name, read by splitting at `_` (as the lazy pattern
    /// `<name>(_LATE)?_<digits>_<digits>_<rest>` would, without a regular expression: an
    /// export has thousands of names).
    static func entry(_ file: String) -> Entry? {
        let parts = file.split(separator: "_", omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        if parts.count >= 4, parts[0] == "anon", digits(parts[1]), digits(parts[2]) {
            return Entry(key: "anon_" + parts[1], name: "anon_" + parts[1], late: false, originalName: parts[3...].joined(separator: "_"))
        }
        guard parts.count >= 3 else { return nil }
        for index in 1..<(parts.count - 1) where digits(parts[index]) {
            let late = index >= 2 && parts[index - 1] == "LATE"
            let name = parts[..<(late ? index - 1 : index)].joined(separator: "_")
            guard !name.isEmpty else { return nil }
            if index == parts.count - 2, parts[index + 1] == "text.html" || parts[index + 1] == "link.html" {
                return Entry(key: String(parts[index]), name: name, late: late, originalName: nil)
            }
            if index + 2 < parts.count, digits(parts[index + 1]) {
                return Entry(key: String(parts[index]), name: name, late: late, originalName: parts[(index + 2)...].joined(separator: "_"))
            }
        }
        return nil
    }
}
