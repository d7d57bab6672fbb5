import ArgumentParser
import Foundation
import LRData
import LRGrading
import LRRunner
import LRSolver

/// The options that say what a submission is graded against: the reference and the rubric.
struct GradingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder with the reference.json that `lrgrade solve` wrote (default: computed now from the data, lr 0.1, 100 epochs).", valueName: "dir"))
    var reference: String?

    @Option(help: ArgumentHelp("A rubric in YAML (default: templates/rubric.yaml, which documents the keys).", valueName: "file"))
    var rubric: String?

    /// A grader for `runner`'s data, or a one-line error and exit 2.
    func makeGrader(runner: ScriptRunner) -> Grader {
        let rubricPath = rubric ?? BundledData.templates(executablePath: CommandLine.arguments[0]).map { $0 + "/rubric.yaml" }
        guard let rubricPath else { LRGrade.fail("lrgrade's templates folder (rubric.yaml) was not found; pass --rubric FILE") }
        do {
            let rules = try Rubric(contentsOf: rubricPath)
            let data = try MNISTDataset(contentsOf: runner.mnistFolder)
            let solution: Reference
            if let folder = reference {
                var isFolder: ObjCBool = false
                let path = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue ? folder + "/reference.json" : folder
                solution = try Reference(contentsOf: path)
            } else {
                solution = try ReferenceSolver().solve(data)
            }
            return try Grader(reference: solution, data: data, rubric: rules, runner: runner)
        } catch {
            LRGrade.fail("\(error)")
        }
    }
}
