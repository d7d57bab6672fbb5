/// One file of an export, with whose it is and what the name says.
struct ExportedFile: Sendable {
    /// The LMS's identity of the student (user id, participant id, username, SID).
    var key: String
    var name: String
    /// The name the student gave the file (what `files` judges).
    var originalName: String
    var path: String
    /// Whether the LMS marked it late (Canvas's LATE).
    var markedLate = false
    /// When it was handed in, as the export wrote it (Blackboard's attempt).
    var submitted: String?
    /// The name the LMS's bulk feedback upload matches to this student (`FeedbackBundle`).
    var feedbackName: String?
}
