import ArgumentParser
import Foundation
import LRData
import LRRunner
import LRSolver

/// The options of every command that runs students' scripts: the data their load_data()
/// serves, the limits, and the sandbox.
struct RunnerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder with the four MNIST IDX files (raw or .gz) for the scripts' load_data() (default: the bundled data).", valueName: "path"))
    var data: String?

    @Option(help: ArgumentHelp("Wall-clock limit per script, in seconds.", valueName: "s"))
    var seconds = 300.0

    @Option(help: ArgumentHelp("Address-space limit per process, in MiB.", valueName: "MiB"))
    var memory = 4096

    @Option(help: ArgumentHelp("Limit on the sandboxed user's processes.", valueName: "n"))
    var processes = 64

    @Option(help: ArgumentHelp("Largest file a script may write, in MiB.", valueName: "MiB"))
    var fileSize = 256

    @Option(help: ArgumentHelp("Output kept per stream (standard output, standard error), in KiB.", valueName: "KiB"))
    var output = 256

    @Flag(help: "Run without bubblewrap, with the limits only (for machines where it cannot start; every result says so).")
    var noSandbox = false

    /// The options as given, paths made absolute, for another lrgrade command line (a shard's).
    var arguments: [String] { (data.map { ["--data", CommandLinePath.absolute($0)] } ?? []) + limitArguments }

    /// The limits as options of another lrgrade command line (an autograder's, a shard's).
    var limitArguments: [String] {
        ["--seconds", String(format: "%g", seconds), "--memory", String(memory), "--processes", String(processes),
         "--file-size", String(fileSize), "--output", String(output)] + (noSandbox ? ["--no-sandbox"] : [])
    }

    /// The MNIST folder the scripts see.
    func mnistFolder() -> String {
        let executable = CommandLine.arguments[0]
        guard let mnist = data ?? BundledData.location(environment: ProcessInfo.processInfo.environment, executablePath: executable) else {
            LRGrade.fail("no MNIST data found; pass --data PATH")
        }
        guard MNISTDataset.holdsIDXFiles(mnist) else {
            LRGrade.fail("\(mnist): not a folder with the four MNIST IDX files (raw or .gz), which the scripts' load_data() serves")
        }
        return mnist
    }

    /// A runner with these limits, or a one-line error and exit 2.
    func makeRunner() -> ScriptRunner {
        guard seconds > 0, memory > 0, processes > 0, fileSize > 0, output > 0 else {
            LRGrade.fail("--seconds, --memory, --processes, --file-size and --output must be positive")
        }
        guard let templates = BundledData.templates(executablePath: CommandLine.arguments[0]) else { LRGrade.fail("lrgrade's templates folder (harness.py) was not found") }
        let mnist = mnistFolder()
        let python: PythonInstallation
        do { python = try PythonInstallation.find() } catch { LRGrade.fail(error.description) }
        var runner = ScriptRunner(python: python, templates: templates, mnistFolder: mnist)
        runner.limits.seconds = seconds
        runner.limits.memoryBytes = memory << 20
        runner.limits.processes = processes
        runner.limits.fileBytes = fileSize << 20
        runner.limits.outputBytes = output << 10
        runner.sandboxed = !noSandbox
        return runner
    }
}
