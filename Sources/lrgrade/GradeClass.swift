import ArgumentParser
import Foundation
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

        Progress: a bar on a terminal, one line per submission otherwise, nothing with \
        --quiet; --json prints a summary as JSON on standard output (progress then goes to \
        standard error). Exit status 0 when every submission was graded and written, 1 when \
        some could not be written, 2 on bad input, 130 when interrupted.

        Documentation: docs/grading.md
        """
    )

    @Argument(help: ArgumentHelp("The submissions: an LMS's export (its .zip or folder), or a folder of <id>.py and <id>.pdf files.", valueName: "submissions"))
    var submissions: String

    @Option(help: ArgumentHelp("Read SUBMISSIONS as this layout instead of detecting it: \(ExportLayout.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "layout"))
    var lms: ExportLayout?

    @Option(help: ArgumentHelp("Where to write the gradebook and each student's results.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("When the work was due (\"2026-11-22T23:59\", with \"-08:00\" or \"Z\" when the export's times carry a zone): Blackboard's and Gradescope's submission times after it are late, by the days begun since.", valueName: "time"))
    var due: String?

    @Flag(help: "The export is by team (Moodle's team submissions): one grade per group, and no import file or feedback bundle, which Moodle matches to participants.")
    var teams = false

    @Option(help: ArgumentHelp("The assignment as the LMS names it, with its id in parentheses when it has one (\"HW3 (4242)\"): the column of the LMS's import file.", valueName: "title"))
    var lmsAssignment = "Logistic regression"

    @Flag(help: "Only list the students found (id, name, handout id, submission time, lateness, script, PDF) and what is not graded; run nothing.")
    var list = false

    @Option(help: ArgumentHelp("Scripts run at the same time; the default is this machine's number of cores.", valueName: "n"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Grade every submission again, even those whose inputs did not change (from their stored runs where the scripts did not change).")
    var force = false

    @Flag(help: "Run every script again instead of grading from its stored run (implies --force).")
    var rerun = false

    @Flag(help: "No progress: only warnings, errors and the last line.")
    var quiet = false

    @Flag(help: "Print a summary as JSON on standard output (scores, statuses, timings, the grader's peak memory).")
    var json = false

    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    func run() throws {
        guard jobs >= 1 else { LRGrade.fail("--jobs must be at least 1, got \(jobs)") }
        // Checked before an export is read; with --list nothing is written, so none is needed.
        guard let out = out ?? (list ? "" : nil) else { LRGrade.fail("--out is required to grade (or --list to only read the submissions)") }
        let dueDate = due.map { text in
            guard let date = ExportTime.date(text) else { LRGrade.fail("--due: \"\(text)\" is not a time; give it as 2026-11-22T23:59, with an offset (-08:00, Z) if the export's times have one") }
            return date
        }
        // Progress piped into `head` must not end the process before the unpacked export is
        // removed: a closed pipe fails the write instead.
        signal(SIGPIPE, SIG_IGN)
        defer { TemporaryFolders.removeAll() }
        let folder: ClassExport
        var source = submissions
        if case .regular = UntrustedFile.kind(atPath: submissions) {
            // The LMS's download as it is: unpacked into a folder of our own, removed at the end.
            do {
                source = try ExportArchive.unpack(submissions, into: { bytes in
                    // In memory when it fits in a quarter of what is free there: creating
                    // thousands of files costs about a millisecond each on a virtual disk.
                    var memory = statvfs()
                    let free = statvfs("/dev/shm", &memory) == 0 ? Int(memory.f_bavail) * Int(memory.f_frsize) : 0
                    let root = bytes < free / 4 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : FileManager.default.temporaryDirectory.path
                    let unpacked = root + "/lrgrade-export-\(UUID().uuidString)"
                    TemporaryFolders.add(unpacked)
                    return unpacked
                })
            } catch { LRGrade.fail(error.description) }
        }
        do { folder = try ClassExport(reading: source, layout: lms, due: dueDate, teams: teams) } catch { LRGrade.fail(error.description) }
        if list { return Self.list(folder) }
        let grader = grading.makeGrader(limits: limits, secretData: .on(seedFolder: out))
        for refusal in folder.notGraded {
            FileHandle.standardError.write(Data("lrgrade: warning: \(submissions): \(refusal)\n".utf8))
        }
        for file in folder.unmatched {
            FileHandle.standardError.write(Data("lrgrade: warning: \(submissions): \(file) belongs to no submission (expected <id>.py or <id>.pdf)\n".utf8))
        }
        let stream = json ? FileHandle.standardError : FileHandle.standardOutput
        let progress = ProgressDisplay(total: folder.submissions.count, stream: stream,
                                       style: quiet ? .silent : isatty(stream.fileDescriptor) == 1 ? .bar : .lines)
        var batch = BatchGrader(grader: grader, jobs: jobs)
        batch.force = force
        batch.rerun = rerun
        let checkpoint = BatchGrader.Checkpoint()
        batch.checkpoint = checkpoint
        Interruption.stopOnControlC(out: out, finish: checkpoint.writeGradebook)
        let start = ContinuousClock.now
        let outcome: BatchGrader.Outcome
        do {
            outcome = try batch.grade(folder.submissions, into: out, writeFeedback: { grade, path in try FeedbackReport.write(grade, to: path) },
                                      finished: progress.report)
        } catch { LRGrade.fail(error.description) }
        progress.finish()
        // The grades in the LMS's own import format, beside the gradebook.
        var problems = outcome.problems
        var written = ["gradebook.csv"]
        if let file = ImportFile.file(for: folder, grades: outcome.grades, assignment: Self.assignment(lmsAssignment)) {
            do {
                try Data(file.csv.utf8).write(to: URL(fileURLWithPath: out + "/" + file.name), options: .atomic)
                written.append(file.name)
            } catch {
                problems.append("\(out)/\(file.name): cannot write: \((error as NSError).localizedDescription)")
            }
        }
        // The feedback PDFs, named for the LMS's bulk upload.
        do {
            if try FeedbackBundle.write(for: folder, grades: outcome.grades, in: out) != nil { written.append(FeedbackBundle.fileName) }
        } catch { problems.append(error.description) }
        // The class at a glance, from everyone's stored record (those of earlier runs included).
        let overview = ClassFiles.write(in: out, rubric: grader.rubric, gradebook: false)
        written += overview.names
        problems += overview.problems
        for problem in problems { FileHandle.standardError.write(Data("lrgrade: error: \(problem)\n".utf8)) }
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.seconds
        if json {
            let summary = BatchSummary(outcome: outcome, shared: grader.sharedWork, export: folder, jobs: jobs, seconds: seconds)
            print(summary.json)
        } else {
            print(Self.lastLine(outcome, seconds: seconds, read: folder, written: written.map { out + "/" + $0 }))
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

extension GradeClass {
    /// "Graded 5 submissions in 12.3 s (read …); wrote …", or, when some were graded from
    /// their stored runs, "regraded 1,000 from stored runs in 4.1 s; ran 0 (read …); wrote …".
    static func lastLine(_ outcome: BatchGrader.Outcome, seconds: Double, read export: ClassExport, written: [String]) -> String {
        let count = outcome.grades.count
        let regraded = outcome.regraded
        let kept = outcome.skipped > 0 ? " (\(outcome.skipped) unchanged since the last run, kept)" : ""
        let time = String(format: "%.1f", seconds)
        let what = regraded > 0
            ? "Regraded \(regraded.formatted()) from stored runs in \(time) s; ran \(outcome.ran.formatted())\(kept)"
            : "Graded \(count) submission\(count == 1 ? "" : "s")\(kept) in \(time) s"
        let read = "read a \(export.layout.title) of \(export.submissions.count) student\(export.submissions.count == 1 ? "" : "s")"
        return "\(what) (\(read)); wrote \(written.joined(separator: ", "))"
    }

    /// "HW3 (4242)" as a name and an id; a title without a trailing "(digits)" has no id.
    static func assignment(_ title: String) -> ImportFile.Assignment {
        if let match = title.wholeMatch(of: /(?<name>.*\S)\s*\((?<id>\d+)\)/) { return ImportFile.Assignment(name: String(match.name), id: String(match.id)) }
        return ImportFile.Assignment(name: title)
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

extension ExportLayout: ExpressibleByArgument {}
