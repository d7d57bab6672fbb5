import ArgumentParser
import Foundation
import LRGrading
import LRReport
import Synchronization

struct GradeClass: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a class's submissions and write the gradebook.",
        discussion: """
        SUBMISSIONS is a folder as a learning-management system exports it: <id>.py and \
        <id>.pdf side by side, or one folder per student. Every script runs in the sandbox \
        (--jobs at a time) and is graded against the reference with the rubric. Writes \
        DIR/gradebook.csv (id, score, max_score, one column per criterion, status), and per \
        student DIR/<id>/results.json (Gradescope's autograder format) and DIR/<id>/feedback.pdf. \
        Files that belong to no submission are listed, not dropped. Exit status 0 when every \
        submission was graded and written, 1 when some could not be written, 2 on bad input.
        """
    )

    @Argument(help: ArgumentHelp("The folder of submissions.", valueName: "submissions"))
    var submissions: String

    @Option(help: ArgumentHelp("Where to write the gradebook and each student's results.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Scripts run at the same time; the default is this machine's number of cores.", valueName: "n"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    func run() throws {
        guard jobs >= 1 else { LRGrade.fail("--jobs must be at least 1, got \(jobs)") }
        let folder: SubmissionFolder
        do { folder = try SubmissionFolder(scanning: submissions) } catch { LRGrade.fail(error.description) }
        let grader = grading.makeGrader(runner: limits.makeRunner())
        for file in folder.unmatched {
            FileHandle.standardError.write(Data("lrgrade: warning: \(submissions)/\(file) belongs to no submission (expected <id>.py or <id>.pdf)\n".utf8))
        }
        let total = folder.submissions.count
        let counter = Counter()
        let outcome: BatchGrader.Outcome
        do {
            outcome = try BatchGrader(grader: grader, jobs: jobs).grade(
                folder.submissions, into: out,
                writeFeedback: { grade, path in try FeedbackReport.write(grade, to: path) },
                finished: { grade in
                    let done = counter.increment()
                    let line = "[\(done)/\(total)] \(grade.id): \(GradeTable.points(grade.score)) / \(GradeTable.points(grade.maxScore)) (\(grade.status))\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            )
        } catch { LRGrade.fail(error.description) }
        for problem in outcome.problems { FileHandle.standardError.write(Data("lrgrade: error: \(problem)\n".utf8)) }
        print("Graded \(outcome.grades.count) submission\(outcome.grades.count == 1 ? "" : "s"); wrote \(out)/gradebook.csv")
        if !outcome.problems.isEmpty { throw ExitCode(1) }
    }
}

/// A thread-safe count of finished submissions, for the progress lines.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
