/// Who a submission belongs to when the class came from a learning-management system's
/// export: the LMS's own identity (the submission's `id`), with what the gradebook shows
/// beside it.
public struct Student: Sendable, Equatable, Codable {
    /// The name as the LMS wrote it (Canvas: its sortable name lowercased without
    /// punctuation; Moodle and Gradescope: the full name), kept exactly.
    public var name: String
    /// The handout's `<id>`, from the student's file names, when they carry one.
    public var handoutID: String?
    /// What the LMS records of lateness: "late" (Canvas's LATE), or the submission's time.
    public var late: String?

    public init(name: String, handoutID: String? = nil, late: String? = nil) {
        self.name = name
        self.handoutID = handoutID
        self.late = late
    }
}
