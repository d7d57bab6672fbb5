import Foundation

extension Encodable {
    /// Writes this value to `path` as pretty-printed JSON with sorted keys, atomically: the
    /// old file stays whole until the new one is complete.
    func writeJSON(to path: String) throws(GradingError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw GradingError(file: path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
    }
}
