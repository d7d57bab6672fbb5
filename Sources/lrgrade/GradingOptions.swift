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

    /// Whether scripts load a secret variant of the data, when the rubric does not say.
    enum SecretDataDefault {
        /// On (`grade`), its seed kept in the results folder so that reruns serve the same variant.
        case on(seedFolder: String)
        /// Off (`check`: students see the numbers they know); a rubric that asks for it gets a
        /// new seed each run.
        case off
    }

    /// A grader for `runner`'s data, or a one-line error and exit 2; with a secret variant of
    /// the data, also the temporary folder that holds it, for the caller to remove.
    func makeGrader(runner: ScriptRunner, secretData: SecretDataDefault) -> (grader: Grader, temporary: String?) {
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
            let seedFolder: String?
            switch (rules.secretData, secretData) {
            case (false, _), (nil, .off): return (try Grader(reference: solution, data: data, rubric: rules, runner: runner), nil)
            case (_, .on(let folder)): seedFolder = folder
            case (true, .off): seedFolder = nil
            }
            let seed = try seedFolder.map(SecretData.seed(for:)) ?? UInt64.random(in: 0...UInt64.max)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-data-\(UUID().uuidString)").path
            let secret = try SecretData(varying: data, digits: DigitPair(solution.dataset.digits[0], solution.dataset.digits[1]), seed: seed, into: folder)
            return (try Grader(secret: secret, published: solution, data: data, rubric: rules, runner: runner), folder)
        } catch {
            LRGrade.fail("\(error)")
        }
    }
}
