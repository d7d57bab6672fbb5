/// Blackboard's names (as nbgrader's zipcollect reads them):
/// `<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<name>` per file, and
/// `<assignment>_<username>_attempt_<time>.txt`, the attempt's receipt (its `Name:` line
/// gives the student's name).
enum BlackboardExport {
    struct Entry: Equatable {
        var username: String
        var attempt: String
        /// Nil for the receipt.
        var originalName: String?
    }

    static func entry(_ name: String) -> Entry? {
        guard name.contains("_attempt_") else { return nil }
        guard let match = name.wholeMatch(of: /(?<assignment>.+)_(?<user>[^_]+)_attempt_(?<time>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_(?<file>.+)|\.txt)/) else { return nil }
        return Entry(username: String(match.user), attempt: String(match.time), originalName: match.file.map(String.init))
    }

    /// The student's name from a receipt's `Name: Jane Doe (jdoe)` line.
    static func name(inReceipt text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Name:") {
            var name = line.dropFirst("Name:".count).trimmingCharacters(in: .whitespaces)
            if name.hasSuffix(")"), let open = name.lastIndex(of: "(") { name = String(name[..<open]).trimmingCharacters(in: .whitespaces) }
            return name
        }
        return nil
    }
}
