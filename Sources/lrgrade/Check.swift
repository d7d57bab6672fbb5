import ArgumentParser
import Foundation
import LRGrading
import LRReport
import LRRunner

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Self-check a submission before handing it in.",
        discussion: """
        Runs <id>.py (or the notebook <id>.ipynb) in the sandbox exactly as the instructor's `lrgrade grade` does, grades \
        it against the same reference and rubric, and prints one line per criterion (pass, \
        partial or fail, points) with a sentence saying what was expected and what was found. \
        The PDF is <id>.pdf beside the script unless --pdf names it. Exit status 0 when every \
        criterion passes, 1 otherwise, 2 on bad input.

        Documentation: docs/grading.md
        """
    )

    @Argument(help: ArgumentHelp("The script (or notebook) to check.", valueName: "id.py"))
    var script: String

    @Option(help: ArgumentHelp("The PDF with the plots (default: <id>.pdf beside the script).", valueName: "file"))
    var pdf: String?

    @Option(help: ArgumentHelp("Also write the feedback PDF (criteria, your curves over the replay, your weights, your PDF's pages) here.", valueName: "file"))
    var feedback: String?

    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    func run() throws {
        let manager = FileManager.default
        guard manager.isReadableFile(atPath: script) else { LRGrade.fail("\(script): no such readable file") }
        if let pdf, !manager.isReadableFile(atPath: pdf) { LRGrade.fail("\(pdf): no such readable file") }
        let sibling = (script as NSString).deletingPathExtension + ".pdf"
        let document = pdf ?? (manager.isReadableFile(atPath: sibling) ? sibling : nil)
        let id = ((script as NSString).lastPathComponent as NSString).deletingPathExtension

        let grader = grading.makeGrader(limits: limits, secretData: .off(seedFolder: nil))
        let work = manager.temporaryDirectory.appendingPathComponent("lrgrade-check-\(UUID().uuidString)").path
        defer { FileTree.remove(work); TemporaryFolders.removeAll() }
        let grade = grader.grade(Submission(id: id, script: script, pdf: document), workFolder: work)
        print(GradeTable(grade: grade, colored: isatty(STDOUT_FILENO) == 1).text, terminator: "")
        if let feedback {
            do { try FeedbackReport.write(grade, to: feedback) } catch { LRGrade.fail(error.description) }
            print("Wrote \(feedback)")
        }
        if !grade.passedAll { throw ExitCode(1) }
    }
}
