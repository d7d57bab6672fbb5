import ArgumentParser
import Foundation
import LRGrading
import LRRunner
import LRSolver

struct GradebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradebook",
        abstract: "Rebuild a graded class's gradebook, summary and class report from its stored records.",
        discussion: """
        DIR is a folder `lrgrade grade` wrote. From every student's DIR/<id>/grade.json (and \
        the script kept in DIR/<id>/run.gz), writes DIR/gradebook.csv, DIR/summary.json (the \
        class in numbers: scores, each criterion's pass/partial/fail, the mistakes named with \
        who made them, how the runs ended and how long they took, the learning rates and \
        epochs chosen, similar pairs of scripts, identical PDFs and loss histories) and \
        DIR/class-report.pdf. Nothing runs and nothing is graded again. --rubric gives the \
        similarity_threshold from which pairs are listed. With --submissions (the LMS's export \
        the class was graded from, and the same --lms, --due, --teams and --lms-assignment), \
        also the LMS's import file and DIR/feedback.zip, as `grade` writes them: this is how \
        the shards of a class graded on several machines (`grade --shard K/N`) are merged.

        Exit status 0 when every file was written, 1 when some could not be, 2 on bad input.

        Documentation: docs/grading.md
        """
    )

    @Argument(help: ArgumentHelp("The results folder of `lrgrade grade`.", valueName: "dir"))
    var dir: String

    @Option(help: ArgumentHelp("A rubric in YAML, for its similarity_threshold (default: templates/rubric.yaml).", valueName: "file"))
    var rubric: String?

    @Option(help: ArgumentHelp("The submissions the class was graded from (an LMS's export, its zip or folder), for the LMS's import file and feedback bundle.", valueName: "submissions"))
    var submissions: String?

    @OptionGroup var export: ExportOptions

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue else { LRGrade.fail("\(dir): no such folder") }
        let rules = GradingOptions.loadRubric(rubric)
        defer { TemporaryFolders.removeAll() }
        // Read first: a bad export stops the command before anything is written.
        let classExport = submissions.map(export.read)
        let start = ContinuousClock.now
        var written = ClassFiles.write(in: dir, rubric: rules, gradebook: true)
        if let classExport {
            let lms = export.writeLMSFiles(for: classExport, grades: written.grades, in: dir)
            written.names += lms.names
            written.problems += lms.problems
        }
        for name in written.unreadable {
            FileHandle.standardError.write(Data("lrgrade: warning: \(dir)/\(name): no readable grade.json (grade the class again to rebuild it)\n".utf8))
        }
        for problem in written.problems { FileHandle.standardError.write(Data("lrgrade: error: \(problem)\n".utf8)) }
        if written.records == 0 && written.problems.isEmpty {
            FileHandle.standardError.write(Data("lrgrade: warning: \(dir): no graded student found (expected DIR/<id>/grade.json)\n".utf8))
        }
        let phases = written.seconds
        let time = String(format: "%.2f s (reading %.2f s, summary and similarity %.2f s, report %.2f s)",
                          (ContinuousClock.now - start).seconds, phases.reading, phases.summary, phases.report)
        print("Rebuilt from \(written.records) stored record\(written.records == 1 ? "" : "s") in \(time); wrote \(written.names.map { dir + "/" + $0 }.joined(separator: ", "))")
        if !written.problems.isEmpty { throw ExitCode(1) }
    }
}
