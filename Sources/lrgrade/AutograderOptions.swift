import ArgumentParser
import Foundation
import LRData
import LRGrading
import LRPlatforms
import LRSolver

/// What an autograder is built from: the rubric, the reference, the data and the limits.
struct AutograderOptions: ParsableArguments {
    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    /// The bundle, its binary checked to run on the platforms' Ubuntu 22.04; or one line and exit 2.
    func bundle() -> AutograderBundle {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard let templates = BundledData.templates(executablePath: CommandLine.arguments[0]) else { LRGrade.fail("lrgrade's templates folder was not found") }
        let rubricPath = grading.rubric ?? templates + "/rubric.yaml"
        let rules = GradingOptions.loadRubric(rubricPath)
        let mnist = limits.mnistFolder()
        let referenceJSON: Data
        do {
            let data = try MNISTDataset(contentsOf: mnist)
            let solved: Reference
            if let given = try grading.givenReference() {
                try Grader.check(given, against: data)
                solved = given
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
