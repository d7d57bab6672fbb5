import Foundation
import LRExports
import LRGrading
import LRRunner

/// `lrgrade grade --json`: the batch in numbers, and every student's score and status.
struct BatchSummary: Encodable {
    struct Student: Encodable {
        var id: String
        /// The student's name, for a class read from an LMS's export.
        var name: String?
        var score: Double
        var maxScore: Double
        var status: String
        enum CodingKeys: String, CodingKey { case id, name, score, maxScore = "max_score", status }
    }

    /// The layout read: "canvas", "moodle", "blackboard", "gradescope" or "folder".
    var layout: String

    var submissions: Int
    var graded: Int
    /// Of those graded, how many had their script run (the others were graded from their
    /// stored run, or have no script).
    var ran: Int
    var kept: Int
    var failedRuns: Int
    var fullMarks: Int
    var meanScore: Double
    var jobs: Int
    var elapsedSeconds: Double
    /// The students' scripts' wall time, summed over the submissions graded in this run.
    var scriptSeconds: Double
    /// The grader's own wall time per graded submission, beyond the script's run: reading
    /// the capture, replays, criteria, poppler, the feedback PDF, the files (stretched when
    /// other jobs' scripts hold the cores).
    var graderOverheadSecondsPerSubmission: Double
    /// The CPU time the grader itself used per graded submission (its own threads and the
    /// helper tools it ran, `ToolUsage`; not the students' scripts): its cost in cores.
    var graderCPUSecondsPerSubmission: Double
    /// Reruns of gradient descent and learning-rate searches, shared between submissions.
    var replays: Int
    var replayedEpochs: Int
    var learningRateSearches: Int
    /// Replays on the published data, for results that match it instead of the served variant.
    var publishedReplays: Int
    /// The largest resident set of the grader itself (not of the scripts it ran).
    var graderPeakMemoryBytes: Int
    var unmatched: [String]
    /// Entries not graded and why: hidden names, links and special files no student claims,
    /// an export's text entries and earlier attempts.
    var ignored: [String]
    var problems: [String]
    var students: [Student]

    enum CodingKeys: String, CodingKey {
        case submissions, graded, ran, kept, failedRuns = "failed_runs", fullMarks = "full_marks", meanScore = "mean_score", jobs
        case elapsedSeconds = "elapsed_seconds", scriptSeconds = "script_seconds"
        case graderOverheadSecondsPerSubmission = "grader_overhead_seconds_per_submission", graderCPUSecondsPerSubmission = "grader_cpu_seconds_per_submission"
        case graderPeakMemoryBytes = "grader_peak_memory_bytes"
        case replays, replayedEpochs = "replayed_epochs", learningRateSearches = "learning_rate_searches", publishedReplays = "published_replays"
        case layout, unmatched, ignored, problems, students
    }

    init(outcome: BatchGrader.Outcome, shared: Grader.SharedWork, export: ClassExport, jobs: Int, seconds: Double) {
        layout = export.layout.rawValue
        let grades = outcome.grades
        let graded = grades.filter { $0.timing.scriptSeconds > 0 || $0.timing.graderSeconds > 0 }
        submissions = grades.count
        self.graded = grades.count - outcome.skipped
        ran = outcome.ran
        kept = outcome.skipped
        failedRuns = grades.filter { !$0.scriptFinished }.count
        fullMarks = grades.filter(\.passedAll).count
        meanScore = grades.isEmpty ? 0 : grades.reduce(0) { $0 + $1.score } / Double(grades.count)
        self.jobs = jobs
        elapsedSeconds = seconds
        scriptSeconds = graded.reduce(0) { $0 + $1.timing.scriptSeconds }
        graderOverheadSecondsPerSubmission = graded.isEmpty ? 0 : graded.reduce(0) { $0 + $1.timing.graderSeconds } / Double(graded.count)
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        graderPeakMemoryBytes = usage.ru_maxrss * 1024
        let ownCPU = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        graderCPUSecondsPerSubmission = graded.isEmpty ? 0 : (ownCPU + ToolUsage.cpuSeconds) / Double(graded.count)
        replays = shared.replays
        replayedEpochs = shared.replayedEpochs
        learningRateSearches = shared.learningRateSearches
        publishedReplays = shared.publishedReplays
        unmatched = export.unmatched
        ignored = export.notGraded.map(\.description)
        problems = outcome.problems
        students = grades.map { Student(id: $0.id, name: $0.student?.name, score: $0.score, maxScore: $0.maxScore, status: $0.status) }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
