/// One file of an export, with whose it is and what the name says.
struct ExportedFile: Sendable {
    /// The LMS's identity of the student (user id, participant id, username, SID).
    var key: String
    var name: String
    /// The name the student gave the file (what `files` judges).
    var originalName: String
    var path: String
    /// Canvas's LATE, or the attempt's time.
    var late: String?
    /// Blackboard's attempt, to keep only the latest.
    var attempt: String?
}
