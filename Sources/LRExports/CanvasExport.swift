/// Canvas's file names (instructure/canvas-lms, lib/content_zipper.rb): the sortable name
/// lowercased with non-word characters removed, `LATE` when late, the user id, joined by
/// `_`, then the attachment id and the original name; `anon_<id>` under anonymous grading;
/// `…_text.html` and `…_link.html` for text and URL entries, which cannot be graded.
/// A file handed in again under the same name is renamed by Canvas (`name-1.py`); the
/// original name is the one before that suffix.
enum CanvasExport {
    struct Entry: Equatable {
        var key: String
        var name: String
        var late: Bool
        /// Nil for a text or URL entry.
        var originalName: String?
        /// The name up to the attachment id, which Canvas's "Re-Upload Submissions" matches
        /// (it reads the user id from the first number in the name).
        var prefix = ""
    }

    /// The parts of a Canvas name, read by splitting at `_` (as the lazy pattern
    /// `<name>(_LATE)?_<digits>_<digits>_<rest>` would, without a regular expression: an
    /// export has thousands of names).
    static func entry(_ file: String) -> Entry? {
        let parts = file.split(separator: "_", omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        if parts.count >= 4, parts[0] == "anon", digits(parts[1]), digits(parts[2]) {
            return Entry(key: "anon_" + parts[1], name: "anon_" + parts[1], late: false, originalName: original(parts[3...].joined(separator: "_")),
                         prefix: parts[..<3].joined(separator: "_"))
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
                return Entry(key: String(parts[index]), name: name, late: late, originalName: original(parts[(index + 2)...].joined(separator: "_")),
                             prefix: parts[...(index + 1)].joined(separator: "_"))
            }
        }
        return nil
    }

    /// The name the student chose, without the `-<n>` Canvas adds when a file of the same
    /// name was handed in before (`123456789-1.py` is `123456789.py` resubmitted).
    static func original(_ name: String) -> String {
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        guard let dash = name[..<dot].lastIndex(of: "-"), dash > name.startIndex else { return name }
        let suffix = name[name.index(after: dash)..<dot]
        guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return name }
        return String(name[..<dash] + name[dot...])
    }
}
