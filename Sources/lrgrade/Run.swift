import ArgumentParser
import Foundation
import LRRunner

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run students' scripts in the sandbox and report what happened.",
        discussion: """
        Each script runs in a fresh folder holding a copy of it and nothing else, with no \
        network, a read-only view of the system, offline tensorflow.keras and keras MNIST \
        (the bundled data or --data), MPLBACKEND=Agg, and limits on time, memory, processes \
        and file size. One line per script: its verdict (finished, no variables, failed, \
        timed out, out of memory), wall and CPU time, peak memory and how it was isolated. \
        Exit status 0 when every script finished, 1 otherwise, 2 on bad input.

        Documentation: docs/sandbox.md
        """
    )

    @Argument(help: ArgumentHelp("The scripts (<id>.py, or notebooks <id>.ipynb).", valueName: "script.py"))
    var scripts: [String]

    @OptionGroup var limits: RunnerOptions

    @Option(help: ArgumentHelp("Where the run folders go (default: a new temporary folder).", valueName: "dir"))
    var work: String?

    func run() throws {
        let runner = limits.makeRunner()
        let base = work ?? FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-run-\(UUID().uuidString)").path
        do { try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true) } catch {
            LRGrade.fail("\(base): cannot create the work folder")
        }

        var allFinished = true
        for (index, script) in scripts.enumerated() {
            let folder = base + "/\(index + 1)-" + ((script as NSString).lastPathComponent as NSString).deletingPathExtension
            let result: ScriptRun
            do { result = try runner.run(script: script, in: folder) } catch { LRGrade.fail(error.description) }
            if case .limitsOnly(let reason) = result.isolation {
                FileHandle.standardError.write(Data("lrgrade: warning: \(script) ran WITHOUT the sandbox (\(reason)); only the resource limits applied\n".utf8))
            }
            if result.verdict != .finished { allFinished = false }
            let verdict: String
            switch result.verdict {
            case .finished: verdict = "finished"
            case .noVariables: verdict = "finished but left no variables"
            case .failed(let line): verdict = "failed: \(line)"
            case .timedOut: verdict = "timed out after \(limits.seconds) s"
            case .outOfMemory: verdict = "stopped by the memory limit"
            }
            let isolation = result.isolation == .bubblewrap ? "sandboxed" : "NOT sandboxed"
            print(String(format: "%@: %@ (%.2f s wall, %.2f s CPU, %d MiB peak, %@, folder %@)",
                         script, verdict, result.wallSeconds, result.cpuSeconds, result.peakMemoryBytes >> 20, isolation, folder))
        }
        if !allFinished { throw ExitCode(1) }
    }
}
