import ArgumentParser
import Foundation
import LRData
import LRGrading
import LRPlatforms
import LRSolver

/// What an autograder is built from: the rubric, the reference, the data and the limits.
struct AutograderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A rubric in YAML (default: templates/rubric.yaml); its `visibility` per criterion says when Gradescope shows it.", valueName: "file"))
    var rubric: String?

    @Option(help: ArgumentHelp("A folder with the reference.json that `lrgrade solve` wrote, or the file (default: computed now from the data, lr 0.1, 100 epochs).", valueName: "dir"))
    var reference: String?

    @OptionGroup var limits: RunnerOptions

    /// The bundle, its binary checked to run on the platforms' Ubuntu 22.04; or one line and exit 2.
    func bundle() -> AutograderBundle {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard let templates = BundledData.templates(executablePath: CommandLine.arguments[0]) else { LRGrade.fail("lrgrade's templates folder was not found") }
        let rubricPath = rubric ?? templates + "/rubric.yaml"
        let rules = GradingOptions.loadRubric(rubricPath)
        let mnist = limits.mnistFolder()
        let referenceJSON: Data
        do {
            let data = try MNISTDataset(contentsOf: mnist)
            let solved: Reference
            if let reference {
                var isFolder: ObjCBool = false
                let file = FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder) && isFolder.boolValue ? reference + "/reference.json" : reference
                solved = try Reference(contentsOf: file)
                try Grader.check(solved, against: data)
            } else {
                solved = try ReferenceSolver().solve(data)
            }
            referenceJSON = try solved.jsonData()
        } catch { LRGrade.fail("\(error)") }
        let bundle = AutograderBundle(executable: executable, templates: templates, mnist: mnist, rubric: rubricPath, reference: referenceJSON,
                                      secretSeed: rules.secretData == true ? UInt64.random(in: 0...UInt64.max) : nil)
        do { try bundle.checkExecutable() } catch { LRGrade.fail(error.description) }
        return bundle
    }
}
