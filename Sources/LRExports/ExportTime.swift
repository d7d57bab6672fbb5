import Foundation

/// Times as the exports write them, and as `grade --due` takes them.
public enum ExportTime {
    /// The moment `text` names: ISO 8601 (`2026-11-22T23:59`, seconds and fractions
    /// optional, `Z` or `±HH:MM`), with a space instead of the `T` and before the offset
    /// (Gradescope's `2026-11-22 10:00:00.000000000 -08:00`), or Blackboard's
    /// `2026-11-22-10-00-00`. A time without an offset is read as UTC, so that two such
    /// times compare as the clocks that wrote them; nil when it is none of these.
    public static func date(_ text: String) -> Date? {
        let pattern = /(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[T -](?<h>\d{2})[:-](?<mi>\d{2})(?:[:-](?<s>\d{2})(?:\.\d+)?)?\s*(?<zone>Z|[+-]\d{2}:?\d{2})?/
        guard let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern) else { return nil }
        var parts = DateComponents()
        (parts.year, parts.month, parts.day) = (Int(match.y), Int(match.mo), Int(match.d))
        (parts.hour, parts.minute, parts.second) = (Int(match.h), Int(match.mi), match.s.flatMap { Int($0) } ?? 0)
        var offset = 0
        if let zone = match.zone, zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            offset = (Int(digits.prefix(2))! * 60 + Int(digits.suffix(2))!) * 60 * (zone.first == "-" ? -1 : 1)
        }
        parts.timeZone = TimeZone(secondsFromGMT: offset)
        guard (1...12).contains(parts.month!), (1...31).contains(parts.day!), parts.hour! < 24, parts.minute! < 60, parts.second! < 61 else { return nil }
        return Calendar(identifier: .gregorian).date(from: parts)
    }

    /// `date` as ISO 8601 in UTC, for a time the export gave as a date value.
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
