import ArgumentParser
import LRData
import LRReport
import LRSolver
import Synchronization
import Foundation

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Reproduce every numeric part of the assignment and write reference.json.",
        discussion: """
        Fits the scikit-learn baseline (LogisticRegression() defaults, L-BFGS) and the \
        from-scratch gradient descent, compares 5 epochs with the last one, prints the \
        comparison and writes DIR/reference.json (its keys: docs/formats.md) and \
        DIR/reference.pdf.

        Two digits (--digits 0,1, the default) are the handout's assignment. Three or more \
        (--digits 0-9, --digits 3,5,8) are the multiclass one: the multinomial baseline, a \
        softmax regression and one-vs-rest, both from scratch; label k is the k-th digit.

        Without --data, lrgrade reads the folder named by $LRGRADE_DATA if it is set, \
        else the MNIST files bundled with it (fixtures/mnist).

        Documentation: docs/solver.md
        """
    )

    @Option(help: ArgumentHelp("A folder with the four MNIST IDX files (raw or .gz), or a Keras mnist.npz.", valueName: "path"))
    var data: String?

    @Option(help: ArgumentHelp("Two digits to tell apart (label 1 is the second), or three or more classes: 0-9, 3,5,8.", valueName: "A,B|list"))
    var digits = "0,1"

    @Option(help: ArgumentHelp("Gradient-descent learning rate (the handout leaves it blank).", valueName: "x"))
    var lr = 0.1

    @Option(help: ArgumentHelp("Gradient-descent epochs.", valueName: "n"))
    var epochs = 100

    @Option(help: ArgumentHelp("Where to write reference.json and reference.pdf.", valueName: "dir"))
    var out = "out"

    @Flag(help: "Print how long each phase took (to standard error).")
    var timings = false

    func run() throws {
        let selection: DigitSelection
        do { selection = try DigitSelection(parsing: digits) } catch { LRGrade.fail("--digits \(digits): \(error.reason)") }
        guard lr.isFinite, lr > 0 else { LRGrade.fail("--lr must be a positive number, got \(lr)") }
        guard epochs >= 1 else { LRGrade.fail("--epochs must be at least 1, got \(epochs)") }

        let path = data ?? BundledData.location(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0])
        guard let path else { LRGrade.fail("no bundled MNIST data found; pass --data PATH or set $\(BundledData.environmentVariable)") }
        let times = timings ? PhaseTimes() : nil
        var loaded: MNISTDataset?
        do {
            loaded = try MNISTDataset(contentsOf: path, selection: selection)
            times?.lap("load")
            switch selection {
            case .pair(let pair):
                var solver = ReferenceSolver()
                (solver.digits, solver.learningRate, solver.epochs) = (pair, lr, epochs)
                let reference = try solver.solve(loaded!, times: times)
                write(reference, freeing: &loaded, times: times) { try ReferenceReport.write(reference, to: $0) }
            case .classes(let classes):
                var solver = MulticlassSolver(classes: classes)
                (solver.learningRate, solver.epochs) = (lr, epochs)
                let reference = try solver.solve(loaded!, times: times)
                write(reference, freeing: &loaded, times: times) { try MulticlassReport.write(reference, to: $0) }
            }
        } catch { LRGrade.fail(error.description) }
    }

    /// Writes DIR/reference.json and DIR/reference.pdf side by side, each replaced whole or
    /// not at all, then prints the summary. The JSON's side then frees the data set:
    /// unmapping it takes milliseconds, which the report's rendering hides.
    private func write<R: ReferenceDocument>(_ reference: R, freeing loaded: inout MNISTDataset?, times: PhaseTimes?,
                                             report: @Sendable (String) throws -> Void) {
        let file = out + "/reference.json", pdf = out + "/reference.pdf"
        do { try R.createFolder(for: file) } catch { LRGrade.fail(error.description) }
        let dataset = Mutex(loaded.take())
        let failures = Parallel.map(2) { part -> String? in
            do {
                if part == 0 {
                    try reference.write(to: file)
                    dataset.withLock { $0 = nil }
                } else {
                    try report(pdf)
                }
                return nil
            } catch { return "\(error)" }
        }
        if let failure = failures.compactMap({ $0 }).first { LRGrade.fail(failure) }
        times?.lap("write and report")
        print(reference.summary)
        print("\nWrote \(file) and \(pdf)")
        if let times { FileHandle.standardError.write(Data((times.summary + "\n").utf8)) }
    }
}
