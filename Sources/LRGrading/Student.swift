import Foundation

/// Who a submission belongs to when the class came from a learning-management system's
/// export: the LMS's own identity (the submission's `id`), with what the gradebook shows
/// beside it.
public struct Student: Sendable, Equatable, Codable {
    /// The name as the LMS wrote it (Canvas: its sortable name lowercased without
    /// punctuation; Moodle and Gradescope: the full name), kept exactly.
    public var name: String
    /// The handout's `<id>`, from the student's file names, when they carry one.
    public var handoutID: String?
    /// When the LMS says the work was handed in, as it wrote it (Blackboard's attempt,
    /// Gradescope's `created_at`); nil when the export does not say.
    public var submitted: String?
    /// How late the work is, when the LMS records it or `--due` tells; nil when on time or
    /// unknown.
    public var late: Lateness?

    public init(name: String, handoutID: String? = nil, submitted: String? = nil, late: Lateness? = nil) {
        self.name = name
        self.handoutID = handoutID
        self.submitted = submitted
        self.late = late
    }
}

/// What is known of a late submission.
public enum Lateness: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The LMS marked it late without saying by how much (Canvas's `LATE`).
    case marked
    /// Handed in this many days (or parts of a day) after the due time.
    case days(Int)

    /// As the gradebook shows it: "late", "1 day", "3 days".
    public var description: String {
        switch self {
        case .marked: "late"
        case .days(let days): days == 1 ? "1 day" : "\(days) days"
        }
    }

    /// Stored as `"late"` or the number of days.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let days = try? value.decode(Int.self) { self = .days(days); return }
        guard try value.decode(String.self) == "late" else {
            throw DecodingError.dataCorruptedError(in: value, debugDescription: "expected \"late\" or a number of days")
        }
        self = .marked
    }

    public func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .marked: try value.encode("late")
        case .days(let days): try value.encode(days)
        }
    }

    /// The lateness of work handed in at `submitted` when it was due at `due`: nil when on
    /// time, else the days begun since the due time (a minute late is one day).
    public init?(submitted: Date, due: Date) {
        let seconds = submitted.timeIntervalSince(due)
        guard seconds > 0 else { return nil }
        self = .days(Int(min((seconds / 86_400).rounded(.up), 1_000_000)))
    }
}
