import ArgumentParser
import LRReport
import LRSolver

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a results file (reference.json) as the reference PDF.",
        discussion: """
        Draws the title page with the metrics and the assignment's four plots (loss vs \
        epoch, confusion matrices, important pixels, misclassified examples) on A4 pages. \
        Any file with the keys of reference.json works, for instance one edited by hand.

        Documentation: docs/solver.md
        """
    )

    @Argument(help: ArgumentHelp("The results file, as written by 'lrgrade solve'.", valueName: "results.json"))
    var results: String

    @Option(help: ArgumentHelp("The PDF to write (default: the results file's name with .pdf).", valueName: "file.pdf"))
    var out: String?

    func run() throws {
        let reference: Reference
        do { reference = try Reference(contentsOf: results) } catch { LRGrade.fail(error.description) }
        let pdf = out ?? (results.hasSuffix(".json") ? String(results.dropLast(5)) : results) + ".pdf"
        do { try ReferenceReport.write(reference, to: pdf) } catch { LRGrade.fail(error.description) }
        print("Wrote \(pdf)")
    }
}
