import ArgumentParser
import Foundation
import LRPlatforms

struct AutograderPrairieLearn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prairielearn",
        abstract: "Write a PrairieLearn external grader: Dockerfile, entrypoint and info.json.",
        discussion: """
        DIR receives a Dockerfile on ubuntu:22.04 that installs what grading needs and copies \
        DIR/lrgrade (this binary, the data, the rubric, reference.json computed now, and the \
        entrypoint run_grader) to /opt/lrgrade; and info.json, the externalGradingOptions to \
        put in the question's info.json. Build and push the image, name it there. The grader \
        reads /grade/student and writes /grade/results/results.json.

        Documentation: docs/platforms.md
        """
    )

    @Option(help: ArgumentHelp("The folder to write (new or empty).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("The image's name in info.json, as pushed to your registry.", valueName: "name"))
    var image = "YOUR_REGISTRY/lrgrade-grader"

    @OptionGroup var options: AutograderOptions

    func run() throws {
        let bundle = options.bundle()
        // PrairieLearn's job timeout: the script's limit and a minute for the rest, at most its 600 s.
        let timeout = min(600, Int(options.limits.seconds.rounded(.up)) + 60)
        let texts = PrairieLearnGrader.texts(options: options.limits.limitArguments, image: image, timeout: timeout)
        do { try bundle.writeFolder(texts, to: out) } catch { LRGrade.fail(error.description) }
        print("Wrote \(out): build it with `docker build -t \(image) \(out)`, push it, and merge \(out)/info.json into the question's info.json.")
    }
}
