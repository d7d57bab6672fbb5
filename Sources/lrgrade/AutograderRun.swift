import ArgumentParser
import Foundation
import LRGrading
import LRPlatforms
import LRReport
import LRRunner

struct AutograderRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Grade the one submission in a platform's container and write its results.json.",
        discussion: """
        Gradescope: reads ROOT/submission/ (the student's files, any names, folders included) \
        and ROOT/submission_metadata.json (lateness, for the rubric's late_penalty); writes \
        ROOT/results/results.json in Gradescope's format, each criterion a test with the \
        rubric's visibility. PrairieLearn: reads ROOT/student/, writes ROOT/results/results.json \
        (gradable false when there is no script, score in [0, 1], the feedback's plots as PNG \
        images, within 1 MB). What only the instructor should see (a script run without \
        bubblewrap, files not graded) goes to standard output, which both platforms show to \
        instructors alone. Exit status 0 when results.json was written, 2 otherwise.

        Documentation: docs/platforms.md
        """
    )

    @Option(help: ArgumentHelp("The platform: gradescope or prairielearn.", valueName: "name"))
    var platform: Platform

    @Option(help: ArgumentHelp("The container's grading folder (default: /autograder for Gradescope, /grade for PrairieLearn).", valueName: "dir"))
    var root: String?

    @OptionGroup var grading: GradingOptions
    @OptionGroup var limits: RunnerOptions

    func run() throws {
        let start = ContinuousClock.now
        let root = root ?? platform.defaultRoot
        defer { TemporaryFolders.removeAll() }
        let found: PlatformSubmission
        do { found = try PlatformSubmission(platform, root: root) } catch { LRGrade.fail(error.description) }
        // A rubric asking for the secret variant gets the seed the autograder was built with.
        let seedFolder = grading.reference.map { ($0 as NSString).deletingLastPathComponent }
        var grader = grading.makeGrader(limits: limits, secretData: .off(seedFolder: seedFolder))
        grader.audience = .platform
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-autograder-\(UUID().uuidString)").path
        TemporaryFolders.add(work)
        var grade = grader.grade(found.submission, workFolder: work)
        let results = platform.resultsFile(root: root)
        do {
            try FileManager.default.createDirectory(atPath: (results as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch { LRGrade.fail("\((results as NSString).deletingLastPathComponent): cannot create: \((error as NSError).localizedDescription)") }
        grade.timing.graderSeconds = (ContinuousClock.now - start).seconds - grade.timing.scriptSeconds
        do {
            switch platform {
            case .gradescope:
                try GradescopeResults(grade, rubric: grader.rubric).write(to: results)
            case .prairielearn:
                // Without its plots the feedback still stands: a failed drawing costs the images only.
                let images = (try? FeedbackReport.images(grade)) ?? []
                try PrairieLearnResults(grade, images: images).encoded().write(to: URL(fileURLWithPath: results), options: .atomic)
            }
        } catch { LRGrade.fail("\(results): cannot write: \(error)") }
        // The instructor's log.
        let script = found.submission.script.map { ($0 as NSString).lastPathComponent } ?? "no script"
        print("lrgrade: \(found.submission.id): \(Grade.shown(points: grade.score)) / \(Grade.shown(points: grade.maxScore)) (run: \(grade.status); script \(script), PDF \(found.submission.pdf.map { ($0 as NSString).lastPathComponent } ?? "none"))")
        if let reason = grade.unsandboxed { print("lrgrade: the script ran WITHOUT bubblewrap, with the limits only: \(reason)") }
        for other in found.others { print("lrgrade: not graded: \(other)") }
        print(String(format: "lrgrade: script %.2f s, grading %.3f s; wrote %@", grade.timing.scriptSeconds, grade.timing.graderSeconds, results))
    }
}

extension Platform: ExpressibleByArgument {}
