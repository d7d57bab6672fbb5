import ArgumentParser
import Foundation
import LRCluster
import LRExports
import LRGrading
import LRReport
import LRRunner

struct GradeClass: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a class's submissions and write the gradebook.",
        discussion: """
        SUBMISSIONS is a folder as a learning-management system exports it: a Canvas, \
        Moodle, Blackboard or Gradescope export (detected from its names; --lms forces one), \
        or <id>.py and <id>.pdf side by side, or one folder per student. Each student is the \
        LMS's identity, with the name and the handout's <id> in the gradebook. Every script runs in the sandbox \
        (--jobs at a time) and is graded against the reference with the rubric. Writes \
        DIR/gradebook.csv (id, score, max_score, one column per criterion, status), and per \
        student DIR/<id>/results.json (Gradescope's autograder format), DIR/<id>/feedback.pdf \
        and DIR/<id>/grade.json (the record the gradebook is rebuilt from); and for the class, \
        DIR/summary.json and DIR/class-report.pdf (see `lrgrade gradebook`). Files that belong \
        to no submission are listed, not dropped. After an LMS's export, grade also writes \
        that LMS's import file and DIR/feedback.zip, the feedback PDFs named for its bulk \
        upload; lateness is in the gradebook, and the rubric's late_penalty applies it.

        Running grade again on the same folder skips the students whose script, PDF, rubric, \
        reference and limits are unchanged (--force grades everyone again). Each run is kept \
        (DIR/<id>/run.gz): when only the rubric, the reference or a PDF changed, the students \
        are graded again from their stored runs without running any script (--rerun runs \
        them all again). Ctrl-C stops the batch at once; the gradebook then holds everyone \
        graded so far, and the next run goes on from there.

        Beyond one machine: --shard K/N grades the Kth of N parts of the class (its students' \
        folders only), and `lrgrade gradebook DIR --submissions SUBMISSIONS` merges the parts; \
        --slurm N does both on a Slurm cluster, as a job array and a merge job \
        (docs/platforms.md).

        Progress: a bar on a terminal, one line per submission otherwise, nothing with \
        --quiet; --json prints a summary as JSON on standard output (progress then goes to \
        standard error). Exit status 0 when every submission was graded and written, 1 when \
        some could not be written, 2 on bad input, 130 when interrupted.

        Documentation: docs/grading.md
        """
    )

    @Argument(help: ArgumentHelp("The submissions: an LMS's export (its .zip or folder), or a folder of <id>.py and <id>.pdf files.", valueName: "submissions"))
    var submissions: String

    @Option(help: ArgumentHelp("Where to write the gradebook and each student's results.", valueName: "dir"))
    var out: String?

    @OptionGroup var export: ExportOptions

    @Flag(help: "Only list the students found (id, name, handout id, submission time, lateness, script, PDF) and what is not graded; run nothing.")
    var list = false

    @Option(help: ArgumentHelp("Scripts run at the same time; the default is this machine's number of cores (a Slurm task's: those Slurm gave it).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Grade every submission again, even those whose inputs did not change (from their stored runs where the scripts did not change).")
    var force = false

    @Flag(help: "Run every script again instead of grading from its stored run (implies --force).")
    var rerun = false

    @Flag(help: "No progress: only warnings, errors and the last line.")
    var quiet = false

    @Flag(help: "Print a summary as JSON on standard output (scores, statuses, timings, the grader's peak memory).")
    var json = false

    @Option(help: ArgumentHelp("Grade only the Kth of N parts of the class (K from 1; the students sorted by id, every Nth): their folders only, no gradebook. Once every part is graded, `lrgrade gradebook DIR` writes the class's files.", valueName: "K/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp("Grade on Slurm: submit a job array of N shards and a merge job that runs `lrgrade gradebook` after them, wait, and report. The submissions, DIR and this lrgrade must be on a file system every node sees.", valueName: "N"))
    var slurm: Int?

    @Option(help: ArgumentHelp("An sbatch option for both jobs, e.g. --slurm-option=--partition=short (repeatable).", valueName: "option"))
    var slurmOption: [String] = []

    @Flag(help: "With --slurm: only write the batch scripts into DIR/.slurm and print them with the commands that submit them.")
    var slurmScript = false

    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    func run() throws {
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard jobs >= 1 else { LRGrade.fail("--jobs must be at least 1, got \(jobs)") }
        // Checked before an export is read; with --list nothing is written, so none is needed.
        guard let out = out ?? (list ? "" : nil) else { LRGrade.fail("--out is required to grade (or --list to only read the submissions)") }
        if slurmScript && slurm == nil { LRGrade.fail("--slurm-script needs --slurm N") }
        if let slurm, slurm < 1 { LRGrade.fail("--slurm must be at least 1, got \(slurm)") }
        if slurm != nil && shard != nil { LRGrade.fail("--slurm and --shard do not go together: --slurm gives each of its tasks a --shard") }
        // Progress piped into `head` must not end the process before the unpacked export is
        // removed: a closed pipe fails the write instead.
        signal(SIGPIPE, SIG_IGN)
        defer { TemporaryFolders.removeAll() }
        let folder = export.read(submissions)
        if list { return Self.list(folder) }
        if let slurm { return try onSlurm(slurm, out: out, students: folder.submissions.count) }
        let grader = grading.makeGrader(limits: limits, secretData: .on(seedFolder: out))
        for refusal in folder.notGraded {
            FileHandle.standardError.write(Data("lrgrade: warning: \(submissions): \(refusal)\n".utf8))
        }
        for file in folder.unmatched {
            FileHandle.standardError.write(Data("lrgrade: warning: \(submissions): \(file) belongs to no submission (expected <id>.py or <id>.pdf)\n".utf8))
        }
        let stream = json ? FileHandle.standardError : FileHandle.standardOutput
        let students = shard.map { $0.select(folder.submissions, key: \.id) } ?? folder.submissions
        let progress = ProgressDisplay(total: students.count, stream: stream,
                                       style: quiet ? .silent : isatty(stream.fileDescriptor) == 1 ? .bar : .lines)
        var batch = BatchGrader(grader: grader, jobs: jobs)
        batch.writesGradebook = shard == nil
        batch.force = force
        batch.rerun = rerun
        let checkpoint = BatchGrader.Checkpoint()
        batch.checkpoint = checkpoint
        Interruption.stopOnControlC(out: out, shard: shard != nil, finish: checkpoint.writeGradebook)
        let start = ContinuousClock.now
        let outcome: BatchGrader.Outcome
        do {
            outcome = try batch.grade(students, into: out, writeFeedback: { grade, path in try FeedbackReport.write(grade, to: path) },
                                      finished: progress.report)
        } catch { LRGrade.fail(error.description) }
        progress.finish()
        var problems = outcome.problems
        var written: [String] = []
        if shard == nil {
            // The gradebook, the LMS's files, then the class at a glance from everyone's stored
            // record (those of earlier runs included); a shard leaves them to `lrgrade gradebook`.
            let lms = export.writeLMSFiles(for: folder, grades: outcome.grades, in: out)
            let overview = ClassFiles.write(in: out, rubric: grader.rubric, gradebook: false)
            written = ["gradebook.csv"] + lms.names + overview.names
            problems += lms.problems + overview.problems
        }
        for problem in problems { FileHandle.standardError.write(Data("lrgrade: error: \(problem)\n".utf8)) }
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.seconds
        if json {
            let summary = BatchSummary(outcome: outcome, shared: grader.sharedWork, export: folder, jobs: jobs, seconds: seconds)
            print(summary.json)
        } else {
            print(Self.lastLine(outcome, seconds: seconds, read: folder, written: written.map { out + "/" + $0 }, shard: shard))
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

extension GradeClass {
    /// "Graded 5 submissions in 12.3 s (read …); wrote …", or, when some were graded from
    /// their stored runs, "regraded 1,000 from stored runs in 4.1 s; ran 0 (read …); wrote …".
    static func lastLine(_ outcome: BatchGrader.Outcome, seconds: Double, read export: ClassExport, written: [String], shard: Shard? = nil) -> String {
        let count = outcome.grades.count
        let regraded = outcome.regraded
        let kept = outcome.skipped > 0 ? " (\(outcome.skipped) unchanged since the last run, kept)" : ""
        let time = String(format: "%.1f", seconds)
        let what = regraded > 0
            ? "Regraded \(regraded.formatted()) from stored runs in \(time) s; ran \(outcome.ran.formatted())\(kept)"
            : "Graded \(count) submission\(count == 1 ? "" : "s")\(kept) in \(time) s"
        let read = "read a \(export.layout.title) of \(export.submissions.count) student\(export.submissions.count == 1 ? "" : "s")"
        if let shard {
            return "Shard \(shard): \(what.prefix(1).lowercased() + what.dropFirst()) (\(read)); wrote their folders; `lrgrade gradebook` writes the class's files once every shard is done"
        }
        return "\(what) (\(read)); wrote \(written.joined(separator: ", "))"
    }

    /// `--list`: one line per student, tab-separated, then what is not graded.
    static func list(_ export: ClassExport) {
        print("\(export.layout.title): \(export.submissions.count) student\(export.submissions.count == 1 ? "" : "s")")
        print(["id", "name", "handout_id", "submitted", "late", "script", "pdf"].joined(separator: "\t"))
        for submission in export.submissions {
            let student = submission.student
            let who = [student?.name, student?.handoutID, student?.submitted, student?.late?.description].map { $0 ?? "" }
            let files = [submission.script, submission.pdf].map { $0.map(submission.shownName) ?? "" }
            print(([submission.id] + who + files).joined(separator: "\t"))
        }
        for refusal in export.notGraded { print("not graded: \(refusal)") }
        for file in export.unmatched { print("belongs to no one: \(file)") }
    }
}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}
