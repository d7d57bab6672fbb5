import ArgumentParser
import LRReport
import LRSolver

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a results file (reference.json) as the reference PDF.",
        discussion: """
        Draws the title page with the metrics and the assignment's four plots (loss vs \
        epoch, confusion matrices, important pixels, misclassified examples) on A4 pages; \
        a multiclass reference (solve --digits 0-9) adds per-class precision and recall. \
        Any file with the keys of reference.json works, for instance one edited by hand.

        Documentation: docs/solver.md
        """
    )

    @Argument(help: ArgumentHelp("The results file, as written by 'lrgrade solve'.", valueName: "results.json"))
    var results: String

    @Option(help: ArgumentHelp("The PDF to write (default: the results file's name with .pdf).", valueName: "file.pdf"))
    var out: String?

    func run() throws {
        let pdf = out ?? (results.hasSuffix(".json") ? String(results.dropLast(5)) : results) + ".pdf"
        do {
            if ReferenceSchema.of(results) == MulticlassReference.currentSchema {
                try MulticlassReport.write(MulticlassReference(contentsOf: results), to: pdf)
            } else {
                try ReferenceReport.write(Reference(contentsOf: results), to: pdf)
            }
        } catch { LRGrade.fail("\(error)") }
        print("Wrote \(pdf)")
    }
}
