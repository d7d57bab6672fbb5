#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Date {
    /// The calendar day in the machine's time zone, as ISO 8601 writes it ("2026-11-30"),
    /// from the C library's `localtime_r`. Foundation's `ISO8601DateFormatter` loaded ICU's
    /// calendar and time-zone data for it: 1 to 3 ms of every report.
    var localDay: String {
        var seconds = time_t(timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "an unknown day" }
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))"
    }
}
